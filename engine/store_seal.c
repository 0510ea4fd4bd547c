/*
 * The sealed definition of a run, and its check.  A run is read, after
 * it starts, from tables nothing but an upgrade changes: its settings
 * (runs, run_versions), the runbook's files (run_files), the registry,
 * sections and steps, and the expanded plan (tasks and task_requires, but
 * for each task's state, which its events give).  The start event, and
 * each upgrade event, carries in its evidence a "definition" member that
 * seals them as they stand when it is appended:
 *
 *   "definition": {
 *     "run": { every column of the runs row },
 *     "versions": [ { every column of a run_versions row }, ... ],
 *     "files": [ { "path": ..., "blake2b": hash of the content }, ... ],
 *     "units":    { "columns": "ord,id,...", "blake2b": ... },
 *     "sections", "steps", "tasks", "labels", "requires": the same
 *   }
 *
 * A large table is sealed by the BLAKE2b of its rows in a fixed order,
 * each column a netstring (seal.h), with the list of the columns it
 * covers, so that a column a later migration adds leaves the runs sealed
 * before it verifiable, and is sealed from then on.  verify recomputes
 * each part from the tables and names the first that differs from the
 * run's latest start or upgrade event.
 *
 * DESIGN: everything a command reads to decide or to report is sealed
 * by the ledger or recomputed from it.
 */
#include "store.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "store_int.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

struct part {
	const char *name;       /* its key in the definition */
	const char *table;
	const char *what;       /* what the table holds, for the message */
	const char *columns;    /* the columns sealed from now on */
	const char *from;       /* the rows of run ?1, in their order */
};

static const struct part parts[] = {
	{ "units", "units", N_("the unit registry"),
	  "ord,id,name,kind,code,parent,police,attributes",
	  "FROM units WHERE run_id = ?1 ORDER BY ord, id" },
	{ "sections", "sections", N_("the sections"), "ord,id,title",
	  "FROM sections WHERE run_id = ?1 ORDER BY ord, id" },
	{ "steps", "steps", N_("the steps: titles, texts, gates, rosters"),
	  "ord,id,section_id,title,directive,details,gate,roster,fallback",
	  "FROM steps WHERE run_id = ?1 ORDER BY ord, id" },
	{ "tasks", "tasks",
	  N_("the expanded plan: tasks, units, deadlines, recipients"),
	  "id,key,step_id,unit_id,occurrence,start,due,recipient,archived_seq,"
	  "fallback",
	  "FROM tasks WHERE run_id = ?1 ORDER BY key, id" },
	{ "labels", "labels",
	  N_("the labels read in place of the runbook's ids"),
	  "kind,id,lang,text",
	  "FROM labels WHERE run_id = ?1 ORDER BY kind, id, lang" },
	{ "requires", "task_requires", N_("what each task requires"),
	  "task_id,required_id",
	  "FROM task_requires WHERE task_id IN (SELECT id FROM tasks"
	  " WHERE run_id = ?1) ORDER BY task_id, required_id" },
};

#define NPARTS (sizeof(parts) / sizeof(parts[0]))

/* Appends column i of the row as one netstring field. */
static void seal_column(struct strbuf *canon, sqlite3_stmt *s, int i)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		seal_field_str(canon, NULL);
		break;
	case SQLITE_INTEGER:
		seal_field_int(canon, sqlite3_column_int64(s, i));
		break;
	default:
		seal_field(canon, sqlite3_column_blob(s, i) ?
			   sqlite3_column_blob(s, i) : "",
			   (size_t)sqlite3_column_bytes(s, i));
	}
}

/*
 * 0 when every name of the comma-separated list is a column of table:
 * a list read from an event goes into SQL only after this.
 */
static int known_columns(struct store *st, const char *table,
			 const char *columns, struct err *err)
{
	sqlite3_stmt *s;
	const char *p = columns, *end;
	int rc, ok = 1;

	if (!*columns)
		return 1;
	if (store_prepare(st, "SELECT 1 FROM pragma_table_info(?1)"
			  " WHERE name = ?2", &s, err))
		return -1;
	while (ok) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, p, (int)(end - p), SQLITE_TRANSIENT);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_ROW)
			ok = 0;
		if (!*end)
			break;
		p = end + 1;
	}
	sqlite3_finalize(s);
	return ok ? 0 : 1;
}

