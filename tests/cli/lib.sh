# tests/cli/lib.sh -- a small harness for the CLI tests, in the spirit of
# git's t/test-lib.sh. POSIX sh (dash or bash).
#
# A test script starts with
#
#	#!/bin/sh
#	test_description='what this script covers'
#	. "$(dirname "$0")/lib.sh"
#
# and then calls, any number of times,
#
#	test_expect_success 'title' '
#		command && command && ...
#	'
#	test_expect_success PREREQ 'title' '...'   (skipped unless PREREQ holds)
#
# and ends with test_done. Output is TAP: "ok N - title" or "not ok N - title";
# on failure the commands and everything they printed are shown on stderr as
# TAP comments. The script runs in a fresh trash directory (its working
# directory at each test's start), removed at exit unless a test failed.
#
# Environment given to every test:
#	$CUTOVER	the binary (default: build/cutover of this checkout)
#	$TEST_DATA	tests/data/cli, the small runbooks and registries
#	$RUNBOOKS	the repository's runbooks/ folder
#	$TRASH_DIRECTORY
#	CUTOVER_NOW, TZ=UTC, LC_ALL=C.UTF-8, NO_COLOR=1, HOME=trash;
#	nothing else of the caller's that changes what cutover
#	or a test does: no other CUTOVER_* variable (CUTOVER_TOKEN,
#	CUTOVER_DB, ...), no COLUMNS, LANGUAGE, LC_MESSAGES, XDG_*, PAGER,
#	EDITOR, UPDATE_GOLDEN (a script that writes its golden files takes
#	--update-golden as its argument instead).
#
# A test skipped for a missing prerequisite says so ("ok N # skip"), and
# is listed in $CUTOVER_TEST_SKIPS when it is set (make test counts them).
# With $CI set, a prerequisite that scripts/install-deps installs
# (CI_PREREQS below) is not a reason to skip: the test fails instead.
#
# Rules of the house: chain with &&; never pipe the tool's output into grep
# inside an assertion (the pipe hides its exit code): write it to a file,
# then test_grep the file.

# --- where we are ---------------------------------------------------------
TEST_DIRECTORY=$(cd "$(dirname "$0")" && pwd) || exit 1
TEST_NAME=$(basename "$0" .sh)
REPO_ROOT=$(cd "$TEST_DIRECTORY/../.." && pwd) || exit 1
TEST_DATA=$REPO_ROOT/tests/data/cli
RUNBOOKS=$REPO_ROOT/runbooks

: "${CUTOVER:=$REPO_ROOT/build/cutover}"
case $CUTOVER in
/*) ;;
*) CUTOVER=$(pwd)/$CUTOVER ;;
esac
if ! test -x "$CUTOVER"; then
	echo "Bail out! no cutover binary at $CUTOVER (run make first)"
	exit 1
fi
export CUTOVER TEST_DATA RUNBOOKS TEST_DIRECTORY

# --- a fixed environment (jq's tests/setup, git's test-lib) ---------------
# Whatever the caller exported that cutover or a test reads goes first:
# every CUTOVER_* variable but the binary and the leak check's wrapper
# (an exported CUTOVER_TOKEN would sign for every test), the terminal's
# width, the pager, the editor, the user's configuration, and the golden
# files' rewrite switch (exported, it made a failing comparison pass).
for test_var_ in $(env | sed -n 's/^\(CUTOVER_[A-Za-z0-9_]*\)=.*/\1/p')
do
	case $test_var_ in
	CUTOVER_VALGRIND | CUTOVER_TEST_SKIPS) ;;
	*) unset "$test_var_" ;;
	esac
done
unset COLUMNS LINES LANGUAGE LC_MESSAGES LC_TIME LC_CTYPE LC_NUMERIC \
	XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR PAGER \
	EDITOR VISUAL UPDATE_GOLDEN TMUX TMUX_PANE NO_COLOR MANPATH
