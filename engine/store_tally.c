/*
 * Counting a run's tasks, for status and the reports: per section,
 * directive item, unit kind and unit, in one pass over the tasks.
 *
 * One GROUP BY per grouping would sort the tasks of a national run
 * (100,000 of them) once for each grouping and join every task to its
 * step or unit.  Instead the live tasks are read once, from the covering
 * index tasks_by_unit (no table row is touched), counted per step and
 * per unit, and those few thousand counts are folded into the groups.
 * The result is the one the GROUP BY queries gave: groups that have a
 * task, in the runbook's order (units and kinds: the registry's).
 */
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "xalloc.h"
#include "banned.h"

/* A histogram kept sorted by instant as tasks are added to it. */
struct histogram {
	struct store_instant_count *h;
	size_t n, alloc;
};

struct tally_step {
	char *id;
	int64_t ord;
	char *directive;          /* may be NULL */
	char *section_id;         /* NULL when the section is missing */
	char *section_title;
	int64_t section_ord;
	struct store_count c;
	struct histogram due;     /* its tasks' due instants: one, or a day each */
};

struct tally_unit {
	char *id;
	char *name;
	char *kind;
	int64_t ord;
	struct store_count c;
};

/* One step or unit as a member of a group, for fold(). */
struct member {
	const char *key;          /* the group's key; NULL is a key of its own */
	const char *label;
	int64_t ord;              /* the group is ordered by its least ord */
	const struct store_count *c;
};

static int cmp_key(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b ? (a ? 1 : -1) : 0;
	return strcmp(a, b);
}

static int cmp_member(const void *x, const void *y)
{
	const struct member *a = x, *b = y;
	int c = cmp_key(a->key, b->key);

	if (c)
		return c;
	return a->ord < b->ord ? -1 : a->ord > b->ord;
}

struct group {
	int64_t ord;
	struct store_count c;
};

static int cmp_group(const void *x, const void *y)
{
	const struct group *a = x, *b = y;

	return a->ord < b->ord ? -1 : a->ord > b->ord;
}

static void add_count(struct store_count *to, const struct store_count *c)
{
	to->total += c->total;
	to->done += c->done;
	to->skipped += c->skipped;
	to->blocked += c->blocked;
	to->failed += c->failed;
	to->late += c->late;
	to->stuck += c->stuck;
	to->open_before += c->open_before;
}

/*
 * Groups the members by key (members without tasks are left out), each
 * group labelled by its first member and ordered by its least ord: the
 * GROUP BY key ORDER BY min(ord) of SQL.  Sorts `m` in place.
 */
static void fold(struct member *m, size_t n, struct store_count **out,
		 size_t *nout)
{
	struct group *g = xcalloc(n + 1, sizeof(*g));
	size_t i, k = 0;

	qsort(m, n, sizeof(*m), cmp_member);
	for (i = 0; i < n; i++) {
		if (!m[i].c->total)
			continue;
		if (!k || cmp_key(g[k - 1].c.key, m[i].key)) {
			g[k].ord = m[i].ord;
			g[k].c.key = (char *)m[i].key;
			g[k].c.label = (char *)m[i].label;
			k++;
		}
		add_count(&g[k - 1].c, m[i].c);
	}
	qsort(g, k, sizeof(*g), cmp_group);
	*out = xcalloc(k + 1, sizeof(**out));
	for (i = 0; i < k; i++) {
		(*out)[i] = g[i].c;
		(*out)[i].key = xstrdup(g[i].c.key ? g[i].c.key : "");
		(*out)[i].label = xstrdup(g[i].c.label ? g[i].c.label : "");
	}
	*nout = k;
	free(g);
}

