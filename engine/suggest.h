/*
 * "Did you mean": the names nearest to what a user typed, by edit
 * distance (Damerau-Levenshtein: a swap of two neighbours is one edit),
 * as git's help.autocorrect suggests commands.  Only suggests, never
 * chooses: a caller acts on a guess nowhere.
 *
 * A caller offers every candidate name it knows, then formats what is
 * left: the candidates at the smallest distance, if that distance is
 * small for the typed length (a third of it, at least 1 and at most 3).
 * A candidate that starts with what was typed counts as near too.
 */
#ifndef SUGGEST_H
#define SUGGEST_H

#include <stddef.h>

#include "strbuf.h"

struct suggest {
	char *typed;
	size_t best;            /* smallest distance seen, SIZE_MAX: none */
	char **names;           /* the candidates at that distance */
	size_t n, alloc;
};

void suggest_init(struct suggest *s, const char *typed);
void suggest_release(struct suggest *s);

/* Considers one candidate (copied when kept). */
void suggest_offer(struct suggest *s, const char *candidate);

/* How many candidates are near enough to suggest. */
size_t suggest_count(const struct suggest *s);

/*
 * Appends "did you mean 'x'?" or "did you mean one of 'x', 'y'?" (in the
 * user's language, at most five names), or nothing when no candidate is
 * near.
 */
void suggest_format(const struct suggest *s, struct strbuf *out);

/* The edit distance between a and b (bytes), capped at cap + 1. */
size_t suggest_distance(const char *a, const char *b, size_t cap);

#endif
