#!/bin/sh
test_description='serve: the JSON API, and each web action one event identical in shape to its command-line twin'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

SQ="'"
CUTOVER_NOW='2026-05-29 09:00'
export CUTOVER_NOW
S=$RUNBOOKS/samples

events () {
	sqlite3 .cutover/state.db 'select count(*) from events'
}

# api METHOD PATH [CURL ARGS...] : the body in out.json, the status on stdout.
api () {
	api_method=$1 api_path=$2
	shift 2
	web -o out.json -w "%{http_code}\n" -X "$api_method" \
		-H "Authorization: Bearer $(cat bearer)" "$@" "$SERVE_URL$api_path"
}

# shape UNIT : the shape of the unit's events: kind, whether an actor is
# named, how it was authenticated (the kind of token), the keys of the
# evidence, whether there is a comment.  Logging in and out has no
# command-line twin: left out.
shape () {
	sqlite3 .cutover/state.db "select kind, actor <> '', unit_id = '$1',
		substr(auth, 1, instr(auth, ':')), coalesce((select group_concat(key)
		from json_each(evidence)), '-'), comment is not null from events
		where unit_id = '$1' and seq > $(cat start)
		and kind not in ('session-opened', 'session-closed')
		order by seq"
}

test_expect_success 'setup: a rehearsal, tokens of two wards, the focal-point guidance signed' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
	cutover token issue dai-son >dai-son.token 2>/dev/null &&
	cutover token issue chu >chu.token 2>/dev/null &&
	cutover token issue --coordinator >coordinator.token 2>/dev/null &&
	cutover sign focal-guidance@trung-tam-phuc-vu-hanh-chinh-cong-tinh \
		--by "Nguyễn Thu Hà" --evidence reference="HD 15" >/dev/null &&
	sed "s/Xã Đại Sơn/Phường Chũ/; s/daison/chu/g" "$S/accounts-good.csv" >accounts-chu.csv &&
	events >start
'

test_expect_success CURL 'a session for the API from a token: a bearer secret, never a cookie' '
	serve_start &&
	webh head -o out.json -H "Origin: $SERVE_URL" --data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=Lê Minh Tuấn" "$SERVE_URL/api/v1/session" &&
	test_grep "^HTTP/1.1 200" head &&
	test_grep ! -i "^Set-Cookie" head &&
	test_json out.json &&
	test_grep "\"unit\":\"dai-son\"" out.json &&
	sed -n "s/.*\"session\":\"\([^\"]*\)\".*/\1/p" out.json >bearer &&
	test -s bearer &&
	web -o out.json -w "%{http_code}\n" --data-urlencode "token=nope" \
		--data-urlencode "person=X" "$SERVE_URL/api/v1/session" >code &&
	echo 403 >expect && test_cmp expect code &&
	test_grep "\"error\":\"mã xác thực này không hợp lệ" out.json
'

test_expect_success CURL 'the unit'\''s tasks and a task'\''s evidence fields' '
	test "$(api GET /api/v1/units/dai-son/tasks)" = 200 &&
	test_json out.json &&
	test_grep "\"key\":\"focal-point@dai-son\"" out.json &&
	test "$(api GET /api/v1/tasks/focal-point@dai-son)" = 200 &&
	test_json out.json &&
	test_grep "{\"field\":\"phone\",\"type\":\"phone\",\"optional\":false}" out.json &&
	test "$(api GET /api/v1/units/chu/tasks)" = 403
'

