/*
 * Unit tests for what stands between a unit's typing and the page:
 * report_escape (Markdown) and the render module (cmark-gfm in safe
 * mode, the page frame, marks).  Hostile text, put in a table cell or a
 * task list item as the reports do, must come out as text: the same
 * number of cells, no tag, no link, Vietnamese in NFC and NFD intact.
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "err.h"
#include "render.h"
#include "report.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

/* "Đại Sơn" composed (NFC) and decomposed (NFD: D-stroke stays, the
 * vowels carry combining marks). */
#define NFC "\xc4\x90\xe1\xba\xa1i S\xc6\xa1n"
#define NFD "\xc4\x90" "a\xcc\xa3" "i So\xcc\x9bn"

static const char *const hostile[] = {
	"a|b||c\\|d",
	"**bold** __under__ *em* _em_",
	"`code` ``two``",
	"[link](javascript:alert(1)) ![img](x.png) <https://x.example>",
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(2)>",
	"line one\nline two\r\n| --- |\n# heading\n- item\n1. item",
	"&lt; &amp; &#60;script&#62;",
	"~~strike~~ [ ] [x]",
	"trailing backslash \\",
	"ctrl \x01\x02\x7f chars\ttab",
	NFC " " NFD,
	"<!-- comment --> <?php ?> <![CDATA[x]]>",
	"\\<script\\> already escaped",
	"www.example.com http://example.com",
};
#define NHOSTILE (sizeof(hostile) / sizeof(hostile[0]))

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

static void render(const struct strbuf *md, struct strbuf *html)
{
	struct err err = ERR_INIT;

	if (render_html_body(md->buf, md->len, html, &err))
		fail_msg("render failed: %s", err.msg.buf);
	err_release(&err);
}

/* No tag but the ones the Markdown of the test itself makes. */
static void assert_no_user_markup(const char *html)
{
	static const char *const tags[] = { "<script", "<img", "<a ", "<a>",
					    "<strong", "<em", "<del", "<h1",
					    "<!--", "<?", "<![", "<br" };
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strstr(html, tags[i]))
			fail_msg("'%s' in: %s", tags[i], html);
}

static void test_escape_exact(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	report_escape(&sb, "a|b *c* _d_ `e` [f](g) <h> & ~i~ #j \\k");
	assert_string_equal(sb.buf, "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g)"
			    " \\<h\\> \\& \\~i\\~ \\#j \\\\k");
	strbuf_reset(&sb);
	report_escape(&sb, "x\ny\r\nz\tw\x01\x7f.");
	assert_string_equal(sb.buf, "x y  z w.");
	strbuf_reset(&sb);
	report_escape(&sb, NFC NFD);
	assert_string_equal(sb.buf, NFC NFD);
	strbuf_reset(&sb);
	report_escape(&sb, NULL);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

/* Each hostile text in a table cell: one row of exactly three cells. */
static void test_hostile_in_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NHOSTILE; i++) {
		struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;

		strbuf_adds(&md, "| a | b | c |\n| --- | --- | --- |\n| 1 | ");
		report_escape(&md, hostile[i]);
		strbuf_adds(&md, " | 3 |\n");
		render(&md, &html);
		if (count(html.buf, "<td>") != 3 || count(html.buf, "<tr>") != 2)
			fail_msg("text %zu broke the table: %s", i, html.buf);
		assert_no_user_markup(html.buf);
		strbuf_release(&md);
		strbuf_release(&html);
	}
}

/* In a task list item and a heading, as the unit and daily reports put it. */
static void test_hostile_in_list_and_heading(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NHOSTILE; i++) {
		struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;

		strbuf_adds(&md, "## ");
		report_escape(&md, hostile[i]);
		strbuf_adds(&md, "\n\n- [x] `key` ");
		report_escape(&md, hostile[i]);
		strbuf_adds(&md, "\n  - note: ");
		report_escape(&md, hostile[i]);
		strbuf_adds(&md, "\n- [ ] next\n");
		render(&md, &html);
		if (count(html.buf, "<h2>") != 1 || count(html.buf, "<li>") != 3 ||
		    count(html.buf, "<ul>") != 2 ||
		    count(html.buf, "type=\"checkbox\"") != 2)
			fail_msg("text %zu broke the list: %s", i, html.buf);
		assert_no_user_markup(html.buf);
		strbuf_release(&md);
		strbuf_release(&html);
	}
}

