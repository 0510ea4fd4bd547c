/*
 * Report writing.  Reports are Markdown (GFM tables); labels come in
 * Vietnamese or English from one table, so both languages always carry
 * the same content.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "duty.h"
#include "xalloc.h"
#include "banned.h"

enum label {
	L_TITLE, L_DIRECTIVE, L_T0, L_NOW, L_RUN, L_VERSION, L_NO_GIT,
	L_UNCOMMITTED, L_REHEARSAL, L_LIVE, L_SUMMARY, L_DONE, L_TOTAL,
	L_LATE, L_BLOCKED, L_BY_ITEM, L_ITEM, L_BY_SECTION, L_SECTION,
	L_GATES, L_GATE, L_DUE, L_STATE, L_NO_GATE, L_LATE_TASKS, L_TASK,
	L_UNIT, L_RECIPIENT, L_NO_LATE, L_MORE, L_BY_UNIT, L_KIND,
	L_LEDGER, L_EVENTS, L_HEAD, L_VERIFY, L_OPEN_REQ, L_READY, L_PERCENT,
	L_DUTY, L_DUTY_WINDOW, L_DUTY_COVERED, L_NO_DUTY, L_ROLE, L_SHIFTS,
	L_GAPS, L_FIRST_GAP, L_MORE_DUTIES, L_ISSUES, L_NO_ISSUES, L_SYSTEM,
	L_SEVERITY, L_TEXT, L_RAISED, L_MORE_ISSUES, L_ISSUES_OPEN,
	L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_TITLE] = { "Báo cáo mức độ sẵn sàng", "Readiness report" },
	[L_DIRECTIVE] = { "Văn bản chỉ đạo", "Directive" },
	[L_T0] = { "Thời điểm ngắt chuyển (T0)", "Cutover instant (T0)" },
	[L_NOW] = { "Thời điểm lập báo cáo", "Report time" },
	[L_RUN] = { "Lượt chạy", "Run" },
	[L_VERSION] = { "Phiên bản runbook", "Runbook version" },
	[L_NO_GIT] = { "không nằm trong kho git", "not in a git repository" },
	[L_UNCOMMITTED] = { "có thay đổi chưa commit",
			    "with uncommitted changes" },
	[L_REHEARSAL] = { "diễn tập", "rehearsal" },
	[L_LIVE] = { "chính thức", "live" },
	[L_SUMMARY] = { "Tổng quan", "Summary" },
	[L_DONE] = { "Hoàn thành", "Done" },
	[L_TOTAL] = { "Tổng số", "Total" },
	[L_LATE] = { "Trễ hạn", "Late" },
	[L_BLOCKED] = { "Bị chặn/không đạt", "Blocked/failed" },
	[L_BY_ITEM] = { "Theo nội dung của văn bản chỉ đạo",
			"By directive item" },
	[L_ITEM] = { "Nội dung", "Item" },
	[L_BY_SECTION] = { "Theo phần", "By section" },
	[L_SECTION] = { "Phần", "Section" },
	[L_GATES] = { "Điểm quyết định (go/no-go)", "Go/no-go gates" },
	[L_GATE] = { "Điểm quyết định", "Gate" },
	[L_DUE] = { "Hạn", "Due" },
	[L_STATE] = { "Trạng thái", "State" },
	[L_NO_GATE] = { "Runbook không có điểm quyết định.",
			"The runbook has no gate." },
	[L_LATE_TASKS] = { "Nhiệm vụ trễ hạn hoặc bị chặn",
			   "Late and blocked tasks" },
	[L_TASK] = { "Nhiệm vụ", "Task" },
	[L_UNIT] = { "Đơn vị", "Unit" },
	[L_RECIPIENT] = { "Gửi đến", "Report to" },
	[L_NO_LATE] = { "Không có nhiệm vụ trễ hạn hoặc bị chặn.",
			"No task is late or blocked." },
	[L_MORE] = { "và %zu nhiệm vụ khác (xem `cutover status --late`).",
		     "and %zu more (see `cutover status --late`)." },
	[L_BY_UNIT] = { "Mức sẵn sàng theo đơn vị (kém nhất trước)",
			"Readiness per unit (least ready first)" },
	[L_KIND] = { "Loại", "Kind" },
	[L_LEDGER] = { "Sổ cái (chuỗi băm)", "Ledger (hash chain)" },
	[L_EVENTS] = { "Số sự kiện", "Events" },
	[L_HEAD] = { "Mã băm cuối", "Head hash" },
	[L_VERIFY] = { "Kiểm tra bằng lệnh", "Verify with" },
	[L_OPEN_REQ] = { "điều kiện chưa đạt", "requirements open" },
	[L_READY] = { "sẵn sàng", "ready" },
	[L_PERCENT] = { "Tỷ lệ", "Share" },
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
	[L_MORE_DUTIES] = { "và %zu nhiệm vụ trực khác (xem `cutover roster gaps`).",
			    "and %zu more (see `cutover roster gaps`)." },
	[L_ISSUES] = { "Khó khăn, vướng mắc chưa được xử lý",
		       "Open difficulties" },
	[L_NO_ISSUES] = { "Không có khó khăn, vướng mắc nào đang mở.",
			  "No difficulty is open." },
	[L_SYSTEM] = { "Hệ thống", "System" },
	[L_SEVERITY] = { "Mức độ", "Severity" },
	[L_TEXT] = { "Nội dung", "Text" },
	[L_RAISED] = { "Ghi nhận lúc", "Raised" },
	[L_MORE_ISSUES] = { "và %zu vướng mắc khác (xem `cutover issue list --open`).",
			    "and %zu more (see `cutover issue list --open`)." },
	[L_ISSUES_OPEN] = { "%zu vướng mắc đang mở, %zu đã xử lý.",
			    "%zu open, %zu resolved." },
};

static const char *state_label(const char *state, enum report_lang lang)
{
	static const char *const states[][3] = {
		{ "pending", "chưa thực hiện", "pending" },
		{ "done", "hoàn thành", "done" },
		{ "skipped", "bỏ qua", "skipped" },
		{ "failed", "không đạt", "failed" },
		{ "blocked", "bị chặn", "blocked" },
	};
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (!strcmp(states[i][0], state))
			return states[i][1 + lang];
	return state;
}

#define L(x) labels[x][lang]

void report_escape(struct strbuf *out, const char *text)
{
	const unsigned char *p;

	if (!text)
		return;
	for (p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			strbuf_addch(out, ' ');
		} else if (*p < 0x20 || *p == 0x7f) {
			continue;
		} else if (strchr("\\`*_[]<>|~&", *p)) {
			/*
			 * Text never starts a line here, so only inline
			 * syntax matters: '&' would start an entity, '<' a
			 * tag or autolink, '[' a link, '|' a table cell.
			 */
			strbuf_addch(out, '\\');
			strbuf_addch(out, *p);
		} else {
			strbuf_addch(out, *p);
		}
	}
}

