/*
 * Duty rosters: shifts on the roster of a run.  Every change is a ledger
 * event carrying the whole shift, so the roster can be read back from the
 * ledger; the shifts table is the queryable copy, written in the same
 * transaction.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "json.h"
#include "store_int.h"
#include "xalloc.h"
#include "banned.h"

static void instant_json(struct strbuf *out, const char *key, instant_t t,
			 int first)
{
	struct strbuf sb = STRBUF_INIT;

	clock_format_rfc3339(&sb, t, NULL);  /* UTC, as the ledger keeps it */
	json_key_string(out, key, sb.buf, first);
	strbuf_release(&sb);
}

static int find_same_shift(struct store *st, int64_t run_id,
			   const struct store_shift *sh, int64_t *id,
			   struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT id FROM shifts WHERE run_id = ?"
			  " AND unit_id = ? AND role = ? AND person = ?"
			  " AND from_at = ? AND to_at = ?"
			  " AND removed_seq IS NULL", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, sh->unit_id);
	store_bind_text(s, 3, sh->role);
	store_bind_text(s, 4, sh->person);
	sqlite3_bind_int64(s, 5, sh->from);
	sqlite3_bind_int64(s, 6, sh->to);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the roster"));
	return rc == SQLITE_ROW;
}

int store_add_shift(struct store *st, const struct store_run *run,
		    struct store_shift *sh, const char *actor, instant_t at,
		    struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t seq, id;
	int rc;

	if (sh->to <= sh->from)
		return fail(err, "%s", _("a shift must end after it starts"));
	if (field_check("person", sh->person, FIELD_NAME_MAX, FIELD_LINE, err) ||
	    field_check("role", sh->role, FIELD_NAME_MAX, FIELD_LINE, err) ||
	    field_check("phone", sh->phone, FIELD_NAME_MAX, FIELD_LINE, err))
		return -1;
	rc = find_same_shift(st, run->id, sh, &sh->id, err);
	if (rc)
		return rc;
	if (store_prepare(st, "SELECT coalesce(max(id), 0) + 1 FROM shifts",
			  &s, err))
		return -1;
	rc = sqlite3_step(s);
	id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("numbering the shift"));

	strbuf_addch(&json, '{');
	instant_json(&json, "from", sh->from, 1);
	json_key_string(&json, "person", sh->person, 0);
	json_key_string(&json, "phone", sh->phone, 0);
	json_key_string(&json, "role", sh->role, 0);
	json_key_int(&json, "shift", id, 0);
	instant_json(&json, "to", sh->to, 0);
	strbuf_addch(&json, '}');

	rc = store_run_event(st, run, "shift-added", actor, sh->unit_id, at,
			     NULL, json.buf, &seq, err);
	strbuf_release(&json);
	if (rc)
		return -1;
	if (store_prepare(st, "INSERT INTO shifts (id, run_id, unit_id, role,"
			  " person, phone, from_at, to_at, added_seq)"
			  " VALUES (?,?,?,?,?,?,?,?,?)", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->id);
	store_bind_text(s, 3, sh->unit_id);
	store_bind_text(s, 4, sh->role);
	store_bind_text(s, 5, sh->person);
	store_bind_text(s, 6, sh->phone);
	sqlite3_bind_int64(s, 7, sh->from);
	sqlite3_bind_int64(s, 8, sh->to);
	sqlite3_bind_int64(s, 9, seq);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("adding the shift"));
	sh->id = id;
	sh->added_seq = seq;
	return 0;
}

