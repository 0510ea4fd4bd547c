#!/bin/sh
test_description='check: load, validate and summarise a runbook'
. "$(dirname "$0")/lib.sh"

ITEMS='D1.1 D1.2 D1.3 D1.4 D1.5 D1.6 D1.7 D1.8
D2.1 D2.2 D2.3 D3.1 D3.2 D4.1 D5.1 D5.2
D6.1 D6.2 D6.3 D6.4 D6.5 D6.6'

# remove_step STEP-ID < RUNBOOK > RUNBOOK: drops the `step { ... }` block
# whose first field is `id = "STEP-ID"` (the layout of the bundled runbook).
remove_step () {
	awk -v id="$1" '
		/^step \{$/ {
			buf = $0
			getline
			if (index($0, "id = \"" id "\"")) { skip = 1; next }
			print buf
		}
		skip && /^}$/ { skip = 0; next }
		!skip
	'
}

test_expect_success 'check passes on the bundled runbook' '
	cutover check "$RUNBOOKS/bac-ninh.lua" >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^runbook bn-dvcqg-2026" out &&
	test_grep "^ok$" out
'

test_expect_success 'check lists every directive item D1.1 ... D6.6 with its steps' '
	for item in $ITEMS
	do
		test_grep "^  $item  *[^ ]" out || return 1
	done &&
	test_grep "^directive items: 22$" out
'

test_expect_success 'check names the steps that mirror an item' '
	test_grep "^  D2.2  .*: vneid-support$" out &&
	test_grep "^  D6.6  .*: survey-prep, survey-meeting$" out
'

test_expect_success 'check works from another folder and with a relative path' '
	mkdir -p sub &&
	cd sub &&
	cp "$TEST_DATA/mini.lua" ../mini.lua &&
	cp -r "$TEST_DATA/units" ../units &&
	cutover check ../mini.lua >out 2>err &&
	test_grep "^ok$" out
'

test_expect_success PYTHON3 '--json check parses and holds every item' '
	cutover --json check "$RUNBOOKS/bac-ninh.lua" >out.json 2>err &&
	test_line_count = 0 err &&
	test_json out.json &&
	python3 -c "
import json, sys
d = json.load(open(\"out.json\"))
missing = [i for i in sys.argv[1:] if not d[\"items\"].get(i)]
sys.exit(\"missing: %s\" % missing if missing else 0)
" $ITEMS
'

test_expect_success 'check of the small test runbook lists its items' '
	cutover check "$TEST_DATA/mini.lua" >out &&
	test_grep "^  D1.3  *fees$" out &&
	test_grep "tasks: 41" out
'

test_expect_success 'a copy of the bundled runbook without vneid-support fails naming D2.2' '
	mkdir rb &&
	cp "$RUNBOOKS/bac-ninh.lua" rb/ &&
	cp -r "$RUNBOOKS/units" "$RUNBOOKS/lib" rb/ &&
	cutover check rb/bac-ninh.lua >out &&
	remove_step vneid-support <rb/bac-ninh.lua >rb/without.lua &&
	test_grep -v "vneid-support" rb/without.lua &&
	test_must_fail cutover check rb/without.lua >out 2>err &&
	test_one_error err "rb/without.lua" "D2.2" &&
	test_line_count = 1 err
'

test_expect_success PYTHON3 '--json check of that copy still parses and shows D2.2 empty' '
	test_must_fail cutover --json check rb/without.lua >out.json 2>err &&
	test_json out.json &&
	python3 -c "
import json, sys
d = json.load(open(\"out.json\"))
sys.exit(0 if d[\"items\"][\"D2.2\"] == [] else \"D2.2: %r\" % d[\"items\"][\"D2.2\"])
"
'

test_expect_success 'removing one of several steps of an item keeps check passing' '
	remove_step survey-meeting <rb/bac-ninh.lua >rb/fewer.lua &&
	cutover check rb/fewer.lua >out &&
	test_grep "^  D6.6  .*: survey-prep$" out
'

test_expect_success 'a small runbook whose item has no step fails naming it' '
	mkdir small &&
	cp -r "$TEST_DATA/units" small/units &&
	sed "/directive = \"D1.3\"/d" "$TEST_DATA/mini.lua" >small/mini.lua &&
	test_must_fail cutover check small/mini.lua >out 2>err &&
	test_one_error err "small/mini.lua" "D1.3" &&
	test_grep "D1.3 *(no step)" out
'

test_expect_success 'a step naming an item the runbook does not declare fails' '
	sed "s/directive = \"D1.3\"/directive = \"D9.9\"/" "$TEST_DATA/mini.lua" >small/d99.lua &&
	test_must_fail cutover check small/d99.lua >out 2>err &&
	test_one_error err "small/d99.lua:" "fees" "D9.9" &&
	test_line_count = 1 err
'

test_done
