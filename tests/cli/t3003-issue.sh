#!/bin/sh
test_description='issue add, list, resolve: the difficulties log and its routes'
. "$(dirname "$0")/lib.sh"

ISSUE_DATA=$REPO_ROOT/tests/data/issue

# One workspace, four runs of the small runbooks (tests/data/issue):
# drill (routes declared), plain (no difficulties { }), raising (the route
# raises an error), stray (the route names a unit not in the registry).
# The latest started is 'stray', so every command names its run.
drill () {
	cutover --run drill issue "$@"
}

# nothing_written : the database is as db_snapshot left it in 'before'.
nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

# one_event_more : the ledger holds one event more than 'before' says.
one_event_more () {
	echo $(( $(cat before) + 1 )) >expect &&
	event_count >actual &&
	test_cmp expect actual
}

# recipients_of RUN N : the recipients of difficulty #N of RUN, in route
# order, one id per line.
recipients_of () {
	db_query "select r.unit_id from issue_recipients r
		join issues i on i.id = r.issue_id join runs u on u.id = i.run_id
		where u.name = '$1' and i.number = $2 order by r.ord"
}

# add_refused RUN ADD-ARGS... : 'issue add ADD-ARGS... --by An x' on RUN
# exits 1 with one error line in 'err', nothing on stdout, and writes nothing.
add_refused () {
	add_run_=$1
	shift
	db_snapshot before &&
	test_expect_code 1 cutover --run "$add_run_" issue add "$@" --by An "x" \
		>out 2>err &&
	test_line_count = 1 err &&
	test_line_count = 0 out &&
	nothing_written
}

# line_of FILE TEXT : the number of the first line of FILE holding TEXT.
line_of () {
	grep -n -F "$2" "$1" | sed -n "1s/:.*//p"
}

test_expect_success 'setup: a workspace with a run of each small runbook' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill "$ISSUE_DATA/routed.lua" >/dev/null &&
	cutover start --rehearsal --name plain "$ISSUE_DATA/plain.lua" >/dev/null &&
	cutover start --rehearsal --name raising "$ISSUE_DATA/route-error.lua" >/dev/null &&
	cutover start --rehearsal --name stray "$ISSUE_DATA/route-unknown.lua" >/dev/null
'

test_expect_success 'issue --help shows the usage of all three subcommands, issue add --help its own' '
	cutover issue --help >out &&
	test_grep "^usage: cutover issue add --unit UNIT --system SYSTEM --severity SEVERITY" out &&
	test_grep "^   or: cutover issue list \[--unit UNIT\] \[--to RECIPIENT\] \[--open\]" out &&
	test_grep "^   or: cutover issue resolve --by NAME --resolution TEXT \\[--token TOKEN\\] N" out &&
	cutover issue add --help >out2 &&
	test_grep "^usage: cutover issue add --unit UNIT --system SYSTEM" out2 &&
	test_grep "^  --severity SEVERITY  how severe it is" out2
'

test_expect_success 'add: recorded with its route, one event, exit 0' '
	event_count >before &&
	drill add --unit dai-son --system catalogue --severity high \
		--by "Nguyễn Văn An" Danh mục thiếu 3 thủ tục >out 2>err &&
	test_line_count = 0 err &&
	echo "difficulty #1 recorded for dai-son; sent to: Trung tâm Phục vụ hành chính công tỉnh, Bộ chủ quản" >expect &&
	test_cmp expect out &&
	one_event_more &&
	printf "ttpvhcc\nbo-chu-quan\n" >expect &&
	recipients_of drill 1 >actual &&
	test_cmp expect actual
'

test_expect_success 'add: the words of TEXT are joined; the event carries the record' '
	db_query "select text, raised_by, unit_id, system, severity from issues where number = 1
		and run_id = (select id from runs where name = '\''drill'\'')" >actual &&
	echo "Danh mục thiếu 3 thủ tục|Nguyễn Văn An|dai-son|catalogue|high" >expect &&
	test_cmp expect actual &&
	db_query "select kind, actor, unit_id from events order by seq desc limit 1" >actual &&
	echo "issue-raised|Nguyễn Văn An|dai-son" >expect &&
	test_cmp expect actual &&
	db_query "select evidence from events order by seq desc limit 1" >ev &&
	test_grep "Danh mục thiếu 3 thủ tục" ev &&
	test_grep "bo-chu-quan" ev
