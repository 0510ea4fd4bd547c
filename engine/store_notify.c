/*
 * The ledger's messages and the contacts in signed evidence.  Delivered
 * messages are read from the events themselves, not from a table beside
 * them: what decides whether to send is what the ledger seals.  The
 * events of no task sit together in events_by_task (run_id, NULL, kind),
 * so finding a run's messages reads no task's events.
 */
#include "store_notify.h"

#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_report.h"
#include "xalloc.h"
#include "banned.h"

int store_messages_sent(struct store *st, int64_t run_id,
			const char *purpose, instant_t since,
			struct store_sent **out, size_t *n, struct err *err)
{
	struct store_sent *v = NULL;
	size_t alloc = 0, count = 0;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT e.unit_id,"
			  " coalesce(json_extract(e.evidence, '$.to'), ''),"
			  " j.value, e.at"
			  " FROM events e, json_each(e.evidence, '$.about') j"
			  " WHERE e.run_id = ?1 AND e.task_key IS NULL"
			  " AND e.kind = '" STORE_MESSAGE_KIND "'"
			  " AND e.at >= ?2 AND json_valid(e.evidence)"
			  " AND json_extract(e.evidence, '$.purpose') = ?3"
			  " AND json_extract(e.evidence, '$.result') = 'sent'"
			  " AND e.unit_id IS NOT NULL"
			  " ORDER BY 1, 2, 3", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, since);
	store_bind_text(s, 3, purpose);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(v, alloc, count + 1);
		v[count].unit_id = store_column_dup(s, 0);
		v[count].to = store_column_dup(s, 1);
		v[count].about = store_column_dup(s, 2);
		v[count].at = sqlite3_column_int64(s, 3);
		if (!v[count].about)
			v[count].about = xstrdup("");
		count++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_sent_free(v, count);
		return store_db_fail(st, err, N_("reading the messages sent"));
	}
	*out = v;
	*n = count;
	return 0;
}

void store_sent_free(struct store_sent *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(s[i].unit_id);
		free(s[i].to);
		free(s[i].about);
	}
	free(s);
}

int store_signed_contacts(struct store *st, int64_t run_id,
			  struct store_contact **out, size_t *n,
			  struct err *err)
{
	static const char *const keys[] = { "email" };
	struct store_contact *v = NULL;
	size_t alloc = 0, count = 0;
	char *step = NULL;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_report_find_step(st, run_id, keys, 1, &step, err);
	if (rc == STORE_NOTFOUND)
		return 0;
	if (rc)
		return -1;
	rc = store_prepare(st, "SELECT t.unit_id,"
			   " json_extract(e.evidence, '$.name'),"
			   " json_extract(e.evidence, '$.email'),"
			   " json_extract(e.evidence, '$.phone')"
			   " FROM steps p JOIN tasks t ON "
			   STORE_STEP_TASKS("p", "t")
			   " JOIN events e ON e.seq = t.last_seq"
			   " WHERE p.run_id = ?1 AND p.id = ?2"
			   " AND t.state = 'done' AND t.archived_seq IS NULL"
			   " AND json_valid(e.evidence)"
			   " ORDER BY t.unit_id, t.key", &s, err);
	if (rc) {
		free(step);
		return -1;
	}
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, step);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(v, alloc, count + 1);
		v[count].unit_id = store_column_dup(s, 0);
		v[count].name = sqlite3_column_type(s, 1) == SQLITE_TEXT ?
			store_column_dup(s, 1) : NULL;
		v[count].email = sqlite3_column_type(s, 2) == SQLITE_TEXT ?
			store_column_dup(s, 2) : NULL;
		v[count].phone = sqlite3_column_type(s, 3) == SQLITE_TEXT ?
			store_column_dup(s, 3) : NULL;
		count++;
	}
	sqlite3_finalize(s);
	free(step);
	if (rc != SQLITE_DONE) {
		store_contacts_free(v, count);
		return store_db_fail(st, err, N_("reading the contacts"));
	}
	*out = v;
	*n = count;
	return 0;
}

void store_contacts_free(struct store_contact *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].unit_id);
		free(c[i].name);
		free(c[i].email);
		free(c[i].phone);
	}
	free(c);
}

int store_add_message(struct store *st, const struct store_run *run,
		      const char *unit_id, const char *actor, instant_t at,
		      const char *evidence, int64_t *seq, struct err *err)
{
	if (store_begin(st, err))
		return -1;
	if (store_run_event(st, run, STORE_MESSAGE_KIND, actor, unit_id, at,
			    NULL, evidence, seq, err) ||
	    store_commit(st, err)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}
