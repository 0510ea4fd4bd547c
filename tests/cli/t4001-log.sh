#!/bin/sh
test_description='log: the commits that touched a runbook or the files it loads'
. "$(dirname "$0")/lib.sh"

# commit DATE MESSAGE : commits everything in repo/ at a fixed UTC date.
commit () {
	(
		cd repo &&
		git add -A &&
		GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" \
			git commit -q -m "$2"
	)
}

test_expect_success GIT 'setup: a history of the mini runbook' '
	git init -q repo &&
	mkdir repo/rb &&
	cp "$TEST_DATA/mini.lua" repo/rb/ &&
	cp -r "$TEST_DATA/units" repo/rb/units &&
	commit 2026-05-01T03:00:00Z "mini runbook" &&
	sed -e "s/due = \"T-4h\"/due = \"T-2h\"/" repo/rb/mini.lua >tmp &&
	mv tmp repo/rb/mini.lua &&
	commit 2026-05-02T03:00:00Z "move the accounts deadline" &&
	printf "  - id: phu-lang\n    name: \"Xã Phù Lãng\"\n    kind: commune\n" \
		>>repo/rb/units/mini.yaml &&
	commit 2026-05-03T03:00:00Z "add a commune" &&
	echo "notes" >repo/README &&
	echo "other" >repo/rb/other.txt &&
	commit 2026-05-04T03:00:00Z "unrelated files"
'

test_expect_success GIT 'log lists the commits of the runbook and its registry, newest first' '
	cutover log repo/rb/mini.lua >out &&
	for rev in HEAD~1 HEAD~2 HEAD~3
	do
		git -C repo rev-parse --short=7 $rev || return 1
	done >ids &&
	{
		echo "$(sed -n 1p ids)  2026-05-03 10:00  A U Thor  add a commune" &&
		echo "$(sed -n 2p ids)  2026-05-02 10:00  A U Thor  move the accounts deadline" &&
		echo "$(sed -n 3p ids)  2026-05-01 10:00  A U Thor  mini runbook"
	} >expect &&
	test_cmp expect out
'

test_expect_success GIT 'log finds the repository from a folder inside it' '
	(
		cd repo/rb &&
		cutover log mini.lua >../../out
	) &&
	test_line_count = 3 out
'

test_expect_success PYTHON3 'log --json gives ids, dates with the offset, authors, subjects' '
	cutover --json log repo/rb/mini.lua >out &&
	test_json out &&
	test_grep "\"date\":\"2026-05-03T10:00:00+07:00\"" out &&
	test_grep "\"subject\":\"mini runbook\"" out &&
	test_grep "\"id\":\"$(git -C repo rev-parse HEAD~3)\"" out &&
	test_grep "\"author\":\"A U Thor\"" out &&
	# The global option after the command says the same.
	cutover log repo/rb/mini.lua --json >after &&
	test_cmp out after
'

test_expect_success GIT 'a runbook that does not load: its own commits, and a warning' '
	echo "step {" >>repo/rb/mini.lua &&
	cutover log repo/rb/mini.lua >out 2>err &&
	test_line_count = 2 out &&
	test_grep "warning: .*mini.lua:" err &&
	git -C repo checkout -q rb/mini.lua
'

test_expect_success 'a runbook outside any repository: one clear error, exit 1' '
	mkdir -p outside/units &&
	cp "$TEST_DATA/mini.lua" outside/ &&
	cp "$TEST_DATA/units/mini.yaml" outside/units/ &&
	test_expect_code 1 cutover log outside/mini.lua >out 2>err &&
	test_one_error err "outside/mini.lua" "not in a git repository" &&
	test_line_count = 1 err &&
	test_line_count = 0 out
'

test_expect_success 'bad usage exits 2' '
	test_expect_code 2 cutover log >out 2>err &&
	test_one_error err "needs RUNBOOK" &&
	test_expect_code 2 cutover log a b 2>err &&
	test_expect_code 2 cutover log --nope x 2>err &&
	# Global options after the command, and did-you-mean for options.
	test_expect_code 2 cutover log --jsn x 2>err &&
	test_grep "unknown option .--jsn. for .log.; did you mean .--json.?" err
'

test_done
