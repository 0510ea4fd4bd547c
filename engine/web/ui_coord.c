/*
 * The coordinator's pages: the run at a glance as `cutover status` shows
 * it (reloaded every 30 seconds by a script of eight lines while it is in
 * view, which the coordinator can stop; without scripts, by hand), the
 * latest changes, the units least ready first, a section's tasks, the
 * difficulties, and the reports rendered as `cutover report` writes
 * them.  A unit's pages are the coordinator's too (ui_unit.c): from
 * there the coordinator signs on a unit's behalf, and the ledger says so.
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "duty.h"
#include "gate.h"
#include "store_web.h"
#include "i18n.h"
#include "render.h"
#include "report.h"
#include "walk.h"
#include "web/html.h"
#include "web/ui.h"
#include "banned.h"

#define DASHBOARD_REFRESH 30
#define LIST_MAX 200
#define RECENT 12

static void counts_line(struct strbuf *out, int64_t total, int64_t done,
			int64_t late, int64_t stuck)
{
	struct strbuf line = STRBUF_INIT;

	strbuf_addf(&line, _("%lld/%lld done, "), (long long)done,
		    (long long)total);
	strbuf_addf(&line, _("%lld late"), (long long)late);
	strbuf_adds(&line, ", ");
	strbuf_addf(&line, _("%lld blocked or failed"), (long long)stuck);
	html_txt(out, line.buf);
	strbuf_release(&line);
}

static void progress(struct strbuf *out, int64_t done, int64_t total)
{
	strbuf_addf(out, "<progress max=\"%lld\" value=\"%lld\""
		    " aria-label=\"", (long long)(total ? total : 1),
		    (long long)done);
	html_attr(out, _("share done"));
	strbuf_adds(out, "\"></progress>");
}

/* A table of counts per group, each a link (prefix + key). */
static void count_table(struct strbuf *out, const struct store_count *c,
			size_t n, const char *prefix, const char *heading,
			size_t max)
{
	size_t i;

	strbuf_adds(out, "<table><thead><tr><th>");
	html_txt(out, heading);
	strbuf_adds(out, "</th><th>");
	html_txt(out, _("done"));
	strbuf_adds(out, "</th><th>");
	html_txt(out, _("late"));
	strbuf_adds(out, "</th><th>");
	html_txt(out, _("blocked"));
	strbuf_adds(out, "</th></tr></thead><tbody>\n");
	for (i = 0; i < n && i < max; i++) {
		strbuf_adds(out, "<tr><td>");
		if (prefix)
			html_link(out, prefix, c[i].key, "", c[i].label ?
				  c[i].label : c[i].key);
		else
			html_txt(out, c[i].label ? c[i].label : c[i].key);
		strbuf_addf(out, "</td><td>%lld/%lld</td><td>%lld</td>"
			    "<td>%lld</td></tr>\n",
			    (long long)(c[i].done + c[i].skipped),
			    (long long)c[i].total, (long long)c[i].late,
			    (long long)(c[i].blocked + c[i].failed));
	}
	strbuf_adds(out, "</tbody></table>\n");
}

static void header_lines(struct strbuf *out, struct web_request *rq)
{
	struct strbuf line = STRBUF_INIT, gap = STRBUF_INIT;

	strbuf_adds(out, "<p>");
	strbuf_addf(&line, _("run %s (%s) of %s"), rq->run.name,
		    walk_mode_name(rq->run.mode), rq->run.runbook_id);
	html_txt(out, line.buf);
	strbuf_adds(out, "<br>T0 ");
	web_time(out, rq, rq->run.t0);
	strbuf_adds(out, " · ");
	html_txt(out, _("now"));
	strbuf_adds(out, " ");
	web_time(out, rq, rq->now);
	strbuf_adds(out, " · <strong>");
	/* In words: "4h" would read as 04:00 in Vietnamese. */
	label_from_t0(&gap, rq->now, rq->run.t0, rq->lang);
	html_txt(out, gap.buf);
	strbuf_adds(out, "</strong></p>\n");
	strbuf_release(&line);
	strbuf_release(&gap);
}

