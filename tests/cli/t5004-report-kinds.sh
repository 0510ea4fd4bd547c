#!/bin/sh
test_description='report daily, unit and contacts: routing, the day and its report time, options, paths, errors'
. "$(dirname "$0")/lib.sh"
. "$REPO_ROOT/tests/data/report/lib.sh"

# report AT ARGS... : in the workspace at time AT; its stdout in ../out,
# its stderr in ../err.
report () {
	when=$1
	shift
	(cd ws && CUTOVER_NOW=$when "$CUTOVER" report "$@" >../out 2>../err)
}

# section FILE HEADING : the lines of FILE's "## HEADING" section.
section () {
	awk -v h="## $2" '$0 == h { on = 1; next } /^## / { on = 0 } on' "$1"
}

test_expect_success 'setup: the scenario' '
	report_scenario ws
'

test_expect_success 'daily: the default day is today by the clock, the path says it' '
	report "$REPORT_NOW" daily &&
	test_line_count = 0 err &&
	test_grep -x "output/daily-dien-tap-2026-05-30.md" out &&
	test_grep -x -- "- Ngày báo cáo: 30/05/2026" ws/output/daily-dien-tap-2026-05-30.md &&
	report "2026-05-31 00:30" daily &&
	test_grep -x "output/daily-dien-tap-2026-05-31.md" out &&
	test_grep -x -- "- Tình hình tính đến: 31/05/2026 00:30 (T+1d 2h)" \
		ws/output/daily-dien-tap-2026-05-31.md
'

test_expect_success 'daily: each unit'"'"'s report goes to the recipient the runbook routes it to' '
	f=ws/output/daily-dien-tap-2026-05-30.md &&
	section $f "Phụ lục A. Báo cáo gửi đúng hạn, chưa đến hạn hoặc không đến hạn trong ngày" >sent &&
	test_grep "^| Sở Tài chính | hoàn thành lúc 30/05/2026 15:45, bởi Trần Thị Bình | summary: Không phát sinh sự cố; Ghi chú: Gửi kèm bảng tổng hợp | Công an tỉnh | " sent &&
	test_grep "^| Xã Đại Sơn | hoàn thành lúc .* | Công an xã Đại Sơn | " sent &&
	test_grep "^| Công an tỉnh | hoàn thành lúc .* | Trung tâm Dữ liệu quốc gia | Tổng hợp báo cáo gửi TTDLQG |$" sent &&
	test_grep -v "^| Xã Tân Sơn" sent &&
	section $f "Báo cáo quá hạn hoặc gửi trễ" >late &&
	test_grep "^| Xã Tân Sơn | quá hạn, chưa gửi | 30/05/2026 16:00 | Công an xã Tân Sơn | Báo cáo tình hình trước 16h |$" late &&
	grep "^| Xã\|^| Sở\|^| Công" late >rows &&
	test_line_count = 1 rows
'

test_expect_success 'daily: the day in figures first, then only the recipients with something late or raised' '
	f=ws/output/daily-dien-tap-2026-05-30.md &&
	test_grep -x "Trong ngày 30/05/2026: 1/4 báo cáo quá hạn chưa gửi, 0 gửi trễ; 2 vướng mắc mới." $f &&
	section $f "Tổng hợp trong ngày" >figures &&
	test_grep "^| 4 | 3 | 0 | 1 | 0 | 2 | [0-9]* |$" figures &&
	section $f "Theo nơi nhận" >recipients &&
	test_grep "^| Công an xã Tân Sơn | 1 | 0 | 0 | 1 | 1 | 0 |$" recipients &&
	test_grep "^| Công an xã Đại Sơn | 0 | 0 | 1 | 1 | 1 | 1 |$" recipients &&
	test_grep -v "Trung tâm Dữ liệu quốc gia" recipients &&
	test_grep "^1 nơi nhận khác" recipients
'

