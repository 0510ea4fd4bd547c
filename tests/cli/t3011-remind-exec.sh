#!/bin/sh
test_description='remind --exec: any channel through a hook; reminders { } and the configuration'
. "$(dirname "$0")/lib.sh"

# The mini runbook with a schedule, and a registry whose hub has an
# e-mail contact (units/mini.yaml: ttpvhcc@example.vn).
setup_mini () {
	mkdir -p rb && cp -R "$TEST_DATA/units" rb/ &&
	sed '/^section { id = "s1"/i\
reminders { at = { "08:00", "18:00" }, every = "4h", from = "T-1d", to = "T+2d",\
            within = "3h", period = "12h", daily_report = true }
' "$TEST_DATA/mini.lua" >rb/mini.lua &&
	cutover init >/dev/null &&
	CUTOVER_NOW="2026-05-29 07:00" cutover start --rehearsal --name drill \
		rb/mini.lua >/dev/null
}

# The hook: records each call's input and environment in calls/N.
cat >hook.sh <<\EOF
#!/bin/sh
n=$(ls calls 2>/dev/null | wc -l)
mkdir -p calls/$n
cat >calls/$n/message
env | grep '^CUTOVER_' | sort >calls/$n/env
echo "hook: delivered to $CUTOVER_UNIT"
test "$CUTOVER_UNIT" != "${HOOK_FAILS:-}" || exit 3
EOF
chmod +x hook.sh

test_expect_success 'setup: the mini run, a hook that records its calls' '
	setup_mini &&
	printf "[unit \"dai-son\"]\n\tphone = 0912000111\n" >.cutover/config
'

