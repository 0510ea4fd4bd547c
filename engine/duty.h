/*
 * Duty coverage: for each unit and role the run's roster steps ask for,
 * the shifts on the roster and the parts of the duty window nobody covers.
 * One computation for the sign-off of roster steps, `roster gaps` and the
 * reports.
 */
#ifndef DUTY_H
#define DUTY_H

#include <stddef.h>

#include "coverage.h"
#include "err.h"
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

#endif
