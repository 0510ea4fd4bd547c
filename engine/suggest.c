/*
 * Did-you-mean (suggest.h): the optimal string alignment distance, which
 * counts a swap of two neighbouring letters ("stauts") as one edit.
 */
#include "suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "i18n.h"
#include "xalloc.h"
#include "banned.h"

/* What is worth suggesting: beyond this, a name is another name. */
#define SUGGEST_MAX_NAMES 5
#define SUGGEST_LONGEST 256

void suggest_init(struct suggest *s, const char *typed)
{
	memset(s, 0, sizeof(*s));
	s->typed = xstrdup(typed);
	s->best = SIZE_MAX;
}

static void clear_names(struct suggest *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	s->n = 0;
}

void suggest_release(struct suggest *s)
{
	clear_names(s);
	free(s->names);
	free(s->typed);
	memset(s, 0, sizeof(*s));
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	size_t *prev2, *prev, *cur, *rows;

	if (la > SUGGEST_LONGEST || lb > SUGGEST_LONGEST)
		return cap + 1;
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	rows = xcalloc(3 * (lb + 1), sizeof(*rows));
	prev2 = rows;
	prev = rows + lb + 1;
	cur = rows + 2 * (lb + 1);
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		size_t *t;

		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1,
				      prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	d = prev[lb];
	free(rows);
	return d > cap ? cap + 1 : d;
}

/* The largest distance still worth a suggestion for a typed length. */
static size_t allowed(size_t len)
{
	size_t a = len / 3;

	if (a < 1)
		a = 1;
	return a > 3 ? 3 : a;
}

void suggest_offer(struct suggest *s, const char *candidate)
{
	size_t typed_len = strlen(s->typed), d;
	size_t i;

	if (!*s->typed || !strcmp(candidate, s->typed))
		return;
	/* A prefix of a longer name is as near as a typo: "focal" for
	 * "focal-point". */
	if (typed_len >= 3 && !strncmp(candidate, s->typed, typed_len))
		d = 1;
	else
		d = suggest_distance(s->typed, candidate, allowed(typed_len));
	if (d > allowed(typed_len) || d >= typed_len || d > s->best)
		return;
	if (d < s->best) {
		clear_names(s);
		s->best = d;
	}
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], candidate))
			return;
	XGROW(s->names, s->alloc, s->n + 1);
	s->names[s->n++] = xstrdup(candidate);
}

size_t suggest_count(const struct suggest *s)
{
	return s->n;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void suggest_format(const struct suggest *s, struct strbuf *out)
{
	struct strbuf names = STRBUF_INIT;
	size_t i, n = s->n < SUGGEST_MAX_NAMES ? s->n : SUGGEST_MAX_NAMES;

	if (!s->n)
		return;
	qsort(s->names, s->n, sizeof(*s->names), by_name);
	for (i = 0; i < n; i++)
		strbuf_addf(&names, "%s'%s'", i ? ", " : "", s->names[i]);
	if (s->n == 1)
		strbuf_addf(out, _("did you mean %s?"), names.buf);
	else
		strbuf_addf(out, _("did you mean one of %s?"), names.buf);
	strbuf_release(&names);
}

/* Where folded name holds the folded words of typed: 0 none, 1 as whole
 * words inside, 2 at its end, 3 all of it. */
static int fold_match(const char *name, const char *typed)
{
	size_t ln = strlen(name), lt = strlen(typed);
	const char *p;

	if (!lt || lt > ln)
		return 0;
	if (ln == lt)
		return !strcmp(name, typed) ? 3 : 0;
	if (!strcmp(name + ln - lt, typed) && name[ln - lt - 1] == ' ')
		return 2;
	for (p = name; (p = strstr(p, typed)) != NULL; p++)
		if ((p == name || p[-1] == ' ') &&
		    (p[lt] == ' ' || p[lt] == '\0'))
			return 1;
	return 0;
}

long suggest_resolve(const char *typed, const struct suggest_name *c,
		     size_t n, size_t **matches, size_t *nmatches,
		     struct suggest *near)
{
	struct strbuf want = STRBUF_INIT, id = STRBUF_INIT, name = STRBUF_INIT;
	size_t i, best_n = 0, *best = NULL, alloc = 0;
	int best_level = 0;
	long found = SUGGEST_NONE;

	*matches = NULL;
	*nmatches = 0;
	for (i = 0; i < n; i++)
		if (!strcmp(c[i].id, typed))
			return (long)i;
	if (fold_text(&want, typed) || !want.len)
		goto none;
	for (i = 0; i < n; i++) {
		int level;

		strbuf_reset(&id);
		strbuf_reset(&name);
		if (fold_text(&id, c[i].id))
			continue;
		level = !strcmp(id.buf, want.buf) ? 3 : 0;
		if (c[i].name && !fold_text(&name, c[i].name)) {
			int by_name = fold_match(name.buf, want.buf);

			if (by_name > level)
				level = by_name;
		}
		if (!level || level < best_level)
			continue;
		if (level > best_level) {
			best_level = level;
			best_n = 0;
		}
		XGROW(best, alloc, best_n + 1);
		best[best_n++] = i;
	}
	if (best_n == 1) {
		found = (long)best[0];
	} else if (best_n > 1) {
		found = SUGGEST_AMBIGUOUS;
		*nmatches = best_n < 10 ? best_n : 10;
		*matches = best;
		best = NULL;
	}
none:
	if (found == SUGGEST_NONE)
		for (i = 0; i < n; i++)
			suggest_offer(near, c[i].id);
	free(best);
	strbuf_release(&want);
	strbuf_release(&id);
	strbuf_release(&name);
	return found;
}
