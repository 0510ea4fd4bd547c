#!/bin/sh
test_description='kill -9 during a bulk import: the file is wholly in the ledger or wholly out'
. "$(dirname "$0")/lib.sh"

# An import of 1,600 sign-offs (tests/data/load: steps load-01..load-32
# for units u01..u50) is killed with SIGKILL at a random moment, 25 times,
# each time from the same workspace. The moments are spread over the
# time an import takes on this machine and build (measured first), so
# kills land while rows are checked, while they are written, at the
# commit and after it.
LOAD_DATA=$REPO_ROOT/tests/data/load
ROUNDS=25

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

test_expect_success 'an import run to the end, timed' '
	start=$(date +%s%N) &&
	cutover import signoffs all.csv >out &&
	end=$(date +%s%N) &&
	test_grep "^imported all.csv: 1600 recorded (events 2-1601)" out &&
	echo $(( (end - start) / 1000000 )) >took-ms &&
	rm -rf .cutover && cp -r clean .cutover
'

test_expect_success 'killed at random moments: verify passes, all or nothing, every acknowledgement kept' '
	took=$(cat took-ms) &&
	i=0 &&
	: >outcomes &&
	while test $i -lt $ROUNDS
	do
		i=$((i + 1)) &&
		rm -rf .cutover && cp -r clean .cutover &&
		delay=$(awk -v seed=$i -v ms=$took \
			"BEGIN { srand(seed); printf \"%.3f\", rand() * ms * 1.2 / 1000 }") &&
		{ "$CUTOVER" import signoffs all.csv >out.$i 2>err.$i & } &&
		pid=$! &&
		sleep "$delay" &&
		{ kill -9 $pid 2>/dev/null || :; } &&
		{ wait $pid || :; } &&
		cutover verify >verify.$i 2>&1 || {
			echo "round $i (after ${delay}s): verify failed" && cat verify.$i
			return 1
		}
		n=$(done_count) &&
		events=$(event_count) &&
		case "$n/$events" in
		0/1) echo none >>outcomes ;;
		1600/1601) echo all >>outcomes ;;
		*) echo "round $i (after ${delay}s): $n done, $events events"
		   return 1 ;;
		esac &&
		if grep "^imported all.csv: 1600 recorded" out.$i >/dev/null
		then
			test $n = 1600 || {
				echo "round $i: acknowledged, but $n done"
				return 1
			}
			# Each acknowledged row names the event that holds it.
			sed -n "s/^signed \([^ ]*\) (event \([0-9]*\))$/\2|\1/p" \
				out.$i >acked &&
			test_line_count = 1600 acked &&
			db_query "select seq, task_key from events where kind = \"done\"
				order by seq" >held &&
			sort -t"|" -k1,1n acked >acked.sorted &&
			test_cmp acked.sorted held || return 1
		fi
	done &&
	test_line_count = $ROUNDS outcomes
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
