/*
 * SQLite state.  The ledger (events) is append-only: triggers refuse
 * UPDATE and DELETE, and each row carries hash = H(prev_hash, event) so
 * that an edit made behind the engine's back (the triggers can be
 * dropped) is found by store_verify_chain.
 */
#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "field.h"
#include "i18n.h"
#include "json.h"
#include "label.h"
#include "store_int.h"
#include "suggest.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"



/*
 * Forward migrations: entry i brings user_version from i to i + 1.
 * Never edit a released entry; append a new one.
 */
static const char *const migrations[] = {
	"CREATE TABLE runs ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  mode TEXT NOT NULL CHECK (mode IN ('rehearsal', 'live')),"
	"  runbook_path TEXT NOT NULL,"
	"  runbook_id TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  directive TEXT,"
	"  t0 INTEGER NOT NULL,"
	"  offset_minutes INTEGER NOT NULL,"
	"  commit_id TEXT,"
	"  blob_id TEXT,"
	"  dirty INTEGER NOT NULL DEFAULT 0,"
	"  started_at INTEGER NOT NULL,"
	"  started_by TEXT,"
	"  duty_from INTEGER,"
	"  duty_to INTEGER"
	") STRICT;"
	"CREATE TABLE run_files ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  ord INTEGER NOT NULL,"
	"  path TEXT NOT NULL,"
	"  content BLOB NOT NULL,"
	"  PRIMARY KEY (run_id, path)"
	") STRICT;"
	"CREATE TABLE units ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  ord INTEGER NOT NULL,"
	"  id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  code TEXT,"
	"  parent TEXT,"
	"  police TEXT,"
	"  PRIMARY KEY (run_id, id)"
	") STRICT;"
	"CREATE TABLE sections ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  ord INTEGER NOT NULL,"
	"  id TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  PRIMARY KEY (run_id, id)"
	") STRICT;"
	"CREATE TABLE steps ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  ord INTEGER NOT NULL,"
	"  id TEXT NOT NULL,"
	"  section_id TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  directive TEXT,"
	"  details TEXT,"
	"  gate INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (run_id, id)"
	") STRICT;"
	"CREATE TABLE tasks ("
	"  id INTEGER PRIMARY KEY,"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  key TEXT NOT NULL,"
	"  step_id TEXT NOT NULL,"
	"  unit_id TEXT NOT NULL,"
	"  occurrence TEXT,"
	"  start INTEGER,"
	"  due INTEGER NOT NULL,"
	"  recipient TEXT,"
	"  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
	"    ('pending', 'done', 'skipped', 'failed', 'blocked')),"
	"  last_seq INTEGER,"
	"  UNIQUE (run_id, key)"
	") STRICT;"
	"CREATE INDEX tasks_by_due ON tasks (run_id, due);"
	"CREATE INDEX tasks_by_unit ON tasks (run_id, unit_id);"
	"CREATE TABLE task_requires ("
	"  task_id INTEGER NOT NULL REFERENCES tasks(id),"
	"  required_id INTEGER NOT NULL REFERENCES tasks(id),"
	"  PRIMARY KEY (task_id, required_id)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE events ("
	"  seq INTEGER PRIMARY KEY,"
	"  run_id INTEGER,"
	"  task_key TEXT,"
	"  kind TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  unit_id TEXT,"
	"  at INTEGER NOT NULL,"
	"  comment TEXT,"
	"  evidence TEXT,"
	"  commit_id TEXT,"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX events_by_task ON events (run_id, task_key);"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
	"CREATE TABLE attachments ("
	"  hash TEXT PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  content BLOB NOT NULL"
	") STRICT;",

	/* 2: duty rosters and the difficulties log. */
	"ALTER TABLE steps ADD COLUMN roster TEXT;"
	"CREATE TABLE shifts ("
	"  id INTEGER PRIMARY KEY,"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  unit_id TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  phone TEXT,"
	"  from_at INTEGER NOT NULL,"
	"  to_at INTEGER NOT NULL,"
	"  added_seq INTEGER NOT NULL,"
	"  removed_seq INTEGER,"
	"  CHECK (to_at > from_at)"
	") STRICT;"
	"CREATE INDEX shifts_by_unit ON shifts (run_id, unit_id, role, from_at);"
	"CREATE TABLE issues ("
	"  id INTEGER PRIMARY KEY,"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  number INTEGER NOT NULL,"
	"  unit_id TEXT NOT NULL,"
	"  system TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  raised_by TEXT NOT NULL,"
	"  raised_at INTEGER NOT NULL,"
	"  raised_seq INTEGER NOT NULL,"
	"  resolved_by TEXT,"
	"  resolved_at INTEGER,"
	"  resolution TEXT,"
	"  resolved_seq INTEGER,"
	"  UNIQUE (run_id, number)"
	") STRICT;"
	/* Key columns first: SQLite 3.40's integrity_check misreads a
	 * WITHOUT ROWID table whose key columns are not declared first. */
	"CREATE TABLE issue_recipients ("
	"  issue_id INTEGER NOT NULL REFERENCES issues(id),"
	"  unit_id TEXT NOT NULL,"
	"  ord INTEGER NOT NULL,"
	"  PRIMARY KEY (issue_id, unit_id)"
	") STRICT, WITHOUT ROWID;",

	/*
	 * 3: versions.  A run remembers every version it has been on (the
	 * last is the current one; the runs row keeps the one it started
	 * from) and whether it was approved; an upgrade archives tasks
	 * (archived_seq: the event that did it) instead of deleting them,
	 * so that a key always names the same task and its events.
	 */
	"ALTER TABLE runs ADD COLUMN approval TEXT;"
	"ALTER TABLE runs ADD COLUMN unapproved INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE tasks ADD COLUMN archived_seq INTEGER;"
	"CREATE TABLE run_versions ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  ord INTEGER NOT NULL,"
	"  commit_id TEXT,"
	"  blob_id TEXT,"
	"  dirty INTEGER NOT NULL DEFAULT 0,"
	"  approval TEXT,"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  PRIMARY KEY (run_id, ord)"
	") STRICT;"
	"INSERT INTO run_versions SELECT id, 1, commit_id, blob_id, dirty, NULL,"
	"  started_at, coalesce(started_by, '') FROM runs;",

	/*
	 * 4: unit tokens.  A run may require every unit action to carry a
	 * token of that unit (or the coordinator's); only a hash of each
	 * secret is kept.  events.auth says how an event was authenticated:
	 * NULL when no token was given, 'unit:ID' or 'coordinator:ID'.
	 */
	"ALTER TABLE runs ADD COLUMN require_tokens INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE events ADD COLUMN auth TEXT;"
	"CREATE TABLE tokens ("
	"  id TEXT PRIMARY KEY,"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  unit_id TEXT,"
	"  hash TEXT NOT NULL,"
	"  issued_seq INTEGER NOT NULL,"
	"  revoked_seq INTEGER"
	") STRICT;"
	"CREATE INDEX tokens_by_run ON tokens (run_id, unit_id);",

	/*
	 * 5: a national run has 100,000 tasks and as many events (issue 8).
	 * The indexes cover the queries they serve, so that no table row is
	 * read: tasks_by_due gives the open tasks by due (next, the late
	 * lists: a LIMIT that stops early) and counts them; tasks_by_unit
	 * gives a unit's tasks, and every live task once for the counts of
	 * status and the reports; events_by_task gives a task's last change
	 * of state for verify.  Widened, not added: every index is one more
	 * b-tree for each insert and for verify's integrity_check.
	 */
	"DROP INDEX tasks_by_due;"
	"CREATE INDEX tasks_by_due ON tasks"
	"  (run_id, due, key, state, archived_seq);"
	"DROP INDEX tasks_by_unit;"
	"CREATE INDEX tasks_by_unit ON tasks"
	"  (run_id, unit_id, step_id, state, due, last_seq, archived_seq);"
	"DROP INDEX events_by_task;"
	"CREATE INDEX events_by_task ON events (run_id, task_key, kind);",

	/*
	 * 6: issue 13: when each event was entered, by the system clock,
	 * beside the time it claims (at: CUTOVER_NOW in a rehearsal, the
	 * time a unit says it signed in an import).  NULL in the events
	 * entered before it; sealed in the chain when set.
	 */
	"ALTER TABLE events ADD COLUMN entered INTEGER;",

	/*
	 * 7: issue 15: the sign-offs that rest on a waiver of a check's
	 * findings or were forced past what they waited on, for the first
	 * page of the reports: a partial index of those few events, so that
	 * finding them reads no other (store_report_waivers repeats its
	 * WHERE, which SQLite needs to use it).
	 */
	"CREATE INDEX events_waiving ON events (run_id, seq)"
	"  WHERE evidence LIKE '%\"waiver\"%'"
	"  OR evidence LIKE '%\"forced-past\"%';",

	/*
	 * 8: issue 14: decisions that mean what they say.  A step (and each
	 * of its tasks) may be on the fallback path of a gate: its tasks
	 * count only after a no-go of that gate (or once acted on), which
	 * every listing tests on the task's own columns, so both indexes
	 * that serve listings cover them.  The dependents of a task (the
	 * done tasks resting on it) are found through task_requires by the
	 * task required.  A token may be a reviewer's (its name), which
	 * authenticates an approval and nothing else.  (The waived and
	 * forced sign-offs status and the reports list come through
	 * migration 7's events_waiving.)
	 */
	"ALTER TABLE steps ADD COLUMN fallback TEXT;"
	"ALTER TABLE tasks ADD COLUMN fallback TEXT;"
	"ALTER TABLE tokens ADD COLUMN reviewer TEXT;"
	"CREATE INDEX task_requires_by_required ON task_requires"
	"  (required_id);"
	"DROP INDEX tasks_by_due;"
	"CREATE INDEX tasks_by_due ON tasks"
	"  (run_id, due, key, state, archived_seq, fallback, last_seq);"
	"DROP INDEX tasks_by_unit;"
	"CREATE INDEX tasks_by_unit ON tasks"
	"  (run_id, unit_id, step_id, state, due, last_seq, archived_seq,"
	"   fallback);",

	/*
	 * 9: issue 15 (language): the runbook's language and locale (NULL in a run
	 * started before: Vietnamese, VN, VND, day first), its timezone by
	 * name (NULL: the fixed offset_minutes), the labels people read in
	 * place of its ids, and its units' own attributes (a JSON object).
	 */
	"ALTER TABLE runs ADD COLUMN lang TEXT;"
	"ALTER TABLE runs ADD COLUMN region TEXT;"
	"ALTER TABLE runs ADD COLUMN currency TEXT;"
	"ALTER TABLE runs ADD COLUMN date_order TEXT;"
	"ALTER TABLE runs ADD COLUMN timezone TEXT;"
	"ALTER TABLE units ADD COLUMN attributes TEXT;"
	"CREATE TABLE labels ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  kind TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  lang TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (run_id, kind, id, lang)"
	") STRICT, WITHOUT ROWID;",

	/*
	 * 10: issue 16: the web front door's sessions and one-time login
	 * links (store_web.h): the copies of the events that issue a link
	 * and open and close a session; only hashes of their secrets.
	 */
	"CREATE TABLE web_sessions ("
	"  hash TEXT PRIMARY KEY,"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  token_id TEXT NOT NULL REFERENCES tokens(id),"
	"  person TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  opened_seq INTEGER NOT NULL,"
	"  closed_seq INTEGER"
	") STRICT;"
	"CREATE TABLE web_links ("
	"  hash TEXT PRIMARY KEY,"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  token_id TEXT NOT NULL REFERENCES tokens(id),"
	"  expires_at INTEGER NOT NULL,"
	"  issued_seq INTEGER NOT NULL,"
	"  used_seq INTEGER"
	") STRICT;"
	/* verify finds each event's row by these */
	"CREATE INDEX web_sessions_by_opened ON web_sessions (opened_seq);"
	"CREATE INDEX web_sessions_by_closed ON web_sessions (closed_seq)"
	"  WHERE closed_seq IS NOT NULL;"
	"CREATE INDEX web_links_by_issued ON web_links (issued_seq);"
	"CREATE INDEX web_links_by_used ON web_links (used_seq)"
	"  WHERE used_seq IS NOT NULL;",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int store_db_fail(struct store *st, struct err *err, const char *what)
{
	/* SQLite's own message stays as SQLite says it. */
	return fail(err, "%s: %s: %s", st->path, _(what),
		    sqlite3_errmsg(st->db));
}

static int exec(struct store *st, const char *sql, struct err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fail(err, "%s: %s", st->path, msg ? msg : _("unknown error"));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
		   struct err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK)
		return store_db_fail(st, err, N_("prepare"));
	return 0;
}

