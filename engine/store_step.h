/*
 * What the walk through a run (cutover step) reads from the store beyond
 * store.h: a task's history.  Implemented in store_step.c on store.c's
 * handle.
 */
#ifndef STORE_STEP_H
#define STORE_STEP_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "store.h"
#include "strbuf.h"

/* One event of a task's history. */
struct store_history {
	int64_t seq;
	char *kind;            /* done, skipped, ..., comment, reopened */
	char *actor;
	instant_t at;
	char *comment;         /* may be NULL */
	char *evidence;        /* JSON, may be NULL */
};

/*
 * The events of the run's task `key`, oldest first; caller frees with
 * store_history_free.  0 or -1.
 */
int store_task_history(struct store *st, int64_t run_id, const char *key,
		       struct store_history **out, size_t *n,
		       struct err *err);
void store_history_free(struct store_history *h, size_t n);

#endif
