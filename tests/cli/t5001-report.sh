#!/bin/sh
test_description='report readiness: where it goes, what it holds, escaping'
. "$(dirname "$0")/lib.sh"
. "$REPO_ROOT/tests/data/report/lib.sh"

NOW='2026-05-29 17:00'

test_expect_success 'setup: a run with a sign-off, a failure and a block' '
	mini_workspace &&
	export CUTOVER_NOW="$NOW" &&
	cutover sign --by An --evidence name=An --evidence phone=0912345678 \
		focal-point@dai-son >/dev/null &&
	cutover fail --by An --reason "portal down" accounts@dai-son >/dev/null &&
	cutover block --by An --reason "waiting for the fee table" fees@so-tai-chinh >/dev/null
'

test_expect_success 'report readiness prints one path under output/ that exists' '
	cutover report readiness >out 2>err &&
	test_line_count = 0 err &&
	test_line_count = 1 out &&
	test_grep "^output/readiness-drill-2026-05-29.md$" out &&
	test -f "$(cat out)" &&
	cp "$(cat out)" report.md
'

test_expect_success 'the report names the run, has tables and the ledger head' '
	test_grep "drill" report.md &&
	test_grep "^| Bị chặn/không đạt | Trễ hạn | Tỷ lệ | Hoàn thành | Tổng số |" report.md &&
	test_grep "^| ---" report.md &&
	cutover verify >verify.out &&
	sed -n "s/.*head \([0-9a-f]\{64\}\).*/\1/p" verify.out >head &&
	test_line_count = 1 head &&
	test_grep -F "$(cat head)" report.md
'

test_expect_success 'the report is in Vietnamese by default' '
	test_grep "^# Báo cáo mức độ sẵn sàng" report.md &&
	test_grep "^## Tổng quan" report.md
'

test_expect_success 'the report counts what was done, failed and blocked' '
	test_grep "^| 2 | 2 | 2% | 1 | 41 |$" report.md &&
	test_grep "| không đạt | portal down |" report.md &&
	test_grep "| bị chặn | waiting for the fee table |" report.md
'

test_expect_success 'every table row has as many cells as its header' '
	table_rows_consistent report.md
'

test_expect_success '--lang en gives English headings' '
	cutover report --lang en readiness >out &&
	cp "$(cat out)" report-en.md &&
	test_grep "^# Readiness report" report-en.md &&
	test_grep "^## Summary" report-en.md &&
	test_grep "^| Blocked/failed | Late | Share | Done | Total |" report-en.md &&
	test_grep -F "$(cat head)" report-en.md &&
	test_grep -v "Tổng quan" report-en.md
'

test_expect_success '-o FILE writes there' '
	cutover report -o elsewhere.md readiness >out &&
	test_grep "elsewhere.md" out &&
	test -f elsewhere.md &&
	test_grep -F "$(cat head)" elsewhere.md
'

test_expect_success 'a bad --lang or an unknown kind is bad usage' '
	test_expect_code 2 cutover report --lang xx readiness >out 2>err &&
	test_one_error err "xx" &&
	test_expect_code 2 cutover report --format pdf readiness >out 2>err &&
	test_one_error err "pdf" &&
	test_expect_code 2 cutover report nope >out 2>err &&
	test_one_error err "nope" &&
	test_expect_code 2 cutover report >out 2>err &&
	test_one_error err &&
	test_expect_code 2 cutover report readiness extra >out 2>err &&
	test_one_error err "extra" &&
	test_line_count = 0 out
'

test_expect_success '--format html writes a page beside the Markdown' '
	cutover report --format html readiness >out &&
	test_grep "^output/readiness-drill-2026-05-29.html$" out &&
	test_grep "^<html lang=\"vi\">$" "$(cat out)" &&
	test_grep "<svg " "$(cat out)" &&
	cutover report --lang en --format html readiness >out &&
	test_grep "^<html lang=\"en\">$" "$(cat out)"
'

test_expect_success 'a report that cannot be written fails with one error' '
	test_expect_code 1 cutover report -o no/such/dir/r.md readiness >out 2>err &&
	test_one_error err "no/such/dir/r.md" &&
	test_line_count = 0 out
'

test_expect_success 'the report writes nothing to the ledger' '
	db_snapshot before &&
	cutover report readiness >out &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'setup: a runbook, registry and reasons full of HTML and pipes' '
	mkdir evil &&
	cp -r "$TEST_DATA/units" evil/units &&
	sed -e "s/title = \"Name a focal point\"/title = \"Name <b>a<\/b> focal | point\"/" \
	    -e "s/title = \"Mini cutover\"/title = \"Mini <script>alert(3)<\/script> | cutover\"/" \
		"$TEST_DATA/mini.lua" >evil/mini.lua &&
	sed -e "s/name: \"Xã Đại Sơn\"/name: \"Xã <img src=x onerror=alert(4)> | Đại Sơn\"/" \
		"$TEST_DATA/units/mini.yaml" >evil/units/mini.yaml &&
	mkdir evilws &&
	cd evilws &&
	cutover init >/dev/null &&
	cutover start --rehearsal --name evil ../evil/mini.lua >/dev/null &&
	cutover sign --by "<i>Eve</i>" --evidence "name=<script>alert(5)</script> | x" \
		--evidence phone=0912345678 --comment "<script>alert(6)</script> | y" \
		focal-point@so-tai-chinh >/dev/null &&
	cutover fail --by "<i>Eve</i>" --reason "<script>alert(1)</script> | x" \
		accounts@dai-son >/dev/null &&
	cutover block --by Eve --reason "a|b <script>alert(2)</script>" \
		fees@so-tai-chinh >/dev/null &&
	cutover report readiness >out &&
	cp "$(cat out)" ../evil.md &&
	cutover report --lang en readiness >out &&
	cp "$(cat out)" ../evil-en.md
'

test_expect_success 'what units and authors typed appears escaped' '
	test_grep -F "\\<script\\>alert(1)\\</script\\> \\| x" evil.md &&
	test_grep -F "a\\|b \\<script\\>alert(2)\\</script\\>" evil.md &&
	test_grep -F "Mini \\<script\\>alert(3)\\</script\\> \\| cutover" evil.md &&
	test_grep -F "\\<img src=x onerror=alert(4)\\> \\| Đại Sơn" evil.md &&
	test_grep -F "Name \\<b\\>a\\</b\\> focal \\| point" evil.md
'

test_expect_success 'no raw <script>, <img> or <b> in either report' '
	for f in evil.md evil-en.md
	do
		{ grep -n "[^\\\\]<script>\|^<script>" $f >raw || :; } &&
		test_line_count = 0 raw &&
		{ grep -n "[^\\\\]<img\|[^\\\\]<b>" $f >raw || :; } &&
		test_line_count = 0 raw || return 1
	done
'

test_expect_success 'the escaped pipes keep the tables whole' '
	table_rows_consistent evil.md &&
	table_rows_consistent evil-en.md
'

test_expect_success CMARK_GFM 'rendered to HTML even without safe mode, nothing is live' '
	for f in evil.md evil-en.md
	do
		cmark-gfm -e table -e tasklist --unsafe $f >$f.html &&
		test_grep "<table>" $f.html &&
		test_grep "&lt;script&gt;alert(1)&lt;/script&gt;" $f.html &&
		{ grep -n "<script\|<img\|<b>\|<i>" $f.html >raw || :; } &&
		test_line_count = 0 raw || return 1
	done
'

test_done