static int read_steps(struct store *st, int64_t run_id,
		      struct tally_step **out, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	/* By id, as the tasks name them (binary order: strcmp's). */
	if (store_prepare(st, "SELECT p.id, p.ord, p.directive, c.id, c.title,"
		    " c.ord FROM steps p LEFT JOIN sections c"
		    " ON c.run_id = p.run_id AND c.id = p.section_id"
		    " WHERE p.run_id = ?1 ORDER BY p.id", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct tally_step *p;

		XGROW(*out, alloc, *n + 1);
		p = &(*out)[(*n)++];
		memset(p, 0, sizeof(*p));
		p->id = store_column_dup(s, 0);
		p->ord = sqlite3_column_int64(s, 1);
		p->directive = store_column_dup(s, 2);
		p->section_id = store_column_dup(s, 3);
		p->section_title = store_column_dup(s, 4);
		p->section_ord = sqlite3_column_int64(s, 5);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the steps"));
	return 0;
}

static int read_units(struct store *st, int64_t run_id,
		      struct tally_unit **out, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	if (store_prepare(st, "SELECT id, name, kind, ord FROM units"
		    " WHERE run_id = ?1 ORDER BY id", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct tally_unit *u;

		XGROW(*out, alloc, *n + 1);
		u = &(*out)[(*n)++];
		memset(u, 0, sizeof(*u));
		u->id = store_column_dup(s, 0);
		u->name = store_column_dup(s, 1);
		u->kind = store_column_dup(s, 2);
		u->ord = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the units"));
	return 0;
}

static int cmp_int64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

static int cmp_step_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tally_step *)elem)->id);
}

static int cmp_unit_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tally_unit *)elem)->id);
}

/*
 * Counts one task in c; late says whether it is open and past due, open
 * whether it is open and due before the tally's open_before.
 */
static void count_task(struct store_count *c, enum task_state state,
		       int late, int open)
{
	c->total++;
	c->open_before += open;
	switch (state) {
	case TASK_PENDING:
		break;
	case TASK_DONE:
		c->done++;
		break;
	case TASK_SKIPPED:
		c->skipped++;
		break;
	case TASK_BLOCKED:
		c->blocked++;
		break;
	case TASK_FAILED:
		c->failed++;
		break;
	}
	c->late += late;
	c->stuck += late || task_state_stopped(state);
}

/*
 * The element of the sorted array base (n of `size` bytes, compared with
 * key by cmp) equal to key, searched from base[from] on: the tasks come
 * in unit order, and within a unit in step order, so the next one is
 * near; a key before base[from] goes back to a binary search.
 */
static void *find_from(const void *key, void *base, size_t n, size_t size,
		       size_t from, int (*cmp)(const void *, const void *))
{
	char *b = base;
	size_t lo = from, step = 1, hi;

	if (from >= n || cmp(key, b + from * size) < 0)
		return bsearch(key, base, n, size, cmp);
	/* Gallop: base[lo] <= key; find hi with key < base[hi], or n. */
	for (;;) {
		hi = lo + step;
		if (hi >= n || cmp(key, b + hi * size) < 0)
			break;
		lo = hi;
		step *= 2;
	}
	if (hi > n)
		hi = n;
	return bsearch(key, b + lo * size, hi - lo, size, cmp);
}

/*
 * Counts n tasks due at `at`: a step's tasks share their due instant,
 * or have one per day, so the search is over a handful.
 */