static void percent(struct strbuf *out, int64_t part, int64_t whole)
{
	if (!whole)
		strbuf_adds(out, "–");
	else
		strbuf_addf(out, "%lld%%", (long long)(part * 100 / whole));
}

static void when(struct strbuf *out, instant_t t, const struct store_run *run,
		 enum report_lang lang)
{
	if (lang == REPORT_VI)
		clock_format_vn(out, t, run->offset_minutes);
	else
		clock_format_local(out, t, run->offset_minutes);
}

static void title_block(struct strbuf *md, const struct store_run *run,
			instant_t now, enum report_lang lang)
{
	strbuf_addf(md, "# %s\n\n**", L(L_TITLE));
	report_escape(md, run->title);
	strbuf_adds(md, "**\n\n");
	if (run->directive) {
		strbuf_addf(md, "- %s: ", L(L_DIRECTIVE));
		report_escape(md, run->directive);
		strbuf_addch(md, '\n');
	}
	strbuf_addf(md, "- %s: ", L(L_T0));
	when(md, run->t0, run, lang);
	strbuf_adds(md, " (UTC");
	clock_format_offset(md, run->offset_minutes);
	strbuf_addf(md, ")\n- %s: ", L(L_NOW));
	when(md, now, run, lang);
	strbuf_adds(md, " (");
	strbuf_adds(md, now < run->t0 ? "T−" : "T+");
	clock_format_duration(md, now < run->t0 ? run->t0 - now :
			      now - run->t0);
	strbuf_addf(md, ")\n- %s: ", L(L_RUN));
	report_escape(md, run->name);
	strbuf_addf(md, " (%s)\n- %s: ", !strcmp(run->mode, "live") ?
		    L(L_LIVE) : L(L_REHEARSAL), L(L_VERSION));
	if (run->commit_id)
		strbuf_addf(md, "commit `%.12s`%s%s", run->commit_id,
			    run->dirty ? ", " : "",
			    run->dirty ? L(L_UNCOMMITTED) : "");
	else
		strbuf_adds(md, L(L_NO_GIT));
	strbuf_addch(md, '\n');
}

static void counts_table(struct strbuf *md, const char *first_column,
			 const struct store_count *c, size_t n,
			 enum report_lang lang)
{
	size_t i;

