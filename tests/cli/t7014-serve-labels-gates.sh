#!/bin/sh
test_description='serve: pages in the runbook'\''s words (labels, never slugs), gates and their decisions, waived sign-offs, no waiver from a unit

Bắc Ninh'\''s runbook labels its roles, difficulty systems, severities,
evidence fields and directive items in Vietnamese and English. A waived
account review at Xã Kép and a no-go of the go/no-go gate show on the
coordinator'\''s overview with the fallback tasks the no-go set going; the
gate'\''s card offers its unit no sign-off, skip or fail; a unit cannot
waive a check'\''s findings through the web.'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

CUTOVER_NOW='2026-05-29 17:00'
export CUTOVER_NOW
GATE=go-no-go@trung-tam-phuc-vu-hanh-chinh-cong-tinh
SAMPLES=$RUNBOOKS/samples

# page JAR PATH : the page at PATH with the session in JAR.
page () {
	web -b "$1" "$SERVE_URL$2"
}

# text_of FILE : the page's text, tags and attribute values left out.
text_of () {
	sed -e 's/<[^>]*>/\n/g' "$1"
}

test_expect_success 'setup: a rehearsal, a waived account review at Xã Kép, a no-go of the gate' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
	cutover token issue kep >kep.token 2>/dev/null &&
	cutover token issue trung-tam-phuc-vu-hanh-chinh-cong-tinh >ttpvhcc.token 2>/dev/null &&
	cutover token issue dai-son >dai-son.token 2>/dev/null &&
	cutover token issue --coordinator >coordinator.token 2>/dev/null &&
	cutover sign account-review@kep --by "Quản trị hệ thống kep" \
		--attach accounts="$SAMPLES/accounts-bad.csv" \
		--evidence reviewed=11 --evidence fixed=0 \
		--waive "Ba tài khoản dùng chung sẽ khóa ngay sau T0" >out &&
	cutover gate decide $GATE --no-go --by "Phó Chủ tịch UBND tỉnh" \
		--reason "TTDLQG chưa xác nhận khung giờ ngắt chuyển" >out &&
	cutover status >status.out &&
	test_grep "no-go\|không" status.out
'

test_expect_success CURL 'setup: a server in the runbook'\''s language, a session of each kind' '
	serve_start &&
	test "$(web_login coordinator.jar "$(cat coordinator.token)" "Văn phòng")" = 303 &&
	test "$(web_login kep.jar "$(cat kep.token)" "Cán bộ xã Kép")" = 303 &&
	test "$(web_login ttpvhcc.jar "$(cat ttpvhcc.token)" "TTPVHCC")" = 303 &&
	test "$(web_login dai-son.jar "$(cat dai-son.token)" "Cán bộ Đại Sơn")" = 303
'

test_expect_success CURL 'the overview shows the gate'\''s no-go with its reason, who decided, and the fallback tasks' '
	page coordinator.jar /c >c.html &&
	test_grep "không ngắt chuyển\|no-go" c.html &&
	test_grep "TTDLQG chưa xác nhận khung giờ ngắt chuyển" c.html &&
	test_grep "Phó Chủ tịch UBND tỉnh" c.html &&
	test_grep "NO-GO: báo ngay TTDLQG" c.html &&
	test_grep "NO-GO: khắc phục các điều kiện chưa đạt" c.html &&
	test_grep "href=\"/t/nogo-notify%40" c.html
'

test_expect_success CURL 'the gate reopened, its fallback tasks and decision leave the overview; decided no-go again, they are back' '
	cutover reopen $GATE --by "Văn phòng" --reason "quyết định lại sau khi TTDLQG xác nhận" >out &&
	page coordinator.jar /c >c2.html &&
	test_grep ! "NO-GO: báo ngay TTDLQG" c2.html &&
	test_grep ! "class=\"decision\"" c2.html &&
	cutover gate decide $GATE --no-go --by "Phó Chủ tịch UBND tỉnh" \
		--reason "TTDLQG chưa xác nhận khung giờ ngắt chuyển" >out &&
	page coordinator.jar /c >c.html &&
	test_grep "NO-GO: báo ngay TTDLQG" c.html
'

test_expect_success CURL 'the waived sign-off shows on the overview with its findings and reason' '
	test_grep "Xã Kép · [^<]*22[^<]*Quản trị hệ thống kep" c.html &&
	test_grep "Ba tài khoản dùng chung sẽ khóa ngay sau T0" c.html &&
	test_grep "href=\"/t/account-review%40kep\"" c.html
'

test_expect_success CURL 'a unit'\''s checklist says the gate was decided no-go, with the reason' '
	page dai-son.jar /u/dai-son >u.html &&
	test_grep "TTDLQG chưa xác nhận khung giờ ngắt chuyển" u.html
'

test_expect_success CURL 'the gate'\''s card offers its unit no sign-off, skip or fail, and says why' '
	page ttpvhcc.jar "/t/$GATE" >g.html &&
	test_grep "go/no-go" g.html &&
	test_grep "gate decide" g.html &&
	test_grep ! "action=\"/t/[^\"]*/sign\"" g.html &&
	test_grep ! "value=\"skip\"" g.html &&
	test_grep ! "value=\"fail\"" g.html &&
	test_grep ! "value=\"reopen\"" g.html &&
	test_grep "TTDLQG chưa xác nhận khung giờ ngắt chuyển" g.html
'

