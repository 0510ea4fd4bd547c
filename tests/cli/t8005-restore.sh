#!/bin/sh
test_description='cutover restore: the workspace lost after a publish, taken over on a standby, the run continued'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-publish.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

# Both libraries stop their server at exit; so does this script, both.
trap 'serve_stop; stop_daemon; test_cleanup_' EXIT

REF=refs/heads/cutover/mini-2026/drill

test_expect_success 'setup: sign-offs with an attachment, published' '
	cutover key generate bac-ninh >pub 2>/dev/null &&
	bare_remote remote &&
	mkdir coordinator &&
	(
		cd coordinator &&
		mini_workspace &&
		cutover sign focal-point@dai-son --by "Hoàng Văn Sơn" \
			--evidence name="Lê Minh Tuấn" --evidence phone=0912345678 &&
		printf "code,fee\n1.001,50000\n" >fees.csv &&
		cutover sign fees@so-tai-chinh --by "Kế toán" --evidence amount=50000 \
			--evidence effective=2026-05-01 --attach table=fees.csv &&
		cutover block accounts@so-tai-chinh --by "Kế toán" --reason "Chưa có tài khoản" &&
		cutover publish "file://$TRASH_DIRECTORY/remote.git" >../published
	) >acks &&
	test_grep "^signed fees@so-tai-chinh (event 3)" acks &&
	test_grep "^published run '"'"'drill'"'"': 4 events" published &&
	(cd coordinator && cutover status >../status.before) &&
	(cd coordinator && cutover verify >../verify.before) &&
	sqlite3 coordinator/.cutover/state.db \
		"select hash, size, hex(content) from attachments" >attachments.before
'

test_expect_success 'the coordinator'"'"'s workspace is lost' '
	rm -rf coordinator/.cutover &&
	! test -e coordinator/.cutover
'

test_expect_success 'restore on a second folder: every published sign-off is there' '
	mkdir standby &&
	(cd standby && cutover restore "file://$TRASH_DIRECTORY/remote.git") >out &&
	test_grep "^restored run '"'"'drill'"'"' from file://.*remote.git: 4 events, commit " out &&
	test_grep "^1 published checkpoint checked" out &&
	(cd standby && cutover verify) >verify.after &&
	test_cmp verify.before verify.after &&
	(cd standby && cutover status) >status.after &&
	test_cmp status.before status.after &&
	sqlite3 standby/.cutover/state.db \
		"select hash, size, hex(content) from attachments" >attachments.after &&
	test_cmp attachments.before attachments.after &&
	(cd standby && cutover report unit so-tai-chinh -o unit.md) >/dev/null &&
	test_grep "fees.csv" standby/unit.md
'

test_expect_success 'the run continues on the standby and publishes on the same history' '
	(
		cd standby &&
		cutover reopen accounts@so-tai-chinh --by "Kế toán" --reason "Đã có" &&
		cutover sign focal-point@so-tai-chinh --by "Sở" --evidence name="Vũ" \
			--evidence phone=0912000111 &&
		cutover publish
	) >out &&
	test_grep "^published run '"'"'drill'"'"': 6 events" out &&
	test_grep "remote.git: up to date" out &&
	git --git-dir=remote.git rev-list --count $REF >count &&
	echo 2 >expect && test_cmp expect count &&
	published checkpoint remote.git $REF >cp &&
	(cd standby && cutover verify --checkpoint ../cp) >out &&
	test_grep "^checkpoint ok: 6 events" out
'

test_expect_success 'a second restore checks every checkpoint of the history' '
	mkdir again &&
	(cd again && cutover restore --pubkey "$(cat ../pub)" \
		"$TRASH_DIRECTORY/remote.git") >out &&
	test_grep "^2 published checkpoints checked" out &&
	(cd again && cutover verify) >v &&
	test_grep "^ledger ok: 6 events" v
'

test_expect_success 'the old machine back from a backup cannot publish over the standby' '
	mkdir old && cp -r again/.cutover old/ &&
	(cd standby && cutover sign accounts@so-tai-chinh --by X \
		--evidence reviewed=2 --evidence fixed=0 && cutover publish) >out &&
	test_grep "^published run '"'"'drill'"'"': 7 events" out &&
	(cd old && test_must_fail cutover publish 2>../err) &&
	test_one_error err "holds 7 events, this ledger 6" "nothing published"
'

test_expect_success 'a workspace that is there already is never replaced' '
	(cd standby && test_must_fail cutover restore ../remote.git 2>../err) &&
	test_one_error err "exists already: restore makes a new workspace"
'

test_expect_success 'another key: nothing restored, nothing left behind' '
	cutover key generate --key other bac-ninh >/dev/null 2>&1 &&
	mkdir wrong &&
	(cd wrong && test_must_fail cutover restore --key ../other \
		"$TRASH_DIRECTORY/remote.git" 2>../err) &&
	test_one_error err "no signature by bac-ninh+" &&
	! test -e wrong/.cutover/state.db
'

test_expect_success 'a tampered segment on the remote: nothing restored' '
	git clone -q remote.git tamper &&
	(
		cd tamper &&
		git checkout -q -b t origin/cutover/mini-2026/drill &&
		sed -i "s/Lê Minh Tuấn/Lê Minh Tuân/" ledger/0000000001.jsonl &&
		git commit -q -am "edited" &&
		git push -q -f origin HEAD:$REF
	) &&
	mkdir bent &&
	(cd bent && test_must_fail cutover restore "$TRASH_DIRECTORY/remote.git" 2>../err) &&
	test_one_error err "ledger/0000000001.jsonl: not the file SHA256SUMS lists" &&
	! test -e bent/.cutover/state.db &&
	! test -e bent/.cutover/state.db.restoring
'

