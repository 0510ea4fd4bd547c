/*
 * A run's life beyond its tasks: at most one live run of a runbook is
 * open at a time, and a run ends with its close (cutover close), an
 * event after which the store takes no event of that run.
 *
 * DESIGN: the live run is one: two live runs of one runbook side by
 * side would split the night's record in two.
 */
#ifndef RUNS_H
#define RUNS_H

#include "auth.h"
#include "clock.h"
#include "err.h"
#include "store.h"

/*
 * Inside the transaction that records a new live run of runbook_id:
 * refuses while another live run of it is open.  0, or -1 with err
 * naming that run and how to close it.
 */
int runs_live_allowed(struct store *st, const char *runbook_id,
		      struct err *err);

/*
 * Closes the run, in a transaction of its own: the "close" event by
 * `by` at `at`, with the reason as its comment (may be NULL).  Only the
 * coordinator closes a run (a token a may carry).  Returns 0 with *seq
 * set, 1 when it was closed already (nothing recorded), or -1 with err.
 */
int runs_close(struct store *st, const struct store_run *run,
	       const struct auth *a, const char *by, instant_t at,
	       const char *reason, int64_t *seq, struct err *err);

/*
 * A time as a person types it for the run: a time expression of the
 * runbook's language ("T-2h", in the run's date order) or a local date
 * and time in the run's zone.  0, or -1 with err.
 */
int runs_parse_time(const struct store_run *run, const char *text,
		    instant_t *out, struct err *err);

#endif
