/*
 * Unit tests for expansion: owner selectors, tasks per unit and day,
 * due instants, recipients, dependencies, and the runbook errors that
 * need the registry (unknown units, unknown or cyclic requires).
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "plan.h"
#include "script.h"
#include "units.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

static const char registry[] =
	"units:\n"
	"  - {id: hub, name: Hub, kind: office}\n"
	"  - {id: ca-a, name: Police A, kind: commune-police}\n"
	"  - {id: ca-b, name: Police B, kind: commune-police}\n"
	"  - {id: a, name: Commune A, kind: commune, police: ca-a}\n"
	"  - {id: b, name: Ward B, kind: ward, police: ca-b}\n"
	"  - {id: dept, name: Department, kind: department}\n"
	"  - {id: pol, name: Provincial police, kind: police}\n";

#define HEAD \
	"runbook { id = 'rb', title = 'Test', t0 = '2026-05-29 22:00'," \
	" units = 'u.yaml' }\n" \
	"section { id = 's1', title = 'One' }\n"

struct fixture {
	struct script *script;
	struct unit_registry *units;
	struct plan *plan;
	struct err err;
};

/* Loads and expands; returns the expansion's status (0 or -1). */
static int expand(struct fixture *f, const char *lua)
{
	memset(f, 0, sizeof(*f));
	err_init(&f->err);
	assert_int_equal(units_parse("u.yaml", registry, sizeof(registry) - 1,
				     &f->units, &f->err), 0);
	if (script_load("rb.lua", lua, strlen(lua), NULL, NULL, NULL,
			&f->script, &f->err))
		return -1;
	return plan_expand(f->script, f->units, &f->plan, &f->err);
}

static void release(struct fixture *f)
{
	plan_free(f->plan);
	script_free(f->script);
	units_free(f->units);
	err_release(&f->err);
}

static const struct plan_task *task(const struct fixture *f, const char *key)
{
	long i = plan_find(f->plan, key);

	if (i < 0)
		fail_msg("no task '%s'", key);
	return &f->plan->tasks[i];
}

static void error_is(struct fixture *f, const char *want)
{
	struct strbuf line = STRBUF_INIT;

	err_format(&f->err, &line);
	if (!strstr(line.buf, want))
		fail_msg("error '%s' lacks '%s'", line.buf, want);
	strbuf_release(&line);
}

static void test_selectors(void **state)
{
	struct fixture f;

	(void)state;
	assert_int_equal(expand(&f, HEAD
		"step { id = 'k', title = 'k', owners = kinds { 'commune', 'ward' }, due = 'T' }\n"
		"step { id = 'i', title = 'i', owners = units { 'pol', 'hub' }, due = 'T' }\n"
		"step { id = 's', title = 's', owners = 'dept', due = 'T' }\n"
		"step { id = 'all', title = 'all', owners = all(), due = 'T' }\n"
		"step { id = 'x', title = 'x', owners = except(kinds { 'commune', 'ward', 'department' }, { 'b' }), due = 'T' }\n"),
		0);
	assert_int_equal(f.plan->n, 2 + 2 + 1 + 7 + 2);
	assert_true(plan_find(f.plan, "k@a") >= 0);
	assert_true(plan_find(f.plan, "k@b") >= 0);
	assert_true(plan_find(f.plan, "k@dept") < 0);
	assert_true(plan_find(f.plan, "i@pol") >= 0);
	assert_true(plan_find(f.plan, "i@hub") >= 0);
	assert_true(plan_find(f.plan, "s@dept") >= 0);
	assert_true(plan_find(f.plan, "all@ca-b") >= 0);
	assert_true(plan_find(f.plan, "x@a") >= 0);
	assert_true(plan_find(f.plan, "x@dept") >= 0);
	assert_true(plan_find(f.plan, "x@b") < 0);
	release(&f);
}

static void test_due_and_order(void **state)
{
	struct fixture f;
	size_t i;

	(void)state;
	assert_int_equal(expand(&f, HEAD
		"step { id = 'late', title = 'l', owners = 'hub', due = 'T+1d 16:00' }\n"
		"step { id = 'early', title = 'e', owners = 'hub', due = 'T-6h', start = 'T-1d' }\n"
		"step { id = 'abs', title = 'a', owners = 'hub', due = '2026-05-30 08:00' }\n"),
		0);
	/* 2026-05-29 16:00 +07:00, 2026-05-30 01:00Z, 2026-05-30 09:00Z */
	assert_int_equal(task(&f, "early@hub")->due, 1780045200);
	assert_true(task(&f, "early@hub")->has_start);
	assert_int_equal(task(&f, "early@hub")->start, 1780066800 - 86400);
	assert_int_equal(task(&f, "abs@hub")->due, 1780102800);
	assert_int_equal(task(&f, "late@hub")->due, 1780131600);
	assert_false(task(&f, "late@hub")->has_start);
	for (i = 1; i < f.plan->n; i++)
		assert_true(f.plan->tasks[i - 1].due <= f.plan->tasks[i].due);
	assert_string_equal(f.plan->tasks[0].key, "early@hub");
	release(&f);
}

