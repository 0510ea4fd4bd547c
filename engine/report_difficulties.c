/*
 * The compilation of difficulties (vướng mắc) that the survey-prep step
 * (D6.6) attaches: by system in the order the runbook declares them,
 * then by severity, most severe first, then by number.  `issue list
 * --format md` prints it; the web's coordinator pages render it.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "xalloc.h"
#include "banned.h"

enum {
	DL_TITLE, DL_RUN, DL_LIVE, DL_REHEARSAL, DL_COMPILED, DL_COUNT,
	DL_SCOPE, DL_RAISED_BY, DL_RAISED_BY_END, DL_SENT_TO, DL_OPEN_ONLY,
	DL_NONE, DL_SYSTEM, DL_SEVERITY, DL_HEAD, DL_RESOLVED, DL_OPEN,
	DL_N
};

static const char *const labels[DL_N][2] = {
	[DL_TITLE] = { "Tổng hợp khó khăn, vướng mắc, kiến nghị",
		       "Difficulties, compiled" },
	[DL_RUN] = { "Đợt", "Run" },
	[DL_LIVE] = { "chính thức", "live" },
	[DL_REHEARSAL] = { "diễn tập", "rehearsal" },
	[DL_COMPILED] = { "Thời điểm tổng hợp", "Compiled at" },
	[DL_COUNT] = { "- Số vướng mắc: %zu (đang mở: %zu, đã xử lý: %zu)\n",
		       "- Difficulties: %zu (open: %zu, resolved: %zu)\n" },
	[DL_SCOPE] = { "- Phạm vi: ", "- Scope: " },
	[DL_RAISED_BY] = { "do ", "raised by " },
	[DL_RAISED_BY_END] = { " nêu", "" },
	[DL_SENT_TO] = { "gửi đến ", "sent to " },
	[DL_OPEN_ONLY] = { "chỉ những vướng mắc đang mở",
			   "only the open difficulties" },
	[DL_NONE] = { "Không có vướng mắc nào.", "No difficulty." },
	[DL_SYSTEM] = { "Hệ thống", "System" },
	[DL_SEVERITY] = { "Mức độ", "Severity" },
	[DL_HEAD] = { "| # | Đơn vị | Nội dung | Gửi đến | Ghi nhận |"
		      " Trạng thái |\n",
		      "| # | Unit | Text | Sent to | Recorded | State |\n" },
	[DL_RESOLVED] = { "Đã xử lý", "Resolved" },
	[DL_OPEN] = { "Đang mở", "Open" },
};

static const char *L(int label, enum report_lang lang)
{
	return labels[label][lang == REPORT_EN];
}

/* Position of value in list, or n when it is not there. */
static size_t rank_of(char *const *list, size_t n, const char *value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], value))
			break;
	return i;
}

/* The unit's name in the run's registry, or the id when it has none. */
static const char *name_of(const struct book *book, const char *id)
{
	const struct unit *u = units_find(book->units, id);

	return u ? u->name : id;
}

/* A difficulty and where the compilation puts it. */
struct placed {
	const struct store_issue *is;
	size_t system;      /* declared position; undeclared ones last */
	size_t severity;    /* 0 most severe; undeclared ones last */
};

static int placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	int c;

	if (x->system != y->system)
		return x->system < y->system ? -1 : 1;
	if ((c = strcmp(x->is->system, y->is->system)))
		return c;
	if (x->severity != y->severity)
		return x->severity < y->severity ? -1 : 1;
	if ((c = strcmp(x->is->severity, y->is->severity)))
		return c;
	return x->is->number < y->is->number ? -1 :
		x->is->number > y->is->number;
}

static void md_names(struct strbuf *md, const struct book *book,
		     const struct store_issue *is)
{
	size_t j;

	if (!is->nrecipients)
		strbuf_adds(md, "–");
	for (j = 0; j < is->nrecipients; j++) {
		if (j)
			strbuf_adds(md, "; ");
		report_escape(md, name_of(book, is->recipients[j]));
	}
}

static void md_row(struct strbuf *md, const struct store_run *run,
		   const struct book *book, const struct store_issue *is,
		   enum report_lang lang)
{
	strbuf_addf(md, "| %lld | ", (long long)is->number);
	report_escape(md, name_of(book, is->unit_id));
	strbuf_adds(md, " | ");
	report_escape(md, is->text);
	strbuf_adds(md, " | ");
	md_names(md, book, is);
	strbuf_adds(md, " | ");
	report_when(md, is->raised_at, run, lang);
	strbuf_adds(md, ", ");
	report_escape(md, is->raised_by);
	strbuf_adds(md, " | ");
	if (is->resolved) {
		strbuf_addf(md, "%s (", L(DL_RESOLVED, lang));
		report_escape(md, is->resolved_by);
		strbuf_adds(md, ", ");
		report_when(md, is->resolved_at, run, lang);
		strbuf_adds(md, "): ");
		report_escape(md, is->resolution);
	} else {
		strbuf_adds(md, L(DL_OPEN, lang));
	}
	strbuf_adds(md, " |\n");
}

