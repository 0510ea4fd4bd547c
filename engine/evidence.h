/*
 * Typed evidence values: what a unit types at sign-off, checked against
 * the step's declared fields and normalised before it is stored.
 */
#ifndef EVIDENCE_H
#define EVIDENCE_H

#include <stddef.h>

#include "clock.h"
#include "err.h"
#include "model.h"
#include "strbuf.h"

/*
 * What a value is read against: the runbook's region (phone numbers,
 * digit grouping), currency (minor units), date order, and the field's
 * own flags.
 */
struct evidence_rules {
	const char *region;        /* "VN", "US"; NULL: "VN" */
	const char *currency;      /* "VND", "USD"; NULL: the region's */
	enum clock_date_order dates;
	int negative;              /* money: may be below zero */
};

/* Bắc Ninh's, the rules of a runbook that declares no locale. */
#define EVIDENCE_RULES_DEFAULT { "VN", "VND", CLOCK_DATES_DMY, 0 }

/* The rules of field f (NULL: none of its own) under the locale. */
void evidence_rules_of(struct evidence_rules *out,
		       const struct runbook_locale *locale,
		       const struct evidence_field *f);

/*
 * Validates one raw value of the given type under rules (NULL: the
 * defaults) and appends its normalised form to out.  Returns 0, or -1
 * with err's message saying why, e.g. "'0912' is not a phone number".
 * Rules:
 *   text   non-empty after trimming, at most 4096 bytes, valid UTF-8,
 *          no control characters other than newline and tab
 *   phone  E.164 always ("+" and the country code); a national number of
 *          the region as its table row says (digits with the region's
 *          separators, the trunk prefix); a number of the region is
 *          normalised to its national form (VN: "0912345678", US:
 *          "2025550143"), any other to E.164 ("+33123456789")
 *   email  local@domain.tld, ascii, no spaces; lower-cased domain
 *   url    http:// or https:// followed by a host; no spaces
 *   int    optional '-', decimal digits, fits in int64; normalised
 *   money  the currency's amount: digits grouped by threes with the
 *          region's grouping mark, the region's decimal mark and at most
 *          the currency's minor units (any further decimals must be 0:
 *          "1.500" in USD is 1.50; in VND, which has none, "." and ","
 *          only group), an optional currency mark; below zero only when
 *          rules->negative; normalised "1500000" (VND) or "1500.50" (USD)
 *   date   "YYYY-MM-DD", or "DD/MM/YYYY" or "MM/DD/YYYY" only as
 *          rules->dates says, a real calendar date; normalised
 *          "YYYY-MM-DD"
 *   bool   yes/no, true/false, 1/0, có/không (any case); "true"/"false"
 *   file   a non-empty file name (the attachment itself is checked by
 *          the caller); kept as given
 */
int evidence_normalize(enum evidence_type type,
		       const struct evidence_rules *rules, const char *raw,
		       struct strbuf *out, struct err *err);

/*
 * A normalised money value ("-1500.50") as an integer count of minor
 * units (-150050): 0, or -1 when it is not one.
 */
int evidence_money_minor(const char *normalised, long long *out);

/*
 * A person's name (who signs, who is on duty): text as above, trimmed
 * into out, then held to field.h's rule for a name: one line, at most
 * FIELD_NAME_MAX bytes, no control character or bidirectional override.
 * Returns 0, or -1 with err's message.
 */
int evidence_name(const char *raw, struct strbuf *out, struct err *err);

/* 1 when s (len bytes) is valid UTF-8, else 0. */
int evidence_valid_utf8(const char *s, size_t len);

#endif
