/*
 * The daily report, as the directive routes it.  A route is one
 * recurring step for one owner to one recipient (the task's report_to:
 * departments to the provincial police, each commune to its own commune
 * police, the police's compilation to the national data center).
 *
 * Its length follows what is late or raised that day, not the number of
 * units: the day's figures for the whole run first, the verdict (as the
 * readiness report gives it), then only the reports overdue or sent
 * late, the difficulties raised that day, and the recipients that have
 * either; the reports sent on time are a count, listed in an appendix
 * with what they said, after the run's identifiers.
 *
 * Everything is as of the report time: task states come from the events
 * at or before it, so the report of a past day says what the recipient
 * could have known that evening, not what was signed since.  The store
 * is read by aggregate and streaming queries: one route per owner and
 * one summary per unit with something open reach memory, never every
 * task of a national run.
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
	L_TITLE, L_DATE, L_AS_OF, L_TO, L_NO_RECIPIENT, L_DAY, L_DUE_TODAY,
	L_ON_TIME, L_SENT_LATE, L_OVERDUE, L_NOT_YET, L_ISSUES_TODAY,
	L_TASKS_LATE, L_LEAD, L_LEAD_NONE, L_LATE_REPORTS, L_NO_LATE_REPORTS,
	L_ISSUES, L_NO_ISSUES, L_BY_RECIPIENT, L_RECIPIENT, L_OWNERS,
	L_OTHERS, L_ALL_CLEAR, L_APPENDIX_SENT, L_NO_SENT, L_SENT_AT,
	L_CONTENT, L_NONE_TODAY, L_NEXT, L_APPENDIX_RUN, L_NO_ROUTES,
	L_MORE_ROWS, L_SENT_LATE_LC, L_OVERDUE_LC, L_NOT_YET_LC, L_IN_UNITS,
	L_REPORT, L_SENT,
	L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_TITLE] = { "Báo cáo tình hình hằng ngày", "Daily report" },
	[L_DATE] = { "Ngày báo cáo", "Report day" },
	[L_AS_OF] = { "Tình hình tính đến", "As of" },
	[L_TO] = { "Gửi", "To" },
	[L_NO_RECIPIENT] = { "(chưa xác định nơi nhận)", "(no recipient)" },
	[L_DAY] = { "Tổng hợp trong ngày", "The day in figures" },
	[L_DUE_TODAY] = { "Báo cáo đến hạn", "Reports due" },
	[L_ON_TIME] = { "Đã gửi đúng hạn", "Sent on time" },
	[L_SENT_LATE] = { "Gửi trễ", "Sent late" },
	[L_OVERDUE] = { "Quá hạn, chưa gửi", "Overdue, not sent" },
	[L_NOT_YET] = { "Chưa đến hạn", "Not yet due" },
	[L_ISSUES_TODAY] = { "Vướng mắc mới", "New difficulties" },
	[L_TASKS_LATE] = { "Nhiệm vụ trễ hạn", "Tasks late" },
	[L_LEAD] = { "Trong ngày %s: %zu/%zu báo cáo quá hạn chưa gửi, %zu"
		     " gửi trễ; %zu vướng mắc mới.",
		     "On %s: %zu of %zu reports overdue and not sent, %zu"
		     " sent late; %zu new difficulties." },
	[L_LEAD_NONE] = { "Trong ngày %s không có báo cáo nào đến hạn;"
			  " %zu vướng mắc mới.",
			  "No report was due on %s; %zu new difficulties." },
	[L_LATE_REPORTS] = { "Báo cáo quá hạn hoặc gửi trễ",
			     "Reports overdue or sent late" },
	[L_NO_LATE_REPORTS] = { "Không có báo cáo nào quá hạn hoặc gửi trễ.",
				"No report is overdue or was sent late." },
	[L_ISSUES] = { "Khó khăn, vướng mắc ghi nhận trong ngày",
		       "Difficulties raised that day" },
	[L_NO_ISSUES] = { "Không có khó khăn, vướng mắc nào được ghi nhận"
			  " trong ngày.", "No difficulty was raised that day." },
	[L_BY_RECIPIENT] = { "Theo nơi nhận", "By recipient" },
	[L_RECIPIENT] = { "Nơi nhận", "Recipient" },
	[L_OWNERS] = { "Đơn vị báo cáo", "Reporting units" },
	[L_OTHERS] = { "%zu nơi nhận khác: không có báo cáo quá hạn, gửi trễ"
		       " hay vướng mắc mới (danh sách báo cáo ở Phụ lục A).",
		       "%zu other recipients: nothing overdue, late or newly"
		       " raised (their reports are listed in Appendix A)." },
	[L_ALL_CLEAR] = { "Không nơi nhận nào có báo cáo quá hạn, gửi trễ"
			  " hay vướng mắc mới.",
			  "No recipient has anything overdue, late or newly"
			  " raised." },
	[L_APPENDIX_SENT] = { "Phụ lục A. Báo cáo gửi đúng hạn, chưa đến hạn"
			      " hoặc không đến hạn trong ngày",
			      "Appendix A. Reports sent on time, not yet due,"
			      " or not due that day" },
	[L_NO_SENT] = { "Không có.", "None." },
	[L_SENT_AT] = { "Gửi lúc", "Sent" },
	[L_CONTENT] = { "Nội dung", "Content" },
	[L_NONE_TODAY] = { "không có báo cáo đến hạn trong ngày",
			   "no report due that day" },
	[L_NEXT] = { "lần tới", "next" },
	[L_APPENDIX_RUN] = { "Phụ lục B. Lượt chạy và sổ cái",
			     "Appendix B. The run and its ledger" },
	[L_NO_ROUTES] = { "Runbook không có báo cáo định kỳ (bước có `every`).",
			  "The runbook has no recurring report (a step with"
			  " `every`)." },
	[L_MORE_ROWS] = { "và %zu dòng khác.", "and %zu more rows." },
	[L_SENT_LATE_LC] = { "gửi trễ", "sent late" },
	[L_OVERDUE_LC] = { "quá hạn, chưa gửi", "overdue, not sent" },
	[L_NOT_YET_LC] = { "chưa đến hạn", "not yet due" },
	[L_IN_UNITS] = { "ở %zu đơn vị", "in %zu units" },
	[L_REPORT] = { "Báo cáo", "Report" },
	[L_SENT] = { "Đã gửi", "Sent" },
};

#define L(x) labels[x][lang]
#define C(x) report_label(x, lang)

#define DAY 86400

/* Where a route's report of the day stands. */
enum standing { S_NONE, S_ON_TIME, S_LATE, S_OVERDUE, S_NOT_YET };

