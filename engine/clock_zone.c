/*
 * Time zones, part of the clock module: fixed offsets, and IANA zones read
 * from the system's tz database by a reader of our own.
 *
 * Why not the C library: glibc applies one zone per process (TZ, tzset,
 * localtime_r), set through the environment, and a server answering for
 * runs in different zones at once cannot switch it per thread.  The files
 * are simple (RFC 8536): a table of transitions, the local time types
 * they switch to, and a POSIX TZ string for the times after the last
 * transition.  The reader takes them as hostile input: the size is
 * capped, every count is checked against what is left of the file before
 * anything is read, indexes are checked before use, and a fuzz harness
 * (tests/fuzz/fuzz_tzif.c) runs it.
 *
 * Invariants of a loaded zone: ntypes >= 1; every transition's type is
 * < ntypes; transitions strictly increase; offsets lie within +-25 hours;
 * abbreviations are NUL-terminated inside abbrevs.  Nothing changes a
 * zone once loaded, so threads may share one.
 */
#include "clock.h"
#include "clock_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "infile.h"
#include "xalloc.h"
#include "banned.h"

#define SECONDS_PER_DAY CLOCK_SECONDS_PER_DAY
/* RFC 8536 allows offsets up to +-25 hours; real ones stay within 15. */
#define MAX_UTOFF (25 * 3600)
#define MAX_ZONE_NAME 255
/* More than any real zone (the largest has under 300 transitions). */
#define MAX_TRANSITIONS 10000
#define MAX_TYPES 256

struct zone_type {
	int32_t utoff;           /* seconds east of UTC */
	int isdst;
	size_t abbrev;           /* index into abbrevs */
};

/* One rule of a POSIX TZ string: when DST starts or ends in a year. */
struct tz_rule {
	enum { RULE_JULIAN1, RULE_JULIAN0, RULE_MONTH } kind;
	int day;                 /* Jn: 1..365; n: 0..365 */
	int month, week, wday;   /* Mm.w.d */
	int32_t secs;            /* local time of day, -167h..167h */
};

/* The footer: std (and dst with its rules), for after the transitions. */
struct tz_posix {
	int has_dst;
	int32_t std_off, dst_off;    /* seconds east of UTC */
	char std_abbr[16], dst_abbr[16];
	struct tz_rule start, end;
};

struct clock_zone {
	char *name;
	int fixed;               /* a fixed offset: types[0] only */
	int64_t *at;             /* transition instants, increasing */
	unsigned char *type_of;  /* the type each transition switches to */
	size_t n;
	struct zone_type *types;
	size_t ntypes;
	char *abbrevs;
	size_t nabbrevs;
	int has_posix;
	struct tz_posix posix;
};

static int zone_fail(struct err *err, const char *name, const char *why)
{
	return fail(err, _("time zone '%s': %s"), name, why);
}

struct clock_zone *clock_zone_fixed(int offset_minutes)
{
	struct clock_zone *z = xcalloc(1, sizeof(*z));
	struct strbuf name = STRBUF_INIT;

	clock_format_offset(&name, offset_minutes);
	z->name = strbuf_detach(&name, NULL);
	z->fixed = 1;
	z->types = xcalloc(1, sizeof(*z->types));
	z->types[0].utoff = offset_minutes * 60;
	z->ntypes = 1;
	z->abbrevs = xstrdup("");
	z->nabbrevs = 1;
	return z;
}

void clock_zone_free(struct clock_zone *z)
{
	if (!z)
		return;
	free(z->name);
	free(z->at);
	free(z->type_of);
	free(z->types);
	free(z->abbrevs);
	free(z);
}

struct clock_zone *clock_zone_dup(const struct clock_zone *z)
{
	struct clock_zone *c;

