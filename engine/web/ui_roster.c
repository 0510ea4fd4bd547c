/*
 * A unit's 24/7 duty roster: the coverage of each role it must keep (and
 * its gaps), its shifts, and the forms to add and remove one, through
 * the duty module's rules, as `cutover roster add` and `remove`.
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "duty.h"
#include "i18n.h"
#include "web/html.h"
#include "web/ui.h"
#include "banned.h"

/* "2026-05-29T20:00", the value a datetime-local input holds. */
static void input_time(struct strbuf *out, const struct web_request *rq,
		       instant_t t)
{
	size_t start = out->len;

	clock_format_local(out, t, rq->run.zone);
	if (out->len > start + 10)
		out->buf[start + 10] = 'T';
}

static void coverage(struct strbuf *out, struct web_request *rq,
		     const struct duty_status *d, size_t n)
{
	struct strbuf line = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < n; i++) {
		strbuf_adds(out, d[i].ngaps ? "<div class=\"card late\">" :
			    "<div class=\"card\">");
		strbuf_adds(out, "<span class=\"title\">");
		html_txt(out, web_label(rq, LABEL_ROLE, d[i].duty.role));
		strbuf_adds(out, "</span>");
		strbuf_reset(&line);
		if (!d[i].ngaps)
			strbuf_addf(&line, P_("covered by %zu shift",
					      "covered by %zu shifts",
					      d[i].nshifts), d[i].nshifts);
		else
			strbuf_addf(&line, P_("%zu gap in the duty window",
					      "%zu gaps in the duty window",
					      d[i].ngaps), d[i].ngaps);
		html_txt(out, line.buf);
		for (j = 0; j < d[i].ngaps; j++) {
			strbuf_adds(out, "<br><span class=\"state s-late\">");
			html_txt(out, _("no one on duty"));
			strbuf_adds(out, "</span> ");
			web_time(out, rq, d[i].gaps[j].from);
			strbuf_adds(out, " – ");
			web_time(out, rq, d[i].gaps[j].to);
		}
		strbuf_adds(out, "</div>\n");
	}
	strbuf_release(&line);
}

static void shift_list(struct strbuf *out, struct web_request *rq,
		       const struct store_shift *sh, size_t n)
{
	size_t i;

	strbuf_adds(out, "<ul class=\"tasks\">\n");
	for (i = 0; i < n; i++) {
		strbuf_addf(out, "<li><div class=\"card\"><span class=\"title\">"
			    "#%lld · ", (long long)sh[i].id);
		html_txt(out, sh[i].person);
		strbuf_adds(out, "</span><span class=\"meta\">");
		html_txt(out, web_label(rq, LABEL_ROLE, sh[i].role));
		if (sh[i].phone) {
			strbuf_adds(out, " · ");
			html_txt(out, sh[i].phone);
		}
		strbuf_adds(out, "<br>");
		web_time(out, rq, sh[i].from);
		strbuf_adds(out, " – ");
		web_time(out, rq, sh[i].to);
		strbuf_adds(out, "</span><details><summary>");
		html_txt(out, _("Remove this shift"));
		strbuf_adds(out, "</summary><form method=\"post\" action=\"/u/");
		html_url_arg(out, rq->unit_id);
		strbuf_addf(out, "/roster/%lld/remove\">", (long long)sh[i].id);
		html_csrf(rq, out);
		strbuf_addf(out, "<label for=\"reason-%lld\">",
			    (long long)sh[i].id);
		html_txt(out, _("Reason"));
		strbuf_addf(out, "</label><input id=\"reason-%lld\""
			    " name=\"reason\" required maxlength=\"4096\">"
			    "<button type=\"submit\" class=\"secondary\">",
			    (long long)sh[i].id);
		html_txt(out, _("Remove"));
		strbuf_adds(out, "</button></form></details></div></li>\n");
	}
	strbuf_adds(out, "</ul>\n");
}

static void text_input(struct strbuf *out, const char *name,
		       const char *label, const char *type, const char *value,
		       const struct err *refusal)
{
	strbuf_adds(out, "<label for=\"");
	html_attr(out, name);
	strbuf_adds(out, "\">");
	html_txt(out, label);
	strbuf_adds(out, "</label>");
	if (refusal && refusal->field && !strcmp(refusal->field, name)) {
		strbuf_adds(out, "<p class=\"field-error\">");
		html_txt(out, refusal->msg.buf);
		strbuf_adds(out, "</p>");
	}
	strbuf_adds(out, "<input id=\"");
	html_attr(out, name);
	strbuf_adds(out, "\" name=\"");
	html_attr(out, name);
	strbuf_adds(out, "\" type=\"");
	html_raw(out, type);
	strbuf_adds(out, "\" value=\"");
	html_attr(out, value);
	strbuf_adds(out, "\">");
}

