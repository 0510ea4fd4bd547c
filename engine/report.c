/*
 * What the report builders share: escaping, the common labels, the title
 * block, times, states and evidence as report text.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "store_report.h"
#include "utf8.h"
#include "banned.h"

static const char *const labels[RL_COUNT][2] = {
	[RL_T0] = { "Thời điểm ngắt chuyển (T0)", "Cutover instant (T0)" },
	[RL_NOW] = { "Thời điểm lập báo cáo", "Report time" },
	[RL_RUN] = { "Lượt chạy", "Run" },
	[RL_VERSION] = { "Phiên bản runbook", "Runbook version" },
	[RL_NO_GIT] = { "không nằm trong kho git", "not in a git repository" },
	[RL_UNCOMMITTED] = { "có thay đổi chưa commit",
			     "with uncommitted changes" },
	[RL_REHEARSAL] = { "diễn tập", "rehearsal" },
	[RL_LIVE] = { "chính thức", "live" },
	[RL_DONE] = { "Hoàn thành", "Done" },
	[RL_TOTAL] = { "Tổng số", "Total" },
	[RL_LATE] = { "Trễ hạn", "Late" },
	[RL_BLOCKED] = { "Bị chặn/không đạt", "Blocked/failed" },
	[RL_PERCENT] = { "Tỷ lệ", "Share" },
	[RL_DUE] = { "Hạn", "Due" },
	[RL_STATE] = { "Trạng thái", "State" },
	[RL_TASK] = { "Nhiệm vụ", "Task" },
	[RL_UNIT] = { "Đơn vị", "Unit" },
	[RL_RECIPIENT] = { "Gửi đến", "Report to" },
	[RL_SECTION] = { "Phần", "Section" },
	[RL_BY] = { "bởi", "by" },
	[RL_EVIDENCE] = { "Bằng chứng", "Evidence" },
	[RL_COMMENT] = { "Ghi chú", "Comment" },
	[RL_NONE] = { "–", "–" },
	[RL_BYTES] = { "byte", "bytes" },
	[RL_CHART_REST] = { "Còn lại", "Remaining" },
	[RL_SYSTEM] = { "Hệ thống", "System" },
	[RL_SEVERITY] = { "Mức độ", "Severity" },
	[RL_TEXT] = { "Nội dung", "Text" },
	[RL_RAISED] = { "Ghi nhận lúc", "Raised" },
	[RL_OPEN] = { "đang mở", "open" },
	[RL_RESOLVED] = { "đã xử lý", "resolved" },
	[RL_LATE_LC] = { "trễ hạn", "late" },
	[RL_DUE_LC] = { "hạn", "due" },
	[RL_BLOCKED_LC] = { "bị chặn/không đạt", "blocked/failed" },
	[RL_DONE_LC] = { "hoàn thành", "done" },
	[RL_AT_LC] = { "lúc", "at" },
	[RL_LEDGER] = { "Sổ cái", "Ledger" },
	[RL_EVENTS_HEAD] = { "sự kiện, mã băm cuối", "events, head" },
	[RL_AUTH_UNIT] = { "xác thực bằng mã của đơn vị",
			   "authenticated by the unit's token" },
	[RL_AUTH_COORDINATOR] = { "cơ quan điều phối nhập thay đơn vị",
				  "entered by the coordinator on the unit's"
				  " behalf" },
	[RL_WAIVER] = { "chấp nhận ngoại lệ", "waiver" },
	[RL_YES] = { "có", "yes" },
	[RL_NO] = { "không", "no" },
	/* What a runbook that names no terms of its own is read with. */
	[RL_TERM_SOURCE] = { "văn bản chỉ đạo", "directive" },
	[RL_TERM_ITEM] = { "nội dung", "directive item" },
};

const char *report_label(enum report_label l, enum report_lang lang)
{
	return labels[l][lang];
}

const char *report_lang_code(enum report_lang lang)
{
	return lang == REPORT_EN ? "en" : "vi";
}

enum report_lang report_lang_of(const char *code)
{
	return code && !strcmp(code, "vi") ? REPORT_VI : REPORT_EN;
}

void report_term(struct strbuf *md, const struct store_run *run,
		 const char *term, enum report_lang lang, int capital)
{
	const char *t = labels_exact(run->labels, LABEL_TERM, term,
				     report_lang_code(lang));
	struct strbuf w = STRBUF_INIT;

	if (!t)
		t = report_label(!strcmp(term, LABEL_TERM_ITEM) ?
				 RL_TERM_ITEM : RL_TERM_SOURCE, lang);
	if (capital)
		label_capitalize(&w, t);
	else
		strbuf_adds(&w, t);
	report_escape(md, w.buf);
	strbuf_release(&w);
}

void report_labelled(struct strbuf *md, const struct store_run *run,
		     enum label_kind kind, const char *id,
		     enum report_lang lang)
{
	report_escape(md, label_get(run->labels, kind, id,
				    report_lang_code(lang)));
}