test_expect_success 'one call per message; the environment as documented' '
	CUTOVER_SMTP_PASSWORD=never-given CUTOVER_TOKEN= \
	CUTOVER_BASE_URL=https://cutover.example CUTOVER_NOW="2026-05-29 21:30" \
		cutover remind --late --exec ./hook.sh >out 2>err &&
	test_grep "messages: 3 sent, 0 not sent" out &&
	test "$(ls calls | wc -l)" = 3 &&
	test_grep "^hook: delivered to dai-son$" err &&
	test_grep -v "hook: delivered" out &&
	for d in calls/*; do
		test_grep "^CUTOVER_PURPOSE=remind$" $d/env &&
		test_grep "^CUTOVER_RUN=drill$" $d/env &&
		test_grep "^CUTOVER_SUBJECT=\[DIỄN TẬP\] \[Nhắc việc\] " $d/env &&
		id=$(sed -n "s/^CUTOVER_MESSAGE_ID=//p" $d/env) &&
		test_grep "^Message-ID: <$id>" $d/message &&
		test_grep -v "CUTOVER_SMTP_PASSWORD" $d/env || return 1
	done &&
	grep -l "^CUTOVER_UNIT=dai-son$" calls/*/env >f &&
	d=$(dirname $(cat f)) &&
	test_grep "^CUTOVER_UNIT_NAME=Xã Đại Sơn$" $d/env &&
	test_grep "^CUTOVER_PHONE=0912000111$" $d/env &&
	test_grep "^CUTOVER_TO=$" $d/env &&
	test_grep "^CUTOVER_LINK=https://cutover.example/u/dai-son$" $d/env &&
	test_grep "^To: undisclosed-recipients:;" $d/message &&
	grep -l "^CUTOVER_UNIT=ttpvhcc$" calls/*/env >f &&
	test_grep "^CUTOVER_TO=ttpvhcc@example.vn$" $(cat f)
'

test_expect_success 'the hook got the message whole, the same bytes the ledger hashed' '
	for d in calls/*; do
		u=$(sed -n "s/^CUTOVER_UNIT=//p" $d/env) &&
		h=$(b2sum -l 256 $d/message | cut -d" " -f1) &&
		test "$(db_query "select count(*) from events where kind = '"'message'"'
			and unit_id = '"'\$u'"'
			and json_extract(evidence, '"'\$.hash'"') = '"'\$h'"'
			and json_extract(evidence, '"'\$.channel'"') = '"'exec'"'")" = 1 || return 1
	done
'

test_expect_success 'within the period nothing is handed again' '
	CUTOVER_NOW="2026-05-29 21:35" cutover remind --late --exec ./hook.sh >out &&
	test_grep "messages: 0 sent, 0 not sent, 0 without an address, 3 already sent" out &&
	test "$(ls calls | wc -l)" = 3
'

test_expect_success 'a hook that fails for one unit: that one reported and retried, no other held up' '
	CUTOVER_NOW="2026-05-30 10:00" HOOK_FAILS=so-tai-chinh test_expect_code 1 \
		"$CUTOVER" remind --late --exec ./hook.sh >out 2>err &&
	test_grep "^NOT SENT to Sở Tài chính: .*exited with status 3; it will be tried again" out &&
	test_grep "^sent to Xã Đại Sơn (event" out &&
	CUTOVER_NOW="2026-05-30 10:00" cutover remind --late --exec ./hook.sh >out &&
	test_grep "^sent to Sở Tài chính (event" out &&
	test_grep "messages: 1 sent, 0 not sent, 0 without an address, 2 already sent" out &&
	cutover verify >/dev/null
'

test_expect_success 'dry run: printed, no hook called, nothing recorded' '
	n=$(event_count) &&
	CUTOVER_NOW="2026-05-31 09:00" cutover remind --dry-run --exec ./hook.sh >out &&
	test_grep "^--- message to Xã Đại Sơn ---$" out &&
	test_grep "^Subject: \[DIỄN TẬP\] \[Nhắc việc\] Xã Đại Sơn: " out &&
	test_grep "^Kính gửi: Xã Đại Sơn$" out &&
	test "$(event_count)" = "$n" &&
	test "$(ls calls | wc -l)" = 7
'

test_expect_success 'English on request' '
	CUTOVER_NOW="2026-05-31 09:00" cutover remind --dry-run --lang en --unit dai-son >out &&
	test_grep "^Subject: \[REHEARSAL\] \[Reminder\] Xã Đại Sơn: 3 late$" out &&
	test_grep "^LATE TASKS (3)$" out &&
	test_grep "^   Due: 2026-05-29 10:00, 1 day 23 hours late$" out
'

test_expect_success 'without an address and without a hook: said per unit, exit 1' '
	CUTOVER_MAIL_FROM=hub@example.vn CUTOVER_SMTP_URL=smtp://127.0.0.1:9 \
	CUTOVER_NOW="2026-05-30 09:00" test_expect_code 1 "$CUTOVER" remind --unit dai-son >out &&
	test_grep "^NO ADDRESS for Xã Đại Sơn (dai-son): give it one" out
'

test_expect_success 'no mail server, no sender: one error, nothing recorded' '
	n=$(event_count) &&
	test_must_fail cutover remind 2>err &&
	test_one_error err "no mail server: set CUTOVER_SMTP_URL" &&
	CUTOVER_SMTP_URL=smtp://127.0.0.1:9 test_must_fail "$CUTOVER" remind 2>err &&
	test_one_error err "no sender: set CUTOVER_MAIL_FROM" &&
	CUTOVER_SMTP_URL=smtp://user:pw@127.0.0.1:9 test_must_fail "$CUTOVER" remind 2>err &&
	test_one_error err "is not an SMTP server" &&
	test "$(event_count)" = "$n"
'

test_expect_success 'bad usage exits 2, an unknown unit 1, each named' '
	test_expect_code 2 cutover remind --due-within 2x 2>err &&
	test_one_error err "--due-within" "cannot parse" &&
	test_expect_code 2 cutover remind --late --due-within 2h 2>err &&
	test_one_error err "exclude each other" &&
	test_expect_code 1 cutover remind --unit nowhere --dry-run 2>err &&
	test_one_error err "no unit '"'nowhere'"'" &&
	test_expect_code 2 cutover report readiness --send 2>err &&
	test_one_error err "for the daily report"
'

test_expect_success 'a bad configuration is named, file and variable' '
	cp .cutover/config saved &&
	printf "[smtp]\n\turl = smtp://127.0.0.1:9\n\tusr = x\n" >>.cutover/config &&
	test_must_fail cutover remind 2>err &&
	test_one_error err ".cutover/config: variable '"'smtp.usr'"' is unknown" &&
	cp saved .cutover/config &&
	printf "[unit \"chu\"]\n\temail = not-an-address\n" >>.cutover/config &&
	test_must_fail cutover remind 2>err &&
	test_one_error err "variable '"'unit.chu.email'"': '"'not-an-address'"' is not an e-mail address" &&
	printf "[unit\n" >.cutover/config &&
	test_must_fail cutover remind 2>err &&
	test_one_error err "reading the configuration" &&
	cp saved .cutover/config
'

test_expect_success 'a run that requires tokens: only the coordinator sends' '
	mkdir tok && cd tok &&
	cutover init >/dev/null &&
	CUTOVER_NOW="2026-05-29 07:00" cutover start --rehearsal --require-tokens \
		"$TEST_DATA/mini.lua" >started &&
	coord=$(sed -n "s/.*\(cut_[0-9a-f]*_[A-Za-z0-9_-]*\).*/\1/p" started | head -n 1) &&
	test -n "$coord" &&
	CUTOVER_NOW="2026-05-29 18:00" test_must_fail "$CUTOVER" remind --late --exec ../hook.sh 2>err &&
	test_one_error err "requires a token to send messages" &&
	CUTOVER_NOW="2026-05-29 18:00" cutover remind --late --exec ../hook.sh --token "$coord" >out &&
	test_grep "messages: 2 sent" out &&
	cutover verify >/dev/null
