/*
 * cutover next: for the coordinator, what is late and what comes next.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate.h"
#include "i18n.h"
#include "json.h"
#include "walk.h"
#include "banned.h"

static const char about[] = N_(
	"Lists the late tasks (oldest deadline first, in red on a terminal)\n"
	"and the open tasks due next, with how late or how soon, the task's\n"
	"title and recipient, and how far the run is from T0. A no-go in\n"
	"force comes first, with what waits on it and its fallback path (whose\n"
	"tasks are listed, marked), and how many done tasks rest on reopened\n"
	"requirements. On a terminal no line is wider than it: what does not\n"
	"fit is cut with an ellipsis; a file or a pipe gets lines whole.\n"
	"\n"
	"With --json, an object: \"late\" and \"next\", arrays of {\"key\",\n"
	"\"title\", \"due\" (RFC 3339), \"state\", \"recipient\" (a unit id or\n"
	"null), \"fallback_of\" (the gate whose fallback path holds the task, or\n"
	"null)}; \"late_total\" and \"open_total\" (all of them, past --limit);\n"
	"\"no_go\": the no-go decisions in force, [{\"task\", \"by\", \"reason\",\n"
	"\"waiting\", \"fallback_tasks\", \"fallback_settled\"}]; \"resting\": how\n"
	"many done tasks rest on reopened requirements.\n");

/* "7 hours late", "1 day 2 hours left": how late, or how soon, in words. */
static void when_text(struct strbuf *out, const struct store_task *t,
		      instant_t now)
{
	cmd_duration(out, t->due < now ? now - t->due : t->due - now,
		     t->due < now ? LABEL_LATE : LABEL_LEFT);
}

/* The width of the "when" column: its widest cell in either list. */
static size_t when_width(const struct store_task *t, size_t n, instant_t now,
			 size_t w)
{
	struct strbuf s = STRBUF_INIT;
	size_t i, cw;

	for (i = 0; i < n; i++) {
		strbuf_reset(&s);
		when_text(&s, &t[i], now);
		cw = term_text_width(s.buf, s.len);
		if (cw > w)
			w = cw;
	}
	strbuf_release(&s);
	return w;
}

