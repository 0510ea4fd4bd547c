/*
 * A unit's difficulties: those it raised and those routed to it, and the
 * form to report one (difficulty_raise, as `cutover issue add`).
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "difficulty.h"
#include "i18n.h"
#include "web/html.h"
#include "web/ui.h"
#include "banned.h"

/* The unit's name in the run's registry, or the id. */
static const char *name_of(const struct book *book, const char *id)
{
	const struct unit *u = units_find(book->units, id);

	return u ? u->name : id;
}

void ui_issue_rows(struct strbuf *out, const struct web_request *rq,
		   const struct book *book, const struct store_issue *is,
		   size_t n)
{
	size_t i, j;

	strbuf_adds(out, "<ul class=\"tasks\">\n");
	for (i = 0; i < n; i++) {
		strbuf_addf(out, "<li%s><div class=\"card\"><span class=\"title\">"
			    "#%lld · ", is[i].resolved ? "" : " class=\"late\"",
			    (long long)is[i].number);
		html_txt(out, web_label(rq, LABEL_SYSTEM, is[i].system));
		strbuf_adds(out, " · ");
		html_txt(out, web_label(rq, LABEL_SEVERITY, is[i].severity));
		strbuf_adds(out, "</span>");
		html_txt(out, is[i].text);
		strbuf_adds(out, "<span class=\"meta\">");
		html_txt(out, name_of(book, is[i].unit_id));
		strbuf_adds(out, ", ");
		html_txt(out, is[i].raised_by);
		strbuf_adds(out, ", ");
		web_time(out, rq, is[i].raised_at);
		strbuf_adds(out, " → ");
		for (j = 0; j < is[i].nrecipients; j++) {
			if (j)
				strbuf_adds(out, "; ");
			html_txt(out, name_of(book, is[i].recipients[j]));
		}
		if (!is[i].nrecipients)
			strbuf_adds(out, "–");
		strbuf_adds(out, " · ");
		html_txt(out, is[i].resolved ? C_("difficulty", "resolved") :
			 C_("difficulty", "open"));
		if (is[i].resolved && is[i].resolution) {
			strbuf_adds(out, ": ");
			html_txt(out, is[i].resolution);
		}
		strbuf_adds(out, "</span></div></li>\n");
	}
	strbuf_adds(out, "</ul>\n");
}

/* A select of ids (the values sent) shown by their labels of kind. */
static void select_of(struct strbuf *out, const struct web_request *rq,
		      const char *name, enum label_kind kind,
		      const char *label, char *const *values, size_t n,
		      const char *chosen)
{
	size_t i;

	strbuf_adds(out, "<label for=\"");
	html_attr(out, name);
	strbuf_adds(out, "\">");
	html_txt(out, label);
	strbuf_adds(out, "</label><select id=\"");
	html_attr(out, name);
	strbuf_adds(out, "\" name=\"");
	html_attr(out, name);
	strbuf_adds(out, "\">");
	for (i = 0; i < n; i++) {
		strbuf_adds(out, "<option value=\"");
		html_attr(out, values[i]);
		strbuf_adds(out, chosen && !strcmp(chosen, values[i]) ?
			    "\" selected>" : "\">");
		html_txt(out, web_label(rq, kind, values[i]));
		strbuf_adds(out, "</option>");
	}
	strbuf_adds(out, "</select>");
}

