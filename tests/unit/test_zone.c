/*
 * Unit tests for the clock module's zones: the TZif reader on the files
 * of tests/data/zoneinfo (compiled by zic from zones.txt there, in both
 * its "fat" form, a table of transitions to 2037, and its "slim" form,
 * where the footer's POSIX rule does the work), malformed files built
 * here byte by byte, and what the zones do to local time across a
 * daylight-saving change: formats, local midnight, calendar days, the
 * gap of a spring-forward and the repeated hour of a fall-back.
 * Run from the repository root.
 */
#include "clock.h"
#include "err.h"
#include "infile.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

#define ZONEINFO "tests/data/zoneinfo/"

/* 2026-03-08 07:00Z: 02:00 EST, when New York springs forward. */
#define NY_SPRING ((instant_t)1772953200)
/* 2026-11-01 06:00Z: 02:00 EDT, when New York falls back. */
#define NY_FALL ((instant_t)1793512800)

static struct clock_zone *load(const char *form, const char *name)
{
	struct clock_zone *z = NULL;
	struct err err = ERR_INIT;

	setenv("TZDIR", form[0] == 'f' ? ZONEINFO "fat" : ZONEINFO "slim", 1);
	if (clock_zone_load(name, &z, &err))
		fail_msg("%s %s: %s", form, name, err.msg.buf);
	err_release(&err);
	unsetenv("TZDIR");
	return z;
}

static void check_local(const struct clock_zone *z, instant_t t,
			const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	clock_format_rfc3339(&sb, t, z);
	if (strcmp(sb.buf, want))
		fail_msg("%lld in %s: %s, want %s", (long long)t,
			 clock_zone_name(z), sb.buf, want);
	strbuf_release(&sb);
}

/* The same answers from the fat and the slim file of each zone. */
static void test_new_york(void **state)
{
	static const char *const forms[] = { "fat", "slim" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct clock_zone *z = load(forms[i], "Test/New_York");

		assert_string_equal(clock_zone_name(z), "Test/New_York");
		assert_false(clock_zone_is_fixed(z));
		assert_true(clock_zone_has_dst(z));
		/* A second before and at the spring-forward. */
		check_local(z, NY_SPRING - 1, "2026-03-08T01:59:59-05:00");
		check_local(z, NY_SPRING, "2026-03-08T03:00:00-04:00");
		assert_string_equal(clock_zone_abbrev(z, NY_SPRING - 1), "EST");
		assert_string_equal(clock_zone_abbrev(z, NY_SPRING), "EDT");
		/* The fall-back: 01:59:59 EDT, then 01:00 EST. */
		check_local(z, NY_FALL - 1, "2026-11-01T01:59:59-04:00");
		check_local(z, NY_FALL, "2026-11-01T01:00:00-05:00");
		/* Beyond the fat file's table (2037): the footer's rule. */
		check_local(z, 4102462800, "2100-01-01T00:00:00-05:00");
		check_local(z, 4118097600, "2100-07-01T00:00:00-04:00");
		clock_zone_free(z);
	}
}

static void test_southern(void **state)
{
	static const char *const forms[] = { "fat", "slim" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct clock_zone *z = load(forms[i], "Test/Sydney");

		/* DST across the new year: summer in January. */
		check_local(z, 1767225600, "2026-01-01T11:00:00+11:00");
		check_local(z, 1782864000, "2026-07-01T10:00:00+10:00");
		clock_zone_free(z);
		z = load(forms[i], "Test/Lord_Howe");
		/* Half an hour of DST. */
		check_local(z, 1767225600, "2026-01-01T11:00:00+11:00");
		check_local(z, 1782864000, "2026-07-01T10:30:00+10:30");
		clock_zone_free(z);
	}
}

static void test_fixed_and_named(void **state)
{
	struct clock_zone *z = load("slim", "Test/Plus7"), *c;
	struct err err = ERR_INIT;

	(void)state;
	assert_false(clock_zone_has_dst(z));
	check_local(z, 1780066800, "2026-05-29T22:00:00+07:00");
	assert_string_equal(clock_zone_abbrev(z, 0), "+07");
	c = clock_zone_dup(z);
	clock_zone_free(z);
	check_local(c, 1780066800, "2026-05-29T22:00:00+07:00");
	clock_zone_free(c);
	assert_int_equal(clock_zone_load("-03:30", &z, &err), 0);
	assert_true(clock_zone_is_fixed(z));
	assert_string_equal(clock_zone_name(z), "-03:30");
	assert_string_equal(clock_zone_abbrev(z, 0), "");
	check_local(z, 0, "1969-12-31T20:30:00-03:30");
	clock_zone_free(z);
	/* NULL is UTC, for every function that takes a zone. */
	check_local(NULL, 0, "1970-01-01T00:00:00+00:00");
	assert_int_equal(clock_zone_offset(NULL, 0), 0);
	err_release(&err);
}

