#!/bin/sh
test_description='every command in Vietnamese when the locale says so: help, refusals, acknowledgements, errors of files; --json and the ledger the same in any language'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-ledger.sh"

# in_vi CMD... : runs CMD with LANG=vi_VN.UTF-8 and no LC_ALL, as a
# coordinator's shell has them; the locale need not exist on this machine.
in_vi () {
	env -u LC_ALL LANG=vi_VN.UTF-8 "$@"
}

# in_c CMD... : runs CMD with LANG=C and no LC_ALL.
in_c () {
	env -u LC_ALL LANG=C "$@"
}

# Quotes in the patterns below are matched by '.', so that the tests
# need no quoting inside quotes (as t0004 does).

test_expect_success 'setup: a rehearsal of the test runbook, one of the roster runbook, one of the issue runbook' '
	mini_workspace mini &&
	mkdir duty issue &&
	(cd duty && cutover init >/dev/null &&
	 cutover start --rehearsal --name drill "$REPO_ROOT/tests/data/roster/duty.lua" >/dev/null) &&
	(cd issue && cutover init >/dev/null &&
	 cutover start --rehearsal --name drill "$REPO_ROOT/tests/data/issue/routed.lua" >/dev/null)
'

# Every command `cutover help` lists.
test_expect_success 'each command'\''s --help: usage in Vietnamese, all of it translated; in English otherwise' '
	for c in $(cutover help | sed -n "/^Commands:/,\$s/^  \([a-z][a-z-]*\) .*/\1/p")
	do
		in_vi "$CUTOVER" $c --help >vi.out &&
		cutover $c --help >en.out &&
		test_grep "^cách dùng: cutover" vi.out &&
		test_grep "^usage: cutover" en.out &&
		test_grep ! "^usage:" vi.out &&
		# Past the usage lines, no line of prose is left in English
		# (the examples'"'"' command lines are the same in every language).
		sed -n "/^\$/,\$p" en.out |
		awk "/^    [\$] /{ cmd = 1 } cmd { if (\$0 !~ /[\\\\]\$/) cmd = 0; next } { print }" |
		grep "[a-z][a-z]* [a-z][a-z]* [a-z][a-z]* [a-z]" >en.prose &&
		sed -n "/^\$/,\$p" vi.out >vi.prose &&
		if grep -F -x -f en.prose vi.prose >same
		then
			echo >&4 "cutover $c --help: left in English:" &&
			cat same >&4 &&
			return 1
		fi || return 1
	done
'

test_expect_success 'the first lines of sign, skip and import --help' '
	in_vi "$CUTOVER" sign --help >out &&
	test_grep "^cách dùng: cutover sign \[--by TÊN\] \[--evidence TRƯỜNG=GIÁ_TRỊ\]\.\.\.$" out &&
	in_vi "$CUTOVER" skip --help >out &&
	test_grep "^cách dùng: cutover skip \[--by TÊN\] --reason NỘI_DUNG \[--token MÃ\] NHIỆM_VỤ$" out &&
	test_grep "^Đánh dấu NHIỆM_VỤ là bỏ qua" out &&
	in_vi "$CUTOVER" import --help >out &&
	test_grep "^cách dùng: cutover import signoffs \[--by TÊN\] \[--dry-run\] \[--token MÃ\] TỆP$" out &&
	cutover sign --help >out &&
	test_grep "^usage: cutover sign \[--by NAME\] \[--evidence FIELD=VALUE\]\.\.\.$" out
'

