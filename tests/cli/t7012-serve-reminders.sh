#!/bin/sh
test_description='serve sends the runbook'"'"'s reminders { } through a real SMTP server, sealed with the coordinator'"'"'s token it was given'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-smtp.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

# Both libraries stop their server at exit; so does this script, both.
trap 'serve_stop; smtpd_stop; test_cleanup_' EXIT

test_have_prereq AIOSMTPD && test_have_prereq CURL && test_set_prereq SMTP_CURL
SQ="'"

# The mini runbook with a schedule (rounds at 08:00 and 18:00 and every
# 4 hours from T-1d), every unit with an address of its own.
setup_mini () {
	mkdir -p rb && cp -R "$TEST_DATA/units" rb/ &&
	sed '/^section { id = "s1"/i\
reminders { at = { "08:00", "18:00" }, every = "4h", from = "T-1d", to = "T+2d",\
            within = "3h", period = "12h" }
' "$TEST_DATA/mini.lua" >rb/mini.lua &&
	cutover init >/dev/null &&
	CUTOVER_NOW="2026-05-29 07:00" cutover start --rehearsal --name drill \
		"$@" rb/mini.lua >start.out &&
	{
		printf "[mail]\n\tfrom = \"TTPVHCC <ttpvhcc@tinh.example>\"\n" &&
		for u in ttpvhcc cong-an-tinh so-tai-chinh dai-son ca-dai-son
		do
			printf "[unit \"%s\"]\n\temail = %s@units.example\n" "$u" "$u"
		done
	} >.cutover/config
}

# wait_for FILE PATTERN : until FILE holds a line matching PATTERN
# (a generous bound: a loaded machine, a sanitizer build).
wait_for () {
	wait_i_=0
	while ! grep -q "$2" "$1" 2>/dev/null
	do
		if test $wait_i_ -ge 1200
		then
			echo >&4 "no line '$2' in $1 after 120 s:"
			cat >&4 "$1"
			return 1
		fi
		sleep 0.1
		wait_i_=$((wait_i_ + 1))
	done
}

messages () {
	sqlite3 .cutover/state.db "select count(*) from events where kind = ${SQ}message${SQ}"
}

test_expect_success SMTP_CURL 'at its start serve sends the round that is due, as remind would' '
	mkdir open && cd open &&
	setup_mini &&
	smtpd_start &&
	CUTOVER_NOW="2026-05-29 21:30" serve_start &&
	test_grep "^reminders: the runbook${SQ}s reminders { } are sent when due, checked every minute$" serve.out &&
	wait_for serve.out "^messages: [0-9]* sent" &&
	test_grep "^messages: 3 sent, 0 not sent, 0 without an address" serve.out &&
	test "$(mail_count)" = 3 &&
	test "$(messages)" = 3 &&
	sqlite3 .cutover/state.db "select distinct actor, json_extract(evidence, ${SQ}$.purpose${SQ}),
		json_extract(evidence, ${SQ}$.result${SQ}) from events where kind = ${SQ}message${SQ}" >actual &&
	echo "cutover serve|remind|sent" >expect &&
	test_cmp expect actual &&
	for f in spool/*.eml
	do
		mail_show "$f" "${f%.eml}.json" >shown || return 1
		test_grep "^Subject: \[DIỄN TẬP\] \[Nhắc việc\] " shown || return 1
	done
'

test_expect_success SMTP_CURL 'a restart sends nothing twice: the ledger decides' '
	cd open &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	CUTOVER_NOW="2026-05-29 21:40" serve_start &&
	test_grep "^reminders: " serve.out &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	test "$(mail_count)" = 3 &&
	test "$(messages)" = 3 &&
	cutover verify >out &&
	test_grep "^ledger ok" out
'

test_expect_success SMTP_CURL 'a run that requires tokens, no token: serve says at its start that it sends none' '
	mkdir tokens && cd tokens &&
	setup_mini --require-tokens &&
	tail -n 1 start.out >coordinator.token &&
	smtpd_start &&
	CUTOVER_NOW="2026-05-29 21:30" serve_start &&
	wait_for serve.log "reminders" &&
	test_grep "^cutover: reminders: run ${SQ}drill${SQ} requires tokens and serve was given no coordinator token (--token, \$CUTOVER_TOKEN): it sends none of the runbook${SQ}s reminders$" serve.log &&
	test_grep ! "^reminders: " serve.out &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	test "$(messages)" = 0 &&
	test "$(mail_count)" = 0
'

test_expect_success SMTP_CURL 'a unit'"'"'s token or a wrong one stops serve at its start, and is never echoed' '
	cd tokens &&
	cutover token issue --token "$(cat coordinator.token)" dai-son \
		>dai-son.token 2>/dev/null &&
	test_expect_code 1 cutover serve --listen 127.0.0.1:0 \
		--token "$(cat dai-son.token)" >out 2>err &&
	test_one_error err "is unit ${SQ}dai-son${SQ}${SQ}s; serve takes the coordinator${SQ}s" &&
	id=$(sed "s/^cut_\([0-9a-f]*\)_.*/\1/" coordinator.token) &&
	(
		CUTOVER_TOKEN=cut_${id}_$(printf %043d 0) &&
		export CUTOVER_TOKEN &&
		test_expect_code 1 cutover serve --listen 127.0.0.1:0 >out 2>err
	) &&
	test_one_error err "token" &&
	test_must_fail grep -F "$(printf %043d 0)" out err &&
	test "$(messages)" = 0
'

test_expect_success SMTP_CURL 'with the coordinator'"'"'s token ($CUTOVER_TOKEN) it sends, each message sealed with it' '
	cd tokens &&
	CUTOVER_TOKEN=$(cat coordinator.token) CUTOVER_NOW="2026-05-29 21:30" serve_start &&
	wait_for serve.out "^messages: [0-9]* sent" &&
	test_grep "^messages: 3 sent" serve.out &&
	test "$(mail_count)" = 3 &&
	id=$(sed "s/^cut_\([0-9a-f]*\)_.*/\1/" coordinator.token) &&
	sqlite3 .cutover/state.db "select distinct auth from events
		where kind = ${SQ}message${SQ}" >actual &&
	echo "coordinator:$id" >expect &&
	test_cmp expect actual &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	test_must_fail grep -F "$(sed "s/^cut_[0-9a-f]*_//" coordinator.token)" \
		serve.out serve.log &&
	cutover verify >out &&
	test_grep "^ledger ok" out
'

test_expect_success SMTP_CURL 'a mail server that is down: each message recorded as not sent (tried again at the next round); serve goes on serving' '
	mkdir down && cd down &&
	setup_mini &&
	CUTOVER_SMTP_URL=smtp://127.0.0.1:9 CUTOVER_NOW="2026-05-29 21:30" serve_start &&
	wait_for serve.out "^messages: " &&
	test_grep "^messages: 0 sent, 3 not sent" serve.out &&
	test "$(web -o /dev/null -w "%{http_code}" "$SERVE_URL/login")" = 200 &&
	serve_stop && test "$SERVE_STATUS" = 0 &&
	sqlite3 .cutover/state.db "select count(*) from events where kind = ${SQ}message${SQ}
		and json_extract(evidence, ${SQ}$.result${SQ}) = ${SQ}failed${SQ}" >failed &&
	echo 3 >expect &&
	test_cmp expect failed
'

test_done
