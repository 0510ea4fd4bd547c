/*
 * The readiness report, for the inspection delegation.  Four major
 * sections (a page each in print): where things stand (summary, charts,
 * per directive item and section, over time); what is blocking (gates,
 * late and blocked tasks); the 24/7 duty and the difficulties; every
 * unit, least ready first, and the ledger head that vouches for it all.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "duty.h"
#include "xalloc.h"
#include "banned.h"

enum label {
	L_TITLE, L_SUMMARY, L_BY_ITEM, L_BY_SECTION, L_GATES,
	L_GATE, L_NO_GATE, L_LATE_TASKS, L_NO_LATE, L_MORE, L_BY_UNIT,
	L_LEDGER, L_EVENTS, L_HEAD, L_VERIFY, L_OPEN_REQ, L_DUTY,
	L_DUTY_WINDOW, L_DUTY_COVERED, L_NO_DUTY, L_ROLE, L_SHIFTS, L_GAPS,
	L_FIRST_GAP, L_MORE_DUTIES, L_ISSUES, L_NO_ISSUES, L_MORE_ISSUES,
	L_ISSUES_OPEN, L_BARS_TITLE, L_BARS_CAPTION, L_OVER_TIME, L_DAY,
	L_DUE_DAY, L_DONE_DAY, L_DUE_SUM, L_DONE_SUM, L_LINES_TITLE,
	L_LINES_CAPTION, L_LINE_DUE, L_LINE_DONE, L_MARK, L_MORE_DAYS,
	L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_TITLE] = { "Báo cáo mức độ sẵn sàng", "Readiness report" },
	[L_SUMMARY] = { "Tổng quan", "Summary" },
	/* %s: the runbook's word for an item of its source document. */
	[L_BY_ITEM] = { "Theo từng %s", "By %s" },
	[L_BY_SECTION] = { "Theo phần", "By section" },
	[L_GATES] = { "Điểm quyết định (go/no-go)", "Go/no-go gates" },
	[L_GATE] = { "Điểm quyết định", "Gate" },
	[L_NO_GATE] = { "Runbook không có điểm quyết định.",
			"The runbook has no gate." },
	[L_LATE_TASKS] = { "Nhiệm vụ trễ hạn hoặc bị chặn",
			   "Late and blocked tasks" },
	[L_NO_LATE] = { "Không có nhiệm vụ trễ hạn hoặc bị chặn.",
			"No task is late or blocked." },
	[L_MORE] = { "và %zu nhiệm vụ khác.", "and %zu more." },
	[L_BY_UNIT] = { "Mức sẵn sàng theo đơn vị (kém nhất trước)",
			"Readiness per unit (least ready first)" },
	[L_LEDGER] = { "Sổ cái (chuỗi băm)", "Ledger (hash chain)" },
	[L_EVENTS] = { "Số sự kiện", "Events" },
	[L_HEAD] = { "Mã băm cuối", "Head hash" },
	[L_VERIFY] = { "Kiểm tra bằng lệnh", "Verify with" },
	[L_OPEN_REQ] = { "điều kiện chưa đạt", "requirements open" },
	[L_DUTY] = { "Trực 24/7: phủ kín khung trực",
		     "24/7 duty: coverage of the duty window" },
	[L_DUTY_WINDOW] = { "Khung trực", "Duty window" },
	[L_DUTY_COVERED] = { "%zu/%zu nhiệm vụ trực đã phủ kín khung trực.",
			     "%zu of %zu duties cover the whole window." },
	[L_NO_DUTY] = { "Runbook không có bước trực (roster).",
			"The runbook has no roster step." },
	[L_ROLE] = { "Vai trò", "Role" },
	[L_SHIFTS] = { "Số ca", "Shifts" },
	[L_GAPS] = { "Số khoảng trống", "Gaps" },
	[L_FIRST_GAP] = { "Khoảng trống đầu tiên", "First gap" },
	[L_MORE_DUTIES] = { "và %zu nhiệm vụ trực khác.",
			    "and %zu more duties." },
	[L_ISSUES] = { "Khó khăn, vướng mắc chưa được xử lý",
		       "Open difficulties" },
	[L_NO_ISSUES] = { "Không có khó khăn, vướng mắc nào đang mở.",
			  "No difficulty is open." },
	[L_MORE_ISSUES] = { "và %zu vướng mắc khác.",
			    "and %zu more difficulties." },
	[L_ISSUES_OPEN] = { "%zu vướng mắc đang mở, %zu đã xử lý.",
			    "%zu open, %zu resolved." },
	[L_BARS_TITLE] = { "Tiến độ theo phần", "Progress by section" },
	[L_BARS_CAPTION] = { "Hình 1. Tiến độ theo phần: hoàn thành, trễ hạn"
			     " và còn lại trên tổng số nhiệm vụ.",
			     "Figure 1. Progress by section: done, late and"
			     " remaining out of all tasks." },
	[L_OVER_TIME] = { "Tiến độ theo thời gian", "Progress over time" },
	[L_DAY] = { "Ngày", "Day" },
	[L_DUE_DAY] = { "Đến hạn trong ngày", "Due that day" },
	[L_DONE_DAY] = { "Hoàn thành trong ngày", "Done that day" },
	[L_DUE_SUM] = { "Đến hạn (lũy kế)", "Due (cumulative)" },
	[L_DONE_SUM] = { "Hoàn thành (lũy kế)", "Done (cumulative)" },
	[L_LINES_TITLE] = { "Số nhiệm vụ hoàn thành so với số đến hạn",
			    "Tasks done against tasks due" },
	[L_LINES_CAPTION] = { "Hình 2. Lũy kế số nhiệm vụ đến hạn (nét đứt)"
			      " và đã hoàn thành (nét liền) theo thời gian.",
			      "Figure 2. Tasks due (dashed) and done (solid),"
			      " cumulative, over time." },
	[L_LINE_DUE] = { "Đến hạn (lũy kế)", "Due (cumulative)" },
	[L_LINE_DONE] = { "Hoàn thành (lũy kế)", "Done (cumulative)" },
	[L_MARK] = { "Thời điểm lập báo cáo", "Report time" },
	[L_MORE_DAYS] = { "và %zu ngày khác.", "and %zu more days." },
};

