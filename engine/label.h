/*
 * Labels: what people read in place of the runbook's ids.  A runbook
 * declares labels for its duty roles, difficulty systems and severities,
 * evidence fields, unit kinds, the titles of its source document's items
 * and its own terms, each in one or more languages; every door (reports,
 * the console, the web) prints the label, and the id stays what programs
 * read (--json, CSV, the ledger).
 *
 * The same module writes durations in words of a language ("còn 4 giờ",
 * "4 hours left"), since "4h" reads as 04:00 in Vietnamese.
 *
 * A `struct labels` is built once (by the script from a runbook, or by
 * the store from a run) and only read afterwards: lookups change
 * nothing, so threads may share it.
 */
#ifndef LABEL_H
#define LABEL_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

enum label_kind {
	LABEL_ROLE,      /* a duty role: step { roster = "ROLE" } */
	LABEL_SYSTEM,    /* what a difficulty concerns */
	LABEL_SEVERITY,  /* how severe a difficulty is */
	LABEL_FIELD,     /* an evidence field: "FIELD", or "STEP/FIELD" */
	LABEL_KIND,      /* a unit kind of the registry */
	LABEL_ITEM,      /* the title of an item of the source document */
	LABEL_TERM,      /* the runbook's own words (LABEL_TERM_*) */
	LABEL_NKINDS
};

/* The terms a runbook may name in its own words (LABEL_TERM ids). */
#define LABEL_TERM_SOURCE "source"  /* its source document: "Directive" */
#define LABEL_TERM_ITEM "item"      /* one item of it: "Item" */

struct labels;

/* An empty set whose default language is lang ("vi", "en"). */
struct labels *labels_new(const char *lang);
void labels_free(struct labels *l);
/* A copy of l (labels_free); NULL gives an empty set in Vietnamese. */
struct labels *labels_dup(const struct labels *l);

/* The default language given to labels_new. */
const char *labels_lang(const struct labels *l);

/*
 * Adds the label of (kind, id) in lang (all copied).  Returns 0, or 1
 * when that kind, id and language has a label already (kept as it was).
 */
int labels_add(struct labels *l, enum label_kind kind, const char *id,
	       const char *lang, const char *text);

/*
 * The label of (kind, id) to show in lang: lang's own, else the default
 * language's, else any language's (a word is better than a slug), else
 * NULL.  l may be NULL (no labels at all).
 */
const char *labels_find(const struct labels *l, enum label_kind kind,
			const char *id, const char *lang);

/* The label of (kind, id) in lang itself, or NULL: no fallback. */
const char *labels_exact(const struct labels *l, enum label_kind kind,
			 const char *id, const char *lang);

/* The same as labels_find, but id itself when there is no label. */
const char *label_get(const struct labels *l, enum label_kind kind,
		      const char *id, const char *lang);

/*
 * An evidence field's label: the one step_id declares for it, else the
 * runbook-wide one, else the field's name.  step_id may be NULL.
 */
const char *label_field(const struct labels *l, const char *step_id,
			const char *field, const char *lang);

/*
 * Appends a directive item with its title, "D1.1: Cử cán bộ đầu mối", or
 * the id alone when it has none.
 */
void label_item(struct strbuf *out, const struct labels *l, const char *item,
		const char *lang);

/*
 * Appends text with its first letter in capitals (ASCII, and the Latin
 * letters Vietnamese and the languages of Western Europe write: "đơn vị"
 * gives "Đơn vị"), for a term that starts a heading.
 */
void label_capitalize(struct strbuf *out, const char *text);

/* How many labels there are, and the i-th (by kind, id, language). */
size_t labels_count(const struct labels *l);
void labels_at(const struct labels *l, size_t i, enum label_kind *kind,
	       const char **id, const char **lang, const char **text);

/* "role", "system", ...: a kind's name in the store; NULL past the last. */
const char *label_kind_name(enum label_kind kind);
/* The kind of that name: 0, or -1 when name is none. */
int label_kind_parse(const char *name, enum label_kind *out);

/*
 * 1 when lang can be a label's language: two or three lowercase ASCII
 * letters (ISO 639).
 */
int label_valid_lang(const char *lang);

/*
 * 1 when the engine writes its own words (reports, durations) in lang:
 * "vi" or "en".  Other languages read English words around their labels.
 */
int label_known_lang(const char *lang);

/* ---- durations in words ---- */

enum label_span {
	LABEL_SPAN,      /* "4 giờ 7 phút", "4 hours 7 minutes" */
	LABEL_LEFT,      /* "còn 4 giờ", "4 hours left" */
	LABEL_LATE,      /* "trễ 4 giờ", "4 hours late" */
	LABEL_AGO,       /* "4 giờ trước", "4 hours ago" */
	LABEL_BEFORE_T0, /* "4 giờ trước T0", "4 hours before T0" */
	LABEL_AFTER_T0   /* "4 giờ sau T0", "4 hours after T0" */
};

/*
 * Appends the duration |seconds| in words of lang (English for a
 * language the engine has no words in), as a phrase of that kind: days
 * and hours past a day, hours and minutes past an hour, else minutes.
 */
void label_duration(struct strbuf *out, int64_t seconds,
		    enum label_span span, const char *lang);

/*
 * Appends where t stands from t0 in words: "4 giờ trước T0", "T0",
 * "1 day 2 hours after T0".
 */
void label_from_t0(struct strbuf *out, int64_t t, int64_t t0,
		   const char *lang);

#endif
