/*
 * Unit tests for the evidence module: each type's accepted spellings and
 * normal form, the values it refuses and what the message says, and the
 * UTF-8 validator.
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "evidence.h"
#include "err.h"
#include "model.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

/*
 * Expects raw to be accepted as type, read by the rules of REGION,
 * CURRENCY and ORDER (negative: money may be below zero), with normal form
 * want.
 */
static void good_in(const char *region, const char *currency,
		    enum clock_date_order order, int negative,
		    enum evidence_type type, const char *raw, const char *want)
{
	struct evidence_rules rules = { region, currency, order, negative };
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (evidence_normalize(type, &rules, raw, &out, &err) != 0)
		fail_msg("%s %s '%s' refused: %s", region,
			 model_evidence_type_name(type), raw, err.msg.buf);
	if (strcmp(out.buf, want))
		fail_msg("%s %s '%s' gave '%s', want '%s'", region,
			 model_evidence_type_name(type), raw, out.buf, want);
	strbuf_release(&out);
	err_release(&err);
}

/*
 * Expects raw to be refused by those rules, the message to contain why,
 * and nothing to be appended to out.
 */
static void bad_in(const char *region, const char *currency,
		   enum clock_date_order order, int negative,
		   enum evidence_type type, const char *raw, const char *why)
{
	struct evidence_rules rules = { region, currency, order, negative };
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;

	strbuf_adds(&out, "keep");
	if (evidence_normalize(type, &rules, raw, &out, &err) != -1)
		fail_msg("%s %s '%s' accepted as '%s'", region,
			 model_evidence_type_name(type), raw, out.buf);
	assert_string_equal(out.buf, "keep");
	if (!strstr(err.msg.buf, why))
		fail_msg("%s %s '%s': message '%s' lacks '%s'", region,
			 model_evidence_type_name(type), raw, err.msg.buf,
			 why);
	strbuf_release(&out);
	err_release(&err);
}

/* Expects raw to be accepted as type with normal form want. */
static void good(enum evidence_type type, const char *raw, const char *want)
{
	good_in("VN", "VND", CLOCK_DATES_DMY, 0, type, raw, want);
}

/*
 * Expects raw to be refused, the message to contain why, and nothing to
 * be appended to out.
 */
static void bad(enum evidence_type type, const char *raw, const char *why)
{
	bad_in("VN", "VND", CLOCK_DATES_DMY, 0, type, raw, why);
}

/* The message for raw, exactly. */
static void bad_exact(enum evidence_type type, const char *raw,
		      const char *want)
{
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(evidence_normalize(type, NULL, raw, &out, &err), -1);
	assert_string_equal(err.msg.buf, want);
	strbuf_release(&out);
	err_release(&err);
}

#define US "US", "USD", CLOCK_DATES_ISO, 0
#define VN_ISO "VN", "VND", CLOCK_DATES_ISO, 0

/* A US runbook: its numbers, E.164 always, any other country's too. */
static void test_phone_regions(void **state)
{
	(void)state;
	good_in(US, EVIDENCE_PHONE, "(202) 555-0143", "2025550143");
	good_in(US, EVIDENCE_PHONE, "202-555-0143", "2025550143");
	good_in(US, EVIDENCE_PHONE, "202.555.0143", "2025550143");
	good_in(US, EVIDENCE_PHONE, "1-202-555-0143", "2025550143");
	good_in(US, EVIDENCE_PHONE, "+1 202 555 0143", "2025550143");
	good_in(US, EVIDENCE_PHONE, "+84 912 345 678", "+84912345678");
	good_in(US, EVIDENCE_PHONE, "+33 1 23 45 67 89", "+33123456789");
	/* A country the tables do not know: E.164's length only. */
	good_in(US, EVIDENCE_PHONE, "+49 30 1234567", "+49301234567");
	bad_in(US, EVIDENCE_PHONE, "0912345678", "expected 10 digits");
	bad_in(US, EVIDENCE_PHONE, "555-0143", "is not a phone number");
	/* Area codes and exchanges start 2 to 9. */
	bad_in(US, EVIDENCE_PHONE, "(102) 555-0143", "is not a phone number");
	bad_in(US, EVIDENCE_PHONE, "(202) 155-0143", "is not a phone number");
	bad_in(US, EVIDENCE_PHONE, "+1 202 555 014", "is not a phone number");
	bad_in(US, EVIDENCE_PHONE, "+0 123 456 789", "8 to 15 digits");
	bad_in(US, EVIDENCE_PHONE, "+4912345", "8 to 15 digits");
	bad_in(US, EVIDENCE_PHONE, "+4912345678901234567", "8 to 15 digits");
	/* Vietnam's numbers keep their national form, a US one is E.164. */
	good_in(VN_ISO, EVIDENCE_PHONE, "+1 (202) 555-0143", "+12025550143");
	bad_in(VN_ISO, EVIDENCE_PHONE, "(202) 555-0143", "is not a phone number");
	good_in("FR", "EUR", CLOCK_DATES_DMY, 0, EVIDENCE_PHONE,
		"01 23 45 67 89", "0123456789");
}

