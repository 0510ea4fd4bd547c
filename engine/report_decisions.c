/*
 * What every report must show of the night's decisions, in one section
 * of its own (so that it can move, whole, to a report's first page):
 * each gate's decision with who took it and its conditions or reason,
 * what a no-go holds and the fallback path it set going; the sign-offs
 * that passed by exception (a check's findings waived, requirements or
 * a start forced), with the number of findings and the reason; and the
 * done tasks that rest on a requirement open again.
 */
#include "report_int.h"

#include <string.h>

#include "banned.h"

enum label {
	L_TITLE, L_GATES, L_NO_DECISION, L_GATE, L_DECISION, L_BY, L_AT,
	L_TEXT, L_IN_FORCE, L_SUPERSEDED, L_REOPENED, L_GO, L_NO_GO,
	L_CONDITIONS, L_HELD, L_EXCEPTIONS, L_NO_EXCEPTION, L_EXCEPTION,
	L_FINDINGS, L_REASON, L_WAIVED, L_FORCED_REQ, L_FORCED_START,
	L_RESTING, L_NO_RESTING, L_OPEN_REQ, L_RESTING_NOTE, L_SIGNED_BY,
	L_MORE, L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_TITLE] = { "Quyết định và ngoại lệ", "Decisions and exceptions" },
	[L_GATES] = { "Quyết định go/no-go", "Go/no-go decisions" },
	[L_NO_DECISION] = { "Chưa có điểm quyết định nào được quyết định.",
			    "No gate has been decided yet." },
	[L_GATE] = { "Điểm quyết định", "Gate" },
	[L_DECISION] = { "Quyết định", "Decision" },
	[L_BY] = { "Người quyết định", "Decided by" },
	[L_AT] = { "Lúc", "At" },
	[L_TEXT] = { "Điều kiện hoặc lý do", "Conditions or reason" },
	[L_IN_FORCE] = { "đang có hiệu lực", "in force" },
	[L_SUPERSEDED] = { "đã thay thế", "superseded" },
	[L_REOPENED] = { "mở lại", "reopened" },
	[L_GO] = { "GO", "go" },
	[L_NO_GO] = { "NO-GO", "no-go" },
	[L_CONDITIONS] = { "GO có điều kiện", "go with conditions" },
	[L_HELD] = { "NO-GO tại `%s` đang có hiệu lực. Số nhiệm vụ chờ điểm"
		     " quyết định: %lld. Phương án dự phòng đã kích hoạt:"
		     " %lld nhiệm vụ (đã hoàn thành hoặc bỏ qua: %lld).",
		     "The no-go of `%s` is in force. Tasks waiting on the"
		     " gate: %lld. Fallback path active, tasks: %lld (done or"
		     " skipped: %lld)." },
	[L_EXCEPTIONS] = { "Ký xác nhận được chấp nhận ngoại lệ hoặc ký vượt"
			   " điều kiện", "Waived and forced sign-offs" },
	[L_NO_EXCEPTION] = { "Không có ký xác nhận nào được chấp nhận ngoại lệ"
			     " hoặc ký vượt điều kiện.",
			     "No sign-off was waived or forced." },
	[L_EXCEPTION] = { "Ngoại lệ", "Exception" },
	[L_FINDINGS] = { "Số lỗi được chấp nhận", "Findings accepted" },
	[L_REASON] = { "Lý do", "Reason" },
	[L_WAIVED] = { "chấp nhận lỗi kiểm tra", "check's findings waived" },
	[L_FORCED_REQ] = { "ký khi chưa xong", "forced past" },
	[L_FORCED_START] = { "ký trước thời điểm bắt đầu",
			     "signed before its start" },
	[L_RESTING] = { "Nhiệm vụ đã hoàn thành nhưng điều kiện bị mở lại",
			"Done tasks resting on reopened requirements" },
	[L_NO_RESTING] = { "Không có nhiệm vụ hoàn thành nào dựa trên điều"
			   " kiện chưa đạt.",
			   "No done task rests on an open requirement." },
	[L_OPEN_REQ] = { "Điều kiện chưa đạt", "Open requirements" },
	[L_RESTING_NOTE] = { "Mở lại cùng điều kiện: `cutover reopen NHIỆM-VỤ"
			     " --cascade`.", "Reopen them with their"
			     " requirement: `cutover reopen TASK --cascade`." },
	[L_SIGNED_BY] = { "Người ký", "Signed by" },
	[L_MORE] = { "và %zu dòng khác (xem `cutover status`).",
		     "and %zu more rows (see `cutover status`)." },
};

#define L(x) labels[x][lang]
#define C(x) report_label(x, lang)

const char *report_outcome_label(const char *outcome, enum report_lang lang)
{
	if (!outcome)
		return L(L_REOPENED);
	if (!strcmp(outcome, "no-go"))
		return L(L_NO_GO);
	if (!strcmp(outcome, "go-with-conditions"))
		return L(L_CONDITIONS);
	return L(L_GO);
}

/* "Name (entered by the coordinator ...)": who and how authenticated. */
static void who(struct strbuf *md, const char *by, const char *auth,
		enum report_lang lang)
{
	report_escape(md, by);
	if (auth && !strncmp(auth, "unit:", 5))
		strbuf_addf(md, " (%s)", C(RL_AUTH_UNIT));
}

static int gates(struct strbuf *md, struct store *st,
		 const struct store_run *run, enum report_lang lang,
		 struct err *err)
{
	struct store_decision *d;
	size_t n, i;

