#!/bin/sh
test_description='roster: add, list, gaps, remove, import; roster steps signed only when covered'
. "$(dirname "$0")/lib.sh"

# The roster test runbook (tests/data/roster/duty.lua): duty window
# 29/05 20:00 to 30/05 22:00 (+07:00); so-tai-chinh and dai-son keep
# truc-su-co and truc-ho-tro, vien-thong truc-ky-thuat, ttpvhcc none.
ROSTER_DATA=$REPO_ROOT/tests/data/roster

# nothing_written : the database is as db_snapshot left it in 'before'.
nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

# refused TEXT... -- ARGS... : `cutover ARGS` exits 1 with one error line
# holding each TEXT, and writes nothing.
refused () {
	refused_texts_=
	while test "$1" != "--"
	do
		refused_texts_="$refused_texts_ \"$1\""
		shift
	done
	shift
	db_snapshot before &&
	test_expect_code 1 cutover "$@" >out 2>err &&
	eval "test_one_error err $refused_texts_" &&
	test_line_count = 1 err &&
	nothing_written
}

# roster_workspace DIR : a workspace in DIR with a rehearsal 'drill' of
# the roster test runbook.
roster_workspace () {
	mkdir -p "$1" &&
	(
		cd "$1" &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name drill "$ROSTER_DATA/duty.lua" >/dev/null
	)
}

test_expect_success 'setup: a rehearsal of the roster test runbook' '
	roster_workspace .
'

test_expect_success 'roster --help works outside a workspace' '
	(cd / && cutover roster --help) >out &&
	test_grep "^usage: cutover roster add --unit UNIT" out &&
	test_grep "cutover roster gaps \[--unit UNIT\] \[--exit-code\] \[--json\]" out &&
	(cd / && cutover roster gaps --help) >out2 &&
	test_grep "^usage: cutover roster gaps \[--unit UNIT\] \[--exit-code\]" out2 &&
	test_grep "^  --exit-code  *exit 1 when any gap remains" out2 &&
	(cd / && cutover help roster gaps) >out3 &&
	test_cmp out2 out3
'

test_expect_success 'gaps on an empty roster: every duty, the whole window' '
	cutover roster gaps >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^duty window 2026-05-29 20:00 to 2026-05-30 22:00 (+07:00)" out &&
	test_grep "^so-tai-chinh  truc-ho-tro  *no shift, 1 day 2 hours uncovered" out &&
	test_grep "^dai-son  *truc-su-co  *no shift" out &&
	test_grep "^vien-thong  *truc-ky-thuat  *no shift" out &&
	test_grep -v "ttpvhcc" out &&
	test $(grep -c "no one on duty from 2026-05-29 20:00 to 2026-05-30 22:00" out) = 5 &&
	test_grep "^0 of 5 duties covered$" out
'

test_expect_success 'gaps --exit-code: exit 1 while gaps remain, no error line' '
	test_expect_code 1 cutover roster gaps --exit-code >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^0 of 5 duties covered$" out
'

test_expect_success 'add: a night shift across midnight, one event, phone normalised' '
	event_count >before &&
	cutover roster add --unit dai-son --role truc-su-co \
		--person "Nguyễn Văn An" --phone "+84 912 345 678" \
		--from "2026-05-29 20:00" --to "T+1d 08:00" --by "Điều phối" >out 2>err &&
	test_line_count = 0 err &&
	echo "added shift 1: Nguyễn Văn An on duty as '\''truc-su-co'\'' for dai-son from 2026-05-29 20:00 to 2026-05-30 08:00" >expect &&
	test_cmp expect out &&
	echo $(( $(cat before) + 1 )) >expect &&
	event_count >actual &&
	test_cmp expect actual &&
	db_query "select kind, actor, unit_id from events order by seq desc limit 1" >actual &&
	echo "shift-added|Điều phối|dai-son" >expect &&
	test_cmp expect actual &&
	db_query "select phone from shifts where id = 1" >actual &&
	echo 0912345678 >expect &&
	test_cmp expect actual
