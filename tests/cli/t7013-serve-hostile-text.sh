#!/bin/sh
test_description='serve: text past the ledger'"'"'s limits or holding controls, and hostile file names, refused at every web door with the field named on the page (not a 500), nothing recorded; the server'"'"'s own output neutralised'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

SQ="'"
CUTOVER_NOW='2026-05-29 09:00'
export CUTOVER_NOW

events () {
	sqlite3 .cutover/state.db 'select count(*) from events'
}

# Text a user may type, each past a rule of field.h.
LONG_TEXT=$(printf "%4097s" "" | tr " " x)     # FIELD_TEXT_MAX + 1
LONG_NAME=$(printf "%201s" "" | tr " " x)      # FIELD_NAME_MAX + 1
BIDI=$(printf "Lê \342\200\256 nahT")           # U+202E RIGHT-TO-LEFT OVERRIDE
ESC=$(printf "An \033[2J")
C1=$(printf "An \302\233 31m")                 # U+009B, a C1 CSI

# post PATH FIELD=VALUE... : a form of the unit's session (its CSRF field
# added), the status on stdout, the page in ./page.
post () {
	post_path_=$1
	shift
	for a
	do
		set -- "$@" --data-urlencode "$a"
		shift
	done
	web -b jar -o page -w "%{http_code}" -H "Origin: $SERVE_URL" \
		--data-urlencode "csrf=$(web_csrf jar /u/dai-son)" "$@" \
		"$SERVE_URL$post_path_"
}

# api METHOD PATH FIELD=VALUE... : the same through the API's bearer session.
api () {
	api_path_=$2
	shift 2
	for a
	do
		set -- "$@" --data-urlencode "$a"
		shift
	done
	web -o page -w "%{http_code}" -H "Authorization: Bearer $(cat bearer)" \
		"$@" "$SERVE_URL$api_path_"
}

# refused STATUS TEXT... : the answer had STATUS, ./page holds each TEXT,
# and the ledger did not grow.
refused () {
	test "$got" = "$1" || {
		echo "status $got, wanted $1"
		cat page
		return 1
	}
	shift
	for t
	do
		grep -F -- "$t" page >/dev/null || {
			echo "'$t' not on the page:"
			cat page
			return 1
		}
	done
	test "$(events)" = "$before"
}

test_expect_success CURL 'setup: a rehearsal, a session of Đại Sơn on the pages and one on the API' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
	cutover token issue dai-son >dai-son.token 2>/dev/null &&
	serve_start --lang en &&
	test "$(web_login jar "$(cat dai-son.token)")" = 303 &&
	web -o session.json --data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=Nguyễn Văn An" "$SERVE_URL/api/v1/session" &&
	sed -n "s/.*\"session\":\"\([^\"]*\)\".*/\1/p" session.json >bearer &&
	test -s bearer
'

test_expect_success CURL 'a reason too long, with a bidi override, an escape or a C1 control: the field named, nothing recorded' '
	before=$(events) &&
	got=$(post /t/fee-review%40dai-son/move action=block "reason=$LONG_TEXT") &&
	refused 422 "reason" "4097 bytes" &&
	got=$(post /t/fee-review%40dai-son/move action=block "reason=$BIDI") &&
	refused 422 "reason" "U+202E" &&
	got=$(post /t/fee-review%40dai-son/move action=skip "reason=$ESC") &&
	refused 422 "reason" &&
	got=$(post /t/fee-review%40dai-son/move action=fail "reason=$C1") &&
	refused 422 "reason" "U+009B"
'

test_expect_success CURL 'a sign-off'"'"'s comment and an evidence value past the limits: refused on the card' '
	before=$(events) &&
	got=$(post /t/focal-point%40dai-son/sign "ev.name=Lê Văn Bình" \
		"ev.position=Văn thư" "ev.phone=0912345678" "comment=$LONG_TEXT") &&
	refused 422 "comment" "4097 bytes" &&
	got=$(post /t/focal-point%40dai-son/sign "ev.name=$BIDI" \
		"ev.position=Văn thư" "ev.phone=0912345678") &&
	refused 422 "name" &&
	got=$(post /t/focal-point%40dai-son/sign "ev.name=$LONG_TEXT" \
		"ev.position=Văn thư" "ev.phone=0912345678") &&
	refused 422 "name"
'

