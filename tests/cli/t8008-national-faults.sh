#!/bin/sh
test_description='national fetch: a rewrite, a tampered segment, a wrong key and a replayed checkpoint, each refused and never merged'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-publish.sh"

REF=$PUBLISHED_REF
TASK=step-002@p01-so-tai-chinh-1

test_expect_success 'setup: four provinces published and accepted' '
	province_runbook rb 3 &&
	mkdir ws &&
	for i in 1 2 3 4
	do
		git init -q --bare p$i.git &&
		province ws/p0$i p0$i rb &&
		if test $i = 1
		then
			cp -r ws/p01 p01.started
		fi &&
		(
			cd ws/p0$i &&
			"$CUTOVER" sign $TASK --by "Sở $i" &&
			"$CUTOVER" publish --key ../p0$i.key ../../p$i.git
		) >out || return 1
	done &&
	mkdir office &&
	(
		cd office && cutover init &&
		for i in 1 2 3 4
		do
			cutover national add p0$i ../p$i.git ../ws/p0$i.pub || exit 1
		done &&
		cutover national fetch
	) >out &&
	test_grep "^fetched: 4 runs verified, 0 refused" out &&
	cp office/.cutover/national/p01/national-2026/drill.db p01.accepted
'

# fetch_refused PROVINCE TEXT... : national fetch exits 1 and says, for
# PROVINCE only, that it refused what its remote holds, with each TEXT.
fetch_refused () {
	fr_province=$1
	shift
	(cd office && test_must_fail cutover national fetch 2>../err >../out) &&
	test_one_error err "cutover: $fr_province national-2026/drill: refused: " "$@" &&
	test_grep "^fetched: 3 runs verified, 1 refused" out
}

test_expect_success 'a forced rewrite on the remote: refused, the event named' '
	cp -r p01.started forger &&
	bare_remote forged &&
	(
		cd forger &&
		cutover sign $TASK --by "Someone else" &&
		cutover sign step-001@p01-so-tai-chinh-1 --by "Someone else" &&
		cutover publish --key ../ws/p01.key ../forged.git
	) >out &&
	git --git-dir=forged.git push -q -f "$TRASH_DIRECTORY/p1.git" $REF:$REF &&
	fetch_refused p01 "rewritten: event 2 is not the event accepted before (of 2 accepted); never merged" &&
	cmp p01.accepted office/.cutover/national/p01/national-2026/drill.db &&
	(cd office && cutover national list) >list &&
	test_grep "national-2026/drill: 2 events signed at 2026-05-28 12:00; refused at the last fetch: rewritten" list
'

test_expect_success 'the remote put back: accepted again, the refusal cleared' '
	(cd ws/p01 && test_must_fail cutover publish --key ../p01.key 2>"$TRASH_DIRECTORY/err") &&
	test_one_error err "holds 3 events, this ledger 2" &&
	git --git-dir=ws/p01/.cutover/publish.git push -q -f \
		"$TRASH_DIRECTORY/p1.git" $REF:$REF &&
	(cd office && cutover national fetch) >out &&
	test_grep "^fetched: 4 runs verified, 0 refused" out
'

test_expect_success 'a tampered segment: refused, the file named' '
	git clone -q p2.git tamper &&
	(
		cd tamper &&
		git checkout -q -b t origin/cutover/national-2026/drill &&
		sed -i "s/Sở 2/Sở 9/" ledger/0000000001.jsonl &&
		git commit -q -am "edited" &&
		git push -q -f origin HEAD:$REF
	) &&
	fetch_refused p02 "ledger/0000000001.jsonl: not the file SHA256SUMS lists" &&
	git --git-dir=ws/p02/.cutover/publish.git push -q -f \
		"$TRASH_DIRECTORY/p2.git" $REF:$REF
'

test_expect_success 'a publication signed by another key: refused' '
	cp -r ws/p03 impostor &&
	rm -rf impostor/.cutover/publish.git &&
	cutover key generate --key impostor.key p03 >/dev/null 2>&1 &&
	bare_remote impostor &&
	(
		cd impostor && cutover sign step-001@p01-so-tai-chinh-1 --by x &&
		cutover publish --key ../impostor.key ../impostor.git
	) >out &&
	git --git-dir=impostor.git push -q -f "$TRASH_DIRECTORY/p3.git" \
		$REF:$REF &&
	fetch_refused p03 "bad signature: no signature by p03+" &&
	git --git-dir=ws/p03/.cutover/publish.git push -q -f \
		"$TRASH_DIRECTORY/p3.git" $REF:$REF
'

test_expect_success 'an older checkpoint served again: refused as stale' '
	(
		cd ws/p04 &&
		cutover sign step-001@p01-so-tai-chinh-1 --by "Sở 4" &&
		cutover publish --key ../p04.key
	) >out &&
	(cd office && cutover national fetch) >out &&
	test_grep "^p04 national-2026/drill: accepted, 3 events" out &&
	git --git-dir=p4.git update-ref $REF $REF^ &&
	fetch_refused p04 "stale checkpoint: 2 events signed at" "older than the 3 events" "never merged"
'

test_expect_success 'a ref whose name is no run'"'"'s: not looked at, nothing made of its name' '
	git --git-dir=p2.git update-ref refs/heads/cutover/x/y/z $REF &&
	(cd office && test_must_fail cutover national fetch p02 2>../err >../out) &&
	test_one_error err "cutover: p02 x/y/z: refused: '"'"'x/y/z'"'"' is not the ref of a published run" &&
	! test -e office/.cutover/national/p02/x &&
	git --git-dir=p2.git update-ref -d refs/heads/cutover/x/y/z &&
	(cd office && cutover national fetch p02 && cutover national list) >out &&
	! test_grep "x/y/z: .*refused" out
'

test_expect_success 'the report says what was refused, and shows what was accepted' '
	(cd office && cutover report national --lang en -o ../national.md) >out &&
	test_grep "^## Refused, never merged" national.md &&
	test_grep "^| p04 | national-2026/drill | 2026-05-28 12:00 | stale checkpoint" national.md &&
	test_grep "^| p04 | drill | [0-9]* | 2 (" national.md &&
	test_grep "^| p04 | .* | refused at the last fetch |$" national.md
'

test_expect_success SQLITE3 'what the office remembers accepting, edited behind its back: nothing accepted' '
	db=office/.cutover/state.local.db &&
	test -f $db &&
	size=$(sqlite3 $db "SELECT size FROM province_logs WHERE province = '"'"'p03'"'"'") &&
	sqlite3 $db "UPDATE province_logs SET size = 1 WHERE province = '"'"'p03'"'"'" &&
	(cd office && test_must_fail cutover national fetch p03 2>../err >../out) &&
	test_one_error err "cutover: p03 national-2026/drill: refused: " "office/.cutover/state.local.db: what this office remembers accepting is not the checkpoint it accepted (edited?); nothing accepted until it is mended" &&
	sqlite3 $db "UPDATE province_logs SET size = $size WHERE province = '"'"'p03'"'"'" &&
	(cd office && cutover national fetch p03) >out &&
	test_grep "^fetched: 1 runs\{0,1\} verified, 0 refused" out
'

test_done
