/*
 * The workspace as published and restored: every table written out as
 * rows of canonical JSON, and read back into a new database; the ledger
 * as it goes into segments.  (What this machine alone remembers is in a
 * database of its own: store_local.c.)  Part of the store: the only SQL
 * is here.
 *
 * Generic on purpose: a table or a column another change adds is
 * published and restored with no change here.  Two tables are left out
 * of the state: events (published as the ledger's segments) and
 * attachments (published as files named by their hash).
 *
 * Canonical JSON of a row: one object, its keys the column names in
 * byte order, no space; integers in decimal, reals as %.17g, text as a
 * JSON string (\" \\ \n \r \t escaped so, other bytes below 0x20 as
 * \u00XX, everything else as it is: UTF-8), blobs as a base64 string,
 * NULL as null.  A row has one encoding, so a line read back is
 * canonical when writing its values again gives the same bytes.
 */
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "seal.h"
#include "store_int.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"
#include "banned.h"

/* The columns of a table, by name; and how to read its rows in order. */
struct store_table {
	char *name;
	char **cols;           /* sorted by name (byte order) */
	int *blob;             /* declared BLOB: values travel in base64 */
	size_t ncols;
	char *order;           /* "ORDER BY ..." for the dump */
};

static void table_free(struct store_table *t)
{
	size_t i;

	free(t->name);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->blob);
	free(t->order);
}

void store_load_cache_free(struct store *st)
{
	size_t i;

	for (i = 0; i < st->ntables; i++)
		table_free(&st->tables[i]);
	free(st->tables);
	st->tables = NULL;
	st->ntables = 0;
}