test_expect_success 'daily: a recipient reads the difficulties routed to it that day' '
	f=ws/output/daily-dien-tap-2026-05-30.md &&
	section $f "Khó khăn, vướng mắc ghi nhận trong ngày" >issues &&
	test_grep "^| Xã Đại Sơn | high | .* | đang mở | Trung tâm Phục vụ hành chính công tỉnh, Công an xã Đại Sơn | 30/05/2026 09:30 | 1 |$" issues &&
	test_grep "^| Sở Tài chính | low | Mã phí chưa hiển thị trên Cổng mới | đã xử lý | .*Công an tỉnh | .* | 2 |$" issues &&
	report "$REPORT_NOW" daily --recipient ca-tan-son -o ../tan-son.md &&
	section tan-son.md "Khó khăn, vướng mắc ghi nhận trong ngày" >issues &&
	test_grep "Không có khó khăn, vướng mắc nào" issues &&
	report "$REPORT_NOW" daily --recipient cong-an-tinh -o ../police.md &&
	section police.md "Khó khăn, vướng mắc ghi nhận trong ngày" >issues &&
	test_grep "| 2 |$" issues &&
	test_grep -v "| 1 |$" issues
'

test_expect_success 'daily --date takes both date forms, and the same day gives the same report' '
	report "$REPORT_NOW" daily --date 2026-05-29 -o ../a.md &&
	report "$REPORT_NOW" daily --date 29/05/2026 -o ../b.md &&
	test_cmp a.md b.md &&
	test_grep -x -- "- Tình hình tính đến: 29/05/2026 23:59 (T+1h 59m)" a.md
'

test_expect_success 'daily: a past day is read as it stood that evening' '
	(cd ws && CUTOVER_NOW="2026-05-30 19:00" cutover sign focal-point@tan-son \
		--by "Lê Thị Dung" --evidence name="Lê Thị Dung" \
		--evidence position="Văn phòng" --evidence phone=0911222333 >/dev/null) &&
	report "2026-05-30 20:00" daily --date 29/05/2026 -o ../past.md &&
	test_grep "^| Xã Tân Sơn | 0 | 2 | Cử cán bộ đầu mối (hạn 29/05/2026 10:00) |$" past.md &&
	report "2026-05-30 20:00" daily -o ../today.md &&
	test_grep -v "^| Xã Tân Sơn | .* | Cử cán bộ đầu mối" today.md &&
	test_grep "^| Xã Tân Sơn | 0 | 2 | Rà soát tài khoản, phân quyền (hạn 29/05/2026 18:00) |$" today.md
'

test_expect_success 'daily --recipient writes its own part, under its own name' '
	report "$REPORT_NOW" daily --recipient ca-dai-son &&
	test_grep -x "output/daily-ca-dai-son-dien-tap-2026-05-30.md" out &&
	grep "^## " ws/output/daily-ca-dai-son-dien-tap-2026-05-30.md >headings &&
	cat >want <<-\EOF &&
	## Gửi: Công an xã Đại Sơn
	## Kết luận
	## Tổng hợp trong ngày
	## Báo cáo quá hạn hoặc gửi trễ
	## Khó khăn, vướng mắc ghi nhận trong ngày
	## Đơn vị còn việc trễ hạn hoặc bị chặn (bị chặn trước, rồi nhiều việc trễ nhất)
	## Phụ lục A. Báo cáo gửi đúng hạn, chưa đến hạn hoặc không đến hạn trong ngày
	## Phụ lục B. Lượt chạy và sổ cái
	EOF
	test_cmp want headings &&
	test_grep -v "^| Xã Tân Sơn\\|^| Sở Tài chính" ws/output/daily-ca-dai-son-dien-tap-2026-05-30.md
'

