/*
 * Coverage of a time window by shifts: what `roster gaps`, the sign-off of
 * a roster step and the reports compute.  Pure arithmetic on half-open
 * intervals [from, to) of UTC seconds; no I/O.
 */
#ifndef COVERAGE_H
#define COVERAGE_H

#include <stddef.h>

#include "clock.h"

struct interval {
	instant_t from;
	instant_t to;
};

/*
 * The parts of [from, to) that no shift covers, in order.  Shifts may
 * overlap, touch, come in any order and reach outside the window; a shift
 * that ends where the next begins leaves no gap.  Returns the number of
 * gaps and sets *gaps (caller frees; NULL when none).  `shifts` is sorted
 * in place.
 */
size_t coverage_gaps(struct interval *shifts, size_t n, instant_t from,
		     instant_t to, struct interval **gaps);

#endif
