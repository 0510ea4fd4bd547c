#!/bin/sh
test_description='serve: starting and stopping, logging in and out, sessions, one-time links, the origin and CSRF checks, failed logins counted, limits while streaming, the access log, TLS'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

SQ="'"

CUTOVER_NOW='2026-05-29 09:00'
export CUTOVER_NOW

# events : how many events the ledger holds.
events () {
	sqlite3 .cutover/state.db 'select count(*) from events'
}

test_expect_success 'setup: a rehearsal of the Bắc Ninh runbook, tokens for two communes and the coordinator' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
	cutover token issue dai-son --link >dai-son.out 2>err &&
	test_grep "and a link that logs in once" err &&
	sed -n 1p dai-son.out >dai-son.token &&
	sed -n 2p dai-son.out >dai-son.link &&
	test_grep "^http://127.0.0.1:8080/l/[A-Za-z0-9_-]\{43\}$" dai-son.link &&
	cutover token issue chu >chu.token 2>/dev/null &&
	cutover token issue --coordinator >coordinator.token 2>/dev/null &&
	cutover token issue tan-son --link --base-url https://dvc.example.vn/cutover/ \
		>tan-son.out 2>/dev/null &&
	test_grep "^https://dvc.example.vn/cutover/l/" tan-son.out
'

test_expect_success 'serve refuses bad usage with exit 2, and says how it is used' '
	cutover serve --help >out &&
	test_grep "^usage: cutover serve \[--listen ADDR:PORT\]" out &&
	test_expect_code 2 cutover serve --listen nowhere 2>err &&
	test_one_error err "--listen takes ADDR:PORT" &&
	test_expect_code 2 cutover serve --lang fr 2>err &&
	test_one_error err "--lang takes vi or en" &&
	test_expect_code 2 cutover serve --tls-cert x.pem 2>err &&
	test_one_error err "--tls-cert and --tls-key go together" &&
	test_expect_code 2 cutover serve --base-url ftp://x 2>err &&
	test_one_error err "--base-url takes an http://" &&
	test_expect_code 2 cutover serve --threads 0 2>err &&
	test_one_error err "--threads takes 1 to 256" &&
	test_expect_code 1 cutover serve --listen 10.0.0.x:80 2>err &&
	test_one_error err "is not an IP address" &&
	mkdir empty && (cd empty && cutover init >/dev/null &&
		test_expect_code 1 cutover serve 2>../err) &&
	test_one_error err "no run yet"
'

test_expect_success CURL 'it listens on a port of its own and sends the security headers' '
	serve_start &&
	test_grep "^serving run ${SQ}drill${SQ} at http://127.0.0.1:[0-9]*/" serve.out &&
	webh head -o /dev/null "$SERVE_URL/" &&
	test_grep "^HTTP/1.1 303" head &&
	test_grep -i "^Location: /login" head &&
	test_grep -i "^Content-Security-Policy: default-src ${SQ}none${SQ}; style-src ${SQ}self${SQ}" head &&
	test_grep -i "^X-Content-Type-Options: nosniff" head &&
	test_grep -i "^X-Frame-Options: DENY" head &&
	test_grep -i "^Cache-Control: no-store" head &&
	webh head -o css "$SERVE_URL/static/cutover.css" &&
	test_grep -i "^Content-Type: text/css" head &&
	test_grep "box-sizing" css &&
	web -o page -w "%{http_code}\n" "$SERVE_URL/nowhere" >code &&
	echo 404 >expect && test_cmp expect code &&
	test_grep "không có trang này" page
'

