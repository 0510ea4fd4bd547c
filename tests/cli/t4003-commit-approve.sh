#!/bin/sh
test_description='commit and approve: versions without knowing git, four eyes, start --live'
. "$(dirname "$0")/lib.sh"

# gitc DATE MESSAGE AUTHOR : commits everything in repo/ with the git CLI.
gitc () {
	(
		cd repo &&
		git add -A &&
		GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" \
		GIT_AUTHOR_NAME="$3" git commit -q -m "$2"
	)
}

# approval_commit N : the commit approved/mini-2026/N points at.
approval_commit () {
	git -C repo rev-parse "approved/mini-2026/$1^{commit}"
}

test_expect_success GIT 'setup: a repository with the mini runbook, nothing committed' '
	git init -q repo &&
	mkdir repo/rb &&
	cp "$TEST_DATA/mini.lua" repo/rb/ &&
	cp -r "$TEST_DATA/units" repo/rb/units &&
	cutover init >/dev/null
'

test_expect_success GIT 'commit: the runbook and its registry, author from --by' '
	CUTOVER_NOW="2026-05-01 10:00" \
		cutover commit -m "mini runbook" --by "An Author" repo/rb/mini.lua >out &&
	echo "committed $(git -C repo rev-parse --short=7 HEAD) by An Author: mini runbook" >expect &&
	echo "  rb/mini.lua" >>expect &&
	echo "  rb/units/mini.yaml" >>expect &&
	test_cmp expect out &&
	git -C repo log --format="%an|%ae|%cn|%ce|%ad|%s" --date=iso >actual &&
	echo "An Author|nobody@cutover.invalid|An Author|nobody@cutover.invalid|2026-05-01 10:00:00 +0700|mini runbook" >expect &&
	test_cmp expect actual &&
	git -C repo ls-tree -r --name-only HEAD >actual &&
	printf "rb/mini.lua\nrb/units/mini.yaml\n" >expect &&
	test_cmp expect actual &&
	git -C repo status --porcelain >actual &&
	test_line_count = 0 actual
'

test_expect_success GIT 'commit: nothing to commit says so, exits 0, makes no commit' '
	git -C repo rev-parse HEAD >before &&
	cutover commit -m "again" --by "An Author" repo/rb/mini.lua >out &&
	test_grep "^nothing to commit: rb/mini.lua and the 1 file it loads are as $(git -C repo rev-parse --short=7 HEAD) has them$" out &&
	git -C repo rev-parse HEAD >after &&
	test_cmp before after
'

test_expect_success GIT 'commit: other changes stay out of the commit (and staged)' '
	echo notes >repo/README &&
	git -C repo add README &&
	sed -e "s/Check the fee table/Check the fees/" repo/rb/mini.lua >tmp &&
	mv tmp repo/rb/mini.lua &&
	CUTOVER_NOW="2026-05-02 10:00" \
		cutover commit -m "fees title" --by "Bình Reviewer" repo/rb/mini.lua >out &&
	echo "committed $(git -C repo rev-parse --short=7 HEAD) by Bình Reviewer: fees title" >expect &&
	echo "  rb/mini.lua" >>expect &&
	test_cmp expect out &&
	git -C repo show --name-only --format= HEAD >actual &&
	echo rb/mini.lua >expect &&
	test_cmp expect actual &&
	git -C repo status --porcelain >actual &&
	echo "A  README" >expect &&
	test_cmp expect actual &&
	git -C repo reset -q README &&
	rm repo/README
'

test_expect_success GIT 'commit: the committer comes from git config when it has one' '
	git -C repo config user.name "C O Mitter" &&
	git -C repo config user.email committer@example.com &&
	sed -e "s/Name a focal point/Name the focal point/" repo/rb/mini.lua >tmp &&
	mv tmp repo/rb/mini.lua &&
	CUTOVER_NOW="2026-05-03 10:00" \
		cutover commit -m "focal point title" --by "Chi Editor" repo/rb/mini.lua >out &&
	git -C repo log -1 --format="%an|%ae|%cn|%ce" >actual &&
	echo "Chi Editor|committer@example.com|C O Mitter|committer@example.com" >expect &&
	test_cmp expect actual &&
	git -C repo config --unset user.name &&
	git -C repo config --unset user.email
