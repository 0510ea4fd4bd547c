/*
 * Expansion of a runbook into tasks.  Invariants of a plan: keys are
 * unique; tasks are sorted by (due, key); every requires index points
 * into the same plan; the step graph of `requires` is acyclic.
 */
#include "plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static int step_fail(struct err *err, const struct runbook *rb,
		     const struct step *st, const char *field)
{
	struct strbuf subject = STRBUF_INIT;

	strbuf_addf(&subject, "step '%s'", st->id);
	err_at(err, rb->file, st->line, 0);
	err_about(err, subject.buf, field);
	strbuf_release(&subject);
	return -1;
}

static long unit_index(const struct unit_registry *units, const char *id)
{
	const struct unit *u = units_find(units, id);

	return u ? (long)(u - units->units) : -1;
}

static int select_into(const struct selector *sel,
		       const struct unit_registry *units, char *chosen,
		       struct err *err)
{
	size_t i, j;
	long k;

	switch (sel->kind) {
	case SELECTOR_ALL:
		memset(chosen, 1, units->n);
		return 0;
	case SELECTOR_KINDS:
		for (i = 0; i < units->n; i++)
			for (j = 0; j < sel->nvalues; j++)
				if (!strcmp(units->units[i].kind,
					    sel->values[j]))
					chosen[i] = 1;
		for (j = 0; j < sel->nvalues; j++) {
			for (i = 0; i < units->n; i++)
				if (!strcmp(units->units[i].kind,
					    sel->values[j]))
					break;
			if (i == units->n)
				return fail(err, _("no unit of kind '%s' in %s"),
					    sel->values[j], units->file);
		}
		return 0;
	case SELECTOR_IDS:
		for (j = 0; j < sel->nvalues; j++) {
			k = unit_index(units, sel->values[j]);
			if (k < 0)
				return fail(err, _("'%s' names no unit of %s"),
					    sel->values[j], units->file);
			chosen[k] = 1;
		}
		return 0;
	case SELECTOR_EXCEPT:
		if (select_into(sel->base, units, chosen, err))
			return -1;
		for (j = 0; j < sel->nvalues; j++) {
			k = unit_index(units, sel->values[j]);
			if (k < 0)
				return fail(err, _("'%s' names no unit of %s"),
					    sel->values[j], units->file);
			chosen[k] = 0;
		}
		return 0;
	}
	return fail(err, _("unknown selector"));
}

int plan_select(const struct selector *sel, const struct unit_registry *units,
		size_t **out, size_t *n, struct err *err)
{
	char *chosen = xcalloc(units->n ? units->n : 1, 1);
	size_t i, count = 0;

	*out = NULL;
	*n = 0;
	if (select_into(sel, units, chosen, err)) {
		free(chosen);
		return -1;
	}
	for (i = 0; i < units->n; i++)
		count += chosen[i] ? 1 : 0;
	*out = xmalloc((count ? count : 1) * sizeof(**out));
	for (i = 0; i < units->n; i++)
		if (chosen[i])
			(*out)[(*n)++] = i;
	free(chosen);
	return 0;
}

/* Depth-first search for a `requires` cycle; state 0 new, 1 open, 2 done. */
static int find_cycle(const struct runbook *rb, size_t s, char *state,
		      size_t *path, size_t depth, struct err *err)
{
	size_t i, j;
	long r;
	struct strbuf cycle = STRBUF_INIT;

	state[s] = 1;
	path[depth] = s;
	for (i = 0; i < rb->steps[s].nrequires; i++) {
		r = model_find_step(rb, rb->steps[s].requires[i]);
		if (state[r] == 1) {
			for (j = 0; j <= depth; j++)
				if (path[j] == (size_t)r)
					break;
			for (; j <= depth; j++)
				strbuf_addf(&cycle, "%s -> ",
					    rb->steps[path[j]].id);
			strbuf_adds(&cycle, rb->steps[r].id);
			fail(err, _("requires cycle: %s"), cycle.buf);
			strbuf_release(&cycle);
			return step_fail(err, rb, &rb->steps[s], "requires");
		}
		if (state[r] == 0 &&
		    find_cycle(rb, (size_t)r, state, path, depth + 1, err))
			return -1;
	}
	state[s] = 2;
	return 0;
}

