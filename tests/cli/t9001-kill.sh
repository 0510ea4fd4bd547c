#!/bin/sh
test_description='kill -9 in the middle of sign-offs: nothing acknowledged is lost'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a rehearsal and its daily tasks' '
	mini_workspace &&
	cutover plan "$TEST_DATA/mini.lua" >plan &&
	sed -n "s/^[0-9-]* [0-9:]*  *\(daily-report@[^ ]*\) .*/\1/p" plan >keys &&
	test_line_count = 35 keys
'

test_expect_success 'sign-offs killed at random moments' '
	n=0 &&
	for key in $(cat keys)
	do
		n=$((n + 1))
		"$CUTOVER" sign --by "k$n" "$key" >out.$n 2>err.$n &
		echo $! >>pids
		case $((n % 4)) in
		0) kill -9 $! 2>/dev/null ;;
		1) sleep 0.01; kill -9 $! 2>/dev/null ;;
		esac
	done
	wait
	test -s pids
'

# Where a kill lands, shown by the database rather than the clock
# (tests/cli/killer.py): a sign-off killed while it waits for the write
# lock the test holds, and one killed while it holds that lock itself,
# writing a 30 MiB attachment; neither records anything, verify holds.
test_expect_success PYTHON3 'a sign-off killed before its write, waiting for the lock: nothing recorded' '
	event_count >before &&
	KILLER_OUT=b.out python3 "$TEST_DIRECTORY/killer.py" before .cutover/state.db -- \
		"$CUTOVER" sign --by Before "daily-report@ttpvhcc#2026-06-05" >kills &&
	test_grep -x before kills &&
	test_line_count = 0 b.out &&
	event_count >after &&
	test_cmp before after &&
	cutover verify >out
'

test_expect_success PYTHON3 'a sign-off killed during its write: nothing recorded, verify holds' '
	head -c 31457280 /dev/urandom >big.bin &&
	landed=0 &&
	i=0 &&
	while test $landed -lt 1 && test $i -lt 20
	do
		i=$((i + 1)) &&
		event_count >before &&
		KILLER_OUT=d.out python3 "$TEST_DIRECTORY/killer.py" during \
			.cutover/state.db -- "$CUTOVER" sign --by During \
			--evidence amount=1 --evidence effective=2026-05-01 \
			--attach table=big.bin fees@so-tai-chinh >kills &&
		cutover verify >out || return 1
		if grep -x during kills >/dev/null &&
			test "$(event_count)" = "$(cat before)"
		then
			landed=1 &&
			test_line_count = 0 d.out &&
			db_query "select count(*) from attachments" >n &&
			echo "${committed:-0}" >expect &&
			test_cmp expect n || return 1
		elif test "$(event_count)" != "$(cat before)"
		then
			# Committed before the kill landed: undo it for another try.
			committed=1 &&
			cutover reopen --by During --reason again fees@so-tai-chinh >/dev/null
		fi
	done &&
	test $landed = 1 || {
		echo "no kill landed inside the write in $i tries"
		return 1
	}
'

test_expect_success 'the ledger verifies' '
	cutover verify >out &&
	test_grep "^ledger ok" out
'

test_expect_success 'every acknowledged sign-off is in the ledger, under its number' '
	cat out.* >acks &&
	sed -n "s/^signed \([^ ]*\) (event \([0-9]*\))$/\2|\1/p" acks | sort -n >acked &&
	while IFS="|" read -r seq key
	do
		db_query "select task_key from events where seq = $seq and kind = '\''done'\''" >actual &&
		echo "$key" >expect &&
		test_cmp expect actual || return 1
	done <acked
'

test_expect_success 'no task is done twice, and each done task has its event' '
	db_query "select task_key from events where kind = '\''done'\''
		group by task_key having count(*) > 1" >twice &&
	test_line_count = 0 twice &&
	db_query "select count(*) from tasks where state = '\''done'\''" >tasks-done &&
	db_query "select count(*) from events where kind = '\''done'\''" >events-done &&
	test_cmp tasks-done events-done
'

test_expect_success 'the tasks left open can still be signed' '
	db_query "select key from tasks where state = '\''pending'\'' and key like '\''daily-report@%'\''" >open &&
	for key in $(cat open)
	do
		cutover sign --by late "$key" >out || return 1
	done &&
	db_query "select count(*) from tasks where key like '\''daily-report@%'\'' and state <> '\''done'\''" >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	cutover verify >out
'

test_done
