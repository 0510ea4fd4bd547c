/*
 * cutover import signoffs FILE.csv: the sign-offs a spreadsheet brings
 * back, recorded all together or not at all; cutover import template:
 * the spreadsheet to send out.
 *
 * DESIGN: a malformed file changes nothing.  Every row is checked by the
 * same code as `cutover sign` (signoff_prepare); each bad row is reported
 * as FILE:LINE: field 'F': reason, and only a file with no bad row is
 * recorded, in one transaction.  A row whose task is in that state
 * already records nothing, so importing the same file again adds nothing.
 */
#include "cmd.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "i18n.h"
#include "infile.h"
#include "signoff.h"
#include "xalloc.h"
#include "banned.h"


static const char usage[] = N_(
	"usage: cutover import signoffs [--by NAME] [--dry-run] [--token TOKEN] FILE\n"
	"   or: cutover import template [--unit UNIT] [--step STEP] [--all]\n"
	"\n"
	"'signoffs' records the sign-offs of a CSV file, the spreadsheet units\n"
	"send back: one task a row, all rows or none. Each row is checked as\n"
	"'cutover sign' checks it (state, requirements, evidence types, files,\n"
	"the step's check, the token); every bad row is reported as\n"
	"FILE:LINE: field 'NAME': reason, and then nothing is recorded. A row\n"
	"whose task is in that state already records nothing, so importing\n"
	"the same file twice adds nothing. The columns, named in the header\n"
	"row in any order and any case:\n"
	"  task       the task key (focal-point@dai-son), or instead\n"
	"  step, unit the step and the unit, with\n"
	"  date       for a daily step, the day (2026-05-30)\n"
	"  by         who signed (default: --by)\n"
	"  time       when, local time (2026-05-29 09:30 or 29/05/2026 09:30;\n"
	"             default: now); not later than now\n"
	"  action     done (default), skip, fail or block\n"
	"  comment    kept with it; the reason for skip, fail and block\n"
	"  any other  an evidence field of the row's step, by its name; a\n"
	"             file field holds a path, relative to FILE's folder and\n"
	"             inside it (no '..', no absolute path, no link out)\n"
	"Empty cells are left out. The delimiter is ',' or ';'.\n"
	"\n"
	"'template' prints such a CSV for the open tasks (with --all, every\n"
	"task) of UNIT and STEP, their keys filled in and a column for each\n"
	"evidence field they take.\n"
	"\n"
	"  --by NAME      signoffs: who signed, for rows with no 'by'\n"
	"  --dry-run      signoffs: check every row, record nothing\n"
	"  --unit UNIT    template: only UNIT's tasks (its id or its name)\n"
	"  --step STEP    template: only STEP's tasks\n"
	"  --all          template: done and skipped tasks too\n"
	"  --token TOKEN    a unit's token (default: $CUTOVER_TOKEN); a run\n"
	"                   started with --require-tokens needs one; with a\n"
	"                   unit's token FILE is one of the working folder\n");

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

/* What a recorded row says, and a dry run: the task, the event. */
static const struct {
	const char *action;
	const char *done;
	const char *would;
} outcomes[] = {
	{ "done", N_("signed %s (event %lld)"), N_("would record: signed %s") },
	{ "skipped", N_("skipped %s (event %lld)"),
	  N_("would record: skipped %s") },
	{ "failed", N_("failed %s (event %lld)"),
	  N_("would record: failed %s") },
	{ "blocked", N_("blocked %s (event %lld)"),
	  N_("would record: blocked %s") },
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

/* What was wrong with one line, printed once every row is checked. */
struct report {
	int line;
	size_t order;
	char *text;                  /* the error and any findings under it */
};

struct import {
	struct cmd_ctx *ctx;
	const char *file;
	const char *default_by;
	struct csv_table table;
	long col[NCOLUMNS];          /* -1 when the file has no such column */
	int *is_evidence;            /* per column of the file */
	struct strbuf dir;           /* FILE's folder, for file fields */
	struct row *rows;
	size_t nrows;
	struct report *errors;       /* printed in line order at the end */
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
	struct report *r;

	err_at(err, im->file, line, 0);
	if (field && !err->field)
		err_about(err, err->subject, field);
	strbuf_adds(&text, "cutover: ");
	err_format(err, &text);
	strbuf_addch(&text, '\n');
	cmd_add_findings(&text, findings);
	err_reset(err);
	XGROW(im->errors, im->alloc_errors, im->nerrors + 1);
	r = &im->errors[im->nerrors];
	r->line = line;
	r->order = im->nerrors++;
	r->text = strbuf_detach(&text, NULL);
}

static int by_line(const void *a, const void *b)
{
	const struct report *x = a, *y = b;

	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->order > y->order) - (x->order < y->order);
}

