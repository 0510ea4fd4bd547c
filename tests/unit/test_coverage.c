/*
 * Unit tests for the coverage module: the gaps a set of shifts leaves in
 * a duty window.  Intervals are half-open [from, to); the window used by
 * most cases is the test runbook's T-2h..T+1d at +07:00, and hours are
 * counted from its start so the expectations read as a timetable.
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "clock.h"
#include "coverage.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "banned.h"

/* 2026-05-29 20:00 +07:00, T-2h of the test runbooks. */
#define W0 ((instant_t)1780059600)
#define H(n) (W0 + (instant_t)(n) * 3600)
/* The window: 26 hours, to 2026-05-30 22:00 +07:00. */
#define W1 H(26)

#define NGAPS_MAX 8

struct want {
	size_t n;
	struct interval gaps[NGAPS_MAX];
};

/* Runs coverage_gaps on a copy of shifts and compares with want. */
static void check_gaps(const struct interval *shifts, size_t n,
		       instant_t from, instant_t to, const struct want *want)
{
	struct interval *copy = calloc(n + 1, sizeof(*copy));
	struct interval stale, *gaps = &stale;  /* must be reset */
	size_t got, i;

	assert_non_null(copy);
	for (i = 0; i < n; i++)
		copy[i] = shifts[i];
	got = coverage_gaps(copy, n, from, to, &gaps);
	assert_int_equal(got, want->n);
	if (!got)
		assert_null(gaps);
	for (i = 0; i < got; i++) {
		assert_int_equal(gaps[i].from, want->gaps[i].from);
		assert_int_equal(gaps[i].to, want->gaps[i].to);
		assert_true(gaps[i].from < gaps[i].to);
	}
	free(gaps);
	free(copy);
}

static void test_no_shifts_whole_window(void **state)
{
	struct want want = { 1, { { W0, W1 } } };

	(void)state;
	check_gaps(NULL, 0, W0, W1, &want);
}

static void test_one_shift_covers_exactly(void **state)
{
	struct interval s[] = { { W0, W1 } };
	struct want want = { 0, { { 0, 0 } } };

	(void)state;
	check_gaps(s, 1, W0, W1, &want);
}

static void test_overlapping(void **state)
{
	struct interval s[] = { { H(0), H(14) }, { H(10), H(20) },
				{ H(12), H(16) }, { H(19), H(26) } };
	struct want want = { 0, { { 0, 0 } } };

	(void)state;
	check_gaps(s, 4, W0, W1, &want);
}

static void test_adjacent_leaves_no_gap(void **state)
{
	/* 20:00-08:00, 08:00-22:00 the next day: touching ends, no gap. */
	struct interval s[] = { { H(0), H(12) }, { H(12), H(26) } };
	struct want want = { 0, { { 0, 0 } } };

	(void)state;
	check_gaps(s, 2, W0, W1, &want);
}

static void test_gapped(void **state)
{
	struct interval s[] = { { H(0), H(8) }, { H(10), H(20) },
				{ H(21), H(24) } };
	struct want want = { 3, { { H(8), H(10) }, { H(20), H(21) },
				  { H(24), H(26) } } };

	(void)state;
	check_gaps(s, 3, W0, W1, &want);
}

static void test_gap_at_start(void **state)
{
	struct interval s[] = { { H(2), H(26) } };
	struct want want = { 1, { { H(0), H(2) } } };

	(void)state;
	check_gaps(s, 1, W0, W1, &want);
}

static void test_one_second_gap(void **state)
{
	struct interval s[] = { { H(0), H(12) - 1 }, { H(12), H(26) } };
	struct want want = { 1, { { H(12) - 1, H(12) } } };

	(void)state;
	check_gaps(s, 2, W0, W1, &want);
}

static void test_unsorted_input(void **state)
{
	struct interval s[] = { { H(21), H(24) }, { H(0), H(8) },
				{ H(10), H(20) }, { H(4), H(9) } };
	struct want want = { 3, { { H(9), H(10) }, { H(20), H(21) },
				  { H(24), H(26) } } };

	(void)state;
	check_gaps(s, 4, W0, W1, &want);
}

static void test_same_start_longer_wins(void **state)
{
	/* Equal starts: the short one must not hide the long one. */
	struct interval s[] = { { H(0), H(2) }, { H(0), H(26) },
				{ H(0), H(1) } };
	struct want want = { 0, { { 0, 0 } } };

	(void)state;
	check_gaps(s, 3, W0, W1, &want);
}