static void test_render_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	render_escape(&sb, "a<b>&\"c\"'d'\x01\te");
	assert_string_equal(sb.buf,
			    "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;  e");
	strbuf_reset(&sb);
	render_escape(&sb, NULL);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void test_escaped_text_reads_back(void **state)
{
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;

	(void)state;
	strbuf_adds(&md, "x ");
	report_escape(&md, "<script>a & b</script> *" NFD "*");
	strbuf_addch(&md, '\n');
	render(&md, &html);
	assert_string_equal(html.buf, "<p>x &lt;script&gt;a &amp; b"
			    "&lt;/script&gt; *" NFD "*</p>\n");
	strbuf_release(&md);
	strbuf_release(&html);
}

static void test_safe_mode(void **state)
{
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;

	(void)state;
	/* Unescaped, as if a report forgot: cmark-gfm's safe mode holds. */
	strbuf_adds(&md, "<script>alert(1)</script>\n\n[x](javascript:alert(2))\n");
	render(&md, &html);
	assert_null(strstr(html.buf, "<script"));
	assert_null(strstr(html.buf, "javascript:"));
	strbuf_release(&md);
	strbuf_release(&html);
}

static void test_page(void **state)
{
	struct render_doc doc = RENDER_DOC_INIT;
	struct strbuf html = STRBUF_INIT, whole = STRBUF_INIT;
	struct err err = ERR_INIT;
	const char *body, *p;

	(void)state;
	doc.lang = "en";
	strbuf_adds(&doc.title, "Report <b>&</b> \"x\"");
	strbuf_adds(&doc.md, "# Title\n\n| a |\n| --- |\n| 1 |\n");
	render_doc_figure(&doc, "<svg></svg>\n", "Figure <1>");
	strbuf_adds(&doc.md, "\n## Two\n\ntext\n");
	render_doc_break(&doc);
	strbuf_adds(&doc.md, "\n## Three\n\n- [x] done\n");
	render_doc_break(&doc);         /* at the end: no empty section */
	if (render_html_page(&doc, &html, &err))
		fail_msg("page failed: %s", err.msg.buf);
	assert_non_null(strstr(html.buf, "<html lang=\"en\">"));
	assert_non_null(strstr(html.buf, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html.buf, "<title>Report &lt;b&gt;&amp;&lt;/b&gt;"
			       " &quot;x&quot;</title>"));
	assert_non_null(strstr(html.buf, "thead{display:table-header-group}"));
	assert_non_null(strstr(html.buf, "size:A4"));
	assert_int_equal(count(html.buf, "<section class=\"part\">\n"), 2);
	assert_int_equal(count(html.buf, "</section>\n"), 2);
	assert_non_null(strstr(html.buf, "</table>\n<figure class=\"chart\">\n"
			       "<svg></svg>\n<figcaption>Figure &lt;1&gt;"
			       "</figcaption>\n</figure>\n<h2>Two</h2>"));
	assert_non_null(strstr(html.buf, "<p>text</p>\n</section>\n"
			       "<section class=\"part\">\n<h2>Three</h2>"));

	/* Without the frame, the body is what cmark-gfm makes of it all. */
	body = strstr(html.buf, "<body>\n") + strlen("<body>\n");
	render(&doc.md, &whole);
	for (p = whole.buf; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = (size_t)(nl - p) + 1;

		while (!strncmp(body, "<section", 8) ||
		       !strncmp(body, "</section>", 10) ||
		       !strncmp(body, "<figure", 7)) {
			if (!strncmp(body, "<figure", 7))
				body = strstr(body, "</figure>\n") + 10;
			else
				body = strchr(body, '\n') + 1;
		}
		if (strncmp(body, p, len))
			fail_msg("differs at: %.*s", (int)len, p);
		body += len;
		p += len;
	}
	render_doc_release(&doc);
	strbuf_release(&html);
	strbuf_release(&whole);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_exact),
		cmocka_unit_test(test_hostile_in_table),
		cmocka_unit_test(test_hostile_in_list_and_heading),
		cmocka_unit_test(test_render_escape),
		cmocka_unit_test(test_escaped_text_reads_back),
		cmocka_unit_test(test_safe_mode),
		cmocka_unit_test(test_page),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