'

test_expect_success GIT 'commit: a runbook that does not load is not committed' '
	git -C repo rev-parse HEAD >before &&
	echo "step {" >>repo/rb/mini.lua &&
	test_expect_code 1 cutover commit -m "broken" --by "An Author" repo/rb/mini.lua >out 2>err &&
	test_one_error err "mini.lua:" &&
	git -C repo rev-parse HEAD >after &&
	test_cmp before after &&
	git -C repo checkout -q rb/mini.lua
'

test_expect_success 'commit: outside any repository, and bad usage' '
	mkdir -p outside/units &&
	cp "$TEST_DATA/mini.lua" outside/ &&
	cp "$TEST_DATA/units/mini.yaml" outside/units/ &&
	test_expect_code 1 cutover commit -m x --by A outside/mini.lua >out 2>err &&
	test_one_error err "outside/mini.lua" "not in a git repository" &&
	test_expect_code 2 cutover commit --by A outside/mini.lua 2>err &&
	test_one_error err "needs --message MSG" &&
	test_expect_code 2 cutover commit -m x 2>err &&
	test_one_error err "needs RUNBOOK" &&
	test_expect_code 2 cutover commit -m x a.lua b.lua 2>err &&
	test_one_error err "unexpected argument '\''b.lua'\''"
'

test_expect_success GIT 'approve: four eyes refuse an author of a change since the beginning' '
	test_expect_code 1 cutover approve HEAD --by "An Author" repo/rb/mini.lua >out 2>err &&
	test_one_error err "An Author wrote commit $(git -C repo rev-parse --short=7 HEAD~2)" \
		"since the beginning" "someone else must approve" &&
	test_expect_code 1 cutover approve HEAD --by "chi editor" repo/rb/mini.lua >out 2>err &&
	test_one_error err "wrote commit $(git -C repo rev-parse --short=7 HEAD)" &&
	git -C repo tag -l >tags &&
	test_line_count = 0 tags
'

test_expect_success GIT 'approve: an annotated tag approved/<id>/1, tagger, path and blob' '
	CUTOVER_NOW="2026-05-04 09:00" \
		cutover approve HEAD --by "Dung Approver" repo/rb/mini.lua >out &&
	blob=$(git -C repo rev-parse HEAD:rb/mini.lua) &&
	echo "approved $(git -C repo rev-parse --short=7 HEAD) as approved/mini-2026/1 by Dung Approver (rb/mini.lua, blob $(echo $blob | cut -c1-12))" >expect &&
	test_cmp expect out &&
	git -C repo cat-file -t approved/mini-2026/1 >actual &&
	echo tag >expect &&
	test_cmp expect actual &&
	git -C repo rev-parse HEAD >expect &&
	approval_commit 1 >actual &&
	test_cmp expect actual &&
	git -C repo for-each-ref --format="%(taggername)|%(taggerdate:iso)" refs/tags/approved/mini-2026/1 >actual &&
	echo "Dung Approver|2026-05-04 09:00:00 +0700" >expect &&
	test_cmp expect actual &&
	git -C repo cat-file -p approved/mini-2026/1 >tag &&
	test_grep "^runbook: rb/mini.lua$" tag &&
	test_grep "^blob: $blob$" tag
'

test_expect_success GIT 'approve: an approved commit says so, and adds no tag' '
	cutover approve HEAD --by "Em Other" repo/rb/mini.lua >out &&
	test_grep "is approved already: approved/mini-2026/1 by Dung Approver, 2026-05-04 09:00" out &&
	git -C repo tag -l >tags &&
	test_line_count = 1 tags
'

