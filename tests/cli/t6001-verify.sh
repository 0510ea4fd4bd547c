#!/bin/sh
test_description='verify: the ledger hash chain'
. "$(dirname "$0")/lib.sh"

# head_of FILE : the 64-hex head hash that verify printed into FILE.
head_of () {
	sed -n "s/.*head \([0-9a-f]\{64\}\).*/\1/p" "$1"
}

test_expect_success 'verify on a fresh workspace passes' '
	cutover init >/dev/null &&
	cutover verify >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^ledger ok: 0 events,.* head [0-9a-f]\{64\}$" out
'

test_expect_success 'verify --help: the options, outside a workspace too' '
	(cd / && cutover verify --help) >out &&
	test_grep "^usage: cutover verify \[--head HASH\] \[--checkpoint FILE\]" out &&
	test_grep "^  --head HASH" out &&
	test_expect_code 2 cutover verify --bogus 2>err &&
	test_one_error err "unknown option '\''--bogus'\''"
'

test_expect_success 'verify --head of the empty ledger: event 0' '
	cutover verify --head "$(printf "%064d" 0)" >out &&
	test_grep "^head 0\{64\}: event 0 of 0 (the empty ledger" out
'

test_expect_success 'verify after start passes and prints a new head' '
	cutover start --rehearsal --name drill "$TEST_DATA/mini.lua" >/dev/null &&
	cutover verify >out &&
	test_grep "^ledger ok: 1 events" out &&
	head_of out >head1 &&
	test_line_count = 1 head1 &&
	db_query "select hash from events order by seq desc limit 1" >actual &&
	test_cmp head1 actual
'

test_expect_success 'verify after sign-offs passes; the head moves on' '
	cutover sign --by An --evidence name=An --evidence phone=0912345678 \
		focal-point@dai-son >/dev/null &&
	cutover sign --by An --evidence name=Binh --evidence phone=0987654321 \
		focal-point@so-tai-chinh >/dev/null &&
	cutover skip --by An --reason "n/a" daily-report@ttpvhcc#2026-05-30 >/dev/null &&
	cutover verify >out &&
	test_grep "^ledger ok: 4 events" out &&
	head_of out >head2 &&
	! cmp -s head1 head2 &&
	db_query "select hash from events order by seq desc limit 1" >actual &&
	test_cmp head2 actual
'

test_expect_success 'each event chains onto the previous hash' '
	db_query "select e.seq from events e join events p on p.seq = e.seq - 1
		where e.prev_hash <> p.hash" >broken &&
	test_line_count = 0 broken
'

test_expect_success 'verify is stable: running it twice gives the same answer' '
	cutover verify >again &&
	test_cmp out again
'

test_expect_success 'the ledger refuses UPDATE and DELETE through its triggers' '
	cp -r .cutover saved &&
	! sqlite3 .cutover/state.db "UPDATE events SET comment = '\''x'\'' WHERE seq = 2" 2>err &&
	test_grep "append-only" err &&
	! sqlite3 .cutover/state.db "DELETE FROM events WHERE seq = 2" 2>err &&
	test_grep "append-only" err &&
	cutover verify >out
'

test_expect_success 'an edited comment: verify exits 1 naming event 2' '
	db_query "DROP TRIGGER events_no_update; UPDATE events SET comment = '\''x'\'' WHERE seq = 2" &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "event 2" &&
	test_line_count = 1 err
'

test_expect_success 'an edited evidence, actor, time, unit, task, kind, run or commit is found' '
	for change in "evidence = '\''{}'\''" "actor = '\''Mallory'\''" "at = at + 60" \
		"unit_id = '\''dai-son'\''" "task_key = '\''focal-point@dai-son'\''" \
		"kind = '\''skipped'\''" "run_id = 2" "commit_id = '\''0000'\''"
	do
		rm -rf .cutover && cp -r saved .cutover &&
		db_query "DROP TRIGGER events_no_update; UPDATE events SET $change WHERE seq = 3" &&
		test_expect_code 1 cutover verify >out 2>err &&
		test_one_error err "event 3" || return 1
	done
'

test_expect_success 'a deleted event is found' '
	rm -rf .cutover && cp -r saved .cutover &&
	db_query "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 2" &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "event"
'

test_expect_success 'a rewritten hash is found at the next event' '
	rm -rf .cutover && cp -r saved .cutover &&
	db_query "DROP TRIGGER events_no_update;
		UPDATE events SET comment = '\''x'\'', hash = '\''00'\'' || substr(hash, 3) WHERE seq = 2" &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "event 2"
'

test_expect_success 'the last event edited: the head no longer matches' '
	rm -rf .cutover && cp -r saved .cutover &&
	db_query "DROP TRIGGER events_no_update; UPDATE events SET comment = '\''y'\'' WHERE seq = 4" &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "event 4"
'

test_expect_success 'a task state set behind the ledger'\''s back is found' '
	rm -rf .cutover && cp -r saved .cutover &&
	db_query "UPDATE tasks SET state = '\''done'\'' WHERE key = '\''go@ttpvhcc'\''" &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "go@ttpvhcc"
'

test_expect_success 'the untouched copy still verifies with the same head' '
	rm -rf .cutover && cp -r saved .cutover &&
	cutover verify >out &&
	head_of out >head3 &&
	test_cmp head2 head3
'

# The bench's ledger of 100,000 events comes from debug fill-ledger: the
# same sign-off code, one transaction per event, in one process.
test_expect_success 'debug fill-ledger grows a ledger that verifies' '
	"$REPO_ROOT/scripts/gen-national" --provinces 1 --communes 6 \
		--departments 1 --steps 2 --days 1 nat &&
	(
		cd nat &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name nat national.lua >/dev/null &&
		cutover debug fill-ledger bench 20 >out &&
		test_grep "^ledger: 20 events (19 signed, 0 reopened)$" out &&
		cutover debug fill-ledger bench 40 >out &&
		test_grep "^ledger: 40 events (1 signed, 19 reopened)$" out &&
		cutover debug fill-ledger bench 30 >out &&
		test_grep "^ledger: 40 events (0 signed, 0 reopened)$" out &&
		cutover verify >out &&
		test_grep "^ledger ok: 40 events, 22 task states" out &&
		db_query "select count(*) from events where kind = '\''done'\''" >done &&
		echo 20 >expect &&
		test_cmp expect done
	)
'

test_expect_success 'debug fill-ledger stops at a sign-off the runbook refuses' '
	test_expect_code 1 cutover debug fill-ledger bench 100 2>err &&
	test_line_count = 1 err &&
	test_expect_code 2 cutover debug fill-ledger bench many 2>err &&
	test_one_error err "'\''many'\'' is not a number of events"
'

test_done
