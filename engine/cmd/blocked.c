/*
 * cutover blocked (and status --blocked): the blocked and failed tasks
 * with their reasons, as the ledger's events give them.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "walk.h"
#include "banned.h"

static const char about[] = N_(
	"Lists the tasks that are blocked or failed (a no-go gate is a failed\n"
	"task), oldest deadline first: when each was due, its state, its key,\n"
	"its title and unit, then who marked it, when, in which ledger event,\n"
	"and the reason they gave. The same list as 'cutover status\n"
	"--blocked'. Lines fit a terminal's width (cut with an ellipsis); a\n"
	"file or a pipe gets them whole.\n"
	"\n"
	"With --json: an object with \"run\" (the run's name), \"total\" (how\n"
	"many tasks are listed) and \"tasks\", an array of objects: \"key\",\n"
	"\"step\", \"unit\" (its id), \"unit_name\", \"title\", \"due\" (RFC\n"
	"3339), \"state\" (\"blocked\" or \"failed\"), \"by\" (who marked it),\n"
	"\"at\" (when, RFC 3339), \"event\" (the ledger event's number) and\n"
	"\"reason\" (null when none was given).\n");

static void task_json(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_task *t, int first)
{
	struct strbuf when = STRBUF_INIT;

	strbuf_adds(out, first ? "{" : ",{");
	json_key_string(out, "key", t->key, 1);
	json_key_string(out, "step", t->step_id, 0);
	json_key_string(out, "unit", t->unit_id, 0);
	json_key_string(out, "unit_name", t->unit_name, 0);
	json_key_string(out, "title", t->title, 0);
	clock_format_rfc3339(&when, t->due, cmd_zone(ctx));
	json_key_string(out, "due", when.buf, 0);
	json_key_string(out, "state",
		task_state_name(t->state), 0);
	json_key_string(out, "by", t->state_by, 0);
	strbuf_reset(&when);
	clock_format_rfc3339(&when, t->state_at, cmd_zone(ctx));
	json_key_string(out, "at", t->last_seq ? when.buf : NULL, 0);
	json_key_int(out, "event", t->last_seq, 0);
	json_key_string(out, "reason", t->state_comment, 0);
	strbuf_addch(out, '}');
	strbuf_release(&when);
}

/* The width of the state column: its widest word in this language. */
static size_t state_width(const struct store_task *t, size_t n)
{
	size_t i, w = 8, cw;

	for (i = 0; i < n; i++) {
		const char *s = walk_state_name(t[i].state);

		cw = term_text_width(s, strlen(s));
		if (cw > w)
			w = cw;
	}
	return w;
}

static void task_text(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_task *t, int color, size_t keyw,
		      size_t statew)
{
	cmd_time(out, ctx, t->due);
	strbuf_adds(out, "  ");
	term_style(out, color, t->state == TASK_FAILED ? TERM_RED :
		   TERM_YELLOW);
	cmd_cell(out, walk_state_name(t->state), statew);
	term_style(out, color, TERM_RESET);
	strbuf_addch(out, ' ');
	cmd_cell(out, t->key, keyw);
	strbuf_addf(out, " %s -> %s\n", t->title,
		    t->unit_name ? t->unit_name : t->unit_id);
	strbuf_adds(out, "    ");
	if (t->state_by)
		strbuf_addf(out, _("by %s, "), t->state_by);
	cmd_time(out, ctx, t->state_at);
	strbuf_addf(out, _(" (event %lld): "), (long long)t->last_seq);
	strbuf_adds(out, t->state_comment ? t->state_comment :
		    _("no reason given"));
	strbuf_addch(out, '\n');
}

int cmd_blocked_print(struct cmd_ctx *ctx, instant_t now, const char *unit)
{
	struct store_task_filter filter;
	struct store_task *tasks = NULL;
	struct strbuf out = STRBUF_INIT;
	char *unit_id = NULL;
	size_t n = 0, i;
	int color = cmd_color(), status = EXIT_FAILED;

	memset(&filter, 0, sizeof(filter));
	filter.blocked_only = 1;
	filter.now = now;
	if (unit && cmd_resolve(ctx, STORE_NAMES_UNITS, unit, &unit_id))
		goto done;
	filter.unit_id = unit_id;
	if (store_tasks(ctx->store, ctx->run.id, &filter, &tasks, &n,
			&ctx->err))
		goto done;
	if (ctx->json) {
		strbuf_addch(&out, '{');
		json_key_string(&out, "run", ctx->run.name, 1);
		json_key_int(&out, "total", (int64_t)n, 0);
		json_key(&out, "tasks", 0);
		strbuf_addch(&out, '[');
		for (i = 0; i < n; i++)
			task_json(&out, ctx, &tasks[i], i == 0);
		strbuf_adds(&out, "]}\n");
	} else {
		size_t keyw = cmd_key_width(tasks, n);
		size_t statew = state_width(tasks, n);

		if (n)
			term_style(&out, color, TERM_YELLOW);
		strbuf_addf(&out, P_("blocked or failed: %zu task\n",
				     "blocked or failed: %zu tasks\n", n), n);
		if (n)
			term_style(&out, color, TERM_RESET);
		for (i = 0; i < n; i++)
			task_text(&out, ctx, &tasks[i], color, keyw,
				  statew);
		cmd_fit(&out, cmd_columns());
	}
	cmd_print(&out);
	status = EXIT_OK;
done:
	free(unit_id);
	store_tasks_free(tasks, n);
	strbuf_release(&out);
	return status;
}

int cmd_blocked(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *unit = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &unit, N_("UNIT"),
		  N_("that unit's tasks only (its id or its name)"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "blocked", opts, about };
	instant_t now;
	int status;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (cmd_view_now(ctx, &now))
		return EXIT_FAILED;
	return cmd_blocked_print(ctx, now, unit);
}
