/*
 * The HTML writers and the page skeleton (html.h).
 */
#include "web/html.h"

#include <string.h>

#include "i18n.h"
#include "render.h"
#include "banned.h"

void html_txt(struct strbuf *out, const char *s)
{
	render_escape(out, s);
}

void html_attr(struct strbuf *out, const char *s)
{
	/* Quotes of both kinds are entities, so either delimiter holds. */
	render_escape(out, s);
}

void html_url_arg(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			strbuf_addch(out, *p);
			continue;
		}
		strbuf_addch(out, '%');
		strbuf_addch(out, hex[*p >> 4]);
		strbuf_addch(out, hex[*p & 15]);
	}
}

void html_raw(struct strbuf *out, const char *markup)
{
	strbuf_adds(out, markup);
}

void html_link(struct strbuf *out, const char *prefix, const char *arg,
	       const char *suffix, const char *text)
{
	strbuf_adds(out, "<a href=\"");
	html_attr(out, prefix);
	html_url_arg(out, arg);
	html_attr(out, suffix);
	strbuf_adds(out, "\">");
	html_txt(out, text);
	strbuf_adds(out, "</a>");
}

void html_notice(struct strbuf *out, const char *kind, const char *text)
{
	strbuf_adds(out, "<p class=\"notice ");
	html_attr(out, kind);
	strbuf_adds(out, !strcmp(kind, "error") ? "\" role=\"alert\">" :
		    "\" role=\"status\">");
	html_txt(out, text);
	strbuf_adds(out, "</p>\n");
}

void html_csrf(const struct web_request *rq, struct strbuf *out)
{
	if (!rq->has_session)
		return;
	strbuf_adds(out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(out, rq->csrf);
	strbuf_adds(out, "\">");
}

/* The navigation of the session: a unit's three pages, or the coordinator's. */
static void nav(struct web_request *rq, struct strbuf *out)
{
	const char *unit = rq->session.unit_id;

	strbuf_adds(out, "<nav aria-label=\"");
	html_attr(out, _("Main"));
	strbuf_adds(out, "\">");
	if (unit) {
		html_link(out, "/u/", unit, "", _("Tasks"));
		html_link(out, "/u/", unit, "/issues", _("Difficulties"));
		html_link(out, "/u/", unit, "/roster", _("Duty roster"));
	} else {
		html_link(out, "/c", "", "", _("Overview"));
		html_link(out, "/c/units", "", "", _("Units"));
		html_link(out, "/c/issues", "", "", _("Difficulties"));
		html_link(out, "/c/reports/readiness", "", "", _("Report"));
	}
	strbuf_adds(out, "</nav>");
}

/* Who is signed in: the person, and the unit or "coordinator". */
static void who(struct web_request *rq, struct strbuf *out)
{
	struct book *book;
	struct err err = ERR_INIT;
	const struct unit *u = NULL;

	if (rq->session.unit_id && !web_book(rq, &book, &err))
		u = units_find(book->units, rq->session.unit_id);
	err_release(&err);
	strbuf_adds(out, "<p class=\"who\">");
	html_txt(out, rq->session.person);
	strbuf_adds(out, " · ");
	if (!rq->session.unit_id)
		html_txt(out, _("coordinator"));
	else
		html_txt(out, u ? u->name : rq->session.unit_id);
	strbuf_adds(out, "</p>");
}

void html_page_start(struct web_request *rq, struct web_response *rs,
		     const char *title)
{
	struct strbuf *out = &rs->body;
	int live;

	rs->type = "text/html; charset=utf-8";
	strbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"");
	strbuf_adds(out, rq->english ? "en" : "vi");
	strbuf_adds(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width,"
		    " initial-scale=1\">\n");
	/*
	 * A script rather than a meta refresh: the user can stop it (live=0),
	 * and without scripts the page works the same, reloaded by hand.
	 */
	live = rs->refresh && !web_arg(rq, "live");
	if (live)
		strbuf_adds(out, "<script src=\"/static/live.js\" defer></script>\n");
	strbuf_adds(out, "<title>");
	html_txt(out, title);
	strbuf_adds(out, " · cutover</title>\n"
		    "<link rel=\"stylesheet\" href=\"/static/cutover.css\">\n"
		    "</head>\n");
	if (live)
		strbuf_addf(out, "<body data-refresh=\"%d\">\n", rs->refresh);
	else
		strbuf_adds(out, "<body>\n");
	strbuf_adds(out, "<header>\n<p class=\"run\">");
	if (rq->run.id)
		html_txt(out, rq->run.title);
	else
		html_txt(out, "cutover");
	strbuf_adds(out, "</p>\n");
	if (rq->has_session) {
		who(rq, out);
		nav(rq, out);
		strbuf_adds(out, "\n<form method=\"post\" action=\"/logout\""
			    " class=\"inline\">");
		html_csrf(rq, out);
		strbuf_adds(out, "<button type=\"submit\" class=\"link\">");
		html_txt(out, _("Log out"));
		strbuf_adds(out, "</button></form>\n");
	}
	strbuf_adds(out, "</header>\n<main>\n<h1>");
	html_txt(out, title);
	strbuf_adds(out, "</h1>\n");
	if (rs->refresh) {
		strbuf_adds(out, "<p class=\"hint\">");
		html_link(out, rq->path, "", "", _("Refresh"));
		strbuf_adds(out, " · ");
		if (live)
			html_link(out, rq->path, "", "?live=0",
				  _("stop refreshing by itself"));
		else
			html_link(out, rq->path, "", "",
				  _("refresh by itself every 30 seconds"));
		strbuf_adds(out, "</p>\n");
	}
}

