#!/bin/sh
test_description='data checks of the bundled runbook: accounts (D1.4), fees (D1.5), catalogue (D1.6), survey preparation (D6.6)'
. "$(dirname "$0")/lib.sh"

SAMPLES=$RUNBOOKS/samples
TTP=trung-tam-phuc-vu-hanh-chinh-cong-tinh
CUTOVER_NOW='2026-05-29 12:00'		# T-10h: before the reviews are due
export CUTOVER_NOW

# nothing_written : the database is as db_snapshot left it in 'before'.
nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

# refused_with EXPECTED TASK -- SIGN-ARGS... : the sign-off of TASK is
# refused (exit 1, one error line naming the task), its findings are
# exactly the lines of EXPECTED, and nothing is written.
refused_with () {
	expect_=$1 task_=$2
	shift 3
	db_snapshot before &&
	test_expect_code 1 cutover sign --by "Cán bộ rà soát" "$@" "$task_" >out 2>err &&
	test_one_error err "refused the sign-off of '$task_'" &&
	sed -n "s/^  - //p" err >findings &&
	test_cmp "$expect_" findings &&
	nothing_written
}

# Each planted mistake of the bad samples, one finding per line, in the
# order the checks report them (runbooks/samples/README.md lists them).
cat >accounts-bad.expect <<\EOF
dòng 2 (daison.chutich): [role-forbidden] Chủ tịch UBND xã không được giữ quyền quan_tri (quản trị hệ thống của đơn vị)
dòng 3 (daison.motcua1): [role-forbidden] Công chức một cửa không được giữ quyền quan_tri (quản trị hệ thống của đơn vị)
dòng 4 (daison.motcua2): [vneid] tài khoản chưa liên kết VNeID
dòng 5 (daison.tuphap): [unit] tài khoản thuộc đơn vị 'Xã Sơn Động', không phải Xã Đại Sơn
dòng 6 (daison.diachinh): [role-missing] Công chức Địa chính cần quyền xu_ly (thẩm định, xử lý hồ sơ)
dòng 7 (daison.motcua2): [duplicate] tên đăng nhập trùng với dòng 4
dòng 8 (daison.tuphap2): [duplicate-person] cùng một người đã có tài khoản ở dòng 5
dòng 9 (daison.vhxh): [id-number] số định danh '0241900123' không đủ 12 chữ số
dòng 10 (daison.kinhte): [login] chưa đăng nhập lần nào: đăng nhập thử qua VNeID trước T0
dòng 11 (daison.vanthu): [position-unknown] chức danh 'Văn thư' không có trong bảng phân quyền
dòng 12 (daison.motcua3): [role-unknown] quyền 'ky_so' không có trong danh mục quyền
[position-missing] không có tài khoản nào cho chức danh bắt buộc: Kế toán
EOF

cat >fees-bad.expect <<\EOF
dòng 3 (1.004873): [fee-code] có thu phí, lệ phí nhưng thiếu mã phí, lệ phí
dòng 4 (2.000908): [account] có thu phí, lệ phí nhưng thiếu tài khoản thụ hưởng
dòng 5 (2.000815): [account] tài khoản thụ hưởng '9527-ABC-5678' không hợp lệ (6–20 chữ số)
dòng 6 (1.003349): [fee-amount] mức phí, lệ phí '-28000' là số âm
dòng 7 (1.003349): [fee-amount] mức phí, lệ phí '150.000' không phải số nguyên đồng (viết liền, không dấu chấm, dấu phẩy)
dòng 8 (1.001022): [processing-time] thời gian giải quyết bằng 0 ngày (phải lớn hơn 0)
dòng 9 (1.001022): [duplicate] trùng mã thủ tục và mã phí với dòng 8
dòng 10 (1.00419): [procedure-code] mã thủ tục '1.00419' không đúng dạng mã TTHC quốc gia (ví dụ 1.001193)
dòng 11 (1.004884): [bank] có thu phí, lệ phí nhưng thiếu ngân hàng, kho bạc của tài khoản thụ hưởng
EOF

