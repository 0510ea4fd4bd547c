#!/bin/sh
test_description='the demo'"'"'s reports in Vietnamese and English print labels, never the
slugs of labelled things: the ids of duty roles, difficulty systems and severities, and
evidence keys; reports default to the runbook'"'"'s language'
. "$(dirname "$0")/lib.sh"

test_expect_success TZDATA 'setup: the demo, and every report in both languages' '
	CUTOVER_DEMO_DIR=$PWD/ws CUTOVER_DEMO_OUTPUT=$PWD/out \
		"$REPO_ROOT/scripts/demo" "$CUTOVER" >demo.out 2>&1 &&
	(
		cd ws &&
		export CUTOVER_DB=$PWD/state.db CUTOVER_NOW="2026-05-30 16:05" &&
		for lang in vi en
		do
			for kind in readiness daily contacts "unit dai-son" \
				"unit so-tai-chinh" "unit mobifone-bac-ninh"
			do
				# shellcheck disable=SC2086
				cutover report --lang $lang -o "../$lang-$(echo $kind | tr " " -).md" \
					$kind >/dev/null || exit 1
			done &&
			cutover issue list --format md --lang $lang >"../$lang-issues.md" ||
			exit 1
		done
	) &&
	ls vi-*.md en-*.md >reports &&
	test_line_count = 14 reports
'

# The labelled ids of the run: roles, systems, severities, evidence keys.
test_expect_success TZDATA 'the ids to look for: every role, system, severity and field' '
	(
		cd ws &&
		sqlite3 state.db "select distinct id from labels
			where kind in ('"'"'role'"'"', '"'"'system'"'"', '"'"'severity'"'"', '"'"'field'"'"')
			order by id" >../ids
	) &&
	test_grep -x "truc-su-co" ids &&
	test_grep -x "catalogue" ids &&
	test_grep -x "critical" ids &&
	test_grep -x "processed" ids &&
	test_line_count -ge 70 ids
'

# leaks FILE : prints each id of ./ids that FILE shows where a label
# belongs: a table cell, an evidence key ("...: id: value" or "; id:"),
# "(id)", or anywhere for an id no language writes as a word (with '-' or
# '_'). Code spans (task keys, hashes) and Markdown escapes are left out.
leaks () {
	sed -e 's/`[^`]*`//g' -e 's/\\//g' "$1" >plain &&
	while read -r id
	do
		case $id in
		*[-_]*) grep -n -w -- "$id" plain ;;
		*) grep -n -e "| $id |" -e ": $id: " -e "; $id: " -e "($id)" plain ;;
		esac | sed "s|^|$1: $id: |"
	done <ids
}

test_expect_success TZDATA 'no slug of a labelled thing in the Vietnamese reports' '
	for f in vi-*.md
	do
		leaks "$f" || return 1
	done >found &&
	test_line_count = 0 found
'

test_expect_success TZDATA 'no slug of a labelled thing in the English reports' '
	for f in en-*.md
	do
		leaks "$f" || return 1
	done >found &&
	test_line_count = 0 found
'

test_expect_success TZDATA 'the labels are there: roles, systems, severities, fields, items' '
	test_grep "| Trực hướng dẫn, hỗ trợ xã, phường; Trực ứng phó sự cố |" vi-readiness.md &&
	test_grep "; Incident-response desk |" en-readiness.md &&
	test_grep "| Danh mục thủ tục hành chính | Cao |" vi-readiness.md &&
	test_grep "| Procedure catalogue | High |" en-readiness.md &&
	test_grep "Số hồ sơ đã xử lý: " vi-daily.md &&
	test_grep "Cases processed: " en-daily.md &&
	test_grep "| D1.8 — Báo cáo hằng ngày trước 16h |" vi-readiness.md &&
	test_grep "| D1.8 — Daily report before 16:00 |" en-readiness.md &&
	test_grep "^## Hệ thống: Danh mục thủ tục hành chính$" vi-issues.md &&
	test_grep "^### Mức độ: Nghiêm trọng$" vi-issues.md &&
	test_grep "^## System: Procedure catalogue$" en-issues.md &&
	test_grep "^# Difficulties, compiled$" en-issues.md
'

test_expect_success TZDATA 'durations in words of each language, never "4h"' '
	test_grep "^- Thời điểm lập báo cáo: 30/05/2026 16:05 (18 giờ 5 phút sau T0)$" vi-readiness.md &&
	test_grep "^- Report time: 2026-05-30 16:05 (18 hours 5 minutes after T0)$" en-readiness.md &&
	! grep -n "T[-+−][0-9]\|[0-9]h [0-9][0-9]m\|[0-9]d [0-9][0-9]*h" vi-*.md en-*.md
'

test_expect_success TZDATA 'a report defaults to the runbook'"'"'s language; another one says its own in the file name' '
	(
		cd ws &&
		export CUTOVER_DB=$PWD/state.db CUTOVER_NOW="2026-05-30 16:05" &&
		cutover report readiness >../path &&
		cutover report --lang en readiness >../path.en &&
		cutover report --lang vi readiness >../path.vi
	) &&
	echo "output/readiness-dien-tap-29-05-2026-05-30.md" >expect &&
	test_cmp expect path &&
	test_cmp expect path.vi &&
	echo "output/readiness-dien-tap-29-05-2026-05-30.en.md" >expect &&
	test_cmp expect path.en &&
	test_grep "^# Báo cáo mức độ sẵn sàng$" ws/output/readiness-dien-tap-29-05-2026-05-30.md &&
	test_grep "^# Readiness report$" ws/output/readiness-dien-tap-29-05-2026-05-30.en.md
'

test_done
