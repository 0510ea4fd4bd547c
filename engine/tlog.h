/*
 * Transparency-log Merkle trees, as RFC 6962 (section 2.1) defines them:
 * the hash of a leaf is SHA-256(0x00 || leaf), of an inner node
 * SHA-256(0x01 || left || right), and a tree of n leaves splits at the
 * largest power of two below n.  The ledger's tree has one leaf per
 * event, the event's 32-byte chain hash, so a checkpoint (size, root)
 * commits to every event up to its size, and two checkpoints can be
 * shown consistent (the later one only appended) by a proof of a few
 * hashes.
 *
 * Hashes are 32 bytes (TLOG_HASH_LEN).  Leaves are given by their leaf
 * hashes (tlog_leaf_hash), an array of n.
 */
#ifndef TLOG_H
#define TLOG_H

#include <stddef.h>
#include <stdint.h>

#define TLOG_HASH_LEN 32
/* A proof's hashes, at most: two per level of a tree of 2^63 leaves. */
#define TLOG_MAX_PROOF 128

typedef unsigned char tlog_hash[TLOG_HASH_LEN];

/* SHA-256(0x00 || leaf). */
void tlog_leaf_hash(const void *leaf, size_t len, tlog_hash out);
/* SHA-256(0x01 || left || right). */
void tlog_node_hash(const tlog_hash left, const tlog_hash right,
		    tlog_hash out);

/* The root of the first n leaves (n 0: SHA-256 of nothing). */
void tlog_root(const tlog_hash *leaves, uint64_t n, tlog_hash out);

/*
 * A tree grown one leaf at a time, keeping only the roots of its
 * perfect subtrees (one per bit of its size): the root of every prefix
 * costs log n hashes, so the roots at many sizes come in one pass.
 */
struct tlog_range {
	uint64_t size;
	tlog_hash peaks[64];      /* largest first; popcount(size) of them */
	size_t npeaks;
};

void tlog_range_init(struct tlog_range *r);
void tlog_range_append(struct tlog_range *r, const tlog_hash leaf);
/* The root of the leaves appended so far. */
void tlog_range_root(const struct tlog_range *r, tlog_hash out);

/*
 * The consistency proof from size m to size n (0 < m <= n) of these
 * leaves (RFC 6962 2.1.2), into proof (TLOG_MAX_PROOF hashes); returns
 * how many hashes it holds.
 */
size_t tlog_consistency_proof(const tlog_hash *leaves, uint64_t n,
			      uint64_t m, tlog_hash *proof);

/*
 * 0 when proof shows that the tree of size m with root old_root is a
 * prefix of the tree of size n with root new_root (RFC 9162 2.1.4.2),
 * -1 when it does not.  m 0 is consistent with anything (empty proof);
 * m == n needs an empty proof and equal roots.
 */
int tlog_verify_consistency(uint64_t m, uint64_t n, const tlog_hash old_root,
			    const tlog_hash new_root, const tlog_hash *proof,
			    size_t nproof);

/* The inclusion proof of leaf `index` in the first n leaves (RFC 6962 2.1.1). */
size_t tlog_inclusion_proof(const tlog_hash *leaves, uint64_t n,
			    uint64_t index, tlog_hash *proof);

/*
 * 0 when proof shows leaf (its leaf hash) at index in the tree of size n
 * with that root (RFC 9162 2.1.3.2), -1 when not.
 */
int tlog_verify_inclusion(uint64_t index, uint64_t n, const tlog_hash leaf,
			  const tlog_hash root, const tlog_hash *proof,
			  size_t nproof);

#endif