static void add_form(struct strbuf *out, struct web_request *rq,
		     const struct duty_status *d, size_t n,
		     const struct err *refusal)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	const char *v;
	size_t i;

	strbuf_adds(out, "<h2>");
	html_txt(out, _("Add a shift"));
	strbuf_adds(out, "</h2>\n<form method=\"post\" novalidate"
		    " action=\"/u/");
	html_url_arg(out, rq->unit_id);
	strbuf_adds(out, "/roster\" class=\"card\">");
	html_csrf(rq, out);
	strbuf_adds(out, "<label for=\"role\">");
	html_txt(out, _("Role"));
	strbuf_adds(out, "</label><select id=\"role\" name=\"role\">");
	for (i = 0; i < n; i++) {
		strbuf_adds(out, "<option value=\"");
		html_attr(out, d[i].duty.role);
		v = refusal ? web_form(rq, "role") : NULL;
		strbuf_adds(out, v && !strcmp(v, d[i].duty.role) ?
			    "\" selected>" : "\">");
		html_txt(out, web_label(rq, LABEL_ROLE, d[i].duty.role));
		strbuf_adds(out, "</option>");
	}
	strbuf_adds(out, "</select>");
	/* Unless refilled, the first gap is what the form proposes. */
	for (i = 0; i < n && !d[i].ngaps; i++)
		;
	if (i < n) {
		input_time(&from, rq, d[i].gaps[0].from);
		input_time(&to, rq, d[i].gaps[0].to);
	}
	text_input(out, "person", _("Person on duty"), "text",
		   refusal ? web_form(rq, "person") : "", refusal);
	text_input(out, "phone", _("Phone"), "tel", refusal ?
		   web_form(rq, "phone") : "", refusal);
	text_input(out, "from", _("From"), "datetime-local", refusal ?
		   web_form(rq, "from") : from.buf, refusal);
	text_input(out, "to", _("To"), "datetime-local", refusal ?
		   web_form(rq, "to") : to.buf, refusal);
	strbuf_adds(out, "<button type=\"submit\">");
	html_txt(out, _("Add the shift"));
	strbuf_adds(out, "</button></form>\n");
	strbuf_release(&from);
	strbuf_release(&to);
}