'

test_expect_success 'add: a route listing a unit twice sends it once, in route order' '
	drill add --unit dai-son --system portal --severity critical --by An \
		"Không thanh toán được" >out &&
	printf "ttpvhcc\ncong-an-tinh\nmobifone\nchu-tich\n" >expect &&
	recipients_of drill 2 >actual &&
	test_cmp expect actual
'

test_expect_success 'add: a route returning one id, and one returning nil' '
	drill add --unit ttpvhcc --system other --severity low --by An "Chậm" >out &&
	echo "difficulty #3 recorded for ttpvhcc; sent to: Chủ tịch UBND tỉnh" >expect &&
	test_cmp expect out &&
	drill add --unit cong-an-tinh --system other --severity low --by An "Không ai nhận" >out &&
	echo "difficulty #4 recorded for cong-an-tinh; the runbook'\''s route names no recipient" >expect &&
	test_cmp expect out &&
	recipients_of drill 4 >actual &&
	test_line_count = 0 actual
'

test_expect_success 'add: an undeclared system is one error listing the valid ones; nothing written' '
	add_refused drill --unit dai-son --system portl --severity low &&
	test_one_error err "system '\''portl'\'' is not declared" "portal, catalogue, other"
'

test_expect_success 'add: an undeclared severity is one error listing the valid ones; nothing written' '
	add_refused drill --unit dai-son --system portal --severity urgent &&
	test_one_error err "severity '\''urgent'\'' is not declared" "low, high, critical"
'

test_expect_success 'add: a unit not in the registry is one error; nothing written' '
	add_refused drill --unit nobody --system portal --severity low &&
	test_one_error err "no unit '\''nobody'\''" "run '\''drill'\''"
'

test_expect_success 'add: bad usage exits 2 with one line; nothing written' '
	db_snapshot before &&
	test_expect_code 2 drill add --system portal --severity low --by An "x" 2>err &&
	test_one_error err "--unit" && test_line_count = 1 err &&
	test_expect_code 2 drill add --unit dai-son --system portal --severity low "x" 2>err &&
	test_one_error err "--by" && test_line_count = 1 err &&
	test_expect_code 2 drill add --unit dai-son --system portal --severity low --by An 2>err &&
	test_one_error err "TEXT" && test_line_count = 1 err &&
	test_expect_code 2 drill add --unit dai-son --system portal --severity low --by An "  " 2>err &&
	test_one_error err "blank" && test_line_count = 1 err &&
	test_expect_code 2 drill add --unit dai-son --colour red 2>err &&
	test_one_error err "--colour" && test_line_count = 1 err &&
	test_expect_code 2 drill fix 1 2>err &&
	test_one_error err "'\''fix'\''" && test_line_count = 1 err &&
	test_expect_code 2 drill 2>err &&
	test_one_error err "add, list or resolve" && test_line_count = 1 err &&
	nothing_written
'

test_expect_success 'add: a runbook without difficulties { } says so; nothing written' '
	add_refused plain --unit dai-son --system portal --severity low &&
	test_one_error err "plain.lua" "declares no difficulties { }"
'

test_expect_success 'add: an error raised in the route names its file:line; nothing written' '
	add_refused raising --unit dai-son --system other --severity low &&
	n=$(line_of "$ISSUE_DATA/route-error.lua" "error(") &&
	test_one_error err "route-error.lua:$n: difficulties: field '\''route'\''" \
		"no route for '\''other'\''" &&
	cutover --run raising issue add --unit dai-son --system portal \
		--severity low --by An "x" >out &&
	test_grep "sent to: Trung tâm Phục vụ hành chính công tỉnh$" out
'

test_expect_success 'add: a route naming an unknown unit names it and the route; nothing written' '
	add_refused stray --unit dai-son --system portal --severity low &&
	n=$(line_of "$ISSUE_DATA/route-unknown.lua" "route = function") &&
	test_one_error err "route-unknown.lua:$n: difficulties: field '\''route'\''" \
		"'\''bo-cong-an'\'', which is not a unit"
'

