/*
 * The difficulties log: what units raise, where the runbook routes it,
 * and when it is resolved.  Each change is a ledger event carrying the
 * whole record; the issues tables are the queryable copy.
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

static int next_number(struct store *st, int64_t run_id, int64_t *number,
		       struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT coalesce(max(number), 0) + 1 FROM issues"
			  " WHERE run_id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	rc = sqlite3_step(s);
	*number = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 :
		store_db_fail(st, err, N_("numbering the difficulty"));
}

static void issue_json(struct strbuf *out, const struct store_issue *is)
{
	size_t i;

	strbuf_addch(out, '{');
	json_key_int(out, "number", is->number, 1);
	json_key(out, "recipients", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < is->nrecipients; i++) {
		if (i)
			strbuf_addch(out, ',');
		json_string(out, is->recipients[i]);
	}
	strbuf_addch(out, ']');
	json_key_string(out, "severity", is->severity, 0);
	json_key_string(out, "system", is->system, 0);
	json_key_string(out, "text", is->text, 0);
	strbuf_addch(out, '}');
}

int store_add_issue(struct store *st, const struct store_run *run,
		    struct store_issue *is, struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t seq, id;
	size_t i;
	int rc;

	if (field_check("text", is->text, FIELD_TEXT_MAX, FIELD_LINES, err) ||
	    next_number(st, run->id, &is->number, err))
		return -1;
	issue_json(&json, is);
	rc = store_run_event(st, run, "issue-raised", is->raised_by,
			     is->unit_id, is->raised_at, NULL, json.buf, &seq,
			     err);
	strbuf_release(&json);
	if (rc)
		return -1;
	if (store_prepare(st, "INSERT INTO issues (run_id, number, unit_id,"
			  " system, severity, text, raised_by, raised_at,"
			  " raised_seq) VALUES (?,?,?,?,?,?,?,?,?)", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run->id);
	sqlite3_bind_int64(s, 2, is->number);
	store_bind_text(s, 3, is->unit_id);
	store_bind_text(s, 4, is->system);
	store_bind_text(s, 5, is->severity);
	store_bind_text(s, 6, is->text);
	store_bind_text(s, 7, is->raised_by);
	sqlite3_bind_int64(s, 8, is->raised_at);
	sqlite3_bind_int64(s, 9, seq);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the difficulty"));
	id = sqlite3_last_insert_rowid(st->db);
	is->raised_seq = seq;
	if (store_prepare(st, "INSERT OR IGNORE INTO issue_recipients"
			  " (issue_id, ord, unit_id) VALUES (?,?,?)", &s, err))
		return -1;
	for (i = 0; i < is->nrecipients; i++) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		store_bind_text(s, 3, is->recipients[i]);
		if (store_step_done(st, s, err, N_("routing the difficulty"))) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	return 0;
}

int store_resolve_issue(struct store *st, const struct store_run *run,
			int64_t number, const char *by, instant_t at,
			const char *resolution, struct err *err)
{
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *s;
	char *unit_id;
	int64_t seq, id;
	int rc, resolved;

	if (field_check("resolution", resolution, FIELD_TEXT_MAX, FIELD_LINES,
			err))
		return -1;
	if (store_prepare(st, "SELECT id, unit_id, resolved_seq IS NOT NULL"
			  " FROM issues WHERE run_id = ? AND number = ?",
			  &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run->id);
	sqlite3_bind_int64(s, 2, number);
	rc = sqlite3_step(s);
	id = sqlite3_column_int64(s, 0);
	unit_id = rc == SQLITE_ROW ? store_column_dup(s, 1) : NULL;
	resolved = sqlite3_column_int(s, 2);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE) {
		fail(err, _("no difficulty #%lld in run '%s'"),
		     (long long)number, run->name);
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the difficulty"));
	if (resolved) {
		free(unit_id);
		return 1;
	}
	strbuf_addch(&json, '{');
	json_key_int(&json, "number", number, 1);
	strbuf_addch(&json, '}');
	rc = store_run_event(st, run, "issue-resolved", by, unit_id, at,
			     resolution, json.buf, &seq, err);
	strbuf_release(&json);
	free(unit_id);
	if (rc)
		return -1;
	if (store_prepare(st, "UPDATE issues SET resolved_by = ?,"
			  " resolved_at = ?, resolution = ?, resolved_seq = ?"
			  " WHERE id = ?", &s, err))
		return -1;
	store_bind_text(s, 1, by);
	sqlite3_bind_int64(s, 2, at);
	store_bind_text(s, 3, resolution);
	sqlite3_bind_int64(s, 4, seq);
	sqlite3_bind_int64(s, 5, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("resolving the difficulty"));
	return 0;
}

static int read_recipients(struct store *st, int64_t id,
			   struct store_issue *is, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	size_t aname = 0;

	if (store_prepare(st, "SELECT r.unit_id, coalesce(u.name, r.unit_id)"
			  " FROM issue_recipients r"
			  " JOIN issues i ON i.id = r.issue_id"
			  " LEFT JOIN units u ON u.run_id = i.run_id"
			  "  AND u.id = r.unit_id"
			  " WHERE r.issue_id = ? ORDER BY r.ord", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(is->recipients, alloc, is->nrecipients + 1);
		XGROW(is->recipient_names, aname, is->nrecipients + 1);
		is->recipients[is->nrecipients] = store_column_dup(s, 0);
		is->recipient_names[is->nrecipients++] =
			store_column_dup(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 :
		store_db_fail(st, err, N_("reading the recipients"));
}

int store_issues(struct store *st, int64_t run_id,
		 const struct store_issue_filter *f,
		 struct store_issue **out, size_t *n, struct err *err)
{
	static const struct store_issue_filter all = { NULL, NULL, 0, 0 };
	sqlite3_stmt *s;
	struct store_issue *is;
	int64_t *ids = NULL;
	size_t alloc = 0, aids = 0, i;
	int rc;

	*out = NULL;
	*n = 0;
	if (!f)
		f = &all;
	if (store_prepare(st, "SELECT i.id, i.number, i.unit_id, u.name,"
			  " i.system, i.severity, i.text, i.raised_by,"
			  " i.raised_at, i.resolved_by, i.resolved_at,"
			  " i.resolution, i.resolved_seq IS NOT NULL"
			  " FROM issues i LEFT JOIN units u"
			  "  ON u.run_id = i.run_id AND u.id = i.unit_id"
			  " WHERE i.run_id = ?1"
			  " AND (?2 IS NULL OR i.unit_id = ?2)"
			  " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM"
			  "  issue_recipients r WHERE r.issue_id = i.id"
			  "  AND r.unit_id = ?3))"
			  " AND (?4 = 0 OR i.resolved_seq IS NULL)"
			  " AND (?5 = 0 OR i.number = ?5)"
			  " ORDER BY i.number", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, f->unit_id);
	store_bind_text(s, 3, f->recipient);
	sqlite3_bind_int(s, 4, f->open_only);
	sqlite3_bind_int64(s, 5, f->number);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		XGROW(ids, aids, *n + 1);
		ids[*n] = sqlite3_column_int64(s, 0);
		is = &(*out)[(*n)++];
		memset(is, 0, sizeof(*is));
		is->number = sqlite3_column_int64(s, 1);
		is->unit_id = store_column_dup(s, 2);
		is->unit_name = store_column_dup(s, 3);
		is->system = store_column_dup(s, 4);
		is->severity = store_column_dup(s, 5);
		is->text = store_column_dup(s, 6);
		is->raised_by = store_column_dup(s, 7);
		is->raised_at = sqlite3_column_int64(s, 8);
		is->resolved_by = store_column_dup(s, 9);
		is->resolved_at = sqlite3_column_int64(s, 10);
		is->resolution = store_column_dup(s, 11);
		is->resolved = sqlite3_column_int(s, 12);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		store_db_fail(st, err, N_("reading the difficulties"));
	for (i = 0; rc == SQLITE_DONE && i < *n; i++)
		if (read_recipients(st, ids[i], &(*out)[i], err))
			rc = SQLITE_ERROR;
	free(ids);
	if (rc != SQLITE_DONE) {
		store_issues_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void store_issues_free(struct store_issue *issues, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(issues[i].unit_id);
		free(issues[i].unit_name);
		free(issues[i].system);
		free(issues[i].severity);
		free(issues[i].text);
		for (j = 0; j < issues[i].nrecipients; j++) {
			free(issues[i].recipients[j]);
			free(issues[i].recipient_names[j]);
		}
		free(issues[i].recipients);
		free(issues[i].recipient_names);
		free(issues[i].raised_by);
		free(issues[i].resolved_by);
		free(issues[i].resolution);
	}
	free(issues);
}