/* The digest of the columns of a part's rows for run_id; 0 or -1. */
static int part_digest(struct store *st, const struct part *p,
		       const char *columns, int64_t run_id,
		       char out[SEAL_HEX_LEN + 1], struct err *err)
{
	struct strbuf sql = STRBUF_INIT, canon = STRBUF_INIT;
	struct seal_digest *d;
	sqlite3_stmt *s;
	int rc, i, n;

	strbuf_addf(&sql, "SELECT %s %s", columns, p->from);
	rc = store_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	d = seal_digest_new();
	n = sqlite3_column_count(s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		strbuf_reset(&canon);
		for (i = 0; i < n; i++)
			seal_column(&canon, s, i);
		seal_digest_add(d, canon.buf, canon.len);
	}
	sqlite3_finalize(s);
	strbuf_release(&canon);
	seal_digest_final(d, out);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("sealing the run's definition"));
	return 0;
}

/* Appends the current row of s as a JSON object of all its columns. */
static void row_json(sqlite3_stmt *s, struct strbuf *out)
{
	int i, n = sqlite3_column_count(s);

	strbuf_addch(out, '{');
	for (i = 0; i < n; i++) {
		json_key(out, sqlite3_column_name(s, i), !i);
		switch (sqlite3_column_type(s, i)) {
		case SQLITE_NULL:
			strbuf_adds(out, "null");
			break;
		case SQLITE_INTEGER:
			strbuf_addf(out, "%lld",
				    (long long)sqlite3_column_int64(s, i));
			break;
		default:
			json_string(out, (const char *)sqlite3_column_text(s, i));
		}
	}
	strbuf_addch(out, '}');
}

/* Appends the rows of sql (?1 = run_id) as JSON objects; 0 or -1. */
static int rows_json(struct store *st, const char *sql, int64_t run_id,
		     int array, struct strbuf *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc, n = 0;

	if (store_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	if (array)
		strbuf_addch(out, '[');
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n++)
			strbuf_addch(out, ',');
		row_json(s, out);
	}
	if (array)
		strbuf_addch(out, ']');
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE || (!array && n != 1))
		return store_db_fail(st, err, N_("sealing the run's definition"));
	return 0;
}

static int files_json(struct store *st, int64_t run_id, struct strbuf *out,
		      struct err *err)
{
	char hash[SEAL_HEX_LEN + 1];
	sqlite3_stmt *s;
	int rc, n = 0;

	if (store_prepare(st, "SELECT path, content FROM run_files"
			  " WHERE run_id = ?1 ORDER BY ord, path", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	strbuf_addch(out, '[');
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		seal_content(sqlite3_column_blob(s, 1) ?
			     sqlite3_column_blob(s, 1) : "",
			     (size_t)sqlite3_column_bytes(s, 1), hash);
		if (n++)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		json_key_string(out, "path",
				(const char *)sqlite3_column_text(s, 0), 1);
		json_key_string(out, "blake2b", hash, 0);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("sealing the run's definition"));
	return 0;
}

int store_definition(struct store *st, int64_t run_id, struct strbuf *out,
		     struct err *err)
{
	char hash[SEAL_HEX_LEN + 1];
	size_t i;

