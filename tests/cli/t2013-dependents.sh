#!/bin/sh
test_description='dependents kept honest: what rests on a reopened task is flagged, --cascade reopens it, a roster gap reopens the desk'
. "$(dirname "$0")/lib.sh"
SQ="'"

nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

test_expect_success 'setup: the gate runbook done up to the switch-over' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name d "$TEST_DATA/gate.lua" >/dev/null &&
	cutover sign --by An ready@dai-son >/dev/null &&
	cutover sign --by Bình ready@so-tai-chinh >/dev/null &&
	cutover sign --by An --evidence reviewed=1 --evidence fixed=0 check@dai-son >/dev/null &&
	cutover sign --by Bình --evidence reviewed=1 --evidence fixed=0 check@so-tai-chinh >/dev/null &&
	cutover gate decide --go --by Coord --evidence confirmed=yes go@ttpvhcc >/dev/null &&
	CUTOVER_NOW="2026-05-29 22:30" cutover sign --by Hà switch@ttpvhcc >/dev/null
'

test_expect_success 'nothing rests on an open requirement yet' '
	cutover status >out &&
	test_grep -v "resting" out &&
	cutover next >out &&
	test_grep -v "rest" out
'

test_expect_success 'a reopened task: the done tasks that required it are flagged everywhere' '
	cutover reopen --by Bình --reason "thiếu tài khoản" ready@so-tai-chinh >/dev/null &&
	cutover status >out &&
	test_grep "^done, but resting on reopened requirements$" out &&
	test_grep "^  check@so-tai-chinh  rests on ready@so-tai-chinh$" out &&
	test_grep "^  go@ttpvhcc  rests on ready@so-tai-chinh$" out &&
	test_grep -v "^  switch@ttpvhcc  rests" out &&
	cutover next >out &&
	test_grep "^2 done tasks rest on reopened requirements (cutover status)$" out &&
	cutover --json status >s.json &&
	python3 -c "