test_expect_success 'list: one row per difficulty, with its recipients' '
	drill list >out 2>err &&
	test_line_count = 0 err &&
	test_line_count = 5 out &&
	test_grep "^   #  unit  *system  *severity  *state  *raised  *text  *sent to$" out &&
	test_grep "^   1  dai-son  *catalogue  *high  *open  *2026-05-28 12:00  Danh mục thiếu 3 thủ tục  *ttpvhcc, bo-chu-quan$" out &&
	test_grep "^   2  dai-son  *portal  *critical .*ttpvhcc, cong-an-tinh, mobifone, chu-tich$" out &&
	test_grep "^   4  cong-an-tinh  *other  *low  *open  .*  Không ai nhận  *-$" out
'

test_expect_success 'list: a long text is cut to its column' '
	drill add --unit so-tai-chinh --system portal --severity low --by An \
		"Cấu hình mã phí, lệ phí trên hệ thống thanh toán tập trung chưa khớp với bảng phí" >/dev/null &&
	drill list --unit so-tai-chinh >out &&
	test_grep "Cấu hình mã phí, lệ phí trên hệ thố…  ttpvhcc, cong-an-tinh, mobifone$" out &&
	test_grep ! "bảng phí" out
'

test_expect_success 'list --unit, --to, --open filter; combined they all hold' '
	drill list --unit dai-son >out &&
	test_line_count = 3 out &&
	test_grep "^   1 " out && test_grep "^   2 " out &&
	drill list --to bo-chu-quan >out &&
	test_line_count = 2 out &&
	test_grep "^   1 " out &&
	drill list --to chu-tich >out &&
	test_line_count = 3 out &&
	test_grep "^   2 " out && test_grep "^   3 " out &&
	drill list --to chu-tich --unit ttpvhcc >out &&
	test_line_count = 2 out &&
	test_grep "^   3 " out &&
	drill list --to so-tai-chinh >out &&
	echo "no difficulty matches" >expect &&
	test_cmp expect out &&
	cutover --run plain issue list >out &&
	echo "no difficulty recorded" >expect &&
	test_cmp expect out
'

test_expect_success 'list: an unknown --unit or --to is an error, a bad --format a usage error' '
	test_expect_code 1 drill list --to nobody >out 2>err &&
	test_one_error err "no unit '\''nobody'\''" &&
	test_expect_code 1 drill list --unit nobody >out 2>err &&
	test_one_error err "no unit '\''nobody'\''" &&
	test_expect_code 2 drill list --format html >out 2>err &&
	test_one_error err "--format takes text or md" &&
	test_expect_code 2 drill list extra >out 2>err &&
	test_one_error err "unexpected argument '\''extra'\''"
'

test_expect_success 'resolve: records who, when, how; one event' '
	event_count >before &&
	CUTOVER_NOW="2026-05-28 15:30" drill resolve 1 --by "Trần Thị Bình" \
		--resolution "Bộ đã bổ sung 3 thủ tục" >out 2>err &&
	test_line_count = 0 err &&
	echo "difficulty #1 resolved by Trần Thị Bình" >expect &&
	test_cmp expect out &&
	one_event_more &&
	db_query "select kind, actor, unit_id, comment from events order by seq desc limit 1" >actual &&
	echo "issue-resolved|Trần Thị Bình|dai-son|Bộ đã bổ sung 3 thủ tục" >expect &&
	test_cmp expect actual
'

test_expect_success 'resolve again: says who resolved it and when, exit 0, nothing written' '
	db_snapshot before &&
	drill resolve 1 --by Other --resolution "again" >out 2>err &&
	test_line_count = 0 err &&
	echo "difficulty #1 was resolved by Trần Thị Bình at 2026-05-28 15:30; nothing recorded" >expect &&
	test_cmp expect out &&
	nothing_written
'

