#!/bin/sh
test_description='bad runbooks and registries: one clear line, file:line, nothing written'
. "$(dirname "$0")/lib.sh"

# Every bad runbook lives in bad/, next to a copy of the test registry, and
# starts with these two lines, so its own code begins at line 3.
HEADER='runbook { id = "bad", title = "Bad", t0 = "2026-05-29 22:00", units = "units/mini.yaml" }
section { id = "s1", title = "S" }'

# write_bad NAME LUA-CODE : bad/NAME.lua, the header and the code.
write_bad () {
	printf "%s\n%s\n" "$HEADER" "$2" >"bad/$1.lua"
}

# limited CMD... : the binary, killed after 20 s (a hang is a failure).
limited () {
	if test_have_prereq TIMEOUT; then
		timeout 20 "$CUTOVER" "$@"
	else
		"$CUTOVER" "$@"
	fi
}

# refused RUNBOOK TEXT... : `check` and `start` both refuse bad/RUNBOOK with
# exit 1 or 2 and exactly one line on stderr containing each TEXT (the first
# is usually FILE:LINE:); `start` leaves the workspace ws/ as it was.
refused () {
	refused_rb_=$1
	shift
	test_must_fail limited check "bad/$refused_rb_" >out 2>err &&
	test_line_count = 1 err &&
	test_one_error err "$@" &&
	(
		cd ws &&
		db_snapshot ../before &&
		test_must_fail limited start --rehearsal "../bad/$refused_rb_" >../out 2>../err &&
		db_snapshot ../after
	) &&
	test_cmp before after &&
	test_line_count = 1 err &&
	test_one_error err "$@"
}

test_expect_success 'setup: a workspace with a run and a sign-off, the bad folder' '
	mini_workspace ws &&
	(
		cd ws &&
		cutover sign --by An --evidence name=An --evidence phone=0912345678 \
			focal-point@dai-son >/dev/null
	) &&
	mkdir -p bad &&
	cp -r "$TEST_DATA/units" bad/units &&
	write_bad good "step { id = \"a\", title = \"A\", owners = all(), due = \"T\" }" &&
	cutover check bad/good.lua >out
'

test_expect_success 'a syntax error' '
	write_bad syntax "step { id = \"a\" title = \"x\" }" &&
	refused syntax.lua "syntax.lua:3:" "expected"
'

test_expect_success 'a runtime error: calling nil' '
	write_bad callnil "local f = nil
f()" &&
	refused callnil.lua "callnil.lua:4:" "nil"
'

test_expect_success 'an error with a table value, and with no value' '
	write_bad errtab "error({})" &&
	refused errtab.lua "errtab.lua:3:" &&
	write_bad errnil "error()" &&
	refused errnil.lua "errnil.lua:3:"
'

test_expect_success 'an endless loop ends within the time limit' '
	write_bad loop "while true do end" &&
	refused loop.lua "loop.lua:3:"
'

test_expect_success 'an endless loop under pcall is not caught by it' '
	write_bad pcallloop "while true do pcall(function() while true do end end) end" &&
	refused pcallloop.lua "pcallloop.lua:3:"
'

test_expect_success 'endless recursion' '
	write_bad recursion "local function f() return 1 + f() end
f()" &&
	refused recursion.lua "recursion.lua:"
'

test_expect_success 'a memory bomb hits the cap' '
	write_bad mem "local t={} for i=1,1e8 do t[i]=(\"x\"):rep(100) end" &&
	refused mem.lua "mem.lua:3:" "memory"
'

test_expect_success 'a huge string hits the cap' '
	write_bad rep "local s = (\"x\"):rep(2^31)" &&
	refused rep.lua "rep.lua:3:" "memory"
'

test_expect_success 'io is not there' '
	write_bad io "local f = io.open(\"/etc/passwd\")" &&
	refused io.lua "io.lua:3:" "io"
'

test_expect_success 'os is not there, and nothing is executed' '
	write_bad os "os.execute(\"touch pwned\")" &&
	refused os.lua "os.lua:3:" "os" &&
	! test -e pwned && ! test -e bad/pwned && ! test -e ws/pwned
'

test_expect_success 'package, debug and coroutine are not there' '
	write_bad package "package.loadlib(\"/lib/libc.so.6\", \"system\")" &&
	refused package.lua "package.lua:3:" &&
	write_bad debug "debug.sethook()" &&
	refused debug.lua "debug.lua:3:" &&
	write_bad coroutine "coroutine.wrap(function() while true do end end)()" &&
	refused coroutine.lua "coroutine.lua:3:"
