/*
 * Tests of the unit registry: good registries in both YAML styles, lookups,
 * every kind of bad input with the exact one-line error a user would see
 * (file:line:column, unit, field, message), pathological nesting, mangled
 * inputs that must fail cleanly, and the bundled Bắc Ninh registry.
 * Fixture paths are relative to the repository root (the runner's cwd).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/*
 * cmocka's fail() macro would swallow err.h's fail(), and its fail_msg()
 * expands to fail(): these tests stop through _fail() directly.
 */
#undef fail
#undef fail_msg
#define fail_msg(...) \
	do { \
		print_error(__VA_ARGS__); \
		print_error("\n"); \
		_fail(__FILE__, __LINE__); \
	} while (0)

#include "err.h"
#include "strbuf.h"
#include "units.h"
#include "xalloc.h"
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

#define DATA "tests/data/units/"

static struct unit_registry *parse_ok_text(const char *text)
{
	struct unit_registry *reg = NULL;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;

	if (units_parse("t.yaml", text, strlen(text), &reg, &err)) {
		err_format(&err, &msg);
		fail_msg("unexpected error: %s", msg.buf);
	}
	assert_non_null(reg);
	err_release(&err);
	strbuf_release(&msg);
	return reg;
}

static struct unit_registry *parse_ok_file(const char *path)
{
	struct unit_registry *reg = NULL;
	struct err err = ERR_INIT;
	struct strbuf text = STRBUF_INIT, msg = STRBUF_INIT;

	if (read_whole(&text, path))
		fail_msg("cannot read %s", path);
	if (units_parse(path, text.buf, text.len, &reg, &err)) {
		err_format(&err, &msg);
		fail_msg("unexpected error: %s", msg.buf);
	}
	assert_non_null(reg);
	err_release(&err);
	strbuf_release(&text);
	strbuf_release(&msg);
	return reg;
}

/* Parses (file, text, len), which must fail with exactly `expected`. */
static void expect_error_len(const char *file, const char *text, size_t len,
			     const char *expected)
{
	struct unit_registry *reg = (struct unit_registry *)&reg;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;

	assert_int_equal(units_parse(file, text, len, &reg, &err), -1);
	assert_null(reg);
	err_format(&err, &msg);
	assert_string_equal(msg.buf, expected);
	strbuf_release(&msg);
	err_release(&err);
}

static void expect_error(const char *text, const char *expected)
{
	expect_error_len("t.yaml", text, strlen(text), expected);
}

static void expect_file_error(const char *path, const char *expected)
{
	struct strbuf text = STRBUF_INIT;

	if (read_whole(&text, path))
		fail_msg("cannot read %s", path);
	expect_error_len(path, text.buf, text.len, expected);
	strbuf_release(&text);
}

static const char *contact(const struct unit *u, const char *key)
{
	size_t i;

	for (i = 0; i < u->ncontacts; i++)
		if (!strcmp(u->contacts[i].key, key))
			return u->contacts[i].value;
	return NULL;
}