test_expect_success CURL 'a difficulty and a shift with hostile text: refused, the field named' '
	before=$(events) &&
	got=$(post /u/dai-son/issues system=payment severity=high "text=$BIDI") &&
	refused 422 "text" "U+202E" &&
	got=$(post /u/dai-son/issues system=payment severity=high "text=$LONG_TEXT") &&
	refused 422 "text" "4097 bytes" &&
	got=$(post /u/dai-son/roster role=truc-su-co "person=$ESC" \
		phone=0912345678 "from=2026-05-29 20:00" "to=2026-05-30 08:00") &&
	refused 422 "person" &&
	got=$(post /u/dai-son/roster role=truc-su-co "person=$LONG_NAME" \
		phone=0912345678 "from=2026-05-29 20:00" "to=2026-05-30 08:00") &&
	refused 422 "person" "longer than 200"
'

test_expect_success CURL 'a name at login past the limits or with controls: refused, no session, nothing recorded' '
	before=$(events) &&
	got=$(web -o page -w "%{http_code}" -H "Origin: $SERVE_URL" \
		--data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=$LONG_NAME" "$SERVE_URL/login") &&
	refused 403 "longer than 200" &&
	got=$(web -o page -w "%{http_code}" -H "Origin: $SERVE_URL" \
		--data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=$BIDI" "$SERVE_URL/login") &&
	refused 403 "U+202E" &&
	got=$(api POST /api/v1/session "token=$(cat dai-son.token)" "person=$C1") &&
	refused 422 "\"field\":\"person\""
'

test_expect_success CURL 'the API: the same refusals as JSON naming the field' '
	before=$(events) &&
	got=$(api POST /api/v1/tasks/fee-review%40dai-son/move action=block "reason=$BIDI") &&
	refused 422 "\"field\":\"reason\"" "U+202E" &&
	got=$(api POST /api/v1/units/dai-son/issues system=payment severity=high "text=$LONG_TEXT") &&
	refused 422 "\"field\":\"text\"" "4097 bytes" &&
	got=$(api POST /api/v1/units/dai-son/shifts role=truc-su-co "person=$LONG_NAME" \
		phone=0912345678 "from=2026-05-29 20:00" "to=2026-05-30 08:00") &&
	refused 422 "\"field\":\"person\""
'

test_expect_success CURL 'an uploaded file named with controls, a bidi override, a path or past the name'"'"'s length: refused' '
	before=$(events) &&
	printf "procedure_code,fee_vnd\n1.001193,0\n" >fees.csv &&
	for name in "$(printf "fees\033[2J.csv")" "$(printf "fe\342\200\256vsc.exe")" \
		"$LONG_NAME.csv"
	do
		got=$(web -b jar -o page -w "%{http_code}" -H "Origin: $SERVE_URL" \
			-F "csrf=$(web_csrf jar /u/dai-son)" -F "ev.procedures=1" \
			-F "ev.fees=@fees.csv;filename=$name" \
			"$SERVE_URL/t/fee-review%40dai-son/sign") &&
		refused 422 "fees" || return 1
	done &&
	got=$(web -b jar -o page -w "%{http_code}" -H "Origin: $SERVE_URL" \
		-F "csrf=$(web_csrf jar /u/dai-son)" -F "ev.procedures=1" \
		-F "ev.fees=@fees.csv;filename=../../etc/fees.csv" \
		"$SERVE_URL/t/fee-review%40dai-son/sign") &&
	test "$got" != 500 &&
	sqlite3 .cutover/state.db "select json_extract(evidence, ${SQ}$.fees${SQ})
		from events where seq > $before and kind = ${SQ}done${SQ}" >names &&
	test_grep -v "/" names
'

test_expect_success CURL 'no answer was a 500; what serve printed holds no raw control' '
	test_grep ! "\" 500 " serve.log &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	test_must_fail grep -q "$(printf "\033")" serve.out serve.log &&
	test_must_fail grep -q "$(printf "\342\200\256")" serve.out serve.log
'

test_expect_success CURL 'the access log file: what clients sent neutralised, X-Real-IP taken only as an address' '
	serve_start --access-log access.log --trust-proxy &&
	web -o /dev/null "$SERVE_URL/x%1B%5B2J%C2%9B%E2%80%AEy" &&
	web -o /dev/null -H "X-Real-IP: 6.6.6.6 GET \"/forged\" 200" "$SERVE_URL/login" &&
	web -o /dev/null -H "X-Real-IP: 10.1.2.3" "$SERVE_URL/login" &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	test_must_fail grep -q "$(printf "\033")" access.log &&
	test_must_fail grep -q "$(printf "\302\233")" access.log &&
	test_must_fail grep -q "$(printf "\342\200\256")" access.log &&
	test_grep "GET \"/x␛\[2J" access.log &&
	test_grep ! "6.6.6.6" access.log &&
	test_grep " 10.1.2.3 GET \"/login\" 200 " access.log &&
	test_line_count = 3 access.log
'

test_done
