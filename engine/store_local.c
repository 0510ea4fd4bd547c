/*
 * What this machine alone remembers, beside the workspace's database:
 * where `cutover publish` pushes, the last checkpoint it cosigned as a
 * witness, the provinces it fetches as the national office and what it
 * accepted of each.  None of it is the run's: it lives in a database of
 * its own (state.local.db beside state.db), attached to the handle as
 * "local", so that publish never sends it, restore never fills it and
 * the ledger's checks (verify, which vouches for every table of the
 * workspace's database) are not asked to vouch for it.  What relies on
 * it checks it where it is used: a witness its own cosignature on the
 * checkpoint it remembers, the national office the accepted commit's
 * signed checkpoint against what it remembers (witness.c, national.c).
 * Part of the store: the only SQL is here.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "store_int.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* The local database's schema, version by version (PRAGMA user_version). */
static const char *const local_migrations[] = {
	/* 1: issue 17: publishing, witnessing, the national office. */
	"CREATE TABLE local.remotes ("
	"  url TEXT PRIMARY KEY,"
	"  added_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE local.cosigned ("
	"  origin TEXT PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  root TEXT NOT NULL,"
	"  cosigned_at INTEGER NOT NULL,"
	"  note TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE local.provinces ("
	"  id TEXT PRIMARY KEY,"
	"  remote TEXT NOT NULL,"
	"  vkey TEXT NOT NULL,"
	"  added_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE local.province_logs ("
	"  province TEXT NOT NULL REFERENCES provinces(id),"
	"  ref TEXT NOT NULL,"
	"  origin TEXT,"
	"  commit_id TEXT,"
	"  size INTEGER,"
	"  root TEXT,"
	"  head TEXT,"
	"  signed_at INTEGER,"
	"  witnesses TEXT,"
	"  fetched_at INTEGER NOT NULL,"
	"  problem TEXT,"
	"  problem_at INTEGER,"
	"  PRIMARY KEY (province, ref)"
	") STRICT;",
};

#define NLOCAL ((int)(sizeof(local_migrations) / sizeof(local_migrations[0])))

char *store_local_path(const char *db_path)
{
	struct strbuf out = STRBUF_INIT;
	size_t len = strlen(db_path);

	if (!strcmp(db_path, ":memory:"))
		return xstrdup(db_path);
	if (len > 3 && !strcmp(db_path + len - 3, ".db"))
		len -= 3;
	strbuf_add(&out, db_path, len);
	strbuf_adds(&out, ".local.db");
	return strbuf_detach(&out, NULL);
}

static int exec_local(struct store *st, const char *sql, struct err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fail(err, "%s: %s", st->local_path, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_local_open(struct store *st, int create, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (st->local > 0 || (st->local < 0 && !create))
		return 0;
	if (st->in_tx)
		return fail(err, "BUG: store_local_open inside a transaction");
	free(st->local_path);
	st->local_path = store_local_path(st->path);
	if (strcmp(st->local_path, ":memory:") &&
	    access(st->local_path, F_OK) < 0) {
		int fd;

		if (!create) {
			st->local = -1;
			return 0;
		}
		/*
		 * The handle may have been opened without SQLITE_OPEN_CREATE,
		 * which ATTACH follows: an empty file is an empty database.
		 */
		fd = open(st->local_path, O_WRONLY | O_CREAT | O_EXCL |
			  O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			return fail(err, _("cannot create '%s': %s"),
				    st->local_path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (store_prepare(st, "ATTACH DATABASE ? AS local", &s, err))
		return -1;
	store_bind_text(s, 1, st->local_path);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fail(err, _("cannot open '%s': %s"), st->local_path,
			    sqlite3_errmsg(st->db));
	st->local = 1;
	if (exec_local(st, "PRAGMA local.journal_mode = WAL;"
		       " PRAGMA local.synchronous = FULL;", err) ||
	    store_migrate(st, "local", st->local_path, local_migrations,
			  NLOCAL, NLOCAL, err))
		return -1;
	return 0;
}

/* 1: the local database is there to read; 0: it is not (nothing yet). */
static int local_readable(struct store *st, struct err *err)
{
	if (!st->local)
		return fail(err, "BUG: store_local_open first");
	return st->local > 0;
}

static int local_writable(struct store *st, struct err *err)
{
	if (st->local <= 0)
		return fail(err, "BUG: store_local_open(create) first");
	return 0;
}

void store_strings_free(char **s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

int store_remotes(struct store *st, char ***out, size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = local_readable(st, err)) <= 0)
		return rc;
	if (store_prepare(st, "SELECT url FROM local.remotes"
			  " ORDER BY added_at, url", &s, err))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, alloc, *n + 1);
		(*out)[(*n)++] = store_column_dup(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_strings_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the remotes"));
	}
	return 0;
}

int store_add_remote(struct store *st, const char *url, instant_t at,
		     struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (local_writable(st, err))
		return -1;
	if (store_prepare(st, "INSERT OR IGNORE INTO local.remotes"
			  " VALUES (?, ?)", &s, err))
		return -1;
	store_bind_text(s, 1, url);
	sqlite3_bind_int64(s, 2, at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the remote"));
	return 0;
}

void store_cosigned_release(struct store_cosigned *c)
{
	free(c->origin);
	free(c->root);
	free(c->note);
	memset(c, 0, sizeof(*c));
}

int store_cosigned(struct store *st, const char *origin,
		   struct store_cosigned *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = local_readable(st, err)) <= 0)
		return rc < 0 ? -1 : STORE_NOTFOUND;
	if (store_prepare(st, "SELECT origin, size, root, cosigned_at, note"
			  " FROM local.cosigned WHERE origin = ?", &s, err))
		return -1;
	store_bind_text(s, 1, origin);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->origin = store_column_dup(s, 0);
		out->size = sqlite3_column_int64(s, 1);
		out->root = store_column_dup(s, 2);
		out->at = sqlite3_column_int64(s, 3);
		out->note = store_column_dup(s, 4);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading what was cosigned"));
	return 0;
}

int store_set_cosigned(struct store *st, const struct store_cosigned *c,
		       struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (local_writable(st, err))
		return -1;
	if (store_prepare(st, "INSERT OR REPLACE INTO local.cosigned"
			  " VALUES (?, ?, ?, ?, ?)", &s, err))
		return -1;
	store_bind_text(s, 1, c->origin);
	sqlite3_bind_int64(s, 2, c->size);
	store_bind_text(s, 3, c->root);
	sqlite3_bind_int64(s, 4, c->at);
	store_bind_text(s, 5, c->note);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording what was"
						 " cosigned"));
	return 0;
}

