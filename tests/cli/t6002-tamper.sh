#!/bin/sh
test_description='verify: tampering with the database behind the engine, as an attacker with the sqlite3 client would'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-ledger.sh"
. "$TEST_DIRECTORY/lib-serve.sh"

# Every tampering below starts from the same clean copy of a workspace
# (8 events), is done with the real sqlite3 command-line client (after
# dropping the append-only triggers, as anyone who can write the file can),
# and must make `cutover verify` exit 1 with one error line naming the
# first bad event by its sequence number, and nothing on stdout.

# forge SEQ TASK KIND UNIT [RUN] : appends an event with a made-up chain.
forge () {
	tamper "INSERT INTO events (seq, run_id, task_key, kind, actor, unit_id,
		at, prev_hash, hash) VALUES ($1, ${5:-1}, '$2', '$3', 'Mallory',
		'$4', 1779944400, '$(printf "%064d" 0)', '$(printf "%064d" 1)')"
}

test_expect_success 'setup: a rehearsal, 6 sign-offs, a report, one more sign-off' '
	mini_workspace &&
	cutover sign --by An --evidence name=An --evidence phone=0912345678 \
		focal-point@dai-son >/dev/null &&
	cutover sign --by Binh --evidence name=Binh --evidence phone=0987654321 \
		--comment "named on the phone" focal-point@so-tai-chinh >/dev/null &&
	cutover skip --by An --reason "n/a" "daily-report@ttpvhcc#2026-05-30" >/dev/null &&
	cutover block --by An --reason "no network" "daily-report@so-tai-chinh#2026-05-30" >/dev/null &&
	cutover sign --by Cuong --force "daily-report@cong-an-tinh#2026-05-30" >/dev/null &&
	cutover fail --by Dung --reason "late" "daily-report@ca-dai-son#2026-05-30" >/dev/null &&
	cutover report -o report.md readiness >/dev/null &&
	sed -n "s/.*\`\([0-9a-f]\{64\}\)\`.*/\1/p" report.md | sort -u >report-head &&
	test_line_count = 1 report-head &&
	cutover sign --by Em --force "daily-report@dai-son#2026-05-30" >/dev/null &&
	db_query "select count(*) from events" >n &&
	echo 8 >expect &&
	test_cmp expect n &&
	cp -r .cutover clean
'

test_expect_success 'untampered: exit 0, the head hash, nothing on stderr' '
	cutover verify >out 2>err &&
	test_line_count = 0 err &&
	test_line_count = 1 out &&
	db_query "select hash from events where seq = 8" >head &&
	echo "ledger ok: 8 events, 41 task states, head $(cat head)" >expect &&
	test_cmp expect out
'

test_expect_success '--head of the report: found as event 7, one event later' '
	cutover verify --head "$(cat report-head)" >out 2>err &&
	test_line_count = 0 err &&
	echo "head $(cat report-head): event 7 of 8 (1 later event)" >expect &&
	sed -n 2p out >actual &&
	test_cmp expect actual
'

test_expect_success '--head of the current head, in capitals, and of the empty ledger' '
	cutover verify --head "$(tr a-f A-F <head)" >out &&
	test_grep "^head $(cat head): event 8 of 8 (the current head)$" out &&
	cutover verify --head "$(printf "%064d" 0)" >out &&
	test_grep "^head 0\{64\}: event 0 of 8 (the empty ledger" out
'

test_expect_success '--head of a hash the chain never held: exit 1' '
	test_expect_code 1 cutover verify --head "$(printf "%064d" 7)" >out 2>err &&
	test_line_count = 0 out &&
	test_one_error err "head $(printf "%064d" 7) is not in this ledger"
'

test_expect_success '--head that is no hash: bad usage, exit 2' '
	test_expect_code 2 cutover verify --head abc123 >out 2>err &&
	test_one_error err "--head '\''abc123'\'' is not a ledger hash" &&
	test_expect_code 2 cutover verify --head "$(printf "%063dg" 0)" 2>err &&
	test_expect_code 2 cutover verify extra 2>err &&
	test_one_error err "verify takes no arguments"
