/*
 * Getting in and out: the login page (a token and one's name), the
 * one-time link `cutover token issue UNIT --link` prints, logging out,
 * the language of the pages, and the stylesheet.
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "i18n.h"
#include "seal.h"
#include "web/html.h"
#include "xalloc.h"
#include "banned.h"

/* A local path to go back to: "/x...", never "//host" or a scheme. */
static const char *local_path(const char *to)
{
	if (!to || to[0] != '/' || to[1] == '/' || to[1] == '\\' ||
	    strpbrk(to, "\r\n"))
		return "/";
	return to;
}

int ui_home(struct web_request *rq, struct web_response *rs)
{
	struct strbuf to = STRBUF_INIT;

	if (!rq->has_session) {
		web_redirect(rs, "/login");
		return 0;
	}
	if (rq->session.unit_id) {
		strbuf_adds(&to, "/u/");
		html_url_arg(&to, rq->session.unit_id);
		web_redirect(rs, to.buf);
	} else {
		web_redirect(rs, "/c");
	}
	strbuf_release(&to);
	return 0;
}

static void person_field(struct strbuf *out, const char *value)
{
	strbuf_adds(out, "<label for=\"person\">");
	html_txt(out, _("Your full name"));
	strbuf_adds(out, "</label><input id=\"person\" name=\"person\""
		    " autocomplete=\"name\" required maxlength=\"200\""
		    " value=\"");
	html_attr(out, value);
	strbuf_adds(out, "\"><p class=\"hint\">");
	html_txt(out, _("The ledger records every action you take under this"
			" name."));
	strbuf_adds(out, "</p>");
}

static void login_page(struct web_request *rq, struct web_response *rs,
		       const char *error, const char *person)
{
	struct strbuf *out = &rs->body;

	html_page_start(rq, rs, _("Log in"));
	if (web_arg(rq, "bye"))
		html_notice(out, "ok", _("You are logged out."));
	if (error)
		html_notice(out, "error", error);
	strbuf_adds(out, "<form method=\"post\" action=\"/login\""
		    " class=\"card\"><input type=\"hidden\" name=\"to\""
		    " value=\"");
	html_attr(out, local_path(web_arg(rq, "to") ? web_arg(rq, "to") :
				  web_form(rq, "to")));
	strbuf_adds(out, "\"><label for=\"token\">");
	html_txt(out, _("Your unit's token"));
	strbuf_adds(out, "</label><input id=\"token\" name=\"token\""
		    " type=\"password\" autocomplete=\"off\" required"
		    " spellcheck=\"false\"><p class=\"hint\">");
	html_txt(out, _("It starts with cut_ and was given to your unit by"
			" the coordinator, with a link that logs in at once."));
	strbuf_adds(out, "</p>");
	person_field(out, person);
	strbuf_adds(out, "<button type=\"submit\">");
	html_txt(out, _("Log in"));
	strbuf_adds(out, "</button></form>\n");
	html_page_end(rq, rs);
}

int ui_login_form(struct web_request *rq, struct web_response *rs)
{
	login_page(rq, rs, NULL, "");
	return 0;
}

/* The checked name of the person, or a page saying what is wrong. */
static int read_person(struct web_request *rq, struct strbuf *person,
		       struct err *err)
{
	if (evidence_name(web_form(rq, "person"), person, err) ||
	    !person->len) {
		if (!err_is_set(err))
			fail(err, "%s", _("type your full name"));
		err_prefix(err, "%s", _("your name"));
		return -1;
	}
	return 0;
}

/* Opens the session of a's token for person; answers with the redirect. */
static int open_session(struct web_request *rq, struct web_response *rs,
			const struct auth *a, const char *person,
			const char *to, struct err *err)
{
	struct strbuf secret = STRBUF_INIT;

	if (store_begin(rq->store, err))
		return -1;
	if (web_session_open(rq, a, person, NULL, &secret, err) ||
	    store_commit(rq->store, err)) {
		store_rollback(rq->store);
		strbuf_release(&secret);
		return -1;
	}
	web_session_cookie(rq, rs, secret.buf);
	seal_wipe(secret.buf, secret.len);
	strbuf_release(&secret);
	web_redirect(rs, to);
	return 0;
}

int ui_login(struct web_request *rq, struct web_response *rs)
{
	struct strbuf person = STRBUF_INIT, line = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct auth auth = AUTH_INIT;

	if (read_person(rq, &person, &err) ||
	    web_login_token(rq, web_form(rq, "token"), &auth, &err) ||
	    open_session(rq, rs, &auth, person.buf,
			 local_path(web_form(rq, "to")), &err)) {
		err_format(&err, &line);
		rs->status = 403;
		login_page(rq, rs, line.buf, web_form(rq, "person"));
	}
	strbuf_release(&person);
	strbuf_release(&line);
	auth_release(&auth);
	err_release(&err);
	return 0;
}

/* The link's token and unit, when the link is good: 0, else -1 (answered). */
static int find_link(struct web_request *rq, struct web_response *rs,
		     char **token_id, char **unit_id)
{
	char hash[SEAL_HEX_LEN + 1];
	struct err err = ERR_INIT;
	int rc;

	seal_content(rq->params[0], strlen(rq->params[0]), hash);
	rc = store_web_link(rq->store, rq->run.id, hash, rq->now, token_id,
			    unit_id, &err);
	if (rc == STORE_NOTFOUND)
		web_error(rq, rs, 404, _("this link does not log in any more:"
					 " it was used, it expired, or its"
					 " token was revoked; ask the"
					 " coordinator for a new one"));
	else if (rc)
		web_error_err(rq, rs, 500, &err);
	err_release(&err);
	return rc ? -1 : 0;
}

