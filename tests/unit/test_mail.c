/*
 * Unit tests for the message composer: a header is raw only when it is
 * printable ASCII that fits; anything else is encoded-words of at most 75
 * characters on lines of at most 78, split between characters, that
 * decode to the cleaned text; CR, LF and other controls never reach a
 * header; addresses, mailboxes, dates and durations as documented.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "clock.h"
#include "mail.h"
#include "seal.h"
#include "strbuf.h"
#include "utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "banned.h"

static int setup(void **state)
{
	(void)state;
	return seal_init();
}

/*
 * Decodes the header line(s) in h ("Name: ...\r\n"): the raw value, or
 * the concatenation of its encoded-words; checks the shape on the way.
 */
static void decode_header(const char *h, struct strbuf *out)
{
	const char *p = strchr(h, ':') + 1, *line = h, *eol;
	unsigned char bin[256];
	size_t binlen;

	for (eol = strstr(line, "\r\n"); eol; eol = strstr(line, "\r\n")) {
		assert_true(eol - line <= 78);
		line = eol + 2;
		if (*line)
			assert_int_equal(*line, ' ');
	}
	assert_string_equal(h + strlen(h) - 2, "\r\n");
	if (!strstr(h, "=?UTF-8?B?")) {
		p++;
		strbuf_add(out, p, strlen(p) - 2);
		return;
	}
	while ((p = strstr(p, "=?UTF-8?B?"))) {
		const char *end = strstr(p + 10, "?=");

		assert_non_null(end);
		assert_true(end + 2 - p <= 75);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), p + 10,
						   (size_t)(end - p - 10), NULL,
						   &binlen, NULL,
						   sodium_base64_VARIANT_ORIGINAL),
				 0);
		/* Each word holds whole characters. */
		for (size_t i = 0; i < binlen;) {
			size_t n = utf8_seq_len(bin + i, binlen - i);

			assert_true(n > 0);
			i += n;
		}
		strbuf_add(out, bin, binlen);
		p = end + 2;
	}
}

static void check_round_trip(const char *value, const char *want)
{
	struct strbuf h = STRBUF_INIT, v = STRBUF_INIT;

	mail_header(&h, "Subject", value);
	decode_header(h.buf, &v);
	assert_string_equal(v.buf, want);
	strbuf_release(&h);
	strbuf_release(&v);
}

static void test_ascii_stays_raw(void **state)
{
	struct strbuf h = STRBUF_INIT;

	(void)state;
	mail_header(&h, "Subject", "Reminder: 2 tasks late");
	assert_string_equal(h.buf, "Subject: Reminder: 2 tasks late\r\n");
	strbuf_release(&h);
}

static void test_vietnamese_is_encoded(void **state)
{
	const char *s = "[Nhắc việc] Xã Đại Sơn: 1 nhiệm vụ đã trễ hạn, "
		"2 nhiệm vụ sắp đến hạn — Trung tâm Phục vụ hành chính công";
	struct strbuf h = STRBUF_INIT;

	(void)state;
	mail_header(&h, "Subject", s);
	assert_non_null(strstr(h.buf, "Subject: =?UTF-8?B?"));
	assert_non_null(strstr(h.buf, "\r\n =?UTF-8?B?"));  /* folded */
	check_round_trip(s, s);
	strbuf_release(&h);
}

static void test_line_breaks_never_split_a_header(void **state)
{
	struct strbuf h = STRBUF_INIT;
	const char *p;

	(void)state;
	mail_header(&h, "Subject", "a\r\nBcc: x@y.example\nc\rd");
	/* One header: every CRLF is a fold (followed by a space) or the end. */
	for (p = strstr(h.buf, "\r\n"); p; p = strstr(p + 2, "\r\n"))
		assert_true(p[2] == '\0' || p[2] == ' ');
	assert_null(strstr(h.buf, "\nBcc"));
	check_round_trip("a\r\nBcc: x@y.example\nc\rd",
			 "a  Bcc: x@y.example c d");
	check_round_trip("tab\there\x7f", "tab here ");
	strbuf_release(&h);
}

static void test_what_looks_encoded_is_encoded(void **state)
{
	struct strbuf h = STRBUF_INIT;

	(void)state;
	mail_header(&h, "Subject", "=?UTF-8?B?SGk=?=");
	assert_null(strstr(h.buf, "Subject: =?UTF-8?B?SGk=?="));
	check_round_trip("=?UTF-8?B?SGk=?=", "=?UTF-8?B?SGk=?=");
	strbuf_release(&h);
}

static void test_long_and_wide_characters(void **state)
{
	struct strbuf s = STRBUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		strbuf_adds(&s, "\xf0\x9f\x93\xa2 ư ");  /* 4- and 2-byte */
	check_round_trip(s.buf, s.buf);
	strbuf_reset(&s);
	for (i = 0; i < 30; i++)
		strbuf_adds(&s, "abcdefghij");
	check_round_trip(s.buf, s.buf);
	strbuf_release(&s);
}

