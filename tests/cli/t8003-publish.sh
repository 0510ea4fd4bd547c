#!/bin/sh
test_description='cutover publish: segments, state, definition, reports and a signed checkpoint, pushed, never rewritten'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-ledger.sh"
. "$TEST_DIRECTORY/lib-publish.sh"

REF=refs/heads/cutover/mini-2026/drill

test_expect_success 'setup: a key, a rehearsal, two bare remotes' '
	cutover key generate bac-ninh >pub 2>/dev/null &&
	mini_workspace &&
	bare_remote a &&
	bare_remote b &&
	cutover sign focal-point@dai-son --by "Hoàng Văn Sơn" \
		--evidence name="Lê Minh Tuấn" --evidence phone=0912345678 >out
'

test_expect_success 'publish: one commit on the run'"'"'s ref, on each remote' '
	cutover publish a.git "file://$TRASH_DIRECTORY/b.git" >out &&
	test_grep "^published run '"'"'drill'"'"': 2 events, head " out &&
	test_grep "a.git: up to date" out &&
	test_grep "b.git: up to date" out &&
	git --git-dir=a.git rev-parse $REF >a.head &&
	git --git-dir=b.git rev-parse $REF >b.head &&
	test_cmp a.head b.head &&
	git --git-dir=.cutover/publish.git rev-parse $REF >local.head &&
	test_cmp a.head local.head
'

test_expect_success 'the tree: checkpoint, checksums, segments, state, definition, reports' '
	git --git-dir=a.git ls-tree -r --name-only $REF >files &&
	for f in checkpoint SHA256SUMS ledger/0000000001.jsonl state/SCHEMA \
		state/runs/000000.jsonl state/tasks/000000.jsonl \
		definition/sealed.json definition/files/mini.lua \
		definition/files/units/mini.yaml reports/readiness.md \
		reports/daily.md
	do
		test_grep -x "$f" files || return 1
	done &&
	! test_grep "^state/\(remotes\|cosigned\|provinces\)/" files &&
	! test_grep "^state/events/" files &&
	published definition/files/mini.lua a.git $REF >mini.lua &&
	test_cmp "$TEST_DATA/mini.lua" mini.lua
'

test_expect_success SHA256SUM 'sha256sum checks every file the checkpoint covers' '
	mkdir tree &&
	git --git-dir=a.git archive $REF | tar -x -C tree &&
	(cd tree && sha256sum -c --quiet SHA256SUMS) &&
	sha256sum tree/SHA256SUMS | cut -c1-64 >sums.hash &&
	sed -n "s/^cutover-files //p" tree/checkpoint >cp.hash &&
	test_cmp sums.hash cp.hash
'

test_expect_success 'the checkpoint: origin, events, root, head, time' '
	sed -n 1,2p tree/checkpoint >actual &&
	printf "bac-ninh/mini-2026/drill\n2\n" >expect &&
	test_cmp expect actual &&
	echo "cutover-head $(ledger_seq_hash 2)" >expect &&
	test_grep -x -f expect tree/checkpoint &&
	test_grep -x "cutover-time 1779944400" tree/checkpoint &&
	test_grep "^— bac-ninh " tree/checkpoint
'

test_expect_success PYTHON3 'each line of the ledger and the state is canonical JSON' '
	cat >canonical.py <<-\PY &&
	import json, sys
	n = 0
	for path in sys.argv[1:]:
	    for line in open(path, encoding="utf-8"):
	        line = line.rstrip("\n")
	        again = json.dumps(json.loads(line), sort_keys=True,
	                           separators=(",", ":"), ensure_ascii=False)
	        if again != line:
	            sys.exit("%s: not canonical: %s" % (path, line))
	        n += 1
	print(n)
	PY
	python3 canonical.py tree/ledger/*.jsonl >n &&
	echo 2 >expect && test_cmp expect n &&
	python3 canonical.py tree/state/*/*.jsonl >n &&
	test "$(cat n)" -gt 41
'

test_expect_success 'the published report carries its checkpoint' '
	test_grep "^## Điểm kiểm đã ký" tree/reports/readiness.md &&
	test_grep "Nguồn (origin): .bac-ninh/mini-2026/drill." tree/reports/readiness.md &&
	test_grep "chưa có nhân chứng nào đồng ký" tree/reports/readiness.md
'

test_expect_success 'the remotes are remembered; the history grows' '
	cutover sign accounts@dai-son --by "Kế toán" --evidence reviewed=3 \
		--evidence fixed=0 >out &&
	cutover publish >out &&
	test_grep "a.git: up to date" out &&
	test_grep "b.git: up to date" out &&
	git --git-dir=a.git rev-parse $REF^ >parent &&
	test_cmp a.head parent &&
	published checkpoint a.git $REF | sed -n 2p >size &&
	echo 3 >expect && test_cmp expect size
