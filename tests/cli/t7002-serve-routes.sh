#!/bin/sh
test_description='serve: every route of the routing table tried without a session and with another unit'\''s; a unit sees and acts on its own tasks only'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

SQ="'"
CUTOVER_NOW='2026-05-29 09:00'
export CUTOVER_NOW

# path_of PATTERN : the route's pattern with each {param} filled in.
path_of () {
	echo "$1" | sed -e "s/{unit}/dai-son/" -e "s/{task}/fee-review%40dai-son/" \
		-e "s/{shift}/$(cat shift)/" -e "s/{event}/$(cat event)/" \
		-e "s/{section}/s1/" -e "s/{kind}/readiness/" \
		-e "s/{code}/$(cat code)/" -e "s/{lang}/en/"
}

# try AUTH CSRF METHOD PATH : the status of one request with AUTH (none,
# a cookie jar "jar:FILE", a bearer session "bearer:SECRET"), a form
# with that session's CSRF field, an Origin of this server.
try () {
	try_csrf=$2 try_method=$3 try_path=$4
	case $1 in
	jar:*) set -- -b "${1#jar:}" ;;
	bearer:*) set -- -H "Authorization: Bearer ${1#bearer:}" ;;
	*) set -- -H "X-None: 1" ;;
	esac
	if test "$try_method" = GET
	then
		web -o /dev/null -w "%{http_code}" "$@" "$SERVE_URL$try_path"
	else
		web -o /dev/null -w "%{http_code}" "$@" -H "Origin: $SERVE_URL" \
			--data-urlencode "csrf=$try_csrf" --data-urlencode "action=block" \
			--data-urlencode "reason=x" --data-urlencode "text=x" \
			--data-urlencode "system=other" --data-urlencode "severity=low" \
			--data-urlencode "role=truc-su-co" --data-urlencode "person=X" \
			--data-urlencode "from=T-1h" --data-urlencode "to=T+1h" \
			"$SERVE_URL$try_path"
	fi
}

test_expect_success 'setup: a rehearsal, a shift and an event of dai-son, tokens of dai-son, chu and the coordinator' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
	cutover token issue dai-son >dai-son.token 2>/dev/null &&
	cutover token issue chu >chu.token 2>/dev/null &&
	cutover token issue --coordinator >coordinator.token 2>/dev/null &&
	cutover token issue dai-son --link 2>/dev/null | sed -n "2s|.*/l/||p" >code &&
	cutover roster add --unit dai-son --role truc-su-co --person "Phạm Thị Dung" \
		--from "2026-05-29 20:00" --to "2026-05-30 08:00" --by "Văn phòng" >out &&
	sed -n "s/^added shift \([0-9]*\):.*/\1/p" out >shift &&
	cutover block fee-review@dai-son --by "Kế toán" --reason "x" >out &&
	sed -n "s/.*(event \([0-9]*\))$/\1/p" out >event &&
	test -s shift && test -s event && test -s code &&
	cutover debug routes >routes &&
	test_line_count -ge 30 routes
'

test_expect_success CURL 'setup: a server, and a session of each kind, for pages and for the API' '
	serve_start &&
	test "$(web_login chu.jar "$(cat chu.token)")" = 303 &&
	test "$(web_login dai-son.jar "$(cat dai-son.token)")" = 303 &&
	test "$(web_login coordinator.jar "$(cat coordinator.token)")" = 303 &&
	web_csrf chu.jar /u/chu >chu.csrf && test -s chu.csrf &&
	web -H "Origin: $SERVE_URL" --data-urlencode "token=$(cat chu.token)" \
		--data-urlencode "person=X" "$SERVE_URL/api/v1/session" >session.json &&
	sed -n "s/.*\"session\":\"\([^\"]*\)\".*/\1/p" session.json >chu.bearer &&
	test -s chu.bearer &&
	sqlite3 .cutover/state.db "select count(*) from events" >events.before
'

test_expect_success CURL 'without a session, every route that needs one is refused: pages send to the login page, the API says 401' '
	tried=0 &&
	while read -r method pattern needs flags
	do
		test "$needs" = none && continue
		path=$(path_of "$pattern") &&
		code=$(try "" "" "$method" "$path") &&
		case "$method $flags $code" in
		"GET api 401" | "POST api 401" | "GET  303" | "POST  401") ;;
		*) echo >&4 "$method $pattern without a session: $code"; return 1 ;;
		esac
		tried=$((tried + 1))
	done <routes &&
	grep -v " none" routes >needing &&
	test_line_count = $tried needing
'

test_expect_success CURL 'with another unit'\''s session, every route of a unit or of the coordinator is refused (403)' '
	tried=0 &&
	while read -r method pattern needs flags
	do
		case $needs in
		unit | coordinator) ;;
		*) continue ;;
		esac
		path=$(path_of "$pattern") &&
		if test "$flags" = api
		then
			code=$(try "bearer:$(cat chu.bearer)" "" "$method" "$path")
		else
			code=$(try "jar:chu.jar" "$(cat chu.csrf)" "$method" "$path")
		fi &&
		if test "$code" != 403
		then
			echo >&4 "$method $pattern with chu${SQ}s session: $code"
			return 1
		fi
		tried=$((tried + 1))
	done <routes &&
	grep " unit\| coordinator" routes >guarded &&
	test_line_count = $tried guarded
'

test_expect_success CURL 'nothing was recorded by any of those requests' '
	sqlite3 .cutover/state.db "select count(*) from events" >events.after &&
	test_cmp events.before events.after
'

test_expect_success CURL 'the unit itself and the coordinator reach every page of the unit' '
	while read -r method pattern needs flags
	do
		test "$method $needs $flags" = "GET unit " || continue
		path=$(path_of "$pattern") &&
		for who in dai-son coordinator
		do
			code=$(try "jar:$who.jar" "" GET "$path") &&
			if test "$code" != 200
			then
				echo >&4 "GET $path as $who: $code"
				return 1
			fi
		done || return 1
	done <routes &&
	web -b coordinator.jar -o /dev/null -w "%{http_code}\n" "$SERVE_URL/c" >code &&
	echo 200 >expect && test_cmp expect code &&
	web -b dai-son.jar -o /dev/null -w "%{http_code}\n" "$SERVE_URL/c" >code &&
	echo 403 >expect && test_cmp expect code
'

test_expect_success CURL 'a bearer session is for the API only, a cookie for the pages only' '
	web -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $(cat chu.bearer)" \
		"$SERVE_URL/u/chu" >code &&
	echo 303 >expect && test_cmp expect code &&
	web -b chu.jar -o /dev/null -w "%{http_code}\n" "$SERVE_URL/api/v1/units/chu/tasks" >code &&
	echo 401 >expect && test_cmp expect code &&
	serve_stop && test "$SERVE_STATUS" = 0
'

test_done
