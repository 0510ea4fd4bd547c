/*
 * Sign-offs from a spreadsheet (import.h): read the table, check every
 * row as `cutover sign` would, record them all or none.
 */
#include "import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "i18n.h"
#include "label.h"
#include "model.h"
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
	size_t table_row;            /* its index in the table */
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
	size_t *attempts;            /* the table rows filled in */
	size_t nattempts;
	size_t untouched;
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
static int read_row(struct import *im, size_t k)
{
	struct row *row = &im->rows[k];
	size_t r = row->table_row;
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
	free(im->attempts);
	free(im->is_evidence);
	strbuf_release(&im->dir);
	csv_free(&im->table);
	book_free(im->book);
	free(im->file);
	free(im);
}

/* A cell holding nothing but spaces is empty, as a spreadsheet shows it. */
static int blank(const char *v)
{
	return !v[strspn(v, " \t")];
}

/* The template's row of labels: its first cell starts with '#'. */
static int comment_row(const struct import *im, size_t r)
{
	const char *v = im->table.rows[r].fields[0];

	return v[strspn(v, " \t")] == '#';
}

/*
 * Whether a row was filled in: a cell other than those naming its task
 * holds something.  In a file with no such column at all, every row is.
 */
static int attempted(const struct import *im, size_t r, int fillable)
{
	const struct csv_table *t = &im->table;
	size_t i;

	if (!fillable)
		return 1;
	for (i = 0; i < t->ncols; i++) {
		if ((long)i == im->col[COL_TASK] || (long)i == im->col[COL_STEP] ||
		    (long)i == im->col[COL_UNIT] || (long)i == im->col[COL_DATE])
			continue;
		if (!blank(t->rows[r].fields[i]))
			return 1;
	}
	return 0;
}

/* Lists the rows to import: neither comments nor left untouched. */
static void find_attempts(struct import *im)
{
	const struct csv_table *t = &im->table;
	size_t r, naming = 0;
	int c;

	for (c = COL_TASK; c <= COL_DATE; c++)
		naming += im->col[c] >= 0;
	im->attempts = xcalloc(t->nrows + 1, sizeof(*im->attempts));
	for (r = 0; r < t->nrows; r++) {
		if (comment_row(im, r))
			continue;
		if (attempted(im, r, t->ncols > naming))
			im->attempts[im->nattempts++] = r;
		else
			im->untouched++;
	}
}

static int read_table(struct import *im, const char *text, size_t len,
		      struct err *err)
{
	const char *slash = strrchr(im->file, '/');