static void test_daily(void **state)
{
	struct fixture f;
	const struct plan_task *t;

	(void)state;
	/* From T (29/05 22:00) to T+3d: the 16:00 deadlines of 30/05,
	 * 31/05 and 01/06; 29/05 16:00 is before T and falls out. */
	assert_int_equal(expand(&f, HEAD
		"step { id = 'd', title = 'd', owners = kinds { 'commune' },"
		" every = daily { before = '16:00', from = 'T', to = 'T+3d' } }\n"),
		0);
	assert_int_equal(f.plan->n, 3);
	assert_true(plan_find(f.plan, "d@a#2026-05-29") < 0);
	t = task(&f, "d@a#2026-05-30");
	assert_string_equal(t->occurrence, "2026-05-30");
	assert_int_equal(t->due, 1780131600);
	assert_true(plan_find(f.plan, "d@a#2026-06-01") >= 0);
	assert_true(plan_find(f.plan, "d@a#2026-06-02") < 0);
	release(&f);
}

static void test_recipients(void **state)
{
	struct fixture f;

	(void)state;
	assert_int_equal(expand(&f, HEAD
		"step { id = 'r', title = 'r', owners = kinds { 'commune', 'ward', 'department' }, due = 'T',"
		" report_to = function(u) if u.police then return u.police end return 'pol' end }\n"
		"step { id = 'q', title = 'q', owners = 'dept', due = 'T', report_to = 'hub' }\n"
		"step { id = 'n', title = 'n', owners = 'dept', due = 'T' }\n"),
		0);
	assert_string_equal(task(&f, "r@a")->recipient, "ca-a");
	assert_string_equal(task(&f, "r@b")->recipient, "ca-b");
	assert_string_equal(task(&f, "r@dept")->recipient, "pol");
	assert_string_equal(task(&f, "q@dept")->recipient, "hub");
	assert_null(task(&f, "n@dept")->recipient);
	release(&f);
}

static int requires_key(const struct fixture *f, const struct plan_task *t,
			const char *key)
{
	size_t i;

	for (i = 0; i < t->nrequires; i++)
		if (!strcmp(f->plan->tasks[t->requires[i]].key, key))
			return 1;
	return 0;
}

static void test_requires(void **state)
{
	struct fixture f;
	const struct plan_task *t;

	(void)state;
	assert_int_equal(expand(&f, HEAD
		"step { id = 'fp', title = 'fp', owners = kinds { 'commune', 'ward' }, due = 'T-12h' }\n"
		"step { id = 'desk', title = 'd', owners = kinds { 'commune', 'ward' }, due = 'T-2h', requires = { 'fp' } }\n"
		"step { id = 'gate', title = 'g', owners = 'hub', due = 'T-1h', gate = true, requires = { 'fp', 'desk' } }\n"
		"step { id = 'rep', title = 'r', owners = 'a', every = daily { before = '16:00', to = 'T+2d' } }\n"
		"step { id = 'ack', title = 'k', owners = 'a', every = daily { before = '17:00', to = 'T+2d' }, requires = { 'rep' } }\n"),
		0);
	/* Same unit: a desk waits for its own focal point only. */
	t = task(&f, "desk@a");
	assert_int_equal(t->nrequires, 1);
	assert_true(requires_key(&f, t, "fp@a"));
	/* Another unit's step: the gate waits for every task of it. */
	t = task(&f, "gate@hub");
	assert_int_equal(t->nrequires, 4);
	assert_true(requires_key(&f, t, "fp@b"));
	assert_true(requires_key(&f, t, "desk@a"));
	/* Daily requires daily: the same day's occurrence. */
	t = task(&f, "ack@a#2026-05-31");
	assert_int_equal(t->nrequires, 1);
	assert_true(requires_key(&f, t, "rep@a#2026-05-31"));
	release(&f);
}

static void test_errors(void **state)
{
	struct fixture f;

	(void)state;
	assert_int_equal(expand(&f, HEAD
		"step { id = 'a', title = 'a', owners = 'nobody', due = 'T' }\n"), -1);
	error_is(&f, "rb.lua:3: step 'a': field 'owners': 'nobody' names no unit");
	release(&f);

	assert_int_equal(expand(&f, HEAD
		"step { id = 'a', title = 'a', owners = 'hub', due = 'T', report_to = 'nowhere' }\n"), -1);
	error_is(&f, "field 'report_to': 'nowhere'");
	release(&f);

	assert_int_equal(expand(&f, HEAD
		"step { id = 'a', title = 'a', owners = except(all(), { 'ghost' }), due = 'T' }\n"), -1);
	error_is(&f, "'ghost' names no unit");
	release(&f);

	assert_int_equal(expand(&f, HEAD
		"step { id = 'a', title = 'a', owners = kinds { 'galaxy' }, due = 'T' }\n"), -1);
	error_is(&f, "no unit of kind 'galaxy'");
	release(&f);

	assert_int_equal(expand(&f, HEAD
		"step { id = 'a', title = 'a', owners = 'hub', due = 'T', requires = { 'zz' } }\n"), -1);
	error_is(&f, "rb.lua:3: step 'a': field 'requires': unknown step 'zz'");
	release(&f);

	assert_int_equal(expand(&f, HEAD
		"step { id = 'a', title = 'a', owners = 'hub', due = 'T', requires = { 'c' } }\n"
		"step { id = 'b', title = 'b', owners = 'hub', due = 'T', requires = { 'a' } }\n"
		"step { id = 'c', title = 'c', owners = 'hub', due = 'T', requires = { 'b' } }\n"), -1);
	error_is(&f, "requires cycle: a -> c -> b -> a");
	release(&f);

	assert_int_equal(expand(&f, HEAD
		"step { id = 'a', title = 'a', owners = 'hub', every = daily { before = '16:00', from = 'T', to = 'T+1h' } }\n"), -1);
	error_is(&f, "field 'every'");
	release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selectors),
		cmocka_unit_test(test_due_and_order),
		cmocka_unit_test(test_daily),
		cmocka_unit_test(test_recipients),
		cmocka_unit_test(test_requires),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
