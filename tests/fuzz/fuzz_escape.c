/*
 * The Markdown escaper: arbitrary text escaped by report_escape, put in
 * a paragraph and in a table cell, rendered by cmark-gfm with the
 * engine's extensions and raw HTML let through (the engine renders in
 * safe mode; here any slip must show).  The HTML may hold no tag but
 * those of the paragraph and the table, and the row exactly one cell:
 * what a unit typed neither becomes markup nor breaks a table.
 */
#include "fuzz.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "strbuf.h"

static const char *const allowed[] = {
	"<p>", "</p>", "<table>", "</table>", "<thead>", "</thead>",
	"<tbody>", "</tbody>", "<tr>", "</tr>", "<th>", "</th>", "<td>",
	"</td>", NULL,
};

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += len;
	}
	return n;
}

static char *render(const char *md, size_t len)
{
	static const char *const names[] = { "table", "strikethrough",
					     "tasklist" };
	cmark_parser *p;
	cmark_node *doc;
	cmark_llist *exts;
	char *html;
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_UNSAFE);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		cmark_parser_attach_syntax_extension(p,
			cmark_find_syntax_extension(names[i]));
	cmark_parser_feed(p, md, len);
	doc = cmark_parser_finish(p);
	exts = cmark_parser_get_syntax_extensions(p);
	html = cmark_render_html(doc, CMARK_OPT_UNSAFE, exts);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return html;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *html, *p;
	struct strbuf esc = STRBUF_INIT, md = STRBUF_INIT;
	size_t i;

	report_escape(&esc, text);
	strbuf_addf(&md, "x %s\n\n| h |\n| --- |\n| %s |\n", esc.buf, esc.buf);
	html = render(md.buf, md.len);
	if (count(html, "<td>") != 1 || count(html, "<th>") != 1 ||
	    count(html, "<tr>") != 2 || count(html, "<p>") != 1)
		fuzz_fail("escaped text changed the document's structure",
			  size);
	for (p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		for (i = 0; allowed[i]; i++)
			if (!strncmp(p, allowed[i], strlen(allowed[i])))
				break;
		if (!allowed[i])
			fuzz_fail("escaped text became a tag", size);
	}
	free(html);
	strbuf_release(&md);
	strbuf_release(&esc);
	free(text);
	return 0;
}