static int task_list(struct strbuf *out, struct web_request *rq,
		     const struct store_task_filter *f, int show_unit,
		     const char *heading, int only_stuck, struct err *err)
{
	struct store_task_filter g = *f;
	struct store_task *t = NULL;
	size_t n = 0, i, shown = 0;

	/* A list says nothing of what a task waits on: its card does. */
	g.no_requires = 1;
	if (store_tasks(rq->store, rq->run.id, &g, &t, &n, err))
		return -1;
	for (i = 0; i < n; i++) {
		if (only_stuck && t[i].state != TASK_BLOCKED &&
		    t[i].state != TASK_FAILED)
			continue;
		if (!shown++) {
			strbuf_adds(out, "<h2>");
			html_txt(out, heading);
			strbuf_adds(out, "</h2>\n<ul class=\"tasks\">\n");
		}
		if (shown <= LIST_MAX)
			ui_task_item(out, rq, &t[i], show_unit);
	}
	if (shown)
		strbuf_adds(out, "</ul>\n");
	if (shown > LIST_MAX)
		strbuf_addf(out, "<p>… %zu</p>\n", shown - LIST_MAX);
	store_tasks_free(t, n);
	return 0;
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
 * Under a no-go in force: the tasks of the gate's fallback path (the
 * steps declared with fallback = GATE), which the store shows now.
 */
static int fallback_tasks(struct strbuf *out, struct web_request *rq,
			  const struct book *book, const char *gate_step,
			  struct err *err)
{
	struct store_task_filter f;
	struct store_task *t = NULL;
	size_t n = 0, i, s;

	for (s = 0; s < book->rb->nsteps; s++) {
		if (!book->rb->steps[s].fallback ||
		    strcmp(book->rb->steps[s].fallback, gate_step))
			continue;
		memset(&f, 0, sizeof(f));
		f.step_id = book->rb->steps[s].id;
		f.no_requires = 1;
		f.limit = LIST_MAX;
		if (store_tasks(rq->store, rq->run.id, &f, &t, &n, err))
			return -1;
		for (i = 0; i < n; i++)
			ui_task_item(out, rq, &t[i], 1);
		store_tasks_free(t, n);
		t = NULL;
		n = 0;
	}
	return 0;
}

/*
 * Each gate with its decision in force (go, no-go, go with conditions),
 * who decided and when, the conditions or the reason; under a no-go,
 * what waits and the fallback path's tasks.
 */
static int gates(struct strbuf *out, struct web_request *rq,
		 const struct book *book, struct err *err)
{
	struct store_task_filter f;
	struct store_task *t = NULL;
	struct store_decision *d = NULL;
	const struct store_decision *now;
	struct strbuf line = STRBUF_INIT;
	size_t n = 0, nd = 0, i;
	int rc = -1;

	memset(&f, 0, sizeof(f));
	f.gates = 1;
	f.no_requires = 1;
	if (store_tasks(rq->store, rq->run.id, &f, &t, &n, err) ||
	    store_decisions(rq->store, rq->run.id, &d, &nd, err))
		goto done;
	if (n) {
		strbuf_adds(out, "<h2>");
		html_txt(out, _("go/no-go gates"));
		strbuf_adds(out, "</h2>\n<ul class=\"tasks gates\">\n");
	}
	for (i = 0; i < n; i++) {
		now = in_force(&t[i], d, nd);
		strbuf_adds(out, now && !strcmp(now->outcome, "no-go") ?
			    "<li class=\"late\">" : "<li>");
		strbuf_adds(out, "<div class=\"card\"><span class=\"title\">");
		html_link(out, "/t/", t[i].key, "", t[i].title);
		strbuf_adds(out, "</span><span class=\"meta\">");
		if (!now) {
			ui_state_badge(out, rq, &t[i]);
			strbuf_adds(out, " ");
			html_txt(out, _("due"));
			strbuf_adds(out, " ");
			web_time(out, rq, t[i].due);
			strbuf_adds(out, "</span></div></li>\n");
			continue;
		}
		strbuf_adds(out, "<strong class=\"decision\">");
		html_txt(out, gate_outcome_words(now->outcome));
		strbuf_adds(out, "</strong> · ");
		strbuf_reset(&line);
		strbuf_addf(&line, _(" by %s, "), now->by);
		html_txt(out, line.buf);
		web_time(out, rq, now->at);
		if (now->text) {
			strbuf_adds(out, "<br>");
			html_txt(out, !strcmp(now->outcome, "no-go") ?
				 _("Reason:") : _("Conditions:"));
			strbuf_adds(out, " ");
			html_txt(out, now->text);
		}
		if (!strcmp(now->outcome, "no-go")) {
			strbuf_adds(out, "<br>");
			strbuf_reset(&line);
			strbuf_addf(&line, P_("%lld task waits on it",
					      "%lld tasks wait on it",
					      (unsigned long)now->held),
				    (long long)now->held);
			strbuf_adds(&line, "; ");
			strbuf_addf(&line, P_("fallback path active: %lld task,"
					      " %lld done or skipped",
					      "fallback path active: %lld tasks,"
					      " %lld done or skipped",
					      (unsigned long)now->fallback),
				    (long long)now->fallback,
				    (long long)now->fallback_done);
			html_txt(out, line.buf);
			strbuf_adds(out, "</span><ul class=\"tasks fallback\">\n");
			if (fallback_tasks(out, rq, book, t[i].step_id, err))
				goto done;
			strbuf_adds(out, "</ul></div></li>\n");
			continue;
		}
		strbuf_adds(out, "</span></div></li>\n");
	}
	if (n)
		strbuf_adds(out, "</ul>\n");
	rc = 0;
done:
	store_tasks_free(t, n);
	store_decisions_free(d, nd);
	strbuf_release(&line);
	return rc;
}

