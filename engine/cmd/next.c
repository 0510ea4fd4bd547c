/*
 * cutover next: for the coordinator, what is late and what comes next.
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
	"usage: cutover [--json] next [--limit N]\n"
	"\n"
	"Lists the late tasks (oldest deadline first, in red on a terminal)\n"
	"and the open tasks due next, with how late or how soon, the task's\n"
	"title and recipient, and how far the run is from T0. Lines fit the\n"
	"terminal's width; a file or a pipe gets them whole.\n"
	"\n"
	"  --limit N   at most N tasks in each list (default 20, 0 = all)\n");

static void line(struct strbuf *out, struct cmd_ctx *ctx,
		 const struct store_task *t, instant_t now, int color,
		 size_t columns, size_t keyw)
{
	struct strbuf when = STRBUF_INIT, rest = STRBUF_INIT;
	size_t used = 16 + 2 + 15 + 1 + keyw;

	cmd_time(out, ctx, t->due);
	strbuf_adds(out, "  ");
	clock_format_duration(&rest, t->due < now ? now - t->due :
			      t->due - now);
	strbuf_addf(&when, t->due < now ? _("%s late") : _("in %s"),
		    rest.buf);
	term_style(out, color, t->due < now ? TERM_RED : TERM_RESET);
	cmd_cell(out, when.buf, 15);
	term_style(out, color, TERM_RESET);
	strbuf_addch(out, ' ');
	cmd_cell(out, t->key, keyw);
	strbuf_reset(&rest);
	if (strcmp(t->state, "pending"))
		strbuf_addf(&rest, " [%s]", walk_state_name(t->state));
	strbuf_addf(&rest, " %s -> %s", t->title,
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
		clock_format_rfc3339(&due, list[i].due, cmd_offset(ctx));
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		json_key_string(out, "key", list[i].key, 1);
		json_key_string(out, "title", list[i].title, 0);
		json_key_string(out, "due", due.buf, 0);
		json_key_string(out, "state", list[i].state, 0);
		json_key_string(out, "recipient", list[i].recipient, 0);
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
		      size_t limit, struct store_task **tasks, size_t *n,
		      int64_t *total)
{
	struct store_task_filter filter;

	memset(&filter, 0, sizeof(filter));
	filter.late_only = late;
	filter.upcoming = !late;
	filter.now = now;
	filter.limit = limit;
	return store_tasks(ctx->store, ctx->run.id, &filter, tasks, n,
			   &ctx->err) ||
		store_count_tasks(ctx->store, ctx->run.id, &filter, total,
				  &ctx->err) ? -1 : 0;
}

int cmd_next(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_task *late = NULL, *soon = NULL;
	size_t nlate = 0, nsoon = 0, i, limit = 20;
	int64_t late_total = 0, soon_total = 0;
	struct strbuf out = STRBUF_INIT;
	size_t columns = cmd_columns();
	int color = cmd_color();
	char *end;
	long v;
	int c, status = EXIT_FAILED;
	instant_t now;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return cmd_help(_(usage));
		case 'n':
			v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 0)
				return cmd_usage_fail(ctx, _("--limit takes a"
						      " number, not '%s'"),
						      optarg);
			limit = (size_t)v;  /* 0: all, as the filter's limit */
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "next");
		}
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "%s", _("next takes no arguments"));
	if (cmd_view_now(ctx, &now))
		return EXIT_FAILED;
	if (open_tasks(ctx, 1, now, limit, &late, &nlate, &late_total) ||
	    open_tasks(ctx, 0, now, limit, &soon, &nsoon, &soon_total))
		goto done;
	if (ctx->json) {
		strbuf_addch(&out, '{');
		list_json(&out, ctx, "late", late, nlate, 1);
		list_json(&out, ctx, "next", soon, nsoon, 0);
		json_key_int(&out, "late_total", late_total, 0);
		json_key_int(&out, "open_total", late_total + soon_total, 0);
		strbuf_adds(&out, "}\n");
	} else {
		size_t keyw = cmd_key_width(late, nlate);

		if (cmd_key_width(soon, nsoon) > keyw)
			keyw = cmd_key_width(soon, nsoon);

		strbuf_adds(&out, _("now "));
		cmd_time(&out, ctx, now);
		strbuf_adds(&out, " (");
		cmd_relative(&out, now, ctx->run.t0);
		strbuf_addf(&out, _("), run %s"), ctx->run.name);
		strbuf_adds(&out, " · ");
		cmd_t0_distance(&out, now, ctx->run.t0, color);
		strbuf_adds(&out, "\n\n");
		if (late_total)
			term_style(&out, color, TERM_RED);
		strbuf_addf(&out, P_("late: %lld task\n", "late: %lld tasks\n",
				     (unsigned long)late_total),
			    (long long)late_total);
		if (late_total)
			term_style(&out, color, TERM_RESET);
		for (i = 0; i < nlate; i++)
			line(&out, ctx, &late[i], now, color, columns, keyw);
		if ((int64_t)nlate < late_total)
			strbuf_addf(&out, _("... and %lld more: cutover status"
					    " --late\n"),
				    (long long)(late_total - (int64_t)nlate));
		strbuf_addf(&out, P_("\ndue next: %lld open task\n",
				     "\ndue next: %lld open tasks\n",
				     (unsigned long)soon_total),
			    (long long)soon_total);
		for (i = 0; i < nsoon; i++)
			line(&out, ctx, &soon[i], now, color, columns, keyw);
		if ((int64_t)nsoon < soon_total)
			strbuf_addf(&out, _("... and %lld more\n"),
				    (long long)(soon_total - (int64_t)nsoon));
	}
	cmd_print(&out);
	status = EXIT_OK;
done:
	strbuf_release(&out);
	store_tasks_free(late, nlate);
	store_tasks_free(soon, nsoon);
	return status;
}