/* Appends name as an SQL identifier: "name", quotes doubled. */
static void add_ident(struct strbuf *sql, const char *name)
{
	strbuf_addch(sql, '"');
	for (; *name; name++) {
		if (*name == '"')
			strbuf_addch(sql, '"');
		strbuf_addch(sql, *name);
	}
	strbuf_addch(sql, '"');
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads table's columns and primary key into t.  0 or -1. */
static int read_table(struct store *st, const char *table,
		      struct store_table *t, struct err *err)
{
	sqlite3_stmt *s;
	char **pk = NULL;
	int *pkpos = NULL;
	size_t npk = 0, alloc = 0, alloc_pk = 0, i, j;
	struct strbuf order = STRBUF_INIT;
	int rc;

	memset(t, 0, sizeof(*t));
	if (store_prepare(st, "SELECT name, upper(type), pk FROM"
			  " pragma_table_info(?, 'main')", &s, err))
		return -1;
	store_bind_text(s, 1, table);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(t->cols, alloc, t->ncols + 1);
		t->cols[t->ncols++] = store_column_dup(s, 0);
		if (sqlite3_column_int(s, 2) > 0) {
			XGROW(pk, alloc_pk, npk + 1);
			pkpos = xrealloc(pkpos, (npk + 1) * sizeof(*pkpos));
			pk[npk] = store_column_dup(s, 0);
			pkpos[npk++] = sqlite3_column_int(s, 2);
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_db_fail(st, err, N_("reading a table's columns"));
		goto fail;
	}
	qsort(t->cols, t->ncols, sizeof(*t->cols), by_name);
	t->blob = xcalloc(t->ncols ? t->ncols : 1, sizeof(*t->blob));
	/* Declared types again, now that the names are in order. */
	if (store_prepare(st, "SELECT upper(type) = 'BLOB' FROM"
			  " pragma_table_info(?1, 'main') WHERE name = ?2",
			  &s, err))
		goto fail;
	for (i = 0; i < t->ncols; i++) {
		store_bind_text(s, 1, table);
		store_bind_text(s, 2, t->cols[i]);
		if (sqlite3_step(s) == SQLITE_ROW)
			t->blob[i] = sqlite3_column_int(s, 0);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	/* By primary key (in its declared order), else by rowid. */
	strbuf_adds(&order, " ORDER BY ");
	if (!npk)
		strbuf_adds(&order, "rowid");
	for (j = 1; j <= npk; j++)
		for (i = 0; i < npk; i++)
			if (pkpos[i] == (int)j) {
				if (j > 1)
					strbuf_adds(&order, ", ");
				add_ident(&order, pk[i]);
			}
	t->order = strbuf_detach(&order, NULL);
	t->name = xstrdup(table);
	for (i = 0; i < npk; i++)
		free(pk[i]);
	free(pk);
	free(pkpos);
	return 0;
fail:
	for (i = 0; i < npk; i++)
		free(pk[i]);
	free(pk);
	free(pkpos);
	strbuf_release(&order);
	table_free(t);
	return -1;
}

/* The cached columns of table, read on first use; NULL with err. */
static const struct store_table *table_of(struct store *st,
					  const char *table, struct err *err)
{
	struct store_table t;
	size_t i;

	for (i = 0; i < st->ntables; i++)
		if (!strcmp(st->tables[i].name, table))
			return &st->tables[i];
	if (read_table(st, table, &t, err))
		return NULL;
	st->tables = xrealloc(st->tables,
			      (st->ntables + 1) * sizeof(*st->tables));
	st->tables[st->ntables] = t;
	return &st->tables[st->ntables++];
}

/* ---- writing rows ---- */

/*
 * Appends len bytes of text as a JSON string (see the file's comment).
 * Not json.c's json_string: that one is for what people read (it
 * replaces bytes that are not UTF-8, and stops at a NUL); this one must
 * carry a column's bytes as they are, so that a restored row is the row.
 */
static void json_text(struct strbuf *out, const unsigned char *p, size_t len)
{
	size_t i;

	strbuf_addch(out, '"');
	for (i = 0; i < len; i++) {
		switch (p[i]) {
		case '"':
			strbuf_adds(out, "\\\"");
			break;
		case '\\':
			strbuf_adds(out, "\\\\");
			break;
		case '\n':
			strbuf_adds(out, "\\n");
			break;
		case '\r':
			strbuf_adds(out, "\\r");
			break;
		case '\t':
			strbuf_adds(out, "\\t");
			break;
		default:
			if (p[i] < 0x20)
				strbuf_addf(out, "\\u%04x", p[i]);
			else
				strbuf_addch(out, (char)p[i]);
		}
	}
	strbuf_addch(out, '"');
}

/* Appends the value of column i of s as canonical JSON. */
static void json_value(struct strbuf *out, sqlite3_stmt *s, int i)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_INTEGER:
		strbuf_addf(out, "%lld", (long long)sqlite3_column_int64(s, i));
		break;
	case SQLITE_FLOAT:
		strbuf_addf(out, "%.17g", sqlite3_column_double(s, i));
		break;
	case SQLITE_TEXT:
		json_text(out, sqlite3_column_text(s, i),
			  (size_t)sqlite3_column_bytes(s, i));
		break;
	case SQLITE_BLOB:
		strbuf_addch(out, '"');
		seal_base64(out, sqlite3_column_blob(s, i),
			    (size_t)sqlite3_column_bytes(s, i));
		strbuf_addch(out, '"');
		break;
	default:
		strbuf_adds(out, "null");
	}
}

/* The SELECT of every column of t, in t's order of names. */
static void select_all(struct strbuf *sql, const struct store_table *t,
		       const char *where)
{
	size_t i;

	strbuf_adds(sql, "SELECT ");
	for (i = 0; i < t->ncols; i++) {
		if (i)
			strbuf_adds(sql, ", ");
		add_ident(sql, t->cols[i]);
	}
	strbuf_adds(sql, " FROM main.");
	add_ident(sql, t->name);
	strbuf_adds(sql, where);
	strbuf_adds(sql, t->order);
}

/* Writes the row s holds (t's columns) as one canonical JSON object. */
static void row_json(struct strbuf *out, const struct store_table *t,
		     sqlite3_stmt *s)
{
	size_t i;

	strbuf_addch(out, '{');
	for (i = 0; i < t->ncols; i++) {
		if (i)
			strbuf_addch(out, ',');
		json_text(out, (const unsigned char *)t->cols[i],
			  strlen(t->cols[i]));
		strbuf_addch(out, ':');
		json_value(out, s, (int)i);
	}
	strbuf_addch(out, '}');
}

/* The tables the state holds: the workspace's, but the ledger's. */
#define PUBLISHED_TABLES \
	"SELECT name FROM main.sqlite_schema WHERE type = 'table'" \
	" AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'" \
	" AND name NOT IN ('events', 'attachments')"

