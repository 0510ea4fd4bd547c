#!/bin/sh
test_description='diff: two versions of a runbook compared step by step'
. "$(dirname "$0")/lib.sh"

# commit MESSAGE : commits everything in repo/.
commit () {
	(
		cd repo &&
		git add -A &&
		git commit -q -m "$1"
	)
}

# edit FILE PYTHON-STATEMENTS : rewrites repo/FILE; the text is in s.
edit () {
	python3 -c "
import sys
p = sys.argv[1]
s = open(p).read()
$2
open(p, 'w').write(s)
" "repo/$1"
}

# The history is built with git and edited with python3.
test_have_prereq GIT && test_have_prereq PYTHON3 && test_set_prereq HISTORY

test_expect_success HISTORY 'setup: a history of the mini runbook' '
	git init -q repo &&
	mkdir repo/rb &&
	cp "$TEST_DATA/mini.lua" repo/rb/ &&
	cp -r "$TEST_DATA/units" repo/rb/units &&
	commit "v1: mini runbook" &&
	git -C repo tag v1 &&
	edit rb/mini.lua "s = s.replace(\"due = \\\"T-4h\\\"\", \"due = \\\"T-2h\\\"\")" &&
	edit rb/mini.lua "s = s.replace(\"Check the fee table\", \"Check the fees\")" &&
	commit "v2: deadline and a title" &&
	git -C repo tag v2 &&
	edit rb/mini.lua "