test_expect_success 'sign refused, in Vietnamese and in English, one line in the same shape' '
	(cd mini &&
	 test_expect_code 1 in_vi "$CUTOVER" sign --by An focal-point@dai-son 2>../err) &&
	test_one_error err "thiếu trường bằng chứng '\''name'\'' (text): hãy nhập bằng --evidence name=GIÁ_TRỊ" &&
	(cd mini &&
	 test_expect_code 1 cutover sign --by An focal-point@dai-son 2>../err) &&
	test_one_error err "missing evidence field '\''name'\'' (text): give it with --evidence name=VALUE" &&
	(cd mini &&
	 test_expect_code 1 in_vi "$CUTOVER" sign --by An --evidence name=An \
		--evidence phone=12 focal-point@dai-son 2>../err) &&
	test_one_error err "nhiệm vụ '\''focal-point@dai-son'\'': trường '\''phone'\'': '\''12'\'' không phải là số điện thoại" &&
	(cd mini &&
	 test_expect_code 2 in_vi "$CUTOVER" sign focal-point@dai-son 2>../err) &&
	test_one_error err "cutover: hãy nêu ai thao tác bằng --by TÊN"
'

test_expect_success 'sign acknowledged in Vietnamese, then said to be done already' '
	(cd mini &&
	 in_vi "$CUTOVER" sign --by "Nguyễn Văn An" --evidence "name=Nguyễn Văn An" \
		--evidence phone=0912345678 focal-point@dai-son >../out) &&
	test_grep "^đã ký hoàn thành focal-point@dai-son (sự kiện [0-9]*)$" out &&
	(cd mini &&
	 in_vi "$CUTOVER" sign --by An --evidence name=An --evidence phone=0912345678 \
		focal-point@dai-son >../out) &&
	test_grep "^focal-point@dai-son đã hoàn thành (do Nguyễn Văn An ký lúc 2026-05-28 12:00); không ghi gì$" out &&
	(cd mini &&
	 test_expect_code 1 in_vi "$CUTOVER" skip --by An --reason "không áp dụng" \
		focal-point@dai-son 2>../err) &&
	test_one_error err "cutover: nhiệm vụ '\''focal-point@dai-son'\'' đã hoàn thành; hãy mở lại trước" &&
	(cd mini &&
	 CUTOVER_NOW="2026-05-30 09:00" \
		cutover sign --by An "daily-report@cong-an-tinh#2026-05-30" >../out) &&
	test_grep "^signed daily-report@cong-an-tinh#2026-05-30 (event [0-9]*)$" out
'

test_expect_success 'skip, block and reopen acknowledged in Vietnamese' '
	(cd mini &&
	 in_vi "$CUTOVER" block --by An --reason "mất mạng" \
		"daily-report@dai-son#2026-05-30" >../out &&
	 in_vi "$CUTOVER" reopen --by An --reason "có mạng lại" \
		"daily-report@dai-son#2026-05-30" >>../out &&
	 in_vi "$CUTOVER" skip --by An --reason "không áp dụng" \
		"daily-report@dai-son#2026-05-30" >>../out &&
	 in_vi "$CUTOVER" skip --by An --reason "không áp dụng" \
		"daily-report@dai-son#2026-05-30" >>../out) &&
	test_grep "^đã đánh dấu daily-report@dai-son#2026-05-30 bị chặn (sự kiện [0-9]*)$" out &&
	test_grep "^đã mở lại daily-report@dai-son#2026-05-30 (sự kiện [0-9]*)$" out &&
	test_grep "^đã bỏ qua daily-report@dai-son#2026-05-30 (sự kiện [0-9]*)$" out &&
	test_grep "^daily-report@dai-son#2026-05-30 đã ở trạng thái bỏ qua; không ghi gì$" out
'