	strbuf_addf(md, "| %s | %s | %s | %s | %s | %s |\n"
		    "| --- | ---: | ---: | ---: | ---: | ---: |\n",
		    first_column, L(L_DONE), L(L_TOTAL), L(L_PERCENT),
		    L(L_LATE), L(L_BLOCKED));
	for (i = 0; i < n; i++) {
		strbuf_adds(md, "| ");
		report_escape(md, c[i].label && *c[i].label ? c[i].label : "–");
		strbuf_addf(md, " | %lld | %lld | ",
			    (long long)(c[i].done + c[i].skipped),
			    (long long)c[i].total);
		percent(md, c[i].done + c[i].skipped, c[i].total);
		strbuf_addf(md, " | %lld | %lld |\n", (long long)c[i].late,
			    (long long)(c[i].blocked + c[i].failed));
	}
}

static void task_row(struct strbuf *md, const struct store_task *t,
		     const struct store_run *run, instant_t now,
		     enum report_lang lang)
{
	strbuf_adds(md, "| ");
	when(md, t->due, run, lang);
	strbuf_adds(md, " | `");
	strbuf_adds(md, t->key);    /* keys are ascii slugs: safe in code */
	strbuf_adds(md, "` ");
	report_escape(md, t->title);
	strbuf_adds(md, " | ");
	report_escape(md, t->unit_name);
	strbuf_adds(md, " | ");
	report_escape(md, t->recipient_name ? t->recipient_name :
		      t->recipient ? t->recipient : "–");
	strbuf_adds(md, " | ");
	strbuf_adds(md, store_task_late(t, now) && !strcmp(t->state, "pending") ?
		    L(L_LATE) : state_label(t->state, lang));
	if (t->state_comment && strcmp(t->state, "pending")) {
		strbuf_adds(md, ": ");
		report_escape(md, t->state_comment);
	}
	strbuf_adds(md, " |\n");
}

static void cap_note(struct strbuf *md, const char *fmt, size_t shown,
		     size_t max_rows)
{
	if (shown <= max_rows)
		return;
	strbuf_addch(md, '\n');
	strbuf_addf(md, fmt, shown - max_rows);
	strbuf_addch(md, '\n');
}

static int duty_section(struct strbuf *md, struct store *st,
			const struct store_run *run, enum report_lang lang,
			size_t max_rows, struct err *err)
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
	when(md, run->duty_from, run, lang);
	strbuf_adds(md, " – ");
	when(md, run->duty_to, run, lang);
	strbuf_adds(md, ". ");
	strbuf_addf(md, L(L_DUTY_COVERED), covered, n);
	strbuf_addch(md, '\n');
	for (i = 0; i < n; i++) {
		if (!ds[i].ngaps)
			continue;
		if (!shown)
			strbuf_addf(md, "\n| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | ---: | ---: | --- |\n",
				    L(L_UNIT), L(L_ROLE), L(L_SHIFTS),
				    L(L_GAPS), L(L_FIRST_GAP));
		if (shown++ >= max_rows)
			continue;
		strbuf_adds(md, "| ");
		report_escape(md, ds[i].duty.unit_name);
		strbuf_addf(md, " | `%s` | %zu | %zu | ", ds[i].duty.role,
			    ds[i].nshifts, ds[i].ngaps);
		when(md, ds[i].gaps[0].from, run, lang);
		strbuf_adds(md, " – ");
		when(md, ds[i].gaps[0].to, run, lang);
		strbuf_adds(md, " |\n");
	}
	cap_note(md, L(L_MORE_DUTIES), shown, max_rows);
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
			 size_t max_rows, struct err *err)
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
		    L(L_RAISED), L(L_UNIT), L(L_SYSTEM), L(L_SEVERITY),
		    L(L_TEXT), L(L_RECIPIENT));
	for (i = 0; i < n; i++) {
		if (is[i].resolved || shown++ >= max_rows)
			continue;
		strbuf_addf(md, "| %lld | ", (long long)is[i].number);
		when(md, is[i].raised_at, run, lang);
		strbuf_adds(md, " | ");
		report_escape(md, is[i].unit_name ? is[i].unit_name :
			      is[i].unit_id);
		strbuf_addf(md, " | `%s` | `%s` | ", is[i].system,
			    is[i].severity);
		report_escape(md, is[i].text);
		strbuf_adds(md, " | ");
		recipients_cell(md, &is[i]);
		strbuf_adds(md, " |\n");
	}
	cap_note(md, L(L_MORE_ISSUES), shown, max_rows);
	store_issues_free(is, n);
	return 0;
}

