#!/bin/sh
test_description='step: the walk through the run, piped and in a terminal'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-tmux.sh"

# nothing_written : the database is as db_snapshot left it in 'before'.
nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

# last_event : kind|actor|task|comment of the last event.
last_event () {
	db_query "select kind, actor, task_key, coalesce(comment, '') from events order by seq desc limit 1"
}

test_expect_success 'setup: a rehearsal of the test runbook' '
	mini_workspace &&
	printf "code,fee\n1.001,50000\n" >fees.csv
'

test_expect_success 'step shows the first open task due: key, title, owner, recipient, due, evidence' '
	echo q | cutover step >out 2>err &&
	test_line_count = 0 err &&
	test_grep "open task 1 of 41" out &&
	test_grep "^focal-point@dai-son  \[pending\]" out &&
	test_grep "^Name a focal point" out &&
	test_grep "Directive *D1.1 · 1. Departments and communes" out &&
	test_grep "Owner *Xã Đại Sơn (dai-son)" out &&
	test_grep "Report to *Trung tâm Phục vụ hành chính công tỉnh (ttpvhcc)" out &&
	test_grep "Due *2026-05-29 10:00 · 22 hours left" out &&
	test_grep "Evidence *name (text), phone (phone), email (email, optional)" out &&
	test_grep "^0 actions recorded in this session" out
'

test_expect_success 'quitting at once writes nothing; so does the end of the input' '
	db_snapshot before &&
	echo quit | cutover step >out &&
	nothing_written &&
	cutover step </dev/null >out &&
	nothing_written &&
	test_grep "0 actions recorded" out
'

test_expect_success 'piped: a refused value ends the action; the next line is a command again' '
	cat >in <<-\EOF &&
	d
	Nguyễn Văn An
	Lê Minh Tuấn
	0912
	0912 345 678
	q
	EOF
	db_snapshot before &&
	test_expect_code 1 cutover step <in >out 2>err &&
	test_grep "Who is acting? Your name: Nguyễn Văn An" out &&
	test_grep "  name (text): Lê Minh Tuấn" out &&
	test_grep "  phone (phone): 0912$" out &&
	test_grep -v "  phone (phone): 0912 345 678" out &&
	test_grep "^cutover: .0912. is not a phone number.*; nothing recorded$" err &&
	test_grep "^cutover: .0912. is not a command of step" err &&
	test_grep "^0 actions recorded in this session" out &&
	nothing_written
'

test_expect_success 'piped: done asks the name once and each field in order, then signs' '
	cat >in <<-\EOF &&
	d
	Nguyễn Văn An
	Lê Minh Tuấn
	0912 345 678
	an@example.vn
	q
	EOF
	event_count >before &&
	cutover step <in >out 2>err &&
	test_line_count = 0 err &&
	test_grep "  name (text): Lê Minh Tuấn" out &&
	test_grep "  phone (phone): 0912 345 678" out &&
	test_grep "  email (email, optional: Enter skips): an@example.vn" out &&
	test_grep "^signed focal-point@dai-son (event [0-9]*)$" out &&
	test_grep "^1 action recorded in this session" out &&
	echo $(( $(cat before) + 1 )) >expect &&
	event_count >after &&
	test_cmp expect after &&
	last_event >actual &&
	echo "done|Nguyễn Văn An|focal-point@dai-son|" >expect &&
	test_cmp expect actual &&
	db_query "select evidence from events order by seq desc limit 1" >ev &&
	test_grep "\"phone\":\"0912345678\"" ev &&
	test_grep "\"email\":\"an@example.vn\"" ev
'

test_expect_success 'the acknowledgement comes after the commit: the event it names is in the ledger' '
	sed -n "s/^signed focal-point@dai-son (event \([0-9]*\))$/\1/p" out >seq &&
	db_query "select seq from events where kind = '\''done'\'' and task_key = '\''focal-point@dai-son'\''" >actual &&
	test_cmp seq actual
'

test_expect_success 'the walk moved on: the signed task is no longer the first shown' '
	echo q | cutover step >out &&
	test_grep "open task 1 of 40" out &&
	test_grep "^focal-point@so-tai-chinh  \[pending\]" out
'

test_expect_success 'piped: block with the reason on the line; --by names who acts' '
	printf "b Chưa có tài khoản thụ hưởng\nq\n" |
	cutover step --by "Kế toán" >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^marked focal-point@so-tai-chinh blocked (event [0-9]*)$" out &&
	last_event >actual &&
	echo "blocked|Kế toán|focal-point@so-tai-chinh|Chưa có tài khoản thụ hưởng" >expect &&
	test_cmp expect actual
'