/*
 * Money follows the currency's minor units and the region's marks:
 * "1.500" is one dollar fifty in USD, never 1500.
 */
static void test_money_currencies(void **state)
{
	(void)state;
	good_in(US, EVIDENCE_MONEY, "1.500", "1.50");
	good_in(US, EVIDENCE_MONEY, "1.5", "1.50");
	good_in(US, EVIDENCE_MONEY, "1,500", "1500.00");
	good_in(US, EVIDENCE_MONEY, "$1,500.75", "1500.75");
	good_in(US, EVIDENCE_MONEY, "1500.75 USD", "1500.75");
	good_in(US, EVIDENCE_MONEY, "US$ 12", "12.00");
	good_in(US, EVIDENCE_MONEY, "0.05", "0.05");
	good_in(US, EVIDENCE_MONEY, "1,234,567.89", "1234567.89");
	bad_in(US, EVIDENCE_MONEY, "1.505", "USD has 2 decimal places");
	bad_in(US, EVIDENCE_MONEY, "1,50", "is not an amount (expected dollars");
	bad_in(US, EVIDENCE_MONEY, "1.500,00", "is not an amount");
	bad_in(US, EVIDENCE_MONEY, "1.", "is not an amount");
	bad_in(US, EVIDENCE_MONEY, "1500 đ", "is not an amount");
	bad_in(US, EVIDENCE_MONEY, "-$5", "cannot be negative");
	good_in("US", "USD", CLOCK_DATES_ISO, 1, EVIDENCE_MONEY, "-$5",
		"-5.00");
	good_in("US", "USD", CLOCK_DATES_ISO, 1, EVIDENCE_MONEY, "$-1,200.5",
		"-1200.50");
	good_in("US", "USD", CLOCK_DATES_ISO, 1, EVIDENCE_MONEY, "-0.00",
		"0.00");
	/* VND: whole dong; a decimal that is not 0 is refused. */
	good_in(VN_ISO, EVIDENCE_MONEY, "1.500", "1500");
	bad_in(VN_ISO, EVIDENCE_MONEY, "1,5", "is not an amount");
	good_in("VN", "VND", CLOCK_DATES_ISO, 1, EVIDENCE_MONEY,
		"-1.500.000 \xc4\x91", "-1500000");
	/* Euros in France: spaces group, a comma marks the cents. */
	good_in("FR", "EUR", CLOCK_DATES_DMY, 0, EVIDENCE_MONEY, "1 500,50 €",
		"1500.50");
	bad_in("FR", "EUR", CLOCK_DATES_DMY, 0, EVIDENCE_MONEY, "1,505",
		"EUR has 2 decimal places");
}

/* Minor units as the check functions see them. */
static void test_money_minor(void **state)
{
	long long v = 0;

	(void)state;
	assert_int_equal(evidence_money_minor("1500.50", &v), 0);
	assert_int_equal(v, 150050);
	assert_int_equal(evidence_money_minor("-1500", &v), 0);
	assert_int_equal(v, -1500);
	assert_int_equal(evidence_money_minor("", &v), -1);
	assert_int_equal(evidence_money_minor("1x", &v), -1);
	assert_int_equal(evidence_money_minor("99999999999999999999", &v), -1);
}

