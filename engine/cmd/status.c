/*
 * cutover status: where the run stands, per section and per unit.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "banned.h"

static const char usage[] =
	"usage: cutover [--json] status [--unit UNIT] [--late] [--all-units]\n"
	"\n"
	"Shows the current run: done/total and late tasks per section and\n"
	"per unit kind, and the units with late tasks, least ready first.\n"
	"\n"
	"  --unit UNIT   that unit's tasks and their state\n"
	"  --late        every late task (due and not done or skipped)\n"
	"  --all-units   every unit, not only those with late tasks\n";

static void header(struct strbuf *out, struct cmd_ctx *ctx, instant_t now)
{
	const struct store_run *run = &ctx->run;

	strbuf_addf(out, "run %s (%s) of %s\n", run->name, run->mode,
		    run->runbook_id);
	strbuf_adds(out, "T0 ");
	cmd_time(out, ctx, run->t0);
	strbuf_adds(out, ", now ");
	cmd_time(out, ctx, now);
	strbuf_adds(out, " (");
	cmd_relative(out, now, run->t0);
	strbuf_addch(out, ')');
	if (run->commit_id)
		strbuf_addf(out, ", commit %.12s%s", run->commit_id,
			    run->dirty ? "+" : "");
	strbuf_addch(out, '\n');
}

static void counts_table(struct strbuf *out, const char *what,
			 const struct store_count *c, size_t n, int only_late,
			 size_t width)
{
	size_t i, hidden = 0;

	strbuf_addch(out, '\n');
	cmd_cell(out, what, width);
	strbuf_adds(out, "   done  total   late  blocked\n");
	for (i = 0; i < n; i++) {
		if (only_late && !c[i].late && !c[i].blocked && !c[i].failed) {
			hidden++;
			continue;
		}
		cmd_cell(out, c[i].label && *c[i].label ? c[i].label : "-",
			 width);
		strbuf_addf(out, " %6lld %6lld %6lld %8lld\n",
			    (long long)(c[i].done + c[i].skipped),
			    (long long)c[i].total, (long long)c[i].late,
			    (long long)(c[i].blocked + c[i].failed));
	}
	if (hidden)
		strbuf_addf(out, "(%zu more with nothing late or blocked)\n",
			    hidden);
}

static void task_line(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_task *t, instant_t now)
{
	int late = store_task_late(t, now);

	cmd_time(out, ctx, t->due);
	strbuf_adds(out, "  ");
	cmd_cell(out, late ? "late" : t->state, 8);
	strbuf_addch(out, ' ');
	cmd_cell(out, t->key, 44);
	strbuf_addf(out, " %s\n", t->title);
}

static void counts_json(struct strbuf *out, const char *name,
			const struct store_count *c, size_t n)
{
	size_t i;

	json_key(out, name, 0);
	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		json_key_string(out, "id", c[i].key, 1);
		json_key_string(out, "label", c[i].label, 0);
		json_key_int(out, "total", c[i].total, 0);
		json_key_int(out, "done", c[i].done, 0);
		json_key_int(out, "skipped", c[i].skipped, 0);
		json_key_int(out, "late", c[i].late, 0);
		json_key_int(out, "blocked", c[i].blocked, 0);
		json_key_int(out, "failed", c[i].failed, 0);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
}

static void tasks_json(struct strbuf *out, struct cmd_ctx *ctx,
		       const struct store_task *t, size_t n, instant_t now)
{
	struct strbuf due = STRBUF_INIT;
	size_t i;

	json_key(out, "tasks", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		strbuf_reset(&due);
		clock_format_rfc3339(&due, t[i].due, cmd_offset(ctx));
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		json_key_string(out, "key", t[i].key, 1);
		json_key_string(out, "unit", t[i].unit_id, 0);
		json_key_string(out, "step", t[i].step_id, 0);
		json_key_string(out, "title", t[i].title, 0);
		json_key_string(out, "due", due.buf, 0);
		json_key_string(out, "state", t[i].state, 0);
		json_key(out, "late", 0);
		strbuf_adds(out, store_task_late(&t[i], now) ? "true" : "false");
		json_key_string(out, "recipient", t[i].recipient, 0);
		json_key_string(out, "by", t[i].state_by, 0);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	strbuf_release(&due);
}

int cmd_status(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "all-units", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "late", no_argument, NULL, 'l' },
		{ "unit", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_tally tally;
	struct store_count *units;
	size_t nunits, ntasks = 0, i;
	struct store_task *tasks = NULL;
	struct store_task_filter filter;
	struct strbuf out = STRBUF_INIT;
	int c, all_units = 0, late = 0, status = EXIT_FAILED;
	int64_t total, done, nlate, blocked;
	instant_t now;

	memset(&filter, 0, sizeof(filter));
	memset(&tally, 0, sizeof(tally));
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all_units = 1;
			break;
		case 'h':
			return cmd_help(usage);
		case 'l':
			late = 1;
			break;
		case 'u':
			filter.unit_id = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "status");
		}
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "status takes no arguments; see"
				      " 'cutover status --help'");
	if (cmd_now(ctx, &now))
		return EXIT_FAILED;
	filter.now = now;
	filter.late_only = late;
	if (store_tally(ctx->store, ctx->run.id, now, 0, &tally, &ctx->err))
		goto done;
	units = tally.groups[STORE_BY_UNIT];
	nunits = tally.n[STORE_BY_UNIT];
	if (filter.unit_id) {
		for (i = 0; i < nunits; i++)
			if (!strcmp(units[i].key, filter.unit_id))
				break;
		if (i == nunits) {
			fail(&ctx->err, "no unit '%s' owns a task in run '%s'",
			     filter.unit_id, ctx->run.name);
			goto done;
		}
	}
	if ((filter.unit_id || late) &&
	    store_tasks(ctx->store, ctx->run.id, &filter, &tasks, &ntasks,
			&ctx->err))
		goto done;
	store_tally_sum(&tally, STORE_BY_SECTION, &total, &done, &nlate,
			&blocked);
	if (ctx->json) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addch(&out, '{');
		json_key_string(&out, "run", ctx->run.name, 1);
		json_key_string(&out, "mode", ctx->run.mode, 0);
		json_key_string(&out, "runbook", ctx->run.runbook_id, 0);
		clock_format_rfc3339(&t, now, cmd_offset(ctx));
		json_key_string(&out, "now", t.buf, 0);
		json_key_int(&out, "total", total, 0);
		json_key_int(&out, "done", done, 0);
		json_key_int(&out, "late", nlate, 0);
		json_key_int(&out, "blocked", blocked, 0);
		counts_json(&out, "sections", tally.groups[STORE_BY_SECTION],
			    tally.n[STORE_BY_SECTION]);
		counts_json(&out, "kinds", tally.groups[STORE_BY_KIND],
			    tally.n[STORE_BY_KIND]);
		counts_json(&out, "units", units, nunits);
		if (tasks || filter.unit_id || late)
			tasks_json(&out, ctx, tasks, ntasks, now);
		strbuf_adds(&out, "}\n");
		strbuf_release(&t);
		cmd_print(&out);
		status = EXIT_OK;
		goto done;
	}
	header(&out, ctx, now);
	strbuf_addf(&out, "%lld/%lld done, %lld late, %lld blocked or failed\n",
		    (long long)done, (long long)total, (long long)nlate,
		    (long long)blocked);
	if (filter.unit_id || late) {
		strbuf_addch(&out, '\n');
		for (i = 0; i < ntasks; i++)
			task_line(&out, ctx, &tasks[i], now);
		if (!ntasks)
			strbuf_adds(&out, late ? "no late task\n" : "no task\n");
		cmd_print(&out);
		status = EXIT_OK;
		goto done;
	}
	counts_table(&out, "section", tally.groups[STORE_BY_SECTION],
		     tally.n[STORE_BY_SECTION], 0, 48);
	counts_table(&out, "unit kind", tally.groups[STORE_BY_KIND],
		     tally.n[STORE_BY_KIND], 0, 48);
	qsort(units, nunits, sizeof(*units), store_count_least_ready);
	counts_table(&out, "unit (least ready first)", units, nunits,
		     !all_units, 48);
	cmd_print(&out);
	status = EXIT_OK;
done:
	strbuf_release(&out);
	store_tally_release(&tally);
	store_tasks_free(tasks, ntasks);
	return status;
}