static void roster_page(struct web_request *rq, struct web_response *rs,
			const char *notice, const struct err *refusal)
{
	struct duty_status *d = NULL;
	struct store_shift *sh = NULL;
	struct strbuf *out = &rs->body, line = STRBUF_INIT;
	struct err err = ERR_INIT;
	const char *name;
	size_t nd = 0, ns = 0;

	if (ui_unit_name(rq, rs, &name))
		return;
	if (duty_coverage(rq->store, &rq->run, rq->unit_id, NULL, &d, &nd,
			  &err) ||
	    store_shifts(rq->store, rq->run.id, rq->unit_id, NULL, &sh, &ns,
			 &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	strbuf_addf(&line, "%s · %s", _("Duty roster"), name);
	ui_page_start(rq, rs, line.buf, notice, refusal);
	if (!nd) {
		html_notice(out, "ok", _("This unit keeps no 24/7 duty roster"
					 " in this run."));
		html_page_end(rq, rs);
		goto done;
	}
	strbuf_adds(out, "<p>");
	html_txt(out, _("Duty window:"));
	strbuf_adds(out, " ");
	web_time(out, rq, rq->run.duty_from);
	strbuf_adds(out, " – ");
	web_time(out, rq, rq->run.duty_to);
	strbuf_adds(out, "</p>\n");
	coverage(out, rq, d, nd);
	add_form(out, rq, d, nd, refusal);
	if (ns) {
		strbuf_adds(out, "<h2>");
		html_txt(out, _("Shifts"));
		strbuf_adds(out, "</h2>\n");
		shift_list(out, rq, sh, ns);
	}
	html_page_end(rq, rs);
done:
	strbuf_release(&line);
	duty_status_free(d, nd);
	store_shifts_free(sh, ns);
	err_release(&err);
}

int ui_roster(struct web_request *rq, struct web_response *rs)
{
	struct strbuf said = STRBUF_INIT;
	const char *event = web_arg(rq, "event");

	/* The acknowledgement after the commit. */
	if (web_arg(rq, "added") && event)
		strbuf_addf(&said, _("added shift %s (event %s)"),
			    web_arg(rq, "added"), event);
	else if (web_arg(rq, "removed"))
		strbuf_addf(&said, _("removed shift %s"),
			    web_arg(rq, "removed"));
	roster_page(rq, rs, said.len ? said.buf : NULL, NULL);
	strbuf_release(&said);
	return 0;
}

int ui_shift_add(struct web_request *rq, struct store_shift *sh,
		 struct err *err)
{
	char *raw[ROSTERFILE_NFIELDS];
	struct duty_roster r;
	struct book *book;
	int bad, rc;

	memset(sh, 0, sizeof(*sh));
	raw[ROSTERFILE_UNIT] = rq->unit_id;
	raw[ROSTERFILE_ROLE] = (char *)web_form(rq, "role");
	raw[ROSTERFILE_PERSON] = (char *)web_form(rq, "person");
	raw[ROSTERFILE_PHONE] = (char *)web_form(rq, "phone");
	raw[ROSTERFILE_FROM] = (char *)web_form(rq, "from");
	raw[ROSTERFILE_TO] = (char *)web_form(rq, "to");
	if (web_book(rq, &book, err) ||
	    duty_roster_load(&r, rq->store, &rq->run, book, err))
		return -1;
	rc = duty_check_shift(&r, raw, sh, &bad, err);
	duty_roster_release(&r);
	if (rc) {
		err_about(err, NULL, rosterfile_field_name(bad));
		return -1;
	}
	return duty_add(rq->store, &rq->run, &rq->auth, sh,
			rq->session.person, rq->now, err);
}

int ui_roster_add(struct web_request *rq, struct web_response *rs)
{
	struct store_shift sh;
	struct strbuf to = STRBUF_INIT, said = STRBUF_INIT;
	struct err err = ERR_INIT;
	int rc = ui_shift_add(rq, &sh, &err);

	if (rc < 0) {
		rs->status = 422;
		roster_page(rq, rs, NULL, &err);
	} else if (rc == 1) {
		strbuf_addf(&said, _("already on the roster (shift %lld);"
				     " nothing recorded"), (long long)sh.id);
		roster_page(rq, rs, said.buf, NULL);
	} else {
		strbuf_adds(&to, "/u/");
		html_url_arg(&to, rq->unit_id);
		strbuf_addf(&to, "/roster?added=%lld&event=%lld",
			    (long long)sh.id, (long long)sh.added_seq);
		web_redirect(rs, to.buf);
	}
	duty_shift_release(&sh);
	strbuf_release(&to);
	strbuf_release(&said);
	err_release(&err);
	return 0;
}

int ui_shift_remove(struct web_request *rq, struct err *err)
{
	struct store_shift *sh = NULL, removed;
	struct strbuf reason = STRBUF_INIT, reopened = STRBUF_INIT;
	char *end;
	long long id = strtoll(rq->params[1], &end, 10);
	size_t n = 0, i;
	int rc = -1;

	if (store_shifts(rq->store, rq->run.id, rq->unit_id, NULL, &sh, &n,
			 err))
		return -1;
	for (i = 0; !*end && i < n && sh[i].id != id; i++)
		;
	store_shifts_free(sh, n);
	if (*end || i == n) {
		fail(err, _("unit '%s' has no shift %s on the roster"),
		     rq->unit_id, rq->params[1]);
		return STORE_NOTFOUND;
	}
	if (ui_text(rq, "reason", 1, &reason, err))
		goto done;
	rc = duty_remove(rq->store, &rq->run, &rq->auth, id,
			 rq->session.person, rq->now, reason.buf, &removed,
			 &reopened, err);
	if (!rc)
		duty_shift_release(&removed);
done:
	strbuf_release(&reopened);
	strbuf_release(&reason);
	return rc;
}

int ui_roster_remove(struct web_request *rq, struct web_response *rs)
{
	struct strbuf to = STRBUF_INIT;
	struct err err = ERR_INIT;
	int rc = ui_shift_remove(rq, &err);

	if (rc == STORE_NOTFOUND) {
		web_error_err(rq, rs, 404, &err);
	} else if (rc) {
		rs->status = 422;
		roster_page(rq, rs, NULL, &err);
	} else {
		strbuf_adds(&to, "/u/");
		html_url_arg(&to, rq->unit_id);
		strbuf_addf(&to, "/roster?removed=%s", rq->params[1]);
		web_redirect(rs, to.buf);
	}
	strbuf_release(&to);
	err_release(&err);
	return 0;
}