int store_prepare_kept(struct store *st, const char *sql, sqlite3_stmt **stmt,
		       struct err *err)
{
	size_t i;

	for (i = 0; i < st->nkept; i++)
		if (!strcmp(st->kept[i].sql, sql)) {
			/* In use (a nested call): a statement of its own. */
			if (sqlite3_stmt_busy(st->kept[i].stmt))
				return store_prepare(st, sql, stmt, err);
			*stmt = st->kept[i].stmt;
			return 0;
		}
	if (store_prepare(st, sql, stmt, err))
		return -1;
	XGROW(st->kept, st->alloc_kept, st->nkept + 1);
	st->kept[st->nkept].sql = xstrdup(sql);
	st->kept[st->nkept++].stmt = *stmt;
	return 0;
}

void store_release(struct store *st, sqlite3_stmt *s)
{
	size_t i;

	for (i = 0; i < st->nkept; i++)
		if (st->kept[i].stmt == s) {
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return;
		}
	sqlite3_finalize(s);
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

char *store_column_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	return v ? xstrdup((const char *)v) : NULL;
}

/* PRAGMA SCHEMA.user_version: the version of that database's schema. */
static int user_version(struct store *st, const char *schema, int *version,
			struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	strbuf_addf(&sql, "PRAGMA %s.user_version", schema);
	rc = store_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_db_fail(st, err, N_("reading the schema version"));
	}
	*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
}

int store_migrate(struct store *st, const char *schema, const char *path,
		  const char *const *steps, int nsteps, int target,
		  struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	char *msg = NULL;
	int version, v;

	if (user_version(st, schema, &version, err))
		return -1;
	if (version > nsteps)
		return fail(err, _("%s: schema version %d is newer than this"
				   " cutover understands (%d)"), path,
			    version, nsteps);
	if (version >= target)
		return 0;
	if (store_begin(st, err))
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (user_version(st, schema, &version, err))
		goto fail;
	for (v = version; v < target; v++) {
		strbuf_reset(&sql);
		strbuf_addf(&sql, "%s; PRAGMA %s.user_version = %d", steps[v],
			    schema, v + 1);
		if (sqlite3_exec(st->db, sql.buf, NULL, NULL, &msg) !=
		    SQLITE_OK) {
			fail(err, "%s: %s", path, msg ? msg : "?");
			sqlite3_free(msg);
			goto fail;
		}
	}
	strbuf_release(&sql);
	return store_commit(st, err);
fail:
	strbuf_release(&sql);
	store_rollback(st);
	return -1;
}

/* Brings the schema to version `target` (at most NMIGRATIONS). */
static int migrate_to(struct store *st, int target, struct err *err)
{
	return store_migrate(st, "main", st->path, migrations, NMIGRATIONS,
			     target, err);
}

static int migrate(struct store *st, struct err *err)
{
	return migrate_to(st, NMIGRATIONS, err);
}

int store_schema_latest(void)
{
	return NMIGRATIONS;
}

int store_schema(struct store *st, int *version, struct err *err)
{
	return user_version(st, "main", version, err);
}

int store_upgrade_schema(struct store *st, struct err *err)
{
	return migrate(st, err);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

/*
 * Opens path with SQLite's flags and the handle's settings, then brings
 * the schema to `version`.
 */
static int open_at(const char *path, int flags, int version,
		   struct store **out, struct err *err);

int store_create_at(const char *path, int version, struct store **out,
		    struct err *err)
{
	*out = NULL;
	if (version < 1 || version > NMIGRATIONS)
		return fail(err, _("schema version %d: this cutover knows"
				   " versions 1 to %d"), version, NMIGRATIONS);
	if (strcmp(path, ":memory:") && access(path, F_OK) == 0)
		return fail(err, _("'%s' exists already"), path);
	return open_at(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		       SQLITE_OPEN_CREATE, version, out, err);
}

int store_open(const char *path, int create, struct store **out,
	       struct err *err)
{
	/*
	 * NOMUTEX: a handle is used by one thread only, so SQLite need not
	 * lock its mutex around every call (a tenth of reading 100,000
	 * tasks one column at a time).
	 */
	return open_at(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		       (create ? SQLITE_OPEN_CREATE : 0), NMIGRATIONS, out,
		       err);
}

static int open_at(const char *path, int flags, int version,
		   struct store **out, struct err *err)
{
	struct store *st = xcalloc(1, sizeof(*st));

	*out = NULL;
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		if (st->db)
			fail(err, _("cannot open '%s': %s"), path,
			     sqlite3_errmsg(st->db));
		else
			fail(err, _("cannot open '%s'"), path);
		store_close(st);
		return -1;
	}
	/*
	 * Many units sign at the same minute: writers queue on the lock
	 * rather than fail, and synchronous=FULL makes an acknowledged
	 * commit survive a crash of the machine, not only of the process.
	 */
	sqlite3_busy_timeout(st->db, 120000);
	if (exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		 " PRAGMA foreign_keys = ON;", err) ||
	    migrate_to(st, version, err)) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void store_set_progress(struct store *st, const struct progress *p)
{
	st->progress = p;
}

void store_progress(struct store *st, const char *what, uint64_t done,
		    uint64_t total)
{
	if (st->progress && st->progress->update)
		st->progress->update(st->progress->arg, what, done, total);
}

void store_set_auth(struct store *st, const char *token_id,
		    const char *label)
{
	free(st->auth);
	free(st->auth_token);
	st->auth = label ? xstrdup(label) : NULL;
	st->auth_token = token_id ? xstrdup(token_id) : NULL;
}

/* The handle's token is still valid (checked inside the transaction). */
static int auth_token_valid(struct store *st, struct err *err)
{
	sqlite3_stmt *s;
	int rc, revoked;

	if (!st->auth_token)
		return 0;
	if (store_prepare(st, "SELECT revoked_seq FROM tokens WHERE id = ?",
			  &s, err))
		return -1;
	store_bind_text(s, 1, st->auth_token);
	rc = sqlite3_step(s);
	revoked = rc != SQLITE_ROW || sqlite3_column_type(s, 0) != SQLITE_NULL;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the token"));
	if (revoked)
		return fail(err, _("token '%s' was revoked; nothing recorded"),
			    st->auth_token);
	return 0;
}

