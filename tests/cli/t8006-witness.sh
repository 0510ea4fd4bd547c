#!/bin/sh
test_description='cutover witness: cosignatures after a consistency proof, carried by the province'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-publish.sh"

REF=refs/heads/cutover/mini-2026/drill
WREF=refs/heads/cutover-witness/quoc-gia/mini-2026/drill

test_expect_success 'setup: a province publishes, a witness has a key and a workspace' '
	cutover key generate --key p.key bac-ninh >p.pub 2>/dev/null &&
	cutover key generate --key w.key quoc-gia >/dev/null 2>&1 &&
	cutover key show --witness --key w.key >w.pub &&
	bare_remote remote &&
	mkdir p w &&
	(
		cd p && mini_workspace &&
		cutover sign focal-point@dai-son --by A --evidence name=X \
			--evidence phone=0912345678 &&
		cutover publish --key ../p.key ../remote.git
	) >out &&
	(cd w && cutover init) >out
'

test_expect_success 'the witness cosigns and pushes the cosignature back' '
	(cd w && cutover witness --key ../w.key ../remote.git ../p.pub) >out &&
	echo "mini-2026/drill: cosigned 2 events" >expect &&
	test_cmp expect out &&
	published checkpoint remote.git $WREF >cosigned &&
	test_grep "^— bac-ninh " cosigned &&
	test_grep "^— quoc-gia " cosigned &&
	(cd w && cutover witness --key ../w.key ../remote.git ../p.pub) >out &&
	echo "mini-2026/drill: cosigned already (2 events)" >expect &&
	test_cmp expect out
'

cat >cosig.py <<'PY'
# c2sp.org/tlog-cosignature v1, Ed25519: verified on its own terms.
import base64, hashlib, struct, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
name, keyid, key = open(sys.argv[1]).read().strip().split("+", 2)
raw = base64.b64decode(key)
assert raw[0] == 4, "not a cosigner key"
assert hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex() == keyid
note = open(sys.argv[2], "rb").read()
text, sigs = note.rsplit(b"\n\n", 1)
text += b"\n"
for line in sigs.decode().splitlines():
    who, sig = line[2:].split(" ")
    sig = base64.b64decode(sig)
    if who != name or sig[:4].hex() != keyid:
        continue
    (t,) = struct.unpack(">Q", sig[4:12])
    msg = b"cosignature/v1\ntime %d\n" % t + text
    Ed25519PublicKey.from_public_bytes(raw[1:]).verify(sig[12:], msg)
    print("cosigned at", t)
PY

test_expect_success PYTHON3_CRYPTO 'the cosignature verifies as C2SP says, with python3-cryptography' '
	python3 cosig.py w.pub cosigned >actual &&
	echo "cosigned at 1779944400" >expect &&
	test_cmp expect actual
'

test_expect_success 'the province carries the cosignature in its next publication' '
	(
		cd p &&
		cutover sign focal-point@so-tai-chinh --by B --evidence name=Y \
			--evidence phone=0912345679 &&
		cutover publish --key ../p.key --witness ../w.pub ../remote.git
	) >out &&
	test_grep "^  with 1 witness.s cosignature" out &&
	published witnesses/quoc-gia.checkpoint remote.git $REF >carried &&
	test_cmp cosigned carried &&
	published reports/readiness.md remote.git $REF >report &&
	test_grep "^  - .quoc-gia. đã đồng ký 2 sự kiện lúc 28/05/2026 12:00" report
'

test_expect_success 'it grew: cosigned again, the proof from 2 events checked' '
	(cd w && cutover witness --key ../w.key ../remote.git ../p.pub) >out &&
	echo "mini-2026/drill: cosigned 3 events" >expect &&
	test_cmp expect out &&
	git --git-dir=remote.git rev-list --count $WREF >n &&
	echo 2 >expect && test_cmp expect n
'

test_expect_success 'a rewritten ledger on the remote is not cosigned' '
	git --git-dir=remote.git rev-parse $REF >good &&
	bare_remote forged &&
	mkdir q &&
	(
		cd q && mini_workspace &&
		cutover sign focal-point@dai-son --by Other --evidence name=Z \
			--evidence phone=0912999999 &&
		cutover sign focal-point@so-tai-chinh --by Other --evidence name=Z \
			--evidence phone=0912999999 &&
		cutover sign accounts@dai-son --by Other --evidence reviewed=1 \
			--evidence fixed=0 &&
		cutover publish --key ../p.key ../forged.git
	) >out &&
	git --git-dir=forged.git push -q -f "$TRASH_DIRECTORY/remote.git" \
		$REF:$REF &&
	(cd w && test_must_fail cutover witness --key ../w.key ../remote.git \
		../p.pub 2>../err) &&
	test_one_error err "mini-2026/drill: refused: its ledger is not an extension of the 3 events cosigned before"
'

test_expect_success SQLITE3 'what the witness remembers is in its own database, not the workspace'"'"'s' '
	sqlite3 w/.cutover/state.local.db "SELECT size FROM cosigned" >size &&
	echo 3 >expect && test_cmp expect size &&
	sqlite3 w/.cutover/state.db "SELECT name FROM sqlite_master" >tables &&
	! test_grep cosigned tables
'

test_expect_success 'an older checkpoint served again is not cosigned' '
	git --git-dir=remote.git update-ref $REF $(cat good)^ &&
	(cd w && test_must_fail cutover witness --key ../w.key ../remote.git \
		../p.pub 2>../err) &&
	test_one_error err "fewer than the 3 cosigned before: stale, not cosigned"
'

test_expect_success 'a checkpoint of another key is not cosigned' '
	git --git-dir=remote.git update-ref $REF $(cat good) &&
	cutover key generate --key x.key bac-ninh >x.pub 2>/dev/null &&
	(cd w && test_must_fail cutover witness --key ../w.key ../remote.git \
		../x.pub 2>../err) &&
	test_one_error err "bad signature: no signature by bac-ninh+"
'

test_expect_success SQLITE3 'what the witness remembers, edited behind its back: not cosigned' '
	db=w/.cutover/state.local.db &&
	sqlite3 $db "UPDATE cosigned SET size = 2" &&
	(cd w && test_must_fail cutover witness --key ../w.key ../remote.git \
		../p.pub 2>../err) &&
	test_one_error err "mini-2026/drill: refused: " "w/.cutover/state.local.db: what this witness remembers cosigning for" "is not a checkpoint it cosigned (edited?); not cosigned" &&
	sqlite3 $db "UPDATE cosigned SET size = 3, root = '"'"'AAAA'"'"'" &&
	(cd w && test_must_fail cutover witness --key ../w.key ../remote.git \
		../p.pub 2>../err) &&
	test_grep "is not a checkpoint it cosigned (edited?)" err
'

test_done