static void md_filters(struct strbuf *md, const struct book *book,
		       const struct store_issue_filter *f,
		       enum report_lang lang)
{
	const char *first = L(DL_SCOPE, lang), *sep = first;

	if (f && f->unit_id) {
		strbuf_addf(md, "%s%s", sep, L(DL_RAISED_BY, lang));
		report_escape(md, name_of(book, f->unit_id));
		strbuf_adds(md, L(DL_RAISED_BY_END, lang));
		sep = "; ";
	}
	if (f && f->recipient) {
		strbuf_addf(md, "%s%s", sep, L(DL_SENT_TO, lang));
		report_escape(md, name_of(book, f->recipient));
		sep = "; ";
	}
	if (f && f->open_only) {
		strbuf_addf(md, "%s%s", sep, L(DL_OPEN_ONLY, lang));
		sep = "; ";
	}
	if (sep != first)
		strbuf_addch(md, '\n');
}

int report_difficulties(struct store *st, const struct store_run *run,
			const struct book *book, instant_t now,
			const struct store_issue_filter *f,
			enum report_lang lang, struct render_doc *doc,
			struct err *err)
{
	static const struct difficulties none;
	const struct difficulties *df = book->rb->difficulties;
	struct store_issue *is = NULL;
	struct strbuf *md = &doc->md;
	struct placed *p;
	size_t i, n = 0, open = 0, r;

	if (store_issues(st, run->id, f, &is, &n, err))
		return -1;
	if (!df)
		df = &none;
	p = xcalloc(n ? n : 1, sizeof(*p));
	for (i = 0; i < n; i++) {
		p[i].is = &is[i];
		p[i].system = rank_of(df->systems, df->nsystems, is[i].system);
		r = rank_of(df->severities, df->nseverities, is[i].severity);
		p[i].severity = r < df->nseverities ?
			df->nseverities - 1 - r : df->nseverities;
		open += !is[i].resolved;
	}
	qsort(p, n, sizeof(*p), placed_cmp);
	strbuf_reset(&doc->title);
	strbuf_adds(&doc->title, L(DL_TITLE, lang));
	doc->lang = report_lang_code(lang);
	strbuf_addf(md, "# %s\n\n**", L(DL_TITLE, lang));
	report_escape(md, run->title);
	strbuf_addf(md, "**\n\n- %s: ", L(DL_RUN, lang));
	report_escape(md, run->name);
	strbuf_addf(md, " (%s)\n- %s: ", !strcmp(run->mode, "live") ?
		    L(DL_LIVE, lang) : L(DL_REHEARSAL, lang),
		    L(DL_COMPILED, lang));
	report_when(md, now, run, lang);
	strbuf_adds(md, " (UTC");
	clock_format_offset(md, clock_zone_offset(run->zone, now));
	strbuf_adds(md, ")\n");
	strbuf_addf(md, L(DL_COUNT, lang), n, open, n - open);
	md_filters(md, book, f, lang);
	if (!n)
		strbuf_addf(md, "\n%s\n", L(DL_NONE, lang));
	for (i = 0; i < n; i++) {
		if (!i || strcmp(p[i].is->system, p[i - 1].is->system)) {
			strbuf_addf(md, "\n## %s: ", L(DL_SYSTEM, lang));
			report_escape(md, label_get(run->labels, LABEL_SYSTEM,
						    p[i].is->system,
						    report_lang_code(lang)));
			strbuf_addch(md, '\n');
		}
		if (!i || strcmp(p[i].is->system, p[i - 1].is->system) ||
		    strcmp(p[i].is->severity, p[i - 1].is->severity)) {
			strbuf_addf(md, "\n### %s: ", L(DL_SEVERITY, lang));
			report_escape(md, label_get(run->labels,
						    LABEL_SEVERITY,
						    p[i].is->severity,
						    report_lang_code(lang)));
			strbuf_addf(md, "\n\n%s| ---: | --- | --- | --- | --- |"
				    " --- |\n", L(DL_HEAD, lang));
		}
		md_row(md, run, book, p[i].is, lang);
	}
	free(p);
	store_issues_free(is, n);
	return 0;
}