/* Names that must never reach the file system, and names not there. */
static void test_bad_names(void **state)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "../etc/passwd", "America/../../etc/passwd",
		"./UTC", "America//New_York", "America/", "Ame rica/X",
		"America/New_York\n", ".hidden", "a/.b",
	};
	struct clock_zone *z;
	struct err err = ERR_INIT;
	size_t i;

	(void)state;
	setenv("TZDIR", ZONEINFO "fat", 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		z = (struct clock_zone *)&z;
		if (clock_zone_load(bad[i], &z, &err) != -1)
			fail_msg("'%s' loaded", bad[i]);
		assert_null(z);
		assert_non_null(strstr(err.msg.buf, "time zone"));
		err_reset(&err);
	}
	assert_int_equal(clock_zone_load("Test/Nowhere", &z, &err), -1);
	assert_string_equal(err.msg.buf, "time zone 'Test/Nowhere': no such"
			    " zone in the tz database");
	/* A folder is no zone either. */
	assert_int_equal(clock_zone_load("Test", &z, &err), -1);
	unsetenv("TZDIR");
	err_release(&err);
}

/* Local time to instants: the gap moves forward, the overlap is first. */
static void test_from_local(void **state)
{
	struct clock_zone *z = load("slim", "Test/New_York");
	/* 2026-03-08 as local seconds (as if UTC). */
	int64_t day = 1772928000;

	(void)state;
	/* 01:30 EST exists once. */
	assert_int_equal(clock_zone_from_local(z, day + 5400),
			 NY_SPRING - 1800);
	/* 02:30 does not exist: read at -05:00, it is 03:30 EDT. */
	assert_int_equal(clock_zone_from_local(z, day + 9000),
			 NY_SPRING + 1800);
	/* 03:00 EDT is the change itself. */
	assert_int_equal(clock_zone_from_local(z, day + 10800), NY_SPRING);
	/* 2026-11-01 01:30 happens twice: the first, in EDT. */
	assert_int_equal(clock_zone_from_local(z, 1793491200 + 5400),
			 NY_FALL - 1800);
	clock_zone_free(z);
}

/* Days on the calendar: a run's dues across the change. */
static void test_days_across_dst(void **state)
{
	struct clock_zone *z = load("fat", "Test/New_York");
	struct time_expr e;
	struct err err = ERR_INIT;
	/* T0: 2026-03-07 22:00 EST. */
	instant_t t0 = 1772938800, t;

	(void)state;
	/* T+1d is 22:00 again, 23 hours later. */
	assert_int_equal(clock_parse_expr("T+1d", CLOCK_DATES_ISO, &e, &err), 0);
	t = clock_resolve(&e, t0, z);
	check_local(z, t, "2026-03-08T22:00:00-04:00");
	assert_int_equal(t - t0, 23 * 3600);
	/* T+24h is elapsed time: 23:00 EDT. */
	assert_int_equal(clock_parse_expr("T+24h", CLOCK_DATES_ISO, &e, &err), 0);
	check_local(z, clock_resolve(&e, t0, z), "2026-03-08T23:00:00-04:00");
	/* T+1d 16:00: the local time on the day reached. */
	assert_int_equal(clock_parse_expr("T+1d 16:00", CLOCK_DATES_ISO, &e,
					  &err), 0);
	check_local(z, clock_resolve(&e, t0, z), "2026-03-08T16:00:00-04:00");
	/* Local midnight of the short day, and the next day's. */
	t = clock_local_midnight(NY_SPRING + 3600, z);
	check_local(z, t, "2026-03-08T00:00:00-05:00");
	check_local(z, clock_add_days(t, 1, z), "2026-03-09T00:00:00-04:00");
	assert_int_equal(clock_add_days(t, 1, z) - t, 23 * 3600);
	assert_int_equal(clock_minute_of_day(NY_SPRING, z), 180);
	/* An absolute time in the gap: forward. */
	assert_int_equal(clock_parse_expr("2026-03-08 02:30", CLOCK_DATES_ISO,
					  &e, &err), 0);
	check_local(z, clock_resolve(&e, t0, z), "2026-03-08T03:30:00-04:00");
	assert_int_equal(clock_parse_local("2026-11-01 01:30", z, &t, &err), 0);
	check_local(z, t, "2026-11-01T01:30:00-04:00");
	clock_zone_free(z);
	err_release(&err);
}

/* Builds a TZif v1 file: one type, n transitions, the given header. */
static void tzif(struct strbuf *f, int version, uint32_t timecnt,
		 uint32_t typecnt, uint32_t charcnt, uint32_t leapcnt)
{
	uint32_t counts[6] = { 0, 0, leapcnt, timecnt, typecnt, charcnt };
	size_t i;

	strbuf_reset(f);
	strbuf_adds(f, "TZif");
	strbuf_addch(f, version);
	for (i = 0; i < 15; i++)
		strbuf_addch(f, 0);
	for (i = 0; i < 6; i++) {
		strbuf_addch(f, (int)(counts[i] >> 24));
		strbuf_addch(f, (int)(counts[i] >> 16 & 0xff));
		strbuf_addch(f, (int)(counts[i] >> 8 & 0xff));
		strbuf_addch(f, (int)(counts[i] & 0xff));
	}
}