test_expect_success CURL 'a sign-off refused names the field, records nothing; accepted, it says its event; again, nothing' '
	before=$(events) &&
	test "$(api POST /api/v1/tasks/focal-point@dai-son/sign \
		--data-urlencode "ev.name=Lê Minh Tuấn" --data-urlencode "ev.position=Công chức" \
		--data-urlencode "ev.phone=12")" = 422 &&
	test_json out.json &&
	test_grep "\"field\":\"phone\"" out.json &&
	test_grep "không phải là số điện thoại" out.json &&
	test "$(events)" = "$before" &&
	test "$(api POST /api/v1/tasks/focal-point@dai-son/sign \
		--data-urlencode "ev.name=Lê Minh Tuấn" --data-urlencode "ev.position=Công chức" \
		--data-urlencode "ev.phone=0912 345 678")" = 200 &&
	test_json out.json &&
	test_grep "\"recorded\":true" out.json &&
	test_grep "\"event\":$((before + 1))," out.json &&
	test_grep "\"message\":\"đã ký hoàn thành focal-point@dai-son (sự kiện $((before + 1)))\"" out.json &&
	test "$(api POST /api/v1/tasks/focal-point@dai-son/sign \
		--data-urlencode "ev.name=X" --data-urlencode "ev.position=Y" \
		--data-urlencode "ev.phone=0912345678")" = 200 &&
	test_grep "\"recorded\":false" out.json &&
	test "$(events)" = "$((before + 1))"
'

