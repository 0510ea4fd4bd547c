/*
 * Unit tests for luasrc: the keys of an evidence table in the order a
 * runbook writes them, and "not found" for whatever the lexer must not
 * guess at.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "luasrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

/* The keys found at `line`, "," joined, or "-" when not found. */
static void keys_at(const char *text, int line, char *out, size_t size)
{
	char **keys;
	size_t n, i, used = 0;

	out[0] = '\0';
	if (luasrc_table_keys(text, strlen(text), line, "evidence", &keys,
			      &n)) {
		assert_null(keys);
		assert_int_equal(n, 0);
		snprintf(out, size, "-");
		return;
	}
	for (i = 0; i < n; i++) {
		used += (size_t)snprintf(out + used, size - used, "%s%s",
					 i ? "," : "", keys[i]);
		free(keys[i]);
	}
	free(keys);
}

static void test_written_order(void **state)
{
	char got[256];

	(void)state;
	keys_at("step { id = \"a\", evidence = { zeta = \"text\","
		" alpha = \"int?\", mid = \"bool\" } }", 1, got, sizeof(got));
	assert_string_equal(got, "zeta,alpha,mid");
	/* A bracketed key, values that are tables, a trailing separator. */
	keys_at("step {\n  evidence = {\n    [\"b\"] = \"text\";\n"
		"    a = { type = \"int\", label = \"A\" },\n  },\n}\n", 1, got,
		sizeof(got));
	assert_string_equal(got, "b,a");
	/* On the step's own line only, not the step before it. */
	keys_at("step { evidence = { x = 1 } }\nstep { evidence = { y = 1 } }",
		2, got, sizeof(got));
	assert_string_equal(got, "y");
	/* step({ ... }) and a dotted name are calls too. */
	keys_at("m.step({ evidence = { q = 1, p = 2 } })", 1, got,
		sizeof(got));
	assert_string_equal(got, "q,p");
}

static void test_what_is_not_a_field(void **state)
{
	char got[256];

	(void)state;
	/* Strings, comments and a function body hold no field. */
	keys_at("step {\n  details = [[ evidence = { no = 1 } ]],\n"
		"  -- evidence = { nor = 1 }\n"
		"  --[==[ evidence = { nor = 2 } ]==]\n"
		"  check = function(ev) local evidence = { inner = 1 }"
		" if ev.x == 1 then return true end end,\n"
		"  evidence = { yes = \"text\", [\"two\"] = \"int\" },\n}\n", 1,
		got, sizeof(got));
	assert_string_equal(got, "yes,two");
	/* Comparisons are not a field's '='. */
	keys_at("step { evidence = { a = 1 == 1, b = 2 ~= 3, c = 4 >= 5 } }",
		1, got, sizeof(got));
	assert_string_equal(got, "a,b,c");
	/* A key that is an escaped string is not taken. */
	keys_at("step { evidence = { [\"a\\\"b\"] = 1, c = 2 } }", 1, got,
		sizeof(got));
	assert_string_equal(got, "c");
}

static void test_not_found(void **state)
{
	char got[256];

	(void)state;
	/* Built elsewhere: the caller keeps its own order. */
	keys_at("step { evidence = FIELDS }", 1, got, sizeof(got));
	assert_string_equal(got, "-");
	keys_at("step { id = \"x\" }", 1, got, sizeof(got));
	assert_string_equal(got, "-");
	/* Not a call of a table. */
	keys_at("local x = 1 + { evidence = { a = 1 } }", 1, got, sizeof(got));
	assert_string_equal(got, "-");
	/* Unclosed: a string, a long string, the table itself. */
	keys_at("step { evidence = { a = \"x } }", 1, got, sizeof(got));
	assert_string_equal(got, "-");
	keys_at("step { evidence = { a = [==[ x ]=] } }", 1, got, sizeof(got));
	assert_string_equal(got, "-");
	keys_at("step { evidence = { a = 1, b = 2", 1, got, sizeof(got));
	assert_string_equal(got, "-");
	/* No such line. */
	keys_at("step { evidence = { a = 1 } }", 3, got, sizeof(got));
	assert_string_equal(got, "-");
	keys_at("step { evidence = { a = 1 } }", 0, got, sizeof(got));
	assert_string_equal(got, "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_written_order),
		cmocka_unit_test(test_what_is_not_a_field),
		cmocka_unit_test(test_not_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