	if (!z)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	*c = *z;
	c->name = xstrdup(z->name);
	c->at = z->n ? xmalloc(z->n * sizeof(*c->at)) : NULL;
	c->type_of = z->n ? xmalloc(z->n) : NULL;
	if (z->n) {
		memcpy(c->at, z->at, z->n * sizeof(*c->at));
		memcpy(c->type_of, z->type_of, z->n);
	}
	c->types = xmalloc(z->ntypes * sizeof(*c->types));
	memcpy(c->types, z->types, z->ntypes * sizeof(*c->types));
	c->abbrevs = xmalloc(z->nabbrevs);
	memcpy(c->abbrevs, z->abbrevs, z->nabbrevs);
	return c;
}

const char *clock_zone_name(const struct clock_zone *z)
{
	return z ? z->name : "UTC";
}

int clock_zone_is_fixed(const struct clock_zone *z)
{
	return !z || z->fixed;
}

int clock_zone_has_dst(const struct clock_zone *z)
{
	if (!z)
		return 0;
	/*
	 * Zones that kept DST once but no longer do (Asia/Ho_Chi_Minh in
	 * the 1940s) have no rule for today: only the rule and the recent
	 * transitions count.
	 */
	if (z->has_posix)
		return z->posix.has_dst;
	return z->n && z->types[z->type_of[z->n - 1]].isdst;
}

/* ---- the POSIX TZ string of a TZif footer ---- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads an abbreviation: 3+ letters, or <...> of letters, digits, +, -. */
static int tz_abbr(const char **pp, char *out, size_t size)
{
	const char *p = *pp;
	size_t n = 0;

	if (*p == '<') {
		for (p++; *p && *p != '>'; p++) {
			if (!is_alpha(*p) && !is_digit(*p) && *p != '+' &&
			    *p != '-')
				return -1;
			if (n + 1 >= size)
				return -1;
			out[n++] = *p;
		}
		if (*p != '>')
			return -1;
		p++;
	} else {
		for (; is_alpha(*p); p++) {
			if (n + 1 >= size)
				return -1;
			out[n++] = *p;
		}
	}
	if (n < 3)
		return -1;
	out[n] = '\0';
	*pp = p;
	return 0;
}

/* Reads up to `max` decimal digits (at least one) into *v. */
static int tz_num(const char **pp, int max, int32_t *v)
{
	const char *p = *pp;
	int n = 0;

	*v = 0;
	while (is_digit(*p) && n < max) {
		*v = *v * 10 + (*p++ - '0');
		n++;
	}
	if (!n || is_digit(*p))
		return -1;
	*pp = p;
	return 0;
}

/*
 * Reads [+-]hh[:mm[:ss]] into seconds; hours up to max_hours (24 for an
 * offset, 167 for a rule's time, RFC 8536's extension).
 */
static int tz_hms(const char **pp, int max_hours, int32_t *secs)
{
	const char *p = *pp;
	int32_t h, m = 0, s = 0;
	int sign = 1;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (tz_num(&p, 3, &h) || h > max_hours)
		return -1;
	if (*p == ':') {
		p++;
		if (tz_num(&p, 2, &m) || m > 59)
			return -1;
		if (*p == ':') {
			p++;
			if (tz_num(&p, 2, &s) || s > 59)
				return -1;
		}
	}
	*secs = sign * (h * 3600 + m * 60 + s);
	*pp = p;
	return 0;
}

static int tz_rule(const char **pp, struct tz_rule *r)
{
	const char *p = *pp;
	int32_t v;

	if (*p == 'J') {
		p++;
		if (tz_num(&p, 3, &v) || v < 1 || v > 365)
			return -1;
		r->kind = RULE_JULIAN1;
		r->day = v;
	} else if (*p == 'M') {
		p++;
		r->kind = RULE_MONTH;
		if (tz_num(&p, 2, &v) || v < 1 || v > 12 || *p++ != '.')
			return -1;
		r->month = v;
		if (tz_num(&p, 1, &v) || v < 1 || v > 5 || *p++ != '.')
			return -1;
		r->week = v;
		if (tz_num(&p, 1, &v) || v > 6)
			return -1;
		r->wday = v;
	} else {
		if (tz_num(&p, 3, &v) || v > 365)
			return -1;
		r->kind = RULE_JULIAN0;
		r->day = v;
	}
	r->secs = 2 * 3600;
	if (*p == '/') {
		p++;
		if (tz_hms(&p, 167, &r->secs))
			return -1;
	}
	*pp = p;
	return 0;
}

