/*
 * Unit tests for the clock module: the time-expression grammar, local
 * time at explicit offsets, CUTOVER_NOW, and the display formats.  The
 * reference T0 is 2026-05-29 22:00 at +07:00, the instant 1780066800.
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "clock.h"
#include "err.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

/*
 * The process's zone, set as a user's TZ would set it, to show the clock
 * ignores it: tzset is banned in the engine (banned.h), so this comes
 * before the ban.
 */
static void set_process_tz(const char *tz)
{
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
}

#include "banned.h"

#define T0 ((instant_t)1780066800)
#define VN 420

/* A fixed zone at offset minutes, kept for the whole test program. */
static const struct clock_zone *Z(int offset)
{
	static struct clock_zone *zones[64];
	static int offsets[64];
	static size_t n;
	size_t i;

	for (i = 0; i < n; i++)
		if (offsets[i] == offset)
			return zones[i];
	assert_true(n < 64);
	offsets[n] = offset;
	zones[n] = clock_zone_fixed(offset);
	return zones[n++];
}

/* Parses text, resolves it at T0 and `offset`, formats it locally. */
static void check_expr_at(const char *text, int offset, const char *want)
{
	struct time_expr e;
	struct err err = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	int rc = clock_parse_expr(text, CLOCK_DATES_DMY, &e, &err);

	if (rc < 0)
		fail_msg("'%s' failed: %s", text, err.msg.buf);
	clock_format_local(&sb, clock_resolve(&e, T0, Z(offset)), Z(offset));
	if (strcmp(sb.buf, want))
		fail_msg("'%s' gave %s, want %s", text, sb.buf, want);
	strbuf_release(&sb);
	err_release(&err);
}

static void check_expr(const char *text, const char *want)
{
	check_expr_at(text, VN, want);
}

/* Expects text to be refused with "cannot parse 'TEXT': ...WHY...". */
static void check_bad_expr(const char *text, const char *why)
{
	struct time_expr e;
	struct err err = ERR_INIT;
	struct strbuf want = STRBUF_INIT;

	memset(&e, 0x5a, sizeof(e));
	if (clock_parse_expr(text, CLOCK_DATES_DMY, &e, &err) != -1)
		fail_msg("'%s' was accepted", text);
	/* a refused expression leaves the output alone */
	assert_int_equal(e.kind, 0x5a5a5a5a);
	assert_int_equal(e.minute_of_day, 0x5a5a5a5a);
	strbuf_addf(&want, "cannot parse '%s': ", text);
	if (strncmp(err.msg.buf, want.buf, want.len))
		fail_msg("'%s': message '%s' does not start with '%s'", text,
			 err.msg.buf, want.buf);
	if (!strstr(err.msg.buf + want.len, why))
		fail_msg("'%s': message '%s' lacks '%s'", text, err.msg.buf,
			 why);
	strbuf_release(&want);
	err_release(&err);
}

static void test_relative_t(void **state)
{
	struct time_expr e;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(clock_parse_expr("T", CLOCK_DATES_DMY, &e, &err), 0);
	assert_int_equal(e.kind, TIME_RELATIVE);
	assert_int_equal(e.offset_seconds, 0);
	assert_int_equal(e.has_time_of_day, 0);
	assert_int_equal(clock_resolve(&e, T0, Z(VN)), T0);
	check_expr("T", "2026-05-29 22:00");
	err_release(&err);
}

static void test_relative_offsets(void **state)
{
	(void)state;
	check_expr("T-6h", "2026-05-29 16:00");
	check_expr("T+1d", "2026-05-30 22:00");
	check_expr("T+90m", "2026-05-29 23:30");
	check_expr("T-1d12h", "2026-05-28 10:00");
	check_expr("T+1d2h30m", "2026-05-31 00:30");
	check_expr("T+1d-2h", "2026-05-30 20:00");
	check_expr("T-0m", "2026-05-29 22:00");
}

static void test_relative_fields(void **state)
{
	struct time_expr e;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(clock_parse_expr("T+1d 16:00", CLOCK_DATES_DMY, &e, &err), 0);
	assert_int_equal(e.kind, TIME_RELATIVE);
	assert_int_equal(e.offset_seconds, 86400);
	assert_int_equal(e.has_time_of_day, 1);
	assert_int_equal(e.minute_of_day, 960);
	assert_int_equal(clock_parse_expr("T-1d12h", CLOCK_DATES_DMY, &e, &err), 0);
	assert_int_equal(e.offset_seconds, -(86400 + 12 * 3600));
	assert_int_equal(e.has_time_of_day, 0);
	err_release(&err);
}