void report_item(struct strbuf *md, const struct store_run *run,
		 const char *item, enum report_lang lang)
{
	struct strbuf t = STRBUF_INIT;

	label_item(&t, run->labels, item, report_lang_code(lang));
	report_escape(md, t.buf);
	strbuf_release(&t);
}

void report_duration(struct strbuf *md, int64_t seconds,
		     enum label_span span, enum report_lang lang)
{
	label_duration(md, seconds, span, report_lang_code(lang));
}

const char *report_state_label(enum task_state state, enum report_lang lang)
{
	static const char *const states[TASK_STATE_COUNT][2] = {
		[TASK_PENDING] = { "chưa thực hiện", "pending" },
		[TASK_DONE] = { "hoàn thành", "done" },
		[TASK_SKIPPED] = { "bỏ qua", "skipped" },
		[TASK_FAILED] = { "không đạt", "failed" },
		[TASK_BLOCKED] = { "bị chặn", "blocked" },
	};

	return states[state][lang];
}

void report_task_state(struct strbuf *md, const struct store_task *t,
		       instant_t now, enum report_lang lang)
{
	strbuf_adds(md, store_task_late(t, now) && t->state == TASK_PENDING ?
		    report_label(RL_LATE_LC, lang) :
		    report_state_label(t->state, lang));
	if (t->state_comment && t->state != TASK_PENDING) {
		strbuf_adds(md, ": ");
		report_escape(md, t->state_comment);
	}
}

void report_escape(struct strbuf *out, const char *text)
{
	const unsigned char *p;
	size_t n;

	if (!text)
		return;
	for (p = (const unsigned char *)text; *p; p++) {
		if (*p >= 0x80) {
			/*
			 * cmark-gfm replaces a bad byte with U+FFFD as it
			 * parses, which can move a table's cells: replace
			 * it here, where the cell is still ours.  Four is
			 * safe as avail: the NUL ends any sequence before it.
			 */
			n = utf8_seq_len(p, 4);
			if (!n || sanitize_unsafe(utf8_decode(p, n))) {
				/* A C1 control or a bidi override: never raw. */
				strbuf_adds(out, "\xef\xbf\xbd");
				p += n ? n - 1 : 0;
			} else {
				strbuf_add(out, p, n);
				p += n - 1;
			}
		} else if (*p == '\n' || *p == '\r' || *p == '\t') {
			strbuf_addch(out, ' ');
		} else if (*p < 0x20 || *p == 0x7f) {
			continue;
		} else if (strchr("\\`*_[]<>|~&#", *p)) {
			/*
			 * Text never starts a line here, so only inline
			 * syntax matters: '&' would start an entity, '<' a
			 * tag or autolink, '[' a link, '|' a table
			 * cell; '#' is escaped too so that a heading's
			 * text cannot close it with trailing hashes.
			 */
			strbuf_addch(out, '\\');
			strbuf_addch(out, *p);
		} else {
			strbuf_addch(out, *p);
		}
	}
}

void report_when(struct strbuf *md, instant_t t, const struct store_run *run,
		 enum report_lang lang)
{
	if (lang == REPORT_VI)
		clock_format_dmy(md, t, run->zone);
	else
		clock_format_local(md, t, run->zone);
	/*
	 * Where the clocks change, the hour a fall-back repeats is two
	 * instants: the zone's abbreviation says which ("01:30 EDT").
	 */
	if (clock_zone_has_dst(run->zone))
		strbuf_addf(md, " %s", clock_zone_abbrev(run->zone, t));
}

void report_day_month(struct strbuf *md, instant_t t,
		      const struct store_run *run, enum report_lang lang)
{
	struct strbuf full = STRBUF_INIT;

	/* From the full form, so that the two cannot disagree. */
	report_when(&full, t, run, lang);
	if (full.len >= 16)
		strbuf_add(md, full.buf + (lang == REPORT_VI ? 0 : 5), 5);
	else
		strbuf_add(md, full.buf, full.len);
	strbuf_release(&full);
}

void report_time_of_day(struct strbuf *md, instant_t t,
			const struct store_run *run)
{
	struct strbuf full = STRBUF_INIT;

	clock_format_local(&full, t, run->zone);
	if (full.len >= 16)
		strbuf_adds(md, full.buf + 11);
	else
		strbuf_add(md, full.buf, full.len);
	strbuf_release(&full);
}

void report_percent(struct strbuf *md, int64_t part, int64_t whole)
{
	if (!whole)
		strbuf_adds(md, "–");
	else
		strbuf_addf(md, "%lld%%", (long long)(part * 100 / whole));
}