i = s.index(\"step {\\n  id = \\\"fees\\\"\")
j = s.index(\"step {\\n  id = \\\"daily-report\\\"\")
s = s[:i] + s[j:]
s = s.replace(\"\\\"D1.3\\\", \", \"\")
s = s.replace(\"2. Go / no-go\", \"2. Go or no-go\")
s = s.replace(\"gate = true,\", \"gate = false,\")
s = s.replace(\"by = \\\"text\\\" }\", \"by = \\\"phone\\\", note = \\\"text?\\\" }\")
s = s.replace(\"requires = { \\\"focal-point\\\", \\\"accounts\\\" }\", \"requires = { \\\"accounts\\\" }\")
s = s.replace(\"ev.reviewed == 0\", \"ev.reviewed < 1\")
s = s.replace(\"kinds { \\\"department\\\", \\\"commune\\\" },\\n  report_to = \\\"ttpvhcc\\\",\\n  due = \\\"T-12h\\\"\",
              \"kinds { \\\"commune\\\" },\\n  report_to = \\\"ttpvhcc\\\",\\n  due = \\\"T-12h\\\"\")
s += \"\\nsection { id = \\\"s3\\\", title = \\\"3. After\\\" }\\n\"
s += \"step { id = \\\"wrap-up\\\", title = \\\"Wrap up\\\", owners = units { \\\"ttpvhcc\\\", \\\"so-tai-chinh\\\" }, due = \\\"T+1d\\\" }\\n\"
" &&
	commit "v3: steps added and removed, fields changed" &&
	git -C repo tag v3 &&
	printf "  - id: phu-lang\n    name: \"Xã Phù Lãng\"\n    kind: commune\n" \
		>>repo/rb/units/mini.yaml &&
	edit rb/units/mini.yaml "s = s.replace(\"name: \\\"Sở Tài chính\\\"\", \"name: \\\"Sở Tài chính tỉnh\\\"\")" &&
	edit rb/units/mini.yaml "s = s.replace(\"ca-dai-son\", \"cong-an-dai-son\")" &&
	commit "v4: the registry" &&
	git -C repo tag v4 &&
	echo "-- a comment" >>repo/rb/mini.lua &&
	commit "v5: a comment only" &&
	git -C repo tag v5
'

test_expect_success HISTORY 'equal versions: no output, exit 0' '
	cutover diff repo/rb/mini.lua >out &&
	test_line_count = 0 out &&
	cutover diff v4 v5 repo/rb/mini.lua >out &&
	test_line_count = 0 out
'

test_expect_success HISTORY 'a moved deadline and a new title, as local times' '
	test_expect_code 1 cutover diff v1 v2 repo/rb/mini.lua >out &&
	cat >expect <<-EOF &&
	diff rb/mini.lua: $(git -C repo rev-parse --short=7 v1) -> $(git -C repo rev-parse --short=7 v2)
	~ step accounts "Review the accounts"
	    due: 2026-05-29 18:00 -> 2026-05-29 20:00
	~ step fees "Check the fees"
	    title: Check the fee table -> Check the fees
	EOF
	test_cmp expect out
'

test_expect_success HISTORY 'steps added and removed, fields changed, a section added and renamed' '
	test_expect_code 1 cutover diff v2 v3 repo/rb/mini.lua >out &&
	test_grep "^- step fees \"Check the fees\" (1 task)$" out &&
	test_grep "^+ step wrap-up \"Wrap up\" (2 tasks)$" out &&
	test_grep "^+ section s3 \"3. After\"$" out &&
	test_grep "^~ section s2 \"2. Go or no-go\" renamed$" out &&
	test_grep "^    title: 2. Go / no-go -> 2. Go or no-go$" out &&
	test_grep "^    gate: yes -> no$" out &&
	test_grep "^    requires: focal-point, accounts -> accounts; -focal-point$" out &&
	test_grep "^    evidence: .* +by:phone +note:text? -by:text$" out &&
	test_grep "^    check: changed$" out &&
	test_grep "^    items: .*; -D1.3$" out
'

test_expect_success HISTORY 'owners: the units gained and lost, and the tasks that go' '
	test_expect_code 1 cutover diff v2 v3 repo/rb/mini.lua >out &&
	test_grep "^~ step focal-point " out &&
	test_grep "^    owners: kinds { department, commune } -> kinds { commune }; -so-tai-chinh$" out &&
	test_grep "^    tasks: 2 -> 1 (+0 -1)$" out
'

test_expect_success HISTORY 'the registry: units added, renamed, renamed by id' '
	test_expect_code 1 cutover diff v3 v4 repo/rb/mini.lua >out &&
	test_grep "^+ unit phu-lang \"Xã Phù Lãng\"$" out &&
	test_grep "^~ unit so-tai-chinh \"Sở Tài chính tỉnh\" renamed$" out &&
	test_grep "^~ unit cong-an-dai-son (was ca-dai-son) " out &&
	test_grep "^    police: ca-dai-son -> cong-an-dai-son$" out &&
	test_grep "^    owners: +phu-lang$" out &&
	test_grep "recipient: function -> function (.* routed differently)" out
'

test_expect_success HISTORY 'one revision: against the working copy' '
	echo "-- an edit" >>repo/rb/mini.lua &&
	sed -e "s/title = \"Wrap up\"/title = \"Wrap it up\"/" repo/rb/mini.lua >tmp &&
	cp tmp repo/rb/mini.lua &&
	test_expect_code 1 cutover diff repo/rb/mini.lua >out &&
	test_grep "^diff rb/mini.lua: .* -> working copy$" out &&
	test_grep "^    title: Wrap up -> Wrap it up$" out &&
	test_expect_code 1 cutover diff v4 repo/rb/mini.lua >out &&
	test_grep "Wrap it up" out &&
	git -C repo checkout -q rb/mini.lua
'

test_expect_success HISTORY '--stat: the counts' '
	test_expect_code 1 cutover diff --stat v1 v4 repo/rb/mini.lua >out &&
	test_grep "^sections: 1 added, 0 removed, 1 renamed$" out &&
	test_grep "^units:    1 added, 0 removed, 2 renamed, 1 changed$" out &&
	test_grep "^steps:    1 added, 1 removed, 4 changed$" out &&
	test_grep "^tasks:    " out &&
	test_line_count = 6 out
'

test_expect_success HISTORY '--json: valid, with both revisions and each change' '
	test_expect_code 1 cutover --json diff v1 v4 repo/rb/mini.lua >out &&
	test_json out &&
	test_grep "\"revision\":\"$(git -C repo rev-parse v1)\"" out &&
	test_grep "\"equal\":false" out &&
	test_grep "{\"change\":\"removed\",\"id\":\"fees\"" out &&
	test_grep "{\"field\":\"due\",\"old\":\"2026-05-29 18:00\",\"new\":\"2026-05-29 20:00\"}" out &&
	cutover --json diff v4 v5 repo/rb/mini.lua >out &&
	test_json out &&
	test_grep "\"equal\":true" out
'

test_expect_success HISTORY '--text adds a unified diff of the files that differ' '
	test_expect_code 1 cutover diff --text v1 v2 repo/rb/mini.lua >out &&
	test_grep "^--- a/rb/mini.lua$" out &&
	test_grep "^+++ b/rb/mini.lua$" out &&
	test_grep "^@@ -[0-9,]* +[0-9,]* @@" out &&
	test_grep "^-  due = \"T-4h\",$" out &&
	test_grep "^+  due = \"T-2h\",$" out &&
	test_expect_code 1 cutover diff --text v3 v4 repo/rb/mini.lua >out &&
	test_grep "^+++ b/rb/units/mini.yaml$" out
'

test_expect_success HISTORY 'a comment alone is no difference, though --text shows it' '
	cutover diff --text v4 v5 repo/rb/mini.lua >out &&
	test_grep "^+-- a comment$" out
'

test_expect_success HISTORY 'a revision that does not exist: one line, exit 2 (trouble, as diff(1) says it)' '
	test_expect_code 2 cutover diff nosuch repo/rb/mini.lua >out 2>err &&
	test_one_error err "unknown revision '\''nosuch'\''" &&
	test_line_count = 1 err &&
	test_line_count = 0 out
'

test_expect_success HISTORY 'a version that does not load names the revision, file and line' '
	echo "step { id = " >>repo/rb/mini.lua &&
	commit "v6: broken" &&
	test_expect_code 2 cutover diff v5 HEAD repo/rb/mini.lua >out 2>err &&
	test_one_error err "revision $(git -C repo rev-parse --short=7 HEAD): repo/rb/mini.lua:" &&
	test_line_count = 1 err &&
	test_expect_code 2 cutover diff v5 repo/rb/mini.lua 2>err &&
	test_one_error err "working copy: repo/rb/mini.lua:"
'

test_expect_success HISTORY 'a runbook not in that commit' '
	git init -q later &&
	(cd later && git commit -q --allow-empty -m empty) &&
	mkdir -p later/rb/units &&
	cp "$TEST_DATA/mini.lua" later/rb/ &&
	cp "$TEST_DATA/units/mini.yaml" later/rb/units/ &&
	test_expect_code 2 cutover diff later/rb/mini.lua 2>err &&
	test_one_error err "revision" "rb/mini.lua" "not in that commit"
'

test_expect_success 'a runbook outside any repository: one clear error, exit 2' '
	mkdir -p outside/units &&
	cp "$TEST_DATA/mini.lua" outside/ &&
	cp "$TEST_DATA/units/mini.yaml" outside/units/ &&
	test_expect_code 2 cutover diff outside/mini.lua >out 2>err &&
	test_one_error err "outside/mini.lua" "not in a git repository" &&
	test_line_count = 1 err
'

test_expect_success 'bad usage exits 2' '
	test_expect_code 2 cutover diff 2>err &&
	test_one_error err "needs [REV_A [REV_B]] RUNBOOK" &&
	test_expect_code 2 cutover diff a b c d 2>err &&
	test_one_error err "diff takes" &&
	test_expect_code 2 cutover diff --nope x 2>err &&
	test_expect_code 2 cutover diff --stta x 2>err &&
	test_one_error err "did you mean" "--stat" &&
	cutover diff --help >out &&
	test_grep "^usage: cutover diff \[--stat\] \[--text\] \[REV_A \[REV_B\]\] RUNBOOK" out
'

test_done
