#!/bin/sh
test_description='status and next on a terminal: colour, the width of the window, and never colour with NO_COLOR'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-tmux.sh"

ESC=$(printf '\033')

test_expect_success 'setup: a rehearsal at 17:00 on the eve, one task blocked' '
	mini_workspace &&
	CUTOVER_NOW="2026-05-29 17:00" cutover block --by An --reason "no network" \
		"daily-report@so-tai-chinh#2026-05-30" >/dev/null
'

# In tmux the terminal is 100 columns wide; CUTOVER_NOW and NO_COLOR are
# set on the command line, since the tmux server does not pass the test's
# environment on.
test_expect_success TMUX 'status on a terminal: late counts in red, blocked in yellow, bars' '
	tmux_start "env -u NO_COLOR CUTOVER_NOW=\"2026-05-29 17:00\" \"$CUTOVER\" status" &&
	tmux_done &&
	tmux_screen screen &&
	test_grep -F "${ESC}[31m" screen &&
	test_grep -F "${ESC}[33m" screen &&
	test_grep -F "${ESC}[31m3 late" screen &&
	sed "s/${ESC}\\[[0-9;]*m//g" screen >plain &&
	test_grep "^0/41 done, 3 late, 1 blocked or failed  ░\\{10\\}   0%$" plain &&
	test_grep "^1. Departments and communes  *0  *40  *3  *1  ░\\{10\\}   0%" plain &&
	test_grep "· 5 hours to T0$" plain
'

test_expect_success TMUX 'next on a terminal: late lines in red, lines cut to the window' '
	tmux_start "env -u NO_COLOR CUTOVER_NOW=\"2026-05-29 17:00\" \"$CUTOVER\" next" &&
	tmux_done &&
	tmux_screen screen &&
	test_grep -F "${ESC}[31m7 hours late" screen &&
	sed "s/${ESC}\\[[0-9;]*m//g" screen >plain &&
	sed "s/…/./g" plain | awk "length(\$0) > 100 { bad = 1 } END { exit bad }" &&
	test_grep "^2026-05-29 10:00  7 hours late  *focal-point@dai-son  *Name a focal point -> …$" plain
'

test_expect_success TMUX 'NO_COLOR on a terminal: the same screen without a colour' '
	tmux_start "NO_COLOR=1 CUTOVER_NOW=\"2026-05-29 17:00\" \"$CUTOVER\" status" &&
	tmux_done &&
	tmux_screen screen &&
	test_grep ! -F "$ESC" screen &&
	test_grep "░" screen
'

test_expect_success TMUX 'a narrow terminal: tables without bars, names cut to fit' '
	tmux_start "stty cols 60; NO_COLOR=1 CUTOVER_NOW=\"2026-05-29 17:00\" \"$CUTOVER\" status" &&
	tmux_done &&
	tmux_screen screen &&
	test_grep "^1. Departments and communes  *0  *40  *3  *1$" screen &&
	test_grep "^unit (least ready first)  *done  total   late  blocked$" screen &&
	test_grep ! "░" screen
'

# script(1) runs a command on a terminal of its own and keeps all it wrote.
command -v script >/dev/null 2>&1 && test_set_prereq SCRIPT

test_expect_success SCRIPT 'long work shows its progress on a terminal, and clears it' '
	mkdir big && (
		cd big &&
		cutover init >/dev/null &&
		script -qec "\"$CUTOVER\" start --rehearsal \"$REPO_ROOT/tests/data/load/load.lua\"" \
			/dev/null >typescript &&
		test_grep -F "storing the tasks" typescript &&
		test_grep -F "1650 tasks, 50 units" typescript &&
		{
			echo task,by &&
			for u in $(seq -w 1 50); do echo "load-01@u$u,An" || return 1; done
		} >rows.csv &&
		script -qec "\"$CUTOVER\" import signoffs rows.csv" /dev/null >typescript &&
		test_grep -F "checking the rows" typescript &&
		test_grep -F "recording the rows" typescript &&
		test_grep "^imported rows.csv: 50 recorded" typescript
	)
'

test_expect_success 'no progress line when stderr is not a terminal' '
	mkdir quiet && (
		cd quiet &&
		cutover init >/dev/null &&
		cutover start --rehearsal "$REPO_ROOT/tests/data/load/load.lua" >out 2>err &&
		test_line_count = 0 err
	)
'

test_done
