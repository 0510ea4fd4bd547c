#!/bin/sh
test_description='remind and report daily --send through a real SMTP server'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-smtp.sh"

RB=$RUNBOOKS/bac-ninh.lua

# The demo's evening (scripts/demo): every unit of part 1 names its focal
# point but those whose fixed place in the evening is 85 or more, which
# are late at 18:00 with TTPVHCC's compilation of them.
bucket () { echo $(( $(printf '%s' "$1" | cksum | cut -d' ' -f1) % 100 )); }

# Every unit of the registry gets an address of its own.
write_config () {
	{
		printf '[mail]\n\tfrom = "TTPVHCC tỉnh <ttpvhcc@tinh.example>"\n'
		for u in $(sed -n 's/.*{id: \([a-z0-9-]*\),.*/\1/p' \
				"$RUNBOOKS/units/bac-ninh.yaml"); do
			printf '[unit "%s"]\n\temail = %s@units.example\n' "$u" "$u"
		done
	} >.cutover/config
}

demo_evening () {
	cutover init >/dev/null &&
	CUTOVER_NOW="2026-05-29 07:00" cutover start --rehearsal \
		--name dien-tap "$RB" >/dev/null &&
	CUTOVER_NOW="2026-05-29 07:30" cutover sign \
		focal-guidance@trung-tam-phuc-vu-hanh-chinh-cong-tinh \
		--by "Nguyễn Thu Hà" --evidence reference="HD 15" >/dev/null &&
	cutover --json plan "$RB" >plan.json &&
	grep -o '"key":"focal-point@[a-z0-9-]*"' plan.json |
		sed 's/.*@//; s/"$//' >owners &&
	echo "task,by,time,name,position,phone" >focal.csv &&
	: >late &&
	for u in $(cat owners); do
		if test "$(bucket "$u")" -lt 85; then
			echo "focal-point@$u,Văn thư,2026-05-29 09:00,Cán bộ $u,Văn phòng,0912345678" >>focal.csv
		else
			echo "$u" >>late
		fi
	done &&
	echo trung-tam-phuc-vu-hanh-chinh-cong-tinh >>late &&
	CUTOVER_NOW="2026-05-29 14:00" cutover import signoffs focal.csv >/dev/null &&
	CUTOVER_NOW="2026-05-29 15:00" cutover sign police-direction@cong-an-tinh \
		--by "PC06" --evidence reference="KH 214" >/dev/null &&
	CUTOVER_NOW="2026-05-29 15:30" cutover sign \
		risk-assessment@so-khoa-hoc-va-cong-nghe --by "CNTT" \
		--evidence high_risks=1 \
		--attach assessment="$RUNBOOKS/samples/risk-assessment.md" \
		--evidence mitigations="Tăng băng thông" >/dev/null &&
	write_config
}

test_expect_success AIOSMTPD 'the demo evening at 18:00: 16 units late' '
	demo_evening &&
	test_line_count = 16 late &&
	CUTOVER_NOW="2026-05-29 18:00" cutover --json next >next.json &&
	smtpd_start
'

test_expect_success AIOSMTPD 'remind --late: each late unit one message, at its address' '
	CUTOVER_NOW="2026-05-29 18:00" cutover remind --late >out 2>err &&
	test_grep "messages: 16 sent, 0 not sent" out &&
	test "$(mail_count)" = 16 &&
	mail_recipients >got &&
	sed "s/$/@units.example/" late | sort >want &&
	test_cmp want got
'

