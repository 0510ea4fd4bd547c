/*
 * The daily report, as the directive routes it.  A route is one
 * recurring step for one owner to one recipient (the task's report_to:
 * departments to the provincial police, each commune to its own commune
 * police, the police's compilation to the national data center); the
 * report has a section per recipient, in registry order, and in it each
 * owner: its report of the day, what it did that day, what it had late.
 *
 * Everything is as of the report time: task states come from the events
 * at or before it (store_report_states_at), so the report of a past day
 * says what the recipient could have known that evening, not what was
 * signed since.
 */
#include "report_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store_report.h"
#include "xalloc.h"
#include "banned.h"

enum label {
	L_TITLE, L_DATE, L_AS_OF, L_OVERVIEW, L_RECIPIENT, L_OWNERS,
	L_DUE_TODAY, L_SENT, L_ISSUES_TODAY, L_TO, L_NO_RECIPIENT,
	L_REPORT, L_DAILY_REPORT, L_NONE_TODAY, L_NEXT, L_CONTENT,
	L_ACTIVITY, L_NO_ACTIVITY, L_AT, L_EVENT, L_ACTOR, L_LATE_AT,
	L_NO_LATE, L_ISSUES_TO, L_ISSUES_TO_END, L_NO_ISSUES, L_NO_ROUTES,
	L_MORE_ROWS, L_NOT_SENT,
	L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_TITLE] = { "Báo cáo tình hình hằng ngày", "Daily report" },
	[L_DATE] = { "Ngày báo cáo", "Report day" },
	[L_AS_OF] = { "Tình hình tính đến", "As of" },
	[L_OVERVIEW] = { "Tổng hợp theo nơi nhận", "By recipient" },
	[L_RECIPIENT] = { "Nơi nhận", "Recipient" },
	[L_OWNERS] = { "Đơn vị báo cáo", "Reporting units" },
	[L_DUE_TODAY] = { "Báo cáo đến hạn trong ngày",
			  "Reports due that day" },
	[L_SENT] = { "Đã gửi", "Sent" },
	[L_ISSUES_TODAY] = { "Vướng mắc trong ngày", "Difficulties that day" },
	[L_TO] = { "Gửi", "To" },
	[L_NO_RECIPIENT] = { "(chưa xác định nơi nhận)", "(no recipient)" },
	[L_REPORT] = { "Báo cáo", "Report" },
	[L_DAILY_REPORT] = { "Báo cáo trong ngày", "Report of the day" },
	[L_NONE_TODAY] = { "không có báo cáo đến hạn trong ngày",
			   "no report due that day" },
	[L_NEXT] = { "lần tới", "next" },
	[L_CONTENT] = { "Nội dung báo cáo", "Report content" },
	[L_ACTIVITY] = { "Hoạt động trong ngày", "Activity that day" },
	[L_NO_ACTIVITY] = { "Không có hoạt động nào được ghi nhận trong ngày.",
			    "No activity recorded that day." },
	[L_AT] = { "Lúc", "At" },
	[L_EVENT] = { "Sự kiện", "Event" },
	[L_ACTOR] = { "Người thực hiện", "By" },
	[L_LATE_AT] = { "Nhiệm vụ trễ hạn tính đến", "Tasks late as of" },
	[L_NO_LATE] = { "Không có nhiệm vụ trễ hạn.", "No task is late." },
	[L_ISSUES_TO] = { "Khó khăn, vướng mắc gửi ",
			  "Difficulties routed to " },
	[L_ISSUES_TO_END] = { " trong ngày", " that day" },
	[L_NO_ISSUES] = { "Không có khó khăn, vướng mắc nào được ghi nhận"
			  " trong ngày.", "No difficulty was raised that day." },
	[L_NO_ROUTES] = { "Runbook không có báo cáo định kỳ (bước có `every`).",
			  "The runbook has no recurring report (a step with"
			  " `every`)." },
	[L_MORE_ROWS] = { "và %zu dòng khác.", "and %zu more rows." },
	[L_NOT_SENT] = { "chưa gửi", "not sent" },
};

#define L(x) labels[x][lang]
#define C(x) report_label(x, lang)