void store_close(struct store *st)
{
	size_t i;

	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	for (i = 0; i < st->nkept; i++) {
		sqlite3_finalize(st->kept[i].stmt);
		free(st->kept[i].sql);
	}
	free(st->kept);
	store_load_cache_free(st);
	sqlite3_close(st->db);
	free(st->auth);
	free(st->auth_token);
	free(st->path);
	free(st->local_path);
	free(st);
}

int store_relax_durability(struct store *st, struct err *err)
{
	return exec(st, "PRAGMA synchronous = NORMAL", err);
}

void store_set_write_lock(struct store *st, pthread_mutex_t *lock)
{
	st->write_lock = lock;
}

int store_begin(struct store *st, struct err *err)
{
	if (st->write_lock)
		pthread_mutex_lock(st->write_lock);
	/* DESIGN: every write is one BEGIN IMMEDIATE transaction. */
	if (exec(st, "BEGIN IMMEDIATE", err)) {
		if (st->write_lock)
			pthread_mutex_unlock(st->write_lock);
		return -1;
	}
	st->in_tx = 1;
	return 0;
}

/* The transaction is over: the process's next writer may begin. */
static void end_tx(struct store *st)
{
	if (st->in_tx && st->write_lock)
		pthread_mutex_unlock(st->write_lock);
	st->in_tx = 0;
}

int store_commit(struct store *st, struct err *err)
{
	if (exec(st, "COMMIT", err)) {
		store_rollback(st);
		return -1;
	}
	end_tx(st);
	return 0;
}