int report_readiness(struct store *st, const struct store_run *run,
		     instant_t now, enum report_lang lang, struct strbuf *md,
		     struct err *err)
{
	struct store_count *items = NULL, *sections = NULL, *units = NULL;
	size_t nitems = 0, nsections = 0, nunits = 0, ntasks = 0, i, shown;
	struct store_task *tasks = NULL;
	struct store_task_filter all;
	int64_t total = 0, done = 0, late = 0, blocked = 0, events;
	char head[SEAL_HEX_LEN + 1];
	int ret = -1, any_gate = 0;
	const size_t max_rows = 200;

	memset(&all, 0, sizeof(all));
	all.now = now;
	if (store_counts(st, run->id, STORE_BY_DIRECTIVE, now, &items, &nitems,
			 err) ||
	    store_counts(st, run->id, STORE_BY_SECTION, now, &sections,
			 &nsections, err) ||
	    store_counts(st, run->id, STORE_BY_UNIT, now, &units, &nunits,
			 err) ||
	    store_tasks(st, run->id, &all, &tasks, &ntasks, err) ||
	    store_ledger_head(st, &events, head, err))
		goto done;
	for (i = 0; i < nsections; i++) {
		total += sections[i].total;
		done += sections[i].done + sections[i].skipped;
		late += sections[i].late;
		blocked += sections[i].blocked + sections[i].failed;
	}
	title_block(md, run, now, lang);

	strbuf_addf(md, "\n## %s\n\n| %s | %s | %s | %s | %s |\n"
		    "| ---: | ---: | ---: | ---: | ---: |\n| %lld | %lld | ",
		    L(L_SUMMARY), L(L_DONE), L(L_TOTAL), L(L_PERCENT),
		    L(L_LATE), L(L_BLOCKED), (long long)done,
		    (long long)total);
	percent(md, done, total);
	strbuf_addf(md, " | %lld | %lld |\n", (long long)late,
		    (long long)blocked);

	strbuf_addf(md, "\n## %s\n\n", L(L_BY_ITEM));
	counts_table(md, L(L_ITEM), items, nitems, lang);
	strbuf_addf(md, "\n## %s\n\n", L(L_BY_SECTION));
	counts_table(md, L(L_SECTION), sections, nsections, lang);

	strbuf_addf(md, "\n## %s\n\n", L(L_GATES));
	for (i = 0; i < ntasks; i++) {
		if (!tasks[i].gate)
			continue;
		if (!any_gate)
			strbuf_addf(md, "| %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- |\n", L(L_DUE),
				    L(L_GATE), L(L_UNIT), L(L_STATE));
		any_gate = 1;
		strbuf_adds(md, "| ");
		when(md, tasks[i].due, run, lang);
		strbuf_addf(md, " | `%s` ", tasks[i].key);
		report_escape(md, tasks[i].title);
		strbuf_adds(md, " | ");
		report_escape(md, tasks[i].unit_name);
		strbuf_addf(md, " | %s", state_label(tasks[i].state, lang));
		if (tasks[i].open_requires)
			strbuf_addf(md, " (%d %s)", tasks[i].open_requires,
				    L(L_OPEN_REQ));
		strbuf_adds(md, " |\n");
	}
	if (!any_gate)
		strbuf_addf(md, "%s\n", L(L_NO_GATE));

	strbuf_addf(md, "\n## %s\n\n", L(L_LATE_TASKS));
	for (i = 0, shown = 0; i < ntasks; i++) {
		if (!store_task_late(&tasks[i], now) &&
		    strcmp(tasks[i].state, "blocked") &&
		    strcmp(tasks[i].state, "failed"))
			continue;
		if (!shown)
			strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | --- |\n",
				    L(L_DUE), L(L_TASK), L(L_UNIT),
				    L(L_RECIPIENT), L(L_STATE));
		if (shown < max_rows)
			task_row(md, &tasks[i], run, now, lang);
		shown++;
	}
	if (!shown)
		strbuf_addf(md, "%s\n", L(L_NO_LATE));
	cap_note(md, L(L_MORE), shown, max_rows);

	if (duty_section(md, st, run, lang, max_rows, err) ||
	    issue_section(md, st, run, lang, max_rows, err))
		goto done;

	strbuf_addf(md, "\n## %s\n\n", L(L_BY_UNIT));
	qsort(units, nunits, sizeof(*units), store_count_least_ready);
	counts_table(md, L(L_UNIT), units, nunits, lang);

	strbuf_addf(md, "\n## %s\n\n- %s: %lld\n- %s: `%s`\n- %s: "
		    "`cutover verify`\n", L(L_LEDGER), L(L_EVENTS),
		    (long long)events, L(L_HEAD), head, L(L_VERIFY));
	ret = 0;
done:
	store_counts_free(items, nitems);
	store_counts_free(sections, nsections);
	store_counts_free(units, nunits);
	store_tasks_free(tasks, ntasks);
	return ret;
}
