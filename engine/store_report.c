/*
 * The reports' queries.  Read-only: nothing here opens a transaction or
 * writes.  A task's state at an instant is derived the way store.c
 * derives the current one: the last of its done, skipped, failed,
 * blocked or reopened events (reopened makes it pending again).  What
 * reads the whole run streams it (aggregates in SQLite, rows one at a
 * time), so that a million tasks never sit in memory at once.
 */
#include "store_report.h"

#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "xalloc.h"
#include "banned.h"

int store_report_units(struct store *st, int64_t run_id,
		       struct store_report_unit **out, size_t *n,
		       struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT id, name, kind, police FROM units"
			  " WHERE run_id = ? ORDER BY ord", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_report_unit *u;

		XGROW(*out, alloc, *n + 1);
		u = &(*out)[(*n)++];
		u->id = store_column_dup(s, 0);
		u->name = store_column_dup(s, 1);
		u->kind = store_column_dup(s, 2);
		u->police = store_column_dup(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_report_units_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the units"));
	}
	return 0;
}

void store_report_units_free(struct store_report_unit *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(u[i].id);
		free(u[i].name);
		free(u[i].kind);
		free(u[i].police);
	}
	free(u);
}

int store_report_sections(struct store *st, int64_t run_id,
			  struct store_report_section **out, size_t *n,
			  struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT id, title FROM sections"
			  " WHERE run_id = ? ORDER BY ord", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		(*out)[*n].id = store_column_dup(s, 0);
		(*out)[(*n)++].title = store_column_dup(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_report_sections_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the sections"));
	}
	return 0;
}

void store_report_sections_free(struct store_report_section *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].title);
	}
	free(c);
}

void store_report_state_release(struct store_report_state *r)
{
	free(r->key);
	free(r->by);
	free(r->comment);
	free(r->evidence);
	memset(r, 0, sizeof(*r));
}

/* The kinds that set a task's state (store.c's state_after). */
#define STATE_KINDS "('done', 'skipped', 'failed', 'blocked', 'reopened')"

/* Task key's state as of `at` through statement s (see state_at_sql). */
static int state_at(struct store *st, sqlite3_stmt *s, int64_t run_id,
		    const char *key, instant_t at,
		    struct store_report_state *r, struct err *err)
{
	const char *kind;
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, key);
	sqlite3_bind_int64(s, 3, at);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading task states"));
	r->key = xstrdup(key);
	kind = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) :
		NULL;
	/* A reopening (or no event yet) leaves the task pending. */
	if (task_state_parse(kind, &r->state)) {
		r->state = TASK_PENDING;
		return 0;
	}
	r->at = sqlite3_column_int64(s, 1);
	r->by = store_column_dup(s, 2);
	r->comment = store_column_dup(s, 3);
	r->evidence = store_column_dup(s, 4);
	return 0;
}

static const char state_at_sql[] =
	"SELECT kind, at, actor, comment, evidence FROM events"
	" WHERE run_id = ?1 AND task_key = ?2 AND at <= ?3"
	" AND kind IN " STATE_KINDS " ORDER BY seq DESC LIMIT 1";

/* Sorts what is not a unit after every unit. */
#define LAST_ORD "9223372036854775807"

