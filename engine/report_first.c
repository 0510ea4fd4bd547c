/*
 * The first page of the readiness and daily reports: what a leader must
 * know and decide, on one screen.  A verdict line (ready for T0 or not,
 * the gate's decision), the units not ready (how many, the worst named),
 * the blocked and failed tasks with their reasons, the open critical and
 * high difficulties, the waived or forced sign-offs, and the duty
 * coverage in one line.  The same facts, in full, make the details that
 * follow (report_decision_units), so that the first page and the body
 * cannot disagree.
 *
 * Everything here is read by streaming (store_report_open_tasks): what
 * is kept is what is shown, one summary per unit that has something
 * open, never a copy of every task.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "duty.h"
#include "store_report.h"
#include "xalloc.h"
#include "banned.h"

enum label {
	L_VERDICT, L_NOT_READY, L_READY, L_PAST_T0, L_PAST_T0_OK,
	L_OPEN_BY_T0, L_LATE_IN, L_STOPPED_N, L_GATE, L_GATE_PENDING,
	L_GATE_GO, L_GATE_NOGO, L_GATE_COND, L_GATE_DUE, L_OPEN_REQ,
	L_UNITS, L_WORST, L_UNIT_STOPPED, L_UNIT_OPEN, L_UNIT_LATE,
	L_NO_UNIT, L_SEVERE, L_NO_SEVERE, L_MORE_OPEN, L_WAIVED, L_NO_WAIVED,
	L_DUTY, L_DUTY_NONE, L_DUTY_OK, L_DUTY_GAPS, L_STOPPED_TITLE,
	L_NO_STOPPED, L_REASON, L_SINCE, L_SEVERE_TITLE, L_WAIVED_TITLE,
	L_FORCED, L_WAIVER, L_MORE_STOPPED, L_MORE_WAIVED, L_UNITS_TITLE,
	L_STOPPED_COL, L_OPEN_T0_COL, L_FIRST_OPEN, L_MORE_UNITS, L_NO_GATE,
	L_UNITS_PAST, L_UNITS_TITLE_PAST,
	L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_VERDICT] = { "Kết luận", "Verdict" },
	[L_NOT_READY] = { "Chưa sẵn sàng cho T0", "Not ready for T0" },
	[L_READY] = { "Sẵn sàng cho T0", "Ready for T0" },
	[L_PAST_T0] = { "Đã qua T0, còn việc chưa xong",
			"Past T0, with work outstanding" },
	[L_PAST_T0_OK] = { "Đã qua T0, mọi việc đúng hạn",
			   "Past T0, everything on time" },
	[L_OPEN_BY_T0] = { "%lld nhiệm vụ đến hạn trước T0 chưa xong",
			   "%lld tasks due by T0 not done" },
	[L_LATE_IN] = { "%lld nhiệm vụ trễ hạn", "%lld tasks late" },
	[L_STOPPED_N] = { "%lld bị chặn hoặc không đạt",
			  "%lld blocked or failed" },
	[L_GATE] = { "Điểm quyết định", "Gate" },
	[L_GATE_PENDING] = { "chưa quyết định", "not decided" },
	[L_GATE_GO] = { "đã quyết định: go", "decided: go" },
	[L_GATE_NOGO] = { "đã quyết định: no-go", "decided: no-go" },
	[L_GATE_COND] = { "đã quyết định: go có điều kiện",
			  "decided: go with conditions" },
	[L_GATE_DUE] = { "hạn", "due" },
	[L_OPEN_REQ] = { "điều kiện chưa đạt", "requirements open" },
	[L_UNITS] = { "Đơn vị chưa sẵn sàng", "Units not ready" },
	[L_UNITS_PAST] = { "Đơn vị còn việc trễ hạn hoặc bị chặn",
			   "Units with late or blocked tasks" },
	[L_UNITS_TITLE_PAST] = { "Đơn vị còn việc trễ hạn hoặc bị chặn (bị"
				 " chặn trước, rồi nhiều việc trễ nhất)",
				 "Units with late or blocked tasks (blocked"
				 " first, then most late)" },
	[L_WORST] = { "cần xử lý trước", "first to act on" },
	[L_UNIT_STOPPED] = { "bị chặn/không đạt", "blocked/failed" },
	[L_UNIT_OPEN] = { "chưa xong", "not done" },
	[L_UNIT_LATE] = { "trễ hạn", "late" },
	[L_NO_UNIT] = { "không có", "none" },
	[L_SEVERE] = { "Vướng mắc nghiêm trọng đang mở",
		       "Open critical and high difficulties" },
	[L_NO_SEVERE] = { "không có", "none" },
	[L_MORE_OPEN] = { "và %zu vướng mắc mức thấp hơn đang mở",
			  "and %zu open at lower severities" },
	[L_WAIVED] = { "Ký xác nhận miễn trừ hoặc vượt điều kiện",
		       "Waived or forced sign-offs" },
	[L_NO_WAIVED] = { "không có", "none" },
	[L_DUTY] = { "Trực 24/7", "24/7 duty" },
	[L_DUTY_NONE] = { "runbook không có bước trực",
			  "the runbook has no roster step" },
	[L_DUTY_OK] = { "mọi đơn vị phủ kín khung trực",
			"every unit covers the whole window" },
	[L_DUTY_GAPS] = { "%zu/%zu đơn vị còn khoảng trống; lớn nhất",
			  "%zu of %zu units have gaps; the largest" },
	[L_STOPPED_TITLE] = { "Nhiệm vụ bị chặn hoặc không đạt",
			      "Blocked and failed tasks" },
	[L_NO_STOPPED] = { "Không có nhiệm vụ nào bị chặn hoặc không đạt.",
			   "No task is blocked or failed." },
	[L_REASON] = { "Lý do", "Reason" },
	[L_SINCE] = { "Từ lúc", "Since" },
	[L_SEVERE_TITLE] = { "Vướng mắc nghiêm trọng đang mở",
			     "Open critical and high difficulties" },
	[L_WAIVED_TITLE] = { "Ký xác nhận miễn trừ hoặc vượt điều kiện",
			     "Waived or forced sign-offs" },
	[L_FORCED] = { "vượt điều kiện (--force)", "forced (--force)" },
	[L_WAIVER] = { "miễn trừ", "waived" },
	[L_MORE_STOPPED] = { "và %zu nhiệm vụ khác (xem phần chi tiết).",
			     "and %zu more (see the details)." },
	[L_MORE_WAIVED] = { "và %zu ký xác nhận khác.", "and %zu more." },
	[L_UNITS_TITLE] = { "Đơn vị chưa sẵn sàng (bị chặn trước, rồi nhiều"
			    " việc chưa xong nhất)",
			    "Units not ready (blocked first, then most"
			    " outstanding)" },
	[L_STOPPED_COL] = { "Bị chặn/không đạt", "Blocked/failed" },
	[L_OPEN_T0_COL] = { "Chưa xong trước T0", "Open by T0" },
	[L_FIRST_OPEN] = { "Việc chưa xong sớm nhất", "Earliest outstanding" },
	[L_MORE_UNITS] = { "và %zu đơn vị khác.", "and %zu more units." },
	[L_NO_GATE] = { "runbook không có điểm quyết định",
			"the runbook has no gate" },
};

#define L(x) labels[x][lang]
#define C(x) report_label(x, lang)

/* Rows of a first-page table before "and N more". */
#define FIRST_ROWS 10
/* Units named in the verdict's list. */
#define WORST_NAMED 3