static void test_block_style(void **state)
{
	struct unit_registry *reg = parse_ok_file(DATA "good-block.yaml");
	const struct unit *u;

	(void)state;
	assert_int_equal(reg->n, 4);
	assert_string_equal(reg->file, DATA "good-block.yaml");

	u = &reg->units[0];
	assert_string_equal(u->id, "ttpvhcc");
	assert_string_equal(u->name, "Trung tâm Phục vụ hành chính công tỉnh");
	assert_string_equal(u->kind, "office");
	assert_null(u->code);
	assert_null(u->parent);
	assert_null(u->police);
	assert_int_equal(u->line, 3);
	assert_int_equal(u->ncontacts, 2);
	assert_string_equal(u->contacts[0].key, "phone");
	assert_string_equal(u->contacts[0].value, "0222 3 123 456");
	assert_string_equal(u->contacts[1].key, "email");
	assert_string_equal(u->contacts[1].value, "ttpvhcc@example.vn");

	u = &reg->units[1];
	assert_string_equal(u->name, "Công an tỉnh Bắc Ninh");
	assert_null(u->code);
	assert_int_equal(u->ncontacts, 0);
	assert_null(u->contacts);

	u = &reg->units[2];
	assert_string_equal(u->id, "dai-son");
	assert_string_equal(u->name, "Xã Đại Sơn");
	assert_string_equal(u->code, "07627");
	assert_string_equal(u->parent, "ttpvhcc");
	assert_string_equal(u->police, "ca-dai-son");
	assert_string_equal(contact(u, "phone"), "0911 000 111");
	assert_int_equal(u->line, 14);

	u = &reg->units[3];
	assert_string_equal(u->name, "Công an xã Đại Sơn");
	assert_null(u->code);  /* `code:` with no value is null */
	assert_null(u->contacts);
	units_free(reg);
}

static void test_flow_style(void **state)
{
	struct unit_registry *reg = parse_ok_file(DATA "good-flow.yaml");

	(void)state;
	assert_int_equal(reg->n, 3);
	assert_string_equal(reg->units[0].name, "Phường Chũ");
	assert_string_equal(reg->units[0].code, "07525");
	assert_string_equal(reg->units[0].police, "ca-chu");
	assert_int_equal(reg->units[0].line, 2);
	assert_string_equal(reg->units[1].parent, "cong-an-tinh");
	assert_null(reg->units[2].code);
	units_free(reg);
}

static void test_scalars(void **state)
{
	/* A quoted "null" is a string, an unquoted 07627 keeps its text. */
	struct unit_registry *reg = parse_ok_text(
		"units:\n"
		"  - {id: a, name: \"null\", kind: k, code: 07627}\n"
		"  - {id: b, name: 'it''s', kind: k, code: !!null '', contacts: {fax: ~, tel: 1}}\n"
		"  - id: c\n"
		"    name: |\n"
		"      two\n"
		"      lines\n"
		"    kind: k\n");

	(void)state;
	assert_string_equal(reg->units[0].name, "null");
	assert_string_equal(reg->units[0].code, "07627");
	assert_string_equal(reg->units[1].name, "it's");
	assert_null(reg->units[1].code);
	assert_int_equal(reg->units[1].ncontacts, 1);
	assert_string_equal(contact(&reg->units[1], "tel"), "1");
	assert_null(contact(&reg->units[1], "fax"));
	assert_string_equal(reg->units[2].name, "two\nlines\n");
	units_free(reg);
}

static void test_find(void **state)
{
	struct unit_registry *reg = parse_ok_text(
		"units:\n"
		"  - {id: m, name: M, kind: k}\n"
		"  - {id: b, name: B, kind: k}\n"
		"  - {id: z, name: Z, kind: k, parent: m}\n"
		"  - {id: a, name: A, kind: k}\n"
		"  - {id: a-1, name: A1, kind: k}\n");
	size_t i;

	(void)state;
	for (i = 0; i < reg->n; i++)
		assert_ptr_equal(units_find(reg, reg->units[i].id), &reg->units[i]);
	assert_string_equal(units_find(reg, "z")->name, "Z");
	assert_null(units_find(reg, "c"));
	assert_null(units_find(reg, ""));
	assert_null(units_find(reg, "zz"));
	assert_null(units_find(reg, "0"));
	assert_null(units_find(reg, NULL));
	assert_null(units_find(NULL, "a"));
	units_free(reg);
	units_free(NULL);
}