static void test_relative_time_of_day(void **state)
{
	(void)state;
	check_expr("T+1d 16:00", "2026-05-30 16:00");
	check_expr("T+2d 16:00", "2026-05-31 16:00");
	check_expr("T 16:00", "2026-05-29 16:00");
	check_expr("T 08:30", "2026-05-29 08:30");
	check_expr("T-1d 00:00", "2026-05-28 00:00");
	check_expr("T+1d 23:59", "2026-05-30 23:59");
	check_expr("T+1d 8:05", "2026-05-30 08:05");
	/*
	 * T+3h is 01:00 local on the 30th but still the 29th in UTC: the
	 * time of day must land on the local date.
	 */
	check_expr("T+3h 08:00", "2026-05-30 08:00");
}

static void test_relative_spaces(void **state)
{
	(void)state;
	check_expr("  T-6h  ", "2026-05-29 16:00");
	check_expr("T + 1d", "2026-05-30 22:00");
	check_expr("T+1d 12h", "2026-05-31 10:00");
	check_expr("T+1d16:00", "2026-05-30 16:00");
	check_expr("T\t+2d\t16:00", "2026-05-31 16:00");
}

static void test_relative_other_offsets(void **state)
{
	(void)state;
	/* T0 is 15:00 on the 29th in UTC */
	check_expr_at("T", 0, "2026-05-29 15:00");
	check_expr_at("T+1d 16:00", 0, "2026-05-30 16:00");
	/* and 11:00 at -04:00, and 00:30 on the 30th at +09:30 */
	check_expr_at("T 16:00", -240, "2026-05-29 16:00");
	check_expr_at("T 16:00", 570, "2026-05-30 16:00");
}

static void test_relative_limits(void **state)
{
	struct time_expr e;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(clock_parse_expr("T+36500d", CLOCK_DATES_DMY, &e, &err), 0);
	assert_int_equal(e.offset_seconds, (int64_t)36500 * 86400);
	check_bad_expr("T+36501d", "too large");
	check_bad_expr("T+99999999999999999999999d", "too large");
	check_bad_expr("T+20000d-20000d+36501d", "too large");
	check_bad_expr("T-876001h", "too large");
	err_release(&err);
}

static void test_absolute(void **state)
{
	struct time_expr e;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(clock_parse_expr("2026-05-30 08:00", CLOCK_DATES_DMY, &e, &err), 0);
	assert_int_equal(e.kind, TIME_ABSOLUTE);
	/* T0 does not move an absolute time */
	assert_int_equal(clock_resolve(&e, T0, Z(VN)), 1780102800);
	assert_int_equal(clock_resolve(&e, 0, Z(VN)), 1780102800);
	/* 08:00 at -03:00 is ten hours later than 08:00 at +07:00 */
	assert_int_equal(clock_resolve(&e, T0, Z(-180)), 1780102800 + 36000);
	check_expr("2026-05-30 08:00", "2026-05-30 08:00");
	check_expr("2026-05-30", "2026-05-30 00:00");
	check_expr("30/05/2026 08:00", "2026-05-30 08:00");
	check_expr("30/05/2026", "2026-05-30 00:00");
	check_expr("  2026-05-30   08:00 ", "2026-05-30 08:00");
	check_expr("2024-02-29 23:59", "2024-02-29 23:59");
	check_expr("2000-02-29", "2000-02-29 00:00");
	check_expr("1/6/2026 7:05", "2026-06-01 07:05");
	check_expr("1969-12-31 23:00", "1969-12-31 23:00");
	err_release(&err);
}

static void test_none(void **state)
{
	struct time_expr e;

	(void)state;
	memset(&e, 0, sizeof(e));
	assert_int_equal(e.kind, TIME_NONE);
	assert_int_equal(clock_resolve(&e, T0, Z(VN)), T0);
	assert_int_equal(clock_resolve(&e, 12345, Z(-600)), 12345);
}

