# tests/cli/lib-smtp.sh -- a real SMTP server for the reminder tests,
# sourced after lib.sh.
#
#	smtpd_start [ARGS...]	starts tests/cli/smtpd.py on 127.0.0.1 at a
#				port the system picks (no two parallel runs
#				collide), spooling to ./spool of the current
#				folder, $SMTPD_SPOOL (ARGS: --refuse
#				ADDR, --tls CERT KEY, --auth USER PASS), and
#				exports CUTOVER_SMTP_URL
#	smtpd_stop		stops it (also done at exit, always)
#	mail_count		how many messages the spool holds
#	mail_show FILE		prints a spooled message decoded: its
#				envelope, headers (encoded-words decoded) and
#				body, and fails unless it is well formed
#
# Prerequisite AIOSMTPD: a python3 with Debian's python3-aiosmtpd
# (scripts/install-deps installs it).

SMTPD_PYTHON=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	   "$p" -c 'import aiosmtpd' >/dev/null 2>&1; then
		SMTPD_PYTHON=$p
		break
	fi
done
test -n "$SMTPD_PYTHON" && test_set_prereq AIOSMTPD
# TLS_SMTPD: the server can offer STARTTLS with a certificate made here.
test -n "$SMTPD_PYTHON" && command -v openssl >/dev/null 2>&1 &&
	test_set_prereq TLS_SMTPD

SMTPD_PID=
trap 'smtpd_stop; test_cleanup_' EXIT

smtpd_start () {
	smtpd_stop
	SMTPD_SPOOL=$PWD/spool
	mkdir -p "$SMTPD_SPOOL" || return 1
	rm -f "$TRASH_DIRECTORY/smtpd.port" || return 1
	# Alone on its line: "a && b &" would put a and b in the background.
	"$SMTPD_PYTHON" "$TEST_DIRECTORY/smtpd.py" \
		--spool "$SMTPD_SPOOL" \
		--port-file "$TRASH_DIRECTORY/smtpd.port" "$@" \
		</dev/null >"$TRASH_DIRECTORY/smtpd.log" 2>&1 &
	SMTPD_PID=$!
	# Poll with a generous bound: a loaded machine starts python slowly.
	smtpd_tries_=0
	while ! test -s "$TRASH_DIRECTORY/smtpd.port"; do
		smtpd_tries_=$((smtpd_tries_ + 1))
		if test "$smtpd_tries_" -gt 600 ||
		   ! kill -0 "$SMTPD_PID" 2>/dev/null; then
			echo >&4 "smtpd did not start:"
			cat >&4 "$TRASH_DIRECTORY/smtpd.log"
			return 1
		fi
		sleep 0.1
	done
	CUTOVER_SMTP_URL=smtp://127.0.0.1:$(cat "$TRASH_DIRECTORY/smtpd.port")
	export CUTOVER_SMTP_URL
}

smtpd_stop () {
	if test -n "$SMTPD_PID"; then
		kill "$SMTPD_PID" 2>/dev/null
		wait "$SMTPD_PID" 2>/dev/null
		SMTPD_PID=
	fi
	return 0
}

mail_count () {
	ls "$SMTPD_SPOOL" 2>/dev/null | grep -c '\.eml$'
}

# mail_recipients : the envelope recipients of the spooled messages, sorted.
mail_recipients () {
	for j in "$SMTPD_SPOOL"/*.json; do
		"$SMTPD_PYTHON" -c 'import json, sys
print("\n".join(json.load(open(sys.argv[1]))["to"]))' "$j" || return 1
	done | sort
}

mail_show () {
	"$SMTPD_PYTHON" "$TEST_DIRECTORY/mailshow.py" "$@"
}
