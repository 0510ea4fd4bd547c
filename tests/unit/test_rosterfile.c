/*
 * Tests of roster files: the good YAML and CSV fixtures read into entries
 * with the line of every value, and each kind of malformed file refused
 * with the one-line error a user would see (file:line, the field, why).
 * Fixture paths are relative to the repository root (the runner's cwd).
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "err.h"
#include "rosterfile.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "infile.h"
#include "banned.h"

/* A whole test file, read as the engine reads files (infile.h). */
static int read_whole(struct strbuf *sb, const char *path)
{
	struct err e = ERR_INIT;
	int rc = infile_read(path, (size_t)64 << 20, sb, &e);

	err_release(&e);
	return rc;
}

#define DATA "tests/data/roster/"

static struct rosterfile *read_ok(const char *path)
{
	struct rosterfile *rf = NULL;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;

	if (rosterfile_read(path, &rf, &err)) {
		err_format(&err, &msg);
		fail_msg("unexpected error: %s", msg.buf);
	}
	assert_non_null(rf);
	err_release(&err);
	strbuf_release(&msg);
	return rf;
}

static struct rosterfile *parse_ok(const char *name, const char *text)
{
	struct rosterfile *rf = NULL;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;

	if (rosterfile_parse(name, text, strlen(text), &rf, &err)) {
		err_format(&err, &msg);
		fail_msg("unexpected error: %s", msg.buf);
	}
	assert_non_null(rf);
	err_release(&err);
	strbuf_release(&msg);
	return rf;
}

/* The whole error line must be `want`. */
static void check_error(int rc, struct rosterfile *rf, struct err *err,
			const char *want)
{
	struct strbuf msg = STRBUF_INIT;

	assert_int_equal(rc, -1);
	assert_null(rf);
	err_format(err, &msg);
	if (strcmp(msg.buf, want))
		fail_msg("error\n  got:  %s\n  want: %s", msg.buf, want);
	strbuf_release(&msg);
	err_release(err);
}

static void file_fails(const char *path, const char *want)
{
	struct rosterfile *rf = NULL;
	struct err err = ERR_INIT;

	check_error(rosterfile_read(path, &rf, &err), rf, &err, want);
}

static void text_fails(const char *name, const char *text, const char *want)
{
	struct rosterfile *rf = NULL;
	struct err err = ERR_INIT;

	check_error(rosterfile_parse(name, text, strlen(text), &rf, &err), rf,
		    &err, want);
}

/* The error line must start with `prefix` (libyaml's own words follow). */
static void text_fails_at(const char *name, const char *text,
			  const char *prefix)
{
	struct rosterfile *rf = NULL;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;

	assert_int_equal(rosterfile_parse(name, text, strlen(text), &rf, &err),
			 -1);
	assert_null(rf);
	err_format(&err, &msg);
	if (strncmp(msg.buf, prefix, strlen(prefix)))
		fail_msg("error\n  got:  %s\n  want: %s...", msg.buf, prefix);
	strbuf_release(&msg);
	err_release(&err);
}

static void check_value(const struct rosterfile_entry *e,
			enum rosterfile_field f, const char *want, int line)
{
	if (!want)
		assert_null(e->value[f]);
	else
		assert_string_equal(e->value[f], want);
	assert_int_equal(e->value_line[f], line);
}

/* ---- good files ---- */

static void test_good_yaml(void **state)
{
	struct rosterfile *rf = read_ok(DATA "good.yaml");
	const struct rosterfile_entry *e;

	(void)state;
	assert_string_equal(rf->file, DATA "good.yaml");
	assert_int_equal(rf->n, 3);
	e = &rf->entries[0];
	assert_int_equal(e->line, 5);
	check_value(e, ROSTERFILE_UNIT, "dai-son", 5);
	check_value(e, ROSTERFILE_ROLE, "truc-su-co", 6);
	check_value(e, ROSTERFILE_PERSON, "Nguyễn Văn An", 7);
	check_value(e, ROSTERFILE_PHONE, "0912 345 678", 8);
	check_value(e, ROSTERFILE_FROM, "2026-05-29 20:00", 9);
	check_value(e, ROSTERFILE_TO, "T+1d 08:00", 10);
	e = &rf->entries[1];
	assert_int_equal(e->line, 11);
	check_value(e, ROSTERFILE_PHONE, "+84 98 765 4321", 14);
	check_value(e, ROSTERFILE_TO, "T+1d", 16);
	/* A flow mapping on one line; no phone: NULL, at the entry's line. */
	e = &rf->entries[2];
	assert_int_equal(e->line, 17);
	check_value(e, ROSTERFILE_UNIT, "so-tai-chinh", 17);
	check_value(e, ROSTERFILE_PERSON, "Lê Văn Cường", 17);
	check_value(e, ROSTERFILE_PHONE, NULL, 17);
	check_value(e, ROSTERFILE_FROM, "T-2h", 17);
	rosterfile_free(rf);
}