'

test_expect_success 'verify --json: the counts, the head and the asked head' '
	cutover --json verify --head "$(cat report-head)" >out &&
	echo "{\"events\":8,\"tasks\":41,\"head\":\"$(cat head)\",\"run\":null,\"asked\":{\"head\":\"$(cat report-head)\",\"seq\":7,\"since\":1}}" >expect &&
	test_cmp expect out
'

test_expect_success 'an event'\''s comment edited: event 3' '
	fresh &&
	tamper "UPDATE events SET comment = '\''named in person'\'' WHERE seq = 3" &&
	caught "event 3: content does not match its hash"
'

test_expect_success 'an event'\''s evidence edited: event 2' '
	fresh &&
	tamper "UPDATE events SET evidence = '\''{\"name\":\"Mallory\",\"phone\":\"0912345678\"}'\'' WHERE seq = 2" &&
	caught "event 2: content does not match its hash"
'

test_expect_success PYTHON3 'an event edited and only its own hash resealed: the next event breaks' '
	fresh &&
	db_query "select prev_hash from events where seq = 4" >old-prev &&
	tamper "UPDATE events SET actor = '\''Mallory'\'' WHERE seq = 3" &&
	reseal &&
	tamper "UPDATE events SET prev_hash = '\''$(cat old-prev)'\'' WHERE seq = 4" &&
	caught "event 4: prev_hash does not match the hash of event 3"
'

test_expect_success 'an event deleted from the middle: the gap is named' '
	fresh &&
	tamper "DELETE FROM events WHERE seq = 4" &&
	caught "event 5: expected sequence number 4"
'

test_expect_success 'the last event deleted: its task still claims it' '
	fresh &&
	tamper "DELETE FROM events WHERE seq = 8" &&
	caught "event 8: run '\''drill'\'', task '\''daily-report@dai-son#2026-05-30'\''" \
		"which is not in the ledger"
'

test_expect_success PYTHON3 'an event deleted, the rest renumbered and resealed: found by its task' '
	fresh &&
	tamper "DELETE FROM events WHERE seq = 3;
		UPDATE events SET seq = seq - 1 WHERE seq > 3" &&
	reseal &&
	caught "event 3: run '\''drill'\'', task '\''focal-point@so-tai-chinh'\''"
'

test_expect_success PYTHON3 '... and with every task copy rewritten too, only the report'\''s head finds it' '
	tamper "UPDATE tasks SET state = '\''pending'\'', last_seq = NULL
			WHERE key = '\''focal-point@so-tai-chinh'\'';
		UPDATE tasks SET last_seq = last_seq - 1 WHERE last_seq > 3" &&
	cutover verify >out &&
	test_grep "^ledger ok: 7 events" out &&
	test_expect_code 1 cutover verify --head "$(cat report-head)" >out 2>err &&
	test_one_error err "head $(cat report-head) is not in this ledger"
'

test_expect_success 'two events'\'' contents swapped, hashes left in place: event 3' '
	fresh &&
	tamper "CREATE TEMP TABLE a AS SELECT * FROM events WHERE seq = 3;
		CREATE TEMP TABLE b AS SELECT * FROM events WHERE seq = 5;
		UPDATE events SET (task_key, kind, actor, unit_id, at, comment,
			evidence) = (SELECT task_key, kind, actor, unit_id, at,
			comment, evidence FROM b) WHERE seq = 3;
		UPDATE events SET (task_key, kind, actor, unit_id, at, comment,
			evidence) = (SELECT task_key, kind, actor, unit_id, at,
			comment, evidence FROM a) WHERE seq = 5" &&
	caught "event 3: content does not match its hash"
'

