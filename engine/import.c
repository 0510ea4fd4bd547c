/*
 * Sign-offs from a spreadsheet (import.h): read the table, check every
 * row as `cutover sign` would, record them all or none.
 */
#include "import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "i18n.h"
#include "runs.h"
#include "xalloc.h"
#include "banned.h"

enum column {
	COL_TASK,
	COL_STEP,
	COL_UNIT,
	COL_DATE,
	COL_BY,
	COL_TIME,
	COL_ACTION,
	COL_COMMENT,
	NCOLUMNS
};

static const char *const column_names[NCOLUMNS] = {
	"task", "step", "unit", "date", "by", "time", "action", "comment",
};

static const struct {
	const char *word;
	const char *action;
} actions[] = {
	{ "done", "done" }, { "sign", "done" },
	{ "skip", "skipped" }, { "skipped", "skipped" },
	{ "fail", "failed" }, { "failed", "failed" },
	{ "block", "blocked" }, { "blocked", "blocked" },
};

struct row {
	int line;
	int bad;                     /* reported: not prepared, not recorded */
	struct signoff req;
	struct strbuf key;
	struct signoff_ready *ready;
	struct signoff_result res;
};

struct import {
	char *file;
	struct store *st;
	const struct store_run *run;
	const struct auth *auth;
	const char *default_by;
	struct csv_table table;
	long col[NCOLUMNS];          /* -1 when the file has no such column */
	int *is_evidence;            /* per column of the file */
	struct strbuf dir;           /* FILE's folder, for file fields */
	struct row *rows;
	size_t nrows;
	struct import_problem *errors; /* in line order, once all are checked */
	size_t nerrors, alloc_errors;
	instant_t now;
	struct book *book;
};

static const char *cell(const struct import *im, size_t r, enum column c)
{
	const char *v;

	if (im->col[c] < 0)
		return NULL;
	v = im->table.rows[r].fields[im->col[c]];
	return *v ? v : NULL;
}

/*
 * Notes the error of a bad row, FILE:LINE first, with what a check found
 * under it.  The row's own field wins over none.
 */
static void report_row(struct import *im, int line, const char *field,
		       struct err *err, const struct strbuf *findings)
{
	struct strbuf text = STRBUF_INIT;
	struct import_problem *r;

	err_at(err, im->file, line, 0);
	if (field && !err->field)
		err_about(err, err->subject, field);
	err_format(err, &text);
	err_reset(err);
	XGROW(im->errors, im->alloc_errors, im->nerrors + 1);
	r = &im->errors[im->nerrors];
	r->line = line;
	r->order = im->nerrors++;
	r->error = strbuf_detach(&text, NULL);
	r->findings = findings && findings->len ? xstrdup(findings->buf) :
		NULL;
}

static int by_line(const void *a, const void *b)
{
	const struct import_problem *x = a, *y = b;

	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->order > y->order) - (x->order < y->order);
}

static int bad_cell(struct import *im, int line, enum column c,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reports the cell of column c on line as bad; returns -1. */
static int bad_cell(struct import *im, int line, enum column c,
		    const char *fmt, ...)
{
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	fail(&err, "%s", msg.buf);
	report_row(im, line, column_names[c], &err, NULL);
	strbuf_release(&msg);
	err_release(&err);
	return -1;
}

static int map_columns(struct import *im, struct err *err)
{
	const struct csv_table *t = &im->table;
	size_t i, c;

	for (c = 0; c < NCOLUMNS; c++)
		im->col[c] = -1;
	im->is_evidence = xcalloc(t->ncols + 1, sizeof(*im->is_evidence));
	for (i = 0; i < t->ncols; i++) {
		for (c = 0; c < NCOLUMNS; c++)
			if (!strcasecmp(t->header[i], column_names[c]))
				break;
		if (c == NCOLUMNS)
			im->is_evidence[i] = 1;
		else if (im->col[c] >= 0)
			return fail(err, _("column '%s' given twice"),
				    column_names[c]);
		else
			im->col[c] = (long)i;
	}
	if (im->col[COL_TASK] >= 0 ?
	    im->col[COL_STEP] >= 0 || im->col[COL_UNIT] >= 0 ||
	    im->col[COL_DATE] >= 0 :
	    im->col[COL_STEP] < 0 || im->col[COL_UNIT] < 0)
		return fail(err, "%s", _("name each row's task with a 'task'"
					 " column, or with 'step' and 'unit'"
					 " columns (and 'date' for a daily"
					 " step), not both"));
	if (im->col[COL_BY] < 0 && !im->default_by)
		return fail(err, "%s", _("no 'by' column: say who signed with"
					 " a 'by' column or --by NAME"));
	return 0;
}

static const char *action_of(const char *word)
{
	size_t i;

	if (!word)
		return "done";
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcasecmp(word, actions[i].word))
			return actions[i].action;
	return NULL;
}