/* The sign-offs that passed by exception: waived, forced. */
static int exceptions(struct strbuf *out, struct web_request *rq,
		      struct err *err)
{
	struct store_exception *x = NULL;
	struct strbuf line = STRBUF_INIT;
	size_t n = 0, i;

	if (store_exceptions(rq->store, rq->run.id, NULL, &x, &n, err))
		return -1;
	if (n) {
		strbuf_adds(out, "<h2>");
		html_txt(out, _("Waived and forced sign-offs"));
		strbuf_adds(out, "</h2>\n<ul class=\"tasks\">\n");
	}
	for (i = 0; i < n && i < LIST_MAX; i++) {
		strbuf_adds(out, "<li><div class=\"card\"><span class=\"title\">");
		html_link(out, "/t/", x[i].task_key, "", x[i].title ?
			  x[i].title : x[i].task_key);
		strbuf_adds(out, "</span><span class=\"meta\">");
		if (x[i].unit_name) {
			html_txt(out, x[i].unit_name);
			strbuf_adds(out, " · ");
		}
		strbuf_reset(&line);
		if (x[i].waived)
			strbuf_addf(&line, P_("waived (%lld finding)",
					      "waived (%lld findings)",
					      (unsigned long)x[i].findings),
				    (long long)x[i].findings);
		if (x[i].forced_requires)
			strbuf_addf(&line, "%s%s %s", x[i].waived ? ", " : "",
				    _("forced past"), x[i].forced_requires);
		if (x[i].forced_open > 20)
			strbuf_addf(&line, _(" and %lld more"),
				    (long long)(x[i].forced_open - 20));
		if (x[i].forced_start)
			strbuf_addf(&line, "%s%s", x[i].waived ||
				    x[i].forced_requires ? ", " : "",
				    _("signed before its start"));
		strbuf_addf(&line, _(" by %s, "), x[i].by);
		html_txt(out, line.buf);
		web_time(out, rq, x[i].at);
		if (x[i].reason) {
			strbuf_adds(out, "<br>");
			html_txt(out, x[i].reason);
		}
		strbuf_adds(out, "</span></div></li>\n");
	}
	if (n)
		strbuf_adds(out, "</ul>\n");
	if (n > LIST_MAX)
		strbuf_addf(out, "<p>… %zu</p>\n", n - LIST_MAX);
	store_exceptions_free(x, n);
	strbuf_release(&line);
	return 0;
}

int ui_resting(struct strbuf *out, struct web_request *rq, const char *unit_id,
	    struct err *err)
{
	struct store_resting *r = NULL;
	struct strbuf line = STRBUF_INIT;
	size_t n = 0, i;

