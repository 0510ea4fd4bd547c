/*
 * Documents: Markdown (the source, what `--format md` writes) with marks
 * that only the HTML page uses, and its rendering to one standalone HTML
 * page through cmark-gfm with the table, tasklist and strikethrough
 * extensions, in safe mode (raw HTML in the Markdown is not passed
 * through).  The only module that calls cmark-gfm.
 *
 * A mark sits at a block boundary of the Markdown (the start of a line
 * after a blank line, or the end): a break starts a new major section
 * (a new page in print), a figure inserts markup the engine drew (an SVG
 * chart, never text a user typed) between two blocks.  The Markdown
 * between marks is rendered piece by piece, so a mark can never land
 * inside a block.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"

enum render_mark_kind { RENDER_BREAK, RENDER_FIGURE };

struct render_mark {
	size_t offset;            /* in md */
	enum render_mark_kind kind;
	char *html;               /* FIGURE: the engine's markup (owned) */
};

struct render_doc {
	struct strbuf md;
	struct strbuf title;      /* plain text; escaped when rendered */
	const char *lang;         /* "vi" or "en" */
	struct render_mark *marks;
	size_t nmarks, alloc;
};

#define RENDER_DOC_INIT { STRBUF_INIT, STRBUF_INIT, "vi", NULL, 0, 0 }

void render_doc_release(struct render_doc *doc);

/*
 * Appends s escaped for HTML and XML text and attribute values: & < > "
 * and ' as entities, control characters as spaces (NULL appends nothing).
 */
void render_escape(struct strbuf *out, const char *s);

/* Marks the end of doc->md (a block boundary) as the start of a major section. */
void render_doc_break(struct render_doc *doc);

/*
 * Inserts a figure at the end of doc->md (a block boundary): the markup
 * (an SVG drawn by the chart module) and a caption (plain text, escaped
 * here).
 */
void render_doc_figure(struct render_doc *doc, const char *markup,
		       const char *caption);

/*
 * Appends a whole HTML document to out: <html lang=...>, UTF-8, the
 * title, inline CSS for phones and A4 print, each major section in a
 * <section>, the figures in place.  Returns 0 or -1 with err set.
 */
int render_html_page(const struct render_doc *doc, struct strbuf *out,
		     struct err *err);

/* Appends the HTML body alone, as cmark-gfm renders md (len bytes). */
int render_html_body(const char *md, size_t len, struct strbuf *out,
		     struct err *err);

#endif
