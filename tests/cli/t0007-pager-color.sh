#!/bin/sh
test_description='long output through a pager on a terminal, --no-pager, --color and the environment that says it'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-tmux.sh"

ESC=$(printf '\033')

test_expect_success 'setup: a rehearsal at 17:00 on the eve, one task blocked' '
	mini_workspace &&
	CUTOVER_NOW="2026-05-29 17:00" cutover block --by An --reason "no network" \
		"daily-report@so-tai-chinh#2026-05-30" >/dev/null
'

# The pane is 100x40; status of the mini run is longer than that.
test_expect_success TMUX 'status on a terminal goes through the pager, which waits for a key' '
	tmux_start "env -u NO_COLOR CUTOVER_NOW=\"2026-05-29 17:00\" CUTOVER_PAGER=\"less -+F\" \"$CUTOVER\" status" &&
	tmux_wait "T0" &&
	# less holds the screen until q: the command has not ended.
	! test -s tmux-exit &&
	tmux_keys q &&
	tmux_done
'

test_expect_success TMUX 'what fits one screen is printed and the pager quits by itself (LESS=FRX)' '
	tmux_start "env -u LESS CUTOVER_PAGER=less \"$CUTOVER\" log --help" &&
	tmux_done &&
	tmux_screen out &&
	test_grep "usage: cutover log RUNBOOK" out
'

test_expect_success TMUX '--no-pager, before or after the command, and CUTOVER_PAGER=cat: no pager' '
	tmux_start "CUTOVER_NOW=\"2026-05-29 17:00\" CUTOVER_PAGER=\"less -+F\" \"$CUTOVER\" --no-pager status" &&
	tmux_done &&
	tmux_start "CUTOVER_PAGER=\"less -+F\" \"$CUTOVER\" diff --help --no-pager" &&
	tmux_done &&
	tmux_start "CUTOVER_NOW=\"2026-05-29 17:00\" CUTOVER_PAGER=cat PAGER=\"less -+F\" \"$CUTOVER\" status" &&
	tmux_done
'

test_expect_success 'a pipe is never paged' '
	CUTOVER_PAGER=false cutover status >out &&
	test_grep "T0" out
'

test_expect_success '--color always and never, whatever the output is' '
	cutover --color always status >always &&
	test_grep "$ESC\[" always &&
	cutover --color=never status >never &&
	test_grep ! "$ESC" never &&
	# An explicit choice beats NO_COLOR (set by the harness).
	test -n "$NO_COLOR" &&
	cutover --color always status >always2 &&
	test_cmp always always2
'

test_expect_success 'CLICOLOR_FORCE colours a pipe; NO_COLOR wins over it' '
	(unset NO_COLOR && CLICOLOR_FORCE=1 cutover status >forced) &&
	test_grep "$ESC\[" forced &&
	NO_COLOR=1 CLICOLOR_FORCE=1 cutover status >plain &&
	test_grep ! "$ESC" plain &&
	(unset NO_COLOR && CLICOLOR_FORCE=0 cutover status >zero) &&
	test_grep ! "$ESC" zero
'

test_expect_success 'colour never lets through what a file says: only our styles pass' '
	mkdir evil &&
	cp -r "$TEST_DATA/units" evil/ &&
	sed "s/\"Mini cutover\"/\"Mini\\\\027]0;owned\\\\007 cutover\"/" \
		"$TEST_DATA/mini.lua" >evil/mini.lua &&
	test_grep "owned" evil/mini.lua &&
	cutover --color always check evil/mini.lua >out &&
	test_grep "owned" out &&
	test_grep ! "$ESC\]0;owned" out
'

test_expect_success 'a --color that is no mode: bad usage, one line' '
	test_expect_code 2 cutover --color sometimes status >out 2>err &&
	test_one_error err "--color takes auto, always or never" &&
	test_expect_code 2 cutover log x --color=blue >out 2>err &&
	test_one_error err "--color takes"
'

test_done
