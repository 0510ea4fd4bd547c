#!/bin/sh
test_description='the manual page cutover(1): the help the binary prints, valid roff, installed'
. "$(dirname "$0")/lib.sh"

command -v groff >/dev/null 2>&1 && test_set_prereq GROFF
command -v man >/dev/null 2>&1 && test_set_prereq MAN
# `make install` from the build tree the binary under test is in (not
# under `make leakcheck`, where $CUTOVER is a wrapper script).
BUILD_DIR=$(dirname "$CUTOVER")
test "$(basename "$CUTOVER")" = cutover && test -f "$BUILD_DIR/.deps-ok" &&
	command -v make >/dev/null 2>&1 && test_set_prereq BUILD_TREE
test_have_prereq BUILD_TREE && test_have_prereq MAN && test_set_prereq BUILD_TREE_MAN

test_expect_success 'docs/cutover.1 and docs/cutover.vi.1 match scripts/gen-man output' '
	"$REPO_ROOT/scripts/gen-man" "$CUTOVER" >actual &&
	test_cmp "$REPO_ROOT/docs/cutover.1" actual &&
	"$REPO_ROOT/scripts/gen-man" "$CUTOVER" vi >actual &&
	test_cmp "$REPO_ROOT/docs/cutover.vi.1" actual
'

test_expect_success 'the page has every command the help lists' '
	for c in $(cutover help | sed -n "/^Commands:/,\$s/^  \([a-z][a-z-]*\) .*/\1/p")
	do
		test_grep "^\.SS cutover $c$" "$REPO_ROOT/docs/cutover.1" || return 1
	done &&
	test_grep "^\.TH CUTOVER 1 " "$REPO_ROOT/docs/cutover.1" &&
	test_grep "^\.SH NAME" "$REPO_ROOT/docs/cutover.1"
'

test_expect_success GROFF 'groff reads both pages without a warning' '
	groff -k -man -Tutf8 -ww -z "$REPO_ROOT/docs/cutover.1" 2>err &&
	test_line_count = 0 err &&
	groff -k -man -Tutf8 -ww -z "$REPO_ROOT/docs/cutover.vi.1" 2>err &&
	test_line_count = 0 err
'

test_expect_success MAN 'man -l shows the page: options as typed, with ASCII hyphens' '
	MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$REPO_ROOT/docs/cutover.1" >out 2>err &&
	test_grep "^NAME" out &&
	test_grep "cutover - the runbook and checklist engine" out &&
	test_grep "^   cutover step" out &&
	test_grep "usage: cutover step \[--by NAME\]" out &&
	MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$REPO_ROOT/docs/cutover.vi.1" >out 2>err &&
	test_grep "^CÁC LỆNH" out &&
	test_grep "cách dùng: cutover step \[--by TÊN\]" out
'

test_expect_success BUILD_TREE 'make install DESTDIR=... PREFIX=/usr: binary, pages, catalogue, completions' '
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
		make -s -C "$REPO_ROOT" install BUILD="$BUILD_DIR" \
		DESTDIR="$TRASH_DIRECTORY/stage" PREFIX=/usr >out 2>err &&
	S=$TRASH_DIRECTORY/stage/usr &&
	test -x "$S/bin/cutover" &&
	test -f "$S/share/man/man1/cutover.1" &&
	test -f "$S/share/man/vi/man1/cutover.1" &&
	test_cmp "$REPO_ROOT/docs/man/cutover-sign.1" "$S/share/man/man1/cutover-sign.1" &&
	test_cmp "$REPO_ROOT/docs/man/vi/cutover-sign.1" "$S/share/man/vi/man1/cutover-sign.1" &&
	test -f "$S/share/locale/vi/LC_MESSAGES/cutover.mo" &&
	test -f "$S/share/bash-completion/completions/cutover" &&
	test -f "$S/share/zsh/vendor-completions/_cutover" &&
	test_cmp "$REPO_ROOT/docs/cutover.1" "$S/share/man/man1/cutover.1"
'

test_expect_success BUILD_TREE 'the installed binary finds its catalogue beside it (../share/locale)' '
	env -u LC_ALL LANG=vi_VN.UTF-8 "$TRASH_DIRECTORY/stage/usr/bin/cutover" --help >out &&
	test_grep "^Các lệnh:" out
'

test_expect_success BUILD_TREE_MAN 'man finds the installed page by name' '
	MANPATH="$TRASH_DIRECTORY/stage/usr/share/man" MANWIDTH=80 MANPAGER=cat \
		PAGER=cat man cutover >out 2>err &&
	test_grep "cutover step" out &&
	MANPATH="$TRASH_DIRECTORY/stage/usr/share/man" MANWIDTH=80 MANPAGER=cat \
		PAGER=cat man cutover-sign >out 2>err &&
	test_grep "^EXIT STATUS" out
'

test_done
