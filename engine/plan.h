/*
 * Expansion: a runbook and its unit registry become the concrete tasks of
 * a run — one per step, owner unit and (when recurring) local day — with
 * due instants, recipients and dependencies.  Also the validation that
 * needs both the runbook and the registry: unknown unit ids, unknown or
 * cyclic `requires`.
 */
#ifndef PLAN_H
#define PLAN_H

/*
 * What one run may hold, checked as the runbook expands, before the
 * memory is taken: tasks, and steps times units (the expansion keeps a
 * slot for each pair).
 */
#define PLAN_MAX_TASKS 2000000
#define PLAN_MAX_PAIRS 20000000

#include <stddef.h>

#include "clock.h"
#include "err.h"
#include "model.h"
#include "script.h"
#include "units.h"

struct plan_task {
	char *key;             /* "STEP@UNIT" or "STEP@UNIT#YYYY-MM-DD" */
	size_t step;           /* index into the runbook's steps */
	size_t unit;           /* index into the registry's units */
	char occurrence[11];   /* "YYYY-MM-DD" or "" */
	instant_t start;       /* 0 when the step gives none */
	int has_start;
	instant_t due;
	const char *recipient; /* unit id, or NULL: the registry's own
				  string (one per unit, not per task) */
	size_t *requires;      /* indexes of tasks this one requires */
	size_t nrequires;
};

struct plan {
	struct plan_task *tasks;   /* sorted by due, then key */
	size_t n;
	size_t *by_key;            /* task indexes sorted by key, for plan_find */
};

/*
 * Expands the script's runbook over the registry.  The script is needed
 * for report_to functions.  Returns 0 and a plan the caller frees with
 * plan_free, or -1 with err naming the runbook file, the step's line and
 * field: an owner/recipient/except id that names no unit, a selector that
 * selects nothing, an unknown or cyclic `requires`, an empty recurrence.
 */
int plan_expand(struct script *script, const struct unit_registry *units,
		struct plan **out, struct err *err);

/* Units a selector selects, in registry order; caller frees *out. */
int plan_select(const struct selector *sel, const struct unit_registry *units,
		size_t **out, size_t *n, struct err *err);

/* Returns the index of the task with that key, or -1.  O(log n). */
long plan_find(const struct plan *plan, const char *key);

void plan_free(struct plan *plan);

#endif