'

test_expect_success 'reminders { }: a bad field is named, file, line and field' '
	sed "s/every = \"4h\"/every = \"4x\"/" rb/mini.lua >rb/bad.lua &&
	test_must_fail cutover check rb/bad.lua 2>err &&
	test_one_error err "rb/bad.lua:" "reminders" "every" "cannot parse '"'4x'"'" &&
	sed "s/at = { \"08:00\", \"18:00\" }, every = \"4h\", //" rb/mini.lua >rb/bad.lua &&
	test_must_fail cutover check rb/bad.lua 2>err &&
	test_one_error err "say when" &&
	sed "s/period = \"12h\"/perod = \"12h\"/" rb/mini.lua >rb/bad.lua &&
	test_must_fail cutover check rb/bad.lua 2>err &&
	test_one_error err "unknown field '"'perod'"' (did you mean '"'period'"'?)"
'

test_expect_success 'the runbook'"'"'s period and within are the defaults' '
	CUTOVER_NOW="2026-05-30 07:00" cutover remind --dry-run --unit so-tai-chinh >out &&
	test_grep "NHIỆM VỤ SẮP ĐẾN HẠN (trong 3 giờ tới)" out ||
	test_grep "NHIỆM VỤ ĐÃ TRỄ HẠN" out
'

test_expect_success 'report daily --send through the hook: the recipient'"'"'s part, once' '
	rm -rf calls &&
	CUTOVER_NOW="2026-05-30 16:05" cutover report daily --send --exec ./hook.sh >out 2>err &&
	test_grep "^sent to " out &&
	for d in calls/*; do
		test_grep "^CUTOVER_PURPOSE=daily-report$" $d/env || return 1
	done &&
	n=$(ls calls | wc -l) &&
	CUTOVER_NOW="2026-05-30 16:30" cutover report daily --send --exec ./hook.sh >out &&
	test_grep "messages: 0 sent" out &&
	test "$(ls calls | wc -l)" = "$n"
'

test_done