test_expect_success 'several runs: --run chooses' '
	bare_remote two &&
	mkdir ws2 &&
	(
		cd ws2 && mini_workspace &&
		cutover start --rehearsal --name drill2 "$TEST_DATA/mini.lua" &&
		cutover --run drill publish ../two.git &&
		cutover --run drill2 publish ../two.git
	) >out &&
	mkdir pick &&
	(cd pick && test_must_fail cutover restore ../two.git 2>../err) &&
	test_one_error err "publishes 2 runs (mini-2026/drill, mini-2026/drill2): choose one with --run" &&
	(cd pick && cutover restore --run drill2 ../two.git) >out &&
	test_grep "^restored run '"'"'drill2'"'"'" out
'

# The key's holder can sign anything; what restore reads must still be
# what the ledger says: the run's definition (the files, and what the
# start event seals) and the state's tables checked against the events.
test_expect_success PYTHON3_CRYPTO 'a signed publication whose definition or state is not the ledger'"'"'s: nothing restored' '
	KEY="$HOME/.config/cutover/signing.key" &&
	test -f "$KEY" &&
	git --git-dir=two.git show $REF:definition/sealed.json >sealed.json &&
	git --git-dir=two.git show $REF:ledger/0000000001.jsonl | head -n 1 >start.json &&
	python3 -c "import json,sys; s=json.load(open(\"sealed.json\")); e=json.load(open(\"start.json\")); sys.exit(not (s[\"event\"] == e[\"seq\"] == 1 and s[\"definition\"] == json.loads(e[\"evidence\"])[\"definition\"]))" &&
	git clone -q --bare two.git forged.git &&
	echo "-- not the runbook" >other.lua &&
	python3 "$TEST_DIRECTORY/resign.py" forged.git $REF "$KEY" \
		put definition/files/mini.lua other.lua &&
	mkdir forged1 &&
	(cd forged1 && test_must_fail cutover restore --run drill ../forged.git 2>../err) &&
	test_one_error err "definition/files/mini.lua: not what the run'"'"'s ledger seals" &&
	! test -e forged1/.cutover/state.db &&
	git --git-dir=forged.git update-ref $REF $REF^ &&
	python3 "$TEST_DIRECTORY/resign.py" forged.git $REF "$KEY" \
		put definition/files/extra.lua other.lua &&
	(cd forged1 && test_must_fail cutover restore --run drill ../forged.git 2>../err) &&
	test_one_error err "definition/files/extra.lua: not part of the run'"'"'s definition" &&
	git --git-dir=forged.git update-ref $REF $REF^ &&
	python3 "$TEST_DIRECTORY/resign.py" forged.git $REF "$KEY" \
		delete definition/sealed.json &&
	(cd forged1 && test_must_fail cutover restore --run drill ../forged.git 2>../err) &&
	test_one_error err "definition/sealed.json: missing from the commit" &&
	git --git-dir=forged.git update-ref $REF $REF^ &&
	git --git-dir=forged.git show $REF:state/tasks/000000.jsonl |
		sed "0,/\"state\":\"pending\"/s//\"state\":\"done\"/" >tasks.jsonl &&
	! git --git-dir=forged.git show $REF:state/tasks/000000.jsonl | cmp -s - tasks.jsonl &&
	python3 "$TEST_DIRECTORY/resign.py" forged.git $REF "$KEY" \
		put state/tasks/000000.jsonl tasks.jsonl &&
	(cd forged1 && test_must_fail cutover restore --run drill ../forged.git 2>../err) &&
	test_one_error err "table tasks" &&
	! test -e forged1/.cutover/state.db &&
	git --git-dir=forged.git update-ref $REF $REF^ &&
	python3 "$TEST_DIRECTORY/resign.py" forged.git $REF "$KEY" &&
	(cd forged1 && cutover restore --run drill ../forged.git) >out &&
	test_grep "^restored run '"'"'drill'"'"'" out
'

# cutover serve's logins (a one-time link, the session it opened, its
# logout) are the ledger's events and rows of web_sessions and web_links:
# they travel with the run as every table does, and the standby's verify
# finds each row where its event says.
test_expect_success SQLITE3_CURL 'web logins travel with the run: link and session restored, verified' '
	bare_remote webremote &&
	mini_workspace web &&
	(cd web && cutover token issue --by An --link dai-son >link 2>/dev/null) &&
	cd web &&
	serve_start &&
	cd .. &&
	web -o /dev/null -c jar -H "Origin: $SERVE_URL" \
		--data-urlencode "person=Bình" \
		"$SERVE_URL/l/$(sed -n "s|.*/l/||p" web/link)" &&
	csrf=$(web_csrf jar /u/dai-son) && test -n "$csrf" &&
	web -b jar -o /dev/null -H "Origin: $SERVE_URL" \
		--data-urlencode "csrf=$csrf" "$SERVE_URL/logout" &&
	serve_stop &&
	(cd web && cutover publish "file://$TRASH_DIRECTORY/webremote.git") >/dev/null &&
	sqlite3 web/.cutover/state.db "select l.hash, l.used_seq, s.person,
		s.opened_seq, s.closed_seq from web_links l
		join web_sessions s using (token_id)" >web.before &&
	test_line_count = 1 web.before &&
	mkdir webstandby &&
	(cd webstandby && cutover restore "file://$TRASH_DIRECTORY/webremote.git") >out &&
	test_grep "^restored run '"'"'drill'"'"'" out &&
	(cd webstandby && cutover verify) >out &&
	test_grep "^ledger ok" out &&
	sqlite3 webstandby/.cutover/state.db "select l.hash, l.used_seq, s.person,
		s.opened_seq, s.closed_seq from web_links l
		join web_sessions s using (token_id)" >web.after &&
	test_cmp web.before web.after
'

test_done