'

test_expect_success 'require may not leave the runbook folder' '
	write_bad require "require \"../x\"" &&
	refused require.lua "require.lua:3:" "../x" &&
	write_bad requireabs "require \"/etc/passwd\"" &&
	refused requireabs.lua "requireabs.lua:3:" "/etc/passwd"
'

test_expect_success 'require of a missing module names it' '
	write_bad requiremissing "require \"nothere\"" &&
	refused requiremissing.lua "requiremissing.lua:3:" "nothere"
'

test_expect_success 'dofile and loadfile are not there' '
	write_bad dofile "dofile(\"/etc/passwd\")" &&
	refused dofile.lua "dofile.lua:3:" "dofile" &&
	write_bad loadfile "loadfile(\"/etc/passwd\")" &&
	refused loadfile.lua "loadfile.lua:3:" "loadfile"
'

test_expect_success 'load refuses a binary chunk' '
	write_bad loadbin "local f = assert(load(\"\\27Lua\\84\\0\\25\\147\\13\\10\\26\\10\\4\\8\\8\"))" &&
	refused loadbin.lua "loadbin.lua:3:" "binary" &&
	write_bad loadbinb "local f = assert(load(\"\\27Lua\\84\\0\", \"x\", \"b\"))" &&
	refused loadbinb.lua "loadbinb.lua:3:" "binary" &&
	write_bad dump "local f = assert(load(string.dump(function() end)))" &&
	refused dump.lua "dump.lua:3:"
'

test_expect_success 'an unknown unit in owners' '
	write_bad owner "step { id = \"a\", title = \"A\", owners = units { \"nobody\" }, due = \"T\" }" &&
	refused owner.lua "owner.lua:3:" "owners" "nobody"
'

test_expect_success 'an unknown unit in except' '
	write_bad except "step { id = \"a\", title = \"A\", owners = except(all(), { \"nobody\" }), due = \"T\" }" &&
	refused except.lua "except.lua:3:" "nobody"
'

test_expect_success 'an unknown unit in report_to, as a string and from a function' '
	write_bad reportto "step { id = \"a\", title = \"A\", owners = units { \"dai-son\" }, report_to = \"nobody\", due = \"T\" }" &&
	refused reportto.lua "reportto.lua:3:" "report_to" "nobody" &&
	write_bad reportfn "step { id = \"a\", title = \"A\", owners = all(), report_to = function(u) return \"nobody\" end, due = \"T\" }" &&
	refused reportfn.lua "reportfn.lua:3:" "report_to" "nobody"
'

test_expect_success 'report_to returning a number, or failing' '
	write_bad reportnum "step { id = \"a\", title = \"A\", owners = all(), report_to = function(u) return 42 end, due = \"T\" }" &&
	refused reportnum.lua "reportnum.lua:3:" "report_to" &&
	write_bad reporterr "step { id = \"a\", title = \"A\", owners = all(), report_to = function(u) return u.nope.x end, due = \"T\" }" &&
	refused reporterr.lua "reporterr.lua:3:" "report_to" &&
	write_bad reportloop "step { id = \"a\", title = \"A\", owners = all(), report_to = function(u) while true do end end, due = \"T\" }" &&
	refused reportloop.lua "reportloop.lua:3:" "report_to"
'

test_expect_success 'a bad time expression' '
	write_bad badtime "step { id = \"a\", title = \"A\", owners = units { \"dai-son\" }, due = \"T+2x\" }" &&
	refused badtime.lua "badtime.lua:3:" "step '\''a'\''" "due" "T+2x"
'

test_expect_success 'a bad t0' '
	printf "%s\n" "runbook { id = \"bad\", title = \"Bad\", t0 = \"2026-02-30 22:00\", units = \"units/mini.yaml\" }" >bad/t0.lua &&
	refused t0.lua "t0.lua:1:" "t0"
'

test_expect_success 'a duplicate step id' '
	write_bad dup "step { id = \"a\", title = \"A\", owners = units { \"dai-son\" }, due = \"T\" }
