#!/bin/sh
test_description='what a unit may do: with its token, no --force past open requirements and no --waive of a check'\''s findings; every forced or waived sign-off says so in its sealed event'
. "$(dirname "$0")/lib.sh"

# refused TEXT... -- ARGS : cutover ARGS exits 1 with one error line
# holding each TEXT, nothing on stdout, and the database unchanged.
refused () {
	refused_texts_=
	while test "$1" != --
	do
		refused_texts_="$refused_texts_$1
"
		shift
	done
	shift
	db_snapshot before &&
	test_expect_code 1 cutover "$@" >out 2>err &&
	test_line_count = 0 out &&
	echo "$refused_texts_" | while IFS= read -r refused_text_
	do
		test -z "$refused_text_" || test_one_error err "$refused_text_" || exit 1
	done &&
	db_snapshot after &&
	test_cmp before after
}

test_expect_success 'setup: a run that requires tokens, the coordinator'\''s and a unit'\''s' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill --require-tokens \
		"$TEST_DATA/mini.lua" >start.out &&
	tail -n 1 start.out >coordinator &&
	cutover token issue --token "$(cat coordinator)" dai-son >issued &&
	tail -n 1 issued >unit &&
	cut -c5-16 unit >unit-id
'

ACCOUNTS="--evidence reviewed=3 --evidence fixed=1"

test_expect_success 'the unit'\''s token cannot force past an open requirement: refused, nothing written' '
	refused "token '\''$(cat unit-id)'\'' is unit '\''dai-son'\'''\''s" \
		"only the coordinator may sign past open requirements (--force)" \
		"nothing recorded" -- \
		sign --token "$(cat unit)" --by An --force $ACCOUNTS accounts@dai-son
'

test_expect_success '... nor when the requirement happens to be met: --force itself is the coordinator'\''s' '
	cutover sign --token "$(cat unit)" --by An --evidence name=An \
		--evidence phone=0912345678 focal-point@dai-son >/dev/null &&
	refused "only the coordinator may sign past open requirements" -- \
		sign --token "$(cat unit)" --by An --force $ACCOUNTS accounts@dai-son &&
	cutover reopen --token "$(cat coordinator)" --by Coord --reason "again" \
		focal-point@dai-son >/dev/null
'

test_expect_success 'the unit'\''s token cannot waive what a check found: refused, nothing written' '
	refused "only the coordinator may waive a check'\''s findings (--waive)" -- \
		sign --token "$(cat unit)" --by An --waive "it is fine" \
		--evidence reviewed=0 --evidence fixed=0 accounts@dai-son
'

test_expect_success 'the same with $CUTOVER_TOKEN, and through step'\''s "sign it anyway"' '
	CUTOVER_TOKEN=$(cat unit) && export CUTOVER_TOKEN &&
	refused "only the coordinator may sign past open requirements" -- \
		sign --by An --force $ACCOUNTS accounts@dai-son &&
	unset CUTOVER_TOKEN &&
	db_snapshot before &&
	printf "g accounts@dai-son\nd\ny\n1\n3\n\nq\n" |
		test_expect_code 1 cutover step --token "$(cat unit)" --by An >out 2>err &&
	test_grep "only the coordinator may sign past open requirements" err &&
	test_grep "^0 actions recorded in this session" out &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'the coordinator forces: the sealed event says so, and past what' '
	cutover sign --token "$(cat coordinator)" --by Coord --force $ACCOUNTS \
		accounts@dai-son >out &&
	test_grep "^signed accounts@dai-son" out &&
	db_query "select json_extract(evidence, '\''$.\"forced-past\".requires'\''), auth
		from events where task_key = '\''accounts@dai-son'\'' and kind = '\''done'\''" >actual &&
	echo "[\"focal-point@dai-son\"]|coordinator:$(cut -c5-16 coordinator)" >expect &&
	test_cmp expect actual &&
	cutover verify >out &&
	test_grep "^ledger ok" out
'

test_expect_success 'a sign-off whose requirements are done carries no forced-past, even with --force' '
	cutover sign --token "$(cat coordinator)" --by Coord --evidence name=Binh \
		--evidence phone=0912345679 focal-point@so-tai-chinh >/dev/null &&
	cutover sign --token "$(cat coordinator)" --by Coord --force $ACCOUNTS \
		accounts@so-tai-chinh >/dev/null &&
	db_query "select json_type(evidence, '\''$.\"forced-past\"'\'') is null
		from events where task_key = '\''accounts@so-tai-chinh'\''" >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'the coordinator waives: the findings and the reason are sealed in the event' '
	cutover reopen --token "$(cat coordinator)" --by Coord --reason "review again" \
		accounts@dai-son >/dev/null &&
	cutover sign --token "$(cat coordinator)" --by Coord --force \
		--waive "reviewed by phone" --evidence reviewed=0 --evidence fixed=0 \
		accounts@dai-son >out &&
	db_query "select json_extract(evidence, '\''$.waiver.reason'\''),
		json_array_length(evidence, '\''$.waiver.findings'\'')
		from events where task_key = '\''accounts@dai-son'\''
		order by seq desc limit 1" >actual &&
	echo "reviewed by phone|2" >expect &&
	test_cmp expect actual &&
	cutover verify >out
'

test_done
