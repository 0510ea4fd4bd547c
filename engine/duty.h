/*
 * Duty: the shifts of the 24/7 rosters and their coverage.
 *
 * The rules of a shift, one code path for every door (roster add and
 * import, the web's roster page, the API): the unit is in the run's
 * registry, the role is one of the unit's roster steps, the person is a
 * name, the phone a phone number, the times parse in the run's timezone
 * (or relative to T0), the shift ends after it starts and meets the duty
 * window; only a token of the unit (or the coordinator's) adds or removes
 * it.  Coverage: for each unit and role the run's roster steps ask for,
 * the shifts on the roster and the parts of the duty window nobody
 * covers; one computation for the sign-off of roster steps, `roster
 * gaps`, the reports and the web.
 */
#ifndef DUTY_H
#define DUTY_H

#include <stddef.h>

#include "auth.h"
#include "book.h"
#include "coverage.h"
#include "err.h"
#include "rosterfile.h"
#include "store.h"
#include "strbuf.h"

struct duty_status {
	struct store_duty duty;   /* unit, its name, role, first step */
	size_t nshifts;
	struct interval *gaps;    /* in order; NULL when covered */
	size_t ngaps;
};

/*
 * The coverage of every duty of the run (unit_id, role: NULL for all), by
 * unit then role.  A run without a duty window has no duties to cover.
 * Caller frees with duty_status_free.  Returns 0 or -1 with err set.
 */
int duty_coverage(struct store *st, const struct store_run *run,
		  const char *unit_id, const char *role,
		  struct duty_status **out, size_t *n, struct err *err);
void duty_status_free(struct duty_status *d, size_t n);

/*
 * The gaps of the unit's shifts in role over [from, to): how many, and
 * the first (when there is one).  For a window other than the run's (an
 * upgrade's new one).  0 or -1 with err.
 */
int duty_gaps(struct store *st, const struct store_run *run,
	      const char *unit_id, const char *role, instant_t from,
	      instant_t to, size_t *ngaps, struct interval *first,
	      struct err *err);

/*
 * Appends, in the ledger's words, why a roster no longer covers its
 * window: "the 'ROLE' roster of UNIT no longer covers the duty window
 * (CHANGE): no one on duty from A to B[, and N more gaps]".
 */
void duty_uncovered_text(struct strbuf *out, const struct store_run *run,
			 const char *unit_id, const char *role,
			 const char *change, size_t ngaps,
			 const struct interval *first);

/*
 * Inside the caller's transaction, after a roster change of the unit's
 * shifts in role (change says which, e.g. "shift 4 removed: ill"): when
 * the shifts no longer cover the duty window, each done task of the
 * unit's roster steps for that role is reopened, by `by` at `at`, with
 * an event saying why.  Appends the keys reopened (", "-joined) to
 * reopened.  0 or -1 with err.
 */
int duty_reopen_uncovered(struct store *st, const struct store_run *run,
			  const char *unit_id, const char *role,
			  const char *by, instant_t at, const char *change,
			  struct strbuf *reopened, struct err *err);
/* What checking a shift needs: the run, its registry and its duties. */
struct duty_roster {
	const struct store_run *run;
	const struct book *book;     /* the run's, with its registry */
	struct store_duty *duties;
	size_t nduties;
};

/* Reads the run's duties for r (book: the run's runbook); 0 or -1. */
int duty_roster_load(struct duty_roster *r, struct store *st,
		     const struct store_run *run, const struct book *book,
		     struct err *err);
void duty_roster_release(struct duty_roster *r);

/*
 * Checks the raw values of one shift (indexed by enum rosterfile_field;
 * the phone may be NULL or empty) against the run and fills sh, which
 * duty_shift_release frees.  Returns 0, or -1 with err's message and
 * *bad naming the field at fault.
 */
int duty_check_shift(const struct duty_roster *r,
		     char *const raw[ROSTERFILE_NFIELDS],
		     struct store_shift *sh, int *bad, struct err *err);
void duty_shift_release(struct store_shift *sh);

/* The roles unit must cover, "a, b", appended to out; returns how many. */
size_t duty_unit_roles(const struct duty_roster *r, const char *unit,
		       struct strbuf *out);

/*
 * Adds the checked shift in one transaction, when a may act for its
 * unit: 0, 1 when the same shift was on the roster already (sh->id set
 * to it, nothing recorded), or -1 with err.
 */
int duty_add(struct store *st, const struct store_run *run,
	     const struct auth *a, struct store_shift *sh, const char *by,
	     instant_t now, struct err *err);

/*
 * Takes shift id off the roster in one transaction, when a may act for
 * its unit; *removed (may be NULL) receives a copy of the shift, freed
 * with duty_shift_release.  When the shifts left no longer cover the
 * duty window, the unit's signed desk is reopened in the same
 * transaction and its key appended (", "-joined) to reopened.
 * 0, STORE_NOTFOUND (err set), or -1.
 */
int duty_remove(struct store *st, const struct store_run *run,
		const struct auth *a, int64_t id, const char *by,
		instant_t now, const char *reason, struct store_shift *removed,
		struct strbuf *reopened, struct err *err);

/*
 * "Nguyễn Văn An on duty as 'Incident desk' for dai-son from A to B",
 * times in zone, role the label to print for the shift's role.
 */
void duty_describe(struct strbuf *out, const struct store_shift *sh,
		   const struct clock_zone *zone, const char *role);

#endif