static void histogram_add(struct histogram *d, instant_t at, int64_t n)
{
	size_t lo = 0, hi = d->n, mid;

	if (d->n && d->h[d->n - 1].at == at) {
		d->h[d->n - 1].n += n;
		return;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->h[mid].at == at) {
			d->h[mid].n += n;
			return;
		}
		if (d->h[mid].at < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	XGROW(d->h, d->alloc, d->n + 1);
	memmove(&d->h[lo + 1], &d->h[lo], (d->n - lo) * sizeof(*d->h));
	d->h[lo].at = at;
	d->h[lo].n = n;
	d->n++;
}

/*
 * What the scan gathers for the timeline: the due instants of tasks
 * whose step is missing (the steps keep their own), and the events that
 * settled the done and skipped tasks.
 */
struct timeline {
	struct histogram due;
	int64_t *settled;         /* last_seq of each settled task */
	size_t nsettled, alloc_settled;
};

static int scan_tasks(struct store *st, int64_t run_id, instant_t now,
		      instant_t open_before,
		      struct tally_step *steps, size_t nsteps,
		      struct tally_unit *units, size_t nunits,
		      struct store_count *all, struct timeline *tl,
		      struct err *err)
{
	struct tally_step *p = NULL;
	struct tally_unit *u = NULL;
	sqlite3_stmt *s;
	int rc;

	/*
	 * By unit, then step: the order of tasks_by_unit, which covers the
	 * query, so that the tasks are read without a sort.
	 */
	if (store_prepare(st, "SELECT t.step_id, t.unit_id, t.state, t.due,"
		    " t.last_seq FROM tasks t WHERE t.run_id = ?1"
		    " AND " STORE_TASK_SHOWN("t")
		    " ORDER BY t.unit_id, t.step_id", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *step = (const char *)sqlite3_column_text(s, 0);
		const char *unit = (const char *)sqlite3_column_text(s, 1);
		const char *text = (const char *)sqlite3_column_text(s, 2);
		instant_t due = sqlite3_column_int64(s, 3);
		enum task_state state;
		int late, open;

		if (!step || !unit || !text)
			continue;
		if (task_state_parse(text, &state))
			state = TASK_PENDING;
		late = !task_state_settled(state) && due < now;
		open = !task_state_settled(state) && due < open_before;
		if (!u || strcmp(u->id, unit)) {
			u = find_from(unit, units, nunits, sizeof(*units),
				      u ? (size_t)(u - units) : 0, cmp_unit_id);
			p = NULL;
		}
		if (!p || strcmp(p->id, step))
			p = find_from(step, steps, nsteps, sizeof(*steps),
				      p ? (size_t)(p - steps) : 0, cmp_step_id);
		count_task(all, state, late, open);
		if (p)
			count_task(&p->c, state, late, open);
		if (u)
			count_task(&u->c, state, late, open);
		if (!tl)
			continue;
		histogram_add(p ? &p->due : &tl->due, due, 1);
		if (task_state_settled(state)) {
			XGROW(tl->settled, tl->alloc_settled, tl->nsettled + 1);
			tl->settled[tl->nsettled++] = sqlite3_column_int64(s, 4);
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("counting tasks"));
	return 0;
}

static int cmp_instant_count(const void *x, const void *y)
{
	const struct store_instant_count *a = x, *b = y;

	return a->at < b->at ? -1 : a->at > b->at;
}

/* Sorts h by instant and merges equal instants; returns the new length. */
static size_t merge_histogram(struct store_instant_count *h, size_t n)
{
	size_t i, k = 0;

	qsort(h, n, sizeof(*h), cmp_instant_count);
	for (i = 0; i < n; i++) {
		if (k && h[k - 1].at == h[i].at)
			h[k - 1].n += h[i].n;
		else
			h[k++] = h[i];
	}
	return k;
}

/*
 * The instants of the events that settled the tasks, as a histogram:
 * one lookup by sequence number each (k log n for k settled tasks).  A
 * task whose event is missing counts at instant 0, as a LEFT JOIN would.
 */
static int settled_times(struct store *st, const int64_t *seq, size_t n,
			 struct store_instant_count **out, size_t *nout,
			 struct err *err)
{
	sqlite3_stmt *s;
	size_t i;
	int rc;

	*out = xcalloc(n + 1, sizeof(**out));
	*nout = n;
	if (store_prepare(st, "SELECT at FROM events WHERE seq = ?1", &s, err))
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, seq[i]);
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			sqlite3_finalize(s);
			return store_db_fail(st, err, N_("reading the ledger"));
		}
		(*out)[i].at = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		(*out)[i].n = 1;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	*nout = merge_histogram(*out, n);
	return 0;
}

static void release_steps(struct tally_step *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].id);
		free(p[i].directive);
		free(p[i].section_id);
		free(p[i].section_title);
		free(p[i].due.h);
	}
	free(p);
}

static void release_units(struct tally_unit *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(u[i].id);
		free(u[i].name);
		free(u[i].kind);
	}
	free(u);
}

int store_tally(struct store *st, int64_t run_id, instant_t now,
		int timeline, struct store_tally *out, struct err *err)
{
	return store_tally_open(st, run_id, now, now, timeline, out, err);
}

int store_tally_open(struct store *st, int64_t run_id, instant_t now,
		     instant_t open_before, int timeline,
		     struct store_tally *out, struct err *err)
{
	struct tally_step *steps = NULL;
	struct tally_unit *units = NULL;
	struct timeline tl;
	struct member *m;
	size_t nsteps = 0, nunits = 0, i, k;
	int ret = -1, own;