import json
r = json.load(open(\"s.json\"))[\"resting\"]
assert [x[\"task\"] for x in r] == [\"check@so-tai-chinh\", \"go@ttpvhcc\"], r
assert r[1][\"open\"] == \"ready@so-tai-chinh\", r
" &&
	echo q | cutover step go@ttpvhcc >card &&
	test_grep "Rests on *ready@so-tai-chinh (open again: it rests on them)" card &&
	cutover report readiness -o r.md >/dev/null &&
	test_grep "^| .go@ttpvhcc. Decide go or no-go | Trung tâm Phục vụ hành chính công tỉnh | ready@so-tai-chinh |$" r.md &&
	cutover report unit so-tai-chinh -o u.md >/dev/null &&
	test_grep "^| .check@so-tai-chinh. Check the accounts | Sở Tài chính | ready@so-tai-chinh |$" u.md &&
	test_grep "hoàn thành .*(\*\*điều kiện bị mở lại\*\*: 1)" u.md
'

test_expect_success '--cascade reopens them all, through the gate to the switch, in one transaction' '
	event_count >before &&
	cutover reopen --cascade --by Coord --reason "Sở Tài chính rà soát lại" \
		ready@so-tai-chinh >out &&
	cat >expect <<-EOF &&
	ready@so-tai-chinh is open already
	reopened check@so-tai-chinh, which rests on ready@so-tai-chinh (event $(( $(cat before) + 1 )))
	reopened go@ttpvhcc, which rests on ready@so-tai-chinh (event $(( $(cat before) + 2 )))
	reopened switch@ttpvhcc, which rests on ready@so-tai-chinh (event $(( $(cat before) + 3 )))
	EOF
	test_cmp expect out &&
	db_query "select task_key, kind, comment from events where seq > $(cat before) order by seq" >actual &&
	cat >expect <<-\EOF &&
	check@so-tai-chinh|reopened|rests on ready@so-tai-chinh, reopened: Sở Tài chính rà soát lại
	go@ttpvhcc|reopened|rests on ready@so-tai-chinh, reopened: Sở Tài chính rà soát lại
	switch@ttpvhcc|reopened|rests on ready@so-tai-chinh, reopened: Sở Tài chính rà soát lại
	EOF
	test_cmp expect actual &&
	cutover status >out &&
	test_grep -v "resting" out &&
	cutover verify >out
'

test_expect_success '--cascade of a done task reopens it first; of an open one with nothing on it, says so' '
	db_snapshot before &&
	test_expect_code 1 cutover reopen --cascade --by X --reason "?" replan@ttpvhcc 2>err &&
	test_one_error err "replan@ttpvhcc" "fallback path" &&
	test_expect_code 1 cutover reopen --cascade --by X --reason "?" ready@so-tai-chinh 2>err &&
	test_one_error err "open already, and no done task rests on it" &&
	nothing_written &&
	cutover reopen --cascade --by An --reason "lại" ready@dai-son >out &&
	test_grep "^reopened ready@dai-son (event [0-9]*)$" out &&
	test_grep "^reopened check@dai-son, which rests on ready@dai-son" out &&
	test_expect_code 2 cutover skip --cascade --by X --reason y ready@dai-son 2>err &&
	test_one_error err "--cascade"
'

test_expect_success 'with tokens, a cascade that reaches what the unit may not reopen records nothing' '
	mkdir tok && (
		cd tok &&
		cutover init >/dev/null &&
		cutover start --rehearsal --require-tokens --name t "$TEST_DATA/gate.lua" >out &&
		tail -n 1 out >coordinator &&
		C="--token $(cat coordinator)" &&
		cutover token issue $C so-tai-chinh >unit 2>/dev/null &&
		cutover sign $C --by A ready@dai-son >/dev/null &&
		cutover sign $C --by A ready@so-tai-chinh >/dev/null &&
		cutover sign $C --by A --evidence reviewed=1 --evidence fixed=0 check@dai-son >/dev/null &&
		cutover sign $C --by A --evidence reviewed=1 --evidence fixed=0 check@so-tai-chinh >/dev/null &&
		cutover gate decide $C --go --by A --evidence confirmed=yes go@ttpvhcc >/dev/null &&
		db_snapshot before &&
		test_expect_code 1 cutover reopen --cascade --by B --reason "sai" \
			--token "$(cat unit)" ready@so-tai-chinh 2>err &&
		test_one_error err "with --cascade, go@ttpvhcc" "cannot act for unit ${SQ}ttpvhcc${SQ}" &&
		db_snapshot after &&
		test_cmp before after &&
		cutover reopen --cascade --by B --reason "sai" $C ready@so-tai-chinh >out &&
		test_grep "^reopened go@ttpvhcc, which rests on ready@so-tai-chinh" out
	)
'

test_expect_success 'a roster removal that uncovers the duty window reopens the desk, saying why' '
	cutover roster add --unit dai-son --role truc --person "Ca đêm" \
		--from "2026-05-29 20:00" --to "2026-05-30 08:00" --by VP >/dev/null &&
	cutover roster add --unit dai-son --role truc --person "Ca ngày" \
		--from "2026-05-30 08:00" --to "2026-05-30 22:00" --by VP >/dev/null &&
	cutover roster add --unit dai-son --role truc --person "Dự phòng" \
		--from "2026-05-30 06:00" --to "2026-05-30 10:00" --by VP >/dev/null &&
	cutover sign --by VP desk@dai-son >/dev/null &&
	cutover roster list --unit dai-son >list &&
	night=$(sed -n "s/^ *\([0-9]*\) .*Ca đêm.*/\1/p" list) &&
	spare=$(sed -n "s/^ *\([0-9]*\) .*Dự phòng.*/\1/p" list) &&
	cutover roster remove --by VP --reason "trùng ca" $spare >out &&
	test_grep -v "reopened" out &&
	db_query "select state from tasks where key = '\''desk@dai-son'\''" >actual &&
	echo done >expect &&
	test_cmp expect actual &&
	event_count >before &&
	cutover roster remove --by VP --reason "ốm" $night >out &&
	test_grep "^reopened desk@dai-son: the ${SQ}truc${SQ} roster of dai-son no longer covers the duty window$" out &&
	db_query "select kind, actor, comment from events where seq > $(cat before) and task_key = '\''desk@dai-son'\''" >actual &&
	echo "reopened|VP|the ${SQ}truc${SQ} roster of dai-son no longer covers the duty window (shift $night removed: ốm): no one on duty from 2026-05-29 20:00 to 2026-05-30 08:00" >expect &&
	test_cmp expect actual &&
	db_query "select state from tasks where key = '\''desk@dai-son'\''" >actual &&
	echo pending >expect &&
	test_cmp expect actual &&
	cutover verify >out
'

test_done
