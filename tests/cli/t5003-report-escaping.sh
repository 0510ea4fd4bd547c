#!/bin/sh
test_description='reports of every kind when units type Markdown, HTML and Vietnamese in NFC and NFD

What a unit or an author typed (names, evidence, comments, reasons,
difficulties, shifts, titles and unit names in the runbook) must come out
as text: tables keep their cells, no element or attribute reaches the
HTML that the report did not write itself, and Vietnamese text keeps its
bytes, composed or decomposed.
'
. "$(dirname "$0")/lib.sh"
. "$REPO_ROOT/tests/data/report/lib.sh"

NFC='Nguyễn Văn Ánh'
NFD=$(printf 'Nguye\314\202\314\203n Va\314\206n A\314\201nh')
E1='<script>alert(1)</script> | *em* _em_ `CODE1` **BOLD1** ~~DEL1~~'
E2='[click](javascript:alert(2)) ![x](javascript:alert(3)) <https://evil.example>'
E3='first line
| --- | --- |
# not a heading
- [x] not a task'
E4='<img src=x onerror=alert(4)> &lt;b&gt; &amp; \ trailing \'

# The same, as the Markdown must hold them.
W1='\<script\>alert(1)\</script\> \| \*em\* \_em\_ \`CODE1\` \*\*BOLD1\*\* \~\~DEL1\~\~'
W2='\[click\](javascript:alert(2))'
W3='first line \| --- \| --- \| \# not a heading - \[x\] not a task'
W4='\<img src=x onerror=alert(4)\> \&lt;b\&gt; \&amp; \\ trailing \\'
W_UNIT='Xã \<img src=x onerror=alert(5)\> \| Đại Sơn'
W_TITLE='Diễn tập \<script\>alert(9)\</script\> \| \*báo cáo\*'
W_POLICE='## Gửi: Công an xã \`Đại Sơn\` \<b\>x\</b\> \[y\](javascript:z)'
CODE1='`CODE1`'

at () {
	when=$1
	shift
	(cd ws && CUTOVER_NOW=$when "$CUTOVER" "$@" >/dev/null)
}

test_expect_success 'setup: an evil runbook and registry, and evil sign-offs' '
	mkdir -p ws/book/units &&
	sed -e "s/title = \"Cử cán bộ đầu mối\"/title = \"Cử <b>cán bộ<\/b> | đầu mối \`x\`\"/" \
	    -e "s/title = \"Chuyển Cổng DVCQG sang TTDLQG — diễn tập báo cáo\"/title = \"Diễn tập <script>alert(9)<\/script> | *báo cáo*\"/" \
	    -e "s/title = \"1. Sở, ban, ngành; UBND xã, phường\"/title = \"1. <i>Sở<\/i> | xã _x_\"/" \
		"$REPORT_DATA/report.lua" >ws/book/report.lua &&
	sed -e "s/name: \"Xã Đại Sơn\"/name: \"Xã <img src=x onerror=alert(5)> | Đại Sơn\"/" \
	    -e "s/name: \"Công an xã Đại Sơn\"/name: \"Công an xã \`Đại Sơn\` <b>x<\/b> [y](javascript:z)\"/" \
		"$REPORT_DATA/units/report.yaml" >ws/book/units/report.yaml &&
	test_grep "<script>" ws/book/report.lua &&
	test_grep "onerror" ws/book/units/report.yaml &&
	at "2026-05-28 09:00" init &&
	at "2026-05-28 09:00" start --rehearsal --name "evil <b>run</b>" book/report.lua &&
	at "2026-05-29 08:00" sign focal-point@dai-son --by "<i>Eve</i> | $NFD" \
		--evidence name="$E1" --evidence position="$E3" \
		--evidence phone=0912345678 --comment "$E2" &&
	at "2026-05-29 08:30" sign focal-point@so-tai-chinh --by "$NFC" \
		--evidence name="$NFD" --evidence position="$E4 $NFC" \
		--evidence phone=0912345679 &&
	at "2026-05-29 09:00" roster add --unit so-tai-chinh --role truc-su-co \
		--person "$E1" --from "2026-05-29 20:00" --to "2026-05-30 08:00" \
		--by "$E4" &&
	at "2026-05-29 16:00" fail accounts@dai-son --by "<b>Eve</b>" --reason "$E4" &&
	at "2026-05-29 16:05" block accounts@tan-son --by "x|y" --reason "$E3" &&
	at "2026-05-30 09:00" issue add --unit dai-son --system portal \
		--severity high --by "$E2" "$E1 $E3 $NFD" &&
	at "2026-05-30 14:00" sign "daily-report@dai-son#2026-05-30" --by "$NFD" \
		--evidence summary="$E3 $E2" --comment "$E4" &&
	at "2026-05-30 17:00" sign "police-daily@cong-an-tinh#2026-05-30" \
		--by "*PC06*" --evidence summary="$E1"
