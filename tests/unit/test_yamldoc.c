/*
 * Tests of yamldoc, the one reader of YAML: the events and the tree of a
 * document, and what it refuses for every caller, with the one-line
 * error a user would see (file:line:column, the key where there is one).
 * The unit registry's and the roster file's own checks are in
 * test_units.c and test_rosterfile.c.
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "err.h"
#include "strbuf.h"
#include "yamldoc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

/* The events of text, one letter each (s S [ ] { } .), scalars as S=value. */
static void events_of(const char *text, size_t len, struct strbuf *out)
{
	struct yamldoc_reader *r;
	struct yamldoc_event ev;
	struct err err = ERR_INIT;

	assert_int_equal(yamldoc_open(&r, "t.yaml", text, len, &err), 0);
	for (;;) {
		assert_int_equal(yamldoc_next(r, &ev, &err), 0);
		switch (ev.type) {
		case YAMLDOC_SCALAR:
			strbuf_addf(out, "%s%s@%d:%d ", ev.null ? "~" : "=",
				    ev.value, ev.line, ev.column);
			break;
		case YAMLDOC_SEQ:
			strbuf_adds(out, "[ ");
			break;
		case YAMLDOC_SEQ_END:
			strbuf_adds(out, "] ");
			break;
		case YAMLDOC_MAP:
			strbuf_adds(out, "{ ");
			break;
		case YAMLDOC_MAP_END:
			strbuf_adds(out, "} ");
			break;
		case YAMLDOC_DONE:
			strbuf_adds(out, ".");
			/* and DONE again, if asked */
			assert_int_equal(yamldoc_next(r, &ev, &err), 0);
			assert_int_equal(ev.type, YAMLDOC_DONE);
			yamldoc_close(r);
			err_release(&err);
			return;
		}
	}
}

static void expect_events(const char *text, const char *want)
{
	struct strbuf got = STRBUF_INIT;

	events_of(text, strlen(text), &got);
	if (strcmp(got.buf, want))
		print_error("got:  %s\nwant: %s\n", got.buf, want);
	assert_string_equal(got.buf, want);
	strbuf_release(&got);
}

static void test_events(void **state)
{
	(void)state;
	expect_events("", ".");
	expect_events("# only a comment\n", ".");
	expect_events("a: [1, ~]\nb: 'x'\n",
		      "{ =a@1:1 [ =1@1:5 ~~@1:8 ] =b@2:1 =x@2:4 } .");
	/* a quoted empty string is a string, not null */
	expect_events("- ''\n- \n- null\n",
		      "[ =@1:3 ~@2:2 ~null@3:3 ] .");
	expect_events("--- Đại Sơn\n...\n", "=Đại Sơn@1:5 .");
}

/*
 * Reading text (len bytes, (size_t)-1: all of it) through the events and
 * through the tree fails with want.
 */
static void expect_refused(const char *text, size_t len, const char *want)
{
	struct yamldoc_reader *r;
	struct yamldoc_node *root = NULL;
	struct yamldoc_event ev;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;
	int rc;

	if (len == (size_t)-1)
		len = strlen(text);
	assert_int_equal(yamldoc_open(&r, "t.yaml", text, len, &err), 0);
	do
		rc = yamldoc_next(r, &ev, &err);
	while (!rc && ev.type != YAMLDOC_DONE);
	yamldoc_close(r);
	assert_int_equal(rc, -1);
	err_format(&err, &msg);
	if (strcmp(msg.buf, want))
		print_error("got:  %s\nwant: %s\n", msg.buf, want);
	assert_string_equal(msg.buf, want);

	err_reset(&err);
	strbuf_reset(&msg);
	assert_int_equal(yamldoc_load("t.yaml", text, len, &root, &err), -1);
	assert_null(root);
	err_format(&err, &msg);
	assert_string_equal(msg.buf, want);
	strbuf_release(&msg);
	err_release(&err);
}

static void test_refused(void **state)
{
	struct strbuf deep = STRBUF_INIT;
	int i;

	(void)state;
	expect_refused("a: [1,\n", (size_t)-1,
		       "t.yaml:2:1: malformed YAML: did not find expected node"
		       " content (while parsing a flow node at line 2,"
		       " column 1)");
	expect_refused("a: \"x\xff\"\n", (size_t)-1,
		       "t.yaml:1:6: malformed YAML: invalid leading UTF-8"
		       " octet (#FF)");
	expect_refused("a: &x 1\nb: *x\n", (size_t)-1,
		       "t.yaml:2:4: aliases are not allowed");
	expect_refused("a: 1\n---\na: 2\n", (size_t)-1,
		       "t.yaml:2:1: more than one YAML document; the file"
		       " holds one");
	/* a NUL in a value is named by its key; in a key or a list, not */
	expect_refused("shift:\n  person: \"a\\0b\"\n", (size_t)-1,
		       "t.yaml:2:11: field 'person': contains a NUL byte");
	expect_refused("{\"a\\0\": 1}\n", (size_t)-1,
		       "t.yaml:1:2: a key contains a NUL byte");
	expect_refused("[\"a\\0\"]\n", (size_t)-1,
		       "t.yaml:1:2: contains a NUL byte");
	/* a key that is no plain name is not repeated */
	expect_refused("\"a b\": \"\\0\"\n", (size_t)-1,
		       "t.yaml:1:8: contains a NUL byte");
	for (i = 0; i < YAMLDOC_MAX_DEPTH + 1; i++)
		strbuf_addch(&deep, '[');
	expect_refused(deep.buf, deep.len,
		       "t.yaml:1:65: nesting deeper than 64 levels");
	strbuf_release(&deep);
}

static void test_tree(void **state)
{
	struct yamldoc_node *root = NULL;
	struct err err = ERR_INIT;
	const char *text = "units:\n  - id: a\n    name: ~\n";

	(void)state;
	assert_int_equal(yamldoc_load("t.yaml", text, strlen(text), &root,
				      &err), 0);
	assert_non_null(root);
	assert_int_equal(root->type, YAMLDOC_MAP);
	assert_int_equal(root->n, 2);
	assert_string_equal(root->kids[0]->value, "units");
	assert_int_equal(root->kids[1]->type, YAMLDOC_SEQ);
	assert_int_equal(root->kids[1]->n, 1);
	assert_int_equal(root->kids[1]->kids[0]->n, 4);
	assert_int_equal(root->kids[1]->kids[0]->line, 2);
	assert_int_equal(root->kids[1]->kids[0]->column, 5);
	assert_true(root->kids[1]->kids[0]->kids[3]->null);
	yamldoc_free(root);
	root = NULL;
	assert_int_equal(yamldoc_load("t.yaml", "", 0, &root, &err), 0);
	assert_null(root);
	assert_int_equal(yamldoc_load("t.yaml", NULL, 0, &root, &err), 0);
	assert_null(root);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