test_expect_success 'resolve: an unknown number exits 1, bad usage 2; nothing written' '
	db_snapshot before &&
	test_expect_code 1 drill resolve 99 --by An --resolution x >out 2>err &&
	test_one_error err "no difficulty #99 in run '\''drill'\''" &&
	test_line_count = 1 err &&
	test_expect_code 2 drill resolve x1 --by An --resolution x 2>err &&
	test_one_error err "'\''x1'\'' is not a difficulty number" &&
	test_expect_code 2 drill resolve 0 --by An --resolution x 2>err &&
	test_one_error err "'\''0'\'' is not a difficulty number" &&
	test_expect_code 2 drill resolve 2 --resolution x 2>err &&
	test_one_error err "--by" &&
	test_expect_code 2 drill resolve 2 --by An 2>err &&
	test_one_error err "--resolution" &&
	test_expect_code 2 drill resolve 2 3 --by An --resolution x 2>err &&
	test_one_error err "unexpected argument" &&
	nothing_written
'

test_expect_success 'list --open leaves the resolved one out; the table shows its state' '
	drill list --unit dai-son --open >out &&
	test_line_count = 2 out &&
	test_grep ! "^   1 " out &&
	drill list --unit dai-son >out &&
	test_grep "^   1  dai-son  *catalogue  *high  *resolved " out
'

test_expect_success PYTHON3 '--json list parses and holds everything' '
	cutover --run drill --json issue list >out.json &&
	test_json out.json &&
	python3 - out.json >&4 <<-\EOF
	import json, sys
	doc = json.load(open(sys.argv[1]))
	assert doc["run"] == "drill", doc["run"]
	d = {x["number"]: x for x in doc["difficulties"]}
	assert sorted(d) == [1, 2, 3, 4, 5], sorted(d)
	one = d[1]
	assert one["unit"] == "dai-son" and one["unit_name"] == "Xã Đại Sơn", one
	assert one["system"] == "catalogue" and one["severity"] == "high", one
	assert one["text"] == "Danh mục thiếu 3 thủ tục", one
	assert one["raised_by"] == "Nguyễn Văn An", one
	assert one["raised_at"] == "2026-05-28T12:00:00+07:00", one
	assert one["state"] == "resolved", one
	assert one["resolved_by"] == "Trần Thị Bình", one
	assert one["resolved_at"] == "2026-05-28T15:30:00+07:00", one
	assert one["resolution"] == "Bộ đã bổ sung 3 thủ tục", one
	assert [r["id"] for r in one["recipients"]] == ["ttpvhcc", "bo-chu-quan"], one
	assert one["recipients"][1]["name"] == "Bộ chủ quản", one
	two = d[2]
	assert two["state"] == "open" and two["resolved_by"] is None, two
	assert two["resolved_at"] is None and two["resolution"] is None, two
	assert d[4]["recipients"] == [], d[4]
	EOF
'

test_expect_success PYTHON3 '--json list takes the filters' '
	cutover --run drill --json issue list --to bo-chu-quan --open >out.json &&
	test_json out.json &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"difficulties\"] == [], d" out.json >&4
'

test_expect_success 'list --format md: the compilation, by system then severity, most severe first' '
	drill add --unit dai-son --system portal --severity high --by An "Đồng bộ chậm" >/dev/null &&
	drill list --format md >out.md 2>err &&
	test_line_count = 0 err &&
	test_grep "^# Tổng hợp khó khăn, vướng mắc, kiến nghị$" out.md &&
	test_grep "^- Số vướng mắc: 6 (đang mở: 5, đã xử lý: 1)$" out.md &&
	grep -n "^##" out.md | sed "s/^[0-9]*://" >actual &&
	cat >expect <<-\EOF &&
	## Hệ thống: portal
	### Mức độ: critical
	### Mức độ: high
	### Mức độ: low
	## Hệ thống: catalogue
	### Mức độ: high
	## Hệ thống: other
	### Mức độ: low
	EOF
	test_cmp expect actual &&
	test_grep "^| 1 | Xã Đại Sơn | Danh mục thiếu 3 thủ tục | Trung tâm Phục vụ hành chính công tỉnh; Bộ chủ quản | 28/05/2026 12:00, Nguyễn Văn An | Đã xử lý (Trần Thị Bình, 28/05/2026 15:30): Bộ đã bổ sung 3 thủ tục |$" out.md &&
	test_grep "^| 4 | Công an tỉnh | Không ai nhận | – | .* | Đang mở |$" out.md
'