	strbuf_addch(out, '{');
	json_key(out, "run", 1);
	if (rows_json(st, "SELECT * FROM runs WHERE id = ?1", run_id, 0, out,
		      err))
		return -1;
	json_key(out, "versions", 0);
	if (rows_json(st, "SELECT * FROM run_versions WHERE run_id = ?1"
		      " ORDER BY ord", run_id, 1, out, err))
		return -1;
	json_key(out, "files", 0);
	if (files_json(st, run_id, out, err))
		return -1;
	for (i = 0; i < NPARTS; i++) {
		if (part_digest(st, &parts[i], parts[i].columns, run_id, hash,
				err))
			return -1;
		json_key(out, parts[i].name, 0);
		strbuf_addch(out, '{');
		json_key_string(out, "columns", parts[i].columns, 1);
		json_key_string(out, "blake2b", hash, 0);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, '}');
	return 0;
}

/* ---- the check ---- */

/* What verify compares a run with: its latest sealing event. */
struct sealed {
	int64_t run_id;
	const char *run;        /* its name */
	int64_t seq;
	const char *kind;       /* start or upgrade */
	const char *definition; /* the JSON text */
};

/*
 * The first column of the runs row (or of the ord-th run_versions row)
 * that differs from the sealed object at path, into *column; 1 when one
 * does, 0 when none, -1.
 */
static int differing_column(struct store *st, const char *row_sql,
			    int64_t a, int64_t b, const struct sealed *sd,
			    const char *path, struct strbuf *column,
			    struct err *err)
{
	sqlite3_stmt *row, *j;
	int rc, i, n, found = 0;

