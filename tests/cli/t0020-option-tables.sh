#!/bin/sh
test_description='every command: --help is help CMD, generated from its option table; global options after the command'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: the commands help lists, their subcommands' '
	mini_workspace &&
	cutover help >help &&
	sed -n "/^Commands:/,\$s/^  \([a-z][a-z-]*\) .*/\1/p" help |
		grep -v -x -e help -e version >commands &&
	test_line_count -gt 25 commands &&
	# The subcommands the completion script offers: "roster:add" ...
	cutover completion bash >script &&
	sed -n "s/^_cutover_subcommands=.\(.*\).\$/\1/p" script |
		tr " " "\n" | grep . >subcommands &&
	test_grep "^roster:add\$" subcommands &&
	test_grep "^gate:decide\$" subcommands
'

test_expect_success 'cutover CMD --help is cutover help CMD, for every command' '
	while read c
	do
		cutover $c --help >via-option 2>err &&
		test_line_count = 0 err &&
		cutover help $c >via-help &&
		test_cmp via-option via-help &&
		test_grep "^usage: cutover" via-option || return 1
	done <commands
'

test_expect_success 'cutover CMD SUB --help is cutover help CMD SUB, generated' '
	while IFS=: read c s
	do
		# completion bash|zsh and report KIND are arguments (options
		# may come before them), not subcommands with helps of their own.
		case "$c" in completion|report) continue ;; esac
		cutover $c $s --help >via-option 2>err &&
		test_line_count = 0 err &&
		cutover help $c $s >via-help &&
		test_cmp via-option via-help &&
		test_grep "^usage: cutover $c $s" via-option &&
		# From the table: the global options are listed under it.
		test_grep "^Global options:" via-option || return 1
	done <subcommands
'

test_expect_success 'a command without subcommands prints its help from its table' '
	cut -d: -f1 subcommands | sort -u >with-subs &&
	while read c
	do
		grep -q -x "$c" with-subs && continue
		cutover $c --help >out &&
		test_grep "^Global options:" out &&
		test_grep "^  --no-pager " out || return 1
	done <commands
'

# The same command line with the global options before and after the
# command's name: the same output, errors and exit status.  Each command
# is run bare (a usage error for most, a listing for some), each
# subcommand too, so that parsing, not only --help, meets them.
same_both_ways () {
	code=0 &&
	cutover --no-pager --color=never "$@" </dev/null >before 2>before-err ||
		code=$?
	# import template writes its files, and never over one.
	rm -f ./*.csv &&
	after=0 &&
	cutover "$@" --no-pager --color=never </dev/null >after 2>after-err ||
		after=$?
	if test $code != $after
	then
		echo "cutover $*: exit $code with the options before, $after after" >&4
		cat after-err >&4
		return 1
	fi
	test_cmp before after &&
	test_cmp before-err after-err
}

test_expect_success 'global options after every command are accepted' '
	cut -d: -f1 subcommands | sort -u >with-subs &&
	while read c
	do
		grep -q -x "$c" with-subs && continue
		case "$c" in
		# Bare, it would serve until stopped: a bad --listen instead.
		serve) same_both_ways serve --listen nowhere || return 1 ;;
		*) same_both_ways $c || return 1 ;;
		esac
	done <commands
'

test_expect_success 'global options after every subcommand are accepted' '
	while IFS=: read c s
	do
		# completion prints a script, whatever the options.
		case "$c" in completion) continue ;; esac
		same_both_ways $c $s || return 1
	done <subcommands
'

test_expect_success 'what the global options do, after the command' '
	cutover --json plan "$TEST_DATA/mini.lua" >before &&
	cutover plan "$TEST_DATA/mini.lua" --json >after &&
	test_cmp before after &&
	test_json after &&
	cutover check --json "$TEST_DATA/mini.lua" >checked &&
	test_json checked &&
	mkdir elsewhere &&
	cutover init --db elsewhere/x.db >out &&
	test_grep "elsewhere/x.db" out &&
	test -f elsewhere/x.db &&
	test_expect_code 2 cutover plan "$TEST_DATA/mini.lua" --color=sometimes 2>err &&
	test_one_error err "--color takes auto, always or never"
'

test_done
