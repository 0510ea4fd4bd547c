/*
 * Report writing.  Reports are Markdown (GFM tables); labels come in
 * Vietnamese or English from one table, so both languages always carry
 * the same content.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

enum label {
	L_TITLE, L_DIRECTIVE, L_T0, L_NOW, L_RUN, L_VERSION, L_NO_GIT,
	L_UNCOMMITTED, L_REHEARSAL, L_LIVE, L_SUMMARY, L_DONE, L_TOTAL,
	L_LATE, L_BLOCKED, L_BY_ITEM, L_ITEM, L_BY_SECTION, L_SECTION,
	L_GATES, L_GATE, L_DUE, L_STATE, L_NO_GATE, L_LATE_TASKS, L_TASK,
	L_UNIT, L_RECIPIENT, L_NO_LATE, L_MORE, L_BY_UNIT, L_KIND,
	L_LEDGER, L_EVENTS, L_HEAD, L_VERIFY, L_OPEN_REQ, L_READY, L_PERCENT,
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
	else if (shown > max_rows) {
		strbuf_addch(md, '\n');
		strbuf_addf(md, L(L_MORE), shown - max_rows);
		strbuf_addch(md, '\n');
	}

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
