/*
 * What the store's modules share and nothing else sees: the handle and
 * the statement helpers.  store.c holds runs, tasks and the ledger;
 * store_duty.c the rosters; store_issue.c the difficulties log.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <sqlite3.h>

#include "err.h"
#include "i18n.h"
#include "progress.h"
#include "store.h"

/* A statement kept prepared for the handle's lifetime. */
struct store_kept {
	char *sql;
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	int in_tx;
	int reads;      /* store_read_begin's depth: nested ones join */
	char *auth;     /* events.auth of what this handle appends, or NULL */
	char *auth_token; /* the token behind it, checked at every append */
	const struct progress *progress; /* told how long loops go, or NULL */
	pthread_mutex_t *write_lock; /* held from store_begin to the end */
	struct store_kept *kept;
	size_t nkept, alloc_kept;
	struct store_table *tables;   /* store_load_row's columns, or NULL */
	size_t ntables;
	int local;        /* store_local_open: 1 attached, -1 absent, 0 not yet */
	char *local_path; /* the local database's path, once looked for */
};

/*
 * Brings the schema of database `schema` ("main", or an attached one) to
 * version `target` with steps[version..target-1], each in the same
 * transaction as its PRAGMA user_version; errors name path.  0 or -1.
 */
int store_migrate(struct store *st, const char *schema, const char *path,
		  const char *const *steps, int nsteps, int target,
		  struct err *err);

/* Frees what store_load_row keeps on the handle (store_publish.c). */
void store_load_cache_free(struct store *st);

/*
 * The join of step `p` to its tasks `t`: a task's key is STEP@UNIT or
 * STEP@UNIT#DAY (DESIGN, the model), so a step's tasks are the keys from
 * "STEP@" up to "STEPA", a range of the (run_id, key) index; the tasks of
 * a few steps (gates, rosters) are read without an index of their own
 * and without a pass over every task.
 */
#define STORE_STEP_TASKS(p, t) \
	t ".run_id = " p ".run_id AND " t ".key >= " p ".id || '@'" \
	" AND " t ".key < " p ".id || 'A' AND " t ".step_id = " p ".id"

/*
 * The tasks of alias t that listings, counts and reports show: not
 * archived by an upgrade, and not a task of a fallback path (the steps
 * that apply only after a no-go of their gate) that its gate holds
 * back.  A fallback task shows while a task of its gate stands at no-go
 * (failed), and for good once something was recorded on it, so that
 * what was done on the fallback path stays in the counts after a later
 * go.  Only columns of t are tested, and the gate's tasks are a key
 * range, so the indexes that serve listings still cover them.
 */
#define STORE_TASK_SHOWN(t) \
	"(" t ".archived_seq IS NULL AND (" t ".fallback IS NULL" \
	" OR " t ".last_seq IS NOT NULL OR EXISTS (SELECT 1 FROM tasks fg_" \
	" WHERE fg_.run_id = " t ".run_id AND fg_.key >= " t ".fallback || '@'" \
	" AND fg_.key < " t ".fallback || 'A' AND fg_.step_id = " t ".fallback" \
	" AND fg_.state = 'failed' AND fg_.archived_seq IS NULL)))"

/*
 * An event whose evidence (column c) may record a waiver or a forced
 * sign-off: the condition of the partial index events_waiving (migration
 * 7), which a query must repeat word for word for SQLite to use it; the
 * query then tests the members themselves.
 */
#define STORE_EXCEPTION_EVIDENCE(c) \
	"(" c " LIKE '%\"waiver\"%' OR " c " LIKE '%\"forced-past\"%')"

/*
 * Fails with "PATH: what: sqlite's message"; returns -1.  what says what
 * was being done ("reading the run"), marked with N_() by the caller and
 * said here in the user's language; SQLite's message stays its own.
 */
int store_db_fail(struct store *st, struct err *err, const char *what);
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
		  struct err *err);
/*
 * As store_prepare, for the statements a bulk sign-off runs once per task
 * (100,000 times in one process, where SQLite's parser was 40% of the
 * time): the statement is kept on the handle for the next call with the
 * same SQL.  Give it back with store_release, never sqlite3_finalize.
 */
int store_prepare_kept(struct store *st, const char *sql, sqlite3_stmt **stmt,
		       struct err *err);
/* Resets a kept statement for its next use; finalizes any other. */
void store_release(struct store *st, sqlite3_stmt *s);

/* Binds v, or NULL when v is NULL. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* A copy of the column's text, or NULL. */
char *store_column_dup(sqlite3_stmt *s, int i);
/*
 * Steps s (a write, or a row ignored) and resets it; -1 with err set
 * (what as for store_db_fail).
 */
int store_step_done(struct store *st, sqlite3_stmt *s, struct err *err,
		    const char *what);

/*
 * Inside a transaction: appends a run-level event (no task) by actor for
 * unit_id, pinned to the run's commit.  Sets *seq.  Returns 0 or -1.
 */
int store_run_event(struct store *st, const struct store_run *run,
		    const char *kind, const char *actor, const char *unit_id,
		    instant_t at, const char *comment, const char *evidence,
		    int64_t *seq, struct err *err);

/*
 * Each run (run_id 0: every run) against the definition its latest start
 * or upgrade event seals (store_seal.c): 0 when they agree, 1 with the
 * first difference appended to finding ("run 'X': ..."), -1.
 */
int store_definition_check(struct store *st, int64_t run_id,
			   struct strbuf *finding, struct err *err);

#endif