void html_page_end(struct web_request *rq, struct web_response *rs)
{
	struct strbuf *out = &rs->body;

	strbuf_adds(out, "</main>\n<footer>");
	/* The other language, back to this page. */
	html_link(out, rq->english ? "/lang/vi?to=" : "/lang/en?to=",
		  rq->path, "", rq->english ? "Tiếng Việt" : "English");
	strbuf_adds(out, "</footer>\n</body>\n</html>\n");
}

const char html_stylesheet[] =
	"*{box-sizing:border-box}"
	"body{margin:0;font:16px/1.45 system-ui,-apple-system,\"Segoe UI\","
	"Roboto,\"Noto Sans\",sans-serif;color:#1a1a1a;background:#f4f5f7}"
	"header{background:#0b4f8a;color:#fff;padding:.5rem .75rem}"
	"header a,header .link{color:#fff}"
	"header p{margin:.1rem 0}"
	".run{font-size:.85rem}"
	".who{font-weight:600}"
	"nav{display:flex;flex-wrap:wrap;gap:.1rem 1rem;margin:.3rem 0}"
	"nav a{font-weight:600;padding:.35rem 0;display:inline-block}"
	"main{padding:.75rem;max-width:50rem;margin:0 auto}"
	"h1{font-size:1.35rem;margin:.25rem 0 .75rem;line-height:1.25}"
	"h2{font-size:1.1rem;margin:1.25rem 0 .5rem}"
	".card{background:#fff;border:1px solid #cfd5dd;border-radius:.5rem;"
	"padding:.75rem;margin:.6rem 0}"
	"ul.tasks{list-style:none;padding:0;margin:0}"
	"ul.tasks li{background:#fff;border:1px solid #cfd5dd;"
	"border-radius:.5rem;margin:.5rem 0}"
	"ul.tasks li.late{border-left:.4rem solid #b3261e}"
	"ul.tasks a{display:block;padding:.6rem .75rem;color:inherit;"
	"text-decoration:none}"
	".title{font-weight:600;display:block}"
	".meta{font-size:.875rem;color:#454d59;display:block}"
	".state{display:inline-block;font-size:.8rem;font-weight:700;"
	"padding:.05rem .45rem;border-radius:.25rem;background:#e3e7ec;"
	"color:#1a1a1a}"
	".s-done,.s-skipped{background:#d4efd9;color:#0f4d24}"
	".s-blocked,.s-failed{background:#fde0c2;color:#6b2a00}"
	".s-late{background:#fbd3cf;color:#7a1b14}"
	"label{display:block;font-weight:600;margin:.8rem 0 .25rem}"
	"input,select,textarea{font:inherit;width:100%;padding:.6rem;"
	"border:1px solid #6b7482;border-radius:.4rem;background:#fff;"
	"color:#1a1a1a}"
	"textarea{min-height:5rem}"
	"button{font:inherit;width:100%;padding:.65rem;border:0;"
	"border-radius:.4rem;background:#0b4f8a;color:#fff;font-weight:600;"
	"margin-top:.8rem;min-height:2.75rem;cursor:pointer}"
	"button.secondary{background:#fff;color:#0b4f8a;"
	"border:1px solid #0b4f8a}"
	"button.link{background:none;width:auto;min-height:0;padding:.35rem 0;"
	"margin:0;text-decoration:underline;font-weight:600}"
	".inline{display:inline}"
	".notice{padding:.6rem .75rem;border-radius:.4rem;margin:.6rem 0}"
	".ok{background:#d4efd9;color:#0f4d24}"
	".error{background:#fbd3cf;color:#7a1b14}"
	".field-error{color:#7a1b14;font-size:.9rem;margin:.25rem 0}"
	".hint{font-size:.875rem;color:#454d59;margin:.2rem 0}"
	"ul.findings{background:#fff3f1;border:1px solid #e8b4ad;"
	"border-radius:.4rem;padding:.5rem .5rem .5rem 1.75rem;margin:.5rem 0}"
	"table{border-collapse:collapse;width:100%;font-size:.9rem;"
	"background:#fff}"
	"th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e3e7ec;"
	"vertical-align:top}"
	"progress{width:100%;height:.75rem}"
	"details{margin:.5rem 0}"
	"footer{padding:1rem .75rem 2rem;font-size:.9rem;text-align:center}"
	"dl{margin:.5rem 0}dt{font-weight:600}dd{margin:0 0 .4rem}"
	"@media (min-width:40rem){main{padding:1rem 1.5rem}}\n";

const char html_live_script[] =
	"(function () {\n"
	"\tvar s = Number(document.body.getAttribute('data-refresh'));\n"
	"\tif (s > 0)\n"
	"\t\tsetInterval(function () {\n"
	"\t\t\tif (!document.hidden)\n"
	"\t\t\t\tlocation.reload();\n"
	"\t\t}, s * 1000);\n"
	"})();\n";
