/*
 * The seal module's signatures: Ed25519 (crypto_sign), SHA-256
 * (crypto_hash_sha256, the hash of RFC 6962 Merkle trees and of C2SP
 * key ids), and the base64 and hex that carry them as text.  Part of
 * the seal module: with seal.c, the only code that calls libsodium.
 */
#include "seal.h"

#include <sodium.h>
#include <string.h>

#include "banned.h"

void seal_sha256(const struct seal_part *parts, size_t n,
		 unsigned char out[SEAL_SHA256_LEN])
{
	crypto_hash_sha256_state st;
	size_t i;

	crypto_hash_sha256_init(&st);
	for (i = 0; i < n; i++)
		crypto_hash_sha256_update(&st, parts[i].data, parts[i].len);
	crypto_hash_sha256_final(&st, out);
}

void seal_signer_from_seed(struct seal_signer *s,
			   const unsigned char seed[SEAL_SIGN_SEED_LEN])
{
	_Static_assert(SEAL_SIGN_SEED_LEN == crypto_sign_SEEDBYTES &&
		       SEAL_SIGN_PUBLIC_LEN == crypto_sign_PUBLICKEYBYTES &&
		       sizeof(s->secret) == crypto_sign_SECRETKEYBYTES &&
		       SEAL_SIGN_LEN == crypto_sign_BYTES,
		       "the sizes are libsodium's");
	if (seed != s->seed)
		memcpy(s->seed, seed, sizeof(s->seed));
	crypto_sign_seed_keypair(s->public_key, s->secret, s->seed);
}

void seal_signer_generate(struct seal_signer *s)
{
	randombytes_buf(s->seed, sizeof(s->seed));
	seal_signer_from_seed(s, s->seed);
}

void seal_signer_wipe(struct seal_signer *s)
{
	sodium_memzero(s, sizeof(*s));
}

void seal_sign(const struct seal_signer *s, const void *msg, size_t len,
	       unsigned char sig[SEAL_SIGN_LEN])
{
	crypto_sign_detached(sig, NULL, msg, len, s->secret);
}

int seal_sign_verify(const unsigned char public_key[SEAL_SIGN_PUBLIC_LEN],
		     const void *msg, size_t len,
		     const unsigned char sig[SEAL_SIGN_LEN])
{
	return crypto_sign_verify_detached(sig, msg, len, public_key) ? -1 : 0;
}

/* 1 when the len bytes at s are all of alphabet. */
static int only(const char *s, size_t len, const char *alphabet)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!s[i] || !strchr(alphabet, s[i]))
			return 0;
	return 1;
}

int seal_unbase64(const char *text, size_t len, unsigned char *out,
		  size_t max, size_t *n)
{
	const char *end;

	/*
	 * libsodium 1.0.18 reads some bytes above 0x7f as base64 digits
	 * (fuzz_note found 0xcb 0xb6 taken for "//"): one text per value
	 * needs the alphabet checked first.
	 */
	if (!only(text, len, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		  "0123456789+/="))
		return -1;

	/* libsodium stops at the first byte it cannot read: all must be. */
	if (sodium_base642bin(out, max, text, len, NULL, n, &end,
			      sodium_base64_VARIANT_ORIGINAL) ||
	    end != text + len)
		return -1;
	return 0;
}

void seal_hex(struct strbuf *out, const void *data, size_t len)
{
	strbuf_grow(out, 2 * len + 1);
	sodium_bin2hex(out->buf + out->len, 2 * len + 1, data, len);
	out->len += 2 * len;
}

int seal_unhex(const char *text, unsigned char *out, size_t len)
{
	size_t n;
	const char *end;

	if (strlen(text) != 2 * len ||
	    !only(text, 2 * len, "0123456789abcdefABCDEF") ||
	    sodium_hex2bin(out, len, text, 2 * len, NULL, &n, &end) ||
	    n != len || end != text + 2 * len)
		return -1;
	return 0;
}