int store_report_routes(struct store *st, int64_t run_id, instant_t day,
			instant_t end, instant_t at, const char *recipient,
			struct store_report_route **out, size_t *n,
			struct err *err)
{
	sqlite3_stmt *s, *q = NULL;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT t.recipient, ru.name, t.unit_id,"
			  " u.name, t.step_id, p.title,"
			  " min(CASE WHEN t.due >= ?2 AND t.due < ?3"
			  "  THEN t.key END),"
			  " min(CASE WHEN t.due >= ?2 AND t.due < ?3"
			  "  THEN t.due END),"
			  " min(CASE WHEN t.due >= ?3 THEN t.due END)"
			  " FROM tasks t"
			  " LEFT JOIN steps p ON p.run_id = t.run_id"
			  "  AND p.id = t.step_id"
			  " LEFT JOIN units u ON u.run_id = t.run_id"
			  "  AND u.id = t.unit_id"
			  " LEFT JOIN units ru ON ru.run_id = t.run_id"
			  "  AND ru.id = t.recipient"
			  " WHERE t.run_id = ?1 AND " STORE_TASK_SHOWN("t")
			  " AND t.occurrence IS NOT NULL"
			  " AND (?4 IS NULL OR t.recipient = ?4)"
			  " GROUP BY t.step_id, t.unit_id, t.recipient"
			  " ORDER BY coalesce(ru.ord, " LAST_ORD "),"
			  " coalesce(u.ord, " LAST_ORD "), t.step_id",
			  &s, err) ||
	    store_prepare(st, state_at_sql, &q, err)) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, day);
	sqlite3_bind_int64(s, 3, end);
	store_bind_text(s, 4, recipient);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_report_route *r;

		XGROW(*out, alloc, *n + 1);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->recipient = store_column_dup(s, 0);
		r->recipient_name = store_column_dup(s, 1);
		r->unit_id = store_column_dup(s, 2);
		r->unit_name = store_column_dup(s, 3);
		r->step_id = store_column_dup(s, 4);
		r->title = store_column_dup(s, 5);
		r->has_today = sqlite3_column_type(s, 6) != SQLITE_NULL;
		r->today_due = sqlite3_column_int64(s, 7);
		r->has_next = sqlite3_column_type(s, 8) != SQLITE_NULL;
		r->next_due = sqlite3_column_int64(s, 8);
		if (r->has_today &&
		    state_at(st, q, run_id, (const char *)
			     sqlite3_column_text(s, 6), at, &r->today, err)) {
			rc = SQLITE_ERROR;
			break;
		}
	}
	sqlite3_finalize(s);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ERROR)
			store_db_fail(st, err, N_("reading the daily reports"));
		store_report_routes_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void store_report_routes_free(struct store_report_route *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].recipient);
		free(r[i].recipient_name);
		free(r[i].unit_id);
		free(r[i].unit_name);
		free(r[i].step_id);
		free(r[i].title);
		store_report_state_release(&r[i].today);
	}
	free(r);
}

/* Names by id, read once, for a pass that meets them in id order. */
struct names {
	char **id, **name;
	int64_t *ord;
	size_t n;
};

static int read_names(struct store *st, const char *sql, int64_t run_id,
		      struct names *out, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0, a2 = 0, a3 = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (store_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(out->id, alloc, out->n + 1);
		XGROW(out->name, a2, out->n + 1);
		XGROW(out->ord, a3, out->n + 1);
		out->id[out->n] = store_column_dup(s, 0);
		out->name[out->n] = store_column_dup(s, 1);
		out->ord[out->n++] = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading task states"));
	return 0;
}

static void names_release(struct names *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		free(x->id[i]);
		free(x->name[i]);
	}
	free(x->id);
	free(x->name);
	free(x->ord);
}

