#!/bin/sh
test_description='upgrade: a run in progress moved to another version of its runbook'
. "$(dirname "$0")/lib.sh"

# commit MESSAGE : commits everything in repo/ with the git CLI.
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

# short REV : the abbreviation cutover shows.
short () {
	git -C repo rev-parse --short=7 "$1"
}

# The history is built with git and edited with python3.
test_have_prereq GIT && test_have_prereq PYTHON3 && test_have_prereq SQLITE3 &&
	test_set_prereq HISTORY

test_expect_success HISTORY 'setup: v1 committed, a rehearsal pinned to HEAD' '
	git init -q repo &&
	mkdir repo/rb &&
	cp "$TEST_DATA/mini.lua" repo/rb/ &&
	cp -r "$TEST_DATA/units" repo/rb/units &&
	commit "v1" &&
	git -C repo tag v1 &&
	cutover init >/dev/null &&
	cutover start --rehearsal --name night repo/rb/mini.lua >out &&
	git -C repo rev-parse HEAD >expect &&
	db_query "select commit_id from runs" >actual &&
	test_cmp expect actual &&
	db_query "select commit_id from run_versions" >actual &&
	test_cmp expect actual
'

test_expect_success HISTORY 'setup: sign-offs, a skip and a block in the run' '
	echo "a,b" >table.csv &&
	CUTOVER_NOW="2026-05-29 12:00" && export CUTOVER_NOW &&
	cutover sign --by An --evidence name=An --evidence phone=0912345678 \
		focal-point@dai-son >/dev/null &&
	cutover sign --by Bình --evidence name=Bình --evidence phone=0912345679 \
		focal-point@so-tai-chinh >/dev/null &&
	cutover sign --by Chi --evidence reviewed=3 --evidence fixed=1 \
		accounts@dai-son >/dev/null &&
	cutover block --by Chi --reason "no access" accounts@so-tai-chinh >/dev/null &&
	cutover sign --by Dũng --evidence amount=1000 --evidence effective=2026-05-01 \
		--attach table.csv fees@so-tai-chinh >/dev/null &&
	cutover sign --by Em --force --evidence confirmed=true --evidence by=Em \
		go@ttpvhcc >/dev/null &&
	cutover sign --by Em "daily-report@ca-dai-son#2026-05-30" >/dev/null &&
	cutover skip --by Em --reason "holiday" "daily-report@dai-son#2026-05-30" >/dev/null &&
	db_query "select count(*) from tasks where state != '\''pending'\''" >actual &&
	echo 8 >expect &&
	test_cmp expect actual
'

test_expect_success HISTORY 'setup: v2 changes, adds and removes steps, edits the registry' '
	edit rb/mini.lua "
