#!/bin/sh
test_description='one manual page per command: cutover CMD --help, cutover help CMD and cutover-CMD(1) say the same'
. "$(dirname "$0")/lib.sh"

command -v groff >/dev/null 2>&1 && test_set_prereq GROFF
command -v man >/dev/null 2>&1 && test_set_prereq MAN

commands=$("$REPO_ROOT/scripts/gen-man" --commands "$CUTOVER")

# vi CMD... : cutover in Vietnamese (the locale need not exist).
vi () {
	env -u LANGUAGE -u LC_MESSAGES LC_ALL=vi_VN.UTF-8 "$CUTOVER" "$@"
}

# help_words < HELP : the help's words, one a line, without the words
# the page says with its section headings: "usage:"/"or:" before each
# synopsis line, the "Exit status:" and "Examples:" headings (the first
# non-indented line ending in ':' above "  0  ", and the next one).
help_words () {
	awk '
	{ line[++n] = $0 }
	END {
		for (i = 1; i <= n && line[i] != ""; i++)
			sub(/^ *[^ ]+( [^ ]+)?: /, "", line[i])
		for (i = 1; i < n; i++)
			if (line[i] ~ /^[^ ].*:$/ && line[i + 1] ~ /^  0  /) {
				line[i] = ""
				for (j = i + 2; j <= n; j++)
					if (line[j] ~ /^[^ ].*:$/) {
						line[j] = ""
						break
					}
				break
			}
		for (i = 1; i <= n; i++) print line[i]
	}' | tr -s ' \n' '\n\n' | sed '/^$/d'
}

# page_words < RENDERED : the page's words as man shows them, without
# its header and footer lines, its section headings, the NAME line, the
# SEE ALSO section and the sentence that stands for no options.
page_words () {
	sed -e '1d' -e '$d' |
	awk '
	/^[^ ]/ { section = $0; next }
	section ~ /^(NAME|TÊN)$/ { next }
	section ~ /^(SEE ALSO|XEM THÊM)$/ { next }
	/global options; see cutover\(1\)|tùy chọn chung của cutover; xem/ { next }
	{ print }' | tr -s ' \n' '\n\n' | sed '/^$/d'
}

test_expect_success 'every command has a page, in English and Vietnamese, and no page is left over' '
	test -n "$commands" &&
	for c in $commands
	do
		test -f "$REPO_ROOT/docs/man/cutover-$c.1" &&
		test -f "$REPO_ROOT/docs/man/vi/cutover-$c.1" || return 1
	done &&
	ls "$REPO_ROOT/docs/man" | grep "^cutover-" >pages &&
	test_line_count = $(echo $commands | wc -w) pages
'

test_expect_success 'the pages are what scripts/gen-man writes from the binary' '
	for c in $commands
	do
		"$REPO_ROOT/scripts/gen-man" "$CUTOVER" en $c >actual &&
		test_cmp "$REPO_ROOT/docs/man/cutover-$c.1" actual &&
		"$REPO_ROOT/scripts/gen-man" "$CUTOVER" vi $c >actual &&
		test_cmp "$REPO_ROOT/docs/man/vi/cutover-$c.1" actual || return 1
	done
'

test_expect_success 'CMD --help and help CMD print the same, in both languages' '
	for c in $commands
	do
		cutover $c --help >a &&
		cutover help $c >b &&
		test_cmp a b &&
		vi $c --help >a &&
		vi help $c >b &&
		test_cmp a b || return 1
	done
'

test_expect_success 'every help ends with its exit status and examples' '
	for c in $commands
	do
		cutover $c --help >h &&
		sed -n "/^Exit status:$/,/^Examples:$/p" h >status &&
		test_grep "^  0  ." status &&
		test_grep "^  2  bad usage" status &&
		sed -n "/^Examples:$/,\$p" h >examples &&
		test_grep "^    \\\$ cutover\\|^    \\\$ .*cutover completion" examples &&
		vi $c --help >h &&
		test_grep "^Trạng thái thoát:$" h &&
		test_grep "^Ví dụ:$" h || return 1
	done
'

test_expect_success 'each page has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS and EXAMPLES' '
	for c in $commands
	do
		p=$REPO_ROOT/docs/man/cutover-$c.1 &&
		grep "^\.SH " "$p" >sections &&
		printf ".SH %s\n" NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" \
			EXAMPLES "SEE ALSO" >expect &&
		test_cmp expect sections &&
		grep "^\.SH " "$REPO_ROOT/docs/man/vi/cutover-$c.1" >sections &&
		printf ".SH %s\n" NAME "CÁCH DÙNG" "MÔ TẢ" "TÙY CHỌN" \
			"TRẠNG THÁI THOÁT" "VÍ DỤ" "XEM THÊM" >expect &&
		test_cmp expect sections || return 1
	done
'

test_expect_success 'the NAME line is the summary cutover help gives' '
	cutover help >list &&
	for c in $commands
	do
		summary=$(sed -n "s/^  $c  *//p" list) &&
		grep -A1 "^\.SH NAME" "$REPO_ROOT/docs/man/cutover-$c.1" |
			sed -n 2p | sed -e "s/\\\\-/-/g" -e "s/\\\\(aq/'"'"'/g" >actual &&
		echo "cutover-$c - $summary" >expect &&
		test_cmp expect actual || return 1
	done
'

test_expect_success GROFF 'groff reads every page without a warning' '
	for p in "$REPO_ROOT"/docs/man/cutover-*.1 "$REPO_ROOT"/docs/man/vi/cutover-*.1
	do
		groff -k -man -Tutf8 -ww -z "$p" 2>err &&
		test_line_count = 0 err || return 1
	done
'

test_expect_success MAN 'man -l shows every page with the words of the help, in both languages' '
	for c in $commands
	do
		cutover $c --help | help_words >expect &&
		MANWIDTH=120 MANPAGER=cat PAGER=cat \
			man -l "$REPO_ROOT/docs/man/cutover-$c.1" >rendered 2>err &&
		page_words <rendered >actual &&
		test_cmp expect actual &&
		vi $c --help | help_words >expect &&
		MANWIDTH=120 MANPAGER=cat PAGER=cat \
			man -l "$REPO_ROOT/docs/man/vi/cutover-$c.1" >rendered 2>err &&
		page_words <rendered >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success MAN 'man -l shows the sections, options as typed with ASCII hyphens' '
	MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$REPO_ROOT/docs/man/cutover-sign.1" >out &&
	test_grep "^EXIT STATUS" out &&
	test_grep "^EXAMPLES" out &&
	test_grep "^ *--evidence FIELD=VALUE" out &&
	test_grep "cutover sign focal-point@dai-son --by \"Hoàng Văn Sơn\" \\\\$" out &&
	test_grep "a key as '"'"'cutover plan'"'"'" out
'

test_done
