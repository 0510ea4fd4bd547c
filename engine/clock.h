/*
 * Time: instants, the runbook's time expressions, and the engine's clock.
 *
 * An instant is seconds since 1970-01-01T00:00:00Z (UTC).  Local time is
 * always UTC plus an explicit offset in minutes (the runbook's timezone,
 * +07:00 = 420); the process's TZ is never consulted.  This module is the
 * only one that calls the C library's time functions.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

#include "err.h"
#include "strbuf.h"

typedef int64_t instant_t;

enum time_expr_kind {
	TIME_NONE = 0,  /* not given */
	TIME_ABSOLUTE,  /* "2026-05-30 08:00", local time */
	TIME_RELATIVE   /* "T", "T-6h", "T+1d 16:00", "T+1d2h30m" */
};

/*
 * A parsed time expression.  Relative: T0 + offset_seconds, then, when
 * has_time_of_day, the local time of day is set to minute_of_day on the
 * local date reached.  Absolute: the local wall-clock time, converted with
 * the runbook's offset when resolved.
 */
struct time_expr {
	enum time_expr_kind kind;
	int64_t offset_seconds;   /* RELATIVE */
	int has_time_of_day;      /* RELATIVE */
	int minute_of_day;        /* RELATIVE with has_time_of_day: 0..1439 */
	int64_t local_seconds;    /* ABSOLUTE: local wall-clock as if it were UTC */
};

/*
 * Parses a time expression.  Grammar (spaces between parts allowed):
 *   T [ (+|-) N (d|h|m) ]... [ HH:MM ]      relative to T0
 *   YYYY-MM-DD HH:MM                         absolute, local time
 *   YYYY-MM-DD                               absolute, local midnight
 *   DD/MM/YYYY HH:MM                         absolute, local time
 * Returns 0, or -1 with err's message "cannot parse 'TEXT': WHY".
 */
int clock_parse_expr(const char *text, struct time_expr *out, struct err *err);

/* Resolves expr against t0 and the offset; TIME_NONE resolves to t0. */
instant_t clock_resolve(const struct time_expr *expr, instant_t t0,
			int offset_minutes);

/*
 * Parses an absolute local time ("2026-05-29 22:00", "2026-05-29T22:00",
 * optional ":SS", optional "+07:00"/"Z" suffix which then wins over
 * offset_minutes).  Returns 0 or -1 with err set.
 */
int clock_parse_local(const char *text, int offset_minutes, instant_t *out,
		      struct err *err);

/* Parses "+07:00", "-03:30", "UTC", "Z" into minutes; 0 or -1. */
int clock_parse_offset(const char *text, int *minutes, struct err *err);

/* Parses "HH:MM" into minutes of the day; 0 or -1. */
int clock_parse_time_of_day(const char *text, int *minutes, struct err *err);

/*
 * The engine's "now": CUTOVER_NOW when set (any form clock_parse_local
 * accepts; without an explicit offset it is read at offset_minutes),
 * else the system clock.  Returns 0, or -1 when CUTOVER_NOW is malformed.
 */
int clock_now(int offset_minutes, instant_t *out, struct err *err);

/*
 * The system clock, whatever CUTOVER_NOW says: when an event is entered
 * (events.entered), which no setting can move.
 */
instant_t clock_system(void);

/* 1 when CUTOVER_NOW sets the engine's "now" (a simulated clock). */
int clock_simulated(void);

/* Appends "2026-05-29 22:00" (local, with the offset). */
void clock_format_local(struct strbuf *out, instant_t t, int offset_minutes);
/* Appends "29/05/2026 22:00", the Vietnamese display form. */
void clock_format_vn(struct strbuf *out, instant_t t, int offset_minutes);
/* Appends "2026-05-29T22:00:00+07:00" (RFC 3339), for JSON. */
void clock_format_rfc3339(struct strbuf *out, instant_t t, int offset_minutes);
/* Appends the local date "2026-05-30". */
void clock_format_date(struct strbuf *out, instant_t t, int offset_minutes);
/* Appends "+07:00". */
void clock_format_offset(struct strbuf *out, int offset_minutes);
/*
 * Parses a duration ("2h", "30m", "1d12h", "2h 30m": days, hours and
 * minutes, as in a relative time expression without the T and sign)
 * into seconds, more than 0.  Returns 0, or -1 with err's message.
 */
int clock_parse_duration(const char *text, int64_t *seconds,
			 struct err *err);
/* Appends "Fri, 29 May 2026 18:00:00 +0700", an RFC 5322 date. */
void clock_format_rfc5322(struct strbuf *out, instant_t t, int offset_minutes);
/* Appends a duration as "2d 3h", "5h 07m", "12m" (absolute value). */
void clock_format_duration(struct strbuf *out, int64_t seconds);

/* Local midnight at or before t (start of its local day). */
instant_t clock_local_midnight(instant_t t, int offset_minutes);

#endif