/* What one unit has open. */
struct open_unit {
	char *unit_id;
	char *unit_name;
	size_t ord;             /* its place in the registry */
	int64_t stopped, late, by_t0;
	char *first_title;      /* its earliest open task */
	instant_t first_due;
};

struct stopped_task {
	char *unit_name;
	char *title;
	enum task_state state;
	char *comment;
	instant_t since;
};

struct report_decision {
	const struct store_run *run;
	instant_t now, t0_bound;
	struct open_unit *units;
	size_t nunits, alloc_units;
	struct stopped_task *stopped;
	size_t nstopped, alloc_stopped;
	int64_t stopped_total, late_total, by_t0_total;
	struct store_task *gates;
	size_t ngates;
	struct store_issue *issues;
	size_t nissues, nissues_all, severe, open;
	struct store_report_waiver *waivers;
	size_t nwaivers, waivers_total;
	int has_duty;
	size_t duty_units, gap_units;
	const char *gap_unit, *gap_role;
	instant_t gap_from, gap_to;
	struct duty_status *duties;
	size_t nduties;
};

static int on_open(void *ctx, const struct store_report_open *row,
		   struct err *err)
{
	struct report_decision *d = ctx;
	struct open_unit *u = d->nunits ? &d->units[d->nunits - 1] : NULL;
	int stopped = task_state_stopped(row->state);