static void test_good_csv(void **state)
{
	struct rosterfile *rf = read_ok(DATA "good.csv");
	const struct rosterfile_entry *e;

	(void)state;
	assert_int_equal(rf->n, 2);
	e = &rf->entries[0];
	assert_int_equal(e->line, 2);
	check_value(e, ROSTERFILE_UNIT, "dai-son", 2);
	check_value(e, ROSTERFILE_ROLE, "truc-ho-tro", 2);
	check_value(e, ROSTERFILE_PERSON, "Phạm Thị Dung", 2);
	check_value(e, ROSTERFILE_PHONE, "0912.111.222", 2);
	check_value(e, ROSTERFILE_FROM, "2026-05-29 20:00", 2);
	check_value(e, ROSTERFILE_TO, "2026-05-30 08:00", 2);
	e = &rf->entries[1];
	assert_int_equal(e->line, 3);
	/* A quoted comma stays in the value; an empty phone is none. */
	check_value(e, ROSTERFILE_PERSON, "Hoàng Văn Em, tổ 2", 3);
	check_value(e, ROSTERFILE_PHONE, NULL, 3);
	rosterfile_free(rf);
}

static void test_csv_columns_any_order_and_case(void **state)
{
	struct rosterfile *rf = parse_ok("r.CSV",
		"To, From ,PERSON,Role,unit\r\n"
		"\r\n"
		"T+1d,T-2h,  An  ,truc-su-co,dai-son\r\n");
	const struct rosterfile_entry *e = &rf->entries[0];

	(void)state;
	assert_int_equal(rf->n, 1);
	assert_int_equal(e->line, 3);
	check_value(e, ROSTERFILE_UNIT, "dai-son", 3);
	check_value(e, ROSTERFILE_PERSON, "An", 3);
	check_value(e, ROSTERFILE_PHONE, NULL, 3);
	check_value(e, ROSTERFILE_FROM, "T-2h", 3);
	check_value(e, ROSTERFILE_TO, "T+1d", 3);
	rosterfile_free(rf);
}

static void test_yaml_null_phone_and_yml(void **state)
{
	struct rosterfile *rf = parse_ok("r.yml",
		"shifts:\n"
		"- unit: dai-son\n"
		"  role: truc-su-co\n"
		"  person: An\n"
		"  phone: ~\n"
		"  from: 2026-05-29 20:00\n"
		"  to: T+1d\n");

	(void)state;
	assert_int_equal(rf->n, 1);
	check_value(&rf->entries[0], ROSTERFILE_PHONE, NULL, 5);
	check_value(&rf->entries[0], ROSTERFILE_FROM, "2026-05-29 20:00", 6);
	rosterfile_free(rf);
	assert_string_equal(rosterfile_field_name(ROSTERFILE_FROM), "from");
}

/* ---- malformed files ---- */

static void test_bad_fixtures(void **state)
{
	(void)state;
	file_fails(DATA "bad-missing.yaml",
		   DATA "bad-missing.yaml:7: field 'to': missing");
	file_fails(DATA "bad-unknown-field.yaml",
		   DATA "bad-unknown-field.yaml:6: unknown field 'untill' in"
		   " a shift; expected unit, role, person, phone, from, to");
	file_fails(DATA "bad-alias.yaml",
		   DATA "bad-alias.yaml:8:5: aliases are not allowed");
	file_fails(DATA "bad-nested.yaml",
		   DATA "bad-nested.yaml:4: field 'person': must be a string,"
		   " not a mapping");
	file_fails(DATA "bad-header.csv",
		   DATA "bad-header.csv:1: unknown column 'until'; expected"
		   " unit, role, person, phone, from, to");
	file_fails(DATA "bad-empty-person.csv",
		   DATA "bad-empty-person.csv:4: field 'person': is empty");
	file_fails("tests/data/roster/no-such-file.yaml",
		   "cannot read 'tests/data/roster/no-such-file.yaml': No such"
		   " file or directory");
	file_fails(DATA "duty.lua",
		   DATA "duty.lua: cannot tell the format from the name; a"
		   " roster file ends in .yaml, .yml or .csv");
}