i = s.index(\"step {\\n  id = \\\"fees\\\"\")
j = s.index(\"step {\\n  id = \\\"daily-report\\\"\")
s = s[:i] + s[j:]
s = s.replace(\"email = \\\"email?\\\"\", \"email = \\\"email\\\"\")
s = s.replace(\"due = \\\"T-4h\\\"\", \"due = \\\"T-2h\\\"\")
s = s.replace(\"Decide go or no-go\", \"Decide: go or no-go\")
s = s.replace(\"owners = kinds { \\\"department\\\", \\\"commune\\\" },\\n  report_to = \\\"ttpvhcc\\\",\\n  due = \\\"T-12h\\\"\",
              \"owners = kinds { \\\"commune\\\" },\\n  report_to = \\\"ttpvhcc\\\",\\n  due = \\\"T-12h\\\"\")
s += \"\\nstep { id = \\\"wrap-up\\\", title = \\\"Wrap up\\\", owners = units { \\\"ttpvhcc\\\" }, due = \\\"T+1d\\\" }\\n\"
" &&
	edit rb/units/mini.yaml "s = s.replace(\"ca-dai-son\", \"cong-an-dai-son\")" &&
	printf "  - id: phu-lang\n    name: \"Xã Phù Lãng\"\n    kind: commune\n" \
		>>repo/rb/units/mini.yaml &&
	commit "v2" &&
	git -C repo tag v2
'

test_expect_success HISTORY 'upgrade --dry-run prints what would happen and writes nothing' '
	db_snapshot before &&
	CUTOVER_NOW="2026-05-29 13:00" cutover upgrade --to v2 --dry-run --by Coord >out &&
	db_snapshot after &&
	test_cmp before after &&
	cat >expect <<-EOF &&
	upgrade run '\''night'\'' from $(short v1) to $(short v2) (unapproved)
	reopen   focal-point@dai-son (done by An): step changed: evidence
	reopen   accounts@dai-son (done by Chi): step changed: due
	reopen   accounts@so-tai-chinh (blocked by Chi): step changed: due
	archive  focal-point@so-tai-chinh (done by Bình): unit no longer an owner of the step
	archive  fees@so-tai-chinh (done by Dũng): step removed
	rename   daily-report@ca-dai-son#2026-05-30 -> daily-report@cong-an-dai-son#2026-05-30 (done by Em): unit renamed
	rename   daily-report@ca-dai-son#2026-05-31 -> daily-report@cong-an-dai-son#2026-05-31 (pending): unit renamed
	rename   daily-report@ca-dai-son#2026-06-01 -> daily-report@cong-an-dai-son#2026-06-01 (pending): unit renamed
	rename   daily-report@ca-dai-son#2026-06-02 -> daily-report@cong-an-dai-son#2026-06-02 (pending): unit renamed
	rename   daily-report@ca-dai-son#2026-06-03 -> daily-report@cong-an-dai-son#2026-06-03 (pending): unit renamed
	rename   daily-report@ca-dai-son#2026-06-04 -> daily-report@cong-an-dai-son#2026-06-04 (pending): unit renamed
	rename   daily-report@ca-dai-son#2026-06-05 -> daily-report@cong-an-dai-son#2026-06-05 (pending): unit renamed
	add      focal-point@phu-lang
	add      accounts@phu-lang
	add      daily-report@phu-lang#2026-05-30
	add      wrap-up@ttpvhcc
	add      daily-report@phu-lang#2026-05-31
	add      daily-report@phu-lang#2026-06-01
	add      daily-report@phu-lang#2026-06-02
	add      daily-report@phu-lang#2026-06-03
	add      daily-report@phu-lang#2026-06-04
	add      daily-report@phu-lang#2026-06-05
	tasks: 29 kept (2 done or skipped), 3 reopened, 0 updated, 2 archived, 10 added, 7 renamed
	dry run: nothing written
	EOF
	test_cmp expect out &&
	sed -e "\$d" out >dry-run-plan
'

test_expect_success HISTORY 'upgrade does what the dry run said, in the ledger' '
	CUTOVER_NOW="2026-05-29 13:00" cutover upgrade --to v2 --by Coord >out &&
	sed -e "\$d" out >plan &&
	test_cmp dry-run-plan plan &&
	test_grep "^upgraded: run '\''night'\'' is on $(short v2), its version 2$" out &&
	db_query "select kind, comment from events where kind = '\''upgrade'\''" >actual &&
	echo "upgrade|upgrade from $(short v1) to $(short v2) (unapproved): tasks: 29 kept (2 done or skipped), 3 reopened, 0 updated, 2 archived, 10 added, 7 renamed" >expect &&
	test_cmp expect actual
'

test_expect_success HISTORY 'every untouched sign-off is kept' '
	db_query "select t.key, t.state, e.actor from tasks t join events e on e.seq = t.last_seq
		where t.archived_seq is null and t.state != '\''pending'\'' order by t.key" >actual &&
	cat >expect <<-\EOF &&
	daily-report@cong-an-dai-son#2026-05-30|done|Coord
	daily-report@dai-son#2026-05-30|skipped|Em
	go@ttpvhcc|done|Em
	EOF
	test_cmp expect actual
'

test_expect_success HISTORY 'what changed is reopened, and the event says why' '
	db_query "select task_key, actor, comment from events where kind = '\''reopened'\'' order by seq" >actual &&
	cat >expect <<-EOF &&
	focal-point@dai-son|Coord|upgrade to $(short v2): step changed: evidence
	accounts@dai-son|Coord|upgrade to $(short v2): step changed: due
	accounts@so-tai-chinh|Coord|upgrade to $(short v2): step changed: due
	EOF
	test_cmp expect actual &&
	db_query "select state from tasks where key in ('\''focal-point@dai-son'\'', '\''accounts@so-tai-chinh'\'')" >actual &&
	printf "pending\npending\n" >expect &&
	test_cmp expect actual
'

test_expect_success HISTORY 'removed tasks are archived: kept, with an event, out of the counts' '
	db_query "select t.key, t.state, e.kind, e.comment from tasks t join events e on e.seq = t.archived_seq
		where t.key not like '\''daily-report@ca-dai-son%'\'' order by t.key" >actual &&
	cat >expect <<-EOF &&
	fees@so-tai-chinh|done|archived|upgrade to $(short v2): step removed
	focal-point@so-tai-chinh|done|archived|upgrade to $(short v2): unit no longer an owner of the step
	EOF
	test_cmp expect actual &&
	cutover status >out &&
	test_grep "^3/49 done, " out &&
	test_grep -v "fees@" out &&
	test_expect_code 1 cutover sign --by X --evidence amount=1 fees@so-tai-chinh >out 2>err &&
	test_one_error err "task '\''fees@so-tai-chinh'\'' was archived" "step removed"
'

test_expect_success HISTORY 'a renamed unit keeps its tasks: the new key carries the sign-off' '
	db_query "select e.kind, e.unit_id, e.comment from events e
		where e.task_key = '\''daily-report@cong-an-dai-son#2026-05-30'\''" >actual &&
	old=$(db_query "select seq from events where kind = '\''done'\'' and task_key = '\''daily-report@ca-dai-son#2026-05-30'\''") &&
	echo "done|cong-an-dai-son|upgrade to $(short v2): unit renamed from ca-dai-son: carries the state of daily-report@ca-dai-son#2026-05-30 (event $old by Em)" >expect &&
	test_cmp expect actual &&
	db_query "select count(*) from tasks where key like '\''daily-report@ca-dai-son%'\'' and archived_seq is not null" >actual &&
	echo 7 >expect &&
	test_cmp expect actual
'

test_expect_success HISTORY 'new tasks are added, with the new dependencies' '
	db_query "select state from tasks where key = '\''wrap-up@ttpvhcc'\''" >actual &&
	echo pending >expect &&
	test_cmp expect actual &&
	cutover status --unit phu-lang >out &&
	test_grep "accounts@phu-lang" out &&
	db_query "select q.key from task_requires r join tasks t on t.id = r.task_id
		join tasks q on q.id = r.required_id where t.key = '\''accounts@phu-lang'\''" >actual &&
	echo focal-point@phu-lang >expect &&
	test_cmp expect actual
'

test_expect_success HISTORY 'the run records its versions; its files are the new version'\''s' '
	db_query "select ord, commit_id, actor from run_versions order by ord" >actual &&
	{
		echo "1|$(git -C repo rev-parse v1)|tester" &&
		echo "2|$(git -C repo rev-parse v2)|Coord"
	} >expect &&
	test_cmp expect actual &&
	cutover status >out &&
	test_grep "commit $(git -C repo rev-parse v2 | cut -c1-12)" out &&
	db_query "select content from run_files where path = '\''mini.lua'\''" >actual &&
	{ git -C repo show v2:rb/mini.lua && echo; } >expect &&
	test_cmp expect actual &&
	db_query "select title from steps where id = '\''go'\''" >actual &&
	echo "Decide: go or no-go" >expect &&
	test_cmp expect actual
'

test_expect_success HISTORY 'the ledger still verifies, task states included' '
	cutover verify >out &&
	test_grep "^ledger ok: " out
'

test_expect_success HISTORY 'sign-offs after the upgrade answer to the new version' '
	test_expect_code 1 cutover sign --by An --evidence name=An --evidence phone=0912345678 \
		focal-point@dai-son >out 2>err &&
	test_one_error err "email" &&
	cutover sign --by An --evidence name=An --evidence phone=0912345678 \
		--evidence email=an@example.vn focal-point@dai-son >out
'

test_expect_success HISTORY 'the same version again: nothing to do' '
	db_snapshot before &&
	cutover upgrade --to v2 >out &&
	echo "run '\''night'\'' is on $(short v2) already: nothing to do" >expect &&
	test_cmp expect out &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success HISTORY 'a revision that does not exist: clear error, nothing changed' '
	db_snapshot before &&
	test_expect_code 1 cutover upgrade --to nope >out 2>err &&
	test_one_error err "unknown revision '\''nope'\''" &&
	test_line_count = 0 out &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success HISTORY 'a version that does not load: its revision and file:line, nothing changed' '
	echo "step {" >>repo/rb/mini.lua &&
	commit "v3: broken" &&
	db_snapshot before &&
	test_expect_code 1 cutover upgrade --to HEAD >out 2>err &&
	test_one_error err "revision $(short HEAD): " "rb/mini.lua:" &&
	db_snapshot after &&
	test_cmp before after &&
	git -C repo revert --no-edit HEAD >/dev/null
'

test_expect_success HISTORY 'a revision holding another runbook id is refused' '
	edit rb/mini.lua "s = s.replace(\"id = \\\"mini-2026\\\"\", \"id = \\\"other-2026\\\"\")" &&
	commit "another id" &&
	db_snapshot before &&
	test_expect_code 1 cutover upgrade --to HEAD >out 2>err &&
	test_one_error err "is runbook other-2026, not mini-2026" &&
	db_snapshot after &&
	test_cmp before after &&
	git -C repo revert --no-edit HEAD >/dev/null
'

test_expect_success HISTORY 'back to v1: archived tasks come back, renamed units again, still verified' '
	cutover upgrade --to v1 --by Coord >out &&
	test_grep "^restore  fees@so-tai-chinh (done by Dũng): back in this version$" out &&
	test_grep "^restore  focal-point@so-tai-chinh (done by Bình): back in this version$" out &&
	test_grep "^rename   daily-report@cong-an-dai-son#2026-05-30 -> daily-report@ca-dai-son#2026-05-30 (done by Coord): unit renamed$" out &&
	test_grep "^archive  wrap-up@ttpvhcc (pending): step removed$" out &&
	test_grep "^archive  focal-point@phu-lang (pending): unit removed from the registry$" out &&
	db_query "select state, archived_seq is null from tasks where key = '\''fees@so-tai-chinh'\''" >actual &&
	echo "pending|1" >expect &&
	test_cmp expect actual &&
	db_query "select state, archived_seq is null from tasks where key = '\''daily-report@ca-dai-son#2026-05-30'\''" >actual &&
	echo "done|1" >expect &&
	test_cmp expect actual &&
	cutover status >out &&
	test_grep "^3/41 done, " out &&
	cutover verify >out &&
	db_query "select count(*) from run_versions" >actual &&
	echo 3 >expect &&
	test_cmp expect actual
'

test_expect_success HISTORY '--run picks the run; bad usage exits 2' '
	cutover start --rehearsal --name later repo/rb/mini.lua >/dev/null &&
	cutover --run night upgrade --to v2 --dry-run >out &&
	test_grep "^upgrade run '\''night'\'' from $(short v1) to $(short v2)" out &&
	test_expect_code 2 cutover upgrade >out 2>err &&
	test_one_error err "--to REV" &&
	test_expect_code 2 cutover upgrade --to v2 repo/rb/mini.lua >out 2>err &&
	test_one_error err "takes no RUNBOOK"
'

test_done