	if (store_resting(rq->store, rq->run.id, unit_id, &r, &n, err))
		return -1;
	if (n) {
		strbuf_adds(out, "<h2>");
		html_txt(out, _("Done, but resting on reopened requirements"));
		strbuf_adds(out, "</h2>\n<ul class=\"tasks\">\n");
	}
	for (i = 0; i < n && i < LIST_MAX; i++) {
		strbuf_adds(out, "<li class=\"late\"><div class=\"card\">"
			    "<span class=\"title\">");
		html_link(out, "/t/", r[i].key, "", r[i].title ?
			  r[i].title : r[i].key);
		strbuf_adds(out, "</span><span class=\"meta\">");
		if (!unit_id && r[i].unit_name) {
			html_txt(out, r[i].unit_name);
			strbuf_adds(out, " · ");
		}
		strbuf_reset(&line);
		strbuf_addf(&line, _("rests on %s"), r[i].open);
		if (r[i].nopen > 5)
			strbuf_addf(&line, _(" and %lld more"),
				    (long long)(r[i].nopen - 5));
		html_txt(out, line.buf);
		strbuf_adds(out, "</span></div></li>\n");
	}
	if (n)
		strbuf_adds(out, "</ul>\n");
	if (n > LIST_MAX)
		strbuf_addf(out, "<p>… %zu</p>\n", n - LIST_MAX);
	store_resting_free(r, n);
	strbuf_release(&line);
	return 0;
}

/* The latest events, newest first: what changed since the last look. */
static int recent(struct strbuf *out, struct web_request *rq,
		  const struct book *book, struct err *err)
{
	struct store_web_event *e = NULL;
	const struct unit *u;
	size_t n = 0, i;

	if (store_web_recent(rq->store, rq->run.id, RECENT, &e, &n, err))
		return -1;
	strbuf_adds(out, "<h2>");
	html_txt(out, _("Latest changes"));
	strbuf_adds(out, "</h2>\n<ol class=\"card recent\">");
	for (i = 0; i < n; i++) {
		u = e[i].unit_id ? units_find(book->units, e[i].unit_id) : NULL;
		strbuf_adds(out, "<li>");
		web_time(out, rq, e[i].at);
		strbuf_adds(out, " · ");
		html_txt(out, u ? u->name : e[i].unit_id ? e[i].unit_id : "–");
		strbuf_adds(out, " · <strong>");
		html_txt(out, action_state_name(e[i].kind));
		strbuf_adds(out, "</strong> ");
		if (e[i].task_key)
			html_link(out, "/t/", e[i].task_key, "", e[i].task_key);
		if (e[i].note) {
			strbuf_adds(out, " · ");
			html_txt(out, e[i].note);
		}
		strbuf_adds(out, " · ");
		html_txt(out, e[i].actor);
		if (e[i].auth && !strncmp(e[i].auth, "coordinator:", 12) &&
		    e[i].unit_id) {
			strbuf_adds(out, " (");
			html_txt(out, _("for the unit, by the coordinator"));
			strbuf_adds(out, ")");
		}
		strbuf_addf(out, " · %s %lld</li>", _("event"),
			    (long long)e[i].seq);
	}
	strbuf_adds(out, "</ol>\n");
	store_web_events_free(e, n);
	return 0;
}

