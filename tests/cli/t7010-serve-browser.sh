#!/bin/sh
test_description='serve in a real browser: a commune officer on a phone (Debian chromium, headless, playwright-core) signs, attaches, blocks, reports and registers a shift; the coordinator sees each change; another commune cannot act; the ledger verifies'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

CUTOVER_NOW='2026-05-29 09:00'
export CUTOVER_NOW
WEB=$REPO_ROOT/tests/web
SHOTS=$REPO_ROOT/output/web

# What the browser test needs, and why it cannot run when it cannot:
# scripts/install-deps brings all of it (chromium, npm ci in tests/web).
browser_missing=
if ! test_have_prereq CURL
then
	browser_missing="curl"
elif ! command -v node >/dev/null 2>&1 ||
	! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'
then
	browser_missing="Node.js 20 or later"
elif ! test -f "$WEB/node_modules/playwright-core/package.json" ||
	! test -f "$WEB/node_modules/axe-core/axe.min.js"
then
	browser_missing="tests/web/node_modules (scripts/install-deps runs npm ci there)"
elif ! command -v chromium >/dev/null 2>&1
then
	browser_missing="Debian's chromium"
elif ! timeout 120 chromium --headless --no-sandbox --disable-gpu \
	--user-data-dir="$TRASH_DIRECTORY/probe" --dump-dom about:blank \
	>/dev/null 2>&1
then
	browser_missing="a chromium that runs headless here"
fi
test -z "$browser_missing" && test_set_prereq BROWSER

# Under CI scripts/install-deps has run: a browser test that cannot run is
# a failure there, not a skip.
if test -n "${CI:-}" && test -n "$browser_missing"
then
	test_expect_success 'under CI the browser test can run' '
		echo >&4 "missing: $browser_missing" && false
	'
fi

test_expect_success BROWSER 'setup: the Bắc Ninh rehearsal, the guidance a focal point waits on, a link for Đại Sơn, tokens for Chũ and the coordinator' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill "$RUNBOOKS/bac-ninh.lua" >/dev/null &&
	cutover sign focal-guidance@trung-tam-phuc-vu-hanh-chinh-cong-tinh \
		--by "Nguyễn Thu Hà" --evidence reference="Hướng dẫn 15/HD-TTPVHCC" >/dev/null &&
	cutover token issue dai-son --link >dai-son.out 2>/dev/null &&
	cutover token issue chu >chu.token 2>/dev/null &&
	cutover token issue --coordinator >coordinator.token 2>/dev/null &&
	sqlite3 .cutover/state.db "select count(*) from events" >events.before &&
	serve_start --access-log access.log
'

test_expect_success BROWSER 'the scenario in chromium at 360x800, in Vietnamese' '
	rm -rf "$SHOTS" &&
	BASE=$SERVE_URL LINK_PATH=$(sed -n "2s|^http://[^/]*||p" dai-son.out) \
	CHU_TOKEN=$(cat chu.token) COORD_TOKEN=$(cat coordinator.token) \
	SAMPLES=$RUNBOOKS/samples OUT=$SHOTS TMPDIR=$TRASH_DIRECTORY \
		timeout 600 node "$WEB/scenario.mjs" >scenario.out 2>&1 ||
		{ cat >&4 scenario.out; false; } &&
	test_grep "^ok - no console error on any page$" scenario.out &&
	test_grep "^ok - axe-core: no serious or critical violation$" scenario.out &&
	test_line_count = 14 scenario.out
'

test_expect_success BROWSER 'screenshots for the docs, and what a page weighs' '
	ls "$SHOTS"/*.png >shots &&
	test_line_count = 11 shots &&
	test -s "$SHOTS/page-weight.txt"
'

test_expect_success BROWSER 'each web action is one event of the unit'\''s token, logging in and out too; the refusals and the other commune recorded nothing but their logins' '
	serve_stop && test "$SERVE_STATUS" = 0 &&
	id=$(sed -n "1s/^cut_\([0-9a-f]*\)_.*/\1/p" dai-son.out) &&
	sqlite3 .cutover/state.db "select kind, coalesce(task_key, \"-\") from events
		where auth = \"unit:$id\" order by seq" >actual &&
	cat >expect <<-\EOF &&
	session-opened|-
	done|focal-point@dai-son
	done|account-review@dai-son
	blocked|fee-review@dai-son
	issue-raised|-
	shift-added|-
	session-closed|-
	EOF
	test_cmp expect actual &&
	sqlite3 .cutover/state.db "select count(*) from events" >events.after &&
	echo $(( $(cat events.before) + 7 + 2 )) >expect &&
	test_cmp expect events.after &&
	sqlite3 .cutover/state.db "select kind, actor from events
		where kind like \"session-%\" and auth <> \"unit:$id\" order by seq" >others &&
	cat >expect <<-\EOF &&
	session-opened|Nguyễn Thu Hà
	session-opened|Trần Văn Chũ
	EOF
	test_cmp expect others
'

test_expect_success BROWSER 'the ledger verifies after the browser run; no secret in the access log' '
	cutover verify >out &&
	test_grep "^ledger ok" out &&
	test_must_fail grep -F "$(sed -n 1p dai-son.out)" access.log &&
	test_must_fail grep -F "$(sed -n "2s|.*/l/||p" dai-son.out)" access.log &&
	test_must_fail grep -F "$(cat chu.token)" access.log
'

test_done