'

test_expect_success 'add the same shift again: already on the roster, nothing recorded' '
	db_snapshot before &&
	cutover roster add --unit dai-son --role truc-su-co \
		--person "Nguyễn Văn An" --from T-2h --to "2026-05-30 08:00" \
		--by Other >out 2>err &&
	echo "already on the roster (shift 1); nothing recorded" >expect &&
	test_cmp expect out &&
	nothing_written
'

test_expect_success 'list: the shift in local time' '
	cutover roster list >out 2>err &&
	test_line_count = 0 err &&
	test_line_count = 2 out &&
	test_grep "^   id  unit  *role  *person  *phone  *from  *to$" out &&
	test_grep "^    1  dai-son  truc-su-co  Nguyễn Văn An  0912345678  2026-05-29 20:00  2026-05-30 08:00$" out
'

test_expect_success 'list --unit and --role filter; a filter naming no duty is refused' '
	cutover roster list --unit so-tai-chinh >out &&
	echo "no shift on the roster matches" >expect &&
	test_cmp expect out &&
	cutover roster list --unit dai-son --role truc-su-co >out &&
	test_grep "Nguyễn Văn An" out &&
	test_expect_code 1 cutover roster list --unit ttpvhcc >out 2>err &&
	test_one_error err "unit '\''ttpvhcc'\'' owns no roster step" &&
	test_expect_code 1 cutover roster list --role truc-nope >out 2>err &&
	test_one_error err "role '\''truc-nope'\''" "truc-ho-tro, truc-su-co, truc-ky-thuat"
'

test_expect_success 'a roster step is not signed while gaps remain; stderr lists them' '
	db_snapshot before &&
	test_expect_code 1 cutover sign --by An --evidence lead=An \
		incident-desk@dai-son >out 2>err &&
	test_one_error err "'\''truc-su-co'\'' roster of dai-son leaves 1 gap" &&
	test_grep "^  - no one on duty as '\''truc-su-co'\'' from 2026-05-30 08:00 to 2026-05-30 22:00$" err &&
	nothing_written
'

test_expect_success 'an adjacent day shift closes the gap: covered, and the step signs' '
	cutover roster add --unit dai-son --role truc-su-co \
		--person "Trần Thị Bình" --from "T+1d 08:00" --to "T+1d" \
		--by "Điều phối" >out &&
	test_grep "^added shift 2: .* from 2026-05-30 08:00 to 2026-05-30 22:00$" out &&
	cutover roster gaps --unit dai-son >out &&
	test_grep "^dai-son  truc-su-co   covered by 2 shifts$" out &&
	test_grep "^1 of 2 duties covered$" out &&
	cutover sign --by An --evidence lead=An incident-desk@dai-son >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^signed incident-desk@dai-son" out
'

test_expect_success 'add: a role the unit has no roster step for is refused, naming its roles' '
	refused "--role: unit '\''dai-son'\'' has no roster step for role '\''truc-ky-thuat'\''" \
		"its roles: truc-ho-tro, truc-su-co" -- \
		roster add --unit dai-son --role truc-ky-thuat --person An \
		--from T-2h --to T+1d --by An &&
	refused "unit '\''ttpvhcc'\'' owns no roster step" -- \
		roster add --unit ttpvhcc --role truc-su-co --person An \
		--from T-2h --to T+1d --by An &&
	refused "no unit '\''dai-sonn'\'' in run '\''drill'\''; did you mean '\''dai-son'\''?" -- \
		roster add --unit dai-sonn --role truc-su-co --person An \
		--from T-2h --to T+1d --by An
'