test_expect_success 'two whole events swapped, hashes with them: event 3' '
	fresh &&
	tamper "UPDATE events SET seq = -3 WHERE seq = 3;
		UPDATE events SET seq = 3 WHERE seq = 5;
		UPDATE events SET seq = 5 WHERE seq = -3" &&
	caught "event 3: prev_hash does not match the hash of event 2"
'

test_expect_success PYTHON3 'two events swapped and the chain resealed: found by their tasks' '
	fresh &&
	tamper "UPDATE events SET seq = -3 WHERE seq = 3;
		UPDATE events SET seq = 3 WHERE seq = 5;
		UPDATE events SET seq = 5 WHERE seq = -3" &&
	reseal &&
	caught "event 3: run '\''drill'\'', task '\''focal-point@so-tai-chinh'\'': state '\''done'\'' as of event 3, which is not one of its events, but its events say '\''done'\'' (event 5)" &&
	test_expect_code 1 cutover verify --head "$(cat report-head)" 2>err
'

test_expect_success 'a task set done without an event: the task is named' '
	fresh &&
	tamper "UPDATE tasks SET state = '\''done'\'' WHERE key = '\''go@ttpvhcc'\''" &&
	caught "run '\''drill'\'', task '\''go@ttpvhcc'\'': state '\''done'\'' set by no event, but its events say '\''pending'\'' (no event)"
'

test_expect_success 'a task set done, pointing at another task'\''s event: that event' '
	fresh &&
	tamper "UPDATE tasks SET state = '\''done'\'', last_seq = 6 WHERE key = '\''go@ttpvhcc'\''" &&
	caught "event 6: run '\''drill'\'', task '\''go@ttpvhcc'\''"
'

test_expect_success 'a blocked task quietly unblocked: event 5' '
	fresh &&
	tamper "UPDATE tasks SET state = '\''pending'\'', last_seq = NULL
		WHERE key = '\''daily-report@so-tai-chinh#2026-05-30'\''" &&
	caught "event 5: run '\''drill'\''" "its events say '\''blocked'\'' (event 5)"
'

test_expect_success 'a forged event appended with a made-up chain: event 9' '
	fresh &&
	forge 9 go@ttpvhcc done ttpvhcc &&
	caught "event 9: prev_hash does not match the hash of event 8"
'

test_expect_success 'a forged event chained on the head, with a made-up hash: event 9' '
	fresh &&
	forge 9 go@ttpvhcc done ttpvhcc &&
	tamper "UPDATE events SET prev_hash = (SELECT hash FROM events
		WHERE seq = 8) WHERE seq = 9" &&
	caught "event 9: content does not match its hash"
'

test_expect_success PYTHON3 'a forged event with a hash of the right shape from a wrong recipe: event 9' '
	fresh &&
	forge 9 go@ttpvhcc done ttpvhcc &&
	reseal wrong &&
	db_query "select length(hash), prev_hash = (select hash from events
		where seq = 8) from events where seq = 9" >shape &&
	echo "64|1" >expect &&
	test_cmp expect shape &&
	caught "event 9: content does not match its hash"
'

test_expect_success PYTHON3 'a forged event with a correct chain, its task left alone: event 9' '
	fresh &&
	forge 9 go@ttpvhcc done ttpvhcc &&
	reseal &&
	caught "event 9: run '\''drill'\'', task '\''go@ttpvhcc'\'': state '\''pending'\'' set by no event, but its events say '\''done'\'' (event 9)"
'

test_expect_success PYTHON3 'a forged event with a correct chain for a task the run lacks: event 9' '
	fresh &&
	forge 9 go@nowhere done nowhere &&
	reseal &&
	caught "event 9: done event of task '\''go@nowhere'\'', which run '\''drill'\'' does not have"
'

