/*
 * HTML out: every piece of text a page carries goes through one of three
 * writers, each escaping for its context (cgit's html.c is the model):
 * html_txt for element text, html_attr for a double-quoted attribute
 * value, html_url_arg for a path segment or a query value inside a URL.
 * Markup itself is written as literals (html_raw); no page pastes user
 * text into markup any other way.  The skeleton (head, the stylesheet,
 * the header with its navigation, the footer) is written once here.
 */
#ifndef WEB_HTML_H
#define WEB_HTML_H

#include "strbuf.h"
#include "web/web.h"

/* Text: & < > " ' as entities, control characters as spaces; NULL: nothing. */
void html_txt(struct strbuf *out, const char *s);
/* An attribute value, written inside double quotes by the caller. */
void html_attr(struct strbuf *out, const char *s);
/* A URL component: every byte but A-Z a-z 0-9 - . _ ~ percent-encoded. */
void html_url_arg(struct strbuf *out, const char *s);
/* Markup the engine wrote itself (a literal): appended as it is. */
void html_raw(struct strbuf *out, const char *markup);

/*
 * Starts a page of the response: doctype, head (title, viewport, the
 * stylesheet; for a live page, rs->refresh set, the script that reloads
 * it while it is in view, unless the query says live=0), the
 * header (the run, who is signed in, the navigation, log out and the
 * other language) and <main>.  title is plain text.
 */
void html_page_start(struct web_request *rq, struct web_response *rs,
		     const char *title);
/* Closes <main>, writes the footer, ends the page. */
void html_page_end(struct web_request *rq, struct web_response *rs);

/* The hidden CSRF field every form of a session carries. */
void html_csrf(const struct web_request *rq, struct strbuf *out);

/* <a href="PREFIX ARG SUFFIX">TEXT</a>, arg as a URL component. */
void html_link(struct strbuf *out, const char *prefix, const char *arg,
	       const char *suffix, const char *text);

/* A one-line message box: kind "ok" or "error"; text plain. */
void html_notice(struct strbuf *out, const char *kind, const char *text);

/* The stylesheet every page links to (/static/cutover.css). */
extern const char html_stylesheet[];
/* The one script: a live page reloads itself (/static/live.js). */
extern const char html_live_script[];

#endif