test_expect_success 'a blocked task stays open and the walk goes on to the next one' '
	echo q | cutover step >out &&
	test_grep "^focal-point@so-tai-chinh  \[blocked\]" out &&
	test_grep "Last *blocked, Kế toán 2026-05-28 12:00: Chưa có tài khoản thụ hưởng" out &&
	printf "n\nq\n" | cutover step >out &&
	test_grep "^fees@so-tai-chinh  \[pending\]" out
'

test_expect_success 'piped: a reason asked on the next line; comment keeps the state' '
	printf "c\nGọi lại lúc 14h\nq\n" | cutover step --by An >out &&
	test_grep "Comment: Gọi lại lúc 14h" out &&
	test_grep "^comment added to focal-point@so-tai-chinh (event [0-9]*)$" out &&
	last_event >actual &&
	echo "comment|An|focal-point@so-tai-chinh|Gọi lại lúc 14h" >expect &&
	test_cmp expect actual &&
	db_query "select state from tasks where key = '\''focal-point@so-tai-chinh'\''" >actual &&
	echo blocked >expect &&
	test_cmp expect actual &&
	cutover verify >out
'

test_expect_success 'details show the evidence asked for and the history' '
	printf "i\nq\n" | cutover step >out &&
	test_grep "Evidence asked at sign-off:" out &&
	test_grep "  phone (phone): a Vietnamese number" out &&
	test_grep "History:" out &&
	test_grep "#[0-9]*  blocked, Kế toán: Chưa có tài khoản thụ hưởng" out &&
	test_grep "#[0-9]*  comment, An: Gọi lại lúc 14h" out
'

test_expect_success 'goto a done task: done says it is done already, without asking anything' '
	db_snapshot before &&
	printf "g focal-point@dai-son\nd\nq\n" | cutover step --by An >out &&
	test_grep "^focal-point@dai-son  \[done\]" out &&
	test_grep "focal-point@dai-son is done already; reopen it first (r)" out &&
	nothing_written
'

test_expect_success 'a comment on a done task joins its history; it stays done' '
	printf "g focal-point@dai-son\nc Đã gọi xác nhận\nq\n" |
	cutover step --by An >out &&
	test_grep "^comment added to focal-point@dai-son (event [0-9]*)$" out &&
	db_query "select state from tasks where key = '\''focal-point@dai-son'\''" >actual &&
	echo done >expect &&
	test_cmp expect actual &&
	cutover verify >/dev/null
'

test_expect_success 'reopen, then sign again: through the same code as reopen and sign' '
	printf "g focal-point@dai-son\nr Số điện thoại sai\nq\n" |
	cutover step --by An >out &&
	test_grep "^reopened focal-point@dai-son (event [0-9]*)$" out &&
	db_query "select state from tasks where key = '\''focal-point@dai-son'\''" >actual &&
	echo pending >expect &&
	test_cmp expect actual &&
	printf "d\nLê Minh Tuấn\n0987654321\n\nq\n" | cutover step --by An >out &&
	test_grep "^signed focal-point@dai-son" out
'

test_expect_success 'a task with open requirements asks before signing; no records nothing' '
	db_snapshot before &&
	printf "g accounts@so-tai-chinh\nd\nn\nq\n" | cutover step --by An >out 2>err &&
	test_grep "It waits on focal-point@so-tai-chinh. Sign it anyway" out &&
	test_grep "cancelled; nothing recorded" out &&
	nothing_written
'

test_expect_success 'piped: an answer that is neither yes nor no ends the action' '
	db_snapshot before &&
	printf "g accounts@so-tai-chinh\nd\ng fees@so-tai-chinh\nq\n" >in &&
	test_expect_code 1 cutover step --by An <in >out 2>err &&
	test_one_error err "not an answer (yes or no); nothing recorded" &&
	test_grep "^0 actions recorded" out &&
	nothing_written
'

test_expect_success 'piped: a refused check ends the action, findings shown, no waiver asked' '
	db_snapshot before &&
	printf "g accounts@dai-son\nd\n7\n" >in &&
	test_expect_code 1 cutover step --by An <in >out 2>err &&
	test_grep "  reviewed (number): 7" out &&
	test_grep "  fixed (number): $" out &&
	nothing_written &&
	printf "g accounts@dai-son\nd\n5\n7\n\nĐã đối chiếu với Sở\nq\n" >in &&
	test_expect_code 1 cutover step --by An <in >out 2>err &&
	test_grep "^cutover: check of step .accounts. refused the sign-off of .accounts@dai-son.; nothing recorded" err &&
	test_grep "^  - fixed (7) exceeds reviewed (5)" err &&
	test_grep "^cutover: .Đã. is not a command of step" err &&
	test_grep -v "Record it anyway\|Accept these findings" out &&
	test_grep "^0 actions recorded" out &&
	nothing_written
'