test_expect_success 'add: bad times, a reversed or outside shift, a bad phone are refused' '
	refused "--from: cannot parse '\''29-05-2026 20h'\''" -- \
		roster add --unit dai-son --role truc-ho-tro --person An \
		--from "29-05-2026 20h" --to T+1d --by An &&
	refused "--to: the shift must end after it starts (2026-05-30 08:00 to 2026-05-29 20:00)" -- \
		roster add --unit dai-son --role truc-ho-tro --person An \
		--from "2026-05-30 08:00" --to "2026-05-29 20:00" --by An &&
	refused "--to: the shift must end after it starts" -- \
		roster add --unit dai-son --role truc-ho-tro --person An \
		--from T --to T --by An &&
	refused "--to: the shift ends at 2025-05-30 08:00, before the duty window starts (2026-05-29 20:00)" -- \
		roster add --unit dai-son --role truc-ho-tro --person An \
		--from "2025-05-29 20:00" --to "2025-05-30 08:00" --by An &&
	refused "--from: the shift starts at 2026-05-30 22:00, after the duty window ends" -- \
		roster add --unit dai-son --role truc-ho-tro --person An \
		--from T+1d --to T+2d --by An &&
	refused "--phone: '\''0912'\'' is not a phone number" -- \
		roster add --unit dai-son --role truc-ho-tro --person An \
		--phone 0912 --from T-2h --to T+1d --by An &&
	refused "--person" -- \
		roster add --unit dai-son --role truc-ho-tro --person "  " \
		--from T-2h --to T+1d --by An
'

test_expect_success 'bad usage exits 2 and writes nothing' '
	db_snapshot before &&
	test_expect_code 2 cutover roster >out 2>err &&
	test_one_error err "roster needs a subcommand" &&
	test_expect_code 2 cutover roster swap >out 2>err &&
	test_one_error err "'\''swap'\'' is not a roster subcommand" &&
	test_expect_code 2 cutover roster add --unit dai-son --role truc-ho-tro \
		--person An --from T-2h --to T+1d >out 2>err &&
	test_one_error err "--by NAME" &&
	test_expect_code 2 cutover roster add --unit dai-son --colour red >out 2>err &&
	test_one_error err "unknown option '\''--colour'\''" &&
	test_expect_code 2 cutover roster remove 1 --by An >out 2>err &&
	test_one_error err "--reason TEXT" &&
	test_expect_code 2 cutover roster remove one --by An --reason x >out 2>err &&
	test_one_error err "'\''one'\'' is not a shift number" &&
	test_expect_code 2 cutover roster import --by An >out 2>err &&
	test_one_error err "'\''roster import'\'' needs FILE" &&
	nothing_written
'

test_expect_success 'remove: the shift leaves the roster, the ledger keeps the reason' '
	cutover roster add --unit so-tai-chinh --role truc-ho-tro --person Cường \
		--from T-2h --to T+1d --by An >out &&
	test_grep "^added shift 3:" out &&
	cutover roster remove 3 --by An --reason "wrong unit" >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^removed shift 3: Cường on duty as '\''truc-ho-tro'\'' for so-tai-chinh" out &&
	db_query "select kind, actor, comment from events order by seq desc limit 1" >actual &&
	echo "shift-removed|An|wrong unit" >expect &&
	test_cmp expect actual &&
	cutover roster list --unit so-tai-chinh >out &&
	echo "no shift on the roster matches" >expect &&
	test_cmp expect out &&
	refused "no shift 3 on the roster of run '\''drill'\''" -- \
		roster remove 3 --by An --reason again
'

test_expect_success 'import YAML: every shift added, T-relative times resolved' '
	roster_workspace imp &&
	(
		cd imp &&
		event_count >before &&
		cutover roster import --by "Điều phối" "$ROSTER_DATA/good.yaml" >out 2>err &&
		test_line_count = 0 err &&
		echo "imported $ROSTER_DATA/good.yaml: 3 added, 0 already on the roster" >expect &&
		test_cmp expect out &&
		echo $(( $(cat before) + 3 )) >expect &&
		event_count >actual &&
		test_cmp expect actual &&
		cutover roster list --unit dai-son >out &&
		test_grep "Nguyễn Văn An  0912345678  2026-05-29 20:00  2026-05-30 08:00$" out &&
		test_grep "Trần Thị Bình  0987654321  2026-05-30 08:00  2026-05-30 22:00$" out &&
		cutover roster list --unit so-tai-chinh >out &&
		test_grep "Lê Văn Cường  -  *2026-05-29 20:00  2026-05-30 10:00$" out
	)
