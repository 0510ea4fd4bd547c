#!/bin/sh
test_description='serve: the pages speak the runbook'\''s language unless serve --lang or a user chooses

An English runbook (tests/data/locale/us.lua) is served in English with
its own labels and durations in English words; a user who chooses
Vietnamese reads the engine'\''s words in Vietnamese around the runbook'\''s
labels, which it has only in English.'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

US=$REPO_ROOT/tests/data/locale
CUTOVER_NOW="2027-03-13 09:00"
export CUTOVER_NOW

test_expect_success TZDATA 'setup: a rehearsal of the US runbook, tokens' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name us "$US/us.lua" >out &&
	cutover token issue it-hub >hub.token 2>/dev/null &&
	cutover token issue --coordinator >coordinator.token 2>/dev/null
'

test_expect_success TZDATA,CURL 'without --lang, an English runbook'\''s pages are English, with its labels' '
	serve_start &&
	test "$(web_login hub.jar "$(cat hub.token)" "Pat")" = 303 &&
	web -b hub.jar "$SERVE_URL/t/freeze%40it-hub" >f.html &&
	test_grep "<html lang=\"en\">" f.html &&
	test_grep ">Frozen on" f.html &&
	test_grep ! ">frozen_on" f.html &&
	test_grep "R3: Freeze configuration changes" f.html &&
	web -b hub.jar "$SERVE_URL/u/it-hub/roster" >r.html &&
	test_grep "Help desk" r.html &&
	test_grep "<option value=\"helpdesk\">Help desk</option>" r.html &&
	test "$(web_login c.jar "$(cat coordinator.token)" "Lee")" = 303 &&
	web -b c.jar "$SERVE_URL/c" >c.html &&
	test_grep "hours* before T0" c.html
'

test_expect_success TZDATA,CURL 'a user who chooses Vietnamese reads the engine'\''s words in Vietnamese, the labels as the runbook has them' '
	web -b hub.jar -c hub.jar -o /dev/null "$SERVE_URL/lang/vi?to=/" &&
	web -b hub.jar "$SERVE_URL/t/freeze%40it-hub" >v.html &&
	test_grep "<html lang=\"vi\">" v.html &&
	test_grep ">Frozen on" v.html &&
	web -b c.jar -c c.jar -o /dev/null "$SERVE_URL/lang/vi?to=/" &&
	web -b c.jar "$SERVE_URL/c" >cv.html &&
	test_grep "giờ trước T0" cv.html
'

test_expect_success TZDATA,CURL 'serve --lang vi makes Vietnamese the default for an English runbook' '
	serve_stop &&
	serve_start --lang vi &&
	test "$(web_login hub2.jar "$(cat hub.token)" "Pat")" = 303 &&
	web -b hub2.jar "$SERVE_URL/t/freeze%40it-hub" >v2.html &&
	test_grep "<html lang=\"vi\">" v2.html &&
	serve_stop
'

test_done
