/*
 * Web sessions and one-time links (store_web.h): two tables on the
 * store's handle, each row the copy of the ledger events that made it.
 */
#include "store_web.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "store_int.h"
#include "xalloc.h"
#include "banned.h"

void store_web_session_release(struct store_web_session *s)
{
	free(s->token_id);
	free(s->unit_id);
	free(s->person);
	memset(s, 0, sizeof(*s));
}

/* Marks the link under hash used by event seq: 0, or -1 when it was not unused. */
static int use_link(struct store *st, const char *hash, int64_t seq,
		    struct err *err)
{
	sqlite3_stmt *s;

	if (store_prepare(st, "UPDATE web_links SET used_seq = ?"
			  " WHERE hash = ? AND used_seq IS NULL", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	store_bind_text(s, 2, hash);
	if (store_step_done(st, s, err, N_("using the link"))) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	if (sqlite3_changes(st->db) != 1)
		return fail(err, "%s", _("this link was used already"));
	return 0;
}

int store_web_open_session(struct store *st, const struct store_run *run,
			   const char *hash, const char *token_id,
			   const char *unit_id, const char *person,
			   const char *link_hash, instant_t now,
			   instant_t expires_at, struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t seq;
	int rc;

	strbuf_addch(&json, '{');
	json_key_int(&json, "expires", expires_at, 1);
	json_key_string(&json, "hash", hash, 0);
	if (link_hash)
		json_key_string(&json, "link", link_hash, 0);
	json_key_string(&json, "token", token_id, 0);
	strbuf_addch(&json, '}');
	rc = store_run_event(st, run, "session-opened", person, unit_id, now,
			     NULL, json.buf, &seq, err);
	strbuf_release(&json);
	if (rc || (link_hash && use_link(st, link_hash, seq, err)))
		return -1;
	if (store_prepare(st, "INSERT INTO web_sessions (hash, run_id,"
			  " token_id, person, expires_at, opened_seq)"
			  " VALUES (?,?,?,?,?,?)", &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, run->id);
	store_bind_text(s, 3, token_id);
	store_bind_text(s, 4, person);
	sqlite3_bind_int64(s, 5, expires_at);
	sqlite3_bind_int64(s, 6, seq);
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
			       " w.expires_at, w.opened_seq"
			       " FROM web_sessions w JOIN tokens t"
			       " ON t.id = w.token_id AND t.run_id = w.run_id"
			       " WHERE w.hash = ?1 AND w.run_id = ?2"
			       " AND w.closed_seq IS NULL AND w.expires_at > ?3"
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
		out->expires_at = sqlite3_column_int64(s, 3);
		out->opened_seq = sqlite3_column_int64(s, 4);
	}
	store_release(st, s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_db_fail(st, err, N_("reading the session"));
}

int store_web_close_session(struct store *st, const struct store_run *run,
			    const char *hash, instant_t now, struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	char *person, *unit_id, *token_id;
	int64_t seq;
	int rc, closed;

	if (store_prepare(st, "SELECT w.person, t.unit_id, w.token_id,"
			  " w.closed_seq IS NOT NULL FROM web_sessions w"
			  " JOIN tokens t ON t.id = w.token_id"
			  " WHERE w.hash = ? AND w.run_id = ?", &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, run->id);
	rc = sqlite3_step(s);
	person = rc == SQLITE_ROW ? store_column_dup(s, 0) : NULL;
	unit_id = rc == SQLITE_ROW ? store_column_dup(s, 1) : NULL;
	token_id = rc == SQLITE_ROW ? store_column_dup(s, 2) : NULL;
	closed = rc == SQLITE_ROW && sqlite3_column_int(s, 3);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the session"));
	if (closed) {
		rc = 1;
		goto done;
	}
	strbuf_addch(&json, '{');
	json_key_string(&json, "hash", hash, 1);
	json_key_string(&json, "token", token_id, 0);
	strbuf_addch(&json, '}');
	rc = store_run_event(st, run, "session-closed", person, unit_id, now,
			     NULL, json.buf, &seq, err);
	if (rc)
		goto done;
	if (store_prepare(st, "UPDATE web_sessions SET closed_seq = ?"
			  " WHERE hash = ?", &s, err)) {
		rc = -1;
		goto done;
	}
	sqlite3_bind_int64(s, 1, seq);
	store_bind_text(s, 2, hash);
	rc = store_step_done(st, s, err, N_("ending the session"));
	sqlite3_finalize(s);
done:
	strbuf_release(&json);
	free(person);
	free(unit_id);
	free(token_id);
	return rc;
}

int store_web_add_link(struct store *st, const struct store_run *run,
		       const char *hash, const char *token_id,
		       const char *unit_id, const char *by, instant_t now,
		       instant_t expires_at, struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t seq;
	int rc;

	strbuf_addch(&json, '{');
	json_key_int(&json, "expires", expires_at, 1);
	json_key_string(&json, "hash", hash, 0);
	json_key_string(&json, "token", token_id, 0);
	strbuf_addch(&json, '}');
	rc = store_run_event(st, run, "link-issued", by, unit_id, now, NULL,
			     json.buf, &seq, err);
	strbuf_release(&json);
	if (rc)
		return -1;
	if (store_prepare(st, "INSERT INTO web_links (hash, run_id, token_id,"
			  " expires_at, issued_seq) VALUES (?,?,?,?,?)",
			  &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, run->id);
	store_bind_text(s, 3, token_id);
	sqlite3_bind_int64(s, 4, expires_at);
	sqlite3_bind_int64(s, 5, seq);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the link"));
	return 0;
}

int store_web_link(struct store *st, int64_t run_id, const char *hash,
		   instant_t now, char **token_id, char **unit_id,
		   struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	*token_id = *unit_id = NULL;
	if (store_prepare(st, "SELECT l.token_id, t.unit_id FROM web_links l"
			  " JOIN tokens t ON t.id = l.token_id"
			  " AND t.run_id = l.run_id"
			  " WHERE l.hash = ? AND l.run_id = ?"
			  " AND l.used_seq IS NULL AND l.expires_at > ?"
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
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_db_fail(st, err, N_("reading the link"));
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
			  " FROM events WHERE run_id = ?"
			  " AND kind NOT IN " STORE_WEB_EVENT_KINDS
			  " ORDER BY seq DESC"
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
