#!/bin/sh
test_description='the first page of the readiness and daily reports decides

The demo (scripts/demo, run in this test'"'"'s own folder) is the evening
of 29/05/2026 in Bắc Ninh: one fee review blocked at Xã Tân Sơn, a
critical difficulty raised by MobiFone, an account review at Xã Kép
accepted with a waiver of its check'"'"'s findings. The first page of its
readiness report (18:00) and of its daily report (30/05, 16:05) must
equal their golden files under tests/golden/report/ and name all three.
After a deliberate change:

	UPDATE_GOLDEN=1 CUTOVER=build/cutover tests/cli/t5016-report-first-page.sh
'
. "$(dirname "$0")/lib.sh"

GOLDEN=$REPO_ROOT/tests/golden/report

# first_page MD : the title block, the verdict and the section after it
# (readiness: the summary; daily: the day in figures), up to the details.
first_page () {
	awk '/^## / { n++ } n < 3' "$1"
}

check_golden () {
	if test -n "$UPDATE_GOLDEN"; then
		cp "$2" "$GOLDEN/$1" && return 0
	fi
	test_cmp "$GOLDEN/$1" "$2"
}

test_expect_success 'setup: the demo, in a folder of its own' '
	CUTOVER_DEMO_DIR=$PWD/demo CUTOVER_DEMO_OUTPUT=$PWD/out \
		"$REPO_ROOT/scripts/demo" "$CUTOVER" >demo.out 2>demo.err &&
	test -s out/readiness-dien-tap-29-05.md &&
	test -s out/daily-dien-tap-30-05.md &&
	first_page out/readiness-dien-tap-29-05.md >readiness.first &&
	first_page out/daily-dien-tap-30-05.md >daily.first
'

test_expect_success 'the first pages equal their golden files' '
	check_golden demo-readiness-first.vi.md readiness.first &&
	check_golden demo-daily-first.vi.md daily.first
'

test_expect_success 'the first page says whether the run is ready and what the gate decided' '
	test_grep "^\*\*Chưa sẵn sàng cho T0\*\*: [0-9]* nhiệm vụ đến hạn trước T0 chưa xong; 1 bị chặn hoặc không đạt\.$" readiness.first &&
	test_grep "^- Điểm quyết định: Quyết định ngắt chuyển (go/no-go) .* — \*\*chưa quyết định\*\*, hạn 29/05/2026 21:00" readiness.first &&
	test_grep "^\*\*Đã qua T0, còn việc chưa xong\*\*" daily.first
'

test_expect_success 'the first screen names the blocked commune, the critical difficulty and the waiver' '
	for f in readiness.first daily.first
	do
		test_grep "cần xử lý trước: Xã Tân Sơn (1 bị chặn/không đạt" $f &&
		test_grep "^| Xã Tân Sơn | bị chặn | Kho bạc chưa cấp tài khoản thụ hưởng mới" $f &&
		test_grep "^| MobiFone Bắc Ninh | critical | \\\\#3 Tài khoản cán bộ một cửa 12 xã" $f &&
		test_grep "^- Ký xác nhận miễn trừ hoặc vượt điều kiện: 1$" $f &&
		test_grep "^| Xã Kép | Rà soát tài khoản, phân quyền .* | miễn trừ, bởi Quản trị hệ thống kep | Ba tài khoản dùng chung sẽ khóa ngay sau T0" $f &&
		test_grep "^- Trực 24/7: [0-9]*/[0-9]* đơn vị còn khoảng trống; lớn nhất: " $f ||
		return 1
	done
'

test_expect_success 'the first page holds no task key, hash or commit; the appendix does' '
	for f in readiness.first daily.first
	do
		test_grep -v "[a-z0-9-]@[a-z0-9-]" $f &&
		test_grep -v "[0-9a-f]\{12\}" $f || return 1
	done &&
	test_grep "^- Sổ cái: [0-9]* sự kiện, mã băm cuối .[0-9a-f]\{64\}.$" out/readiness-dien-tap-29-05.md &&
	test_grep "^| Quyết định ngắt chuyển .* | .go-no-go@trung-tam-phuc-vu-hanh-chinh-cong-tinh. |$" out/readiness-dien-tap-29-05.md
'

test_expect_success 'directive items show with their titles; a unit with a blocked task comes first' '
	test_grep "^| D1.1 — Cử cán bộ đầu mối" out/readiness-dien-tap-29-05.md &&
	test_grep -v "^| D[0-9.]* |" out/readiness-dien-tap-29-05.md &&
	awk "/^## Phụ lục B/ { on = 1; next } /^## / { on = 0 } on && /^\| [^-]/ { n++ } on && n == 2 { print; exit }" \
		out/readiness-dien-tap-29-05.md >first-unit &&
	test_grep "^| Xã Tân Sơn | 1 |" first-unit &&
	awk "/^## Đơn vị chưa sẵn sàng/ { on = 1; next } /^## / { on = 0 } on && /^\| [^-]/ { n++ } on && n == 2 { print; exit }" \
		out/readiness-dien-tap-29-05.md >first-unit &&
	test_grep "^| Xã Tân Sơn | 1 |" first-unit
'

test_expect_success 'the daily report lists what is late, and only counts the units on time' '
	test_grep "^Trong ngày 30/05/2026: [0-9]*/[0-9]* báo cáo quá hạn chưa gửi" daily.first &&
	awk "/^## Báo cáo quá hạn hoặc gửi trễ/ { on = 1; next } /^## / { on = 0 } on && /^\| [^-]/" \
		out/daily-dien-tap-30-05.md >late &&
	awk "/^## Phụ lục A/ { on = 1; next } /^## / { on = 0 } on && /^\| [^-]/" \
		out/daily-dien-tap-30-05.md >sent &&
	sed -n "s/^Trong ngày 30\/05\/2026: \([0-9]*\)\/.*/\1/p" daily.first >overdue &&
	# the header row and one row per overdue or late report
	test $(($(wc -l <late) - 1)) -ge "$(cat overdue)" &&
	test "$(wc -l <sent)" -gt "$(wc -l <late)" &&
	test_grep -v "^## Gửi: " out/daily-dien-tap-30-05.md
'

test_done