/* Fills row r's request from its cells; -1 (reported) when one is bad. */
static int read_row(struct import *im, size_t r)
{
	struct row *row = &im->rows[r];
	struct signoff *req = &row->req;
	const struct csv_table *t = &im->table;
	const char *v;
	struct err err = ERR_INIT;
	size_t i, alloc = 0;

	row->line = t->rows[r].line;
	if (im->col[COL_TASK] >= 0) {
		if (!(v = cell(im, r, COL_TASK)))
			return bad_cell(im, row->line, COL_TASK, "%s",
					_("empty"));
		strbuf_adds(&row->key, v);
	} else {
		if (!(v = cell(im, r, COL_STEP)))
			return bad_cell(im, row->line, COL_STEP, "%s",
					_("empty"));
		strbuf_addf(&row->key, "%s@", v);
		if (!(v = cell(im, r, COL_UNIT)))
			return bad_cell(im, row->line, COL_UNIT, "%s",
					_("empty"));
		strbuf_adds(&row->key, v);
		if ((v = cell(im, r, COL_DATE)))
			strbuf_addf(&row->key, "#%s", v);
	}
	req->task_key = row->key.buf;
	req->by = cell(im, r, COL_BY) ? cell(im, r, COL_BY) : im->default_by;
	if (!req->by)
		return bad_cell(im, row->line, COL_BY, "%s",
				_("empty, and no --by given"));
	req->action = action_of(cell(im, r, COL_ACTION));
	if (!req->action)
		return bad_cell(im, row->line, COL_ACTION, _("'%s' is not"
				" done, skip, fail or block"),
				cell(im, r, COL_ACTION));
	req->comment = cell(im, r, COL_COMMENT);
	if (strcmp(req->action, "done") && !req->comment)
		return bad_cell(im, row->line, COL_COMMENT, "%s",
				_("the reason is needed to skip, fail or"
				  " block"));
	req->at = im->now;
	if ((v = cell(im, r, COL_TIME))) {
		if (runs_parse_time(im->run, v, &req->at, &err)) {
			report_row(im, row->line, "time", &err, NULL);
			err_release(&err);
			return -1;
		}
		if (req->at > im->now)
			return bad_cell(im, row->line, COL_TIME, _("'%s' is"
					" later than now"), v);
		if (req->at < im->run->started_at)
			return bad_cell(im, row->line, COL_TIME, _("'%s' is"
					" before the run started"), v);
	}
	for (i = 0; i < t->ncols; i++) {
		struct strbuf kv = STRBUF_INIT;

		if (!im->is_evidence[i] || !*t->rows[r].fields[i])
			continue;
		strbuf_addf(&kv, "%s=%s", t->header[i], t->rows[r].fields[i]);
		XGROW(req->evidence, alloc, req->nevidence + 1);
		req->evidence[req->nevidence++] = strbuf_detach(&kv, NULL);
	}
	req->from_table = 1;
	req->files_dir = im->dir.buf;
	req->auth = im->auth;
	err_release(&err);
	return 0;
}

/* The column a row's task is named in, for errors about the task. */
static const char *task_column(const struct import *im)
{
	return column_names[im->col[COL_TASK] >= 0 ? COL_TASK : COL_STEP];
}

