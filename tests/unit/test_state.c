/*
 * Unit tests for task states: every state's word reads back as that
 * state, event kinds that are not states (a reopening, a comment) and
 * near misses are refused, and each state is exactly one of pending,
 * settled or stopped.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "state.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_words_read_back(void **unused)
{
	static const char *const words[TASK_STATE_COUNT] = {
		[TASK_PENDING] = "pending", [TASK_DONE] = "done",
		[TASK_SKIPPED] = "skipped", [TASK_FAILED] = "failed",
		[TASK_BLOCKED] = "blocked",
	};
	enum task_state s;
	int i;

	(void)unused;
	for (i = 0; i < TASK_STATE_COUNT; i++) {
		/* The database, the ledger and --json keep these words. */
		assert_string_equal(task_state_name((enum task_state)i),
				    words[i]);
		s = TASK_PENDING;
		assert_int_equal(task_state_parse(words[i], &s), 0);
		assert_int_equal(s, i);
	}
}

static void test_other_words_refused(void **unused)
{
	static const char *const others[] = {
		"reopened", "comment", "close", "", "Done", "done ", "late",
	};
	enum task_state s = TASK_BLOCKED;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		assert_int_equal(task_state_parse(others[i], &s), -1);
	assert_int_equal(task_state_parse(NULL, &s), -1);
	/* A refused word leaves the state as it was. */
	assert_int_equal(s, TASK_BLOCKED);
}

static void test_each_state_in_one_class(void **unused)
{
	int i;

	(void)unused;
	for (i = 0; i < TASK_STATE_COUNT; i++) {
		enum task_state s = (enum task_state)i;

		assert_int_equal((s == TASK_PENDING) + task_state_settled(s) +
				 task_state_stopped(s), 1);
	}
	assert_true(task_state_settled(TASK_DONE));
	assert_true(task_state_settled(TASK_SKIPPED));
	assert_true(task_state_stopped(TASK_FAILED));
	assert_true(task_state_stopped(TASK_BLOCKED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_read_back),
		cmocka_unit_test(test_other_words_refused),
		cmocka_unit_test(test_each_state_in_one_class),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
