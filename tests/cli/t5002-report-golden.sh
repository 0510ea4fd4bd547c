#!/bin/sh
test_description='reports of every kind on a fixed scenario: Markdown byte for byte, and their HTML

The Markdown of each report must equal its golden file under
tests/golden/report/. After a deliberate change to a report, regenerate
them and review the diff:

	CUTOVER=build/cutover tests/cli/t5002-report-golden.sh --update-golden
	git diff tests/golden/
'
. "$(dirname "$0")/lib.sh"

# An argument, not the environment: an exported variable would rewrite
# the golden files under every run of the suite, and pass.
UPDATE_GOLDEN=
test "${1:-}" = --update-golden && UPDATE_GOLDEN=t
. "$REPO_ROOT/tests/data/report/lib.sh"

GOLDEN=$REPO_ROOT/tests/golden/report

# The reports, as NAME|ARGUMENTS: NAME.md is the golden file.
CASES='readiness.vi|readiness
readiness.en|--lang en readiness
daily.vi|daily
daily.en|--lang en daily
daily-2026-05-29.vi|daily --date 29/05/2026
daily-ca-dai-son.vi|daily --recipient ca-dai-son
unit-dai-son.vi|unit dai-son
unit-so-tai-chinh.en|--lang en unit so-tai-chinh
contacts.vi|contacts
contacts.en|--lang en contacts'

# each_case CMD : runs CMD NAME ARGS... for every case, in the workspace,
# at the report time; stops at the first failure.
each_case () {
	echo "$CASES" >cases &&
	while IFS='|' read -r name args
	do
		# shellcheck disable=SC2086
		(cd ws && CUTOVER_NOW=$REPORT_NOW "$@" "$name" $args) || return 1
	done <cases
}

# The ledger's head seals when each event was entered, by the system
# clock, so it differs from one run of the suite to the next: the golden
# files hold <ledger-head> in its place, and the tests below check the
# head itself against the ledger.
mask_head () {
	sed -e 's/`[0-9a-f]\{64\}`/`<ledger-head>`/g' "$1"
}

# check_golden NAME : ws/out/NAME.md equals the golden NAME.md (the head
# masked); with --update-golden it becomes the golden file.
check_golden () {
	if test -n "$UPDATE_GOLDEN"; then
		mkdir -p "$GOLDEN" && mask_head "ws/out/$1.md" >"$GOLDEN/$1.md" &&
		return 0
	fi
	if ! test -f "$GOLDEN/$1.md"; then
		echo >&4 "no golden file $GOLDEN/$1.md; --update-golden writes it"
		return 1
	fi
	mask_head "ws/out/$1.md" >"ws/out/$1.masked" &&
	test_cmp "$GOLDEN/$1.md" "ws/out/$1.masked"
}

# write_md NAME ARGS... : the report as Markdown, to ${OUT:-out}/NAME.md.
write_md () {
	name=$1
	shift
	"$CUTOVER" report -o "${OUT:-out}/$name.md" "$@" >/dev/null
}

write_html () {
	name=$1
	shift
	"$CUTOVER" report --format html -o "out/$name.html" "$@" >/dev/null
}

# doc_excerpts FILE : each ```markdown block of FILE that follows a line
# "<!-- golden: NAME -->" to excerpt.1, excerpt.2...; their NAMEs, in
# order, to excerpts.
doc_excerpts () {
	: >excerpts &&
	awk '
		/^<!-- golden: [^ ]* -->$/ { name = $3; next }
		/^```markdown$/ && name != "" {
			print name >"excerpts"; out = "excerpt." ++n; inblock = 1; next
		}
		/^```$/ && inblock { inblock = 0; name = ""; next }
		inblock { print >out }
	' "$1"
}

test_expect_success 'setup: the scenario, and every report as Markdown and HTML' '
	report_scenario ws &&
	mkdir ws/out &&
	each_case write_md &&
	each_case write_html
'

test_expect_success 'each report equals its golden file byte for byte' '
	echo "$CASES" | cut -d"|" -f1 >names &&
	test_line_count = 10 names &&
	while read -r name
	do
		check_golden "$name" || return 1
	done <names
'

test_expect_success 'the excerpts in docs/reports.md are lines of the golden files' '
	doc_excerpts "$REPO_ROOT/docs/reports.md" &&
	test_line_count = 4 excerpts &&
	i=0 &&
	while read -r name
	do
		i=$((i + 1)) &&
		test -f "$GOLDEN/$name" &&
		{ grep -v "^$" "$GOLDEN/$name" >pats || :; } &&
		{ grep -v "^$" "excerpt.$i" >lines || :; } &&
		test_line_count -gt 3 lines &&
		{ grep -F -x -v -f pats lines >missing || :; } &&
		test_line_count = 0 missing || return 1
	done <excerpts
'

test_expect_success 'the reports are the same when written again' '
	mkdir ws/again &&
	OUT=again each_case write_md &&
	for f in ws/out/*.md
	do
		test_cmp "$f" "ws/again/${f##*/}" || return 1
	done
