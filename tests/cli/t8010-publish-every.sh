#!/bin/sh
test_description='cutover publish --every: the window of unpublished events closes by itself'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-publish.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

# Both libraries stop their server at exit; so does this script, both.
trap 'serve_stop; stop_daemon; test_cleanup_' EXIT

REF=$PUBLISHED_REF

# wait_for_size N [REMOTE] : polls the remote's checkpoint (a.git's
# unless REMOTE) until it says N events (a generous bound: a loaded
# machine is slow, never wrong).
wait_for_size () {
	n=0
	while test $n -lt 1200
	do
		size=$(git --git-dir=${2:-a.git} show $REF:checkpoint 2>/dev/null |
			sed -n 2p)
		test "$size" = "$1" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	echo >&4 "${2:-a.git} never had $1 events (last: '$size')"
	return 1
}

test_expect_success 'setup' '
	province_runbook rb 4 &&
	province p p rb &&
	bare_remote a
'

test_expect_success 'the loop publishes, then publishes what is signed meanwhile' '
	(cd p && exec "$CUTOVER" publish --key ../p.key --every 1s ../a.git \
		>../loop.out 2>../loop.err) &
	pid=$! &&
	wait_for_size 1 &&
	(cd p && cutover sign step-002@p01-so-tai-chinh-1 --by x) >out &&
	wait_for_size 2 &&
	kill -TERM $pid &&
	wait $pid &&
	test_grep "^published run '"'"'drill'"'"': 1 event," loop.out &&
	test_grep "^published run '"'"'drill'"'"': 2 events," loop.out
'

test_expect_success 'with no option, the hook cutover serve calls: the key found, the remotes remembered' '
	(cd p && CUTOVER_KEY=../p.key exec "$CUTOVER" publish --every 1s \
		>../loop2.out 2>../loop2.err) &
	pid=$! &&
	(cd p && cutover sign step-001@p01-so-tai-chinh-1 --by y) >out &&
	wait_for_size 3 &&
	kill -TERM $pid &&
	wait $pid &&
	test_grep "^published run '"'"'drill'"'"': 3 events," loop2.out
'

# A round with nothing new writes no commit (the checkpoint and the
# ledger's head compared before anything is made), and still gives a new
# remote what was published; a sign-off then makes the next commit.
test_expect_success 'nothing new: no commit made, a new remote given the last one' '
	bare_remote b &&
	git --git-dir=p/.cutover/publish.git rev-parse $REF >before &&
	(cd p && exec "$CUTOVER" publish --key ../p.key --every 1s ../a.git \
		../b.git >../loop3.out 2>../loop3.err) &
	pid=$! &&
	n=0 &&
	while c=$(grep -c "^nothing new" loop3.out 2>/dev/null)
		test "${c:-0}" -lt 2
	do
		test $n -lt 1200 || return 1
		sleep 0.1
		n=$((n + 1))
	done &&
	git --git-dir=b.git rev-parse $REF >b &&
	(cd p && cutover sign step-003@p01-so-tai-chinh-1 --by z) >out &&
	wait_for_size 4 &&
	kill -TERM $pid &&
	wait $pid &&
	test_cmp before b &&
	git --git-dir=p/.cutover/publish.git rev-parse $REF^ >parent &&
	test_cmp before parent &&
	test_grep "^nothing new in run '"'"'drill'"'"' since commit" loop3.out &&
	test_grep "^published run '"'"'drill'"'"': 4 events," loop3.out
'

test_expect_success 'a bad interval is bad usage' '
	(cd p && test_expect_code 2 cutover publish --every 0s 2>../err) &&
	test_one_error err "--every takes a duration of 1s to 24h"
'

# cutover serve runs the same hook as a job of its own (every 30 s, and
# once at its start): the window closes while the pages are served, for
# what anyone signed. The remotes it pushes to are those remembered
# above (a.git and b.git, given relative to p), so it runs in p.
test_expect_success CURL 'cutover serve publishes through the hook: at its start, then what is signed meanwhile' '
	(cd p && cutover sign step-001@p01-dong-cam-2 --by u) >out &&
	cd p &&
	CUTOVER_KEY=../p.key &&
	export CUTOVER_KEY &&
	serve_start &&
	cd .. &&
	wait_for_size 5 &&
	wait_for_size 5 b.git &&
	(cd p && cutover sign step-001@p01-hoa-khanh-1 --by v) >out &&
	wait_for_size 6 &&
	serve_stop &&
	test "$SERVE_STATUS" = 0 &&
	test_grep "^published run '"'"'drill'"'"': 5 events," p/serve.out &&
	test_grep "^published run '"'"'drill'"'"': 6 events," p/serve.out &&
	test_grep ! "^published run '"'"'drill'"'"': 4 events" p/serve.out &&
	test_grep ! "publish" p/serve.log
'

test_expect_success CURL 'cutover serve with no key publishes nothing and says nothing of it' '
	serve_stop &&
	git --git-dir=a.git rev-parse $REF >before &&
	(cd p && cutover sign step-001@p01-yen-khanh-3 --by w) >out &&
	cd p &&
	unset CUTOVER_KEY &&
	serve_start &&
	cd .. &&
	web -o /dev/null "$SERVE_URL/login" &&
	serve_stop &&
	test "$SERVE_STATUS" = 0 &&
	git --git-dir=a.git rev-parse $REF >after &&
	test_cmp before after &&
	test_grep ! "publish" p/serve.out &&
	test_grep ! "publish" p/serve.log
'

test_done
