/*
 * SVG charts.  Every element is written here from integers; text goes
 * through render_escape.  The viewBox is WIDTH wide and the <svg> takes
 * the width of its container, so 12-unit text prints at about 9pt on A4.
 */
#include "chart.h"

#include <string.h>

#include "render.h"
#include "banned.h"

#define WIDTH 720
#define FONT "font-family:'DejaVu Sans','Noto Sans',Arial,sans-serif;" \
	"font-size:12px"
#define MAX_LABEL_CHARS 96

/* Done, late, the rest; then the step series in order. */
static const char *const bar_colours[3] = { "#1f4e79", "#b3261e", "#e3e7ee" };
static const char *const line_colours[] = { "#4d4d4d", "#1f4e79", "#b3261e",
					    "#2e7d32" };
#define NCOLOURS (sizeof(line_colours) / sizeof(line_colours[0]))

/* Escapes at most max characters of s (UTF-8), ending a cut with "…". */
static void add_label(struct strbuf *out, const char *s, size_t max)
{
	struct strbuf cut = STRBUF_INIT;
	size_t i, chars = 0;

	if (!s)
		return;
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	}
	strbuf_add(&cut, s, i);
	if (s[i])
		strbuf_adds(&cut, "…");
	render_escape(out, cut.buf);
	strbuf_release(&cut);
}

static void svg_open(struct strbuf *out, int height, const char *title)
{
	strbuf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\""
		    " viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\""
		    " style=\"" FONT "\">\n<title>",
		    WIDTH, height);
	render_escape(out, title);
	strbuf_adds(out, "</title>\n");
}

static void legend_box(struct strbuf *out, int x, int y, const char *colour,
		       const char *name)
{
	strbuf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\""
		    " fill=\"%s\" stroke=\"#555\" stroke-width=\"0.5\"/>"
		    "<text x=\"%d\" y=\"%d\">", x, y - 10, colour, x + 16, y);
	add_label(out, name, 40);
	strbuf_adds(out, "</text>\n");
}

/* The legend's next x: crude text widths, enough to keep entries apart. */
static int legend_advance(const char *name)
{
	size_t i, chars = 0;

	for (i = 0; name && name[i]; i++)
		chars += ((unsigned char)name[i] & 0xC0) != 0x80;
	if (chars > 40)
		chars = 40;
	return 16 + 7 * (int)chars + 24;
}

void chart_bars(struct strbuf *out, const char *title,
		const struct chart_bar *bars, size_t n,
		const char *const legend[3])
{
	const int row = 40, top = 30, bar_w = 560, bar_h = 14;
	int height = top + row * (int)n + 8, x = 0, y;
	size_t i, k;

	svg_open(out, height, title);
	for (k = 0; k < 3; k++) {
		legend_box(out, x, 14, bar_colours[k], legend[k]);
		x += legend_advance(legend[k]);
	}
	for (i = 0; i < n; i++) {
		const struct chart_bar *b = &bars[i];
		int64_t done = b->done < 0 ? 0 : b->done;
		int64_t late = b->late < 0 ? 0 : b->late;
		int w_done = 0, w_late = 0;

		if (b->total > 0) {
			if (done > b->total)
				done = b->total;
			if (late > b->total - done)
				late = b->total - done;
			w_done = (int)(done * bar_w / b->total);
			w_late = (int)(late * bar_w / b->total);
		}
		y = top + row * (int)i;
		strbuf_addf(out, "<text x=\"0\" y=\"%d\">", y + 12);
		add_label(out, b->label, MAX_LABEL_CHARS);
		strbuf_addf(out, "</text>\n<rect x=\"0\" y=\"%d\" width=\"%d\""
			    " height=\"%d\" fill=\"%s\" stroke=\"#8a93a3\""
			    " stroke-width=\"0.5\"/>\n", y + 17, bar_w, bar_h,
			    bar_colours[2]);
		if (w_done)
			strbuf_addf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\""
				    " height=\"%d\" fill=\"%s\"/>\n", y + 17,
				    w_done, bar_h, bar_colours[0]);
		if (w_late)
			strbuf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\""
				    " height=\"%d\" fill=\"%s\"/>\n", w_done,
				    y + 17, w_late, bar_h, bar_colours[1]);
		strbuf_addf(out, "<text x=\"%d\" y=\"%d\">%lld/%lld", bar_w + 8,
			    y + 29, (long long)b->done, (long long)b->total);
		if (b->total > 0)
			strbuf_addf(out, " (%lld%%)",
				    (long long)(done * 100 / b->total));
		strbuf_adds(out, "</text>\n");
	}
	strbuf_adds(out, "</svg>\n");
}

