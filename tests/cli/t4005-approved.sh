#!/bin/sh
test_description='approved versions only: a live run moves forward to what someone else approved, one live run at a time, reviewers with tokens'
. "$(dirname "$0")/lib.sh"
SQ="'"
# The live runs here take the system clock: a live run refuses CUTOVER_NOW.
CUTOVER_NOW=

nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

# gitc MESSAGE AUTHOR : commits everything in repo/ with the git CLI.
gitc () {
	(
		cd repo &&
		git add -A &&
		GIT_AUTHOR_NAME="$2" git commit -q -m "$1"
	)
}

# retitle TEXT : a change to the runbook's title.
retitle () {
	sed -e "s/^  title = \"Gate cutover.*\",/  title = \"Gate cutover $1\",/" \
		repo/gate.lua >tmp && mv tmp repo/gate.lua
}

short () {
	git -C repo rev-parse --short=7 "$1"
}

test_have_prereq GIT && test_set_prereq REPO

test_expect_success REPO 'setup: v1 by its author, approved by a reviewer, the live run on it' '
	git init -q repo &&
	cp "$TEST_DATA/gate.lua" repo/ &&
	cp -r "$TEST_DATA/units" repo/units &&
	gitc v1 "Chi Author" &&
	cutover approve HEAD repo/gate.lua --by "Em Reviewer" >out &&
	test_grep "as approved/gate-2026/1 by Em Reviewer" out &&
	cutover init >/dev/null &&
	cutover start --live --name live repo/gate.lua >out &&
	test_grep "approved/gate-2026/1$" out
'

test_expect_success REPO 'a second live run of the runbook is refused while the first is open' '
	db_snapshot before &&
	test_expect_code 1 cutover start --live --name live2 repo/gate.lua 2>err &&
	test_one_error err "live run ${SQ}live${SQ} of gate-2026 is still open" "cutover close live --by NAME" &&
	test_expect_code 1 cutover start --live --unapproved --name live3 repo/gate.lua 2>err &&
	test_one_error err "still open" &&
	nothing_written &&
	cutover start --rehearsal --name drill repo/gate.lua >out &&
	test_grep "^started rehearsal ${SQ}drill${SQ}" out
'

test_expect_success REPO 'upgrade of the live run to an unapproved commit is refused; the dry run shows why' '
	retitle "v2" && gitc v2 "Chi Author" &&
	db_snapshot before &&
	test_expect_code 1 cutover --run live upgrade --to HEAD 2>err &&
	test_one_error err "$(short HEAD) is not approved: a live run moves only to an approved version" &&
	test_expect_code 2 cutover --run live upgrade --to HEAD --unapproved 2>err &&
	test_one_error err "is live: it moves only to an approved version" &&
	cutover --run live upgrade --to HEAD --dry-run >out &&
	test_grep "^upgrade run ${SQ}live${SQ} from .* to $(short HEAD) (unapproved)$" out &&
	test_grep "^refused as it stands: $(short HEAD) is not approved" out &&
	nothing_written
'

test_expect_success REPO 'a rehearsal moves to an unapproved version only with --unapproved' '
	db_snapshot before &&
	test_expect_code 1 cutover --run drill upgrade --to HEAD 2>err &&
	test_one_error err "is not approved" "--unapproved to rehearse it" &&
	nothing_written &&
	cutover --run drill upgrade --to HEAD --unapproved >out &&
	test_grep "^upgraded: run ${SQ}drill${SQ}" out
'

test_expect_success REPO 'the author cannot approve; another does, and the live run moves' '
	test_expect_code 1 cutover approve HEAD repo/gate.lua --by "Chi Author" 2>err &&
	test_one_error err "Chi Author wrote commit" "someone else must approve" &&
	cutover approve HEAD repo/gate.lua --by "Em Reviewer" >out &&
	test_grep "as approved/gate-2026/2 by Em Reviewer" out &&
	cutover --run live upgrade --to HEAD --by Coord >out &&
	test_grep "^upgrade run ${SQ}live${SQ} from .* to $(short HEAD) (approved/gate-2026/2)$" out &&
	test_grep "^upgraded: run ${SQ}live${SQ}" out
