#!/bin/sh
test_description='time the ledger can trust: each event records when it was entered by the system clock beside the time it claims; a live run takes no CUTOVER_NOW; verify flags an event entered out of order'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-ledger.sh"

# The tests never depend on what the system clock says: they read it
# before and after a command (date +%s) and check that what the ledger
# recorded lies between, however slow the machine.

# entered SEQ / claimed SEQ : events.entered / events.at of event SEQ.
entered () {
	db_query "select entered from events where seq = $1"
}
claimed () {
	db_query "select at from events where seq = $1"
}

# between LOW VALUE HIGH : LOW <= VALUE <= HIGH, said when not.
between () {
	test "$1" -le "$2" && test "$2" -le "$3" || {
		echo >&4 "$2 is not between $1 and $3"
		return 1
	}
}

test_expect_success 'a rehearsal: the time claimed is CUTOVER_NOW, the time entered the system clock' '
	cutover init >/dev/null &&
	before=$(date +%s) &&
	cutover start --rehearsal --name drill "$TEST_DATA/mini.lua" >/dev/null &&
	CUTOVER_NOW="2026-05-29 09:00" cutover sign --by An --evidence name=An \
		--evidence phone=0912345678 focal-point@dai-son >/dev/null &&
	after=$(date +%s) &&
	test "$(claimed 1)" = 1779944400 &&
	test "$(claimed 2)" = $(( 1779944400 + 21 * 3600 )) &&
	between $before "$(entered 1)" $after &&
	between "$(entered 1)" "$(entered 2)" $after &&
	cutover verify >out &&
	test_grep "^ledger ok: 2 events" out
'

test_expect_success 'setup: a live run, started by the system clock' '
	cp -r "$TEST_DATA/units" units &&
	cp "$TEST_DATA/mini.lua" mini.lua &&
	mkdir live && cd live &&
	cutover init >/dev/null &&
	before=$(date +%s) &&
	CUTOVER_NOW= cutover start --live --unapproved --allow-dirty --name night \
		../mini.lua >/dev/null &&
	after=$(date +%s) &&
	between $before "$(claimed 1)" $after &&
	between "$(claimed 1)" "$(entered 1)" $after
'

test_expect_success 'a live run refuses CUTOVER_NOW for everything it would record, nothing written' '
	cd live &&
	db_snapshot before &&
	for args in "sign --by An --evidence name=An --evidence phone=0912345678 focal-point@dai-son" \
		"skip --by An --reason later focal-point@so-tai-chinh" \
		"block --by An --reason waiting focal-point@dai-son" \
		"token issue --coordinator"
	do
		# shellcheck disable=SC2086
		test_must_fail env CUTOVER_NOW="2026-05-29 09:00" "$CUTOVER" $args \
			>out 2>err &&
		test_grep "run '\''night'\'' is live" err &&
		test_grep "CUTOVER_NOW is set" err || return 1
	done &&
	printf "task,by\ndaily-report@dai-son#2026-05-30,An\n" >back.csv &&
	test_must_fail env CUTOVER_NOW="2026-05-29 09:30" "$CUTOVER" import signoffs back.csv \
		>out 2>err &&
	test_grep "is live" err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'a live run read at a simulated clock says so first; a rehearsal does not' '
	cd live &&
	CUTOVER_NOW="2026-05-30 16:05" cutover status >out &&
	head -n 1 out >first &&
	test_grep "^simulated clock: 2026-05-30 16:05 (CUTOVER_NOW)" first &&
	test_grep "run '\''night'\'' is live" first &&
	CUTOVER_NOW="2026-05-30 16:05" cutover next >out &&
	test_grep "^simulated clock: 2026-05-30 16:05" out &&
	CUTOVER_NOW="2026-05-30 16:05" cutover --json next >out 2>err &&
	test_json out &&
	test_grep "^simulated clock" err &&
	CUTOVER_NOW="2026-05-30 16:05" cutover report --lang en -o r.md readiness >/dev/null &&
	head -n 1 r.md >first &&
	test_grep "^> \*\*Simulated clock (CUTOVER_NOW): as of 2026-05-30 16:05" first &&
	CUTOVER_NOW= cutover status >out &&
	test_grep ! "simulated clock" out &&
	cd .. &&
	cutover status >out &&
	test_grep ! "simulated clock" out