static void test_valid_id(void **state)
{
	char id[80];

	(void)state;
	assert_true(units_valid_id("a"));
	assert_true(units_valid_id("0"));
	assert_true(units_valid_id("dai-son"));
	assert_true(units_valid_id("ca-dai-son-2"));
	assert_true(units_valid_id("a-"));
	assert_false(units_valid_id(NULL));
	assert_false(units_valid_id(""));
	assert_false(units_valid_id("-a"));
	assert_false(units_valid_id("Dai"));
	assert_false(units_valid_id("dai son"));
	assert_false(units_valid_id("dai_son"));
	assert_false(units_valid_id("đại"));
	memset(id, 'a', 64);
	id[64] = '\0';
	assert_true(units_valid_id(id));
	id[64] = 'a';
	id[65] = '\0';
	assert_false(units_valid_id(id));
}

static void test_bad_files(void **state)
{
	(void)state;
	expect_file_error(DATA "bad-syntax.yaml",
		DATA "bad-syntax.yaml:5:1: malformed YAML: found unexpected end of stream "
		"(while scanning a quoted scalar at line 3, column 11)");
	expect_file_error(DATA "bad-unknown-field.yaml",
		DATA "bad-unknown-field.yaml:5:5: unit 'dai-son': "
		"unknown field 'polic'");
	expect_file_error(DATA "bad-dangling-police.yaml",
		DATA "bad-dangling-police.yaml:3:64: unit 'son-dong': "
		"field 'police': police 'ca-son-dong' names no unit");
	expect_file_error(DATA "bad-duplicate.yaml",
		DATA "bad-duplicate.yaml:10:9: unit 'dai-son': field 'id': "
		"duplicate id 'dai-son' (first at line 2)");
	expect_file_error(DATA "empty.yaml", DATA "empty.yaml:1:1: no units");
}

static void test_malformed_yaml(void **state)
{
	(void)state;
	expect_error("units: [a, b\n",
		"t.yaml:2:1: malformed YAML: did not find expected ',' or ']' "
		"(while parsing a flow sequence at line 1, column 8)");
	expect_error("units:\n  - id: a\n name: b\n",
		"t.yaml:3:2: malformed YAML: did not find expected key "
		"(while parsing a block mapping at line 1, column 1)");
	expect_error("units:\n\t- {id: a}\n",
		"t.yaml:2:1: malformed YAML: found character that cannot start any token "
		"(while scanning for the next token at line 2, column 1)");
	expect_error("units:\n  - {id: \"a\xff\"}\n",
		"t.yaml:2:12: malformed YAML: invalid leading UTF-8 octet (#FF)");
	expect_error("units: \x01\n",
		"t.yaml:1:8: malformed YAML: control characters are not allowed (#1)");
	expect_error("units: []\n---\nunits: []\n",
		"t.yaml:2:1: more than one YAML document; the file holds one");
	expect_error("units:\n  - &a {id: a, name: A, kind: k}\n  - *a\n",
		"t.yaml:3:5: aliases are not allowed");
	expect_error_len("t.yaml", "units:\n  - {id: a, name: \"x\\0y\", kind: k}\n",
		42, "t.yaml:2:19: field 'name': contains a NUL byte");
	/* a NUL byte in the input itself */
	expect_error_len("t.yaml", "units: [\0]\n", 11,
		"t.yaml:1:9: malformed YAML: control characters are not allowed (#0)");
}

static void test_missing_fields(void **state)
{
	(void)state;
	expect_error("units:\n  - name: A\n    kind: k\n",
		"t.yaml:2:5: unit 1: field 'id': missing required field");
	expect_error("units:\n  - {id: a, name: A, kind: k}\n  - {id: b, kind: k}\n",
		"t.yaml:3:5: unit 'b': field 'name': missing required field");
	expect_error("units:\n  - {id: a, name: A, kind: ~}\n",
		"t.yaml:2:5: unit 'a': field 'kind': missing required field");
	expect_error("units:\n  - {id: null, name: A, kind: k}\n",
		"t.yaml:2:5: unit 1: field 'id': missing required field");
	expect_error("version: 1\n",
		"t.yaml:1:1: unknown field 'version'");
	expect_error("{}\n",
		"t.yaml:1:1: field 'units': missing required field");
}

