/*
 * cutover status: where the run stands, per section and per unit.
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
	"Shows the current run at a glance: how far from T0, the go/no-go\n"
	"gates with their decisions (who decided, the conditions or the\n"
	"reason; under a no-go, what waits and its fallback path), the\n"
	"sign-offs waived or forced, the done tasks that rest on a reopened\n"
	"requirement, done/total with a progress bar per section and per unit\n"
	"kind, and the units with late or blocked tasks, least ready first. Late\n"
	"counts are red and blocked ones yellow on a terminal (never with\n"
	"NO_COLOR). On a terminal no line is wider than it: what does not fit\n"
	"is cut with an ellipsis; a file or a pipe gets lines whole.\n"
	"\n"
	"--short prints one line for the run, then one per gate, per\n"
	"section and per unit with late, blocked or failed tasks (every unit\n"
	"with --all-units):\n"
	"  ## RUN (MODE) DONE/TOTAL done, N late, N blocked or failed; T0 ...\n"
	"  G DECISION KEY       a gate: go, no-go, go-with-conditions, or its\n"
	"                       state (pending, late) while undecided\n"
	"  S XY DONE/TOTAL ID TITLE   a section\n"
	"  U XY DONE/TOTAL ID NAME    a unit\n"
	"where X is L when tasks are late, else a space, and Y is B when tasks\n"
	"are blocked or failed, else a space; DONE counts done and skipped.\n"
	"\n"
	"With --json, an object: \"run\", \"mode\" (rehearsal or live),\n"
	"\"runbook\" (its id), \"t0\" and \"now\" (RFC 3339, the run's zone),\n"
	"\"zone\", \"commit\" (the runbook's commit id, null outside git),\n"
	"\"dirty\" (the working copy differed from it), \"approval\" (null, or\n"
	"{\"tag\", \"by\", \"auth\"}: the version's approval tag and who approved\n"
	"it, when the ledger records it), \"unapproved\" (a live run started\n"
	"with --unapproved), \"require_tokens\", \"total\", \"done\" (done or\n"
	"skipped), \"late\", \"blocked\" (blocked or failed); \"sections\",\n"
	"\"kinds\", \"units\": arrays of {\"id\", \"label\", \"total\", \"done\",\n"
	"\"skipped\", \"late\", \"blocked\", \"failed\"}; with --unit or --late,\n"
	"\"tasks\": [{\"key\", \"unit\", \"step\", \"title\", \"due\", \"state\",\n"
	"\"late\", \"recipient\", \"by\"}]; \"closed\": null or {\"by\", \"at\",\n"
	"\"event\"}; \"gates\": [{\"task\", \"state\", \"due\", \"decision\" (the\n"
	"one in force: go, no-go, go-with-conditions, or null), \"by\", \"at\",\n"
	"\"conditions\", \"reason\", and under a no-go \"waiting\" (open tasks\n"
	"held), \"fallback_tasks\", \"fallback_settled\"; \"history\": every\n"
	"decision and reopening, [{\"event\", \"kind\", \"decision\", \"text\",\n"
	"\"by\", \"at\"}]}]; \"exceptions\": the waived and forced sign-offs,\n"
	"[{\"task\", \"by\", \"at\", \"waived\", \"findings\", \"reason\", \"forced\",\n"
	"\"forced_past\", \"forced_open\", \"forced_start\"}]; \"resting\": done\n"
	"tasks on reopened requirements, [{\"task\", \"open\", \"open_count\"}].\n"
	"--blocked --json prints cutover blocked's JSON (see there).\n");

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
	if (run->closed_seq) {
		strbuf_adds(out, "\n");
		term_style(out, color, TERM_BOLD);
		strbuf_addf(out, _("closed by %s at "), run->closed_by);
		cmd_time(out, ctx, run->closed_at);
		strbuf_addf(out, _(" (event %lld): it takes no more events"),
			    (long long)run->closed_seq);
		term_style(out, color, TERM_RESET);
	}
	strbuf_adds(out, "\nT0 ");
	cmd_time(out, ctx, run->t0);
	strbuf_adds(out, _(", now "));
	cmd_time(out, ctx, now);
	strbuf_adds(out, " · ");
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

/* The decision in force on gate task t, or NULL. */
static const struct store_decision *in_force(const struct store_task *t,
					     const struct store_decision *d,
					     size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i].current && d[i].outcome &&
		    !strcmp(d[i].task_key, t->key))
			return &d[i];
	return NULL;
}