int store_dump_state(struct store *st, store_row_fn fn, void *ctx,
		     struct err *err)
{
	struct strbuf sql = STRBUF_INIT, row = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	sqlite3_stmt *s;
	int rc, ret = 0;

	if (store_prepare(st, PUBLISHED_TABLES " ORDER BY name", &s, err))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(names, alloc, n + 1);
		names[n++] = store_column_dup(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		ret = store_db_fail(st, err, N_("listing the tables"));
	for (i = 0; !ret && i < n; i++) {
		const struct store_table *t = table_of(st, names[i], err);

		if (!t) {
			ret = -1;
			break;
		}
		strbuf_reset(&sql);
		select_all(&sql, t, "");
		if (store_prepare(st, sql.buf, &s, err)) {
			ret = -1;
			break;
		}
		while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			strbuf_reset(&row);
			row_json(&row, t, s);
			ret = fn(ctx, t->name, row.buf, row.len);
		}
		if (!ret && rc != SQLITE_DONE)
			ret = store_db_fail(st, err, N_("reading a table"));
		sqlite3_finalize(s);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strbuf_release(&sql);
	strbuf_release(&row);
	return ret;
}

int store_dump_events(struct store *st, int64_t from, store_event_fn fn,
		      void *ctx, struct err *err)
{
	const struct store_table *t = table_of(st, "events", err);
	struct strbuf sql = STRBUF_INIT, row = STRBUF_INIT;
	sqlite3_stmt *s, *h;
	int rc, ret = 0;

	if (!t)
		return -1;
	select_all(&sql, t, " WHERE seq >= ?1");
	rc = store_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	/* The seq and hash of the same rows, beside the generic columns. */
	if (store_prepare(st, "SELECT seq, hash FROM events WHERE seq >= ?1"
			  " ORDER BY seq", &h, err)) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(h, 1, from);
	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_step(h) != SQLITE_ROW) {
			ret = store_db_fail(st, err, N_("reading the ledger"));
			break;
		}
		strbuf_reset(&row);
		row_json(&row, t, s);
		ret = fn(ctx, sqlite3_column_int64(h, 0),
			 (const char *)sqlite3_column_text(h, 1), row.buf,
			 row.len);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_db_fail(st, err, N_("reading the ledger"));
	sqlite3_finalize(s);
	sqlite3_finalize(h);
	strbuf_release(&row);
	return ret;
}

int store_dump_attachments(struct store *st, store_attachment_fn fn,
			   void *ctx, struct err *err)
{
	sqlite3_stmt *s;
	int rc, ret = 0;

	if (store_prepare(st, "SELECT hash, content FROM attachments"
			  " ORDER BY hash", &s, err))
		return -1;
	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW)
		ret = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			 sqlite3_column_blob(s, 1),
			 (size_t)sqlite3_column_bytes(s, 1));
	if (!ret && rc != SQLITE_DONE)
		ret = store_db_fail(st, err, N_("reading the attachments"));
	sqlite3_finalize(s);
	return ret;
}

int store_ledger_hashes(struct store *st, tlog_hash **out, int64_t *n,
			struct err *err)
{
	sqlite3_stmt *s;
	size_t alloc = 0, count = 0;
	int rc, ret = 0;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT seq, hash FROM events ORDER BY seq", &s,
			  err))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *hex = (const char *)sqlite3_column_text(s, 1);

		XGROW(*out, alloc, count + 1);
		if (sqlite3_column_int64(s, 0) != (int64_t)count + 1 || !hex ||
		    seal_unhex(hex, (*out)[count], TLOG_HASH_LEN)) {
			ret = fail(err, _("event %lld: not where its sequence"
					  " number says, or its hash is not"
					  " one; run 'cutover verify'"),
				   (long long)sqlite3_column_int64(s, 0));
			break;
		}
		count++;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_db_fail(st, err, N_("reading the ledger"));
	sqlite3_finalize(s);
	if (ret) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*n = (int64_t)count;
	return 0;
}

/* ---- reading rows back ---- */

int store_published_table(struct store *st, const char *table,
			  struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, PUBLISHED_TABLES " AND name = ?", &s, err))
		return -1;
	store_bind_text(s, 1, table);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("listing the tables"));
	return 0;
}