	if (store_decisions(st, run->id, &d, &n, err))
		return -1;
	strbuf_addf(md, "\n### %s\n\n", L(L_GATES));
	if (!n)
		strbuf_addf(md, "%s\n", L(L_NO_DECISION));
	for (i = 0; i < n; i++) {
		if (!i)
			strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | --- |\n",
				    L(L_GATE), L(L_DECISION), L(L_BY),
				    L(L_AT), L(L_TEXT));
		strbuf_addf(md, "| `%s` ", d[i].task_key);
		report_escape(md, d[i].title);
		strbuf_addf(md, " | **%s** (%s) | ",
			    report_outcome_label(d[i].outcome, lang),
			    d[i].current ? L(L_IN_FORCE) : L(L_SUPERSEDED));
		who(md, d[i].by, d[i].auth, lang);
		strbuf_adds(md, " | ");
		report_when(md, d[i].at, run, lang);
		strbuf_adds(md, " | ");
		report_escape(md, d[i].text ? d[i].text : "–");
		strbuf_adds(md, " |\n");
	}
	for (i = 0; i < n; i++)
		if (d[i].current && d[i].outcome &&
		    !strcmp(d[i].outcome, "no-go")) {
			strbuf_addch(md, '\n');
			strbuf_addf(md, L(L_HELD), d[i].task_key,
				    (long long)d[i].held,
				    (long long)d[i].fallback,
				    (long long)d[i].fallback_done);
			strbuf_addch(md, '\n');
		}
	store_decisions_free(d, n);
	return 0;
}

static int exceptions(struct strbuf *md, struct store *st,
		      const struct store_run *run, const char *unit_id,
		      enum report_lang lang, struct err *err)
{
	struct store_exception *x;
	size_t n, i;

	if (store_exceptions(st, run->id, unit_id, &x, &n, err))
		return -1;
	strbuf_addf(md, "\n### %s\n\n", L(L_EXCEPTIONS));
	if (!n)
		strbuf_addf(md, "%s\n", L(L_NO_EXCEPTION));
	for (i = 0; i < n && i < REPORT_MAX_ROWS; i++) {
		if (!i)
			strbuf_addf(md, "| %s | %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | ---: | --- |\n",
				    C(RL_TASK), C(RL_UNIT), L(L_SIGNED_BY),
				    L(L_EXCEPTION), L(L_FINDINGS),
				    L(L_REASON));
		strbuf_addf(md, "| `%s` ", x[i].task_key);
		report_escape(md, x[i].title);
		strbuf_adds(md, " | ");
		report_escape(md, x[i].unit_name ? x[i].unit_name :
			      x[i].unit_id);
		strbuf_adds(md, " | ");
		who(md, x[i].by, x[i].auth, lang);
		strbuf_adds(md, ", ");
		report_when(md, x[i].at, run, lang);
		strbuf_adds(md, " | ");
		if (x[i].waived)
			strbuf_adds(md, L(L_WAIVED));
		if (x[i].forced_requires) {
			strbuf_addf(md, "%s%s ", x[i].waived ? "; " : "",
				    L(L_FORCED_REQ));
			report_escape(md, x[i].forced_requires);
			if (x[i].forced_open > 20)
				strbuf_addf(md, " (+%lld)",
					    (long long)(x[i].forced_open - 20));
		}
		if (x[i].forced_start)
			strbuf_addf(md, "%s%s", x[i].waived ||
				    x[i].forced_requires ? "; " : "",
				    L(L_FORCED_START));
		if (x[i].waived)
			strbuf_addf(md, " | %lld | ", (long long)x[i].findings);
		else
			strbuf_adds(md, " | – | ");
		report_escape(md, x[i].reason ? x[i].reason : "–");
		strbuf_adds(md, " |\n");
	}
	report_cap_note(md, L(L_MORE), n, REPORT_MAX_ROWS);
	store_exceptions_free(x, n);
	return 0;
}

static int resting(struct strbuf *md, struct store *st,
		   const struct store_run *run, const char *unit_id,
		   enum report_lang lang, struct err *err)
{
	struct store_resting *r;
	size_t n, i;

	if (store_resting(st, run->id, unit_id, &r, &n, err))
		return -1;
	strbuf_addf(md, "\n### %s\n\n", L(L_RESTING));
	if (!n)
		strbuf_addf(md, "%s\n", L(L_NO_RESTING));
	for (i = 0; i < n && i < REPORT_MAX_ROWS; i++) {
		if (!i)
			strbuf_addf(md, "| %s | %s | %s |\n"
				    "| --- | --- | --- |\n", C(RL_TASK),
				    C(RL_UNIT), L(L_OPEN_REQ));
		strbuf_addf(md, "| `%s` ", r[i].key);
		report_escape(md, r[i].title);
		strbuf_adds(md, " | ");
		report_escape(md, r[i].unit_name ? r[i].unit_name :
			      r[i].unit_id);
		strbuf_adds(md, " | ");
		report_escape(md, r[i].open);
		if (r[i].nopen > 5)
			strbuf_addf(md, " (+%lld)", (long long)(r[i].nopen - 5));
		strbuf_adds(md, " |\n");
	}
	report_cap_note(md, L(L_MORE), n, REPORT_MAX_ROWS);
	if (n)
		strbuf_addf(md, "\n%s\n", L(L_RESTING_NOTE));
	store_resting_free(r, n);
	return 0;
}

int report_decisions(struct strbuf *md, struct store *st,
		     const struct store_run *run, const char *unit_id,
		     enum report_lang lang, struct err *err)
{
	strbuf_addf(md, "\n## %s\n", L(L_TITLE));
	if (gates(md, st, run, lang, err) ||
	    exceptions(md, st, run, unit_id, lang, err) ||
	    resting(md, st, run, unit_id, lang, err))
		return -1;
	return 0;
}
