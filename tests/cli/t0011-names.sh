#!/bin/sh
test_description='units and sections by their names, with or without diacritics; did-you-mean for unit, section, step and task ids; unknown ids are errors'
. "$(dirname "$0")/lib.sh"

CUTOVER_NOW="2026-05-29 17:00"
export CUTOVER_NOW

test_expect_success 'setup: a rehearsal of the test runbook' '
	mini_workspace
'

# The keys of the tasks status --unit lists.
unit_keys () {
	cutover status --unit "$1" >out &&
	sed -n "s/^2026-[0-9-]* [0-9:]*  [a-z]*  *\([a-z0-9@#-]*\) .*/\1/p" out
}

test_expect_success 'status --unit: the id, the name with diacritics, without, in capitals' '
	unit_keys dai-son >by-id &&
	test_grep "^focal-point@dai-son$" by-id &&
	test_grep ! "ca-dai-son" by-id &&
	unit_keys "Đại Sơn" >actual && test_cmp by-id actual &&
	unit_keys "dai son" >actual && test_cmp by-id actual &&
	unit_keys "XÃ ĐẠI SƠN" >actual && test_cmp by-id actual &&
	unit_keys "xa dai son" >actual && test_cmp by-id actual
'

test_expect_success 'an ambiguous name lists the units it names, and exits 1' '
	test_expect_code 1 cutover status --unit "cong an" >out 2>err &&
	test_line_count = 0 out &&
	test_one_error err && test_grep "names several units in run .drill.: cong-an-tinh (Công an tỉnh), ca-dai-son (Công an xã Đại Sơn)" err
'

test_expect_success 'unknown units: an error with did-you-mean, never an empty success' '
	test_expect_code 1 cutover status --unit "dai-sonn" >out 2>err &&
	test_line_count = 0 out &&
	test_one_error err && test_grep "no unit .dai-sonn. in run .drill.; did you mean .dai-son.?" err &&
	test_expect_code 1 cutover status --unit nope 2>err &&
	test_one_error err && test_grep "no unit .nope. in run .drill.$" err &&
	test_expect_code 1 cutover next --unit nope 2>err &&
	test_one_error err && test_grep "no unit .nope. in run .drill." err &&
	test_expect_code 1 cutover blocked --unit nope 2>err &&
	test_one_error err && test_grep "no unit .nope." err &&
	test_expect_code 1 cutover import template --unit nope >out 2>err &&
	test_line_count = 0 out &&
	test_one_error err && test_grep "no unit .nope. in run .drill." err
'

test_expect_success 'next --unit by name: that unit'"'"'s tasks only' '
	cutover next --unit "Sở Tài Chính" --limit 0 >out &&
	test_grep "focal-point@so-tai-chinh" out &&
	test_grep ! "@dai-son" out &&
	test_grep ! "@ttpvhcc" out
'

test_expect_success 'plan --unit and --section by name; unknown ones are errors' '
	cutover plan --section s1 "$TEST_DATA/mini.lua" >by-id &&
	test_grep "^40 tasks$" by-id &&
	cutover plan --section "departments and communes" "$TEST_DATA/mini.lua" >actual &&
	test_cmp by-id actual &&
	cutover plan --unit "Đại Sơn" "$TEST_DATA/mini.lua" >out &&
	test_grep "focal-point@dai-son" out &&
	test_grep ! "@ca-dai-son" out &&
	test_expect_code 1 cutover plan --section nope "$TEST_DATA/mini.lua" >out 2>err &&
	test_line_count = 0 out &&
	test_one_error err && test_grep "no section .nope. in .*mini.lua" err &&
	test_expect_code 1 cutover plan --section s3 "$TEST_DATA/mini.lua" 2>err &&
	test_one_error err && test_grep "no section .s3. .*; did you mean one of .s1., .s2.?" err &&
	test_expect_code 1 cutover plan --unit "dai sonn" "$TEST_DATA/mini.lua" 2>err &&
	test_one_error err && test_grep "no unit .dai sonn. in .*mini.yaml; did you mean .dai-son.?" err
'

test_expect_success 'import template: --unit by name, --step with did-you-mean' '
	cutover import template --unit "Đại Sơn" --step focal-point >out &&
	test_grep "^focal-point@dai-son," out &&
	test_grep ! "^[a-z-]*@ca-dai-son," out &&
	test_expect_code 1 cutover import template --step focal-pont >out 2>err &&
	test_line_count = 0 out &&
	test_one_error err && test_grep "no step .focal-pont. in run .drill.; did you mean .focal-point.?" err
'

test_expect_success 'step: the / filter takes a name, and suggests an id' '
	printf "/ Đại Sơn\nq\n" | cutover step >out &&
	test_grep "^open task 1 of 9 " out &&
	printf "/ dai son\nq\n" | cutover step >out &&
	test_grep "^open task 1 of 9 " out &&
	printf "/ s3\nq\n" | cutover step >out 2>&1 &&
	test_grep "no unit or section .s3. in run .drill.; did you mean one of .s1., .s2.?" out
'

test_expect_success 'a task key names its unit by name too; an ambiguous one is refused' '
	cutover sign --by "Nguyễn Văn An" --evidence name=An --evidence "phone=0912 345 678" \
		"focal-point@Đại Sơn" >out &&
	test_grep "^signed focal-point@dai-son (event 2)" out &&
	cutover block --by An --reason "mất điện" "fees@so tai chinh" >out &&
	test_grep "marked fees@so-tai-chinh blocked" out &&
	db_snapshot before &&
	test_expect_code 1 cutover sign --by An --evidence name=An \
		"focal-point@cong an" 2>err &&
	test_one_error err && test_grep "names several units in run .drill.: cong-an-tinh" err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'did-you-mean for a task key' '
	test_expect_code 1 cutover sign --by An --evidence name=An focal-pont@dai-son 2>err &&
	test_one_error err && test_grep "no task .focal-pont@dai-son. in this run; did you mean .focal-point@dai-son.?" err
'

test_expect_success 'token, issue list and remind take a unit by its name too' '
	cutover token issue "dai son" --by An 2>err >token &&
	test_grep "^issued token [0-9a-f]* for dai-son (Xã Đại Sơn)" err &&
	cutover --json token list --unit "Đại Sơn" >out &&
	test_grep "\"unit\": *\"dai-son\"" out &&
	cutover issue list --unit "Đại Sơn" --to "dai son" >out &&
	cutover remind --unit "dai son" --dry-run >out 2>&1 &&
	test_grep "dai-son" out &&
	test_expect_code 1 cutover issue list --unit "dai sn" 2>err &&
	test_one_error err && test_grep "did you mean .dai-son.?" err &&
	test_expect_code 1 cutover remind --unit nope --dry-run 2>err &&
	test_one_error err
'

test_expect_success 'report unit and roster take names too' '
	cutover report unit "Đại Sơn" >out &&
	test_grep "^output/unit-dai-son-drill-" out &&
	test_expect_code 1 cutover report unit "dai sn" 2>err &&
	test_one_error err && test_grep "did you mean .dai-son.?" err &&
	test_expect_code 1 cutover roster list --unit "dai son" 2>err &&
	test_grep "unit .dai-son. owns no roster step" err &&
	test_expect_code 1 cutover roster gaps --unit "dai sn" 2>err &&
	test_one_error err && test_grep "did you mean .dai-son.?" err
'

test_done
