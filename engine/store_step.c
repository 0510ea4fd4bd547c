/*
 * A task's history, for the walk's details.
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
		return store_db_fail(st, err, "reading the task's history");
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
