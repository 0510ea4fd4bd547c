#!/bin/sh
test_description='the runbook language and locale: lang, region, currency, date_order,
timezone, labels { } and labels inline, attributes of units and where { }; check says
what a runbook lacks'
. "$(dirname "$0")/lib.sh"

US=$REPO_ROOT/tests/data/locale

# rb NAME BODY : a runbook NAME.lua beside the US registry, whose
# runbook { } holds the common fields and BODY's first line's fields.
rb () {
	mkdir -p rb/units &&
	cp "$US/units/us.yaml" rb/units/ &&
	{
		printf 'runbook { id = "r", title = "R", t0 = "2027-03-13 22:00",\n'
		printf '  units = "units/us.yaml", %s }\n' "$2"
		printf 'section { id = "s", title = "S" }\n'
		printf 'step { id = "a", title = "A", owners = "it-hub", due = "T",\n'
		printf '  evidence = { name = "text" } }\n'
		cat
	} >"rb/$1.lua"
}

test_expect_success TZDATA 'the US runbook: its locale, its labels whole, every item with its title' '
	cutover check "$US/us.lua" >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^language en, region US, currency USD, dates YYYY-MM-DD, zone America/New_York$" out &&
	test_grep "^T0: 2027-03-13 22:00 -05:00 America/New_York$" out &&
	test_grep "^units: 5 (Office 1, Department 1, Plant 2, Vendor 1)$" out &&
	test_grep "^roster: Help desk (helpdesk, step helpdesk)$" out &&
	test_grep "^  systems: ERP system (erp), Plant network (network)$" out &&
	test_grep "^  R2     Approve the cutover budget: budget$" out &&
	test_grep "^  R4     Daily plant check during hypercare: plant-check$" out &&
	test_grep -v "labels missing" out &&
	test_grep "^ok$" out
'

test_expect_success TZDATA,PYTHON3 'check --json: the locale, and no label missing or unused' '
	cutover --json check "$US/us.lua" >out.json &&
	test_json out.json &&
	python3 -c "
