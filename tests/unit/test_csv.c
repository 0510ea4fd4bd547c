/*
 * Unit tests for the CSV reader: what spreadsheets write (quotes, quoted
 * newlines and quotes, CRLF, a byte-order mark, ';' from a Vietnamese
 * locale, blank lines), every refusal with the file:line:column a user
 * would see, and bytes that must fail cleanly rather than crash.
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "csv.h"
#include "err.h"
#include "strbuf.h"
#include "xalloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

/* Parses text that must be accepted; the caller csv_free()s t. */
static void parse_ok_n(const char *text, size_t len, struct csv_table *t)
{
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;

	if (csv_parse("t.csv", text, len, t, &err)) {
		err_format(&err, &msg);
		fail_msg("unexpected error: %s", msg.buf);
	}
	err_release(&err);
	strbuf_release(&msg);
}

static void parse_ok(const char *text, struct csv_table *t)
{
	parse_ok_n(text, strlen(text), t);
}

/* Expects text (len bytes) to be refused with exactly the error `want`. */
static void parse_bad_n(const char *text, size_t len, const char *want)
{
	struct csv_table t;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;

	if (!csv_parse("t.csv", text, len, &t, &err))
		fail_msg("accepted, want error: %s", want);
	err_format(&err, &msg);
	assert_string_equal(msg.buf, want);
	/* A refused parse leaves nothing to free, and freeing it is harmless. */
	assert_null(t.rows);
	assert_null(t.header);
	csv_free(&t);
	err_release(&err);
	strbuf_release(&msg);
}

static void parse_bad(const char *text, const char *want)
{
	parse_bad_n(text, strlen(text), want);
}

static void test_simple(void **state)
{
	struct csv_table t;

	(void)state;
	parse_ok("ten_dang_nhap,ho_ten\nnguyenvana,Nguyễn Văn A\n"
		 "tranthib,Trần Thị B", &t);
	assert_int_equal(t.ncols, 2);
	assert_string_equal(t.header[0], "ten_dang_nhap");
	assert_string_equal(t.header[1], "ho_ten");
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.rows[0].line, 2);
	assert_string_equal(t.rows[0].fields[1], "Nguyễn Văn A");
	assert_int_equal(t.rows[1].line, 3);
	assert_string_equal(t.rows[1].fields[0], "tranthib");
	assert_int_equal(csv_column(&t, "ho_ten"), 1);
	assert_int_equal(csv_column(&t, "ten_dang_nhap"), 0);
	assert_int_equal(csv_column(&t, "HO_TEN"), -1);
	assert_int_equal(csv_column(&t, "ho"), -1);
	csv_free(&t);
	csv_free(&t);   /* a freed table is empty and may be freed again */
	csv_free(NULL);
}

static void test_quoted(void **state)
{
	struct csv_table t;

	(void)state;
	parse_ok("a,b,c\n"
		 "\"x, y\",\"say \"\"hi\"\"\",\"\"\n"
		 "\"two\nlines\",\"three\r\nlines\nhere\",z\n"
		 "after,  \"spaced\"  ,end\n", &t);
	assert_int_equal(t.nrows, 3);
	assert_string_equal(t.rows[0].fields[0], "x, y");
	assert_string_equal(t.rows[0].fields[1], "say \"hi\"");
	assert_string_equal(t.rows[0].fields[2], "");
	assert_int_equal(t.rows[0].line, 2);
	/* CRLF inside quotes becomes LF; lines keep counting. */
	assert_string_equal(t.rows[1].fields[0], "two\nlines");
	assert_string_equal(t.rows[1].fields[1], "three\nlines\nhere");
	assert_int_equal(t.rows[1].line, 3);
	assert_int_equal(t.rows[2].line, 7);
	assert_string_equal(t.rows[2].fields[1], "spaced");
	csv_free(&t);
}

static void test_line_endings_bom_blank(void **state)
{
	struct csv_table t;

	(void)state;
	/* CRLF, a BOM, blank lines (empty or spaces) before and between. */
	parse_ok("\xef\xbb\xbf\r\n  \r\nma,ten\r\n1,Một\r\n\r\n\r\n2,Hai\r\n"
		 "   \r\n", &t);
	assert_int_equal(t.ncols, 2);
	assert_string_equal(t.header[0], "ma");
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.rows[0].line, 4);
	assert_string_equal(t.rows[0].fields[1], "Một");
	assert_int_equal(t.rows[1].line, 7);
	assert_string_equal(t.rows[1].fields[1], "Hai");
	csv_free(&t);

	/* A lone CR ends a line too (old spreadsheets on a Mac). */
	parse_ok("a\r1\r2", &t);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.rows[1].line, 3);
	csv_free(&t);

	/* Header only: no records, not an error. */
	parse_ok("a,b\n", &t);
	assert_int_equal(t.nrows, 0);
	assert_null(t.rows);
	csv_free(&t);

	/* A quoted empty field is a record even in a one-column file. */
	parse_ok("a\n\"\"\n\n", &t);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(t.rows[0].fields[0], "");
	csv_free(&t);

	/* Empty fields, including a trailing one. */
	parse_ok("a,b,c\n,,\nx,,\n", &t);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[1].fields[0], "x");
	assert_string_equal(t.rows[1].fields[2], "");
	csv_free(&t);
}

