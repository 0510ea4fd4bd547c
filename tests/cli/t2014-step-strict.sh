#!/bin/sh
test_description='step: from a pipe, each line one command; in a terminal, a waiver asked for deliberately'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-tmux.sh"
SQ="'"

# In the walk at check@dai-son: d, then evidence the check refuses.
sign_fixed_over_reviewed () {
	tmux_keys d &&
	tmux_wait "reviewed (number):" &&
	tmux_type 1 && tmux_keys Enter &&
	tmux_wait "fixed (number):" &&
	tmux_type 3 && tmux_keys Enter &&
	tmux_wait "note (text, optional: Enter skips):" &&
	tmux_keys Enter
}

nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

test_expect_success 'setup: the gate runbook, ready signed' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name p "$TEST_DATA/gate.lua" >/dev/null &&
	cutover sign --by An ready@dai-son >/dev/null
'

test_expect_success 'evidence fields are asked in the order the runbook writes them' '
	printf "g check@dai-son\nd\n1\n0\n\nq\n" | cutover step --by An >out 2>err &&
	sed -n "s/^  \([a-z]*\) (.*/\1/p" out >order &&
	printf "reviewed\nfixed\nnote\n" >expect &&
	test_cmp expect order &&
	test_grep "Evidence *reviewed (number), fixed (number), note (text, optional)" out &&
	cutover reopen --by An --reason "lại" check@dai-son >/dev/null
'

test_expect_success 'a bad value followed by g KEY: never signed with g KEY as the value; g KEY is a command' '
	db_snapshot before &&
	printf "g check@dai-son\nd\nmột\ng ready@so-tai-chinh\nq\n" >in &&
	test_expect_code 1 cutover step --by An <in >out 2>err &&
	test_one_error err "${SQ}một${SQ}" "; nothing recorded" &&
	test_grep "^> g ready@so-tai-chinh$" out &&
	test_grep "^ready@so-tai-chinh  \[pending\]" out &&
	test_grep -v "fixed (number): g ready" out &&
	test_grep "^0 actions recorded in this session" out &&
	nothing_written
'

test_expect_success 'no to a question cancels; an empty name ends the action; the next line is a command' '
	db_snapshot before &&
	printf "g check@so-tai-chinh\nd\nn\nd\ny\n\nq\n" >in &&
	test_expect_code 1 cutover step <in >out 2>err &&
	test_grep "It waits on ready@so-tai-chinh. Sign it anyway" out &&
	test_grep "cancelled; nothing recorded" out &&
	test_one_error err "text is empty" "; nothing recorded" &&
	test_grep "^0 actions recorded" out &&
	nothing_written
'

test_expect_success 'a refused check followed by a command line never records a waiver' '
	db_snapshot before &&
	printf "g check@dai-son\nd\n1\n3\n\nc Đã gọi lại cho xã\nq\n" >in &&
	test_expect_code 1 cutover step --by An <in >out 2>err &&
	test_grep "^cutover: check of step .check. refused the sign-off of .check@dai-son.; nothing recorded" err &&
	test_grep "^  - fixed exceeds reviewed$" err &&
	test_grep "^comment added to check@dai-son (event [0-9]*)$" out &&
	db_query "select kind, comment from events order by seq desc limit 1" >actual &&
	echo "comment|Đã gọi lại cho xã" >expect &&
	test_cmp expect actual &&
	db_query "select count(*) from events where evidence like '\''%waiver%'\''" >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	test_grep "^1 action recorded in this session" out
'

test_expect_success 'every action refused: exit 1; every action through: exit 0' '
	printf "g check@dai-son\nc ghi chú\nq\n" | cutover step --by An >out 2>err &&
	test_line_count = 0 err &&
	printf "g check@dai-son\nd\n1\n3\n\nq\n" >in &&
	test_expect_code 1 cutover step --by An <in >out 2>err
'

test_expect_success TMUX 'terminal: the waiver question defaults to no; y alone is not a reason' '
	db_snapshot before &&
	tmux_start "\"$CUTOVER\" step --by An check@dai-son" &&
	tmux_wait "check@dai-son  [pending]" &&
	tmux_wait "q quit" &&
	sign_fixed_over_reviewed &&
	tmux_wait "Accept these findings and record the sign-off anyway? [y/N]" &&
	test_grep "  - fixed exceeds reviewed" screen &&
	tmux_keys Enter &&
	tmux_wait "refused by the check; nothing recorded" &&
	nothing_written &&
	sign_fixed_over_reviewed &&
	tmux_wait "anyway? [y/N]" &&
	tmux_keys y &&
	tmux_wait "Why are these findings accepted? (3 words at least):" &&
	tmux_type y &&
	tmux_wait "(3 words at least): y ✗" &&
	tmux_keys Enter &&
	tmux_wait "a reason is 3 words at least; ${SQ}y${SQ} is not one" &&
	nothing_written &&
	tmux_keys BSpace &&
	tmux_type "Đã đối chiếu với Sở" &&
	tmux_wait "Đã đối chiếu với Sở ✓" &&
	tmux_keys Enter &&
	tmux_wait "signed check@dai-son with a waiver (event" &&
	tmux_keys q &&
	tmux_wait "1 action recorded in this session" &&
	tmux_done &&
	db_query "select kind, json_extract(evidence, '\''$.waiver.reason'\'') from events order by seq desc limit 1" >actual &&
	echo "done|Đã đối chiếu với Sở" >expect &&
	test_cmp expect actual
'

test_done