static int by_key_then_line(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a;
	const struct row *y = *(const struct row *const *)b;
	int c = strcmp(x->key.buf, y->key.buf);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A task twice in one file is a mistake in the sheet, not a repeat. */
static void find_repeats(struct import *im)
{
	struct row **sorted = xcalloc(im->nrows + 1, sizeof(*sorted));
	size_t i, n = 0;

	for (i = 0; i < im->nrows; i++)
		if (!im->rows[i].bad)
			sorted[n++] = &im->rows[i];
	qsort(sorted, n, sizeof(*sorted), by_key_then_line);
	for (i = 1; i < n; i++) {
		struct err err = ERR_INIT;

		if (strcmp(sorted[i - 1]->key.buf, sorted[i]->key.buf))
			continue;
		fail(&err, _("task '%s' is on line %d already"),
		     sorted[i]->key.buf, sorted[i - 1]->line);
		report_row(im, sorted[i]->line, task_column(im), &err, NULL);
		sorted[i]->bad = 1;
		err_release(&err);
	}
	free(sorted);
}

static void prepare_rows(struct import *im)
{
	struct err err = ERR_INIT;
	size_t r;

	for (r = 0; r < im->nrows; r++) {
		struct row *row = &im->rows[r];

		if (row->bad)
			continue;
		if (signoff_prepare(im->st, im->run, &im->book,
				    &row->req, &row->ready, &row->res, &err)) {
			report_row(im, row->line, task_column(im), &err,
				   &row->res.findings);
			row->bad = 1;
		}
		store_progress(im->st, N_("checking the rows"), r + 1,
			       im->nrows);
	}
	err_release(&err);
}

/* Inside the transaction: records every row; -1 when one was refused. */
static int record_rows(struct import *im)
{
	struct err err = ERR_INIT;
	size_t r;

	for (r = 0; r < im->nrows; r++) {
		struct row *row = &im->rows[r];

		/* Go on after a refusal: the sheet's author wants them all. */
		if (signoff_record(im->st, im->run, &row->req,
				   row->ready, &row->res, &err)) {
			report_row(im, row->line, task_column(im), &err, NULL);
			row->bad = 1;
		}
		store_progress(im->st, N_("recording the rows"), r + 1,
			       im->nrows);
	}
	err_release(&err);
	return im->nerrors ? -1 : 0;
}

static size_t count_bad(const struct import *im)
{
	size_t r, n = 0;

	for (r = 0; r < im->nrows; r++)
		n += im->rows[r].bad;
	return n;
}

void import_free(struct import *im)
{
	size_t r, i;

	if (!im)
		return;
	for (r = 0; r < im->nrows; r++) {
		struct row *row = &im->rows[r];

		for (i = 0; i < row->req.nevidence; i++)
			free(row->req.evidence[i]);
		free(row->req.evidence);
		strbuf_release(&row->key);
		signoff_ready_free(row->ready);
		signoff_result_release(&row->res);
	}
	for (i = 0; i < im->nerrors; i++) {
		free(im->errors[i].error);
		free(im->errors[i].findings);
	}
	free(im->errors);
	free(im->rows);
	free(im->is_evidence);
	strbuf_release(&im->dir);
	csv_free(&im->table);
	book_free(im->book);
	free(im->file);
	free(im);
}

static int read_table(struct import *im, const char *text, size_t len,
		      struct err *err)
{
	const char *slash = strrchr(im->file, '/');

	if (csv_parse(im->file, text, len, &im->table, err))
		return -1;
	strbuf_add(&im->dir, im->file, slash ? (size_t)(slash - im->file) : 0);
	if (!slash)
		strbuf_addch(&im->dir, '.');
	if (map_columns(im, err)) {
		err_at(err, im->file, 1, 0);
		return -1;
	}
	if (!im->table.nrows)
		return fail(err, _("%s: no rows to import"), im->file);
	return 0;
}


int import_open(const char *file, const char *text, size_t len,
		const char *default_by, struct import **out, struct err *err)
{
	struct import *im = xcalloc(1, sizeof(*im));

	*out = NULL;
	strbuf_init(&im->dir);
	im->file = xstrdup(file);
	im->default_by = default_by;
	if (read_table(im, text, len, err)) {
		import_free(im);
		return -1;
	}
	*out = im;
	return 0;
}

int import_apply(struct import *im, struct store *st,
		 const struct store_run *run, const struct auth *a,
		 instant_t now, int dry_run, struct err *err)
{
	size_t r;

	im->st = st;
	im->run = run;
	im->auth = a;
	im->now = now;
	im->nrows = im->table.nrows;
	im->rows = xcalloc(im->nrows, sizeof(*im->rows));
	for (r = 0; r < im->nrows; r++) {
		strbuf_init(&im->rows[r].key);
		signoff_result_init(&im->rows[r].res);
		im->rows[r].bad = read_row(im, r) != 0;
	}
	find_repeats(im);
	prepare_rows(im);
	if (im->nerrors)
		goto refused;
	/* DESIGN: every write is one BEGIN IMMEDIATE transaction. */
	if (store_begin(st, err))
		return -1;
	if (record_rows(im)) {
		store_rollback(st);
		goto refused;
	}
	if (dry_run) {
		store_rollback(st);
	} else if (store_commit(st, err)) {
		store_rollback(st);
		return -1;
	}
	return 0;
refused:
	qsort(im->errors, im->nerrors, sizeof(*im->errors), by_line);
	return 1;
}

const char *import_file(const struct import *im)
{
	return im->file;
}

size_t import_rows(const struct import *im)
{
	return im->nrows ? im->nrows : im->table.nrows;
}

size_t import_bad_rows(const struct import *im)
{
	return count_bad(im);
}

void import_row(const struct import *im, size_t i, const char **task,
		const char **action, const struct signoff_result **res)
{
	*task = im->rows[i].req.task_key;
	*action = im->rows[i].req.action;
	*res = &im->rows[i].res;
}

size_t import_problems(const struct import *im,
		       const struct import_problem **out)
{
	*out = im->errors;
	return im->nerrors;
}
