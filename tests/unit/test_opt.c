/*
 * Unit tests for the option table (opt.h) and did-you-mean (suggest.h):
 * what a user types in the orders git users type it, every usage error
 * with the words they read, and the usage and help that come from the
 * same rows.
 */
#include "err.h"
#include "fold.h"
#include "opt.h"
#include "strbuf.h"
#include "suggest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

struct sign_opts {
	const char *by, *comment, *task;
	struct opt_list evidence;
	int force, json, decision;
};

#define SIGN_SPEC(o) { \
	{ OPT_VALUE, "by", 'b', &(o).by, "NAME", "who signs", OPT_REQUIRED, 0 }, \
	{ OPT_LIST, "evidence", 'e', &(o).evidence, "FIELD=VALUE", "a value", 0, 0 }, \
	{ OPT_VALUE, "comment", 0, &(o).comment, "TEXT", "a comment", 0, 0 }, \
	{ OPT_SWITCH, "force", 0, &(o).force, NULL, "force it", 0, 0 }, \
	{ OPT_SWITCH, "go", 0, &(o).decision, NULL, "go", 0, 1 }, \
	{ OPT_SWITCH, "no-go", 0, &(o).decision, NULL, "no-go", 0, 2 }, \
	{ OPT_SWITCH, "json", 0, &(o).json, NULL, "as JSON", OPT_GLOBAL, 0 }, \
	{ OPT_ARG, "TASK", 0, &(o).task, NULL, "the task", OPT_REQUIRED, 0 }, \
	{ OPT_END, NULL, 0, NULL, NULL, NULL, 0, 0 } \
}

/* Parses argv (NULL-terminated); returns opt_parse's result, err's line. */
static int parse(struct sign_opts *o, struct strbuf *msg, ...)
{
	struct opt_spec spec[] = SIGN_SPEC(*o);
	struct err err = ERR_INIT;
	char *argv[32];
	va_list ap;
	int argc = 0, rc;

	memset(o, 0, sizeof(*o));
	argv[argc++] = (char *)"sign";
	va_start(ap, msg);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	rc = opt_parse(spec, "sign", argc, argv, &err);
	strbuf_reset(msg);
	if (err_is_set(&err)) {
		err_format(&err, msg);
		assert_true(err.usage);
	}
	err_release(&err);
	return rc;
}

static void test_options_anywhere(void **state)
{
	struct sign_opts o;
	struct strbuf msg = STRBUF_INIT;

	(void)state;
	assert_int_equal(parse(&o, &msg, "focal@chu", "--by", "Hà",
			       "--evidence=a=1", "-e", "b=2", "--force",
			       "--json", NULL), 0);
	assert_string_equal(o.task, "focal@chu");
	assert_string_equal(o.by, "Hà");
	assert_int_equal(o.evidence.n, 2);
	assert_string_equal(o.evidence.v[0], "a=1");
	assert_string_equal(o.evidence.v[1], "b=2");
	assert_int_equal(o.force, 1);
	assert_int_equal(o.json, 1);
	opt_list_release(&o.evidence);

	/* -bNAME, and an argument that looks like an option after "--". */
	assert_int_equal(parse(&o, &msg, "-bAn", "--", "--odd", NULL), 0);
	assert_string_equal(o.by, "An");
	assert_string_equal(o.task, "--odd");
	/* The last value of a single-valued option wins, as in git. */
	assert_int_equal(parse(&o, &msg, "--by", "A", "--by=B", "t", NULL),
			 0);
	assert_string_equal(o.by, "B");
	/* A value may itself start with a dash. */
	assert_int_equal(parse(&o, &msg, "--comment", "-x", "--by", "A", "t",
			       NULL), 0);
	assert_string_equal(o.comment, "-x");
	strbuf_release(&msg);
}