cat >catalogue-bad.expect <<\EOF
dòng 3 (1.001022): [portal] thủ tục chưa có trên Cổng Dịch vụ công quốc gia mới
dòng 4 (1.004873): [payment] có phí, lệ phí 8000 đồng nhưng chưa cấu hình thanh toán trực tuyến
dòng 5 (1.004873): [duplicate] thủ tục đã có ở dòng 4
dòng 6 (2.000908): [level] mức độ 'trực tuyến' không phải toàn trình hay một phần
dòng 7 (2.000815): [value] cột có trên Cổng mới ghi 'chưa rõ' (phải là có hoặc không)
dòng 8 (1.003349): [fee-amount] mức phí, lệ phí '28.000' không phải số nguyên đồng (viết liền, không dấu chấm, dấu phẩy)
dòng 9 (1.0033): [procedure-code] mã thủ tục '1.0033' không đúng dạng mã TTHC quốc gia (ví dụ 1.001193)
dòng 10 (1.004884): [blank] thiếu tên thủ tục
EOF

test_expect_success 'setup: a rehearsal of the bundled runbook' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name bn "$RUNBOOKS/bac-ninh.lua" >/dev/null
'

test_expect_success 'the bad account export is refused, each planted mistake by row' '
	refused_with accounts-bad.expect account-review@dai-son -- \
		--attach accounts="$SAMPLES/accounts-bad.csv" \
		--evidence reviewed=11 --evidence fixed=0
'

test_expect_success 'the bad fee table is refused, each planted mistake by row' '
	refused_with fees-bad.expect fee-review@dai-son -- \
		--attach fees="$SAMPLES/fees-bad.csv" --evidence procedures=8
'

test_expect_success 'the bad catalogue is refused, each planted mistake by row' '
	refused_with catalogue-bad.expect catalogue-review@dai-son -- \
		--attach catalogue="$SAMPLES/catalogue-bad.csv" --evidence procedures=9
'

test_expect_success 'a good export of another unit is refused on every row for [unit]' '
	db_snapshot before &&
	test_expect_code 1 cutover sign --by X --attach accounts="$SAMPLES/accounts-good.csv" \
		--evidence reviewed=6 --evidence fixed=0 account-review@son-dong >out 2>err &&
	sed -n "s/^  - //p" err >findings &&
	test_line_count = 6 findings &&
	grep -c "^dòng [2-7] (daison\.[a-z0-9]*): \[unit\] tài khoản thuộc đơn vị .Xã Đại Sơn., không phải Xã Sơn Động$" findings >n &&
	echo 6 >expect &&
	test_cmp expect n &&
	nothing_written
'

test_expect_success 'a count that does not match the file is a [count] finding' '
	echo "[count] số tài khoản đã rà soát (reviewed) đã ghi (5) khác số trong tệp đính kèm (6)" >expect &&
	refused_with expect account-review@dai-son -- \
		--attach accounts="$SAMPLES/accounts-good.csv" \
		--evidence reviewed=5 --evidence fixed=0 &&
	echo "[count] số TTHC đã kiểm tra (procedures) đã ghi (6) khác số trong tệp đính kèm (5)" >expect &&
	refused_with expect fee-review@dai-son -- \
		--attach fees="$SAMPLES/fees-good.csv" --evidence procedures=6
'

test_expect_success 'a malformed CSV is a finding naming the file and line, not a crash' '
	printf "username,full_name,unit\r\na,\"B\r\n" >broken.csv &&
	echo "[csv] tệp CSV lỗi: broken.csv:2:3: unterminated quoted field" >expect &&
	refused_with expect account-review@dai-son -- \
		--attach accounts=broken.csv --evidence reviewed=1 --evidence fixed=0 &&
	printf "procedure_code,procedure_name\n1.001193,x,y\n" >ragged.csv &&
	echo "[csv] tệp CSV lỗi: ragged.csv:2:12: record has 3 fields, the header has 2" >expect &&
	refused_with expect catalogue-review@dai-son -- \
		--attach catalogue=ragged.csv --evidence procedures=1 &&
	printf "procedure_code\n\377\n" >binary.csv &&
	echo "[csv] tệp CSV lỗi: binary.csv:2:1: invalid UTF-8" >expect &&
	refused_with expect fee-review@dai-son -- \
		--attach fees=binary.csv --evidence procedures=1
'

