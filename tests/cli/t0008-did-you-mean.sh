#!/bin/sh
test_description='ids as people type them: did-you-mean for commands, options and task keys, never acting on a guess'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a rehearsal of the mini runbook' '
	mini_workspace
'

test_expect_success 'a task key with a typo in its step or its unit: the key meant' '
	test_expect_code 1 cutover sign --by An --evidence name=A focal-pont@dai-son >out 2>err &&
	test_one_error err "no task" "did you mean" "focal-point@dai-son" &&
	test_expect_code 1 cutover sign --by An --evidence name=A focal-point@dai-sonn >out 2>err &&
	test_one_error err "did you mean" "focal-point@dai-son" &&
	test_expect_code 1 cutover skip --by An --reason r focal-pont@dai-sonn >out 2>err &&
	test_one_error err "did you mean" "focal-point@dai-son" &&
	# Nothing recorded by any of them.
	cutover --json status >status.json &&
	test_grep "\"done\":0" status.json
'

test_expect_success 'a key nothing is near: the plain refusal' '
	test_expect_code 1 cutover sign --by An xyz@abc >out 2>err &&
	test_one_error err "no task" &&
	test_grep ! "did you mean" err
'

test_expect_success 'a mistyped option names the option meant' '
	test_expect_code 2 cutover diff --txet x 2>err &&
	test_one_error err "unknown option" "did you mean" "--text"
'

test_done
