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
#include "store_report.h"
#include "xalloc.h"
#include "banned.h"

enum label {
	L_TITLE, L_SUMMARY, L_BY_ITEM, L_ITEM, L_BY_SECTION, L_GATES,
	L_GATE, L_NO_GATE, L_LATE_TASKS, L_NO_LATE, L_MORE, L_BY_UNIT,
	L_LEDGER, L_EVENTS, L_HEAD, L_VERIFY, L_OPEN_REQ, L_DUTY,
	L_DUTY_WINDOW, L_DUTY_COVERED, L_NO_DUTY, L_ROLE, L_SHIFTS, L_GAPS,
	L_FIRST_GAP, L_MORE_DUTIES, L_ISSUES, L_NO_ISSUES, L_MORE_ISSUES,
	L_ISSUES_OPEN, L_BARS_TITLE, L_BARS_CAPTION, L_OVER_TIME, L_DAY,
	L_DUE_DAY, L_DONE_DAY, L_DUE_SUM, L_DONE_SUM, L_LINES_TITLE,
	L_LINES_CAPTION, L_LINE_DUE, L_LINE_DONE, L_MARK, L_MORE_DAYS,
	L_SPAN_TITLE, L_SPAN_CAPTION, L_LOCAL_TIME, L_TASKS_AXIS,
	L_LONGEST_GAP, L_DETAILS, L_APPENDIX_ITEMS, L_APPENDIX_UNITS,
	L_APPENDIX_GATES, L_APPENDIX_RUN, L_KEY, L_VERIFY_HEAD,
	L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_TITLE] = { "Báo cáo mức độ sẵn sàng", "Readiness report" },
	[L_SUMMARY] = { "Tổng quan", "Summary" },
	[L_BY_ITEM] = { "Theo nội dung của văn bản chỉ đạo",
			"By directive item" },
	[L_ITEM] = { "Nội dung", "Item" },
	[L_BY_SECTION] = { "Theo phần", "By section" },
	[L_GATES] = { "Điểm quyết định (go/no-go)", "Go/no-go gates" },
	[L_GATE] = { "Điểm quyết định", "Gate" },
	[L_NO_GATE] = { "Runbook không có điểm quyết định.",
			"The runbook has no gate." },
	[L_LATE_TASKS] = { "Nhiệm vụ trễ hạn hoặc bị chặn",
			   "Late and blocked tasks" },
	[L_NO_LATE] = { "Không có nhiệm vụ trễ hạn hoặc bị chặn.",
			"No task is late or blocked." },
	[L_MORE] = { "và %zu nhiệm vụ khác (xem `cutover status --late`).",
		     "and %zu more (see `cutover status --late`)." },
	[L_BY_UNIT] = { "Mức sẵn sàng theo đơn vị (kém nhất trước)",
			"Readiness per unit (least ready first)" },
	[L_LEDGER] = { "Sổ cái (chuỗi băm)", "Ledger (hash chain)" },
	[L_EVENTS] = { "Số sự kiện", "Events" },
	[L_HEAD] = { "Mã băm cuối", "Head hash" },
	[L_VERIFY] = { "Kiểm tra bằng lệnh", "Verify with" },
	[L_VERIFY_HEAD] = { "và mã băm cuối ở trên",
			    "and the head hash above" },
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
	[L_LONGEST_GAP] = { "Dài nhất", "Longest" },
	[L_MORE_DUTIES] = { "và %zu đơn vị khác (mọi khoảng trống: `cutover roster gaps`).",
			    "and %zu more units (every gap: `cutover roster gaps`)." },
	[L_ISSUES] = { "Khó khăn, vướng mắc chưa được xử lý",
		       "Open difficulties" },
	[L_NO_ISSUES] = { "Không có khó khăn, vướng mắc nào đang mở.",
			  "No difficulty is open." },
	[L_MORE_ISSUES] = { "và %zu vướng mắc khác (xem `cutover issue list --open`).",
			    "and %zu more (see `cutover issue list --open`)." },
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
			      " và đã hoàn thành (nét liền), từ 24 giờ trước"
			      " đến 24 giờ sau thời điểm lập báo cáo",
			      "Figure 2. Tasks due (dashed) and done (solid),"
			      " cumulative, from 24 hours before to 24 hours"
			      " after the report time" },
	[L_SPAN_TITLE] = { "Toàn bộ lượt chạy", "The whole run" },
	[L_SPAN_CAPTION] = { "Hình 3. Cùng số liệu trên toàn bộ lượt chạy;"
			     " vùng tô màu là khoảng thời gian của Hình 2",
			     "Figure 3. The same over the whole run; the"
			     " shaded band is the span of Figure 2" },
	[L_LOCAL_TIME] = { "giờ địa phương", "local time" },
	[L_TASKS_AXIS] = { "Nhiệm vụ", "Tasks" },
	[L_LINE_DUE] = { "Đến hạn (lũy kế)", "Due (cumulative)" },
	[L_LINE_DONE] = { "Hoàn thành (lũy kế)", "Done (cumulative)" },
	[L_MARK] = { "Thời điểm lập báo cáo", "Report time" },
	[L_MORE_DAYS] = { "và %zu ngày khác.", "and %zu more days." },
	[L_APPENDIX_ITEMS] = { "Phụ lục A. Theo nội dung của văn bản chỉ đạo",
			       "Appendix A. By directive item" },
	[L_APPENDIX_UNITS] = { "Phụ lục B. Mọi đơn vị (bị chặn trước, rồi kém"
			       " sẵn sàng nhất)",
			       "Appendix B. Every unit (blocked first, then"
			       " least ready)" },
	[L_APPENDIX_GATES] = { "Phụ lục C. Điểm quyết định và mã nhiệm vụ",
			       "Appendix C. Gates and their task keys" },
	[L_APPENDIX_RUN] = { "Phụ lục D. Lượt chạy, phiên bản và sổ cái",
			     "Appendix D. The run, its version and ledger" },
	[L_KEY] = { "Mã nhiệm vụ", "Task key" },
};