	(void)err;
	if (!u || strcmp(u->unit_id, row->unit_id)) {
		XGROW(d->units, d->alloc_units, d->nunits + 1);
		u = &d->units[d->nunits];
		memset(u, 0, sizeof(*u));
		u->unit_id = xstrdup(row->unit_id);
		u->unit_name = xstrdup(row->unit_name ? row->unit_name :
				       row->unit_id);
		u->ord = (size_t)row->unit_ord;
		d->nunits++;
		u->first_title = xstrdup(row->title);
		u->first_due = row->due;
	}
	/* The rows of a unit come by step or by due: keep the earliest. */
	if (row->due < u->first_due) {
		free(u->first_title);
		u->first_title = xstrdup(row->title);
		u->first_due = row->due;
	}
	u->stopped += stopped;
	u->late += row->due < d->now;
	u->by_t0 += row->due < d->t0_bound;
	d->stopped_total += stopped;
	d->late_total += row->due < d->now;
	d->by_t0_total += row->due < d->t0_bound;
	if (stopped) {
		struct stopped_task *s;

		XGROW(d->stopped, d->alloc_stopped, d->nstopped + 1);
		s = &d->stopped[d->nstopped++];
		s->unit_name = xstrdup(u->unit_name);
		s->title = xstrdup(row->title);
		s->state = row->state;
		s->comment = xstrdup(row->comment);
		s->since = row->state_at;
	}
	return 0;
}

/* Blocked or failed first, then most open by T0, most late, registry order. */
static int cmp_unit(const void *a, const void *b)
{
	const struct open_unit *x = a, *y = b;

	if ((x->stopped > 0) != (y->stopped > 0))
		return x->stopped > 0 ? -1 : 1;
	if (x->by_t0 != y->by_t0)
		return x->by_t0 > y->by_t0 ? -1 : 1;
	if (x->late != y->late)
		return x->late > y->late ? -1 : 1;
	if (x->stopped != y->stopped)
		return x->stopped > y->stopped ? -1 : 1;
	return (x->ord > y->ord) - (x->ord < y->ord);
}

/* A severity the first page names: critical or high. */
static int severe(const char *severity)
{
	return severity && (!strcmp(severity, "critical") ||
			    !strcmp(severity, "high"));
}

/* Units with duties and with gaps, and the largest gap of all. */
static void duty_summary(struct report_decision *d)
{
	const char *last = NULL;
	int counted = 0;
	size_t i, j;

	for (i = 0; i < d->nduties; i++) {
		const struct duty_status *s = &d->duties[i];

		/* The duties come by unit, then role. */
		if (!last || strcmp(last, s->duty.unit_id)) {
			d->duty_units++;
			last = s->duty.unit_id;
			counted = 0;
		}
		if (s->ngaps && !counted) {
			d->gap_units++;
			counted = 1;
		}
		for (j = 0; j < s->ngaps; j++)
			if (!d->gap_unit || s->gaps[j].to - s->gaps[j].from >
			    d->gap_to - d->gap_from) {
				d->gap_unit = s->duty.unit_name;
				d->gap_role = s->duty.role;
				d->gap_from = s->gaps[j].from;
				d->gap_to = s->gaps[j].to;
			}
	}
}