static int find_col(const struct store_table *t, const char *name)
{
	size_t lo = 0, hi = t->ncols, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(name, t->cols[mid]);
		if (!c)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* One value of a line: its column and what json_each made of it. */
struct load_value {
	int col;
	int type;              /* SQLITE_NULL, _INTEGER, _FLOAT, _TEXT */
	int64_t i;
	double d;
	char *text;
	size_t len;
	unsigned char *blob;   /* a BLOB column's value, decoded */
	size_t blob_len;
};

static void values_free(struct load_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].blob);
	}
	free(v);
}

/*
 * Parses the line with SQLite's json_each into values (in the line's
 * order of keys).  0, or -1 with err naming the field.
 */
static int parse_line(struct store *st, const struct store_table *t,
		      const char *json, size_t len, struct load_value **out,
		      size_t *n, struct err *err)
{
	struct load_value *v = NULL;
	size_t count = 0, alloc = 0, i, step;
	sqlite3_stmt *s;
	int rc, ret = 0;

	*out = NULL;
	*n = 0;
	/* JSON is UTF-8 (RFC 8259); SQLite would carry other bytes along. */
	for (i = 0; i < len; i += step) {
		step = utf8_seq_len((const unsigned char *)json + i, len - i);
		if (!step)
			return fail(err, "%s", _("not UTF-8"));
	}
	if (store_prepare_kept(st, "SELECT key, type, atom FROM json_each(?1)"
			       " WHERE json_type(?1) = 'object'", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, json, (int)len, SQLITE_STATIC);
	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 0);
		const char *type = (const char *)sqlite3_column_text(s, 1);
		struct load_value *x;
		int col = key ? find_col(t, key) : -1;

		if (col < 0) {
			err_about(err, NULL, key ? key : "?");
			ret = fail(err, _("table '%s' has no such column"
					  " (published by a newer cutover?)"),
				   t->name);
			break;
		}
		/* Canonical: the columns by name, each once. */
		if (count && col <= v[count - 1].col) {
			err_about(err, NULL, key);
			ret = fail(err, "%s", _("out of order, or given twice:"
						" not canonical JSON"));
			break;
		}
		XGROW(v, alloc, count + 1);
		x = &v[count++];
		memset(x, 0, sizeof(*x));
		x->col = col;
		if (!strcmp(type, "null")) {
			x->type = SQLITE_NULL;
		} else if (!strcmp(type, "integer")) {
			x->type = SQLITE_INTEGER;
			x->i = sqlite3_column_int64(s, 2);
		} else if (!strcmp(type, "real")) {
			x->type = SQLITE_FLOAT;
			x->d = sqlite3_column_double(s, 2);
		} else if (!strcmp(type, "text")) {
			x->type = SQLITE_TEXT;
			x->len = (size_t)sqlite3_column_bytes(s, 2);
			/* json_each's atom: the text, \u0000 included. */
			x->text = xmalloc(x->len + 1);
			if (x->len)
				memcpy(x->text, sqlite3_column_blob(s, 2),
				       x->len);
			x->text[x->len] = '\0';
		} else {
			err_about(err, NULL, key);
			ret = fail(err, _("a %s where a value is expected"),
				   type);
		}
		if (!ret && x->type == SQLITE_TEXT && t->blob[col]) {
			x->blob = xmalloc(x->len / 4 * 3 + 3);
			if (seal_unbase64(x->text, x->len, x->blob,
					  x->len / 4 * 3 + 3, &x->blob_len)) {
				err_about(err, NULL, key);
				ret = fail(err, "%s", _("not base64"));
			}
		}
	}
	if (!ret && rc != SQLITE_DONE)
		ret = fail(err, "%s", _("not a JSON object"));
	store_release(st, s);
	if (!ret && !count)
		ret = fail(err, "%s", _("not a JSON object with a field"));
	if (ret) {
		values_free(v, count);
		return -1;
	}
	*out = v;
	*n = count;
	return 0;
}

