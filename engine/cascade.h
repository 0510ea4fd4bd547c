/*
 * Dependents kept honest: when a task goes back to open, what was done
 * on the strength of it rests on a reopened requirement.  Status, next
 * and the reports show such tasks (store_resting); `cutover reopen TASK
 * --cascade` reopens the task and every done task that rests on it,
 * directly or through another, in one transaction, each with an event
 * that names the requirement.  Every reopening goes through signoff, so
 * its rules hold (a unit's token reopens its own unit's tasks; a gate is
 * reopened by the coordinator only): when one is refused, none is
 * recorded.
 */
#ifndef CASCADE_H
#define CASCADE_H

#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "err.h"
#include "signoff.h"
#include "store.h"

struct cascade_result {
	int reopened;           /* the task itself was reopened (0: it was
				   open already) */
	int64_t seq;            /* its event */
	char **keys;            /* the dependents reopened, in order */
	int64_t *seqs;          /* their events */
	size_t n;
};

void cascade_result_release(struct cascade_result *res);

/*
 * Reopens req->task_key (req->action "reopened", req->comment the
 * reason) unless it is open already, then every done task resting on it.
 * Returns 0 (res says what was recorded), or -1 with err and nothing
 * recorded.
 */
int cascade_reopen(struct store *st, const struct store_run *run,
		   struct book **book, const struct signoff *req,
		   struct cascade_result *res, struct err *err);

#endif