/* What both ways of deciding share: gates, difficulties, waivers, duty. */
static int decide_rest(struct store *st, const struct store_run *run,
		       instant_t now, instant_t as_of, const char *recipient,
		       struct report_decision *d, struct err *err)
{
	struct store_task_filter gates;
	struct store_issue_filter open;
	size_t i, k;

	memset(&gates, 0, sizeof(gates));
	gates.gates = 1;
	gates.now = now;
	memset(&open, 0, sizeof(open));
	open.recipient = recipient;
	if (store_tasks(st, run->id, &gates, &d->gates, &d->ngates, err) ||
	    store_issues(st, run->id, &open, &d->issues, &d->nissues_all,
			 err) ||
	    store_report_waivers(st, run->id, REPORT_MAX_ROWS, &d->waivers,
				 &d->nwaivers, &d->waivers_total, err) ||
	    duty_coverage(st, run, NULL, NULL, &d->duties, &d->nduties, err))
		return -1;
	if (d->nunits)
		qsort(d->units, d->nunits, sizeof(*d->units), cmp_unit);
	/*
	 * Open as of then: raised by then, not resolved by then.  Those
	 * first, in order; the others after them, freed with them.
	 */
	for (i = k = 0; i < d->nissues_all; i++) {
		struct store_issue is = d->issues[i];

		if (is.raised_at > as_of ||
		    (is.resolved && is.resolved_at <= as_of))
			continue;
		d->issues[i] = d->issues[k];
		d->issues[k++] = is;
		d->open++;
		d->severe += severe(is.severity);
	}
	d->nissues = k;
	d->has_duty = run->has_duty_window && d->nduties;
	duty_summary(d);
	return 0;
}

static struct report_decision *decision_new(const struct store_run *run,
					    instant_t now)
{
	struct report_decision *d = xcalloc(1, sizeof(*d));

	d->run = run;
	d->now = now;
	d->t0_bound = report_t0_bound(run, now);
	return d;
}

instant_t report_t0_bound(const struct store_run *run, instant_t now)
{
	/* Open by T0: due at or before it (or before now, once past it). */
	return now > run->t0 ? now : run->t0 + 1;
}

int report_decide(struct store *st, const struct store_run *run,
		  instant_t now, instant_t as_of, const char *recipient,
		  struct report_decision **out, struct err *err)
{
	struct report_decision *d = decision_new(run, now);

	*out = d;
	if (store_report_open_tasks(st, run->id, as_of, d->t0_bound,
				    recipient, on_open, d, err))
		return -1;
	return decide_rest(st, run, now, as_of, recipient, d, err);
}

/* What unit_details gathers into. */
struct detail {
	struct report_decision *d;
	struct open_unit *u;
	int stopped;
};

static int on_detail(void *ctx, const struct store_report_open *row,
		     struct err *err)
{
	struct detail *x = ctx;
	int s = task_state_stopped(row->state);

	(void)err;
	if (!x->u->first_title) {
		x->u->first_title = xstrdup(row->title);
		x->u->first_due = row->due;
	}
	if (x->stopped && s) {
		struct report_decision *d = x->d;
		struct stopped_task *t;

		XGROW(d->stopped, d->alloc_stopped, d->nstopped + 1);
		t = &d->stopped[d->nstopped++];
		t->unit_name = xstrdup(x->u->unit_name);
		t->title = xstrdup(row->title);
		t->state = row->state;
		t->comment = xstrdup(row->comment);
		t->since = row->state_at;
	}
	return 0;
}

/*
 * A unit's open tasks by due: its earliest, and its blocked and failed
 * ones with their reasons.  A unit has a few dozen tasks.
 */
static int unit_details(struct store *st, struct report_decision *d,
			struct open_unit *u, int stopped, struct err *err)
{
	struct detail x = { d, u, stopped };

	return store_report_unit_open(st, d->run->id, u->unit_id, d->t0_bound,
				      on_detail, &x, err);
}