'

test_expect_success 'nothing new: --json says so, still a commit of its own' '
	cutover --json publish >out.json &&
	test_json out.json &&
	test_grep "\"events\":3" out.json &&
	test_grep "\"remotes\":\[{\"url\":\"a.git\",\"pushed\":true,\"error\":null}" out.json
'

test_expect_success 'a remote that cannot be reached is said; the others are published' '
	git --git-dir=a.git rev-parse $REF >before &&
	test_must_fail cutover publish a.git nowhere.git >out 2>err &&
	test_grep "a.git: up to date" out &&
	test_grep "^cutover: not published to nowhere.git: " err &&
	git --git-dir=a.git rev-parse $REF >after &&
	! test_cmp before after
'

test_expect_success PYTHON3 'a ledger rewritten and resealed is refused, the event named' '
	cp .cutover/state.db saved.db &&
	tamper "UPDATE events SET comment = '"'"'rewritten'"'"' WHERE seq = 1" &&
	reseal &&
	cutover verify >out &&
	git --git-dir=a.git rev-parse $REF >before &&
	test_must_fail cutover publish a.git 2>err &&
	test_one_error err "event 1 differs from the event this workspace'"'"'s last publication published" "nothing published" &&
	git --git-dir=a.git rev-parse $REF >after &&
	test_cmp before after
'

test_expect_success 'a ledger missing its last events is refused' '
	cp saved.db .cutover/state.db &&
	rm -f .cutover/state.db-wal .cutover/state.db-shm &&
	tamper "DELETE FROM events WHERE seq = 3; UPDATE tasks SET state = '"'"'pending'"'"', last_seq = NULL WHERE key = '"'"'accounts@dai-son'"'"'" &&
	cutover verify >out &&
	test_must_fail cutover publish a.git 2>err &&
	test_one_error err "holds 3 events, this ledger 2" "nothing published" &&
	cp saved.db .cutover/state.db
'

test_expect_success 'a run whose name cannot be in a git ref is refused, said why' '
	cutover start --rehearsal --name "diễn tập" "$TEST_DATA/mini.lua" >out &&
	test_must_fail cutover --run "diễn tập" publish a.git 2>err &&
	test_one_error err "run name '"'"'diễn tập'"'"' cannot be part of a git ref"
'

test_expect_success 'a thousand events to a segment' '
	province_runbook rb 7 &&
	province big big rb &&
	(
		cd big &&
		"$CUTOVER" debug fill-ledger tester 1234 >out &&
		"$CUTOVER" publish --key ../big.key ../a.git >out
	) &&
	git --git-dir=a.git ls-tree -r --name-only $PUBLISHED_REF >files &&
	test_grep -x ledger/0000000001.jsonl files &&
	test_grep -x ledger/0000001001.jsonl files &&
	! test_grep -x ledger/0000002001.jsonl files &&
	published ledger/0000000001.jsonl a.git >seg1 &&
	test_line_count = 1000 seg1 &&
	published ledger/0000001001.jsonl a.git >seg2 &&
	test_line_count = 234 seg2 &&
	published checkpoint a.git | sed -n 2p >size &&
	echo 1234 >expect && test_cmp expect size
'

test_expect_success 'append-only: a full segment is the same blob in every later commit' '
	git --git-dir=a.git rev-parse $PUBLISHED_REF:ledger/0000000001.jsonl >seg1.before &&
	git --git-dir=a.git rev-parse $PUBLISHED_REF:ledger/0000001001.jsonl >seg2.before &&
	(
		cd big &&
		"$CUTOVER" debug fill-ledger tester 1240 >out &&
		"$CUTOVER" publish --key ../big.key ../a.git >out
	) &&
	git --git-dir=a.git rev-parse $PUBLISHED_REF:ledger/0000000001.jsonl >seg1.after &&
	test_cmp seg1.before seg1.after &&
	git --git-dir=a.git rev-parse $PUBLISHED_REF:ledger/0000001001.jsonl >seg2.after &&
	! test_cmp seg2.before seg2.after &&
	git --git-dir=a.git show $PUBLISHED_REF^:ledger/0000001001.jsonl >old.seg2 &&
	published ledger/0000001001.jsonl a.git >new.seg2 &&
	head -n 234 new.seg2 >prefix &&
	test_cmp old.seg2 prefix &&
	test_line_count = 240 new.seg2
'

test_done