/*
 * A gate's line: its decision (or state), its task, when it is or was
 * due, who decided and the conditions or reason; under a no-go in
 * force, what waits on it and its fallback path.
 */
static void gate_line(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_task *t,
		      const struct store_decision *d, instant_t now,
		      int color)
{
	int late = store_task_late(t, now), settled = store_task_settled(t);
	enum term_style style = settled ? TERM_GREEN :
		late || t->state != TASK_PENDING ? TERM_RED : TERM_CYAN;
	const char *label;
	size_t width;

	strbuf_adds(out, "  ");
	term_style(out, color, style);
	strbuf_adds(out, settled ? "[x] " : t->state != TASK_PENDING ?
		    "[!] " : "[ ] ");
	label = d ? gate_outcome_words(d->outcome) :
		late && t->state == TASK_PENDING ?
		C_("task state", "late") : walk_state_name(t->state);
	width = term_text_width(label, strlen(label));
	cmd_cell(out, label, width > 9 ? width : 9);
	term_style(out, color, TERM_RESET);
	strbuf_addf(out, " %s  ", t->key);
	if (t->last_seq && t->state != TASK_PENDING) {
		cmd_time(out, ctx, t->state_at);
		if (t->state_by)
			strbuf_addf(out, _(" by %s"), t->state_by);
		if (d && d->text)
			strbuf_addf(out, ": %s", d->text);
		if (d && !strcmp(d->outcome, "no-go")) {
			strbuf_adds(out, "\n      ");
			strbuf_addf(out, P_("%lld task waits on it",
					    "%lld tasks wait on it",
					    (unsigned long)d->held),
				    (long long)d->held);
			strbuf_adds(out, "; ");
			strbuf_addf(out, P_("fallback path active: %lld task,"
					    " %lld done or skipped",
					    "fallback path active: %lld tasks,"
					    " %lld done or skipped",
					    (unsigned long)d->fallback),
				    (long long)d->fallback,
				    (long long)d->fallback_done);
		}
	} else {
		strbuf_adds(out, _("due "));
		cmd_time(out, ctx, t->due);
		strbuf_adds(out, ", ");
		cmd_duration(out, t->due < now ? now - t->due : t->due - now,
			     t->due < now ? LABEL_LATE : LABEL_LEFT);
	}
	strbuf_addch(out, '\n');
}

static void heading_line(struct strbuf *out, const char *text, int color)
{
	strbuf_addch(out, '\n');
	term_style(out, color, TERM_BOLD);
	strbuf_adds(out, text);
	term_style(out, color, TERM_RESET);
	strbuf_addch(out, '\n');
}

static void gates(struct strbuf *out, struct cmd_ctx *ctx,
		  const struct store_task *t, size_t n,
		  const struct store_decision *d, size_t nd, instant_t now,
		  int color)
{
	size_t i;

	if (!n)
		return;
	heading_line(out, _("go/no-go gates"), color);
	for (i = 0; i < n; i++)
		gate_line(out, ctx, &t[i], in_force(&t[i], d, nd), now, color);
}

/* The sign-offs that passed by exception: waived, forced. */
static void exceptions(struct strbuf *out, struct cmd_ctx *ctx,
		       const struct store_exception *x, size_t n, int color)
{
	size_t i;

	if (!n)
		return;
	heading_line(out, _("waived and forced sign-offs"), color);
	for (i = 0; i < n; i++) {
		strbuf_addf(out, "  %s  ", x[i].task_key);
		term_style(out, color, TERM_YELLOW);
		if (x[i].waived)
			strbuf_addf(out, P_("waived (%lld finding)",
					    "waived (%lld findings)",
					    (unsigned long)x[i].findings),
				    (long long)x[i].findings);
		if (x[i].forced_requires)
			strbuf_addf(out, "%s%s %s", x[i].waived ? ", " : "",
				    _("forced past"), x[i].forced_requires);
		if (x[i].forced_open > 20)
			strbuf_addf(out, _(" and %lld more"),
				    (long long)(x[i].forced_open - 20));
		if (x[i].forced_start)
			strbuf_addf(out, "%s%s", x[i].waived ||
				    x[i].forced_requires ? ", " : "",
				    _("signed before its start"));
		term_style(out, color, TERM_RESET);
		strbuf_addf(out, _(" by %s, "), x[i].by);
		cmd_time(out, ctx, x[i].at);
		if (x[i].reason)
			strbuf_addf(out, ": %s", x[i].reason);
		strbuf_addch(out, '\n');
	}
}