int report_decide_tally(struct store *st, const struct store_run *run,
			instant_t now, const struct store_tally *tally,
			struct report_decision **out, struct err *err)
{
	struct report_decision *d = decision_new(run, now);
	const struct store_count *g = tally->groups[STORE_BY_UNIT];
	size_t i;

	*out = d;
	/* The units in registry order, as the tally gives them. */
	for (i = 0; i < tally->n[STORE_BY_UNIT]; i++) {
		struct open_unit *u;
		int64_t stopped = g[i].blocked + g[i].failed;

		if (!stopped && !g[i].open_before && !g[i].late)
			continue;
		XGROW(d->units, d->alloc_units, d->nunits + 1);
		u = &d->units[d->nunits++];
		memset(u, 0, sizeof(*u));
		u->unit_id = xstrdup(g[i].key);
		u->unit_name = xstrdup(g[i].label && *g[i].label ?
				       g[i].label : g[i].key);
		u->ord = i;
		u->stopped = stopped;
		u->late = g[i].late;
		u->by_t0 = g[i].open_before;
	}
	d->stopped_total = tally->all.blocked + tally->all.failed;
	d->late_total = tally->all.late;
	d->by_t0_total = tally->all.open_before;
	if (decide_rest(st, run, now, STORE_REPORT_CURRENT, NULL, d, err))
		return -1;
	/* The details of the units shown, and of every stopped one. */
	for (i = 0; i < d->nunits; i++) {
		struct open_unit *u = &d->units[i];

		if ((i < REPORT_MAX_ROWS || u->stopped) &&
		    unit_details(st, d, u, u->stopped > 0, err))
			return -1;
		if (!u->first_title)
			u->first_title = xstrdup("–");
	}
	return 0;
}

void report_decision_free(struct report_decision *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nunits; i++) {
		free(d->units[i].unit_id);
		free(d->units[i].unit_name);
		free(d->units[i].first_title);
	}
	free(d->units);
	for (i = 0; i < d->nstopped; i++) {
		free(d->stopped[i].unit_name);
		free(d->stopped[i].title);
		free(d->stopped[i].comment);
	}
	free(d->stopped);
	store_tasks_free(d->gates, d->ngates);
	store_issues_free(d->issues, d->nissues_all);
	store_report_waivers_free(d->waivers, d->nwaivers);
	duty_status_free(d->duties, d->nduties);
	free(d);
}

int report_decision_ready(const struct report_decision *d)
{
	return !d->by_t0_total && !d->stopped_total;
}

/*
 * The gate's decision: the state of its task and, when a decision was
 * recorded with it, what was decided (issue 14's "gate-decision":
 * {"outcome": ..., "conditions" or "reason"}).
 */
static int gate_line(struct strbuf *md, struct store *st,
		     const struct report_decision *d, enum report_lang lang,
		     struct err *err)
{
	const struct store_run *run = d->run;
	size_t i;

	if (!d->ngates) {
		strbuf_addf(md, "- %s: %s\n", L(L_GATE), L(L_NO_GATE));
		return 0;
	}
	for (i = 0; i < d->ngates; i++) {
		const struct store_task *g = &d->gates[i];
		char *outcome = NULL, *said = NULL;

		strbuf_addf(md, "- %s: ", L(L_GATE));
		report_escape(md, g->title);
		strbuf_adds(md, " — ");
		if (g->state == TASK_PENDING || g->state == TASK_BLOCKED) {
			strbuf_addf(md, "**%s**, %s ", L(L_GATE_PENDING),
				    L(L_GATE_DUE));
			report_when(md, g->due, run, lang);
			if (g->open_requires)
				strbuf_addf(md, " (%d %s)", g->open_requires,
					    L(L_OPEN_REQ));
			strbuf_addch(md, '\n');
			continue;
		}
		/* What was decided, when the decision was recorded with it. */
		if (store_report_json_text(st, g->evidence, "$.\"gate-decision\".outcome",
					   &outcome, err) ||
		    store_report_json_text(st, g->evidence,
					   "$.\"gate-decision\".conditions", &said, err))
			return -1;
		if (!said && store_report_json_text(st, g->evidence,
						    "$.\"gate-decision\".reason", &said,
						    err)) {
			free(outcome);
			return -1;
		}
		if (g->state == TASK_FAILED ||
		    (outcome && !strcmp(outcome, "no-go")))
			strbuf_addf(md, "**%s**", L(L_GATE_NOGO));
		else if (outcome && !strcmp(outcome, "go-with-conditions"))
			strbuf_addf(md, "**%s**", L(L_GATE_COND));
		else
			strbuf_addf(md, "**%s**", L(L_GATE_GO));
		if (said && *said) {
			strbuf_adds(md, " (");
			report_escape(md, said);
			strbuf_adds(md, ")");
		}
		strbuf_addf(md, ", %s ", C(RL_AT_LC));
		report_when(md, g->state_at, run, lang);
		if (g->state_by) {
			strbuf_addf(md, ", %s ", C(RL_BY));
			report_escape(md, g->state_by);
		}
		if (g->state_comment && *g->state_comment && !said) {
			strbuf_adds(md, ": ");
			report_escape(md, g->state_comment);
		}
		strbuf_addch(md, '\n');
		free(outcome);
		free(said);
	}
	return 0;
}

