#!/bin/sh
test_description='start means start: no sign-off before a task starts, unless the coordinator forces it'
. "$(dirname "$0")/lib.sh"
SQ="'"

nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

test_expect_success 'setup: the gate runbook, its go decided' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name s "$TEST_DATA/gate.lua" >/dev/null &&
	for k in ready@dai-son ready@so-tai-chinh
	do
		cutover sign --by An $k >/dev/null || return 1
	done &&
	cutover sign --by An --evidence reviewed=1 --evidence fixed=0 check@dai-son >/dev/null &&
	cutover sign --by An --evidence reviewed=1 --evidence fixed=0 check@so-tai-chinh >/dev/null &&
	cutover gate decide --go --by Coord --evidence confirmed=yes go@ttpvhcc >/dev/null
'

test_expect_success 'plan and the task card show the start' '
	cutover plan "$TEST_DATA/gate.lua" >out &&
	test_grep "^2026-05-30 00:00  switch@ttpvhcc .*\[from 2026-05-29 22:00\] Switch over$" out &&
	cutover --json plan "$TEST_DATA/gate.lua" >plan.json &&
	test_grep "\"key\":\"switch@ttpvhcc\",.*\"start\":\"2026-05-29T22:00:00+07:00\"" plan.json &&
	echo q | cutover step switch@ttpvhcc >out &&
	test_grep "Start *2026-05-29 22:00 · not before: starts in 1d 10h" out
'

test_expect_success 'a sign-off before the start is refused, saying when it starts' '
	db_snapshot before &&
	test_expect_code 1 cutover sign --by Hà switch@ttpvhcc 2>err &&
	test_one_error err "switch@ttpvhcc${SQ} starts at 2026-05-29 22:00" "cannot be signed before" &&
	nothing_written
'

test_expect_success 'a recurring task starts on its day' '
	mkdir mini && (
		cd mini && mini_workspace &&
		test_expect_code 1 cutover sign --by An "daily-report@dai-son#2026-05-30" 2>err &&
		test_one_error err "starts at 2026-05-30 00:00" &&
		CUTOVER_NOW="2026-05-30 08:00" cutover sign --by An "daily-report@dai-son#2026-05-30" >out &&
		test_grep "^signed daily-report@dai-son#2026-05-30" out
	)
'

test_expect_success 'forced by the coordinator: recorded, and said as an exception' '
	cutover sign --by Hà --force --comment "lệnh của Ban chỉ đạo" switch@ttpvhcc >out &&
	test_grep "^signed switch@ttpvhcc" out &&
	db_query "select evidence from events order by seq desc limit 1" >actual &&
	echo "{\"forced-past\":{\"start\":\"2026-05-29T22:00:00+07:00\"}}" >expect &&
	test_cmp expect actual &&
	cutover status >out &&
	test_grep "^waived and forced sign-offs$" out &&
	test_grep "^  switch@ttpvhcc  signed before its start by Hà, 2026-05-28 12:00: lệnh của Ban chỉ đạo$" out &&
	cutover report readiness -o r.md >/dev/null &&
	test_grep "^| .switch@ttpvhcc. Switch over | .* | Hà, 28/05/2026 12:00 | ký trước thời điểm bắt đầu | – | lệnh của Ban chỉ đạo |$" r.md
'

test_expect_success 'with tokens, a unit cannot force: only the coordinator' '
	mkdir tok && (
		cd tok &&
		cutover init >/dev/null &&
		cutover start --rehearsal --require-tokens --name t "$TEST_DATA/gate.lua" >out &&
		tail -n 1 out >coordinator &&
		cutover token issue --token "$(cat coordinator)" dai-son >unit 2>/dev/null &&
		db_snapshot before &&
		test_expect_code 1 cutover sign --by An --force --token "$(cat unit)" \
			--evidence reviewed=1 --evidence fixed=0 check@dai-son 2>err &&
		test_one_error err "only the coordinator may sign past open requirements or before a task" &&
		db_snapshot after &&
		test_cmp before after &&
		cutover sign --by An --force --token "$(cat coordinator)" \
			--evidence reviewed=1 --evidence fixed=0 check@dai-son >out &&
		test_grep "^signed check@dai-son" out
	)
'

test_done
