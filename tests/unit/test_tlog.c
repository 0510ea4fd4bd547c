/*
 * Unit tests for the RFC 6962 Merkle tree: roots, consistency and
 * inclusion proofs of Certificate Transparency's eight test leaves, the
 * expected hashes recomputed from RFC 6962's definitions with python3's
 * hashlib (the CLI test t8001 does the same for other sizes at test
 * time); then every size pair up to 70 leaves: each proof the tree
 * gives verifies, and none verifies once a hash or a root is changed or
 * a hash left out.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "seal.h"
#include "tlog.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

static const struct {
	const char *data;
	size_t len;
} ct_leaves[] = {
	{ "", 0 },
	{ "\x00", 1 },
	{ "\x10", 1 },
	{ "\x20\x21", 2 },
	{ "\x30\x31", 2 },
	{ "\x40\x41\x42\x43", 4 },
	{ "\x50\x51\x52\x53\x54\x55\x56\x57", 8 },
	{ "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
	  16 },
};

static const char *const ct_roots[] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static const struct {
	uint64_t m, n;
	const char *proof[4];
} ct_consistency[] = {
	{ 1, 8, {
	  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
	  NULL } },
	{ 6, 8, {
	  "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	  NULL } },
	{ 2, 5, {
	  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	  NULL, NULL } },
	{ 3, 7, {
	  "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
	  "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
	  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	  "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e" } },
};

static const struct {
	uint64_t index, n;
	const char *proof[3];
} ct_inclusion[] = {
	{ 0, 8, {
	  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
	{ 5, 8, {
	  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
	{ 2, 3, {
	  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	  NULL, NULL } },
	{ 1, 5, {
	  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
};

static tlog_hash leaves[8];

static int setup(void **state)
{
	size_t i;

	(void)state;
	if (seal_init())
		return -1;
	for (i = 0; i < 8; i++)
		tlog_leaf_hash(ct_leaves[i].data, ct_leaves[i].len, leaves[i]);
	return 0;
}

static void assert_hash(const tlog_hash h, const char *hex)
{
	struct strbuf sb = STRBUF_INIT;

	seal_hex(&sb, h, TLOG_HASH_LEN);
	assert_string_equal(sb.buf, hex);
	strbuf_release(&sb);
}

static void test_roots(void **state)
{
	struct tlog_range r;
	tlog_hash root;
	uint64_t n;

	(void)state;
	tlog_range_init(&r);
	for (n = 0; n <= 8; n++) {
		tlog_root(leaves, n, root);
		assert_hash(root, ct_roots[n]);
		tlog_range_root(&r, root);
		assert_hash(root, ct_roots[n]);
		if (n < 8)
			tlog_range_append(&r, leaves[n]);
	}
}

static void test_consistency_vectors(void **state)
{
	tlog_hash proof[TLOG_MAX_PROOF], old_root, new_root;
	size_t i, j, np;

	(void)state;
	for (i = 0; i < sizeof(ct_consistency) / sizeof(ct_consistency[0]);
	     i++) {
		np = tlog_consistency_proof(leaves, ct_consistency[i].n,
					    ct_consistency[i].m, proof);
		for (j = 0; j < np; j++)
			assert_hash(proof[j], ct_consistency[i].proof[j]);
		assert_true(j == 4 || !ct_consistency[i].proof[j]);
		tlog_root(leaves, ct_consistency[i].m, old_root);
		tlog_root(leaves, ct_consistency[i].n, new_root);
		assert_int_equal(tlog_verify_consistency(
			ct_consistency[i].m, ct_consistency[i].n, old_root,
			new_root, proof, np), 0);
	}
}

static void test_inclusion_vectors(void **state)
{
	tlog_hash proof[TLOG_MAX_PROOF], root;
	size_t i, j, np;

	(void)state;
	for (i = 0; i < sizeof(ct_inclusion) / sizeof(ct_inclusion[0]); i++) {
		np = tlog_inclusion_proof(leaves, ct_inclusion[i].n,
					  ct_inclusion[i].index, proof);
		for (j = 0; j < np; j++)
			assert_hash(proof[j], ct_inclusion[i].proof[j]);
		assert_true(j == 3 || !ct_inclusion[i].proof[j]);
		tlog_root(leaves, ct_inclusion[i].n, root);
		assert_int_equal(tlog_verify_inclusion(
			ct_inclusion[i].index, ct_inclusion[i].n,
			leaves[ct_inclusion[i].index], root, proof, np), 0);
	}
}

#define MANY 70

/* Every pair m <= n <= MANY: the proof verifies, and nothing else does. */
static void test_every_size(void **state)
{
	static tlog_hash many[MANY], roots[MANY + 1];
	tlog_hash proof[TLOG_MAX_PROOF], bad;
	uint64_t m, n, k;
	size_t np, j;
	char text[32];

	(void)state;
	for (k = 0; k < MANY; k++) {
		snprintf(text, sizeof(text), "event %llu", (unsigned long long)k);
		tlog_leaf_hash(text, strlen(text), many[k]);
	}
	for (n = 0; n <= MANY; n++)
		tlog_root(many, n, roots[n]);
	for (n = 1; n <= MANY; n++) {
		for (m = 1; m <= n; m++) {
			np = tlog_consistency_proof(many, n, m, proof);
			assert_int_equal(tlog_verify_consistency(m, n,
				roots[m], roots[n], proof, np), 0);
			if (m < n) {
				/* another old or new tree, a bent hash, a hash left out */
				assert_int_not_equal(tlog_verify_consistency(
					m, n, roots[m - 1], roots[n], proof,
					np), 0);
				assert_int_not_equal(tlog_verify_consistency(
					m, n, roots[m], roots[n - 1], proof,
					np), 0);
				for (j = 0; j < np; j++) {
					memcpy(bad, proof[j], TLOG_HASH_LEN);
					proof[j][j % TLOG_HASH_LEN] ^= 1;
					assert_int_not_equal(
						tlog_verify_consistency(m, n,
							roots[m], roots[n],
							proof, np), 0);
					memcpy(proof[j], bad, TLOG_HASH_LEN);
				}
				assert_int_not_equal(tlog_verify_consistency(
					m, n, roots[m], roots[n], proof,
					np - 1), 0);
			}
			k = m - 1;
			np = tlog_inclusion_proof(many, n, k, proof);
			assert_int_equal(tlog_verify_inclusion(k, n, many[k],
				roots[n], proof, np), 0);
			if (n > 1)
				assert_int_not_equal(tlog_verify_inclusion(
					k, n, many[(k + 1) % n], roots[n],
					proof, np), 0);
		}
	}
	/* The empty tree is a prefix of every tree; nothing is of it. */
	assert_int_equal(tlog_verify_consistency(0, 5, roots[0], roots[5],
						 NULL, 0), 0);
	assert_int_not_equal(tlog_verify_consistency(5, 0, roots[5],
						     roots[0], NULL, 0), 0);
	assert_int_not_equal(tlog_verify_consistency(5, 5, roots[5],
						     roots[4], NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roots),
		cmocka_unit_test(test_consistency_vectors),
		cmocka_unit_test(test_inclusion_vectors),
		cmocka_unit_test(test_every_size),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