int store_remove_shift(struct store *st, const struct store_run *run,
		       int64_t id, const char *actor, instant_t at,
		       const char *reason, struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	char *unit_id;
	int64_t seq;
	int rc;

	if (store_prepare(st, "SELECT unit_id FROM shifts WHERE run_id = ?"
			  " AND id = ? AND removed_seq IS NULL", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run->id);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	unit_id = rc == SQLITE_ROW ? store_column_dup(s, 0) : NULL;
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE) {
		fail(err, _("no shift %lld on the roster of run '%s'"),
		     (long long)id, run->name);
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the roster"));

	strbuf_addch(&json, '{');
	json_key_int(&json, "shift", id, 1);
	strbuf_addch(&json, '}');
	rc = store_run_event(st, run, "shift-removed", actor, unit_id, at,
			     reason, json.buf, &seq, err);
	strbuf_release(&json);
	free(unit_id);
	if (rc)
		return -1;
	if (store_prepare(st, "UPDATE shifts SET removed_seq = ? WHERE id = ?",
			  &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("removing the shift"));
	return 0;
}

int store_shifts(struct store *st, int64_t run_id, const char *unit_id,
		 const char *role, struct store_shift **out, size_t *n,
		 struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	struct store_shift *sh;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT h.id, h.unit_id, h.role, h.person,"
			  " h.phone, h.from_at, h.to_at, e.actor, e.at"
			  " FROM shifts h"
			  " JOIN events e ON e.seq = h.added_seq"
			  " LEFT JOIN units u ON u.run_id = h.run_id"
			  "  AND u.id = h.unit_id"
			  " WHERE h.run_id = ?1 AND h.removed_seq IS NULL"
			  " AND (?2 IS NULL OR h.unit_id = ?2)"
			  " AND (?3 IS NULL OR h.role = ?3)"
			  " ORDER BY u.ord, h.unit_id, h.role, h.from_at, h.id",
			  &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, unit_id);
	store_bind_text(s, 3, role);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		sh = &(*out)[(*n)++];
		sh->id = sqlite3_column_int64(s, 0);
		sh->unit_id = store_column_dup(s, 1);
		sh->role = store_column_dup(s, 2);
		sh->person = store_column_dup(s, 3);
		sh->phone = store_column_dup(s, 4);
		sh->from = sqlite3_column_int64(s, 5);
		sh->to = sqlite3_column_int64(s, 6);
		sh->added_by = store_column_dup(s, 7);
		sh->added_at = sqlite3_column_int64(s, 8);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_shifts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the roster"));
	}
	return 0;
}

void store_shifts_free(struct store_shift *shifts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(shifts[i].unit_id);
		free(shifts[i].role);
		free(shifts[i].person);
		free(shifts[i].phone);
		free(shifts[i].added_by);
	}
	free(shifts);
}

#define DUTIES_SELECT \
	"SELECT t.unit_id, u.name, p.roster, min(p.id) FROM steps p" \
	" CROSS JOIN tasks t ON " STORE_STEP_TASKS("p", "t") \
	" JOIN units u ON u.run_id = t.run_id AND u.id = t.unit_id" \
	" WHERE p.run_id = ?1 AND p.roster IS NOT NULL" \
	" AND " STORE_TASK_SHOWN("t")
#define DUTIES_ORDER \
	" GROUP BY t.unit_id, p.roster ORDER BY u.ord, p.roster"

int store_duties(struct store *st, int64_t run_id, const char *unit_id,
		 struct store_duty **out, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	struct store_duty *d;
	int rc;

	*out = NULL;
	*n = 0;
	/* From the roster steps to their tasks (CROSS JOIN keeps that order). */
	if (store_prepare(st, unit_id ?
			  DUTIES_SELECT " AND t.unit_id = ?2" DUTIES_ORDER :
			  DUTIES_SELECT DUTIES_ORDER, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, unit_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		d = &(*out)[(*n)++];
		d->unit_id = store_column_dup(s, 0);
		d->unit_name = store_column_dup(s, 1);
		d->role = store_column_dup(s, 2);
		d->step_id = store_column_dup(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_duties_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the roster steps"));
	}
	return 0;
}

void store_duties_free(struct store_duty *duties, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(duties[i].unit_id);
		free(duties[i].unit_name);
		free(duties[i].role);
		free(duties[i].step_id);
	}
	free(duties);
}

int store_duty_signed(struct store *st, int64_t run_id, const char *unit_id,
		      const char *role, char ***keys, size_t *n,
		      struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*keys = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT t.key FROM steps p CROSS JOIN tasks t ON "
			  STORE_STEP_TASKS("p", "t") " WHERE p.run_id = ?1"
			  " AND p.roster = ?3 AND t.unit_id = ?2"
			  " AND t.state = 'done' AND " STORE_TASK_SHOWN("t")
			  " ORDER BY t.due, t.key", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, unit_id);
	store_bind_text(s, 3, role);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*keys, alloc, *n + 1);
		(*keys)[(*n)++] = store_column_dup(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the roster steps"));
	return 0;
}