CUTOVER_NOW='2026-05-28 12:00'	# T-1d 10h of the test runbooks: nothing due yet
TZ=UTC
LC_ALL=C.UTF-8
LANG=C.UTF-8
NO_COLOR=1
USER=tester
export CUTOVER_NOW TZ LC_ALL LANG NO_COLOR USER
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CEILING_DIRECTORIES
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME='A U Thor'
GIT_AUTHOR_EMAIL=author@example.com
GIT_COMMITTER_NAME='C O Mitter'
GIT_COMMITTER_EMAIL=committer@example.com
export GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

# --- the trash directory ----------------------------------------------------
TRASH_DIRECTORY=$(mktemp -d "${TMPDIR:-/tmp}/cutover-$TEST_NAME.XXXXXX") || {
	echo "Bail out! cannot create a trash directory"
	exit 1
}
TRASH_DIRECTORY=$(cd "$TRASH_DIRECTORY" && pwd -P)
HOME=$TRASH_DIRECTORY
export TRASH_DIRECTORY HOME

test_count=0
test_failure=0
test_skipped=0
test_done_called=

test_cleanup_ () {
	cd / || :
	if test -z "$test_done_called"; then
		echo "# $TEST_NAME: stopped before test_done; trash kept in $TRASH_DIRECTORY" >&2
	elif test "$test_failure" -ne 0; then
		echo "# $TEST_NAME: trash kept in $TRASH_DIRECTORY" >&2
	else
		rm -rf "$TRASH_DIRECTORY"
	fi
}
trap 'test_cleanup_' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$TRASH_DIRECTORY" || exit 1

# --- prerequisites ------------------------------------------------------------
test_prereqs_=' '
test_set_prereq () {
	test_prereqs_="$test_prereqs_$1 "
}
# test_have_prereq A[,B...] : every one of them holds.
test_have_prereq () {
	test_prereq_list_=$1
	while test -n "$test_prereq_list_"; do
		case $test_prereqs_ in
		*" ${test_prereq_list_%%,*} "*) ;;
		*) return 1 ;;
		esac
		case $test_prereq_list_ in
		*,*) test_prereq_list_=${test_prereq_list_#*,} ;;
		*) test_prereq_list_= ;;
		esac
	done
	return 0
}
# test_ci_missing_ A[,B...] : one of them is missing and install-deps
# brings it (CI_PREREQS).
test_ci_missing_ () {
	test_ci_list_=$1
	while test -n "$test_ci_list_"; do
		test_ci_one_=${test_ci_list_%%,*}
		if ! test_have_prereq "$test_ci_one_"; then
			case $CI_PREREQS in
			*[!A-Z_]"$test_ci_one_"[!A-Z_]*) return 0 ;;
			esac
		fi
		case $test_ci_list_ in
		*,*) test_ci_list_=${test_ci_list_#*,} ;;
		*) test_ci_list_= ;;
		esac
	done
	return 1
}
# The prerequisites scripts/install-deps brings (and those made of them):
# under CI a test that needs one and finds it missing fails.
CI_PREREQS=' PYTHON3 SQLITE3 GIT TIMEOUT TMUX BASH ZSH ZSH_TMUX GETTEXT GROFF
	MAN SCRIPT TZDATA HISTORY BUILD_TREE BUILD_TREE_MAN ROSTER_ISSUE
	CURL CURL_OPENSSL NGINX AIOSMTPD TLS_SMTPD SQLITE3_CURL SOFFICE '
command -v python3 >/dev/null 2>&1 && test_set_prereq PYTHON3
command -v sqlite3 >/dev/null 2>&1 && test_set_prereq SQLITE3
command -v git >/dev/null 2>&1 && test_set_prereq GIT
command -v timeout >/dev/null 2>&1 && test_set_prereq TIMEOUT
# LibreOffice, to open and save the spreadsheets units fill in.
command -v soffice >/dev/null 2>&1 && test_set_prereq SOFFICE
# The system's tz database, where runbooks' IANA zones are read from.
test -f "${TZDIR:-/usr/share/zoneinfo}/America/New_York" &&
	test -f "${TZDIR:-/usr/share/zoneinfo}/Asia/Ho_Chi_Minh" &&
	test_set_prereq TZDATA