test_expect_success CURL 'a task that requires the gate says it waits on its go' '
	page coordinator.jar /t/cutover-execute%40trung-tam-phuc-vu-hanh-chinh-cong-tinh >w.html &&
	test_grep "Quyết định ngắt chuyển (go/no-go)" w.html &&
	test_grep "TTDLQG chưa xác nhận khung giờ ngắt chuyển" w.html
'

test_expect_success CURL 'a task'\''s card shows the evidence fields'\'' labels and the directive item'\''s title, no slug' '
	page kep.jar /t/focal-point%40kep >f.html &&
	text_of f.html >f.txt &&
	test_grep "^Họ tên" f.txt &&
	test_grep "^Số điện thoại" f.txt &&
	test_grep "D1.1: Cử cán bộ đầu mối" f.txt &&
	test_grep ! "^phone\$" f.txt &&
	test_grep ! "^name\$" f.txt &&
	test_grep "name=\"ev.phone\"" f.html &&
	page coordinator.jar /t/account-review%40kep >a.html &&
	text_of a.html >a.txt &&
	test_grep "Tệp tài khoản: accounts-bad.csv" a.txt &&
	test_grep ! "^accounts:" a.txt
'

test_expect_success CURL 'roles on the roster page, systems and severities in the difficulty form: labels shown, ids sent' '
	page dai-son.jar /u/dai-son/roster >r.html &&
	text_of r.html >r.txt &&
	test_grep "Trực ứng phó sự cố" r.txt &&
	test_grep ! "truc-su-co" r.txt &&
	test_grep "value=\"truc-su-co\"" r.html &&
	page dai-son.jar /u/dai-son/issues >i.html &&
	text_of i.html >i.txt &&
	test_grep "^Nghiêm trọng\$" i.txt &&
	test_grep "^Danh mục thủ tục hành chính\$" i.txt &&
	test_grep ! "^critical\$" i.txt &&
	test_grep ! "^catalogue\$" i.txt &&
	test_grep "<option value=\"critical\">Nghiêm trọng</option>" i.html
'

test_expect_success CURL 'in English by choice: the English labels' '
	web -b dai-son.jar -c dai-son.jar -o /dev/null "$SERVE_URL/lang/en?to=/" &&
	page dai-son.jar /t/focal-point%40dai-son >e.html &&
	text_of e.html >e.txt &&
	test_grep "^Phone" e.txt &&
	test_grep "D1.1: Appoint a focal-point officer" e.txt &&
	page dai-son.jar /u/dai-son/roster >re.html &&
	test_grep "Incident-response desk" re.html
'

test_expect_success CURL,SQLITE3 'a unit cannot waive a check'\''s findings through the web: refused, nothing recorded' '
	csrf=$(web_csrf dai-son.jar /t/account-review%40dai-son) &&
	test -n "$csrf" &&
	test_grep ! "name=\"waiver\"" a.html &&
	sqlite3 .cutover/state.db "select count(*) from events" >before &&
	code=$(web -b dai-son.jar -o refused.html -w "%{http_code}" -H "Origin: $SERVE_URL" \
		-F "csrf=$csrf" -F "ev.accounts=@$SAMPLES/accounts-bad.csv" \
		-F "ev.reviewed=11" -F "ev.fixed=0" -F "waive=1" \
		-F "waiver=Chúng tôi chấp nhận các lỗi này" \
		"$SERVE_URL/t/account-review%40dai-son/sign") &&
	test "$code" = 422 &&
	sqlite3 .cutover/state.db "select count(*) from events" >after &&
	test_cmp before after
'

test_expect_success CURL 'a done task resting on a reopened requirement: on the overview, its unit'\''s checklist and its card' '
	cutover sign focal-guidance@trung-tam-phuc-vu-hanh-chinh-cong-tinh --by "Văn phòng" \
		--evidence reference="Công văn 123/TTPVHCC" >out &&
	cutover sign focal-point@kep --by "Cán bộ xã Kép" --evidence name="Lê Văn Bình" \
		--evidence position="Công chức" --evidence phone=0912345678 >out &&
	page coordinator.jar /c >c3.html &&
	test_grep ! "Đã hoàn thành nhưng dựa trên điều kiện bị mở lại" c3.html &&
	cutover reopen focal-guidance@trung-tam-phuc-vu-hanh-chinh-cong-tinh --by "Văn phòng" \
		--reason "hướng dẫn gửi nhầm mẫu, gửi lại" >out &&
	page coordinator.jar /c >c3.html &&
	sed -n "/Đã hoàn thành nhưng dựa trên điều kiện bị mở lại/,/<\/ul>/p" c3.html >resting &&
	test_grep "href=\"/t/focal-point%40kep\"" resting &&
	test_grep "Xã Kép" resting &&
	test_grep "focal-guidance@trung-tam-phuc-vu-hanh-chinh-cong-tinh" resting &&
	page kep.jar /u/kep >k.html &&
	test_grep "href=\"/t/focal-point%40kep\"" k.html &&
	test_grep "Đã hoàn thành nhưng dựa trên điều kiện bị mở lại" k.html &&
	page kep.jar /t/focal-point%40kep >kf.html &&
	test_grep "Đã hoàn thành nhưng dựa trên điều kiện bị mở lại: focal-guidance@" kf.html
'

test_expect_success CURL 'serve --lang en speaks English to a user who has not chosen' '
	serve_stop &&
	serve_start --lang en &&
	test "$(web_login en.jar "$(cat dai-son.token)" "An")" = 303 &&
	page en.jar /u/dai-son/roster >ren.html &&
	test_grep "Incident-response desk" ren.html &&
	serve_stop
'

test_done