'

test_expect_success REPO 'back to a version approved before the run'"'"'s own: refused' '
	db_snapshot before &&
	test_expect_code 1 cutover --run live upgrade --to approved/gate-2026/1 2>err &&
	test_one_error err "is approved as approved/gate-2026/1, not after the run${SQ}s own version (approved/gate-2026/2)" &&
	nothing_written
'

test_expect_success REPO 'a tag made by hand by the author is no approval' '
	retitle "v3" && gitc v3 "Chi Author" &&
	GIT_COMMITTER_NAME="Chi Author" git -C repo tag -a -m "self" \
		approved/gate-2026/3 HEAD &&
	db_snapshot before &&
	test_expect_code 1 cutover --run live upgrade --to HEAD 2>err &&
	test_one_error err "approved/gate-2026/3 does not count as an approval" "Chi Author wrote commit" &&
	nothing_written
'

test_expect_success REPO 'close: an event; closing again records nothing; a closed run takes no event' '
	cutover close --by Coord --reason "kết thúc trực 24/7" live >out &&
	test_grep "^closed run ${SQ}live${SQ} (event [0-9]*)$" out &&
	db_query "select kind, actor, comment from events order by seq desc limit 1" >actual &&
	echo "close|Coord|kết thúc trực 24/7" >expect &&
	test_cmp expect actual &&
	db_snapshot before &&
	cutover close --by Coord live >out &&
	test_grep "^run ${SQ}live${SQ} was closed already (event [0-9]*, by Coord at .*); nothing recorded$" out &&
	test_expect_code 1 cutover --run live sign --by An ready@dai-son 2>err &&
	test_one_error err "run ${SQ}live${SQ} was closed (event" "nothing recorded" &&
	test_expect_code 1 cutover --run live roster add --unit dai-son --role truc \
		--person X --from T-2h --to T --by X 2>err &&
	test_one_error err "was closed" &&
	test_expect_code 2 cutover close --by Coord 2>err &&
	test_one_error err "RUN" &&
	test_expect_code 1 cutover close --by Coord nope 2>err &&
	test_one_error err "no run named ${SQ}nope${SQ}" &&
	nothing_written &&
	cutover --run live status >out &&
	test_grep "^closed by Coord at .* (event [0-9]*): it takes no more events$" out &&
	cutover verify >out
'

test_expect_success REPO 'once the live run is closed, another may start, never on a self-approved tag' '
	db_snapshot before &&
	test_expect_code 1 cutover start --live --name live2 repo/gate.lua 2>err &&
	test_one_error err "approved/gate-2026/3 does not count as an approval" "Chi Author wrote commit" &&
	nothing_written &&
	git -C repo tag -d approved/gate-2026/3 >/dev/null &&
	cutover start --live --name live2 repo/gate.lua >out &&
	test_grep "^started live ${SQ}live2${SQ} .*approved/gate-2026/2$" out
'

