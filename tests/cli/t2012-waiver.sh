#!/bin/sh
test_description='waivers are deliberate: a reason in words, and every report and status shows them'
. "$(dirname "$0")/lib.sh"
SQ="'"

nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

test_expect_success 'setup: the gate runbook, what its check needs done' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name w "$TEST_DATA/gate.lua" >/dev/null &&
	cutover sign --by An ready@dai-son >/dev/null
'

test_expect_success 'a waiver is a reason in words: "y", "ok" and two words are refused' '
	db_snapshot before &&
	for reason in y ok "ok then" "   " "- - -"
	do
		test_expect_code 2 cutover sign --by An --waive "$reason" \
			--evidence reviewed=1 --evidence fixed=3 check@dai-son 2>err &&
		test_one_error err "a waiver needs its reason in 3 words at least" || return 1
	done &&
	nothing_written
'

test_expect_success 'a waiver with its reason records the findings and the reason' '
	cutover sign --by An --waive "Đã đối chiếu với Sở Tài chính" \
		--evidence reviewed=1 --evidence fixed=3 check@dai-son >out &&
	test_grep "^signed check@dai-son with a waiver (event [0-9]*); findings recorded:$" out &&
	test_grep "^  - fixed exceeds reviewed$" out &&
	db_query "select evidence from events order by seq desc limit 1" >ev &&
	test_grep "\"waiver\":{\"findings\":\[\"fixed exceeds reviewed\",\"review them again\"\],\"reason\":\"Đã đối chiếu với Sở Tài chính\"}" ev
'

test_expect_success 'status shows the waived sign-off, its findings counted, its reason' '
	cutover status >out &&
	test_grep "^waived and forced sign-offs$" out &&
	test_grep "^  check@dai-son  waived (2 findings) by An, 2026-05-28 12:00: Đã đối chiếu với Sở Tài chính$" out &&
	cutover status --unit dai-son >out &&
	test_grep "^  check@dai-son  waived (2 findings)" out &&
	cutover status --unit so-tai-chinh >out &&
	test_grep -v "waived" out &&
	cutover --json status >s.json &&
	python3 -c "
import json
x = json.load(open(\"s.json\"))[\"exceptions\"]
assert len(x) == 1, x
x = x[0]
assert x[\"task\"] == \"check@dai-son\" and x[\"waived\"] and x[\"findings\"] == 2, x
assert x[\"reason\"] == \"Đã đối chiếu với Sở Tài chính\" and not x[\"forced\"], x
"
'

test_expect_success 'the readiness, daily and unit reports show it with the findings and the reason' '
	cutover report readiness -o readiness.md >/dev/null &&
	cutover report unit dai-son -o unit.md >/dev/null &&
	CUTOVER_NOW="2026-05-30 17:00" cutover report daily -o daily.md >/dev/null &&
	cutover report --lang en readiness -o readiness.en.md >/dev/null &&
	for f in readiness.md unit.md daily.md
	do
		test_grep "^### Ký xác nhận được chấp nhận ngoại lệ hoặc ký vượt điều kiện$" $f &&
		test_grep "^| .check@dai-son. Check the accounts | Xã Đại Sơn | An, 28/05/2026 12:00 | chấp nhận lỗi kiểm tra | 2 | Đã đối chiếu với Sở Tài chính |$" $f ||
		return 1
	done &&
	test_grep "^| .check@dai-son. Check the accounts | Xã Đại Sơn | An, 2026-05-28 12:00 | check${SQ}s findings waived | 2 | Đã đối chiếu với Sở Tài chính |$" readiness.en.md &&
	cutover report unit so-tai-chinh -o other.md >/dev/null &&
	test_grep "^Không có ký xác nhận nào được chấp nhận ngoại lệ" other.md
'

test_expect_success 'reopened and signed clean, the waiver is no longer in force: gone from status' '
	cutover reopen --by An --reason "kiểm tra lại" check@dai-son >/dev/null &&
	cutover sign --by An --evidence reviewed=3 --evidence fixed=1 check@dai-son >/dev/null &&
	cutover status >out &&
	test_grep -v "waived" out
'

test_done
