# tests/cli/lib-ledger.sh -- tampering with a workspace's ledger behind the
# engine, as anyone who can write the database file could: with the real
# sqlite3 client, the append-only triggers dropped first. Sourced by the
# t6 scripts after lib.sh.

# fresh : the workspace back to the clean copy a test made in ./clean.
fresh () {
	rm -rf .cutover && cp -r clean .cutover
}

# caught TEXT... : verify exits 1, prints nothing on stdout, and one error
# line holding each TEXT.
caught () {
	test_expect_code 1 cutover verify >out 2>err &&
	test_line_count = 0 out &&
	test_line_count = 1 err &&
	test_one_error err "$@"
}

# tamper SQL : runs SQL on the workspace database with the sqlite3 client,
# the ledger's triggers dropped first.
tamper () {
	sqlite3 .cutover/state.db "DROP TRIGGER IF EXISTS events_no_update;
		DROP TRIGGER IF EXISTS events_no_delete; $1"
}

# reseal [wrong] : recomputes the whole chain (prev_hash, hash) the way the
# engine seals it, BLAKE2b-256(prev || netstrings of the fields, auth and
# entered only when set), so that edited, inserted or removed events chain again; with
# 'wrong', the last event gets a hash of the right shape from a wrong
# recipe (the previous hash taken as hex text). The rows are read and
# written with sqlite3; python3 only computes the hashes.
reseal () {
	sqlite3 -json .cutover/state.db "SELECT seq, run_id, task_key, kind,
		actor, unit_id, at, comment, evidence, commit_id, prev_hash, hash,
		auth, entered FROM events ORDER BY seq" >rows.json &&
	python3 "$TEST_DIRECTORY/reseal.py" rows.json ${1:-} >reseal.sql &&
	tamper "$(cat reseal.sql)"
}