test_expect_success CURL 'a wrong token is refused with the message shown; the right one opens a session whose cookie is HttpOnly and SameSite=Strict' '
	before=$(events) &&
	web -o page -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		--data-urlencode "token=cut_000000000000_$(printf %043d 0)" \
		--data-urlencode "person=An" "$SERVE_URL/login" >code &&
	echo 403 >expect && test_cmp expect code &&
	test_grep "mã xác thực này không hợp lệ cho lượt chạy này" page &&
	test "$(events)" = "$before" &&
	webh head -o /dev/null -H "Origin: $SERVE_URL" \
		--data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=Lê Minh Tuấn" "$SERVE_URL/login" &&
	test_grep "^HTTP/1.1 303" head &&
	test_grep -i "^Set-Cookie: cutover_session=[A-Za-z0-9_-]\{43\}; Path=/; HttpOnly; SameSite=Strict; Max-Age=604800" head &&
	test_grep ! -i "^Set-Cookie:.*Secure" head &&
	sed -n "s/^Set-Cookie: cutover_session=\([^;]*\);.*/\1/Ip" head >cookie &&
	web -o page -H "Cookie: cutover_session=$(cat cookie)" "$SERVE_URL/u/dai-son" &&
	test_grep "<h1>Xã Đại Sơn</h1>" page &&
	test_grep "Lê Minh Tuấn · Xã Đại Sơn" page &&
	test "$(events)" = "$((before + 1))" &&
	id=$(sed "s/^cut_\([0-9a-f]*\)_.*/\1/" dai-son.token) &&
	sqlite3 .cutover/state.db "select kind, actor, unit_id, auth,
		json_extract(evidence, '\''$.token'\''),
		json_extract(evidence, '\''$.hash'\'') = (select hash from web_sessions),
		json_extract(evidence, '\''$.expires'\'') - at
		from events order by seq desc limit 1" >last &&
	echo "session-opened|Lê Minh Tuấn|dai-son|unit:$id|$id|1|604800" >expect &&
	test_cmp expect last
'

test_expect_success CURL 'only a hash of the session is stored; no secret reaches the log or the database' '
	test -s cookie &&
	test_must_fail grep -r -F "$(cat cookie)" .cutover &&
	sqlite3 .cutover/state.db "select hash from web_sessions" >hashes &&
	test_grep "^[0-9a-f]\{64\}$" hashes &&
	test_must_fail grep -F "$(cat cookie)" serve.log &&
	test_must_fail grep -r -F "$(cat dai-son.token)" serve.log .cutover &&
	test_must_fail grep -r -F "$(sed "s|.*/l/||" dai-son.link)" serve.log .cutover &&
	test_grep "GET \"/u/dai-son\" 200 [0-9]* [0-9.]*ms unit:" serve.log
'

test_expect_success CURL 'a form must come from this server: no Origin or another one is refused, and nothing is recorded' '
	before=$(events) &&
	web -o page -w "%{http_code}\n" --data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=An" "$SERVE_URL/login" >code &&
	echo 403 >expect && test_cmp expect code &&
	test_grep "không đến từ trang của máy chủ này" page &&
	web -o page -w "%{http_code}\n" -H "Origin: http://evil.example" \
		-H "Cookie: cutover_session=$(cat cookie)" \
		--data "action=block&reason=x" "$SERVE_URL/t/fee-review%40dai-son/move" >code &&
	test_cmp expect code &&
	test "$(events)" = "$before"
'

