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

/* A candidate for suggest_resolve: an id and its name (may be NULL). */
struct suggest_name {
	const char *id;
	const char *name;
};

#define SUGGEST_NONE (-1)
#define SUGGEST_AMBIGUOUS (-2)

/*
 * What `typed` names among n candidates, as people type a unit or a
 * section: its id exactly; else the ones whose id or name folds (fold.h)
 * to what typed folds to ("dai son", "Đại Sơn" and "DAI-SON" for
 * dai-son); else the ones whose folded name ends with typed's folded
 * words ("Đại Sơn" names "Xã Đại Sơn"); else the ones whose name holds
 * them as whole words.  Returns the index of the one named;
 * SUGGEST_AMBIGUOUS when the first of these tests that names any names
 * several (their indexes in *matches, caller frees; at most 10 kept);
 * SUGGEST_NONE when none does: then `near`, suggest_init'ed by the
 * caller, holds the ids near typed, for suggest_format.
 */
long suggest_resolve(const char *typed, const struct suggest_name *c,
		     size_t n, size_t **matches, size_t *nmatches,
		     struct suggest *near);

/* The edit distance between a and b (bytes), capped at cap + 1. */
size_t suggest_distance(const char *a, const char *b, size_t cap);

#endif