test_expect_success AIOSMTPD 'each message is in Vietnamese and lists the unit'"'"'s late tasks' '
	for f in spool/*.eml; do
		mail_show "$f" "${f%.eml}.json" >shown || return 1
		u=$(sed -n "s/^envelope-to: \(.*\)@units.example$/\1/p" shown)
		test_grep -i "^Content-Type: text/plain; charset=\"utf-8\"$" shown &&
		test_grep "^Subject: \[DIỄN TẬP\] \[Nhắc việc\] .*: 1 nhiệm vụ đã trễ hạn$" shown &&
		test_grep "^Kính gửi: " shown &&
		test_grep "^NHIỆM VỤ ĐÃ TRỄ HẠN (1)$" shown &&
		test_grep "^Message-ID: <[0-9a-f]\{32\}@tinh.example>$" shown &&
		test_grep "^Date: Fri, 29 May 2026 18:00:00 +0700$" shown &&
		test_grep "^From: TTPVHCC tỉnh <ttpvhcc@tinh.example>$" shown &&
		test_grep -v "NHIỆM VỤ SẮP ĐẾN HẠN" shown || return 1
		if test "$u" = trung-tam-phuc-vu-hanh-chinh-cong-tinh; then
			test_grep "mã focal-compile@$u$" shown || return 1
		else
			test_grep "mã focal-point@$u$" shown &&
			test_grep "Hạn: 29/05/2026 10:00, đã trễ 8h 00m" shown &&
			test_grep "^1\. Cử cán bộ đầu mối" shown || return 1
		fi
	done
'

test_expect_success AIOSMTPD 'every delivery is a sealed event: recipient, subject, hash, result' '
	test "$(db_query "select count(*) from events where kind = '"'message'"'
		and json_extract(evidence, '"'\$.result'"') = '"'sent'"'")" = 16 &&
	db_query "select json_extract(evidence, '"'\$.to'"') || '"' '"' ||
		json_extract(evidence, '"'\$.hash'"') from events
		where kind = '"'message'"'" >hashes &&
	for f in spool/*.eml; do
		to=$("$SMTPD_PYTHON" -c "import json,sys; print(json.load(open(sys.argv[1]))[\"to\"][0])" "${f%.eml}.json") &&
		h=$(b2sum -l 256 "$f" | cut -d" " -f1) &&
		test_grep -x "$to $h" hashes || return 1
	done &&
	cutover verify >out &&
	test_grep "^ledger ok: 118 events" out
'

test_expect_success AIOSMTPD 'a second call within the period sends nothing' '
	CUTOVER_NOW="2026-05-29 18:00" cutover remind --late >out &&
	test_grep "messages: 0 sent, 0 not sent, 0 without an address, 16 already sent," out &&
	test_grep "^already sent to Xã Kép <kep@units.example> within the last 6h 00m$" out &&
	test "$(mail_count)" = 16
'

test_expect_success AIOSMTPD 'a task newly due is a new thing: reminded, with what is late' '
	CUTOVER_NOW="2026-05-29 16:00" cutover remind --unit dai-son --late >out &&
	test_grep "nothing is late" out &&
	CUTOVER_NOW="2026-05-29 18:01" cutover remind --unit bao-dai --late >out &&
	test_grep "messages: 1 sent" out &&
	mail_show spool/0017.eml >shown &&
	test_grep "^NHIỆM VỤ ĐÃ TRỄ HẠN (4)$" shown &&
	test_grep "mã focal-point@bao-dai$" shown &&
	test_grep "mã account-review@bao-dai$" shown &&
	CUTOVER_NOW="2026-05-29 19:00" cutover remind --unit dai-son >out &&
	test_grep "messages: 1 sent" out &&
	test "$(mail_count)" = 18 &&
	mail_show spool/0018.eml >shown &&
	test_grep "NHIỆM VỤ SẮP ĐẾN HẠN (trong 2h 00m tới)" shown &&
	test_grep "NHIỆM VỤ ĐÃ TRỄ HẠN" shown
'

test_expect_success AIOSMTPD 'after the period the same late task is reminded again' '
	CUTOVER_NOW="2026-05-30 00:01" cutover remind --late --unit bao-dai >out &&
	test_grep "messages: 1 sent" out
'

test_expect_success AIOSMTPD 'a refused recipient: reported, recorded failed, the others delivered' '
	mkdir refuse && cd refuse && demo_evening &&
	smtpd_start --refuse bao-dai@units.example &&
	CUTOVER_NOW="2026-05-29 18:00" test_expect_code 1 \
		"$CUTOVER" remind --late >out 2>err &&
	test_grep "NOT SENT to Xã Bảo Đài <bao-dai@units.example>: .*550.*tried again" out &&
	test_grep "messages: 15 sent, 1 not sent" out &&
	test "$(mail_count)" = 15 &&
	mail_recipients >got &&
	test_grep -v -x "bao-dai@units.example" got &&
	test "$(db_query "select count(*) from events where kind = '"'message'"'
		and unit_id = '"'bao-dai'"'
		and json_extract(evidence, '"'\$.result'"') = '"'failed'"'")" = 1
'

test_expect_success AIOSMTPD 'the next call retries the refused one only' '
	cd refuse && rm -rf spool && smtpd_start &&
	CUTOVER_NOW="2026-05-29 18:00" cutover remind --late >out &&
	test_grep "^sent to Xã Bảo Đài <bao-dai@units.example>" out &&
	test_grep "messages: 1 sent, 0 not sent, 0 without an address, 15 already sent" out &&
	test "$(mail_count)" = 1 &&
	cutover verify >/dev/null
'

test_expect_success AIOSMTPD 'a server that cannot be reached: each unit reported, nothing else held up' '
	cd refuse && smtpd_stop &&
	CUTOVER_NOW="2026-05-30 00:30" test_expect_code 1 \
		"$CUTOVER" remind --late >out &&
	test_grep "NOT SENT to Xã Chi Lăng <chi-lang@units.example>" out &&
	test "$(grep -c "^NOT SENT to " out)" -gt 16 &&
	test_grep -v "^sent to" out &&
	CUTOVER_NOW="2026-05-30 00:31" cutover sign focal-point@chi-lang --by X \
		--evidence name=A --evidence position=B \
		--evidence phone=0912345678 >/dev/null &&
	cutover verify >/dev/null
'

# ---- the daily report, routed ----

test_expect_success AIOSMTPD 'the units'"'"' 16:00 reports of 30/05 go in' '
	rm -rf spool && smtpd_start &&
	for u in dai-son chu so-tai-chinh; do
		CUTOVER_NOW="2026-05-30 10:00" cutover sign "daily-report@$u#2026-05-30" \
			--by "Văn phòng $u" --evidence summary="Bình thường" >/dev/null || return 1
	done
'

test_expect_success AIOSMTPD 'report daily --send at 16:05: each commune police its own part' '
	CUTOVER_NOW="2026-05-30 16:05" cutover report daily --send >out &&
	test_grep "^not yet for Công an tỉnh Bắc Ninh: its reports are due until 2026-05-30 17:00$" out &&
	n=$(grep -c "^sent to Công an " out) &&
	test "$n" = "$(mail_count)" &&
	test "$n" -gt 90 &&
	mail_recipients >got &&
	test_grep -x "ca-dai-son@units.example" got &&
	test_grep -x "ca-chu@units.example" got &&
	test_grep -v -x "cong-an-tinh@units.example" got &&
	for f in spool/*.eml; do
		mail_show "$f" "${f%.eml}.json" >shown || return 1
		if grep -q "envelope-to: ca-dai-son@" shown; then
			cp shown dai-son.txt
		fi
	done &&
	test_grep "^Subject: \[DIỄN TẬP\] \[Báo cáo hằng ngày\] 30/05/2026 – gửi Công an xã Đại Sơn$" dai-son.txt &&
	test_grep "^## Gửi: Công an xã Đại Sơn" dai-son.txt &&
	test_grep "^| Xã Đại Sơn | hoàn thành lúc 30/05/2026 10:00, bởi Văn phòng dai-son | " dai-son.txt &&
	test_grep -v "Xã Chũ" dai-son.txt
'

test_expect_success AIOSMTPD 'at 17:05 the provincial police gets the departments'"'"' part, once' '
	before=$(mail_count) &&
	CUTOVER_NOW="2026-05-30 17:05" cutover report daily --send >out &&
	test_grep "^sent to Công an tỉnh Bắc Ninh <cong-an-tinh@units.example>" out &&
	test_grep "^sent to Các Bộ chủ quản .* <bo-chu-quan@units.example>" out &&
	test_grep "^not yet for Chủ tịch UBND tỉnh Bắc Ninh: its reports are due until 2026-05-30 18:00$" out &&
	test "$(mail_count)" = $((before + 2)) &&
	CUTOVER_NOW="2026-05-30 17:30" cutover report daily --send >out &&
	test_grep "messages: 0 sent" out &&
	test "$(mail_count)" = $((before + 2))
'

# ---- credentials, STARTTLS ----

test_expect_success TLS_SMTPD 'STARTTLS and a login: used, and the password never shown or sealed' '
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		>/dev/null 2>&1 &&
	rm -rf spool && smtpd_start --tls cert.pem key.pem --auth ttpvhcc "s3cr3t-Pa55" &&
	CUTOVER_SMTP_USER=ttpvhcc CUTOVER_SMTP_PASSWORD=s3cr3t-Pa55 \
	CUTOVER_SMTP_CA_FILE=$PWD/cert.pem CUTOVER_NOW="2026-05-30 18:00" \
		cutover remind --late --unit kep >out 2>err &&
	test_grep "messages: 1 sent" out &&
	test_grep "\"tls\": true" spool/0001.json &&
	sqlite3 .cutover/state.db .dump >dump &&
	test_grep -v "s3cr3t" out &&
	test_grep -v "s3cr3t" err &&
	test_grep -v "s3cr3t" dump
'

test_expect_success TLS_SMTPD 'a wrong password: refused, reported, nothing leaked' '
	CUTOVER_SMTP_USER=ttpvhcc CUTOVER_SMTP_PASSWORD=wrong-Pa55 \
	CUTOVER_SMTP_CA_FILE=$PWD/cert.pem CUTOVER_NOW="2026-05-31 06:00" \
		test_expect_code 1 "$CUTOVER" remind --late --unit kep >out 2>err &&
	test_grep "NOT SENT to Xã Kép" out &&
	test_grep -v "wrong-Pa55" out &&
	test_grep -v "wrong-Pa55" err
'

test_expect_success AIOSMTPD 'a password in a config others may read is refused' '
	cp .cutover/config config.saved &&
	printf "[smtp]\n\tpassword = x\n" >>.cutover/config &&
	chmod 644 .cutover/config &&
	test_must_fail cutover remind --late 2>err &&
	test_one_error err "holds smtp.password but others may read it" &&
	chmod 600 .cutover/config &&
	cutover remind --late --dry-run >/dev/null;
	cp config.saved .cutover/config
'

# ---- what a unit or a runbook writes never splits a header ----

test_expect_success AIOSMTPD 'a unit name and a task title with CR/LF stay inside their header' '
	rm -rf spool && smtpd_start &&
	mkdir inject && (
		cd inject && mkdir units &&
		cat >units/u.yaml <<-\EOF &&
		units:
		  - id: hub
		    name: "Hub"
		    kind: office
		  - id: evil
		    name: "Xã Ác\r\nBcc: victim@else.example\r\n\r\nInjected body"
		    kind: commune
		    contacts: {email: evil@units.example}
		EOF
		cat >rb.lua <<-\EOF &&
		runbook { id = "inject", title = "Inject\r\nX-Evil: 1", t0 = "2026-05-29 22:00",
		          units = "units/u.yaml" }
		section { id = "s", title = "S" }
		step { id = "a", title = "Title\r\nBcc: other@else.example", owners = kinds { "commune" },
		       report_to = "hub", due = "T-12h" }
		EOF
		"$CUTOVER" init >/dev/null &&
		CUTOVER_NOW="2026-05-29 07:00" "$CUTOVER" start --rehearsal rb.lua >/dev/null &&
		CUTOVER_MAIL_FROM=hub@units.example CUTOVER_NOW="2026-05-29 18:00" \
			"$CUTOVER" remind --late >out &&
		test_grep "messages: 1 sent" out
	) &&
	f=$(ls spool/*.eml | tail -n 1) &&
	mail_show "$f" "${f%.eml}.json" >shown &&
	test_grep -x "envelope-to: evil@units.example" shown &&
	test_grep -v "^Bcc:" shown &&
	test_grep -v "^X-Evil:" shown &&
	test_grep "^Subject: \[DIỄN TẬP\] \[Nhắc việc\] Xã Ác  Bcc: victim@else.example    Injected body: 1 nhiệm vụ đã trễ hạn$" shown &&
	test_grep "^To: .*Xã Ác.*Injected.* <evil@units.example>$" shown &&
	test_grep "^1\. Title  Bcc: other@else.example$" shown &&
	! grep -a "^Bcc" "$f"
'

test_done