/* Dates with slashes only in the declared order; ambiguity refused. */
static void test_date_orders(void **state)
{
	(void)state;
	good_in(US, EVIDENCE_DATE, "2026-09-01", "2026-09-01");
	bad_in(US, EVIDENCE_DATE, "09/01/2026", "ambiguous");
	bad_in(US, EVIDENCE_DATE, "13/01/2026", "ambiguous");
	good_in("US", "USD", CLOCK_DATES_MDY, 0, EVIDENCE_DATE, "09/01/2026",
		"2026-09-01");
	bad_in("US", "USD", CLOCK_DATES_MDY, 0, EVIDENCE_DATE, "13/01/2026",
	       "no such month");
	good_in("VN", "VND", CLOCK_DATES_DMY, 0, EVIDENCE_DATE, "09/01/2026",
		"2026-01-09");
}

static void test_utf8(void **state)
{
	static const char *const valid[] = {
		"", "plain ascii", "B\341\272\257c Ninh",  /* Bắc Ninh */
		"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf",
		"\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80",
		"\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf"
	};
	static const char *const invalid[] = {
		"\x80", "\xbf", "a\xffz", "\xfe", "\xc0\xaf", "\xc1\xbf",
		"\xe0\x80\xaf", "\xe0\x9f\xbf", "\xf0\x80\x80\xaf",
		"\xf0\x8f\xbf\xbf",
		"\xed\xa0\x80", "\xed\xbf\xbf",          /* surrogates */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80",  /* > U+10FFFF */
		"\xe1\x80", "\xc3", "\xf0\x9f\x98",      /* truncated */
		"\xc3\x28", "\xe1\x80\x28"               /* bad continuation */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!evidence_valid_utf8(valid[i], strlen(valid[i])))
			fail_msg("valid[%zu] refused", i);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (evidence_valid_utf8(invalid[i], strlen(invalid[i])))
			fail_msg("invalid[%zu] accepted", i);
	/* len is honoured: the bad byte is past it, the cut one is not */
	assert_int_equal(evidence_valid_utf8("abc\xff", 3), 1);
	assert_int_equal(evidence_valid_utf8("\xc3\xa9", 1), 0);
	/* an embedded NUL is U+0000, which is valid UTF-8 */
	assert_int_equal(evidence_valid_utf8("a\0b", 3), 1);
}

static void test_text(void **state)
{
	char big[4098];

	(void)state;
	good(EVIDENCE_TEXT, "hello", "hello");
	good(EVIDENCE_TEXT, "  hello world \n", "hello world");
	good(EVIDENCE_TEXT, "line 1\nline 2\tcol", "line 1\nline 2\tcol");
	good(EVIDENCE_TEXT, "\xc4\x90\xc3\xa3 xong", "\xc4\x90\xc3\xa3 xong");
	bad(EVIDENCE_TEXT, "", "empty");
	bad(EVIDENCE_TEXT, " \n\t ", "empty");
	bad(EVIDENCE_TEXT, "a\x01z", "control character 0x01");
	bad(EVIDENCE_TEXT, "a\r\nb", "only newline and tab");
	bad(EVIDENCE_TEXT, "a\x7fz", "control character 0x7f");
	bad(EVIDENCE_TEXT, "a\xc2\x85z", "U+0085");
	bad(EVIDENCE_TEXT, "caf\xe9", "not valid UTF-8");
	bad(EVIDENCE_TEXT, "\xed\xa0\x80", "not valid UTF-8");

	memset(big, 'x', 4096);
	big[4096] = '\0';
	good(EVIDENCE_TEXT, big, big);
	big[4096] = 'x';
	big[4097] = '\0';
	bad(EVIDENCE_TEXT, big, "too long (4097 bytes, at most 4096)");
}