#define NONE SIZE_MAX
#define DAY 86400
/* Rows of one owner's activity or late tasks before "and N more". */
#define OWNER_ROWS 50

struct route {
	const struct store_task *task;   /* one of its tasks: names, ids */
	size_t today;                    /* the day's occurrence, or NONE */
	size_t next;                     /* the next one after the day */
	size_t rord, uord;               /* registry order */
};

struct daily {
	struct store *st;
	const struct store_run *run;
	enum report_lang lang;
	instant_t day, end, at;          /* [day, end): the day; at: as of */
	const struct store_task *tasks;
	const struct store_report_state *states;
	size_t ntasks;
	const struct store_report_event *events;
	size_t nevents;
	const struct store_issue *issues;
	size_t nissues;
	/*
	 * The tasks, and the events that name a unit, by unit then in their
	 * own order: each owner's late tasks and activity are a range of
	 * these, not a pass over the whole run per owner (3,800 owners and
	 * 100,000 tasks in a national run).
	 */
	size_t *task_by_unit, *event_by_unit;
	size_t nevent_by_unit;
};

/* Units by id, for the registry order of an id in O(log n). */
struct unit_index {
	const struct store_report_unit *u;
	size_t *by_id;
	size_t n;
};

static int cmp_unit_pos(const void *a, const void *b, void *ctx)
{
	const struct store_report_unit *u = ctx;

	return strcmp(u[*(const size_t *)a].id, u[*(const size_t *)b].id);
}

static void unit_index_init(struct unit_index *x,
			    const struct store_report_unit *u, size_t n)
{
	size_t i;

	x->u = u;
	x->n = n;
	x->by_id = xcalloc(n + 1, sizeof(*x->by_id));
	for (i = 0; i < n; i++)
		x->by_id[i] = i;
	qsort_r(x->by_id, n, sizeof(*x->by_id), cmp_unit_pos, (void *)u);
}