test_expect_success PYTHON3 'a forged event with a correct chain for another unit: event 9' '
	fresh &&
	forge 9 go@ttpvhcc done dai-son &&
	reseal &&
	tamper "UPDATE tasks SET state = '\''done'\'', last_seq = 9 WHERE key = '\''go@ttpvhcc'\''" &&
	caught "event 9: done event of task '\''go@ttpvhcc'\'' (run '\''drill'\'') names unit '\''dai-son'\''"
'

test_expect_success PYTHON3 'a forged event of a run that does not exist: event 9' '
	fresh &&
	forge 9 go@ttpvhcc done ttpvhcc 7 &&
	reseal &&
	caught "event 9: done event of run id 7, which does not exist"
'

test_expect_success PYTHON3 'a forged second start of the run: event 9' '
	fresh &&
	tamper "INSERT INTO events (seq, run_id, kind, actor, at, prev_hash, hash)
		VALUES (9, 1, '\''start'\'', '\''Mallory'\'', 1779944400, '\''x'\'', '\''x'\'')" &&
	reseal &&
	caught "event 9: run '\''drill'\'': started a second time"
'

test_expect_success PYTHON3 'a forged event inserted in the middle, chain and copies redone: only the report'\''s head finds it' '
	fresh &&
	tamper "UPDATE events SET seq = -seq WHERE seq > 6;
		UPDATE events SET seq = -seq + 1 WHERE seq < 0;
		INSERT INTO events (seq, run_id, task_key, kind, actor, unit_id, at,
			prev_hash, hash) VALUES (7, 1, '\''go@ttpvhcc'\'', '\''done'\'',
			'\''Mallory'\'', '\''ttpvhcc'\'', 1779944400, '\''x'\'', '\''x'\'');
		UPDATE tasks SET last_seq = last_seq + 1 WHERE last_seq > 6;
		UPDATE tasks SET state = '\''done'\'', last_seq = 7 WHERE key = '\''go@ttpvhcc'\''" &&
	reseal &&
	cutover verify >out &&
	test_grep "^ledger ok: 9 events" out &&
	test_expect_code 1 cutover verify --head "$(cat report-head)" >out 2>err &&
	test_one_error err "head $(cat report-head) is not in this ledger"
'

# What verify cannot see, said rather than hidden: whoever can write the
# database can append an event at the end, reseal it (the chain has no
# key) and update the task's copy. Every head kept before it is still an
# ancestor, so nothing published contradicts it. Only a head published
# after the forgery (a report), compared with the ledger by someone who
# kept it, can expose a later rewrite of what came before.
test_expect_success PYTHON3 'limit: a forged event appended at the end, resealed, with its copy: not detectable' '
	fresh &&
	forge 9 go@ttpvhcc done ttpvhcc &&
	reseal &&
	tamper "UPDATE tasks SET state = '\''done'\'', last_seq = 9 WHERE key = '\''go@ttpvhcc'\''" &&
	cutover verify --head "$(cat report-head)" >out &&
	test_grep "^ledger ok: 9 events" out &&
	test_grep "event 7 of 9 (2 later events)" out
'

test_expect_success 'a damaged index: SQLite'\''s integrity_check says so' '
	fresh &&
	sqlite3 .cutover/state.db "PRAGMA writable_schema = ON;
		UPDATE sqlite_schema SET sql = '\''CREATE INDEX events_by_task ON events (run_id, actor)'\''
		WHERE name = '\''events_by_task'\''" &&
	caught "integrity_check: row 1 missing from index events_by_task"
'

test_expect_success 'who started the run, edited in the runs table: event 1' '
	fresh &&
	tamper "UPDATE runs SET started_by = '\''Mallory'\''" &&
	caught "event 1: run '\''drill'\'': who started it differs from its start event"
'