static void test_phone(void **state)
{
	(void)state;
	good(EVIDENCE_PHONE, "0912345678", "0912345678");
	good(EVIDENCE_PHONE, "+84 912 345 678", "0912345678");
	good(EVIDENCE_PHONE, "+84912345678", "0912345678");
	good(EVIDENCE_PHONE, "84912345678", "0912345678");
	good(EVIDENCE_PHONE, "0912.345.678", "0912345678");
	good(EVIDENCE_PHONE, "0912-345-678", "0912345678");
	good(EVIDENCE_PHONE, " 0912 345 678 ", "0912345678");
	/* landline: 0, area code, 8 digits */
	good(EVIDENCE_PHONE, "024 3825 1234", "02438251234");
	good(EVIDENCE_PHONE, "+84 24 3825 1234", "02438251234");

	bad_exact(EVIDENCE_PHONE, "0912",
		  "'0912' is not a phone number (expected 0 and 9 or 10 more "
		  "digits, e.g. 0912345678, or +84 912 345 678)");
	bad(EVIDENCE_PHONE, "091234567", "'091234567' is not a phone number");
	bad(EVIDENCE_PHONE, "091234567890", "is not a phone number");
	bad(EVIDENCE_PHONE, "912345678", "is not a phone number");
	bad(EVIDENCE_PHONE, "0912a45678", "'0912a45678' is not");
	bad(EVIDENCE_PHONE, "(091) 2345678", "is not a phone number");
	bad(EVIDENCE_PHONE, "-0912345678", "is not a phone number");
	/* E.164 is read whatever the region: a US number is kept so. */
	good(EVIDENCE_PHONE, "+1 202 555 0100", "+12025550100");
	bad(EVIDENCE_PHONE, "+1 202 155 0100", "expected 10 digits, e.g. (202)");
	bad(EVIDENCE_PHONE, "+84 0912 345 678", "no 0 after the country code");
	bad(EVIDENCE_PHONE, "00912345678", "is not a phone number");
	bad(EVIDENCE_PHONE, "+84", "is not a phone number");
	bad(EVIDENCE_PHONE, "", "empty");
	bad(EVIDENCE_PHONE, "0912345678901234567890123456789012345",
	    "is not a phone number");
}

static void test_email(void **state)
{
	(void)state;
	good(EVIDENCE_EMAIL, "ops@example.com", "ops@example.com");
	good(EVIDENCE_EMAIL, "Ops.Team@Example.COM", "Ops.Team@example.com");
	good(EVIDENCE_EMAIL, " a.b+c@mail.bacninh.gov.vn ",
	     "a.b+c@mail.bacninh.gov.vn");
	good(EVIDENCE_EMAIL, "x_y-z@a-b.vn", "x_y-z@a-b.vn");

	bad(EVIDENCE_EMAIL, "ops.example.com",
	    "'ops.example.com' is not an email address (expected name@example.com)");
	bad(EVIDENCE_EMAIL, "ops@localhost", "not an email address");
	bad(EVIDENCE_EMAIL, "@example.com", "not an email address");
	bad(EVIDENCE_EMAIL, "ops@", "not an email address");
	bad(EVIDENCE_EMAIL, "a@@example.com", "not an email address");
	bad(EVIDENCE_EMAIL, "a b@example.com", "not an email address");
	bad(EVIDENCE_EMAIL, ".a@example.com", "not an email address");
	bad(EVIDENCE_EMAIL, "a.@example.com", "not an email address");
	bad(EVIDENCE_EMAIL, "a..b@example.com", "not an email address");
	bad(EVIDENCE_EMAIL, "a@-example.com", "not an email address");
	bad(EVIDENCE_EMAIL, "a@example-.com", "not an email address");
	bad(EVIDENCE_EMAIL, "a@example..com", "not an email address");
	bad(EVIDENCE_EMAIL, "a@example.com.", "not an email address");
	bad(EVIDENCE_EMAIL, "a@example.c", "not an email address");
	bad(EVIDENCE_EMAIL, "a@10.0.0.1", "not an email address");
	bad(EVIDENCE_EMAIL, "\xc4\x91@example.com", "not an email address");
	bad(EVIDENCE_EMAIL, "a@b\xc3\xa1" "c.vn", "not an email address");
}

