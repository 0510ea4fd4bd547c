#!/bin/sh
test_description='runbook code that would never end is stopped, nothing is written'
. "$(dirname "$0")/lib.sh"

test_expect_success 'a pattern match that backtracks forever is stopped by the CPU watchdog' '
	cat >units.yaml <<-\EOF &&
	units:
	  - {id: hub, name: Hub, kind: office}
	EOF
	cat >slow.lua <<-\EOF &&
	local s = ("x"):rep(200000)
	local found = s:find(".-.-.-y")
	runbook { id = "slow", title = "t", t0 = "2026-05-29 22:00", units = "units.yaml" }
	EOF
	cutover init &&
	test_must_fail timeout 60 "$CUTOVER" start --rehearsal slow.lua >out 2>err &&
	test_line_count = 1 err &&
	test_grep "^cutover: slow.lua:2: runbook code used more than 10 s of CPU time" err &&
	sqlite3 .cutover/state.db "select count(*) from runs" >runs &&
	echo 0 >expect &&
	test_cmp expect runs
'

test_done
