#!/bin/sh
test_description='limits that add up: what declarations copy into C counts against the memory cap, runbook code of a whole command against one budget, the expansion against a task cap'
. "$(dirname "$0")/lib.sh"

# limited_start RUNBOOK : cutover start under a virtual memory limit of
# about 1 GB, as ulimit -v sets it (a runbook that could allocate past it
# would abort the process, not fail with an error).
limited_start () {
	(ulimit -v 1000000 && exec "$CUTOVER" start --rehearsal "$1")
}

# A binary built with AddressSanitizer reserves terabytes of address space
# for its shadow memory and cannot start under such a limit: those tests
# need a binary that runs under it (make test's, not make asan's).
sh -c 'ulimit -v 1000000 && "$0" --version; status=$?; exit $status' \
	"$CUTOVER" >/dev/null 2>&1 && test_set_prereq ULIMIT_V

test_expect_success 'setup: a workspace and the small registry' '
	cp -r "$TEST_DATA/units" units &&
	cutover init >/dev/null
'

# 10,000 steps with a 100 kB title and as much text in details: 2 GB of
# C strings if each were copied unchecked; the Lua strings themselves are
# one string, shared, within the cap.
test_expect_success ULIMIT_V 'declarations that would copy 2 GB into C stop at the memory cap, with an error' '
	cat >big.lua <<-\EOT &&
	runbook { id = "big", title = "Big", t0 = "2026-05-29 22:00", units = "units/mini.yaml" }
	section { id = "s1", title = "S" }
	local text = string.rep("x", 100000)
	for i = 1, 10000 do
	  step { id = "s" .. i, title = text, details = text, owners = "dai-son", due = "T" }
	end
	EOT
	db_snapshot before &&
	test_expect_code 1 limited_start big.lua >out 2>err &&
	test_one_error err "big.lua:5: not enough memory (runbook memory cap of 64 MiB)" &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success ULIMIT_V 'a runbook that pcalls past the memory cap cannot go on declaring' '
	cat >catch.lua <<-\EOT &&
	runbook { id = "catch", title = "Catch", t0 = "2026-05-29 22:00", units = "units/mini.yaml" }
	section { id = "s1", title = "S" }
	local text = string.rep("x", 100000)
	for i = 1, 10000 do
	  pcall(step, { id = "s" .. i, title = text, details = text, owners = "dai-son", due = "T" })
	end
	EOT
	test_expect_code 1 limited_start catch.lua >out 2>err &&
	test_one_error err "catch.lua:5: not enough memory"
'

# Each call of report_to stays within the budget of one call; ten of them
# together do not stay within the budget of the command.
test_expect_success 'a report_to that burns CPU for every unit stops at the budget of the whole command' '
	cat >burn.lua <<-\EOT &&
	runbook { id = "burn", title = "Burn", t0 = "2026-05-29 22:00", units = "units/mini.yaml" }
	section { id = "s1", title = "S" }
	local function burn(u)
	  local x = 0
	  for i = 1, 90000000 do x = x + i end
	  return "ttpvhcc"
	end
	step { id = "a", title = "A", owners = all(), due = "T", report_to = burn }
	step { id = "b", title = "B", owners = all(), due = "T", report_to = burn }
	EOT
	db_snapshot before &&
	test_expect_code 1 cutover start --rehearsal burn.lua >out 2>err &&
	test_one_error err "burn.lua:5: step '\''" "field '\''report_to'\''" \
		"instruction budget of the command exhausted" &&
	db_snapshot after &&
	test_cmp before after &&
	sed -e "s/owners = all()/owners = \"dai-son\"/" -e "/^step { id = \"b\"/d" \
		burn.lua >once.lua &&
	cutover check once.lua >out
'

test_expect_success ULIMIT_V 'a runbook that expands past the task cap is refused before the tasks are made' '
	cat >days.lua <<-\EOT &&
	runbook { id = "days", title = "Days", t0 = "2026-05-29 22:00", units = "units/mini.yaml" }
	section { id = "s1", title = "S" }
	for i = 1, 12 do
	  step { id = "day-" .. i, title = "Daily", owners = all(),
	         every = daily { before = "16:00", from = "T", to = "T+36000d" } }
	end
	EOT
	test_expect_code 1 limited_start days.lua >out 2>err &&
	test_one_error err "days.lua:4: step '\''day-12'\''" \
		"expands to more than 2000000 tasks"
'

test_done
