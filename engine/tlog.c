/*
 * RFC 6962 Merkle trees over leaf hashes: roots, a compact range for the
 * roots of growing prefixes, consistency and inclusion proofs and their
 * verification.  SHA-256 comes from the seal module (libsodium).
 */
#include "tlog.h"

#include <string.h>

#include "seal.h"
#include "banned.h"

void tlog_leaf_hash(const void *leaf, size_t len, tlog_hash out)
{
	static const unsigned char zero = 0x00;
	const struct seal_part parts[] = { { &zero, 1 }, { leaf, len } };

	seal_sha256(parts, 2, out);
}

void tlog_node_hash(const tlog_hash left, const tlog_hash right,
		    tlog_hash out)
{
	static const unsigned char one = 0x01;
	const struct seal_part parts[] = {
		{ &one, 1 }, { left, TLOG_HASH_LEN }, { right, TLOG_HASH_LEN }
	};

	seal_sha256(parts, 3, out);
}

/* The largest power of two strictly below n (n >= 2). */
static uint64_t split(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

void tlog_range_init(struct tlog_range *r)
{
	memset(r, 0, sizeof(*r));
}

void tlog_range_append(struct tlog_range *r, const tlog_hash leaf)
{
	uint64_t size = r->size;

	memcpy(r->peaks[r->npeaks++], leaf, TLOG_HASH_LEN);
	/* Each trailing 1 bit of the old size is a peak that now pairs up. */
	while (size & 1) {
		r->npeaks--;
		tlog_node_hash(r->peaks[r->npeaks - 1], r->peaks[r->npeaks],
			       r->peaks[r->npeaks - 1]);
		size >>= 1;
	}
	r->size++;
}

void tlog_range_root(const struct tlog_range *r, tlog_hash out)
{
	tlog_hash acc;
	size_t i;

	if (!r->npeaks) {
		seal_sha256(NULL, 0, out);
		return;
	}
	/*
	 * The peaks are the left subtrees of RFC 6962's splits, largest
	 * first: the root folds them from the right.
	 */
	memcpy(acc, r->peaks[r->npeaks - 1], TLOG_HASH_LEN);
	for (i = r->npeaks - 1; i-- > 0;)
		tlog_node_hash(r->peaks[i], acc, acc);
	memcpy(out, acc, TLOG_HASH_LEN);
}

void tlog_root(const tlog_hash *leaves, uint64_t n, tlog_hash out)
{
	struct tlog_range r;
	uint64_t i;

	tlog_range_init(&r);
	for (i = 0; i < n; i++)
		tlog_range_append(&r, leaves[i]);
	tlog_range_root(&r, out);
}

/* SUBPROOF(m, D[0:n], whole) of RFC 6962 2.1.2, appended to proof. */
static void subproof(const tlog_hash *leaves, uint64_t n, uint64_t m,
		     int whole, tlog_hash *proof, size_t *np)
{
	uint64_t k;

	if (m == n) {
		if (!whole)
			tlog_root(leaves, n, proof[(*np)++]);
		return;
	}
	k = split(n);
	if (m <= k) {
		subproof(leaves, k, m, whole, proof, np);
		tlog_root(leaves + k, n - k, proof[(*np)++]);
	} else {
		subproof(leaves + k, n - k, m - k, 0, proof, np);
		tlog_root(leaves, k, proof[(*np)++]);
	}
}

size_t tlog_consistency_proof(const tlog_hash *leaves, uint64_t n,
			      uint64_t m, tlog_hash *proof)
{
	size_t np = 0;

	if (m == 0 || m > n)
		return 0;
	subproof(leaves, n, m, 1, proof, &np);
	return np;
}

static int same(const tlog_hash a, const tlog_hash b)
{
	return !memcmp(a, b, TLOG_HASH_LEN);
}

int tlog_verify_consistency(uint64_t m, uint64_t n, const tlog_hash old_root,
			    const tlog_hash new_root, const tlog_hash *proof,
			    size_t nproof)
{
	tlog_hash fr, sr;
	uint64_t fn, sn;
	size_t i = 0;

	if (m > n)
		return -1;
	if (m == 0)
		return nproof ? -1 : 0;
	if (m == n)
		return !nproof && same(old_root, new_root) ? 0 : -1;
	if (!nproof)
		return -1;
	fn = m - 1;
	sn = n - 1;
	/*
	 * When m is a power of two the old tree is a whole subtree of the
	 * new one, and the proof leaves out its root: it is old_root.
	 */
	if (!(m & (m - 1)))
		memcpy(fr, old_root, TLOG_HASH_LEN);
	else
		memcpy(fr, proof[i++], TLOG_HASH_LEN);
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	memcpy(sr, fr, TLOG_HASH_LEN);
	for (; i < nproof; i++) {
		if (sn == 0)
			return -1;
		if ((fn & 1) || fn == sn) {
			tlog_node_hash(proof[i], fr, fr);
			tlog_node_hash(proof[i], sr, sr);
			while (!(fn & 1) && fn) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			tlog_node_hash(sr, proof[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && same(fr, old_root) && same(sr, new_root) ? 0 : -1;
}

/* PATH(index, D[0:n]) of RFC 6962 2.1.1, appended to proof. */
static void path(const tlog_hash *leaves, uint64_t n, uint64_t index,
		 tlog_hash *proof, size_t *np)
{
	uint64_t k;

	if (n <= 1)
		return;
	k = split(n);
	if (index < k) {
		path(leaves, k, index, proof, np);
		tlog_root(leaves + k, n - k, proof[(*np)++]);
	} else {
		path(leaves + k, n - k, index - k, proof, np);
		tlog_root(leaves, k, proof[(*np)++]);
	}
}

size_t tlog_inclusion_proof(const tlog_hash *leaves, uint64_t n,
			    uint64_t index, tlog_hash *proof)
{
	size_t np = 0;

	if (index >= n)
		return 0;
	path(leaves, n, index, proof, &np);
	return np;
}

int tlog_verify_inclusion(uint64_t index, uint64_t n, const tlog_hash leaf,
			  const tlog_hash root, const tlog_hash *proof,
			  size_t nproof)
{
	tlog_hash r;
	uint64_t fn = index, sn = n - 1;
	size_t i;

	if (index >= n)
		return -1;
	memcpy(r, leaf, TLOG_HASH_LEN);
	for (i = 0; i < nproof; i++) {
		if (sn == 0)
			return -1;
		if ((fn & 1) || fn == sn) {
			tlog_node_hash(proof[i], r, r);
			while (!(fn & 1) && fn) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			tlog_node_hash(r, proof[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && same(r, root) ? 0 : -1;
}
