#!/bin/sh
test_description='34 provinces published to bare repositories (file:// and git daemon), fetched, verified, reported side by side'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-publish.sh"

N=34
SYSTEMS="vneid payment catalogue"

test_expect_success GIT_DAEMON 'a git daemon on 127.0.0.1 serves the bare repositories' '
	mkdir remotes &&
	start_daemon "$TRASH_DIRECTORY/remotes" &&
	echo "$DAEMON_URL" >daemon.url
'

# The remote of province i: the odd ones by file://, the even ones by
# git:// (when the daemon runs).
remote_of () {
	if test $(($1 % 2)) = 0 && test -s daemon.url
	then
		echo "$(cat daemon.url)/p$1.git"
	else
		echo "file://$TRASH_DIRECTORY/remotes/p$1.git"
	fi
}

test_expect_success "$N provinces, each a workspace of a generated runbook, publish" '
	mkdir -p remotes ws &&
	province_runbook rb 1 &&
	i=1 &&
	while test $i -le $N
	do
		name=$(printf "p%02d" $i) &&
		git init -q --bare remotes/p$i.git &&
		province ws/$name $name rb &&
		system=$(echo $SYSTEMS | cut -d" " -f$((i % 3 + 1))) &&
		(
			cd ws/$name &&
			"$CUTOVER" sign step-002@p01-so-tai-chinh-1 --by "Sở $i" &&
			"$CUTOVER" issue add --unit p01-so-tai-chinh-1 \
				--system $system --severity high --by "Sở $i" \
				"Vướng mắc $i: <b>không</b> đăng nhập được" &&
			"$CUTOVER" publish --key ../$name.key "$(remote_of $i)"
		) >out.$i || return 1
		test_grep "^published run '"'"'drill'"'"': 3 events" out.$i || return 1
		i=$((i + 1))
	done
'

test_expect_success 'the national office adds them, by file:// and by git://' '
	mkdir office &&
	(cd office && cutover init >/dev/null) &&
	i=1 &&
	while test $i -le $N
	do
		name=$(printf "p%02d" $i) &&
		(cd office && cutover national add $name "$(remote_of $i)" \
			../ws/$name.pub) >out || return 1
		i=$((i + 1))
	done &&
	(cd office && test_must_fail cutover national add p01 x ../ws/p01.pub 2>../err) &&
	test_one_error err "province '"'"'p01'"'"' is there already"
'

test_expect_success 'fetch: every province verified and accepted' '
	(cd office && cutover national fetch) >out &&
	test_grep "^fetched: $N runs verified, 0 refused" out &&
	test "$(grep -c ": accepted, 3 events$" out)" = $N &&
	(cd office && cutover --json national list) >list.json &&
	test_json list.json &&
	test "$(grep -o "\"problem\":null" list.json | wc -l)" = $N
'

test_expect_success 'the national report: every province side by side, in Markdown and HTML' '
	(cd office && cutover report national -o ../national.md --lang en) >out &&
	(cd office && cutover report national --format html) >out &&
	test_grep "^# National report" national.md &&
	test_grep "^- Provinces: $N (verified $N, refused at the last fetch 0)" national.md &&
	i=1 &&
	while test $i -le $N
	do
		name=$(printf "p%02d" $i) &&
		test_grep "^| $name | drill | [0-9]* | 1 ([0-9]*%) | [0-9]* | 0 | 1 | 3 |" \
			national.md || return 1
		i=$((i + 1))
	done &&
	test_grep "^| D1 |" national.md &&
	test_grep "^## Units not ready" national.md &&
	test_grep "^| vneid | 11 |" national.md &&
	test_grep "^| payment | 12 |" national.md &&
	test_grep "^| catalogue | 11 |" national.md &&
	test_grep "^## Each province.s signed checkpoint" national.md &&
	test_grep "^| p34 | p34/national-2026/drill | 3 |" national.md &&
	html=$(cat office/output/national-*.html) &&
	test_grep "<table>" office/output/national-*.html &&
	! test_grep "<b>không</b>" office/output/national-*.html &&
	test_grep "&lt;b&gt;không&lt;/b&gt;" office/output/national-*.html
'

test_expect_success 'fetch again: nothing new; a province that grew is accepted again' '
	(cd office && cutover national fetch) >out &&
	test "$(grep -c ": nothing new (3 events)$" out)" = $N &&
	(
		cd ws/p07 &&
		"$CUTOVER" sign step-002@p01-so-tai-chinh-1 --by x >/dev/null 2>&1;
		"$CUTOVER" issue resolve 1 --by "Sở 7" --resolution "Đã xử lý" &&
		"$CUTOVER" publish --key ../p07.key
	) >out &&
	(cd office && cutover national fetch p07) >out &&
	test_grep "^p07 national-2026/drill: accepted, 4 events" out
'

test_done
