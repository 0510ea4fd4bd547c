/*
 * HTML rendering.  Safe mode is cmark-gfm's default (CMARK_OPT_UNSAFE is
 * never set): raw HTML and dangerous link targets (javascript:) in the
 * Markdown are dropped, a second wall behind the report's own escaping.
 * The only markup that does not come out of cmark-gfm is this page's
 * frame and the figures the engine drew.
 *
 * The page's frame puts <section>, </section>, <figure> and </figure>
 * on lines of their own, so that a test can take them out and compare
 * the rest with what the cmark-gfm command line makes of the Markdown.
 */
#include "render.h"

#include <assert.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"
#include "banned.h"

static const char *const extensions[] = { "table", "tasklist",
					  "strikethrough" };

/*
 * Screen: one readable column.  On a phone (up to 40rem) nothing needs
 * sideways scrolling but a chart, in its own figure: a table of numbers
 * (its second column right-aligned: a name, then counts) keeps to the
 * screen's width, its cells wrapping; a table of text becomes one block per row, its cells
 * one after the other (the reports put the column that names the row
 * first), as a phone's reader reads a list.
 * Print (A4): a page per major section, table headers repeated on every
 * page (thead as a header group), rows and figures never split, page
 * numbers at the foot.
 */
#define TEXT_TABLE "table:not(:has(tr>:nth-child(2)[style*=right]))"

static const char style[] =
	"body{font-family:\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;"
	"font-size:11pt;line-height:1.45;color:#111;background:#fff;"
	"max-width:60rem;margin:1.5rem auto;padding:0 1rem}\n"
	"h1{font-size:1.6em;line-height:1.25;border-bottom:2px solid #1f4e79;"
	"padding-bottom:.2em;margin:.2em 0 .5em}\n"
	"h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #99a;"
	"padding-bottom:.1em}\n"
	"h3{font-size:1.08em;margin-top:1.2em}\n"
	"h2,h3{break-after:avoid;page-break-after:avoid}\n"
	"table{border-collapse:collapse;width:100%;margin:.6em 0;"
	"font-size:.92em}\n"
	"th,td{border:1px solid #bbc;padding:.25em .45em;vertical-align:top;"
	"text-align:left;overflow-wrap:break-word}\n"
	"th{background:#e8ecf3}\n"
	"tbody tr:nth-child(even) td{background:#f7f8fb}\n"
	"thead{display:table-header-group}\n"
	"tr,li{break-inside:avoid;page-break-inside:avoid}\n"
	"code{font-family:\"DejaVu Sans Mono\",monospace;font-size:.88em;"
	"overflow-wrap:anywhere}\n"
	"ul:has(>li>input[type=checkbox]){list-style:none;padding-left:1.6em}\n"
	"li>input[type=checkbox]{margin:0 .45em 0 -1.5em;"
	"vertical-align:-.1em}\n"
	"figure.chart{margin:1em 0;break-inside:avoid;"
	"page-break-inside:avoid}\n"
	"figure.chart svg{display:block;width:100%;height:auto;"
	"max-width:48rem}\n"
	"figcaption{font-size:.9em;color:#333;margin-top:.3em}\n"
	"@media screen and (max-width:40rem){body{font-size:10.5pt;"
	"margin:.5rem auto;padding:0 .5rem}h1{font-size:1.35em}"
	"table{font-size:.84em;margin:.4em 0}"
	"th,td{padding:.2em .25em;overflow-wrap:break-word}"
	"th{hyphens:auto}td code{overflow-wrap:anywhere}"
	TEXT_TABLE ","
	TEXT_TABLE ">tbody{display:block}"
	TEXT_TABLE " thead{display:none}"
	TEXT_TABLE " tr{display:block;"
	"border:1px solid #bbc;padding:.3em .45em;margin-bottom:-1px}"
	TEXT_TABLE " td{display:inline;border:0;"
	"padding:0}"
	TEXT_TABLE " td+td:before{content:\" · \"}"
	TEXT_TABLE " td:first-child{font-weight:600}"
	"figure.chart{overflow-x:auto}figure.chart svg{min-width:34rem}}\n"
	"@page{size:A4;margin:14mm 12mm 16mm;"
	"@bottom-right{content:counter(page) \" / \" counter(pages);"
	"font-size:9pt;color:#555}}\n"
	"@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
	"section.part+section.part{break-before:page;"
	"page-break-before:always}"
	"a{color:inherit;text-decoration:none}"
	"th,td,figure.chart{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}}\n";