	if (csv_parse(im->file, text, len, &im->table, err))
		return -1;
	/*
	 * A byte-order mark read as Windows-1252 and saved as UTF-8: the
	 * spreadsheet garbled every accented letter of the file.
	 */
	if (!strncmp(im->table.header[0], "\xC3\xAF\xC2\xBB\xC2\xBF", 6)) {
		err_at(err, im->file, 1, 1);
		return fail(err, "%s", _("the spreadsheet read this file in"
					 " another character set than UTF-8,"
					 " and its accented letters are"
					 " garbled: open the template again"
					 " choosing Unicode (UTF-8)"));
	}
	strbuf_add(&im->dir, im->file, slash ? (size_t)(slash - im->file) : 0);
	if (!slash)
		strbuf_addch(&im->dir, '.');
	if (map_columns(im, err)) {
		err_at(err, im->file, 1, 0);
		return -1;
	}
	find_attempts(im);
	if (!im->table.nrows || (!im->nattempts && !im->untouched))
		return fail(err, _("%s: no rows to import"), im->file);
	if (!im->nattempts)
		return fail(err, P_("%s: no row is filled in (%zu row left"
				    " untouched); fill in a row's action or"
				    " evidence", "%s: no row is filled in (%zu"
				    " rows left untouched); fill in a row's"
				    " action or evidence", im->untouched),
			    im->file, im->untouched);
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
	im->nrows = im->nattempts;
	im->rows = xcalloc(im->nrows + 1, sizeof(*im->rows));
	for (r = 0; r < im->nrows; r++) {
		im->rows[r].table_row = im->attempts[r];
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
	return im->nattempts;
}

size_t import_untouched(const struct import *im)
{
	return im->untouched;
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

/* ---- the template ---- */

/*
 * The comment row's words, in the runbook's language: a unit reads them,
 * and the file must be the same whoever makes it (so not the maker's
 * locale, as --json and the ledger are not).
 */
enum hint { HINT_ACTION, HINT_BY, HINT_TIME, HINT_COMMENT, HINT_OPTIONAL,
	    NHINTS };

static const char *const hints[2][NHINTS] = {
	{ "done (xong) / skip (bỏ qua) / block (vướng) / fail (lỗi)",
	  "người ký", "giờ ký, vd. 2026-05-29 09:30 (để trống: bây giờ)",
	  "ghi chú; lý do khi skip, block, fail", "không bắt buộc" },
	{ "done / skip / block / fail", "who signed",
	  "when, e.g. 2026-05-29 09:30 (empty: now)",
	  "note; the reason to skip, block or fail", "optional" },
};

/*
 * A phone number is shown with its spaces: a spreadsheet reads 0912345678
 * as a number and saves 912345678.
 */
static const char *const type_hints[2][EVIDENCE_FILE + 1] = {
	{ "văn bản", "số điện thoại, vd. 0912 345 678", "thư điện tử",
	  "địa chỉ web",
	  "số nguyên", "số tiền", "ngày, vd. 2026-05-29", "có / không",
	  "tệp, đường dẫn cạnh tệp này" },
	{ "text", "phone number, e.g. 0912 345 678", "email address",
	  "web address",
	  "whole number", "amount", "date, e.g. 2026-05-29", "yes / no",
	  "file, a path beside this file" },
};

static int by_declared(const void *a, const void *b)
{
	const struct evidence_field *x = *(const struct evidence_field *const *)a;
	const struct evidence_field *y = *(const struct evidence_field *const *)b;

	return (x->declared > y->declared) - (x->declared < y->declared);
}

/* The header and comment rows of step s's sheet. */
static void sheet_head(struct strbuf *out, const struct runbook *rb,
		       const struct step *s)
{
	int en = strcmp(rb->locale.lang, "vi") != 0;
	const char *lang = en ? "en" : "vi";
	const struct evidence_field **fields =
		xcalloc(s->nevidence + 1, sizeof(*fields));
	struct strbuf cell = STRBUF_INIT;
	size_t i;

	for (i = 0; i < s->nevidence; i++)
		fields[i] = &s->evidence[i];
	qsort(fields, s->nevidence, sizeof(*fields), by_declared);
	strbuf_adds(out, "\xEF\xBB\xBFtask,action,by,time,comment");
	for (i = 0; i < s->nevidence; i++) {
		strbuf_addch(out, ',');
		csv_quote(out, fields[i]->name);
	}
	strbuf_adds(out, "\r\n");
	strbuf_addf(&cell, "# %s", s->title ? s->title : s->id);
	csv_quote(out, cell.buf);
	for (i = HINT_ACTION; i <= HINT_COMMENT; i++) {
		strbuf_addch(out, ',');
		csv_quote(out, hints[en][i]);
	}
	for (i = 0; i < s->nevidence; i++) {
		const struct evidence_field *f = fields[i];

		strbuf_reset(&cell);
		strbuf_addf(&cell, "%s (%s%s%s)",
			    label_field(rb->labels, s->id, f->name, lang),
			    type_hints[en][f->type <= EVIDENCE_FILE ? f->type :
					   EVIDENCE_TEXT],
			    f->optional ? "; " : "",
			    f->optional ? hints[en][HINT_OPTIONAL] : "");
		strbuf_addch(out, ',');
		csv_quote(out, cell.buf);
	}
	strbuf_adds(out, "\r\n");
	strbuf_release(&cell);
	free(fields);
}

void import_make_sheets(const struct runbook *rb, const struct store_task *tasks,
			 size_t ntasks, const char *step_id,
		     struct import_sheet **out, size_t *n)
{
	struct import_sheet *sheets = NULL;
	size_t s, i, j, alloc = 0;

	*out = NULL;
	*n = 0;
	for (s = 0; s < rb->nsteps; s++) {
		const struct step *step = &rb->steps[s];
		struct import_sheet *sh = NULL;

		if (step_id && strcmp(step->id, step_id))
			continue;
		for (i = 0; i < ntasks; i++) {
			if (strcmp(tasks[i].step_id, step->id))
				continue;
			if (!sh) {
				XGROW(sheets, alloc, *n + 1);
				sh = &sheets[(*n)++];
				memset(sh, 0, sizeof(*sh));
				sh->step_id = step->id;
				strbuf_init(&sh->text);
				sheet_head(&sh->text, rb, step);
			}
			csv_quote(&sh->text, tasks[i].key);
			for (j = 0; j < 4 + step->nevidence; j++)
				strbuf_addch(&sh->text, ',');
			strbuf_adds(&sh->text, "\r\n");
			sh->rows++;
		}
		/* The one step asked for has its sheet, if only its head. */
		if (!sh && step_id) {
			XGROW(sheets, alloc, *n + 1);
			sh = &sheets[(*n)++];
			memset(sh, 0, sizeof(*sh));
			sh->step_id = step->id;
			strbuf_init(&sh->text);
			sheet_head(&sh->text, rb, step);
		}
	}
	*out = sheets;
}

void import_sheets_free(struct import_sheet *sheets, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		strbuf_release(&sheets[i].text);
		free(sheets[i].file);
	}
	free(sheets);
}

/* An id that is a plain file name part: no '/', no leading '.'. */
static int name_part(const char *id)
{
	return *id && *id != '.' && !strchr(id, '/');
}

static int write_new(const char *path, const struct strbuf *text,
		     struct err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return fail(err, errno == EEXIST ?
			    _("'%s' exists already; a template is never"
			      " written over (move it away first)") :
			    _("cannot create '%s': %s"), path,
			    strerror(errno));
	n = write(fd, text->buf, text->len);
	if (n != (ssize_t)text->len) {
		int e = n < 0 ? errno : EIO;

		close(fd);
		unlink(path);
		return fail(err, _("cannot write '%s': %s"), path,
			    strerror(e));
	}
	if (close(fd)) {
		unlink(path);
		return fail(err, _("cannot write '%s': %s"), path,
			    strerror(errno));
	}
	return 0;
}

int import_write_sheets(const char *dir, const char *unit_id,
			struct import_sheet *sheets, size_t n,
			struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	struct stat sb;
	size_t i, done;

	for (i = 0; i < n; i++) {
		if ((unit_id && !name_part(unit_id)) ||
		    !name_part(sheets[i].step_id)) {
			strbuf_release(&path);
			return fail(err, _("step '%s' cannot name a file"),
				    sheets[i].step_id);
		}
		strbuf_reset(&path);
		if (strcmp(dir, "."))
			strbuf_addf(&path, "%s/", dir);
		if (unit_id)
			strbuf_addf(&path, "%s.", unit_id);
		strbuf_addf(&path, "%s.csv", sheets[i].step_id);
		free(sheets[i].file);
		sheets[i].file = xstrdup(path.buf);
		if (!lstat(path.buf, &sb)) {
			strbuf_release(&path);
			return fail(err, _("'%s' exists already; a template is"
					   " never written over (move it away"
					   " first)"), sheets[i].file);
		}
	}
	strbuf_release(&path);
	for (done = 0; done < n; done++)
		if (write_new(sheets[done].file, &sheets[done].text, err))
			break;
	if (done == n)
		return 0;
	while (done--)
		unlink(sheets[done].file);
	return -1;
}
