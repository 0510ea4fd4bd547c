/*
 * Time: the parser for the runbook's time expressions, conversions between
 * instants and local wall-clock time, and the engine's "now".  The zones
 * themselves are clock_zone.c's.
 *
 * Invariant: local time is UTC plus the offset the zone gives at that
 * instant.  The process's TZ is never read, so the only libc time calls
 * are timegm() and gmtime_r(), both of which work in UTC.  A "local
 * seconds" value is the local wall-clock reading encoded as if it were
 * UTC.
 */
#include "clock.h"
#include "clock_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "err.h"
#include "i18n.h"
#include "strbuf.h"
#include "banned.h"

#define SECONDS_PER_DAY CLOCK_SECONDS_PER_DAY
/*
 * Far enough for any cutover, near enough that T0 plus the offset can
 * never overflow an instant or a struct tm year.
 */
#define MAX_OFFSET_DAYS 36500
#define MAX_OFFSET_SECONDS ((int64_t)MAX_OFFSET_DAYS * SECONDS_PER_DAY)
/* Real-world offsets run from -12:00 to +14:00. */
#define MAX_TZ_MINUTES (14 * 60)

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_spaces(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int days_in_month(long year, int month)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month == 2 && clock_is_leap(year))
		return 29;
	return days[month - 1];
}

/* Reads exactly n digits at *pp; 0 or -1. */
static int read_fixed_digits(const char **pp, int n, int *value)
{
	const char *p = *pp;
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*pp = p + n;
	*value = v;
	return 0;
}

/* Reads one or two digits at *pp; 0 or -1. */
static int read_1or2_digits(const char **pp, int *value)
{
	const char *p = *pp;

	if (!is_digit(p[0]))
		return -1;
	if (is_digit(p[1]))
		return read_fixed_digits(pp, 2, value);
	return read_fixed_digits(pp, 1, value);
}

/*
 * Parses "HH:MM" (or "H:MM") at *pp into minutes of the day.  On failure
 * *why says what is wrong, for the caller's "cannot parse" message (marked
 * with N_(), translated there, as every *why below).
 */
static int read_time_of_day(const char **pp, int *minutes, const char **why)
{
	const char *p = *pp;
	int h, m;

	if (read_1or2_digits(&p, &h) < 0 || *p != ':') {
		*why = N_("expected a time of day HH:MM");
		return -1;
	}
	p++;
	if (read_fixed_digits(&p, 2, &m) < 0 || is_digit(*p)) {
		*why = N_("expected two digits of minutes in HH:MM");
		return -1;
	}
	if (h > 23) {
		*why = N_("hour must be 00 to 23");
		return -1;
	}
	if (m > 59) {
		*why = N_("minute must be 00 to 59");
		return -1;
	}
	*pp = p;
	*minutes = h * 60 + m;
	return 0;
}

/* Checks y-m-d is a calendar date; sets *why when not. */
static int check_date(int y, int m, int d, const char **why)
{
	if (y < 1) {
		*why = N_("year must be 0001 to 9999");
		return -1;
	}
	if (m < 1 || m > 12) {
		*why = N_("month must be 01 to 12");
		return -1;
	}
	if (d < 1 || d > days_in_month(y, m)) {
		*why = N_("no such day in that month");
		return -1;
	}
	return 0;
}

/*
 * Parses "YYYY-MM-DD" or, as order allows, "DD/MM/YYYY" or "MM/DD/YYYY"
 * at *pp into the local seconds of that day's midnight.
 */
