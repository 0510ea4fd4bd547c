/*
 * What clock.c and clock_zone.c, the two halves of the clock module,
 * share and nothing else sees: the arithmetic of instants and the
 * calendar.
 */
#ifndef CLOCK_INT_H
#define CLOCK_INT_H

#include <stdint.h>

#define CLOCK_SECONDS_PER_DAY 86400

/* Floor division, so days before 1970 land on the right date. */
static inline int64_t clock_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* a + b, pinned to the int64 range instead of overflowing. */
static inline int64_t clock_add_sat(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/* a - b, pinned to the int64 range. */
static inline int64_t clock_sub_sat(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return b > 0 ? INT64_MIN : INT64_MAX;
	return r;
}

static inline int clock_is_leap(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

#endif
