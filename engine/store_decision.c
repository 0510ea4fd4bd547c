/*
 * What the night's decisions left in the ledger, for status, next, the
 * reports and the web: the history of each gate, the sign-offs that
 * passed by exception (waived, forced), the done tasks that rest on a
 * requirement that is open again, the dependents a cascade reopens, the
 * open live run of a runbook and the approvals a run recorded.
 * Read-only; a decision's details are read from the event's evidence
 * with SQLite's JSON functions (the engine writes JSON, parses none).
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "xalloc.h"
#include "banned.h"

/* A JSON path of the event's evidence, NULL when it is not JSON. */
#define EV_JSON(path) \
	"CASE WHEN json_valid(e.evidence) THEN json_extract(e.evidence, '" \
	path "') END"

/* The open tasks of alias d that require task `t`: they wait on it. */
#define WAITING(t) \
	"(SELECT count(*) FROM task_requires r JOIN tasks d" \
	" ON d.id = r.task_id WHERE r.required_id = " t ".id" \
	" AND d.state NOT IN ('done', 'skipped') AND " STORE_TASK_SHOWN("d") ")"

/* The fallback tasks of gate step p shown now, all or settled ones. */
#define FALLBACK(extra) \
	"(SELECT count(*) FROM steps fp CROSS JOIN tasks f" \
	" ON " STORE_STEP_TASKS("fp", "f") " WHERE fp.run_id = p.run_id" \
	" AND fp.fallback = p.id AND " STORE_TASK_SHOWN("f") extra ")"

#define CURRENT_NO_GO "e.seq = t.last_seq AND e.kind = 'failed'"

int store_decisions(struct store *st, int64_t run_id,
		    struct store_decision **out, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT e.seq, t.key, t.unit_id, u.name, p.title,"
		    " e.kind, CASE WHEN e.kind = 'reopened' THEN NULL ELSE"
		    "  coalesce(" EV_JSON("$.\"gate-decision\".outcome") ","
		    "  CASE e.kind WHEN 'done' THEN 'go' ELSE 'no-go' END) END,"
		    " coalesce(" EV_JSON("$.\"gate-decision\".conditions") ","
		    "  " EV_JSON("$.\"gate-decision\".reason") ", CASE WHEN e.kind <>"
		    "  'done' THEN e.comment END),"
		    " e.actor, e.at, e.auth, e.seq = t.last_seq,"
		    " CASE WHEN " CURRENT_NO_GO " THEN " WAITING("t") " END,"
		    " CASE WHEN " CURRENT_NO_GO " THEN " FALLBACK("") " END,"
		    " CASE WHEN " CURRENT_NO_GO " THEN "
		    FALLBACK(" AND f.state IN ('done', 'skipped')") " END"
		    " FROM steps p CROSS JOIN tasks t ON "
		    STORE_STEP_TASKS("p", "t")
		    " JOIN events e ON e.run_id = t.run_id AND e.task_key = t.key"
		    " AND e.kind IN ('done', 'failed', 'reopened')"
		    " LEFT JOIN units u ON u.run_id = t.run_id AND u.id = t.unit_id"
		    " WHERE p.run_id = ?1 AND p.gate AND t.archived_seq IS NULL"
		    " ORDER BY e.seq", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_decision *d;

		XGROW(*out, alloc, *n + 1);
		d = &(*out)[(*n)++];
		memset(d, 0, sizeof(*d));
		d->seq = sqlite3_column_int64(s, 0);
		d->task_key = store_column_dup(s, 1);
		d->unit_id = store_column_dup(s, 2);
		d->unit_name = store_column_dup(s, 3);
		d->title = store_column_dup(s, 4);
		d->kind = store_column_dup(s, 5);
		d->outcome = store_column_dup(s, 6);
		d->text = store_column_dup(s, 7);
		d->by = store_column_dup(s, 8);
		d->at = sqlite3_column_int64(s, 9);
		d->auth = store_column_dup(s, 10);
		d->current = sqlite3_column_int(s, 11);
		d->held = sqlite3_column_int64(s, 12);
		d->fallback = sqlite3_column_int64(s, 13);
		d->fallback_done = sqlite3_column_int64(s, 14);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_decisions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the gates' decisions"));
	}
	return 0;
}

void store_decisions_free(struct store_decision *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(d[i].task_key);
		free(d[i].unit_id);
		free(d[i].unit_name);
		free(d[i].title);
		free(d[i].kind);
		free(d[i].outcome);
		free(d[i].text);
		free(d[i].by);
		free(d[i].auth);
	}
	free(d);
}