static void test_bad_exprs(void **state)
{
	(void)state;
	check_bad_expr("", "empty");
	check_bad_expr("   ", "empty");
	check_bad_expr("T+2x", "unknown unit 'x'");
	check_bad_expr("T+2D", "unknown unit 'D'");
	check_bad_expr("T+2\xc4\x91", "unknown unit '\xc4\x91'");
	check_bad_expr("T+2", "missing unit after '2'");
	check_bad_expr("T+2 d", "missing unit");
	check_bad_expr("T+", "expected a number after '+'");
	check_bad_expr("T-", "expected a number after '-'");
	check_bad_expr("T+-2d", "expected a number after '+'");
	check_bad_expr("T2h", "expected '+' or '-'");
	check_bad_expr("T+16:00", "expected a unit");
	check_bad_expr("T+2d 24:00", "hour must be 00 to 23");
	check_bad_expr("T+2d 16:60", "minute must be 00 to 59");
	check_bad_expr("T+2d 16:0", "minutes");
	check_bad_expr("T+2d 16:00x", "unexpected 'x'");
	check_bad_expr("T+2d 16:00 17:00", "unexpected '17:00'");
	check_bad_expr("Tomorrow", "unexpected 'o'");
	check_bad_expr("t+1d", "expected");
	check_bad_expr("tomorrow", "expected");
	check_bad_expr("2026-02-30", "no such day");
	check_bad_expr("2025-02-29 08:00", "no such day");
	check_bad_expr("31/04/2026", "no such day");
	check_bad_expr("2026-13-01", "month must be 01 to 12");
	check_bad_expr("2026-00-10", "month");
	check_bad_expr("0000-01-01", "year");
	check_bad_expr("2026-5-30", "YYYY-MM-DD");
	check_bad_expr("2026-05-30 24:00", "hour must be 00 to 23");
	check_bad_expr("2026-05-30 23:60", "minute must be 00 to 59");
	check_bad_expr("2026-05-30 08:00 junk", "unexpected 'junk'");
	check_bad_expr("2026-05-30T08:00", "unexpected 'T08:00'");
	check_bad_expr("2026-05-30x", "unexpected 'x'");
	check_bad_expr("30/05/26", "expected");
	check_bad_expr("2026/05/30", "expected");
	check_bad_expr("08:00", "expected");
}

static void test_bad_expr_exact_message(void **state)
{
	struct time_expr e;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(clock_parse_expr("T+2x", CLOCK_DATES_DMY, &e, &err), -1);
	assert_string_equal(err.msg.buf,
			    "cannot parse 'T+2x': unknown unit 'x' (expected d, h or m)");
	assert_int_equal(clock_parse_expr("2026-02-30", CLOCK_DATES_DMY, &e, &err), -1);
	assert_string_equal(err.msg.buf,
			    "cannot parse '2026-02-30': no such day in that month");
	err_release(&err);
}

static void test_parse_local(void **state)
{
	struct err err = ERR_INIT;
	instant_t t = 0;

	(void)state;
	assert_int_equal(clock_parse_local("2026-05-29 22:00", Z(VN), &t, &err), 0);
	assert_int_equal(t, T0);
	assert_int_equal(clock_parse_local("2026-05-29T22:00", Z(VN), &t, &err), 0);
	assert_int_equal(t, T0);
	assert_int_equal(clock_parse_local("2026-05-29 22:00:30", Z(VN), &t, &err), 0);
	assert_int_equal(t, T0 + 30);
	assert_int_equal(clock_parse_local("2026-05-29 15:00", Z(0), &t, &err), 0);
	assert_int_equal(t, T0);
	/* an explicit offset wins over the one passed in */
	assert_int_equal(clock_parse_local("2026-05-29T15:00Z", Z(VN), &t, &err), 0);
	assert_int_equal(t, T0);
	assert_int_equal(clock_parse_local("2026-05-29 22:00+07:00", Z(0), &t, &err), 0);
	assert_int_equal(t, T0);
	assert_int_equal(clock_parse_local("2026-05-29T12:00:00-03:00", Z(VN), &t, &err), 0);
	assert_int_equal(t, T0);
	assert_int_equal(clock_parse_local("2026-05-29 15:00 UTC", Z(VN), &t, &err), 0);
	assert_int_equal(t, T0);
	assert_int_equal(clock_parse_local("1970-01-01 00:00Z", Z(VN), &t, &err), 0);
	assert_int_equal(t, 0);
	err_release(&err);
}

static void check_bad_local(const char *text, const char *why)
{
	struct err err = ERR_INIT;
	instant_t t = 42;

	if (clock_parse_local(text, Z(VN), &t, &err) != -1)
		fail_msg("'%s' was accepted", text);
	assert_int_equal(t, 42);
	assert_non_null(strstr(err.msg.buf, text));
	if (!strstr(err.msg.buf, why))
		fail_msg("'%s': message '%s' lacks '%s'", text, err.msg.buf,
			 why);
	err_release(&err);
}

