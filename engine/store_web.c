/*
 * Web sessions and one-time links (store_web.h): two small tables on
 * the store's handle, outside the ledger.
 */
#include "store_web.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store_int.h"
#include "xalloc.h"
#include "banned.h"

void store_web_session_release(struct store_web_session *s)
{
	free(s->token_id);
	free(s->unit_id);
	free(s->person);
	free(s->csrf);
	memset(s, 0, sizeof(*s));
}

int store_web_add_session(struct store *st, int64_t run_id,
			  const char *hash, const char *token_id,
			  const char *person, const char *csrf,
			  instant_t now, instant_t expires_at,
			  struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "INSERT INTO web_sessions (hash, run_id,"
			  " token_id, person, csrf, created_at, expires_at)"
			  " VALUES (?,?,?,?,?,?,?)", &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, run_id);
	store_bind_text(s, 3, token_id);
	store_bind_text(s, 4, person);
	store_bind_text(s, 5, csrf);
	sqlite3_bind_int64(s, 6, now);
	sqlite3_bind_int64(s, 7, expires_at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the session"));
	return 0;
}

int store_web_session(struct store *st, int64_t run_id, const char *hash,
		      instant_t now, struct store_web_session *out,
		      struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if (store_prepare_kept(st, "SELECT w.token_id, t.unit_id, w.person,"
			       " w.csrf, w.created_at, w.expires_at"
			       " FROM web_sessions w JOIN tokens t"
			       " ON t.id = w.token_id AND t.run_id = w.run_id"
			       " WHERE w.hash = ?1 AND w.run_id = ?2"
			       " AND w.ended_at IS NULL AND w.expires_at > ?3"
			       " AND t.revoked_seq IS NULL", &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, run_id);
	sqlite3_bind_int64(s, 3, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->token_id = store_column_dup(s, 0);
		out->unit_id = store_column_dup(s, 1);
		out->person = store_column_dup(s, 2);
		out->csrf = store_column_dup(s, 3);
		out->created_at = sqlite3_column_int64(s, 4);
		out->expires_at = sqlite3_column_int64(s, 5);
	}
	store_release(st, s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_db_fail(st, err, N_("reading the session"));
}

int store_web_end_session(struct store *st, const char *hash, instant_t now,
			  struct err *err)
{
	sqlite3_stmt *s;

	if (store_prepare(st, "UPDATE web_sessions SET ended_at = ?"
			  " WHERE hash = ? AND ended_at IS NULL", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, now);
	store_bind_text(s, 2, hash);
	if (store_step_done(st, s, err, N_("ending the session"))) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

static int exec_purge(struct store *st, const char *sql, instant_t before,
		      int64_t *n, struct err *err)
{
	sqlite3_stmt *s;

	if (store_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, before);
	if (store_step_done(st, s, err, N_("forgetting old sessions"))) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	*n += sqlite3_changes(st->db);
	return 0;
}

int store_web_add_link(struct store *st, const char *hash,
		       const char *token_id, instant_t expires_at,
		       struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "INSERT INTO web_links (hash, token_id,"
			  " expires_at) VALUES (?,?,?)", &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	store_bind_text(s, 2, token_id);
	sqlite3_bind_int64(s, 3, expires_at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the link"));
	return 0;
}

int store_web_link(struct store *st, int64_t run_id, const char *hash,
		   instant_t now, int use, char **token_id, char **unit_id,
		   struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	*token_id = *unit_id = NULL;
	if (store_prepare(st, "SELECT l.token_id, t.unit_id FROM web_links l"
			  " JOIN tokens t ON t.id = l.token_id"
			  " WHERE l.hash = ? AND t.run_id = ?"
			  " AND l.used_at IS NULL AND l.expires_at > ?"
			  " AND t.revoked_seq IS NULL", &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, run_id);
	sqlite3_bind_int64(s, 3, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*token_id = store_column_dup(s, 0);
		*unit_id = store_column_dup(s, 1);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the link"));
	if (!use)
		return 0;
	if (store_prepare(st, "UPDATE web_links SET used_at = ? WHERE hash = ?",
			  &s, err))
		goto fail;
	sqlite3_bind_int64(s, 1, now);
	store_bind_text(s, 2, hash);
	rc = store_step_done(st, s, err, N_("using the link"));
	sqlite3_finalize(s);
	if (!rc)
		return 0;
fail:
	free(*token_id);
	free(*unit_id);
	*token_id = *unit_id = NULL;
	return -1;
}

int store_web_purge(struct store *st, instant_t before, int64_t *n,
		    struct err *err)
{
	*n = 0;
	if (store_begin(st, err))
		return -1;
	if (exec_purge(st, "DELETE FROM web_sessions WHERE expires_at < ?1"
		       " OR ended_at < ?1", before, n, err) ||
	    exec_purge(st, "DELETE FROM web_links WHERE expires_at < ?1"
		       " OR used_at < ?1", before, n, err) ||
	    store_commit(st, err)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int store_web_recent(struct store *st, int64_t run_id, size_t n,
		     struct store_web_event **out, size_t *count,
		     struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (store_prepare(st, "SELECT seq, task_key, kind, actor, unit_id, at,"
			  " coalesce(comment, json_extract(evidence, '$.text'),"
			  " json_extract(evidence, '$.person')), auth"
			  " FROM events WHERE run_id = ? ORDER BY seq DESC"
			  " LIMIT ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)n);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_web_event *e;

		XGROW(*out, alloc, *count + 1);
		e = &(*out)[(*count)++];
		e->seq = sqlite3_column_int64(s, 0);
		e->task_key = store_column_dup(s, 1);
		e->kind = store_column_dup(s, 2);
		e->actor = store_column_dup(s, 3);
		e->unit_id = store_column_dup(s, 4);
		e->at = sqlite3_column_int64(s, 5);
		e->note = store_column_dup(s, 6);
		e->auth = store_column_dup(s, 7);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_web_events_free(*out, *count);
		*out = NULL;
		*count = 0;
		return store_db_fail(st, err, N_("reading the latest events"));
	}
	return 0;
}

void store_web_events_free(struct store_web_event *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].task_key);
		free(e[i].kind);
		free(e[i].actor);
		free(e[i].unit_id);
		free(e[i].note);
		free(e[i].auth);
	}
	free(e);
}