#define L(x) labels[x][lang]
#define C(x) report_label(x, lang)

#define DAY 86400

/*
 * A table of counts; items: the rows are the source document's items,
 * shown with their titles (the first column's heading is the runbook's
 * word for them).
 */
static void counts_table(struct strbuf *md, const struct store_run *run,
			 const char *first_column, int items,
			 const struct store_count *c, size_t n,
			 enum report_lang lang)
{
	size_t i;

	strbuf_adds(md, "| ");
	if (items)
		report_term(md, run, LABEL_TERM_ITEM, lang, 1);
	else
		strbuf_adds(md, first_column);
	strbuf_addf(md, " | %s | %s | %s | %s | %s |\n"
		    "| --- | ---: | ---: | ---: | ---: | ---: |\n",
		    C(RL_DONE), C(RL_TOTAL), C(RL_PERCENT), C(RL_LATE),
		    C(RL_BLOCKED));
	for (i = 0; i < n; i++) {
		strbuf_adds(md, "| ");
		if (items && c[i].key)
			report_item(md, run, c[i].key, lang);
		else
			report_escape(md, c[i].label && *c[i].label ?
				      c[i].label : "–");
		strbuf_addf(md, " | %lld | %lld | ",
			    (long long)(c[i].done + c[i].skipped),
			    (long long)c[i].total);
		report_percent(md, c[i].done + c[i].skipped, c[i].total);
		strbuf_addf(md, " | %lld | %lld |\n", (long long)c[i].late,
			    (long long)(c[i].blocked + c[i].failed));
	}
}

static void section_bars(struct render_doc *doc, const struct store_count *c,
			 size_t n, enum report_lang lang)
{
	struct chart_bar *bars = xcalloc(n ? n : 1, sizeof(*bars));
	const char *legend[3];
	struct strbuf svg = STRBUF_INIT;
	size_t i;

	legend[0] = C(RL_DONE);
	legend[1] = C(RL_LATE);
	legend[2] = C(RL_CHART_REST);
	for (i = 0; i < n; i++) {
		bars[i].label = c[i].label;
		bars[i].done = c[i].done + c[i].skipped;
		bars[i].late = c[i].late;
		bars[i].total = c[i].total;
	}
	chart_bars(&svg, L(L_BARS_TITLE), bars, n, legend);
	render_doc_figure(doc, svg.buf, L(L_BARS_CAPTION));
	strbuf_release(&svg);
	free(bars);
}

