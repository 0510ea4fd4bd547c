#!/bin/sh
test_description='a US runbook'"'"'s reports: in English by default, not a word of
Vietnamese, its own terms ("change order", "requirement"), its labels, dollars and
cents as typed, and times in EST or EDT across the night the clocks change'
. "$(dirname "$0")/lib.sh"

US=$REPO_ROOT/tests/data/locale

test_expect_success TZDATA 'setup: a rehearsal across the change, every kind of report' '
	cutover init >/dev/null &&
	export CUTOVER_NOW="2027-03-13 09:00" &&
	cutover start --rehearsal --name us "$US/us.lua" >/dev/null &&
	cutover sign contact@plant-east --by "Ann Lee" --evidence name="Ann Lee" \
		--evidence phone="(217) 555-0101" >/dev/null &&
	cutover sign budget@plant-east --by Ann --evidence approved=1.500 >/dev/null &&
	cutover issue add --unit plant-west --system erp --severity major \
		--by "Bo Chu" "Orders stuck in staging" >/dev/null &&
	cutover roster add --unit it-hub --role helpdesk --person "Eve Park" \
		--phone 2175550199 --from T-2h --to T+1d --by Dee >/dev/null &&
	cutover block freeze@it-hub --by Dee --reason "Vendor patch pending" >/dev/null &&
	export CUTOVER_NOW="2027-03-14 10:30" &&
	cutover sign "plant-check@plant-east#2027-03-14" --by Ann --evidence ok=yes >/dev/null &&
	for kind in readiness daily "unit plant-east" contacts
	do
		# shellcheck disable=SC2086
		cutover report $kind >>paths || return 1
	done &&
	cutover issue list --format md >issues.md &&
	test_line_count = 4 paths
'

test_expect_success TZDATA 'English by default, and the file names carry no language' '
	cat >expect <<-\EOF &&
	output/readiness-us-2027-03-14.md
	output/daily-us-2027-03-14.md
	output/unit-plant-east-us-2027-03-14.md
	output/contacts-us-2027-03-14.md
	EOF
	test_cmp expect paths &&
	test_grep "^# Readiness report$" output/readiness-us-2027-03-14.md &&
	test_grep "^# Difficulties, compiled$" issues.md
'

test_expect_success TZDATA 'not a word of Vietnamese: no letter outside ASCII' '
	cat output/*.md issues.md >all.md &&
	# Typography the reports use: the middle dot, dashes, an ellipsis.
	sed -e "s/[·–—…−]//g" all.md >plain &&
	{ LC_ALL=C grep -n "[^ -~]" plain >found || :; } &&
	test_line_count = 0 found
'

test_expect_success TZDATA 'the runbook'"'"'s own terms and labels, never its ids' '
	f=output/readiness-us-2027-03-14.md &&
	test_grep -x -- "- Change order: Change order CO-2027-014" $f &&
	test_grep "^## Appendix A. By requirement$" $f &&
	test_grep "^| Requirement | Blocked/failed | Late |" $f &&
	test_grep "^| R2 — Approve the cutover budget |" $f &&
	test_grep "^| R4 — Daily plant check during hypercare |" $f &&
	test_grep "| Plant network \\|| ERP system | Major |" $f &&
	test_grep "| Help desk |" $f &&
	test_grep "^### Severity: Major$" issues.md &&
	test_grep "^## System: ERP system$" issues.md
'

test_expect_success TZDATA 'evidence as typed by the locale: $1.50 is 1.50, the phone its national form' '
	f=output/unit-plant-east-us-2027-03-14.md &&
	test_grep -x -- "  - Evidence: Contact name: Ann Lee; Desk phone: 2175550101" $f &&
	test_grep -x -- "  - Evidence: Approved budget: 1.50" $f &&
	test_grep -x -- "  - Evidence: All lines running: yes" $f &&
	! grep -n "1500" $f
'

test_expect_success TZDATA 'dues at their local time on both sides of the change, EST or EDT' '
	f=output/unit-plant-east-us-2027-03-14.md &&
	test_grep -x -- "  - Due: 2027-03-13 09:00 EST · Report to: IT Operations Center" $f &&
	test_grep -x -- "  - Due: 2027-03-14 09:00 EDT · Report to: IT Operations Center" $f &&
	test_grep -x -- "  - Due: 2027-03-15 09:00 EDT · Report to: IT Operations Center" $f &&
	test_grep -x -- "- Cutover instant (T0): 2027-03-13 22:00 EST (UTC-05:00, America/New_York)" $f &&
	test_grep -x -- "- Report time: 2027-03-14 10:30 EDT (11 hours 30 minutes after T0)" $f
'

test_expect_success TZDATA 'the daily report of the day the clocks changed' '
	f=output/daily-us-2027-03-14.md &&
	test_grep -x -- "- Report day: 2027-03-14" $f &&
	test_grep "2027-03-14 09:00 EDT" $f &&
	test_grep -F "| IT Operations Center | 1 | 1 | 0 | 2 | 2 | 1 |" $f
'

test_done