static void test_no_units(void **state)
{
	(void)state;
	expect_error("", "t.yaml:1:1: no units");
	expect_error("# only a comment\n", "t.yaml:1:1: no units");
	expect_error("---\n", "t.yaml:2:1: no units");
	expect_error("units:\n", "t.yaml:1:7: no units");
	expect_error("units: []\n", "t.yaml:1:8: no units");
	expect_error_len("t.yaml", NULL, 0, "t.yaml:1:1: no units");
}

static void test_unknown_and_duplicate_fields(void **state)
{
	(void)state;
	expect_error("units:\n  - {id: a, name: A, kind: k, polic: ca-a}\n",
		"t.yaml:2:31: unit 'a': unknown field 'polic'");
	expect_error("units:\n  - {polic: ca-a, id: a, name: A, kind: k}\n",
		"t.yaml:2:6: unit 'a': unknown field 'polic'");
	expect_error("units:\n  - {id: a, name: A, name: B, kind: k}\n",
		"t.yaml:2:22: unit 'a': duplicate field 'name'");
	expect_error("units:\n  - {id: a, name: A, kind: k, contacts: {tel: 1, tel: 2}}\n",
		"t.yaml:2:50: unit 'a': field 'contacts': duplicate contact 'tel'");
	expect_error("units: [{id: a, name: A, kind: k}]\nunits: []\n",
		"t.yaml:2:1: duplicate field 'units'");
	expect_error("units: [{id: a, name: A, kind: k}]\nversion: 2\n",
		"t.yaml:2:1: unknown field 'version'");
	/* control bytes in a key do not reach the terminal */
	expect_error("units:\n  - {id: a, name: A, kind: k, \"x\\ey\": 1}\n",
		"t.yaml:2:31: unit 'a': unknown field 'x?y'");
}

static void test_bad_ids(void **state)
{
	(void)state;
	expect_error("units:\n  - {id: Dai Son, name: A, kind: k}\n",
		"t.yaml:2:10: unit 1: field 'id': 'Dai Son' is not a valid id");
	expect_error("units:\n  - {id: \"\", name: A, kind: k}\n",
		"t.yaml:2:10: unit 1: field 'id': '' is not a valid id");
	expect_error("units:\n  - {id: a, name: A, kind: Commune}\n",
		"t.yaml:2:28: unit 'a': field 'kind': 'Commune' is not a valid kind");
	expect_error("units:\n  - {id: a, name: \"\", kind: k}\n",
		"t.yaml:2:19: unit 'a': field 'name': empty value");
	expect_error("units:\n  - {id: "
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		", name: A, kind: k}\n",
		"t.yaml:2:10: unit 1: field 'id': "
		"'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'"
		" is not a valid id");
}

static void test_duplicates_and_references(void **state)
{
	(void)state;
	expect_error("units:\n"
		"  - {id: a, name: A, kind: k}\n"
		"  - {id: b, name: B, kind: k}\n"
		"  - {id: b, name: B2, kind: k}\n"
		"  - {id: a, name: A2, kind: k}\n",
		"t.yaml:4:10: unit 'b': field 'id': duplicate id 'b' (first at line 3)");
	expect_error("units:\n  - {id: a, name: A, kind: k, parent: x}\n",
		"t.yaml:2:39: unit 'a': field 'parent': parent 'x' names no unit");
	expect_error("units:\n  - {id: a, name: A, kind: k, police: ca-x}\n",
		"t.yaml:2:39: unit 'a': field 'police': police 'ca-x' names no unit");
	expect_error("units:\n  - {id: a, name: A, kind: k, parent: a}\n",
		"t.yaml:2:39: unit 'a': field 'parent': parent 'a' makes a cycle");
	expect_error("units:\n"
		"  - {id: r, name: R, kind: k}\n"
		"  - {id: a, name: A, kind: k, parent: b}\n"
		"  - {id: b, name: B, kind: k, parent: c}\n"
		"  - {id: c, name: C, kind: k, parent: a}\n",
		"t.yaml:5:39: unit 'c': field 'parent': parent 'a' makes a cycle");
}