/* Cumulative counts over a histogram, one point per instant. */
static struct chart_point *cumulate(const struct store_instant_count *h,
				    size_t n)
{
	struct chart_point *p = xcalloc(n ? n : 1, sizeof(*p));
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += h[i].n;
		p[i].x = h[i].at;
		p[i].y = sum;
	}
	return p;
}

/* Counts the tasks of histogram h before `to`, from index *i on. */
static int64_t count_until(const struct store_instant_count *h, size_t n,
			   size_t *i, instant_t to)
{
	int64_t c = 0;

	for (; *i < n && h[*i].at < to; (*i)++)
		c += h[*i].n;
	return c;
}

/*
 * Tasks due and tasks done over time: a line chart for the page and,
 * in the Markdown, the same numbers day by day.
 */
static void over_time(struct render_doc *doc, const struct store_run *run,
		      const struct store_tally *tally, instant_t now,
		      enum report_lang lang)
{
	struct strbuf *md = &doc->md, svg = STRBUF_INIT;
	const struct store_instant_count *due = tally->due;
	const struct store_instant_count *done = tally->settled;
	size_t ndue = tally->ndue, ndone = tally->nsettled;
	size_t i, ntick = 0, nticks, id = 0, ix = 0;
	size_t days, shown = 0;
	struct chart_point *pd, *px;
	struct chart_series series[2];
	struct chart_tick *ticks;
	struct strbuf *tick_text;
	struct chart_steps spec;
	instant_t first, last, t, tick_step;
	int64_t due_sum = 0, done_sum = 0;
	const struct clock_zone *off = run->zone;

	first = run->started_at < now ? run->started_at : now;
	if (ndue && due[0].at < first)
		first = due[0].at;
	if (ndone && done[0].at < first)
		first = done[0].at;
	last = now;
	if (ndue && due[ndue - 1].at > last)
		last = due[ndue - 1].at;
	first = clock_local_midnight(first, off);
	last = clock_add_days(clock_local_midnight(last, off), 1, off);
	days = (size_t)((last - first + DAY / 2) / DAY);

	/* Ticks: every 6 hours over two days at most, else by days. */
	tick_step = days <= 2 ? DAY / 4 : days <= 10 ? DAY :
		days <= 20 ? 2 * DAY : 7 * DAY;
	nticks = (size_t)((last - first) / tick_step) + 1;
	ticks = xcalloc(nticks, sizeof(*ticks));
	tick_text = xcalloc(nticks, sizeof(*tick_text));
	for (t = first; t <= last && ntick < nticks; t += tick_step) {
		struct strbuf vn = STRBUF_INIT;

		strbuf_init(&tick_text[ntick]);
		clock_format_dmy(&vn, t, off);
		/* "29/05/2026 22:00": the date's "29/05" at midnight, else the time. */
		if (clock_local_midnight(t, off) == t)
			strbuf_add(&tick_text[ntick], vn.buf, 5);
		else
			strbuf_adds(&tick_text[ntick], vn.buf + 11);
		strbuf_release(&vn);
		ticks[ntick].x = t;
		ticks[ntick].label = tick_text[ntick].buf;
		ntick++;
	}
	pd = cumulate(due, ndue);
	px = cumulate(done, ndone);
	memset(series, 0, sizeof(series));
	series[0].name = L(L_LINE_DUE);
	series[0].points = pd;
	series[0].n = ndue;
	series[0].dashed = 1;
	series[1].name = L(L_LINE_DONE);
	series[1].points = px;
	series[1].n = ndone;
	series[1].until = now;
	memset(&spec, 0, sizeof(spec));
	spec.title = L(L_LINES_TITLE);
	spec.xmin = first;
	spec.xmax = last;
	spec.series = series;
	spec.nseries = 2;
	spec.ticks = ticks;
	spec.nticks = ntick;
	spec.has_mark = 1;
	spec.mark_x = now;
	spec.mark_label = L(L_MARK);