test_expect_success 'daily: a bad date is bad usage; a day to come or a recipient nobody reports to fails' '
	for bad in 30/05 2026-05-30T10:00 "2026-05-30 10:00" tomorrow 31/02/2026
	do
		test_expect_code 2 report "$REPORT_NOW" daily --date "$bad" &&
		test_one_error err "--date" || return 1
	done &&
	test_expect_code 1 report "$REPORT_NOW" daily --date 2026-05-31 &&
	test_one_error err "2026-05-31" "after today" &&
	test_expect_code 1 report "$REPORT_NOW" daily --recipient ttpvhcc &&
	test_one_error err "ttpvhcc" &&
	test_expect_code 1 report "$REPORT_NOW" daily --recipient nobody &&
	test_one_error err "nobody" &&
	test_line_count = 0 out
'

test_expect_success 'options of one kind are bad usage with another' '
	test_expect_code 2 report "$REPORT_NOW" readiness --date 2026-05-30 &&
	test_one_error err "--date" &&
	test_expect_code 2 report "$REPORT_NOW" unit dai-son --recipient ca-dai-son &&
	test_one_error err "--recipient" &&
	test_expect_code 2 report "$REPORT_NOW" daily --step focal-point &&
	test_one_error err "--step" &&
	test_expect_code 2 report "$REPORT_NOW" unit &&
	test_one_error err "UNIT" &&
	test_expect_code 2 report "$REPORT_NOW" unit dai-son tan-son &&
	test_one_error err &&
	test_expect_code 2 report "$REPORT_NOW" contacts extra &&
	test_one_error err "extra"
'

test_expect_success 'unit: the checklist as a task list, the path names the unit' '
	report "$REPORT_NOW" unit dai-son &&
	test_grep -x "output/unit-dai-son-dien-tap-2026-05-30.md" out &&
	f=ws/output/unit-dai-son-dien-tap-2026-05-30.md &&
	test_grep -x -- "- \[x\] .focal-point@dai-son. Cử cán bộ đầu mối" $f &&
	test_grep -x -- "- \[ \] .accounts@dai-son. Rà soát tài khoản, phân quyền" $f &&
	test_grep -x -- "  - Ghi chú: Không đăng nhập được bằng VNeID" $f &&
	test_grep -x -- "  - Bằng chứng: email: an.nv@daison.example.vn; name: Nguyễn Văn An; phone: 0912345678; position: Công chức Văn phòng - Thống kê" $f &&
	grep -c "^- \[[ x]\] " $f >n &&
	echo 4 >four &&
	test_cmp four n
'

test_expect_success 'unit: a unit of the run without tasks, and one not in the run' '
	report "$REPORT_NOW" unit ttdlqg &&
	test_grep "Đơn vị không có nhiệm vụ nào" ws/output/unit-ttdlqg-dien-tap-2026-05-30.md &&
	test_expect_code 1 report "$REPORT_NOW" unit nowhere &&
	test_one_error err "nowhere" "dien-tap" &&
	test_line_count = 0 out
'

test_expect_success 'contacts: from the focal-point step; units without one listed' '
	report "$REPORT_NOW" --lang en contacts &&
	test_grep -x "output/contacts-dien-tap-2026-05-30.md" out &&
	f=ws/output/contacts-dien-tap-2026-05-30.md &&
	test_grep -x -- "- Units with a focal point: 3/3" $f &&
	test_grep -x "| Xã Tân Sơn | Lê Thị Dung | Văn phòng | 0911222333 | – | 2026-05-30 19:00 |" $f &&
	test_grep -x "Every unit has a focal point." $f
'

test_expect_success 'contacts --step names another step; an unknown one fails' '
	report "$REPORT_NOW" contacts --step accounts -o ../acc.md &&
	test_grep -x -- "- Theo bước: .accounts. Rà soát tài khoản, phân quyền (D1.4)" acc.md &&
	test_grep -x "| Sở Tài chính | – | – | – | – | 29/05/2026 15:30 |" acc.md &&
	test_expect_code 1 report "$REPORT_NOW" contacts --step nope &&
	test_one_error err "nope"
'