static void be32(struct strbuf *f, uint32_t v)
{
	strbuf_addch(f, (int)(v >> 24));
	strbuf_addch(f, (int)(v >> 16 & 0xff));
	strbuf_addch(f, (int)(v >> 8 & 0xff));
	strbuf_addch(f, (int)(v & 0xff));
}

static void bad_tzif(const struct strbuf *f, const char *why)
{
	struct clock_zone *z = NULL;
	struct err err = ERR_INIT;

	if (clock_zone_parse_tzif("X", f->buf, f->len, &z, &err) != -1)
		fail_msg("accepted, wanted '%s'", why);
	assert_null(z);
	if (!strstr(err.msg.buf, why))
		fail_msg("'%s' lacks '%s'", err.msg.buf, why);
	err_release(&err);
}

static void test_malformed(void **state)
{
	struct strbuf f = STRBUF_INIT;
	struct clock_zone *z = NULL;
	struct err err = ERR_INIT;
	char *big;

	(void)state;
	strbuf_adds(&f, "TZ");
	bad_tzif(&f, "not a TZif file");
	tzif(&f, 0, 0, 0, 1, 0);
	bad_tzif(&f, "no local time type");
	tzif(&f, 0, 0, 1, 1, 1);
	bad_tzif(&f, "leap-second");
	tzif(&f, 0, 0xffffffff, 1, 1, 0);
	bad_tzif(&f, "too many transitions");
	tzif(&f, 0, 0, 1, 4, 0);
	bad_tzif(&f, "cut short");
	/* A good v1 file: one type, +07:00, "ICT". */
	tzif(&f, 0, 1, 1, 4, 0);
	be32(&f, 0);            /* one transition, at the epoch */
	strbuf_addch(&f, 0);    /* to type 0 */
	be32(&f, 7 * 3600);
	strbuf_addch(&f, 0);
	strbuf_addch(&f, 0);
	strbuf_add(&f, "ICT", 4);
	assert_int_equal(clock_zone_parse_tzif("V1", f.buf, f.len, &z, &err),
			 0);
	check_local(z, 0, "1970-01-01T07:00:00+07:00");
	assert_string_equal(clock_zone_abbrev(z, 10), "ICT");
	clock_zone_free(z);
	/* The same transition pointing at a type that is not there. */
	f.buf[44 + 4] = 1;
	bad_tzif(&f, "does not exist");
	f.buf[44 + 4] = 0;
	/* An abbreviation index past the table. */
	f.buf[44 + 5 + 5] = 9;
	bad_tzif(&f, "outside the table");
	f.buf[44 + 5 + 5] = 0;
	/* An offset of 26 hours. */
	f.buf[44 + 5] = 0;
	f.buf[44 + 5 + 1] = 1;
	f.buf[44 + 5 + 2] = 0x6d;
	f.buf[44 + 5 + 3] = 0x90;
	bad_tzif(&f, "beyond 25 hours");
	/* A v2 file without its 64-bit part. */
	tzif(&f, '2', 0, 1, 1, 0);
	be32(&f, 0);
	strbuf_addch(&f, 0);
	strbuf_addch(&f, 0);
	strbuf_addch(&f, 0);
	bad_tzif(&f, "64-bit part is missing");
	/* Larger than any zone: refused before it is read. */
	big = calloc(1, CLOCK_TZIF_MAX_BYTES + 1);
	memcpy(big, "TZif2", 5);
	assert_int_equal(clock_zone_parse_tzif("Big", big,
					       CLOCK_TZIF_MAX_BYTES + 1, &z,
					       &err), -1);
	assert_non_null(strstr(err.msg.buf, "too large"));
	free(big);
	strbuf_release(&f);
	err_release(&err);
}

/* A footer whose rule does not parse, in an otherwise real file. */
static void test_bad_footer(void **state)
{
	struct strbuf f = STRBUF_INIT;
	struct clock_zone *z = NULL;
	struct err err = ERR_INIT;
	char *nl;

	(void)state;
	assert_int_equal(infile_read(ZONEINFO "slim/Test/New_York", 4096, &f,
				     &err), 0);
	/* "EST5EDT,M3.2.0,M11.1.0" -> "EST5EDT,M3.2.9,M11.1.0" */
	nl = memmem(f.buf, f.len, "M3.2.0", 6);
	assert_non_null(nl);
	nl[5] = '9';
	assert_int_equal(clock_zone_parse_tzif("X", f.buf, f.len, &z, &err),
			 -1);
	assert_non_null(strstr(err.msg.buf, "rule is malformed"));
	strbuf_release(&f);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_york),
		cmocka_unit_test(test_southern),
		cmocka_unit_test(test_fixed_and_named),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_from_local),
		cmocka_unit_test(test_days_across_dst),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bad_footer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