/*
 * A round number at or above v: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
 * power of ten (the halves from 10 on), so that the plot uses most of
 * its height and its grid falls on round numbers (a quarter or a fifth).
 */
static int64_t round_up(int64_t v)
{
	static const int tenths[] = { 10, 15, 20, 25, 30, 40, 50, 60, 80 };
	int64_t p = 1;
	size_t i;

	if (v < 1)
		return 1;
	for (;;) {
		for (i = 0; i < sizeof(tenths) / sizeof(tenths[0]); i++) {
			if (p == 1 && tenths[i] % 10)
				continue;
			if (v * 10 <= tenths[i] * p)
				return tenths[i] * p / 10;
		}
		p *= 10;
	}
}

/* 1, 2, 25 or 5 followed by zeros: a step a grid reads at a glance. */
static int round_step(int64_t v)
{
	while (v >= 10 && v % 10 == 0)
		v /= 10;
	return v == 1 || v == 2 || v == 5 || v == 25;
}

/* The grid's step over [0, ymax]: five, four, three or two round steps. */
static int64_t grid_step(int64_t ymax)
{
	static const int parts[] = { 5, 4, 3, 2 };
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (ymax % parts[i] == 0 && round_step(ymax / parts[i]))
			return ymax / parts[i];
	return ymax;
}

struct frame {
	int left, top, w, h;
	int64_t xmin, xmax, ymax;
};

static int px(const struct frame *f, int64_t x)
{
	if (x < f->xmin)
		x = f->xmin;
	if (x > f->xmax)
		x = f->xmax;
	return f->left + (int)((x - f->xmin) * f->w / (f->xmax - f->xmin));
}

static int py(const struct frame *f, int64_t y)
{
	return f->top + f->h - (int)(y * f->h / f->ymax);
}

static void draw_series(struct strbuf *out, const struct frame *f,
			const struct chart_series *s, const char *colour)
{
	int64_t until = s->until && s->until < f->xmax ? s->until : f->xmax;
	int64_t y = 0;
	size_t i;

	if (until < f->xmin)
		return;
	strbuf_addf(out, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"%s\""
		    "%s d=\"M%d %d", colour, s->dashed ? "2" : "2.5",
		    s->dashed ? " stroke-dasharray=\"6 4\"" : "",
		    px(f, f->xmin), py(f, 0));
	for (i = 0; i < s->n && s->points[i].x <= until; i++) {
		if (s->points[i].y == y)
			continue;
		strbuf_addf(out, " H%d V%d", px(f, s->points[i].x),
			    py(f, s->points[i].y));
		y = s->points[i].y;
	}
	strbuf_addf(out, " H%d\"/>\n", px(f, until));
}

/*
 * The highest y a series reaches within the range: its last point at or
 * before xmax, as a step line holds it (and any higher point before).
 */
static int64_t series_max(const struct chart_series *s, int64_t xmax)
{
	int64_t m = 0;
	size_t j;

	for (j = 0; j < s->n && s->points[j].x <= xmax; j++)
		if (s->points[j].y > m)
			m = s->points[j].y;
	return m;
}