static void test_usage_errors(void **state)
{
	struct sign_opts o;
	struct strbuf msg = STRBUF_INIT;

	(void)state;
	assert_int_equal(parse(&o, &msg, "--by", "A", NULL), -1);
	assert_string_equal(msg.buf, "'sign' needs TASK; see 'cutover sign"
			    " --help'");
	assert_int_equal(parse(&o, &msg, "t", NULL), -1);
	assert_string_equal(msg.buf, "'sign' needs --by NAME; see 'cutover"
			    " sign --help'");
	assert_int_equal(parse(&o, &msg, "--by", "A", "t", "u", NULL), -1);
	assert_string_equal(msg.buf, "unexpected argument 'u'; see 'cutover"
			    " sign --help'");
	assert_int_equal(parse(&o, &msg, "t", "--by", NULL), -1);
	assert_string_equal(msg.buf, "option '--by' needs a value; see"
			    " 'cutover sign --help'");
	assert_int_equal(parse(&o, &msg, "t", "--force=yes", NULL), -1);
	assert_string_equal(msg.buf, "option '--force' takes no value; see"
			    " 'cutover sign --help'");
	assert_int_equal(parse(&o, &msg, "t", "--go", "--no-go", NULL), -1);
	assert_string_equal(msg.buf, "'--go' and '--no-go' cannot be used"
			    " together; see 'cutover sign --help'");
	/* The same alternative twice is no conflict. */
	assert_int_equal(parse(&o, &msg, "t", "--by", "A", "--no-go",
			       "--no-go", NULL), 0);
	assert_int_equal(o.decision, 2);
	strbuf_release(&msg);
}

static void test_unknown_option_suggests(void **state)
{
	struct sign_opts o;
	struct strbuf msg = STRBUF_INIT;

	(void)state;
	assert_int_equal(parse(&o, &msg, "t", "--evidnce", "a=1", NULL), -1);
	assert_string_equal(msg.buf, "unknown option '--evidnce' for 'sign';"
			    " did you mean '--evidence'?");
	assert_int_equal(parse(&o, &msg, "t", "--frobnicate", NULL), -1);
	assert_string_equal(msg.buf, "unknown option '--frobnicate'; see"
			    " 'cutover sign --help'");
	assert_int_equal(parse(&o, &msg, "t", "-z", NULL), -1);
	assert_string_equal(msg.buf, "unknown option '-z'; see 'cutover sign"
			    " --help'");
	strbuf_release(&msg);
}

static void test_help_wins(void **state)
{
	struct sign_opts o;
	struct strbuf msg = STRBUF_INIT;

	(void)state;
	/* --help anywhere before "--", even with other mistakes around. */
	assert_int_equal(parse(&o, &msg, "--nope", "--help", NULL), OPT_HELP);
	assert_int_equal(parse(&o, &msg, "-h", NULL), OPT_HELP);
	assert_int_equal(parse(&o, &msg, "--by", "A", "--", "--help", NULL),
			 0);
	assert_string_equal(o.task, "--help");
	strbuf_release(&msg);
}

static void test_usage_and_help_text(void **state)
{
	struct sign_opts o;
	struct opt_spec spec[] = SIGN_SPEC(o);
	struct strbuf out = STRBUF_INIT;

	(void)state;
	opt_usage(&out, "sign", spec, 80);
	assert_string_equal(out.buf,
		"usage: cutover sign --by NAME [--evidence FIELD=VALUE]..."
		" [--comment TEXT]\n"
		"                    [--force] [--go|--no-go] TASK\n");
	strbuf_reset(&out);
	opt_help(&out, spec);
	assert_string_equal(out.buf,
		"Arguments:\n"
		"  TASK  the task\n"
		"\n"
		"Options:\n"
		"  -b, --by NAME               who signs\n"
		"  -e, --evidence FIELD=VALUE  a value\n"
		"      --comment TEXT          a comment\n"
		"      --force                 force it\n"
		"      --go                    go\n"
		"      --no-go                 no-go\n"
		"\n"
		"Global options:\n"
		"  --json  as JSON\n");
	strbuf_reset(&out);
	opt_complete(&out, spec);
	assert_string_equal(out.buf, "--by=\n--evidence=\n--comment=\n"
			    "--force\n--go\n--no-go\n--json\n");
	strbuf_release(&out);
}

static void check_suggestion(const char *typed, const char *const *cands,
			     const char *want)
{
	struct suggest s;
	struct strbuf out = STRBUF_INIT;

	suggest_init(&s, typed);
	for (; *cands; cands++)
		suggest_offer(&s, *cands);
	suggest_format(&s, &out);
	assert_string_equal(out.buf, want);
	suggest_release(&s);
	strbuf_release(&out);
}

