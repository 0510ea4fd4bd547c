/*
 * What the walk through a run (cutover step) and the shell completion
 * read from the store beyond store.h: a task's history, and the names a
 * completion offers.  Implemented in store_step.c on store.c's handle.
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

enum store_names {
	STORE_NAMES_TASKS,     /* live task keys */
	STORE_NAMES_UNITS,     /* unit ids of the run's registry */
	STORE_NAMES_SECTIONS,  /* section ids */
	STORE_NAMES_STEPS,     /* step ids */
	STORE_NAMES_RUNS       /* run names (run_id unused) */
};

/*
 * Appends to out, one per line and sorted, the names of that kind that
 * start with prefix.  Task keys come in two levels, as paths do in a
 * shell: without an '@' in prefix, the steps that match, as "STEP@",
 * unless only one does (then its keys); with one, the keys.  0 or -1.
 */
int store_names(struct store *st, int64_t run_id, enum store_names what,
		const char *prefix, struct strbuf *out, struct err *err);

/* A unit, section or step of the run: its id and its name or title. */
struct store_name {
	char *id;
	char *name;
};

/*
 * The run's units (registry order), sections or steps (runbook order)
 * with their names, for resolving what a user typed (names.h); the
 * other kinds give none.  0 or -1; store_name_list_free after.
 */
int store_name_list(struct store *st, int64_t run_id, enum store_names what,
		    struct store_name **out, size_t *n, struct err *err);
void store_name_list_free(struct store_name *list, size_t n);

#endif
