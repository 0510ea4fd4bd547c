#!/bin/sh
test_description='gates decide: go, go with conditions, no-go and its fallback path, never skipped'
. "$(dirname "$0")/lib.sh"
SQ="'"

GATE_RB=$TEST_DATA/gate.lua

nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

# decide ARGS... : cutover gate decide, with the gate's evidence.
decide () {
	cutover gate decide --by "Phó Chủ tịch" "$@" go@ttpvhcc
}

test_expect_success 'setup: a rehearsal of the gate runbook; what the gate requires, half done' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name gate "$GATE_RB" >out &&
	test_grep "^2 of them apply only after a no-go (fallback paths)$" out &&
	cutover sign --by An ready@dai-son >/dev/null &&
	cutover sign --by An --evidence reviewed=3 --evidence fixed=1 \
		check@dai-son >/dev/null
'

test_expect_success 'a gate is never skipped, failed or signed: each says to decide it' '
	db_snapshot before &&
	test_expect_code 1 cutover skip --by An --reason "no time" go@ttpvhcc 2>err &&
	test_one_error err "go@ttpvhcc" "cannot be skipped" "gate decide" &&
	test_expect_code 1 cutover fail --by An --reason "no" go@ttpvhcc 2>err &&
	test_one_error err "is a go/no-go gate" "gate decide go@ttpvhcc" &&
	test_expect_code 1 cutover sign --by An --force --evidence confirmed=yes \
		go@ttpvhcc 2>err &&
	test_one_error err "is a go/no-go gate" "--go|--no-go|--conditions TEXT" &&
	nothing_written
'

test_expect_success 'a decision is for gates only' '
	db_snapshot before &&
	test_expect_code 1 cutover gate decide --go --by X ready@so-tai-chinh 2>err &&
	test_one_error err "ready@so-tai-chinh" "not a go/no-go gate" &&
	nothing_written
'

test_expect_success 'a go with requirements open is refused, naming them' '
	db_snapshot before &&
	test_expect_code 1 decide --go --evidence confirmed=yes 2>err &&
	test_one_error err "requires what is not done yet: ready@so-tai-chinh, check@so-tai-chinh" &&
	nothing_written
'

