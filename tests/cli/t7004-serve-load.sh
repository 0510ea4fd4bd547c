#!/bin/sh
test_description='serve under load: concurrent clients sign distinct tasks through the API, none lost, none twice, no lock error; SIGKILL under load loses no acknowledged sign-off'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

# tests/data/load/load.lua: 32 steps for 50 units, no evidence. The first
# round signs steps 1-8 (400 tasks) from CLIENTS clients, the second
# steps 9-32 until the server is killed. CUTOVER_LOAD_CLIENTS scales
# the clients down for slow builds; the checks are the same.
LOAD_DATA=$REPO_ROOT/tests/data/load
CLIENTS=${CUTOVER_LOAD_CLIENTS:-16}

# keys FROM TO : the tasks of steps FROM..TO, one a line.
keys () {
	for s in $(seq "$1" "$2")
	do
		for u in $(seq -w 1 50)
		do
			printf "load-%02d@u%s\n" "$s" "$u"
		done
	done
}

# acknowledged FILE : "EVENT|KEY" of each sign-off the server acknowledged.
acknowledged () {
	sed -n "s/^\([^ ]*\) 200 \([1-9][0-9]*\)$/\2|\1/p" "$1" | sort
}

test_have_prereq CURL && test_have_prereq NOT_VALGRIND &&
	test_have_prereq PYTHON3 && test_set_prereq LOAD

test_expect_success 'setup: the load runbook, a coordinator token' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name load "$LOAD_DATA/load.lua" >/dev/null &&
	cutover token issue --coordinator >coordinator.token 2>/dev/null &&
	keys 1 8 >round1 && keys 9 32 >round2 &&
	test_line_count = 400 round1
'

test_expect_success LOAD "$CLIENTS clients sign 400 distinct tasks at once: every request answered" '
	serve_start --threads 8 --access-log access.log &&
	web -o session.json -H "Origin: $SERVE_URL" --data-urlencode "token=$(cat coordinator.token)" \
		--data-urlencode "person=Load" "$SERVE_URL/api/v1/session" &&
	sed -n "s/.*\"session\":\"\([^\"]*\)\".*/\1/p" session.json >bearer &&
	python3 "$TEST_DIRECTORY/serve-load.py" "$SERVE_URL" "$(cat bearer)" round1 \
		"$CLIENTS" answers1 >summary &&
	test_grep "^400 answers in" summary &&
	test_line_count = 400 answers1 &&
	{ grep -v " 200 " answers1 >bad || :; } &&
	test_line_count = 0 bad &&
	test_grep ! -i "locked\|busy" serve.log access.log
'

test_expect_success LOAD 'every acknowledged sign-off is in the ledger, at the event it named, once' '
	acknowledged answers1 >acked &&
	test_line_count = 400 acked &&
	db_query "select seq || '\''|'\'' || task_key from events where kind = '\''done'\''" |
		sort >recorded &&
	test_cmp acked recorded &&
	db_query "select count(distinct task_key) from events where kind = '\''done'\''" >actual &&
	echo 400 >expect && test_cmp expect actual &&
	cutover verify >out && test_grep "^ledger ok" out
'

test_expect_success LOAD 'the same task from 16 clients at once, 5 times: one event each, every answer 200' '
	for u in 01 02 03 04 05
	do
		for i in $(seq 1 16)
		do
			echo "twin@u$u"
		done
	done >twins &&
	python3 "$TEST_DIRECTORY/serve-load.py" "$SERVE_URL" "$(cat bearer)" twins \
		16 answers-twins >/dev/null &&
	test_line_count = 80 answers-twins &&
	{ grep -v " 200 " answers-twins >bad || :; } &&
	test_line_count = 0 bad &&
	db_query "select task_key, count(*) from events where task_key like '\''twin@%'\''
		group by task_key" >actual &&
	printf "twin@u0%d|1\n" 1 2 3 4 5 >expect &&
	test_cmp expect actual
'

test_expect_success LOAD 'killed with SIGKILL under load, restarted: every acknowledged sign-off is there' '
	python3 "$TEST_DIRECTORY/serve-load.py" "$SERVE_URL" "$(cat bearer)" round2 \
		"$CLIENTS" answers2 >summary2 &
	loader=$! &&
	i=0 &&
	while test "$(wc -l <answers2 2>/dev/null || echo 0)" -lt 100 && test $i -lt 1200
	do
		sleep 0.05
		i=$((i + 1))
	done &&
	kill -KILL "$SERVE_PID" &&
	{ wait "$SERVE_PID" || :; } &&
	SERVE_PID= &&
	wait "$loader" &&
	acknowledged answers2 >acked2 &&
	test "$(wc -l <acked2)" -ge 100 &&
	serve_start &&
	db_query "select seq || '\''|'\'' || task_key from events where kind = '\''done'\''
		and task_key >= '\''load-09'\''" | sort >recorded2 &&
	comm -23 acked2 recorded2 >lost &&
	test_line_count = 0 lost &&
	serve_stop &&
	cutover verify >out && test_grep "^ledger ok" out
'

test_done