test_expect_success 'import signoffs: each bad row as FILE:LINE: field, in Vietnamese; nothing recorded' '
	cat >mini/bad.csv <<-\EOF &&
	task,by,name,phone,action,time
	daily-report@cong-an-tinh#2026-05-31,An,,,,
	focal-point@so-tai-chinh,An,An,12,,
	daily-report@ca-dai-son#2026-05-30,An,,,explode,
	daily-report@ttpvhcc#2026-05-30,An,,,,2027-01-01 10:00
	EOF
	(cd mini &&
	 event_count >../before &&
	 test_expect_code 1 in_vi "$CUTOVER" import signoffs bad.csv 2>../err &&
	 event_count >../after) &&
	test_cmp before after &&
	test_grep "^cutover: bad.csv:3: nhiệm vụ .focal-point@so-tai-chinh.: trường .phone.: .12. không phải là số điện thoại" err &&
	test_grep "^cutover: bad.csv:4: trường .action.: .explode. không phải là done, skip, fail hay block$" err &&
	test_grep "^cutover: bad.csv:5: trường .time.: .2027-01-01 10:00. muộn hơn thời điểm hiện tại$" err &&
	test_grep "^cutover: bad.csv: 3 trên 4 dòng bị từ chối; không ghi gì$" err &&
	test_line_count = 4 err &&
	(cd mini && test_expect_code 1 cutover import signoffs bad.csv 2>../err) &&
	test_grep "^cutover: bad.csv:4: field .action.: .explode. is not done, skip, fail or block$" err &&
	test_grep "^cutover: bad.csv: 3 of 4 rows refused; nothing recorded$" err
'

test_expect_success 'import signoffs in Vietnamese: a dry run, then the file recorded' '
	printf "task,by,name,phone\nfocal-point@so-tai-chinh,An,An,0912345678\n" >mini/good.csv &&
	(cd mini && in_vi "$CUTOVER" import signoffs --dry-run good.csv >../out) &&
	test_grep "^sẽ ký hoàn thành focal-point@so-tai-chinh$" out &&
	test_grep "^chạy thử good.csv: 1 dòng sẽ được ghi nhận, 0 dòng đã như vậy; không ghi gì$" out &&
	(cd mini && in_vi "$CUTOVER" import signoffs good.csv >../out) &&
	test_grep "^đã ký hoàn thành focal-point@so-tai-chinh (sự kiện [0-9]*)$" out &&
	test_grep "^đã nhập good.csv: ghi nhận 1 (sự kiện [0-9]*-[0-9]*), 0 dòng đã như vậy$" out
'

test_expect_success 'token refusals in Vietnamese' '
	(cd mini &&
	 test_expect_code 1 in_vi "$CUTOVER" sign --by An --token nope \
		focal-point@ttpvhcc 2>../err) &&
	test_one_error err "mã đã nhập không phải là mã xác thực của cutover" &&
	(cd mini &&
	 test_expect_code 1 in_vi "$CUTOVER" sign --by An \
		--token cut_0123456789ab_$(printf "%043d" 0) \
		focal-point@ttpvhcc 2>../err) &&
	test_one_error err "mã xác thực không hợp lệ đối với lượt chạy '\''drill'\''; không ghi gì" &&
	(cd mini && test_expect_code 2 in_vi "$CUTOVER" token revoke 2>../err) &&
	test_one_error err "cutover: '\''token revoke'\'' cần ID; xem '\''cutover token revoke --help'\''" &&
	(cd mini && test_expect_code 1 in_vi "$CUTOVER" token revoke --by An 0123456789ab 2>../err) &&
	test_one_error err "không có mã xác thực '\''0123456789ab'\'' trong lượt chạy '\''drill'\''; xem '\''cutover token list'\''" &&
	(cd mini && in_vi "$CUTOVER" token list >../out) &&
	test_grep "^chưa có mã xác thực nào$" out &&
	(cd mini && test_expect_code 1 cutover sign --by An --token nope focal-point@ttpvhcc 2>../err) &&
	test_one_error err "the token given is not a cutover token"
'