/* The index of id in x (sorted by id, as SQLite's binary order), or -1. */
static long names_find(const struct names *x, const char *id)
{
	size_t lo = 0, hi = x->n, mid;
	int c;

	while (id && lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(id, x->id[mid]);
		if (!c)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Only the owners of routes to ?4 (when a recipient is given at all:
 * SQLite would read the subquery's tasks even for a NULL ?4). */
#define RECIPIENT_OWNERS \
	" AND t.unit_id IN (SELECT r.unit_id" \
	"  FROM tasks r WHERE r.run_id = ?1" \
	"  AND r.recipient = ?4 AND r.occurrence IS NOT NULL)"

#define OPEN_NOW_SQL \
	"SELECT t.unit_id, t.step_id, t.due, t.state, t.last_seq FROM tasks t" \
	" WHERE t.run_id = ?1 AND " STORE_TASK_SHOWN("t") \
	" AND t.state NOT IN ('done', 'skipped')" \
	" AND (t.due < ?3 OR t.state IN ('blocked', 'failed'))"
#define OPEN_NOW_ORDER " ORDER BY t.unit_id, t.step_id"

/*
 * The current state: the open tasks' columns all sit in tasks_by_unit,
 * which the pass reads in order, without a table row or a sort; names
 * and titles come from the few units and steps, and a stopped task's
 * reason from its last event.
 */
static int open_now(struct store *st, int64_t run_id, instant_t due_before,
		    const char *recipient,
		    int (*fn)(void *, const struct store_report_open *,
			      struct err *),
		    void *ctx, struct err *err)
{
	struct names units, steps;
	sqlite3_stmt *s = NULL, *q = NULL;
	int rc = SQLITE_DONE, ret = -1;
	long u = -1, p = -1;

	memset(&steps, 0, sizeof(steps));
	if (read_names(st, "SELECT id, name, ord FROM units WHERE run_id = ?1"
		       " ORDER BY id", run_id, &units, err) ||
	    read_names(st, "SELECT id, title, ord FROM steps WHERE run_id = ?1"
		       " ORDER BY id", run_id, &steps, err) ||
	    store_prepare(st, recipient ?
			  OPEN_NOW_SQL RECIPIENT_OWNERS OPEN_NOW_ORDER :
			  OPEN_NOW_SQL OPEN_NOW_ORDER, &s, err) ||
	    store_prepare(st, "SELECT at, comment FROM events WHERE seq = ?1",
			  &q, err))
		goto done;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 3, due_before);
	store_bind_text(s, 4, recipient);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_report_open row;

		memset(&row, 0, sizeof(row));
		row.unit_id = (const char *)sqlite3_column_text(s, 0);
		row.step_id = (const char *)sqlite3_column_text(s, 1);
		row.due = sqlite3_column_int64(s, 2);
		if (!row.unit_id || !row.step_id ||
		    task_state_parse((const char *)sqlite3_column_text(s, 3),
				     &row.state))
			continue;
		/* The rows come unit by unit, step by step: look up changes. */
		if (u < 0 || strcmp(units.id[u], row.unit_id))
			u = names_find(&units, row.unit_id);
		if (p < 0 || strcmp(steps.id[p], row.step_id))
			p = names_find(&steps, row.step_id);
		row.unit_name = u >= 0 ? units.name[u] : NULL;
		row.unit_ord = u >= 0 ? units.ord[u] : INT64_MAX;
		row.title = p >= 0 ? steps.name[p] : row.step_id;
		if (row.state != TASK_PENDING) {
			sqlite3_reset(q);
			sqlite3_bind_int64(q, 1, sqlite3_column_int64(s, 4));
			if (sqlite3_step(q) == SQLITE_ROW) {
				row.state_at = sqlite3_column_int64(q, 0);
				row.comment = (const char *)
					sqlite3_column_text(q, 1);
			}
		}
		if (fn(ctx, &row, err))
			goto done;
	}
	if (rc != SQLITE_DONE) {
		store_db_fail(st, err, N_("reading task states"));
		goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(s);
	sqlite3_finalize(q);
	names_release(&units);
	names_release(&steps);
	return ret;
}

int store_report_open_tasks(struct store *st, int64_t run_id, instant_t at,
			    instant_t due_before, const char *recipient,
			    int (*fn)(void *ctx,
				      const struct store_report_open *row,
				      struct err *err),
			    void *ctx, struct err *err)
{
	struct store_report_state then;
	sqlite3_stmt *s, *q = NULL;
	int rc, ret = 0;

	if (at == STORE_REPORT_CURRENT)
		return open_now(st, run_id, due_before, recipient, fn, ctx,
				err);
	/*
	 * The candidates are the tasks due before due_before and those
	 * stopped now, and the settled ones that changed since `at`; the
	 * last change's instant (e.at) says whether the cached state was
	 * already so at `at`, and only when it was not are the task's
	 * events read (a past day's report).
	 */
	if (store_prepare(st, "SELECT t.unit_id, u.name, t.key, t.step_id,"
			  " p.title, t.due, t.state, e.at, e.comment,"
			  " coalesce(u.ord, " LAST_ORD ")"
			  " FROM tasks t"
			  " LEFT JOIN events e ON e.seq = t.last_seq"
			  " LEFT JOIN units u ON u.run_id = t.run_id"
			  "  AND u.id = t.unit_id"
			  " LEFT JOIN steps p ON p.run_id = t.run_id"
			  "  AND p.id = t.step_id"
			  " WHERE t.run_id = ?1 AND " STORE_TASK_SHOWN("t")
			  " AND (t.due < ?3 OR t.state IN ('blocked', 'failed'))"
			  " AND (t.state NOT IN ('done', 'skipped')"
			  "  OR e.at > ?2)"
			  " AND (?4 IS NULL OR t.unit_id IN (SELECT r.unit_id"
			  "  FROM tasks r WHERE r.run_id = ?1"
			  "  AND r.recipient = ?4 AND r.occurrence IS NOT NULL))"
			  " ORDER BY t.unit_id, t.due, t.key", &s, err) ||
	    store_prepare(st, state_at_sql, &q, err)) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_int64(s, 3, due_before);
	store_bind_text(s, 4, recipient);
	memset(&then, 0, sizeof(then));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_report_open row;
		enum task_state state = TASK_PENDING;
		int known = !task_state_parse((const char *)
					      sqlite3_column_text(s, 6),
					      &state);

		memset(&row, 0, sizeof(row));
		row.unit_id = (const char *)sqlite3_column_text(s, 0);
		row.unit_name = (const char *)sqlite3_column_text(s, 1);
		row.key = (const char *)sqlite3_column_text(s, 2);
		row.step_id = (const char *)sqlite3_column_text(s, 3);
		row.title = (const char *)sqlite3_column_text(s, 4);
		row.due = sqlite3_column_int64(s, 5);
		row.state = state;
		row.unit_ord = sqlite3_column_int64(s, 9);
		if (sqlite3_column_type(s, 7) != SQLITE_NULL &&
		    sqlite3_column_int64(s, 7) > at) {
			/* Changed since: the state it had then. */
			if (state_at(st, q, run_id, row.key, at, &then, err)) {
				ret = -1;
				break;
			}
			row.state = then.state;
			known = 1;
			row.comment = then.comment;
			row.state_at = then.at;
		} else if (known && state != TASK_PENDING) {
			row.comment = (const char *)sqlite3_column_text(s, 8);
			row.state_at = sqlite3_column_int64(s, 7);
		}
		if (known && row.unit_id && row.key &&
		    !task_state_settled(row.state) &&
		    (row.due < due_before || task_state_stopped(row.state)) &&
		    fn(ctx, &row, err)) {
			ret = -1;
			break;
		}
		store_report_state_release(&then);
	}
	store_report_state_release(&then);
	sqlite3_finalize(s);
	sqlite3_finalize(q);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading task states"));
	return ret;
}

int store_report_unit_open(struct store *st, int64_t run_id,
			   const char *unit_id, instant_t due_before,
			   int (*fn)(void *ctx,
				     const struct store_report_open *row,
				     struct err *err),
			   void *ctx, struct err *err)
{
	sqlite3_stmt *s;
	int rc, ret = 0;

	if (store_prepare_kept(st, "SELECT t.step_id, p.title, t.due, t.state,"
			       " e.at, e.comment FROM tasks t"
			       " LEFT JOIN events e ON e.seq = t.last_seq"
			       " LEFT JOIN steps p ON p.run_id = t.run_id"
			       "  AND p.id = t.step_id"
			       " WHERE t.run_id = ?1 AND t.unit_id = ?2"
			       " AND " STORE_TASK_SHOWN("t")
			       " AND t.state NOT IN ('done', 'skipped')"
			       " AND (t.due < ?3"
			       "  OR t.state IN ('blocked', 'failed'))"
			       " ORDER BY +t.due, t.step_id", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, unit_id);
	sqlite3_bind_int64(s, 3, due_before);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_report_open row;

		memset(&row, 0, sizeof(row));
		row.unit_id = unit_id;
		row.step_id = (const char *)sqlite3_column_text(s, 0);
		row.title = (const char *)sqlite3_column_text(s, 1);
		row.due = sqlite3_column_int64(s, 2);
		if (!row.step_id ||
		    task_state_parse((const char *)sqlite3_column_text(s, 3),
				     &row.state))
			continue;
		if (!row.title)
			row.title = row.step_id;
		if (row.state != TASK_PENDING) {
			row.state_at = sqlite3_column_int64(s, 4);
			row.comment = (const char *)sqlite3_column_text(s, 5);
		}
		if (fn(ctx, &row, err)) {
			ret = -1;
			break;
		}
	}
	store_release(st, s);
	if (!ret && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading task states"));
	return ret;
}

int store_report_items(struct store *st, int64_t run_id,
		       struct store_report_item **out, size_t *n,
		       struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* SQLite takes the bare column title from the row of min(ord). */
	if (store_prepare(st, "SELECT directive, title, min(ord) FROM steps"
			  " WHERE run_id = ? AND directive IS NOT NULL"
			  " GROUP BY directive ORDER BY min(ord)", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		(*out)[*n].id = store_column_dup(s, 0);
		(*out)[(*n)++].title = store_column_dup(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_report_items_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the steps"));
	}
	return 0;
}

void store_report_items_free(struct store_report_item *it, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(it[i].id);
		free(it[i].title);
	}
	free(it);
}

static void store_report_waiver_release(struct store_report_waiver *w)
{
	free(w->key);
	free(w->unit_name);
	free(w->title);
	free(w->by);
	free(w->reason);
}

static int cmp_waiver(const void *a, const void *b)
{
	const struct store_report_waiver *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(x->key, y->key);
}

int store_report_waivers(struct store *st, int64_t run_id, size_t limit,
			 struct store_report_waiver **out, size_t *n,
			 size_t *total, struct err *err)
{
	struct store_exception *x;
	size_t nx, i;

	*out = NULL;
	*n = *total = 0;
	/* The same sign-offs as status and every report list (store_decision.c). */
	if (store_exceptions(st, run_id, NULL, &x, &nx, err))
		return -1;
	*out = xcalloc(nx + 1, sizeof(**out));
	for (i = 0; i < nx; i++) {
		struct store_report_waiver *w = &(*out)[i];

		w->key = x[i].task_key;
		w->unit_name = x[i].unit_name ? x[i].unit_name :
			xstrdup(x[i].unit_id);
		w->title = x[i].title;
		w->by = x[i].by;
		w->at = x[i].at;
		w->reason = x[i].reason;
		w->forced = x[i].forced;
		w->waived = x[i].waived;
		x[i].task_key = x[i].unit_name = x[i].title = x[i].by = NULL;
		x[i].reason = NULL;
	}
	store_exceptions_free(x, nx);
	/* By time: a sign-off imported with the time it claims goes there. */
	qsort(*out, nx, sizeof(**out), cmp_waiver);
	*total = nx;
	*n = limit && nx > limit ? limit : nx;
	for (i = *n; i < nx; i++)
		store_report_waiver_release(&(*out)[i]);
	return 0;
}

void store_report_waivers_free(struct store_report_waiver *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_report_waiver_release(&w[i]);
	free(w);
}

int store_report_evidence(struct store *st, const char *json,
			  struct store_report_field **out, size_t *n,
			  struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!json || !*json)
		return 0;
	/*
	 * Files are {"blake2b", "name", "size"}, a waiver {"findings":
	 * [...], "reason"}; every other value is a string.  CASE keeps the
	 * JSON functions off the plain strings, which are not JSON.
	 */
	if (store_prepare(st, "SELECT j.key, j.type,"
			  " CASE WHEN j.type <> 'object' THEN j.value END,"
			  " CASE WHEN j.type = 'object' THEN"
			  "  coalesce(json_extract(j.value, '$.name'),"
			  "  json_extract(j.value, '$.reason')) END,"
			  " CASE WHEN j.type = 'object' THEN"
			  "  json_extract(j.value, '$.blake2b') END,"
			  " CASE WHEN j.type = 'object' THEN"
			  "  json_extract(j.value, '$.size') END,"
			  " CASE WHEN j.type = 'object' THEN (SELECT"
			  "  group_concat(f.value, '; ') FROM"
			  "  json_each(j.value, '$.findings') f) END"
			  " FROM json_each(?1) j"
			  /* said in the decisions section, not as evidence */
			  " WHERE j.key NOT IN ('forced-past', 'gate-decision')"
			  " ORDER BY j.id", &s, err))
		return -1;
	store_bind_text(s, 1, json);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_report_field *f;
		const char *type = (const char *)sqlite3_column_text(s, 1);
		int object = type && !strcmp(type, "object");

		XGROW(*out, alloc, *n + 1);
		f = &(*out)[(*n)++];
		memset(f, 0, sizeof(*f));
		f->key = store_column_dup(s, 0);
		f->value = store_column_dup(s, object ? 3 : 2);
		f->hash = store_column_dup(s, 4);
		f->size = sqlite3_column_int64(s, 5);
		f->findings = store_column_dup(s, 6);
		f->type = !object ? STORE_FIELD_TEXT :
			f->hash ? STORE_FIELD_FILE :
			f->findings || (f->key && !strcmp(f->key, "waiver")) ?
			STORE_FIELD_WAIVER : STORE_FIELD_TEXT;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_report_fields_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading evidence"));
	}
	return 0;
}

void store_report_fields_free(struct store_report_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].key);
		free(f[i].value);
		free(f[i].hash);
		free(f[i].findings);
	}
	free(f);
}