test_expect_success GIT 'four eyes count from the last approved version, on the runbook'\''s files only' '
	printf "  - id: phu-lang\n    name: \"Xã Phù Lãng\"\n    kind: commune\n" \
		>>repo/rb/units/mini.yaml &&
	gitc 2026-05-05T03:00:00Z "add a commune" "Bình Reviewer" &&
	echo notes >repo/README &&
	gitc 2026-05-05T04:00:00Z "unrelated" "An Author" &&
	test_expect_code 1 cutover approve HEAD --by "Bình Reviewer" repo/rb/mini.lua >out 2>err &&
	test_one_error err "Bình Reviewer wrote commit $(git -C repo rev-parse --short=7 HEAD~1)" \
		"since the last approved version" &&
	CUTOVER_NOW="2026-05-05 12:00" \
		cutover approve HEAD --by "An Author" repo/rb/mini.lua >out &&
	test_grep "as approved/mini-2026/2 by An Author" out
'

test_expect_success GIT 'four eyes: any commit since the last approval, the registry included' '
	sed -e "s/Xã Phù Lãng/Xã Phù Lãng mới/" repo/rb/units/mini.yaml >tmp &&
	mv tmp repo/rb/units/mini.yaml &&
	gitc 2026-05-06T03:00:00Z "rename a commune" "Chi Editor" &&
	sed -e "s/T-6h/T-5h/" repo/rb/mini.lua >tmp &&
	mv tmp repo/rb/mini.lua &&
	gitc 2026-05-06T04:00:00Z "fees deadline" "Dung Approver" &&
	test_expect_code 1 cutover approve HEAD --by "Chi Editor" repo/rb/mini.lua >out 2>err &&
	test_one_error err "Chi Editor wrote commit $(git -C repo rev-parse --short=7 HEAD~1)" \
		"since the last approved version" &&
	CUTOVER_NOW="2026-05-06 12:00" \
		cutover approve HEAD --by "Em Other" repo/rb/mini.lua >out &&
	test_grep "as approved/mini-2026/3 by Em Other" out &&
	git -C repo tag -l >actual &&
	printf "approved/mini-2026/1\napproved/mini-2026/2\napproved/mini-2026/3\n" >expect &&
	test_cmp expect actual
'

test_expect_success GIT 'approve: a version that does not load, or no such revision, is refused' '
	echo "step {" >>repo/rb/mini.lua &&
	gitc 2026-05-07T03:00:00Z "broken" "Chi Editor" &&
	test_expect_code 1 cutover approve HEAD --by "Em Other" repo/rb/mini.lua >out 2>err &&
	test_one_error err "revision $(git -C repo rev-parse --short=7 HEAD): " "mini.lua:" &&
	test_expect_code 1 cutover approve nope --by "Em Other" repo/rb/mini.lua >out 2>err &&
	test_one_error err "unknown revision '\''nope'\''" &&
	test_expect_code 2 cutover approve HEAD repo/rb/mini.lua 2>err &&
	test_one_error err "--by NAME" &&
	git -C repo tag -l >tags &&
	test_line_count = 3 tags &&
	git -C repo revert --no-edit HEAD >/dev/null
'

test_expect_success GIT 'start --live takes the latest approved version, not a newer HEAD' '
	sed -e "s/title = \"Mini cutover\"/title = \"Mini cutover, later\"/" repo/rb/mini.lua >tmp &&
	mv tmp repo/rb/mini.lua &&
	gitc 2026-05-08T03:00:00Z "a newer title" "Chi Editor" &&
	CUTOVER_NOW= cutover start --live --name live1 repo/rb/mini.lua >out &&
	test_grep "commit $(approval_commit 3 | cut -c1-12), approved/mini-2026/3$" out &&
	approval_commit 3 >expect &&
	db_query "select commit_id from runs where name = '\''live1'\''" >actual &&
	test_cmp expect actual &&
	git -C repo rev-parse "approved/mini-2026/3:rb/mini.lua" >expect &&
	db_query "select blob_id from runs where name = '\''live1'\''" >actual &&
	test_cmp expect actual &&
	db_query "select title, approval, unapproved, dirty from runs where name = '\''live1'\''" >actual &&
	echo "Mini cutover|approved/mini-2026/3|0|0" >expect &&
	test_cmp expect actual &&
	db_query "select comment, json_remove(evidence, '\''$.definition'\''),
		json_extract(evidence, '\''$.definition.run.approval'\'')
		from events where kind = '\''start'\''" >actual &&
	echo "live run of mini-2026 (50 tasks), approved version approved/mini-2026/3|{\"approval\":\"approved/mini-2026/3\"}|approved/mini-2026/3" >expect &&
	test_cmp expect actual