static void link_page(struct web_request *rq, struct web_response *rs,
		      const char *unit_id, const char *error,
		      const char *person)
{
	struct strbuf *out = &rs->body;
	struct book *book;
	struct err err = ERR_INIT;
	const struct unit *u = NULL;

	if (unit_id && !web_book(rq, &book, &err))
		u = units_find(book->units, unit_id);
	err_release(&err);
	html_page_start(rq, rs, _("Log in"));
	if (error)
		html_notice(out, "error", error);
	strbuf_adds(out, "<form method=\"post\" action=\"/l/");
	html_url_arg(out, rq->params[0]);
	strbuf_adds(out, "\" class=\"card\"><p>");
	html_txt(out, _("This link logs you in once, for:"));
	strbuf_adds(out, " <strong>");
	html_txt(out, u ? u->name : unit_id ? unit_id : _("the coordinator"));
	strbuf_adds(out, "</strong></p>");
	person_field(out, person);
	strbuf_adds(out, "<button type=\"submit\">");
	html_txt(out, _("Log in"));
	strbuf_adds(out, "</button></form>\n");
	html_page_end(rq, rs);
}

/*
 * A GET shows the form and uses nothing up: a phone's link preview may
 * fetch the link before the officer does.
 */
int ui_link_form(struct web_request *rq, struct web_response *rs)
{
	char *token_id, *unit_id;

	if (find_link(rq, rs, &token_id, &unit_id))
		return 0;
	link_page(rq, rs, unit_id, NULL, "");
	free(token_id);
	free(unit_id);
	return 0;
}

int ui_link_login(struct web_request *rq, struct web_response *rs)
{
	struct strbuf person = STRBUF_INIT, secret = STRBUF_INIT;
	struct strbuf line = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct auth auth = AUTH_INIT;
	char *token_id = NULL, *unit_id = NULL;
	char hash[SEAL_HEX_LEN + 1];
	int rc;

	if (find_link(rq, rs, &token_id, &unit_id))
		goto done;
	if (read_person(rq, &person, &err)) {
		err_format(&err, &line);
		rs->status = 422;
		link_page(rq, rs, unit_id, line.buf, web_form(rq, "person"));
		goto done;
	}
	free(token_id);
	free(unit_id);
	token_id = unit_id = NULL;
	/*
	 * The link is used up and the session opened in one transaction,
	 * by one event sealed with the link's token.
	 */
	seal_content(rq->params[0], strlen(rq->params[0]), hash);
	if (store_begin(rq->store, &err))
		goto failed;
	rc = store_web_link(rq->store, rq->run.id, hash, rq->now, &token_id,
			    &unit_id, &err);
	if (rc == STORE_NOTFOUND) {
		/* Another tab used it a moment ago. */
		store_rollback(rq->store);
		find_link(rq, rs, &token_id, &unit_id);
		goto done;
	}
	if (rc || auth_resume(rq->store, &rq->run, token_id, &auth, &err) ||
	    web_session_open(rq, &auth, person.buf, hash, &secret, &err) ||
	    store_commit(rq->store, &err))
		goto failed_tx;
	web_session_cookie(rq, rs, secret.buf);
	web_redirect(rs, "/");
	goto done;
failed_tx:
	store_rollback(rq->store);
failed:
	web_error_err(rq, rs, 500, &err);
done:
	seal_wipe(secret.buf, secret.len);
	strbuf_release(&secret);
	strbuf_release(&person);
	strbuf_release(&line);
	free(token_id);
	free(unit_id);
	auth_release(&auth);
	err_release(&err);
	return 0;
}

int ui_logout(struct web_request *rq, struct web_response *rs)
{
	struct err err = ERR_INIT;

	if (web_session_end(rq, rs, &err))
		web_error_err(rq, rs, 500, &err);
	else
		web_redirect(rs, "/login?bye=1");
	err_release(&err);
	return 0;
}

int ui_language(struct web_request *rq, struct web_response *rs)
{
	const char *lang = rq->params[0];

	if (strcmp(lang, "vi") && strcmp(lang, "en")) {
		web_error(rq, rs, 404, _("there is no such page"));
		return 0;
	}
	strbuf_addf(&rs->cookies, "cutover_lang=%s; Path=/; SameSite=Strict;"
		    " Max-Age=31536000\n", lang);
	web_redirect(rs, local_path(web_arg(rq, "to")));
	return 0;
}

int ui_style(struct web_request *rq, struct web_response *rs)
{
	(void)rq;
	rs->type = "text/css; charset=utf-8";
	rs->cache = 1;
	strbuf_adds(&rs->body, html_stylesheet);
	return 0;
}

/* No icon: an empty answer, so that a browser's asking logs no error. */
int ui_icon(struct web_request *rq, struct web_response *rs)
{
	(void)rq;
	rs->status = 204;
	rs->type = "image/x-icon";
	rs->cache = 1;
	return 0;
}

int ui_script(struct web_request *rq, struct web_response *rs)
{
	(void)rq;
	rs->type = "text/javascript; charset=utf-8";
	rs->cache = 1;
	strbuf_adds(&rs->body, html_live_script);
	return 0;
}