step { id = \"a\", title = \"A2\", owners = units { \"dai-son\" }, due = \"T\" }" &&
	refused dup.lua "dup.lua:4:" "duplicate" "'\''a'\''"
'

test_expect_success 'a requires cycle' '
	write_bad cycle "step { id = \"a\", title = \"A\", owners = units { \"dai-son\" }, due = \"T\", requires = { \"b\" } }
step { id = \"b\", title = \"B\", owners = units { \"dai-son\" }, due = \"T\", requires = { \"a\" } }" &&
	refused cycle.lua "cycle.lua:" "requires" "cycle"
'

test_expect_success 'requires of an unknown step' '
	write_bad unkreq "step { id = \"a\", title = \"A\", owners = units { \"dai-son\" }, due = \"T\", requires = { \"zzz\" } }" &&
	refused unkreq.lua "unkreq.lua:3:" "requires" "zzz"
'

test_expect_success 'an unknown field in a step' '
	write_bad unkfield "step { id = \"a\", title = \"A\", owners = units { \"dai-son\" }, dew = \"T\" }" &&
	refused unkfield.lua "unkfield.lua:3:" "dew"
'

test_expect_success 'a step without due nor every, a step before any section' '
	write_bad nodue "step { id = \"a\", title = \"A\", owners = units { \"dai-son\" } }" &&
	refused nodue.lua "nodue.lua:3:" "due" &&
	printf "%s\n%s\n" "runbook { id = \"bad\", title = \"Bad\", t0 = \"2026-05-29 22:00\", units = \"units/mini.yaml\" }" \
		"step { id = \"a\", title = \"A\", owners = all(), due = \"T\" }" >bad/nosection.lua &&
	refused nosection.lua "nosection.lua:2:"
'

test_expect_success 'an unknown evidence type' '
	write_bad evtype "step { id = \"a\", title = \"A\", owners = all(), due = \"T\", evidence = { n = \"number\" } }" &&
	refused evtype.lua "evtype.lua:3:" "evidence"
'

test_expect_success 'a malformed units YAML (bad indentation) names its file and line' '
	cat >bad/units/indent.yaml <<-\EOT &&
	units:
	  - id: a
	    name: A
	   kind: office
	EOT
	sed "s#units/mini.yaml#units/indent.yaml#" bad/good.lua >bad/indent.lua &&
	refused indent.lua "units/indent.yaml:4:"
'

test_expect_success 'a unit with an unknown field names the file, line and field' '
	cat >bad/units/field.yaml <<-\EOT &&
	units:
	  - id: a
	    name: A
	    kind: office
	    colour: red
	EOT
	sed "s#units/mini.yaml#units/field.yaml#" bad/good.lua >bad/field.lua &&
	refused field.lua "units/field.yaml:5:" "colour"
'

test_expect_success 'a missing units file names it' '
	sed "s#units/mini.yaml#units/nothere.yaml#" bad/good.lua >bad/nounits.lua &&
	refused nounits.lua "units/nothere.yaml"
'

test_expect_success 'a missing runbook names it' '
	refused nothere.lua "nothere.lua"
'

test_expect_success 'the workspace still verifies after all of that' '
	cd ws &&
	cutover verify >out &&
	test_grep "^ledger ok: 2 events" out
'

# BUG: string patterns run in C, out of reach of the instruction budget. The
# CPU watchdog (engine/watchdog.c, 10 s) now stops them, but its one line
# names only the file: "cutover: bad/pattern.lua: runbook code used more than
# 10 s of CPU time ..." where every other error says "bad/pattern.lua:3: ...".
# Left out of the run also because it costs 2 x 10 s of CPU
# (t1003-pathological covers the watchdog itself).
bug_pattern_timeout_without_line () {
	test_expect_success 'a backtracking pattern is stopped, naming its line' '
		write_bad pattern "local s = (\"a\"):rep(30) .. \"b\"; s:find((\"a?\"):rep(30) .. (\"a\"):rep(30))" &&
		refused pattern.lua "pattern.lua:3:"
	'
}

# BUG: a memory error raised before the instruction hook first fires carries
# no line: "cutover: bad/concat.lua: not enough memory ..." instead of
# "bad/concat.lua:3: ..." (engine/script.c, translate_error, LUA_ERRMEM).
bug_memory_error_without_line () {
	test_expect_success 'a doubling string names its line' '
		write_bad concat "local s = \"x\" while true do s = s .. s end" &&
		refused concat.lua "concat.lua:3:" "memory"
	'
}

test_done