static void test_url(void **state)
{
	(void)state;
	good(EVIDENCE_URL, "https://bacninh.gov.vn", "https://bacninh.gov.vn");
	good(EVIDENCE_URL, "https://bacninh.gov.vn/a/b?q=1#top",
	     "https://bacninh.gov.vn/a/b?q=1#top");
	good(EVIDENCE_URL, " http://10.0.0.1:8080/ ", "http://10.0.0.1:8080/");
	good(EVIDENCE_URL, "HTTPS://EXAMPLE.VN", "HTTPS://EXAMPLE.VN");
	good(EVIDENCE_URL, "http://[::1]:80/x", "http://[::1]:80/x");
	good(EVIDENCE_URL, "https://user:pw@host.vn/", "https://user:pw@host.vn/");
	good(EVIDENCE_URL, "https://b\xe1\xba\xaf" "cninh.vn/",
	     "https://b\xe1\xba\xaf" "cninh.vn/");

	bad(EVIDENCE_URL, "www.bacninh.gov.vn",
	    "'www.bacninh.gov.vn' is not a web address (expected http:// or https://");
	bad(EVIDENCE_URL, "ftp://example.vn", "not a web address");
	bad(EVIDENCE_URL, "https://", "not a web address");
	bad(EVIDENCE_URL, "https:///path", "not a web address");
	bad(EVIDENCE_URL, "https://:80/", "not a web address");
	bad(EVIDENCE_URL, "https://a b.vn", "not a web address");
	bad(EVIDENCE_URL, "https://a.vn/x y", "not a web address");
	bad(EVIDENCE_URL, "https://a.vn:99999/", "port must be 1 to 65535");
	bad(EVIDENCE_URL, "https://a.vn:0/", "port must be 1 to 65535");
	bad(EVIDENCE_URL, "https://a.vn:/", "not a web address");
	bad(EVIDENCE_URL, "https://a.vn:8x/", "not a web address");
	bad(EVIDENCE_URL, "https://[]/", "not a web address");
	bad(EVIDENCE_URL, "https://a\"b.vn/", "not a web address");
	bad(EVIDENCE_URL, "https://a.vn/\xff", "not valid UTF-8");
}

static void test_int(void **state)
{
	(void)state;
	good(EVIDENCE_INT, "42", "42");
	good(EVIDENCE_INT, " -7 ", "-7");
	good(EVIDENCE_INT, "007", "7");
	good(EVIDENCE_INT, "0", "0");
	good(EVIDENCE_INT, "-0", "0");
	good(EVIDENCE_INT, "9223372036854775807", "9223372036854775807");
	good(EVIDENCE_INT, "-9223372036854775808", "-9223372036854775808");
	good(EVIDENCE_INT, "000000000000000000000000001", "1");

	bad(EVIDENCE_INT, "9223372036854775808", "too large");
	bad(EVIDENCE_INT, "-9223372036854775809", "too large");
	bad(EVIDENCE_INT, "99999999999999999999999", "too large");
	bad(EVIDENCE_INT, "1.5", "'1.5' is not a whole number");
	bad(EVIDENCE_INT, "+5", "is not a whole number");
	bad(EVIDENCE_INT, "-", "is not a whole number");
	bad(EVIDENCE_INT, "--5", "is not a whole number");
	bad(EVIDENCE_INT, "12a", "is not a whole number");
	bad(EVIDENCE_INT, "1 000", "is not a whole number");
	bad(EVIDENCE_INT, "", "empty");
}