static int check_requires(const struct runbook *rb, struct err *err)
{
	size_t s, i;
	char *state;
	size_t *path;
	int ret = 0;

	for (s = 0; s < rb->nsteps; s++)
		for (i = 0; i < rb->steps[s].nrequires; i++)
			if (model_find_step(rb, rb->steps[s].requires[i]) < 0) {
				fail(err, _("unknown step '%s'"),
				     rb->steps[s].requires[i]);
				return step_fail(err, rb, &rb->steps[s],
						 "requires");
			}
	state = xcalloc(rb->nsteps + 1, 1);
	path = xcalloc(rb->nsteps + 1, sizeof(*path));
	for (s = 0; s < rb->nsteps && !ret; s++)
		if (!state[s])
			ret = find_cycle(rb, s, state, path, 0, err);
	free(state);
	free(path);
	return ret;
}

struct builder {
	struct plan *plan;
	size_t alloc;
	/* per step and unit: first task index and count (tasks are made
	 * step by step, unit by unit, so each group is contiguous) */
	size_t *first;
	size_t *count;
	size_t nunits;
	/* per step: its tasks, contiguous too since steps expand in turn */
	size_t *step_first;
	size_t *step_count;
};

static struct plan_task *new_task(struct builder *b, const struct runbook *rb,
				  size_t step, const struct unit_registry *units,
				  size_t unit, const char *occurrence)
{
	struct plan_task *t;
	const char *sid = rb->steps[step].id, *uid = units->units[unit].id;
	size_t ns = strlen(sid), nu = strlen(uid);
	size_t no = occurrence && *occurrence ? strlen(occurrence) : 0;
	char *key;

	XGROW(b->plan->tasks, b->alloc, b->plan->n + 1);
	t = &b->plan->tasks[b->plan->n];
	memset(t, 0, sizeof(*t));
	/* "STEP@UNIT" or "STEP@UNIT#DATE", once per task: no printf. */
	key = xmalloc(ns + nu + no + 3);
	memcpy(key, sid, ns);
	key[ns] = '@';
	memcpy(key + ns + 1, uid, nu);
	key[ns + 1 + nu] = '\0';
	if (no) {
		key[ns + 1 + nu] = '#';
		memcpy(key + ns + nu + 2, occurrence, no + 1);
		memcpy(t->occurrence, occurrence, 10);
		t->occurrence[10] = '\0';
	}
	t->key = key;
	t->step = step;
	t->unit = unit;
	if (!b->count[step * b->nunits + unit])
		b->first[step * b->nunits + unit] = b->plan->n;
	b->count[step * b->nunits + unit]++;
	b->plan->n++;
	return t;
}

/*
 * About how many tasks the step makes (its owners times the days of its
 * recurrence, a day more at most), into *count: 0, or -1 with err (its
 * owners select nothing there is).
 */
static int step_estimate(const struct runbook *rb, const struct step *st,
			 const struct unit_registry *units, uint64_t *count,
			 struct err *err)
{
	size_t *owners = NULL, n = 0;
	instant_t from, to;
	uint64_t per_unit = 1;

	if (plan_select(st->owners, units, &owners, &n, err))
		return step_fail(err, rb, st, "owners");
	free(owners);
	if (st->every) {
		from = clock_resolve(&st->every->from, rb->t0,
				     rb->offset_minutes);
		to = clock_resolve(&st->every->to, rb->t0, rb->offset_minutes);
		per_unit = to < from ? 0 : (uint64_t)(to - from) / 86400 + 1;
	}
	*count = n && per_unit > UINT64_MAX / n ? UINT64_MAX : n * per_unit;
	return 0;
}

static int expand_step(struct builder *b, struct script *script,
		       const struct unit_registry *units, size_t s,
		       struct err *err)
{
	const struct runbook *rb = script_runbook(script);
	const struct step *st = &rb->steps[s];
	size_t *owners = NULL, n = 0, i;
	char *recipient = NULL;
	const struct unit *to_unit;
	instant_t from, to, day, due, last;
	struct strbuf date = STRBUF_INIT;
	struct plan_task *t;
	int made;

