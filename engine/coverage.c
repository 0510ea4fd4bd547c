#include "coverage.h"

#include <stdlib.h>

#include "xalloc.h"
#include "banned.h"

static int by_start(const void *a, const void *b)
{
	const struct interval *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->to > y->to) - (x->to < y->to);
}

static void add_gap(struct interval **gaps, size_t *n, size_t *alloc,
		    instant_t from, instant_t to)
{
	XGROW(*gaps, *alloc, *n + 1);
	(*gaps)[*n].from = from;
	(*gaps)[*n].to = to;
	(*n)++;
}

size_t coverage_gaps(struct interval *shifts, size_t n, instant_t from,
		     instant_t to, struct interval **gaps)
{
	size_t i, count = 0, alloc = 0;
	instant_t covered = from;   /* [from, covered) has no gap left */

	*gaps = NULL;
	if (to <= from)
		return 0;
	if (n)
		qsort(shifts, n, sizeof(*shifts), by_start);
	for (i = 0; i < n && covered < to; i++) {
		if (shifts[i].to <= covered || shifts[i].to <= shifts[i].from)
			continue;
		if (shifts[i].from > covered) {
			add_gap(gaps, &count, &alloc, covered,
				shifts[i].from < to ? shifts[i].from : to);
			if (shifts[i].from >= to) {
				covered = to;
				break;
			}
		}
		covered = shifts[i].to;
	}
	if (covered < to)
		add_gap(gaps, &count, &alloc, covered, to);
	return count;
}