test_expect_success 'a file field asks for a path and attaches it; a path that is no file ends it' '
	db_snapshot before &&
	printf "g fees@so-tai-chinh\nd\n1.500.000\n30/05/2026\nnope.csv\nq\n" >in &&
	test_expect_code 1 cutover step --by An <in >out 2>err &&
	test_one_error err "cannot read the file" "nope.csv" "; nothing recorded" &&
	nothing_written &&
	printf "g fees@so-tai-chinh\nd\n1.500.000\n30/05/2026\nfees.csv\n\nq\n" |
	cutover step --by An >out 2>err &&
	test_grep "^signed fees@so-tai-chinh" out &&
	db_query "select evidence from events order by seq desc limit 1" >ev &&
	test_grep "\"amount\":\"1500000\"" ev &&
	test_grep "\"effective\":\"2026-05-30\"" ev &&
	test_grep "\"name\":\"fees.csv\"" ev
'

test_expect_success 'filter on a unit, then on a section, then all; an unknown id is said' '
	printf "/ dai-son\nq\n" | cutover step >out &&
	test_grep "filter: dai-son" out &&
	test_grep "^accounts@dai-son" out &&
	printf "/ s2\nq\n" | cutover step >out &&
	test_grep "^go@ttpvhcc" out &&
	printf "/ nope\nq\n" | cutover step >out 2>err &&
	test_grep "no unit or section .nope. in run .drill." err &&
	cutover step --unit ca-dai-son </dev/null >out &&
	test_grep "filter: ca-dai-son" out &&
	test_grep "^daily-report@ca-dai-son" out &&
	test_must_fail cutover step --section dai-son </dev/null >out 2>err &&
	test_one_error err "no section" "dai-son"
'

test_expect_success 'start at a task given on the command line' '
	echo q | cutover step go@ttpvhcc >out &&
	test_grep "^go@ttpvhcc  \[pending\]" out &&
	test_grep "Gate *a go/no-go decision" out &&
	test_grep "Waiting on *focal-point@so-tai-chinh, accounts@dai-son, accounts@so-tai-chinh" out
'

test_expect_success 'the end of the input in the middle of an action: exit 1, nothing written' '
	db_snapshot before &&
	printf "d\nAn\nLê\n" >in &&
	test_expect_code 1 cutover step <in >out 2>err &&
	test_grep "the input ended before the action was complete; nothing recorded" err &&
	nothing_written
'

test_expect_success 'an unknown command is said, and the exit status says it' '
	printf "dance\nq\n" >in &&
	test_expect_code 1 cutover step <in >out 2>err &&
	test_grep "cutover: .dance. is not a command of step" err
'

test_expect_success 'bad usage: two tasks, an empty --by, an unknown task' '
	test_expect_code 2 cutover step a b </dev/null 2>err &&
	test_one_error err "unexpected argument" &&
	test_expect_code 2 cutover step --by "" </dev/null 2>err &&
	test_one_error err "--by" &&
	test_expect_code 1 cutover step nope@dai-son </dev/null 2>err &&
	test_one_error err "nope@dai-son"
'

test_expect_success 'output that is not a terminal is plain text, even without NO_COLOR' '
	printf "i\n?\nq\n" | env -u NO_COLOR "$CUTOVER" step >out 2>&1 &&
	test_grep "Keys:" out &&
	! grep "$(printf "\033")" out
'

test_expect_success 'step --help lists every key and the piped commands' '
	cutover step --help >out &&
	for k in done skip block fail reopen comment details next previous goto filter help quit
	do
		test_grep "^  .  $k " out || return 1
	done &&
	test_grep "one" out
'

test_expect_success 'a run that requires tokens: step passes --token or CUTOVER_TOKEN as sign does' '
	mkdir tokens &&
	(
		cd tokens &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name drill --require-tokens \
			"$TEST_DATA/mini.lua" >start.out &&
		tail -n 1 start.out >coordinator &&
		cutover token issue --token "$(cat coordinator)" dai-son \
			>dai-son.token 2>/dev/null &&
		db_snapshot before &&
		printf "c Không có mã\nq\n" >in &&
		test_expect_code 1 cutover step --by An <in >out 2>err &&
		test_grep "requires a token" err &&
		db_snapshot after &&
		test_cmp before after &&
		test_expect_code 1 cutover step --by An --token cut_nope </dev/null \
			>out 2>err &&
		test_one_error err "token" &&
		printf "c Đã gọi điện\ng focal-point@so-tai-chinh\nc Không phải đơn vị mình\nq\n" >in &&
		test_expect_code 1 cutover step --by An --token "$(cat dai-son.token)" \
			<in >out 2>err &&
		test_grep "filter: dai-son" out &&
		test_grep "^comment added to focal-point@dai-son" out &&
		test_grep "cannot act for unit .so-tai-chinh." err &&
		db_query "select task_key, auth from events where kind = '\''comment'\''" >actual &&
		echo "focal-point@dai-son|unit:$(cut -c5-16 dai-son.token)" >expect &&
		test_cmp expect actual &&
		printf "c Điều phối ghi thay\nq\n" >in &&
		CUTOVER_TOKEN=$(cat coordinator) cutover step --by Hà <in >out &&
		test_grep "^comment added to focal-point@dai-son" out &&
		cutover verify >out
	)
