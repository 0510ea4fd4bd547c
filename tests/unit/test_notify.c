/*
 * Unit tests for the schedule cutover serve follows (notify_round_due):
 * a round at each `at` time of each local day and every `every` from T0
 * (or `from`), only within from..to, each found once between two calls.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "model.h"
#include "notify.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

/* 2026-05-29 22:00 +07:00, the bundled runbook's T0. */
#define T0 ((instant_t)1780066800)
#define MIN 60
#define HOUR 3600

static void schedule(struct runbook *rb, struct reminders *r, int *at,
		     size_t nat, int64_t every)
{
	memset(rb, 0, sizeof(*rb));
	memset(r, 0, sizeof(*r));
	rb->offset_minutes = 420;
	rb->t0 = T0;
	rb->reminders = r;
	r->at = at;
	r->nat = nat;
	r->every = every;
}

static void test_no_schedule(void **state)
{
	struct runbook rb;

	(void)state;
	memset(&rb, 0, sizeof(rb));
	assert_int_equal(notify_round_due(&rb, T0, T0 - HOUR, T0), 0);
	assert_int_equal(notify_round_due(NULL, T0, T0 - HOUR, T0), 0);
}

static void test_times_of_day(void **state)
{
	int at[] = { 8 * 60, 18 * 60 };
	struct reminders r;
	struct runbook rb;
	instant_t six_pm = T0 - 4 * HOUR;   /* 29/05 18:00 local */

	(void)state;
	schedule(&rb, &r, at, 2, 0);
	assert_int_equal(notify_round_due(&rb, T0, six_pm - MIN, six_pm), 1);
	/* Found once: the next call starts after it. */
	assert_int_equal(notify_round_due(&rb, T0, six_pm, six_pm + MIN), 0);
	assert_int_equal(notify_round_due(&rb, T0, six_pm + MIN,
					  six_pm + 13 * HOUR), 0);
	/* 08:00 the next morning. */
	assert_int_equal(notify_round_due(&rb, T0, six_pm + 13 * HOUR,
					  six_pm + 14 * HOUR), 1);
}

static void test_every_from_t0_within_bounds(void **state)
{
	struct reminders r;
	struct runbook rb;

	(void)state;
	schedule(&rb, &r, NULL, 0, 2 * HOUR);
	assert_int_equal(notify_round_due(&rb, T0, T0 - 2 * HOUR + MIN,
					  T0 - MIN), 0);
	assert_int_equal(notify_round_due(&rb, T0, T0 - MIN, T0), 1);
	assert_int_equal(notify_round_due(&rb, T0, T0 - 3 * HOUR - MIN,
					  T0 - 3 * HOUR), 0);
	assert_int_equal(notify_round_due(&rb, T0, T0 - 4 * HOUR - MIN,
					  T0 - 4 * HOUR), 1);
	/* Nothing after `to` (T+1h), nothing before `from` (T-1h). */
	r.to.kind = TIME_RELATIVE;
	r.to.offset_seconds = HOUR;
	r.from.kind = TIME_RELATIVE;
	r.from.offset_seconds = -HOUR;
	assert_int_equal(notify_round_due(&rb, T0, T0 + 2 * HOUR - MIN,
					  T0 + 2 * HOUR), 0);
	/* From `from`, the rounds start at it: T-1h, T+1h. */
	assert_int_equal(notify_round_due(&rb, T0, T0 - HOUR - MIN,
					  T0 - HOUR), 1);
	assert_int_equal(notify_round_due(&rb, T0, T0 - MIN, T0), 0);
	assert_int_equal(notify_round_due(&rb, T0, T0 + HOUR - MIN,
					  T0 + HOUR), 1);
	assert_int_equal(notify_round_due(&rb, T0, T0 - 3 * HOUR,
					  T0 - 2 * HOUR), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_schedule),
		cmocka_unit_test(test_times_of_day),
		cmocka_unit_test(test_every_from_t0_within_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
