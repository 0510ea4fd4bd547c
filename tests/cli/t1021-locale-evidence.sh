#!/bin/sh
test_description='evidence typed by the runbook'"'"'s region and currency: a US run takes
North American phone numbers (E.164 always), dollars and cents ("1.500" is $1.50,
never 1500), ISO dates only; a Vietnamese run keeps its own rules'
. "$(dirname "$0")/lib.sh"

US=$REPO_ROOT/tests/data/locale
export CUTOVER_NOW="2027-03-13 09:00"

test_expect_success TZDATA 'setup: a rehearsal of the US runbook' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name us "$US/us.lua" >out &&
	test_grep "^started rehearsal .us. of us-erp-2027: 16 tasks" out
'

# evidence KEY FIELD : the value the last event of task KEY recorded.
evidence () {
	db_query "select json_extract(evidence, '\$.$2') from events
		  where task_key = '$1' order by seq desc limit 1"
}

test_expect_success TZDATA 'phone: national forms of the region, E.164, kept in one form' '
	cutover sign contact@plant-east --by Ann --evidence name="Ann Lee" \
		--evidence phone="(217) 555-0101" >out &&
	echo 2175550101 >expect &&
	evidence contact@plant-east phone >actual &&
	test_cmp expect actual &&
	cutover sign contact@plant-west --by Bo --evidence name="Bo Chu" \
		--evidence phone="+1 309 555 0147" >out &&
	echo 3095550147 >expect &&
	evidence contact@plant-west phone >actual &&
	test_cmp expect actual &&
	cutover sign contact@finance --by Cy --evidence name="Cy Ho" \
		--evidence phone="+84 912 345 678" &&
	echo +84912345678 >expect &&
	evidence contact@finance phone >actual &&
	test_cmp expect actual
'

test_expect_success TZDATA 'phone: a Vietnamese national number is refused in a US run; nothing written' '
	cutover reopen contact@finance --by Cy --reason "wrong number" >/dev/null &&
	db_snapshot before &&
	test_must_fail cutover sign contact@finance --by Cy --evidence name="Cy Ho" \
		--evidence phone="0912345678" 2>err &&
	test_one_error err "field '"'"'phone'"'"'" "'"'"'0912345678'"'"' is not a phone number" \
		"expected 10 digits, e.g. (202) 555-0143" &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success TZDATA 'money: "1.500" in USD is $1.50, never 1500' '
	cutover sign budget@plant-east --by Ann --evidence approved=1.500 &&
	echo 1.50 >expect &&
	evidence budget@plant-east approved >actual &&
	test_cmp expect actual
'

test_expect_success TZDATA 'money: more decimals than cents, a negative not declared, VND marks: refused' '
	db_snapshot before &&
	test_must_fail cutover sign budget@plant-west --by Bo --evidence approved=1.505 2>err &&
	test_one_error err "'"'"'1.505'"'"' is not an amount (USD has 2 decimal places)" &&
	test_must_fail cutover sign budget@plant-west --by Bo --evidence approved=-5 2>err &&
	test_one_error err "money cannot be negative" &&
	test_must_fail cutover sign budget@plant-west --by Bo --evidence "approved=1.500 đ" 2>err &&
	test_one_error err "expected dollars and cents" &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success TZDATA 'money: a declared negative, and the check counts cents' '
	test_must_fail cutover sign budget@plant-west --by Bo \
		--evidence approved=20,000.01 2>err &&
	test_one_error err "refused the sign-off" &&
	test_grep "^  - over \$10000.00 per shift$" err &&
	cutover sign budget@plant-west --by Bo --evidence approved=\$20,000 \
		--evidence adjustment=-\$25.1 &&
	echo 20000.00 >expect &&
	evidence budget@plant-west approved >actual &&
	test_cmp expect actual &&
	echo -25.10 >expect &&
	evidence budget@plant-west adjustment >actual &&
	test_cmp expect actual
'

test_expect_success TZDATA 'date: ISO only, 03/12/2027 is ambiguous and refused' '
	test_must_fail cutover sign freeze@it-hub --by Dee --evidence frozen_on=03/12/2027 2>err &&
	test_one_error err "'"'"'03/12/2027'"'"' is not a date" "write YYYY-MM-DD" &&
	cutover sign freeze@it-hub --by Dee --evidence frozen_on=2027-03-12 &&
	echo 2027-03-12 >expect &&
	evidence freeze@it-hub frozen_on >actual &&
	test_cmp expect actual
'

test_expect_success TZDATA 'a roster phone follows the region too; report --date is ISO only' '
	cutover roster add --unit it-hub --role helpdesk --person "Eve Park" \
		--phone "217.555.0199" --from T-2h --to T+2d --by Dee >out &&
	test_grep "on duty as .Help desk. for it-hub" out &&
	echo 2175550199 >expect &&
	db_query "select phone from shifts" >actual &&
	test_cmp expect actual &&
	test_must_fail cutover report daily --date 03/13/2027 2>err &&
	test_one_error err "--date takes YYYY-MM-DD, not '"'"'03/13/2027'"'"'"
'

test_expect_success 'the same values by Vietnam'"'"'s rules: "1.500" is 1500 đ, 30/05/2026 a date' '
	cutover debug evidence money 1.500 >out &&
	echo 1500 >expect &&
	test_cmp expect out &&
	cutover debug evidence date 30/05/2026 >out &&
	echo 2026-05-30 >expect &&
	test_cmp expect out &&
	cutover debug evidence phone "0912 345 678" >out &&
	echo 0912345678 >expect &&
	test_cmp expect out &&
	cutover debug evidence money 1.500 US USD >out &&
	echo 1.50 >expect &&
	test_cmp expect out &&
	test_must_fail cutover debug evidence date 30/05/2026 US USD iso 2>err &&
	test_one_error err "ambiguous"
'

test_done
