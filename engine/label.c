/*
 * Labels: a sorted array of (kind, id, language, text), so that a lookup
 * is a binary search and reads only; and durations in words.
 *
 * Invariant: entries are sorted by (kind, id, lang) with no two equal.
 */
#include "label.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

struct label_entry {
	enum label_kind kind;
	char *id;
	char *lang;
	char *text;
};

struct labels {
	char *lang;
	struct label_entry *v;
	size_t n, alloc;
};

static const char *const kind_names[LABEL_NKINDS] = {
	[LABEL_ROLE] = "role",
	[LABEL_SYSTEM] = "system",
	[LABEL_SEVERITY] = "severity",
	[LABEL_FIELD] = "field",
	[LABEL_KIND] = "kind",
	[LABEL_ITEM] = "item",
	[LABEL_TERM] = "term",
};

const char *label_kind_name(enum label_kind kind)
{
	return (unsigned)kind < LABEL_NKINDS ? kind_names[kind] : NULL;
}

int label_kind_parse(const char *name, enum label_kind *out)
{
	size_t i;

	for (i = 0; i < LABEL_NKINDS; i++)
		if (!strcmp(kind_names[i], name)) {
			*out = (enum label_kind)i;
			return 0;
		}
	return -1;
}

int label_valid_lang(const char *lang)
{
	size_t i;

	for (i = 0; lang[i]; i++)
		if (lang[i] < 'a' || lang[i] > 'z')
			return 0;
	return i == 2 || i == 3;
}

int label_known_lang(const char *lang)
{
	return lang && (!strcmp(lang, "vi") || !strcmp(lang, "en"));
}

struct labels *labels_new(const char *lang)
{
	struct labels *l = xcalloc(1, sizeof(*l));

	l->lang = xstrdup(lang ? lang : "vi");
	return l;
}

void labels_free(struct labels *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].lang);
		free(l->v[i].text);
	}
	free(l->v);
	free(l->lang);
	free(l);
}

struct labels *labels_dup(const struct labels *l)
{
	struct labels *c = labels_new(l ? l->lang : NULL);
	size_t i;

	if (!l)
		return c;
	c->v = xcalloc(l->n ? l->n : 1, sizeof(*c->v));
	c->alloc = l->n ? l->n : 1;
	for (i = 0; i < l->n; i++) {
		c->v[i].kind = l->v[i].kind;
		c->v[i].id = xstrdup(l->v[i].id);
		c->v[i].lang = xstrdup(l->v[i].lang);
		c->v[i].text = xstrdup(l->v[i].text);
	}
	c->n = l->n;
	return c;
}

const char *labels_lang(const struct labels *l)
{
	return l ? l->lang : "vi";
}

static int cmp_key(enum label_kind kind, const char *id, const char *lang,
		   const struct label_entry *e)
{
	int c;

	if (kind != e->kind)
		return kind < e->kind ? -1 : 1;
	c = strcmp(id, e->id);
	if (c || !lang)
		return c;
	return strcmp(lang, e->lang);
}

/*
 * The first entry not below (kind, id, lang); lang NULL: the first entry
 * of (kind, id) in any language.
 */
