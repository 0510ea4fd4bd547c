#!/bin/sh
# tests/valgrind-wrapper.sh -- cutover under valgrind's memcheck, for
# `make leakcheck`: point the CLI tests' $CUTOVER here and every command
# they run goes through valgrind.
#
#	CUTOVER_REAL		the binary (default: build/cutover beside us)
#	CUTOVER_VALGRIND_LOGS	a folder for one log per process (vg.PID.log);
#				without it, valgrind writes to stderr
#
# A definite or indirect leak, or any memory error, makes the command exit
# 99, which no test accepts (test_must_fail takes 1 and 2 only); the logs
# catch what a test that expects failure with `!` would let pass, and keep
# stderr as the tests expect it. Still-reachable memory (libraries' global
# state held until exit) is not counted.
here=$(cd "$(dirname "$0")" && pwd) || exit 1
real=${CUTOVER_REAL:-$here/../build/cutover}
if test -n "${CUTOVER_VALGRIND_LOGS:-}"; then
	set -- --log-file="$CUTOVER_VALGRIND_LOGS/vg.%p.log" "$real" "$@"
else
	set -- "$real" "$@"
fi
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect --num-callers=30 "$@"