/* Parses a TZ string ("EST5EDT,M3.2.0,M11.1.0", "<+07>-7"); 0 or -1. */
static int tz_posix_parse(const char *s, struct tz_posix *tz)
{
	const char *p = s;
	int32_t off;

	memset(tz, 0, sizeof(*tz));
	if (tz_abbr(&p, tz->std_abbr, sizeof(tz->std_abbr)) ||
	    tz_hms(&p, 24, &off))
		return -1;
	/* POSIX offsets count west of Greenwich: "EST5" is UTC-5. */
	tz->std_off = -off;
	if (!*p)
		return 0;
	if (tz_abbr(&p, tz->dst_abbr, sizeof(tz->dst_abbr)))
		return -1;
	tz->has_dst = 1;
	tz->dst_off = tz->std_off + 3600;
	if (*p && *p != ',') {
		if (tz_hms(&p, 24, &off))
			return -1;
		tz->dst_off = -off;
	}
	/* A TZif footer with DST must say when (RFC 8536, section 3.3). */
	if (*p++ != ',' || tz_rule(&p, &tz->start) || *p++ != ',' ||
	    tz_rule(&p, &tz->end) || *p)
		return -1;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), any year. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The year of the day `days` since 1970-01-01. */
static int64_t year_of_days(int64_t days)
{
	int64_t z = days + 719468, era, doe, yoe, doy, mp, y;

	era = clock_floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	return y + (mp >= 10);
}

/* Local seconds (as if UTC) at which rule r falls in year y. */
static int64_t rule_local(const struct tz_rule *r, int64_t y)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int64_t day, first;
	int wday, d, len;

	switch (r->kind) {
	case RULE_JULIAN1:
		/* Jn never counts 29 February. */
		day = days_from_civil(y, 1, 1) + r->day - 1;
		if (clock_is_leap(y) && r->day >= 60)
			day++;
		break;
	case RULE_JULIAN0:
		day = days_from_civil(y, 1, 1) + r->day;
		break;
	case RULE_MONTH:
	default:
		first = days_from_civil(y, r->month, 1);
		/* 1970-01-01 was a Thursday (4). */
		wday = (int)((first % 7 + 7 + 4) % 7);
		d = 1 + (r->wday - wday + 7) % 7 + (r->week - 1) * 7;
		len = mdays[r->month - 1] + (r->month == 2 && clock_is_leap(y));
		while (d > len)
			d -= 7;
		day = first + d - 1;
		break;
	}
	return day * SECONDS_PER_DAY + r->secs;
}

/* The POSIX rule's offset at t, and whether it is DST. */
static int32_t posix_offset(const struct tz_posix *tz, int64_t t, int *isdst)
{
	int64_t y, start, end;
	int dst;

	*isdst = 0;
	if (!tz->has_dst)
		return tz->std_off;
	y = year_of_days(clock_floor_div(t + tz->std_off, SECONDS_PER_DAY));
	/* The start is said in standard time, the end in DST. */
	start = rule_local(&tz->start, y) - tz->std_off;
	end = rule_local(&tz->end, y) - tz->dst_off;
	if (start < end)
		dst = t >= start && t < end;
	else
		dst = !(t >= end && t < start);
	*isdst = dst;
	return dst ? tz->dst_off : tz->std_off;
}

/* ---- the TZif file ---- */

struct reader {
	const unsigned char *p, *end;
};