test_expect_success 'setup: a second run beside the first' '
	fresh &&
	cutover start --rehearsal --name other "$TEST_DATA/mini.lua" >/dev/null &&
	cutover --run other sign --by An --evidence name=An --evidence phone=0912345678 \
		focal-point@dai-son >/dev/null &&
	rm -rf clean && cp -r .cutover clean &&
	cutover verify --run drill >out &&
	test_grep "^ledger ok: 10 events, 41 task states of run '\''drill'\'', head [0-9a-f]\{64\}$" out
'

test_expect_success '--run: a task of the other run tampered is not this run'\''s finding' '
	fresh &&
	tamper "UPDATE tasks SET state = '\''done'\'' WHERE key = '\''go@ttpvhcc'\''
		AND run_id = (SELECT id FROM runs WHERE name = '\''other'\'')" &&
	cutover verify --run drill >out &&
	test_grep "^ledger ok: 10 events, 41 task states of run '\''drill'\''" out &&
	cutover --run drill verify >out &&
	test_grep "of run '\''drill'\''" out &&
	test_expect_code 1 cutover verify --run other 2>err &&
	test_one_error err "run '\''other'\'', task '\''go@ttpvhcc'\''" &&
	caught "run '\''other'\'', task '\''go@ttpvhcc'\''"
'

test_expect_success '--run: the chain is checked whole whatever the run' '
	fresh &&
	tamper "UPDATE events SET comment = '\''x'\'' WHERE seq = 10" &&
	test_expect_code 1 cutover verify --run drill >out 2>err &&
	test_one_error err "event 10: content does not match its hash"
'

test_expect_success '--run of no such run: exit 1' '
	fresh &&
	test_expect_code 1 cutover verify --run nope 2>err &&
	test_one_error err "nope"
'

# The roster and the difficulties log: their tables are copies of what the
# shift-added/-removed and issue-raised/-resolved events carry, so an edit
# to a copy is found too. These need 'cutover roster' and 'cutover issue'.
"$CUTOVER" roster --help >/dev/null 2>&1 &&
	"$CUTOVER" issue --help >/dev/null 2>&1 &&
	test_set_prereq ROSTER_ISSUE

# duty_fresh : the duty workspace back to its clean copy, entered.
duty_fresh () {
	cd "$TRASH_DIRECTORY/duty" && rm -rf .cutover && cp -r clean .cutover
}

test_expect_success 'setup: a runbook with a roster step and difficulties' '
	mkdir duty &&
	cp -r "$TEST_DATA/units" duty/units &&
	cat >duty/trust.lua <<-\EOF &&
	runbook {
	  id = "trust-2026",
	  title = "Trust drill",
	  t0 = "2026-05-29 22:00",
	  timezone = "+07:00",
	  units = "units/mini.yaml",
	  duty_window = { "T-2h", "T+1d" },
	}
	difficulties {
	  systems = { "portal", "other" },
	  severities = { "low", "high" },
	  route = function(u, system, severity)
	    return { "ttpvhcc", "cong-an-tinh", "ttpvhcc" }
	  end,
	}
	section { id = "s1", title = "1. Duty" }
	step {
	  id = "incident-desk",
	  title = "24/7 incident desk",
	  owners = kinds { "department", "commune" },
	  due = "T-2h",
	  roster = "truc-su-co",
	}
	EOF
	(
		cd duty &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name duty trust.lua >/dev/null
	)
'

