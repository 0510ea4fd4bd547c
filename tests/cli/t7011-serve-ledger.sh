#!/bin/sh
test_description='serve: sessions and login links are the ledger'"'"'s copies; verify names a session or a link edited, planted or deleted'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-ledger.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

SQ="'"

q () {
	sqlite3 .cutover/state.db "$1"
}

test_expect_success SQLITE3_CURL 'setup: a session by token, one by link logged out, a link unused' '
	cutover init >/dev/null &&
	cutover start --rehearsal --require-tokens --name drill \
		"$RUNBOOKS/bac-ninh.lua" >start.out &&
	tail -n 1 start.out >coordinator.token &&
	T=$(cat coordinator.token) &&
	cutover token issue --token "$T" dai-son >dai-son.token 2>/dev/null &&
	cutover token issue --token "$T" --link dai-son >link.out 2>/dev/null &&
	cutover token issue --token "$T" --link chu >chu.out 2>/dev/null &&
	serve_start &&
	test "$(web_login jar-a "$(cat dai-son.token)" "Lê Minh Tuấn")" = 303 &&
	web -o /dev/null -c jar-b -H "Origin: $SERVE_URL" \
		--data-urlencode "person=Hoàng Văn Sơn" \
		"$SERVE_URL/l/$(sed -n "s|.*/l/||p" link.out)" &&
	csrf=$(web_csrf jar-b /u/dai-son) && test -n "$csrf" &&
	web -b jar-b -o /dev/null -H "Origin: $SERVE_URL" \
		--data-urlencode "csrf=$csrf" "$SERVE_URL/logout" &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	q "select kind from events where kind in (${SQ}link-issued${SQ},
		${SQ}session-opened${SQ}, ${SQ}session-closed${SQ}) order by seq" >kinds &&
	cat >expect <<-\EOF &&
	link-issued
	link-issued
	session-opened
	session-opened
	session-closed
	EOF
	test_cmp expect kinds &&
	cutover verify >out &&
	test_grep "^ledger ok" out &&
	cp -r .cutover clean
'

test_expect_success SQLITE3_CURL 'the events carry ids, hashes and expiries, never a secret' '
	q "select evidence from events where kind like ${SQ}session-%${SQ}
		or kind = ${SQ}link-issued${SQ}" >evidence &&
	test_grep "\"hash\":\"[0-9a-f]\{64\}\"" evidence &&
	for f in jar-a jar-b
	do
		secret=$(sed -n "s/.*cutover_session[	 ]*\([A-Za-z0-9_-]\{43\}\).*/\1/p" $f) &&
		test -n "$secret" &&
		test_must_fail grep -r -F "$secret" .cutover || return 1
	done &&
	test_must_fail grep -r -F "$(sed -n "s|.*/l/||p" chu.out)" .cutover &&
	test_must_fail grep -r -F "$(sed "s/^cut_[0-9a-f]*_//" dai-son.token)" .cutover
'

test_expect_success SQLITE3_CURL 'a session lengthened: its expiry is named' '
	fresh &&
	tamper "UPDATE web_sessions SET expires_at = expires_at + 86400 * 365
		WHERE person = ${SQ}Lê Minh Tuấn${SQ}" &&
	caught "session of Lê Minh Tuấn" "run ${SQ}drill${SQ}" \
		"its expiry differs from the event that opened it" "(table web_sessions)"
'

test_expect_success SQLITE3_CURL 'a session planted with a secret of one'"'"'s own, or on another event: named' '
	fresh &&
	secret=abcdefghijabcdefghijabcdefghijabcdefghij123 &&
	hash=$(printf %s "$secret" | b2sum -l 256 | cut -d" " -f1) &&
	tamper "INSERT INTO web_sessions (hash, run_id, token_id, person,
		expires_at, opened_seq) SELECT ${SQ}$hash${SQ}, run_id, token_id,
		${SQ}Mallory${SQ}, expires_at, opened_seq FROM web_sessions
		WHERE person = ${SQ}Lê Minh Tuấn${SQ}" &&
	caught "session of Mallory" "its secret${SQ}s hash differs from the event that opened it" \
		"(table web_sessions)" &&
	tamper "UPDATE web_sessions SET opened_seq = (SELECT max(seq) FROM events
		WHERE kind = ${SQ}token-issued${SQ}) WHERE person = ${SQ}Mallory${SQ}" &&
	caught "session of Mallory" "its event kind differs" "(table web_sessions)"
'

test_expect_success SQLITE3_CURL 'a session moved to another token: named' '
	fresh &&
	tamper "UPDATE web_sessions SET token_id = (SELECT id FROM tokens
		WHERE unit_id IS NULL) WHERE person = ${SQ}Lê Minh Tuấn${SQ}" &&
	caught "session of Lê Minh Tuấn" "its token differs" "(table web_sessions)"
'

test_expect_success SQLITE3_CURL 'a session deleted to hide a login: its event is named' '
	fresh &&
	seq=$(q "select opened_seq from web_sessions where person = ${SQ}Lê Minh Tuấn${SQ}") &&
	tamper "DELETE FROM web_sessions WHERE person = ${SQ}Lê Minh Tuấn${SQ}" &&
	caught "event $seq: session-opened event of run ${SQ}drill${SQ}: the sessions have none it opened" \
		"(table web_sessions)"
'

test_expect_success SQLITE3_CURL 'a closed session opened again: its closing event is named' '
	fresh &&
	seq=$(q "select closed_seq from web_sessions where closed_seq is not null") &&
	tamper "UPDATE web_sessions SET closed_seq = NULL" &&
	caught "event $seq: session-closed event" "the sessions have none it closed" \
		"(table web_sessions)"
'

test_expect_success SQLITE3_CURL 'a used link made new again: the session that used it is named' '
	fresh &&
	seq=$(q "select used_seq from web_links where used_seq is not null") &&
	tamper "UPDATE web_links SET used_seq = NULL" &&
	caught "event $seq: session-opened event" "the links have none it used" \
		"(table web_links)"
'

test_expect_success SQLITE3_CURL 'a link lengthened, moved or deleted: named' '
	fresh &&
	tamper "UPDATE web_links SET expires_at = expires_at + 86400 WHERE used_seq IS NULL" &&
	caught "login link of token" "its expiry differs from the event that issued it" \
		"(table web_links)" &&
	fresh &&
	tamper "UPDATE web_links SET token_id = (SELECT id FROM tokens
		WHERE unit_id IS NULL) WHERE used_seq IS NULL" &&
	caught "login link of token" "its token differs" "(table web_links)" &&
	fresh &&
	seq=$(q "select issued_seq from web_links where used_seq is null") &&
	tamper "DELETE FROM web_links WHERE used_seq IS NULL" &&
	caught "event $seq: link-issued event" "the links have none it issued" \
		"(table web_links)"
'

test_done