'

test_expect_success 'the live run records by the system clock; an import keeps the claimed time beside it' '
	cd live &&
	before=$(date +%s) &&
	CUTOVER_NOW= cutover sign --by An --evidence name=An \
		--evidence phone=0912345678 focal-point@dai-son >out &&
	after=$(date +%s) &&
	test_grep "(event 2)" out &&
	between $before "$(claimed 2)" $after &&
	between "$(claimed 2)" "$(entered 2)" $after &&
	claim=$(date +%s) &&
	printf "task,by,time\ndaily-report@so-tai-chinh#2026-05-30,Binh,%s\n" \
		"$(date -u -d "@$claim" "+%Y-%m-%d %H:%M:%SZ")" >claim.csv &&
	CUTOVER_NOW= cutover import signoffs claim.csv >out &&
	after=$(date +%s) &&
	test_grep "(event 3)" out &&
	test "$(claimed 3)" = $claim &&
	between $claim "$(entered 3)" $after &&
	CUTOVER_NOW= cutover verify >out &&
	test_grep "^ledger ok: 3 events" out
'

test_expect_success PYTHON3 'verify flags an event entered before the one before it' '
	cd live &&
	cp -r .cutover clean &&
	tamper "UPDATE events SET entered = entered - 3600 WHERE seq = 3" &&
	reseal &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "event 3: done event of run '\''night'\''" \
		"before event 2" "(table events)"
'

test_expect_success PYTHON3 'verify flags an event entered before its run started' '
	cd live &&
	rm -rf .cutover && cp -r clean .cutover &&
	tamper "UPDATE events SET entered = NULL WHERE seq = 2;
		UPDATE events SET entered = (SELECT entered - 7200 FROM events
			WHERE seq = 1) WHERE seq = 3" &&
	reseal &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "event 3:" "before its run started (event 1"
'

test_expect_success PYTHON3 'verify flags a live event that claims a time after it was entered' '
	cd live &&
	rm -rf .cutover && cp -r clean .cutover &&
	tamper "UPDATE events SET at = entered + 3600 WHERE seq = 2" &&
	reseal &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "event 2:" "later than it was entered" "in a live run"
'

test_expect_success PYTHON3 'an entry time edited without resealing breaks the chain' '
	cd live &&
	rm -rf .cutover && cp -r clean .cutover &&
	tamper "UPDATE events SET entered = entered + 1 WHERE seq = 2" &&
	test_expect_code 1 cutover verify >out 2>err &&
	test_one_error err "event 2: content does not match its hash"
'

# A ledger written before this version has no entry times and no sealed
# definition: it still verifies (its chain and copies are checked), and
# a sign-off appended to it now is entered and sealed as any other.
test_expect_success PYTHON3 'an older ledger, without entry times or a sealed definition, still verifies' '
	mkdir old && cd old &&
	cutover init >/dev/null &&
	cutover start --rehearsal --name old "$TEST_DATA/mini.lua" >/dev/null &&
	cutover sign --by An --evidence name=An --evidence phone=0912345678 \
		focal-point@dai-son >/dev/null &&
	tamper "UPDATE events SET entered = NULL, evidence = CASE kind
		WHEN '\''start'\'' THEN NULL ELSE evidence END" &&
	reseal &&
	db_query "select count(*) from events where entered is null" >n &&
	echo 2 >expect &&
	test_cmp expect n &&
	cutover verify >out &&
	test_grep "^ledger ok: 2 events" out &&
	cutover sign --by Binh --evidence name=Binh --evidence phone=0912345679 \
		focal-point@so-tai-chinh >/dev/null &&
	db_query "select entered is not null from events where seq = 3" >n &&
	echo 1 >expect &&
	test_cmp expect n &&
	cutover verify >out &&
	test_grep "^ledger ok: 3 events" out &&
	# What was never sealed stays unchecked (docs/trust.md says so).
	tamper "UPDATE tasks SET due = due + 60 WHERE key = '\''go@ttpvhcc'\''" &&
	cutover verify >out
'

test_done
