/*
 * cutover status: where the run stands, per section and per unit.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "walk.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover [--json] status [--unit UNIT] [--late] [--all-units]\n"
	"\n"
	"Shows the current run at a glance: how far from T0, the go/no-go\n"
	"gates, done/total with a progress bar per section and per unit kind,\n"
	"and the units with late or blocked tasks, least ready first. Late\n"
	"counts are red and blocked ones yellow on a terminal (never with\n"
	"NO_COLOR); the table fits the terminal's width.\n"
	"\n"
	"  --unit UNIT   that unit's tasks and their state\n"
	"  --late        every late task (due and not done or skipped)\n"
	"  --all-units   every unit, not only those with late tasks\n");

/* The width of a table's bar, or 0 when the line has no room for one. */
static size_t bar_width(size_t columns)
{
	return columns >= 110 ? 20 : columns >= 72 ? 10 : 0;
}

static void header(struct strbuf *out, struct cmd_ctx *ctx, instant_t now,
		   int color)
{
	const struct store_run *run = &ctx->run;

	strbuf_addf(out, _("run %s (%s) of %s"), run->name,
		    walk_mode_name(run->mode), run->runbook_id);
	if (run->commit_id)
		strbuf_addf(out, _(", commit %.12s%s"), run->commit_id,
			    run->dirty ? "+" : "");
	strbuf_adds(out, "\nT0 ");
	cmd_time(out, ctx, run->t0);
	strbuf_adds(out, _(", now "));
	cmd_time(out, ctx, now);
	strbuf_adds(out, " (");
	cmd_relative(out, now, run->t0);
	strbuf_adds(out, ") · ");
	cmd_t0_distance(out, now, run->t0, color);
	strbuf_addch(out, '\n');
}

static void summary(struct strbuf *out, int64_t total, int64_t done,
		    int64_t late, int64_t blocked, int color, size_t columns)
{
	strbuf_addf(out, _("%lld/%lld done, "), (long long)done,
		    (long long)total);
	if (late)
		term_style(out, color, TERM_RED);
	strbuf_addf(out, _("%lld late"), (long long)late);
	if (late)
		term_style(out, color, TERM_RESET);
	strbuf_adds(out, ", ");
	if (blocked)
		term_style(out, color, TERM_YELLOW);
	strbuf_addf(out, _("%lld blocked or failed"), (long long)blocked);
	if (blocked)
		term_style(out, color, TERM_RESET);
	if (bar_width(columns)) {
		strbuf_adds(out, "  ");
		cmd_bar(out, color, done, total, bar_width(columns));
	}
	strbuf_addch(out, '\n');
}

/* A gate's line: its state, its task, when it is or was due, who. */
static void gate_line(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_task *t, instant_t now, int color)
{
	int late = store_task_late(t, now), settled = store_task_settled(t);
	enum term_style style = settled ? TERM_GREEN :
		late || strcmp(t->state, "pending") ? TERM_RED : TERM_CYAN;
	struct strbuf when = STRBUF_INIT;
	const char *label;
	size_t width;

	strbuf_adds(out, "  ");
	term_style(out, color, style);
	strbuf_adds(out, settled ? "[x] " : strcmp(t->state, "pending") ?
		    "[!] " : "[ ] ");
	label = late && !strcmp(t->state, "pending") ?
		C_("task state", "late") : walk_state_name(t->state);
	width = term_text_width(label, strlen(label));
	cmd_cell(out, label, width > 9 ? width : 9);
	term_style(out, color, TERM_RESET);
	strbuf_addf(out, " %s  ", t->key);
	if (t->last_seq && strcmp(t->state, "pending")) {
		cmd_time(out, ctx, t->state_at);
		if (t->state_by)
			strbuf_addf(out, _(" by %s"), t->state_by);
	} else {
		strbuf_adds(out, _("due "));
		cmd_time(out, ctx, t->due);
		clock_format_duration(&when, t->due < now ? now - t->due :
				      t->due - now);
		strbuf_addf(out, t->due < now ? _(", %s late") : _(", in %s"),
			    when.buf);
	}
	strbuf_addch(out, '\n');
	strbuf_release(&when);
}

static void gates(struct strbuf *out, struct cmd_ctx *ctx,
		  const struct store_task *t, size_t n, instant_t now,
		  int color)
{
	size_t i;

	if (!n)
		return;
	strbuf_addch(out, '\n');
	term_style(out, color, TERM_BOLD);
	strbuf_adds(out, _("go/no-go gates"));
	term_style(out, color, TERM_RESET);
	strbuf_addch(out, '\n');
	for (i = 0; i < n; i++)
		gate_line(out, ctx, &t[i], now, color);
}

/* A column's heading, right-aligned in width columns of the terminal. */
static void heading(struct strbuf *out, const char *s, size_t width)
{
	size_t w = term_text_width(s, strlen(s));

	for (; w < width; w++)
		strbuf_addch(out, ' ');
	strbuf_adds(out, s);
}

/*
 * One table: the name fills what the line has left after the counts
 * and the bar, so that it fits the terminal.
 */