test_expect_success ROSTER_ISSUE 'setup: two shifts, one removed; two difficulties, one resolved' '
	cd duty &&
	cutover roster add --unit dai-son --role truc-su-co --person "Nguyễn Văn An" \
		--phone 0912345678 --from "2026-05-29 20:00" --to "T+1d 08:00" \
		--by Lead >/dev/null &&
	cutover roster add --unit dai-son --role truc-su-co --person "Trần Thị Bình" \
		--from "T+1d 08:00" --to "T+1d" --by Lead >/dev/null &&
	cutover roster add --unit so-tai-chinh --role truc-su-co --person "Lê Cường" \
		--from "2026-05-29 20:00" --to "T+1d" --by Lead >/dev/null &&
	cutover roster remove --by Lead --reason "sick" 3 >/dev/null &&
	cutover issue add --unit dai-son --system portal --severity high --by An \
		"cannot log in" >/dev/null &&
	cutover issue add --unit so-tai-chinh --system other --severity low --by Binh \
		"printer" >/dev/null &&
	cutover issue resolve --by Lead --resolution "password reset" 1 >/dev/null &&
	db_query "select seq || '\'' '\'' || kind from events where seq > 1" >kinds &&
	cat >expect <<-\EOF &&
	2 shift-added
	3 shift-added
	4 shift-added
	5 shift-removed
	6 issue-raised
	7 issue-raised
	8 issue-resolved
	EOF
	test_cmp expect kinds &&
	cutover verify >out &&
	test_grep "^ledger ok: 8 events" out &&
	cp -r .cutover clean
'

test_expect_success ROSTER_ISSUE 'the roster: a person renamed in the copy: event 3' '
	duty_fresh &&
	tamper "UPDATE shifts SET person = '\''Mallory'\'' WHERE id = 2" &&
	caught "event 3: shift 2 of run '\''duty'\'': the roster'\''s person differs from the event that added it"
'

test_expect_success ROSTER_ISSUE 'the roster: a shift moved by an hour or its phone changed: event 2' '
	duty_fresh &&
	tamper "UPDATE shifts SET from_at = from_at - 3600 WHERE id = 1" &&
	caught "event 2: shift 1" "start differs" &&
	duty_fresh &&
	tamper "UPDATE shifts SET phone = '\''0999999999'\'' WHERE id = 1" &&
	caught "event 2: shift 1" "phone differs"
'

test_expect_success ROSTER_ISSUE 'the roster: a shift deleted from the copy: event 3' '
	duty_fresh &&
	tamper "DELETE FROM shifts WHERE id = 2" &&
	caught "event 3: shift-added event of run '\''duty'\'': the roster has no shift it added"
'

test_expect_success ROSTER_ISSUE 'the roster: a removed shift put back: event 5' '
	duty_fresh &&
	tamper "UPDATE shifts SET removed_seq = NULL WHERE id = 3" &&
	caught "event 5: shift-removed event of run '\''duty'\'': the roster has no shift it removed"
'

test_expect_success ROSTER_ISSUE 'the roster: a shift added with no event at all: named' '
	duty_fresh &&
	tamper "INSERT INTO shifts (id, run_id, unit_id, role, person, from_at, to_at,
		added_seq) SELECT 9, run_id, unit_id, role, '\''Ghost'\'', from_at, to_at,
		6 FROM shifts WHERE id = 1" &&
	caught "event 6: shift 9 of run '\''duty'\'': the roster'\''s event kind differs"
'

test_expect_success ROSTER_ISSUE 'the difficulties: text, severity, who raised it edited: event 6' '
	for change in "text = '\''all fine'\''" "severity = '\''low'\''" "raised_by = '\''Mallory'\''" \
		"system = '\''other'\''" "raised_at = raised_at + 60" "unit_id = '\''ttpvhcc'\''"
	do
		(duty_fresh && tamper "UPDATE issues SET $change WHERE number = 1") &&
		(cd duty && caught "event 6: difficulty #1 of run '\''duty'\''" "differs from the event that raised it") ||
		return 1
	done
'

test_expect_success ROSTER_ISSUE 'the difficulties: a recipient dropped or added: event 6' '
	duty_fresh &&
	tamper "DELETE FROM issue_recipients WHERE unit_id = '\''cong-an-tinh'\''
		AND issue_id = (SELECT id FROM issues WHERE number = 1)" &&
	caught "event 6: difficulty #1" "recipients differs" &&
	duty_fresh &&
	tamper "INSERT INTO issue_recipients (issue_id, ord, unit_id) SELECT id, 5, '\''dai-son'\'' FROM issues
		WHERE number = 1" &&
	caught "event 6: difficulty #1" "recipients differs"
