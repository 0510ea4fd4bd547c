#!/bin/sh
test_description='the README tour: every command runs and prints what the README shows'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-smtp.sh"

command -v bash >/dev/null 2>&1 && test_set_prereq BASH
command -v python3 >/dev/null 2>&1 && test_set_prereq PYTHON3

# The tour as a reader runs it, with what a test must change: the binary
# under test instead of build/, a trash folder instead of /tmp/tour, a
# mail server started here instead of the example one, an SMS script
# that prints what it gets.  `make` (the binary is built), `man
# cutover` (after make install: t0005 checks it) and `cutover serve`
# (it serves until stopped: t7001 starts and stops it) are left out.
test_expect_success BASH,PYTHON3,AIOSMTPD,TZDATA,GIT 'the tour runs, each command printing the lines the README shows' '
	smtpd_start &&
	printf "#!/bin/sh\ncat >/dev/null\necho \"SMS to \$CUTOVER_TO\"\n" >sms-hook &&
	chmod +x sms-hook &&
	unset CUTOVER_NOW &&
	python3 "$TEST_DIRECTORY/readme-tour.py" "$REPO_ROOT/README.md" \
		"$REPO_ROOT" "$TRASH_DIRECTORY" \
		--subst "export PATH=\$PWD/build:" "export PATH=$(dirname "$CUTOVER"):" \
		--subst /tmp/tour "$TRASH_DIRECTORY/tour" \
		--subst smtp://mail.example.gov.vn:587 "$CUTOVER_SMTP_URL" \
		--subst ./sms-hook "$TRASH_DIRECTORY/sms-hook" \
		--skip make --skip "man cutover" --skip "cutover serve" \
		>report 2>&1 ||
	{ cat report; false; } &&
	cat report &&
	test_grep "^[1-9][0-9]* commands of the README run, 0 printed something else" report
'

test_expect_success BASH,PYTHON3,AIOSMTPD,TZDATA,GIT 'the tour sent its mail to the server started here' '
	test "$(mail_count)" -gt 0
'

test_done