# Under `make leakcheck` (CUTOVER_VALGRIND set) every cutover runs inside
# valgrind, 20 to 50 times slower: tests that race processes or time them
# (concurrency, kill -9, the watchdog) ask for NOT_VALGRIND.
test -z "${CUTOVER_VALGRIND:-}" && test_set_prereq NOT_VALGRIND

# --- running tests -------------------------------------------------------------
BUG () {
	echo "Bail out! bug in the test script: $*"
	exit 1
}

# Prefixes every line of a file with "# " on stderr (TAP comments).
test_comment_ () {
	sed -e 's/^/#	/' "$1" >&2
}

# The commands run through a function so that "|| return 1" in a loop ends
# the test, not test_expect_success.
test_eval_inner_ () {
	eval "$1"
}

test_expect_success () {
	test_prereq_=
	if test "$#" = 3; then
		test_prereq_=$1
		shift
	fi
	test "$#" = 2 || BUG "test_expect_success takes [PREREQ] TITLE COMMANDS"
	test_count=$((test_count + 1))
	if test -n "$test_prereq_" && ! test_have_prereq "$test_prereq_"; then
		if test -n "${CI:-}" && test_ci_missing_ "$test_prereq_"; then
			test_failure=$((test_failure + 1))
			echo "not ok $test_count - $1 (missing $test_prereq_, which scripts/install-deps installs; CI is set)"
			return 0
		fi
		test_skipped=$((test_skipped + 1))
		echo "ok $test_count # skip $1 (missing $test_prereq_)"
		if test -n "${CUTOVER_TEST_SKIPS:-}"; then
			echo "$test_prereq_	$TEST_NAME: $1" >>"$CUTOVER_TEST_SKIPS"
		fi
		return 0
	fi
	test_out_=$TRASH_DIRECTORY/.test-output
	cd "$TRASH_DIRECTORY" || BUG "lost the trash directory"
	# Not in a subshell, so a test may define what later tests use (git's
	# style); fd 4 reaches the captured output even when a command inside
	# redirects its stderr.
	test_eval_inner_ "$2" >"$test_out_" 2>&1 4>&1 </dev/null
	test_eval_ret_=$?
	cd "$TRASH_DIRECTORY" || BUG "lost the trash directory"
	if test "$test_eval_ret_" = 0; then
		echo "ok $test_count - $1"
	else
		test_failure=$((test_failure + 1))
		echo "not ok $test_count - $1"
		{
			echo "#	failed with status $test_eval_ret_; the commands:"
			printf '%s\n' "$2" | sed -e 's/^/#	/'
			echo "#	their output:"
		} >&2
		test_comment_ "$test_out_"
	fi
	return 0
}

test_done () {
	test_done_called=t
	echo "1..$test_count"
	if test "$test_failure" -ne 0; then
		echo "# failed $test_failure of $test_count test(s)" >&2
		exit 1
	fi
	exit 0
}

# --- assertions ------------------------------------------------------------------

# test_must_fail CMD ARGS... : the command must fail in a controlled way, exit
# 1 (operation failed) or 2 (bad usage). Success, "command not found" (127),
# a timeout (124) and death by a signal (>= 128) are test failures.
test_must_fail () {
	"$@"
	test_exit_code_=$?
	case $test_exit_code_ in
	1 | 2)
		return 0 ;;
	0)
		echo >&4 "test_must_fail: command succeeded: $*" ;;
	124)
		echo >&4 "test_must_fail: command timed out: $*" ;;
	127)
		echo >&4 "test_must_fail: command not found: $*" ;;
	*)
		if test "$test_exit_code_" -gt 128; then
			echo >&4 "test_must_fail: died by signal $((test_exit_code_ - 128)): $*"
		else
			echo >&4 "test_must_fail: unexpected exit status $test_exit_code_: $*"
		fi ;;
	esac
	return 1
}

# test_expect_code N CMD ARGS... : the command must exit with status N.
test_expect_code () {
	test_want_=$1
	shift
	"$@"
	test_exit_code_=$?
	if test "$test_exit_code_" = "$test_want_"; then
		return 0
	fi
	echo >&4 "test_expect_code: command exited $test_exit_code_, wanted $test_want_: $*"
	return 1
}

