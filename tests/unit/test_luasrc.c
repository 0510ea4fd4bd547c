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

struct keys_case {
	const char *why;
	const char *text;
	int line;
	const char *want; /* "," joined, "-": not found */
};

static void check_cases(const struct keys_case *c, size_t n)
{
	char got[256];
	size_t i;

	for (i = 0; i < n; i++) {
		keys_at(c[i].text, c[i].line, got, sizeof(got));
		if (strcmp(got, c[i].want))
			print_error("%s: got %s, want %s\n", c[i].why, got,
				    c[i].want);
		assert_string_equal(got, c[i].want);
	}
}

#define CHECK_CASES(c) check_cases((c), sizeof(c) / sizeof((c)[0]))

static void test_written_order(void **state)
{
	static const struct keys_case cases[] = {
		{ "as written", "step { id = \"a\", evidence = { zeta ="
		  " \"text\", alpha = \"int?\", mid = \"bool\" } }", 1,
		  "zeta,alpha,mid" },
		{ "a bracketed key, values that are tables, a trailing"
		  " separator", "step {\n  evidence = {\n    [\"b\"] ="
		  " \"text\";\n    a = { type = \"int\", label = \"A\" },\n"
		  "  },\n}\n", 1, "b,a" },
		{ "the step on its own line, not the one before",
		  "step { evidence = { x = 1 } }\n"
		  "step { evidence = { y = 1 } }", 2, "y" },
		{ "step({ ... }) and a dotted name are calls too",
		  "m.step({ evidence = { q = 1, p = 2 } })", 1, "q,p" },
	};

	(void)state;
	CHECK_CASES(cases);
}

static void test_what_is_not_a_field(void **state)
{
	static const struct keys_case cases[] = {
		{ "strings, comments and a function body hold no field",
		  "step {\n  details = [[ evidence = { no = 1 } ]],\n"
		  "  -- evidence = { nor = 1 }\n"
		  "  --[==[ evidence = { nor = 2 } ]==]\n"
		  "  check = function(ev) local evidence = { inner = 1 }"
		  " if ev.x == 1 then return true end end,\n"
		  "  evidence = { yes = \"text\", [\"two\"] = \"int\" },\n"
		  "}\n", 1, "yes,two" },
		{ "comparisons are not a field's '='",
		  "step { evidence = { a = 1 == 1, b = 2 ~= 3, c = 4 >= 5"
		  " } }", 1, "a,b,c" },
		{ "a key that is an escaped string is not taken",
		  "step { evidence = { [\"a\\\"b\"] = 1, c = 2 } }", 1, "c" },
	};

	(void)state;
	CHECK_CASES(cases);
}

static void test_not_found(void **state)
{
	static const struct keys_case cases[] = {
		{ "built elsewhere: the caller keeps its own order",
		  "step { evidence = FIELDS }", 1, "-" },
		{ "no evidence", "step { id = \"x\" }", 1, "-" },
		{ "not a call of a table",
		  "local x = 1 + { evidence = { a = 1 } }", 1, "-" },
		{ "an unclosed string", "step { evidence = { a = \"x } }", 1,
		  "-" },
		{ "an unclosed long string",
		  "step { evidence = { a = [==[ x ]=] } }", 1, "-" },
		{ "an unclosed table", "step { evidence = { a = 1, b = 2", 1,
		  "-" },
		{ "no such line", "step { evidence = { a = 1 } }", 3, "-" },
		{ "line 0", "step { evidence = { a = 1 } }", 0, "-" },
	};

	(void)state;
	CHECK_CASES(cases);
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