int store_exceptions(struct store *st, int64_t run_id, const char *unit_id,
		     struct store_exception **out, size_t *n,
		     struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/*
	 * From the few events events_waiving holds to their tasks (the
	 * CROSS JOIN keeps that order), where the event is the task's state.
	 */
	if (store_prepare(st, "SELECT e.seq, t.key, t.unit_id, u.name, p.title,"
		    " e.actor, e.at, e.auth,"
		    " " EV_JSON("$.waiver") " IS NOT NULL,"
		    " CASE WHEN json_valid(e.evidence) THEN"
		    "  json_array_length(e.evidence, '$.waiver.findings') END,"
		    /* a forced sign-off's reason: the signer's comment */
		    " coalesce(" EV_JSON("$.waiver.reason") ", e.comment),"
		    " " EV_JSON("$.\"forced-past\"") " IS NOT NULL,"
		    " CASE WHEN json_valid(e.evidence) THEN (SELECT"
		    "  group_concat(j.value, ', ') FROM json_each(e.evidence,"
		    "  '$.\"forced-past\".requires') j) END,"
		    " " EV_JSON("$.\"forced-past\".start") ","
		    " " EV_JSON("$.\"forced-past\".open")
		    " FROM events e CROSS JOIN tasks t ON t.run_id = e.run_id"
		    "  AND t.key = e.task_key"
		    " LEFT JOIN units u ON u.run_id = t.run_id AND u.id = t.unit_id"
		    " LEFT JOIN steps p ON p.run_id = t.run_id AND p.id = t.step_id"
		    " WHERE e.run_id = ?1"
		    " AND " STORE_EXCEPTION_EVIDENCE("e.evidence")
		    " AND t.last_seq = e.seq AND t.state = 'done'"
		    " AND " STORE_TASK_SHOWN("t")
		    " AND (?2 IS NULL OR t.unit_id = ?2)"
		    " AND json_valid(e.evidence)"
		    " AND (json_extract(e.evidence, '$.waiver') IS NOT NULL"
		    "  OR json_extract(e.evidence, '$.\"forced-past\"')"
		    "  IS NOT NULL)"
		    " ORDER BY e.seq", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, unit_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_exception *x;

		XGROW(*out, alloc, *n + 1);
		x = &(*out)[(*n)++];
		memset(x, 0, sizeof(*x));
		x->seq = sqlite3_column_int64(s, 0);
		x->task_key = store_column_dup(s, 1);
		x->unit_id = store_column_dup(s, 2);
		x->unit_name = store_column_dup(s, 3);
		x->title = store_column_dup(s, 4);
		x->by = store_column_dup(s, 5);
		x->at = sqlite3_column_int64(s, 6);
		x->auth = store_column_dup(s, 7);
		x->waived = sqlite3_column_int(s, 8);
		x->findings = sqlite3_column_int64(s, 9);
		x->reason = store_column_dup(s, 10);
		x->forced = sqlite3_column_int(s, 11);
		x->forced_requires = store_column_dup(s, 12);
		x->forced_start = store_column_dup(s, 13);
		x->forced_open = sqlite3_column_int64(s, 14);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_exceptions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the waived and"
						 " forced sign-offs"));
	}
	return 0;
}

void store_exceptions_free(struct store_exception *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(x[i].task_key);
		free(x[i].unit_id);
		free(x[i].unit_name);
		free(x[i].title);
		free(x[i].by);
		free(x[i].auth);
		free(x[i].reason);
		free(x[i].forced_requires);
		free(x[i].forced_start);
	}
	free(x);
}

/* The open requirements of task t, as a subquery's FROM and WHERE. */
#define OPEN_REQUIRES(t) \
	" FROM task_requires r JOIN tasks q ON q.id = r.required_id" \
	" WHERE r.task_id = " t ".id AND q.state NOT IN ('done', 'skipped')"

/* What store_resting lists, whichever way it finds the tasks. */
#define RESTING_SELECT \
	"SELECT t.key, t.unit_id, u.name, p.title," \
	" (SELECT group_concat(k, ', ') FROM (SELECT q.key AS k" \
	OPEN_REQUIRES("t") " ORDER BY q.due, q.key LIMIT 5))," \
	" (SELECT count(*)" OPEN_REQUIRES("t") ")"
#define RESTING_JOINS \
	" LEFT JOIN events e ON e.seq = t.last_seq" \
	" LEFT JOIN units u ON u.run_id = t.run_id AND u.id = t.unit_id" \
	" LEFT JOIN steps p ON p.run_id = t.run_id AND p.id = t.step_id"
/* Forced past its requirements: an exception, said as one. */
#define RESTING_WHERE \
	" AND " STORE_TASK_SHOWN("t") \
	" AND NOT coalesce(instr(e.evidence, '\"forced-past\":') > 0, 0)" \
	" ORDER BY t.due, t.key"

