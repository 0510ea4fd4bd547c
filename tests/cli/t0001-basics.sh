#!/bin/sh
test_description='help, version, usage errors, init, exit statuses'
. "$(dirname "$0")/lib.sh"

COMMANDS='init check plan start status next sign skip fail block reopen report verify'

test_expect_success 'help lists every command and exits 0' '
	cutover help >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^usage: cutover" out &&
	for c in $COMMANDS
	do
		test_grep "^  $c " out || return 1
	done
'

test_expect_success '--help and no argument at all' '
	cutover --help >out-help &&
	cutover help >help-ref &&
	test_cmp help-ref out-help &&
	test_expect_code 2 cutover >out 2>err &&
	test_line_count = 0 out &&
	test_grep "usage: cutover" err &&
	# Bare cutover lists what there is to do, as git does.
	test_grep "^  sign  *sign off a task" err &&
	test_grep "^  diff  *compare two versions" err
'

test_expect_success 'help lists the commands by what they are for' '
	cutover help >out &&
	sed -n "/^work through the run\$/,/^\$/p" out >run-group &&
	test_grep "^  step " run-group &&
	test_grep "^  sign " run-group &&
	test_grep ! "^  diff " run-group &&
	sed -n "/^versions of the runbook\$/,/^\$/p" out >versions-group &&
	test_grep "^  diff " versions-group &&
	test_grep "^  approve " versions-group
'

test_expect_success 'help COMMAND is the command'"'"'s own --help' '
	for c in sign status "roster add" "issue list" report
	do
		cutover help $c >via-help &&
		cutover $c --help >via-option &&
		test_cmp via-option via-help || return 1
	done &&
	cutover help help >out &&
	test_grep "^usage: cutover" out
'

test_expect_success 'version and --version say the same' '
	cutover version >a &&
	cutover --version >b &&
	test_cmp a b
'

test_expect_success 'a mistyped command is named with what it may have been' '
	test_expect_code 2 cutover stauts >out 2>err &&
	test_line_count = 0 out &&
	test_grep "^cutover: .stauts. is not a command; did you mean .status.?\$" err &&
	test_expect_code 2 cutover sgin >out 2>err &&
	test_grep "did you mean .sign.?" err &&
	test_expect_code 2 cutover stat >out 2>err &&
	test_grep "did you mean one of .start., .status.?" err &&
	test_expect_code 2 cutover help stauts >out 2>err &&
	test_grep "did you mean .status.?" err &&
	# Nothing near: the plain message, and no guess is acted upon.
	test_expect_code 2 cutover xyzzy >out 2>err &&
	test_grep "is not a command; see .cutover help." err
'

test_expect_success '--version prints one line and exits 0' '
	cutover --version >out 2>err &&
	test_line_count = 1 out &&
	test_line_count = 0 err &&
	test_grep "^cutover [0-9][0-9.]*" out
'

test_expect_success 'an unknown command exits 2 with one line on stderr' '
	test_expect_code 2 cutover frobnicate >out 2>err &&
	test_line_count = 0 out &&
	test_one_error err "frobnicate" &&
	test_line_count = 1 err
'

test_expect_success 'an unknown global option exits 2, naming it first' '
	test_expect_code 2 cutover --frobnicate status >out 2>err &&
	sed -n 1p err >first &&
	test_grep "^cutover: .*frobnicate" first
'

test_expect_success 'every command has a --help that exits 0 with its usage' '
	for c in $COMMANDS
	do
		cutover $c --help >out 2>err &&
		test_line_count = 0 err &&
		test_grep "^usage: cutover.* $c" out || return 1
	done
'

test_expect_success 'commands outside a workspace fail with a clear line' '
	mkdir outside &&
	cd outside &&
	for c in status next verify "report readiness" "sign --by A x@y" \
		"skip --by A --reason r x@y" "reopen --by A --reason r x@y"
	do
		test_expect_code 1 cutover $c >out 2>err &&
		test_one_error err "not in a cutover workspace" "cutover init" &&
		test_line_count = 1 err || return 1
	done &&
	! test -e .cutover
'

test_expect_success 'check and plan need no workspace' '
	mkdir outside2 &&
	cd outside2 &&
	cutover check "$TEST_DATA/mini.lua" >out &&
	cutover plan "$TEST_DATA/mini.lua" >out &&
	! test -e .cutover
'

test_expect_success 'init creates .cutover/state.db' '
	mkdir ws &&
	cd ws &&
	cutover init >out 2>err &&
	test_line_count = 0 err &&
	test -f .cutover/state.db &&
	test_grep "state.db" out &&
	db_query "select count(*) from events" >count &&
	echo 0 >expect &&
	test_cmp expect count
'

test_expect_success 'init twice is safe and keeps what is there' '
	cd ws &&
	cutover start --rehearsal --name drill "$TEST_DATA/mini.lua" >out &&
	db_snapshot before &&
	cutover init >out 2>err &&
	test_line_count = 0 err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'a workspace is found from a subfolder, like .git' '
	mkdir -p ws/a/b &&
	cd ws/a/b &&
	cutover status >out &&
	test_grep "drill" out &&
	! test -e .cutover
'

test_expect_success '--db and CUTOVER_DB name the workspace explicitly' '
	cutover --db ws/.cutover/state.db status >out &&
	test_grep "drill" out &&
	CUTOVER_DB=ws/.cutover/state.db cutover status >out &&
	test_grep "drill" out
'

test_expect_success 'a workspace with no run says so' '
	mkdir empty &&
	cd empty &&
	cutover init >/dev/null &&
	test_expect_code 1 cutover status >out 2>err &&
	test_one_error err "no run" &&
	test_line_count = 1 err
'

test_expect_success 'an unknown option of a command exits 2 with one line' '
	cd ws &&
	for c in $COMMANDS
	do
		test_expect_code 2 cutover $c --no-such-option >out 2>err &&
		test_one_error err "no-such-option" &&
		test_line_count = 1 err || return 1
	done
'

test_expect_success 'a missing argument is bad usage (exit 2)' '
	cd ws &&
	test_expect_code 2 cutover check >out 2>err &&
	test_one_error err &&
	test_expect_code 2 cutover start "$TEST_DATA/mini.lua" >out 2>err &&
	test_one_error err &&
	test_expect_code 2 cutover sign --by A >out 2>err &&
	test_one_error err &&
	test_expect_code 2 cutover report >out 2>err &&
	test_one_error err
'

test_expect_success 'a failed operation exits 1' '
	test_expect_code 1 cutover check does-not-exist.lua >out 2>err &&
	test_one_error err "does-not-exist.lua"
'

test_done
