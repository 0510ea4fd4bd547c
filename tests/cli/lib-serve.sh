# tests/cli/lib-serve.sh -- helpers for the tests of `cutover serve`,
# sourced after lib.sh.
#
# A server always listens on 127.0.0.1 on a port the kernel chooses
# (--listen 127.0.0.1:0), read back from what serve prints, so that
# parallel test runs never collide; every server a script starts is
# stopped by the script, at the latest when it exits.
#
#	serve_start [ARGS...]	starts `cutover serve` in the current folder
#				(its output in serve.out, its access log in
#				serve.log); sets SERVE_PID, SERVE_URL
#	serve_stop		SIGTERM, then waits for the exit (status in
#				SERVE_STATUS); SIGKILL after 60 s
#	web ARGS...		curl with a time limit, no proxy, silent
#	webh FILE ARGS...	the same, the response's headers in FILE
#				(without their carriage returns)
#	web_login JAR TOKEN [PERSON]	logs in with TOKEN, the session in JAR
#	web_csrf JAR PATH	prints the CSRF field of the page at PATH

command -v curl >/dev/null 2>&1 && test_set_prereq CURL
# SQLITE3_CURL: a server tried with curl, its database read with sqlite3.
test_have_prereq SQLITE3 && test_have_prereq CURL && test_set_prereq SQLITE3_CURL

SERVE_PID=
SERVE_URL=

serve_start () {
	rm -f serve.out
	"$CUTOVER" serve --listen 127.0.0.1:0 "$@" >serve.out 2>serve.log &
	SERVE_PID=$!
	# Up to 60 s for the line that names the port (a slow sanitizer build).
	serve_i=0
	while ! grep -q "://127.0.0.1:[0-9]*/" serve.out 2>/dev/null
	do
		if ! kill -0 "$SERVE_PID" 2>/dev/null || test $serve_i -ge 600
		then
			echo >&4 "serve_start: the server did not start:"
			cat >&4 serve.out serve.log 2>/dev/null
			SERVE_PID=
			return 1
		fi
		sleep 0.1
		serve_i=$((serve_i + 1))
	done
	SERVE_URL=$(sed -n 's|.*\(https*://127\.0\.0\.1:[0-9]*\)/.*|\1|p' serve.out)
	test -n "$SERVE_URL"
}

serve_stop () {
	test -n "$SERVE_PID" || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null
	serve_i=0
	while kill -0 "$SERVE_PID" 2>/dev/null && test $serve_i -lt 600
	do
		sleep 0.1
		serve_i=$((serve_i + 1))
	done
	kill -KILL "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID"
	SERVE_STATUS=$?
	SERVE_PID=
	return 0
}

# Whatever happens, no server outlives its script.
trap 'serve_stop; test_cleanup_' EXIT

web () {
	curl --silent --show-error --noproxy '*' --max-time 60 "$@"
}

webh () {
	webh_file_=$1
	shift
	web -D "$webh_file_.raw" "$@" &&
	tr -d "\r" <"$webh_file_.raw" >"$webh_file_"
}

web_login () {
	web -c "$1" -o /dev/null -w '%{http_code}' -H "Origin: $SERVE_URL" \
		--data-urlencode "token=$2" \
		--data-urlencode "person=${3:-Nguyễn Văn An}" "$SERVE_URL/login"
}

web_csrf () {
	web -b "$1" "$SERVE_URL$2" |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | sed -n 1p
}