/* Done tasks whose requirements are open again. */
static void resting(struct strbuf *out, const struct store_resting *r,
		    size_t n, int color)
{
	size_t i;

	if (!n)
		return;
	heading_line(out, _("done, but resting on reopened requirements"),
		     color);
	for (i = 0; i < n; i++) {
		strbuf_addf(out, "  %s  ", r[i].key);
		term_style(out, color, TERM_YELLOW);
		strbuf_addf(out, _("rests on %s"), r[i].open);
		if (r[i].nopen > 5)
			strbuf_addf(out, _(" and %lld more"),
				    (long long)(r[i].nopen - 5));
		term_style(out, color, TERM_RESET);
		strbuf_addch(out, '\n');
	}
	strbuf_adds(out, _("  (cutover reopen TASK --cascade reopens a task"
			   " with what rests on it)\n"));
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
static void counts_table(struct strbuf *out, const struct cmd_ctx *ctx,
			 const char *what, const struct store_count *c,
			 size_t n, int only_late, int kinds, int color,
			 size_t columns)
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
		cmd_cell(out, kinds ? cmd_label(ctx, LABEL_KIND, c[i].key) :
			 c[i].label && *c[i].label ? c[i].label : "-", width);
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
		clock_format_rfc3339(&due, t[i].due, cmd_zone(ctx));
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		json_key_string(out, "key", t[i].key, 1);
		json_key_string(out, "unit", t[i].unit_id, 0);
		json_key_string(out, "step", t[i].step_id, 0);
		json_key_string(out, "title", t[i].title, 0);
		json_key_string(out, "due", due.buf, 0);
		json_key_string(out, "state",
			task_state_name(t[i].state), 0);
		json_key(out, "late", 0);
		strbuf_adds(out, store_task_late(&t[i], now) ? "true" : "false");
		json_key_string(out, "recipient", t[i].recipient, 0);
		json_key_string(out, "by", t[i].state_by, 0);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	strbuf_release(&due);
}

/*
 * The version the run follows, for --json: "commit", "dirty",
 * "approval" (the tag and who approved it), "unapproved",
 * "require_tokens".  0, or -1 with ctx->err.
 */
static int run_json(struct strbuf *out, struct cmd_ctx *ctx)
{
	const struct store_run *run = &ctx->run;
	char *by = NULL, *auth = NULL;
	int rc = 0;

	json_key_string(out, "commit", run->commit_id, 0);
	json_key(out, "dirty", 0);
	strbuf_adds(out, run->dirty ? "true" : "false");
	json_key(out, "approval", 0);
	if (run->approval) {
		rc = store_approval_event(ctx->store, run->id, run->approval,
					  &by, &auth, &ctx->err);
		if (rc == STORE_NOTFOUND)
			rc = 0;
		strbuf_addch(out, '{');
		json_key_string(out, "tag", run->approval, 1);
		json_key_string(out, "by", by, 0);
		json_key_string(out, "auth", auth, 0);
		strbuf_addch(out, '}');
	} else {
		strbuf_adds(out, "null");
	}
	json_key(out, "unapproved", 0);
	strbuf_adds(out, run->unapproved ? "true" : "false");
	json_key(out, "require_tokens", 0);
	strbuf_adds(out, run->require_tokens ? "true" : "false");
	free(by);
	free(auth);
	return rc ? -1 : 0;
}

/*
 * The decisions, exceptions and dependents, for --json: "closed",
 * "gates" (each gate task with its decision in force and the history),
 * "exceptions", "resting".
 */
