#!/bin/sh
test_description='IANA time zones from the system'"'"'s tz database: dues across the night
daylight saving time starts in New York, the clock in the gap, durations in elapsed
time, the process'"'"'s TZ ignored, and runs from before zones (a fixed offset) as they were'
. "$(dirname "$0")/lib.sh"

US=$REPO_ROOT/tests/data/locale
export CUTOVER_NOW="2027-03-13 09:00"

test_expect_success TZDATA 'debug time: a day is a calendar day, an hour is an hour' '
	cutover debug time "T+1d" "2027-03-13 22:00" America/New_York >out &&
	echo "2027-03-14 22:00 -04:00" >expect &&
	test_cmp expect out &&
	cutover debug time "T+24h" "2027-03-13 22:00" America/New_York >out &&
	echo "2027-03-14 23:00 -04:00" >expect &&
	test_cmp expect out &&
	cutover debug time "2027-03-14 02:30" "2027-03-13 22:00" America/New_York >out &&
	echo "2027-03-14 03:30 -04:00" >expect &&
	test_cmp expect out &&
	cutover debug time "2027-11-07 01:30" "2027-03-13 22:00" America/New_York >out &&
	echo "2027-11-07 01:30 -04:00" >expect &&
	test_cmp expect out
'

test_expect_success TZDATA,PYTHON3 'plan: every due at its local time on both sides of the change' '
	cutover --json plan "$US/us.lua" >plan.json &&
	python3 -c "
import json, sys
due = {t[\"key\"]: t[\"due\"] for t in json.load(open(\"plan.json\"))}
want = {
  \"plant-check@plant-east#2027-03-13\": \"2027-03-13T09:00:00-05:00\",
  \"plant-check@plant-east#2027-03-14\": \"2027-03-14T09:00:00-04:00\",
  \"plant-check@plant-east#2027-03-15\": \"2027-03-15T09:00:00-04:00\",
  \"budget@plant-west\": \"2027-03-13T18:00:00-05:00\",
  \"first-orders@plant-east\": \"2027-03-14T05:00:00-04:00\",
  \"go-live@it-hub\": \"2027-03-14T22:00:00-04:00\",
}
bad = {k: (due.get(k), v) for k, v in want.items() if due.get(k) != v}
sys.exit(\"got, want: %r\" % bad if bad else 0)
"
'

test_expect_success TZDATA 'start: the run keeps its zone by name and its dues in UTC' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name us "$US/us.lua" >/dev/null &&
	echo "America/New_York|en|US|USD|iso|-300" >expect &&
	db_query "select timezone, lang, region, currency, date_order, offset_minutes from runs" >actual &&
	test_cmp expect actual &&
	cat >expect <<-\EOF &&
	plant-check@plant-east#2027-03-13|2027-03-13 14:00:00
	plant-check@plant-east#2027-03-14|2027-03-14 13:00:00
	go-live@it-hub|2027-03-15 02:00:00
	EOF
	db_query "select key, datetime(due, '"'"'unixepoch'"'"') from tasks
		  where key in ('"'"'plant-check@plant-east#2027-03-13'"'"',
		  '"'"'plant-check@plant-east#2027-03-14'"'"', '"'"'go-live@it-hub'"'"')
		  order by due" >actual &&
	test_cmp expect actual
'

test_expect_success TZDATA 'next in the hour before the change: durations are elapsed time' '
	CUTOVER_NOW="2027-03-14 01:30" cutover next --limit 0 >out &&
	test_grep "^now 2027-03-14 01:30, run us" out &&
	test_grep "^2027-03-14 05:00  2 hours 30 minutes left  *first-orders@plant-east " out &&
	test_grep "^2027-03-14 22:00  19 hours 30 minutes left  *go-live@it-hub " out
'

test_expect_success TZDATA 'CUTOVER_NOW in the gap is read forward: 02:30 is 03:30 EDT' '
	CUTOVER_NOW="2027-03-14 02:30" cutover status >out &&
	test_grep "^T0 2027-03-13 22:00, now 2027-03-14 03:30 · T0 passed 4 hours 30 minutes ago$" out
'

test_expect_success TZDATA 'reports say the zone, and EST or EDT beside every time' '
	CUTOVER_NOW="2027-03-14 10:00" cutover report readiness -o r.md >/dev/null &&
	test_grep -x -- "- Cutover instant (T0): 2027-03-13 22:00 EST (UTC-05:00, America/New_York)" r.md &&
	test_grep -x -- "- Report time: 2027-03-14 10:00 EDT (11 hours after T0)" r.md
'

test_expect_success TZDATA 'the process TZ changes nothing' '
	cutover next >a &&
	TZ=Asia/Tokyo cutover next >b &&
	test_cmp a b &&
	TZ=Asia/Tokyo cutover --json plan "$US/us.lua" >c &&
	cutover --json plan "$US/us.lua" >d &&
	test_cmp c d
'

test_expect_success TZDATA 'a zone the database no longer has: every command says so, none crashes' '
	mkdir empty &&
	TZDIR=$PWD/empty test_must_fail cutover status 2>err &&
	test_one_error err "us: time zone '"'"'America/New_York'"'"': no such zone in the tz database"
'

test_expect_success 'a run from before zones and labels: a fixed offset, Vietnamese, as it was' '
	mkdir old &&
	(
		cd old &&
		CUTOVER_NOW="2026-05-28 12:00" &&
		export CUTOVER_NOW &&
		mini_workspace &&
		db_query "update runs set timezone = null, lang = null,
			  region = null, currency = null, date_order = null;
			  delete from labels" &&
		cutover status >out &&
		test_grep "^T0 2026-05-29 22:00, now 2026-05-28 12:00 · 1 day 10 hours to T0$" out &&
		cutover report readiness -o r.md >/dev/null &&
		test_grep -x -- "- Thời điểm ngắt chuyển (T0): 29/05/2026 22:00 (UTC+07:00)" r.md &&
		cutover debug evidence date 30/05/2026 >out &&
		echo 2026-05-30 >expect &&
		test_cmp expect out
	)
'

test_done