'

test_expect_success GIT 'start --live --unapproved runs HEAD, and the run and the ledger say so' '
	CUTOVER_NOW= cutover close --by Tester live1 >/dev/null &&
	CUTOVER_NOW= cutover start --live --unapproved --name live2 repo/rb/mini.lua >out &&
	test_grep ", unapproved$" out &&
	git -C repo rev-parse HEAD >expect &&
	db_query "select commit_id from runs where name = '\''live2'\''" >actual &&
	test_cmp expect actual &&
	db_query "select title, approval is null, unapproved from runs where name = '\''live2'\''" >actual &&
	echo "Mini cutover, later|1|1" >expect &&
	test_cmp expect actual &&
	db_query "select e.comment, json_remove(e.evidence, '\''$.definition'\''),
		json_extract(e.evidence, '\''$.definition.run.unapproved'\'')
		from events e join runs r on r.id = e.run_id where r.name = '\''live2'\''" >actual &&
	echo "live run of mini-2026 (50 tasks), unapproved version (--unapproved)|{\"unapproved\":true}|1" >expect &&
	test_cmp expect actual &&
	cutover verify >out
'

test_expect_success GIT 'start --live without any approved version: a clear error, nothing recorded' '
	sed -e "s/id = \"mini-2026\"/id = \"other-2026\"/" repo/rb/mini.lua >repo/rb/other.lua &&
	gitc 2026-05-09T03:00:00Z "another runbook" "Chi Editor" &&
	db_snapshot before &&
	test_expect_code 1 env CUTOVER_NOW= "$CUTOVER" start --live --name live3 repo/rb/other.lua >out 2>err &&
	test_one_error err "no approved version of other-2026" "cutover approve" "--unapproved" &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success GIT 'log marks the approved commits, with the tag and the approver' '
	cutover log repo/rb/mini.lua >out &&
	test_grep "^$(approval_commit 1 | cut -c1-7)  .*  focal point title  \[approved/mini-2026/1 by Dung Approver\]$" out &&
	test_grep "^$(approval_commit 2 | cut -c1-7)  .*  An Author  unrelated  \[approved/mini-2026/2 by An Author\]$" out &&
	test_grep "^$(approval_commit 3 | cut -c1-7)  .*  fees deadline  \[approved/mini-2026/3 by Em Other\]$" out &&
	test_grep -v "approved.*approved" out &&
	grep -c "\[approved/" out >count &&
	echo 3 >expect &&
	test_cmp expect count
'

test_expect_success PYTHON3 'log --json: each commit has its approvals' '
	cutover --json log repo/rb/mini.lua >out &&
	test_json out &&
	python3 -c "
import json
d = json.load(open(\"out\"))
tags = {c[\"subject\"]: [a[\"tag\"] for a in c[\"approvals\"]] for c in d}
assert tags[\"fees deadline\"] == [\"approved/mini-2026/3\"], tags
assert tags[\"mini runbook\"] == [], tags
by = [a[\"by\"] for c in d for a in c[\"approvals\"]]
assert sorted(by) == [\"An Author\", \"Dung Approver\", \"Em Other\"], by
"
'

test_expect_success GIT 'approve without RUNBOOK takes the current run'\''s' '
	CUTOVER_NOW="2026-05-10 09:00" cutover approve HEAD --by "Em Other" >out &&
	test_grep "as approved/mini-2026/4 by Em Other (rb/mini.lua" out
'

test_done