/* The registry position of the first unit with that id, or NONE. */
static size_t unit_ord(const struct unit_index *x, const char *id)
{
	size_t lo = 0, hi = x->n, mid, found = NONE;
	int c;

	while (id && lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(id, x->u[x->by_id[mid]].id);
		if (!c)
			found = x->by_id[mid];
		if (c <= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	/* Ids are unique; were one not, the first in registry order. */
	for (; found != NONE && lo < x->n &&
	     !strcmp(id, x->u[x->by_id[lo]].id); lo++)
		if (x->by_id[lo] < found)
			found = x->by_id[lo];
	return found;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int cmp_route(const void *a, const void *b)
{
	const struct route *x = a, *y = b;

	if (x->rord != y->rord)
		return x->rord < y->rord ? -1 : 1;
	if (x->uord != y->uord)
		return x->uord < y->uord ? -1 : 1;
	return strcmp(x->task->step_id, y->task->step_id);
}

/* NULL before any id, as a missing recipient. */
static int cmp_opt(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b ? (a ? 1 : -1) : 0;
	return strcmp(a, b);
}

/* Recurring tasks by step, owner and recipient, then in task order. */
static int cmp_occurrence(const void *a, const void *b, void *ctx)
{
	const struct store_task *tasks = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(tasks[i].step_id, tasks[j].step_id);

	if (!c)
		c = strcmp(tasks[i].unit_id, tasks[j].unit_id);
	if (!c)
		c = cmp_opt(tasks[i].recipient, tasks[j].recipient);
	return c ? c : (i > j) - (i < j);
}

static int cmp_first_task(const void *a, const void *b)
{
	const struct route *x = a, *y = b;

	return (x->task > y->task) - (x->task < y->task);
}

/*
 * One route per recurring step, owner and recipient, its task the first
 * of them; the routes in the order of their first task, then sorted by
 * cmp_route from that same order, as when they were found one by one.
 */
static struct route *find_routes(const struct daily *d,
				 const struct store_report_unit *units,
				 size_t nunits, size_t *nroutes)
{
	struct route *r = NULL;
	struct unit_index ux;
	size_t *occ = xcalloc(d->ntasks + 1, sizeof(*occ));
	size_t alloc = 0, n = 0, nocc = 0, i, k;

	for (i = 0; i < d->ntasks; i++)
		if (d->tasks[i].occurrence)
			occ[nocc++] = i;
	if (nocc)
		qsort_r(occ, nocc, sizeof(*occ), cmp_occurrence,
			(void *)d->tasks);
	unit_index_init(&ux, units, nunits);
	for (k = 0; k < nocc; k++) {
		const struct store_task *t = &d->tasks[occ[k]];

		i = occ[k];
		if (!n || strcmp(r[n - 1].task->step_id, t->step_id) ||
		    strcmp(r[n - 1].task->unit_id, t->unit_id) ||
		    !same(r[n - 1].task->recipient, t->recipient)) {
			XGROW(r, alloc, n + 1);
			r[n].task = t;
			r[n].today = r[n].next = NONE;
			r[n].rord = unit_ord(&ux, t->recipient);
			r[n].uord = unit_ord(&ux, t->unit_id);
			n++;
		}
		/* Tasks come by due: the first one found is the earliest. */
		if (t->due >= d->day && t->due < d->end &&
		    r[n - 1].today == NONE)
			r[n - 1].today = i;
		if (t->due >= d->end && r[n - 1].next == NONE)
			r[n - 1].next = i;
	}
	if (n) {
		qsort(r, n, sizeof(*r), cmp_first_task);
		qsort(r, n, sizeof(*r), cmp_route);
	}
	free(ux.by_id);
	free(occ);
	*nroutes = n;
	return r;
}

static int cmp_task_unit(const void *a, const void *b, void *ctx)
{
	const struct store_task *tasks = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(tasks[i].unit_id, tasks[j].unit_id);

	return c ? c : (i > j) - (i < j);
}

static int cmp_event_unit(const void *a, const void *b, void *ctx)
{
	const struct store_report_event *events = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(events[i].unit_id, events[j].unit_id);

	return c ? c : (i > j) - (i < j);
}

static void index_by_unit(struct daily *d)
{
	size_t i;

	d->task_by_unit = xcalloc(d->ntasks + 1, sizeof(*d->task_by_unit));
	for (i = 0; i < d->ntasks; i++)
		d->task_by_unit[i] = i;
	if (d->ntasks)
		qsort_r(d->task_by_unit, d->ntasks, sizeof(*d->task_by_unit),
			cmp_task_unit, (void *)d->tasks);
	d->event_by_unit = xcalloc(d->nevents + 1, sizeof(*d->event_by_unit));
	for (i = 0; i < d->nevents; i++)
		if (d->events[i].unit_id)
			d->event_by_unit[d->nevent_by_unit++] = i;
	if (d->nevent_by_unit)
		qsort_r(d->event_by_unit, d->nevent_by_unit,
			sizeof(*d->event_by_unit), cmp_event_unit,
			(void *)d->events);
}

/* The first position in idx (n, by unit) whose item has unit_id. */
static size_t first_of_unit(const size_t *idx, size_t n, const char *unit_id,
			    const char *(*unit_of)(const struct daily *, size_t),
			    const struct daily *d)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(unit_of(d, idx[mid]), unit_id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *task_unit(const struct daily *d, size_t i)
{
	return d->tasks[i].unit_id;
}

static const char *event_unit(const struct daily *d, size_t i)
{
	return d->events[i].unit_id;
}

static int settled(const char *state)
{
	return !strcmp(state, "done") || !strcmp(state, "skipped");
}

static int late_at(const struct daily *d, size_t i)
{
	return !settled(d->states[i].state) && d->tasks[i].due < d->at;
}

static const char *recipient_name(const struct store_task *t,
				  enum report_lang lang)
{
	return t->recipient_name ? t->recipient_name :
		t->recipient ? t->recipient : L(L_NO_RECIPIENT);
}

static const char *event_label(const char *kind, enum report_lang lang)
{
	static const char *const kinds[][3] = {
		{ "done", "hoàn thành", "done" },
		{ "skipped", "bỏ qua", "skipped" },
		{ "failed", "không đạt", "failed" },
		{ "blocked", "bị chặn", "blocked" },
		{ "reopened", "mở lại", "reopened" },
		{ "shift-added", "đăng ký ca trực", "shift added" },
		{ "shift-removed", "bỏ ca trực", "shift removed" },
		{ "issue-raised", "báo khó khăn, vướng mắc", "difficulty raised" },
		{ "issue-resolved", "xử lý khó khăn, vướng mắc",
		  "difficulty resolved" },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i][0], kind))
			return kinds[i][1 + lang];
	return kind;
}

/* "hoàn thành 30/05/2026 15:00, bởi X", "trễ hạn", "chưa gửi". */
static void state_text(struct strbuf *md, const struct daily *d, size_t i)
{
	const struct store_report_state *s = &d->states[i];
	enum report_lang lang = d->lang;

	if (!strcmp(s->state, "pending")) {
		strbuf_adds(md, late_at(d, i) ? C(RL_LATE_LC) : L(L_NOT_SENT));
		return;
	}
	strbuf_addf(md, "%s %s ", report_state_label(s->state, lang),
		    C(RL_AT_LC));
	report_when(md, s->at, d->run, lang);
	if (s->by) {
		strbuf_addf(md, ", %s ", C(RL_BY));
		report_escape(md, s->by);
	}
	if (late_at(d, i))
		strbuf_addf(md, " (%s)", C(RL_LATE_LC));
}

static void overview(struct strbuf *md, const struct daily *d,
		     const struct route *r, size_t n)
{
	enum report_lang lang = d->lang;
	size_t i, j, k;

	strbuf_addf(md, "\n## %s\n\n| %s | %s | %s | %s | %s | %s |\n"
		    "| --- | ---: | ---: | ---: | ---: | ---: |\n",
		    L(L_OVERVIEW), L(L_RECIPIENT), L(L_OWNERS), L(L_DUE_TODAY),
		    L(L_SENT), C(RL_LATE), L(L_ISSUES_TODAY));
	for (i = 0; i < n; i = j) {
		const char *rid = r[i].task->recipient;
		size_t due = 0, sent = 0, late = 0, issues = 0;

		for (j = i; j < n && same(r[j].task->recipient, rid); j++) {
			if (r[j].today == NONE)
				continue;
			due++;
			sent += settled(d->states[r[j].today].state);
			late += late_at(d, r[j].today);
		}
		for (k = 0; rid && k < d->nissues; k++) {
			size_t m;

			if (d->issues[k].raised_at < d->day ||
			    d->issues[k].raised_at > d->at)
				continue;
			for (m = 0; m < d->issues[k].nrecipients; m++)
				if (!strcmp(d->issues[k].recipients[m], rid))
					break;
			issues += m < d->issues[k].nrecipients;
		}
		strbuf_adds(md, "| ");
		report_escape(md, recipient_name(r[i].task, lang));
		strbuf_addf(md, " | %zu | %zu | %zu | %zu | %zu |\n", j - i,
			    due, sent, late, issues);
	}
}

static void owner_activity(struct strbuf *md, const struct daily *d,
			   const char *unit_id)
{
	enum report_lang lang = d->lang;
	size_t k, shown = 0;

	strbuf_addf(md, "\n**%s**\n\n", L(L_ACTIVITY));
	for (k = first_of_unit(d->event_by_unit, d->nevent_by_unit, unit_id,
			       event_unit, d);
	     k < d->nevent_by_unit &&
	     !strcmp(d->events[d->event_by_unit[k]].unit_id, unit_id); k++) {
		const struct store_report_event *e =
			&d->events[d->event_by_unit[k]];

		if (!shown)
			strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | --- |\n",
				    L(L_AT), C(RL_TASK), L(L_EVENT),
				    L(L_ACTOR), C(RL_COMMENT));
		if (shown++ >= OWNER_ROWS)
			continue;
		strbuf_adds(md, "| ");
		report_when(md, e->at, d->run, lang);
		strbuf_adds(md, " | ");
		if (e->task_key) {
			strbuf_addf(md, "`%s` ", e->task_key);
			report_escape(md, e->title);
		} else {
			strbuf_adds(md, "–");
		}
		strbuf_addf(md, " | %s | ", event_label(e->kind, lang));
		report_escape(md, e->actor);
		strbuf_adds(md, " | ");
		report_escape(md, e->comment && *e->comment ? e->comment : "–");
		if (e->role) {
			strbuf_adds(md, " (");
			report_labelled(md, d->run, LABEL_ROLE, e->role, lang);
			strbuf_adds(md, ")");
		}
		strbuf_adds(md, " |\n");
	}
	if (!shown)
		strbuf_addf(md, "%s\n", L(L_NO_ACTIVITY));
	report_cap_note(md, L(L_MORE_ROWS), shown, OWNER_ROWS);
}

static void owner_late(struct strbuf *md, const struct daily *d,
		       const char *unit_id)
{
	enum report_lang lang = d->lang;
	size_t k, shown = 0;

	strbuf_addf(md, "\n**%s ", L(L_LATE_AT));
	report_when(md, d->at, d->run, lang);
	strbuf_adds(md, "**\n\n");
	for (k = first_of_unit(d->task_by_unit, d->ntasks, unit_id, task_unit,
			       d);
	     k < d->ntasks &&
	     !strcmp(d->tasks[d->task_by_unit[k]].unit_id, unit_id); k++) {
		size_t i = d->task_by_unit[k];
		const struct store_task *t = &d->tasks[i];

		if (!late_at(d, i))
			continue;
		if (!shown)
			strbuf_addf(md, "| %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- |\n", C(RL_DUE),
				    C(RL_TASK), C(RL_RECIPIENT), C(RL_STATE));
		if (shown++ >= OWNER_ROWS)
			continue;
		strbuf_adds(md, "| ");
		report_when(md, t->due, d->run, lang);
		strbuf_addf(md, " | `%s` ", t->key);
		report_escape(md, t->title);
		strbuf_adds(md, " | ");
		report_escape(md, t->recipient_name ? t->recipient_name :
			      t->recipient ? t->recipient : "–");
		strbuf_adds(md, " | ");
		if (!strcmp(d->states[i].state, "pending")) {
			strbuf_adds(md, report_state_label("pending", lang));
		} else {
			strbuf_adds(md, report_state_label(d->states[i].state,
							   lang));
			if (d->states[i].comment) {
				strbuf_adds(md, ": ");
				report_escape(md, d->states[i].comment);
			}
		}
		strbuf_adds(md, " |\n");
	}
	if (!shown)
		strbuf_addf(md, "%s\n", L(L_NO_LATE));
	report_cap_note(md, L(L_MORE_ROWS), shown, OWNER_ROWS);
}

/* The owner's report(s) of the day: what, when due, state, content. */
static int owner_reports(struct strbuf *md, const struct daily *d,
			 const struct route *r, size_t n, struct err *err)
{
	enum report_lang lang = d->lang;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct store_task *t = r[i].task;

		strbuf_addf(md, "- %s: ", L(L_DAILY_REPORT));
		report_escape(md, t->title);
		if (r[i].today == NONE) {
			strbuf_addf(md, " — %s", L(L_NONE_TODAY));
			if (r[i].next != NONE) {
				strbuf_addf(md, " (%s: ", L(L_NEXT));
				report_when(md, d->tasks[r[i].next].due,
					    d->run, lang);
				strbuf_adds(md, ")");
			}
			strbuf_addch(md, '\n');
			continue;
		}
		strbuf_addf(md, " (`%s`), %s ", d->tasks[r[i].today].key,
			    C(RL_DUE_LC));
		report_when(md, d->tasks[r[i].today].due, d->run, lang);
		strbuf_adds(md, ": ");
		state_text(md, d, r[i].today);
		strbuf_addch(md, '\n');
		if (report_evidence_item(md, "", L(L_CONTENT), d->st, d->run,
					 t->step_id,
					 d->states[r[i].today].evidence, lang,
					 err))
			return -1;
		if (d->states[r[i].today].comment) {
			strbuf_addf(md, "- %s: ", C(RL_COMMENT));
			report_escape(md, d->states[r[i].today].comment);
			strbuf_addch(md, '\n');
		}
	}
	return 0;
}

