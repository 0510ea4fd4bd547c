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

/*
 * A BLAKE2b-256 digest of data given in pieces (a table read row by
 * row): seal_digest_new, any number of seal_digest_add, then
 * seal_digest_final, which writes the hex digest and frees d.
 */
struct seal_digest;
struct seal_digest *seal_digest_new(void);
void seal_digest_add(struct seal_digest *d, const void *data, size_t len);
void seal_digest_final(struct seal_digest *d, char out[SEAL_HEX_LEN + 1]);

/*
 * Token secrets.  A token is a public id and a secret of 32 random bytes;
 * only an Argon2id hash of the secret is ever stored.
 */
#define SEAL_TOKEN_ID_LEN 12      /* hex digits: 6 random bytes */
#define SEAL_SECRET_LEN 43        /* base64url, unpadded: 32 random bytes */
#define SEAL_SECRET_HASH_MAX 128  /* crypto_pwhash_STRBYTES, with its NUL */

/* Fresh random id and secret, NUL-terminated. */
void seal_token_new(char id[SEAL_TOKEN_ID_LEN + 1],
		    char secret[SEAL_SECRET_LEN + 1]);

/*
 * The Argon2id hash string of secret ("$argon2id$v=19$m=...").  Returns 0,
 * or -1 when the memory it needs cannot be had.
 */
int seal_secret_hash(const char *secret, char out[SEAL_SECRET_HASH_MAX]);

/*
 * 0 when secret matches the hash string, -1 when not (or the hash is not
 * one).  The comparison takes the same time wherever the bytes differ.
 */
int seal_secret_verify(const char *hash, const char *secret);

/*
 * A fresh random secret of 32 bytes as base64url (a web session, a
 * one-time link): 256 bits, so that a plain hash of it is enough to
 * store it (seal_content), unlike a password.
 */
void seal_random_secret(char secret[SEAL_SECRET_LEN + 1]);

/* 1 when the len bytes at a and b are equal, in time that does not tell where they differ. */
int seal_equal(const void *a, const void *b, size_t len);

/*
 * For a token whose id is unknown: checks secret against a hash of
 * nothing, so that the answer takes as long as for a wrong secret, and
 * returns -1.
 */
int seal_secret_verify_none(const char *secret);

/* 1 when that hash of nothing costs what seal_secret_hash's do (tests). */
int seal_secret_dummy_current(void);

/* 2 * nbytes random hex digits and a NUL into out (nbytes at most 32). */
void seal_random_hex(char *out, size_t nbytes);

/* Appends data in base64 (RFC 4648, with padding), on one line. */
void seal_base64(struct strbuf *out, const void *data, size_t len);

/* Zeroes len bytes at p in a way the compiler cannot leave out. */
void seal_wipe(void *p, size_t len);

/* ---- signatures, SHA-256 and base64 (seal_sign.c) ---- */

#define SEAL_SHA256_LEN 32
#define SEAL_SIGN_SEED_LEN 32     /* what a key file keeps */
#define SEAL_SIGN_PUBLIC_LEN 32
#define SEAL_SIGN_LEN 64          /* an Ed25519 signature */

/* One piece of a message hashed in parts. */
struct seal_part {
	const void *data;
	size_t len;
};

/* SHA-256 of the n parts, one after the other. */
void seal_sha256(const struct seal_part *parts, size_t n,
		 unsigned char out[SEAL_SHA256_LEN]);

/* An Ed25519 key pair, from its seed.  Wipe with seal_signer_wipe. */
struct seal_signer {
	unsigned char seed[SEAL_SIGN_SEED_LEN];
	unsigned char public_key[SEAL_SIGN_PUBLIC_LEN];
	unsigned char secret[64];    /* libsodium's form: seed || public */
};

/* A fresh key pair from the system's random source. */
void seal_signer_generate(struct seal_signer *s);
/* The key pair of a seed. */
void seal_signer_from_seed(struct seal_signer *s,
			   const unsigned char seed[SEAL_SIGN_SEED_LEN]);
void seal_signer_wipe(struct seal_signer *s);

/* The Ed25519 signature (RFC 8032) of msg. */
void seal_sign(const struct seal_signer *s, const void *msg, size_t len,
	       unsigned char sig[SEAL_SIGN_LEN]);

/* 0 when sig is public_key's signature of msg, -1 when not. */
int seal_sign_verify(const unsigned char public_key[SEAL_SIGN_PUBLIC_LEN],
		     const void *msg, size_t len,
		     const unsigned char sig[SEAL_SIGN_LEN]);

/*
 * Decodes len bytes of padded base64 (no space, no other alphabet, the
 * unused bits zero: one encoding per value) into out, at most max
 * bytes; *n is set.  0, or -1 when text is not such base64 or too long.
 */
int seal_unbase64(const char *text, size_t len, unsigned char *out,
		  size_t max, size_t *n);

/* Appends data in lower-case hex. */
void seal_hex(struct strbuf *out, const void *data, size_t len);

/*
 * Decodes exactly 2 * len hex digits (either case) of text into out.
 * 0, or -1 when text is anything else.
 */
int seal_unhex(const char *text, unsigned char *out, size_t len);

#endif