	memset(out, 0, sizeof(*out));
	memset(&tl, 0, sizeof(tl));
	/* One snapshot: the counts and the timeline agree, and the lookups
	 * of settling events do not each take and drop the read lock. */
	own = sqlite3_get_autocommit(st->db);
	if (own && store_read_begin(st, err))
		return -1;
	if (read_steps(st, run_id, &steps, &nsteps, err) ||
	    read_units(st, run_id, &units, &nunits, err) ||
	    scan_tasks(st, run_id, now, open_before, steps, nsteps, units, nunits,
		       &out->all, timeline ? &tl : NULL, err))
		goto done;
	if (timeline) {
		/* The steps' histograms, and the stray tasks', as one. */
		for (i = 0; i < nsteps; i++)
			for (k = 0; k < steps[i].due.n; k++)
				histogram_add(&tl.due, steps[i].due.h[k].at,
					      steps[i].due.h[k].n);
		out->due = tl.due.h;
		out->ndue = tl.due.n;
		tl.due.h = NULL;
		/* In ledger order, the lookups walk the events' b-tree forward. */
		if (tl.nsettled)
			qsort(tl.settled, tl.nsettled, sizeof(*tl.settled),
			      cmp_int64);
		if (settled_times(st, tl.settled, tl.nsettled, &out->settled,
				  &out->nsettled, err))
			goto done;
	}
	m = xcalloc(nsteps + nunits + 1, sizeof(*m));
	/* A step whose section is missing counts in no section (a join). */
	for (i = k = 0; i < nsteps; i++)
		if (steps[i].section_id)
			m[k++] = (struct member){ steps[i].section_id,
				steps[i].section_title, steps[i].section_ord,
				&steps[i].c };
	fold(m, k, &out->groups[STORE_BY_SECTION], &out->n[STORE_BY_SECTION]);
	for (i = 0; i < nsteps; i++)
		m[i] = (struct member){ steps[i].directive, steps[i].directive,
			steps[i].ord, &steps[i].c };
	fold(m, nsteps, &out->groups[STORE_BY_DIRECTIVE],
	     &out->n[STORE_BY_DIRECTIVE]);
	for (i = 0; i < nunits; i++)
		m[i] = (struct member){ units[i].kind, units[i].kind,
			units[i].ord, &units[i].c };
	fold(m, nunits, &out->groups[STORE_BY_KIND], &out->n[STORE_BY_KIND]);
	for (i = 0; i < nunits; i++)
		m[i] = (struct member){ units[i].id, units[i].name,
			units[i].ord, &units[i].c };
	fold(m, nunits, &out->groups[STORE_BY_UNIT], &out->n[STORE_BY_UNIT]);
	free(m);
	ret = 0;
done:
	if (own)
		store_read_end(st);
	release_steps(steps, nsteps);
	release_units(units, nunits);
	free(tl.due.h);
	free(tl.settled);
	if (ret)
		store_tally_release(out);
	return ret;
}

void store_tally_release(struct store_tally *t)
{
	size_t g;

	for (g = 0; g < STORE_NGROUPS; g++)
		store_counts_free(t->groups[g], t->n[g]);
	free(t->due);
	free(t->settled);
	memset(t, 0, sizeof(*t));
}

void store_tally_sum(const struct store_tally *t, enum store_group group,
		     int64_t *total, int64_t *done, int64_t *late,
		     int64_t *blocked)
{
	const struct store_count *c = t->groups[group];
	size_t i;

	*total = *done = *late = *blocked = 0;
	for (i = 0; i < t->n[group]; i++) {
		*total += c[i].total;
		*done += c[i].done + c[i].skipped;
		*late += c[i].late;
		*blocked += c[i].blocked + c[i].failed;
	}
}

void store_counts_free(struct store_count *c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		free(c[i].key);
		free(c[i].label);
	}
	free(c);
}

int store_count_least_ready(const void *a, const void *b)
{
	const struct store_count *x = a, *y = b;
	int64_t xd = x->done + x->skipped, yd = y->done + y->skipped;

	/* Compare xd/x->total with yd/y->total without division. */
	if (xd * y->total != yd * x->total)
		return xd * y->total < yd * x->total ? -1 : 1;
	if (x->late != y->late)
		return x->late > y->late ? -1 : 1;
	return strcmp(x->key, y->key);
}