#define L(x) labels[x][lang]
#define C(x) report_label(x, lang)

#define DAY 86400
/* The main chart shows this much before and after the report time. */
#define WINDOW DAY

/* Counts per group: the name, then what is stopped and late (a phone
 * shows the first columns first), then the share, done and total. */
static void counts_table(struct strbuf *md, const char *first_column,
			 const struct store_count *c, size_t n,
			 enum report_lang lang)
{
	size_t i;

	strbuf_addf(md, "| %s | %s | %s | %s | %s | %s |\n"
		    "| --- | ---: | ---: | ---: | ---: | ---: |\n",
		    first_column, C(RL_BLOCKED), C(RL_LATE), C(RL_PERCENT),
		    C(RL_DONE), C(RL_TOTAL));
	for (i = 0; i < n; i++) {
		strbuf_adds(md, "| ");
		report_escape(md, c[i].label && *c[i].label ? c[i].label : "–");
		strbuf_addf(md, " | %lld | %lld | ",
			    (long long)(c[i].blocked + c[i].failed),
			    (long long)c[i].late);
		report_percent(md, c[i].done + c[i].skipped, c[i].total);
		strbuf_addf(md, " | %lld | %lld |\n",
			    (long long)(c[i].done + c[i].skipped),
			    (long long)c[i].total);
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
 * Ticks from a local midnight every `every` seconds over [from, to]:
 * the date at midnight, else the time of day.  The labels live in
 * texts (n of them); release both with free_ticks.
 */
static size_t make_ticks(instant_t from, instant_t to, instant_t every,
			 const struct store_run *run, enum report_lang lang,
			 struct chart_tick **ticks, struct strbuf **texts)
{
	int off = run->offset_minutes;
	instant_t t = clock_local_midnight(from, off);
	size_t n = 0, max = (size_t)((to - t) / every) + 2;

	*ticks = xcalloc(max, sizeof(**ticks));
	*texts = xcalloc(max, sizeof(**texts));
	for (; t <= to && n < max; t += every) {
		if (t < from)
			continue;
		strbuf_init(&(*texts)[n]);
		if (clock_local_midnight(t, off) == t)
			report_day_month(&(*texts)[n], t, run, lang);
		else
			report_time_of_day(&(*texts)[n], t, run);
		(*ticks)[n].x = t;
		(*ticks)[n].label = (*texts)[n].buf;
		n++;
	}
	return n;
}

static void free_ticks(struct chart_tick *ticks, struct strbuf *texts,
		       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_release(&texts[i]);
	free(texts);
	free(ticks);
}

/* "Hình 2. ... (giờ UTC+07:00)." */
static void chart_caption(struct strbuf *out, const char *text,
			  const struct store_run *run, enum report_lang lang)
{
	strbuf_addf(out, "%s (%s UTC", text, L(L_LOCAL_TIME));
	clock_format_offset(out, run->offset_minutes);
	strbuf_adds(out, ").");
}

/*
 * Tasks due and tasks done over time: a line chart of the day around
 * the report time (what was due this evening, what comes tonight), the
 * whole run as a small chart under it with that day shaded, and, in
 * the Markdown, the same numbers day by day.
 */
static void over_time(struct render_doc *doc, const struct store_run *run,
		      const struct store_tally *tally, instant_t now,
		      enum report_lang lang)
{
	struct strbuf *md = &doc->md, svg = STRBUF_INIT, cap = STRBUF_INIT;
	const struct store_instant_count *due = tally->due;
	const struct store_instant_count *done = tally->settled;
	size_t ndue = tally->ndue, ndone = tally->nsettled;
	size_t id = 0, ix = 0, nwin, nall;
	size_t days, shown = 0;
	struct chart_point *pd, *px;
	struct chart_series series[2];
	struct chart_tick *win_ticks, *all_ticks;
	struct strbuf *win_text, *all_text;
	struct chart_mark marks[2];
	struct chart_steps spec;
	instant_t first, last, t, tick_step;
	int64_t due_sum = 0, done_sum = 0;
	int off = run->offset_minutes;

	first = run->started_at < now ? run->started_at : now;
	if (ndue && due[0].at < first)
		first = due[0].at;
	if (ndone && done[0].at < first)
		first = done[0].at;
	last = now;
	if (ndue && due[ndue - 1].at > last)
		last = due[ndue - 1].at;
	first = clock_local_midnight(first, off);
	last = clock_local_midnight(last, off) + DAY;
	days = (size_t)((last - first) / DAY);

	/* The whole run: ticks every 6 hours over two days at most, else by days. */
	tick_step = days <= 2 ? DAY / 4 : days <= 10 ? DAY :
		days <= 20 ? 2 * DAY : 7 * DAY;
	nall = make_ticks(first, last, tick_step, run, lang, &all_ticks,
			  &all_text);
	nwin = make_ticks(now - WINDOW, now + WINDOW, DAY / 4, run, lang,
			  &win_ticks, &win_text);
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
	marks[0].x = now;
	marks[0].label = L(L_MARK);
	marks[1].x = run->t0;
	marks[1].label = "T0";
	memset(&spec, 0, sizeof(spec));
	spec.title = L(L_LINES_TITLE);
	spec.xmin = now - WINDOW;
	spec.xmax = now + WINDOW;
	spec.series = series;
	spec.nseries = 2;
	spec.ticks = win_ticks;
	spec.nticks = nwin;
	spec.marks = marks;
	spec.nmarks = 2;
	spec.y_label = L(L_TASKS_AXIS);

	strbuf_addf(md, "\n## %s\n\n", L(L_OVER_TIME));
	chart_steps(&svg, &spec);
	chart_caption(&cap, L(L_LINES_CAPTION), run, lang);
	render_doc_figure(doc, svg.buf, cap.buf);

	/* The whole run, small, the window above shaded. */
	strbuf_reset(&svg);
	strbuf_reset(&cap);
	spec.title = L(L_SPAN_TITLE);
	spec.xmin = first;
	spec.xmax = last;
	spec.ticks = all_ticks;
	spec.nticks = nall;
	spec.nmarks = 1;
	spec.small = 1;
	spec.has_band = 1;
	spec.band_from = now - WINDOW;
	spec.band_to = now + WINDOW;
	chart_steps(&svg, &spec);
	chart_caption(&cap, L(L_SPAN_CAPTION), run, lang);
	render_doc_figure(doc, svg.buf, cap.buf);

	strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
		    "| --- | ---: | ---: | ---: | ---: |\n", L(L_DAY),
		    L(L_DUE_DAY), L(L_DONE_DAY), L(L_DUE_SUM), L(L_DONE_SUM));
	for (t = first; t < last; t += DAY) {
		int64_t d = count_until(due, ndue, &id, t + DAY);
		int64_t x = count_until(done, ndone, &ix, t + DAY);

		due_sum += d;
		done_sum += x;
		if (shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_adds(md, "| ");
		if (lang == REPORT_VI) {
			struct strbuf vn = STRBUF_INIT;

			clock_format_vn(&vn, t, off);
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

	free_ticks(win_ticks, win_text, nwin);
	free_ticks(all_ticks, all_text, nall);
	free(pd);
	free(px);
	strbuf_release(&svg);
	strbuf_release(&cap);
}

/* A late or stopped task: who, where it stands, what, by when, for whom. */
static void task_row(struct strbuf *md, const struct store_task *t,
		     const struct store_run *run, instant_t now,
		     enum report_lang lang)
{
	strbuf_adds(md, "| ");
	report_escape(md, t->unit_name ? t->unit_name : t->unit_id);
	strbuf_adds(md, " | ");
	report_task_state(md, t, now, lang);
	strbuf_adds(md, " | ");
	report_escape(md, t->title);
	strbuf_adds(md, " | ");
	report_when(md, t->due, run, lang);
	strbuf_adds(md, " | ");
	report_escape(md, t->recipient_name ? t->recipient_name :
		      t->recipient ? t->recipient : "–");
	strbuf_adds(md, " |\n");
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
	stuck.no_requires = 1;
	if (store_tasks(st, run->id, &stuck, &tasks, &ntasks, err))
		return -1;
	strbuf_addf(md, "\n## %s\n\n", L(L_LATE_TASKS));
	for (i = 0; i < ntasks; i++) {
		if (!i)
			strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | --- |\n",
				    C(RL_UNIT), C(RL_STATE), C(RL_TASK),
				    C(RL_DUE), C(RL_RECIPIENT));
		task_row(md, &tasks[i], run, now, lang);
	}
	if (!ntasks)
		strbuf_addf(md, "%s\n", L(L_NO_LATE));
	report_cap_note(md, L(L_MORE), (size_t)nstuck, REPORT_MAX_ROWS);
	store_tasks_free(tasks, ntasks);
	return 0;
}

/*
 * The duty window's coverage, one row per unit with gaps: the roles it
 * leaves open, how many gaps, the first and the longest (every gap of
 * every role: `cutover roster gaps`).
 */
static int duty_section(struct strbuf *md, struct store *st,
			const struct store_run *run, enum report_lang lang,
			struct err *err)
{
	struct duty_status *ds;
	size_t n, i, j, k, covered = 0, units = 0, shown = 0;

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
	/* The duties come by unit, then role: a unit is a run of them. */
	for (i = 0; i < n; i = j) {
		size_t gaps = 0;
		const struct interval *first = NULL, *longest = NULL;
		int roles = 0;

		for (j = i; j < n && !strcmp(ds[j].duty.unit_id,
					     ds[i].duty.unit_id); j++)
			for (k = 0; k < ds[j].ngaps; k++) {
				const struct interval *g = &ds[j].gaps[k];

				gaps++;
				if (!first || g->from < first->from)
					first = g;
				if (!longest || g->to - g->from >
				    longest->to - longest->from)
					longest = g;
			}
		if (!gaps)
			continue;
		units++;
		if (!shown)
			strbuf_addf(md, "\n| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | ---: | --- | --- |\n",
				    C(RL_UNIT), L(L_ROLE), L(L_GAPS),
				    L(L_FIRST_GAP), L(L_LONGEST_GAP));
		if (shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_adds(md, "| ");
		report_escape(md, ds[i].duty.unit_name);
		strbuf_adds(md, " | ");
		for (k = i; k < j; k++) {
			if (!ds[k].ngaps)
				continue;
			if (roles++)
				strbuf_adds(md, ", ");
			report_escape(md, ds[k].duty.role);
		}
		strbuf_addf(md, " | %zu | ", gaps);
		report_when(md, first->from, run, lang);
		strbuf_adds(md, " – ");
		report_when(md, first->to, run, lang);
		strbuf_adds(md, " | ");
		clock_format_duration(md, longest->to - longest->from);
		strbuf_adds(md, " |\n");
	}
	report_cap_note(md, L(L_MORE_DUTIES), units, REPORT_MAX_ROWS);
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
		report_escape(md, is[i].system);
		strbuf_adds(md, " | ");
		report_escape(md, is[i].severity);
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

/* Blocked or failed first, then least ready (store_count_least_ready). */
static int cmp_unit_count(const void *a, const void *b)
{
	const struct store_count *x = a, *y = b;
	int sx = x->blocked + x->failed > 0, sy = y->blocked + y->failed > 0;

	if (sx != sy)
		return sx ? -1 : 1;
	return store_count_least_ready(a, b);
}

/* The counts per directive item, each item with its title. */
static int items_table(struct strbuf *md, struct store *st,
		       const struct store_run *run,
		       const struct store_tally *tally, enum report_lang lang,
		       struct err *err)
{
	const struct store_count *c = tally->groups[STORE_BY_DIRECTIVE];
	struct store_report_item *items;
	size_t n = tally->n[STORE_BY_DIRECTIVE], nitems, i, k;

	if (store_report_items(st, run->id, &items, &nitems, err))
		return -1;
	strbuf_addf(md, "\n## %s\n\n| %s | %s | %s | %s | %s | %s |\n"
		    "| --- | ---: | ---: | ---: | ---: | ---: |\n",
		    L(L_APPENDIX_ITEMS), L(L_ITEM), C(RL_BLOCKED), C(RL_LATE),
		    C(RL_PERCENT), C(RL_DONE), C(RL_TOTAL));
	for (i = 0; i < n; i++) {
		strbuf_adds(md, "| ");
		report_escape(md, c[i].label && *c[i].label ? c[i].label : "–");
		for (k = 0; k < nitems; k++)
			if (c[i].key && !strcmp(items[k].id, c[i].key)) {
				strbuf_adds(md, " — ");
				report_escape(md, items[k].title);
				break;
			}
		strbuf_addf(md, " | %lld | %lld | ",
			    (long long)(c[i].blocked + c[i].failed),
			    (long long)c[i].late);
		report_percent(md, c[i].done + c[i].skipped, c[i].total);
		strbuf_addf(md, " | %lld | %lld |\n",
			    (long long)(c[i].done + c[i].skipped),
			    (long long)c[i].total);
	}
	store_report_items_free(items, nitems);
	return 0;
}

/* Appendix C: each gate with its task key, state and open requirements. */
static int gates_appendix(struct strbuf *md, struct store *st,
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
	strbuf_addf(md, "\n## %s\n\n", L(L_APPENDIX_GATES));
	for (i = 0; i < ntasks; i++) {
		if (!i)
			strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | --- |\n",
				    L(L_GATE), C(RL_STATE), C(RL_DUE),
				    C(RL_UNIT), L(L_KEY));
		strbuf_adds(md, "| ");
		report_escape(md, tasks[i].title);
		strbuf_addf(md, " | %s", report_state_label(tasks[i].state, lang));
		if (tasks[i].open_requires)
			strbuf_addf(md, " (%d %s)", tasks[i].open_requires,
				    L(L_OPEN_REQ));
		strbuf_adds(md, " | ");
		report_when(md, tasks[i].due, run, lang);
		strbuf_adds(md, " | ");
		report_escape(md, tasks[i].unit_name ? tasks[i].unit_name :
			      tasks[i].unit_id);
		strbuf_addf(md, " | `%s` |\n", tasks[i].key);
	}
	if (!ntasks)
		strbuf_addf(md, "%s\n", L(L_NO_GATE));
	store_tasks_free(tasks, ntasks);
	return 0;
}

/*
 * The report: a first page that decides (the verdict, report_first.c,
 * and the summary with its chart), the details (units not ready, the
 * sections, progress over time, what is late, the duty, the
 * difficulties), then an appendix for the identifiers: per directive
 * item, every unit, the gates' task keys, the run's commit and ledger.
 */
int report_readiness(struct store *st, const struct store_run *run,
		     instant_t now, enum report_lang lang,
		     struct render_doc *doc, struct err *err)
{
	struct store_tally tally;
	struct report_decision *dec = NULL;
	struct store_count *sections;
	size_t nsections;
	struct strbuf *md = &doc->md;
	int64_t total, done, late, blocked;
	int ret = -1;

	if (store_tally_open(st, run->id, now, report_t0_bound(run, now), 1,
			     &tally, err))
		return -1;
	/* Before the units are sorted: the decision takes registry order. */
	if (report_decide_tally(st, run, now, &tally, &dec, err))
		goto done;
	sections = tally.groups[STORE_BY_SECTION];
	nsections = tally.n[STORE_BY_SECTION];
	store_tally_sum(&tally, STORE_BY_SECTION, &total, &done, &late,
			&blocked);
	report_head(doc, L(L_TITLE), run, lang);
	report_time_line(md, C(RL_NOW), now, run, lang);

	/* The first page. */
	if (report_decision_verdict(md, st, dec, NULL, lang, err))
		goto done;
	strbuf_addf(md, "\n## %s\n\n| %s | %s | %s | %s | %s |\n"
		    "| ---: | ---: | ---: | ---: | ---: |\n| %lld | %lld | ",
		    L(L_SUMMARY), C(RL_BLOCKED), C(RL_LATE), C(RL_PERCENT),
		    C(RL_DONE), C(RL_TOTAL), (long long)blocked,
		    (long long)late);
	report_percent(md, done, total);
	strbuf_addf(md, " | %lld | %lld |\n", (long long)done,
		    (long long)total);
	section_bars(doc, sections, nsections, lang);

	/* The details. */
	render_doc_break(doc);
	report_decision_units(md, dec, lang);
	strbuf_addf(md, "\n## %s\n\n", L(L_BY_SECTION));
	counts_table(md, C(RL_SECTION), sections, nsections, lang);
	over_time(doc, run, &tally, now, lang);
	if (late_section(md, st, run, tally.all.stuck, now, lang, err) ||
	    duty_section(md, st, run, lang, err) ||
	    issue_section(md, st, run, lang, err))
		goto done;

	/* The appendix: identifiers and the tables a leader need not read. */
	render_doc_break(doc);
	if (items_table(md, st, run, &tally, lang, err))
		goto done;
	strbuf_addf(md, "\n## %s\n\n", L(L_APPENDIX_UNITS));
	qsort(tally.groups[STORE_BY_UNIT], tally.n[STORE_BY_UNIT],
	      sizeof(struct store_count), cmp_unit_count);
	counts_table(md, C(RL_UNIT), tally.groups[STORE_BY_UNIT],
		     tally.n[STORE_BY_UNIT], lang);
	if (gates_appendix(md, st, run, now, lang, err))
		goto done;
	strbuf_addf(md, "\n## %s\n\n", L(L_APPENDIX_RUN));
	if (report_run_lines(md, st, run, lang, err))
		goto done;
	strbuf_addf(md, "- %s: `cutover verify --head` %s\n", L(L_VERIFY),
		    L(L_VERIFY_HEAD));
	ret = 0;
done:
	report_decision_free(dec);
	store_tally_release(&tally);
	return ret;
}
