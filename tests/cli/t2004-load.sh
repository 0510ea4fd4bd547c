#!/bin/sh
test_description='load: 8 writers x 200 sign-offs at once, none lost, none twice, no lock error'
. "$(dirname "$0")/lib.sh"

# tests/data/load/load.lua: steps load-01..load-32 for units u01..u50
# (1,600 tasks), and 'twin' for the races on one task. Writer P signs
# steps 4P-3..4P for every unit: 200 distinct tasks, none shared.
#
# CUTOVER_LOAD_SIGNS (default 200) scales the sign-offs per writer down
# for slow builds (sanitizers); the checks are the same at any scale.
LOAD_DATA=$REPO_ROOT/tests/data/load
WRITERS=8
SIGNS=${CUTOVER_LOAD_SIGNS:-200}
TOTAL=$((WRITERS * SIGNS))

# keys_of P : the keys writer P signs, one per line, SIGNS of them.
keys_of () {
	for s in 1 2 3 4
	do
		for u in $(seq -w 1 50)
		do
			printf "load-%02d@u%s\n" $(( ($1 - 1) * 4 + s )) "$u"
		done
	done | sed -n "1,${SIGNS}p"
}

# await_go : waits for the file 'go', so that writers start together.
await_go () {
	while ! test -e go
	do
		sleep 0.01
	done
}

# writer P : signs writer P's keys one after another, each its own
# process; stdout to out.P, stderr to err.P, "KEY STATUS" of each sign
# that did not exit 0 to failed.P.
writer () {
	: >failed.$1
	await_go
	while read -r key
	do
		"$CUTOVER" sign --by "writer $1" "$key" >>out.$1 2>>err.$1 ||
			echo "$key $?" >>failed.$1
	done <keys.$1
}

test_expect_success 'setup: a rehearsal of the load runbook, 8 lists of keys' '
	test "$SIGNS" -ge 1 && test "$SIGNS" -le 200 &&
	cutover init >/dev/null &&
	cutover start --rehearsal --name load "$LOAD_DATA/load.lua" >out &&
	test_grep "1650 tasks, 50 units" out &&
	for p in $(seq 1 $WRITERS)
	do
		keys_of $p >keys.$p || return 1
	done &&
	cat keys.* >all-keys &&
	sort -u all-keys >distinct &&
	test_line_count = $TOTAL distinct
'

test_expect_success NOT_VALGRIND "$WRITERS writers x $SIGNS sign-offs started together: all acknowledged" '
	rm -f go &&
	for p in $(seq 1 $WRITERS)
	do
		writer $p &
	done &&
	touch go &&
	wait &&
	cat failed.* >failed &&
	test_line_count = 0 failed &&
	cat err.* >errors &&
	test_grep -v "database is locked" errors &&
	test_line_count = 0 errors &&
	for p in $(seq 1 $WRITERS)
	do
		test_line_count = $SIGNS out.$p || return 1
	done &&
	cat out.* >acks &&
	{ grep -c "^signed load-[0-9][0-9]@u[0-9][0-9] (event [0-9]*)$" acks >n || :; } &&
	echo $TOTAL >expect &&
	test_cmp expect n
'

test_expect_success NOT_VALGRIND 'every acknowledged sign-off is in the ledger, at the event it named' '
	sed -n "s/^signed \(.*\) (event \([0-9]*\))$/\2|\1/p" acks | sort >acked &&
	db_query "select seq || '\''|'\'' || task_key from events
		where kind = '\''done'\''" | sort >recorded &&
	test_line_count = $TOTAL recorded &&
	test_cmp acked recorded
'

test_expect_success NOT_VALGRIND "$TOTAL tasks done once each, $((TOTAL + 1)) events without a gap" '
	db_query "select count(*), count(distinct task_key) from events
		where kind = '\''done'\''" >actual &&
	echo "$TOTAL|$TOTAL" >expect &&
	test_cmp expect actual &&
	db_query "select count(*) from tasks where state = '\''done'\''" >actual &&
	echo $TOTAL >expect &&
	test_cmp expect actual &&
	db_query "select count(*), min(seq), max(seq) from events" >actual &&
	echo "$((TOTAL + 1))|1|$((TOTAL + 1))" >expect &&
	test_cmp expect actual
'

test_expect_success NOT_VALGRIND 'the chain is valid and every task state agrees' '
	cutover verify >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^ledger ok: $((TOTAL + 1)) events, 1650 task states, head [0-9a-f]\{64\}$" out
'

# twins U : two processes sign twin@U at the same moment.
twins () {
	rm -f go &&
	for i in 1 2
	do
		{
			await_go
			"$CUTOVER" sign --by "twin $i" "twin@$1" >twin.$1.$i 2>twin-err.$1.$i
			echo $? >twin-rc.$1.$i
		} &
	done &&
	touch go &&
	wait
}

test_expect_success NOT_VALGRIND 'the same task from two processes at once, 10 times: one event each' '
	event_count >before &&
	for u in 01 02 03 04 05 06 07 08 09 10
	do
		twins u$u &&
		cat twin-rc.u$u.1 twin-rc.u$u.2 >rcs &&
		printf "0\n0\n" >expect &&
		test_cmp expect rcs &&
		cat twin-err.u$u.1 twin-err.u$u.2 >errs &&
		test_line_count = 0 errs &&
		cat twin.u$u.1 twin.u$u.2 >both &&
		{ grep -c "^signed twin@u$u (event [0-9]*)$" both >n || :; } &&
		echo 1 >expect &&
		test_cmp expect n &&
		{ grep -c "already" both >n || :; } &&
		test_cmp expect n &&
		db_query "select count(*) from events where task_key = '\''twin@u$u'\''" >n &&
		test_cmp expect n || return 1
	done &&
	event_count >after &&
	echo $(( $(cat before) + 10 )) >expect &&
	test_cmp expect after &&
	cutover verify >out &&
	test_grep "^ledger ok: $((TOTAL + 11)) events" out
'

test_done