void store_rollback(struct store *st)
{
	if (st->in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	end_tx(st);
}

int store_savepoint(struct store *st, struct err *err)
{
	if (!st->in_tx)
		return fail(err, "BUG: a savepoint outside a transaction");
	return exec(st, "SAVEPOINT one", err);
}

int store_savepoint_keep(struct store *st, struct err *err)
{
	return exec(st, "RELEASE one", err);
}

void store_savepoint_undo(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK TO one; RELEASE one", NULL, NULL, NULL);
}

int store_read_begin(struct store *st, struct err *err)
{
	if (st->in_tx)
		return fail(err, "BUG: a read snapshot inside a transaction");
	if (st->reads++)
		return 0;
	if (sqlite3_exec(st->db, "BEGIN DEFERRED", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		st->reads = 0;
		return store_db_fail(st, err, N_("opening a read transaction"));
	}
	return 0;
}

void store_read_end(struct store *st)
{
	if (st->reads > 0 && --st->reads)
		return;
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

void store_run_release(struct store_run *run)
{
	free(run->name);
	free(run->mode);
	free(run->runbook_path);
	free(run->runbook_id);
	free(run->title);
	free(run->directive);
	free(run->commit_id);
	free(run->blob_id);
	free(run->started_by);
	free(run->approval);
	free(run->closed_by);
	clock_zone_free(run->zone);
	labels_free(run->labels);
	memset(run, 0, sizeof(*run));
}

int store_step_done(struct store *st, sqlite3_stmt *s, struct err *err,
		     const char *what)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_db_fail(st, err, what);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

/* Appends the run's current version to run_versions. */
static int add_version(struct store *st, const struct store_run *run,
		       const char *by, instant_t at, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "INSERT INTO run_versions SELECT ?1,"
		    " coalesce(max(ord), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7"
		    " FROM run_versions WHERE run_id = ?1", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run->id);
	store_bind_text(s, 2, run->commit_id);
	store_bind_text(s, 3, run->blob_id);
	sqlite3_bind_int(s, 4, run->dirty);
	store_bind_text(s, 5, run->approval);
	sqlite3_bind_int64(s, 6, at);
	store_bind_text(s, 7, by ? by : "");
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the run's version"));
	return 0;
}

/* A code of the locale, or NULL (the default) when not set. */
static const char *code_or_null(const char *code)
{
	return code[0] ? code : NULL;
}

/*
 * Binds lang, region, currency, date_order, timezone from `first` (a run
 * without a zone or a locale takes the defaults: +07:00, Bắc Ninh's).
 */
static void bind_locale(sqlite3_stmt *s, int first, const struct store_run *run)
{
	store_bind_text(s, first, code_or_null(run->locale.lang));
	store_bind_text(s, first + 1, code_or_null(run->locale.region));
	store_bind_text(s, first + 2, code_or_null(run->locale.currency));
	store_bind_text(s, first + 3, run->locale.lang[0] ?
			model_date_order_name(run->locale.dates) : NULL);
	/* A fixed offset keeps offset_minutes alone, as before zones. */
	store_bind_text(s, first + 4, !run->zone ||
			clock_zone_is_fixed(run->zone) ? NULL :
			clock_zone_name(run->zone));
}

/* The run's offset at T0, what an older cutover reads of it. */
static int offset_at_t0(const struct store_run *run)
{
	return run->zone ? clock_zone_offset(run->zone, run->t0) : 7 * 60;
}

/* The unit's attributes as a JSON object, or NULL when it has none. */
static char *attributes_json(const struct unit *u)
{
	struct strbuf j = STRBUF_INIT;
	size_t i;

	if (!u->nattrs)
		return NULL;
	strbuf_addch(&j, '{');
	for (i = 0; i < u->nattrs; i++)
		json_key_string(&j, u->attrs[i].key, u->attrs[i].value, !i);
	strbuf_addch(&j, '}');
	return strbuf_detach(&j, NULL);
}

/* The book's labels for the run; 0 or -1. */
static int insert_labels(struct store *st, const struct store_run *run,
			 const struct labels *labels, struct err *err)
{
	sqlite3_stmt *s;
	enum label_kind kind;
	const char *id, *lang, *text;
	size_t i;

	if (store_prepare(st, "INSERT INTO labels VALUES (?,?,?,?,?)", &s, err))
		return -1;
	for (i = 0; i < labels_count(labels); i++) {
		labels_at(labels, i, &kind, &id, &lang, &text);
		sqlite3_bind_int64(s, 1, run->id);
		store_bind_text(s, 2, label_kind_name(kind));
		store_bind_text(s, 3, id);
		store_bind_text(s, 4, lang);
		store_bind_text(s, 5, text);
		if (store_step_done(st, s, err, N_("storing the labels"))) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	return 0;
}

/* Reads the run's labels into run->labels (its language set); 0 or -1. */
static int read_labels(struct store *st, struct store_run *run,
		       struct err *err)
{
	sqlite3_stmt *s;
	enum label_kind kind;
	int rc;

	run->labels = labels_new(run->locale.lang);
	if (store_prepare(st, "SELECT kind, id, lang, text FROM labels"
		    " WHERE run_id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!label_kind_parse((const char *)sqlite3_column_text(s, 0),
				      &kind))
			labels_add(run->labels, kind,
				   (const char *)sqlite3_column_text(s, 1),
				   (const char *)sqlite3_column_text(s, 2),
				   (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the labels"));
	return 0;
}

static int insert_run_row(struct store *st, struct store_run *run,
			  struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "INSERT INTO runs (name, mode, runbook_path,"
		    " runbook_id, title, directive, t0, offset_minutes,"
		    " commit_id, blob_id, dirty, started_at, started_by,"
		    " duty_from, duty_to, approval, unapproved, require_tokens,"
		    " lang, region, currency, date_order, timezone)"
		    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		    &s, err))
		return -1;
	store_bind_text(s, 1, run->name);
	store_bind_text(s, 2, run->mode);
	store_bind_text(s, 3, run->runbook_path);
	store_bind_text(s, 4, run->runbook_id);
	store_bind_text(s, 5, run->title);
	store_bind_text(s, 6, run->directive);
	sqlite3_bind_int64(s, 7, run->t0);
	sqlite3_bind_int(s, 8, offset_at_t0(run));
	store_bind_text(s, 9, run->commit_id);
	store_bind_text(s, 10, run->blob_id);
	sqlite3_bind_int(s, 11, run->dirty);
	sqlite3_bind_int64(s, 12, run->started_at);
	store_bind_text(s, 13, run->started_by);
	if (run->has_duty_window) {
		sqlite3_bind_int64(s, 14, run->duty_from);
		sqlite3_bind_int64(s, 15, run->duty_to);
	}
	store_bind_text(s, 16, run->approval);
	sqlite3_bind_int(s, 17, run->unapproved);
	sqlite3_bind_int(s, 18, run->require_tokens);
	bind_locale(s, 19, run);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT)
		return fail(err, _("a run named '%s' exists already"),
			    run->name);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the run"));
	run->id = sqlite3_last_insert_rowid(st->db);
	return add_version(st, run, run->started_by, run->started_at, err);
}

static int insert_book(struct store *st, const struct store_run *run,
		       const struct book *book, struct err *err)
{
	const struct runbook *rb = book->rb;
	sqlite3_stmt *s = NULL;
	size_t i;

	if (store_prepare(st, "INSERT INTO run_files VALUES (?,?,?,?)", &s, err))
		return -1;
	for (i = 0; i < book->nfiles; i++) {
		sqlite3_bind_int64(s, 1, run->id);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		store_bind_text(s, 3, book->files[i].path);
		sqlite3_bind_blob(s, 4, book->files[i].text,
				  (int)book->files[i].len, SQLITE_STATIC);
		if (store_step_done(st, s, err, N_("storing the runbook's files")))
			goto fail;
	}
	sqlite3_finalize(s);
	if (store_prepare(st, "INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?)", &s, err))
		return -1;
	for (i = 0; i < book->units->n; i++) {
		const struct unit *u = &book->units->units[i];
		char *attrs = attributes_json(u);

		sqlite3_bind_int64(s, 1, run->id);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		store_bind_text(s, 3, u->id);
		store_bind_text(s, 4, u->name);
		store_bind_text(s, 5, u->kind);
		store_bind_text(s, 6, u->code);
		store_bind_text(s, 7, u->parent);
		store_bind_text(s, 8, u->police);
		store_bind_text(s, 9, attrs);
		free(attrs);
		if (store_step_done(st, s, err, N_("storing the units")))
			goto fail;
	}
	sqlite3_finalize(s);
	if (store_prepare(st, "INSERT INTO sections VALUES (?,?,?,?)", &s, err))
		return -1;
	for (i = 0; i < rb->nsections; i++) {
		sqlite3_bind_int64(s, 1, run->id);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		store_bind_text(s, 3, rb->sections[i].id);
		store_bind_text(s, 4, rb->sections[i].title);
		if (store_step_done(st, s, err, N_("storing the sections")))
			goto fail;
	}
	sqlite3_finalize(s);
	if (store_prepare(st, "INSERT INTO steps (run_id, ord, id, section_id,"
		    " title, directive, details, gate, roster, fallback)"
		    " VALUES (?,?,?,?,?,?,?,?,?,?)", &s, err))
		return -1;
	for (i = 0; i < rb->nsteps; i++) {
		const struct step *p = &rb->steps[i];

		sqlite3_bind_int64(s, 1, run->id);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		store_bind_text(s, 3, p->id);
		store_bind_text(s, 4, rb->sections[p->section].id);
		store_bind_text(s, 5, p->title);
		store_bind_text(s, 6, p->directive);
		store_bind_text(s, 7, p->details);
		sqlite3_bind_int(s, 8, p->gate);
		store_bind_text(s, 9, p->roster);
		store_bind_text(s, 10, p->fallback);
		if (store_step_done(st, s, err, N_("storing the steps")))
			goto fail;
	}
	sqlite3_finalize(s);
	return insert_labels(st, run, rb->labels, err);
fail:
	sqlite3_finalize(s);
	return -1;
}

/*
 * Binds key, step, unit, occurrence, start, due, recipient, fallback
 * from `first`.
 */
static void bind_task(sqlite3_stmt *s, int first, const struct book *book,
		      size_t i)
{
	const struct plan_task *t = &book->plan->tasks[i];

	store_bind_text(s, first, t->key);
	store_bind_text(s, first + 1, book->rb->steps[t->step].id);
	store_bind_text(s, first + 2, book->units->units[t->unit].id);
	store_bind_text(s, first + 3, t->occurrence[0] ? t->occurrence : NULL);
	if (t->has_start)
		sqlite3_bind_int64(s, first + 4, t->start);
	else
		sqlite3_bind_null(s, first + 4);
	sqlite3_bind_int64(s, first + 5, t->due);
	store_bind_text(s, first + 6, t->recipient);
	store_bind_text(s, first + 7, book->rb->steps[t->step].fallback);
}

/* Inserts the plan's tasks, their ids into ids[]; 0 or -1. */
static int insert_task_rows(struct store *st, const struct store_run *run,
			    const struct book *book, int64_t *ids,
			    struct err *err)
{
	sqlite3_stmt *s;
	size_t i;
	int ret = 0;

	if (store_prepare(st, "INSERT INTO tasks (run_id, key, step_id,"
		    " unit_id, occurrence, start, due, recipient, fallback)"
		    " VALUES (?,?,?,?,?,?,?,?,?)", &s, err))
		return -1;
	for (i = 0; !ret && i < book->plan->n; i++) {
		sqlite3_bind_int64(s, 1, run->id);
		bind_task(s, 2, book, i);
		ret = store_step_done(st, s, err, N_("storing the tasks"));
		ids[i] = sqlite3_last_insert_rowid(st->db);
		store_progress(st, N_("storing the tasks"), i + 1,
			       book->plan->n);
	}
	sqlite3_finalize(s);
	return ret;
}

static int insert_tasks(struct store *st, const struct store_run *run,
			const struct book *book, struct err *err)
{
	const struct plan *plan = book->plan;
	sqlite3_stmt *s = NULL;
	int64_t *ids = xmalloc((plan->n + 1) * sizeof(*ids));
	size_t i, j;
	int rc;

	/*
	 * A new task takes the default state 'pending', which satisfies the
	 * CHECK on tasks.state; SQLite would still evaluate it for every row,
	 * building its IN list anew each time (two fifths of SQLite's work
	 * for each inserted task).  Setting the flag expires every prepared
	 * statement, so it stays on while the inserts run and goes off
	 * before anything else is prepared.
	 */
	if (exec(st, "PRAGMA ignore_check_constraints = ON", err))
		goto fail;
	rc = insert_task_rows(st, run, book, ids, err);
	if (exec(st, "PRAGMA ignore_check_constraints = OFF", err) || rc)
		goto fail;
	if (store_prepare(st, "INSERT OR IGNORE INTO task_requires VALUES (?,?)",
		    &s, err))
		goto fail;
	for (i = 0; i < plan->n; i++)
		for (j = 0; j < plan->tasks[i].nrequires; j++) {
			sqlite3_bind_int64(s, 1, ids[i]);
			sqlite3_bind_int64(s, 2,
					   ids[plan->tasks[i].requires[j]]);
			if (store_step_done(st, s, err, N_("storing dependencies")))
				goto fail;
		}
	sqlite3_finalize(s);
	free(ids);
	return 0;
fail:
	sqlite3_finalize(s);
	free(ids);
	return -1;
}

int store_create_run(struct store *st, struct store_run *run,
		     const struct book *book, struct err *err)
{
	if (field_check("name", run->name, FIELD_RUN_NAME_MAX, FIELD_LINE, err))
		return -1;
	if (insert_run_row(st, run, err) || insert_book(st, run, book, err) ||
	    insert_tasks(st, run, book, err))
		return -1;
	return 0;
}

/* The locale columns from `first`; a run from before them is Bắc Ninh's. */
static void read_locale(sqlite3_stmt *s, int first, struct store_run *run)
{
	static const struct runbook_locale vn = RUNBOOK_LOCALE_DEFAULT;
	const char *v;
	int i;
	char *slots[3] = { run->locale.lang, run->locale.region,
			   run->locale.currency };

	run->locale = vn;
	for (i = 0; i < 3; i++) {
		v = (const char *)sqlite3_column_text(s, first + i);
		if (v && *v && strlen(v) < sizeof(run->locale.lang))
			memcpy(slots[i], v, strlen(v) + 1);
	}
	v = (const char *)sqlite3_column_text(s, first + 3);
	if (v && !strcmp(v, "iso"))
		run->locale.dates = CLOCK_DATES_ISO;
	else if (v && !strcmp(v, "mdy"))
		run->locale.dates = CLOCK_DATES_MDY;
}

/*
 * The version (commit, blob, dirty, approval) is the run's latest; the
 * close, its first "close" event (a run-level event: no task).
 */
#define RUN_SELECT \
	"SELECT r.id, r.name, r.mode, r.runbook_path, r.runbook_id, r.title," \
	" r.directive, r.t0, r.offset_minutes, v.commit_id, v.blob_id," \
	" v.dirty, r.started_at, r.started_by, r.duty_from, r.duty_to," \
	" v.approval, r.unapproved, r.require_tokens, v.ord, r.lang," \
	" r.region, r.currency, r.date_order, r.timezone, c.seq, c.at," \
	" c.actor FROM runs r" \
	" JOIN run_versions v ON v.run_id = r.id AND v.ord =" \
	"  (SELECT max(x.ord) FROM run_versions x WHERE x.run_id = r.id)" \
	" LEFT JOIN events c ON c.seq = (SELECT min(y.seq) FROM events y" \
	"  WHERE y.run_id = r.id AND y.task_key IS NULL AND y.kind = 'close')"

int store_find_run(struct store *st, const char *name, struct store_run *out,
		   struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	/* Kept: the web finds the run for every request. */
	if (store_prepare_kept(st, name ? RUN_SELECT " WHERE r.name = ?" :
			       RUN_SELECT " ORDER BY r.id DESC LIMIT 1", &s,
			       err))
		return -1;
	if (name)
		store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		store_release(st, s);
		if (name)
			fail(err, _("no run named '%s'"), name);
		else
			fail(err, "%s", _("no run yet: start one with 'cutover"
					  " start RUNBOOK --rehearsal'"));
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW) {
		store_db_fail(st, err, N_("reading the run"));
		store_release(st, s);
		return -1;
	}
	out->id = sqlite3_column_int64(s, 0);
	out->name = store_column_dup(s, 1);
	out->mode = store_column_dup(s, 2);
	out->runbook_path = store_column_dup(s, 3);
	out->runbook_id = store_column_dup(s, 4);
	out->title = store_column_dup(s, 5);
	out->directive = store_column_dup(s, 6);
	out->t0 = sqlite3_column_int64(s, 7);
	out->commit_id = store_column_dup(s, 9);
	out->blob_id = store_column_dup(s, 10);
	out->dirty = sqlite3_column_int(s, 11);
	out->started_at = sqlite3_column_int64(s, 12);
	out->started_by = store_column_dup(s, 13);
	out->has_duty_window = sqlite3_column_type(s, 14) != SQLITE_NULL;
	out->duty_from = sqlite3_column_int64(s, 14);
	out->duty_to = sqlite3_column_int64(s, 15);
	out->approval = store_column_dup(s, 16);
	out->unapproved = sqlite3_column_int(s, 17);
	out->require_tokens = sqlite3_column_int(s, 18);
	out->version = sqlite3_column_int64(s, 19);
	out->closed_seq = sqlite3_column_int64(s, 25);
	out->closed_at = sqlite3_column_int64(s, 26);
	out->closed_by = store_column_dup(s, 27);
	read_locale(s, 20, out);
	rc = sqlite3_column_type(s, 24) == SQLITE_NULL ?
		(out->zone = clock_zone_fixed(sqlite3_column_int(s, 8)), 0) :
		clock_zone_load((const char *)sqlite3_column_text(s, 24),
				&out->zone, err);
	store_release(st, s);
	if (rc || read_labels(st, out, err)) {
		if (rc)
			err_prefix(err, out->name);
		store_run_release(out);
		return -1;
	}
	return 0;
}

int store_run_files(struct store *st, int64_t run_id, struct book_file **out,
		    size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT path, content FROM run_files WHERE run_id = ?"
		    " ORDER BY ord", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct book_file *f;

		XGROW(*out, alloc, *n + 1);
		f = &(*out)[(*n)++];
		f->path = store_column_dup(s, 0);
		f->len = (size_t)sqlite3_column_bytes(s, 1);
		f->text = xstrndup(sqlite3_column_blob(s, 1) ?
				   sqlite3_column_blob(s, 1) : "", f->len);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the run's files"));
	return 0;
}

int store_run_file(struct store *st, int64_t run_id, const char *path,
		   struct strbuf *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT content FROM run_files"
		    " WHERE run_id = ? AND path = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, path);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0))
		strbuf_add(out, sqlite3_column_blob(s, 0),
			   (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the run's files"));
	return 0;
}

#define TASK_SELECT_HEAD \
	"SELECT t.id, t.key, t.step_id, t.unit_id, u.name, u.kind," \
	" p.section_id, c.title, p.directive, p.title, t.recipient," \
	" t.occurrence, t.start, t.due, p.gate, t.state, t.last_seq," \
	" e.at, e.actor, e.comment, e.evidence,"
#define TASK_SELECT_REQUIRES \
	" (SELECT count(*) FROM task_requires r JOIN tasks q" \
	"   ON q.id = r.required_id WHERE r.task_id = t.id" \
	"   AND q.state NOT IN ('done', 'skipped')),"
#define TASK_SELECT_TAIL \
	" ru.name, e.auth, t.fallback" \
	" FROM tasks t" \
	" LEFT JOIN units u ON u.run_id = t.run_id AND u.id = t.unit_id" \
	" LEFT JOIN steps p ON p.run_id = t.run_id AND p.id = t.step_id" \
	" LEFT JOIN sections c ON c.run_id = t.run_id AND c.id = p.section_id" \
	" LEFT JOIN events e ON e.seq = t.last_seq" \
	" LEFT JOIN units ru ON ru.run_id = t.run_id AND ru.id = t.recipient"

static void read_task(sqlite3_stmt *s, struct store_task *t)
{
	t->id = sqlite3_column_int64(s, 0);
	t->key = store_column_dup(s, 1);
	t->step_id = store_column_dup(s, 2);
	t->unit_id = store_column_dup(s, 3);
	t->unit_name = store_column_dup(s, 4);
	t->unit_kind = store_column_dup(s, 5);
	t->section_id = store_column_dup(s, 6);
	t->section_title = store_column_dup(s, 7);
	t->directive = store_column_dup(s, 8);
	t->title = store_column_dup(s, 9);
	t->recipient = store_column_dup(s, 10);
	t->occurrence = store_column_dup(s, 11);
	t->has_start = sqlite3_column_type(s, 12) != SQLITE_NULL;
	t->start = sqlite3_column_int64(s, 12);
	t->due = sqlite3_column_int64(s, 13);
	t->gate = sqlite3_column_int(s, 14);
	/* The schema's CHECK holds tasks.state to a state's word. */
	if (task_state_parse((const char *)sqlite3_column_text(s, 15),
			     &t->state))
		t->state = TASK_PENDING;
	t->last_seq = sqlite3_column_int64(s, 16);
	t->state_at = sqlite3_column_int64(s, 17);
	t->state_by = store_column_dup(s, 18);
	t->state_comment = store_column_dup(s, 19);
	t->evidence = store_column_dup(s, 20);
	t->open_requires = sqlite3_column_int(s, 21);
	t->recipient_name = store_column_dup(s, 22);
	t->state_auth = store_column_dup(s, 23);
	t->fallback = store_column_dup(s, 24);
}

int store_task_settled(const struct store_task *task)
{
	return task_state_settled(task->state);
}

int store_task_late(const struct store_task *task, instant_t now)
{
	return !store_task_settled(task) && task->due < now;
}

void store_task_release(struct store_task *t)
{
	free(t->key);
	free(t->step_id);
	free(t->unit_id);
	free(t->unit_name);
	free(t->unit_kind);
	free(t->section_id);
	free(t->section_title);
	free(t->directive);
	free(t->title);
	free(t->recipient);
	free(t->recipient_name);
	free(t->occurrence);
	free(t->state_by);
	free(t->state_comment);
	free(t->state_auth);
	free(t->evidence);
	free(t->fallback);
}

/*
 * The WHERE and ORDER BY of a filter, on the columns of tasks t only (so
 * that a count needs no join): ?1 run, ?2 key, ?3 unit, ?4 section,
 * ?5 now, ?6 limit.
 */
static void task_where(struct strbuf *sql,
		       const struct store_task_filter *f, int order)
{
	/*
	 * The gates are a few tasks found by their steps: the unary + keeps
	 * SQLite from reading every task of the run to test each against
	 * them, rather than looking them up by id.
	 */
	strbuf_adds(sql, f && f->gates ? " WHERE +t.run_id = ?1" :
		    " WHERE t.run_id = ?1");
	/*
	 * Archived tasks are out of every listing but their own; a fallback
	 * path its gate holds back is out of every listing but an upgrade's.
	 */
	if (f && f->archived)
		strbuf_adds(sql, " AND t.archived_seq IS NOT NULL");
	else if (f && f->held_back)
		strbuf_adds(sql, " AND t.archived_seq IS NULL");
	else
		strbuf_adds(sql, " AND " STORE_TASK_SHOWN("t"));
	if (!f)
		goto order;
	if (f->key)
		strbuf_adds(sql, " AND t.key = ?2");
	if (f->unit_id)
		strbuf_adds(sql, " AND t.unit_id = ?3");
	if (f->section_id)
		strbuf_adds(sql, " AND t.step_id IN (SELECT id FROM steps"
			    " WHERE run_id = ?1 AND section_id = ?4)");
	if (f->step_id)
		strbuf_adds(sql, " AND t.key >= ?7 || '@' AND t.key < ?7 || 'A'"
			    " AND t.step_id = ?7");
	if (f->gates)
		strbuf_adds(sql, " AND t.id IN (SELECT x.id FROM steps g"
			    " CROSS JOIN tasks x ON " STORE_STEP_TASKS("g", "x")
			    " WHERE g.run_id = ?1 AND g.gate)");
	if (f->open_only || f->late_only || f->upcoming || f->stuck)
		strbuf_adds(sql, " AND t.state NOT IN ('done', 'skipped')");
	if (f->late_only)
		strbuf_adds(sql, " AND t.due < ?5");
	if (f->upcoming)
		strbuf_adds(sql, " AND t.due >= ?5");
	if (f->blocked_only)
		strbuf_adds(sql, " AND t.state IN ('blocked', 'failed')");
	if (f->stuck)
		strbuf_adds(sql, " AND (t.due < ?5"
			    " OR t.state IN ('blocked', 'failed'))");
order:
	/*
	 * Without statistics SQLite would rather walk every task of the run
	 * in tasks_by_due's order than sort the few that a key, a unit, a
	 * section or the gates name; the unary + keeps it from that.
	 */
	if (order && f && f->by_unit)
		strbuf_adds(sql, " ORDER BY u.ord, t.due, t.key");
	else if (order && f && (f->key || f->unit_id || f->section_id ||
				f->gates || f->step_id))
		strbuf_adds(sql, " ORDER BY +t.due, t.key");
	else if (order)
		strbuf_adds(sql, " ORDER BY t.due, t.key");
	if (order && f && f->limit)
		strbuf_adds(sql, " LIMIT ?6");
}

static void bind_filter(sqlite3_stmt *s, int64_t run_id,
			const struct store_task_filter *f)
{
	sqlite3_bind_int64(s, 1, run_id);
	if (!f)
		return;
	store_bind_text(s, 2, f->key);
	store_bind_text(s, 3, f->unit_id);
	store_bind_text(s, 4, f->section_id);
	sqlite3_bind_int64(s, 5, f->now);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)f->limit);
	store_bind_text(s, 7, f->step_id);
}

struct store_task_cursor {
	struct store *st;
	sqlite3_stmt *stmt;
	int done;
};

/* The SELECT of the filter's tasks, with its WHERE and ORDER BY. */
static void task_select(struct strbuf *sql, const struct store_task_filter *f)
{
	strbuf_adds(sql, TASK_SELECT_HEAD);
	strbuf_adds(sql, f && f->no_requires ? " 0," : TASK_SELECT_REQUIRES);
	strbuf_adds(sql, TASK_SELECT_TAIL);
	task_where(sql, f, 1);
}

int store_task_cursor_open(struct store *st, int64_t run_id,
			   const struct store_task_filter *filter,
			   struct store_task_cursor **out, struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	task_select(&sql, filter);
	/* Not kept: the caller may run the same query while this one walks. */
	rc = store_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	bind_filter(s, run_id, filter);
	*out = xcalloc(1, sizeof(**out));
	(*out)->st = st;
	(*out)->stmt = s;
	return 0;
}

int store_task_cursor_next(struct store_task_cursor *c,
			   struct store_task *out, struct err *err)
{
	int rc;

	if (c->done)
		return 0;
	rc = sqlite3_step(c->stmt);
	if (rc == SQLITE_ROW) {
		read_task(c->stmt, out);
		return 1;
	}
	c->done = 1;
	if (rc != SQLITE_DONE)
		return store_db_fail(c->st, err, N_("reading tasks"));
	return 0;
}

void store_task_cursor_close(struct store_task_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->stmt);
	free(c);
}

