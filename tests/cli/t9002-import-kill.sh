#!/bin/sh
test_description='kill -9 during a bulk import: the file is wholly in the ledger or wholly out'
. "$(dirname "$0")/lib.sh"

# An import of 1,600 sign-offs (tests/data/load: steps load-01..load-32
# for units u01..u50) is killed with SIGKILL, each time from the same
# workspace, at moments the database shows (tests/cli/killer.py), not the
# clock: before its write, while it waits for the write lock the test
# holds, and during its write, once the lock is seen held by the import.
# Each time the file is wholly in the ledger or wholly out, verify holds,
# and every acknowledgement printed is kept.
LOAD_DATA=$REPO_ROOT/tests/data/load

# done_count : how many of the file's tasks are done.
done_count () {
	db_query "select count(*) from tasks where key like 'load-%' and state = 'done'"
}

test_expect_success 'setup: a rehearsal of the load runbook and a CSV of 1,600 rows' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name load "$LOAD_DATA/load.lua" >/dev/null &&
	{
		echo "task,by,comment" &&
		for s in $(seq -w 1 32)
		do
			for u in $(seq -w 1 50)
			do
				echo "load-$s@u$u,Người nhập,lô $s" || return 1
			done
		done
	} >all.csv &&
	test_line_count = 1601 all.csv &&
	cp -r .cutover clean
'

# outcome ROUND : checks the workspace after a kill: verify holds, all
# of the file or none of it is done, an acknowledgement is kept; says
# "none" or "all" in outcomes.
outcome () {
	cutover verify >verify.$1 2>&1 || {
		echo "round $1: verify failed" && cat verify.$1
		return 1
	}
	n=$(done_count) &&
	events=$(event_count) &&
	case "$n/$events" in
	0/1) echo none >>outcomes ;;
	1600/1601) echo all >>outcomes ;;
	*) echo "round $1: $n done, $events events"
	   return 1 ;;
	esac &&
	if grep "^imported all.csv: 1600 recorded" out.$1 >/dev/null
	then
		test $n = 1600 || {
			echo "round $1: acknowledged, but $n done"
			return 1
		}
		# Each acknowledged row names the event that holds it.
		sed -n "s/^signed \([^ ]*\) (event \([0-9]*\))$/\2|\1/p" \
			out.$1 >acked &&
		test_line_count = 1600 acked &&
		db_query "select seq, task_key from events where kind = \"done\"
			order by seq" >held &&
		sort -t"|" -k1,1n acked >acked.sorted &&
		test_cmp acked.sorted held || return 1
	fi
}

# kill_import MODE ROUND : killer.py MODE on an import of all.csv from
# the clean workspace; its word (before, during, missed) in kills.ROUND.
kill_import () {
	rm -rf .cutover && cp -r clean .cutover &&
	KILLER_OUT=out.$2 KILLER_ERR=err.$2 python3 "$TEST_DIRECTORY/killer.py" \
		"$1" .cutover/state.db -- "$CUTOVER" import signoffs all.csv >kills.$2
}

test_expect_success PYTHON3 'killed before its write, waiting for the lock: nothing of it, verify holds' '
	: >outcomes &&
	for i in 1 2 3
	do
		kill_import before b$i &&
		test_grep -x before kills.b$i &&
		outcome b$i || return 1
	done &&
	sort -u outcomes >kinds &&
	echo none >expect &&
	test_cmp expect kinds
'

# The import holds the lock for the whole of its write: a kill sent once
# the lock is seen held lands inside the transaction (or, at the latest,
# after its commit). Until three have landed inside, at most 20 tries.
test_expect_success PYTHON3 'killed during its write: wholly out (or wholly in), verify holds, acks kept' '
	: >outcomes &&
	landed=0 &&
	i=0 &&
	while test $landed -lt 3 && test $i -lt 20
	do
		i=$((i + 1)) &&
		kill_import during d$i &&
		outcome d$i || return 1
		if grep -x during kills.d$i >/dev/null && test "$(tail -n 1 outcomes)" = none
		then
			landed=$((landed + 1))
		fi
	done &&
	test $landed -ge 3 || {
		echo "no kill landed inside the write in $i tries"
		return 1
	}
'

test_expect_success 'after the last kill, the import completes and is idempotent' '
	cutover import signoffs all.csv >out &&
	test_grep "^imported all.csv" out &&
	done_count >actual &&
	echo 1600 >expect &&
	test_cmp expect actual &&
	db_snapshot before &&
	cutover import signoffs all.csv >out &&
	test_grep "^imported all.csv: nothing new, 1600 rows so already" out &&
	db_snapshot after &&
	test_cmp before after &&
	cutover verify >out &&
	test_grep "^ledger ok: 1601 events" out
'

test_done