void render_escape(struct strbuf *out, const char *s)
{
	const unsigned char *p;

	if (!s)
		return;
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&':
			strbuf_adds(out, "&amp;");
			break;
		case '<':
			strbuf_adds(out, "&lt;");
			break;
		case '>':
			strbuf_adds(out, "&gt;");
			break;
		case '"':
			strbuf_adds(out, "&quot;");
			break;
		case '\'':
			strbuf_adds(out, "&#39;");
			break;
		default:
			/* XML 1.0 allows no control character but tab/newline. */
			if (*p < 0x20 || *p == 0x7f)
				strbuf_addch(out, ' ');
			else
				strbuf_addch(out, *p);
		}
	}
}

void render_doc_release(struct render_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nmarks; i++)
		free(doc->marks[i].html);
	free(doc->marks);
	doc->marks = NULL;
	doc->nmarks = doc->alloc = 0;
	strbuf_release(&doc->md);
	strbuf_release(&doc->title);
}

static struct render_mark *add_mark(struct render_doc *doc,
				    enum render_mark_kind kind)
{
	struct render_mark *m;

	/* A mark sits between blocks: at the start or after a line's end. */
	assert(!doc->md.len || doc->md.buf[doc->md.len - 1] == '\n');
	XGROW(doc->marks, doc->alloc, doc->nmarks + 1);
	m = &doc->marks[doc->nmarks++];
	m->offset = doc->md.len;
	m->kind = kind;
	m->html = NULL;
	return m;
}

void render_doc_break(struct render_doc *doc)
{
	add_mark(doc, RENDER_BREAK);
}

void render_doc_figure(struct render_doc *doc, const char *markup,
		       const char *caption)
{
	struct strbuf html = STRBUF_INIT;

	strbuf_adds(&html, "<figure class=\"chart\">\n");
	strbuf_adds(&html, markup);
	if (caption && *caption) {
		strbuf_adds(&html, "<figcaption>");
		render_escape(&html, caption);
		strbuf_adds(&html, "</figcaption>\n");
	}
	strbuf_adds(&html, "</figure>\n");
	add_mark(doc, RENDER_FIGURE)->html = strbuf_detach(&html, NULL);
}

int render_html_body(const char *md, size_t len, struct strbuf *out,
		     struct err *err)
{
	cmark_parser *parser;
	cmark_node *doc;
	char *html;
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!parser)
		return fail(err, "%s", _("cannot create the Markdown parser"));
	for (i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		cmark_syntax_extension *ext =
			cmark_find_syntax_extension(extensions[i]);

		if (!ext || !cmark_parser_attach_syntax_extension(parser, ext)) {
			cmark_parser_free(parser);
			return fail(err, _("cmark-gfm has no '%s' extension"),
				    extensions[i]);
		}
	}
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	html = cmark_render_html(doc, CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES,
				 cmark_parser_get_syntax_extensions(parser));
	if (html)
		strbuf_adds(out, html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return html ? 0 : fail(err, "%s", _("cannot render the Markdown"));
}

int render_html_page(const struct render_doc *doc, struct strbuf *out,
		     struct err *err)
{
	size_t from = 0, i;
	int open = 0;

	strbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"");
	render_escape(out, doc->lang ? doc->lang : "vi");
	strbuf_adds(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width,"
		    " initial-scale=1\">\n<title>");
	render_escape(out, doc->title.buf);
	strbuf_adds(out, "</title>\n<style>\n");
	strbuf_adds(out, style);
	strbuf_adds(out, "</style>\n</head>\n<body>\n");
	for (i = 0; i <= doc->nmarks; i++) {
		const struct render_mark *m = i < doc->nmarks ?
			&doc->marks[i] : NULL;
		size_t to = m ? m->offset : doc->md.len;

		assert(to >= from && to <= doc->md.len);
		if (to > from || (m && m->kind == RENDER_FIGURE)) {
			if (!open)
				strbuf_adds(out, "<section class=\"part\">\n");
			open = 1;
		}
		if (to > from &&
		    render_html_body(doc->md.buf + from, to - from, out, err))
			return -1;
		from = to;
		if (!m)
			break;
		if (m->kind == RENDER_FIGURE) {
			strbuf_adds(out, m->html);
		} else if (open) {
			strbuf_adds(out, "</section>\n");
			open = 0;
		}
	}
	if (open)
		strbuf_adds(out, "</section>\n");
	strbuf_adds(out, "</body>\n</html>\n");
	return 0;
}