	strbuf_addf(md, "\n## %s\n\n", L(L_OVER_TIME));
	chart_steps(&svg, &spec);
	render_doc_figure(doc, svg.buf, L(L_LINES_CAPTION));
	strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
		    "| --- | ---: | ---: | ---: | ---: |\n", L(L_DAY),
		    L(L_DUE_DAY), L(L_DONE_DAY), L(L_DUE_SUM), L(L_DONE_SUM));
	for (t = first; t < last; t = clock_add_days(t, 1, off)) {
		instant_t next = clock_add_days(t, 1, off);
		int64_t d = count_until(due, ndue, &id, next);
		int64_t x = count_until(done, ndone, &ix, next);

		due_sum += d;
		done_sum += x;
		if (shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_adds(md, "| ");
		if (lang == REPORT_VI) {
			struct strbuf vn = STRBUF_INIT;

			clock_format_dmy(&vn, t, off);
			strbuf_add(md, vn.buf, 10);
			strbuf_release(&vn);
		} else {
			clock_format_date(md, t, off);
		}
		strbuf_addf(md, " | %lld | %lld | %lld | %lld |\n",
			    (long long)d, (long long)x, (long long)due_sum,
			    (long long)done_sum);
	}
	report_cap_note(md, L(L_MORE_DAYS), shown, REPORT_MAX_ROWS);

	for (i = 0; i < ntick; i++)
		strbuf_release(&tick_text[i]);
	free(tick_text);
	free(ticks);
	free(pd);
	free(px);
	strbuf_release(&svg);
}

static void task_row(struct strbuf *md, const struct store_task *t,
		     const struct store_run *run, instant_t now,
		     enum report_lang lang)
{
	strbuf_adds(md, "| ");
	report_when(md, t->due, run, lang);
	strbuf_adds(md, " | `");
	strbuf_adds(md, t->key);    /* keys are ascii slugs: safe in code */
	strbuf_adds(md, "` ");
	report_escape(md, t->title);
	strbuf_adds(md, " | ");
	report_escape(md, t->unit_name ? t->unit_name : t->unit_id);
	strbuf_adds(md, " | ");
	report_escape(md, t->recipient_name ? t->recipient_name :
		      t->recipient ? t->recipient : "–");
	strbuf_adds(md, " | ");
	strbuf_adds(md, store_task_late(t, now) && !strcmp(t->state, "pending") ?
		    C(RL_LATE_LC) : report_state_label(t->state, lang));
	if (t->state_comment && strcmp(t->state, "pending")) {
		strbuf_adds(md, ": ");
		report_escape(md, t->state_comment);
	}
	strbuf_adds(md, " |\n");
}

static int gates_section(struct strbuf *md, struct store *st,
			 const struct store_run *run, instant_t now,
			 enum report_lang lang, struct err *err)
{
	struct store_task_filter gates;
	struct store_task *tasks;
	size_t ntasks, i;

	memset(&gates, 0, sizeof(gates));
	gates.gates = 1;
	gates.now = now;
	if (store_tasks(st, run->id, &gates, &tasks, &ntasks, err))
		return -1;
	strbuf_addf(md, "\n## %s\n\n", L(L_GATES));
	for (i = 0; i < ntasks; i++) {
		if (!i)
			strbuf_addf(md, "| %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- |\n", C(RL_DUE),
				    L(L_GATE), C(RL_UNIT), C(RL_STATE));
		strbuf_adds(md, "| ");
		report_when(md, tasks[i].due, run, lang);
		strbuf_addf(md, " | `%s` ", tasks[i].key);
		report_escape(md, tasks[i].title);
		strbuf_adds(md, " | ");
		report_escape(md, tasks[i].unit_name ? tasks[i].unit_name :
			      tasks[i].unit_id);
		strbuf_addf(md, " | %s", report_state_label(tasks[i].state, lang));
		if (tasks[i].open_requires)
			strbuf_addf(md, " (%d %s)", tasks[i].open_requires,
				    L(L_OPEN_REQ));
		strbuf_adds(md, " |\n");
	}
	if (!ntasks)
		strbuf_addf(md, "%s\n", L(L_NO_GATE));
	store_tasks_free(tasks, ntasks);
	return 0;
}

