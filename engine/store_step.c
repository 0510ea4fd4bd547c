/*
 * A task's history and the names shell completion offers.  Names are
 * matched by range (prefix <= name < prefix's successor) so that SQLite
 * walks the primary key's index, not the run's every task.
 */
#include "store_step.h"

#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "xalloc.h"
#include "banned.h"

int store_task_history(struct store *st, int64_t run_id, const char *key,
		       struct store_history **out, size_t *n,
		       struct err *err)
{
	struct store_history *h;
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT seq, kind, actor, at, comment, evidence"
			  " FROM events WHERE run_id = ? AND task_key = ?"
			  " ORDER BY seq", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, key);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		h = &(*out)[(*n)++];
		h->seq = sqlite3_column_int64(s, 0);
		h->kind = store_column_dup(s, 1);
		h->actor = store_column_dup(s, 2);
		h->at = sqlite3_column_int64(s, 3);
		h->comment = store_column_dup(s, 4);
		h->evidence = store_column_dup(s, 5);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_history_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the task's history"));
	}
	return 0;
}

void store_history_free(struct store_history *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(h[i].kind);
		free(h[i].actor);
		free(h[i].comment);
		free(h[i].evidence);
	}
	free(h);
}

/*
 * The smallest string greater than every string that starts with
 * prefix, in SQLite's byte order; empty when there is none.
 */
static void successor(const char *prefix, struct strbuf *out)
{
	strbuf_adds(out, prefix);
	while (out->len && (unsigned char)out->buf[out->len - 1] == 0xFF)
		out->buf[--out->len] = '\0';
	if (out->len)
		out->buf[out->len - 1]++;
}

/*
 * Runs "SELECT col FROM ... WHERE scope" restricted to names starting
 * with prefix and appends them, one per line; *count is set.
 */
static int list_names(struct store *st, const char *select, int64_t run_id,
		      const char *col, const char *prefix, struct strbuf *out,
		      size_t *count, struct err *err)
{
	struct strbuf sql = STRBUF_INIT, upper = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	*count = 0;
	successor(prefix, &upper);
	strbuf_addf(&sql, "%s AND %s >= ?2", select, col);
	if (upper.len)
		strbuf_addf(&sql, " AND %s < ?3", col);
	strbuf_addf(&sql, " ORDER BY %s", col);
	rc = store_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc) {
		strbuf_release(&upper);
		return -1;
	}
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, prefix);
	if (upper.len)
		store_bind_text(s, 3, upper.buf);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		strbuf_addf(out, "%s\n", (const char *)sqlite3_column_text(s, 0));
		(*count)++;
	}
	sqlite3_finalize(s);
	strbuf_release(&upper);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("listing names"));
	return 0;
}

#define LIVE_KEYS "SELECT t.key FROM tasks t WHERE t.run_id = ?1" \
	" AND " STORE_TASK_SHOWN("t")

/*
 * Steps with a live task, as "STEP@": a task key starts with its step's
 * id and '@', and 'A' is the byte after '@'.
 */
#define STEPS_WITH_TASKS "SELECT s.id || '@' FROM steps s WHERE" \
	" s.run_id = ?1 AND EXISTS (SELECT 1 FROM tasks t WHERE" \
	" t.run_id = s.run_id AND t.key >= s.id || '@'" \
	" AND t.key < s.id || 'A' AND " STORE_TASK_SHOWN("t") ")"

static int task_names(struct store *st, int64_t run_id, const char *prefix,
		      struct strbuf *out, struct err *err)
{
	struct strbuf one = STRBUF_INIT;
	size_t count, at = out->len;
	int rc;

	if (strchr(prefix, '@'))
		return list_names(st, LIVE_KEYS, run_id, "t.key", prefix, out,
				  &count, err);
	if (list_names(st, STEPS_WITH_TASKS, run_id, "s.id", prefix, out,
		       &count, err))
		return -1;
	if (count != 1)
		return 0;
	/* One step: its keys straight away ("STEP@\n" is what was added). */
	strbuf_add(&one, out->buf + at, out->len - at - 1);
	out->len = at;
	out->buf[at] = '\0';
	rc = list_names(st, LIVE_KEYS, run_id, "key", one.buf, out, &count,
			err);
	strbuf_release(&one);
	return rc;
}

int store_names(struct store *st, int64_t run_id, enum store_names what,
		const char *prefix, struct strbuf *out, struct err *err)
{
	size_t count;

	switch (what) {
	case STORE_NAMES_TASKS:
		return task_names(st, run_id, prefix, out, err);
	case STORE_NAMES_UNITS:
		return list_names(st, "SELECT id FROM units WHERE run_id = ?1",
				  run_id, "id", prefix, out, &count, err);
	case STORE_NAMES_SECTIONS:
		return list_names(st, "SELECT id FROM sections WHERE"
				  " run_id = ?1", run_id, "id", prefix, out,
				  &count, err);
	case STORE_NAMES_STEPS:
		return list_names(st, "SELECT id FROM steps WHERE run_id = ?1",
				  run_id, "id", prefix, out, &count, err);
	case STORE_NAMES_RUNS:
		return list_names(st, "SELECT name FROM runs WHERE ?1 IS NOT"
				  " NULL", run_id, "name", prefix, out, &count,
				  err);
	}
	return fail(err, "BUG: no names of kind %d", (int)what);
}

int store_name_list(struct store *st, int64_t run_id, enum store_names what,
		    struct store_name **out, size_t *n, struct err *err)
{
	const char *sql = what == STORE_NAMES_UNITS ?
		"SELECT id, name FROM units WHERE run_id = ?1 ORDER BY ord" :
		what == STORE_NAMES_SECTIONS ?
		"SELECT id, title FROM sections WHERE run_id = ?1 ORDER BY ord" :
		what == STORE_NAMES_STEPS ?
		"SELECT id, title FROM steps WHERE run_id = ?1 ORDER BY ord" :
		NULL;
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!sql)
		return 0;
	if (store_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		(*out)[*n].id = xstrdup((const char *)
					sqlite3_column_text(s, 0));
		(*out)[*n].name = xstrdup((const char *)
					  sqlite3_column_text(s, 1));
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_name_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("listing names"));
	}
	return 0;
}

void store_name_list_free(struct store_name *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].name);
	}
	free(list);
}
