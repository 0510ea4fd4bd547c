#!/bin/sh
test_description='config: the workspace settings read and written as git config -f does'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a workspace' '
	cutover init >/dev/null
'

test_expect_success 'an unset variable: nothing printed, exit 1' '
	test_expect_code 1 cutover config user.name >out 2>err &&
	test_line_count = 0 out &&
	test_line_count = 0 err
'

test_expect_success 'set, then read back, in the file git reads' '
	cutover config user.name "Nguyễn Thu Hà" &&
	cutover config user.name >out &&
	echo "Nguyễn Thu Hà" >expect &&
	test_cmp expect out &&
	git config -f .cutover/config user.name >out &&
	test_cmp expect out
'

test_expect_success 'a unit'"'"'s addresses: --add keeps each, --unset removes all' '
	cutover config --add unit.dai-son.email vp@daison.example.vn &&
	cutover config --add unit.dai-son.email ld@daison.example.vn &&
	cutover config unit.dai-son.email >out &&
	printf "vp@daison.example.vn\nld@daison.example.vn\n" >expect &&
	test_cmp expect out &&
	cutover --json config unit.dai-son.email >out.json &&
	test_json out.json &&
	test_grep "\\[\"vp@daison.example.vn\",\"ld@daison.example.vn\"\\]" out.json &&
	cutover config --unset unit.dai-son.email &&
	test_expect_code 1 cutover config unit.dai-son.email >out
'

test_expect_success '--list, with the password never shown' '
	CUTOVER_SMTP_PASSWORD= cutover config smtp.password "s3cr3t-pw" &&
	cutover config --list >out &&
	test_grep "^user.name=Nguyễn Thu Hà$" out &&
	test_grep "^smtp.password=(set)$" out &&
	test_grep ! "s3cr3t-pw" out &&
	# The file holding it is the owner'"'"'s alone.
	test "$(stat -c %a .cutover/config)" = 600
'

test_expect_success 'a mistyped name, a bad value, a misuse: refused, the file unchanged' '
	cp .cutover/config before &&
	test_expect_code 2 cutover config usr.name X >out 2>err &&
	test_one_error err "is no variable" "did you mean" "user.name" &&
	test_expect_code 2 cutover config --add unit.dai-son.email nope 2>err &&
	test_one_error err "not an e-mail address" &&
	test_expect_code 2 cutover config smtp.url "http://mail" 2>err &&
	test_one_error err "not an SMTP server" &&
	test_expect_code 2 cutover config --add user.name Y 2>err &&
	test_one_error err "has one value" &&
	test_expect_code 2 cutover config --list user.name 2>err &&
	test_expect_code 2 cutover config 2>err &&
	test_expect_code 1 cutover config --unset mail.from 2>err &&
	test_grep "was not set" err &&
	test_cmp before .cutover/config
'

test_expect_success 'outside a workspace: the usual refusal' '
	outside=$(mktemp -d "${TMPDIR:-/tmp}/cutover-outside.XXXXXX") &&
	(
		cd "$outside" &&
		test_expect_code 1 cutover config user.name X 2>err &&
		test_one_error err "not in a cutover workspace" &&
		! test -e .cutover
	) &&
	rm -rf "$outside"
'

test_done