'

# ---- in a terminal -----------------------------------------------------

test_expect_success TMUX 'terminal: sign with evidence checked as typed, block with a reason, quit' '
	mkdir term && mini_workspace term &&
	tmux_start "cd term && env -u NO_COLOR \"$CUTOVER\" step" &&
	tmux_wait "focal-point@dai-son  [pending]" &&
	tmux_wait "q quit" &&
	tmux_keys d &&
	tmux_wait "Who is acting? Your name:" &&
	tmux_type "Nguyễn Thu Hà" && tmux_keys Enter &&
	tmux_wait "name (text):" &&
	tmux_type "Lê Minh Tuấn" && tmux_keys Enter &&
	tmux_wait "phone (phone):" &&
	tmux_type "09 12" &&
	tmux_wait "phone (phone): 09 12 ✗" &&
	tmux_keys Enter &&
	tmux_wait "is not a phone number" &&
	tmux_type "3 456 78" &&
	tmux_wait "09 123 456 78 ✓" &&
	tmux_keys Enter &&
	tmux_wait "email (email, optional: Enter skips):" &&
	tmux_keys Enter &&
	tmux_wait "signed focal-point@dai-son (event 2)" &&
	tmux_wait "focal-point@so-tai-chinh  [pending]" &&
	tmux_keys b &&
	tmux_wait "Reason:" &&
	tmux_type "Chưa có tài khoản" && tmux_keys Enter &&
	tmux_wait "marked focal-point@so-tai-chinh blocked (event 3)" &&
	tmux_screen colours &&
	tmux_keys q &&
	tmux_wait "2 actions recorded in this session" &&
	tmux_done &&
	(
		cd term &&
		db_query "select seq, kind, actor, task_key from events where seq > 1" >../actual &&
		db_query "select evidence from events where seq = 2" >../ev
	) &&
	cat >expect <<-\EOF &&
	2|done|Nguyễn Thu Hà|focal-point@dai-son
	3|blocked|Nguyễn Thu Hà|focal-point@so-tai-chinh
	EOF
	test_cmp expect actual &&
	test_grep "\"phone\":\"0912345678\"" ev
'

test_expect_success TMUX 'terminal: colours without NO_COLOR: the acknowledgement in green' '
	test_grep "$(printf "\033")\[32m.*marked focal-point@so-tai-chinh blocked" colours
'

test_expect_success TMUX 'terminal: NO_COLOR gives no colour; Escape cancels a prompt, nothing written' '
	(cd term && db_snapshot ../before) &&
	tmux_start "cd term && CUTOVER_NOW=\"2026-05-29 18:00\" NO_COLOR=1 \"$CUTOVER\" step --by An" &&
	tmux_wait "8 hours late" &&
	tmux_screen plain &&
	! grep "$(printf "\033")\[3[1-6]m" plain &&
	tmux_keys s &&
	tmux_wait "Reason:" &&
	tmux_type "không cần" &&
	tmux_keys Escape &&
	tmux_wait "cancelled; nothing recorded" &&
	tmux_keys q &&
	tmux_done &&
	(cd term && db_snapshot ../after) &&
	test_cmp before after
'

test_expect_success TMUX 'terminal, in Vietnamese: the card, the prompts and the acknowledgement' '
	tmux_start "cd term && env -u LC_ALL LANG=vi_VN.UTF-8 CUTOVER_NOW=\"2026-05-29 18:00\" \"$CUTOVER\" step" &&
	tmux_wait "lượt chạy drill (diễn tập)" &&
	tmux_wait "[bị chặn]" &&
	tmux_wait "Hạn          2026-05-29 10:00 · trễ 8 giờ" &&
	tmux_wait "d hoàn thành  s bỏ qua" &&
	tmux_keys c &&
	tmux_wait "Ai đang thực hiện? Họ tên của bạn:" &&
	tmux_type "Trần Văn Bình" && tmux_keys Enter &&
	tmux_wait "Ghi chú:" &&
	tmux_type "Đã liên hệ Kho bạc" && tmux_keys Enter &&
	tmux_wait "đã thêm ghi chú cho focal-point@so-tai-chinh (sự kiện 4)" &&
	cp screen screen-vi &&
	tmux_keys q &&
	tmux_wait "đã ghi nhận 1 thao tác trong phiên này" &&
	tmux_done
'

test_done