void store_provinces_free(struct store_province *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].id);
		free(p[i].remote);
		free(p[i].vkey);
	}
	free(p);
}

int store_add_province(struct store *st, const struct store_province *p,
		       struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (local_writable(st, err))
		return -1;
	if (store_prepare(st, "INSERT INTO local.provinces VALUES"
			  " (?, ?, ?, ?)", &s, err))
		return -1;
	store_bind_text(s, 1, p->id);
	store_bind_text(s, 2, p->remote);
	store_bind_text(s, 3, p->vkey);
	sqlite3_bind_int64(s, 4, p->added_at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT)
		return fail(err, _("province '%s' is there already"), p->id);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording the province"));
	return 0;
}

int store_provinces(struct store *st, struct store_province **out,
		    size_t *n, struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = local_readable(st, err)) <= 0)
		return rc;
	if (store_prepare(st, "SELECT id, remote, vkey, added_at"
			  " FROM local.provinces ORDER BY id", &s, err))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_province *p;

		XGROW(*out, alloc, *n + 1);
		p = &(*out)[(*n)++];
		p->id = store_column_dup(s, 0);
		p->remote = store_column_dup(s, 1);
		p->vkey = store_column_dup(s, 2);
		p->added_at = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_provinces_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the provinces"));
	}
	return 0;
}

void store_province_logs_free(struct store_province_log *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(l[i].province);
		free(l[i].ref);
		free(l[i].origin);
		free(l[i].commit_id);
		free(l[i].root);
		free(l[i].head);
		free(l[i].witnesses);
		free(l[i].problem);
	}
	free(l);
}

int store_province_logs(struct store *st, const char *province,
			struct store_province_log **out, size_t *n,
			struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = local_readable(st, err)) <= 0)
		return rc;
	if (store_prepare(st, "SELECT province, ref, origin, commit_id, size,"
			  " root, head, signed_at, witnesses, fetched_at,"
			  " problem, problem_at FROM local.province_logs"
			  " WHERE ?1 IS NULL OR province = ?1"
			  " ORDER BY province, ref", &s, err))
		return -1;
	store_bind_text(s, 1, province);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_province_log *l;

		XGROW(*out, alloc, *n + 1);
		l = &(*out)[(*n)++];
		memset(l, 0, sizeof(*l));
		l->province = store_column_dup(s, 0);
		l->ref = store_column_dup(s, 1);
		l->origin = store_column_dup(s, 2);
		l->commit_id = store_column_dup(s, 3);
		l->size = sqlite3_column_int64(s, 4);
		l->root = store_column_dup(s, 5);
		l->head = store_column_dup(s, 6);
		l->signed_at = sqlite3_column_int64(s, 7);
		l->witnesses = store_column_dup(s, 8);
		l->fetched_at = sqlite3_column_int64(s, 9);
		l->problem = store_column_dup(s, 10);
		l->problem_at = sqlite3_column_int64(s, 11);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_province_logs_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_fail(st, err, N_("reading the provinces'"
						 " logs"));
	}
	return 0;
}

int store_put_province_log(struct store *st,
			   const struct store_province_log *l,
			   struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (local_writable(st, err))
		return -1;
	if (store_prepare(st, "INSERT OR REPLACE INTO local.province_logs"
			  " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", &s, err))
		return -1;
	store_bind_text(s, 1, l->province);
	store_bind_text(s, 2, l->ref);
	store_bind_text(s, 3, l->origin);
	store_bind_text(s, 4, l->commit_id);
	if (l->commit_id) {
		sqlite3_bind_int64(s, 5, l->size);
		sqlite3_bind_int64(s, 8, l->signed_at);
	}
	store_bind_text(s, 6, l->root);
	store_bind_text(s, 7, l->head);
	store_bind_text(s, 9, l->witnesses);
	sqlite3_bind_int64(s, 10, l->fetched_at);
	store_bind_text(s, 11, l->problem);
	if (l->problem)
		sqlite3_bind_int64(s, 12, l->problem_at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("recording a province's"
						 " log"));
	return 0;
}
