#!/bin/sh
test_description='upgrade keeps dependents honest: a reopened requirement flags the gate, a wider duty window reopens the desk'
. "$(dirname "$0")/lib.sh"
SQ="'"

gitc () {
	(
		cd repo &&
		git add -A &&
		git commit -q -m "$1"
	)
}

test_have_prereq GIT && test_set_prereq REPO

test_expect_success REPO 'setup: a rehearsal of v1, the gate decided go, the desk staffed' '
	git init -q repo &&
	cp "$TEST_DATA/gate.lua" repo/ &&
	cp -r "$TEST_DATA/units" repo/units &&
	gitc v1 &&
	cutover init >/dev/null &&
	cutover start --rehearsal --name r repo/gate.lua >/dev/null &&
	cutover sign --by An ready@dai-son >/dev/null &&
	cutover sign --by An ready@so-tai-chinh >/dev/null &&
	cutover sign --by An --evidence reviewed=1 --evidence fixed=0 check@dai-son >/dev/null &&
	cutover sign --by An --evidence reviewed=1 --evidence fixed=0 check@so-tai-chinh >/dev/null &&
	cutover gate decide --go --by Coord --evidence confirmed=yes go@ttpvhcc >/dev/null &&
	cutover roster add --unit dai-son --role truc --person "Ca 1" \
		--from "2026-05-29 20:00" --to "2026-05-30 22:00" --by VP >/dev/null &&
	cutover sign --by VP desk@dai-son >/dev/null
'

test_expect_success REPO 'an upgrade that reopens what the gate requires: the gate rests on it' '
	sed -e "s/evidence = { reviewed = \"int\", fixed = \"int\", note = \"text?\" },/evidence = { reviewed = \"int\", fixed = \"int\", kept = \"int?\", note = \"text?\" },/" \
		repo/gate.lua >tmp && mv tmp repo/gate.lua &&
	gitc "v2: check asks what was kept" &&
	cutover upgrade --to HEAD --unapproved --by Coord >out &&
	test_grep "^reopen   check@dai-son (done by An): step changed: evidence$" out &&
	test_grep "^reopen   check@so-tai-chinh (done by An): step changed: evidence$" out &&
	db_query "select state from tasks where key = '\''go@ttpvhcc'\''" >actual &&
	echo done >expect &&
	test_cmp expect actual &&
	cutover status >out &&
	test_grep "^  go@ttpvhcc  rests on check@dai-son, check@so-tai-chinh$" out &&
	cutover report readiness -o r.md >/dev/null &&
	test_grep "^| .go@ttpvhcc. Decide go or no-go | .* | check@dai-son, check@so-tai-chinh |$" r.md &&
	cutover reopen --cascade --by Coord --reason "phiên bản mới" check@dai-son >out &&
	test_grep "^reopened go@ttpvhcc, which rests on check@dai-son" out
'

test_expect_success REPO 'an upgrade whose duty window the shifts no longer cover reopens the desk, saying why' '
	sed -e "s/duty_window = { \"T-2h\", \"T+1d\" },/duty_window = { \"T-2h\", \"T+2d\" },/" \
		repo/gate.lua >tmp && mv tmp repo/gate.lua &&
	gitc "v3: a longer duty window" &&
	cutover upgrade --to HEAD --unapproved --dry-run >out &&
	test_grep "^reopen   desk@dai-son (done by VP): the ${SQ}truc${SQ} roster of dai-son no longer covers the duty window (duty window changed): no one on duty from 2026-05-30 22:00 to 2026-05-31 22:00$" out &&
	cutover upgrade --to HEAD --unapproved --by Coord >out &&
	db_query "select kind, comment from events where task_key = '\''desk@dai-son'\'' order by seq desc limit 1" >actual &&
	echo "reopened|upgrade to $(git -C repo rev-parse --short=7 HEAD): the ${SQ}truc${SQ} roster of dai-son no longer covers the duty window (duty window changed): no one on duty from 2026-05-30 22:00 to 2026-05-31 22:00" >expect &&
	test_cmp expect actual &&
	cutover verify >out
'

test_done
