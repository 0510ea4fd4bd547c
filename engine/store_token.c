/*
 * Unit tokens: who may act for a unit in a run that requires them.  A
 * token is issued and revoked by ledger events; the event that issued it
 * carries its id, unit and the hash of its secret, so that a hash planted
 * in the tokens table behind the engine's back is found by verify.  The
 * secret itself is never stored.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "i18n.h"
#include "json.h"
#include "store_int.h"
#include "xalloc.h"
#include "banned.h"

int store_add_token(struct store *st, const struct store_run *run,
		    const char *id, const char *unit_id, const char *reviewer,
		    const char *hash, const char *by, instant_t at,
		    int64_t *seq, struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	if (field_check("reviewer", reviewer, FIELD_NAME_MAX, FIELD_LINE, err))
		return -1;
	strbuf_addch(&json, '{');
	json_key_string(&json, "hash", hash, 1);
	json_key_string(&json, "token", id, 0);
	if (reviewer)
		json_key_string(&json, "reviewer", reviewer, 0);
	strbuf_addch(&json, '}');
	rc = store_run_event(st, run, "token-issued", by, unit_id, at, NULL,
			     json.buf, seq, err);
	strbuf_release(&json);
	if (rc)
		return -1;
	if (store_prepare(st, "INSERT INTO tokens (id, run_id, unit_id, hash,"
			  " issued_seq, reviewer) VALUES (?,?,?,?,?,?)", &s,
			  err))
		return -1;
	store_bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, run->id);
	store_bind_text(s, 3, unit_id);
	store_bind_text(s, 4, hash);
	sqlite3_bind_int64(s, 5, *seq);
	store_bind_text(s, 6, reviewer);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT)
		return fail(err, _("a token with id '%s' exists already"), id);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the token"));
	return 0;
}

int store_revoke_token(struct store *st, const struct store_run *run,
		       const char *id, const char *by, instant_t at,
		       const char *reason, struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	char *unit_id;
	int64_t seq;
	int rc, revoked;

	if (field_check("reason", reason, FIELD_TEXT_MAX, FIELD_LINES, err))
		return -1;
	if (store_prepare(st, "SELECT unit_id, revoked_seq IS NOT NULL"
			  " FROM tokens WHERE run_id = ? AND id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run->id);
	store_bind_text(s, 2, id);
	rc = sqlite3_step(s);
	unit_id = rc == SQLITE_ROW ? store_column_dup(s, 0) : NULL;
	revoked = rc == SQLITE_ROW && sqlite3_column_int(s, 1);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE) {
		fail(err, _("no token '%s' in run '%s'"), id, run->name);
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the token"));
	if (revoked) {
		free(unit_id);
		return 1;
	}
	strbuf_addch(&json, '{');
	json_key_string(&json, "token", id, 1);
	strbuf_addch(&json, '}');
	rc = store_run_event(st, run, "token-revoked", by, unit_id, at, reason,
			     json.buf, &seq, err);
	strbuf_release(&json);
	free(unit_id);
	if (rc)
		return -1;
	if (store_prepare(st, "UPDATE tokens SET revoked_seq = ?"
			  " WHERE run_id = ? AND id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_int64(s, 2, run->id);
	store_bind_text(s, 3, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("revoking the token"));
	return 0;
}

int store_tokens(struct store *st, int64_t run_id, const char *id,
		 struct store_token **out, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* Kept: the web checks a session's token for every request. */
	if (store_prepare_kept(st, "SELECT t.id, t.unit_id, u.name, t.hash,"
			       " i.at, i.actor, r.seq, r.at, r.actor, r.comment,"
			       " t.reviewer"
			       " FROM tokens t JOIN events i ON i.seq = t.issued_seq"
			       " LEFT JOIN events r ON r.seq = t.revoked_seq"
			       " LEFT JOIN units u ON u.run_id = t.run_id"
			       "  AND u.id = t.unit_id"
			       " WHERE t.run_id = ?1 AND (?2 IS NULL OR t.id = ?2)"
			       " ORDER BY t.issued_seq", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_token *t;

		XGROW(*out, alloc, *n + 1);
		t = &(*out)[(*n)++];
		memset(t, 0, sizeof(*t));
		t->id = store_column_dup(s, 0);
		t->unit_id = store_column_dup(s, 1);
		t->unit_name = store_column_dup(s, 2);
		t->hash = store_column_dup(s, 3);
		t->issued_at = sqlite3_column_int64(s, 4);
		t->issued_by = store_column_dup(s, 5);
		t->revoked = sqlite3_column_type(s, 6) != SQLITE_NULL;
		t->revoked_at = sqlite3_column_int64(s, 7);
		t->revoked_by = store_column_dup(s, 8);
		t->revoke_reason = store_column_dup(s, 9);
		t->reviewer = store_column_dup(s, 10);
	}
	store_release(st, s);
	if (rc != SQLITE_DONE) {
		store_tokens_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the tokens"));
	}
	return 0;
}

void store_tokens_free(struct store_token *tokens, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(tokens[i].id);
		free(tokens[i].unit_id);
		free(tokens[i].reviewer);
		free(tokens[i].unit_name);
		free(tokens[i].hash);
		free(tokens[i].issued_by);
		free(tokens[i].revoked_by);
		free(tokens[i].revoke_reason);
	}
	free(tokens);
}