static void test_bad_yaml_syntax(void **state)
{
	struct strbuf text = STRBUF_INIT;

	(void)state;
	/* libyaml's own words follow the location. */
	assert_int_equal(read_whole(&text, DATA "bad-syntax.yaml"), 0);
	text_fails_at(DATA "bad-syntax.yaml", text.buf,
		      DATA "bad-syntax.yaml:4:4: malformed YAML: ");
	strbuf_release(&text);
	text_fails_at("t.yaml", "shifts: [\n  {unit: a\n", "t.yaml:3:");
	text_fails_at("t.yaml", "shifts:\n  - unit: \"a\xff\"\n", "t.yaml:2:");
	text_fails_at("t.yaml", "shifts:\n\t- unit: a\n", "t.yaml:2:");
}

static void test_bad_yaml_shape(void **state)
{
	(void)state;
	text_fails("t.yaml", "- unit: a\n",
		   "t.yaml:1: a roster file is a mapping with a 'shifts'"
		   " list, not a list");
	text_fails("t.yaml", "roster\n",
		   "t.yaml:1: a roster file is a mapping with a 'shifts'"
		   " list, not a string");
	text_fails("t.yaml", "# nothing but\nshift:\n  - unit: a\n",
		   "t.yaml:2: unknown key 'shift'; a roster file holds one"
		   " 'shifts' list");
	text_fails("t.yaml", "version: 1\n",
		   "t.yaml:1: unknown key 'version'; a roster file holds one"
		   " 'shifts' list");
	text_fails("t.yaml", "shifts: none\n",
		   "t.yaml:1: 'shifts' must be a list of shifts, not a string");
	text_fails("t.yaml", "shifts: {unit: a}\n",
		   "t.yaml:1: 'shifts' must be a list of shifts, not a"
		   " mapping");
	text_fails("t.yaml", "shifts:\n  - dai-son\n",
		   "t.yaml:2: each shift must be a mapping of unit, role,"
		   " person, phone, from, to, not a string");
	text_fails("t.yaml", "shifts:\n  - [dai-son]\n",
		   "t.yaml:2: each shift must be a mapping of unit, role,"
		   " person, phone, from, to, not a list");
	text_fails("t.yaml", "shifts: []\nshifts: []\n",
		   "t.yaml:2: 'shifts' given twice (first on line 1)");
	text_fails("t.yaml", "{[a]: 1}\n",
		   "t.yaml:1: a roster file's keys must be names, not a list");
	text_fails("t.yaml", "shifts:\n  - {[unit]: a}\n",
		   "t.yaml:2: a shift's keys must be field names, not a list");
	text_fails("t.yaml", "shifts: []\n---\nshifts: []\n",
		   "t.yaml:2:1: more than one YAML document; the file"
		   " holds one");
	text_fails("t.yaml", "s: &a [1]\nshifts: *a\n",
		   "t.yaml:1: unknown key 's'; a roster file holds one"
		   " 'shifts' list");
	text_fails("t.yaml", "shifts: &a []\nx: *a\n",
		   "t.yaml:2: unknown key 'x'; a roster file holds one"
		   " 'shifts' list");
	text_fails("t.yaml", "shifts:\n  - unit: &u dai-son\n    role: *u\n",
		   "t.yaml:3:11: aliases are not allowed");
}