'

test_expect_success ROSTER_ISSUE 'the difficulties: one deleted from the log: event 7' '
	duty_fresh &&
	tamper "DELETE FROM issue_recipients WHERE issue_id = (SELECT id FROM issues WHERE number = 2);
		DELETE FROM issues WHERE number = 2" &&
	caught "event 7: issue-raised event of run '\''duty'\'': the log has no difficulty it raised"
'

test_expect_success ROSTER_ISSUE 'the difficulties: a resolution reworded or reopened: event 8' '
	duty_fresh &&
	tamper "UPDATE issues SET resolution = '\''nothing to do'\'' WHERE number = 1" &&
	caught "event 8: difficulty #1" "resolution differs from the event that resolved it" &&
	duty_fresh &&
	tamper "UPDATE issues SET resolved_by = NULL, resolved_at = NULL,
		resolution = NULL, resolved_seq = NULL WHERE number = 1" &&
	caught "event 8: issue-resolved event of run '\''duty'\'': the log has no difficulty it resolved"
'

test_expect_success ROSTER_ISSUE 'the difficulties: one marked resolved with no event: named' '
	duty_fresh &&
	tamper "UPDATE issues SET resolved_by = '\''Mallory'\'', resolution = '\''done'\''
		WHERE number = 2" &&
	caught "difficulty #2 of run '\''duty'\'': resolved in the log, but no event resolved it"
'

# Every table, every column. The list of tables comes from the database
# itself (sqlite_master), so a table a later change adds is tried too: a
# workspace that holds a row of each table is made, then each column of
# a row of each table is edited with the sqlite3 client (the triggers
# dropped), one at a time, and verify must exit 1 with one error line
# that names the table and the run. A table nothing seals or recomputes,
# or one without a row here, fails this test.

# web_login_logout CODE : logs in by the one-time link CODE and out again,
# through a server started and stopped here (web_sessions, web_links).
web_login_logout () {
	serve_start || return 1
	web -o /dev/null -c jar -H "Origin: $SERVE_URL" \
		--data-urlencode "person=Binh" "$SERVE_URL/l/$1" &&
	csrf=$(web_csrf jar /u/dai-son) && test -n "$csrf" &&
	web -b jar -o /dev/null -H "Origin: $SERVE_URL" \
		--data-urlencode "csrf=$csrf" "$SERVE_URL/logout"
	web_rc_=$?
	serve_stop
	return $web_rc_
}

test_expect_success SQLITE3_CURL 'setup: a run that fills every table' '
	mkdir every &&
	cp -r "$TEST_DATA/units" every/units &&
	mkdir every/lib &&
	echo "return { due = \"T-6h\" }" >every/lib/shared.lua &&
	cat >every/every.lua <<-\EOT &&
	local shared = require "lib/shared"
	runbook { id = "every-2026", title = "Every table", t0 = "2026-05-29 22:00",
	          units = "units/mini.yaml", duty_window = { "T-2h", "T+1d" } }
	difficulties { systems = { "portal" }, severities = { "high" },
	               route = function(u) return { "ttpvhcc", "cong-an-tinh" } end }
	section { id = "s1", title = "One" }
	step { id = "name", title = "Name", owners = "dai-son", due = shared.due,
	       evidence = { name = "text" } }
	step { id = "file", title = "File", owners = "dai-son", due = "T-4h",
	       requires = { "name" }, evidence = { table = "file" } }
	step { id = "desk", title = "Desk", owners = "dai-son", due = "T-2h",
	       roster = "truc-su-co" }
	labels { roles = { ["truc-su-co"] = { vi = "Trực sự cố", en = "Incident desk" } } }
	EOT
	echo "a,b" >every/table.csv &&
	(
		cd every &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name all --require-tokens every.lua >out &&
		tail -n 1 out >coord &&
		T=$(cat coord) &&
		cutover sign --token "$T" --by An --evidence name=An name@dai-son >/dev/null &&
		cutover sign --token "$T" --by An --attach table.csv file@dai-son >/dev/null &&
		cutover roster add --token "$T" --unit dai-son --role truc-su-co \
			--person Binh --phone 0912345678 --from T-2h --to T+1d \
			--by An >/dev/null &&
		cutover issue add --token "$T" --unit dai-son --system portal \
			--severity high --by An "cannot log in" >/dev/null &&
		cutover token issue --token "$T" --by An --link dai-son \
			>link 2>/dev/null &&
		web_login_logout "$(sed -n "s|.*/l/||p" link)" &&
		cutover verify >out &&
		test_grep "^ledger ok" out &&
		cp -r .cutover clean
	) &&

	sqlite3 every/.cutover/state.db "SELECT name FROM sqlite_master WHERE type = '\''table'\''
		AND name NOT LIKE '\''sqlite_%'\'' ORDER BY name" >tables &&
	test_line_count -ge 14 tables &&
	for t in $(cat tables)
	do
		n=$(sqlite3 every/.cutover/state.db "SELECT count(*) FROM \"$t\"") &&
		test "$n" -gt 0 || {
			echo "table $t has no row: give the setup one (and seal the table)"
			return 1
		}
	done
