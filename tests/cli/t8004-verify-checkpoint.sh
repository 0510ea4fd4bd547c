#!/bin/sh
test_description='cutover verify --checkpoint: truncation, a resealed chain, growth proved'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-ledger.sh"
. "$TEST_DIRECTORY/lib-publish.sh"

REF=refs/heads/cutover/mini-2026/drill

test_expect_success 'setup: three events published, the checkpoint kept' '
	cutover key generate bac-ninh >pub 2>/dev/null &&
	mini_workspace &&
	cutover sign focal-point@dai-son --by A --evidence name=X \
		--evidence phone=0912345678 >out &&
	cutover sign focal-point@so-tai-chinh --by B --evidence name=Y \
		--evidence phone=0912345679 >out &&
	cutover publish >out &&
	published checkpoint .cutover/publish.git $REF >cp &&
	cp .cutover/state.db saved.db
'

test_expect_success 'the ledger as it was signed' '
	cutover verify --checkpoint cp >out &&
	test_grep "^checkpoint ok: 3 events of bac-ninh/mini-2026/drill, signed by bac-ninh+" out &&
	test_grep "^the ledger has not changed since" out
'

test_expect_success 'grown since: proved by a consistency proof' '
	cutover sign accounts@dai-son --by C --evidence reviewed=1 \
		--evidence fixed=0 >out &&
	cutover sign accounts@so-tai-chinh --by C --evidence reviewed=1 \
		--evidence fixed=0 >out &&
	cutover verify --checkpoint cp --pubkey "$(cat pub)" >out &&
	test_grep "^the ledger only grew since: 2 events more, proved by a consistency proof of 4 hashes" out
'

test_expect_success PYTHON3 'the proof checks out in an implementation of RFC 9162 of its own' '
	cutover --json verify --checkpoint cp >out.json &&
	sqlite3 .cutover/state.db "select hash from events order by seq" >hashes &&
	sed -n 3p cp >old.root &&
	cat >rfc9162.py <<-\PY &&
	import base64, hashlib, json, sys
	def leaf(d): return hashlib.sha256(b"\x00" + d).digest()
	def node(l, r): return hashlib.sha256(b"\x01" + l + r).digest()
	def mth(d):
	    if len(d) == 1: return leaf(d[0])
	    k = 1
	    while k * 2 < len(d): k *= 2
	    return node(mth(d[:k]), mth(d[k:]))
	v = json.load(open(sys.argv[1]))
	leaves = [bytes.fromhex(h) for h in open(sys.argv[2]).read().split()]
	old = base64.b64decode(open(sys.argv[3]).read())
	m, n = v["checkpoint"]["size"], len(leaves)
	path = [base64.b64decode(h) for h in v["checkpoint"]["proof"]]
	new = mth(leaves)
	# RFC 9162 2.1.4.2
	if m & (m - 1) == 0: path = [old] + path
	fn, sn = m - 1, n - 1
	while fn & 1: fn >>= 1; sn >>= 1
	fr = sr = path[0]
	for c in path[1:]:
	    assert sn != 0
	    if fn & 1 or fn == sn:
	        fr, sr = node(c, fr), node(c, sr)
	        while not fn & 1 and fn: fn >>= 1; sn >>= 1
	    else:
	        sr = node(sr, c)
	    fn >>= 1; sn >>= 1
	assert sn == 0 and fr == old and sr == new, "proof fails"
	print("consistent", m, n)
	PY
	python3 rfc9162.py out.json hashes old.root >actual &&
	echo "consistent 3 5" >expect &&
	test_cmp expect actual
'

test_expect_success 'the last events removed: verify alone cannot tell, the checkpoint can' '
	cp saved.db .cutover/state.db &&
	rm -f .cutover/state.db-wal .cutover/state.db-shm &&
	tamper "DELETE FROM events WHERE seq = 3;
		UPDATE tasks SET state = '"'"'pending'"'"', last_seq = NULL
		WHERE key = '"'"'focal-point@so-tai-chinh'"'"'" &&
	cutover verify >out &&
	test_grep "^ledger ok: 2 events" out &&
	test_must_fail cutover verify --checkpoint cp 2>err &&
	test_one_error err "cp: the checkpoint signed 3 events, the ledger has 2: its last 1 event was removed"
'

test_expect_success PYTHON3 'a rewritten, resealed chain: verify alone cannot tell, the checkpoint can' '
	cp saved.db .cutover/state.db &&
	rm -f .cutover/state.db-wal .cutover/state.db-shm &&
	tamper "UPDATE events SET actor = '"'"'someone else'"'"' WHERE seq = 2" &&
	reseal &&
	cutover verify >out &&
	test_grep "^ledger ok: 3 events" out &&
	test_must_fail cutover verify --checkpoint cp 2>err &&
	test_one_error err "rewritten and resealed since"
'

test_expect_success 'another key: the checkpoint is not one it signed' '
	cp saved.db .cutover/state.db &&
	rm -f .cutover/state.db-wal .cutover/state.db-shm &&
	cutover key generate --key other bac-ninh >/dev/null 2>&1 &&
	test_must_fail cutover verify --checkpoint cp --key other 2>err &&
	test_one_error err "cp: no signature by bac-ninh+"
'

test_expect_success 'a checkpoint bent after it was signed' '
	sed "2s/3/2/" cp >bent &&
	test_must_fail cutover verify --checkpoint bent 2>err &&
	test_one_error err "does not verify"
'

test_expect_success 'a file that is no note' '
	echo "not a checkpoint" >junk &&
	test_must_fail cutover verify --checkpoint junk 2>err &&
	test_one_error err "junk: no blank line between the text and the signatures"
'

test_expect_success 'a key without a checkpoint is bad usage' '
	test_expect_code 2 cutover verify --pubkey "$(cat pub)" 2>err &&
	test_one_error err "--pubkey and --key go with --checkpoint"
'

test_done