static void test_bad_yaml_values(void **state)
{
	(void)state;
	text_fails("t.yaml",
		   "shifts:\n"
		   "  - unit: dai-son\n"
		   "    role: truc-su-co\n"
		   "    unit: dai-son\n",
		   "t.yaml:4: field 'unit': given twice (first on line 2)");
	text_fails("t.yaml",
		   "shifts:\n"
		   "  - unit: dai-son\n"
		   "    role: [truc-su-co]\n",
		   "t.yaml:3: field 'role': must be a string, not a list");
	text_fails("t.yaml",
		   "shifts:\n"
		   "  - {unit: a, role: b, person: c, from: T, to: ~}\n",
		   "t.yaml:2: field 'to': is empty");
	text_fails("t.yaml",
		   "shifts:\n"
		   "  - {unit: a, role: b, person: \"c\\td\", from: T, to: T+1h}\n",
		   "t.yaml:2: field 'person': must be one line of text,"
		   " without control characters");
	text_fails("t.yaml",
		   "shifts:\n"
		   "  - unit: a\n"
		   "    role: b\n"
		   "    person: |\n"
		   "      two\n"
		   "      lines\n"
		   "    from: T\n"
		   "    to: T+1h\n",
		   "t.yaml:4: field 'person': must be one line of text,"
		   " without control characters");
	text_fails("t.yaml",
		   "shifts:\n"
		   "  - {unit: \"a\\0b\", role: b, person: c, from: T, to: T}\n",
		   "t.yaml:2:12: field 'unit': contains a NUL byte");
	text_fails("t.yaml",
		   "shifts:\n"
		   "  - {unit: a, role: b, person: c, from: T}\n",
		   "t.yaml:2: field 'to': missing");
	text_fails("t.yaml",
		   "shifts:\n"
		   "  - {\"un\\x01it\": a}\n",
		   "t.yaml:2: unknown field 'un?it' in a shift; expected unit,"
		   " role, person, phone, from, to");
}

static void test_long_value(void **state)
{
	struct strbuf text = STRBUF_INIT;
	size_t i;

	(void)state;
	strbuf_adds(&text, "shifts:\n  - unit: a\n    role: b\n    person: ");
	for (i = 0; i <= ROSTERFILE_MAX_VALUE; i++)
		strbuf_addch(&text, 'x');
	strbuf_adds(&text, "\n    from: T\n    to: T+1h\n");
	text_fails("t.yaml", text.buf,
		   "t.yaml:4: field 'person': longer than 200 bytes");
	strbuf_reset(&text);
	strbuf_adds(&text, "unit,role,person,from,to\na,b,");
	for (i = 0; i <= ROSTERFILE_MAX_VALUE; i++)
		strbuf_addch(&text, 'x');
	strbuf_adds(&text, ",T,T+1h\n");
	text_fails("t.csv", text.buf,
		   "t.csv:2: field 'person': longer than 200 bytes");
	strbuf_release(&text);
}

static void test_bad_csv(void **state)
{
	(void)state;
	text_fails("t.csv", "unit,role,person,phone,from\na,b,c,d,T\n",
		   "t.csv:1: field 'to': no such column in the header");
	text_fails("t.csv", "\n\nunit,role,person,from,to,note\n",
		   "t.csv:3: unknown column 'note'; expected unit, role,"
		   " person, phone, from, to");
	text_fails("t.csv", "unit,role,person,from,to\n,b,c,T,T+1h\n",
		   "t.csv:2: field 'unit': is empty");
	text_fails("t.csv", "unit,role,person,from,to\na,b,c,T,\x01\n",
		   "t.csv:2: field 'to': must be one line of text, without"
		   " control characters");
	/* A quoted line break is a second line, not a second shift. */
	text_fails("t.csv", "unit,role,person,from,to\na,b,\"c\nd\",T,T+1h\n",
		   "t.csv:2: field 'person': must be one line of text,"
		   " without control characters");
	/* The CSV reader's own errors come through with their place. */
	text_fails_at("t.csv", "unit,role,person,from,to\na,b,c,T\n",
		      "t.csv:2:");
}

static void test_no_shift(void **state)
{
	(void)state;
	text_fails("t.yaml", "", "t.yaml: no shift in the file");
	text_fails("t.yaml", "# only a comment\n", "t.yaml: no shift in the file");
	text_fails("t.yaml", "shifts: []\n", "t.yaml: no shift in the file");
	text_fails("t.yaml", "shifts:\n", "t.yaml: no shift in the file");
	text_fails("t.csv", "unit,role,person,phone,from,to\n",
		   "t.csv: no shift in the file");
	text_fails("t.txt", "shifts: []\n",
		   "t.txt: cannot tell the format from the name; a roster"
		   " file ends in .yaml, .yml or .csv");
	text_fails(".yaml", "shifts: []\n",
		   ".yaml: cannot tell the format from the name; a roster"
		   " file ends in .yaml, .yml or .csv");
}

