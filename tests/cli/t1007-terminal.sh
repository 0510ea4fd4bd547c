#!/bin/sh
test_description='no terminal injection: escape sequences, C1 controls and bidi overrides in what users and files say never reach stdout or stderr raw; text fields refuse them at entry'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-ledger.sh"

ESC=$(printf '\033')
# What an attacker would type: clear the screen, set the window title,
# an 8-bit CSI, a right-to-left override, a newline to forge a line.
EVIL="$ESC[2J$ESC]0;pwned$(printf '\007')$(printf '\302\233')31m$(printf '\342\200\256')x"

# raw FILE : FILE holds a control a terminal acts on: cat -v shows a C0
# control (ESC is ^[) outside a multi-byte character, or a C1 control or
# a bidi control is there in UTF-8 (U+0080-U+009F, U+202A-U+202E,
# U+2066-U+2069), or a byte that is not UTF-8 (a lone 0x9B is a CSI).
raw () {
	cat -v "$1" | sed -e 's/M-^.//g' | grep '\^[][@A-Z\\^_?]' >/dev/null ||
	LC_ALL=C grep -P '\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' \
		"$1" >/dev/null ||
	! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1
}

# clean FILE... : none of the files is raw; says which is.
clean () {
	for f in "$@"
	do
		if raw "$f"; then
			echo >&4 "raw control in $f:"
			cat -v "$f" >&4
			return 1
		fi
	done
}

test_expect_success 'the check itself finds the raw controls (it could fail)' '
	printf "%s\n" "$EVIL" >evil.txt &&
	raw evil.txt &&
	printf "a\033[2Jb\n" >esc.txt && raw esc.txt &&
	printf "a\302\233b\n" >c1.txt && raw c1.txt &&
	printf "a\342\200\256b\n" >bidi.txt && raw bidi.txt &&
	printf "a\233b\n" >lone.txt && raw lone.txt &&
	printf "Xã Đại Sơn ␛[2J\tok\n" >fine.txt && ! raw fine.txt
'

test_expect_success 'setup: a registry and a runbook that carry escapes, a check that quotes a CSV cell' '
	mkdir rb rb/units &&
	cat >rb/units/evil.yaml <<-\EOT &&
	units:
	  - id: hub
	    name: "Hub \e[2J\e]0;title\a \u202E reversed"
	    kind: office
	  - id: dai-son
	    name: "Xã Đại Sơn \e[31m\u009B31m"
	    kind: commune
	EOT
	cat >rb/evil.lua <<-\EOT &&
	runbook { id = "evil", title = "Evil \27[2J title", t0 = "2026-05-29 22:00",
	          units = "units/evil.yaml" }
	difficulties { systems = { "portal" }, severities = { "high" },
	               route = function(u) return "hub" end }
	section { id = "s1", title = "Section \27]0;pwned\7" }
	step { id = "accounts", title = "Review \27[2J accounts \226\128\174 now",
	       details = "Details \27[31m red", owners = "dai-son", report_to = "hub",
	       due = "T-4h", evidence = { export = "file" },
	       check = function(ev)
	         local t = csv(ev.export)
	         return nil, "bad cell: " .. t.rows[1].fields.name
	       end }
	EOT
	printf "name\nA\033[2JB\302\233C\342\200\256D\n" >rb/export.csv &&
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill rb/evil.lua >start.out &&
	db_query "select hex(name) from units where id = '\''hub'\''" >hex &&
	test_grep "1B5B324A" hex
'

test_expect_success 'every command that prints what the registry and the runbook say: nothing raw' '
	cutover check rb/evil.lua >check.out 2>&1 &&
	cutover plan rb/evil.lua >plan.out 2>&1 &&
	cutover status >status.out 2>&1 &&
	cutover next >next.out 2>&1 &&
	cutover --json next >next.json 2>&1 &&
	cutover --json status >status.json 2>&1 &&
	test_json next.json &&
	printf "g accounts@dai-son\ni\n\nq\n" | cutover step --by An >step.out 2>&1;
	cutover report -o - unit dai-son >/dev/null 2>&1;
	cutover report -o unit.md unit dai-son >report.out 2>&1 &&
	test_grep "2J" check.out &&
	clean start.out check.out plan.out status.out next.out next.json \
		status.json step.out report.out unit.md
'

test_expect_success 'a check'\''s findings quoting a CSV cell, and the refusal: nothing raw' '
	test_expect_code 1 cutover sign --by An --attach export=rb/export.csv \
		accounts@dai-son >sign.out 2>sign.err &&
	test_grep "bad cell: A" sign.err &&
	clean sign.out sign.err
'

test_expect_success 'text fields refuse control characters and bidi overrides at entry, nothing written' '
	db_snapshot before &&
	test_expect_code 1 cutover skip --by "$EVIL" --reason r accounts@dai-son >o 2>e1 &&
	test_expect_code 1 cutover skip --by An --reason "$EVIL" accounts@dai-son >o 2>e2 &&
	test_expect_code 1 cutover issue add --unit dai-son --system portal \
		--severity high --by An "$EVIL" >o 2>e3 &&
	test_expect_code 1 cutover issue add --unit dai-son --system portal \
		--severity high --by "An$ESC[2J" "text" >o 2>e4 &&
	test_expect_code 1 cutover token issue --by "$EVIL" --coordinator >o 2>e5 &&
	test_expect_code 1 cutover start --rehearsal --name "$EVIL" rb/evil.lua >o 2>e6 &&
	printf "task,by,comment\naccounts@dai-son,An,%s\n" "$EVIL" >rows.csv &&
	test_expect_code 1 cutover import signoffs rows.csv >o 2>e7 &&
	db_snapshot after &&
	test_cmp before after &&
	test_one_error e1 "field '\''by'\'': holds control character U+001B" &&
	test_one_error e2 "field '\''reason'\'': holds control character U+001B" &&
	test_one_error e3 "field '\''text'\''" "control character" &&
	test_one_error e4 "field '\''by'\''" &&
	test_one_error e5 "field '\''by'\''" &&
	test_one_error e6 "field '\''name'\''" &&
	test_grep "^cutover: rows.csv:2: .*field '\''comment'\'': holds control character" e7 &&
	clean e1 e2 e3 e4 e5 e6 e7
'

test_expect_success 'what a tampered database holds is neutralised too: a run name, a comment' '
	cutover skip --by An --reason "not this time" accounts@dai-son >/dev/null &&
	tamper "UPDATE runs SET name = '\''drill$EVIL'\'';
		UPDATE events SET comment = '\''$EVIL'\'' WHERE kind = '\''skipped'\''" &&
	cutover status >s.out 2>&1 &&
	cutover report -o r.md unit dai-son >r.out 2>&1 &&
	test_expect_code 1 cutover verify >v.out 2>&1 &&
	printf "g accounts@dai-son\ni\n\nq\n" | cutover step --by An >step.out 2>&1;
	clean s.out r.out r.md v.out step.out &&
	test_grep "drill" s.out &&
	test_grep "pwned" step.out
'

test_expect_success 'the words of an error: a task key, an option, a file name' '
	test_expect_code 1 cutover sign --by An "x$EVIL" >o 2>e1;
	test_expect_code 2 cutover sign "--$EVIL" >o 2>e2;
	test_expect_code 1 cutover check "rb/$EVIL.lua" >o 2>e3;
	clean e1 e2 e3 &&
	test_line_count = 1 e1
'

test_done