static void decisions_json(struct strbuf *out, struct cmd_ctx *ctx,
			   const struct store_task *g, size_t ng,
			   const struct store_decision *d, size_t nd,
			   const struct store_exception *x, size_t nx,
			   const struct store_resting *r, size_t nr)
{
	struct strbuf t = STRBUF_INIT;
	size_t i, j;
	int first;

	json_key(out, "closed", 0);
	if (ctx->run.closed_seq) {
		clock_format_rfc3339(&t, ctx->run.closed_at, cmd_zone(ctx));
		strbuf_addch(out, '{');
		json_key_string(out, "by", ctx->run.closed_by, 1);
		json_key_string(out, "at", t.buf, 0);
		json_key_int(out, "event", ctx->run.closed_seq, 0);
		strbuf_addch(out, '}');
	} else {
		strbuf_adds(out, "null");
	}
	json_key(out, "gates", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < ng; i++) {
		const struct store_decision *f = in_force(&g[i], d, nd);

		strbuf_adds(out, i ? ",{" : "{");
		json_key_string(out, "task", g[i].key, 1);
		json_key_string(out, "state",
			task_state_name(g[i].state), 0);
		strbuf_reset(&t);
		clock_format_rfc3339(&t, g[i].due, cmd_zone(ctx));
		json_key_string(out, "due", t.buf, 0);
		json_key_string(out, "decision", f ? f->outcome : NULL, 0);
		json_key_string(out, "by", f ? f->by : NULL, 0);
		strbuf_reset(&t);
		if (f)
			clock_format_rfc3339(&t, f->at, cmd_zone(ctx));
		json_key_string(out, "at", f ? t.buf : NULL, 0);
		json_key_string(out, "conditions", f && !strcmp(f->outcome,
				"go-with-conditions") ? f->text : NULL, 0);
		json_key_string(out, "reason", f && !strcmp(f->outcome,
				"no-go") ? f->text : NULL, 0);
		if (f && !strcmp(f->outcome, "no-go")) {
			json_key_int(out, "waiting", f->held, 0);
			json_key_int(out, "fallback_tasks", f->fallback, 0);
			json_key_int(out, "fallback_settled", f->fallback_done,
				     0);
		}
		json_key(out, "history", 0);
		strbuf_addch(out, '[');
		for (j = 0, first = 1; j < nd; j++) {
			if (strcmp(d[j].task_key, g[i].key))
				continue;
			strbuf_reset(&t);
			clock_format_rfc3339(&t, d[j].at, cmd_zone(ctx));
			strbuf_adds(out, first ? "{" : ",{");
			json_key_int(out, "event", d[j].seq, 1);
			json_key_string(out, "kind", d[j].kind, 0);
			json_key_string(out, "decision", d[j].outcome, 0);
			json_key_string(out, "text", d[j].text, 0);
			json_key_string(out, "by", d[j].by, 0);
			json_key_string(out, "at", t.buf, 0);
			strbuf_addch(out, '}');
			first = 0;
		}
		strbuf_adds(out, "]}");
	}
	strbuf_addch(out, ']');
	json_key(out, "exceptions", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < nx; i++) {
		strbuf_reset(&t);
		clock_format_rfc3339(&t, x[i].at, cmd_zone(ctx));
		strbuf_adds(out, i ? ",{" : "{");
		json_key_string(out, "task", x[i].task_key, 1);
		json_key_string(out, "by", x[i].by, 0);
		json_key_string(out, "at", t.buf, 0);
		json_key(out, "waived", 0);
		strbuf_adds(out, x[i].waived ? "true" : "false");
		json_key_int(out, "findings", x[i].findings, 0);
		json_key_string(out, "reason", x[i].reason, 0);
		json_key(out, "forced", 0);
		strbuf_adds(out, x[i].forced ? "true" : "false");
		json_key_string(out, "forced_past", x[i].forced_requires, 0);
		json_key_int(out, "forced_open", x[i].forced_open, 0);
		json_key_string(out, "forced_start", x[i].forced_start, 0);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	json_key(out, "resting", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < nr; i++) {
		strbuf_adds(out, i ? ",{" : "{");
		json_key_string(out, "task", r[i].key, 1);
		json_key_string(out, "open", r[i].open, 0);
		json_key_int(out, "open_count", r[i].nopen, 0);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	strbuf_release(&t);
}

/* The two flags of a --short line: L for late, B for blocked or failed. */
static void short_flags(struct strbuf *out, const struct store_count *c,
			int color)
{
	term_style(out, color, TERM_RED);
	strbuf_addch(out, c->late ? 'L' : ' ');
	term_style(out, color, TERM_RESET);
	term_style(out, color, TERM_YELLOW);
	strbuf_addch(out, c->blocked + c->failed ? 'B' : ' ');
	term_style(out, color, TERM_RESET);
}

static void short_counts(struct strbuf *out, char what,
			 const struct store_count *c, size_t n,
			 int only_stuck, int color)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (only_stuck && !c[i].late && !c[i].blocked && !c[i].failed)
			continue;
		strbuf_addf(out, "%c ", what);
		short_flags(out, &c[i], color);
		strbuf_addf(out, " %lld/%lld %s %s\n",
			    (long long)(c[i].done + c[i].skipped),
			    (long long)c[i].total, c[i].key,
			    c[i].label && *c[i].label ? c[i].label : "-");
	}
}