static void draw_mark(struct strbuf *out, const struct frame *f,
		      const struct chart_mark *m, int below)
{
	int mx;

	if (m->x < f->xmin || m->x > f->xmax)
		return;
	mx = px(f, m->x);
	strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
		    " stroke=\"#b3261e\" stroke-width=\"1\""
		    " stroke-dasharray=\"2 3\"/>", mx, f->top - 6, mx,
		    f->top + f->h);
	if (!m->label || !*m->label) {
		strbuf_addch(out, '\n');
		return;
	}
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\""
		    " fill=\"#b3261e\">", mx,
		    below ? f->top + f->h + 34 : f->top - 9,
		    mx > f->left + f->w / 2 ? "end" : "start");
	add_label(out, m->label, 40);
	strbuf_adds(out, "</text>\n");
}

void chart_steps(struct strbuf *out, const struct chart_steps *spec)
{
	struct frame f = { 48, 40, WIDTH - 48 - 16, 200, 0, 0, 0 };
	int height, x = f.left, k;
	int64_t ymax = 0, step, m;
	size_t i;

	if (spec->small) {
		f.top = 24;
		f.h = 72;
	}
	height = f.top + f.h + (spec->small ? 26 : 44);
	f.xmin = spec->xmin;
	f.xmax = spec->xmax > spec->xmin ? spec->xmax : spec->xmin + 1;
	for (i = 0; i < spec->nseries; i++)
		if ((m = series_max(&spec->series[i], f.xmax)) > ymax)
			ymax = m;
	f.ymax = round_up(ymax);
	svg_open(out, height, spec->title);

	/* The legend: a sample of each line. */
	for (i = 0; !spec->small && i < spec->nseries; i++) {
		strbuf_addf(out, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"10\""
			    " stroke=\"%s\" stroke-width=\"2.5\"%s/>"
			    "<text x=\"%d\" y=\"14\">", x, x + 24,
			    line_colours[i % NCOLOURS],
			    spec->series[i].dashed ?
			    " stroke-dasharray=\"6 4\"" : "", x + 30);
		add_label(out, spec->series[i].name, 40);
		strbuf_adds(out, "</text>\n");
		x += 14 + legend_advance(spec->series[i].name);
	}
	if (spec->y_label && *spec->y_label) {
		strbuf_addf(out, "<text x=\"0\" y=\"%d\">", f.top - 12);
		add_label(out, spec->y_label, 24);
		strbuf_adds(out, "</text>\n");
	}
	if (spec->has_band && spec->band_to > f.xmin &&
	    spec->band_from < f.xmax && spec->band_to > spec->band_from) {
		int bx = px(&f, spec->band_from);

		strbuf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\""
			    " height=\"%d\" fill=\"#dfe5ef\"/>\n", bx, f.top,
			    px(&f, spec->band_to) - bx, f.h);
	}

	/* Grid and y labels: 0, and up to four steps to ymax (one when small). */
	step = spec->small ? f.ymax : grid_step(f.ymax);
	for (k = 0; (int64_t)k * step <= f.ymax; k++) {
		int yy = py(&f, (int64_t)k * step);

		strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
			    " stroke=\"#c8ccd4\" stroke-width=\"0.5\"/>"
			    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld"
			    "</text>\n", f.left, yy, f.left + f.w, yy,
			    f.left - 6, yy + 4, (long long)(k * step));
	}
	/* The x axis and its ticks. */
	strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
		    " stroke=\"#333\"/>\n", f.left, f.top + f.h, f.left + f.w,
		    f.top + f.h);
	for (i = 0; i < spec->nticks; i++) {
		int tx;

		if (spec->ticks[i].x < f.xmin || spec->ticks[i].x > f.xmax)
			continue;
		tx = px(&f, spec->ticks[i].x);
		strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
			    " stroke=\"#333\"/><text x=\"%d\" y=\"%d\""
			    " text-anchor=\"middle\">", tx, f.top + f.h, tx,
			    f.top + f.h + 5, tx, f.top + f.h + 18);
		add_label(out, spec->ticks[i].label, 16);
		strbuf_adds(out, "</text>\n");
	}
	for (i = 0; i < spec->nseries; i++)
		draw_series(out, &f, &spec->series[i],
			    line_colours[i % NCOLOURS]);
	for (i = 0; i < spec->nmarks; i++)
		draw_mark(out, &f, &spec->marks[i], !i && !spec->small);
	strbuf_adds(out, "</svg>\n");
}