static void test_contained_shift_does_not_shrink(void **state)
{
	/* A shift inside an earlier, longer one leaves it covered. */
	struct interval s[] = { { H(0), H(20) }, { H(2), H(3) },
				{ H(22), H(26) } };
	struct want want = { 1, { { H(20), H(22) } } };

	(void)state;
	check_gaps(s, 3, W0, W1, &want);
}

static void test_across_midnight(void **state)
{
	/*
	 * Night shifts 20:00-08:00 and day shifts 08:00-20:00, crossing
	 * local midnight (H(4) is 00:00 on 30/05); the last day shift is
	 * missing from 20:00 to 22:00.
	 */
	struct interval s[] = { { H(0), H(12) }, { H(12), H(24) } };
	struct want want = { 1, { { H(24), H(26) } } };
	struct interval night[] = { { H(0), H(12) } };
	struct want rest = { 1, { { H(12), H(26) } } };

	(void)state;
	check_gaps(s, 2, W0, W1, &want);
	check_gaps(night, 1, W0, W1, &rest);
}

static void test_reaching_outside_the_window(void **state)
{
	/* Starts a day before, ends a day after: clipped to the window. */
	struct interval s[] = { { H(-24), H(5) }, { H(7), H(50) } };
	struct want want = { 1, { { H(5), H(7) } } };
	struct interval all[] = { { H(-1), H(27) } };
	struct want none = { 0, { { 0, 0 } } };

	(void)state;
	check_gaps(s, 2, W0, W1, &want);
	check_gaps(all, 1, W0, W1, &none);
}

static void test_entirely_outside(void **state)
{
	struct interval before[] = { { H(-10), H(-2) } };
	struct interval touching[] = { { H(-10), H(0) }, { H(26), H(30) } };
	struct interval after[] = { { H(30), H(40) } };
	struct want whole = { 1, { { W0, W1 } } };

	(void)state;
	check_gaps(before, 1, W0, W1, &whole);
	/* Ending exactly where the window starts covers none of it. */
	check_gaps(touching, 2, W0, W1, &whole);
	check_gaps(after, 1, W0, W1, &whole);
}

static void test_zero_and_negative_length(void **state)
{
	/* Empty and reversed shifts cover nothing and hide nothing. */
	struct interval s[] = { { H(5), H(5) }, { H(20), H(2) },
				{ H(0), H(4) }, { H(6), H(26) } };
	struct want want = { 1, { { H(4), H(6) } } };
	struct interval only_bad[] = { { H(0), H(0) }, { H(26), H(0) } };
	struct want whole = { 1, { { W0, W1 } } };

	(void)state;
	check_gaps(s, 4, W0, W1, &want);
	check_gaps(only_bad, 2, W0, W1, &whole);
}

static void test_empty_window(void **state)
{
	struct interval s[] = { { H(0), H(2) } };
	struct want none = { 0, { { 0, 0 } } };

	(void)state;
	check_gaps(NULL, 0, W0, W0, &none);
	check_gaps(s, 1, H(10), H(10), &none);
	/* A reversed window has nothing to cover either. */
	check_gaps(NULL, 0, W1, W0, &none);
}

static void test_sorts_in_place(void **state)
{
	struct interval s[] = { { H(10), H(26) }, { H(0), H(10) } };
	struct interval *gaps;

	(void)state;
	assert_int_equal(coverage_gaps(s, 2, W0, W1, &gaps), 0);
	assert_null(gaps);
	assert_int_equal(s[0].from, H(0));
	assert_int_equal(s[1].from, H(10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_shifts_whole_window),
		cmocka_unit_test(test_one_shift_covers_exactly),
		cmocka_unit_test(test_overlapping),
		cmocka_unit_test(test_adjacent_leaves_no_gap),
		cmocka_unit_test(test_gapped),
		cmocka_unit_test(test_gap_at_start),
		cmocka_unit_test(test_one_second_gap),
		cmocka_unit_test(test_unsorted_input),
		cmocka_unit_test(test_same_start_longer_wins),
		cmocka_unit_test(test_contained_shift_does_not_shrink),
		cmocka_unit_test(test_across_midnight),
		cmocka_unit_test(test_reaching_outside_the_window),
		cmocka_unit_test(test_entirely_outside),
		cmocka_unit_test(test_zero_and_negative_length),
		cmocka_unit_test(test_empty_window),
		cmocka_unit_test(test_sorts_in_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