/* status --short: one line for the run, a gate, a section, a unit. */
static void short_text(struct strbuf *out, struct cmd_ctx *ctx,
		       const struct store_tally *tally, instant_t now,
		       const struct store_task *g, size_t ng,
		       const struct store_decision *d, size_t nd,
		       int all_units, int color)
{
	int64_t total, done, late, blocked;
	size_t i;

	store_tally_sum(tally, STORE_BY_SECTION, &total, &done, &late,
			&blocked);
	strbuf_addf(out, "## %s (%s) ", ctx->run.name,
		    walk_mode_name(ctx->run.mode));
	strbuf_addf(out, _("%lld/%lld done, "), (long long)done,
		    (long long)total);
	strbuf_addf(out, _("%lld late"), (long long)late);
	strbuf_adds(out, ", ");
	strbuf_addf(out, _("%lld blocked or failed"), (long long)blocked);
	strbuf_adds(out, "; ");
	cmd_t0_distance(out, now, ctx->run.t0, color);
	strbuf_addch(out, '\n');
	for (i = 0; i < ng; i++) {
		const struct store_decision *f = in_force(&g[i], d, nd);
		int late_gate = store_task_late(&g[i], now) &&
			g[i].state == TASK_PENDING;

		strbuf_addf(out, "G %s %s\n", f ? f->outcome :
			    late_gate ? "late" : task_state_name(g[i].state),
			    g[i].key);
	}
	short_counts(out, 'S', tally->groups[STORE_BY_SECTION],
		     tally->n[STORE_BY_SECTION], 0, color);
	short_counts(out, 'U', tally->groups[STORE_BY_UNIT],
		     tally->n[STORE_BY_UNIT], !all_units, color);
}

