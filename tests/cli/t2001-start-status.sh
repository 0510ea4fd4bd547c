#!/bin/sh
test_description='start, status, plan, next'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a workspace and a copy of the test runbook outside git' '
	cutover init >/dev/null &&
	mkdir rb &&
	cp "$TEST_DATA/mini.lua" rb/ &&
	cp -r "$TEST_DATA/units" rb/units
'

test_expect_success 'start --rehearsal prints the run and its task count' '
	cutover start --rehearsal --name drill rb/mini.lua >out 2>err &&
	test_line_count = 0 err &&
	test_grep "drill" out &&
	test_grep "41 tasks" out &&
	db_query "select count(*) from tasks" >actual &&
	echo 41 >expect &&
	test_cmp expect actual &&
	db_query "select name, mode from runs" >actual &&
	echo "drill|rehearsal" >expect &&
	test_cmp expect actual
'

test_expect_success 'start records one event and the runbook files' '
	db_query "select kind from events" >actual &&
	echo start >expect &&
	test_cmp expect actual &&
	db_query "select path from run_files order by path" >paths &&
	test_grep "mini.lua" paths &&
	test_grep "mini.yaml" paths
'

test_expect_success 'the bundled runbook starts with all its tasks' '
	mkdir bundled &&
	cd bundled &&
	cutover init >/dev/null &&
	cutover start --rehearsal "$RUNBOOKS/bac-ninh.lua" >out &&
	test_grep "1883 tasks" out &&
	cutover status >out &&
	test_grep "^0/1883 done" out
'

test_expect_success 'start twice with the same --name fails and adds nothing' '
	db_snapshot before &&
	test_must_fail cutover start --rehearsal --name drill rb/mini.lua >out 2>err &&
	test_one_error err "drill" &&
	test_line_count = 1 err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'start needs --rehearsal or --live, not both' '
	test_expect_code 2 cutover start rb/mini.lua >out 2>err &&
	test_one_error err &&
	test_expect_code 2 cutover start --rehearsal --live rb/mini.lua >out 2>err &&
	test_one_error err
'

test_expect_success 'status shows the run, its sections, kinds and units' '
	cutover status >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^run drill (rehearsal) of mini-2026" out &&
	test_grep "^0/41 done, 0 late" out &&
	test_grep "^1. Departments and communes  *0  *40  *0  *0  ░\{20\}   0%$" out &&
	test_grep "^2. Go / no-go  *0  *1  *0  *0  ░\{20\}   0%$" out &&
	test_grep "^department  *0  *10 " out
'

test_expect_success 'status at a glance: time to T0, the gates, a bar per line' '
	cutover status >out &&
	test_grep "^T0 2026-05-29 22:00, now 2026-05-28 12:00 (T-1d 10h) · 1d 10h to T0$" out &&
	test_grep "^0/41 done, 0 late, 0 blocked or failed  ░\{20\}   0%$" out &&
	test_grep "^go/no-go gates$" out &&
	test_grep "^  \[ \] pending   go@ttpvhcc  due 2026-05-29 21:00, in 1d 9h$" out &&
	CUTOVER_NOW="2026-05-30 01:00" cutover status >out &&
	test_grep "· T0 passed 3h 00m ago$" out &&
	test_grep "^  \[ \] late      go@ttpvhcc  due 2026-05-29 21:00, 4h 00m late$" out
'

test_expect_success 'status fits the width it is given; a file gets whole titles' '
	COLUMNS=60 cutover status >narrow &&
	test_grep "^section  *done  total   late  blocked$" narrow &&
	test_grep ! "░" narrow &&
	sed -n "/^section/,\$p" narrow >table &&
	awk "length(\$0) > 60 { bad = 1 } END { exit bad }" table &&
	COLUMNS=80 cutover status >eighty &&
	test_grep "^1. Departments and communes  *0  *40  *0  *0  ░\{10\}   0%$" eighty &&
	COLUMNS=70 cutover status --unit dai-son >u70 &&
	test_grep "^2026-05-29 10:00  pending  focal-point@dai-son             Name a fo…$" u70 &&
	cutover status --unit dai-son >whole &&
	test_grep "focal-point@dai-son  *Name a focal point$" whole
'

