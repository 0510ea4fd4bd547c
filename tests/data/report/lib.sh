# tests/data/report/lib.sh -- sourced by the report tests (t5001-t5004)
# after tests/cli/lib.sh.
#
# report_scenario DIR builds, in DIR, a workspace with a
# rehearsal 'dien-tap' of report.lua and a fixed evening and day of
# sign-offs, a failure, a roster shift, two difficulties (one resolved),
# the gate decided no-go, so that every report has something in every
# section.  Every command runs at a fixed CUTOVER_NOW; the reports are
# then read at REPORT_NOW (30/05/2026 18:00, two hours after the daily
# deadline).

REPORT_DATA=$REPO_ROOT/tests/data/report
REPORT_NOW='2026-05-30 18:00'

# at 'YYYY-MM-DD HH:MM' CMD... : runs cutover at that time, quietly.
report_at_ () {
	report_at_when_=$1
	shift
	CUTOVER_NOW=$report_at_when_ "$CUTOVER" "$@" >/dev/null
}

report_scenario () {
	mkdir -p "$1" &&
	cp -r "$REPORT_DATA" "$1/book" &&
	(
		cd "$1" &&
		report_at_ '2026-05-28 09:00' init &&
		report_at_ '2026-05-28 09:00' start --rehearsal --name dien-tap \
			--by "TTPVHCC tỉnh" book/report.lua &&
		report_at_ '2026-05-29 08:15' sign focal-point@dai-son \
			--by "Nguyễn Văn An" --evidence name="Nguyễn Văn An" \
			--evidence position="Công chức Văn phòng - Thống kê" \
			--evidence phone="0912 345 678" \
			--evidence email=an.nv@daison.example.vn &&
		report_at_ '2026-05-29 09:40' sign focal-point@so-tai-chinh \
			--by "Trần Thị Bình" --evidence name="Trần Thị Bình" \
			--evidence position="Phó Chánh Văn phòng" \
			--evidence phone="0222 3854 123" &&
		report_at_ '2026-05-29 14:00' roster add --unit so-tai-chinh \
			--role truc-su-co --person "Lê Văn Cường" \
			--phone 0987654321 --from '2026-05-29 20:00' \
			--to '2026-05-30 08:00' --by "Trần Thị Bình" &&
		report_at_ '2026-05-29 15:30' sign accounts@so-tai-chinh \
			--by "Trần Thị Bình" --evidence reviewed=12 \
			--evidence fixed=2 --attach export=book/accounts.csv &&
		report_at_ '2026-05-29 16:10' fail accounts@dai-son \
			--by "Nguyễn Văn An" \
			--reason "Không đăng nhập được bằng VNeID" &&
		report_at_ '2026-05-30 09:30' issue add --unit dai-son \
			--system portal --severity high --by "Nguyễn Văn An" \
			"Hồ sơ nộp trên Cổng mới không đồng bộ về hệ thống của tỉnh" &&
		report_at_ '2026-05-30 10:00' issue add --unit so-tai-chinh \
			--system payment --severity low --by "Trần Thị Bình" \
			"Mã phí chưa hiển thị trên Cổng mới" &&
		report_at_ '2026-05-30 14:20' sign 'daily-report@dai-son#2026-05-30' \
			--by "Nguyễn Văn An" \
			--evidence summary="Tiếp nhận 14 hồ sơ, đã xử lý 9" \
			--evidence received=14 &&
		report_at_ '2026-05-30 15:45' sign 'daily-report@so-tai-chinh#2026-05-30' \
			--by "Trần Thị Bình" --evidence summary="Không phát sinh sự cố" \
			--comment "Gửi kèm bảng tổng hợp" &&
		report_at_ '2026-05-30 17:30' sign 'police-daily@cong-an-tinh#2026-05-30' \
			--by "Phòng PC06" \
			--evidence summary="Đã tổng hợp 2/3 báo cáo; Xã Tân Sơn chưa gửi" &&
		report_at_ '2026-05-30 17:45' issue resolve --by "Trần Thị Bình" \
			--resolution "Đã cập nhật mã phí" 2 &&
		report_at_ '2026-05-30 17:50' gate decide go@ttpvhcc --no-go \
			--by "Phó Chủ tịch UBND tỉnh" \
			--reason "Xã Đại Sơn chưa rà soát xong tài khoản"
	)
}

# table_rows_consistent FILE : in every Markdown table of FILE, each row has
# as many unescaped '|' as the table's header row.
table_rows_consistent () {
	awk '
		function cells(s) { gsub(/\\\|/, "", s); return gsub(/\|/, "", s) }
		/^\|/ {
			n = cells($0)
			if (!intable) { want = n; intable = 1; next }
			if (n != want) { printf "line %d: %d pipes, want %d: %s\n", NR, n, want, $0; bad = 1 }
			next
		}
		{ intable = 0 }
		END { exit bad }
	' "$1" >&4
}

# html_body HTML : the page's body as cmark-gfm renders the Markdown: the
# lines between <body> and </body>, without the page's own frame (the
# <section> lines, the <figure> blocks of the charts).
html_body () {
	sed -n '/^<body>$/,/^<\/body>$/p' "$1" |
	sed -e '1d' -e '$d' -e '/^<section class="part">$/d' -e '/^<\/section>$/d' \
		-e '/^<figure class="chart">$/,/^<\/figure>$/d'
}

# body_matches_cmark MD HTML : the HTML page's body is what the cmark-gfm
# command line makes of the Markdown (tables, task lists, strikethrough,
# safe mode).
body_matches_cmark () {
	html_body "$2" >"$2.body" &&
	cmark-gfm -e table -e tasklist -e strikethrough \
		--table-prefer-style-attributes "$1" >"$1.cmark" &&
	test_cmp "$1.cmark" "$2.body"
}

# pages_pass_tidy DIR : every DIR/*.html passes tidy -errors (what tidy
# says is shown when one does not).
pages_pass_tidy () {
	for f in "$1"/*.html
	do
		tidy -errors -q "$f" >"$f.tidy" 2>&1 ||
		{ cat "$f.tidy" >&4; return 1; }
	done
}

# bodies_match_cmark DIR : for every DIR/X.md, the body of DIR/X.html is
# what cmark-gfm makes of X.md.
bodies_match_cmark () {
	for f in "$1"/*.md
	do
		body_matches_cmark "$f" "${f%.md}.html" || return 1
	done
}

# html_tags HTML : the names of the elements the page holds, one a line,
# sorted and unique.
html_tags () {
	grep -o '<[a-zA-Z][a-zA-Z0-9-]*' "$1" | sed 's/^<//' | sort -u
}

# only_our_tags HTML : every element of the page is one the reports make.
only_our_tags () {
	html_tags "$1" >"$1.tags" &&
	grep -v -x -e html -e head -e meta -e title -e style -e body \
		-e section -e h1 -e h2 -e h3 -e p -e ul -e li -e strong \
		-e table -e thead -e tbody -e tr -e th -e td -e code -e del \
		-e input -e figure -e figcaption -e svg -e rect -e text \
		-e line -e path "$1.tags" >"$1.foreign" ;
	test_line_count = 0 "$1.foreign"
}

command -v cmark-gfm >/dev/null 2>&1 && test_set_prereq CMARK_GFM
command -v tidy >/dev/null 2>&1 && test_set_prereq TIDY