struct daily {
	struct store *st;
	const struct store_run *run;
	enum report_lang lang;
	instant_t day, end, at;          /* [day, end): the day; at: as of */
	const struct store_report_route *routes;
	size_t nroutes;
	const struct store_issue *issues;
	size_t nissues;
};

static enum standing standing(const struct daily *d,
			      const struct store_report_route *r)
{
	if (!r->has_today)
		return S_NONE;
	if (task_state_settled(r->today.state))
		return r->today.at > r->today_due ? S_LATE : S_ON_TIME;
	return r->today_due < d->at ? S_OVERDUE : S_NOT_YET;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static const char *recipient_name(const struct store_report_route *r,
				  enum report_lang lang)
{
	return r->recipient_name ? r->recipient_name :
		r->recipient ? r->recipient : L(L_NO_RECIPIENT);
}

/* A difficulty raised in the day, up to the report time. */
static int raised_today(const struct daily *d, const struct store_issue *is)
{
	return is->raised_at >= d->day && is->raised_at <= d->at;
}

static int routed_to(const struct store_issue *is, const char *recipient)
{
	size_t m;

	for (m = 0; recipient && m < is->nrecipients; m++)
		if (!strcmp(is->recipients[m], recipient))
			return 1;
	return 0;
}

/* "gửi trễ lúc 30/05/2026 16:20, bởi X", "quá hạn, chưa gửi", ... */
static void state_text(struct strbuf *md, const struct daily *d,
		       const struct store_report_route *r)
{
	const struct store_report_state *s = &r->today;
	enum report_lang lang = d->lang;
	enum standing k = standing(d, r);

	if (k == S_NONE) {
		strbuf_adds(md, L(L_NONE_TODAY));
		if (r->has_next) {
			strbuf_addf(md, " (%s: ", L(L_NEXT));
			report_when(md, r->next_due, d->run, lang);
			strbuf_adds(md, ")");
		}
		return;
	}
	if (s->state == TASK_PENDING) {
		strbuf_adds(md, k == S_OVERDUE ? L(L_OVERDUE_LC) :
			    L(L_NOT_YET_LC));
		return;
	}
	strbuf_addf(md, "%s %s ", k == S_LATE ? L(L_SENT_LATE_LC) :
		    report_state_label(s->state, lang), C(RL_AT_LC));
	report_when(md, s->at, d->run, lang);
	if (s->by) {
		strbuf_addf(md, ", %s ", C(RL_BY));
		report_escape(md, s->by);
	}
	if (!task_state_settled(s->state) && s->comment && *s->comment) {
		strbuf_adds(md, ": ");
		report_escape(md, s->comment);
	}
	if (k == S_OVERDUE)
		strbuf_addf(md, " (%s)", C(RL_LATE_LC));
}

struct totals {
	size_t due, on_time, late, overdue, not_yet, issues;
};

static void count(const struct daily *d, struct totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < d->nroutes; i++) {
		switch (standing(d, &d->routes[i])) {
		case S_ON_TIME:
			t->on_time++;
			break;
		case S_LATE:
			t->late++;
			break;
		case S_OVERDUE:
			t->overdue++;
			break;
		case S_NOT_YET:
			t->not_yet++;
			break;
		case S_NONE:
			continue;
		}
		t->due++;
	}
	for (i = 0; i < d->nissues; i++)
		t->issues += raised_today(d, &d->issues[i]);
}

