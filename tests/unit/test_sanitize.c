/*
 * Unit tests for what may reach a terminal: every C0 control, DEL, the
 * C1 controls, the bidi controls and bytes that are not UTF-8 are
 * neutralised, Vietnamese text and emoji pass untouched, lines are kept
 * only when asked, the styles of term_style only with SANITIZE_STYLES,
 * and a stream cut anywhere gives what the whole text gives.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "sanitize.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"
#include "utf8.h"
#include "banned.h"

static void check(const char *in, size_t len, unsigned flags,
		  const char *want)
{
	struct strbuf out = STRBUF_INIT;

	sanitize_text(&out, in, len, flags);
	if (strcmp(out.buf, want))
		fail_msg("got '%s', want '%s'", out.buf, want);
	strbuf_release(&out);
}

#define CHECK(lit, flags, want) check(lit, sizeof(lit) - 1, flags, want)

/* 1 when s holds no byte a terminal could act on (but line ends). */
static int inert(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] == '\n' || p[i] == '\t') {
			i++;
			continue;
		}
		if (p[i] == '\r' && i + 1 < len && p[i + 1] == '\n') {
			i += 2;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if (!n || sanitize_unsafe(utf8_decode(p + i, n)))
			return 0;
		i += n;
	}
	return 1;
}

static void test_text_passes(void **state)
{
	(void)state;
	CHECK("Nguyễn Thu Hà, Xã Đại Sơn 🙂 a-b_c", 0,
	      "Nguyễn Thu Hà, Xã Đại Sơn 🙂 a-b_c");
	CHECK("", 0, "");
}

static void test_controls(void **state)
{
	(void)state;
	CHECK("a\033[2Jb", 0, "a\xe2\x90\x9b[2Jb");             /* ESC: ␛ */
	CHECK("a\033]0;title\007b", 0, "a\xe2\x90\x9b]0;title\xe2\x90\x87" "b");
	CHECK("a\x7f" "b", 0, "a\xe2\x90\xa1" "b");              /* DEL: ␡ */
	CHECK("a\rb", SANITIZE_LINES, "a\xe2\x90\x8d" "b");      /* CR alone: ␍ */
	CHECK("a\r\nb", SANITIZE_LINES, "a\r\nb");
	CHECK("a\nb\tc", 0, "a\xe2\x90\xa4" "b c");
	CHECK("a\nb\tc", SANITIZE_LINES, "a\nb\tc");
	check("a\0b", 3, 0, "a\xe2\x90\x80" "b");                /* NUL: ␀ */
	/* C1 (U+009B is CSI to an 8-bit terminal), raw or encoded. */
	CHECK("a\xc2\x9b" "31mb", 0, "a\xef\xbf\xbd" "31mb");
	CHECK("a\x9b" "31mb", 0, "a\xef\xbf\xbd" "31mb");
	/* Bidi: RLO, LRI, PDI, RLM. */
	CHECK("x\xe2\x80\xae" "y\xe2\x81\xa6z\xe2\x81\xa9\xe2\x80\x8f", 0,
	      "x\xef\xbf\xbd" "y\xef\xbf\xbd" "z\xef\xbf\xbd\xef\xbf\xbd");
	/* Not UTF-8: an overlong '/', a lone continuation, a cut sequence. */
	CHECK("\xc0\xaf|\x80|\xe2\x82", 0,
	      "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd");
}

static void test_styles(void **state)
{
	(void)state;
	CHECK("\033[31mlate\033[0m", SANITIZE_STYLES, "\033[31mlate\033[0m");
	CHECK("\033[31mlate\033[0m", SANITIZE_LINES,
	      "\xe2\x90\x9b[31mlate\xe2\x90\x9b[0m");
	/* Any other sequence, even a harmless-looking one, is not ours. */
	CHECK("\033[8mx\033[2J", SANITIZE_STYLES,
	      "\xe2\x90\x9b[8mx\xe2\x90\x9b[2J");
}

/* Every byte value, alone and after each other: nothing unsafe survives. */
static void test_every_byte(void **state)
{
	struct strbuf out = STRBUF_INIT;
	char in[3];
	int a, b;
	unsigned flags;

	(void)state;
	for (flags = 0; flags <= SANITIZE_LINES; flags++)
		for (a = 0; a < 256; a++)
			for (b = 0; b < 256; b++) {
				in[0] = (char)a;
				in[1] = (char)b;
				in[2] = 'x';
				strbuf_reset(&out);
				sanitize_text(&out, in, 3, flags);
				if (!inert(out.buf, out.len))
					fail_msg("%02x %02x left something raw",
						 a, b);
				if (!flags && strchr(out.buf, '\n'))
					fail_msg("%02x %02x kept a newline", a, b);
			}
	strbuf_release(&out);
}

/* A text given in two pieces, cut at every place, reads as one. */
static void test_chunks(void **state)
{
	static const char text[] = "Đại\033[31m\xe2\x80\xae\r\n\033[0m🙂\xe2\x82!";
	struct strbuf whole = STRBUF_INIT, cut = STRBUF_INIT, rest = STRBUF_INIT;
	size_t len = sizeof(text) - 1, at, used;

	(void)state;
	sanitize_text(&whole, text, len, SANITIZE_STYLES);
	for (at = 0; at <= len; at++) {
		strbuf_reset(&cut);
		strbuf_reset(&rest);
		used = sanitize_chunk(&cut, text, at, SANITIZE_STYLES, 1);
		assert_true(used <= at && at - used < 8);
		strbuf_add(&rest, text + used, len - used);
		sanitize_chunk(&cut, rest.buf, rest.len, SANITIZE_STYLES, 0);
		if (strcmp(cut.buf, whole.buf))
			fail_msg("cut at %zu: '%s', not '%s'", at, cut.buf,
				 whole.buf);
	}
	strbuf_release(&whole);
	strbuf_release(&cut);
	strbuf_release(&rest);
}

/* JSON keeps the text (escaped), never the raw control. */
static void test_json_escapes(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	json_string(&out, "a\033[2J\x7f\xc2\x9b\xe2\x80\xae\xffĐ");
	assert_string_equal(out.buf,
			    "\"a\\u001b[2J\\u007f\\u009b\\u202e\\ufffdĐ\"");
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_passes),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_json_escapes),
	};

	return cmocka_run_group_tests_name("sanitize", tests, NULL, NULL);
}