test_expect_success 'a run that requires tokens: the refusal says what needs one, in Vietnamese' '
	mkdir tokens &&
	(cd tokens && cutover init >/dev/null &&
	 in_vi "$CUTOVER" start --rehearsal --require-tokens --name drill \
		"$TEST_DATA/mini.lua" >../out &&
	 test_expect_code 1 in_vi "$CUTOVER" skip --by An --reason x \
		focal-point@dai-son 2>../err) &&
	test_grep "^đã bắt đầu lượt diễn tập .drill. của mini-2026: 41 nhiệm vụ, 5 đơn vị, T0 2026-05-29 22:00" out &&
	test_grep "^các thao tác của đơn vị cần mã xác thực; mã của người điều phối, chỉ hiện một lần này" out &&
	test_one_error err "cutover: lượt chạy '\''drill'\'' yêu cầu mã xác thực để bỏ qua nhiệm vụ: dùng --token MÃ hoặc đặt CUTOVER_TOKEN; không ghi gì" &&
	(cd tokens && db_query "select comment from events where kind = '\''start'\''") >comment &&
	echo "rehearsal run of mini-2026 (41 tasks); unit actions require tokens" >expect &&
	test_cmp expect comment
'

test_expect_success 'roster in Vietnamese: a shift added, the gaps, a bad file named by FILE:LINE: field' '
	(cd duty &&
	 in_vi "$CUTOVER" roster add --unit dai-son --role truc-su-co \
		--person "Nguyễn Văn An" --from "2026-05-29 20:00" \
		--to "2026-05-30 22:00" --by An >../out) &&
	test_grep "^đã thêm ca 1: Nguyễn Văn An trực vai trò .truc-su-co. cho dai-son từ 2026-05-29 20:00 đến 2026-05-30 22:00$" out &&
	(cd duty && in_vi "$CUTOVER" roster gaps >../out) &&
	test_grep "^khung trực 2026-05-29 20:00 đến 2026-05-30 22:00 (+07:00)$" out &&
	test_grep "  đã phủ kín bởi 1 ca$" out &&
	test_grep "  không có ca nào, 1 ngày 2 giờ chưa có người trực$" out &&
	test_grep "^    không có người trực từ 2026-05-29 20:00 đến 2026-05-30 22:00$" out &&
	test_grep "^1/[0-9]* nhiệm vụ trực đã phủ kín$" out &&
	(cd duty &&
	 test_expect_code 1 in_vi "$CUTOVER" roster import --by An \
		"$REPO_ROOT/tests/data/roster/bad-role.yaml" 2>../err) &&
	test_one_error err "bad-role.yaml:8: trường '\''role'\'': đơn vị '\''dai-son'\'' không có bước lịch trực cho vai trò '\''truc-ky-thuat'\''" &&
	(cd duty &&
	 test_expect_code 1 cutover roster import --by An \
		"$REPO_ROOT/tests/data/roster/bad-role.yaml" 2>../err) &&
	test_one_error err "bad-role.yaml:8: field '\''role'\'': unit '\''dai-son'\'' has no roster step for role '\''truc-ky-thuat'\''" &&
	(cd duty && test_expect_code 2 in_vi "$CUTOVER" roster add --unit dai-son 2>../err) &&
	test_one_error err "cutover: '\''roster add'\'' cần --role VAI_TRÒ; xem '\''cutover roster add --help'\''"
'

test_expect_success 'issue in Vietnamese: recorded and routed, refused, resolved twice' '
	(cd issue &&
	 in_vi "$CUTOVER" issue add --unit dai-son --system portal --severity high \
		--by An "Không đăng nhập được" >../out) &&
	test_grep "^đã ghi nhận vướng mắc #1 của dai-son; gửi đến: " out &&
	(cd issue &&
	 test_expect_code 1 in_vi "$CUTOVER" issue add --unit dai-son --system mail \
		--severity high --by An "x" 2>../err) &&
	test_one_error err "cutover: runbook không khai báo hệ thống '\''mail'\''; hãy dùng một trong: portal, catalogue, other" &&
	(cd issue &&
	 in_vi "$CUTOVER" issue resolve --by Bình --resolution "Đã cấp lại" 1 >../out &&
	 in_vi "$CUTOVER" issue resolve --by Bình --resolution "Đã cấp lại" 1 >>../out) &&
	test_grep "^vướng mắc #1 đã được Bình xử lý$" out &&
	test_grep "^vướng mắc #1 đã được Bình xử lý lúc 2026-05-28 12:00; không ghi gì$" out &&
	(cd issue && in_vi "$CUTOVER" issue list >../out) &&
	test_grep "^   #  đơn vị  *hệ thống  *mức độ  *tình trạng  *ghi nhận lúc  *nội dung  *gửi đến$" out &&
	test_grep "^   1  dai-son  *portal  *high  *đã xử lý " out &&
	(cd issue && cutover issue list >../out) &&
	test_grep "^   #  unit  *system  *severity  *state  *raised  *text  *sent to$" out