static void test_parse_local_bad(void **state)
{
	struct err err = ERR_INIT;
	instant_t t;

	(void)state;
	assert_int_equal(clock_parse_local("", Z(VN), &t, &err), -1);
	assert_non_null(strstr(err.msg.buf, "empty"));
	check_bad_local("2026-05-29", "expected a time");
	check_bad_local("29/05/2026 22:00", "YYYY-MM-DD");
	check_bad_local("2026-05-29 25:00", "hour");
	check_bad_local("2026-05-29 22:00:60", "seconds");
	check_bad_local("2026-05-29 22:00 junk", "offset");
	check_bad_local("2026-05-29 22:00+15:00", "-14:00 and +14:00");
	check_bad_local("2026-02-29 22:00", "no such day");
	err_release(&err);
}

static void test_parse_offset(void **state)
{
	struct err err = ERR_INIT;
	int m = 1;

	(void)state;
	assert_int_equal(clock_parse_offset("+07:00", &m, &err), 0);
	assert_int_equal(m, 420);
	assert_int_equal(clock_parse_offset("-03:30", &m, &err), 0);
	assert_int_equal(m, -210);
	assert_int_equal(clock_parse_offset("+05:45", &m, &err), 0);
	assert_int_equal(m, 345);
	assert_int_equal(clock_parse_offset("+0700", &m, &err), 0);
	assert_int_equal(m, 420);
	m = 1;
	assert_int_equal(clock_parse_offset("UTC", &m, &err), 0);
	assert_int_equal(m, 0);
	m = 1;
	assert_int_equal(clock_parse_offset("Z", &m, &err), 0);
	assert_int_equal(m, 0);
	assert_int_equal(clock_parse_offset("+14:00", &m, &err), 0);
	assert_int_equal(m, 840);
	assert_int_equal(clock_parse_offset("-12:00", &m, &err), 0);
	assert_int_equal(m, -720);

	m = 99;
	assert_int_equal(clock_parse_offset("07:00", &m, &err), -1);
	assert_string_equal(err.msg.buf,
			    "cannot parse '07:00': expected an offset like +07:00, -03:30, Z or UTC");
	assert_int_equal(m, 99);
	assert_int_equal(clock_parse_offset("+7", &m, &err), -1);
	assert_non_null(strstr(err.msg.buf, "'+7'"));
	assert_int_equal(clock_parse_offset("+07:60", &m, &err), -1);
	assert_non_null(strstr(err.msg.buf, "minutes"));
	assert_int_equal(clock_parse_offset("+15:00", &m, &err), -1);
	assert_non_null(strstr(err.msg.buf, "'+15:00'"));
	assert_int_equal(clock_parse_offset("+07:00 ", &m, &err), -1);
	assert_int_equal(clock_parse_offset("", &m, &err), -1);
	assert_non_null(strstr(err.msg.buf, "empty"));
	assert_int_equal(m, 99);
	err_release(&err);
}

static void test_parse_time_of_day(void **state)
{
	static const char *const bad[] = {
		"24:00", "12:60", "12:5", "1200", "12:00x", "123:00", "-1:00",
		":30", "12:345"
	};
	struct err err = ERR_INIT;
	int m = 0;
	size_t i;

	(void)state;
	assert_int_equal(clock_parse_time_of_day("00:00", &m, &err), 0);
	assert_int_equal(m, 0);
	assert_int_equal(clock_parse_time_of_day("23:59", &m, &err), 0);
	assert_int_equal(m, 1439);
	assert_int_equal(clock_parse_time_of_day("8:05", &m, &err), 0);
	assert_int_equal(m, 485);
	assert_int_equal(clock_parse_time_of_day("16:00", &m, &err), 0);
	assert_int_equal(m, 960);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = 7;
		if (clock_parse_time_of_day(bad[i], &m, &err) != -1)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(m, 7);
		assert_non_null(strstr(err.msg.buf, bad[i]));
	}
	assert_int_equal(clock_parse_time_of_day("24:00", &m, &err), -1);
	assert_string_equal(err.msg.buf,
			    "cannot parse '24:00': hour must be 00 to 23");
	assert_int_equal(clock_parse_time_of_day("", &m, &err), -1);
	err_release(&err);
}