/* Writes the values again as store_dump_state would. */
static void values_json(struct strbuf *out, const struct store_table *t,
			const struct load_value *v, size_t n)
{
	size_t i;

	strbuf_addch(out, '{');
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(out, ',');
		json_text(out, (const unsigned char *)t->cols[v[i].col],
			  strlen(t->cols[v[i].col]));
		strbuf_addch(out, ':');
		switch (v[i].type) {
		case SQLITE_INTEGER:
			strbuf_addf(out, "%lld", (long long)v[i].i);
			break;
		case SQLITE_FLOAT:
			strbuf_addf(out, "%.17g", v[i].d);
			break;
		case SQLITE_TEXT:
			if (v[i].blob) {
				strbuf_addch(out, '"');
				seal_base64(out, v[i].blob, v[i].blob_len);
				strbuf_addch(out, '"');
			} else {
				json_text(out, (const unsigned char *)
					  v[i].text, v[i].len);
			}
			break;
		default:
			strbuf_adds(out, "null");
		}
	}
	strbuf_addch(out, '}');
}

int store_load_row(struct store *st, const char *table, const char *json,
		   size_t len, struct err *err)
{
	const struct store_table *t;
	struct load_value *v = NULL;
	struct strbuf again = STRBUF_INIT, sql = STRBUF_INIT;
	sqlite3_stmt *s;
	size_t n = 0, i;
	int ret = -1, rc;

	if (!st->in_tx)
		return fail(err, "BUG: a row loaded outside a transaction");
	if (strcmp(table, "events") &&
	    (rc = store_published_table(st, table, err)) != 1)
		return rc < 0 ? -1 : fail(err, _("no table '%s' to restore"
						 " (published by a newer"
						 " cutover?)"), table);
	t = table_of(st, table, err);
	if (!t || parse_line(st, t, json, len, &v, &n, err))
		goto done;
	/*
	 * Every column, as the dump writes them: a publication's rows are
	 * all of its schema (a missing seq would be made up by SQLite).
	 */
	if (n != t->ncols) {
		fail(err, _("a row of '%s' has %zu fields, the table %zu"
			    " columns"), t->name, n, t->ncols);
		goto done;
	}
	/* One encoding per row: keys in order, once, values as written. */
	values_json(&again, t, v, n);
	if (again.len != len || memcmp(again.buf, json, len)) {
		fail(err, "%s", _("not canonical JSON (keys in order, no"
				  " space, values as cutover writes them)"));
		goto done;
	}
	/* The columns, named: the line's order is the table's by name. */
	strbuf_adds(&sql, "INSERT INTO main.");
	add_ident(&sql, t->name);
	strbuf_adds(&sql, " (");
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(&sql, ", ");
		add_ident(&sql, t->cols[v[i].col]);
	}
	strbuf_adds(&sql, ") VALUES (");
	for (i = 0; i < n; i++)
		strbuf_adds(&sql, i ? ", ?" : "?");
	strbuf_addch(&sql, ')');
	if (store_prepare_kept(st, sql.buf, &s, err))
		goto done;
	for (i = 0; i < n; i++) {
		int at = (int)i + 1;

		switch (v[i].type) {
		case SQLITE_INTEGER:
			sqlite3_bind_int64(s, at, v[i].i);
			break;
		case SQLITE_FLOAT:
			sqlite3_bind_double(s, at, v[i].d);
			break;
		case SQLITE_TEXT:
			if (v[i].blob)
				sqlite3_bind_blob(s, at, v[i].blob_len ?
						  (const void *)v[i].blob : "",
						  (int)v[i].blob_len,
						  SQLITE_STATIC);
			else
				sqlite3_bind_text(s, at, v[i].text,
						  (int)v[i].len, SQLITE_STATIC);
			break;
		default:
			sqlite3_bind_null(s, at);
		}
	}
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		fail(err, _("table '%s' refuses the row: %s"), t->name,
		     sqlite3_errmsg(st->db));
	else
		ret = 0;
	store_release(st, s);
done:
	values_free(v, n);
	strbuf_release(&again);
	strbuf_release(&sql);
	return ret;
}

int store_defer_foreign_keys(struct store *st, struct err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, "PRAGMA defer_foreign_keys = ON", NULL, NULL,
			 &msg) != SQLITE_OK) {
		fail(err, "%s: %s", st->path, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

void store_remove(const char *path)
{
	struct strbuf p = STRBUF_INIT;

	unlink(path);
	strbuf_addf(&p, "%s-wal", path);
	unlink(p.buf);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s-shm", path);
	unlink(p.buf);
	strbuf_release(&p);
}