static void day_figures(struct strbuf *md, const struct daily *d,
			const struct totals *t,
			const struct report_decision *dec)
{
	enum report_lang lang = d->lang;

	strbuf_addf(md, "\n## %s\n\n| %s | %s | %s | %s | %s | %s | %s |\n"
		    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
		    "| %zu | %zu | %zu | %zu | %zu | %zu | %lld |\n",
		    L(L_DAY), L(L_DUE_TODAY), L(L_ON_TIME), L(L_SENT_LATE),
		    L(L_OVERDUE), L(L_NOT_YET), L(L_ISSUES_TODAY),
		    L(L_TASKS_LATE), t->due, t->on_time, t->late, t->overdue,
		    t->not_yet, t->issues,
		    (long long)report_decision_late(dec));
	if (report_decision_late(dec)) {
		strbuf_addf(md, "\n%s: %lld ", L(L_TASKS_LATE),
			    (long long)report_decision_late(dec));
		strbuf_addf(md, L(L_IN_UNITS), report_decision_late_units(dec));
		strbuf_adds(md, ".\n");
	}
}

static void late_reports(struct strbuf *md, const struct daily *d)
{
	enum report_lang lang = d->lang;
	size_t i, shown = 0;

	strbuf_addf(md, "\n## %s\n\n", L(L_LATE_REPORTS));
	for (i = 0; i < d->nroutes; i++) {
		const struct store_report_route *r = &d->routes[i];
		enum standing k = standing(d, r);

		if (k != S_LATE && k != S_OVERDUE)
			continue;
		if (!shown)
			strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | --- |\n",
				    C(RL_UNIT), C(RL_STATE), C(RL_DUE),
				    L(L_TO), L(L_REPORT));
		if (shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_adds(md, "| ");
		report_escape(md, r->unit_name ? r->unit_name : r->unit_id);
		strbuf_adds(md, " | ");
		state_text(md, d, r);
		strbuf_adds(md, " | ");
		report_when(md, r->today_due, d->run, lang);
		strbuf_adds(md, " | ");
		report_escape(md, recipient_name(r, lang));
		strbuf_adds(md, " | ");
		report_escape(md, r->title);
		strbuf_adds(md, " |\n");
	}
	if (!shown)
		strbuf_addf(md, "%s\n", L(L_NO_LATE_REPORTS));
	report_cap_note(md, L(L_MORE_ROWS), shown, REPORT_MAX_ROWS);
}