test_expect_success 'a file without the needed columns names them' '
	printf "username,full_name\nnguyenvana,Nguyễn Văn A\n" >cols.csv &&
	echo "[columns] cols.csv: thiếu cột '\''unit'\'' (hoặc '\''đơn vị'\''), '\''position'\'' (hoặc '\''chức danh'\''), '\''roles'\'' (hoặc '\''quyền'\''), '\''vneid_linked'\'' (hoặc '\''liên kết vneid'\'')" >expect &&
	refused_with expect account-review@dai-son -- \
		--attach accounts=cols.csv --evidence reviewed=1 --evidence fixed=0
'

test_expect_success 'the good samples are accepted for Đại Sơn' '
	cutover sign --by "Quản trị hệ thống xã Đại Sơn" \
		--attach accounts="$SAMPLES/accounts-good.csv" \
		--evidence reviewed=6 --evidence fixed=0 account-review@dai-son >out 2>err &&
	test_grep "^signed account-review@dai-son" out &&
	cutover sign --by "Kế toán xã Đại Sơn" --attach fees="$SAMPLES/fees-good.csv" \
		--evidence procedures=5 fee-review@dai-son >out 2>err &&
	test_grep "^signed fee-review@dai-son" out &&
	cutover sign --by "Công chức một cửa xã Đại Sơn" \
		--attach catalogue="$SAMPLES/catalogue-good.csv" \
		--evidence procedures=6 catalogue-review@dai-son >out 2>err &&
	test_grep "^signed catalogue-review@dai-son" out &&
	test_line_count = 0 err
'

test_expect_success 'the export may name the unit by id, code or name, in any case' '
	sed "s/,Xã Đại Sơn,/,07627,/" "$SAMPLES/accounts-good.csv" >by-code.csv &&
	sed "s/,Xã Đại Sơn,/,UBND XÃ ĐẠI SƠN,/" "$SAMPLES/accounts-good.csv" >by-upper.csv &&
	cutover reopen --by X --reason "đối chiếu lại" account-review@dai-son >/dev/null &&
	cutover sign --by X --attach accounts=by-code.csv \
		--evidence reviewed=6 --evidence fixed=0 account-review@dai-son >out &&
	test_grep "^signed account-review@dai-son" out &&
	cutover reopen --by X --reason "đối chiếu lại" account-review@dai-son >/dev/null &&
	cutover sign --by X --attach accounts=by-upper.csv \
		--evidence reviewed=6 --evidence fixed=0 account-review@dai-son >out &&
	test_grep "^signed account-review@dai-son" out
'

test_expect_success '--waive records the bad fee table with its findings and reason' '
	cutover reopen --by X --reason "bảng phí mới của Kho bạc" fee-review@dai-son >/dev/null &&
	event_count >before &&
	cutover sign --by "Kế toán xã Đại Sơn" --attach fees="$SAMPLES/fees-bad.csv" \
		--evidence procedures=8 \
		--waive "Kho bạc chưa cấp tài khoản thụ hưởng mới; sửa trước 20h" \
		fee-review@dai-son >out 2>err &&
	test_grep "^signed fee-review@dai-son with a waiver" out &&
	sed -n "s/^  - //p" out >findings &&
	test_cmp fees-bad.expect findings &&
	event_count >after &&
	echo $(( $(cat before) + 1 )) >expect &&
	test_cmp expect after
'

test_expect_success PYTHON3 'the waiver keeps every finding and the reason in the evidence' '
	db_query "select evidence from events where task_key = '\''fee-review@dai-son'\'' and kind = '\''done'\'' order by seq desc limit 1" >ev.json &&
	test_json ev.json &&
	python3 -c "