static int read_date(const char **pp, enum clock_date_order order,
		     int64_t *local, const char **why)
{
	const char *p = *pp;
	int y, m, d, a, b;
	struct tm tm;

	if (read_fixed_digits(&p, 4, &y) == 0 && *p == '-') {
		p++;
		if (read_fixed_digits(&p, 2, &m) < 0 || *p != '-') {
			*why = N_("expected a date YYYY-MM-DD");
			return -1;
		}
		p++;
		if (read_fixed_digits(&p, 2, &d) < 0 || is_digit(*p)) {
			*why = N_("expected a date YYYY-MM-DD");
			return -1;
		}
	} else {
		p = *pp;
		if (read_1or2_digits(&p, &a) < 0 || *p != '/' ||
		    (p++, read_1or2_digits(&p, &b) < 0) || *p != '/' ||
		    (p++, read_fixed_digits(&p, 4, &y) < 0) || is_digit(*p)) {
			*why = order == CLOCK_DATES_DMY ?
				N_("expected YYYY-MM-DD, DD/MM/YYYY or T[+-N(d|h|m)]") :
				order == CLOCK_DATES_MDY ?
				N_("expected YYYY-MM-DD, MM/DD/YYYY or T[+-N(d|h|m)]") :
				N_("expected YYYY-MM-DD or T[+-N(d|h|m)]");
			return -1;
		}
		if (order == CLOCK_DATES_ISO) {
			/*
			 * 09/01/2026 is 9 January to some and 1 September
			 * to others: refused, not guessed.
			 */
			*why = N_("a date with slashes is ambiguous here (the"
				  " runbook declares no date_order): write"
				  " YYYY-MM-DD");
			return -1;
		}
		d = order == CLOCK_DATES_DMY ? a : b;
		m = order == CLOCK_DATES_DMY ? b : a;
	}
	if (check_date(y, m, d, why) < 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*local = (int64_t)timegm(&tm);
	*pp = p;
	return 0;
}

/* Length of the (UTF-8) character at p, so messages quote it whole. */
static int char_len(const char *p)
{
	int n = 1;

	while (n < 4 && ((unsigned char)p[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* Parses what follows the 'T'; fills *out only on success. */
static int parse_relative(const char *text, const char *p,
			  struct time_expr *res, struct err *err)
{
	static const struct {
		char letter;
		int64_t seconds;
	} units[] = { { 'd', SECONDS_PER_DAY }, { 'h', 3600 }, { 'm', 60 } };
	int64_t total = 0, days = 0;
	int sign = 0, pending = 0;
	const char *why;
	struct time_expr e, *out = &e;

	memset(out, 0, sizeof(*out));
	out->kind = TIME_RELATIVE;
	for (;;) {
		const char *num;
		int64_t n = 0, add;
		size_t i;

		p = skip_spaces(p);
		if (!*p)
			break;
		if (*p == '+' || *p == '-') {
			sign = *p == '+' ? 1 : -1;
			pending = 1;
			p = skip_spaces(p + 1);
			if (!is_digit(*p))
				return fail(err, _("cannot parse '%s': expected a number after '%c'"),
					    text, sign > 0 ? '+' : '-');
		}
		if (!is_digit(*p))
			return fail(err, _("cannot parse '%s': unexpected '%.*s'"),
				    text, char_len(p), p);
		num = p;
		while (is_digit(*p)) {
			/* Anything past the cap is rejected below anyway. */
			if (n <= MAX_OFFSET_SECONDS)
				n = n * 10 + (*p - '0');
			p++;
		}
		if (*p == ':' && pending)
			return fail(err, _("cannot parse '%s': expected a unit (d, h or m) after '%.*s'"),
				    text, (int)(p - num), num);
		if (*p == ':') {
			/* A time of day ends the expression. */
			p = num;
			if (read_time_of_day(&p, &out->minute_of_day, &why) < 0)
				return fail(err, _("cannot parse '%s': %s"), text, _(why));
			out->has_time_of_day = 1;
			p = skip_spaces(p);
			if (*p)
				return fail(err, _("cannot parse '%s': unexpected '%s' after the time of day"),
					    text, p);
			break;
		}
		if (!sign)
			return fail(err, _("cannot parse '%s': expected '+' or '-' before '%.*s'"),
				    text, (int)(p - num), num);
		if (!*p || is_space(*p))
			return fail(err, _("cannot parse '%s': missing unit after '%.*s' (expected d, h or m)"),
				    text, (int)(p - num), num);
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (units[i].letter == *p)
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return fail(err, _("cannot parse '%s': unknown unit '%.*s' (expected d, h or m)"),
				    text, char_len(p), p);
		p++;
		pending = 0;
		if (n > MAX_OFFSET_SECONDS ||
		    n * units[i].seconds > MAX_OFFSET_SECONDS)
			return fail(err, _("cannot parse '%s': offset too large (at most %d days)"),
				    text, MAX_OFFSET_DAYS);
		add = sign * n * units[i].seconds;
		total += add;
		if (units[i].letter == 'd')
			days += sign * n;
		if (total > MAX_OFFSET_SECONDS || total < -MAX_OFFSET_SECONDS)
			return fail(err, _("cannot parse '%s': offset too large (at most %d days)"),
				    text, MAX_OFFSET_DAYS);
	}
	out->offset_seconds = total;
	out->offset_days = days;
	*res = e;
	return 0;
}

int clock_parse_expr(const char *text, enum clock_date_order order,
		     struct time_expr *out, struct err *err)
{
	const char *p, *why;
	int64_t day;
	int minutes = 0;

	if (!text)
		return fail(err, _("cannot parse '': empty time expression"));
	p = skip_spaces(text);
	if (!*p)
		return fail(err, _("cannot parse '%s': empty time expression"),
			    text);
	if (*p == 'T')
		return parse_relative(text, p + 1, out, err);
	if (read_date(&p, order, &day, &why) < 0)
		return fail(err, _("cannot parse '%s': %s"), text, _(why));
	if (*p && !is_space(*p))
		return fail(err, _("cannot parse '%s': unexpected '%s' after the date"),
			    text, p);
	p = skip_spaces(p);
	if (*p) {
		if (read_time_of_day(&p, &minutes, &why) < 0)
			return fail(err, _("cannot parse '%s': %s"), text, _(why));
		p = skip_spaces(p);
		if (*p)
			return fail(err, _("cannot parse '%s': unexpected '%s' after the time"),
				    text, p);
	}
	memset(out, 0, sizeof(*out));
	out->kind = TIME_ABSOLUTE;
	out->local_seconds = day + (int64_t)minutes * 60;
	return 0;
}

/* The instant at minute_of_day of the local day that starts at midnight. */
static instant_t local_day_at(instant_t midnight, int minute_of_day,
			      const struct clock_zone *zone)
{
	return clock_zone_from_local(zone,
				     clock_add_sat(clock_local_seconds(midnight, zone),
					     (int64_t)minute_of_day * 60));
}

instant_t clock_resolve(const struct time_expr *expr, instant_t t0,
			const struct clock_zone *zone)
{
	instant_t t;

	switch (expr->kind) {
	case TIME_ABSOLUTE:
		return clock_zone_from_local(zone, expr->local_seconds);
	case TIME_RELATIVE:
		/* Days on the calendar, hours and minutes on the clock. */
		t = clock_add_days(t0, expr->offset_days, zone);
		t = clock_add_sat(t, expr->offset_seconds -
			    expr->offset_days * SECONDS_PER_DAY);
		if (expr->has_time_of_day)
			t = local_day_at(clock_local_midnight(t, zone),
					 expr->minute_of_day, zone);
		return t;
	case TIME_NONE:
	default:
		return t0;
	}
}

/* Parses the offset at p (the whole rest of the string); *why on failure. */
static int read_offset(const char *p, int *minutes, const char **why)
{
	int sign, h, m;

	if (!strcasecmp(p, "Z") || !strcasecmp(p, "UTC")) {
		*minutes = 0;
		return 0;
	}
	if (*p != '+' && *p != '-') {
		*why = N_("expected an offset like +07:00, -03:30, Z or UTC");
		return -1;
	}
	sign = *p++ == '+' ? 1 : -1;
	if (read_fixed_digits(&p, 2, &h) < 0) {
		*why = N_("expected an offset like +07:00, -03:30, Z or UTC");
		return -1;
	}
	if (*p == ':')
		p++;
	if (read_fixed_digits(&p, 2, &m) < 0 || *p) {
		*why = N_("expected an offset like +07:00, -03:30, Z or UTC");
		return -1;
	}
	if (m > 59) {
		*why = N_("offset minutes must be 00 to 59");
		return -1;
	}
	if (h * 60 + m > MAX_TZ_MINUTES) {
		*why = N_("offset must be between -14:00 and +14:00");
		return -1;
	}
	*minutes = sign * (h * 60 + m);
	return 0;
}

int clock_parse_offset(const char *text, int *minutes, struct err *err)
{
	const char *why;

	if (!text || !*text)
		return fail(err, _("cannot parse '': empty offset (expected e.g. +07:00)"));
	if (read_offset(text, minutes, &why) < 0)
		return fail(err, _("cannot parse '%s': %s"), text, _(why));
	return 0;
}

int clock_parse_time_of_day(const char *text, int *minutes, struct err *err)
{
	const char *p = text, *why;
	int m;

	if (!text || !*text)
		return fail(err, _("cannot parse '': empty time of day (expected HH:MM)"));
	if (read_time_of_day(&p, &m, &why) < 0)
		return fail(err, _("cannot parse '%s': %s"), text, _(why));
	if (*p)
		return fail(err, _("cannot parse '%s': unexpected '%s' after the time"),
			    text, p);
	*minutes = m;
	return 0;
}

int clock_parse_local(const char *text, const struct clock_zone *zone,
		      instant_t *out, struct err *err)
{
	const char *p = text, *why;
	int64_t day, local;
	int minutes, seconds = 0, offset_minutes;

	if (!text || !*text)
		return fail(err, _("cannot parse '': empty time (expected YYYY-MM-DD HH:MM)"));
	if (read_date(&p, CLOCK_DATES_ISO, &day, &why) < 0)
		return fail(err, _("cannot parse '%s': %s"), text, _(why));
	if (*p != ' ' && *p != 'T')
		return fail(err, _("cannot parse '%s': expected a time after the date (YYYY-MM-DD HH:MM)"),
			    text);
	p++;
	if (read_time_of_day(&p, &minutes, &why) < 0)
		return fail(err, _("cannot parse '%s': %s"), text, _(why));
	if (*p == ':') {
		p++;
		if (read_fixed_digits(&p, 2, &seconds) < 0 || seconds > 59)
			return fail(err, _("cannot parse '%s': seconds must be 00 to 59"),
				    text);
	}
	p = skip_spaces(p);
	local = day + (int64_t)minutes * 60 + seconds;
	if (*p) {
		if (read_offset(p, &offset_minutes, &why) < 0)
			return fail(err, _("cannot parse '%s': %s"), text,
				    _(why));
		*out = local - (int64_t)offset_minutes * 60;
		return 0;
	}
	*out = clock_zone_from_local(zone, local);
	return 0;
}

int clock_now(const struct clock_zone *zone, instant_t *out,
	      struct err *err)
{
	const char *env = getenv("CUTOVER_NOW");

	/* An empty value is "unset", as `CUTOVER_NOW= cutover ...` means. */
	if (env && *env) {
		if (clock_parse_local(env, zone, out, err) < 0) {
			err_prefix(err, "CUTOVER_NOW");
			return -1;
		}
		return 0;
	}
	*out = clock_system();
	return 0;
}

instant_t clock_system(void)
{
	return (instant_t)time(NULL);
}

int clock_simulated(void)
{
	const char *env = getenv("CUTOVER_NOW");

	return env && *env;
}

/* Shown instead of a date whose year does not fit a struct tm. */
#define OUT_OF_RANGE "(time out of range)"

/* Breaks t down as local time; 0, or -1 when the year does not fit. */
static int local_tm(instant_t t, const struct clock_zone *zone,
		    struct tm *tm)
{
	time_t local = (time_t)clock_add_sat(t, clock_zone_utoff(zone, t));

	return gmtime_r(&local, tm) ? 0 : -1;
}

void clock_format_local(struct strbuf *out, instant_t t,
			const struct clock_zone *zone)
{
	struct tm tm;

	if (local_tm(t, zone, &tm) < 0) {
		strbuf_adds(out, OUT_OF_RANGE);
		return;
	}
	strbuf_addf(out, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void clock_format_dmy(struct strbuf *out, instant_t t,
		      const struct clock_zone *zone)
{
	struct tm tm;

	if (local_tm(t, zone, &tm) < 0) {
		strbuf_adds(out, OUT_OF_RANGE);
		return;
	}
	strbuf_addf(out, "%02d/%02d/%04d %02d:%02d", tm.tm_mday,
		    tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void clock_format_mdy(struct strbuf *out, instant_t t,
		      const struct clock_zone *zone)
{
	struct tm tm;

	if (local_tm(t, zone, &tm) < 0) {
		strbuf_adds(out, OUT_OF_RANGE);
		return;
	}
	strbuf_addf(out, "%02d/%02d/%04d %02d:%02d", tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void clock_format_rfc3339(struct strbuf *out, instant_t t,
			  const struct clock_zone *zone)
{
	struct tm tm;

	if (local_tm(t, zone, &tm) < 0) {
		strbuf_adds(out, OUT_OF_RANGE);
		return;
	}
	strbuf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	clock_format_offset(out, clock_zone_offset(zone, t));
}

void clock_format_date(struct strbuf *out, instant_t t,
		       const struct clock_zone *zone)
{
	struct tm tm;

	if (local_tm(t, zone, &tm) < 0) {
		strbuf_adds(out, OUT_OF_RANGE);
		return;
	}
	strbuf_addf(out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
}

void clock_format_offset(struct strbuf *out, int offset_minutes)
{
	long m = offset_minutes;
	char sign = '+';

	if (m < 0) {
		sign = '-';
		m = -m;
	}
	strbuf_addf(out, "%c%02ld:%02ld", sign, m / 60, m % 60);
}

int clock_parse_duration(const char *text, int64_t *seconds,
			 struct err *err)
{
	struct strbuf signed_text = STRBUF_INIT;
	struct time_expr e;
	int rc;

	if (strpbrk(text, "+-:T"))
		return fail(err, _("cannot parse '%s': expected a duration"
				   " such as 2h, 30m or 1d12h"), text);
	/* A duration reads as the offset of "T+" it, without the T. */
	strbuf_addf(&signed_text, "+%s", text);
	rc = parse_relative(text, signed_text.buf, &e, err);
	strbuf_release(&signed_text);
	if (rc)
		return -1;
	if (e.offset_seconds <= 0)
		return fail(err, _("cannot parse '%s': expected a duration"
				   " such as 2h, 30m or 1d12h"), text);
	*seconds = e.offset_seconds;
	return 0;
}

void clock_format_rfc5322(struct strbuf *out, instant_t t, int offset_minutes)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
					    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
					      "May", "Jun", "Jul", "Aug",
					      "Sep", "Oct", "Nov", "Dec" };
	long m = offset_minutes < 0 ? -(long)offset_minutes : offset_minutes;
	time_t local = (time_t)clock_add_sat(t, (int64_t)offset_minutes * 60);
	struct tm tm;

	if (!gmtime_r(&local, &tm)) {
		strbuf_adds(out, OUT_OF_RANGE);
		return;
	}
	strbuf_addf(out, "%s, %d %s %04d %02d:%02d:%02d %c%02ld%02ld",
		    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
		    offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
}

void clock_format_duration(struct strbuf *out, int64_t seconds)
{
	/* Unsigned, so that INT64_MIN has an absolute value too. */
	uint64_t s = seconds < 0 ? -(uint64_t)seconds : (uint64_t)seconds;
	uint64_t days = s / SECONDS_PER_DAY;
	uint64_t hours = s % SECONDS_PER_DAY / 3600;
	uint64_t minutes = s % 3600 / 60;

	/* Past a day, minutes are noise for someone reading a deadline. */
	if (days)
		strbuf_addf(out, "%llud %lluh", (unsigned long long)days,
			    (unsigned long long)hours);
	else if (hours)
		strbuf_addf(out, "%lluh %02llum", (unsigned long long)hours,
			    (unsigned long long)minutes);
	else
		strbuf_addf(out, "%llum", (unsigned long long)minutes);
}

int64_t clock_local_seconds(instant_t t, const struct clock_zone *zone)
{
	return clock_add_sat(t, clock_zone_utoff(zone, t));
}

instant_t clock_local_midnight(instant_t t, const struct clock_zone *zone)
{
	int64_t day = clock_floor_div(clock_local_seconds(t, zone),
				      SECONDS_PER_DAY);

	return clock_zone_from_local(zone, day * SECONDS_PER_DAY);
}

instant_t clock_add_days(instant_t t, int64_t days,
			 const struct clock_zone *zone)
{
	int64_t local;

	/* Kept as it is: the second 01:30 of a fall-back night stays so. */
	if (!days)
		return t;
	if (days > MAX_OFFSET_DAYS)
		days = MAX_OFFSET_DAYS;
	if (days < -MAX_OFFSET_DAYS)
		days = -MAX_OFFSET_DAYS;
	local = clock_add_sat(clock_local_seconds(t, zone), days * SECONDS_PER_DAY);
	return clock_zone_from_local(zone, local);
}

int clock_minute_of_day(instant_t t, const struct clock_zone *zone)
{
	int64_t local = clock_local_seconds(t, zone);

	return (int)((local - clock_floor_div(local, SECONDS_PER_DAY) *
		      SECONDS_PER_DAY) / 60);
}

int64_t clock_monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