int cmd_status(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct store_tally tally;
	struct store_count *units;
	size_t nunits, ntasks = 0, i;
	struct store_task *tasks = NULL, *gate_tasks = NULL;
	struct store_decision *dec = NULL;
	struct store_exception *exc = NULL;
	struct store_resting *rest = NULL;
	size_t ndec = 0, nexc = 0, nrest = 0;
	struct store_task_filter filter, gate_filter;
	size_t ngates = 0, columns, table_columns;
	int color;
	struct strbuf out = STRBUF_INIT;
	int all_units = 0, late = 0, status = EXIT_FAILED, brief = 0;
	int blocked_only = 0;
	const char *unit = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &unit, N_("UNIT"),
		  N_("that unit's tasks and their state (its id, or its name"
		     " in any case, with or without diacritics)"), 0, 0 },
		{ OPT_SWITCH, "late", 0, &late, NULL,
		  N_("every late task (due and not done or skipped)"), 0, 0 },
		{ OPT_SWITCH, "all-units", 0, &all_units, NULL,
		  N_("every unit, not only those with late tasks"), 0, 0 },
		{ OPT_SWITCH, "short", 0, &brief, NULL,
		  N_("one line each, as git status --short (above)"), 0, 0 },
		{ OPT_SWITCH, "blocked", 0, &blocked_only, NULL,
		  N_("the blocked and failed tasks with their reasons (as"
		     " cutover blocked)"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "status", opts, about };
	char *unit_id = NULL;
	int64_t total, done, nlate, blocked;
	instant_t now;

	memset(&filter, 0, sizeof(filter));
	memset(&gate_filter, 0, sizeof(gate_filter));
	memset(&tally, 0, sizeof(tally));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	/* After cmd_parse: --color and the pager given after the name. */
	columns = cmd_columns();
	table_columns = columns ? columns : 120;
	color = cmd_color();
	if (brief && (blocked_only || late || unit))
		return cmd_usage_fail(ctx, "%s", _("--short goes with no"
					 " --blocked, --late or --unit"));
	if (blocked_only && late)
		return cmd_usage_fail(ctx, "%s", _("--blocked and --late are"
					 " two lists; give one"));
	if (cmd_view_now(ctx, &now))
		return EXIT_FAILED;
	if (blocked_only)
		return cmd_blocked_print(ctx, now, unit);
	if (unit && cmd_resolve(ctx, STORE_NAMES_UNITS, unit, &unit_id))
		return EXIT_FAILED;
	filter.unit_id = unit_id;
	filter.now = now;
	filter.late_only = late;
	if (store_tally(ctx->store, ctx->run.id, now, 0, &tally, &ctx->err))
		goto done;
	units = tally.groups[STORE_BY_UNIT];
	nunits = tally.n[STORE_BY_UNIT];
	if ((filter.unit_id || late) &&
	    store_tasks(ctx->store, ctx->run.id, &filter, &tasks, &ntasks,
			&ctx->err))
		goto done;
	gate_filter.gates = 1;
	gate_filter.now = now;
	if (store_tasks(ctx->store, ctx->run.id, &gate_filter, &gate_tasks,
			&ngates, &ctx->err) ||
	    store_decisions(ctx->store, ctx->run.id, &dec, &ndec, &ctx->err) ||
	    store_exceptions(ctx->store, ctx->run.id, filter.unit_id, &exc,
			     &nexc, &ctx->err) ||
	    store_resting(ctx->store, ctx->run.id, filter.unit_id, &rest,
			  &nrest, &ctx->err))
		goto done;
	store_tally_sum(&tally, STORE_BY_SECTION, &total, &done, &nlate,
			&blocked);
	if (ctx->json) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addch(&out, '{');
		json_key_string(&out, "run", ctx->run.name, 1);
		json_key_string(&out, "mode", ctx->run.mode, 0);
		json_key_string(&out, "runbook", ctx->run.runbook_id, 0);
		clock_format_rfc3339(&t, now, cmd_zone(ctx));
		json_key_string(&out, "now", t.buf, 0);
		strbuf_reset(&t);
		clock_format_rfc3339(&t, ctx->run.t0, cmd_zone(ctx));
		json_key_string(&out, "t0", t.buf, 0);
		json_key_string(&out, "zone", clock_zone_name(cmd_zone(ctx)),
				0);
		if (run_json(&out, ctx)) {
			strbuf_release(&t);
			goto done;
		}
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
		decisions_json(&out, ctx, gate_tasks, ngates, dec, ndec, exc,
			       nexc, rest, nrest);
		strbuf_adds(&out, "}\n");
		strbuf_release(&t);
		cmd_print(&out);
		status = EXIT_OK;
		goto done;
	}
	if (brief) {
		short_text(&out, ctx, &tally, now, gate_tasks, ngates, dec,
			   ndec, all_units, color);
		cmd_fit(&out, columns);
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
		if (filter.unit_id) {
			exceptions(&out, ctx, exc, nexc, color);
			resting(&out, rest, nrest, color);
		}
		cmd_fit(&out, columns);
		cmd_print(&out);
		status = EXIT_OK;
		goto done;
	}
	gates(&out, ctx, gate_tasks, ngates, dec, ndec, now, color);
	exceptions(&out, ctx, exc, nexc, color);
	resting(&out, rest, nrest, color);
	counts_table(&out, ctx, _("section"), tally.groups[STORE_BY_SECTION],
		     tally.n[STORE_BY_SECTION], 0, 0, color, table_columns);
	counts_table(&out, ctx, _("unit kind"), tally.groups[STORE_BY_KIND],
		     tally.n[STORE_BY_KIND], 0, 1, color, table_columns);
	qsort(units, nunits, sizeof(*units), store_count_least_ready);
	counts_table(&out, ctx, _("unit (least ready first)"), units, nunits,
		     !all_units, 0, color, table_columns);
	cmd_fit(&out, columns);
	cmd_print(&out);
	status = EXIT_OK;
done:
	free(unit_id);
	strbuf_release(&out);
	store_tally_release(&tally);
	store_tasks_free(tasks, ntasks);
	store_tasks_free(gate_tasks, ngates);
	store_decisions_free(dec, ndec);
	store_exceptions_free(exc, nexc);
	store_resting_free(rest, nrest);
	return status;
}