static void test_too_many_entries(void **state)
{
	struct strbuf text = STRBUF_INIT;
	struct rosterfile *rf;
	size_t i;

	(void)state;
	strbuf_adds(&text, "unit,role,person,from,to\n");
	for (i = 0; i < ROSTERFILE_MAX_ENTRIES; i++)
		strbuf_adds(&text, "a,b,c,T,T+1h\n");
	rf = parse_ok("t.csv", text.buf);
	assert_int_equal(rf->n, ROSTERFILE_MAX_ENTRIES);
	rosterfile_free(rf);
	strbuf_adds(&text, "a,b,c,T,T+1h\n");
	text_fails("t.csv", text.buf,
		   "t.csv:20002: more than 20000 shifts; split the file");

	strbuf_reset(&text);
	strbuf_adds(&text, "shifts:\n");
	for (i = 0; i <= ROSTERFILE_MAX_ENTRIES; i++)
		strbuf_adds(&text, "- {unit: a, role: b, person: c, from: T,"
			    " to: T+1h}\n");
	text_fails("t.yaml", text.buf,
		   "t.yaml:20002: more than 20000 shifts; split the file");
	strbuf_release(&text);
}

static void test_too_large(void **state)
{
	struct rosterfile *rf = NULL;
	struct err err = ERR_INIT;
	char *big = calloc(ROSTERFILE_MAX_BYTES + 1, 1);

	(void)state;
	assert_non_null(big);
	memset(big, ' ', ROSTERFILE_MAX_BYTES);
	check_error(rosterfile_parse("t.yaml", big, ROSTERFILE_MAX_BYTES + 1,
				     &rf, &err),
		    rf, &err, "t.yaml: larger than 8 MiB; split the file");
	free(big);
}

static void test_deep_nesting(void **state)
{
	struct strbuf text = STRBUF_INIT;
	size_t i;

	(void)state;
	strbuf_adds(&text, "shifts: ");
	for (i = 0; i < 10000; i++)
		strbuf_addch(&text, '[');
	text_fails("t.yaml", text.buf,
		   "t.yaml:1: each shift must be a mapping of unit, role,"
		   " person, phone, from, to, not a list");
	strbuf_reset(&text);
	strbuf_adds(&text, "shifts:\n  - person: ");
	for (i = 0; i < 10000; i++)
		strbuf_adds(&text, "{a: ");
	text_fails("t.yaml", text.buf,
		   "t.yaml:2: field 'person': must be a string, not a mapping");
	strbuf_release(&text);
}

/* Every prefix of the good files fails cleanly or parses: no crash. */
static void test_truncated_inputs(void **state)
{
	static const char *const files[] = { DATA "good.yaml", DATA "good.csv" };
	struct strbuf text = STRBUF_INIT;
	struct rosterfile *rf;
	size_t f, len;

	(void)state;
	for (f = 0; f < 2; f++) {
		strbuf_reset(&text);
		assert_int_equal(read_whole(&text, files[f]), 0);
		for (len = 0; len <= text.len; len++) {
			struct err err = ERR_INIT;
			int rc = rosterfile_parse(files[f], text.buf, len, &rf,
						  &err);

			if (rc) {
				assert_int_equal(rc, -1);
				assert_null(rf);
				assert_true(err_is_set(&err));
			} else {
				assert_true(rf->n >= 1);
				rosterfile_free(rf);
			}
			err_release(&err);
		}
	}
	strbuf_release(&text);
	rosterfile_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_yaml),
		cmocka_unit_test(test_good_csv),
		cmocka_unit_test(test_csv_columns_any_order_and_case),
		cmocka_unit_test(test_yaml_null_phone_and_yml),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_bad_yaml_syntax),
		cmocka_unit_test(test_bad_yaml_shape),
		cmocka_unit_test(test_bad_yaml_values),
		cmocka_unit_test(test_long_value),
		cmocka_unit_test(test_bad_csv),
		cmocka_unit_test(test_no_shift),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_truncated_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