import json, sys
d = json.load(open(\"out.json\"))
want = {\"lang\": \"en\", \"region\": \"US\", \"currency\": \"USD\",
        \"date_order\": \"iso\", \"timezone\": \"America/New_York\"}
bad = {k: d.get(k) for k in want if d.get(k) != want[k]}
sys.exit(\"locale: %r\" % bad if bad else
         \"missing: %r\" % d[\"labels_missing\"] if d[\"labels_missing\"] else
         \"unused: %r\" % d[\"labels_unused\"] if d[\"labels_unused\"] else 0)
"
'

test_expect_success 'the bundled runbook: Vietnamese and English labels, none missing' '
	cutover check "$RUNBOOKS/bac-ninh.lua" >out &&
	test_grep "^language vi, region VN, currency VND, dates DD/MM/YYYY, zone Asia/Ho_Chi_Minh$" out &&
	test_grep -v "labels missing" out &&
	test_grep "^  D1.8   Daily report before 16:00: daily-report$" out &&
	env -u LC_ALL LANG=vi_VN.UTF-8 "$CUTOVER" check "$RUNBOOKS/bac-ninh.lua" >out.vi &&
	test_grep "^  D1.8   Báo cáo hằng ngày trước 16h: daily-report$" out.vi &&
	test_grep "^lịch trực: Trực ứng phó sự cố (truc-su-co, bước incident-desk)$" out.vi
'

test_expect_success 'a runbook without a locale is read as Bắc Ninh'"'"'s: vi, VN, VND, day first, +07:00' '
	cutover check "$TEST_DATA/mini.lua" >out &&
	test_grep "^language vi, region VN, currency VND, dates DD/MM/YYYY, zone +07:00$" out
'

test_expect_success 'labels missing in a language the runbook uses are listed by kind' '
	rb missing "lang = \"en\", region = \"US\"" <<-\EOF &&
	labels { fields = { name = { en = "Name", vi = "Họ tên" } } }
	step { id = "b", title = "B", owners = "it-hub", due = "T", roster = "desk",
	  evidence = { phone = { type = "phone", label = { en = "Phone" } } } }
	EOF
	sed -i "s/units = \"units\/us.yaml\",/units = \"units\/us.yaml\", duty_window = { \"T\", \"T+1d\" },/" rb/missing.lua &&
	cutover check rb/missing.lua >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^labels missing in en:$" out &&
	test_grep "^  role: desk$" out &&
	test_grep "^labels missing in vi:$" out &&
	test_grep "^  field: phone$" out &&
	test_grep "^  kind: office, department, plant, vendor$" out &&
	test_grep "^ok$" out
'

test_expect_success 'a label for nothing the runbook uses is said, not an error' '
	rb unused "lang = \"en\", region = \"US\"" <<-\EOF &&
	labels { roles = { ["hepldesk"] = "Help desk" }, fields = { nmae = "Name" } }
	EOF
	cutover check rb/unused.lua >out &&
	test_grep "^labels of nothing the runbook uses: role .hepldesk., field .nmae.$" out
'

# bad NAME FIELDS LUA TEXT... : runbook { FIELDS } then LUA fails with one
# error line holding each TEXT.
bad () {
	name=$1 fields=$2 lua=$3
	shift 3
	printf "%s\n" "$lua" | rb "$name" "$fields" &&
	test_must_fail cutover check "rb/$name.lua" >out 2>err &&
	test_one_error err "$@"
}

test_expect_success 'bad locale declarations: one error naming the file, line and field' '
	bad region "region = \"XX\"" "" "rb/region.lua:1:" "field '"'"'region'"'"'" \
		"unknown region '"'"'XX'"'"' (known: FR, US, VN)" &&
	bad lang "lang = \"fr\"" "" "field '"'"'lang'"'"'" "reports are written in vi or en" &&
	bad currency "region = \"US\", currency = \"XYZ\"" "" "field '"'"'currency'"'"'" \
		"unknown currency '"'"'XYZ'"'"' (known: EUR, USD, VND)" &&
	bad order "date_order = \"ymd\"" "" "field '"'"'date_order'"'"'" "expected iso, dmy or mdy" &&
	bad zone "timezone = \"Mars/Olympus\"" "" "field '"'"'timezone'"'"'" \
		"time zone '"'"'Mars/Olympus'"'"'" &&
	bad escape "timezone = \"../../etc/passwd\"" "" "field '"'"'timezone'"'"'" \
		"expected an offset like +07:00 or a zone like Asia/Ho_Chi_Minh"
'

test_expect_success 'bad labels: twice, a language that is no code, not a string, an unknown term' '
	bad twice "lang = \"en\"" "labels { fields = { name = \"A\" } } labels { fields = { name = \"B\" } }" \
		"rb/twice.lua:6:" "labels" "'"'"'name'"'"': labelled twice in '"'"'en'"'"'" &&
	bad code "" "labels { fields = { name = { VI = \"Tên\" } } }" \
		"ISO 639 codes like vi or en" &&
	bad notstring "" "labels { roles = { x = 5 } }" "field '"'"'roles'"'"'" "expected a label" &&
	bad term "" "labels { terms = { chapter = \"Chương\" } }" "unknown term '"'"'chapter'"'"' (source or item)" &&
	bad field "" "step { id = \"b\", title = \"B\", owners = \"it-hub\", due = \"T\", evidence = { x = { type = \"int\", negative = true } } }" \
		"step '"'"'b'"'"'" "'"'"'x'"'"': negative is for money" &&
	bad nofield "" "step { id = \"b\", title = \"B\", owners = \"it-hub\", due = \"T\", evidence = { x = { label = \"X\" } } }" \
		"'"'"'x'"'"': type is required"
'

test_expect_success 'where { }: units by the registry'"'"'s attributes, or refused' '
	rb where "" <<-\EOF &&
	step { id = "b", title = "B", due = "T", owners = where { region = "east" } }
	step { id = "c", title = "C", due = "T", owners = where { kind = "plant", shifts = { "1", "2" } } }
	EOF
	cutover plan --unit plant-east rb/where.lua >out &&
	test_grep "b@plant-east" out &&
	cutover plan rb/where.lua >out &&
	test_grep -v "b@plant-west" out &&
	test_grep "c@plant-west" out &&
	test_grep -v "c@plant-east" out &&
	bad where2 "" "step { id = \"b\", title = \"B\", due = \"T\", owners = where { [\"Bad Name\"] = \"x\" } }" \
		"field '"'"'owners'"'"'" "attribute name" &&
	bad where3 "" "step { id = \"b\", title = \"B\", due = \"T\", owners = where { region = \"north\" } }" \
		"selects no unit"
'

test_expect_success 'attributes: a bad name or a duplicate names the file, line and field' '
	mkdir -p reg &&
	printf "units:\n  - {id: a, name: A, kind: k, attributes: {Region: x}}\n" >reg/units.yaml &&
	printf "runbook { id = \"r\", title = \"R\", t0 = \"2027-03-13 22:00\", units = \"units.yaml\" }\n" >reg/r.lua &&
	test_must_fail cutover check reg/r.lua 2>err &&
	test_one_error err "reg/units.yaml:2:" "'"'"'Region'"'"' is not a valid attribute name" &&
	printf "units:\n  - {id: a, name: A, kind: k, attributes: {x: 1, x: 2}}\n" >reg/units.yaml &&
	test_must_fail cutover check reg/r.lua 2>err &&
	test_one_error err "duplicate attribute '"'"'x'"'"'"
'

test_done
