#!/bin/sh
test_description='import signoffs: a spreadsheet of sign-offs, all or nothing, idempotent'
. "$(dirname "$0")/lib.sh"

SQ="'"

# nothing_written : the database is as db_snapshot left it in 'before'.
nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

# refused FILE TEXT... : importing FILE exits 1, nothing on stdout, one
# error line per bad row (each holding one TEXT, in order) then the
# summary line, and nothing written.
refused () {
	refused_file_=$1
	shift
	db_snapshot before &&
	test_expect_code 1 cutover import signoffs "$refused_file_" >out 2>err &&
	test_line_count = 0 out &&
	grep "^cutover: " err >lines &&
	test_line_count = $(($# + 1)) lines &&
	refused_n_=0 &&
	for refused_text_ in "$@"
	do
		refused_n_=$((refused_n_ + 1)) &&
		sed -n "${refused_n_}p" lines >line &&
		test_grep -F -e "$refused_text_" line || return 1
	done &&
	sed -n '$p' lines >last &&
	test_grep "rows refused; nothing recorded$" last &&
	nothing_written
}

test_expect_success 'setup: a rehearsal of the mini runbook' '
	mini_workspace &&
	mkdir files &&
	printf "login,role\nan,admin\n" >files/export.csv
'

CUTOVER_NOW='2026-05-29 09:00'
export CUTOVER_NOW

test_expect_success 'template: one step, its evidence columns only, a row of labels, BOM and CRLF' '
	cutover import template --unit dai-son --step focal-point >t.csv &&
	printf "\357\273\277" >expect &&
	cat >>expect <<-\EOF &&
	task,action,by,time,comment,name,phone,email
	# Name a focal point,done (xong) / skip (bỏ qua) / block (vướng) / fail (lỗi),người ký,"giờ ký, vd. 2026-05-29 09:30 (để trống: bây giờ)","ghi chú; lý do khi skip, block, fail",name (văn bản),"phone (số điện thoại, vd. 0912 345 678)","email (thư điện tử; không bắt buộc)"
	focal-point@dai-son,,,,,,,
	EOF
	sed "s/\$/\r/" expect >expect.crlf &&
	test_cmp expect.crlf t.csv
'

test_expect_success 'template without --step: one file per step of the unit, never over a file' '
	mkdir sheets &&
	(cd sheets && cutover import template --unit "Sở Tài chính" >../out) &&
	cat >expect <<-\EOF &&
	wrote so-tai-chinh.focal-point.csv: 1 task
	wrote so-tai-chinh.accounts.csv: 1 task
	wrote so-tai-chinh.fees.csv: 1 task
	wrote so-tai-chinh.daily-report.csv: 7 tasks
	EOF
	test_cmp expect out &&
	sed -n 1p sheets/so-tai-chinh.fees.csv >head &&
	printf "\357\273\277task,action,by,time,comment,amount,effective,table,site\r\n" >expect &&
	test_cmp expect head &&
	echo "filled" >sheets/so-tai-chinh.fees.csv &&
	rm sheets/so-tai-chinh.focal-point.csv &&
	(cd sheets && test_expect_code 1 cutover import template --unit so-tai-chinh >../out 2>../err) &&
	test_line_count = 0 out &&
	test_grep "so-tai-chinh.accounts.csv. exists already; a template is never written over" err &&
	echo filled >expect &&
	test_cmp expect sheets/so-tai-chinh.fees.csv &&
	! test -e sheets/so-tai-chinh.focal-point.csv
'

test_expect_success 'a good file: every row recorded, each acknowledged with its event' '
	cat >good.csv <<-\EOF &&
	task,by,time,name,phone,email,reviewed,fixed,export,comment
	focal-point@dai-son,An,2026-05-28 13:00,Lê An,0912 345 678,,,,,gọi điện
	focal-point@so-tai-chinh,Bình,29/05/2026 08:30,Bình,0987654321,binh@example.vn,,,,
	accounts@dai-son,An,,,,,12,2,files/export.csv,
	EOF
	cutover import signoffs good.csv >out 2>err &&
	test_line_count = 0 err &&
	cat >expect <<-\EOF &&
	signed focal-point@dai-son (event 2)
	signed focal-point@so-tai-chinh (event 3)
	signed accounts@dai-son (event 4)
	imported good.csv: 3 recorded (events 2-4), 0 so already
	EOF
	test_cmp expect out &&
	db_query "select seq, actor, datetime(at, \"unixepoch\", \"+7 hours\"),
		coalesce(comment, \"\") from events where seq > 1" >actual &&
	cat >expect <<-\EOF &&
	2|An|2026-05-28 13:00:00|gọi điện
	3|Bình|2026-05-29 08:30:00|
	4|An|2026-05-29 09:00:00|
	EOF
	test_cmp expect actual &&
	db_query "select evidence from events where seq = 4" >ev &&
	test_grep "\"export\":{\"blake2b\":\"[0-9a-f]\{64\}\",\"name\":\"export.csv\",\"size\":20}" ev &&
	test_grep "\"fixed\":\"2\"" ev &&
	cutover verify >/dev/null
'

test_expect_success 'the same file again adds nothing' '
	db_snapshot before &&
	cutover import signoffs good.csv >out &&
	cat >expect <<-\EOF &&
	focal-point@dai-son is already done (signed by An at 2026-05-28 13:00); nothing recorded
	focal-point@so-tai-chinh is already done (signed by Bình at 2026-05-29 08:30); nothing recorded
	accounts@dai-son is already done (signed by An at 2026-05-29 09:00); nothing recorded
	imported good.csv: nothing new, 3 rows so already
	EOF
	test_cmp expect out &&
	nothing_written
'

test_expect_success 'step, unit and date columns; skip, block and fail with a reason; ; as delimiter' '
	cat >daily.csv <<-\EOF &&
	step;unit;date;by;action;comment
	daily-report;dai-son;2026-05-30;An;skip;"nghỉ; không áp dụng"
	daily-report;so-tai-chinh;2026-05-30;Bình;Block;mất mạng
	daily-report;ttpvhcc;2026-05-30;Hà;failed;trễ
	daily-report;cong-an-tinh;2026-05-30;Công;;
	EOF
	CUTOVER_NOW="2026-05-30 09:00" cutover import signoffs daily.csv >out &&
	cat >expect <<-\EOF &&
	skipped daily-report@dai-son#2026-05-30 (event 5)
	marked daily-report@so-tai-chinh#2026-05-30 blocked (event 6)
	marked daily-report@ttpvhcc#2026-05-30 failed (event 7)
	signed daily-report@cong-an-tinh#2026-05-30 (event 8)
	imported daily.csv: 4 recorded (events 5-8), 0 so already
	EOF
	test_cmp expect out &&
	db_query "select state from tasks where key = \"daily-report@dai-son#2026-05-30\"" >actual &&
	echo skipped >expect &&
	test_cmp expect actual &&
	db_query "select comment from events where seq = 5" >actual &&
	echo "nghỉ; không áp dụng" >expect &&
	test_cmp expect actual
'

test_expect_success '--dry-run checks every row and writes nothing' '
	cat >dry.csv <<-\EOF &&
	task,by
	daily-report@dai-son#2026-05-31,An
	EOF
	db_snapshot before &&
	CUTOVER_NOW="2026-05-31 09:00" \
		cutover import signoffs --dry-run dry.csv >out &&
	cat >expect <<-\EOF &&
	would sign daily-report@dai-son#2026-05-31
	dry run of dry.csv: 1 rows would be recorded, 0 are so already; nothing written
	EOF
	test_cmp expect out &&
	nothing_written
'

test_expect_success '--by serves rows with no by' '
	printf "task\ndaily-report@dai-son#2026-05-31\n" >no-by.csv &&
	CUTOVER_NOW="2026-05-31 09:00" \
		cutover import signoffs --by "Văn phòng" no-by.csv >out &&
	db_query "select actor from events order by seq desc limit 1" >actual &&
	echo "Văn phòng" >expect &&
	test_cmp expect actual
'

test_expect_success 'every bad row is reported as FILE:LINE: field, in line order; nothing written' '
	cat >bad.csv <<-\EOF &&
	task,by,time,action,comment,name,phone,reviewed,fixed,export,colour
	focal-point@dai-son,An,,,,An,0912345678,,,,
	nowhere@dai-son,An,,,,,,,,,
	daily-report@dai-son#2026-05-31,An,2026-05-29 10:00,,,,,,,,
	daily-report@dai-son#2026-06-01,An,tomorrow,,,,,,,,
	daily-report@dai-son#2026-06-02,An,,maybe,,,,,,,
	daily-report@ttpvhcc#2026-05-31,An,,skip,,,,,,,
	accounts@so-tai-chinh,Bình,,,,,,1,5,,
	daily-report@ca-dai-son#2026-05-31,An,,,,,,,,,red
	fees@so-tai-chinh,Bình,,,,,,,,,
	daily-report@cong-an-tinh#2026-05-31,,,done,,,,,,,
	,An,,,,,,,,,
	daily-report@ca-dai-son#2026-06-01,An,,,,,12,,,,
	daily-report@cong-an-tinh#2026-06-02,An,,,,,,,,,
	daily-report@cong-an-tinh#2026-06-02,An,,,,,,,,,
	EOF
	refused bad.csv \
		"bad.csv:3: field ${SQ}task${SQ}: no task ${SQ}nowhere@dai-son${SQ}" \
		"bad.csv:4: field ${SQ}time${SQ}: ${SQ}2026-05-29 10:00${SQ} is later than now" \
		"bad.csv:5: field ${SQ}time${SQ}: cannot parse ${SQ}tomorrow${SQ}" \
		"bad.csv:6: field ${SQ}action${SQ}: ${SQ}maybe${SQ} is not done, skip, fail or block" \
		"bad.csv:7: field ${SQ}comment${SQ}: the reason is needed" \
		"bad.csv:8: field ${SQ}task${SQ}: check of step ${SQ}accounts${SQ} refused" \
		"bad.csv:9: field ${SQ}colour${SQ}: unknown evidence field ${SQ}colour${SQ}; step ${SQ}daily-report${SQ} takes: none" \
		"bad.csv:10: field ${SQ}amount${SQ}: missing: step ${SQ}fees${SQ} needs this evidence (money); fill in its column" \
		"bad.csv:11: field ${SQ}by${SQ}: empty, and no --by given" \
		"bad.csv:12: field ${SQ}task${SQ}: empty" \
		"bad.csv:13: field ${SQ}phone${SQ}: unknown evidence field" \
		"bad.csv:15: field ${SQ}task${SQ}: task ${SQ}daily-report@cong-an-tinh#2026-06-02${SQ} is on line 14 already" &&
	test_grep "^  - fixed (5) exceeds reviewed (1)$" err &&
	test_grep "bad.csv: 12 of 14 rows refused; nothing recorded" err
'

test_expect_success 'a row whose requirement is neither done nor earlier in the file' '
	cat >req.csv <<-\EOF &&
	task,by,reviewed,fixed
	daily-report@ttpvhcc#2026-05-31,Hà,,
	accounts@so-tai-chinh,Bình,3,1
	EOF
	cutover reopen --by X --reason "sai" focal-point@so-tai-chinh >/dev/null &&
	CUTOVER_NOW="2026-05-31 09:00" refused req.csv \
		"req.csv:3: field ${SQ}task${SQ}: task ${SQ}accounts@so-tai-chinh${SQ} requires what is not done yet: focal-point@so-tai-chinh"
'

test_expect_success 'a requirement signed earlier in the same file counts' '
	cat >chain.csv <<-\EOF &&
	task,by,name,phone,reviewed,fixed
	focal-point@so-tai-chinh,Bình,Bình,0987654321,,
	accounts@so-tai-chinh,Bình,,,3,1
	EOF
	cutover import signoffs chain.csv >out &&
	test_grep "^imported chain.csv: 2 recorded" out
'

test_expect_success 'a file field names a file relative to the CSV, and must exist' '
	mkdir -p sheets &&
	printf "amount,site\n10000,x\n" >sheets/fees.csv &&
	cat >sheets/fees-missing.csv <<-\EOF &&
	task,by,amount,effective,table
	fees@so-tai-chinh,Bình,15000,2026-05-01,nowhere.csv
	EOF
	refused sheets/fees-missing.csv \
		"sheets/fees-missing.csv:2: field ${SQ}table${SQ}: cannot read ${SQ}sheets/nowhere.csv${SQ}" &&
	sed "s/nowhere.csv/fees.csv/" sheets/fees-missing.csv >sheets/fees-ok.csv &&
	cutover import signoffs sheets/fees-ok.csv >out &&
	test_grep "^signed fees@so-tai-chinh" out
'

test_expect_success 'a malformed file: one error naming the line, nothing written' '
	printf "by,name\nAn,x\n" >no-task.csv &&
	db_snapshot before &&
	test_expect_code 1 cutover import signoffs no-task.csv 2>err &&
	test_one_error err "no-task.csv:1: name each row${SQ}s task" &&
	printf "task,step,unit,by\nx,y,z,An\n" >both.csv &&
	test_expect_code 1 cutover import signoffs both.csv 2>err &&
	test_one_error err "both.csv:1: name each row${SQ}s task" &&
	printf "task,name\nfocal-point@dai-son,x\n" >no-by.csv &&
	test_expect_code 1 cutover import signoffs no-by.csv 2>err &&
	test_one_error err "no-by.csv:1: no ${SQ}by${SQ} column" &&
	printf "task,by\n\"focal-point@dai-son,An\n" >quote.csv &&
	test_expect_code 1 cutover import signoffs quote.csv 2>err &&
	test_one_error err "quote.csv:2" &&
	printf "task,by\nfocal-point@dai-son,A\377n\n" >latin.csv &&
	test_expect_code 1 cutover import signoffs latin.csv 2>err &&
	test_one_error err "latin.csv:2" "UTF-8" &&
	printf "task,by\n" >empty.csv &&
	test_expect_code 1 cutover import signoffs empty.csv 2>err &&
	test_one_error err "empty.csv: no rows to import" &&
	test_expect_code 1 cutover import signoffs absent.csv 2>err &&
	test_one_error err "cannot read ${SQ}absent.csv${SQ}" &&
	test_expect_code 2 cutover import signoffs 2>err &&
	test_one_error err "${SQ}import signoffs${SQ} needs FILE" &&
	test_expect_code 2 cutover import frob 2>err &&
	test_one_error err "${SQ}frob${SQ} is not an import subcommand" &&
	nothing_written
'

test_expect_success 'the ledger verifies after all of it' '
	cutover verify >out &&
	test_grep "^ledger ok" out
'

test_done