test_expect_success 'list --format md takes the filters and says so' '
	drill list --format md --to chu-tich --open >out.md &&
	test_grep "^- Phạm vi: gửi đến Chủ tịch UBND tỉnh; chỉ những vướng mắc đang mở$" out.md &&
	test_grep "^| 2 |" out.md && test_grep "^| 3 |" out.md &&
	test_grep ! "^| 1 |" out.md && test_grep ! "^| 4 |" out.md &&
	drill list --format md --to so-tai-chinh >out.md &&
	test_grep "^Không có vướng mắc nào.$" out.md &&
	test_expect_code 2 cutover --run drill --json issue list --format md 2>err &&
	test_one_error err "--json"
'

test_expect_success 'list --format md --lang en: the same compilation in English' '
	drill list --format md --lang en --open >out.md &&
	test_grep "^# Difficulties, compiled$" out.md &&
	test_grep "^- Difficulties: 5 (open: 5, resolved: 0)$" out.md &&
	test_grep "^- Scope: only the open difficulties$" out.md &&
	test_grep "^## System: portal$" out.md &&
	test_grep "^| # | Unit | Text | Sent to | Recorded | State |$" out.md &&
	test_grep ! "Đang mở" out.md &&
	test_expect_code 2 cutover --run drill issue list --format md --lang fr 2>err &&
	test_one_error err "--lang takes vi or en"
'

test_expect_success 'list --format md: hostile text is escaped, never markup' '
	drill add --unit dai-son --system other --severity high --by "<b>An</b>" \
		"<script>alert(1)</script> | *đậm* [link](http://x) & _nghiêng_" >/dev/null &&
	drill list --format md >out.md &&
	test_grep -F "\\<script\\>alert(1)\\</script\\> \\| \\*đậm\\* \\[link\\](http://x) \\& \\_nghiêng\\_" out.md &&
	test_grep -F "\\<b\\>An\\</b\\>" out.md &&
	test_grep ! "[^\\]<script>" out.md &&
	test_grep ! "[^\\]<b>" out.md &&
	grep -F "alert(1)" out.md | sed "s/\\\\|//g" | tr -cd "|" | wc -c >actual &&
	echo 7 >expect &&
	test_cmp expect actual
'

test_expect_success 'adds and resolves are in the ledger, chained' '
	db_query "select kind, count(*) from events where kind like '\''issue-%'\''
		group by kind order by kind" >actual &&
	printf "issue-raised|8\nissue-resolved|1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'verify passes after adds and resolves (a difficulty routed nowhere)' '
	mkdir ledger &&
	(
		cd ledger &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name drill "$ISSUE_DATA/routed.lua" >/dev/null &&
		cutover issue add --unit cong-an-tinh --system other --severity low --by An "x" >/dev/null &&
		cutover issue resolve 1 --by An --resolution "y" >/dev/null &&
		cutover verify >../out
	) &&
	test_grep "^ledger ok: 3 events" out
'

# issue_recipients declares its key columns first: SQLite 3.40's
# integrity_check misreads a WITHOUT ROWID table that does not, and verify
# would fail here.
test_expect_success 'verify passes after routed adds and resolves' '
	cutover verify >out &&
	test_grep "^ledger ok: " out
'

# --- the bundled Bắc Ninh runbook: routes as the directive says --------------

TTPVHCC=trung-tam-phuc-vu-hanh-chinh-cong-tinh

# bn_route UNIT SYSTEM SEVERITY : records a difficulty in the bn workspace and
# writes its recipients, in route order, one per line, to 'actual'.
bn_route () {
	(
		cd bn &&
		cutover issue add --unit "$1" --system "$2" --severity "$3" \
			--by "Lê Văn Cường" "vướng mắc ($2)" >../bn.out &&
		db_query "select r.unit_id from issue_recipients r
			join issues i on i.id = r.issue_id
			where i.number = (select max(number) from issues)
			order by r.ord"
	) >actual
}

test_expect_success 'bac-ninh: setup a rehearsal' '
	mkdir bn &&
	(
		cd bn &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name bn "$RUNBOOKS/bac-ninh.lua" >/dev/null
	)
'

