#!/bin/sh
test_description='a rehearsal of the whole Bắc Ninh runbook, from the start to the gate to the survey day'
. "$(dirname "$0")/lib.sh"

RB=$RUNBOOKS/bac-ninh.lua
SAMPLES=$RUNBOOKS/samples
TTPVHCC=trung-tam-phuc-vu-hanh-chinh-cong-tinh
export CUTOVER_DB="$TRASH_DIRECTORY/state.db"

at () { CUTOVER_NOW="$1"; export CUTOVER_NOW; }

# Two 12-hour shifts a day over the duty window (29/05 20:00 to 05/06
# 22:00): night 20:00-08:00, day 08:00-20:00; the first shift starts
# exactly at the window's start and the last one ends past its end.
roster_rows () { # UNIT ROLE
	for d in 05-29:05-30 05-30:05-31 05-31:06-01 06-01:06-02 06-02:06-03 \
		 06-03:06-04 06-04:06-05 06-05:06-06; do
		day=${d%%:*} next=${d##*:}
		test "$day" = 05-29 ||
			echo "$1,$2,Ca ngày $1,0912000001,2026-$day 08:00,2026-$day 20:00"
		echo "$1,$2,Ca đêm $1,0912000002,2026-$day 20:00,2026-$next 08:00"
	done
}

# Signs every task KEY listed in FILE with the same options; stops at the
# first refusal so that the failure shows which task and why.
sign_all () { # FILE OPTIONS...
	list=$1 && shift &&
	while read -r key; do
		"$CUTOVER" sign "$key" "$@" >>signed.out || return 1
	done <"$list"
}

test_expect_success 'start the rehearsal at 07:00 on 29/05' '
	at "2026-05-29 07:00" &&
	"$CUTOVER" init >/dev/null &&
	"$CUTOVER" start "$RB" --rehearsal --name full --by "TTPVHCC tỉnh" >out &&
	test_grep "1885 tasks" out &&
	"$CUTOVER" --json plan "$RB" >plan.json &&
	python3 -c "
import json
tasks = json.load(open(\"plan.json\"))
owners = [t[\"unit\"] for t in tasks if t[\"step\"] == \"focal-point\"]
open(\"owners\", \"w\").write(\"\".join(u + \"\\n\" for u in sorted(owners)))
" &&
	test_line_count = 113 owners
'

test_expect_success PYTHON3 'daily reports go to the provincial police (departments) and to each commune police (communes, wards)' '
	python3 -c "
import json, re
units = {}
for line in open(\"$RUNBOOKS/units/bac-ninh.yaml\", encoding=\"utf-8\"):
    m = re.match(r\"\s*- \{id: ([a-z0-9-]+),.*kind: ([a-z-]+)\", line)
    if m:
        p = re.search(r\"police: ([a-z0-9-]+)\", line)
        units[m.group(1)] = (m.group(2), p.group(1) if p else None)
tasks = [t for t in json.load(open(\"plan.json\")) if t[\"step\"] == \"daily-report\"]
assert len(tasks) >= 113 * 7, len(tasks)
seen = set()
for t in tasks:
    kind, police = units[t[\"unit\"]]
    want = \"cong-an-tinh\" if kind in (\"department\", \"tax\") else police
    assert want, t[\"key\"]
    assert t[\"recipient\"] == want, (t[\"key\"], t[\"recipient\"], want)
    seen.add(kind)
assert seen == {\"department\", \"tax\", \"commune\", \"ward\"}, seen
print(\"ok\", len(tasks))
" >out &&
	test_grep "^ok" out
'

test_expect_success 'focal points: guidance, every unit, the compilation' '
	at "2026-05-29 07:30" &&
	"$CUTOVER" sign focal-guidance@$TTPVHCC --by "Nguyễn Thu Hà" \
		--evidence reference="Hướng dẫn 15/HD-TTPVHCC" >/dev/null &&
	at "2026-05-29 09:00" &&
	sed "s/^/focal-point@/" owners >keys &&
	sign_all keys --by "Văn thư" --evidence name="Cán bộ đầu mối" \
		--evidence position="Chuyên viên" --evidence phone=0912345678 &&
	at "2026-05-29 11:00" &&
	"$CUTOVER" sign focal-compile@$TTPVHCC --by "Nguyễn Thu Hà" \
		--evidence units_reported=113 >/dev/null
'

test_expect_success 'a desk cannot be signed before its roster covers the window' '
	at "2026-05-29 15:00" &&
	test_must_fail "$CUTOVER" sign incident-desk@dai-son --by "Văn phòng" \
		--evidence lead="Trưởng ca" --evidence phone=0222111222 2>err &&
	test_grep "truc-su-co" err &&
	test_grep "no one on duty" err
'

test_expect_success 'the 24/7 rosters of every desk, imported in one file, cover the window' '
	at "2026-05-29 16:00" &&
	{
		echo "unit,role,person,phone,from,to" &&
		while read -r u; do
			roster_rows "$u" truc-su-co && roster_rows "$u" truc-ho-tro
		done <owners &&
		roster_rows vien-thong-bac-ninh truc-ky-thuat &&
		roster_rows mobifone-bac-ninh truc-van-hanh &&
		roster_rows $TTPVHCC truc-thuong-truc
	} >roster.csv &&
	"$CUTOVER" roster import roster.csv --by "TTPVHCC tỉnh" >out &&
	"$CUTOVER" roster gaps --exit-code >gaps &&
	test_grep "229 of 229 duties covered" gaps &&
	"$CUTOVER" roster import roster.csv --by "TTPVHCC tỉnh" >again &&
	test_grep "0 added" again
'

test_expect_success 'every desk is signed' '
	at "2026-05-29 17:00" &&
	sed "s/^/incident-desk@/" owners >keys &&
	sed "s/^/support-desk@/" owners >>keys &&
	echo vnpt-desk@vien-thong-bac-ninh >>keys &&
	echo mobifone-desk@mobifone-bac-ninh >>keys &&
	echo standing-force@$TTPVHCC >>keys &&
	sign_all keys --by "Trưởng ca trực" --evidence lead="Trưởng ca trực" \
		--evidence phone=0222111222
'

# The number of distinct procedure codes (the first column) of a sample.
procedures () { tail -n +2 "$1" | cut -d, -f1 | sort -u | wc -l; }

test_expect_success 'account, fee and catalogue reviews of every unit pass their data checks' '
	at "2026-05-29 17:30" &&
	fees=$(procedures "$SAMPLES/fees-good.csv") &&
	catalogue=$(procedures "$SAMPLES/catalogue-good.csv") &&
	while read -r u; do
		sed "s/,dai-son,/,$u,/" "$SAMPLES/accounts-dai-son.csv" >acc.csv &&
		"$CUTOVER" sign account-review@$u --by "Quản trị $u" \
			--attach accounts=acc.csv --evidence reviewed=6 \
			--evidence fixed=1 >>signed.out &&
		"$CUTOVER" sign fee-review@$u --by "Kế toán $u" \
			--attach fees="$SAMPLES/fees-good.csv" \
			--evidence procedures=$fees \
			>>signed.out &&
		"$CUTOVER" sign catalogue-review@$u --by "Văn phòng $u" \
			--attach catalogue="$SAMPLES/catalogue-good.csv" \
			--evidence procedures=$catalogue \
			>>signed.out || return 1
	done <owners
'

test_expect_success 'infrastructure, risks and procedures before the gate' '
	at "2026-05-29 18:00" &&
	"$CUTOVER" sign infra-ready@so-khoa-hoc-va-cong-nghe --by "Phòng CNTT" \
		--evidence tested=true >/dev/null &&
	"$CUTOVER" sign risk-assessment@so-khoa-hoc-va-cong-nghe --by "Phòng CNTT" \
		--attach assessment="$SAMPLES/risk-assessment.md" \
		--evidence high_risks=1 --evidence mitigations="Đối soát 2 giờ một lần" >/dev/null &&
	"$CUTOVER" sign procedures-stable@$TTPVHCC --by "Nguyễn Thu Hà" \
		--evidence checked=2046 --evidence errors=0 >/dev/null
'

# Without --force, a gate is decided go only when all it requires is done.
test_expect_success 'at 21:00 the gate cannot be signed: TTDLQG has not confirmed, it is decided NO-GO' '
	at "2026-05-29 21:00" &&
	test_must_fail "$CUTOVER" sign go-no-go@$TTPVHCC --by "Phó Chủ tịch UBND tỉnh" \
		--evidence decided_by="Phó Chủ tịch UBND tỉnh" \
		--evidence ttdlqg_confirmed=true --evidence units_not_ready=0 2>err &&
	test_grep "gate decide" err &&
	"$CUTOVER" gate decide go-no-go@$TTPVHCC --no-go --by "Phó Chủ tịch UBND tỉnh" \
		--reason "TTDLQG chưa xác nhận khung giờ ngắt chuyển" >out &&
	test_grep "^decided no-go for go-no-go@" out
'

test_expect_success 'the no-go holds the cutover and sets the fallback path going' '
	"$CUTOVER" next >out &&
	test_grep "^no-go of go-no-go@$TTPVHCC in force" out &&
	test_grep "1 hour left  *nogo-notify@.* \[fallback of go-no-go\] NO-GO: báo ngay" out &&
	test_grep "go-no-go@.* \[no-go\] Quyết định ngắt chuyển" out &&
	test_must_fail "$CUTOVER" sign cutover-execute@$TTPVHCC --by "Tổ triển khai" \
		--evidence completed_at="22:47" --evidence smoke_test=true 2>err &&
	test_grep "requires what is not done yet: go-no-go@" err
'

test_expect_success 'at 21:15 TTDLQG confirms: decided GO, the fallback path is set aside' '
	at "2026-05-29 21:15" &&
	"$CUTOVER" gate decide go-no-go@$TTPVHCC --go --by "Phó Chủ tịch UBND tỉnh" \
		--evidence decided_by="Phó Chủ tịch UBND tỉnh" \
		--evidence ttdlqg_confirmed=true --evidence units_not_ready=0 >out &&
	test_grep "^decided go for go-no-go@" out &&
	"$CUTOVER" next --limit 0 >out &&
	test_grep -v "nogo-notify" out &&
	"$CUTOVER" gate list >out &&
	test_grep "no-go, Phó Chủ tịch UBND tỉnh: TTDLQG chưa xác nhận" out &&
	test_grep "^  \* #[0-9]*  2026-05-29 21:15  go, Phó Chủ tịch UBND tỉnh" out
'

test_expect_success 'the cutover runs at 22:00 and the connection is checked' '
	at "2026-05-29 23:30" &&
	"$CUTOVER" sign cutover-execute@$TTPVHCC --by "Tổ triển khai" \
		--evidence completed_at="22:47" --evidence smoke_test=true >/dev/null &&
	at "2026-05-29 23:50" &&
	"$CUTOVER" sign vnpt-connection-check@vien-thong-bac-ninh --by "VNPT" \
		--evidence connected=true --evidence sync_ok=true >/dev/null
'

test_expect_success 'the night of the cutover: difficulties raised, one resolved' '
	at "2026-05-30 01:10" &&
	"$CUTOVER" issue add --unit dai-son --system catalogue --severity high \
		--by "Văn phòng xã Đại Sơn" "Thủ tục 1.001193 chưa hiển thị trên Cổng mới" >out &&
	test_grep "Các Bộ chủ quản" out &&
	at "2026-05-30 02:00" &&
	"$CUTOVER" issue add --unit mobifone-bac-ninh --system vneid --severity critical \
		--by "MobiFone Bắc Ninh" "Một số tài khoản một cửa chưa đăng nhập bằng VNeID" >out &&
	test_grep "Chủ tịch UBND tỉnh" out &&
	at "2026-05-30 05:00" &&
	"$CUTOVER" issue resolve 2 --by "MobiFone Bắc Ninh" \
		--resolution "Đã cấp lại liên kết VNeID cho 12 tài khoản" >/dev/null &&
	"$CUTOVER" issue list --open >open &&
	test_line_count = 2 open
'

test_expect_success 'survey day: the preparation takes the compiled difficulties and two communes' '
	at "2026-05-30 07:30" &&
	"$CUTOVER" issue list --format md >difficulties.md &&
	test_grep "Tổng hợp khó khăn" difficulties.md &&
	"$CUTOVER" report readiness -o survey-report.md >/dev/null &&
	test_must_fail "$CUTOVER" sign survey-prep@$TTPVHCC --by "Nguyễn Thu Hà" \
		--evidence communes="dai-son, so-tai-chinh" \
		--evidence participants="A, TTPVHCC; B, xã Đại Sơn; C, xã Sơn Động" \
		--attach report=survey-report.md --attach difficulties=difficulties.md 2>err &&
	test_grep "survey-units" err &&
	"$CUTOVER" sign survey-prep@$TTPVHCC --by "Nguyễn Thu Hà" \
		--evidence communes="dai-son, son-dong" \
		--evidence participants="A, TTPVHCC; B, xã Đại Sơn; C, xã Sơn Động" \
		--attach report=survey-report.md --attach difficulties=difficulties.md >out &&
	test_grep "signed survey-prep@" out &&
	at "2026-05-30 17:00" &&
	echo "Biên bản: 1 kiến nghị về đồng bộ danh mục TTHC" >minutes.md &&
	"$CUTOVER" sign survey-meeting@$TTPVHCC --by "Nguyễn Thu Hà" \
		--evidence summary="Đoàn khảo sát tại TTPVHCC, Đại Sơn, Sơn Động" \
		--evidence recommendations=1 --attach minutes=minutes.md >/dev/null
'

test_expect_success 'the readiness report after the survey shows the gate, the duty and the open difficulty' '
	at "2026-05-30 18:00" &&
	"$CUTOVER" report readiness -o readiness.md >/dev/null &&
	test_grep "229/229" readiness.md &&
	test_grep "1 vướng mắc đang mở, 1 đã xử lý" readiness.md &&
	test_grep "| hoàn thành | .* | .go-no-go@" readiness.md &&
	test_grep "^- Điểm quyết định: .* — \*\*đã quyết định: go\*\*" readiness.md &&
	test_grep "^| .go-no-go@.* | \*\*NO-GO\*\* (đã thay thế) | Phó Chủ tịch UBND tỉnh | 29/05/2026 21:00 | TTDLQG chưa xác nhận" readiness.md &&
	test_grep "^| .go-no-go@.* | \*\*GO\*\* (đang có hiệu lực) | Phó Chủ tịch UBND tỉnh | 29/05/2026 21:15 |" readiness.md
'

test_expect_success 'every sign-off acknowledged is in the ledger, and the ledger verifies' '
	grep -c "^signed " signed.out >acked &&
	test "$(cat acked)" -eq $((113 * 6 + 3)) &&
	"$CUTOVER" verify >out &&
	test_grep "ledger ok" out
'

test_done