	if (plan_select(st->owners, units, &owners, &n, err))
		return step_fail(err, rb, st, "owners");
	if (!n) {
		free(owners);
		fail(err, _("selects no unit"));
		return step_fail(err, rb, st, "owners");
	}
	for (i = 0; i < n; i++) {
		const struct unit *u = &units->units[owners[i]];

		if (script_recipient(script, s, u, &recipient, err))
			goto fail;
		to_unit = recipient ? units_find(units, recipient) : NULL;
		if (recipient && !to_unit) {
			fail(err, _("'%s' (for unit '%s') names no unit of %s"),
			     recipient, u->id, units->file);
			free(recipient);
			step_fail(err, rb, st, "report_to");
			goto fail;
		}
		free(recipient);
		recipient = NULL;
		if (b->plan->n >= PLAN_MAX_TASKS)
			goto too_many;
		if (!st->every) {
			t = new_task(b, rb, s, units, owners[i], NULL);
			t->due = clock_resolve(&st->due, rb->t0,
					       rb->offset_minutes);
			t->has_start = st->start.kind != TIME_NONE;
			if (t->has_start)
				t->start = clock_resolve(&st->start, rb->t0,
							 rb->offset_minutes);
			t->recipient = to_unit ? to_unit->id : NULL;
			continue;
		}
		from = clock_resolve(&st->every->from, rb->t0,
				     rb->offset_minutes);
		to = clock_resolve(&st->every->to, rb->t0, rb->offset_minutes);
		last = clock_local_midnight(to, rb->offset_minutes);
		made = 0;
		for (day = clock_local_midnight(from, rb->offset_minutes);
		     day <= last; day += 86400) {
			due = day + (instant_t)st->every->before_minutes * 60;
			if (due < from || due > to)
				continue;
			if (b->plan->n >= PLAN_MAX_TASKS)
				goto too_many;
			strbuf_reset(&date);
			clock_format_date(&date, due, rb->offset_minutes);
			t = new_task(b, rb, s, units, owners[i], date.buf);
			t->due = due;
			t->start = day;
			t->has_start = 1;
			t->recipient = to_unit ? to_unit->id : NULL;
			made++;
		}
		if (!made) {
			fail(err, _("no day's deadline falls between 'from' and 'to'"));
			step_fail(err, rb, st, "every");
			goto fail;
		}
	}
	free(owners);
	strbuf_release(&date);
	return 0;
too_many:
	fail(err, _("the runbook expands to more than %zu tasks, more than a run"
		    " can hold"), (size_t)PLAN_MAX_TASKS);
	step_fail(err, rb, st, st->every ? "every" : "owners");
fail:
	free(owners);
	strbuf_release(&date);
	return -1;
}

static void link_requires(struct builder *b, const struct runbook *rb)
{
	struct plan *plan = b->plan;
	size_t i, j, k, alloc;
	long r;

	for (i = 0; i < plan->n; i++) {
		struct plan_task *t = &plan->tasks[i];
		const struct step *st = &rb->steps[t->step];

		alloc = 0;
		for (j = 0; j < st->nrequires; j++) {
			size_t first, count, same_day = (size_t)-1;

			r = model_find_step(rb, st->requires[j]);
			count = b->count[(size_t)r * b->nunits + t->unit];
			first = b->first[(size_t)r * b->nunits + t->unit];
			if (count) {
				/* A daily task waits for the same day's task
				 * of a daily step it requires, not all days. */
				for (k = first; k < first + count; k++)
					if (t->occurrence[0] &&
					    !strcmp(plan->tasks[k].occurrence,
						    t->occurrence))
						same_day = k;
				if (same_day != (size_t)-1) {
					first = same_day;
					count = 1;
				}
			} else {
				/* Not a step of this unit: all its tasks. */
				first = b->step_first[r];
				count = b->step_count[r];
			}
			XGROW(t->requires, alloc, t->nrequires + count);
			for (k = first; k < first + count; k++)
				t->requires[t->nrequires++] = k;
		}
	}
}

static int by_key(const void *a, const void *b, void *ctx)
{
	const struct plan_task *tasks = ctx;

	return strcmp(tasks[*(const size_t *)a].key,
		      tasks[*(const size_t *)b].key);
}

/* Lookups by key are O(log n): diff and upgrade make one per task. */
static void index_keys(struct plan *plan)
{
	size_t i;

	plan->by_key = xcalloc(plan->n + 1, sizeof(*plan->by_key));
	for (i = 0; i < plan->n; i++)
		plan->by_key[i] = i;
	qsort_r(plan->by_key, plan->n, sizeof(*plan->by_key), by_key,
		plan->tasks);
}

static int by_due_then_key(const void *a, const void *b, void *ctx)
{
	const struct plan_task *tasks = ctx;
	const struct plan_task *x = &tasks[*(const size_t *)a];
	const struct plan_task *y = &tasks[*(const size_t *)b];

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->key, y->key);
}

/*
 * Sorts the tasks and rewrites requires indexes to the new positions.
 * The permutation is applied in place, cycle by cycle: a second array of
 * every task would double the plan's peak (88 MB at a million tasks).
 */
