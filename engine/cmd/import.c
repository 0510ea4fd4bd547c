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

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "csv.h"
#include "import.h"
#include "i18n.h"
#include "infile.h"
#include "signoff.h"
#include "xalloc.h"
#include "banned.h"


static const char usage[] = N_(
	"usage: cutover import signoffs [--by NAME] [--dry-run] [--token TOKEN] FILE\n"
	"   or: cutover import template [--unit UNIT] [--step STEP] [--all]\n"
	"\n"
	"Sign-offs from a spreadsheet: 'template' makes the CSV files a unit\n"
	"fills in, 'signoffs' records what it sends back, all rows or none. See\n"
	"'cutover import signoffs --help' and 'cutover import template --help'.\n");

static const char signoffs_about[] = N_(
	"Records the sign-offs of a CSV file, the spreadsheet units send\n"
	"back: one task a row, all rows or none. Each row is checked as\n"
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
	"Empty cells are left out. A row whose cells are all empty but those\n"
	"naming its task is untouched: left out, not refused. A row whose\n"
	"first cell starts with '#' is a comment. The file may start with a\n"
	"byte-order mark, end its lines with CRLF, and separate its cells\n"
	"with ',' or ';' (as the header line does), as spreadsheets save it.\n");

static const char template_about[] = N_(
	"Makes the CSV 'cutover import signoffs' reads, for the open tasks\n"
	"(with --all, every task) of UNIT, one file per step, since a step's\n"
	"rows share their evidence columns and CSV has no sheets: with\n"
	"--step, STEP's on stdout; without, UNIT.STEP.csv (or STEP.csv) in\n"
	"the current folder for each step, never over an existing file.\n"
	"Each has the columns task, action, by, time, comment and the step's\n"
	"evidence fields, a comment row (# and the step's title, each field's\n"
	"label and type, in the runbook's language), a row per task with its\n"
	"key filled in; UTF-8 with a byte-order mark, so spreadsheets keep\n"
	"Vietnamese.\n");

static void print_outcome(struct cmd_ctx *ctx, const struct import *im,
			  int dry_run)
{
	size_t r, recorded = 0, already = 0;
	int64_t first = 0, last = 0;
	const char *task, *action, *file = import_file(im);
	const struct signoff_result *res;

	struct strbuf said = STRBUF_INIT;

	for (r = 0; r < import_rows(im); r++) {
		import_row(im, r, &task, &action, &res);
		strbuf_reset(&said);
		if (!res->recorded) {
			action_ack(&said, task, action, res, cmd_zone(ctx));
			already++;
		} else {
			if (!recorded++)
				first = res->seq;
			last = res->seq;
			if (dry_run)
				action_would(&said, task, action);
			else
				action_ack(&said, task, action, res,
					   cmd_zone(ctx));
		}
		printf("%s\n", said.buf);
	}
	strbuf_release(&said);
	if (dry_run)
		printf(_("dry run of %s: %zu rows would be recorded, %zu are"
			 " so already; nothing written\n"), file, recorded,
		       already);
	else if (recorded)
		printf(_("imported %s: %zu recorded (events %lld-%lld), %zu"
			 " so already\n"), file, recorded,
		       (long long)first, (long long)last, already);
	else
		printf(_("imported %s: nothing new, %zu rows so already\n"),
		       file, already);
	if (import_untouched(im))
		printf(P_("%zu untouched row left out\n",
			  "%zu untouched rows left out\n",
			  import_untouched(im)), import_untouched(im));
}

/* Each refused row's error line, with what a check found under it. */
static void print_problems(const struct import *im)
{
	const struct import_problem *p;
	struct strbuf text = STRBUF_INIT;
	struct strbuf findings = STRBUF_INIT;
	size_t i, n = import_problems(im, &p);

	for (i = 0; i < n; i++) {
		strbuf_reset(&findings);
		if (p[i].findings)
			strbuf_adds(&findings, p[i].findings);
		strbuf_addf(&text, "cutover: %s\n", p[i].error);
		cmd_add_findings(&text, &findings);
	}
	fputs(text.buf, stderr);
	strbuf_release(&text);
	strbuf_release(&findings);
}

