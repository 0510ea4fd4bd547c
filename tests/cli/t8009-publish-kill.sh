#!/bin/sh
test_description='kill -9 in the middle of a publish: the remote holds the old commit or the new one, never a broken one'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-publish.sh"

REF=$PUBLISHED_REF

test_expect_success 'setup: a province published once, then signed more' '
	province_runbook rb 2 &&
	province p p rb &&
	bare_remote a &&
	(cd p && cutover publish --key ../p.key ../a.git) >out &&
	git --git-dir=a.git rev-parse $REF >old &&
	(cd p && cutover sign step-002@p01-so-tai-chinh-1 --by x) >out
'

# killed_publish URL : a publish to URL stopped by kill -9 while it writes
# the pack to the remote. With CUTOVER_TEST_STALL, the push's first
# progress report writes "push" to the FIFO and then waits on it: reading
# that line says the process is inside the write, so the kill lands there
# by construction, not by a timer.
killed_publish () {
	rm -f stall && mkfifo stall || return 1
	(cd p && CUTOVER_TEST_STALL=../stall exec "$CUTOVER" publish \
		--key ../p.key "$1" >../killed.out 2>&1) &
	pid=$!
	# A publish that fails before its push never opens the FIFO: the
	# bound keeps the test from hanging then, and is never what ends it.
	line=$(timeout 300 sh -c "read line <stall && echo \$line")
	kill -9 $pid
	wait $pid
	status=$?
	test "$line" = push && test $status = 137 || {
		echo >&4 "publish: line '$line', status $status:"
		cat >&4 killed.out
		return 1
	}
}

test_expect_success TIMEOUT 'killed while writing to a file:// remote: the old commit, whole' '
	killed_publish "file://$TRASH_DIRECTORY/a.git" &&
	ls a.git/objects/pack >packs &&
	test_grep "^pack_git2_" packs &&
	git --git-dir=a.git rev-parse $REF >now &&
	test_cmp old now &&
	git --git-dir=a.git fsck --no-dangling &&
	published checkpoint a.git | sed -n 2p >size &&
	echo 1 >expect && test_cmp expect size
'

test_expect_success TIMEOUT 'published again: the new commit, whole' '
	(cd p && cutover publish --key ../p.key "file://$TRASH_DIRECTORY/a.git") >out &&
	test_grep "a.git: up to date" out &&
	git --git-dir=a.git merge-base --is-ancestor $(cat old) $REF &&
	git --git-dir=a.git fsck --no-dangling &&
	git --git-dir=p/.cutover/publish.git fsck --no-dangling &&
	published checkpoint a.git | sed -n 2p >size &&
	echo 2 >expect && test_cmp expect size &&
	mkdir standby &&
	(cd standby && cutover restore --key ../p.key "$TRASH_DIRECTORY/a.git") >out &&
	test_grep "^3 published checkpoints checked" out
'

test_expect_success GIT_DAEMON 'a git daemon for the remote' '
	mkdir served &&
	git clone -q --bare a.git served/b.git &&
	start_daemon "$TRASH_DIRECTORY/served" &&
	git --git-dir=served/b.git rev-parse $REF >old.b &&
	(cd p && cutover sign step-001@p01-so-tai-chinh-1 --by y) >out
'

test_expect_success GIT_DAEMON 'killed while pushing over git://: the old commit, whole' '
	killed_publish "$DAEMON_URL/b.git" &&
	git --git-dir=served/b.git rev-parse $REF >now &&
	test_cmp old.b now &&
	git --git-dir=served/b.git fsck --no-dangling
'

test_expect_success GIT_DAEMON 'published again over git://: the new commit, whole' '
	(cd p && cutover publish --key ../p.key "$DAEMON_URL/b.git") >out &&
	test_grep "b.git: up to date" out &&
	git --git-dir=served/b.git fsck --no-dangling &&
	published checkpoint served/b.git | sed -n 2p >size &&
	echo 3 >expect && test_cmp expect size
'

test_done