int store_tasks(struct store *st, int64_t run_id,
		const struct store_task_filter *filter,
		struct store_task **out, size_t *n, struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	task_select(&sql, filter);
	rc = store_prepare_kept(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	bind_filter(s, run_id, filter);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		read_task(s, &(*out)[(*n)++]);
	}
	store_release(st, s);
	if (rc != SQLITE_DONE) {
		store_tasks_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading tasks"));
	}
	return 0;
}

int store_count_tasks(struct store *st, int64_t run_id,
		      const struct store_task_filter *filter, int64_t *n,
		      struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	strbuf_adds(&sql, "SELECT count(*) FROM tasks t");
	task_where(&sql, filter, 0);
	rc = store_prepare_kept(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	bind_filter(s, run_id, filter);
	rc = sqlite3_step(s);
	*n = sqlite3_column_int64(s, 0);
	store_release(st, s);
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("counting tasks"));
	return 0;
}

void store_tasks_free(struct store_task *tasks, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_task_release(&tasks[i]);
	free(tasks);
}

/*
 * "no task 'focal-pont@chu' in this run; did you mean 'focal-point@chu'?":
 * the live keys near it, among the tasks of its step or of its unit (a
 * typo is in one part, as a rule), else among them all.  Returns
 * SQLITE_DONE with err set, or another SQLite code.
 */