# test_cmp EXPECTED ACTUAL
test_cmp () {
	test "$#" = 2 || BUG "test_cmp takes two files"
	diff -u "$1" "$2" >&4
}

# test_grep [-v] [GREP-OPTIONS] PATTERN FILE : like grep, but shows the file
# when it does not hold (git's test_grep).
test_grep () {
	test_grep_neg_=
	if test "$1" = "!" || test "$1" = "-v"; then
		test_grep_neg_=t
		shift
	fi
	eval "test_grep_file_=\${$#}"
	test -f "$test_grep_file_" || {
		echo >&4 "test_grep: no file '$test_grep_file_'"
		return 1
	}
	if test -n "$test_grep_neg_"; then
		grep "$@" >/dev/null || return 0
		echo >&4 "test_grep: found what should not be there: $*"
	else
		grep "$@" >/dev/null && return 0
		echo >&4 "test_grep: did not find: $*"
	fi
	echo >&4 "--- $test_grep_file_:"
	cat >&4 "$test_grep_file_"
	echo >&4 "---"
	return 1
}

# test_line_count OP N FILE, e.g. test_line_count = 1 err
test_line_count () {
	test "$#" = 3 || BUG "test_line_count takes OP N FILE"
	test_lines_=$(wc -l <"$3")
	if test "$test_lines_" "$1" "$2"; then
		return 0
	fi
	echo >&4 "test_line_count: $3 has $test_lines_ line(s), wanted $1 $2:"
	cat >&4 "$3"
	return 1
}

# test_one_error FILE [TEXT...] : FILE (a command's stderr) holds one error
# line, "cutover: ...", containing each TEXT (fixed strings); the lines after
# it, if any, must be "  - reason" lines (a refusing check's reasons).
test_one_error () {
	test_err_file_=$1
	shift
	test_line_count -ge 1 "$test_err_file_" || return 1
	test_err_first_=$(sed -n 1p "$test_err_file_")
	case $test_err_first_ in
	"cutover: "?*) ;;
	*)
		echo >&4 "test_one_error: first line is not 'cutover: ...': $test_err_first_"
		return 1 ;;
	esac
	if sed -n '2,$p' "$test_err_file_" | grep -v '^  - ' >/dev/null; then
		echo >&4 "test_one_error: more than one error line in $test_err_file_:"
		cat >&4 "$test_err_file_"
		return 1
	fi
	for test_err_text_ in "$@"; do
		case $test_err_first_ in
		*"$test_err_text_"*) ;;
		*)
			echo >&4 "test_one_error: '$test_err_text_' not in: $test_err_first_"
			return 1 ;;
		esac
	done
	return 0
}

# test_json FILE : FILE parses as JSON (needs PYTHON3).
test_json () {
	python3 -m json.tool "$1" >/dev/null 2>&4
}

# --- the workspace ----------------------------------------------------------------

# cutover ARGS... : the binary under test.
cutover () {
	"$CUTOVER" "$@"
}

# db_query SQL : runs SQL on the workspace database of the current folder.
db_query () {
	sqlite3 .cutover/state.db "$@"
}

# db_snapshot FILE : what must not change when a command fails: the number of
# events, runs and tasks, and the whole database dumped as SQL.
db_snapshot () {
	{
		sqlite3 .cutover/state.db \
			'select count(*) from events; select count(*) from runs; select count(*) from tasks' &&
		sqlite3 .cutover/state.db .dump
	} >"$1"
}

# event_count : prints the number of events in the ledger.
event_count () {
	sqlite3 .cutover/state.db 'select count(*) from events'
}

# mini_workspace [DIR] : a workspace in DIR (default: the current folder) with
# a rehearsal named 'drill' of tests/data/cli/mini.lua.
mini_workspace () {
	mkdir -p "${1:-.}" &&
	(
		cd "${1:-.}" &&
		"$CUTOVER" init >/dev/null &&
		"$CUTOVER" start --rehearsal --name drill "$TEST_DATA/mini.lua" >/dev/null
	)
}