'

test_expect_success 're-importing the same file adds nothing' '
	(
		cd imp &&
		db_snapshot before &&
		cutover roster import --by Other "$ROSTER_DATA/good.yaml" >out 2>err &&
		echo "imported $ROSTER_DATA/good.yaml: 0 added, 3 already on the roster" >expect &&
		test_cmp expect out &&
		nothing_written
	)
'

test_expect_success 'import CSV: the support desk covered; --exit-code 0 for dai-son' '
	(
		cd imp &&
		cutover roster import --by "Điều phối" "$ROSTER_DATA/good.csv" >out &&
		echo "imported $ROSTER_DATA/good.csv: 2 added, 0 already on the roster" >expect &&
		test_cmp expect out &&
		cutover roster list --role truc-ho-tro >out &&
		test_grep "Hoàng Văn Em, tổ 2" out &&
		cutover roster gaps --unit dai-son --exit-code >out &&
		test_grep "^2 of 2 duties covered$" out &&
		cutover sign --by An support-desk@dai-son >out &&
		test_grep "^signed support-desk@dai-son" out &&
		cutover roster import --by Other "$ROSTER_DATA/good.csv" >out &&
		test_grep ": 0 added, 2 already on the roster$" out
	)
'

# bad_import FILE TEXT : importing FILE exits 1 naming FILE:TEXT, changes
# nothing.
bad_import () {
	refused "$ROSTER_DATA/$1:$2" -- roster import --by An "$ROSTER_DATA/$1"
}

test_expect_success 'malformed YAML files name file:line:field and change nothing' '
	(
		cd imp &&
		bad_import bad-time.yaml "10: field '\''from'\'': cannot parse '\''30/05/2026 8h'\''" &&
		bad_import bad-missing.yaml "7: field '\''to'\'': missing" &&
		bad_import bad-nested.yaml "4: field '\''person'\'': must be a string, not a mapping" &&
		bad_import bad-unknown-field.yaml "6: unknown field '\''untill'\'' in a shift" &&
		bad_import bad-alias.yaml "8:5: aliases are not allowed" &&
		bad_import bad-syntax.yaml "4:4: malformed YAML: " &&
		bad_import bad-role.yaml "8: field '\''role'\'': unit '\''dai-son'\'' has no roster step for role '\''truc-ky-thuat'\''" &&
		bad_import bad-order.yaml "6: field '\''to'\'': the shift must end after it starts"
	)
'

test_expect_success 'malformed CSV files name file:line:field and change nothing' '
	(
		cd imp &&
		bad_import bad-unit.csv "3: field '\''unit'\'': no unit '\''dai-sonn'\''" &&
		bad_import bad-phone.csv "3: field '\''phone'\'': '\''0912'\'' is not a phone number" &&
		bad_import bad-header.csv "1: unknown column '\''until'\''" &&
		bad_import bad-empty-person.csv "4: field '\''person'\'': is empty"
	)
'

test_expect_success 'import: a missing file, an unknown format, an empty roster' '
	(
		cd imp &&
		refused "cannot read '\''nope.yaml'\''" -- roster import --by An nope.yaml &&
		cp "$ROSTER_DATA/good.csv" shifts.txt &&
		refused "shifts.txt: cannot tell the format" -- roster import --by An shifts.txt &&
		printf "shifts: []\n" >empty.yaml &&
		refused "empty.yaml: no shift in the file" -- roster import --by An empty.yaml
	)
'