'

test_expect_success 'setup: every report, Vietnamese and English, Markdown and HTML' '
	mkdir ws/out &&
	for lang in vi en
	do
		for kind in readiness daily "daily --date 2026-05-29" \
			"daily --recipient ca-dai-son" "unit dai-son" \
			"unit so-tai-chinh" "unit tan-son" contacts
		do
			name=$(echo "$kind" | tr " " "_").$lang &&
			for format in md html
			do
				# shellcheck disable=SC2086
				at "$REPORT_NOW" report --lang $lang --format $format \
					-o "out/$name.$format" $kind || return 1
			done
		done
	done &&
	ls ws/out/*.md >mds &&
	test_line_count = 16 mds
'

test_expect_success 'every table keeps its cells' '
	for f in ws/out/*.md
	do
		table_rows_consistent "$f" || return 1
	done
'

test_expect_success 'the Markdown holds what was typed, escaped' '
	test_grep -F "$W1" ws/out/unit_dai-son.vi.md &&
	test_grep -F "$W2" ws/out/unit_dai-son.vi.md &&
	test_grep -F "$W3" ws/out/unit_dai-son.vi.md &&
	test_grep -F "$W4" ws/out/daily.vi.md &&
	test_grep -F "$W1" ws/out/readiness.en.md &&
	test_grep -F "$W_UNIT" ws/out/readiness.vi.md &&
	test_grep -F "$W_TITLE" ws/out/contacts.en.md
'

test_expect_success 'Vietnamese keeps its bytes, composed and decomposed' '
	test_grep -F "$NFD" ws/out/contacts.vi.md &&
	test_grep -F "$NFC" ws/out/contacts.vi.md &&
	test_grep -F "$NFD" ws/out/contacts.vi.html &&
	test_grep -F "$NFC" ws/out/unit_so-tai-chinh.en.html &&
	test_grep -F "$NFD" ws/out/daily.en.html &&
	test_grep -F "$NFD" ws/out/readiness.vi.html
'

test_expect_success 'no page holds an element the report did not write' '
	for f in ws/out/*.html
	do
		only_our_tags "$f" || return 1
	done
'

test_expect_success 'no element carries a link, a source or a handler' '
	for f in ws/out/*.html
	do
		{ grep -o "<[a-zA-Z][^>]*>" "$f" |
		  grep -i "href\|src=\|onerror\|javascript\|<a " >attrs || :; } &&
		test_line_count = 0 attrs || return 1
	done
'

test_expect_success 'Markdown a unit typed is shown, not applied' '
	for f in ws/out/unit_dai-son.vi.html ws/out/daily.en.html
	do
		test_grep -F "**BOLD1**" "$f" &&
		test_grep -F "~~DEL1~~" "$f" &&
		test_grep -F "$CODE1" "$f" &&
		test_grep -v "<strong>BOLD1" "$f" &&
		test_grep -v "<del>" "$f" &&
		test_grep -v "<code>CODE1" "$f" || return 1
	done &&
	test_grep -F "&lt;script&gt;alert(1)&lt;/script&gt;" ws/out/daily.en.html
'

test_expect_success 'the page title is escaped too' '
	test_grep "^<title>.*Diễn tập &lt;script&gt;alert(9)&lt;/script&gt; | \*báo cáo\*</title>$" \
		ws/out/readiness.vi.html &&
	test_grep "^<title>Checklist: Xã &lt;img src=x onerror=alert(5)&gt; | Đại Sơn" \
		ws/out/unit_dai-son.en.html
'

test_expect_success 'the daily report still routes Đại Sơn to its own police' '
	test_grep -F -x "$W_POLICE" ws/out/daily_--recipient_ca-dai-son.vi.md &&
	grep -c "^## Gửi: " ws/out/daily_--recipient_ca-dai-son.vi.md >n &&
	echo 1 >one &&
	test_cmp one n
'

test_expect_success TIDY 'every page passes tidy -errors' '
	pages_pass_tidy ws/out
'

test_expect_success CMARK_GFM 'each page body is what cmark-gfm makes of the Markdown' '
	bodies_match_cmark ws/out
'

test_expect_success CMARK_GFM 'even cmark-gfm --unsafe makes no element of what was typed' '
	for f in ws/out/*.md
	do
		cmark-gfm -e table -e tasklist -e strikethrough --unsafe "$f" >"$f.unsafe" &&
		{ grep -n "<script\|<img\|<b>\|<i>\|<a \|<del>\|<strong>BOLD1" "$f.unsafe" >raw || :; } &&
		test_line_count = 0 raw || return 1
	done
'

test_done