test_expect_success REPO 'with tokens: reviewers get tokens of their own in the live run' '
	mkdir tok && (
		cd tok &&
		cutover init >/dev/null &&
		cutover start --live --require-tokens --name night ../repo/gate.lua >out &&
		tail -n 1 out >coordinator &&
		C="--token $(cat coordinator)" &&
		cutover token issue $C --reviewer "Em Reviewer" >em 2>/dev/null &&
		cutover token issue $C --reviewer "Giang Reviewer" >giang 2>/dev/null &&
		cutover token issue $C dai-son >unit 2>/dev/null &&
		cutover token list >list &&
		test_grep "(reviewer Em Reviewer)" list &&
		db_snapshot before &&
		test_must_fail cutover token issue $C --reviewer "$(printf "Em\033[2J")" 2>err &&
		test_one_error err "field ${SQ}reviewer${SQ}" "control character U+001B" &&
		nothing_written
	) &&
	retitle "v4" && gitc v4 "Chi Author"
'

test_expect_success REPO 'approval with no token, a unit token or another reviewer'"'"'s token is refused' '
	(
		cd tok &&
		db_snapshot before &&
		test_expect_code 1 cutover approve HEAD ../repo/gate.lua --by "Em Reviewer" 2>err &&
		test_one_error err "live run ${SQ}night${SQ} requires tokens" "reviewer${SQ}s token" &&
		test_expect_code 1 cutover approve HEAD ../repo/gate.lua --by "Em Reviewer" \
			--token "$(cat unit)" 2>err &&
		test_one_error err "is not a reviewer${SQ}s" &&
		test_expect_code 1 cutover approve HEAD ../repo/gate.lua --by "Em Reviewer" \
			--token "$(cat giang)" 2>err &&
		test_one_error err "is reviewer Giang Reviewer${SQ}s: it cannot approve as Em Reviewer" &&
		test_expect_code 1 cutover approve HEAD ../repo/gate.lua --by "Chi Author" \
			--token "$(cat em)" 2>err &&
		test_one_error err "cannot approve as Chi Author" &&
		db_snapshot after &&
		test_cmp before after
	) &&
	git -C repo tag -l "approved/*" >tags &&
	test_line_count = 2 tags
'

test_expect_success REPO 'approval with the reviewer'"'"'s own token: the tagger is the reviewer, the ledger records it' '
	(
		cd tok &&
		cutover approve HEAD ../repo/gate.lua --token "$(cat em)" >out &&
		test_grep "^approved $(cd .. && short HEAD) as approved/gate-2026/3 by Em Reviewer" out &&
		test_grep "^recorded in run ${SQ}night${SQ} (event [0-9]*), authenticated by reviewer:" out &&
		db_query "select kind, actor, auth like '\''reviewer:%'\'', json_extract(evidence, '\''$.tag'\'') from events order by seq desc limit 1" >actual &&
		echo "approve|Em Reviewer|1|approved/gate-2026/3" >expect &&
		test_cmp expect actual &&
		cutover verify >out &&
		db_snapshot before &&
		test_expect_code 1 cutover sign --by Em --token "$(cat em)" ready@dai-son 2>err &&
		test_one_error err "approves versions and nothing else" &&
		db_snapshot after &&
		test_cmp before after &&
		cutover upgrade --to HEAD --by Coord --token "$(cat coordinator)" >out &&
		test_grep "(approved/gate-2026/3)$" out
	) &&
	git -C repo for-each-ref --format="%(taggername)" refs/tags/approved/gate-2026/3 >actual &&
	echo "Em Reviewer" >expect &&
	test_cmp expect actual
'

test_expect_success REPO 'a tag approved where no run requires tokens does not move a run that does' '
	retitle "v5" && gitc v5 "Chi Author" &&
	mkdir elsewhere && (
		cd elsewhere &&
		cutover init >/dev/null &&
		cutover approve HEAD ../repo/gate.lua --by "Giang Reviewer" >out &&
		test_grep "as approved/gate-2026/4 by Giang Reviewer" out
	) &&
	(
		cd tok &&
		db_snapshot before &&
		test_expect_code 1 cutover upgrade --to HEAD --token "$(cat coordinator)" 2>err &&
		test_one_error err "approved/gate-2026/4 was not approved with a reviewer${SQ}s token in run ${SQ}night${SQ}" &&
		db_snapshot after &&
		test_cmp before after &&
		cutover approve HEAD ../repo/gate.lua --token "$(cat giang)" >out &&
		test_grep "is approved already as approved/gate-2026/4; recorded in run ${SQ}night${SQ}" out &&
		cutover upgrade --to HEAD --by Coord --token "$(cat coordinator)" >out &&
		test_grep "(approved/gate-2026/4)$" out &&
		cutover verify >out
	)
'

test_done