static void test_wrong_types(void **state)
{
	(void)state;
	expect_error("units:\n  - {id: a, name: [x, y], kind: k}\n",
		"t.yaml:2:19: unit 'a': field 'name': expected a string, found a sequence");
	expect_error("units:\n  - id: [a]\n    name: A\n    kind: k\n",
		"t.yaml:2:9: unit 1: field 'id': expected a string, found a sequence");
	expect_error("units:\n  - {id: a, name: A, kind: {x: y}}\n",
		"t.yaml:2:28: unit 'a': field 'kind': expected a string, found a mapping");
	expect_error("units:\n  - {id: a, name: A, kind: k, contacts: [tel]}\n",
		"t.yaml:2:41: unit 'a': field 'contacts': expected a mapping, found a sequence");
	expect_error("units:\n  - {id: a, name: A, kind: k, contacts: {tel: [1]}}\n",
		"t.yaml:2:47: unit 'a': field 'contacts.tel': expected a string, found a sequence");
	expect_error("units:\n  - {id: a, name: A, kind: k, contacts: {[x]: 1}}\n",
		"t.yaml:2:42: unit 'a': field 'contacts': expected a contact name, found a sequence");
	expect_error("units:\n  - {id: a, name: A, kind: k, [x]: 1}\n",
		"t.yaml:2:31: unit 'a': expected a field name, found a sequence");
	expect_error("units:\n  - dai-son\n",
		"t.yaml:2:5: unit 1: expected a mapping, found a string");
	expect_error("units: {id: a}\n",
		"t.yaml:1:8: field 'units': expected a sequence, found a mapping");
	expect_error("- units\n",
		"t.yaml:1:1: expected a mapping with a 'units' key, found a sequence");
	expect_error("units\n",
		"t.yaml:1:1: expected a mapping with a 'units' key, found a string");
}

static char *repeat(const char *head, const char *unit, size_t times,
		    const char *tail)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_adds(&sb, head);
	for (i = 0; i < times; i++)
		strbuf_adds(&sb, unit);
	strbuf_adds(&sb, tail);
	return strbuf_detach(&sb, NULL);
}

static void test_deep_nesting(void **state)
{
	char *s, *t;

	(void)state;
	/* the 64th '[' is the 65th level, counting the top mapping */
	s = repeat("units: ", "[", 10000, "");
	expect_error(s, "t.yaml:1:71: nesting deeper than 64 levels");
	free(s);
	s = repeat("units:\n", "- ", 10000, "x\n");
	expect_error(s, "t.yaml:2:127: nesting deeper than 64 levels");
	free(s);
	s = repeat("", "{a: ", 10000, "");
	expect_error(s, "t.yaml:1:257: nesting deeper than 64 levels");
	free(s);
	/* 64 levels exactly are read, and fail on what they mean */
	s = repeat("units: ", "[", 63, "");
	t = repeat(s, "]", 63, "\n");
	expect_error(t, "t.yaml:1:9: unit 1: expected a mapping, found a sequence");
	free(s);
	free(t);
}

/*
 * Mangled versions of a good file: every prefix, and bytes overwritten
 * with characters YAML cares about.  None may crash or leak (run under
 * ASan/valgrind); each either parses or fails with a located message.
 */