import json, sys
ev = json.load(open(\"ev.json\"))
w = ev[\"waiver\"]
open(\"waived\", \"w\").write(\"\".join(f + \"\\n\" for f in w[\"findings\"]))
open(\"reason\", \"w\").write(w[\"reason\"] + \"\\n\")
assert ev[\"fees\"][\"name\"] == \"fees-bad.csv\", ev[\"fees\"]
" &&
	test_cmp fees-bad.expect waived &&
	echo "Kho bạc chưa cấp tài khoản thụ hưởng mới; sửa trước 20h" >expect &&
	test_cmp expect reason
'

test_expect_success 'the samples the demo attaches pass for Đại Sơn' '
	mkdir demo &&
	(
		cd demo &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name demo "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
		cutover sign --by "Quản trị hệ thống dai-son" \
			--attach accounts="$SAMPLES/accounts-dai-son.csv" \
			--evidence reviewed=6 --evidence fixed=1 account-review@dai-son >../out &&
		cutover sign --by "Kế toán dai-son" --attach fees="$SAMPLES/fees-dai-son.csv" \
			--evidence procedures=5 fee-review@dai-son >>../out
	) &&
	test_grep "^signed account-review@dai-son" out &&
	test_grep "^signed fee-review@dai-son" out
'

# --- D6.6: the survey delegation's two communes or wards ----------------------

PEOPLE='Nguyễn Thu Hà, Giám đốc TTPVHCC tỉnh; Hoàng Văn Sơn, Chủ tịch UBND xã Đại Sơn; Vi Văn Đức, Chủ tịch UBND xã Sơn Động'

# survey COMMUNES : signs survey-prep with the given communes.
survey () {
	cutover sign --by "Nguyễn Thu Hà" --evidence communes="$1" \
		--evidence participants="$PEOPLE" \
		--attach report=report.md --attach difficulties=issues.md \
		"survey-prep@$TTP"
}

# survey_refused COMMUNES FINDING... : refused with exactly these findings.
survey_refused () {
	communes_=$1
	shift
	printf "%s\n" "$@" >expect &&
	db_snapshot before &&
	test_expect_code 1 survey "$communes_" >out 2>err &&
	test_one_error err "survey-prep@$TTP" &&
	sed -n "s/^  - //p" err >findings &&
	test_cmp expect findings &&
	nothing_written
}

COUNT='[survey-units] phải chọn đúng 02 xã, phường khác nhau (mã đơn vị, cách nhau bằng dấu phẩy); đã ghi 1'

test_expect_success 'survey-prep: setup, the report and the list of difficulties' '
	printf "# Báo cáo Đoàn khảo sát số 5\n\nTình hình chuẩn bị.\n" >report.md &&
	cutover issue list --format md >issues.md &&
	test -s issues.md
'

test_expect_success 'survey-prep refuses one commune' '
	survey_refused "dai-son" "$COUNT"
'

test_expect_success 'survey-prep refuses the same commune twice' '
	survey_refused "dai-son, dai-son" \
		"[survey-units] dai-son (Xã Đại Sơn) được ghi hai lần" "$COUNT"
'

test_expect_success 'survey-prep refuses a unit that is not a commune or ward' '
	survey_refused "dai-son, so-tai-chinh" \
		"[survey-units] so-tai-chinh (Sở Tài chính tỉnh Bắc Ninh) không phải xã, phường" "$COUNT"
'

test_expect_success 'survey-prep refuses an id that is not in the registry' '
	survey_refused "dai-son, xa-khong-co" \
		"[survey-units] '\''xa-khong-co'\'' không phải mã đơn vị trong danh sách đơn vị" "$COUNT"
'

test_expect_success 'survey-prep refuses too few participants and empty files' '
	: >empty.md &&
	printf "%s\n" \
		"[participants] thành phần làm việc phải có đại diện TTPVHCC tỉnh và 02 xã, phường (ít nhất 03 người, cách nhau bằng dấu chấm phẩy)" \
		"[difficulties] tệp tổng hợp vướng mắc, kiến nghị (difficulties) rỗng: đính kèm kết quả của cutover issue list --format md" \
		>expect &&
	db_snapshot before &&
	test_expect_code 1 cutover sign --by H --evidence communes="dai-son, son-dong" \
		--evidence participants="Nguyễn Thu Hà; Hoàng Văn Sơn" \
		--attach report=report.md --attach difficulties=empty.md \
		"survey-prep@$TTP" >out 2>err &&
	sed -n "s/^  - //p" err >findings &&
	test_cmp expect findings &&
	nothing_written
'

test_expect_success 'survey-prep accepts a commune and a ward' '
	survey "dai-son; chu" >out 2>err &&
	test_grep "^signed survey-prep@$TTP" out &&
	test_line_count = 0 err
'

test_expect_success 'survey-prep accepts two communes' '
	cutover reopen --by H --reason "đổi xã khảo sát" "survey-prep@$TTP" >/dev/null &&
	survey "dai-son, son-dong" >out 2>err &&
	test_grep "^signed survey-prep@$TTP" out &&
	test_line_count = 0 err
'

test_done