static void test_now_env(void **state)
{
	struct err err = ERR_INIT;
	instant_t t = 0;

	(void)state;
	setenv("CUTOVER_NOW", "2026-05-29 22:00", 1);
	assert_int_equal(clock_now(Z(VN), &t, &err), 0);
	assert_int_equal(t, T0);
	/* without its own offset, CUTOVER_NOW is read at the runbook's */
	assert_int_equal(clock_now(Z(0), &t, &err), 0);
	assert_int_equal(t, T0 + 7 * 3600);
	setenv("CUTOVER_NOW", "2026-05-29T15:00:00Z", 1);
	assert_int_equal(clock_now(Z(VN), &t, &err), 0);
	assert_int_equal(t, T0);
	setenv("CUTOVER_NOW", "2026-05-29 22:00:01+07:00", 1);
	assert_int_equal(clock_now(Z(-300), &t, &err), 0);
	assert_int_equal(t, T0 + 1);
	unsetenv("CUTOVER_NOW");
	err_release(&err);
}

static void test_now_env_bad(void **state)
{
	struct err err = ERR_INIT;
	instant_t t = 5;

	(void)state;
	setenv("CUTOVER_NOW", "tomorrow", 1);
	assert_int_equal(clock_now(Z(VN), &t, &err), -1);
	assert_int_equal(t, 5);
	assert_non_null(strstr(err.msg.buf, "CUTOVER_NOW"));
	assert_non_null(strstr(err.msg.buf, "'tomorrow'"));
	setenv("CUTOVER_NOW", "2026-05-29 22:61", 1);
	assert_int_equal(clock_now(Z(VN), &t, &err), -1);
	assert_non_null(strstr(err.msg.buf, "'2026-05-29 22:61'"));
	unsetenv("CUTOVER_NOW");
	err_release(&err);
}

static void test_now_system(void **state)
{
	struct err err = ERR_INIT;
	instant_t t = 0, before, after;

	(void)state;
	unsetenv("CUTOVER_NOW");
	before = (instant_t)time(NULL);
	assert_int_equal(clock_now(Z(VN), &t, &err), 0);
	after = (instant_t)time(NULL);
	assert_true(t >= before && t <= after);
	/* an empty CUTOVER_NOW counts as unset */
	setenv("CUTOVER_NOW", "", 1);
	t = 0;
	assert_int_equal(clock_now(Z(VN), &t, &err), 0);
	assert_true(t >= before);
	unsetenv("CUTOVER_NOW");
	err_release(&err);
}

static void test_now_ignores_tz(void **state)
{
	struct err err = ERR_INIT;
	instant_t t = 0;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	set_process_tz("America/New_York");
	setenv("CUTOVER_NOW", "2026-05-29 22:00", 1);
	assert_int_equal(clock_now(Z(VN), &t, &err), 0);
	assert_int_equal(t, T0);
	clock_format_local(&sb, T0, Z(VN));
	assert_string_equal(sb.buf, "2026-05-29 22:00");
	unsetenv("CUTOVER_NOW");
	set_process_tz(NULL);
	strbuf_release(&sb);
	err_release(&err);
}

static void test_formats(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	clock_format_local(&sb, T0, Z(VN));
	assert_string_equal(sb.buf, "2026-05-29 22:00");
	strbuf_reset(&sb);
	clock_format_dmy(&sb, T0, Z(VN));
	assert_string_equal(sb.buf, "29/05/2026 22:00");
	strbuf_reset(&sb);
	clock_format_rfc3339(&sb, T0 + 5, Z(VN));
	assert_string_equal(sb.buf, "2026-05-29T22:00:05+07:00");
	strbuf_reset(&sb);
	clock_format_rfc3339(&sb, T0, Z(-210));
	assert_string_equal(sb.buf, "2026-05-29T11:30:00-03:30");
	strbuf_reset(&sb);
	clock_format_rfc3339(&sb, T0, Z(0));
	assert_string_equal(sb.buf, "2026-05-29T15:00:00+00:00");
	strbuf_reset(&sb);
	clock_format_date(&sb, T0, Z(VN));
	assert_string_equal(sb.buf, "2026-05-29");
	strbuf_reset(&sb);
	/* 01:00 on the 30th locally is still the 29th in UTC */
	clock_format_date(&sb, T0 + 3 * 3600, Z(VN));
	assert_string_equal(sb.buf, "2026-05-30");
	strbuf_reset(&sb);
	clock_format_date(&sb, T0 + 3 * 3600, Z(0));
	assert_string_equal(sb.buf, "2026-05-29");
	strbuf_reset(&sb);
	clock_format_local(&sb, 0, Z(0));
	assert_string_equal(sb.buf, "1970-01-01 00:00");
	strbuf_reset(&sb);
	clock_format_local(&sb, -60, Z(0));
	assert_string_equal(sb.buf, "1969-12-31 23:59");
	strbuf_reset(&sb);
	/* formats append */
	strbuf_adds(&sb, "at ");
	clock_format_dmy(&sb, T0, Z(VN));
	assert_string_equal(sb.buf, "at 29/05/2026 22:00");
	strbuf_release(&sb);
}