test_expect_success 'bac-ninh: a commune'\''s catalogue difficulty goes to TTPVHCC and the line ministry (D1.7)' '
	bn_route dai-son catalogue high &&
	printf "%s\n" $TTPVHCC bo-chu-quan >expect &&
	test_cmp expect actual &&
	echo "difficulty #1 recorded for dai-son; sent to: Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh, Các Bộ chủ quản (bộ, ngành quản lý hệ thống)" >expect &&
	test_cmp expect bn.out
'

test_expect_success 'bac-ninh: a commune'\''s payment or coordination difficulty goes to TTPVHCC, Công an tỉnh, MobiFone (D1.7)' '
	printf "%s\n" $TTPVHCC cong-an-tinh mobifone-bac-ninh >expect &&
	bn_route dai-son payment high &&
	test_cmp expect actual &&
	bn_route dai-son coordination medium &&
	test_cmp expect actual &&
	bn_route so-tai-chinh payment low &&
	test_cmp expect actual
'

test_expect_success 'bac-ninh: VNeID goes to Công an tỉnh (D2.2)' '
	bn_route dai-son vneid medium &&
	printf "%s\n" $TTPVHCC cong-an-tinh >expect &&
	test_cmp expect actual
'

test_expect_success 'bac-ninh: connectivity goes to VNPT and Sở KH&CN (D4.1, D3.1)' '
	bn_route dai-son connectivity high &&
	printf "%s\n" $TTPVHCC vien-thong-bac-ninh so-khoa-hoc-va-cong-nghe >expect &&
	test_cmp expect actual
'

test_expect_success 'bac-ninh: MobiFone'\''s go to Công an tỉnh and TTDLQG (D5.2)' '
	bn_route mobifone-bac-ninh sync high &&
	printf "%s\n" cong-an-tinh ttdlqg >expect &&
	test_cmp expect actual
'

test_expect_success 'bac-ninh: TTPVHCC'\''s go to the Chairman and TTDLQG (D6.5)' '
	bn_route $TTPVHCC coordination medium &&
	printf "%s\n" chu-tich-ubnd-tinh ttdlqg >expect &&
	test_cmp expect actual
'

test_expect_success 'bac-ninh: a critical one also goes to the Chairman' '
	bn_route dai-son catalogue critical &&
	printf "%s\n" $TTPVHCC bo-chu-quan chu-tich-ubnd-tinh >expect &&
	test_cmp expect actual &&
	bn_route mobifone-bac-ninh other critical &&
	printf "%s\n" cong-an-tinh ttdlqg chu-tich-ubnd-tinh >expect &&
	test_cmp expect actual &&
	bn_route $TTPVHCC other critical &&
	printf "%s\n" chu-tich-ubnd-tinh ttdlqg >expect &&
	test_cmp expect actual
'

test_expect_success 'bac-ninh: an undeclared system lists the declared ones' '
	(
		cd bn &&
		db_snapshot before &&
		test_expect_code 1 cutover issue add --unit dai-son --system portal \
			--severity high --by An "x" 2>../err &&
		nothing_written
	) &&
	test_one_error err "coordination, vneid, payment, catalogue, sync, connectivity, other"
'

test_expect_success 'bac-ninh: list --to and the compilation for the survey delegation (D6.6)' '
	(
		cd bn &&
		cutover issue list --to ttdlqg >../out &&
		cutover issue list --format md >../out.md
	) &&
	test_line_count = 5 out &&
	test_grep "^   7 " out && test_grep "^  10 " out &&
	test_grep "^# Tổng hợp khó khăn, vướng mắc, kiến nghị$" out.md &&
	test_grep "^\*\*Ngắt chuyển, vận hành chính thức" out.md &&
	grep "^## " out.md >actual &&
	cat >expect <<-\EOF &&
	## Hệ thống: Hệ thống điều phối
	## Hệ thống: Định danh điện tử VNeID
	## Hệ thống: Thanh toán trực tuyến
	## Hệ thống: Danh mục thủ tục hành chính
	## Hệ thống: Đồng bộ trạng thái hồ sơ
	## Hệ thống: Kết nối, tích hợp
	## Hệ thống: Khác
	EOF
	test_cmp expect actual &&
	test_grep "^| 1 | Xã Đại Sơn | vướng mắc (catalogue) | Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh; Các Bộ chủ quản (bộ, ngành quản lý hệ thống) |" out.md
'

test_done