static int no_such_task(struct store *st, int64_t run_id, const char *key,
			struct err *err)
{
	struct suggest sg;
	struct strbuf step = STRBUF_INIT, unit = STRBUF_INIT, hint = STRBUF_INIT;
	const char *at = strchr(key, '@');
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, pass;

	if (at) {
		strbuf_add(&step, key, (size_t)(at - key));
		strbuf_add(&unit, at + 1, strcspn(at + 1, "#"));
	}
	suggest_init(&sg, key);
	for (pass = 0; pass < 2 && !suggest_count(&sg); pass++) {
		if (pass == 1 && !at)
			break;
		if (store_prepare(st, pass ?
			    "SELECT key FROM tasks WHERE run_id = ?1"
			    " AND archived_seq IS NULL" :
			    "SELECT key FROM tasks WHERE run_id = ?1"
			    " AND archived_seq IS NULL"
			    " AND (step_id = ?2 OR unit_id = ?3)", &s, err)) {
			suggest_release(&sg);
			strbuf_release(&step);
			strbuf_release(&unit);
			return SQLITE_ERROR;
		}
		sqlite3_bind_int64(s, 1, run_id);
		if (!pass) {
			store_bind_text(s, 2, step.buf);
			store_bind_text(s, 3, unit.buf);
		}
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			suggest_offer(&sg, (const char *)
				      sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			break;
	}
	if (rc == SQLITE_DONE) {
		suggest_format(&sg, &hint);
		if (hint.len)
			fail(err, _("no task '%s' in this run; %s"), key,
			     hint.buf);
		else
			fail(err, _("no task '%s' in this run"), key);
	} else {
		store_db_fail(st, err, N_("reading the task"));
	}
	suggest_release(&sg);
	strbuf_release(&step);
	strbuf_release(&unit);
	strbuf_release(&hint);
	return rc;
}

/* Says why there is no live task `key`: archived, held back, or none. */
static int task_not_found(struct store *st, int64_t run_id, const char *key,
			  struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT t.archived_seq, e.comment, t.fallback"
		    " FROM tasks t LEFT JOIN events e ON e.seq = t.archived_seq"
		    " WHERE t.run_id = ? AND t.key = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	store_bind_text(s, 2, key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_NULL)
		fail(err, _("task '%s' is on the fallback path of gate '%s':"
			    " it applies only after a no-go of that gate"),
		     key, (const char *)sqlite3_column_text(s, 2));
	else if (rc == SQLITE_ROW)
		fail(err, _("task '%s' was archived (event %lld: %s)"), key,
		     (long long)sqlite3_column_int64(s, 0),
		     sqlite3_column_text(s, 1) ?
		     (const char *)sqlite3_column_text(s, 1) : "");
	else if (rc == SQLITE_DONE)
		rc = no_such_task(st, run_id, key, err);
	else
		store_db_fail(st, err, N_("reading the task"));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_NOTFOUND : -1;
}

int store_task(struct store *st, int64_t run_id, const char *key,
	       struct store_task *out, struct err *err)
{
	struct store_task_filter f = { 0 };
	struct store_task *tasks;
	size_t n;

	memset(out, 0, sizeof(*out));
	f.key = key;
	if (store_tasks(st, run_id, &f, &tasks, &n, err))
		return -1;
	if (!n) {
		free(tasks);
		return task_not_found(st, run_id, key, err);
	}
	*out = tasks[0];
	free(tasks);
	return 0;
}

int store_open_requirements(struct store *st, int64_t task_id, size_t limit,
			    struct strbuf *keys, struct err *err)
{
	sqlite3_stmt *s;
	size_t n = 0;
	int rc;