'

test_expect_success 'verify in Vietnamese: the ledger holds, then an edited event is named' '
	(cd mini && in_vi "$CUTOVER" verify >../out) &&
	test_grep "^sổ cái hợp lệ: [0-9]* sự kiện, 41 trạng thái nhiệm vụ, mã băm cuối [0-9a-f]\{64\}$" out &&
	(cd mini && test_expect_code 1 in_vi "$CUTOVER" verify --head "$(printf "%064d" 7)" 2>../err) &&
	test_one_error err "cutover: mã băm $(printf "%064d" 7) không có trong sổ cái này" &&
	cp -r mini tampered &&
	(cd tampered &&
	 tamper "UPDATE events SET comment = '\''sửa'\'' WHERE seq = 2" &&
	 test_expect_code 1 in_vi "$CUTOVER" verify >../out 2>../err) &&
	test_line_count = 0 out &&
	test_one_error err "cutover: sự kiện 2: nội dung không khớp mã băm (sự kiện đã bị sửa)" &&
	(cd tampered && test_expect_code 1 cutover verify 2>../err) &&
	test_one_error err "cutover: event 2: content does not match its hash (the event was edited)"
'

test_expect_success 'a time that does not parse, in Vietnamese, with its field' '
	(cd duty &&
	 test_expect_code 1 in_vi "$CUTOVER" roster add --unit dai-son --role truc-su-co \
		--person An --from "T+2x" --to "T+1d" --by An 2>../err) &&
	test_one_error err "cutover: --from: không hiểu được '\''T+2x'\'': không có đơn vị thời gian '\''x'\'' (cần d, h hoặc m)"
'

test_expect_success '--json is byte for byte the same under LANG=vi_VN.UTF-8 and LANG=C' '
	for args in "check $TEST_DATA/mini.lua" "plan --unit dai-son $TEST_DATA/mini.lua" \
		status next "token list" verify
	do
		(cd mini &&
		 in_vi "$CUTOVER" --json $args >../vi.json &&
		 in_c "$CUTOVER" --json $args >../c.json) &&
		test_cmp c.json vi.json || return 1
	done &&
	for args in "roster list" "roster gaps"
	do
		(cd duty &&
		 in_vi "$CUTOVER" --json $args >../vi.json &&
		 in_c "$CUTOVER" --json $args >../c.json) &&
		test_cmp c.json vi.json || return 1
	done &&
	(cd issue &&
	 in_vi "$CUTOVER" --json issue list >../vi.json &&
	 in_c "$CUTOVER" --json issue list >../c.json) &&
	test_cmp c.json vi.json &&
	test_grep "\"state\":\"resolved\"" vi.json
'

test_expect_success 'the template a unit fills in is the same in any language' '
	(cd mini &&
	 in_vi "$CUTOVER" import template --unit dai-son --step focal-point >../vi.csv &&
	 in_c "$CUTOVER" import template --unit dai-son --step focal-point >../c.csv) &&
	test_cmp c.csv vi.csv &&
	test_grep "^.*task,action,by,time,comment,name,phone,email" vi.csv &&
	test_grep "^# Name a focal point,done (xong)" vi.csv
'

test_expect_success 'the ledger is the same whatever the language: kinds and the engine'\''s comments' '
	(cd mini && db_query "select distinct kind from events order by kind") >kinds &&
	printf "blocked\ndone\nreopened\nskipped\nstart\n" >expect &&
	test_cmp expect kinds
'

test_done