test_expect_success 'no colour in a file or a pipe, even without NO_COLOR' '
	env -u NO_COLOR "$CUTOVER" status >plain &&
	env -u NO_COLOR "$CUTOVER" next >>plain &&
	test_grep ! "$(printf "\033")" plain
'

test_expect_success PYTHON3 'status --json parses' '
	cutover --json status >out.json &&
	test_json out.json &&
	python3 -c "
import json, sys
d = json.load(open(\"out.json\"))
assert d[\"run\"] == \"drill\" and d[\"total\"] == 41, d
assert [s[\"id\"] for s in d[\"sections\"]] == [\"s1\", \"s2\"], d[\"sections\"]
"
'

test_expect_success 'status --unit lists that unit'\''s tasks only' '
	cutover status --unit dai-son >out &&
	sed -n "/^20[0-9][0-9]-/p" out >tasks &&
	test_line_count = 9 tasks &&
	{ grep -v " [a-z-]*@dai-son[ #]" tasks >others || :; } &&
	test_line_count = 0 others
'

test_expect_success 'status --unit of an unknown unit fails naming it' '
	test_must_fail cutover status --unit nobody >out 2>err &&
	test_one_error err "nobody"
'

test_expect_success 'plan --unit lists only that unit'\''s tasks' '
	cutover plan --unit so-tai-chinh rb/mini.lua >out &&
	sed -n "/^20[0-9][0-9]-/p" out >tasks &&
	test_line_count = 10 tasks &&
	{ grep -v " [a-z-]*@so-tai-chinh[ #]" tasks >others || :; } &&
	test_line_count = 0 others &&
	test_grep "^10 tasks$" out
'

test_expect_success PYTHON3 'plan --json --unit: every task belongs to the unit' '
	cutover --json plan --unit dai-son rb/mini.lua >out.json &&
	test_json out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert len(d) == 9 and all(t[\"unit\"] == \"dai-son\" for t in d), d
"
'

test_expect_success 'plan --section lists only that section' '
	cutover plan --section s2 rb/mini.lua >out &&
	sed -n "/^20[0-9][0-9]-/p" out >tasks &&
	test_line_count = 1 tasks &&
	test_grep "go@ttpvhcc" tasks
'

test_expect_success 'plan --unit of an unknown unit fails' '
	test_must_fail cutover plan --unit nobody rb/mini.lua >out 2>err &&
	test_one_error err "nobody"
'

test_expect_success 'next: nothing late before the first deadline' '
	cutover next >out &&
	test_grep "^late: 0 tasks" out &&
	test_grep "^due next: 41 open tasks" out
'

test_expect_success 'next: the tasks past their deadline at CUTOVER_NOW are late' '
	CUTOVER_NOW="2026-05-29 17:00" cutover next >out &&
	test_grep "^late: 3 tasks" out &&
	sed -n "/^late:/,/^$/p" out >late &&
	test_grep "7h 00m late  *focal-point@dai-son " late &&
	test_grep "7h 00m late  *focal-point@so-tai-chinh " late &&
	test_grep "1h 00m late  *fees@so-tai-chinh " late &&
	test_grep -v "accounts@" late &&
	test_grep "in 1h 00m  *accounts@dai-son" out
'

test_expect_success 'next: a signed task is no longer late' '
	CUTOVER_NOW="2026-05-29 17:00" cutover sign --by An --evidence name=An \
		--evidence phone=0912345678 focal-point@dai-son >/dev/null &&
	CUTOVER_NOW="2026-05-29 17:00" cutover next >out &&
	test_grep "^late: 2 tasks" out &&
	test_grep -v "focal-point@dai-son" out
'

test_expect_success PYTHON3 'next --json parses and lists the late tasks' '
	CUTOVER_NOW="2026-05-29 17:00" cutover --json next >out.json &&
	test_json out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
keys = [t[\"key\"] for t in d[\"late\"]]
assert keys == [\"focal-point@so-tai-chinh\", \"fees@so-tai-chinh\"], keys
"
'

test_expect_success 'status --late at the same time' '
	CUTOVER_NOW="2026-05-29 17:00" cutover status --late >out &&
	test_grep "^1/41 done, 2 late" out &&
	test_grep "fees@so-tai-chinh" out
'

test_expect_success 'a second run becomes the current one; --run picks another' '
	cutover start --rehearsal --name second rb/mini.lua >out &&
	cutover status >out &&
	test_grep "^run second " out &&
	cutover --run drill status >out &&
	test_grep "^run drill " out &&
	test_must_fail cutover --run nope status >out 2>err &&
	test_one_error err "nope"
'

test_expect_success '--live on a runbook outside any git repository: no approved version' '
	db_snapshot before &&
	test_must_fail env CUTOVER_NOW= "$CUTOVER" start --live --name live1 rb/mini.lua >out 2>err &&
	test_one_error err "rb/mini.lua" "no git repository" "--unapproved" &&
	test_line_count = 1 err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '--live --unapproved outside git is refused without --allow-dirty' '
	db_snapshot before &&
	test_must_fail env CUTOVER_NOW= "$CUTOVER" start --live --unapproved --name live1 rb/mini.lua >out 2>err &&
	test_one_error err "rb/mini.lua" "--allow-dirty" &&
	test_line_count = 1 err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '--allow-dirty and --unapproved: bad usage alone or with a rehearsal' '
	test_expect_code 2 env CUTOVER_NOW= "$CUTOVER" start --live --allow-dirty rb/mini.lua >out 2>err &&
	test_one_error err "--allow-dirty needs --unapproved" &&
	test_expect_code 2 cutover start --rehearsal --unapproved rb/mini.lua >out 2>err &&
	test_one_error err "--unapproved is for --live"
'

test_expect_success '--live --unapproved --allow-dirty starts it, and records that it is dirty and unapproved' '
	CUTOVER_NOW= cutover start --live --unapproved --allow-dirty --name live1 rb/mini.lua >out &&
	test_grep "live1.*unapproved" out &&
	db_query "select mode, dirty, unapproved from runs where name = '\''live1'\''" >actual &&
	echo "live|1|1" >expect &&
	test_cmp expect actual
'

test_expect_success GIT 'start on a committed runbook records the commit and blob' '
	git init -q repo &&
	cp rb/mini.lua repo/ &&
	cp -r rb/units repo/units &&
	(
		cd repo &&
		git add . &&
		git commit -q -m "mini runbook"
	) &&
	git -C repo rev-parse HEAD >expect &&
	git -C repo rev-parse HEAD:mini.lua >expect-blob &&
	CUTOVER_NOW= cutover start --live --unapproved --name live2 repo/mini.lua >out &&
	test_grep "$(cut -c1-12 expect)" out &&
	db_query "select commit_id from runs where name = '\''live2'\''" >actual &&
	test_cmp expect actual &&
	db_query "select blob_id from runs where name = '\''live2'\''" >actual &&
	test_cmp expect-blob actual &&
	db_query "select dirty from runs where name = '\''live2'\''" >actual &&
	echo 0 >expect &&
	test_cmp expect actual
'

test_expect_success GIT 'start --live refuses an uncommitted change to the runbook' '
	echo "-- an edit" >>repo/mini.lua &&
	db_snapshot before &&
	test_must_fail env CUTOVER_NOW= "$CUTOVER" start --live --unapproved --name live3 repo/mini.lua >out 2>err &&
	test_one_error err "repo/mini.lua" "uncommitted" &&
	db_snapshot after &&
	test_cmp before after
'

# Fixed: the dirty check used to look at the runbook file alone, though
# the run also depends on, and stores, the unit registry and required
# modules.
test_expect_success GIT 'start --live refuses an uncommitted change to the registry' '
	git -C repo checkout -q mini.lua &&
	echo "# an edit" >>repo/units/mini.yaml &&
	db_snapshot before &&
	test_must_fail env CUTOVER_NOW= "$CUTOVER" start --live --unapproved --name live3 repo/mini.lua >out 2>err &&
	test_one_error err "repo/units/mini.yaml" "uncommitted" "--allow-dirty" &&
	db_snapshot after &&
	test_cmp before after &&
	CUTOVER_NOW= cutover start --live --unapproved --allow-dirty --name live3 repo/mini.lua >out &&
	test_grep "with uncommitted changes" out &&
	db_query "select dirty from runs where name = '\''live3'\''" >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	git -C repo checkout -q units/mini.yaml
'

test_expect_success GIT 'start --live refuses an untracked or edited required module' '
	mkdir repo/lib &&
	echo "return { owner = \"ttpvhcc\" }" >repo/lib/shared.lua &&
	{
		echo "local shared = require \"lib/shared\"" &&
		cat repo/mini.lua
	} >tmp && mv tmp repo/mini.lua &&
	git -C repo add mini.lua &&
	git -C repo commit -q -m "require a module, left untracked" &&
	test_must_fail env CUTOVER_NOW= "$CUTOVER" start --live --unapproved --name live4 repo/mini.lua >out 2>err &&
	test_one_error err "repo/lib/shared.lua" "uncommitted" &&
	git -C repo add lib/shared.lua &&
	git -C repo commit -q -m "the module" &&
	CUTOVER_NOW= cutover start --live --unapproved --name live4 repo/mini.lua >out &&
	echo "-- an edit" >>repo/lib/shared.lua &&
	test_must_fail env CUTOVER_NOW= "$CUTOVER" start --live --unapproved --name live5 repo/mini.lua >out 2>err &&
	test_one_error err "repo/lib/shared.lua" "uncommitted" &&
	git -C repo checkout -q lib/shared.lua
'

test_expect_success 'start without --by records $USER as the actor' '
	mkdir by && cd by &&
	cutover init >/dev/null &&
	cutover start --rehearsal "$TRASH_DIRECTORY/rb/mini.lua" >out &&
	db_query "select actor from events where kind = '\''start'\''" >actual &&
	echo "$USER" >expect &&
	test_cmp expect actual
'

# Pinned: a task is late once its deadline has passed, not at it (due <
# now), in status, next and the readiness report alike. focal-point is
# due at T-12h, 2026-05-29 10:00, for the department and the commune.
test_expect_success 'late is due < now: at the deadline nothing is late, a minute after it is' '
	mkdir pin-late && cd pin-late &&
	cutover init >/dev/null &&
	cutover start --rehearsal --name pin "$TRASH_DIRECTORY/rb/mini.lua" >/dev/null &&
	for when in "10:00 0" "10:01 2"
	do
		set -- $when &&
		CUTOVER_NOW="2026-05-29 $1" cutover status >status.$1 &&
		test_grep "^0/41 done, $2 late" status.$1 &&
		CUTOVER_NOW="2026-05-29 $1" cutover --json next >next.$1 &&
		CUTOVER_NOW="2026-05-29 $1" cutover report --lang en -o r.$1 readiness >/dev/null &&
		test_grep -x "| 0 | $2 | 0% | 0 | 41 |" r.$1 &&
		CUTOVER_NOW="2026-05-29 $1" cutover report --lang en -o u.$1 unit dai-son >/dev/null &&
		test_grep -x -- "- Progress: done 0/9 (0%), late $(($2 / 2)), blocked/failed 0" u.$1 ||
		return 1
	done &&
	test_grep "^{\"late\":\[\]," next.10:00 &&
	test_grep "^{\"late\":\[{\"key\":\"focal-point@dai-son\"" next.10:01 &&
	test_grep ! "| late |" r.10:00 &&
	test_grep "^| .* | late | Name a focal point | 2026-05-29 10:00 | " r.10:01
'

# The run's times are UTC plus the runbook's offset, whatever TZ says. With
# no tzdata every zone name would read as UTC and the outputs below would
# agree for nothing: the test needs the zones to be there (TZDATA).
test_expect_success TZDATA 'the process'\''s TZ is never read: the same times in three zones' '
	test "$(TZ=Asia/Ho_Chi_Minh date -d @1780000000 +%z)" = +0700 &&
	test "$(TZ=America/New_York date -d @1780000000 +%z)" = -0400 &&
	cd pin-late &&
	for zone in UTC Asia/Ho_Chi_Minh America/New_York
	do
		TZ=$zone CUTOVER_NOW="2026-05-29 10:01" cutover status >"status.$(echo $zone | tr / -)" &&
		TZ=$zone CUTOVER_NOW="2026-05-29 10:01" cutover --json next >"next.$(echo $zone | tr / -)" ||
		return 1
	done &&
	test_cmp status.UTC status.Asia-Ho_Chi_Minh &&
	test_cmp status.UTC status.America-New_York &&
	test_cmp next.UTC next.America-New_York &&
	test_grep "now 2026-05-29 10:01" status.America-New_York
'

test_done