int store_resting(struct store *st, int64_t run_id, const char *unit_id,
		  struct store_resting **out, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/*
	 * The whole run: from the dependencies whose required task is open
	 * (task_requires holds a few per task, and most tasks require
	 * nothing: reading them costs a fifth of a pass over the run's
	 * tasks), to the done tasks they belong to.  One unit (its web
	 * checklist, at every request): from its done tasks, through the
	 * unit's index, to what each requires.
	 */
	if (store_prepare(st, unit_id ?
			  RESTING_SELECT
			  /* not tasks_by_due, which ORDER BY would pick */
			  " FROM tasks t INDEXED BY tasks_by_unit" RESTING_JOINS
			  " WHERE t.run_id = ?1 AND t.unit_id = ?2"
			  " AND t.state = 'done' AND EXISTS (SELECT 1"
			  OPEN_REQUIRES("t") ")" RESTING_WHERE :
			  RESTING_SELECT
			  " FROM (SELECT DISTINCT r.task_id AS id"
			  "  FROM task_requires r"
			  "  CROSS JOIN tasks q ON q.id = r.required_id"
			  "  WHERE q.run_id = ?1"
			  "  AND q.state NOT IN ('done', 'skipped')) x"
			  " CROSS JOIN tasks t ON t.id = x.id" RESTING_JOINS
			  " WHERE t.run_id = ?1 AND t.state = 'done'"
			  " AND ?2 IS NULL" RESTING_WHERE, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, unit_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_resting *r;

		XGROW(*out, alloc, *n + 1);
		r = &(*out)[(*n)++];
		r->key = store_column_dup(s, 0);
		r->unit_id = store_column_dup(s, 1);
		r->unit_name = store_column_dup(s, 2);
		r->title = store_column_dup(s, 3);
		r->open = store_column_dup(s, 4);
		r->nopen = sqlite3_column_int64(s, 5);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_resting_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the tasks that rest"
						 " on open requirements"));
	}
	return 0;
}

void store_resting_free(struct store_resting *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].key);
		free(r[i].unit_id);
		free(r[i].unit_name);
		free(r[i].title);
		free(r[i].open);
	}
	free(r);
}

int store_dependents(struct store *st, int64_t run_id, int64_t task_id,
		     char ***keys, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*keys = NULL;
	*n = 0;
	/* UNION, not UNION ALL: a task reached twice is listed once. */
	if (store_prepare(st, "WITH RECURSIVE dep(id) AS ("
		    " SELECT r.task_id FROM task_requires r WHERE"
		    "  r.required_id = ?2"
		    " UNION SELECT r.task_id FROM task_requires r"
		    "  JOIN dep ON r.required_id = dep.id"
		    "  JOIN tasks x ON x.id = dep.id WHERE x.state = 'done')"
		    " SELECT t.key FROM dep JOIN tasks t ON t.id = dep.id"
		    " WHERE t.run_id = ?1 AND t.state = 'done'"
		    " AND " STORE_TASK_SHOWN("t")
		    " ORDER BY t.due, t.key", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, task_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*keys, alloc, *n + 1);
		(*keys)[(*n)++] = store_column_dup(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the dependent"
						 " tasks"));
	return 0;
}

int store_open_live_run(struct store *st, const char *runbook_id,
			int64_t except_id, char **name, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	*name = NULL;
	if (store_prepare(st, "SELECT r.name FROM runs r WHERE r.runbook_id = ?1"
		    " AND r.mode = 'live' AND r.id <> ?2 AND NOT EXISTS"
		    " (SELECT 1 FROM events e WHERE e.run_id = r.id"
		    "  AND e.task_key IS NULL AND e.kind = 'close')"
		    " ORDER BY r.id LIMIT 1", &s, err))
		return -1;
	store_bind_text(s, 1, runbook_id);
	sqlite3_bind_int64(s, 2, except_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*name = store_column_dup(s, 0);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the runs"));
	return 0;
}

int store_approval_event(struct store *st, int64_t run_id, const char *tag,
			 char **by, char **auth, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	*by = *auth = NULL;
	if (store_prepare(st, "SELECT e.actor, e.auth FROM events e"
		    " WHERE e.run_id = ?1 AND e.task_key IS NULL"
		    " AND e.kind = 'approve' AND " EV_JSON("$.tag") " = ?2"
		    " ORDER BY e.seq LIMIT 1", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, tag);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*by = store_column_dup(s, 0);
		*auth = store_column_dup(s, 1);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the run's"
						 " approvals"));
	return 0;
}