static void test_format_out_of_range(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	clock_format_local(&sb, INT64_MAX, Z(VN));
	assert_true(sb.len > 0);
	strbuf_reset(&sb);
	clock_format_rfc3339(&sb, INT64_MIN, Z(-VN));
	assert_true(sb.len > 0);
	strbuf_release(&sb);
}

static void test_format_offset(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	clock_format_offset(&sb, 420);
	assert_string_equal(sb.buf, "+07:00");
	strbuf_reset(&sb);
	clock_format_offset(&sb, -210);
	assert_string_equal(sb.buf, "-03:30");
	strbuf_reset(&sb);
	clock_format_offset(&sb, 0);
	assert_string_equal(sb.buf, "+00:00");
	strbuf_reset(&sb);
	clock_format_offset(&sb, 345);
	assert_string_equal(sb.buf, "+05:45");
	strbuf_release(&sb);
}

static void check_duration(int64_t seconds, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	clock_format_duration(&sb, seconds);
	if (strcmp(sb.buf, want))
		fail_msg("%lld gave '%s', want '%s'", (long long)seconds,
			 sb.buf, want);
	strbuf_release(&sb);
}

static void test_format_duration(void **state)
{
	(void)state;
	check_duration(93784, "1d 2h");
	check_duration(18420, "5h 07m");
	check_duration(720, "12m");
	check_duration(0, "0m");
	check_duration(59, "0m");
	check_duration(60, "1m");
	check_duration(3600, "1h 00m");
	check_duration(86400, "1d 0h");
	check_duration(2 * 86400 + 3 * 3600 + 59 * 60, "2d 3h");
	check_duration(-18420, "5h 07m");
	check_duration(-93784, "1d 2h");
	check_duration(INT64_MIN, "106751991167300d 15h");
	check_duration(INT64_MAX, "106751991167300d 15h");
}

static void test_local_midnight(void **state)
{
	(void)state;
	assert_int_equal(clock_local_midnight(T0, Z(VN)), T0 - 22 * 3600);
	assert_int_equal(clock_local_midnight(T0, Z(0)), T0 - 15 * 3600);
	/* 01:00 local on the 30th belongs to the 30th */
	assert_int_equal(clock_local_midnight(T0 + 3 * 3600, Z(VN)),
			 T0 + 2 * 3600);
	assert_int_equal(clock_local_midnight(T0 - 22 * 3600, Z(VN)),
			 T0 - 22 * 3600);
	assert_int_equal(clock_local_midnight(0, Z(0)), 0);
	assert_int_equal(clock_local_midnight(-1, Z(0)), -86400);
	assert_int_equal(clock_local_midnight(0, Z(VN)), -VN * 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative_t),
		cmocka_unit_test(test_relative_offsets),
		cmocka_unit_test(test_relative_fields),
		cmocka_unit_test(test_relative_time_of_day),
		cmocka_unit_test(test_relative_spaces),
		cmocka_unit_test(test_relative_other_offsets),
		cmocka_unit_test(test_relative_limits),
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_bad_exprs),
		cmocka_unit_test(test_bad_expr_exact_message),
		cmocka_unit_test(test_parse_local),
		cmocka_unit_test(test_parse_local_bad),
		cmocka_unit_test(test_parse_offset),
		cmocka_unit_test(test_parse_time_of_day),
		cmocka_unit_test(test_now_env),
		cmocka_unit_test(test_now_env_bad),
		cmocka_unit_test(test_now_system),
		cmocka_unit_test(test_now_ignores_tz),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_format_out_of_range),
		cmocka_unit_test(test_format_offset),
		cmocka_unit_test(test_format_duration),
		cmocka_unit_test(test_local_midnight),
	};

	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
