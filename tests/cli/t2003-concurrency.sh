#!/bin/sh
test_description='concurrent writers: no sign-off lost, none recorded twice'
. "$(dirname "$0")/lib.sh"

# The daily reports signed here are of 30/05 to 06/06: a task is signed
# from its start on (its day, for a recurring one), so the clock is after.
CUTOVER_NOW='2026-06-06 12:00'
export CUTOVER_NOW

test_expect_success 'setup: a rehearsal and 20 distinct tasks' '
	mini_workspace &&
	cutover plan "$TEST_DATA/mini.lua" >plan &&
	sed -n "s/^[0-9-]* [0-9:]*  *\(daily-report@[^ ]*\) .*/\1/p" plan >all-keys &&
	sed -n 1,20p all-keys >keys &&
	test_line_count = 20 keys
'

test_expect_success '20 sign processes at once on 20 tasks: all exit 0, 20 events' '
	event_count >before &&
	i=0 &&
	for key in $(cat keys)
	do
		i=$((i + 1))
		{
			"$CUTOVER" sign --by "signer $i" "$key" >out.$i 2>err.$i
			echo $? >rc.$i
		} &
	done &&
	wait &&
	for i in $(seq 1 20)
	do
		echo 0 >expect &&
		test_cmp expect rc.$i &&
		test_line_count = 0 err.$i &&
		test_grep "^signed daily-report@" out.$i || return 1
	done &&
	event_count >after &&
	echo $(( $(cat before) + 20 )) >expect &&
	test_cmp expect after
'

test_expect_success 'each of the 20 tasks has exactly one done event and is done' '
	db_query "select task_key from events where kind = '\''done'\'' order by task_key" >signed &&
	sort keys >expect &&
	test_cmp expect signed &&
	db_query "select count(*) from tasks where state = '\''done'\''" >actual &&
	echo 20 >expect &&
	test_cmp expect actual
'

test_expect_success 'the sequence numbers have no gap and verify passes' '
	db_query "select count(*), min(seq), max(seq) from events" >actual &&
	echo "21|1|21" >expect &&
	test_cmp expect actual &&
	cutover verify >out &&
	test_grep "^ledger ok: 21 events" out
'

test_expect_success 'the same task from 2 processes at once: exactly one new event' '
	event_count >before &&
	for i in 1 2
	do
		{
			"$CUTOVER" sign --by "twin $i" --evidence name=Twin \
				--evidence phone=0912345678 focal-point@dai-son >twin.$i 2>twin-err.$i
			echo $? >twin-rc.$i
		} &
	done &&
	wait &&
	echo 0 >expect &&
	test_cmp expect twin-rc.1 &&
	test_cmp expect twin-rc.2 &&
	cat twin.1 twin.2 >both &&
	{ grep -c "^signed focal-point@dai-son" both >n || :; } &&
	echo 1 >expect &&
	test_cmp expect n &&
	{ grep -c "already" both >n || :; } &&
	test_cmp expect n &&
	event_count >after &&
	echo $(( $(cat before) + 1 )) >expect &&
	test_cmp expect after
'

test_expect_success 'the same task from 8 processes at once: still one event' '
	event_count >before &&
	for i in 1 2 3 4 5 6 7 8
	do
		{
			"$CUTOVER" sign --by "crowd $i" --evidence name=Crowd \
				--evidence phone=0912345678 focal-point@so-tai-chinh >crowd.$i 2>&1
			echo $? >crowd-rc.$i
		} &
	done &&
	wait &&
	cat crowd-rc.* >rcs &&
	printf "0\n0\n0\n0\n0\n0\n0\n0\n" >expect &&
	test_cmp expect rcs &&
	event_count >after &&
	echo $(( $(cat before) + 1 )) >expect &&
	test_cmp expect after &&
	db_query "select count(*) from events where task_key = '\''focal-point@so-tai-chinh'\''" >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'mixed writers: skip, block, sign and status at once' '
	event_count >before &&
	keys2=$(sed -n 21,30p all-keys) &&
	n=0 &&
	for key in $keys2
	do
		n=$((n + 1))
		case $((n % 3)) in
		0) "$CUTOVER" skip --by M --reason "mixed $n" "$key" >m.$n 2>&1 & ;;
		1) "$CUTOVER" block --by M --reason "mixed $n" "$key" >m.$n 2>&1 & ;;
		2) "$CUTOVER" sign --by M "$key" >m.$n 2>&1 & ;;
		esac
		"$CUTOVER" status >s.$n 2>&1 &
	done &&
	wait &&
	event_count >after &&
	echo $(( $(cat before) + n )) >expect &&
	test_cmp expect after &&
	cutover verify >out &&
	test_grep "^ledger ok" out
'

test_done