test_expect_success CURL 'an export with mistakes: the check'\''s findings, one per row; the good export signs' '
	before=$(events) &&
	test "$(api POST /api/v1/tasks/account-review@dai-son/sign \
		-F "ev.accounts=@$S/accounts-bad.csv" -F ev.reviewed=11 -F ev.fixed=0)" = 422 &&
	test_json out.json &&
	python3 -c "import json,sys; print(len(json.load(open(\"out.json\"))[\"findings\"]))" >count &&
	echo 12 >expect && test_cmp expect count &&
	test "$(events)" = "$before" &&
	test "$(api POST /api/v1/tasks/account-review@dai-son/sign \
		-F "ev.accounts=@$S/accounts-good.csv" -F ev.reviewed=6 -F ev.fixed=0)" = 200 &&
	test_grep "\"recorded\":true" out.json &&
	sqlite3 .cutover/state.db "select json_extract(evidence, \"$.accounts.name\"),
		json_extract(evidence, \"$.accounts.size\") from events where seq = $((before + 1))" >actual &&
	echo "accounts-good.csv|$(wc -c <"$S/accounts-good.csv")" >expect &&
	test_cmp expect actual
'

test_expect_success CURL 'block with a reason, a difficulty, a shift added and removed' '
	test "$(api POST /api/v1/tasks/fee-review@dai-son/move \
		--data-urlencode action=block --data-urlencode "reason=Chưa có tài khoản thụ hưởng")" = 200 &&
	test_grep "đã đánh dấu fee-review@dai-son bị chặn" out.json &&
	test "$(api POST /api/v1/tasks/fee-review@dai-son/move \
		--data-urlencode action=block)" = 422 &&
	test_grep "\"field\":\"reason\"" out.json &&
	test "$(api POST /api/v1/units/dai-son/issues --data-urlencode system=catalogue \
		--data-urlencode severity=high \
		--data-urlencode "text=Thủ tục 1.001193 chưa hiển thị")" = 200 &&
	test_json out.json &&
	test_grep "\"number\":1,\"event\":[0-9]*,\"recipients\":\[\"trung-tam-phuc-vu-hanh-chinh-cong-tinh\"" out.json &&
	test "$(api POST /api/v1/units/dai-son/issues --data-urlencode system=nope \
		--data-urlencode severity=high --data-urlencode text=x)" = 422 &&
	test_grep "system .*nope.* is not declared\|hệ thống .*nope" out.json &&
	test "$(api POST /api/v1/units/dai-son/shifts --data-urlencode role=truc-su-co \
		--data-urlencode "person=Phạm Thị Dung" --data-urlencode phone=0912111222 \
		--data-urlencode "from=2026-05-29T20:00" --data-urlencode "to=2026-05-30 08:00")" = 200 &&
	test_grep "\"recorded\":true,\"shift\":1," out.json &&
	test "$(api POST /api/v1/units/dai-son/shifts --data-urlencode role=truc-su-co \
		--data-urlencode "person=X" --data-urlencode "from=2026-05-29 20:00" \
		--data-urlencode "to=2026-05-29 19:00")" = 422 &&
	test_grep "\"field\":\"to\"" out.json &&
	test "$(api GET /api/v1/units/dai-son/shifts)" = 200 &&
	test_json out.json &&
	test_grep "\"role\":\"truc-su-co\",\"gaps\":\[{\"from\"" out.json &&
	test "$(api POST /api/v1/units/dai-son/shifts/1/remove --data-urlencode "reason=nhầm người")" = 200 &&
	test "$(api GET /api/v1/units/dai-son/issues)" = 200 && test_json out.json
'

test_expect_success 'the same actions through the command line, for another ward' '
	export CUTOVER_TOKEN="$(cat chu.token)" &&
	cutover sign focal-point@chu --by "Trần Văn Chũ" --evidence name="Trần Văn Chũ" \
		--evidence position="Công chức" --evidence phone=0912345679 >/dev/null &&
	cutover sign account-review@chu --by "Trần Văn Chũ" --attach accounts=accounts-chu.csv \
		--evidence reviewed=6 --evidence fixed=0 >/dev/null &&
	cutover block fee-review@chu --by "Trần Văn Chũ" --reason "Chưa có tài khoản" >/dev/null &&
	cutover issue add --unit chu --system catalogue --severity high --by "Trần Văn Chũ" \
		"Thủ tục chưa hiển thị" >/dev/null &&
	cutover roster add --unit chu --role truc-su-co --person "Ngô Thị Lan" --phone 0912111333 \
		--from "2026-05-29 20:00" --to "2026-05-30 08:00" --by "Trần Văn Chũ" >/dev/null &&
	cutover roster remove --by "Trần Văn Chũ" --reason "nhầm người" 2 >/dev/null &&
	unset CUTOVER_TOKEN
'

test_expect_success 'each web action is one event, the same in shape as its command'\''s' '
	shape dai-son >web &&
	shape chu >cli &&
	test_line_count = 6 web &&
	test_cmp cli web &&
	cat >expect <<-\EOF &&
	done|1|1|unit:|name,phone,position|0
	done|1|1|unit:|accounts,fixed,reviewed|0
	blocked|1|1|unit:|-|1
	issue-raised|1|1|unit:|number,recipients,severity,system,text|0
	shift-added|1|1|unit:|from,person,phone,role,shift,to|0
	shift-removed|1|1|unit:|shift|1
	EOF
	test_cmp expect web &&
	sqlite3 .cutover/state.db "select kind, count(*) from events
		where unit_id = '\''dai-son'\'' and seq > $(cat start)
		and kind like '\''session-%'\'' group by kind" >sessions &&
	echo "session-opened|1" >expect &&
	test_cmp expect sessions
'

test_expect_success CURL 'the coordinator'\''s status, and signing on a unit'\''s behalf (recorded so)' '
	web -o out.json -H "Origin: $SERVE_URL" --data-urlencode "token=$(cat coordinator.token)" \
		--data-urlencode "person=Nguyễn Thu Hà" "$SERVE_URL/api/v1/session" &&
	sed -n "s/.*\"session\":\"\([^\"]*\)\".*/\1/p" out.json >bearer &&
	test "$(api GET /api/v1/status)" = 200 &&
	test_json out.json &&
	test_grep "\"run\":\"drill\"" out.json &&
	test "$(api POST /api/v1/tasks/catalogue-review@dai-son/move \
		--data-urlencode action=skip --data-urlencode "reason=không áp dụng")" = 200 &&
	sqlite3 .cutover/state.db "select unit_id, actor, substr(auth, 1, 12) from events
		where seq = (select max(seq) from events)" >actual &&
	echo "dai-son|Nguyễn Thu Hà|coordinator:" >expect &&
	test_cmp expect actual &&
	test "$(api POST /api/v1/logout)" = 200 &&
	test "$(api GET /api/v1/status)" = 401
'

test_expect_success CURL 'the ledger verifies whichever door each event came through' '
	serve_stop && test "$SERVE_STATUS" = 0 &&
	cutover verify >out &&
	test_grep "^ledger ok" out
'

test_done