static size_t lower_bound(const struct labels *l, enum label_kind kind,
			  const char *id, const char *lang)
{
	size_t lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_key(kind, id, lang, &l->v[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int labels_add(struct labels *l, enum label_kind kind, const char *id,
	       const char *lang, const char *text)
{
	size_t at = lower_bound(l, kind, id, lang);
	struct label_entry *e;

	if (at < l->n && !cmp_key(kind, id, lang, &l->v[at]))
		return 1;
	XGROW(l->v, l->alloc, l->n + 1);
	memmove(&l->v[at + 1], &l->v[at], (l->n - at) * sizeof(*l->v));
	l->n++;
	e = &l->v[at];
	e->kind = kind;
	e->id = xstrdup(id);
	e->lang = xstrdup(lang);
	e->text = xstrdup(text);
	return 0;
}

static const char *find_exact(const struct labels *l, enum label_kind kind,
			      const char *id, const char *lang)
{
	size_t at = lower_bound(l, kind, id, lang);

	if (at < l->n && !cmp_key(kind, id, lang, &l->v[at]))
		return l->v[at].text;
	return NULL;
}

const char *labels_exact(const struct labels *l, enum label_kind kind,
			 const char *id, const char *lang)
{
	return l && id && lang ? find_exact(l, kind, id, lang) : NULL;
}

const char *labels_find(const struct labels *l, enum label_kind kind,
			const char *id, const char *lang)
{
	const char *t;
	size_t at;

	if (!l || !id)
		return NULL;
	if (lang && (t = find_exact(l, kind, id, lang)))
		return t;
	if ((t = find_exact(l, kind, id, l->lang)))
		return t;
	at = lower_bound(l, kind, id, NULL);
	if (at < l->n && !cmp_key(kind, id, NULL, &l->v[at]))
		return l->v[at].text;
	return NULL;
}

const char *label_get(const struct labels *l, enum label_kind kind,
		      const char *id, const char *lang)
{
	const char *t = labels_find(l, kind, id, lang);

	return t ? t : id;
}

const char *label_field(const struct labels *l, const char *step_id,
			const char *field, const char *lang)
{
	struct strbuf key = STRBUF_INIT;
	const char *t = NULL;

	if (step_id) {
		strbuf_addf(&key, "%s/%s", step_id, field);
		t = labels_find(l, LABEL_FIELD, key.buf, lang);
		strbuf_release(&key);
	}
	if (!t)
		t = labels_find(l, LABEL_FIELD, field, lang);
	return t ? t : field;
}

void label_item(struct strbuf *out, const struct labels *l, const char *item,
		const char *lang)
{
	const char *title = labels_find(l, LABEL_ITEM, item, lang);

	strbuf_adds(out, item);
	if (title)
		strbuf_addf(out, ": %s", title);
}

/* Appends the code point c as UTF-8. */
static void add_utf8(struct strbuf *out, unsigned c)
{
	if (c < 0x80) {
		strbuf_addch(out, (int)c);
	} else if (c < 0x800) {
		strbuf_addch(out, (int)(0xc0 | c >> 6));
		strbuf_addch(out, (int)(0x80 | (c & 0x3f)));
	} else {
		strbuf_addch(out, (int)(0xe0 | c >> 12));
		strbuf_addch(out, (int)(0x80 | (c >> 6 & 0x3f)));
		strbuf_addch(out, (int)(0x80 | (c & 0x3f)));
	}
}

/* The capital of lower-case c, or c itself. */
static unsigned upper(unsigned c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	/* Latin-1: à..þ but ÷ */
	if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
		return c - 32;
	/* Latin Extended-A: pairs, capital first (ă đ ĩ ũ ...). */
	if (c >= 0x100 && c <= 0x137 && (c & 1))
		return c - 1;
	/* Ơ ơ, Ư ư */
	if (c == 0x1a1 || c == 0x1b0)
		return c - 1;
	/* Latin Extended Additional: ạ ả ấ ... ỹ, capital first. */
	if (c >= 0x1ea0 && c <= 0x1ef9 && (c & 1))
		return c - 1;
	return c;
}

void label_capitalize(struct strbuf *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned c;
	size_t n;

	if (!*p)
		return;
	if (p[0] < 0x80) {
		c = p[0];
		n = 1;
	} else if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
		c = (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		n = 2;
	} else if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
		   (p[2] & 0xc0) == 0x80) {
		c = (unsigned)(p[0] & 0x0f) << 12 |
			(unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		n = 3;
	} else {
		strbuf_adds(out, text);
		return;
	}
	add_utf8(out, upper(c));
	strbuf_adds(out, text + n);
}

size_t labels_count(const struct labels *l)
{
	return l ? l->n : 0;
}

void labels_at(const struct labels *l, size_t i, enum label_kind *kind,
	       const char **id, const char **lang, const char **text)
{
	*kind = l->v[i].kind;
	*id = l->v[i].id;
	*lang = l->v[i].lang;
	*text = l->v[i].text;
}

/* ---- durations ---- */

struct words {
	const char *day, *days, *hour, *hours, *minute, *minutes;
	/* Each phrase has one %s, the duration. */
	const char *phrase[LABEL_AFTER_T0 + 1];
};

static const struct words vi_words = {
	"ngày", "ngày", "giờ", "giờ", "phút", "phút",
	{ "%s", "còn %s", "trễ %s", "%s trước", "%s trước T0", "%s sau T0" },
};

static const struct words en_words = {
	"day", "days", "hour", "hours", "minute", "minutes",
	{ "%s", "%s left", "%s late", "%s ago", "%s before T0",
	  "%s after T0" },
};

static void add_count(struct strbuf *out, uint64_t n, const char *one,
		      const char *many)
{
	strbuf_addf(out, "%llu %s", (unsigned long long)n,
		    n == 1 ? one : many);
}

void label_duration(struct strbuf *out, int64_t seconds,
		    enum label_span span, const char *lang)
{
	const struct words *w = lang && !strcmp(lang, "vi") ? &vi_words :
		&en_words;
	/* Unsigned, so that INT64_MIN has an absolute value too. */
	uint64_t s = seconds < 0 ? -(uint64_t)seconds : (uint64_t)seconds;
	uint64_t days = s / 86400, hours = s % 86400 / 3600;
	uint64_t minutes = s % 3600 / 60;
	struct strbuf d = STRBUF_INIT;
	const char *fmt, *mark;

	/* Past a day, minutes are noise for someone reading a deadline. */
	if (days) {
		add_count(&d, days, w->day, w->days);
		if (hours) {
			strbuf_addch(&d, ' ');
			add_count(&d, hours, w->hour, w->hours);
		}
	} else if (hours) {
		add_count(&d, hours, w->hour, w->hours);
		if (minutes) {
			strbuf_addch(&d, ' ');
			add_count(&d, minutes, w->minute, w->minutes);
		}
	} else {
		add_count(&d, minutes, w->minute, w->minutes);
	}
	fmt = w->phrase[(unsigned)span <= LABEL_AFTER_T0 ? span : LABEL_SPAN];
	mark = strstr(fmt, "%s");
	strbuf_add(out, fmt, (size_t)(mark - fmt));
	strbuf_add(out, d.buf, d.len);
	strbuf_adds(out, mark + 2);
	strbuf_release(&d);
}

void label_from_t0(struct strbuf *out, int64_t t, int64_t t0,
		   const char *lang)
{
	if (t - t0 < 60 && t0 - t < 60)
		strbuf_adds(out, "T0");
	else if (t < t0)
		label_duration(out, t0 - t, LABEL_BEFORE_T0, lang);
	else
		label_duration(out, t - t0, LABEL_AFTER_T0, lang);
}