static void test_money(void **state)
{
	(void)state;
	good(EVIDENCE_MONEY, "1500000", "1500000");
	good(EVIDENCE_MONEY, "1.500.000", "1500000");
	good(EVIDENCE_MONEY, "1,500,000", "1500000");
	good(EVIDENCE_MONEY, "1.500.000 \xc4\x91", "1500000");   /* đ */
	good(EVIDENCE_MONEY, "1.500.000\xc4\x91", "1500000");
	good(EVIDENCE_MONEY, "1.500.000 \xc4\x90", "1500000");   /* Đ */
	good(EVIDENCE_MONEY, "500.000 \xe2\x82\xab", "500000");  /* ₫ */
	good(EVIDENCE_MONEY, "1500000 VND", "1500000");
	good(EVIDENCE_MONEY, "2.000.000 vnd", "2000000");
	good(EVIDENCE_MONEY, "2.000.000 VN\xc4\x90", "2000000");
	good(EVIDENCE_MONEY, "999", "999");
	good(EVIDENCE_MONEY, "0", "0");
	good(EVIDENCE_MONEY, "0 \xc4\x91", "0");
	good(EVIDENCE_MONEY, "12.345.678.901.234", "12345678901234");

	bad_exact(EVIDENCE_MONEY, "1.5",
		  "'1.5' is not an amount (expected a whole amount of dong, "
		  "e.g. 1500000, 1.500.000 or 1,500,000 \xc4\x91)");
	bad(EVIDENCE_MONEY, "1.500,000", "is not an amount");
	bad(EVIDENCE_MONEY, "1.50.000", "is not an amount");
	bad(EVIDENCE_MONEY, "1500.000", "is not an amount");
	bad(EVIDENCE_MONEY, "1.500.00", "is not an amount");
	bad(EVIDENCE_MONEY, "1..500", "is not an amount");
	bad(EVIDENCE_MONEY, ".500", "is not an amount");
	bad(EVIDENCE_MONEY, "1.500.000,50", "is not an amount");
	bad(EVIDENCE_MONEY, "-5", "cannot be negative");
	bad(EVIDENCE_MONEY, "-1.500.000 \xc4\x91", "cannot be negative");
	bad(EVIDENCE_MONEY, "abc", "is not an amount");
	bad(EVIDENCE_MONEY, "\xc4\x91", "is not an amount");
	bad(EVIDENCE_MONEY, "1500000 USD", "is not an amount");
	bad(EVIDENCE_MONEY, "1 500 000", "is not an amount");
	bad(EVIDENCE_MONEY, "9223372036854775808", "too large");
	bad(EVIDENCE_MONEY, "99999999999999999999999999999999999", "too large");
	bad(EVIDENCE_MONEY, "", "empty");
}

static void test_date(void **state)
{
	(void)state;
	good(EVIDENCE_DATE, "2026-05-30", "2026-05-30");
	good(EVIDENCE_DATE, "30/05/2026", "2026-05-30");
	good(EVIDENCE_DATE, "1/5/2026", "2026-05-01");
	good(EVIDENCE_DATE, " 29/02/2024 ", "2024-02-29");
	good(EVIDENCE_DATE, "2000-02-29", "2000-02-29");
	good(EVIDENCE_DATE, "31/12/9999", "9999-12-31");

	bad_exact(EVIDENCE_DATE, "2026-02-30",
		  "'2026-02-30' is not a date (no such day in that month)");
	bad(EVIDENCE_DATE, "2025-02-29", "no such day");
	bad(EVIDENCE_DATE, "1900-02-29", "no such day");
	bad(EVIDENCE_DATE, "31/04/2026", "no such day");
	bad(EVIDENCE_DATE, "00/05/2026", "no such day");
	bad(EVIDENCE_DATE, "2026-13-01", "no such month");
	bad(EVIDENCE_DATE, "30/00/2026", "no such month");
	bad(EVIDENCE_DATE, "0000-01-01", "year");
	bad(EVIDENCE_DATE, "2026/05/30", "expected YYYY-MM-DD or DD/MM/YYYY");
	bad(EVIDENCE_DATE, "30-05-2026", "expected YYYY-MM-DD or DD/MM/YYYY");
	bad(EVIDENCE_DATE, "30/05/26", "expected YYYY-MM-DD or DD/MM/YYYY");
	bad(EVIDENCE_DATE, "2026-5-30", "expected YYYY-MM-DD or DD/MM/YYYY");
	bad(EVIDENCE_DATE, "30/05/2026 08:00", "expected YYYY-MM-DD");
	bad(EVIDENCE_DATE, "2026-05-3x", "expected YYYY-MM-DD");
	bad(EVIDENCE_DATE, "130/05/2026", "expected YYYY-MM-DD");
	bad(EVIDENCE_DATE, "", "empty");
}