void report_head(struct render_doc *doc, const char *heading,
		 const struct store_run *run, enum report_lang lang)
{
	struct strbuf *md = &doc->md;

	doc->lang = report_lang_code(lang);
	strbuf_reset(&doc->title);
	strbuf_addf(&doc->title, "%s — %s", heading, run->title);
	strbuf_adds(md, "# ");
	report_escape(md, heading);
	strbuf_adds(md, "\n\n**");
	report_escape(md, run->title);
	strbuf_adds(md, "**\n\n");
	if (run->directive) {
		strbuf_adds(md, "- ");
		report_term(md, run, LABEL_TERM_SOURCE, lang, 1);
		strbuf_adds(md, ": ");
		report_escape(md, run->directive);
		strbuf_addch(md, '\n');
	}
	strbuf_addf(md, "- %s: ", report_label(RL_T0, lang));
	report_when(md, run->t0, run, lang);
	strbuf_adds(md, " (UTC");
	clock_format_offset(md, clock_zone_offset(run->zone, run->t0));
	if (!clock_zone_is_fixed(run->zone))
		strbuf_addf(md, ", %s", clock_zone_name(run->zone));
	strbuf_adds(md, ")\n");
}

void report_time_line(struct strbuf *md, const char *label, instant_t t,
		      const struct store_run *run, enum report_lang lang)
{
	strbuf_addf(md, "- %s: ", label);
	report_when(md, t, run, lang);
	strbuf_adds(md, " (");
	label_from_t0(md, t, run->t0, report_lang_code(lang));
	strbuf_adds(md, ")\n");
}

int report_run_lines(struct strbuf *md, struct store *st,
		     const struct store_run *run, enum report_lang lang,
		     struct err *err)
{
	char head[SEAL_HEX_LEN + 1];
	int64_t events;

	strbuf_addf(md, "- %s: ", report_label(RL_RUN, lang));
	report_escape(md, run->name);
	strbuf_addf(md, " (%s)\n- %s: ", !strcmp(run->mode, "live") ?
		    report_label(RL_LIVE, lang) :
		    report_label(RL_REHEARSAL, lang),
		    report_label(RL_VERSION, lang));
	if (run->commit_id)
		strbuf_addf(md, "commit `%.12s`%s%s", run->commit_id,
			    run->dirty ? ", " : "",
			    run->dirty ? report_label(RL_UNCOMMITTED, lang) : "");
	else
		strbuf_adds(md, report_label(RL_NO_GIT, lang));
	strbuf_addch(md, '\n');
	if (store_ledger_head(st, &events, head, err))
		return -1;
	strbuf_addf(md, "- %s: %lld %s `%s`\n", report_label(RL_LEDGER, lang),
		    (long long)events, report_label(RL_EVENTS_HEAD, lang), head);
	return 0;
}

void report_cap_note(struct strbuf *md, const char *fmt, size_t shown,
		     size_t max_rows)
{
	if (shown <= max_rows)
		return;
	strbuf_addch(md, '\n');
	strbuf_addf(md, fmt, shown - max_rows);
	strbuf_addch(md, '\n');
}

int report_evidence_fields(struct strbuf *md, struct store *st,
			   const struct store_run *run, const char *step_id,
			   const char *json, enum report_lang lang,
			   struct err *err)
{
	struct store_report_field *f;
	size_t n, i;

	if (store_report_evidence(st, json, &f, &n, err))
		return -1;
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(md, "; ");
		report_escape(md, f[i].type == STORE_FIELD_WAIVER ?
			      report_label(RL_WAIVER, lang) :
			      label_field(run->labels, step_id, f[i].key,
					  report_lang_code(lang)));
		strbuf_adds(md, ": ");
		/*
		 * A yes/no field keeps "true" or "false" (what checks and
		 * --json read); a reader reads the word of the language.
		 */
		if (f[i].type == STORE_FIELD_TEXT && f[i].value &&
		    (!strcmp(f[i].value, "true") || !strcmp(f[i].value, "false")))
			strbuf_adds(md, report_label(!strcmp(f[i].value, "true") ?
						     RL_YES : RL_NO, lang));
		else
			report_escape(md, f[i].value);
		if (f[i].type == STORE_FIELD_FILE) {
			strbuf_addf(md, " (%lld %s, blake2b ",
				    (long long)f[i].size,
				    report_label(RL_BYTES, lang));
			if (f[i].hash && strlen(f[i].hash) > 12)
				f[i].hash[12] = '\0';
			report_escape(md, f[i].hash);
			strbuf_adds(md, "…)");
		}
		if (f[i].type == STORE_FIELD_WAIVER && f[i].findings) {
			strbuf_adds(md, " (");
			report_escape(md, f[i].findings);
			strbuf_adds(md, ")");
		}
	}
	store_report_fields_free(f, n);
	return (int)n;
}

int report_evidence_item(struct strbuf *md, const char *indent,
			 const char *label, struct store *st,
			 const struct store_run *run, const char *step_id,
			 const char *json, enum report_lang lang,
			 struct err *err)
{
	struct strbuf fields = STRBUF_INIT;
	int n = report_evidence_fields(&fields, st, run, step_id, json, lang,
				       err);

	if (n > 0)
		strbuf_addf(md, "%s- %s: %s\n", indent, label, fields.buf);
	strbuf_release(&fields);
	return n < 0 ? -1 : 0;
}