	if (store_prepare(st, "SELECT q.key FROM task_requires r JOIN tasks q"
		    " ON q.id = r.required_id WHERE r.task_id = ?"
		    " AND q.state NOT IN ('done', 'skipped')"
		    " ORDER BY q.due, q.key", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, task_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n++ == limit) {
			strbuf_adds(keys, ", ...");
			break;
		}
		strbuf_addf(keys, "%s%s", n > 1 ? ", " : "",
			    (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading requirements"));
	return 0;
}

static void canonical_event(struct strbuf *canon, int64_t seq,
			    const struct store_event *ev)
{
	seal_field_int(canon, seq);
	seal_field_int(canon, ev->run_id);
	seal_field_str(canon, ev->task_key);
	seal_field_str(canon, ev->kind);
	seal_field_str(canon, ev->actor);
	seal_field_str(canon, ev->unit_id);
	seal_field_int(canon, ev->at);
	seal_field_str(canon, ev->comment);
	seal_field_str(canon, ev->evidence);
	seal_field_str(canon, ev->commit_id);
	/*
	 * Added later (auth in schema 4, entered in 6): encoded only when
	 * set, so that the events sealed before them keep their hashes; once
	 * a later field is set every earlier one is encoded too, NULL or
	 * not.  A field more is a netstring more, so the events of each
	 * schema encode with their own number of fields, and none like
	 * another's.
	 */
	if (ev->auth || ev->entered)
		seal_field_str(canon, ev->auth);
	if (ev->entered)
		seal_field_int(canon, ev->entered);
}

/* The last event's seq, hash and entry time (0 when it has none). */
static int last_event(struct store *st, int64_t *seq,
		      char hash[SEAL_HEX_LEN + 1], instant_t *entered,
		      struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare_kept(st, "SELECT seq, hash, entered FROM events"
		    " ORDER BY seq DESC LIMIT 1", &s, err))
		return -1;
	rc = sqlite3_step(s);
	*entered = 0;
	if (rc == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(s, 1);

		*seq = sqlite3_column_int64(s, 0);
		snprintf(hash, SEAL_HEX_LEN + 1, "%s", h ? (const char *)h : "");
		*entered = sqlite3_column_int64(s, 2);
	} else if (rc == SQLITE_DONE) {
		*seq = 0;
		memcpy(hash, seal_genesis, SEAL_HEX_LEN + 1);
	} else {
		store_db_fail(st, err, N_("reading the ledger head"));
		store_release(st, s);
		return -1;
	}
	store_release(st, s);
	return 0;
}

/*
 * A closed run takes no event more (checked inside the transaction, so
 * that nothing commits after the close).  0, or -1 with err.
 */
static int run_open(struct store *st, int64_t run_id, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (!run_id)
		return 0;
	if (store_prepare_kept(st, "SELECT e.seq, r.name FROM events e"
		    " JOIN runs r ON r.id = e.run_id WHERE e.run_id = ?"
		    " AND e.task_key IS NULL AND e.kind = 'close' LIMIT 1",
		    &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fail(err, _("run '%s' was closed (event %lld); nothing"
			    " recorded"), (const char *)sqlite3_column_text(s, 1),
		     (long long)sqlite3_column_int64(s, 0));
	else if (rc != SQLITE_DONE)
		store_db_fail(st, err, N_("reading the run"));
	store_release(st, s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Sets *state to what an event of this kind leaves its task in: 0 when
 * the kind changes the state, -1 when it leaves it be (a comment).
 */
static int state_after(const char *kind, enum task_state *state)
{
	/* No event is called "pending": a task gets there by a reopening. */
	if (!task_state_parse(kind, state) && *state != TASK_PENDING)
		return 0;
	if (!strcmp(kind, "reopened")) {
		*state = TASK_PENDING;
		return 0;
	}
	return -1;
}

/*
 * DESIGN: a live run uses the real clock.  CUTOVER_NOW moves the clock of
 * rehearsals (and of what-if views, which write nothing); an event of a
 * live run appended under it would claim a time of the user's choosing,
 * so it is refused, whatever command appends it.
 */
static int live_clock(struct store *st, int64_t run_id, struct err *err)
{
	sqlite3_stmt *s;
	char *name = NULL;
	int rc, live = 0;

	if (!run_id || !clock_simulated())
		return 0;
	if (store_prepare_kept(st, "SELECT mode = 'live', name FROM runs"
			       " WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		live = sqlite3_column_int(s, 0);
		name = store_column_dup(s, 1);
	}
	store_release(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("reading the run"));
	if (live)
		fail(err, _("run '%s' is live: its events take the time of the"
			    " system clock, and CUTOVER_NOW is set (it is for"
			    " rehearsals and what-if views); unset it; nothing"
			    " recorded"), name);
	free(name);
	return live ? -1 : 0;
}

int store_append_event(struct store *st, const struct store_event *ev,
		       int64_t *seq_out, char hash_out[SEAL_HEX_LEN + 1],
		       struct err *err)
{
	struct strbuf canon = STRBUF_INIT;
	char prev[SEAL_HEX_LEN + 1], hash[SEAL_HEX_LEN + 1];
	struct store_event sealed;
	enum task_state state;
	sqlite3_stmt *s;
	int64_t seq;
	instant_t last_entered;
	int rc;

	if (!st->in_tx)
		return fail(err, "BUG: event appended outside a transaction");
	/*
	 * DESIGN: every input is hostile.  Whoever appends it, an event's
	 * who and comment are within their limits (field.h): the doors say
	 * it first, with their own names for the fields, when they can.
	 */
	if (field_check("by", ev->actor, FIELD_NAME_MAX, FIELD_LINE, err) ||
	    field_check("comment", ev->comment, FIELD_TEXT_MAX, FIELD_LINES,
			err))
		return -1;
	if (auth_token_valid(st, err) || run_open(st, ev->run_id, err) ||
	    live_clock(st, ev->run_id, err) ||
	    last_event(st, &seq, prev, &last_entered, err))
		return -1;
	seq++;
	sealed = *ev;
	if (!sealed.auth)
		sealed.auth = st->auth;
	/*
	 * When it was entered, by the system clock; never before the event
	 * it follows, so that a clock set back a little does not make the
	 * ledger look tampered with (verify flags an event entered before
	 * its predecessor).
	 */
	sealed.entered = clock_system();
	if (sealed.entered < last_entered)
		sealed.entered = last_entered;
	ev = &sealed;
	canonical_event(&canon, seq, ev);
	rc = seal_chain(prev, &canon, hash);
	strbuf_release(&canon);
	if (rc)
		return fail(err, _("%s: the ledger head of event %lld is not"
				   " a hash; run 'cutover verify'"), st->path,
			    (long long)seq - 1);
	if (store_prepare_kept(st, "INSERT INTO events (seq, run_id, task_key,"
		    " kind, actor, unit_id, at, comment, evidence, commit_id,"
		    " prev_hash, hash, auth, entered)"
		    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	if (ev->run_id)
		sqlite3_bind_int64(s, 2, ev->run_id);
	store_bind_text(s, 3, ev->task_key);
	store_bind_text(s, 4, ev->kind);
	store_bind_text(s, 5, ev->actor);
	store_bind_text(s, 6, ev->unit_id);
	sqlite3_bind_int64(s, 7, ev->at);
	store_bind_text(s, 8, ev->comment);
	store_bind_text(s, 9, ev->evidence);
	store_bind_text(s, 10, ev->commit_id);
	store_bind_text(s, 11, prev);
	store_bind_text(s, 12, hash);
	store_bind_text(s, 13, ev->auth);
	sqlite3_bind_int64(s, 14, ev->entered);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		store_db_fail(st, err, N_("appending to the ledger"));
		store_release(st, s);
		return -1;
	}
	store_release(st, s);
	if (ev->task_key && !state_after(ev->kind, &state)) {
		if (store_prepare_kept(st, "UPDATE tasks SET state = ?,"
			    " last_seq = ? WHERE run_id = ? AND key = ?", &s,
			    err))
			return -1;
		store_bind_text(s, 1, task_state_name(state));
		sqlite3_bind_int64(s, 2, seq);
		sqlite3_bind_int64(s, 3, ev->run_id);
		store_bind_text(s, 4, ev->task_key);
		rc = sqlite3_step(s);
		if (rc != SQLITE_DONE) {
			store_db_fail(st, err, N_("updating the task"));
			store_release(st, s);
			return -1;
		}
		store_release(st, s);
		if (sqlite3_changes(st->db) != 1)
			return fail(err, _("no task '%s' in this run"),
				    ev->task_key);
	}
	if (seq_out)
		*seq_out = seq;
	if (hash_out)
		memcpy(hash_out, hash, SEAL_HEX_LEN + 1);
	return 0;
}

int store_run_event(struct store *st, const struct store_run *run,
		    const char *kind, const char *actor, const char *unit_id,
		    instant_t at, const char *comment, const char *evidence,
		    int64_t *seq, struct err *err)
{
	struct store_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.run_id = run->id;
	ev.kind = kind;
	ev.actor = actor;
	ev.unit_id = unit_id;
	ev.at = at;
	ev.comment = comment;
	ev.evidence = evidence;
	ev.commit_id = run->commit_id;
	return store_append_event(st, &ev, seq, NULL, err);
}

int store_put_attachment(struct store *st, const char *hash,
			 const void *data, size_t len, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "INSERT OR IGNORE INTO attachments VALUES (?,?,?)",
		    &s, err))
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)len);
	sqlite3_bind_blob(s, 3, len ? data : "", (int)len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("storing the attachment"));
	return 0;
}

int store_ledger_head(struct store *st, int64_t *count,
		      char hash[SEAL_HEX_LEN + 1], struct err *err)
{
	instant_t entered;

	return last_event(st, count, hash, &entered, err);
}

/*
 * Appends to err's message the table and the run of the event found
 * wrong, " (table events, run 'X')", so that a finding names both.
 */
static void chain_where(struct store *st, int64_t run_id, struct err *err)
{
	sqlite3_stmt *s;
	const unsigned char *name = NULL;

	if (!run_id) {
		strbuf_adds(&err->msg, " (table events)");
		return;
	}
	if (!store_prepare(st, "SELECT name FROM runs WHERE id = ?", &s, err)) {
		sqlite3_bind_int64(s, 1, run_id);
		if (sqlite3_step(s) == SQLITE_ROW)
			name = sqlite3_column_text(s, 0);
		if (name)
			strbuf_addf(&err->msg, _(" (table events, run '%s')"),
				    (const char *)name);
		else
			strbuf_addf(&err->msg, _(" (table events, run id %lld)"),
				    (long long)run_id);
		sqlite3_finalize(s);
	}
}

int store_verify_chain(struct store *st, int64_t *count,
		       char head[SEAL_HEX_LEN + 1], struct err *err)
{
	struct strbuf canon = STRBUF_INIT;
	char prev[SEAL_HEX_LEN + 1], hash[SEAL_HEX_LEN + 1];
	sqlite3_stmt *s;
	int64_t expect = 1, seq;
	int rc, ret = 0;

	memcpy(prev, seal_genesis, sizeof(prev));
	if (store_prepare(st, "SELECT seq, run_id, task_key, kind, actor, unit_id,"
		    " at, comment, evidence, commit_id, prev_hash, hash, auth,"
		    " entered FROM events ORDER BY seq", &s, err))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_event ev;
		const char *stored_prev, *stored_hash;

		seq = sqlite3_column_int64(s, 0);
		ev.run_id = sqlite3_column_int64(s, 1);
		ev.task_key = (const char *)sqlite3_column_text(s, 2);
		ev.kind = (const char *)sqlite3_column_text(s, 3);
		ev.actor = (const char *)sqlite3_column_text(s, 4);
		ev.unit_id = (const char *)sqlite3_column_text(s, 5);
		ev.at = sqlite3_column_int64(s, 6);
		ev.comment = (const char *)sqlite3_column_text(s, 7);
		ev.evidence = (const char *)sqlite3_column_text(s, 8);
		ev.commit_id = (const char *)sqlite3_column_text(s, 9);
		stored_prev = (const char *)sqlite3_column_text(s, 10);
		stored_hash = (const char *)sqlite3_column_text(s, 11);
		ev.auth = (const char *)sqlite3_column_text(s, 12);
		ev.entered = sqlite3_column_int64(s, 13);
		if (seq != expect) {
			fail(err, _("event %lld: expected sequence number %lld"
				    " (an event is missing or out of place)"),
			     (long long)seq, (long long)expect);
			chain_where(st, ev.run_id, err);
			ret = 1;
			break;
		}
		if (!stored_prev || strcmp(stored_prev, prev)) {
			fail(err, _("event %lld: prev_hash does not match the"
				    " hash of event %lld"), (long long)seq,
			     (long long)seq - 1);
			chain_where(st, ev.run_id, err);
			ret = 1;
			break;
		}
		strbuf_reset(&canon);
		canonical_event(&canon, seq, &ev);
		if (seal_chain(prev, &canon, hash) ||
		    !stored_hash || strcmp(stored_hash, hash)) {
			fail(err, _("event %lld: content does not match its"
				    " hash (the event was edited)"),
			     (long long)seq);
			chain_where(st, ev.run_id, err);
			ret = 1;
			break;
		}
		memcpy(prev, hash, sizeof(prev));
		expect++;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_db_fail(st, err, N_("reading the ledger"));
	sqlite3_finalize(s);
	strbuf_release(&canon);
	*count = expect - 1;
	memcpy(head, prev, sizeof(prev));
	return ret;
}

/*
 * The CHECK constraints of the schema, each checked by one query.
 * integrity_check evaluates them row by row and rebuilds the IN list of
 * each for every row: at 100,000 tasks that was 40% of its time.  A
 * CHECK added by a migration belongs here too.
 */
static const struct {
	const char *table;
	const char *check;
	const char *run;        /* the column naming the row's run */
} check_constraints[] = {
	{ "runs", "mode IN ('rehearsal', 'live')", "id" },
	{ "tasks", "state IN ('pending', 'done', 'skipped', 'failed', 'blocked')",
	  "run_id" },
	{ "shifts", "to_at > from_at", "run_id" },
};

/* 0 when every row holds the table's CHECK, 1 when not (err), -1. */
static int check_constraint(struct store *st, size_t i, struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	/* As SQLite's: a CHECK fails when false, not when NULL. */
	strbuf_addf(&sql, "SELECT coalesce('''' || r.name || '''',"
		    " 'id ' || x.rid) FROM (SELECT %s AS rid FROM %s"
		    " WHERE NOT (%s) LIMIT 1) x LEFT JOIN runs r ON r.id = x.rid",
		    check_constraints[i].run, check_constraints[i].table,
		    check_constraints[i].check);
	rc = store_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		fail(err, _("%s: integrity_check: CHECK constraint failed in"
			    " %s (table %s, run %s)"), st->path,
		     check_constraints[i].table, check_constraints[i].table,
		     (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		return 1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("integrity_check"));
	return 0;
}

/* SQLite's integrity_check: 0 when "ok", 1 when not (err says), -1. */
static int integrity_check(struct store *st, struct err *err)
{
	sqlite3_stmt *s;
	const unsigned char *answer;
	int ret;

	if (store_prepare(st, "PRAGMA integrity_check", &s, err))
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_db_fail(st, err, N_("integrity_check"));
	}
	answer = sqlite3_column_text(s, 0);
	ret = answer && !strcmp((const char *)answer, "ok") ? 0 : 1;
	if (ret)
		fail(err, "%s: integrity_check: %s", st->path,
		     answer ? (const char *)answer : _("no answer"));
	sqlite3_finalize(s);
	return ret;
}

static int integrity(struct store *st, struct err *err)
{
	size_t i;
	int ret;

	if (exec(st, "PRAGMA ignore_check_constraints = ON", err))
		return -1;
	ret = integrity_check(st, err);
	if (exec(st, "PRAGMA ignore_check_constraints = OFF", err))
		return -1;
	for (i = 0; !ret && i < sizeof(check_constraints) /
		     sizeof(check_constraints[0]); i++)
		ret = check_constraint(st, i, err);
	return ret;
}

/*
 * integrity_check reads every page and looks each row up in each of its
 * indexes: half of what verify costs at 100,000 events.  It needs nothing
 * from the chain's check, so it runs beside it, on a second read-only
 * connection in a thread of its own (SQLite's connections may each be
 * used from their own thread), on the second core of the machine.
 */
struct store_integrity_job {
	struct store other;
	pthread_t thread;
	int started;
	int ret;
	struct err err;
};

static void *integrity_thread(void *arg)
{
	struct store_integrity_job *job = arg;

	job->ret = integrity(&job->other, &job->err);
	return NULL;
}

int store_integrity_start(struct store *st, struct store_integrity_job **out,
			  struct err *err)
{
	struct store_integrity_job *job = xcalloc(1, sizeof(*job));

	*out = job;
	err_init(&job->err);
	job->other.path = st->path;
	if (sqlite3_open_v2(st->path, &job->other.db, SQLITE_OPEN_READONLY,
			    NULL) != SQLITE_OK)
		return store_db_fail(&job->other, err, N_("opening a second"
				     " connection"));
	sqlite3_busy_timeout(job->other.db, 120000);
	if (pthread_create(&job->thread, NULL, integrity_thread, job))
		return fail(err, "%s", _("cannot start a thread for"
					 " integrity_check"));
	job->started = 1;
	return 0;
}

int store_integrity_finish(struct store_integrity_job *job, struct err *err)
{
	struct strbuf msg = STRBUF_INIT;
	int ret = -1;

	if (!job)
		return -1;
	if (job->started) {
		pthread_join(job->thread, NULL);
		ret = job->ret;
		if (ret) {
			err_format(&job->err, &msg);
			fail(err, "%s", msg.buf);
			strbuf_release(&msg);
		}
	}
	sqlite3_close(job->other.db);
	err_release(&job->err);
	free(job);
	return ret;
}

/* ---- versions of a run ---- */

int store_versions(struct store *st, int64_t run_id,
		   struct store_version **out, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT ord, commit_id, blob_id, dirty, approval,"
		    " at, actor FROM run_versions WHERE run_id = ? ORDER BY ord",
		    &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_version *v;

		XGROW(*out, alloc, *n + 1);
		v = &(*out)[(*n)++];
		v->ord = sqlite3_column_int64(s, 0);
		v->commit_id = store_column_dup(s, 1);
		v->blob_id = store_column_dup(s, 2);
		v->dirty = sqlite3_column_int(s, 3);
		v->approval = store_column_dup(s, 4);
		v->at = sqlite3_column_int64(s, 5);
		v->by = store_column_dup(s, 6);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_versions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the run's versions"));
	}
	return 0;
}

void store_versions_free(struct store_version *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].commit_id);
		free(v[i].blob_id);
		free(v[i].approval);
		free(v[i].by);
	}
	free(v);
}

/* Runs `sql` with ?1 bound to id; 0 or -1. */
static int exec_id(struct store *st, const char *sql, int64_t id,
		   struct err *err)
{
	sqlite3_stmt *s;

