/*
 * Unit tests for the terminal module, on what a test can reach without a
 * terminal: display widths, padding and wrapping, the width and colour
 * rules off a terminal, the progress line drawn into a memory stream,
 * and line reading.  Raw keys and the line editor are driven through a
 * real terminal by tests/cli/t2005-step.sh (tmux).
 */
#include "strbuf.h"
#include "term.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "banned.h"

static size_t width(const char *s)
{
	return term_text_width(s, strlen(s));
}

static void test_text_width(void **state)
{
	(void)state;
	assert_int_equal(width(""), 0);
	assert_int_equal(width("abc"), 3);
	/* Precomposed Vietnamese: one column a letter. */
	assert_int_equal(width("Đại Sơn"), 7);
	assert_int_equal(width("Nguyễn Thu Hà"), 13);
	/* Decomposed: the combining marks take no room. */
	assert_int_equal(width("Ha\xcc\x80"), 2);
	/* Wide: two columns each. */
	assert_int_equal(width("\xe4\xb8\xad\xe6\x96\x87"), 4);
	/* Our own styles take none. */
	assert_int_equal(width("\033[1mkey\033[0m"), 3);
	assert_int_equal(width("\033[32m1d 4h left\033[0m"), 10);
	/* A bad byte counts as one replacement character. */
	assert_int_equal(width("a\xff" "b"), 3);
}

static void test_pad_and_wrap(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	term_pad(&sb, "Hạn", 6);
	assert_string_equal(sb.buf, "Hạn   ");
	strbuf_reset(&sb);
	term_pad(&sb, "Bằng chứng", 4);
	assert_string_equal(sb.buf, "Bằng chứng");
	strbuf_reset(&sb);
	term_wrap(&sb, "một hai ba bốn năm", 0, 2, 10);
	assert_string_equal(sb.buf, "một hai ba\n  bốn năm");
	strbuf_reset(&sb);
	/* The first line goes on from column 6. */
	term_wrap(&sb, "aaa bbb ccc", 6, 6, 12);
	assert_string_equal(sb.buf, "aaa\n      bbb\n      ccc");
	strbuf_reset(&sb);
	/* A word longer than the width stays whole on its own line. */
	term_wrap(&sb, "a focal-point@trung-tam-phuc-vu b", 0, 0, 10);
	assert_string_equal(sb.buf, "a\nfocal-point@trung-tam-phuc-vu\nb");
	strbuf_reset(&sb);
	/* Markdown: a soft break, a paragraph, list items. */
	term_wrap(&sb, "x\ny", 0, 1, 80);
	assert_string_equal(sb.buf, "x y");
	strbuf_reset(&sb);
	term_wrap(&sb, "x\n\ny\n- a\n- b\n2. c", 0, 1, 80);
	assert_string_equal(sb.buf, "x\n\n y\n - a\n - b\n 2. c");
	strbuf_release(&sb);
}

static void test_style(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	term_style(&sb, 0, TERM_RED);
	assert_string_equal(sb.buf, "");
	term_style(&sb, 1, TERM_RED);
	term_style(&sb, 1, TERM_RESET);
	assert_string_equal(sb.buf, "\033[31m\033[0m");
	strbuf_release(&sb);
}

/* Off a terminal: no colour whatever NO_COLOR says; COLUMNS or 80. */
static void test_not_a_terminal(void **state)
{
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(term_is_tty(fds[1]), 0);
	unsetenv("NO_COLOR");
	assert_int_equal(term_color(fds[1]), 0);
	unsetenv("COLUMNS");
	assert_int_equal(term_width(fds[1]), 80);
	setenv("COLUMNS", "132", 1);
	assert_int_equal(term_width(fds[1]), 132);
	setenv("COLUMNS", "5", 1);
	assert_int_equal(term_width(fds[1]), 20);
	setenv("COLUMNS", "wide", 1);
	assert_int_equal(term_width(fds[1]), 80);
	unsetenv("COLUMNS");
	close(fds[0]);
	close(fds[1]);
}

static char *progress_output(int enabled, uint64_t total,
			     const uint64_t *steps, size_t n)
{
	struct term_progress p;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	term_progress_init(&p, f, enabled, 60, "importing", total);
	for (i = 0; i < n; i++)
		term_progress_update(&p, steps[i]);
	term_progress_end(&p);
	fclose(f);
	return buf;
}

static void test_progress(void **state)
{
	static const uint64_t steps[] = { 1, 2, 3 };
	char *out;

	(void)state;
	/* Not enabled (stderr not a terminal): nothing at all. */
	out = progress_output(0, 10, steps, 3);
	assert_string_equal(out, "");
	free(out);
	/* Drawn once at first (10%), then throttled, then cleared. */
	out = progress_output(1, 10, steps, 3);
	assert_non_null(strstr(out, "\rimporting  ["));
	assert_non_null(strstr(out, "]   10%  1/10\033[K"));
	assert_non_null(strstr(out, "\r\033[K"));
	free(out);
	/* An unknown total: a count. */
	out = progress_output(1, 0, steps, 1);
	assert_non_null(strstr(out, "\rimporting  1\033[K"));
	free(out);
}

static void test_getline(void **state)
{
	static const char text[] = "one\r\ntwo\nlast";
	struct strbuf line = STRBUF_INIT;
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");

	(void)state;
	assert_non_null(f);
	assert_int_equal(term_getline(f, &line), 0);
	assert_string_equal(line.buf, "one");
	assert_int_equal(term_getline(f, &line), 0);
	assert_string_equal(line.buf, "two");
	assert_int_equal(term_getline(f, &line), 0);
	assert_string_equal(line.buf, "last");
	assert_int_equal(term_getline(f, &line), TERM_KEY_EOF);
	fclose(f);
	strbuf_release(&line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_pad_and_wrap),
		cmocka_unit_test(test_style),
		cmocka_unit_test(test_not_a_terminal),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_getline),
	};

	return cmocka_run_group_tests_name("term", tests, NULL, NULL);
}