'

test_expect_success SQLITE3_CURL 'every column of every table edited: verify names the table and the run' '
	cd every &&
	: >tried &&
	for t in $(cat ../tables)
	do
		if sqlite3 clean/state.db "SELECT sql FROM sqlite_master WHERE name = '\''$t'\''" |
			grep "WITHOUT ROWID" >/dev/null
		then
			pk=$(sqlite3 clean/state.db "SELECT group_concat(name, '\'','\'')
				FROM (SELECT name FROM pragma_table_info('\''$t'\'')
				WHERE pk > 0 ORDER BY pk)") &&
			row="($pk) = (SELECT $pk FROM \"$t\" ORDER BY $pk LIMIT 1)"
		else
			row="rowid = (SELECT min(rowid) FROM \"$t\")"
		fi &&
		for col in $(sqlite3 clean/state.db "SELECT name || '\'':'\'' || type
			FROM pragma_table_info('\''$t'\'')")
		do
			c=${col%%:*} &&
			case ${col#*:} in
			INTEGER) null=1 ;;
			BLOB) null="X'\''78'\''" ;;
			*) null="'\''x'\''" ;;
			esac &&
			rm -rf .cutover && cp -r clean .cutover &&
			sqlite3 .cutover/state.db "PRAGMA ignore_check_constraints = ON;
				DROP TRIGGER IF EXISTS events_no_update;
				DROP TRIGGER IF EXISTS events_no_delete;
				UPDATE \"$t\" SET \"$c\" = CASE
					WHEN \"$c\" IS NULL THEN $null
					WHEN typeof(\"$c\") = '\''integer'\'' THEN \"$c\" + 1000
					WHEN typeof(\"$c\") = '\''blob'\''
						THEN CAST(\"$c\" || '\''x'\'' AS BLOB)
					ELSE \"$c\" || '\''x'\'' END
				WHERE $row; SELECT changes()" >changed &&
			echo 1 >one &&
			test_cmp one changed &&
			echo "$t.$c" >>tried &&
			test_expect_code 1 cutover verify >out 2>err || {
				echo "edit of $t.$c not caught"
				return 1
			}
			test_line_count = 0 out &&
			test_line_count = 1 err &&
			grep "table [a-z_, ]*\b$t\b" err >/dev/null &&
			grep "'\''all\|run id [0-9]" err >/dev/null || {
				echo "edit of $t.$c: the table or the run is not named:"
				cat err
				return 1
			}
		done || return 1
	done &&
	test_line_count -ge 100 tried
'

test_done
