/*
 * Time: instants, the runbook's time expressions, time zones and the
 * engine's clock.
 *
 * An instant is seconds since 1970-01-01T00:00:00Z (UTC).  Local time is
 * UTC plus the offset a zone gives at that instant: a fixed offset
 * ("+07:00", the engine's first runbooks and the runs they started), or
 * an IANA zone ("America/New_York") read from the system's tz database
 * (TZif files under $TZDIR, else /usr/share/zoneinfo) by this module's own
 * reader, with its daylight-saving rules.  The process's TZ is never
 * consulted: glibc's zone code keeps one zone per process, and a server
 * shows many runs at once.  A zone, once loaded, is never changed: threads
 * may share it.  This module is the only one that calls the C library's
 * time functions.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

#include "err.h"
#include "strbuf.h"

typedef int64_t instant_t;

/*
 * A time zone (clock_zone.c): opaque, immutable once loaded.  Wherever a
 * function takes a zone, NULL is UTC.
 */
struct clock_zone;

/*
 * Which day/month order a date written with slashes follows.  ISO 8601
 * (YYYY-MM-DD) is always read; "09/01/2026" only as the runbook declares
 * it, and refused when it declares none, rather than guessed.
 */
enum clock_date_order {
	CLOCK_DATES_ISO,  /* YYYY-MM-DD only */
	CLOCK_DATES_DMY,  /* also DD/MM/YYYY */
	CLOCK_DATES_MDY   /* also MM/DD/YYYY */
};

enum time_expr_kind {
	TIME_NONE = 0,  /* not given */
	TIME_ABSOLUTE,  /* "2026-05-30 08:00", local time */
	TIME_RELATIVE   /* "T", "T-6h", "T+1d 16:00", "T+1d2h30m" */
};

/*
 * A parsed time expression.  Relative: T0 moved by offset_days calendar
 * days (the same local time of day, whatever daylight saving does in
 * between), then by the rest of offset_seconds as elapsed time (hours and
 * minutes); then, when has_time_of_day, the local time of day is set to
 * minute_of_day on the local date reached.  Absolute: the local
 * wall-clock time, converted in the runbook's zone when resolved.
 */
struct time_expr {
	enum time_expr_kind kind;
	int64_t offset_seconds;   /* RELATIVE: the whole offset, days included */
	int64_t offset_days;      /* RELATIVE: its days (d), part of the above */
	int has_time_of_day;      /* RELATIVE */
	int minute_of_day;        /* RELATIVE with has_time_of_day: 0..1439 */
	int64_t local_seconds;    /* ABSOLUTE: local wall-clock as if it were UTC */
};

/*
 * Parses a time expression.  Grammar (spaces between parts allowed):
 *   T [ (+|-) N (d|h|m) ]... [ HH:MM ]      relative to T0
 *   YYYY-MM-DD HH:MM                         absolute, local time
 *   YYYY-MM-DD                               absolute, local midnight
 *   DD/MM/YYYY HH:MM, MM/DD/YYYY HH:MM       absolute, as `order` says
 * Returns 0, or -1 with err's message "cannot parse 'TEXT': WHY".
 */
int clock_parse_expr(const char *text, enum clock_date_order order,
		     struct time_expr *out, struct err *err);

/* Resolves expr against t0 in the zone; TIME_NONE resolves to t0. */
instant_t clock_resolve(const struct time_expr *expr, instant_t t0,
			const struct clock_zone *zone);

/*
 * Parses an absolute local time ("2026-05-29 22:00", "2026-05-29T22:00",
 * optional ":SS", optional "+07:00"/"Z" suffix which then wins over the
 * zone).  Returns 0 or -1 with err set.
 */
int clock_parse_local(const char *text, const struct clock_zone *zone,
		      instant_t *out, struct err *err);

/* Parses "+07:00", "-03:30", "UTC", "Z" into minutes; 0 or -1. */
int clock_parse_offset(const char *text, int *minutes, struct err *err);

/* Parses "HH:MM" into minutes of the day; 0 or -1. */
int clock_parse_time_of_day(const char *text, int *minutes, struct err *err);

/*
 * The engine's "now": CUTOVER_NOW when set (any form clock_parse_local
 * accepts; without an explicit offset it is read in the zone), else the
 * system clock.  Returns 0, or -1 when CUTOVER_NOW is malformed.
 */
int clock_now(const struct clock_zone *zone, instant_t *out,
	      struct err *err);

/*
 * The system clock, whatever CUTOVER_NOW says: when an event is entered
 * (events.entered), which no setting can move.
 */
instant_t clock_system(void);

/* 1 when CUTOVER_NOW sets the engine's "now" (a simulated clock). */
int clock_simulated(void);

/* Appends "2026-05-29 22:00" (local time in the zone). */
void clock_format_local(struct strbuf *out, instant_t t,
			const struct clock_zone *zone);
/* Appends "29/05/2026 22:00", day first. */
void clock_format_dmy(struct strbuf *out, instant_t t,
		      const struct clock_zone *zone);
/* Appends "05/29/2026 22:00", month first. */
void clock_format_mdy(struct strbuf *out, instant_t t,
		      const struct clock_zone *zone);
