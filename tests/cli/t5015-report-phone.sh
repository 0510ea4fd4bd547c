#!/bin/sh
test_description='report pages on a phone: nothing to scroll sideways for

The readiness, daily and unit pages of the report scenario, loaded by
headless Chromium at 390 and 360 CSS pixels (scripts/render-screens): no
page is wider than the screen, no table cell reaches past it, and the
readiness report'"'"'s blocked column is within it. Skipped without
Chromium (Debian: chromium).
'
. "$(dirname "$0")/lib.sh"
. "$REPO_ROOT/tests/data/report/lib.sh"

# render-screens drives Chromium from Python.
if test_have_prereq PYTHON3
then
	for b in chromium chromium-browser google-chrome-stable google-chrome
	do
		command -v "$b" >/dev/null 2>&1 && test_set_prereq CHROMIUM
	done
fi

test_expect_success 'setup: the scenario and its pages' '
	report_scenario ws &&
	(cd ws && CUTOVER_NOW=$REPORT_NOW &&
	 export CUTOVER_NOW &&
	 cutover report --format html -o ../readiness.vi.html readiness >/dev/null &&
	 cutover report --lang en --format html -o ../readiness.en.html readiness >/dev/null &&
	 cutover report --format html -o ../daily.vi.html daily >/dev/null &&
	 cutover report --format html -o ../unit.vi.html unit dai-son >/dev/null)
'

test_expect_success CHROMIUM 'at 390 and 360 px the blocked column is on screen and nothing scrolls sideways' '
	"$REPO_ROOT/scripts/render-screens" --width 390 --width 360 \
		--column "Bị chặn/không đạt" readiness.vi.html >out 2>err &&
	test_grep "readiness.vi-390.png (390 x .*: no sideways scrolling" out &&
	test_grep "readiness.vi-360.png (360 x .*: no sideways scrolling" out &&
	test_line_count = 0 err &&
	test -s readiness.vi-390.png && test -s readiness.vi-390-top.png &&
	"$REPO_ROOT/scripts/render-screens" --width 390 \
		--column "Blocked/failed" readiness.en.html >out 2>err &&
	test_grep "no sideways scrolling" out &&
	"$REPO_ROOT/scripts/render-screens" --width 390 daily.vi.html unit.vi.html >out 2>err &&
	test_grep "daily.vi-390.png.*no sideways scrolling" out &&
	test_grep "unit.vi-390.png.*no sideways scrolling" out
'

test_expect_success CHROMIUM 'the check fails on a page whose table is wider than the screen' '
	sed "s|</style>|table{min-width:60rem}</style>|" readiness.vi.html >wide.html &&
	test_must_fail "$REPO_ROOT/scripts/render-screens" --width 390 \
		--column "Bị chặn/không đạt" wide.html >out 2>err &&
	test_grep "column .Bị chặn/không đạt. ends at" err &&
	test_must_fail "$REPO_ROOT/scripts/render-screens" --width 390 \
		--column "No such column" readiness.vi.html >out 2>err &&
	test_grep "no column .No such column. on the page" err
'

test_expect_success CHROMIUM 'a desk screen sees the tables as tables' '
	"$REPO_ROOT/scripts/render-screens" --width 1280 readiness.vi.html >out 2>err &&
	test_grep "readiness.vi-1280.png (1280 x" out &&
	test -s readiness.vi-1280.png
'

test_done