test_expect_success SQLITE3 'import: 600 shifts of one file in one transaction' '
	(
		cd imp &&
		{
			echo "unit,role,person,phone,from,to" &&
			i=0 &&
			while test $i -lt 600
			do
				echo "vien-thong,truc-ky-thuat,Kỹ thuật $i,0912000$(printf %03d $i),2026-05-29 20:00,2026-05-30 22:00" &&
				i=$((i + 1)) || return 1
			done
		} >many.csv &&
		event_count >before &&
		# One transaction: when the 600th shift cannot be written (a
		# trigger planted for the test refuses it), the 599 written
		# before it go too.
		db_query "CREATE TRIGGER refuse_600 BEFORE INSERT ON shifts
			WHEN NEW.person = '\''Kỹ thuật 599'\''
			BEGIN SELECT RAISE(ABORT, '\''refused by the test'\''); END" &&
		test_must_fail cutover roster import --by An many.csv >out 2>err &&
		test_grep "refused by the test" err &&
		event_count >actual &&
		test_cmp before actual &&
		db_query "SELECT count(*) FROM shifts WHERE person LIKE '\''Kỹ thuật %'\''" >actual &&
		echo 0 >expect &&
		test_cmp expect actual &&
		db_query "DROP TRIGGER refuse_600" &&
		cutover roster import --by An many.csv >out &&
		test_grep ": 600 added, 0 already on the roster$" out &&
		echo $(( $(cat before) + 600 )) >expect &&
		event_count >actual &&
		test_cmp expect actual &&
		cutover roster gaps --unit vien-thong >out &&
		test_grep "covered by 600 shifts" out
	)
'

test_expect_success PYTHON3 'list and gaps --json parse' '
	(
		cd imp &&
		cutover --json roster list >list.json &&
		test_json list.json &&
		test_grep "\"person\":\"Nguy" list.json &&
		cutover roster list --json --unit dai-son >list2.json &&
		test_json list2.json &&
		cutover --json roster gaps >gaps.json &&
		test_json gaps.json &&
		test_grep "\"total\":5" gaps.json &&
		cutover roster gaps --json --unit so-tai-chinh >gaps2.json &&
		test_json gaps2.json &&
		test_grep "\"gaps\":\[{\"from\":\"2026-05-30T10:00:00+07:00\",\"to\":\"2026-05-30T22:00:00+07:00\",\"seconds\":43200}\]" gaps2.json
	)
'

test_expect_success 'the bundled runbook: gaps --unit dai-son lists both of its roles' '
	mkdir bn &&
	(
		cd bn &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name bn "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
		cutover roster gaps --unit dai-son >out 2>err &&
		test_line_count = 0 err &&
		test_grep "^duty window 2026-05-29 20:00 to 2026-06-05 22:00 (Asia/Ho_Chi_Minh)$" out &&
		test_grep "^dai-son  Commune support desk    no shift, 7 days 2 hours uncovered$" out &&
		test_grep "^dai-son  Incident-response desk  no shift, 7 days 2 hours uncovered$" out &&
		test_grep "^0 of 2 duties covered$" out &&
		cutover roster add --unit vien-thong-bac-ninh --role truc-ky-thuat \
			--person "Kỹ thuật VNPT" --from T-2h --to T+7d --by An >out &&
		cutover roster gaps --unit vien-thong-bac-ninh --exit-code >out &&
		test_grep "^1 of 1 duty covered$" out
	)
'

test_expect_success 'list: wide and combining characters measured in columns' '
	roster_workspace wide &&
	(
		cd wide &&
		cutover roster add --unit dai-son --role truc-su-co \
			--person "王小明王小明" --from T-2h --to T+1d --by An >/dev/null &&
		cutover roster add --unit dai-son --role truc-ho-tro \
			--person "$(printf "Nguye\314\202\314\203n")" \
			--from T-2h --to T+1d --by An >/dev/null &&
		cutover roster list >out &&
		test_grep "  王小明王小明  -  " out &&
		test_grep "  $(printf "Nguye\314\202\314\203n")        -  " out
	)
'

test_done