static void print_reports(struct import *im)
{
	size_t i;

	qsort(im->errors, im->nerrors, sizeof(*im->errors), by_line);
	for (i = 0; i < im->nerrors; i++)
		fputs(im->errors[i].text, stderr);
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
		if (cmd_parse_time(&im->ctx->run, v, &req->at, &err)) {
			report_row(im, row->line, "time", &err, NULL);
			err_release(&err);
			return -1;
		}
		if (req->at > im->now)
			return bad_cell(im, row->line, COL_TIME, _("'%s' is"
					" later than now"), v);
		if (req->at < im->ctx->run.started_at)
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
	req->auth = &im->ctx->auth;
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
		if (signoff_prepare(im->ctx->store, &im->ctx->run, &im->book,
				    &row->req, &row->ready, &row->res, &err)) {
			report_row(im, row->line, task_column(im), &err,
				   &row->res.findings);
			row->bad = 1;
		}
		store_progress(im->ctx->store, N_("checking the rows"), r + 1,
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
		if (signoff_record(im->ctx->store, &im->ctx->run, &row->req,
				   row->ready, &row->res, &err)) {
			report_row(im, row->line, task_column(im), &err, NULL);
			row->bad = 1;
		}
		store_progress(im->ctx->store, N_("recording the rows"), r + 1,
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

/* The row of outcomes for an action that action_of gave. */
static size_t outcome_of(const char *action)
{
	size_t o;

	for (o = 0; o < sizeof(outcomes) / sizeof(outcomes[0]); o++)
		if (!strcmp(outcomes[o].action, action))
			return o;
	assert(!"an action action_of does not give");
	return 0;
}

static void print_outcome(const struct import *im, int dry_run)
{
	size_t r, recorded = 0, already = 0;
	int64_t first = 0, last = 0;

	for (r = 0; r < im->nrows; r++) {
		const struct row *row = &im->rows[r];
		size_t o;

		if (!row->res.recorded) {
			printf(_("%s is %s already; nothing recorded"),
			       row->req.task_key,
			       C_("task state", row->res.previous_state));
			putchar('\n');
			already++;
			continue;
		}
		o = outcome_of(row->req.action);
		if (!recorded++)
			first = row->res.seq;
		last = row->res.seq;
		if (dry_run)
			printf(_(outcomes[o].would), row->req.task_key);
		else
			printf(_(outcomes[o].done), row->req.task_key,
			       (long long)row->res.seq);
		putchar('\n');
	}
	if (dry_run)
		printf(_("dry run of %s: %zu rows would be recorded, %zu are"
			 " so already; nothing written\n"), im->file, recorded,
		       already);
	else if (recorded)
		printf(_("imported %s: %zu recorded (events %lld-%lld), %zu"
			 " so already\n"), im->file, recorded,
		       (long long)first, (long long)last, already);
	else
		printf(_("imported %s: nothing new, %zu rows so already\n"),
		       im->file, already);
}

static void import_release(struct import *im)
{
	size_t r, i;

	for (r = 0; r < im->nrows; r++) {
		struct row *row = &im->rows[r];

		for (i = 0; i < row->req.nevidence; i++)
			free(row->req.evidence[i]);
		free(row->req.evidence);
		strbuf_release(&row->key);
		signoff_ready_free(row->ready);
		signoff_result_release(&row->res);
	}
	for (i = 0; i < im->nerrors; i++)
		free(im->errors[i].text);
	free(im->errors);
	free(im->rows);
	free(im->is_evidence);
	strbuf_release(&im->dir);
	csv_free(&im->table);
	book_free(im->book);
}

static int read_table(struct import *im, struct err *err)
{
	struct strbuf text = STRBUF_INIT;
	const char *slash = strrchr(im->file, '/');
	int rc;

	if (cmd_read_file(im->ctx, im->file, INFILE_TABLE_MAX, &text)) {
		strbuf_release(&text);
		return -1;
	}
	rc = csv_parse(im->file, text.buf, text.len, &im->table, err);
	strbuf_release(&text);
	if (rc)
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

static int import_signoffs(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "token", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct import im;
	size_t r;
	int c, dry_run = 0, status = EXIT_FAILED;

	memset(&im, 0, sizeof(im));
	strbuf_init(&im.dir);
	im.ctx = ctx;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			im.default_by = *optarg ? optarg : NULL;
			break;
		case 'h':
			return cmd_help(_(usage));
		case 'n':
			dry_run = 1;
			break;
		case 'T':
			ctx->token = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "import");
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, "%s", _("import signoffs takes one"
						 " FILE; see 'cutover import"
						 " --help'"));
	im.file = argv[optind];
	if (cmd_now(ctx, &im.now) || cmd_login(ctx) ||
	    read_table(&im, &ctx->err))
		goto done;
	im.nrows = im.table.nrows;
	im.rows = xcalloc(im.nrows, sizeof(*im.rows));
	for (r = 0; r < im.nrows; r++) {
		strbuf_init(&im.rows[r].key);
		signoff_result_init(&im.rows[r].res);
		im.rows[r].bad = read_row(&im, r) != 0;
	}
	find_repeats(&im);
	prepare_rows(&im);
	if (im.nerrors)
		goto refused;
	/* DESIGN: every write is one BEGIN IMMEDIATE transaction. */
	if (store_begin(ctx->store, &ctx->err))
		goto done;
	if (record_rows(&im)) {
		store_rollback(ctx->store);
		goto refused;
	}
	if (dry_run) {
		store_rollback(ctx->store);
	} else if (store_commit(ctx->store, &ctx->err)) {
		store_rollback(ctx->store);
		goto done;
	}
	/* DESIGN: acknowledged only after the transaction committed. */
	print_outcome(&im, dry_run);
	status = EXIT_OK;
	goto done;
refused:
	print_reports(&im);
	fail(&ctx->err, _("%s: %zu of %zu rows refused; nothing recorded"),
	     im.file, count_bad(&im), im.nrows);
done:
	import_release(&im);
	return status;
}

/* ---- template ---- */

/* Appends the evidence fields of step s not in names yet. */
static void add_fields(const struct step *s, char ***names, size_t *n,
		       size_t *alloc)
{
	size_t i, j;

	for (i = 0; i < s->nevidence; i++) {
		for (j = 0; j < *n; j++)
			if (!strcmp((*names)[j], s->evidence[i].name))
				break;
		if (j < *n)
			continue;
		XGROW(*names, *alloc, *n + 1);
		(*names)[(*n)++] = s->evidence[i].name;
	}
}

static int import_template(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "step", required_argument, NULL, 's' },
		{ "unit", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_task_filter filter;
	struct store_task *tasks = NULL;
	struct book *book = NULL;
	struct strbuf out = STRBUF_INIT;
	const char *unit = NULL, *step = NULL;
	char *unit_id = NULL, *step_id = NULL;
	char **names = NULL;
	size_t ntasks = 0, n = 0, alloc = 0, i, j, rows = 0;
	int c, all = 0, status = EXIT_FAILED;
	long s;

	memset(&filter, 0, sizeof(filter));
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = 1;
			break;
		case 'h':
			return cmd_help(_(usage));
		case 's':
			step = optarg;
			break;
		case 'u':
			unit = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "import");
		}
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "%s", _("import template takes no"
						 " arguments; see 'cutover"
						 " import --help'"));
	filter.open_only = !all;
	if ((unit && cmd_resolve(ctx, STORE_NAMES_UNITS, unit, &unit_id)) ||
	    (step && cmd_resolve(ctx, STORE_NAMES_STEPS, step, &step_id)))
		goto done;
	filter.unit_id = unit_id;
	if (signoff_load_book(ctx->store, &ctx->run, &book, &ctx->err) ||
	    store_tasks(ctx->store, ctx->run.id, &filter, &tasks, &ntasks,
			&ctx->err))
		goto done;
	for (i = 0; i < ntasks; i++) {
		if (step_id && strcmp(tasks[i].step_id, step_id))
			continue;
		s = model_find_step(book->rb, tasks[i].step_id);
		if (s >= 0)
			add_fields(&book->rb->steps[s], &names, &n, &alloc);
	}
	strbuf_adds(&out, "task,by,time,comment");
	for (j = 0; j < n; j++) {
		strbuf_addch(&out, ',');
		csv_quote(&out, names[j]);
	}
	strbuf_addch(&out, '\n');
	for (i = 0; i < ntasks; i++) {
		if (step_id && strcmp(tasks[i].step_id, step_id))
			continue;
		csv_quote(&out, tasks[i].key);
		strbuf_adds(&out, ",,,");
		for (j = 0; j < n; j++)
			strbuf_addch(&out, ',');
		strbuf_addch(&out, '\n');
		rows++;
	}
	cmd_print(&out);
	if (!rows)
		fputs(all ? _("cutover: no task matches; the template has"
			      " only its header\n") :
		      _("cutover: no open task matches; the template has only"
			" its header\n"), stderr);
	status = EXIT_OK;
done:
	free(unit_id);
	free(step_id);
	free(names);
	strbuf_release(&out);
	store_tasks_free(tasks, ntasks);
	book_free(book);
	return status;
}

int cmd_import(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct cmd_sub subs[] = {
		{ "signoffs", import_signoffs },
		{ "template", import_template },
	};

	return cmd_dispatch(ctx, "import", _(usage), subs,
			    sizeof(subs) / sizeof(subs[0]), argc, argv);
}