	if (store_prepare(st, row_sql, &row, err))
		return -1;
	sqlite3_bind_int64(row, 1, a);
	sqlite3_bind_int64(row, 2, b);
	rc = sqlite3_step(row);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(row);
		if (rc == SQLITE_DONE) {
			strbuf_adds(column, "*");
			return 1;
		}
		return store_db_fail(st, err, N_("checking the run's definition"));
	}
	if (store_prepare(st, "SELECT key, type, atom FROM json_each(?1, ?2)",
			  &j, err)) {
		sqlite3_finalize(row);
		return -1;
	}
	sqlite3_bind_text(j, 1, sd->definition, -1, SQLITE_STATIC);
	sqlite3_bind_text(j, 2, path, -1, SQLITE_STATIC);
	n = sqlite3_column_count(row);
	while (!found && (rc = sqlite3_step(j)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(j, 0);
		const char *type = (const char *)sqlite3_column_text(j, 1);

		for (i = 0; i < n; i++)
			if (key && !strcmp(sqlite3_column_name(row, i), key))
				break;
		if (i == n || !type)
			found = 1;
		else if (!strcmp(type, "null"))
			found = sqlite3_column_type(row, i) != SQLITE_NULL;
		else if (!strcmp(type, "integer"))
			found = sqlite3_column_type(row, i) != SQLITE_INTEGER ||
				sqlite3_column_int64(row, i) !=
				sqlite3_column_int64(j, 2);
		else if (!strcmp(type, "text"))
			found = sqlite3_column_type(row, i) != SQLITE_TEXT ||
				strcmp((const char *)sqlite3_column_text(row, i),
				       (const char *)sqlite3_column_text(j, 2));
		else
			found = 1;
		if (found)
			strbuf_adds(column, key ? key : "?");
	}
	sqlite3_finalize(j);
	sqlite3_finalize(row);
	if (!found && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("checking the run's definition"));
	return found;
}

static void say(struct strbuf *finding, const struct sealed *sd,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "run 'X': " + what + " (the KIND event, event N)". */
static void say(struct strbuf *finding, const struct sealed *sd,
		const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(finding, _("run '%s': "), sd->run);
	va_start(ap, fmt);
	strbuf_vaddf(finding, fmt, ap);
	va_end(ap);
	strbuf_addf(finding, !strcmp(sd->kind, "start") ?
		    _(" (sealed by the start event, event %lld)") :
		    _(" (sealed by the upgrade event, event %lld)"),
		    (long long)sd->seq);
}

static int check_run_row(struct store *st, const struct sealed *sd,
			 struct strbuf *finding, struct err *err)
{
	struct strbuf column = STRBUF_INIT;
	int rc;

	rc = differing_column(st, "SELECT * FROM runs WHERE id = ?1 AND ?2",
			      sd->run_id, 1, sd, "$.run", &column, err);
	if (rc == 1)
		say(finding, sd, _("its %s in table runs does not match what"
				   " is sealed"), column.buf);
	strbuf_release(&column);
	return rc;
}

static int check_versions(struct store *st, const struct sealed *sd,
			  struct strbuf *finding, struct err *err)
{
	struct strbuf column = STRBUF_INIT, path = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t sealed_n = 0, held = 0, i;
	int rc = 0;

	if (store_prepare(st, "SELECT json_array_length(?1, '$.versions'),"
			  " (SELECT count(*) FROM run_versions WHERE run_id = ?2)",
			  &s, err))
		return -1;
	sqlite3_bind_text(s, 1, sd->definition, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, sd->run_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		sealed_n = sqlite3_column_int64(s, 0);
		held = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (sealed_n != held) {
		say(finding, sd, _("the number of versions in table"
				   " run_versions (%lld) is not the number"
				   " sealed (%lld)"), (long long)held,
		    (long long)sealed_n);
		return 1;
	}
	for (i = 0; !rc && i < sealed_n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "$.versions[%lld]", (long long)i);
		rc = differing_column(st, "SELECT * FROM run_versions"
				      " WHERE run_id = ?1 ORDER BY ord"
				      " LIMIT 1 OFFSET ?2", sd->run_id, i, sd,
				      path.buf, &column, err);
		if (rc == 1)
			say(finding, sd, _("version %lld in table run_versions"
					   " (its %s) does not match what is"
					   " sealed"), (long long)i + 1,
			    column.buf);
	}
	strbuf_release(&column);
	strbuf_release(&path);
	return rc;
}

static int check_files(struct store *st, const struct sealed *sd,
		       struct strbuf *finding, struct err *err)
{
	char hash[SEAL_HEX_LEN + 1];
	sqlite3_stmt *s, *j;
	int64_t n = 0;
	int rc, found = 0;

	/* Each stored file against the sealed one at its place. */
	if (store_prepare(st, "SELECT path, content FROM run_files"
			  " WHERE run_id = ?1 ORDER BY ord, path", &s, err))
		return -1;
	if (store_prepare(st, "SELECT json_extract(?1, printf('$.files[%d].path', ?2)),"
			  " json_extract(?1, printf('$.files[%d].blake2b', ?2))",
			  &j, err)) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_bind_int64(s, 1, sd->run_id);
	while (!found && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(s, 0);
		const char *want, *want_hash;

		sqlite3_bind_text(j, 1, sd->definition, -1, SQLITE_STATIC);
		sqlite3_bind_int64(j, 2, n++);
		if (sqlite3_step(j) != SQLITE_ROW) {
			rc = SQLITE_ERROR;
			break;
		}
		want = (const char *)sqlite3_column_text(j, 0);
		want_hash = (const char *)sqlite3_column_text(j, 1);
		seal_content(sqlite3_column_blob(s, 1) ?
			     sqlite3_column_blob(s, 1) : "",
			     (size_t)sqlite3_column_bytes(s, 1), hash);
		if (!want) {
			say(finding, sd, _("table run_files holds %s, a file"
					   " that is not sealed"),
			    path ? path : "?");
			found = 1;
		} else if (!path || strcmp(path, want) || !want_hash ||
			   strcmp(hash, want_hash)) {
			say(finding, sd, _("stored runbook file %s (table"
					   " run_files) does not match what is"
					   " sealed"), want);
			found = 1;
		}
		sqlite3_reset(j);
	}
	if (!found && rc == SQLITE_DONE) {
		/* Fewer stored than sealed: the first one missing. */
		sqlite3_bind_text(j, 1, sd->definition, -1, SQLITE_STATIC);
		sqlite3_bind_int64(j, 2, n);
		if (sqlite3_step(j) == SQLITE_ROW &&
		    sqlite3_column_type(j, 0) != SQLITE_NULL) {
			say(finding, sd, _("stored runbook file %s is missing"
					   " from table run_files"),
			    (const char *)sqlite3_column_text(j, 0));
			found = 1;
		}
	}
	sqlite3_finalize(j);
	sqlite3_finalize(s);
	if (!found && rc != SQLITE_DONE)
		return store_db_fail(st, err, N_("checking the run's definition"));
	return found;
}

static int check_parts(struct store *st, const struct sealed *sd,
		       struct strbuf *finding, struct err *err)
{
	char hash[SEAL_HEX_LEN + 1];
	sqlite3_stmt *s;
	size_t i;
	int rc = 0;

	if (store_prepare(st, "SELECT json_extract(?1, ?2), json_extract(?1, ?3)",
			  &s, err))
		return -1;
	for (i = 0; !rc && i < NPARTS; i++) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		const char *columns, *want;

		strbuf_addf(&a, "$.%s.columns", parts[i].name);
		strbuf_addf(&b, "$.%s.blake2b", parts[i].name);
		sqlite3_bind_text(s, 1, sd->definition, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, a.buf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 3, b.buf, -1, SQLITE_TRANSIENT);
		strbuf_release(&a);
		strbuf_release(&b);
		if (sqlite3_step(s) != SQLITE_ROW) {
			rc = store_db_fail(st, err,
					   N_("checking the run's definition"));
			break;
		}
		columns = (const char *)sqlite3_column_text(s, 0);
		want = (const char *)sqlite3_column_text(s, 1);
		if (!columns || !want) {
			/* A part a later version of cutover seals: none then. */
			sqlite3_reset(s);
			continue;
		}
		rc = known_columns(st, parts[i].table, columns, err);
		if (rc == 0)
			rc = part_digest(st, &parts[i], columns, sd->run_id,
					 hash, err);
		if (rc == 1 || (rc == 0 && strcmp(hash, want))) {
			say(finding, sd, _("table %s (%s) does not match what is"
					   " sealed"), parts[i].table,
			    _(parts[i].what));
			rc = 1;
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

int store_definition_check(struct store *st, int64_t run_id,
			   struct strbuf *finding, struct err *err)
{
	sqlite3_stmt *s;
	int rc = 0, step = SQLITE_DONE;

	/*
	 * Each run against its latest start or upgrade event that seals a
	 * definition; a run whose events seal none (a ledger older than
	 * the seal) has nothing to compare.
	 */
	if (store_prepare(st, "SELECT r.id, r.name, e.seq, e.kind,"
			  " json_extract(e.evidence, '$.definition')"
			  " FROM runs r JOIN events e ON e.seq = (SELECT max(x.seq)"
			  "  FROM events x WHERE x.run_id = r.id"
			  "  AND x.kind IN ('start', 'upgrade')"
			  "  AND json_valid(x.evidence)"
			  "  AND json_type(x.evidence, '$.definition') = 'object')"
			  " WHERE ?1 IS NULL OR r.id = ?1 ORDER BY r.id", &s, err))
		return -1;
	if (run_id)
		sqlite3_bind_int64(s, 1, run_id);
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct sealed sd;

		sd.run_id = sqlite3_column_int64(s, 0);
		sd.run = (const char *)sqlite3_column_text(s, 1);
		sd.seq = sqlite3_column_int64(s, 2);
		sd.kind = (const char *)sqlite3_column_text(s, 3);
		sd.definition = (const char *)sqlite3_column_text(s, 4);
		if (!sd.run || !sd.kind || !sd.definition)
			continue;
		rc = check_run_row(st, &sd, finding, err);
		if (!rc)
			rc = check_versions(st, &sd, finding, err);
		if (!rc)
			rc = check_files(st, &sd, finding, err);
		if (!rc)
			rc = check_parts(st, &sd, finding, err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_db_fail(st, err, N_("checking the run's definition"));
	sqlite3_finalize(s);
	return rc;
}

int store_sealed_definition(struct store *st, int64_t run_id, int64_t *seq,
			    struct strbuf *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT seq, json_extract(evidence,"
			  " '$.definition') FROM events"
			  " WHERE run_id = ?1 AND kind IN ('start', 'upgrade')"
			  " AND json_valid(evidence)"
			  " AND json_type(evidence, '$.definition') = 'object'"
			  " ORDER BY seq DESC LIMIT 1", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		strbuf_add(out, sqlite3_column_text(s, 1),
			   (size_t)sqlite3_column_bytes(s, 1));
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, N_("reading the run's"
						 " definition"));
	return 0;
}