int store_report_json_text(struct store *st, const char *json,
			   const char *path, char **out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	if (!json || !*json)
		return 0;
	if (store_prepare(st, "SELECT CASE WHEN json_valid(?1) THEN"
			  " json_extract(?1, ?2) END", &s, err))
		return -1;
	store_bind_text(s, 1, json);
	store_bind_text(s, 2, path);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_TEXT)
		*out = store_column_dup(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading evidence"));
	return 0;
}

int store_report_find_step(struct store *st, int64_t run_id,
			   const char *const *keys, size_t nkeys,
			   char **step_id, struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	size_t i;
	int rc;

	*step_id = NULL;
	strbuf_adds(&sql, "SELECT p.id FROM steps p WHERE p.run_id = ?1"
		    " AND EXISTS (SELECT 1 FROM tasks t JOIN events e"
		    "  ON e.seq = t.last_seq WHERE t.run_id = p.run_id"
		    "  AND t.step_id = p.id AND " STORE_TASK_SHOWN("t")
		    "  AND json_valid(e.evidence)");
	for (i = 0; i < nkeys; i++)
		strbuf_addf(&sql, " AND json_extract(e.evidence,"
			    " '$.\"' || ?%zu || '\"') IS NOT NULL", i + 2);
	strbuf_adds(&sql, ") ORDER BY p.ord LIMIT 1");
	rc = store_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	for (i = 0; i < nkeys; i++)
		store_bind_text(s, (int)i + 2, keys[i]);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*step_id = store_column_dup(s, 0);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("finding the step"));
	return 0;
}