	if (store_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (store_step_done(st, s, err, N_("updating the run"))) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

int store_set_version(struct store *st, const struct store_run *run,
		      const struct book *book, const char *by, instant_t at,
		      struct err *err)
{
	static const char *const clear[] = {
		"DELETE FROM run_files WHERE run_id = ?1",
		"DELETE FROM units WHERE run_id = ?1",
		"DELETE FROM sections WHERE run_id = ?1",
		"DELETE FROM steps WHERE run_id = ?1",
		"DELETE FROM labels WHERE run_id = ?1",
	};
	sqlite3_stmt *s;
	size_t i;
	int rc;

	if (!st->in_tx)
		return fail(err, "BUG: version set outside a transaction");
	for (i = 0; i < sizeof(clear) / sizeof(clear[0]); i++)
		if (exec_id(st, clear[i], run->id, err))
			return -1;
	if (insert_book(st, run, book, err))
		return -1;
	/* The version columns of runs keep the start's (its event says so). */
	if (store_prepare(st, "UPDATE runs SET title = ?2, directive = ?3,"
		    " t0 = ?4, offset_minutes = ?5, duty_from = ?6,"
		    " duty_to = ?7, lang = ?8, region = ?9, currency = ?10,"
		    " date_order = ?11, timezone = ?12 WHERE id = ?1", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run->id);
	store_bind_text(s, 2, run->title);
	store_bind_text(s, 3, run->directive);
	sqlite3_bind_int64(s, 4, run->t0);
	sqlite3_bind_int(s, 5, offset_at_t0(run));
	bind_locale(s, 8, run);
	if (run->has_duty_window) {
		sqlite3_bind_int64(s, 6, run->duty_from);
		sqlite3_bind_int64(s, 7, run->duty_to);
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("updating the run"));
	return add_version(st, run, by, at, err);
}

int store_put_task(struct store *st, int64_t run_id, const struct book *book,
		   size_t i, int64_t *id, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, *id ?
		    "UPDATE tasks SET key = ?2, step_id = ?3, unit_id = ?4,"
		    " occurrence = ?5, start = ?6, due = ?7, recipient = ?8,"
		    " fallback = ?9, archived_seq = NULL"
		    " WHERE run_id = ?1 AND id = ?10" :
		    "INSERT INTO tasks (run_id, key, step_id, unit_id,"
		    " occurrence, start, due, recipient, fallback)"
		    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	bind_task(s, 2, book, i);
	if (*id)
		sqlite3_bind_int64(s, 10, *id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT)
		return fail(err, _("task '%s' exists already in this run"),
			    book->plan->tasks[i].key);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("storing a task"));
	if (!*id)
		*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_archive_task(struct store *st, int64_t run_id, int64_t id,
		       int64_t seq, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "UPDATE tasks SET archived_seq = ?3"
		    " WHERE run_id = ?1 AND id = ?2", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, seq);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("archiving a task"));
	return 0;
}

int store_link_tasks(struct store *st, int64_t run_id,
		     const struct book *book, struct err *err)
{
	const struct plan *plan = book->plan;
	sqlite3_stmt *s;
	size_t i, j;

	if (exec_id(st, "DELETE FROM task_requires WHERE task_id IN"
		    " (SELECT id FROM tasks WHERE run_id = ?1)", run_id, err))
		return -1;
	if (store_prepare(st, "INSERT OR IGNORE INTO task_requires"
		    " SELECT a.id, b.id FROM tasks a, tasks b"
		    " WHERE a.run_id = ?1 AND a.key = ?2"
		    " AND b.run_id = ?1 AND b.key = ?3", &s, err))
		return -1;
	for (i = 0; i < plan->n; i++)
		for (j = 0; j < plan->tasks[i].nrequires; j++) {
			sqlite3_bind_int64(s, 1, run_id);
			store_bind_text(s, 2, plan->tasks[i].key);
			store_bind_text(s, 3, plan->tasks[plan->tasks[i]
						    .requires[j]].key);
			if (store_step_done(st, s, err,
					    N_("storing dependencies"))) {
				sqlite3_finalize(s);
				return -1;
			}
		}
	sqlite3_finalize(s);
	return 0;
}