static void issues_today(struct strbuf *md, const struct daily *d)
{
	enum report_lang lang = d->lang;
	size_t i, m, shown = 0;

	strbuf_addf(md, "\n## %s\n\n", L(L_ISSUES));
	for (i = 0; i < d->nissues; i++) {
		const struct store_issue *is = &d->issues[i];

		if (!raised_today(d, is))
			continue;
		if (!shown)
			strbuf_addf(md, "| %s | %s | %s | %s | %s | %s | # |\n"
				    "| --- | --- | --- | --- | --- | --- |"
				    " ---: |\n", C(RL_UNIT), C(RL_SEVERITY),
				    C(RL_TEXT), C(RL_STATE), C(RL_RECIPIENT),
				    C(RL_RAISED));
		if (shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_adds(md, "| ");
		report_escape(md, is->unit_name ? is->unit_name : is->unit_id);
		strbuf_adds(md, " | ");
		report_labelled(md, d->run, LABEL_SEVERITY, is->severity, lang);
		strbuf_adds(md, " | ");
		report_escape(md, is->text);
		strbuf_addf(md, " | %s | ", is->resolved &&
			    is->resolved_at <= d->at ? C(RL_RESOLVED) :
			    C(RL_OPEN));
		for (m = 0; m < is->nrecipients; m++) {
			if (m)
				strbuf_adds(md, ", ");
			report_escape(md, is->recipient_names[m]);
		}
		strbuf_adds(md, " | ");
		report_when(md, is->raised_at, d->run, lang);
		strbuf_addf(md, " | %lld |\n", (long long)is->number);
	}
	if (!shown)
		strbuf_addf(md, "%s\n", L(L_NO_ISSUES));
	report_cap_note(md, L(L_MORE_ROWS), shown, REPORT_MAX_ROWS);
}

/*
 * One row per recipient with something overdue, late or newly raised;
 * the others are a count (the routes come grouped by recipient).
 */
static void by_recipient(struct strbuf *md, const struct daily *d)
{
	enum report_lang lang = d->lang;
	size_t i, j, k, shown = 0, others = 0;

	strbuf_addf(md, "\n## %s\n\n", L(L_BY_RECIPIENT));
	for (i = 0; i < d->nroutes; i = j) {
		const char *rid = d->routes[i].recipient;
		size_t due = 0, sent = 0, late = 0, overdue = 0, issues = 0;

		for (j = i; j < d->nroutes &&
		     same(d->routes[j].recipient, rid); j++) {
			enum standing s = standing(d, &d->routes[j]);

			due += s != S_NONE;
			sent += s == S_ON_TIME || s == S_LATE;
			late += s == S_LATE;
			overdue += s == S_OVERDUE;
		}
		for (k = 0; k < d->nissues; k++)
			issues += raised_today(d, &d->issues[k]) &&
				routed_to(&d->issues[k], rid);
		if (!late && !overdue && !issues) {
			others++;
			continue;
		}
		if (!shown)
			strbuf_addf(md, "| %s | %s | %s | %s | %s | %s | %s |\n"
				    "| --- | ---: | ---: | ---: | ---: | ---: |"
				    " ---: |\n", L(L_RECIPIENT), L(L_OVERDUE),
				    L(L_SENT_LATE), L(L_ISSUES_TODAY),
				    L(L_OWNERS), L(L_DUE_TODAY), L(L_SENT));
		if (shown++ >= REPORT_MAX_ROWS)
			continue;
		strbuf_adds(md, "| ");
		report_escape(md, recipient_name(&d->routes[i], lang));
		strbuf_addf(md, " | %zu | %zu | %zu | %zu | %zu | %zu |\n",
			    overdue, late, issues, j - i, due, sent);
	}
	report_cap_note(md, L(L_MORE_ROWS), shown, REPORT_MAX_ROWS);
	if (!shown)
		strbuf_addf(md, "%s\n", L(L_ALL_CLEAR));
	else if (others) {
		strbuf_addch(md, '\n');
		strbuf_addf(md, L(L_OTHERS), others);
		strbuf_addch(md, '\n');
	}
}

/*
 * Appendix A: what is not late, one row each, with what it said: the
 * whole list, as the main part gives only its count.
 */
static int appendix_sent(struct strbuf *md, const struct daily *d,
			 struct err *err)
{
	enum report_lang lang = d->lang;
	size_t i, shown = 0;

	strbuf_addf(md, "\n## %s\n\n", L(L_APPENDIX_SENT));
	for (i = 0; i < d->nroutes; i++) {
		const struct store_report_route *r = &d->routes[i];
		enum standing k = standing(d, r);

		if (k == S_LATE || k == S_OVERDUE)
			continue;
		if (!shown)
			strbuf_addf(md, "| %s | %s | %s | %s | %s |\n"
				    "| --- | --- | --- | --- | --- |\n",
				    C(RL_UNIT), C(RL_STATE), L(L_CONTENT),
				    L(L_TO), L(L_REPORT));
		shown++;
		strbuf_adds(md, "| ");
		report_escape(md, r->unit_name ? r->unit_name : r->unit_id);
		strbuf_adds(md, " | ");
		state_text(md, d, r);
		strbuf_adds(md, " | ");
		if (k == S_ON_TIME) {
			int n = report_evidence_fields(md, d->st, d->run,
						       r->step_id,
						       r->today.evidence,
						       lang, err);

			if (n < 0)
				return -1;
			if (r->today.comment && *r->today.comment) {
				strbuf_adds(md, n ? "; " : "");
				strbuf_addf(md, "%s: ", C(RL_COMMENT));
				report_escape(md, r->today.comment);
			} else if (!n) {
				strbuf_adds(md, "–");
			}
		} else {
			strbuf_adds(md, "–");
		}
		strbuf_adds(md, " | ");
		report_escape(md, recipient_name(r, lang));
		strbuf_adds(md, " | ");
		report_escape(md, r->title);
		strbuf_adds(md, " |\n");
	}
	if (!shown)
		strbuf_addf(md, "%s\n", L(L_NO_SENT));
	return 0;
}

static void day_text(struct strbuf *out, instant_t day,
		     const struct store_run *run, enum report_lang lang)
{
	if (lang == REPORT_VI) {
		struct strbuf vn = STRBUF_INIT;

		clock_format_dmy(&vn, day, run->zone);
		strbuf_add(out, vn.buf, 10);
		strbuf_release(&vn);
	} else {
		clock_format_date(out, day, run->zone);
	}
}

int report_daily(struct store *st, const struct store_run *run,
		 instant_t now, instant_t day, const char *recipient,
		 enum report_lang lang, struct render_doc *doc,
		 struct err *err)
{
	struct store_report_route *routes = NULL;
	struct store_issue *issues = NULL;
	struct report_decision *dec = NULL;
	struct store_issue_filter to;
	size_t nroutes = 0, nissues = 0;
	struct strbuf *md = &doc->md, date = STRBUF_INIT, lead = STRBUF_INIT;
	struct totals t;
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

	memset(&to, 0, sizeof(to));
	to.recipient = recipient;
	/* One snapshot: the figures, the lists and the verdict agree. */
	if (store_read_begin(st, err))
		return -1;
	if (store_report_routes(st, run->id, d.day, d.end, d.at, recipient,
				&routes, &nroutes, err) ||
	    store_issues(st, run->id, &to, &issues, &nissues, err))
		goto done;
	if (recipient && !nroutes) {
		fail(err, _("no recurring report goes to '%s' in run '%s'"),
		     recipient, run->name);
		goto done;
	}
	if (report_decide(st, run, d.at, d.at, recipient, &dec, err))
		goto done;
	d.routes = routes;
	d.nroutes = nroutes;
	d.issues = issues;
	d.nissues = nissues;

	report_head(doc, L(L_TITLE), run, lang);
	day_text(&date, d.day, run, lang);
	strbuf_addf(md, "- %s: %s\n", L(L_DATE), date.buf);
	report_time_line(md, L(L_AS_OF), d.at, run, lang);
	if (recipient) {
		strbuf_addf(md, "\n## %s: ", L(L_TO));
		report_escape(md, recipient_name(&routes[0], lang));
		strbuf_addch(md, '\n');
	}
	if (!nroutes) {
		strbuf_addf(md, "\n%s\n", L(L_NO_ROUTES));
	} else {
		count(&d, &t);
		if (t.due)
			strbuf_addf(&lead, L(L_LEAD), date.buf, t.overdue,
				    t.due, t.late, t.issues);
		else
			strbuf_addf(&lead, L(L_LEAD_NONE), date.buf, t.issues);
		if (report_decision_verdict(md, st, dec, lead.buf, lang, err))
			goto done;
		day_figures(md, &d, &t, dec);
		late_reports(md, &d);
		issues_today(md, &d);
		if (!recipient)
			by_recipient(md, &d);
		report_decision_units(md, dec, lang);
	}
	if (report_decisions(md, st, run, NULL, lang, err))
		goto done;

	/* The appendix: a page of its own in print. */
	render_doc_break(doc);
	if (nroutes && appendix_sent(md, &d, err))
		goto done;
	strbuf_addf(md, "\n## %s\n\n", L(L_APPENDIX_RUN));
	if (report_run_lines(md, st, run, lang, err))
		goto done;
	ret = 0;
done:
	store_read_end(st);
	report_decision_free(dec);
	store_report_routes_free(routes, nroutes);
	store_issues_free(issues, nissues);
	strbuf_release(&date);
	strbuf_release(&lead);
	return ret;
}
