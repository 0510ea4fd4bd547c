/*
 * Typed evidence values: what a unit types at sign-off, checked against
 * the step's declared fields and normalised before it is stored.
 */
#ifndef EVIDENCE_H
#define EVIDENCE_H

#include <stddef.h>

#include "err.h"
#include "model.h"
#include "strbuf.h"

/*
 * Validates one raw value of the given type and appends its normalised
 * form to out.  Returns 0, or -1 with err's message saying why, e.g.
 * "'0912' is not a phone number".  Rules:
 *   text   non-empty after trimming, at most 4096 bytes, valid UTF-8,
 *          no control characters other than newline and tab
 *   phone  Vietnamese number: digits with optional spaces, dots, dashes;
 *          "+84" or "84" or "0" prefix; 9-10 digits after the 0;
 *          normalised to "0" + digits (e.g. "0912345678")
 *   email  local@domain.tld, ascii, no spaces; lower-cased domain
 *   url    http:// or https:// followed by a host; no spaces
 *   int    optional '-', decimal digits, fits in int64; normalised
 *   money  VND, a non-negative integer; "1.500.000", "1,500,000",
 *          "1500000" and a trailing "đ"/"VND" accepted; normalised digits
 *   date   "YYYY-MM-DD" or "DD/MM/YYYY", a real calendar date;
 *          normalised "YYYY-MM-DD"
 *   bool   yes/no, true/false, 1/0, có/không (any case); "true"/"false"
 *   file   a non-empty file name (the attachment itself is checked by
 *          the caller); kept as given
 */
int evidence_normalize(enum evidence_type type, const char *raw,
		       struct strbuf *out, struct err *err);

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