static void line(struct strbuf *out, struct cmd_ctx *ctx,
		 const struct store_task *t, instant_t now, int color,
		 size_t columns, size_t keyw, size_t whenw)
{
	struct strbuf when = STRBUF_INIT, rest = STRBUF_INIT;
	size_t used = 16 + 2 + whenw + 1 + keyw;

	cmd_time(out, ctx, t->due);
	strbuf_adds(out, "  ");
	when_text(&when, t, now);
	term_style(out, color, t->due < now ? TERM_RED : TERM_RESET);
	cmd_cell(out, when.buf, whenw);
	term_style(out, color, TERM_RESET);
	strbuf_addch(out, ' ');
	cmd_cell(out, t->key, keyw);
	strbuf_reset(&rest);
	if (t->gate && t->state == TASK_FAILED)
		strbuf_addf(&rest, " [%s]", gate_outcome_words("no-go"));
	else if (t->state != TASK_PENDING)
		strbuf_addf(&rest, " [%s]", walk_state_name(t->state));
	if (t->fallback)
		strbuf_addf(&rest, _(" [fallback of %s]"), t->fallback);
	strbuf_addf(&rest, " %s -> %s", t->title,
		    t->recipient_name ? t->recipient_name :
		    t->recipient ? t->recipient : "-");
	if (columns && columns > used + 10) {
		strbuf_addch(out, ' ');
		cmd_cell(out, rest.buf + 1, columns - used - 2);
		while (out->len && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
	} else {
		strbuf_add(out, rest.buf, rest.len);
	}
	strbuf_addch(out, '\n');
	strbuf_release(&when);
	strbuf_release(&rest);
}

static void list_json(struct strbuf *out, struct cmd_ctx *ctx,
		      const char *name, const struct store_task *list,
		      size_t n, int first)
{
	struct strbuf due = STRBUF_INIT;
	size_t i;

	json_key(out, name, first);
	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		strbuf_reset(&due);
		clock_format_rfc3339(&due, list[i].due, cmd_zone(ctx));
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		json_key_string(out, "key", list[i].key, 1);
		json_key_string(out, "title", list[i].title, 0);
		json_key_string(out, "due", due.buf, 0);
		json_key_string(out, "state",
			task_state_name(list[i].state), 0);
		json_key_string(out, "recipient", list[i].recipient, 0);
		json_key_string(out, "fallback_of", list[i].fallback, 0);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	strbuf_release(&due);
}

/*
 * The first `limit` open tasks of one list (late, or upcoming), by due,
 * and how many the list holds: two indexed queries, so that a run of
 * 100,000 tasks costs what is shown.
 */
static int open_tasks(struct cmd_ctx *ctx, int late, instant_t now,
		      size_t limit, const char *unit_id,
		      struct store_task **tasks, size_t *n, int64_t *total)
{
	struct store_task_filter filter;

	memset(&filter, 0, sizeof(filter));
	filter.unit_id = unit_id;
	filter.late_only = late;
	filter.upcoming = !late;
	filter.now = now;
	filter.limit = limit;
	return store_tasks(ctx->store, ctx->run.id, &filter, tasks, n,
			   &ctx->err) ||
		store_count_tasks(ctx->store, ctx->run.id, &filter, total,
				  &ctx->err) ? -1 : 0;
}

/*
 * What the night's decisions hold: each no-go in force (who, why, what
 * waits on it, its fallback path), and the done tasks resting on
 * reopened requirements, counted.
 */
static void holds_text(struct strbuf *out, const struct store_decision *d,
		       size_t nd, size_t nresting, int color)
{
	size_t i;

	for (i = 0; i < nd; i++) {
		if (!d[i].current || !d[i].outcome ||
		    strcmp(d[i].outcome, "no-go"))
			continue;
		term_style(out, color, TERM_RED);
		strbuf_addf(out, _("no-go of %s in force (by %s): %s"),
			    d[i].task_key, d[i].by, d[i].text ? d[i].text : "");
		term_style(out, color, TERM_RESET);
		strbuf_adds(out, "\n  ");
		strbuf_addf(out, P_("%lld task waits on it",
				    "%lld tasks wait on it",
				    (unsigned long)d[i].held),
			    (long long)d[i].held);
		strbuf_adds(out, "; ");
		strbuf_addf(out, P_("fallback path active: %lld task, %lld"
				    " done or skipped", "fallback path active:"
				    " %lld tasks, %lld done or skipped",
				    (unsigned long)d[i].fallback),
			    (long long)d[i].fallback,
			    (long long)d[i].fallback_done);
		strbuf_addch(out, '\n');
	}
	if (nresting) {
		term_style(out, color, TERM_YELLOW);
		strbuf_addf(out, P_("%zu done task rests on a reopened"
				    " requirement (cutover status)",
				    "%zu done tasks rest on reopened"
				    " requirements (cutover status)",
				    nresting), nresting);
		term_style(out, color, TERM_RESET);
		strbuf_addch(out, '\n');
	}
}

static void holds_json(struct strbuf *out, const struct store_decision *d,
		       size_t nd, size_t nresting)
{
	size_t i;
	int first = 1;

	json_key(out, "no_go", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < nd; i++) {
		if (!d[i].current || !d[i].outcome ||
		    strcmp(d[i].outcome, "no-go"))
			continue;
		strbuf_adds(out, first ? "{" : ",{");
		json_key_string(out, "task", d[i].task_key, 1);
		json_key_string(out, "by", d[i].by, 0);
		json_key_string(out, "reason", d[i].text, 0);
		json_key_int(out, "waiting", d[i].held, 0);
		json_key_int(out, "fallback_tasks", d[i].fallback, 0);
		json_key_int(out, "fallback_settled", d[i].fallback_done, 0);
		strbuf_addch(out, '}');
		first = 0;
	}
	strbuf_addch(out, ']');
	json_key_int(out, "resting", (int64_t)nresting, 0);
}

int cmd_next(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct store_task *late = NULL, *soon = NULL;
	struct store_decision *dec = NULL;
	struct store_resting *rest = NULL;
	size_t ndec = 0, nrest = 0, said;
	size_t nlate = 0, nsoon = 0, i, limit = 20;
	int64_t late_total = 0, soon_total = 0;
	struct strbuf out = STRBUF_INIT;
	size_t columns;
	int color;
	const char *unit = NULL, *limit_text = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "limit", 0, &limit_text, N_("N"),
		  N_("at most N tasks in each list (default 20, 0 = all)"),
		  0, 0 },
		{ OPT_VALUE, "unit", 0, &unit, N_("UNIT"),
		  N_("that unit's tasks only (its id, or its name in any case,"
		     " with or without diacritics)"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "next", opts, about };
	char *end, *unit_id = NULL;
	long v;
	int status = EXIT_FAILED;
	instant_t now;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	/* After cmd_parse: --color and the pager given after the name. */
	columns = cmd_columns();
	color = cmd_color();
	if (limit_text) {
		v = strtol(limit_text, &end, 10);
		if (*end || end == limit_text || v < 0)
			return cmd_usage_fail(ctx, _("--limit takes a number,"
						     " not '%s'"), limit_text);
		limit = (size_t)v;  /* 0: all, as the filter's limit */
	}
	if (cmd_view_now(ctx, &now))
		return EXIT_FAILED;
	if (unit && cmd_resolve(ctx, STORE_NAMES_UNITS, unit, &unit_id))
		goto done;
	if (open_tasks(ctx, 1, now, limit, unit_id, &late, &nlate,
		       &late_total) ||
	    open_tasks(ctx, 0, now, limit, unit_id, &soon, &nsoon,
		       &soon_total) ||
	    store_decisions(ctx->store, ctx->run.id, &dec, &ndec, &ctx->err) ||
	    store_resting(ctx->store, ctx->run.id, NULL, &rest, &nrest,
			  &ctx->err))
		goto done;
	if (ctx->json) {
		strbuf_addch(&out, '{');
		list_json(&out, ctx, "late", late, nlate, 1);
		list_json(&out, ctx, "next", soon, nsoon, 0);
		json_key_int(&out, "late_total", late_total, 0);
		json_key_int(&out, "open_total", late_total + soon_total, 0);
		holds_json(&out, dec, ndec, nrest);
		strbuf_adds(&out, "}\n");
	} else {
		size_t keyw = cmd_key_width(late, nlate);
		size_t whenw = when_width(soon, nsoon, now,
					  when_width(late, nlate, now, 8));

		if (cmd_key_width(soon, nsoon) > keyw)
			keyw = cmd_key_width(soon, nsoon);

		strbuf_adds(&out, _("now "));
		cmd_time(&out, ctx, now);
		strbuf_addf(&out, _(", run %s"), ctx->run.name);
		strbuf_adds(&out, " · ");
		cmd_t0_distance(&out, now, ctx->run.t0, color);
		strbuf_adds(&out, "\n\n");
		said = out.len;
		holds_text(&out, dec, ndec, nrest, color);
		if (out.len > said)
			strbuf_addch(&out, '\n');
		if (late_total)
			term_style(&out, color, TERM_RED);
		strbuf_addf(&out, P_("late: %lld task\n", "late: %lld tasks\n",
				     (unsigned long)late_total),
			    (long long)late_total);
		if (late_total)
			term_style(&out, color, TERM_RESET);
		for (i = 0; i < nlate; i++)
			line(&out, ctx, &late[i], now, color, columns, keyw,
			     whenw);
		if ((int64_t)nlate < late_total)
			strbuf_addf(&out, _("... and %lld more: cutover status"
					    " --late\n"),
				    (long long)(late_total - (int64_t)nlate));
		strbuf_addf(&out, P_("\ndue next: %lld open task\n",
				     "\ndue next: %lld open tasks\n",
				     (unsigned long)soon_total),
			    (long long)soon_total);
		for (i = 0; i < nsoon; i++)
			line(&out, ctx, &soon[i], now, color, columns, keyw,
			     whenw);
		if ((int64_t)nsoon < soon_total)
			strbuf_addf(&out, _("... and %lld more\n"),
				    (long long)(soon_total - (int64_t)nsoon));
		cmd_fit(&out, columns);
	}
	cmd_print(&out);
	status = EXIT_OK;
done:
	free(unit_id);
	strbuf_release(&out);
	store_tasks_free(late, nlate);
	store_tasks_free(soon, nsoon);
	store_decisions_free(dec, ndec);
	store_resting_free(rest, nrest);
	return status;
}