static void counts_table(struct strbuf *out, const char *what,
			 const struct store_count *c, size_t n, int only_late,
			 int color, size_t columns)
{
	size_t i, hidden = 0, bar = bar_width(columns);
	size_t fixed = 29 + (bar ? bar + 7 : 0);
	size_t width = columns > fixed + 16 ? columns - fixed - 1 : 16;

	strbuf_addch(out, '\n');
	term_style(out, color, TERM_BOLD);
	cmd_cell(out, what, width);
	heading(out, _("done"), 7);
	heading(out, _("total"), 7);
	heading(out, _("late"), 7);
	heading(out, _("blocked"), 9);
	term_style(out, color, TERM_RESET);
	strbuf_addch(out, '\n');
	for (i = 0; i < n; i++) {
		int64_t settled = c[i].done + c[i].skipped;

		if (only_late && !c[i].late && !c[i].blocked && !c[i].failed) {
			hidden++;
			continue;
		}
		cmd_cell(out, c[i].label && *c[i].label ? c[i].label : "-",
			 width);
		strbuf_addf(out, " %6lld %6lld ", (long long)settled,
			    (long long)c[i].total);
		cmd_count(out, color, TERM_RED, c[i].late, 6);
		strbuf_addch(out, ' ');
		cmd_count(out, color, TERM_YELLOW, c[i].blocked + c[i].failed,
			  8);
		if (bar) {
			strbuf_adds(out, "  ");
			cmd_bar(out, color, settled, c[i].total, bar);
		}
		strbuf_addch(out, '\n');
	}
	if (hidden)
		strbuf_addf(out, P_("(%zu more with nothing late or blocked)\n",
				    "(%zu more with nothing late or blocked)\n",
				    hidden), hidden);
}

static void task_line(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_task *t, instant_t now, int color,
		      size_t columns, size_t keyw)
{
	int late = store_task_late(t, now);
	size_t used = 16 + 2 + 8 + 1 + keyw + 1;

	cmd_time(out, ctx, t->due);
	strbuf_adds(out, "  ");
	term_style(out, color, late ? TERM_RED :
		   store_task_settled(t) ? TERM_GREEN : TERM_RESET);
	cmd_cell(out, late ? C_("task state", "late") :
		 walk_state_name(t->state), 8);
	term_style(out, color, TERM_RESET);
	strbuf_addch(out, ' ');
	cmd_cell(out, t->key, keyw);
	strbuf_addch(out, ' ');
	if (columns && columns > used + 10)
		cmd_cell(out, t->title, columns - used - 1);
	else
		strbuf_adds(out, t->title);
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
	strbuf_addch(out, '\n');
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
	struct store_task *tasks = NULL, *gate_tasks = NULL;
	struct store_task_filter filter, gate_filter;
	size_t ngates = 0, columns = cmd_columns();
	size_t table_columns = columns ? columns : 120;
	int color = cmd_color();
	struct strbuf out = STRBUF_INIT;
	int c, all_units = 0, late = 0, status = EXIT_FAILED;
	int64_t total, done, nlate, blocked;
	instant_t now;

	memset(&filter, 0, sizeof(filter));
	memset(&gate_filter, 0, sizeof(gate_filter));
	memset(&tally, 0, sizeof(tally));
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all_units = 1;
			break;
		case 'h':
			return cmd_help(_(usage));
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
	if (cmd_view_now(ctx, &now))
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
			fail(&ctx->err, _("no unit '%s' owns a task in run"
			     " '%s'"), filter.unit_id, ctx->run.name);
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
	header(&out, ctx, now, color);
	summary(&out, total, done, nlate, blocked, color, table_columns);
	if (filter.unit_id || late) {
		strbuf_addch(&out, '\n');
		for (i = 0; i < ntasks; i++)
			task_line(&out, ctx, &tasks[i], now, color, columns,
				  cmd_key_width(tasks, ntasks));
		if (!ntasks)
			strbuf_adds(&out, late ? _("no late task\n") :
				    _("no task\n"));
		cmd_print(&out);
		status = EXIT_OK;
		goto done;
	}
	gate_filter.gates = 1;
	gate_filter.now = now;
	if (store_tasks(ctx->store, ctx->run.id, &gate_filter, &gate_tasks,
			&ngates, &ctx->err))
		goto done;
	gates(&out, ctx, gate_tasks, ngates, now, color);
	counts_table(&out, _("section"), tally.groups[STORE_BY_SECTION],
		     tally.n[STORE_BY_SECTION], 0, color, table_columns);
	counts_table(&out, _("unit kind"), tally.groups[STORE_BY_KIND],
		     tally.n[STORE_BY_KIND], 0, color, table_columns);
	qsort(units, nunits, sizeof(*units), store_count_least_ready);
	counts_table(&out, _("unit (least ready first)"), units, nunits,
		     !all_units, color, table_columns);
	cmd_print(&out);
	status = EXIT_OK;
done:
	strbuf_release(&out);
	store_tally_release(&tally);
	store_tasks_free(tasks, ntasks);
	store_tasks_free(gate_tasks, ngates);
	return status;
}
