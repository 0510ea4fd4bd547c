/*
 * Unit tests for the chart module: SVG from numbers.  What a caller
 * passes as a label (a section title, a unit's name) is escaped; the
 * geometry is exact integers; empty, zero and out-of-range input draws
 * something sensible rather than dividing by zero.
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "chart.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

static const char *const legend[3] = { "Done", "Late", "Rest" };

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

/* Every element opened is closed, or self-closing. */
static void assert_balanced(const char *svg)
{
	assert_int_equal(count(svg, "<svg "), 1);
	assert_int_equal(count(svg, "</svg>"), 1);
	assert_int_equal(count(svg, "<text"), count(svg, "</text>"));
	assert_int_equal(count(svg, "<title>"), count(svg, "</title>"));
	assert_null(strstr(svg, "<script"));
}

static void test_bars_geometry(void **state)
{
	struct chart_bar bars[] = {
		{ "1. Sở, ban, ngành", 1, 1, 4 },
		{ "2. Công an tỉnh", 2, 0, 2 },
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	chart_bars(&sb, "Progress", bars, 2, legend);
	assert_balanced(sb.buf);
	/* 560 units a bar: a quarter done, a quarter late after it. */
	assert_non_null(strstr(sb.buf, "<rect x=\"0\" y=\"47\" width=\"140\""
			       " height=\"14\" fill=\"#1f4e79\"/>"));
	assert_non_null(strstr(sb.buf, "<rect x=\"140\" y=\"47\" width=\"140\""
			       " height=\"14\" fill=\"#b3261e\"/>"));
	assert_non_null(strstr(sb.buf, ">1/4 (25%)</text>"));
	assert_non_null(strstr(sb.buf, ">2/2 (100%)</text>"));
	assert_non_null(strstr(sb.buf, "viewBox=\"0 0 720 118\""));
	assert_non_null(strstr(sb.buf, ">1. Sở, ban, ngành</text>"));
	assert_non_null(strstr(sb.buf, "<title>Progress</title>"));
	strbuf_release(&sb);
}

static void test_bars_degenerate(void **state)
{
	struct chart_bar bars[] = {
		{ NULL, 0, 0, 0 },           /* nothing to do: no division */
		{ "over", 9, 9, 3 },         /* more done than total: clamped */
		{ "negative", -1, -5, 2 },
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	chart_bars(&sb, "t", bars, 3, legend);
	assert_balanced(sb.buf);
	assert_non_null(strstr(sb.buf, ">0/0</text>"));
	assert_non_null(strstr(sb.buf, "width=\"560\" height=\"14\""
			       " fill=\"#1f4e79\""));
	/* A full done bar leaves no room for a late part. */
	assert_int_equal(count(sb.buf, "fill=\"#b3261e\"/>"), 0);
	strbuf_reset(&sb);
	chart_bars(&sb, "empty", NULL, 0, legend);
	assert_balanced(sb.buf);
	strbuf_release(&sb);
}

static void test_labels_escaped_and_cut(void **state)
{
	struct strbuf sb = STRBUF_INIT, label = STRBUF_INIT;
	struct chart_bar bar = { NULL, 1, 0, 1 };
	const char *const evil[3] = { "<script>alert(1)</script>", "a&b",
				      "\"quoted\"" };
	size_t i;

	(void)state;
	/* 100 "ệ" (3 bytes each): cut at 96 characters, on a boundary. */
	for (i = 0; i < 100; i++)
		strbuf_adds(&label, "ệ");
	bar.label = label.buf;
	chart_bars(&sb, "<b>title</b>", &bar, 1, evil);
	assert_balanced(sb.buf);
	assert_null(strstr(sb.buf, "<b>"));
	assert_non_null(strstr(sb.buf, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(sb.buf, "<title>&lt;b&gt;title&lt;/b&gt;</title>"));
	assert_non_null(strstr(sb.buf, ">a&amp;b</text>"));
	strbuf_reset(&label);
	for (i = 0; i < 96; i++)
		strbuf_adds(&label, "ệ");
	strbuf_adds(&label, "…</text>");
	assert_non_null(strstr(sb.buf, label.buf));
	strbuf_release(&label);
	strbuf_release(&sb);
}

static void test_steps(void **state)
{
	const struct chart_point due[] = { { 100, 2 }, { 300, 4 } };
	const struct chart_point done[] = { { 150, 1 }, { 150, 1 },
					    { 350, 3 } };
	struct chart_series series[2];
	const struct chart_tick ticks[] = { { 0, "28/05" }, { 200, "12:00" },
					    { 999, "outside" } };
	const struct chart_mark marks[] = { { 200, "now" }, { 380, "T0" } };
	struct chart_steps spec;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	memset(series, 0, sizeof(series));
	series[0].name = "Due";
	series[0].points = due;
	series[0].n = 2;
	series[0].dashed = 1;
	series[1].name = "Done <now>";
	series[1].points = done;
	series[1].n = 3;
	series[1].until = 200;
	memset(&spec, 0, sizeof(spec));
	spec.title = "Over time";
	spec.xmin = 0;
	spec.xmax = 400;
	spec.series = series;
	spec.nseries = 2;
	spec.ticks = ticks;
	spec.nticks = 3;
	spec.marks = marks;
	spec.nmarks = 2;
	spec.y_label = "Tasks";
	chart_steps(&sb, &spec);
	assert_balanced(sb.buf);
	/*
	 * 656 units wide from x=48, 200 high from y=40; y up to 4, the
	 * highest point: 50 units a step.
	 */
	assert_non_null(strstr(sb.buf, "stroke-dasharray=\"6 4\" d=\"M48 240"
			       " H212 V140 H540 V40 H704\"/>"));
	/* The done line stops at `until`, the point after it not drawn. */
	assert_non_null(strstr(sb.buf, "d=\"M48 240 H294 V190 H376\"/>"));
	assert_non_null(strstr(sb.buf, ">28/05</text>"));
	assert_non_null(strstr(sb.buf, ">12:00</text>"));
	assert_null(strstr(sb.buf, "outside"));
	assert_non_null(strstr(sb.buf, ">Done &lt;now&gt;</text>"));
	/* The grid: 0 to 4 by 1. */
	assert_non_null(strstr(sb.buf, ">3</text>"));
	assert_non_null(strstr(sb.buf, ">4</text>"));
	assert_null(strstr(sb.buf, ">5</text>"));
	/* The first mark's label under the axis, the second's above. */
	assert_non_null(strstr(sb.buf, "<text x=\"376\" y=\"274\""
			       " text-anchor=\"start\" fill=\"#b3261e\">now"));
	assert_non_null(strstr(sb.buf, "<text x=\"671\" y=\"31\""
			       " text-anchor=\"end\" fill=\"#b3261e\">T0"));
	assert_non_null(strstr(sb.buf, ">Tasks</text>"));
	strbuf_release(&sb);
}

/*
 * A window of a long run: y scales to what the window shows, the lines
 * enter it at the height they had reached; a small overview of the
 * whole run shades that window and has no legend.
 */
static void test_steps_window(void **state)
{
	const struct chart_point due[] = { { 0, 10 }, { 500, 20 },
					   { 5000, 900 } };
	struct chart_series s;
	struct chart_steps spec;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.name = "Due";
	s.points = due;
	s.n = 3;
	memset(&spec, 0, sizeof(spec));
	spec.title = "window";
	spec.xmin = 400;
	spec.xmax = 800;
	spec.series = &s;
	spec.nseries = 1;
	chart_steps(&sb, &spec);
	assert_balanced(sb.buf);
	/* Up to 20, not 900: 10 units of y a 100 of height. */
	assert_non_null(strstr(sb.buf, ">20</text>"));
	assert_null(strstr(sb.buf, ">1000</text>"));
	assert_non_null(strstr(sb.buf, "d=\"M48 240 H48 V140 H212 V40 H704\""));
	assert_non_null(strstr(sb.buf, ">Due</text>"));

	strbuf_reset(&sb);
	spec.xmin = 0;
	spec.xmax = 8000;
	spec.small = 1;
	spec.has_band = 1;
	spec.band_from = 400;
	spec.band_to = 800;
	chart_steps(&sb, &spec);
	assert_balanced(sb.buf);
	/* 72 high from y=24; the band over x 400 to 800 of 8000. */
	assert_non_null(strstr(sb.buf, "viewBox=\"0 0 720 122\""));
	assert_non_null(strstr(sb.buf, "<rect x=\"80\" y=\"24\" width=\"33\""
			       " height=\"72\""));
	assert_non_null(strstr(sb.buf, ">1000</text>"));
	assert_null(strstr(sb.buf, ">Due</text>"));
	strbuf_release(&sb);
}

static void test_steps_degenerate(void **state)
{
	const struct chart_mark outside = { 5000, "x" };   /* not drawn */
	struct chart_steps spec;
	struct chart_series s;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.name = "nothing";
	memset(&spec, 0, sizeof(spec));
	spec.title = "empty";
	spec.xmin = spec.xmax = 1000;     /* an empty range */
	spec.series = &s;
	spec.nseries = 1;
	spec.marks = &outside;
	spec.nmarks = 1;
	chart_steps(&sb, &spec);
	assert_balanced(sb.buf);
	assert_non_null(strstr(sb.buf, ">1</text>"));
	assert_int_equal(count(sb.buf, "#b3261e"), 0);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars_geometry),
		cmocka_unit_test(test_bars_degenerate),
		cmocka_unit_test(test_labels_escaped_and_cut),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_steps_window),
		cmocka_unit_test(test_steps_degenerate),
	};

	return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
