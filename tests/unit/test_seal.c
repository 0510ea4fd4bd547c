/*
 * Unit tests for token secrets: fresh ids and secrets of the documented
 * shape, an Argon2id hash string (salted, so two hashes of one secret
 * differ) that accepts the secret and nothing else, however close.
 * The comparison itself is libsodium's crypto_pwhash_str_verify, which
 * compares in constant time.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "seal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "banned.h"

static int setup(void **state)
{
	(void)state;
	return seal_init();
}

static void test_token_shape(void **state)
{
	char id[SEAL_TOKEN_ID_LEN + 1], secret[SEAL_SECRET_LEN + 1];
	char id2[SEAL_TOKEN_ID_LEN + 1], secret2[SEAL_SECRET_LEN + 1];
	size_t i;

	(void)state;
	seal_token_new(id, secret);
	seal_token_new(id2, secret2);
	assert_int_equal(strlen(id), SEAL_TOKEN_ID_LEN);
	assert_int_equal(strlen(secret), SEAL_SECRET_LEN);
	for (i = 0; i < SEAL_TOKEN_ID_LEN; i++)
		assert_non_null(strchr("0123456789abcdef", id[i]));
	for (i = 0; i < SEAL_SECRET_LEN; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "abcdefghijklmnopqrstuvwxyz0123456789-_",
				       secret[i]));
	assert_string_not_equal(id, id2);
	assert_string_not_equal(secret, secret2);
}

static void test_hash_accepts_only_the_secret(void **state)
{
	char id[SEAL_TOKEN_ID_LEN + 1], secret[SEAL_SECRET_LEN + 1];
	char hash[SEAL_SECRET_HASH_MAX], again[SEAL_SECRET_HASH_MAX];
	char near[SEAL_SECRET_LEN + 1];

	(void)state;
	seal_token_new(id, secret);
	assert_int_equal(seal_secret_hash(secret, hash), 0);
	assert_memory_equal(hash, "$argon2id$v=19$m=8192,t=2,p=1$", 30);
	assert_null(strstr(hash, secret));
	assert_int_equal(seal_secret_verify(hash, secret), 0);

	/* Salted: the same secret never hashes alike twice. */
	assert_int_equal(seal_secret_hash(secret, again), 0);
	assert_string_not_equal(hash, again);
	assert_int_equal(seal_secret_verify(again, secret), 0);

	memcpy(near, secret, sizeof(near));
	near[0] = near[0] == 'A' ? 'B' : 'A';
	assert_int_equal(seal_secret_verify(hash, near), -1);
	memcpy(near, secret, sizeof(near));
	near[SEAL_SECRET_LEN - 1] = near[SEAL_SECRET_LEN - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(seal_secret_verify(hash, near), -1);
	near[SEAL_SECRET_LEN - 1] = '\0';
	assert_int_equal(seal_secret_verify(hash, near), -1);
	assert_int_equal(seal_secret_verify(hash, ""), -1);
	assert_int_equal(seal_secret_verify("not a hash", secret), -1);
}

/*
 * An unknown token id is checked against a hash of nothing at the cost of
 * every token's: same parameters, refused, and not faster than a wrong
 * secret by more than noise (the CPU time of each, many times over).
 */
static void test_unknown_id_costs_a_check(void **state)
{
	char hash[SEAL_SECRET_HASH_MAX];
	struct timespec t0, t1, t2;
	double wrong, unknown;
	int i;

	(void)state;
	assert_true(seal_secret_dummy_current());
	assert_int_equal(seal_secret_hash("the secret", hash), 0);
	assert_int_equal(seal_secret_verify_none("the secret"), -1);
	assert_int_equal(seal_secret_verify_none(""), -1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	for (i = 0; i < 5; i++)
		assert_int_equal(seal_secret_verify(hash, "not it"), -1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	for (i = 0; i < 5; i++)
		assert_int_equal(seal_secret_verify_none("not it"), -1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t2);
	wrong = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	unknown = (double)(t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) / 1e9;
	/* The same work: within a factor of two either way. */
	if (unknown < wrong / 2 || unknown > wrong * 2)
		fail_msg("unknown id %.4fs, wrong secret %.4fs", unknown, wrong);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_shape),
		cmocka_unit_test(test_hash_accepts_only_the_secret),
		cmocka_unit_test(test_unknown_id_costs_a_check),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