static void test_bool(void **state)
{
	static const char *const yes[] = {
		"C\xc3\xb3", "c\xc3\xb3", "C\xc3\x93", "co", "CO", "yes", "YES",
		"Yes", "true", "True", "1", " yes ",
		"Co\xcc\x81", "CO\xcc\x81"      /* o + combining acute */
	};
	static const char *const no[] = {
		"Kh\xc3\xb4ng", "kh\xc3\xb4ng", "KH\xc3\x94NG", "khong", "no",
		"No", "false", "FALSE", "0",
		"kho\xcc\x82ng"                 /* o + combining circumflex */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		good(EVIDENCE_BOOL, yes[i], "true");
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		good(EVIDENCE_BOOL, no[i], "false");
	bad(EVIDENCE_BOOL, "maybe",
	    "'maybe' is not yes or no (expected yes/no, true/false, 1/0 or "
	    "c\xc3\xb3/kh\xc3\xb4ng)");
	bad(EVIDENCE_BOOL, "2", "is not yes or no");
	bad(EVIDENCE_BOOL, "yess", "is not yes or no");
	bad(EVIDENCE_BOOL, "y", "is not yes or no");
	bad(EVIDENCE_BOOL, "c\xc3\xb2", "is not yes or no");  /* cò */
	bad(EVIDENCE_BOOL, "", "empty");
}

static void test_file(void **state)
{
	(void)state;
	good(EVIDENCE_FILE, "report.pdf", "report.pdf");
	good(EVIDENCE_FILE, "bi\xc3\xaan b\xe1\xba\xa3n.pdf",
	     "bi\xc3\xaan b\xe1\xba\xa3n.pdf");
	/* kept exactly as given */
	good(EVIDENCE_FILE, " scan 1.png", " scan 1.png");
	bad(EVIDENCE_FILE, "", "file name is empty");
	bad(EVIDENCE_FILE, "   ", "file name is empty");
	bad(EVIDENCE_FILE, "a\nb.pdf", "control character 0x0a");
	bad(EVIDENCE_FILE, "a\xff.pdf", "not valid UTF-8");
}

static void test_quoting(void **state)
{
	char longv[200];

	(void)state;
	/* control characters and bad bytes are shown escaped */
	bad(EVIDENCE_INT, "1\x01\xff", "'1\\x01\\xff' is not a whole number");
	/* a long value is cut short in the message */
	memset(longv, '7', sizeof(longv) - 2);
	longv[sizeof(longv) - 2] = 'x';
	longv[sizeof(longv) - 1] = '\0';
	bad(EVIDENCE_INT, longv,
	    "'777777777777777777777777777777777777777777777777777777777777...'"
	    " is not a whole number");
}

static void test_appends_and_errors(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;

	(void)state;
	strbuf_adds(&out, "v=");
	assert_int_equal(evidence_normalize(EVIDENCE_INT, NULL, "05", &out, &err), 0);
	assert_string_equal(out.buf, "v=5");
	assert_false(err_is_set(&err));
	assert_int_equal(evidence_normalize((enum evidence_type)99, NULL, "1", &out,
					    &err), -1);
	assert_non_null(strstr(err.msg.buf, "unknown evidence type"));
	assert_int_equal(evidence_normalize(EVIDENCE_TEXT, NULL, NULL, &out, &err), -1);
	assert_string_equal(out.buf, "v=5");
	bad_exact(EVIDENCE_PHONE, "  ",
		  "value is empty (expected a value of type phone)");
	strbuf_release(&out);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_phone_regions),
		cmocka_unit_test(test_money_currencies),
		cmocka_unit_test(test_money_minor),
		cmocka_unit_test(test_date_orders),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_appends_and_errors),
	};

	return cmocka_run_group_tests_name("evidence", tests, NULL, NULL);
}