int ui_dashboard(struct web_request *rq, struct web_response *rs)
{
	struct store_tally tally;
	struct store_task_filter f;
	struct store_issue_filter fi;
	struct store_issue *is = NULL;
	struct duty_status *d = NULL;
	struct strbuf *out = &rs->body, line = STRBUF_INIT;
	struct book *book;
	struct err err = ERR_INIT;
	size_t ni = 0, nd = 0, i, gaps = 0;
	int64_t total, done, late, stuck;
	struct store_count *units;

	memset(&tally, 0, sizeof(tally));
	memset(&fi, 0, sizeof(fi));
	fi.open_only = 1;
	if (web_book(rq, &book, &err) ||
	    store_tally(rq->store, rq->run.id, rq->now, 0, &tally, &err) ||
	    store_issues(rq->store, rq->run.id, &fi, &is, &ni, &err) ||
	    duty_coverage(rq->store, &rq->run, NULL, NULL, &d, &nd, &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	rs->refresh = DASHBOARD_REFRESH;
	html_page_start(rq, rs, _("Overview"));
	header_lines(out, rq);
	total = tally.all.total;
	done = tally.all.done + tally.all.skipped;
	late = tally.all.late;
	stuck = tally.all.blocked + tally.all.failed;
	strbuf_adds(out, "<p class=\"card\">");
	counts_line(out, total, done, late, stuck);
	strbuf_adds(out, "<br>");
	progress(out, done, total);
	strbuf_adds(out, "</p>\n");
	if (recent(out, rq, book, &err))
		goto failed;
	/* The gates and their decisions, as status lists them. */
	if (gates(out, rq, book, &err) || exceptions(out, rq, &err) ||
	    ui_resting(out, rq, NULL, &err))
		goto failed;
	/* Blocked and failed tasks, with their reasons. */
	memset(&f, 0, sizeof(f));
	f.stuck = 1;
	f.now = rq->now;
	if (task_list(out, rq, &f, 1, _("Blocked or failed"), 1, &err))
		goto failed;
	/* The units with late tasks, least ready first. */
	units = tally.groups[STORE_BY_UNIT];
	qsort(units, tally.n[STORE_BY_UNIT], sizeof(*units),
	      store_count_least_ready);
	strbuf_adds(out, "<h2>");
	html_txt(out, _("Units late"));
	strbuf_adds(out, "</h2>\n");
	for (i = 0; i < tally.n[STORE_BY_UNIT] && units[i].late; i++)
		;
	if (i)
		count_table(out, units, i, "/u/", _("unit"), 30);
	else
		strbuf_adds(out, "<p>–</p>\n");
	if (i > 30) {
		strbuf_adds(out, "<p>");
		html_link(out, "/c/units", "", "", _("every unit"));
		strbuf_adds(out, "</p>\n");
	}
	/* Difficulties and duty coverage in a line each. */
	strbuf_adds(out, "<h2>");
	html_txt(out, _("Difficulties"));
	strbuf_adds(out, "</h2>\n");
	if (ni)
		ui_issue_rows(out, rq, book, is, ni < 10 ? ni : 10);
	strbuf_adds(out, "<p>");
	strbuf_reset(&line);
	strbuf_addf(&line, P_("%zu open difficulty", "%zu open difficulties",
			      ni), ni);
	html_link(out, "/c/issues", "", "", line.buf);
	strbuf_adds(out, "</p>\n<h2>");
	html_txt(out, _("Duty roster"));
	strbuf_adds(out, "</h2>\n<p>");
	for (i = 0; i < nd; i++)
		gaps += d[i].ngaps > 0;
	strbuf_reset(&line);
	strbuf_addf(&line, P_("%zu of %zu duty covered",
			      "%zu of %zu duties covered", nd), nd - gaps, nd);
	html_txt(out, line.buf);
	strbuf_adds(out, "</p>\n<h2>");
	html_txt(out, _("Sections"));
	strbuf_adds(out, "</h2>\n");
	count_table(out, tally.groups[STORE_BY_SECTION],
		    tally.n[STORE_BY_SECTION], "/c/s/", _("section"),
		    (size_t)-1);
	html_page_end(rq, rs);
	goto done;
failed:
	strbuf_reset(&rs->body);
	web_error_err(rq, rs, 500, &err);
done:
	strbuf_release(&line);
	store_tally_release(&tally);
	store_issues_free(is, ni);
	duty_status_free(d, nd);
	err_release(&err);
	return 0;
}

int ui_units(struct web_request *rq, struct web_response *rs)
{
	struct store_tally tally;
	struct err err = ERR_INIT;

	memset(&tally, 0, sizeof(tally));
	if (store_tally(rq->store, rq->run.id, rq->now, 0, &tally, &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	qsort(tally.groups[STORE_BY_UNIT], tally.n[STORE_BY_UNIT],
	      sizeof(struct store_count), store_count_least_ready);
	html_page_start(rq, rs, _("Units"));
	count_table(&rs->body, tally.groups[STORE_BY_UNIT],
		    tally.n[STORE_BY_UNIT], "/u/", _("unit"), (size_t)-1);
	html_page_end(rq, rs);
done:
	store_tally_release(&tally);
	err_release(&err);
	return 0;
}

int ui_section(struct web_request *rq, struct web_response *rs)
{
	struct store_tally tally;
	struct store_task_filter f;
	struct strbuf *out = &rs->body;
	struct err err = ERR_INIT;
	const struct store_count *c = NULL;
	size_t i;

	memset(&tally, 0, sizeof(tally));
	if (store_tally(rq->store, rq->run.id, rq->now, 0, &tally, &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	for (i = 0; i < tally.n[STORE_BY_SECTION]; i++)
		if (!strcmp(tally.groups[STORE_BY_SECTION][i].key,
			    rq->params[0]))
			c = &tally.groups[STORE_BY_SECTION][i];
	if (!c) {
		web_error(rq, rs, 404, _("there is no such section in this"
					 " run"));
		goto done;
	}
	html_page_start(rq, rs, c->label ? c->label : c->key);
	strbuf_adds(out, "<p class=\"card\">");
	counts_line(out, c->total, c->done + c->skipped, c->late,
		    c->blocked + c->failed);
	strbuf_adds(out, "<br>");
	progress(out, c->done + c->skipped, c->total);
	strbuf_adds(out, "</p>\n");
	memset(&f, 0, sizeof(f));
	f.section_id = rq->params[0];
	f.late_only = 1;
	f.now = rq->now;
	if (task_list(out, rq, &f, 1, _("Late"), 0, &err))
		goto failed;
	f.late_only = 0;
	f.stuck = 1;
	if (task_list(out, rq, &f, 1, _("Blocked or failed"), 1, &err))
		goto failed;
	f.stuck = 0;
	f.upcoming = 1;
	f.limit = LIST_MAX;
	if (task_list(out, rq, &f, 1, _("To do"), 0, &err))
		goto failed;
	html_page_end(rq, rs);
	goto done;
failed:
	strbuf_reset(&rs->body);
	web_error_err(rq, rs, 500, &err);
done:
	store_tally_release(&tally);
	err_release(&err);
	return 0;
}

/* The report's language: the page's, unless ?lang= says otherwise. */
static enum report_lang report_language(const struct web_request *rq)
{
	const char *lang = web_arg(rq, "lang");

	if (lang)
		return strcmp(lang, "en") ? REPORT_VI : REPORT_EN;
	return rq->english ? REPORT_EN : REPORT_VI;
}

int ui_all_issues(struct web_request *rq, struct web_response *rs)
{
	struct render_doc doc = RENDER_DOC_INIT;
	struct store_issue_filter f;
	struct book *book;
	struct err err = ERR_INIT;

	memset(&f, 0, sizeof(f));
	f.open_only = web_arg(rq, "open") != NULL;
	if (web_book(rq, &book, &err) ||
	    report_difficulties(rq->store, &rq->run, book, rq->now, &f,
				report_language(rq), &doc, &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	html_page_start(rq, rs, _("Difficulties"));
	strbuf_adds(&rs->body, "<div class=\"card\">");
	/* The compilation's Markdown: everything typed in it is escaped. */
	if (render_html_body(doc.md.buf, doc.md.len, &rs->body, &err)) {
		strbuf_reset(&rs->body);
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	strbuf_adds(&rs->body, "</div>\n");
	html_page_end(rq, rs);
done:
	render_doc_release(&doc);
	err_release(&err);
	return 0;
}

int ui_report(struct web_request *rq, struct web_response *rs)
{
	struct render_doc doc = RENDER_DOC_INIT;
	enum report_lang lang = report_language(rq);
	const char *kind = rq->params[0];
	struct book *book;
	struct err err = ERR_INIT;
	int rc;

	if (!strcmp(kind, "readiness"))
		rc = report_readiness(rq->store, &rq->run, rq->now, lang, &doc,
				      &err);
	else if (!strcmp(kind, "daily"))
		rc = report_daily(rq->store, &rq->run, rq->now,
				  clock_local_midnight(rq->now,
						       rq->run.zone),
				  NULL, lang, &doc, &err);
	else if (!strcmp(kind, "contacts"))
		rc = report_contacts(rq->store, &rq->run, rq->now, NULL, lang,
				     &doc, &err);
	else if (!strcmp(kind, "difficulties"))
		rc = web_book(rq, &book, &err) ||
			report_difficulties(rq->store, &rq->run, book, rq->now,
					    NULL, lang, &doc, &err);
	else if (!strcmp(kind, "unit") && web_arg(rq, "unit"))
		rc = report_unit(rq->store, &rq->run, rq->now,
				 web_arg(rq, "unit"), lang, &doc, &err);
	else {
		web_error(rq, rs, 404, _("the reports are readiness, daily,"
					 " contacts, difficulties and"
					 " unit?unit=ID"));
		goto done;
	}
	if (rc || render_html_page(&doc, &rs->body, &err)) {
		strbuf_reset(&rs->body);
		web_error_err(rq, rs, rc && !strcmp(kind, "unit") ? 404 : 500,
			      &err);
		goto done;
	}
	/* A standalone page: its CSS is inline (a looser policy, no script). */
	rs->loose_style = 1;
done:
	render_doc_release(&doc);
	err_release(&err);
	return 0;
}
