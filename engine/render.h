/*
 * Markdown to a standalone HTML page, through cmark-gfm with the table,
 * tasklist and strikethrough extensions, in safe mode (raw HTML in the
 * Markdown is not passed through).  The only module that calls cmark-gfm.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"

/*
 * Appends a whole HTML document to out: <html lang=LANG>, UTF-8, the
 * title (escaped), inline CSS for screen and A4 print, and the body
 * rendered from md (len bytes).  Returns 0 or -1 with err set.
 */
int render_html_page(const char *md, size_t len, const char *title,
		     const char *lang, struct strbuf *out, struct err *err);

/* Appends the HTML body alone, as cmark-gfm renders md. */
int render_html_body(const char *md, size_t len, struct strbuf *out,
		     struct err *err);

#endif