static void test_mangled_inputs(void **state)
{
	static const char specials[] = "[]{}:,-#&*!|>'\"%@`\n\t ?\\\xff\xc3";
	struct strbuf text = STRBUF_INIT;
	unsigned long seed = 12345;
	size_t i, n;
	char *copy;

	(void)state;
	if (read_whole(&text, DATA "good-block.yaml"))
		fail_msg("cannot read good-block.yaml");
	copy = xmalloc(text.len + 1);
	for (i = 0; i <= text.len + 3000; i++) {
		struct unit_registry *reg = NULL;
		struct err err = ERR_INIT;
		int rc;

		memcpy(copy, text.buf, text.len);
		n = text.len;
		if (i <= text.len) {
			n = i;
		} else {
			int k, flips = 1 + (int)(i % 3);

			for (k = 0; k < flips; k++) {
				seed = seed * 1103515245 + 12345;
				copy[(seed >> 8) % text.len] =
					specials[(seed >> 20) % (sizeof(specials) - 1)];
			}
		}
		rc = units_parse("m.yaml", copy, n, &reg, &err);
		if (rc) {
			assert_null(reg);
			assert_true(err_is_set(&err));
			assert_non_null(err.file);
		} else {
			assert_non_null(reg);
			assert_true(reg->n > 0);
		}
		units_free(reg);
		err_release(&err);
	}
	free(copy);
	strbuf_release(&text);
}

static void test_bac_ninh(void **state)
{
	struct unit_registry *reg = parse_ok_file("runbooks/units/bac-ninh.yaml");
	size_t i, communes = 0, wards = 0, police = 0;
	const struct unit *u, *p;

	(void)state;
	for (i = 0; i < reg->n; i++) {
		u = &reg->units[i];
		assert_ptr_equal(units_find(reg, u->id), u);
		if (!strcmp(u->kind, "commune") || !strcmp(u->kind, "ward")) {
			if (u->kind[0] == 'c')
				communes++;
			else
				wards++;
			/* every commune and ward reports to its own commune police */
			assert_non_null(u->police);
			assert_non_null(u->code);
			assert_int_equal(strlen(u->code), 5);
			p = units_find(reg, u->police);
			assert_non_null(p);
			assert_string_equal(p->kind, "commune-police");
			assert_string_equal(p->parent, "cong-an-tinh");
		}
		if (!strcmp(u->kind, "commune-police"))
			police++;
	}
	assert_int_equal(communes, 66);
	assert_int_equal(wards, 33);
	assert_int_equal(police, 99);
	assert_int_equal(reg->n, 99 + 19 + 99 + 4);

	u = units_find(reg, "dai-son");
	assert_non_null(u);
	assert_string_equal(u->police, "ca-dai-son");
	assert_string_equal(u->code, "07627");
	assert_string_equal(u->name, "Xã Đại Sơn");
	assert_string_equal(units_find(reg, "ca-dai-son")->name, "Công an xã Đại Sơn");
	assert_string_equal(units_find(reg, "ca-chu")->name, "Công an phường Chũ");
	assert_string_equal(units_find(reg, "bac-giang")->code, "07210");
	assert_string_equal(
		units_find(reg, "trung-tam-phuc-vu-hanh-chinh-cong-tinh")->parent,
		"van-phong-ubnd-tinh");
	assert_null(units_find(reg, "cong-an-tinh")->code);
	assert_string_equal(units_find(reg, "ttdlqg")->name,
			    "Trung tâm Dữ liệu quốc gia – Bộ Công an");
	assert_string_equal(units_find(reg, "ttdlqg")->kind, "national");
	assert_string_equal(units_find(reg, "tct-mobifone")->kind, "national");
	assert_string_equal(units_find(reg, "bo-chu-quan")->kind, "ministry");
	assert_string_equal(units_find(reg, "chu-tich-ubnd-tinh")->kind, "leadership");
	assert_non_null(units_find(reg, "mobifone-bac-ninh"));
	units_free(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_style),
		cmocka_unit_test(test_flow_style),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_valid_id),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_malformed_yaml),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_no_units),
		cmocka_unit_test(test_unknown_and_duplicate_fields),
		cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_duplicates_and_references),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_mangled_inputs),
		cmocka_unit_test(test_bac_ninh),
	};

	return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