/* The late, blocked and failed tasks: the first REPORT_MAX_ROWS by due. */
static int late_section(struct strbuf *md, struct store *st,
			const struct store_run *run, int64_t nstuck,
			instant_t now, enum report_lang lang, struct err *err)
{
	struct store_task_filter stuck;
	struct store_task *tasks;
	size_t ntasks, i;

	memset(&stuck, 0, sizeof(stuck));
	stuck.stuck = 1;
	stuck.now = now;
	stuck.limit = REPORT_MAX_ROWS;
	if (store_tasks(st, run->id, &stuck, &tasks, &ntasks, err))
		return -1;
	strbuf_addf(md, "\n## %s\n\n", L(L_LATE_TASKS));
	for (i = 0; i < ntasks; i++) {
		if (!i)
			strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | --- |\n",
				    C(RL_DUE), C(RL_TASK), C(RL_UNIT),
				    C(RL_RECIPIENT), C(RL_STATE));
		task_row(md, &tasks[i], run, now, lang);
	}
	if (!ntasks)
		strbuf_addf(md, "%s\n", L(L_NO_LATE));
	report_cap_note(md, L(L_MORE), (size_t)nstuck, REPORT_MAX_ROWS);
	store_tasks_free(tasks, ntasks);
	return 0;
}

static int duty_section(struct strbuf *md, struct store *st,
			const struct store_run *run, enum report_lang lang,
			struct err *err)
{
	struct duty_status *ds;
	size_t n, i, covered = 0, shown = 0;

	if (duty_coverage(st, run, NULL, NULL, &ds, &n, err))
		return -1;
	strbuf_addf(md, "\n## %s\n\n", L(L_DUTY));
	if (!n) {
		strbuf_addf(md, "%s\n", L(L_NO_DUTY));
		duty_status_free(ds, n);
		return 0;
	}
	for (i = 0; i < n; i++)
		covered += !ds[i].ngaps;
	strbuf_addf(md, "%s: ", L(L_DUTY_WINDOW));
	report_when(md, run->duty_from, run, lang);
	strbuf_adds(md, " – ");
	report_when(md, run->duty_to, run, lang);
	strbuf_adds(md, ". ");
	strbuf_addf(md, L(L_DUTY_COVERED), covered, n);
	strbuf_addch(md, '\n');
	for (i = 0; i < n; i++) {
		if (!ds[i].ngaps)
			continue;
		if (!shown)
			strbuf_addf(md, "\n| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | ---: | ---: | --- |\n",
				    C(RL_UNIT), L(L_ROLE), L(L_SHIFTS),
				    L(L_GAPS), L(L_FIRST_GAP));
		if (shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_adds(md, "| ");
		report_escape(md, ds[i].duty.unit_name);
		strbuf_adds(md, " | ");
		report_labelled(md, run, LABEL_ROLE, ds[i].duty.role, lang);
		strbuf_addf(md, " | %zu | %zu | ", ds[i].nshifts, ds[i].ngaps);
		report_when(md, ds[i].gaps[0].from, run, lang);
		strbuf_adds(md, " – ");
		report_when(md, ds[i].gaps[0].to, run, lang);
		strbuf_adds(md, " |\n");
	}
	report_cap_note(md, L(L_MORE_DUTIES), shown, REPORT_MAX_ROWS);
	duty_status_free(ds, n);
	return 0;
}

static void recipients_cell(struct strbuf *md, const struct store_issue *is)
{
	size_t i;

	for (i = 0; i < is->nrecipients; i++) {
		if (i)
			strbuf_adds(md, ", ");
		report_escape(md, is->recipient_names[i]);
	}
}

static int issue_section(struct strbuf *md, struct store *st,
			 const struct store_run *run, enum report_lang lang,
			 struct err *err)
{
	struct store_issue *is;
	size_t n, i, open = 0, shown = 0;