static void test_semicolon(void **state)
{
	struct csv_table t;

	(void)state;
	/* More ';' than ',' in the header: ';' delimits, ',' is data. */
	parse_ok("ma;ten;phi\n1.001;Cấp bản sao, chứng thực;10000\n", &t);
	assert_int_equal(t.ncols, 3);
	assert_string_equal(t.rows[0].fields[1], "Cấp bản sao, chứng thực");
	csv_free(&t);

	/* A quoted header ';' does not count. */
	parse_ok("\"a;b;c\",d\n1,2\n", &t);
	assert_int_equal(t.ncols, 2);
	assert_string_equal(t.header[0], "a;b;c");
	csv_free(&t);

	/* Header names are trimmed; values are not. */
	parse_ok(" ma ; ten \n 1 ; x \n", &t);
	assert_string_equal(t.header[0], "ma");
	assert_string_equal(t.header[1], "ten");
	assert_string_equal(t.rows[0].fields[0], " 1 ");
	csv_free(&t);
}

static void test_errors(void **state)
{
	(void)state;
	parse_bad("", "t.csv:1: no header row");
	parse_bad("\xef\xbb\xbf", "t.csv:1: no header row");
	parse_bad("\n\n  \n", "t.csv:1: no header row");
	parse_bad("a,b\n1,2,3\n", "t.csv:2:5: record has 3 fields, the header has 2");
	parse_bad("a,b\n1\n", "t.csv:2:2: record has 1 field, the header has 2");
	parse_bad("a,b,c\n1,2,3\n4,5\n",
		  "t.csv:3:4: record has 2 fields, the header has 3");
	parse_bad("a,b\n\"x,2\n3,4\n", "t.csv:2:1: unterminated quoted field");
	parse_bad("a,b\nx\"y,2\n", "t.csv:2:2: quote inside an unquoted field");
	parse_bad("a,b\n\"x\"y,2\n",
		  "t.csv:2:4: unexpected text after a closing quote");
	parse_bad("a,,c\n", "t.csv:1:3: column 2 has no name");
	parse_bad("a, ,c\n", "t.csv:1:3: column 2 has no name");
	parse_bad("a,b, a\n", "t.csv:1:5: duplicate column name 'a'");
	parse_bad("ma,tên,\"tên\"\n", "t.csv:1:8: duplicate column name 'tên'");
	/* Columns count characters: "Đại" is 3 columns, not 5 bytes. */
	parse_bad("a,b\nĐại\"x,1\n", "t.csv:2:4: quote inside an unquoted field");
}

static void test_bad_bytes(void **state)
{
	(void)state;
	parse_bad_n("a,b\n1,\0\n", 8, "t.csv:2:3: NUL byte in CSV text");
	parse_bad("a,b\n1,\xff\n", "t.csv:2:3: invalid UTF-8");
	parse_bad("a,b\nxy,\xc3\n", "t.csv:2:4: invalid UTF-8");
	parse_bad("a,b\n\xc0\xaf,1\n", "t.csv:2:1: invalid UTF-8");   /* overlong */
	parse_bad("a\n\xed\xa0\x80\n", "t.csv:2:1: invalid UTF-8");   /* surrogate */
	parse_bad("a\n\xf4\x90\x80\x80\n", "t.csv:2:1: invalid UTF-8");
	parse_bad("a\r\nb\r\nĐ\x80\n", "t.csv:3:2: invalid UTF-8");
	/* A BOM is skipped only at the start. */
	parse_bad("a\n\xef\xbb\xbf\"x\n", "t.csv:2:2: quote inside an unquoted field");
}

static void test_limits(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct csv_table t;
	int i;

	(void)state;
	for (i = 0; i < CSV_MAX_COLS; i++)
		strbuf_addf(&sb, "%sc%d", i ? "," : "", i);
	strbuf_adds(&sb, "\n");
	parse_ok(sb.buf, &t);
	assert_int_equal(t.ncols, CSV_MAX_COLS);
	csv_free(&t);
	strbuf_reset(&sb);
	for (i = 0; i <= CSV_MAX_COLS; i++)
		strbuf_addf(&sb, "%sc%d", i ? "," : "", i);
	parse_bad(sb.buf, "t.csv:1:1171: more than 256 columns");

	/* A long file: 200,000 records, each with its line. */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "n,v\n");
	for (i = 0; i < 200000; i++)
		strbuf_addf(&sb, "%d,\"x\"\"\"\n", i);
	parse_ok_n(sb.buf, sb.len, &t);
	assert_int_equal(t.nrows, 200000);
	assert_int_equal(t.rows[199999].line, 200001);
	assert_string_equal(t.rows[199999].fields[1], "x\"");
	csv_free(&t);
	strbuf_release(&sb);
}

/*
 * Mangled inputs: every prefix of a tricky file, and every single-byte
 * change of it to a quote, a delimiter, a line ending, NUL or 0xff, must
 * parse or fail cleanly (ASan watches the rest).
 */
static void test_mangled(void **state)
{
	static const char base[] =
		"\xef\xbb\xbf" "ma;\"tên\";phí\r\n"
		"1;\"Cấp \"\"bản\"\" sao\r\nchứng thực\";10000\r\n"
		"\r\n2;x;\n";
	static const char subst[] = { '"', ';', ',', '\n', '\r', '\0', '\xff', ' ' };
	size_t n = sizeof(base) - 1, i, k;
	char *buf = xmalloc(n);

	(void)state;
	for (i = 0; i <= n; i++) {
		struct csv_table t;
		struct err err = ERR_INIT;

		if (csv_parse("m.csv", base, i, &t, &err) == 0)
			csv_free(&t);
		else
			assert_true(err.line >= 1);
		err_release(&err);
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < sizeof(subst); k++) {
			struct csv_table t;
			struct err err = ERR_INIT;

			memcpy(buf, base, n);
			buf[i] = subst[k];
			if (csv_parse("m.csv", buf, n, &t, &err) == 0) {
				assert_true(t.nrows <= 3);
				csv_free(&t);
			} else {
				assert_true(err.line >= 1);
				assert_string_equal(err.file, "m.csv");
			}
			err_release(&err);
		}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_line_endings_bom_blank),
		cmocka_unit_test(test_semicolon),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