static void test_suggest(void **state)
{
	static const char *const commands[] = {
		"status", "start", "step", "sign", "skip", "next", "verify",
		"report", "roster", NULL
	};
	static const char *const tasks[] = {
		"focal-point@chu", "focal-point@dai-son", "fee-review@chu",
		NULL
	};

	(void)state;
	check_suggestion("stauts", commands, "did you mean 'status'?");
	check_suggestion("nxt", commands, "did you mean 'next'?");
	check_suggestion("sgin", commands, "did you mean 'sign'?");
	check_suggestion("stat", commands, "did you mean one of 'start',"
			 " 'status'?");
	check_suggestion("xyzzy", commands, "");
	check_suggestion("s", commands, "");
	check_suggestion("focal-pont@chu", tasks,
			 "did you mean 'focal-point@chu'?");
	assert_int_equal(suggest_distance("abc", "abc", 3), 0);
	assert_int_equal(suggest_distance("ab", "ba", 3), 1);
	assert_int_equal(suggest_distance("kitten", "sitting", 5), 3);
	assert_int_equal(suggest_distance("a", "abcdefgh", 2), 3);
}

static void check_fold(const char *in, const char *want)
{
	struct strbuf out = STRBUF_INIT;

	assert_int_equal(fold_text(&out, in), 0);
	assert_string_equal(out.buf, want);
	strbuf_release(&out);
}

static void test_fold(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	check_fold("Xã Đại Sơn", "xa dai son");
	check_fold("  XA-DAI_SON. ", "xa dai son");
	check_fold("dai-son", "dai son");
	/* Decomposed input (NFD, as macOS writes it) folds the same. */
	check_fold("Xa\xcc\x83 \xc4\x90" "a\xcc\xa3i So\xcc\x9bn", "xa dai son");
	check_fold("Phường Phượng Sơn", "phuong phuong son");
	check_fold("Sở Tài chính", "so tai chinh");
	check_fold("", "");
	assert_int_equal(fold_text(&out, "bad \xff byte"), -1);
	assert_int_equal(out.len, 0);
	strbuf_release(&out);
}

static long resolve(const char *typed, size_t *nmatches, struct strbuf *hint)
{
	static const struct suggest_name units[] = {
		{ "dai-son", "Xã Đại Sơn" },
		{ "son-dong", "Xã Sơn Động" },
		{ "phuong-son", "Phường Phượng Sơn" },
		{ "so-tai-chinh", "Sở Tài chính" },
		{ "ca-dai-son", "Công an xã Đại Sơn" },
		{ "chu", "Phường Chũ" },
	};
	struct suggest near;
	size_t *matches = NULL;
	long r;

	suggest_init(&near, typed);
	r = suggest_resolve(typed, units, sizeof(units) / sizeof(units[0]),
			    &matches, nmatches, &near);
	strbuf_reset(hint);
	suggest_format(&near, hint);
	suggest_release(&near);
	free(matches);
	return r;
}

static void test_resolve(void **state)
{
	struct strbuf hint = STRBUF_INIT;
	size_t n;

	(void)state;
	assert_int_equal(resolve("dai-son", &n, &hint), 0);
	assert_int_equal(resolve("Xã Đại Sơn", &n, &hint), 0);
	assert_int_equal(resolve("xa dai son", &n, &hint), 0);
	assert_int_equal(resolve("DAI SON", &n, &hint), 0);
	assert_int_equal(resolve("sở tài chính", &n, &hint), 3);
	assert_int_equal(resolve("Tài chính", &n, &hint), 3);
	assert_int_equal(resolve("chu", &n, &hint), 5);
	assert_int_equal(resolve("Chũ", &n, &hint), 5);
	/* "Đại Sơn" folds to the commune's id, before it ends its police's
	 * name; "Sơn" ends three names. */
	assert_int_equal(resolve("Đại Sơn", &n, &hint), 0);
	assert_int_equal(resolve("Sơn", &n, &hint), SUGGEST_AMBIGUOUS);
	assert_int_equal(n, 3);
	assert_int_equal(resolve("công an xã đại sơn", &n, &hint), 4);
	/* Whole words inside a name, when nothing ends with them. */
	assert_int_equal(resolve("Tài", &n, &hint), 3);
	assert_int_equal(resolve("Phường", &n, &hint), SUGGEST_AMBIGUOUS);
	assert_int_equal(resolve("dai-sonn", &n, &hint), SUGGEST_NONE);
	assert_string_equal(hint.buf, "did you mean 'dai-son'?");
	assert_int_equal(resolve("nowhere", &n, &hint), SUGGEST_NONE);
	assert_string_equal(hint.buf, "");
	strbuf_release(&hint);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_anywhere),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_unknown_option_suggests),
		cmocka_unit_test(test_help_wins),
		cmocka_unit_test(test_usage_and_help_text),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_resolve),
	};

	return cmocka_run_group_tests_name("opt", tests, NULL, NULL);
}
