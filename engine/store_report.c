/*
 * The reports' queries.  Read-only: nothing here opens a transaction or
 * writes.  A task's state at an instant is derived the way store.c
 * derives the current one: the last of its done, skipped, failed,
 * blocked or reopened events (reopened makes it pending again).
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

int store_report_states_at(struct store *st, int64_t run_id, instant_t at,
			   struct store_report_state **out, size_t *n,
			   struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* The same tasks and order as store_tasks: live ones, by due, key. */
	if (store_prepare(st, "SELECT t.key, e.kind, e.at, e.actor, e.comment,"
			  " e.evidence FROM tasks t"
			  " LEFT JOIN events e ON e.seq = (SELECT max(x.seq)"
			  "  FROM events x WHERE x.run_id = t.run_id"
			  "  AND x.task_key = t.key AND x.at <= ?2"
			  "  AND x.kind IN ('done', 'skipped', 'failed',"
			  "  'blocked', 'reopened'))"
			  " WHERE t.run_id = ?1 AND t.archived_seq IS NULL"
			  " ORDER BY t.due, t.key",
			  &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, at);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_report_state *r;
		const char *kind = (const char *)sqlite3_column_text(s, 1);

		XGROW(*out, alloc, *n + 1);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->key = store_column_dup(s, 0);
		if (!kind || !strcmp(kind, "reopened")) {
			r->state = xstrdup("pending");
			continue;
		}
		r->state = xstrdup(kind);
		r->at = sqlite3_column_int64(s, 2);
		r->by = store_column_dup(s, 3);
		r->comment = store_column_dup(s, 4);
		r->evidence = store_column_dup(s, 5);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_report_states_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading task states"));
	}
	return 0;
}

void store_report_states_free(struct store_report_state *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].key);
		free(r[i].state);
		free(r[i].by);
		free(r[i].comment);
		free(r[i].evidence);
	}
	free(r);
}

int store_report_events(struct store *st, int64_t run_id, instant_t from,
			instant_t to, struct store_report_event **out,
			size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/*
	 * What an event is about, for the events that are not about a
	 * task: the difficulty (its number and text), the shift (who, in
	 * what role).
	 */
	if (store_prepare(st, "SELECT e.seq, e.task_key, e.kind, e.actor,"
			  " coalesce(t.unit_id, e.unit_id), e.at,"
			  " coalesce(CASE e.kind"
			  "  WHEN 'issue-raised' THEN (SELECT '#' || i.number"
			  "   || ': ' || i.text FROM issues i"
			  "   WHERE i.run_id = e.run_id AND i.raised_seq = e.seq)"
			  "  WHEN 'issue-resolved' THEN (SELECT '#' || i.number"
			  "   || ': ' || coalesce(e.comment, '') FROM issues i"
			  "   WHERE i.run_id = e.run_id"
			  "   AND i.resolved_seq = e.seq)"
			  "  WHEN 'shift-added' THEN (SELECT s.person || ' ('"
			  "   || s.role || ')' FROM shifts s"
			  "   WHERE s.run_id = e.run_id AND s.added_seq = e.seq)"
			  " END, e.comment), p.title FROM events e"
			  " LEFT JOIN tasks t ON t.run_id = e.run_id"
			  "  AND t.key = e.task_key"
			  " LEFT JOIN steps p ON p.run_id = t.run_id"
			  "  AND p.id = t.step_id"
			  " WHERE e.run_id = ?1 AND e.at >= ?2 AND e.at < ?3"
			  /*
			   * A message the engine sent a unit (reminders, the
			   * routed report) is not something the unit did.
			   */
			  " AND e.kind <> 'message'"
			  " ORDER BY e.at, e.seq", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_report_event *e;

		XGROW(*out, alloc, *n + 1);
		e = &(*out)[(*n)++];
		e->seq = sqlite3_column_int64(s, 0);
		e->task_key = store_column_dup(s, 1);
		e->kind = store_column_dup(s, 2);
		e->actor = store_column_dup(s, 3);
		e->unit_id = store_column_dup(s, 4);
		e->at = sqlite3_column_int64(s, 5);
		e->comment = store_column_dup(s, 6);
		e->title = store_column_dup(s, 7);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_report_events_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading events"));
	}
	return 0;
}

void store_report_events_free(struct store_report_event *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].task_key);
		free(e[i].kind);
		free(e[i].actor);
		free(e[i].unit_id);
		free(e[i].comment);
		free(e[i].title);
	}
	free(e);
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
			  " FROM json_each(?1) j ORDER BY j.id", &s, err))
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
		    "  AND t.step_id = p.id AND t.archived_seq IS NULL"
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