test_expect_success CURL 'a form without its session'\''s CSRF field is refused, with it accepted' '
	before=$(events) &&
	web -o page -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		-H "Cookie: cutover_session=$(cat cookie)" \
		--data "action=block&reason=x&csrf=wrong" "$SERVE_URL/t/fee-review%40dai-son/move" >code &&
	echo 403 >expect && test_cmp expect code &&
	test_grep "biểu mẫu đã hết hạn" page &&
	test "$(events)" = "$before" &&
	echo "cutover_session=$(cat cookie)" >jar.txt &&
	csrf=$(web -H "Cookie: cutover_session=$(cat cookie)" "$SERVE_URL/t/fee-review%40dai-son" |
		sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" | sed -n 1p) &&
	test -n "$csrf" &&
	webh head -o /dev/null -H "Origin: $SERVE_URL" \
		-H "Cookie: cutover_session=$(cat cookie)" \
		--data-urlencode "action=block" --data-urlencode "csrf=$csrf" \
		--data-urlencode "reason=Chưa có tài khoản thụ hưởng" \
		"$SERVE_URL/t/fee-review%40dai-son/move" &&
	test_grep -i "^Location: /t/fee-review%40dai-son/ack/[0-9]*" head &&
	test "$(events)" = "$((before + 1))"
'

test_expect_success CURL 'English by choice: the language cookie' '
	webh head -o /dev/null "$SERVE_URL/lang/en?to=/login" &&
	test_grep -i "^Set-Cookie: cutover_lang=en; Path=/; SameSite=Strict" head &&
	test_grep -i "^Location: /login" head &&
	web -o page -H "Cookie: cutover_lang=en" "$SERVE_URL/login" &&
	test_grep "<h1>Log in</h1>" page &&
	test_grep "<html lang=\"en\">" page &&
	webh head -o /dev/null "$SERVE_URL/lang/en?to=//evil.example/" &&
	test_grep -i "^Location: /$" head
'

test_expect_success CURL 'a one-time link: looking does not use it, logging in does, and only once' '
	link=$(sed "s|http://127.0.0.1:8080||" dai-son.link) &&
	web -o page "$SERVE_URL$link" && web -o page "$SERVE_URL$link" &&
	test_grep "Đường dẫn này đăng nhập một lần, cho:" page &&
	test_grep "<strong>Xã Đại Sơn</strong>" page &&
	webh head -o /dev/null -H "Origin: $SERVE_URL" \
		--data-urlencode "person=Hoàng Văn Sơn" "$SERVE_URL$link" &&
	test_grep -i "^Set-Cookie: cutover_session=" head &&
	test_grep -i "^Location: /$" head &&
	web -o page -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		--data-urlencode "person=Someone else" "$SERVE_URL$link" >code &&
	echo 404 >expect && test_cmp expect code &&
	test_grep "đường dẫn này không còn dùng để đăng nhập được" page &&
	test_grep "POST \"/l/{code}\" 303" serve.log &&
	sqlite3 .cutover/state.db "select e.kind, e.actor, e.unit_id,
		json_extract(e.evidence, '\''$.link'\'') = l.hash
		from web_links l join events e on e.seq = l.used_seq" >used &&
	echo "session-opened|Hoàng Văn Sơn|dai-son|1" >expect &&
	test_cmp expect used
'

test_expect_success CURL 'logging out ends the session: its cookie opens nothing any more' '
	csrf=$(web -H "Cookie: cutover_session=$(cat cookie)" "$SERVE_URL/u/dai-son" |
		sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" | sed -n 1p) &&
	webh head -o /dev/null -H "Origin: $SERVE_URL" -H "Cookie: cutover_session=$(cat cookie)" \
		--data-urlencode "csrf=$csrf" "$SERVE_URL/logout" &&
	test_grep -i "^Location: /login?bye=1" head &&
	test_grep -i "^Set-Cookie: cutover_session=; .*Max-Age=0" head &&
	webh head -o /dev/null -H "Cookie: cutover_session=$(cat cookie)" "$SERVE_URL/u/dai-son" &&
	test_grep -i "^Location: /login?to=%2Fu%2Fdai-son" head &&
	sqlite3 .cutover/state.db "select e.kind, e.actor, w.opened_seq < e.seq
		from web_sessions w join events e on e.seq = w.closed_seq" >closed &&
	echo "session-closed|Lê Minh Tuấn|1" >expect &&
	test_cmp expect closed
'

test_expect_success CURL 'failed logins are counted per unit and per address; past the limit even the right token waits' '
	id=$(sed "s/^cut_\([0-9a-f]*\)_.*/\1/" chu.token) &&
	for i in 1 2 3 4 5
	do
		web -o /dev/null -H "Origin: $SERVE_URL" \
			--data-urlencode "token=cut_${id}_$(printf %043d $i)" \
			--data-urlencode "person=X" "$SERVE_URL/login" || return 1
	done &&
	web -o page -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		--data-urlencode "token=$(cat chu.token)" \
		--data-urlencode "person=X" "$SERVE_URL/login" >code &&
	echo 403 >expect && test_cmp expect code &&
	test_grep "đăng nhập sai quá nhiều lần; hãy thử lại sau 29/05/2026 09:15" page &&
	test "$(web_login jar2 "$(cat dai-son.token)")" = 303 &&
	for i in $(seq 6 20)
	do
		web -o /dev/null -H "Origin: $SERVE_URL" \
			--data-urlencode "token=cut_000000000000_$(printf %043d $i)" \
			--data-urlencode "person=X" "$SERVE_URL/login" || return 1
	done &&
	test "$(web_login jar3 "$(cat dai-son.token)")" = 403 &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	CUTOVER_NOW="2026-05-29 09:16" && serve_start &&
	test "$(web_login jar3 "$(cat chu.token)")" = 303
'

test_expect_success CURL 'a session expires; revoking its token ends it at once' '
	serve_stop && CUTOVER_NOW="2026-05-29 09:00" && serve_start --session-hours 1 &&
	test "$(web_login jar4 "$(cat dai-son.token)")" = 303 &&
	web -b jar4 -o /dev/null -w "%{http_code}\n" "$SERVE_URL/u/dai-son" >code &&
	echo 200 >expect && test_cmp expect code &&
	serve_stop && CUTOVER_NOW="2026-05-29 10:01" && serve_start &&
	web -b jar4 -o /dev/null -w "%{http_code}\n" "$SERVE_URL/u/dai-son" >code &&
	echo 303 >expect && test_cmp expect code &&
	test "$(web_login jar5 "$(cat chu.token)")" = 303 &&
	web -b jar5 -o /dev/null -w "%{http_code}\n" "$SERVE_URL/u/chu" >code &&
	echo 200 >expect && test_cmp expect code &&
	cutover token revoke --by "Điều phối" --reason test "$(sed "s/^cut_\([0-9a-f]*\)_.*/\1/" chu.token)" >/dev/null &&
	web -b jar5 -o /dev/null -w "%{http_code}\n" "$SERVE_URL/u/chu" >code &&
	echo 303 >expect && test_cmp expect code
'

CUTOVER_NOW='2026-05-29 09:00'

test_expect_success CURL 'limits while streaming: body, field, file, fields, URL, media type, method' '
	before=$(events) &&
	head -c 11000000 /dev/zero | tr "\0" a >big &&
	web -o page -w "%{http_code}\n" -H "Origin: $SERVE_URL" --data-binary @big \
		-H "Content-Type: application/x-www-form-urlencoded" "$SERVE_URL/login" >code &&
	echo 413 >expect && test_cmp expect code &&
	head -c 20000 big >field &&
	web -o /dev/null -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		--data-urlencode "person@field" "$SERVE_URL/login" >code &&
	test_cmp expect code &&
	head -c 9000000 big >file.csv &&
	web -o /dev/null -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		-F "ev.accounts=@file.csv" "$SERVE_URL/login" >code &&
	test_cmp expect code &&
	fields=$(seq 1 70 | sed "s/.*/f&=x/" | tr "\n" "&") &&
	web -o /dev/null -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		--data "$fields" "$SERVE_URL/login" >code &&
	test_cmp expect code &&
	web -o /dev/null -w "%{http_code}\n" "$SERVE_URL/$(head -c 3000 big)" >code &&
	echo 414 >expect && test_cmp expect code &&
	web -o /dev/null -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		-H "Content-Type: application/json" --data "{}" "$SERVE_URL/login" >code &&
	echo 415 >expect && test_cmp expect code &&
	web -o /dev/null -w "%{http_code}\n" -X PUT "$SERVE_URL/login" >code &&
	echo 405 >expect && test_cmp expect code &&
	web -o /dev/null -w "%{http_code}\n" -X POST -H "Origin: $SERVE_URL" "$SERVE_URL/u/dai-son" >code &&
	echo 405 >expect && test_cmp expect code &&
	test "$(events)" = "$before"
'

test_expect_success CURL 'SIGTERM stops it cleanly: exit 0, the ledger verifies' '
	serve_stop &&
	test "$SERVE_STATUS" = 0 &&
	test_grep "^stopped$" serve.out &&
	cutover verify >out &&
	test_grep "^ledger ok" out
'

command -v openssl >/dev/null 2>&1 && test_have_prereq CURL &&
	test_set_prereq CURL_OPENSSL

test_expect_success CURL_OPENSSL 'TLS through libmicrohttpd: HTTPS, a Secure cookie, HSTS' '
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
		-addext "subjectAltName=IP:127.0.0.1" \
		-keyout key.pem -out cert.pem 2>/dev/null &&
	serve_start --tls-cert cert.pem --tls-key key.pem &&
	test_grep "at https://127.0.0.1:" serve.out &&
	webh head --cacert cert.pem -o /dev/null "$SERVE_URL/" &&
	test_grep -i "^Strict-Transport-Security: max-age=" head &&
	webh head --cacert cert.pem -o /dev/null -H "Origin: $SERVE_URL" \
		--data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=An" "$SERVE_URL/login" &&
	test_grep -i "^Set-Cookie: cutover_session=.*; Secure" head &&
	! web -o /dev/null "$SERVE_URL/" 2>err &&
	serve_stop && test "$SERVE_STATUS" = 0
'

test_done
