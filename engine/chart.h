/*
 * Charts as SVG text, drawn from numbers.  The only module that writes
 * SVG: no script, no external resource, integer coordinates (the output
 * does not depend on the locale), colours that stay apart in grey print
 * (one series is dashed), and every label escaped for XML here (with
 * render_escape), so a caller may pass what a user typed.
 */
#ifndef CHART_H
#define CHART_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* One horizontal bar: done and late are parts of total (disjoint). */
struct chart_bar {
	const char *label;
	int64_t done, late, total;
};

/*
 * Appends an <svg> element: one bar per row under its label, the done
 * part, then the late part, over the whole total, with "done/total
 * (N%)" at the right.  title is the chart's accessible title; legend
 * names the three parts: done, late, the rest.
 */
void chart_bars(struct strbuf *out, const char *title,
		const struct chart_bar *bars, size_t n,
		const char *const legend[3]);

struct chart_point {
	int64_t x, y;
};

/*
 * A step line: 0 before its first point, then each point's y from its
 * x on, drawn up to `until` (clamped to the chart's x range; 0 means
 * the end of the range).  Points are in ascending x.
 */
struct chart_series {
	const char *name;
	const struct chart_point *points;
	size_t n;
	int64_t until;
	int dashed;
};

struct chart_tick {
	int64_t x;
	const char *label;
};

/* A vertical line across the plot at x (the report time, T0). */
struct chart_mark {
	int64_t x;
	const char *label;
};

struct chart_steps {
	const char *title;
	int64_t xmin, xmax;
	const struct chart_series *series;
	size_t nseries;
	const struct chart_tick *ticks;   /* labels under the x axis */
	size_t nticks;
	/*
	 * The first mark's label goes under the axis, the others' above
	 * the plot, so that two close marks keep their labels apart.
	 */
	const struct chart_mark *marks;
	size_t nmarks;
	const char *y_label;              /* what y counts, above its axis */
	int small;                        /* a short plot, no legend: an
					     overview beside a main chart */
	int has_band;                     /* a shaded span of x: the part */
	int64_t band_from, band_to;       /* a main chart shows */
};

/*
 * Appends an <svg> element drawing the series as step lines over a
 * shared x range, y from 0 to a round number above the highest point
 * within the range (the lines are cumulative: a window of a long run
 * scales to what it shows), with the ticks, a legend, the marks and
 * the band.
 */
void chart_steps(struct strbuf *out, const struct chart_steps *spec);

#endif
