/*
 * Hashes for the ledger and for attachments, through libsodium's
 * BLAKE2b (crypto_generichash).  Hashes travel as lower-case hex.
 */
#include "seal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

const char seal_genesis[SEAL_HEX_LEN + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

int seal_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

/*
 * Writes n in decimal so that it ends at the end of buf; returns where it
 * starts.  By hand rather than through printf: verify encodes every field
 * of every event, and printf's machinery was a fifth of its time at
 * 100,000 events.
 */
#define DECIMAL_MAX 24   /* 20 digits of an unsigned long long, a sign */

static char *decimal(char buf[DECIMAL_MAX], unsigned long long n)
{
	char *p = buf + DECIMAL_MAX;

	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	return p;
}

void seal_field(struct strbuf *canon, const char *value, size_t len)
{
	char buf[DECIMAL_MAX], *digits = decimal(buf, len);

	strbuf_grow(canon, DECIMAL_MAX + len + 2);
	strbuf_add(canon, digits, (size_t)(buf + DECIMAL_MAX - digits));
	strbuf_addch(canon, ':');
	strbuf_add(canon, value, len);
	strbuf_addch(canon, ',');
}

void seal_field_str(struct strbuf *canon, const char *value)
{
	/* NULL and "" must not encode alike: NULL has no length at all. */
	if (!value)
		strbuf_adds(canon, "-1:,");
	else
		seal_field(canon, value, strlen(value));
}

void seal_field_int(struct strbuf *canon, long long value)
{
	char buf[DECIMAL_MAX], *digits;

	digits = decimal(buf, value < 0 ? 0ULL - (unsigned long long)value :
			 (unsigned long long)value);
	if (value < 0)
		*--digits = '-';
	seal_field(canon, digits, (size_t)(buf + DECIMAL_MAX - digits));
}

int seal_chain(const char *prev_hex, const struct strbuf *canon,
	       char out[SEAL_HEX_LEN + 1])
{
	unsigned char prev[32], digest[32];
	size_t bin_len;
	crypto_generichash_state st;

	if (strlen(prev_hex) != SEAL_HEX_LEN ||
	    sodium_hex2bin(prev, sizeof(prev), prev_hex, SEAL_HEX_LEN, NULL,
			   &bin_len, NULL) != 0 || bin_len != sizeof(prev))
		return -1;
	crypto_generichash_init(&st, NULL, 0, sizeof(digest));
	crypto_generichash_update(&st, prev, sizeof(prev));
	crypto_generichash_update(&st, (const unsigned char *)canon->buf,
				  canon->len);
	crypto_generichash_final(&st, digest, sizeof(digest));
	sodium_bin2hex(out, SEAL_HEX_LEN + 1, digest, sizeof(digest));
	return 0;
}

void seal_content(const void *data, size_t len, char out[SEAL_HEX_LEN + 1])
{
	unsigned char digest[32];

	crypto_generichash(digest, sizeof(digest), data, len, NULL, 0);
	sodium_bin2hex(out, SEAL_HEX_LEN + 1, digest, sizeof(digest));
}

struct seal_digest {
	crypto_generichash_state state;
};

struct seal_digest *seal_digest_new(void)
{
	struct seal_digest *d;

	/* libsodium's state wants 64-byte alignment. */
	if (posix_memalign((void **)&d, 64, sizeof(*d)))
		abort();
	crypto_generichash_init(&d->state, NULL, 0, 32);
	return d;
}

void seal_digest_add(struct seal_digest *d, const void *data, size_t len)
{
	crypto_generichash_update(&d->state, data, len);
}

void seal_digest_final(struct seal_digest *d, char out[SEAL_HEX_LEN + 1])
{
	unsigned char digest[32];

	crypto_generichash_final(&d->state, digest, sizeof(digest));
	sodium_bin2hex(out, SEAL_HEX_LEN + 1, digest, sizeof(digest));
	free(d);
}

void seal_token_new(char id[SEAL_TOKEN_ID_LEN + 1],
		    char secret[SEAL_SECRET_LEN + 1])
{
	unsigned char id_bytes[SEAL_TOKEN_ID_LEN / 2], secret_bytes[32];

	randombytes_buf(id_bytes, sizeof(id_bytes));
	randombytes_buf(secret_bytes, sizeof(secret_bytes));
	sodium_bin2hex(id, SEAL_TOKEN_ID_LEN + 1, id_bytes, sizeof(id_bytes));
	sodium_bin2base64(secret, SEAL_SECRET_LEN + 1, secret_bytes,
			  sizeof(secret_bytes),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(secret_bytes, sizeof(secret_bytes));
}

void seal_random_hex(char *out, size_t nbytes)
{
	unsigned char buf[32];
	size_t n = nbytes < sizeof(buf) ? nbytes : sizeof(buf);

	randombytes_buf(buf, n);
	sodium_bin2hex(out, 2 * n + 1, buf, n);
}

void seal_base64(struct strbuf *out, const void *data, size_t len)
{
	size_t size = sodium_base64_ENCODED_LEN(len,
						sodium_base64_VARIANT_ORIGINAL);

	strbuf_grow(out, size);
	sodium_bin2base64(out->buf + out->len, size, data, len,
			  sodium_base64_VARIANT_ORIGINAL);
	out->len += size - 1;
}

/*
 * The secret is 256 random bits, so guessing it is hopeless whatever the
 * hash costs; Argon2id is there so that the database holds nothing a
 * reader can use.  Its cost is kept small (2 passes over 8 MiB, about
 * 12 ms) because every authenticated action pays it once.
 */
#define SECRET_OPSLIMIT 2
#define SECRET_MEMLIMIT (8u << 20)

int seal_secret_hash(const char *secret, char out[SEAL_SECRET_HASH_MAX])
{
	_Static_assert(SEAL_SECRET_HASH_MAX == crypto_pwhash_STRBYTES,
		       "the hash string's size is libsodium's");
	return crypto_pwhash_str_alg(out, secret, strlen(secret),
				     SECRET_OPSLIMIT, SECRET_MEMLIMIT,
				     crypto_pwhash_ALG_ARGON2ID13) ? -1 : 0;
}

int seal_secret_verify(const char *hash, const char *secret)
{
	return crypto_pwhash_str_verify(hash, secret, strlen(secret)) ? -1 : 0;
}

void seal_random_secret(char secret[SEAL_SECRET_LEN + 1])
{
	unsigned char bytes[32];

	randombytes_buf(bytes, sizeof(bytes));
	sodium_bin2base64(secret, SEAL_SECRET_LEN + 1, bytes, sizeof(bytes),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bytes, sizeof(bytes));
}

int seal_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

/*
 * An Argon2id hash of a secret no token has, at the cost every token's
 * hash has (test_seal checks the parameters stay the same): checking a
 * token whose id is unknown against it costs what a wrong secret costs.
 */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=8192,t=2,p=1$HHr/v0P/welEadyMhCn0yQ$"
	"DKwVExiO+L8eyXZWkQWZzE1oiii+xCrgoSBlp5S3IYY";

int seal_secret_verify_none(const char *secret)
{
	seal_secret_verify(dummy_hash, secret);
	return -1;
}

int seal_secret_dummy_current(void)
{
	return crypto_pwhash_str_needs_rehash(dummy_hash, SECRET_OPSLIMIT,
					      SECRET_MEMLIMIT) == 0;
}

void seal_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}