/* "Xã Tân Sơn (1 bị chặn/không đạt, 2 chưa xong)" */
static void unit_brief(struct strbuf *md, const struct open_unit *u,
		       int past, enum report_lang lang)
{
	int any = 0;

	report_escape(md, u->unit_name);
	strbuf_adds(md, " (");
	if (u->stopped) {
		strbuf_addf(md, "%lld %s", (long long)u->stopped,
			    L(L_UNIT_STOPPED));
		any = 1;
	}
	if (u->by_t0 && !past) {
		strbuf_addf(md, "%s%lld %s", any ? ", " : "",
			    (long long)u->by_t0, L(L_UNIT_OPEN));
		any = 1;
	}
	if (u->late)
		strbuf_addf(md, "%s%lld %s", any ? ", " : "",
			    (long long)u->late, L(L_UNIT_LATE));
	strbuf_adds(md, ")");
}

static void stopped_table(struct strbuf *md, const struct report_decision *d,
			  size_t max, enum report_lang lang)
{
	size_t i;

	if (!d->nstopped) {
		strbuf_addf(md, "%s\n", L(L_NO_STOPPED));
		return;
	}
	strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
		    "| --- | --- | --- | --- | --- |\n", C(RL_UNIT),
		    C(RL_STATE), L(L_REASON), C(RL_TASK), L(L_SINCE));
	for (i = 0; i < d->nstopped && i < max; i++) {
		const struct stopped_task *s = &d->stopped[i];

		strbuf_adds(md, "| ");
		report_escape(md, s->unit_name);
		strbuf_addf(md, " | %s | ", report_state_label(s->state, lang));
		report_escape(md, s->comment && *s->comment ? s->comment : "–");
		strbuf_adds(md, " | ");
		report_escape(md, s->title);
		strbuf_adds(md, " | ");
		if (s->since)
			report_when(md, s->since, d->run, lang);
		else
			strbuf_adds(md, "–");
		strbuf_adds(md, " |\n");
	}
	report_cap_note(md, L(L_MORE_STOPPED), d->nstopped, max);
}

static void recipients(struct strbuf *md, const struct store_issue *is)
{
	size_t i;

	for (i = 0; i < is->nrecipients; i++) {
		if (i)
			strbuf_adds(md, ", ");
		report_escape(md, is->recipient_names[i]);
	}
}

static void severe_table(struct strbuf *md, const struct report_decision *d,
			 enum report_lang lang)
{
	size_t i, shown = 0;

	strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
		    "| --- | --- | --- | --- | --- |\n", C(RL_UNIT),
		    C(RL_SEVERITY), C(RL_TEXT), C(RL_RECIPIENT), C(RL_RAISED));
	for (i = 0; i < d->nissues; i++) {
		const struct store_issue *is = &d->issues[i];

		if (!severe(is->severity) || shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_adds(md, "| ");
		report_escape(md, is->unit_name ? is->unit_name : is->unit_id);
		strbuf_adds(md, " | ");
		report_labelled(md, d->run, LABEL_SEVERITY, is->severity,
				lang);
		strbuf_addf(md, " | \\#%lld ", (long long)is->number);
		report_escape(md, is->text);
		strbuf_adds(md, " | ");
		recipients(md, is);
		strbuf_adds(md, " | ");
		report_when(md, is->raised_at, d->run, lang);
		strbuf_adds(md, " |\n");
	}
}

static void waived_table(struct strbuf *md, const struct report_decision *d,
			 enum report_lang lang)
{
	size_t i;

	strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
		    "| --- | --- | --- | --- | --- |\n", C(RL_UNIT),
		    C(RL_TASK), C(RL_STATE), L(L_REASON), C(RL_RAISED));
	for (i = 0; i < d->nwaivers; i++) {
		const struct store_report_waiver *w = &d->waivers[i];

		strbuf_adds(md, "| ");
		report_escape(md, w->unit_name);
		strbuf_adds(md, " | ");
		report_escape(md, w->title);
		strbuf_addf(md, " | %s%s%s", w->waived ? L(L_WAIVER) : "",
			    w->waived && w->forced ? ", " : "",
			    w->forced ? L(L_FORCED) : "");
		if (w->by) {
			strbuf_addf(md, ", %s ", C(RL_BY));
			report_escape(md, w->by);
		}
		strbuf_adds(md, " | ");
		report_escape(md, w->reason ? w->reason : "–");
		strbuf_adds(md, " | ");
		report_when(md, w->at, d->run, lang);
		strbuf_adds(md, " |\n");
	}
	report_cap_note(md, L(L_MORE_WAIVED), d->waivers_total,
			d->nwaivers);
}

int report_decision_verdict(struct strbuf *md, struct store *st,
			    const struct report_decision *d, const char *lead,
			    enum report_lang lang, struct err *err)
{
	const struct store_run *run = d->run;
	int past = d->now > run->t0, sep = 0;
	size_t i;

	strbuf_addf(md, "\n## %s\n\n", L(L_VERDICT));
	if (lead && *lead)
		strbuf_addf(md, "%s\n\n", lead);
	strbuf_adds(md, "**");
	if (!past)
		strbuf_adds(md, report_decision_ready(d) ? L(L_READY) :
			    L(L_NOT_READY));
	else
		strbuf_adds(md, d->late_total || d->stopped_total ?
			    L(L_PAST_T0) : L(L_PAST_T0_OK));
	strbuf_adds(md, "**");
	if (d->by_t0_total) {
		strbuf_adds(md, ": ");
		strbuf_addf(md, past ? L(L_LATE_IN) : L(L_OPEN_BY_T0),
			    (long long)d->by_t0_total);
		sep = 1;
	}
	if (d->stopped_total) {
		strbuf_adds(md, sep ? "; " : ": ");
		strbuf_addf(md, L(L_STOPPED_N), (long long)d->stopped_total);
	}
	strbuf_adds(md, ".\n\n");
	if (gate_line(md, st, d, lang, err))
		return -1;

	strbuf_addf(md, "- %s: ", past ? L(L_UNITS_PAST) : L(L_UNITS));
	if (!d->nunits) {
		strbuf_addf(md, "%s\n", L(L_NO_UNIT));
	} else {
		strbuf_addf(md, "%zu; %s: ", d->nunits, L(L_WORST));
		for (i = 0; i < d->nunits && i < WORST_NAMED; i++) {
			if (i)
				strbuf_adds(md, ", ");
			unit_brief(md, &d->units[i], past, lang);
		}
		strbuf_addch(md, '\n');
	}

	strbuf_addf(md, "- %s: ", L(L_SEVERE));
	if (!d->severe)
		strbuf_adds(md, L(L_NO_SEVERE));
	else
		strbuf_addf(md, "%zu", d->severe);
	if (d->open > d->severe) {
		strbuf_adds(md, " (");
		strbuf_addf(md, L(L_MORE_OPEN), d->open - d->severe);
		strbuf_adds(md, ")");
	}
	strbuf_addch(md, '\n');