static void test_invalid_utf8_becomes_replacement(void **state)
{
	(void)state;
	check_round_trip("a\xff" "b\xc3", "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	/* C1 controls and the line separators are line breaks too. */
	check_round_trip("x\xc2\x85y\xe2\x80\xa8z", "x y z");
}

static void test_addresses(void **state)
{
	(void)state;
	assert_true(mail_address_valid("vanphong.daison@bacninh.gov.vn"));
	assert_true(mail_address_valid("a+b@x-y.example"));
	assert_false(mail_address_valid("no-at.example"));
	assert_false(mail_address_valid("a@b@c.example"));
	assert_false(mail_address_valid("a b@c.example"));
	assert_false(mail_address_valid("a@c.example\r\nBcc: d@e"));
	assert_false(mail_address_valid("<a@c.example>"));
	assert_false(mail_address_valid("a@-c.example"));
	assert_false(mail_address_valid("a@c..example"));
	assert_false(mail_address_valid(".a@c.example"));
	assert_false(mail_address_valid("đ@c.example"));
	assert_false(mail_address_valid("@c.example"));
}

static void test_mailboxes(void **state)
{
	struct err err = ERR_INIT;
	char *name, *addr;

	(void)state;
	assert_int_equal(mail_parse_mailbox("TTPVHCC tỉnh <a@b.example>",
					    &name, &addr, &err), 0);
	assert_string_equal(name, "TTPVHCC tỉnh");
	assert_string_equal(addr, "a@b.example");
	free(name);
	free(addr);
	assert_int_equal(mail_parse_mailbox("\"Q, R\" <a@b.example>", &name,
					    &addr, &err), 0);
	assert_string_equal(name, "Q, R");
	free(name);
	free(addr);
	assert_int_equal(mail_parse_mailbox(" a@b.example ", &name, &addr,
					    &err), 0);
	assert_null(name);
	assert_string_equal(addr, "a@b.example");
	free(addr);
	assert_int_equal(mail_parse_mailbox("X <a@b.example> y", &name, &addr,
					    &err), -1);
	assert_int_equal(mail_parse_mailbox("X\n <a@b.example>", &name, &addr,
					    &err), -1);
	assert_int_equal(mail_parse_mailbox("nobody", &name, &addr, &err), -1);
	err_release(&err);
}

static void test_message(void **state)
{
	struct mail_mailbox to = { "Xã Đại Sơn", "a@b.example" };
	struct mail_message m;
	struct strbuf msg = STRBUF_INIT, body = STRBUF_INIT;
	unsigned char bin[512];
	size_t binlen;
	const char *p, *start;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.from.addr = "hub@b.example";
	m.to = &to;
	m.nto = 1;
	m.subject = "Nhắc việc";
	m.body = "Kính gửi: Xã Đại Sơn\n\nDòng hai\n";
	m.date = 1780052400;    /* 2026-05-29 18:00 +07:00 */
	m.offset_minutes = 420;
	m.message_id = "0123@b.example";
	mail_compose(&msg, &m);
	assert_non_null(strstr(msg.buf, "Date: Fri, 29 May 2026 18:00:00"
			       " +0700\r\n"));
	assert_non_null(strstr(msg.buf, "\r\nTo: =?UTF-8?B?"));
	assert_non_null(strstr(msg.buf, "?= <a@b.example>\r\n"));
	assert_non_null(strstr(msg.buf, "\r\nContent-Type: text/plain;"
			       " charset=UTF-8\r\n"));
	assert_non_null(strstr(msg.buf, "\r\nMessage-ID: <0123@b.example>"));
	start = strstr(msg.buf, "\r\n\r\n") + 4;
	for (p = start; *p; p = strstr(p, "\r\n") + 2) {
		assert_true(strstr(p, "\r\n") - p <= 76);
		strbuf_add(&body, p, (size_t)(strstr(p, "\r\n") - p));
	}
	assert_int_equal(sodium_base642bin(bin, sizeof(bin), body.buf,
					   body.len, NULL, &binlen, NULL,
					   sodium_base64_VARIANT_ORIGINAL), 0);
	assert_int_equal(binlen, strlen("Kính gửi: Xã Đại Sơn\r\n\r\n"
					"Dòng hai\r\n"));
	assert_memory_equal(bin, "Kính gửi: Xã Đại Sơn\r\n\r\nDòng hai\r\n",
			    binlen);
	strbuf_release(&msg);
	strbuf_release(&body);
}

static void test_no_recipient_is_a_group(void **state)
{
	struct mail_message m;
	struct strbuf msg = STRBUF_INIT;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.from.addr = "hub@b.example";
	m.subject = "x";
	m.body = "";
	m.message_id = "1@b.example";
	mail_compose(&msg, &m);
	assert_non_null(strstr(msg.buf, "\r\nTo: undisclosed-recipients:;\r\n"));
	strbuf_release(&msg);
}

static void test_durations(void **state)
{
	struct err err = ERR_INIT;
	int64_t s;

	(void)state;
	assert_int_equal(clock_parse_duration("2h", &s, &err), 0);
	assert_int_equal(s, 7200);
	assert_int_equal(clock_parse_duration("1d12h", &s, &err), 0);
	assert_int_equal(s, 129600);
	assert_int_equal(clock_parse_duration("2h 30m", &s, &err), 0);
	assert_int_equal(s, 9000);
	assert_int_equal(clock_parse_duration("0m", &s, &err), -1);
	assert_int_equal(clock_parse_duration("-2h", &s, &err), -1);
	assert_int_equal(clock_parse_duration("T+2h", &s, &err), -1);
	assert_int_equal(clock_parse_duration("2", &s, &err), -1);
	assert_int_equal(clock_parse_duration("16:00", &s, &err), -1);
	assert_int_equal(clock_parse_duration("", &s, &err), -1);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_stays_raw),
		cmocka_unit_test(test_vietnamese_is_encoded),
		cmocka_unit_test(test_line_breaks_never_split_a_header),
		cmocka_unit_test(test_what_looks_encoded_is_encoded),
		cmocka_unit_test(test_long_and_wide_characters),
		cmocka_unit_test(test_invalid_utf8_becomes_replacement),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_mailboxes),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_no_recipient_is_a_group),
		cmocka_unit_test(test_durations),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