static int import_signoffs(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *default_by = NULL, *file = NULL;
	int dry_run = 0;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "by", 0, &default_by, cmd_word_name,
		  N_("who signed, for rows with no 'by'"), 0, 0 },
		{ OPT_SWITCH, "dry-run", 0, &dry_run, NULL,
		  N_("check every row, record nothing"), 0, 0 },
		{ OPT_VALUE, "token", 0, &ctx->token, cmd_word_token,
		  N_("a unit's token (default: $CUTOVER_TOKEN); a run started"
		     " with --require-tokens needs one; with a unit's token"
		     " FILE is one of the working folder"), 0, 0 },
		{ OPT_ARG, N_("FILE"), 0, &file, NULL,
		  N_("the CSV file"), OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "import signoffs", opts,
				       signoffs_about };
	struct import *im = NULL;
	struct strbuf text = STRBUF_INIT;
	instant_t now;
	int rc, status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (default_by && !*default_by)
		default_by = NULL;
	if (cmd_now(ctx, &now) || cmd_login(ctx) ||
	    cmd_read_file(ctx, file, INFILE_TABLE_MAX, &text) ||
	    import_open(file, text.buf, text.len, default_by, &im,
			&ctx->err))
		goto done;
	rc = import_apply(im, ctx->store, &ctx->run, &ctx->auth, now, dry_run,
			  &ctx->err);
	if (rc < 0)
		goto done;
	cmd_progress_end(ctx);
	if (rc) {
		print_problems(im);
		fail(&ctx->err, _("%s: %zu of %zu rows refused; nothing"
				  " recorded"), import_file(im),
		     import_bad_rows(im), import_rows(im));
		goto done;
	}
	/* DESIGN: acknowledged only after the transaction committed. */
	print_outcome(ctx, im, dry_run);
	status = EXIT_OK;
done:
	import_free(im);
	strbuf_release(&text);
	return status;
}

/* ---- template ---- */

static int import_template(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct store_task_filter filter;
	const char *unit = NULL, *step = NULL;
	int all = 0;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &unit, N_("UNIT"),
		  N_("only UNIT's tasks (its id or its name)"), 0, 0 },
		{ OPT_VALUE, "step", 0, &step, N_("STEP"),
		  N_("only STEP's tasks"), 0, 0 },
		{ OPT_SWITCH, "all", 0, &all, NULL,
		  N_("done and skipped tasks too"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "import template", opts,
				       template_about };
	struct store_task *tasks = NULL;
	struct book *book = NULL;
	struct import_sheet *sheets = NULL;
	char *unit_id = NULL, *step_id = NULL;
	size_t ntasks = 0, nsheets = 0, i, rows = 0;
	int status = EXIT_FAILED;

	memset(&filter, 0, sizeof(filter));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	filter.open_only = !all;
	if ((unit && cmd_resolve(ctx, STORE_NAMES_UNITS, unit, &unit_id)) ||
	    (step && cmd_resolve(ctx, STORE_NAMES_STEPS, step, &step_id)))
		goto done;
	filter.unit_id = unit_id;
	if (signoff_load_book(ctx->store, &ctx->run, &book, &ctx->err) ||
	    store_tasks(ctx->store, ctx->run.id, &filter, &tasks, &ntasks,
			&ctx->err))
		goto done;
	import_make_sheets(book->rb, tasks, ntasks, step_id, &sheets, &nsheets);
	if (step_id && nsheets) {
		/* One step: its sheet on stdout, as a pipe wants it. */
		cmd_print(&sheets[0].text);
		rows = sheets[0].rows;
	} else {
		if (import_write_sheets(".", unit_id, sheets, nsheets,
					&ctx->err))
			goto done;
		for (i = 0; i < nsheets; i++) {
			printf(P_("wrote %s: %zu task\n", "wrote %s: %zu tasks\n",
				  sheets[i].rows), sheets[i].file,
			       sheets[i].rows);
			rows += sheets[i].rows;
		}
	}
	if (!rows)
		fputs(all ? _("cutover: no task matches; no row to fill in\n") :
		      _("cutover: no open task matches; no row to fill in\n"),
		      stderr);
	status = EXIT_OK;
done:
	free(unit_id);
	free(step_id);
	import_sheets_free(sheets, nsheets);
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