test_expect_success 'contacts: without a focal-point step, the step whose evidence has a name and a phone' '
	mkdir -p other/book/units &&
	sed -e "s/focal-point/dau-moi/g" "$REPORT_DATA/report.lua" >other/book/report.lua &&
	cp "$REPORT_DATA/units/report.yaml" other/book/units/ &&
	(
		cd other &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name khac book/report.lua >/dev/null &&
		test_expect_code 1 cutover report contacts >out 2>err &&
		test_one_error err "--step" &&
		cutover sign dau-moi@dai-son --by An --evidence name=An \
			--evidence position=X --evidence phone=0912345678 >/dev/null &&
		cutover report -o c.md contacts >/dev/null &&
		test_grep -x -- "- Theo bước: .dau-moi. Cử cán bộ đầu mối (D1.1)" c.md &&
		test_grep -x "| Xã Đại Sơn | An | X | 0912345678 | – | 28/05/2026 12:00 |" c.md
	)
'

test_expect_success GIT 'after an upgrade archives tasks, the reports leave them out' '
	mkdir -p up/repo &&
	cp -r "$REPORT_DATA"/. up/repo/ &&
	(
		cd up &&
		git -C repo init -q &&
		git -C repo add -A &&
		git -C repo commit -q -m v1 &&
		cutover init >/dev/null &&
		CUTOVER_NOW="2026-05-30 17:00" &&
		export CUTOVER_NOW &&
		cutover start --rehearsal --name up repo/report.lua >/dev/null &&
		cutover sign "police-daily@cong-an-tinh#2026-05-30" --by PC06 \
			--evidence summary=ok >/dev/null &&
		sed -e "/^section { id = \"s2\"/,/^section { id = \"s3\"/{/^section { id = \"s3\"/!d}" \
			repo/report.lua >repo/v2.lua &&
		mv repo/v2.lua repo/report.lua &&
		test_grep -v "police-daily" repo/report.lua &&
		git -C repo commit -q -a -m v2 &&
		cutover upgrade --to HEAD >/dev/null &&
		for kind in readiness daily contacts "unit cong-an-tinh"
		do
			# shellcheck disable=SC2086
			cutover report -o r.md $kind >/dev/null &&
			test_grep -v "police-daily\|Trung tâm Dữ liệu quốc gia" r.md ||
			return 1
		done &&
		test_grep "Đơn vị không có nhiệm vụ nào" r.md
	)
'

test_expect_success 'the default path makes a file name of any run name' '
	mkdir odd &&
	(
		cd odd &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name "a/b c<d>" "$REPORT_DATA/report.lua" >/dev/null &&
		cutover report --format html contacts >out &&
		test_grep -x "output/contacts-a-b-c-d--2026-05-28.html" out &&
		test -f output/contacts-a-b-c-d--2026-05-28.html
	)
'

# Pinned: a report due at 00:00 is due on the day that midnight starts,
# not on the day before it ends.
test_expect_success 'daily: a report due at 00:00 is due that day' '
	mkdir midnight &&
	cp -r "$TEST_DATA/units" midnight/units &&
	cat >midnight/midnight.lua <<-\EOF &&
	runbook { id = "midnight", title = "Midnight", t0 = "2026-05-29 22:00",
	          units = "units/mini.yaml" }
	section { id = "s1", title = "S" }
	step { id = "night-report", title = "Night report", owners = "dai-son",
	       report_to = "ttpvhcc",
	       every = daily { before = "00:00", from = "T", to = "T+2d" } }
	EOF
	(
		cd midnight &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name m midnight.lua >/dev/null &&
		CUTOVER_NOW="2026-05-30 12:00" cutover report --lang en \
			-o d30.md daily --date 30/05/2026 >/dev/null &&
		CUTOVER_NOW="2026-05-30 12:00" cutover report --lang en \
			-o d29.md daily --date 29/05/2026 >/dev/null
	) &&
	test_grep "^| .* | overdue, not sent | 2026-05-30 00:00 | .* | Night report |$" \
		midnight/d30.md &&
	test_grep "^| .* | no report due that day (next: 2026-05-30 00:00) | – | .* | Night report |$" \
		midnight/d29.md
'

test_done