test_expect_success 'bad usage: two decisions, none, a no-go without reason, a typed value, a control character' '
	db_snapshot before &&
	test_expect_code 2 decide --go --no-go 2>err &&
	test_one_error err "--go" "--no-go" &&
	test_expect_code 2 decide --go --conditions "x" 2>err &&
	test_one_error err "one of --go, --conditions TEXT or --no-go" &&
	test_expect_code 2 decide 2>err &&
	test_one_error err "one of --go" &&
	test_expect_code 2 decide --no-go 2>err &&
	test_one_error err "no-go says why" &&
	test_expect_code 2 cutover gate decide --go go@ttpvhcc 2>err &&
	test_one_error err "--by" &&
	test_expect_code 1 decide --go --force --evidence confirmed=maybe 2>err &&
	test_one_error err "confirmed" "maybe" &&
	test_expect_code 2 cutover gate nope 2>err &&
	test_one_error err "nope" "decide" "list" &&
	test_must_fail decide --force --conditions "$(printf "ok \033[31mred")" 2>err &&
	test_one_error err "field ${SQ}conditions${SQ}" "control character U+001B" &&
	nothing_written
'

test_expect_success 'no-go: recorded with its reason; the task is failed, the decision in the ledger' '
	decide --no-go --reason "Sở Tài chính chưa sẵn sàng" >out &&
	test_grep "^decided no-go for go@ttpvhcc (event [0-9]*)$" out &&
	db_query "select state from tasks where key = '\''go@ttpvhcc'\''" >actual &&
	echo failed >expect &&
	test_cmp expect actual &&
	db_query "select kind, actor, comment, evidence from events order by seq desc limit 1" >actual &&
	echo "failed|Phó Chủ tịch|Sở Tài chính chưa sẵn sàng|{\"gate-decision\":{\"outcome\":\"no-go\",\"reason\":\"Sở Tài chính chưa sẵn sàng\"}}" >expect &&
	test_cmp expect actual
'

test_expect_success 'no-go: the fallback path shows in status, next and the plan; the tasks after the gate wait' '
	cutover status >out &&
	test_grep "^  \[!\] no-go     go@ttpvhcc  2026-05-28 12:00 by Phó Chủ tịch: Sở Tài chính chưa sẵn sàng$" out &&
	test_grep "^      1 task waits on it; fallback path active: 2 tasks, 0 done or skipped$" out &&
	test_grep "^2/9 done" out &&
	cutover next >out &&
	test_grep "^no-go of go@ttpvhcc in force (by Phó Chủ tịch): Sở Tài chính chưa sẵn sàng$" out &&
	test_grep "rollback@ttpvhcc .*\[fallback of go\] Stay on the old portal" out &&
	test_grep "replan@ttpvhcc .*\[fallback of go\] Plan a new date" out &&
	cutover plan "$GATE_RB" >out &&
	test_grep "rollback@ttpvhcc .*\[fallback of go\]" out &&
	db_snapshot before &&
	test_expect_code 1 cutover sign --by An switch@ttpvhcc 2>err &&
	test_one_error err "requires what is not done yet: go@ttpvhcc" &&
	nothing_written
'

test_expect_success 'before the no-go, a fallback task is not in the run: it says why' '
	mkdir quiet &&
	(
		cd quiet &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name q "$GATE_RB" >/dev/null &&
		cutover status >out &&
		test_grep "^0/7 done" out &&
		cutover next --limit 0 >out &&
		test_grep -v "rollback@" out &&
		test_expect_code 1 cutover sign --by An --evidence notice=x \
			rollback@ttpvhcc 2>err &&
		test_one_error err "rollback@ttpvhcc" "fallback path of gate ${SQ}go${SQ}" "after a no-go"
	)
'

test_expect_success 'the fallback path is worked: its task signed' '
	cutover sign --by Hà --evidence notice="Công văn 12/TTPVHCC" rollback@ttpvhcc >out &&
	test_grep "^signed rollback@ttpvhcc" out
'

test_expect_success 'a no-go can be decided again: a go, once what the gate requires is done' '
	cutover sign --by Bình ready@so-tai-chinh >/dev/null &&
	cutover sign --by Bình --evidence reviewed=2 --evidence fixed=0 \
		check@so-tai-chinh >/dev/null &&
	db_snapshot before &&
	test_expect_code 1 decide --go --evidence confirmed=no 2>err &&
	test_grep "^cutover: check of step .go. refused" err &&
	test_grep "^  - the slot is not confirmed" err &&
	nothing_written &&
	decide --go --evidence confirmed=yes --comment "TTDLQG xác nhận" >out &&
	test_grep "^decided go for go@ttpvhcc (event [0-9]*)$" out &&
	db_query "select state from tasks where key = '\''go@ttpvhcc'\''" >actual &&
	echo done >expect &&
	test_cmp expect actual
'

test_expect_success 'the go releases what waits on it; the untouched fallback task leaves the run, the worked one stays' '
	CUTOVER_NOW="2026-05-29 22:30" cutover sign --by Hà switch@ttpvhcc >out &&
	test_grep "^signed switch@ttpvhcc" out &&
	cutover next --limit 0 >out &&
	test_grep -v "replan@" out &&
	cutover status --unit ttpvhcc >out &&
	test_grep "done  *rollback@ttpvhcc" out &&
	test_grep -v "replan@" out
'

test_expect_success 'the history stays: gate list and status --json show both decisions' '
	cutover gate list >out &&
	test_grep "^go@ttpvhcc  \[go\]$" out &&
	test_grep "^    #[0-9]*  2026-05-28 12:00  no-go, Phó Chủ tịch: Sở Tài chính chưa sẵn sàng$" out &&
	test_grep "^  \* #[0-9]*  2026-05-28 12:00  go, Phó Chủ tịch$" out &&
	cutover --json status >status.json &&
	python3 -c "
import json
s = json.load(open(\"status.json\"))
g = s[\"gates\"][0]
assert g[\"task\"] == \"go@ttpvhcc\" and g[\"decision\"] == \"go\", g
assert g[\"by\"] == \"Phó Chủ tịch\", g
h = [(x[\"kind\"], x[\"decision\"]) for x in g[\"history\"]]
assert h == [(\"failed\", \"no-go\"), (\"done\", \"go\")], h
assert s[\"closed\"] is None
"
'

test_expect_success 'a go stands until reopened: deciding again is refused, reopening lets it' '
	db_snapshot before &&
	test_expect_code 1 decide --no-go --reason "again" 2>err &&
	test_one_error err "go@ttpvhcc${SQ} is done; reopen it first" &&
	nothing_written &&
	cutover reopen --by "Phó Chủ tịch" --reason "TTDLQG rút lại xác nhận" go@ttpvhcc >/dev/null &&
	decide --conditions "Ngắt chuyển lúc 23:00 thay vì 22:00" \
		--evidence confirmed=yes >out &&
	test_grep "^decided go with conditions for go@ttpvhcc (event [0-9]*)$" out &&
	cutover --json status >status.json &&
	python3 -c "
import json
g = json.load(open(\"status.json\"))[\"gates\"][0]
assert g[\"decision\"] == \"go-with-conditions\", g
assert g[\"conditions\"] == \"Ngắt chuyển lúc 23:00 thay vì 22:00\", g
assert [x[\"kind\"] for x in g[\"history\"]] == [\"failed\", \"done\", \"reopened\", \"done\"], g
"
'

test_expect_success 'every report shows each decision, who took it and the conditions or reason' '
	cutover report readiness -o readiness.md >/dev/null &&
	cutover report --lang en readiness -o readiness.en.md >/dev/null &&
	cutover report unit dai-son -o unit.md >/dev/null &&
	CUTOVER_NOW="2026-05-30 17:00" cutover report daily -o daily.md >/dev/null 2>err &&
	for f in readiness.md unit.md daily.md
	do
		test_grep "^## Quyết định và ngoại lệ$" $f &&
		test_grep "^| .go@ttpvhcc. Decide go or no-go | \*\*NO-GO\*\* (đã thay thế) | Phó Chủ tịch | .* | Sở Tài chính chưa sẵn sàng |$" $f &&
		test_grep "^| .go@ttpvhcc. Decide go or no-go | \*\*GO có điều kiện\*\* (đang có hiệu lực) | Phó Chủ tịch | .* | Ngắt chuyển lúc 23:00 thay vì 22:00 |$" $f || return 1
	done &&
	test_grep "^| .go@ttpvhcc. Decide go or no-go | \*\*go with conditions\*\* (in force) | Phó Chủ tịch | " readiness.en.md &&
	test_grep "^- Gate: Decide go or no-go — \*\*decided: go with conditions\*\* (Ngắt chuyển lúc 23:00 thay vì 22:00), at .*, by Phó Chủ tịch$" readiness.en.md
'

test_expect_success 'step decides a gate: d asks go, go with conditions or no-go' '
	cutover reopen --by "Phó Chủ tịch" --reason "xem lại" go@ttpvhcc >/dev/null &&
	printf "g go@ttpvhcc\nd\nn\nTTDLQG hoãn khung giờ\nq\n" |
	cutover step --by "Phó Chủ tịch" >out 2>err &&
	test_line_count = 0 err &&
	test_grep "Gate *a go/no-go decision (d: go, go with conditions or no-go)" out &&
	test_grep "Decision: g go, c go with conditions, n no-go: n" out &&
	test_grep "Why no-go? TTDLQG hoãn khung giờ" out &&
	test_grep "^decided no-go for go@ttpvhcc (event [0-9]*)$" out &&
	printf "g go@ttpvhcc\nd\nc\nChỉ 2 xã đầu tiên\nyes\n\nq\n" |
	cutover step --by "Phó Chủ tịch" >out 2>err &&
	test_grep "Gate *decided no-go by Phó Chủ tịch, 2026-05-28 12:00: TTDLQG hoãn khung" out &&
	test_grep "Conditions: Chỉ 2 xã đầu tiên" out &&
	test_grep "^decided go with conditions for go@ttpvhcc (event [0-9]*)$" out
'

test_expect_success 'step: a line that is no decision ends the action, nothing recorded' '
	cutover reopen --by "Phó Chủ tịch" --reason "lại" go@ttpvhcc >/dev/null &&
	db_snapshot before &&
	printf "g go@ttpvhcc\nd\ng switch@ttpvhcc\nq\n" >in &&
	test_expect_code 1 cutover step --by "Phó Chủ tịch" <in >out 2>err &&
	test_one_error err "not a decision (go, go-with-conditions or no-go); nothing recorded" &&
	nothing_written
'

test_expect_success 'with tokens, only the coordinator decides or reopens a gate' '
	mkdir tok &&
	(
		cd tok &&
		cutover init >/dev/null &&
		cutover start --rehearsal --require-tokens --name t "$GATE_RB" >out &&
		tail -n 1 out >coordinator &&
		cutover token issue --token "$(cat coordinator)" ttpvhcc >unit 2>/dev/null &&
		db_snapshot before &&
		test_expect_code 1 cutover gate decide --no-go --reason "chưa" --by X \
			--token "$(cat unit)" go@ttpvhcc 2>err &&
		test_one_error err "only the coordinator${SQ}s token may decide a go/no-go gate" &&
		db_snapshot after &&
		test_cmp before after &&
		cutover gate decide --no-go --reason "chưa" --by X \
			--token "$(cat coordinator)" go@ttpvhcc >out &&
		test_grep "^decided no-go" out &&
		test_expect_code 1 cutover reopen --by X --reason "?" \
			--token "$(cat unit)" go@ttpvhcc 2>err &&
		test_one_error err "reopen a go/no-go gate" &&
		cutover verify >out
	)
'

test_expect_success 'the runbook language: a fallback names a gate, and only its path requires it' '
	mkdir lang && cp -r "$TEST_DATA/units" lang/ &&
	bad () {
		sed "$1" "$GATE_RB" >lang/bad.lua &&
		test_expect_code 1 cutover check lang/bad.lua >out 2>err &&
		shift &&
		test_one_error err "$@"
	} &&
	bad "s/fallback = \"go\",\$/fallback = \"nope\",/" \
		"bad.lua:" "step ${SQ}rollback${SQ}: field ${SQ}fallback${SQ}" "unknown step ${SQ}nope${SQ}" &&
	bad "s/fallback = \"go\",\$/fallback = \"ready\",/" \
		"step ${SQ}rollback${SQ}: field ${SQ}fallback${SQ}" "${SQ}ready${SQ} is not a gate" &&
	bad "s/requires = { \"go\" },/requires = { \"go\", \"rollback\" },/" \
		"step ${SQ}switch${SQ}: field ${SQ}requires${SQ}" "${SQ}rollback${SQ} applies only after a no-go of ${SQ}go${SQ}" &&
	bad "s/requires = { \"rollback\" },/requires = { \"rollback\", \"go\" },/" \
		"step ${SQ}replan${SQ}: field ${SQ}requires${SQ}" "would wait on a go" &&
	bad "s/fallback = \"go\",\$/fallback = 5,/" \
		"step ${SQ}rollback${SQ}: field ${SQ}fallback${SQ}" &&
	bad "s/^  gate = true,/  gate = true, fallback = \"go\",/" \
		"step ${SQ}go${SQ}: field ${SQ}fallback${SQ}" "${SQ}go${SQ} is on a fallback path itself"
'

test_done