'

test_expect_success 'every table row has as many cells as its header' '
	for f in ws/out/*.md
	do
		table_rows_consistent "$f" || return 1
	done
'

test_expect_success SQLITE3 'the readiness report carries the ledger head' '
	(cd ws && db_query "SELECT hash FROM events ORDER BY seq DESC LIMIT 1") >head &&
	test_line_count = 1 head &&
	test_grep -F "$(cat head)" ws/out/readiness.vi.md &&
	test_grep -F "$(cat head)" ws/out/readiness.en.md
'

test_expect_success SQLITE3 'every report names the ledger head it was made from' '
	(cd ws && db_query "SELECT (SELECT count(*) FROM events), hash FROM events ORDER BY seq DESC LIMIT 1") >head &&
	for f in ws/out/*.md
	do
		test_grep -F "$(cut -d"|" -f2 head)" "$f" || return 1
	done &&
	test_grep "^- Ledger: $(cut -d"|" -f1 head) events, head \`$(cut -d"|" -f2 head)\`$" ws/out/daily.en.md &&
	test_grep "^- Sổ cái: $(cut -d"|" -f1 head) sự kiện, mã băm cuối" ws/out/unit-dai-son.vi.md
'

test_expect_success 'the pages say their language, UTF-8, and print on A4' '
	for f in ws/out/*.html
	do
		case $f in
		*.en.html) lang=en ;;
		*) lang=vi ;;
		esac &&
		test_grep -x "<html lang=\"$lang\">" "$f" &&
		test_grep -x "<meta charset=\"utf-8\">" "$f" &&
		test_grep "size:A4" "$f" &&
		test_grep "thead{display:table-header-group}" "$f" &&
		test_grep "section.part+section.part{break-before:page" "$f" &&
		test_grep -v "<script" "$f" || return 1
	done
'

test_expect_success 'the readiness and unit pages hold their charts, drawn as SVG' '
	for f in readiness.vi readiness.en unit-dai-son.vi unit-so-tai-chinh.en
	do
		test_grep "^<figure class=\"chart\">$" "ws/out/$f.html" &&
		test_grep "^<svg xmlns=\"http://www.w3.org/2000/svg\"" "ws/out/$f.html" ||
		return 1
	done &&
	grep -c "^<svg " ws/out/readiness.vi.html >n &&
	echo 3 >three &&
	test_cmp three n &&
	test_grep "<title>Số nhiệm vụ hoàn thành so với số đến hạn</title>" \
		ws/out/readiness.vi.html &&
	test_grep "<title>Tasks done against tasks due</title>" \
		ws/out/readiness.en.html
'

test_expect_success 'the chart over time shows the day around the report time, the whole run beside it' '
	# 30/05 18:00: from 29/05 18:00 to 31/05 18:00, ticks every 6 hours,
	# the date at midnight in the order of the report'"'"'s dates.
	sed -n "/<title>Số nhiệm vụ hoàn thành/,/<\/svg>/p" ws/out/readiness.vi.html >window.vi &&
	test_grep -v ">29/05</text>" window.vi &&
	test_grep ">30/05</text>" window.vi &&
	test_grep ">31/05</text>" window.vi &&
	test_grep ">06:00</text>" window.vi &&
	test_grep ">Thời điểm lập báo cáo</text>" window.vi &&
	test_grep ">T0</text>" window.vi &&
	test_grep -v ">01/06</text>" window.vi &&
	sed -n "/<title>Tasks done against tasks due/,/<\/svg>/p" ws/out/readiness.en.html >window.en &&
	test_grep ">05-30</text>" window.en &&
	test_grep -v ">30/05</text>" window.en &&
	test_grep ">Report time</text>" window.en &&
	sed -n "/<title>Toàn bộ lượt chạy/,/<\/svg>/p" ws/out/readiness.vi.html >span.vi &&
	test_grep "fill=\"#dfe5ef\"" span.vi &&
	test_grep "Hình 3\." ws/out/readiness.vi.html &&
	test_grep "Figure 3\. The same over the whole run" ws/out/readiness.en.html
'

test_expect_success 'a major section is a page: the first page, the details, the appendix' '
	grep -c "^<section class=\"part\">$" ws/out/daily.vi.html >n &&
	echo 2 >two &&
	test_cmp two n &&
	grep -c "^<section class=\"part\">$" ws/out/readiness.vi.html >n &&
	echo 3 >three &&
	test_cmp three n
'

test_expect_success TIDY 'every page passes tidy -errors' '
	pages_pass_tidy ws/out
'

test_expect_success CMARK_GFM 'each page body is what cmark-gfm makes of the Markdown' '
	bodies_match_cmark ws/out
'

test_expect_success 'writing the reports changed nothing in the ledger' '
	(cd ws && db_snapshot ../before) &&
	(cd ws && CUTOVER_NOW=$REPORT_NOW cutover report daily >/dev/null) &&
	(cd ws && db_snapshot ../after) &&
	test_cmp before after
'

test_done
