/*
 * Regions and currencies: what the place a runbook is for means for the
 * values people type there.  A region says how its phone numbers are
 * dialled and written, how its numbers group digits and mark decimals,
 * its usual language and currency; a currency says how many minor units
 * (decimal places) it has and how its amounts are marked.
 *
 * Both are tables (region.c): another country is another row, with no
 * code to write.  Codes are ISO 3166-1 alpha-2 (regions) and ISO 4217
 * (currencies), upper case.
 */
#ifndef REGION_H
#define REGION_H

#include <stddef.h>

struct region {
	const char *code;          /* "VN" */
	const char *lang;          /* its usual language: "vi" */
	const char *currency;      /* its currency: "VND" */
	const char *calling_code;  /* E.164 country code: "84" */
	const char *trunk;         /* national (trunk) prefix: "0", "1" */
	int trunk_optional;        /* may a national number omit it? */
	const char *written_prefix; /* a national number's normal form
				      starts with this ("0" in VN) */
	/*
	 * National significant numbers, one pattern a length: 'X' any
	 * digit, 'N' 2 to 9, 'Z' 1 to 9, a digit itself.
	 */
	const char *const *patterns;
	const char *separators;    /* what may stand between digits */
	const char *phone_hint;    /* N_() marked: how to write a number */
	char group;                /* digit grouping mark: '.' in VN */
	char decimal;              /* decimal mark: ',' in VN */
};

struct currency {
	const char *code;          /* "USD" */
	int minor;                 /* decimal places: 2 for cents, 0 */
	const char *const *marks;  /* what may stand before or after an
				      amount: "$", "USD", "đ" */
	const char *hint;          /* N_() marked: how to write an amount */
};

/* The region with that code, or NULL. */
const struct region *region_find(const char *code);
/* The currency with that code, or NULL. */
const struct currency *region_currency(const char *code);

/* The codes the tables know, joined by ", " (for messages). */
void region_list(char *out, size_t size, int currencies);

/*
 * 1 when the national significant number nsn (digits) is one of the
 * region's patterns.
 */
int region_phone_matches(const struct region *r, const char *nsn);

/*
 * The region whose calling code starts digits (the longest that does),
 * or NULL.
 */
const struct region *region_by_calling_code(const char *digits);

#endif