static void recipient_issues(struct strbuf *md, const struct daily *d,
			     const struct store_task *t)
{
	enum report_lang lang = d->lang;
	size_t i, m, shown = 0;

	strbuf_addf(md, "\n### %s", L(L_ISSUES_TO));
	report_escape(md, recipient_name(t, lang));
	strbuf_addf(md, "%s\n\n", L(L_ISSUES_TO_END));
	for (i = 0; t->recipient && i < d->nissues; i++) {
		const struct store_issue *is = &d->issues[i];

		if (is->raised_at < d->day || is->raised_at > d->at)
			continue;
		for (m = 0; m < is->nrecipients; m++)
			if (!strcmp(is->recipients[m], t->recipient))
				break;
		if (m == is->nrecipients)
			continue;
		if (!shown)
			strbuf_addf(md, "| # | %s | %s | %s | %s | %s | %s |\n"
				    "| ---: | --- | --- | --- | --- | --- |"
				    " --- |\n", C(RL_RAISED), C(RL_UNIT),
				    C(RL_SYSTEM), C(RL_SEVERITY), C(RL_TEXT),
				    C(RL_STATE));
		if (shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_addf(md, "| %lld | ", (long long)is->number);
		report_when(md, is->raised_at, d->run, lang);
		strbuf_adds(md, " | ");
		report_escape(md, is->unit_name ? is->unit_name : is->unit_id);
		strbuf_adds(md, " | ");
		report_labelled(md, d->run, LABEL_SYSTEM, is->system, lang);
		strbuf_adds(md, " | ");
		report_labelled(md, d->run, LABEL_SEVERITY, is->severity, lang);
		strbuf_adds(md, " | ");
		report_escape(md, is->text);
		strbuf_addf(md, " | %s |\n", is->resolved &&
			    is->resolved_at <= d->at ? C(RL_RESOLVED) :
			    C(RL_OPEN));
	}
	if (!shown)
		strbuf_addf(md, "%s\n", L(L_NO_ISSUES));
	report_cap_note(md, L(L_MORE_ROWS), shown, REPORT_MAX_ROWS);
}

static int recipient_section(struct render_doc *doc, const struct daily *d,
			     const struct route *r, size_t n, struct err *err)
{
	struct strbuf *md = &doc->md;
	enum report_lang lang = d->lang;
	size_t i, j;

	render_doc_break(doc);
	strbuf_addf(md, "\n## %s: ", L(L_TO));
	report_escape(md, recipient_name(r[0].task, lang));
	strbuf_addf(md, "\n\n| %s | %s | %s | %s |\n"
		    "| --- | --- | --- | --- |\n", C(RL_UNIT), L(L_REPORT),
		    C(RL_DUE), C(RL_STATE));
	for (i = 0; i < n; i++) {
		strbuf_adds(md, "| ");
		report_escape(md, r[i].task->unit_name ? r[i].task->unit_name :
			      r[i].task->unit_id);
		strbuf_adds(md, " | ");
		if (r[i].today == NONE) {
			report_escape(md, r[i].task->title);
			strbuf_addf(md, " | – | %s |\n", L(L_NONE_TODAY));
			continue;
		}
		strbuf_addf(md, "`%s` ", d->tasks[r[i].today].key);
		report_escape(md, r[i].task->title);
		strbuf_adds(md, " | ");
		report_when(md, d->tasks[r[i].today].due, d->run, lang);
		strbuf_adds(md, " | ");
		state_text(md, d, r[i].today);
		strbuf_adds(md, " |\n");
	}
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && !strcmp(r[j].task->unit_id,
					     r[i].task->unit_id); j++)
			;
		strbuf_adds(md, "\n### ");
		report_escape(md, r[i].task->unit_name ? r[i].task->unit_name :
			      r[i].task->unit_id);
		strbuf_adds(md, "\n\n");
		if (owner_reports(md, d, &r[i], j - i, err))
			return -1;
		owner_activity(md, d, r[i].task->unit_id);
		owner_late(md, d, r[i].task->unit_id);
	}
	recipient_issues(md, d, r[0].task);
	return 0;
}