/* Appends "2026-05-29T22:00:00+07:00" (RFC 3339), for JSON. */
void clock_format_rfc3339(struct strbuf *out, instant_t t,
			  const struct clock_zone *zone);
/* Appends the local date "2026-05-30". */
void clock_format_date(struct strbuf *out, instant_t t,
		       const struct clock_zone *zone);
/* Appends "+07:00". */
void clock_format_offset(struct strbuf *out, int offset_minutes);
/*
 * Parses a duration ("2h", "30m", "1d12h", "2h 30m": days, hours and
 * minutes, as in a relative time expression without the T and sign)
 * into seconds, more than 0.  Returns 0, or -1 with err's message.
 */
int clock_parse_duration(const char *text, int64_t *seconds,
			 struct err *err);
/*
 * Appends "Fri, 29 May 2026 18:00:00 +0700", an RFC 5322 date, at the
 * offset given (a zone's at t: clock_zone_offset).
 */
void clock_format_rfc5322(struct strbuf *out, instant_t t, int offset_minutes);
/*
 * Appends a duration as "2d 3h", "5h 07m", "12m" (absolute value): the
 * compact form for --json-like machine text and for tests.  People read
 * durations through label_duration (label.h), in words of their language.
 */
void clock_format_duration(struct strbuf *out, int64_t seconds);

/*
 * Microseconds on a clock that only goes forward (not the engine's "now":
 * CUTOVER_NOW does not move it), to say how long something took.
 */
int64_t clock_monotonic_us(void);

/* Local midnight at or before t (start of its local day). */
instant_t clock_local_midnight(instant_t t, const struct clock_zone *zone);

/*
 * t moved by `days` calendar days: the same local time of day on the
 * local date reached (a day across a daylight-saving change is 23 or 25
 * hours long).
 */
instant_t clock_add_days(instant_t t, int64_t days,
			 const struct clock_zone *zone);

/* The local wall-clock reading of t, in seconds as if it were UTC. */
int64_t clock_local_seconds(instant_t t, const struct clock_zone *zone);

/* The local time of day of t, in minutes since local midnight. */
int clock_minute_of_day(instant_t t, const struct clock_zone *zone);

/* ---- zones (clock_zone.c) ---- */

/* The largest TZif file the reader accepts (the largest real one is 4 KiB). */
#define CLOCK_TZIF_MAX_BYTES (64 * 1024)

/*
 * Loads the zone called name: a fixed offset ("+07:00", "-03:30", "UTC",
 * "Z", as clock_parse_offset reads them) or an IANA name
 * ("Asia/Ho_Chi_Minh": letters, digits, '_', '-', '+' and '/' between
 * components, no "..", at most 255 bytes) read from $TZDIR or
 * /usr/share/zoneinfo.  Returns 0 and a zone (clock_zone_free), or -1
 * with err saying why (an unknown zone, a malformed file).
 */
int clock_zone_load(const char *name, struct clock_zone **out,
		    struct err *err);

/*
 * Reads a zone from the content of a TZif file (RFC 8536, versions 1 to
 * 4; at most CLOCK_TZIF_MAX_BYTES; leap-second tables refused), named
 * `name`.  Returns 0 and a zone, or -1 with err saying what is wrong.
 */
int clock_zone_parse_tzif(const char *name, const void *data, size_t len,
			  struct clock_zone **out, struct err *err);

/* A zone at a fixed offset from UTC, named like "+07:00". */
struct clock_zone *clock_zone_fixed(int offset_minutes);

/* A copy of zone (clock_zone_free); NULL gives NULL. */
struct clock_zone *clock_zone_dup(const struct clock_zone *zone);

/* Frees the zone; NULL is allowed. */
void clock_zone_free(struct clock_zone *zone);

/* The zone's name: "Asia/Ho_Chi_Minh", or "+07:00" for a fixed offset. */
const char *clock_zone_name(const struct clock_zone *zone);

/* 1 when the zone is a fixed offset (no rules, no transitions). */
int clock_zone_is_fixed(const struct clock_zone *zone);

/*
 * 1 when the zone keeps daylight-saving time now or later (a type with
 * DST among its transitions from a year before `since`, or a DST rule).
 */
int clock_zone_has_dst(const struct clock_zone *zone);

/* The offset from UTC in minutes at instant t (east positive). */
int clock_zone_offset(const struct clock_zone *zone, instant_t t);
/* The same in seconds (the local mean time of old dates has seconds). */
int32_t clock_zone_utoff(const struct clock_zone *zone, instant_t t);

/*
 * The zone's abbreviation at t ("EDT", "+07"), or "" when it has none
 * (a fixed offset).  Points into the zone.
 */
const char *clock_zone_abbrev(const struct clock_zone *zone, instant_t t);

/*
 * The instant whose local time in the zone is `local` (local wall-clock
 * seconds, as if UTC).  A local time that does not exist (the hour a
 * spring-forward skips) is read with the offset before the change, so it
 * lands as far after the change as it was after its start: 02:30 on a
 * night that jumps from 02:00 to 03:00 is 03:30.  A local time that
 * happens twice (the hour a fall-back repeats) is the first of the two.
 */
instant_t clock_zone_from_local(const struct clock_zone *zone,
				int64_t local);

#endif
