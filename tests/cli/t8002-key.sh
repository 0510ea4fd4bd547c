#!/bin/sh
test_description='cutover key: the signing key outside the database, read by other tools'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-publish.sh"

test_expect_success 'generate: a key only its owner may read, its verifier beside it' '
	cutover key generate bac-ninh >pub 2>err &&
	test_grep "^bac-ninh+[0-9a-f]\{8\}+" pub &&
	test_grep "signing.key (only you may read it)" err &&
	test -f .config/cutover/signing.key &&
	test "$(stat -c %a .config/cutover/signing.key)" = 600 &&
	test "$(stat -c %a .config/cutover)" = 700 &&
	test_grep "^PRIVATE+KEY+bac-ninh+" .config/cutover/signing.key &&
	test_cmp pub .config/cutover/signing.key.pub &&
	cutover key show >shown &&
	test_cmp pub shown
'

test_expect_success 'the key stays out of the workspace database' '
	mini_workspace &&
	secret=$(cut -d+ -f5 .config/cutover/signing.key) &&
	! grep -F "$secret" .cutover/state.db
'

test_expect_success 'a key is never replaced' '
	cp .config/cutover/signing.key before &&
	test_must_fail cutover key generate other 2>err &&
	test_one_error err "exists already; a key is never replaced" &&
	test_cmp before .config/cutover/signing.key
'

test_expect_success 'another file: --key and CUTOVER_KEY' '
	cutover key generate --key k2 quang-ninh >pub2 2>/dev/null &&
	CUTOVER_KEY=k2 cutover key show >shown2 &&
	test_cmp pub2 shown2 &&
	! test_cmp pub pub2
'

test_expect_success 'a name with a space or a plus is not a key name' '
	test_must_fail cutover key generate --key k3 "bac ninh" 2>err &&
	test_one_error err "cannot name a key" &&
	test_must_fail cutover key generate --key k3 "a+b" 2>err &&
	test_one_error err "cannot name a key" &&
	! test -e k3 && ! test -e k3.pub
'

test_expect_success 'a key file others may read is refused' '
	cp .config/cutover/signing.key open.key &&
	chmod 644 open.key &&
	test_must_fail cutover key show --key open.key 2>err &&
	test_one_error err "may be read by others (mode 0644)" &&
	chmod 600 open.key &&
	cutover key show --key open.key >shown &&
	test_cmp pub shown
'

test_expect_success 'a damaged key file is refused, naming it' '
	printf "PRIVATE+KEY+bac-ninh+00000000+AAAA\n" >bad.key &&
	chmod 600 bad.key &&
	test_must_fail cutover key show --key bad.key 2>err &&
	test_one_error err "bad.key: the key is not base64 of an Ed25519 seed"
'

test_expect_success 'the witness form of a key: signature type 0x04, another id' '
	cutover key show --witness >wit &&
	test_grep "^bac-ninh+[0-9a-f]\{8\}+B" wit &&
	test "$(cut -d+ -f2 wit)" != "$(cut -d+ -f2 pub)" &&
	test "$(cut -d+ -f3 wit | cut -c3-)" = "$(cut -d+ -f3 pub | cut -c3-)"
'

# C2SP signed-note and tlog-checkpoint, checked by an implementation of
# its own: python3-cryptography's Ed25519 and the spec's key id.
cat >c2sp.py <<'PY'
import base64, hashlib, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

vkey = open(sys.argv[1]).read().strip()
note = open(sys.argv[2], "rb").read()
name, keyid, key = vkey.split("+", 2)
raw = base64.b64decode(key)
assert raw[0] == 1, "not an Ed25519 key"
want_id = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
assert want_id.hex() == keyid, "key id is not SHA-256(name, 0x0A, 0x01, key)[:4]"
text, sigs = note.rsplit(b"\n\n", 1)
text += b"\n"
found = 0
for line in sigs.decode().splitlines():
    assert line.startswith("\u2014 "), line
    who, sig = line[2:].split(" ")
    sig = base64.b64decode(sig)
    if who == name and sig[:4] == want_id:
        Ed25519PublicKey.from_public_bytes(raw[1:]).verify(sig[4:], text)
        found += 1
assert found == 1, "no signature by the key"
origin, size, root = text.decode().split("\n")[:3]
assert len(base64.b64decode(root)) == 32
print(origin, size)
PY

test_expect_success PYTHON3_CRYPTO 'a published checkpoint verifies with python3-cryptography' '
	bare_remote r &&
	cutover publish r.git >out &&
	published checkpoint r.git refs/heads/cutover/mini-2026/drill >cp &&
	python3 c2sp.py pub cp >actual &&
	echo "bac-ninh/mini-2026/drill 1" >expect &&
	test_cmp expect actual
'

test_expect_success PYTHON3_CRYPTO 'the checkpoint bent by a byte no longer verifies there' '
	sed "2s/1/2/" cp >bent &&
	test_must_fail python3 c2sp.py pub bent 2>err &&
	test_grep InvalidSignature err
'

test_done