int report_daily(struct store *st, const struct store_run *run,
		 instant_t now, instant_t day, const char *recipient,
		 enum report_lang lang, struct render_doc *doc,
		 struct err *err)
{
	struct store_task *tasks = NULL;
	struct store_report_state *states = NULL;
	struct store_report_event *events = NULL;
	struct store_report_unit *units = NULL;
	struct store_issue *issues = NULL;
	struct route *routes = NULL;
	size_t ntasks = 0, nstates = 0, nevents = 0, nunits = 0, nissues = 0;
	size_t nroutes = 0, i, j, from = 0, to;
	struct store_task_filter all;
	struct strbuf *md = &doc->md;
	struct daily d;
	int ret = -1;

	memset(&d, 0, sizeof(d));
	d.st = st;
	d.run = run;
	d.lang = lang;
	d.day = clock_local_midnight(day, run->zone);
	d.end = clock_add_days(d.day, 1, run->zone);
	if (d.day > now) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

		clock_format_date(&a, d.day, run->zone);
		clock_format_date(&b, now, run->zone);
		fail(err, _("the day %s is after today (%s)"), a.buf, b.buf);
		strbuf_release(&a);
		strbuf_release(&b);
		return -1;
	}
	/* As of now, or of the day's last minute for a past day. */
	d.at = now < d.end ? now : d.end - 60;

	memset(&all, 0, sizeof(all));
	all.now = d.at;
	if (store_tasks(st, run->id, &all, &tasks, &ntasks, err) ||
	    store_report_states_at(st, run->id, d.at, &states, &nstates, err) ||
	    store_report_events(st, run->id, d.day, d.at + 1, &events,
				&nevents, err) ||
	    store_report_units(st, run->id, &units, &nunits, err) ||
	    store_issues(st, run->id, NULL, &issues, &nissues, err))
		goto done;
	if (nstates != ntasks) {
		fail(err, "%s", _("the run's tasks changed while the report"
				  " was read"));
		goto done;
	}
	for (i = 0; i < ntasks; i++)
		if (strcmp(tasks[i].key, states[i].key)) {
			fail(err, "%s", _("the run's tasks changed while the"
					  " report was read"));
			goto done;
		}
	d.tasks = tasks;
	d.states = states;
	d.ntasks = ntasks;
	d.events = events;
	d.nevents = nevents;
	d.issues = issues;
	d.nissues = nissues;
	index_by_unit(&d);
	routes = find_routes(&d, units, nunits, &nroutes);
	to = nroutes;
	if (recipient) {
		for (from = 0; from < nroutes; from++)
			if (same(routes[from].task->recipient, recipient))
				break;
		for (to = from; to < nroutes; to++)
			if (!same(routes[to].task->recipient, recipient))
				break;
		if (from == nroutes) {
			fail(err, _("no recurring report goes to '%s' in run"
				    " '%s'"), recipient, run->name);
			goto done;
		}
	}

	report_head(doc, L(L_TITLE), run, lang);
	strbuf_addf(md, "- %s: ", L(L_DATE));
	if (lang == REPORT_VI) {
		struct strbuf vn = STRBUF_INIT;

		clock_format_dmy(&vn, d.day, run->zone);
		strbuf_add(md, vn.buf, 10);
		strbuf_release(&vn);
	} else {
		clock_format_date(md, d.day, run->zone);
	}
	strbuf_addch(md, '\n');
	report_time_line(md, L(L_AS_OF), d.at, run, lang);
	if (report_run_lines(md, st, run, lang, err))
		goto done;
	if (!nroutes) {
		strbuf_addf(md, "\n%s\n", L(L_NO_ROUTES));
		ret = 0;
		goto done;
	}
	overview(md, &d, routes + from, to - from);
	for (i = from; i < to; i = j) {
		for (j = i; j < to && same(routes[j].task->recipient,
					   routes[i].task->recipient); j++)
			;
		if (recipient_section(doc, &d, &routes[i], j - i, err))
			goto done;
		store_progress(st, N_("writing the report"), j - from,
			       to - from);
	}
	ret = 0;
done:
	free(d.task_by_unit);
	free(d.event_by_unit);
	free(routes);
	store_tasks_free(tasks, ntasks);
	store_report_states_free(states, nstates);
	store_report_events_free(events, nevents);
	store_report_units_free(units, nunits);
	store_issues_free(issues, nissues);
	return ret;
}