static int need(const struct reader *r, uint64_t n)
{
	return (uint64_t)(r->end - r->p) >= n;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct header {
	int version;
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int read_header(struct reader *r, struct header *h)
{
	if (!need(r, 44) || memcmp(r->p, "TZif", 4))
		return -1;
	h->version = r->p[4] ? r->p[4] - '0' : 1;
	if (h->version < 1 || h->version > 4)
		return -1;
	h->isutcnt = be32(r->p + 20);
	h->isstdcnt = be32(r->p + 24);
	h->leapcnt = be32(r->p + 28);
	h->timecnt = be32(r->p + 32);
	h->typecnt = be32(r->p + 36);
	h->charcnt = be32(r->p + 40);
	r->p += 44;
	return 0;
}

/* The size of a data block with these counts and time size. */
static uint64_t block_size(const struct header *h, int tsize)
{
	return (uint64_t)h->timecnt * (uint64_t)tsize + h->timecnt +
	       (uint64_t)h->typecnt * 6 + h->charcnt +
	       (uint64_t)h->leapcnt * (uint64_t)(tsize + 4) + h->isstdcnt +
	       h->isutcnt;
}

static const char *check_counts(const struct header *h)
{
	if (h->typecnt < 1 || h->typecnt > MAX_TYPES)
		return N_("no local time type, or too many");
	if (h->timecnt > MAX_TRANSITIONS)
		return N_("too many transitions");
	if (h->charcnt < 1)
		return N_("no abbreviations");
	if ((h->isstdcnt && h->isstdcnt != h->typecnt) ||
	    (h->isutcnt && h->isutcnt != h->typecnt))
		return N_("indicator counts do not match the types");
	if (h->leapcnt)
		return N_("leap-second zones (\"right/...\") are not supported");
	return NULL;
}

/* Reads the data block at r (tsize 4 or 8) into z. */
static const char *read_block(struct reader *r, const struct header *h,
			      int tsize, struct clock_zone *z)
{
	const unsigned char *times = r->p;
	const unsigned char *idx = times + (size_t)h->timecnt * tsize;
	const unsigned char *ttinfo = idx + h->timecnt;
	const unsigned char *chars = ttinfo + (size_t)h->typecnt * 6;
	size_t i;

	z->n = h->timecnt;
	z->at = xmalloc((z->n ? z->n : 1) * sizeof(*z->at));
	z->type_of = xmalloc(z->n ? z->n : 1);
	for (i = 0; i < z->n; i++) {
		z->at[i] = tsize == 8 ? be64(times + i * 8) :
			(int32_t)be32(times + i * 4);
		if (i && z->at[i] <= z->at[i - 1])
			return N_("transitions out of order");
		if (idx[i] >= h->typecnt)
			return N_("a transition to a type that does not exist");
		z->type_of[i] = idx[i];
	}
	z->ntypes = h->typecnt;
	z->types = xcalloc(z->ntypes, sizeof(*z->types));
	for (i = 0; i < z->ntypes; i++) {
		const unsigned char *t = ttinfo + i * 6;
		int32_t off = (int32_t)be32(t);

		if (off < -MAX_UTOFF || off > MAX_UTOFF)
			return N_("an offset beyond 25 hours");
		if (t[4] > 1)
			return N_("a daylight-saving flag that is not 0 or 1");
		if (t[5] >= h->charcnt)
			return N_("an abbreviation outside the table");
		z->types[i].utoff = off;
		z->types[i].isdst = t[4];
		z->types[i].abbrev = t[5];
	}
	z->nabbrevs = h->charcnt;
	z->abbrevs = xmalloc(z->nabbrevs + 1);
	memcpy(z->abbrevs, chars, z->nabbrevs);
	/* A last abbreviation without its NUL still ends inside. */
	z->abbrevs[z->nabbrevs++] = '\0';
	r->p += block_size(h, tsize);
	return NULL;
}

int clock_zone_parse_tzif(const char *name, const void *data, size_t len,
			  struct clock_zone **out, struct err *err)
{
	struct reader r = { data, (const unsigned char *)data + len };
	struct clock_zone *z;
	struct header h;
	const char *why = NULL;
	const unsigned char *nl;

	*out = NULL;
	if (len > CLOCK_TZIF_MAX_BYTES)
		return zone_fail(err, name, _("the file is too large"));
	if (read_header(&r, &h))
		return zone_fail(err, name, _("not a TZif file"));
	if ((why = check_counts(&h)) || !need(&r, block_size(&h, 4)))
		return zone_fail(err, name, why ? _(why) :
				 _("the file is cut short"));
	z = xcalloc(1, sizeof(*z));
	z->name = xstrdup(name);
	if (h.version == 1) {
		why = read_block(&r, &h, 4, z);
	} else {
		/* Skip the 32-bit block: the 64-bit one follows it. */
		r.p += block_size(&h, 4);
		if (read_header(&r, &h))
			why = N_("the 64-bit part is missing");
		else if ((why = check_counts(&h)) == NULL &&
			 !need(&r, block_size(&h, 8)))
			why = N_("the file is cut short");
		if (!why)
			why = read_block(&r, &h, 8, z);
		if (!why && (!need(&r, 1) || *r.p != '\n'))
			why = N_("the footer is missing");
		if (!why) {
			r.p++;
			nl = memchr(r.p, '\n', (size_t)(r.end - r.p));
			if (!nl || nl - r.p > 64)
				why = N_("the footer is malformed");
		}
		if (!why && nl > r.p) {
			char tz[80];

			memcpy(tz, r.p, (size_t)(nl - r.p));
			tz[nl - r.p] = '\0';
			if (tz_posix_parse(tz, &z->posix))
				why = N_("the footer's rule is malformed");
			z->has_posix = 1;
		}
	}
	if (why) {
		clock_zone_free(z);
		return zone_fail(err, name, _(why));
	}
	*out = z;
	return 0;
}

/* An IANA name: parts of [A-Za-z0-9_+-.], none starting with a dot. */
static int valid_zone_name(const char *name)
{
	const char *p = name, *start;
	size_t len = strlen(name);

	if (!len || len > MAX_ZONE_NAME || name[0] == '/')
		return 0;
	for (;;) {
		start = p;
		while (*p && *p != '/') {
			if (!is_alpha(*p) && !is_digit(*p) && *p != '_' &&
			    *p != '-' && *p != '+' && *p != '.')
				return 0;
			p++;
		}
		/* No empty part, none that starts with a dot ("..", ".x"). */
		if (p == start || start[0] == '.')
			return 0;
		if (!*p)
			return 1;
		p++;
	}
}

int clock_zone_load(const char *name, struct clock_zone **out,
		    struct err *err)
{
	struct strbuf path = STRBUF_INIT, buf = STRBUF_INIT;
	const char *dir = getenv("TZDIR");
	int minutes, rc;
	struct err quiet = ERR_INIT;

	*out = NULL;
	if (name && (name[0] == '+' || name[0] == '-' || !strcmp(name, "Z") ||
		     !strcmp(name, "UTC"))) {
		rc = clock_parse_offset(name, &minutes, &quiet);
		err_release(&quiet);
		if (rc)
			return zone_fail(err, name, _("expected an offset like"
				" +07:00 or a zone like Asia/Ho_Chi_Minh"));
		*out = clock_zone_fixed(minutes);
		return 0;
	}
	if (!name || !valid_zone_name(name))
		return zone_fail(err, name ? name : "",
				 _("expected an offset like +07:00 or a zone"
				   " like Asia/Ho_Chi_Minh"));
	strbuf_addf(&path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo",
		    name);
	if (access(path.buf, F_OK)) {
		strbuf_release(&path);
		return zone_fail(err, name,
				 _("no such zone in the tz database"));
	}
	/* The one bounded read: a regular file, capped before reading. */
	rc = infile_read(path.buf, CLOCK_TZIF_MAX_BYTES, &buf, &quiet);
	strbuf_release(&path);
	if (rc) {
		zone_fail(err, name, quiet.msg.buf);
		err_release(&quiet);
		strbuf_release(&buf);
		return -1;
	}
	err_release(&quiet);
	rc = clock_zone_parse_tzif(name, buf.buf, buf.len, out, err);
	strbuf_release(&buf);
	return rc;
}

/* ---- lookups ---- */

/* The type in force at t: from the transitions, else the footer. */
static const struct zone_type *type_at(const struct clock_zone *z,
				       int64_t t, int32_t *utoff,
				       const char **abbr)
{
	size_t lo = 0, hi = z->n;
	const struct zone_type *type;
	int isdst;

	if (z->n && t >= z->at[z->n - 1] && z->has_posix) {
		*utoff = posix_offset(&z->posix, t, &isdst);
		*abbr = isdst ? z->posix.dst_abbr : z->posix.std_abbr;
		return NULL;
	}
	if (!z->n && z->has_posix) {
		*utoff = posix_offset(&z->posix, t, &isdst);
		*abbr = isdst ? z->posix.dst_abbr : z->posix.std_abbr;
		return NULL;
	}
	if (!z->n || t < z->at[0]) {
		/* Before the first transition: type 0 (RFC 8536). */
		type = &z->types[0];
	} else {
		/* The last transition at or before t. */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (z->at[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		type = &z->types[z->type_of[lo]];
	}
	*utoff = type->utoff;
	*abbr = z->abbrevs + type->abbrev;
	return type;
}

static int32_t offset_seconds(const struct clock_zone *z, int64_t t)
{
	int32_t off;
	const char *abbr;

	if (!z)
		return 0;
	type_at(z, t, &off, &abbr);
	return off;
}

int clock_zone_offset(const struct clock_zone *z, instant_t t)
{
	/* Offsets with seconds (LMT of the 1800s) round toward zero. */
	return offset_seconds(z, t) / 60;
}

const char *clock_zone_abbrev(const struct clock_zone *z, instant_t t)
{
	int32_t off;
	const char *abbr;

	if (!z || z->fixed)
		return "";
	type_at(z, t, &off, &abbr);
	return abbr;
}

/* Adds off to the candidates v[*n] when it is not there (at most 64). */
static void candidate(int32_t *v, size_t *n, int32_t off)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (v[i] == off)
			return;
	if (*n < 64)
		v[(*n)++] = off;
}

instant_t clock_zone_from_local(const struct clock_zone *z, int64_t local)
{
	int32_t cand[64];
	int64_t best = 0, u, lo, hi;
	size_t n = 0, i, k;
	int found = 0;

	/*
	 * A solution u has local = u + offset(u), and offsets stay within
	 * 25 hours: u lies in [local - 25h, local + 25h].  The offsets in
	 * force there are the one at its start, those of the transitions
	 * inside it, and the footer's two.
	 */
	lo = clock_sub_sat(local, MAX_UTOFF);
	hi = clock_sub_sat(local, -MAX_UTOFF);
	candidate(cand, &n, offset_seconds(z, lo));
	if (z && z->n) {
		size_t first = 0, last = z->n;

		while (first < last) {
			k = first + (last - first) / 2;
			if (z->at[k] < lo)
				first = k + 1;
			else
				last = k;
		}
		for (k = first; k < z->n && z->at[k] <= hi; k++)
			candidate(cand, &n, z->types[z->type_of[k]].utoff);
	}
	if (z && z->has_posix) {
		candidate(cand, &n, z->posix.std_off);
		if (z->posix.has_dst)
			candidate(cand, &n, z->posix.dst_off);
	}
	for (i = 0; i < n; i++) {
		u = clock_sub_sat(local, cand[i]);
		if (offset_seconds(z, u) == cand[i] && (!found || u < best)) {
			best = u;
			found = 1;
		}
	}
	if (found)
		return best;
	/*
	 * A gap: read with the offset in force before the change, so the
	 * reading lands as far after the change as it was after its start.
	 * Read with the offset after the change (B), it is an instant
	 * before the change, whose offset is the one before (A): local - A
	 * is the latest of the readings so made.
	 */
	for (i = 0; i < n; i++) {
		u = clock_sub_sat(local, offset_seconds(z, clock_sub_sat(local, cand[i])));
		if (!i || u > best)
			best = u;
	}
	return best;
}

int32_t clock_zone_utoff(const struct clock_zone *z, instant_t t)
{
	return offset_seconds(z, t);
}
