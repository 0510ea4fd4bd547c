/*
 * Sealing: the hash chain of the ledger and the content hashes of
 * attachments.  The only module that speaks to libsodium.
 *
 * An event's hash is BLAKE2b-256(prev_hash || canonical event), where the
 * canonical event is the sequence of its fields, each written as
 * "<decimal length>:<bytes>," (a netstring), so no two different events
 * share an encoding.  The first event's prev_hash is 32 zero bytes.
 */
#ifndef SEAL_H
#define SEAL_H

#include <stddef.h>

#include "strbuf.h"

#define SEAL_HEX_LEN 64   /* hex digits of a hash, without the NUL */

/* Initialises libsodium; returns 0 or -1.  Safe to call more than once. */
int seal_init(void);

/* The prev_hash of the first event: 64 '0' characters. */
extern const char seal_genesis[SEAL_HEX_LEN + 1];

/* Appends one field of a canonical encoding ("5:hello,"). */
void seal_field(struct strbuf *canon, const char *value, size_t len);
void seal_field_str(struct strbuf *canon, const char *value);  /* NULL: "-1:," */
void seal_field_int(struct strbuf *canon, long long value);

/*
 * Computes hex(BLAKE2b-256(bytes(prev_hex) || canon)) into out (65 bytes).
 * Returns 0, or -1 when prev_hex is not 64 hex digits.
 */
int seal_chain(const char *prev_hex, const struct strbuf *canon,
	       char out[SEAL_HEX_LEN + 1]);

/* hex(BLAKE2b-256(data)) into out. */
void seal_content(const void *data, size_t len, char out[SEAL_HEX_LEN + 1]);

#endif
