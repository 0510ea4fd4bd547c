/*
 * HTML rendering.  Safe mode is cmark-gfm's default (CMARK_OPT_UNSAFE is
 * never set): raw HTML and dangerous link targets (javascript:) in the
 * Markdown are dropped, a second wall behind the report's own escaping.
 */
#include "render.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *const extensions[] = { "table", "tasklist",
					  "strikethrough" };

static const char style[] =
	"body{font-family:\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;"
	"font-size:11pt;line-height:1.4;color:#111;max-width:60rem;"
	"margin:1.5rem auto;padding:0 1rem}"
	"h1{font-size:1.6em;border-bottom:2px solid #234;padding-bottom:.2em}"
	"h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #99a;"
	"break-after:avoid}"
	"table{border-collapse:collapse;width:100%;margin:.6em 0;"
	"font-size:.92em}"
	"th,td{border:1px solid #bbc;padding:.25em .45em;vertical-align:top;"
	"overflow-wrap:anywhere}"
	"th{background:#e8ecf3}tr:nth-child(even) td{background:#f7f8fb}"
	"thead{display:table-header-group}tr{break-inside:avoid}"
	"code{font-family:\"DejaVu Sans Mono\",monospace;font-size:.9em}"
	"ul.contains-task-list{list-style:none;padding-left:1em}"
	".table-wrap{overflow-x:auto}"
	"@media (max-width:40rem){body{font-size:10pt;margin:.5rem}}"
	"@page{size:A4;margin:15mm 12mm}"
	"@media print{body{max-width:none;margin:0}h2{break-before:auto}"
	"a{color:inherit;text-decoration:none}}";

static void add_escaped(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			strbuf_adds(out, "&lt;");
			break;
		case '>':
			strbuf_adds(out, "&gt;");
			break;
		case '&':
			strbuf_adds(out, "&amp;");
			break;
		case '"':
			strbuf_adds(out, "&quot;");
			break;
		default:
			strbuf_addch(out, *s);
		}
	}
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
		return fail(err, "cannot create the Markdown parser");
	for (i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		cmark_syntax_extension *ext =
			cmark_find_syntax_extension(extensions[i]);

		if (!ext || !cmark_parser_attach_syntax_extension(parser, ext)) {
			cmark_parser_free(parser);
			return fail(err, "cmark-gfm has no '%s' extension",
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
	return html ? 0 : fail(err, "cannot render the Markdown");
}

int render_html_page(const char *md, size_t len, const char *title,
		     const char *lang, struct strbuf *out, struct err *err)
{
	strbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"");
	add_escaped(out, lang);
	strbuf_adds(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width,"
		    " initial-scale=1\">\n<title>");
	add_escaped(out, title);
	strbuf_adds(out, "</title>\n<style>");
	strbuf_adds(out, style);
	strbuf_adds(out, "</style>\n</head>\n<body>\n");
	if (render_html_body(md, len, out, err))
		return -1;
	strbuf_adds(out, "</body>\n</html>\n");
	return 0;
}
