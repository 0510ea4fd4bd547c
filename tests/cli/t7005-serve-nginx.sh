#!/bin/sh
test_description='serve behind Debian'\''s nginx, which ends TLS: the configuration docs/serve.md gives, with Secure cookies from --base-url, the client'\''s address from X-Real-IP, forms checked against the public origin, nginx'\''s own body limit'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

CUTOVER_NOW='2026-05-29 09:00'
export CUTOVER_NOW

command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1 &&
	test_have_prereq CURL && test_set_prereq NGINX

NGINX_PID=

# free_port : a port nobody listens on now (the kernel's choice).
free_port () {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# nginx_start PORT : nginx in the foreground of its own prefix (the trash)
# on 127.0.0.1:PORT, proxying to the server serve_start started.
nginx_start () {
	mkdir -p nginx/logs nginx/tmp &&
	sed -e "s|@PORT@|$1|" -e "s|@UPSTREAM@|${SERVE_URL#http://}|" \
		-e "s|@DIR@|$TRASH_DIRECTORY|g" nginx.conf.in >nginx/nginx.conf &&
	nginx -p "$TRASH_DIRECTORY/nginx" -c "$TRASH_DIRECTORY/nginx/nginx.conf" \
		-g "daemon off;" 2>nginx/stderr &
	NGINX_PID=$!
	nginx_i=0
	until web --http1.1 --cacert cert.pem -o /dev/null "https://127.0.0.1:$1/static/cutover.css" 2>/dev/null
	do
		if ! kill -0 "$NGINX_PID" 2>/dev/null || test $nginx_i -ge 300
		then
			cat >&4 nginx/stderr
			return 1
		fi
		sleep 0.1
		nginx_i=$((nginx_i + 1))
	done
}

nginx_stop () {
	test -n "$NGINX_PID" || return 0
	kill -QUIT "$NGINX_PID" 2>/dev/null
	wait "$NGINX_PID" 2>/dev/null
	NGINX_PID=
}

trap 'nginx_stop; serve_stop; test_cleanup_' EXIT

test_expect_success NGINX 'setup: a rehearsal, a token, a certificate, serve on 127.0.0.1 behind nginx on its TLS port' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
	cutover token issue dai-son >dai-son.token 2>/dev/null &&
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
		-addext "subjectAltName=IP:127.0.0.1" \
		-keyout key.pem -out cert.pem 2>/dev/null &&
	sed -n "/^worker_processes/,/^}$/p" "$REPO_ROOT/docs/serve.md" >example.conf &&
	test_grep "proxy_set_header X-Real-IP" example.conf &&
	sed -e "s|/etc/ssl/cutover/cert.pem|@DIR@/cert.pem|" \
		-e "s|/etc/ssl/cutover/key.pem|@DIR@/key.pem|" \
		-e "s|listen 443 ssl http2;|listen 127.0.0.1:@PORT@ ssl http2;|" \
		-e "s|127.0.0.1:8080|@UPSTREAM@|" \
		-e "s|^worker_processes.*|worker_processes 1; user root; pid @DIR@/nginx/nginx.pid; error_log @DIR@/nginx/logs/error.log;|" \
		-e "s|access_log .*;|access_log @DIR@/nginx/logs/access.log;|" \
		-e "s|http {|http { client_body_temp_path @DIR@/nginx/tmp; proxy_temp_path @DIR@/nginx/tmp;|" \
		example.conf >nginx.conf.in &&
	test_grep "@PORT@" nginx.conf.in
'

test_expect_success NGINX 'through nginx: HTTPS outside, a Secure cookie, the phone'\''s address in the access log' '
	port=$(free_port) &&
	PUBLIC=https://127.0.0.1:$port &&
	serve_start --trust-proxy --access-log access.log --base-url "$PUBLIC" &&
	nginx_start "$port" &&
	webh head --http1.1 --cacert cert.pem -o /dev/null -H "Origin: $PUBLIC" \
		--data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=Lê Minh Tuấn" "$PUBLIC/login" &&
	test_grep "^HTTP/1.1 303" head &&
	test_grep -i "^Set-Cookie: cutover_session=.*; Secure" head &&
	sed -n "s/^Set-Cookie: \(cutover_session=[^;]*\);.*/\1/Ip" head >cookie &&
	web --http1.1 --cacert cert.pem -o page -H "Cookie: $(cat cookie)" "$PUBLIC/u/dai-son" &&
	test_grep "<h1>Xã Đại Sơn</h1>" page &&
	test_grep "^[^ ]* 127.0.0.1 POST \"/login\" 303" access.log
'

test_expect_success NGINX 'a form posted to the inner address, or naming another origin, is refused' '
	web -o /dev/null -w "%{http_code}\n" -H "Origin: $SERVE_URL" \
		--data-urlencode "token=$(cat dai-son.token)" \
		--data-urlencode "person=X" "$SERVE_URL/login" >code &&
	echo 403 >expect && test_cmp expect code
'

test_expect_success NGINX 'a sign-off through nginx is the same event; nginx refuses a body over its limit itself' '
	csrf=$(web --http1.1 --cacert cert.pem -H "Cookie: $(cat cookie)" "$PUBLIC/t/fee-review%40dai-son" |
		sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" | sed -n 1p) &&
	webh head --http1.1 --cacert cert.pem -o /dev/null -H "Origin: $PUBLIC" -H "Cookie: $(cat cookie)" \
		--data-urlencode action=block --data-urlencode "csrf=$csrf" \
		--data-urlencode "reason=Chưa có tài khoản" "$PUBLIC/t/fee-review%40dai-son/move" &&
	test_grep -i "^Location: /t/fee-review%40dai-son/ack/" head &&
	sqlite3 .cutover/state.db "select kind, substr(auth, 1, 5) from events
		where task_key = \"fee-review@dai-son\"" >actual &&
	echo "blocked|unit:" >expect && test_cmp expect actual &&
	head -c 12000000 /dev/zero | tr "\0" a >big &&
	web --http1.1 --cacert cert.pem -o /dev/null -w "%{http_code}\n" -H "Origin: $PUBLIC" \
		--data-binary @big "$PUBLIC/login" >code &&
	echo 413 >expect && test_cmp expect code
'

test_expect_success NGINX 'both stop cleanly; the ledger verifies' '
	nginx_stop && serve_stop && test "$SERVE_STATUS" = 0 &&
	cutover verify >out && test_grep "^ledger ok" out
'

test_done
