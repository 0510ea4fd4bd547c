/*
 * Did-you-mean (suggest.h): the optimal string alignment distance, which
 * counts a swap of two neighbouring letters ("stauts") as one edit.
 */
#include "suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