static void issues_page(struct web_request *rq, struct web_response *rs,
			const char *notice, const struct err *refusal)
{
	struct store_issue_filter filter;
	struct store_issue *mine = NULL, *routed = NULL;
	struct strbuf *out = &rs->body, line = STRBUF_INIT;
	struct err err = ERR_INIT;
	const struct difficulties *df;
	struct book *book;
	const char *name;
	size_t nmine = 0, nrouted = 0;

	if (ui_unit_name(rq, rs, &name))
		return;
	memset(&filter, 0, sizeof(filter));
	filter.unit_id = rq->unit_id;
	if (web_book(rq, &book, &err) ||
	    store_issues(rq->store, rq->run.id, &filter, &mine, &nmine, &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	filter.unit_id = NULL;
	filter.recipient = rq->unit_id;
	if (store_issues(rq->store, rq->run.id, &filter, &routed, &nrouted,
			 &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	strbuf_addf(&line, "%s · %s", _("Difficulties"), name);
	ui_page_start(rq, rs, line.buf, notice, refusal);
	df = book->rb->difficulties;
	strbuf_adds(out, "<h2>");
	html_txt(out, _("Report a difficulty"));
	strbuf_adds(out, "</h2>\n");
	if (!df) {
		html_notice(out, "error", _("this runbook keeps no difficulties"
					    " log"));
	} else {
		strbuf_adds(out, "<form method=\"post\" action=\"/u/");
		html_url_arg(out, rq->unit_id);
		strbuf_adds(out, "/issues\" class=\"card\">");
		html_csrf(rq, out);
		select_of(out, rq, "system", LABEL_SYSTEM, _("System"),
			  df->systems,
			  df->nsystems, refusal ? web_form(rq, "system") : NULL);
		select_of(out, rq, "severity", LABEL_SEVERITY,
			  _("Severity"), df->severities,
			  df->nseverities,
			  refusal ? web_form(rq, "severity") : NULL);
		strbuf_adds(out, "<label for=\"text\">");
		html_txt(out, _("What is the difficulty?"));
		strbuf_adds(out, "</label><textarea id=\"text\" name=\"text\""
			    " required maxlength=\"4096\">");
		if (refusal)
			html_txt(out, web_form(rq, "text"));
		strbuf_adds(out, "</textarea><button type=\"submit\">");
		html_txt(out, _("Report it"));
		strbuf_adds(out, "</button></form>\n");
	}
	strbuf_adds(out, "<h2>");
	html_txt(out, _("Raised by the unit"));
	strbuf_adds(out, "</h2>\n");
	if (nmine)
		ui_issue_rows(out, rq, book, mine, nmine);
	else
		strbuf_adds(out, "<p>–</p>\n");
	if (nrouted) {
		strbuf_adds(out, "<h2>");
		html_txt(out, _("Sent to the unit"));
		strbuf_adds(out, "</h2>\n");
		ui_issue_rows(out, rq, book, routed, nrouted);
	}
	html_page_end(rq, rs);
done:
	strbuf_release(&line);
	store_issues_free(mine, nmine);
	store_issues_free(routed, nrouted);
	err_release(&err);
}

int ui_issues(struct web_request *rq, struct web_response *rs)
{
	struct strbuf said = STRBUF_INIT;
	const char *raised = web_arg(rq, "raised");

	/* The acknowledgement after the commit: ?raised=N&event=M. */
	if (raised && web_arg(rq, "event"))
		strbuf_addf(&said, _("difficulty #%s recorded (event %s)"),
			    raised, web_arg(rq, "event"));
	issues_page(rq, rs, said.len ? said.buf : NULL, NULL);
	strbuf_release(&said);
	return 0;
}

int ui_issue_raise(struct web_request *rq, struct store_issue *is,
		   struct strbuf *text, struct err *err)
{
	struct book *book;

	memset(is, 0, sizeof(*is));
	is->unit_id = rq->unit_id;
	is->system = (char *)web_form(rq, "system");
	is->severity = (char *)web_form(rq, "severity");
	is->raised_by = rq->session.person;
	is->raised_at = rq->now;
	if (ui_text(rq, "text", 1, text, err) || web_book(rq, &book, err))
		return -1;
	is->text = text->buf;
	return difficulty_raise(rq->store, &rq->run, book, &rq->auth, is,
				err);
}

int ui_issue_add(struct web_request *rq, struct web_response *rs)
{
	struct store_issue is;
	struct strbuf text = STRBUF_INIT, to = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (ui_issue_raise(rq, &is, &text, &err)) {
		rs->status = 422;
		issues_page(rq, rs, NULL, &err);
	} else {
		strbuf_adds(&to, "/u/");
		html_url_arg(&to, rq->unit_id);
		strbuf_addf(&to, "/issues?raised=%lld&event=%lld",
			    (long long)is.number, (long long)is.raised_seq);
		web_redirect(rs, to.buf);
	}
	difficulty_recipients_free(&is);
	strbuf_release(&text);
	strbuf_release(&to);
	err_release(&err);
	return 0;
}
