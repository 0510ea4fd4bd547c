#!/bin/sh
test_description='messages in Vietnamese when the locale says so, in English otherwise'
. "$(dirname "$0")/lib.sh"

command -v xgettext >/dev/null 2>&1 && command -v msgfmt >/dev/null 2>&1 &&
	test_set_prereq GETTEXT

# in_vi CMD... : runs CMD with LANG=vi_VN.UTF-8 and no LC_ALL, as a
# coordinator's shell has them; the locale need not exist on this machine.
in_vi () {
	env -u LC_ALL LANG=vi_VN.UTF-8 "$@"
}

test_expect_success 'setup: a rehearsal of the test runbook' '
	mini_workspace
'

test_expect_success 'cutover --help in Vietnamese with LANG=vi_VN.UTF-8' '
	in_vi "$CUTOVER" --help >out &&
	test_grep "^cách dùng: cutover \[--db ĐƯỜNG_DẪN\]" out &&
	test_grep "^Các lệnh:" out &&
	test_grep "^  step        xử lý lần lượt từng nhiệm vụ, mỗi thao tác một phím" out &&
	test_grep "^  sign        ký hoàn thành nhiệm vụ kèm bằng chứng" out
'

test_expect_success 'cutover --help in English otherwise' '
	cutover --help >out &&
	test_grep "^usage: cutover \[--db PATH\]" out &&
	test_grep "^Commands:" out &&
	test_grep "^  step        walk through the run" out &&
	env -u LC_ALL LANG=en_US.UTF-8 "$CUTOVER" --help >out &&
	test_grep "^Commands:" out &&
	env -u LC_ALL -u LANG "$CUTOVER" --help >out &&
	test_grep "^Commands:" out
'

test_expect_success 'the order of the variables: LC_ALL, then LC_MESSAGES, then LANG; LANGUAGE first unless C' '
	env LC_ALL=vi_VN.UTF-8 LANG=C.UTF-8 "$CUTOVER" --help >out &&
	test_grep "^Các lệnh:" out &&
	env -u LC_ALL LC_MESSAGES=vi_VN.UTF-8 LANG=en_US.UTF-8 "$CUTOVER" --help >out &&
	test_grep "^Các lệnh:" out &&
	env -u LC_ALL LC_MESSAGES=C.UTF-8 LANG=vi_VN.UTF-8 "$CUTOVER" --help >out &&
	test_grep "^Commands:" out &&
	env LANGUAGE=vi "$CUTOVER" --help >out &&
	test_grep "^Các lệnh:" out &&
	env -u LC_ALL LANGUAGE=en LANG=vi_VN.UTF-8 "$CUTOVER" --help >out &&
	test_grep "^Commands:" out &&
	env LC_ALL=C LANGUAGE=vi "$CUTOVER" --help >out &&
	test_grep "^Commands:" out
'

test_expect_success 'the generic errors of the command line, in both languages' '
	test_expect_code 2 in_vi "$CUTOVER" nope 2>err &&
	test_one_error err "'\''nope'\'' không phải là lệnh; xem '\''cutover help'\''" &&
	test_expect_code 2 cutover nope 2>err &&
	test_one_error err "'\''nope'\'' is not a command" &&
	test_expect_code 2 in_vi "$CUTOVER" step --bogus 2>err &&
	test_one_error err "không có tùy chọn '\''--bogus'\''; xem '\''cutover step --help'\''" &&
	test_expect_code 2 in_vi "$CUTOVER" status --unit 2>err &&
	test_one_error err "tùy chọn '\''--unit'\'' cần một giá trị" &&
	test_expect_code 2 in_vi "$CUTOVER" --bogus 2>err &&
	test_grep "^cutover: không có tùy chọn '\''--bogus'\''" err
'

test_expect_success 'step and completion --help in Vietnamese' '
	in_vi "$CUTOVER" step --help >out &&
	test_grep "^cách dùng: cutover step \[--by TÊN\]" out &&
	test_grep "^  d  done      ký hoàn thành: hỏi từng trường bằng chứng" out &&
	test_grep "^  q  quit      thoát" out &&
	in_vi "$CUTOVER" completion --help >out &&
	test_grep "^cách dùng: cutover completion bash|zsh" out
'

test_expect_success 'step in Vietnamese: the card, the prompts, a value refused, the acknowledgement' '
	printf "d\nNguyễn Văn An\nLê Minh\n12\nq\n" >in &&
	test_expect_code 1 in_vi "$CUTOVER" step <in >out 2>err &&
	test_grep "^nhiệm vụ chưa xong 1/41 · lượt chạy drill (diễn tập) · bây giờ 2026-05-28 12:00" out &&
	test_grep "^focal-point@dai-son  \[chưa thực hiện\]" out &&
	test_grep "Đơn vị       Xã Đại Sơn (dai-son)" out &&
	test_grep "Hạn          2026-05-29 10:00 · còn 22 giờ" out &&
	test_grep "Bằng chứng   name (văn bản), phone (số điện thoại), email (email, không" out &&
	test_grep "Ai đang thực hiện? Họ tên của bạn: Nguyễn Văn An" out &&
	test_grep "  phone (số điện thoại): 12" out &&
	test_grep "^cutover: .12. không phải là số điện thoại (cần số 0 và 9 hoặc 10 chữ số.*; không ghi gì$" err &&
	test_grep "^đã ghi nhận 0 thao tác trong phiên này" out &&
	printf "d\nNguyễn Văn An\nLê Minh\n0912345678\n\nq\n" >in &&
	in_vi "$CUTOVER" step <in >out 2>err &&
	test_grep "^đã ký hoàn thành focal-point@dai-son (sự kiện [0-9]*)$" out &&
	test_grep "^đã ghi nhận 1 thao tác trong phiên này" out
'

test_expect_success 'step in English with the same input' '
	printf "g focal-point@so-tai-chinh\nd\nAn\nLê\n12\nq\n" >in &&
	test_expect_code 1 cutover step <in >out 2>err &&
	test_grep "^cutover: .12. is not a phone number (expected 0 and 9 or 10 more digits.*; nothing recorded$" err &&
	printf "g focal-point@so-tai-chinh\nd\nAn\nLê\n0912345678\n\nq\n" >in &&
	cutover step <in >out 2>err &&
	test_grep "^signed focal-point@so-tai-chinh (event [0-9]*)$" out
'

test_expect_success 'the ledger is the same whatever the language: no translated word in it' '
	db_query "select kind from events where kind = '\''done'\''" >actual &&
	printf "done\ndone\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'plural forms: one action, several actions' '
	echo q | cutover step >out &&
	test_grep "^0 actions recorded" out &&
	printf "c Một\nc Hai\nq\n" | cutover step --by An >out &&
	test_grep "^2 actions recorded" out
'

test_expect_success GETTEXT 'po/cutover.pot holds every marked message, po/vi.po translates each' '
	"$REPO_ROOT/scripts/update-po" --check
'

test_done
