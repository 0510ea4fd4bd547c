#!/bin/sh
test_description='the Merkle tree against RFC 6962 computed by python3 hashlib'
. "$(dirname "$0")/lib.sh"

# RFC 6962 section 2.1, written from the RFC with hashlib: MTH, PATH and
# PROOF (SUBPROOF), for the leaves "leaf 0", "leaf 1", ...
cat >rfc6962.py <<'PY'
import hashlib, sys

def leaf(d): return hashlib.sha256(b"\x00" + d).digest()
def node(l, r): return hashlib.sha256(b"\x01" + l + r).digest()
def k_of(n):
    k = 1
    while k * 2 < n: k *= 2
    return k
def mth(d):
    if not d: return hashlib.sha256(b"").digest()
    if len(d) == 1: return leaf(d[0])
    k = k_of(len(d))
    return node(mth(d[:k]), mth(d[k:]))
def path(m, d):
    if len(d) <= 1: return []
    k = k_of(len(d))
    if m < k: return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]
def subproof(m, d, b):
    if m == len(d): return [] if b else [mth(d)]
    k = k_of(len(d))
    if m <= k: return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]

n, m, i = (int(x) for x in sys.argv[1:4])
d = [b"leaf %d" % j for j in range(n)]
print("root", mth(d).hex())
print("old", mth(d[:m]).hex())
for h in subproof(m, d, True): print("consistency", h.hex())
for h in path(i, d): print("inclusion", h.hex())
PY

for case in "1 1 0" "2 1 1" "3 2 2" "7 3 5" "8 4 0" "8 8 7" "16 9 13" \
	"33 17 32" "100 63 64" "1000 999 511" "1025 1024 1024"
do
	test_expect_success PYTHON3 "tree, consistency and inclusion proofs: $case" "
		python3 rfc6962.py $case >expect &&
		cutover debug tlog $case >actual &&
		test_cmp expect actual
	"
done

test_done