	strbuf_addf(md, "- %s: ", L(L_WAIVED));
	if (!d->waivers_total)
		strbuf_addf(md, "%s\n", L(L_NO_WAIVED));
	else
		strbuf_addf(md, "%zu\n", d->waivers_total);

	strbuf_addf(md, "- %s: ", L(L_DUTY));
	if (!d->has_duty) {
		strbuf_addf(md, "%s\n", L(L_DUTY_NONE));
	} else if (!d->gap_units) {
		strbuf_addf(md, "%s\n", L(L_DUTY_OK));
	} else {
		strbuf_addf(md, L(L_DUTY_GAPS), d->gap_units, d->duty_units);
		strbuf_adds(md, ": ");
		report_escape(md, d->gap_unit);
		strbuf_adds(md, " (");
		report_labelled(md, run, LABEL_ROLE, d->gap_role, lang);
		strbuf_adds(md, "), ");
		report_when(md, d->gap_from, run, lang);
		strbuf_adds(md, " – ");
		report_when(md, d->gap_to, run, lang);
		strbuf_adds(md, " (");
		report_duration(md, d->gap_to - d->gap_from, LABEL_SPAN, lang);
		strbuf_adds(md, ")\n");
	}

	strbuf_addf(md, "\n### %s\n\n", L(L_STOPPED_TITLE));
	stopped_table(md, d, FIRST_ROWS, lang);
	if (d->severe) {
		strbuf_addf(md, "\n### %s\n\n", L(L_SEVERE_TITLE));
		severe_table(md, d, lang);
	}
	if (d->waivers_total) {
		strbuf_addf(md, "\n### %s\n\n", L(L_WAIVED_TITLE));
		waived_table(md, d, lang);
	}
	return 0;
}

void report_decision_units(struct strbuf *md,
			   const struct report_decision *d,
			   enum report_lang lang)
{
	int past = d->now > d->run->t0;
	size_t i;

	strbuf_addf(md, "\n## %s\n\n", past ? L(L_UNITS_TITLE_PAST) :
		    L(L_UNITS_TITLE));
	if (!d->nunits) {
		strbuf_addf(md, "%s.\n", L(L_NO_UNIT));
		return;
	}
	/* Past T0, open by T0 is late: one column says it. */
	strbuf_addf(md, "| %s | %s |", C(RL_UNIT), L(L_STOPPED_COL));
	if (!past)
		strbuf_addf(md, " %s |", L(L_OPEN_T0_COL));
	strbuf_addf(md, " %s | %s |\n| --- | ---: |%s ---: | --- |\n",
		    C(RL_LATE), L(L_FIRST_OPEN), past ? "" : " ---: |");
	for (i = 0; i < d->nunits && i < REPORT_MAX_ROWS; i++) {
		const struct open_unit *u = &d->units[i];

		strbuf_adds(md, "| ");
		report_escape(md, u->unit_name);
		strbuf_addf(md, " | %lld |", (long long)u->stopped);
		if (!past)
			strbuf_addf(md, " %lld |", (long long)u->by_t0);
		strbuf_addf(md, " %lld | ", (long long)u->late);
		report_escape(md, u->first_title);
		strbuf_addf(md, " (%s ", C(RL_DUE_LC));
		report_when(md, u->first_due, d->run, lang);
		strbuf_adds(md, ") |\n");
	}
	report_cap_note(md, L(L_MORE_UNITS), d->nunits, REPORT_MAX_ROWS);
}

void report_decision_stopped(struct strbuf *md,
			     const struct report_decision *d,
			     enum report_lang lang)
{
	strbuf_addf(md, "\n## %s\n\n", L(L_STOPPED_TITLE));
	stopped_table(md, d, REPORT_MAX_ROWS, lang);
}

int64_t report_decision_late(const struct report_decision *d)
{
	return d->late_total;
}

size_t report_decision_late_units(const struct report_decision *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nunits; i++)
		n += d->units[i].late > 0;
	return n;
}