static void sort_tasks(struct plan *plan)
{
	size_t i, j, n = plan->n;
	size_t *order = xmalloc((n + 1) * sizeof(*order));
	size_t *where = xmalloc((n + 1) * sizeof(*where));

	for (i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(*order), by_due_then_key, plan->tasks);
	for (i = 0; i < n; i++)
		where[order[i]] = i;
	for (i = 0; i < n; i++)
		for (j = 0; j < plan->tasks[i].nrequires; j++)
			plan->tasks[i].requires[j] =
				where[plan->tasks[i].requires[j]];
	/* Position i takes the task at order[i]; follow each cycle once. */
	for (i = 0; i < n; i++) {
		struct plan_task held;
		size_t at = i, from;

		if (order[i] == i || order[i] == n)
			continue;
		held = plan->tasks[i];
		while ((from = order[at]) != i) {
			plan->tasks[at] = plan->tasks[from];
			order[at] = n;          /* done */
			at = from;
		}
		plan->tasks[at] = held;
		order[at] = n;
	}
	/* The array grew by doubling: give back what it does not use. */
	plan->tasks = xrealloc(plan->tasks, (n + 1) * sizeof(*plan->tasks));
	free(order);
	free(where);
}

int plan_expand(struct script *script, const struct unit_registry *units,
		struct plan **out, struct err *err)
{
	const struct runbook *rb = script_runbook(script);
	struct builder b;
	uint64_t total, count = 0;
	size_t s;

	*out = NULL;
	if (check_requires(rb, err))
		return -1;
	/*
	 * DESIGN: no input exhausts memory.  The builder keeps a slot per
	 * step and unit, and each task is some hundred bytes: both are
	 * bounded before anything is allocated (a national run of 34
	 * provinces is about a million tasks).
	 */
	if (units->n && rb->nsteps > PLAN_MAX_PAIRS / units->n) {
		err_at(err, rb->file, rb->line, 0);
		return fail(err, _("%zu steps over %zu units are more than a"
				   " run can hold (%zu pairs at most)"),
			    rb->nsteps, units->n, (size_t)PLAN_MAX_PAIRS);
	}
	for (s = 0, total = 0; s < rb->nsteps; s++) {
		if (step_estimate(rb, &rb->steps[s], units, &count, err))
			return -1;
		total = count > UINT64_MAX - total ? UINT64_MAX : total + count;
		if (total > (uint64_t)PLAN_MAX_TASKS + rb->nsteps * units->n) {
			fail(err, _("the runbook expands to more than %zu tasks,"
				    " more than a run can hold"),
			     (size_t)PLAN_MAX_TASKS);
			return step_fail(err, rb, &rb->steps[s],
					 rb->steps[s].every ? "every" : "owners");
		}
	}
	memset(&b, 0, sizeof(b));
	b.plan = xcalloc(1, sizeof(*b.plan));
	b.nunits = units->n;
	b.first = xcalloc(rb->nsteps * units->n + 1, sizeof(*b.first));
	b.count = xcalloc(rb->nsteps * units->n + 1, sizeof(*b.count));
	b.step_first = xcalloc(rb->nsteps + 1, sizeof(*b.step_first));
	b.step_count = xcalloc(rb->nsteps + 1, sizeof(*b.step_count));
	for (s = 0; s < rb->nsteps; s++) {
		b.step_first[s] = b.plan->n;
		if (expand_step(&b, script, units, s, err))
			goto fail;
		b.step_count[s] = b.plan->n - b.step_first[s];
	}
	link_requires(&b, rb);
	sort_tasks(b.plan);
	index_keys(b.plan);
	free(b.first);
	free(b.count);
	free(b.step_first);
	free(b.step_count);
	*out = b.plan;
	return 0;
fail:
	free(b.first);
	free(b.count);
	free(b.step_first);
	free(b.step_count);
	plan_free(b.plan);
	return -1;
}

long plan_find(const struct plan *plan, const char *key)
{
	size_t lo = 0, hi = plan->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(key, plan->tasks[plan->by_key[mid]].key);
		if (!c)
			return (long)plan->by_key[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

void plan_free(struct plan *plan)
{
	size_t i;

	if (!plan)
		return;
	for (i = 0; i < plan->n; i++) {
		free(plan->tasks[i].key);
		free(plan->tasks[i].requires);
	}
	free(plan->tasks);
	free(plan->by_key);
	free(plan);
}