	if (store_issues(st, run->id, NULL, &is, &n, err))
		return -1;
	strbuf_addf(md, "\n## %s\n\n", L(L_ISSUES));
	for (i = 0; i < n; i++)
		open += !is[i].resolved;
	if (!open) {
		strbuf_addf(md, "%s\n", L(L_NO_ISSUES));
		store_issues_free(is, n);
		return 0;
	}
	strbuf_addf(md, L(L_ISSUES_OPEN), open, n - open);
	strbuf_addf(md, "\n\n| # | %s | %s | %s | %s | %s | %s |\n"
		    "| ---: | --- | --- | --- | --- | --- | --- |\n",
		    C(RL_RAISED), C(RL_UNIT), C(RL_SYSTEM), C(RL_SEVERITY),
		    C(RL_TEXT), C(RL_RECIPIENT));
	for (i = 0; i < n; i++) {
		if (is[i].resolved || shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_addf(md, "| %lld | ", (long long)is[i].number);
		report_when(md, is[i].raised_at, run, lang);
		strbuf_adds(md, " | ");
		report_escape(md, is[i].unit_name ? is[i].unit_name :
			      is[i].unit_id);
		strbuf_adds(md, " | ");
		report_labelled(md, run, LABEL_SYSTEM, is[i].system, lang);
		strbuf_adds(md, " | ");
		report_labelled(md, run, LABEL_SEVERITY, is[i].severity, lang);
		strbuf_adds(md, " | ");
		report_escape(md, is[i].text);
		strbuf_adds(md, " | ");
		recipients_cell(md, &is[i]);
		strbuf_adds(md, " |\n");
	}
	report_cap_note(md, L(L_MORE_ISSUES), shown, REPORT_MAX_ROWS);
	store_issues_free(is, n);
	return 0;
}

int report_readiness(struct store *st, const struct store_run *run,
		     instant_t now, enum report_lang lang,
		     struct render_doc *doc, struct err *err)
{
	struct store_tally tally;
	struct store_count *sections;
	size_t nsections;
	struct strbuf *md = &doc->md;
	int64_t total, done, late, blocked, events;
	char head[SEAL_HEX_LEN + 1];
	int ret = -1;

	if (store_tally(st, run->id, now, 1, &tally, err))
		return -1;
	if (store_ledger_head(st, &events, head, err))
		goto done;
	sections = tally.groups[STORE_BY_SECTION];
	nsections = tally.n[STORE_BY_SECTION];
	store_tally_sum(&tally, STORE_BY_SECTION, &total, &done, &late,
			&blocked);
	report_head(doc, L(L_TITLE), run, lang);
	report_time_line(md, C(RL_NOW), now, run, lang);
	if (report_run_lines(md, st, run, lang, err))
		goto done;

	strbuf_addf(md, "\n## %s\n\n| %s | %s | %s | %s | %s |\n"
		    "| ---: | ---: | ---: | ---: | ---: |\n| %lld | %lld | ",
		    L(L_SUMMARY), C(RL_DONE), C(RL_TOTAL), C(RL_PERCENT),
		    C(RL_LATE), C(RL_BLOCKED), (long long)done,
		    (long long)total);
	report_percent(md, done, total);
	strbuf_addf(md, " | %lld | %lld |\n", (long long)late,
		    (long long)blocked);
	section_bars(doc, sections, nsections, lang);

	{
		struct strbuf item = STRBUF_INIT;

		report_term(&item, run, LABEL_TERM_ITEM, lang, 0);
		strbuf_adds(md, "\n## ");
		strbuf_addf(md, L(L_BY_ITEM), item.buf);
		strbuf_adds(md, "\n\n");
		strbuf_release(&item);
	}
	counts_table(md, run, NULL, 1, tally.groups[STORE_BY_DIRECTIVE],
		     tally.n[STORE_BY_DIRECTIVE], lang);
	strbuf_addf(md, "\n## %s\n\n", L(L_BY_SECTION));
	counts_table(md, run, C(RL_SECTION), 0, sections, nsections, lang);
	over_time(doc, run, &tally, now, lang);

	render_doc_break(doc);
	if (gates_section(md, st, run, now, lang, err) ||
	    late_section(md, st, run, tally.all.stuck, now, lang, err))
		goto done;

	render_doc_break(doc);
	if (duty_section(md, st, run, lang, err) ||
	    issue_section(md, st, run, lang, err))
		goto done;

	render_doc_break(doc);
	strbuf_addf(md, "\n## %s\n\n", L(L_BY_UNIT));
	qsort(tally.groups[STORE_BY_UNIT], tally.n[STORE_BY_UNIT],
	      sizeof(struct store_count), store_count_least_ready);
	counts_table(md, run, C(RL_UNIT), 0, tally.groups[STORE_BY_UNIT],
		     tally.n[STORE_BY_UNIT], lang);

	strbuf_addf(md, "\n## %s\n\n- %s: %lld\n- %s: `%s`\n- %s: "
		    "`cutover verify`\n", L(L_LEDGER), L(L_EVENTS),
		    (long long)events, L(L_HEAD), head, L(L_VERIFY));
	ret = 0;
done:
	store_tally_release(&tally);
	return ret;
}
