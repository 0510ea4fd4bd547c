#!/bin/sh
test_description='sign, skip, fail, block, reopen on the small test runbook'
. "$(dirname "$0")/lib.sh"

# nothing_written : the database is as db_snapshot left it in 'before'.
nothing_written () {
	db_snapshot after &&
	test_cmp before after
}

test_expect_success 'setup: a rehearsal of the test runbook, two attachments' '
	mini_workspace &&
	printf "code,fee\n1.001,50000\n" >fees.csv &&
	printf "id\n1\n" >accounts.csv
'

test_expect_success 'sign with valid evidence: exit 0, "signed KEY", one event' '
	event_count >before &&
	cutover sign --by "Nguyễn Văn An" --evidence name="Nguyễn Văn An" \
		--evidence phone=0912345678 --evidence email=an@example.vn \
		focal-point@dai-son >out 2>err &&
	test_line_count = 0 err &&
	test_grep "^signed focal-point@dai-son" out &&
	event_count >after &&
	echo $(( $(cat before) + 1 )) >expect &&
	test_cmp expect after
'

test_expect_success 'the event holds who, the unit, the kind and the evidence' '
	db_query "select kind, actor, unit_id, task_key from events order by seq desc limit 1" >actual &&
	echo "done|Nguyễn Văn An|dai-son|focal-point@dai-son" >expect &&
	test_cmp expect actual &&
	db_query "select evidence from events order by seq desc limit 1" >ev &&
	test_grep "0912345678" ev &&
	test_grep "an@example.vn" ev &&
	db_query "select state from tasks where key = '\''focal-point@dai-son'\''" >actual &&
	echo done >expect &&
	test_cmp expect actual
'

test_expect_success 'signing the same task again: exit 0, "already", nothing recorded' '
	db_snapshot before &&
	cutover sign --by Other --evidence name=Other --evidence phone=0987654321 \
		focal-point@dai-son >out 2>err &&
	test_grep "already" out &&
	nothing_written
'

test_expect_success 'an unknown task: exit 1 naming the key, nothing written' '
	db_snapshot before &&
	test_expect_code 1 cutover sign --by An nope@dai-son >out 2>err &&
	test_one_error err "nope@dai-son" &&
	test_line_count = 1 err &&
	test_expect_code 1 cutover sign --by An focal-point@nobody >out 2>err &&
	test_one_error err "focal-point@nobody" &&
	nothing_written
'

# sign_refused TEXT... -- SIGN-ARGS... : sign exits 1 with one error line
# holding each TEXT and writes nothing.
sign_refused () {
	sign_texts_=
	while test "$1" != "--"
	do
		sign_texts_="$sign_texts_ \"$1\""
		shift
	done
	shift
	db_snapshot before &&
	test_expect_code 1 cutover sign --by An "$@" >out 2>err &&
	eval "test_one_error err $sign_texts_" &&
	nothing_written
}

test_expect_success 'an unknown evidence field is refused' '
	sign_refused "color" -- --evidence name=An --evidence phone=0912345678 \
		--evidence color=red focal-point@so-tai-chinh &&
	test_line_count = 1 err
'

test_expect_success 'a missing required field is refused, naming it' '
	sign_refused "phone" -- --evidence name=An focal-point@so-tai-chinh &&
	test_line_count = 1 err
'

test_expect_success 'an optional field may be left out' '
	cutover sign --by An --evidence name=An --evidence phone="+84 912 345 678" \
		focal-point@so-tai-chinh >out &&
	test_grep "^signed focal-point@so-tai-chinh" out
'

test_expect_success 'a mistyped phone, email, date, money, int, bool, url' '
	cutover reopen --by An --reason "again" focal-point@so-tai-chinh >/dev/null &&
	sign_refused "phone" "12" -- --evidence name=An --evidence phone=12 \
		focal-point@so-tai-chinh &&
	sign_refused "email" "'\''x'\''" -- --evidence name=An --evidence phone=0912345678 \
		--evidence email=x focal-point@so-tai-chinh &&
	sign_refused "effective" "2026-02-30" -- --evidence amount=5 \
		--evidence effective=2026-02-30 --attach table=fees.csv fees@so-tai-chinh &&
	sign_refused "amount" "-5" -- --evidence amount=-5 \
		--evidence effective=2026-05-01 --attach table=fees.csv fees@so-tai-chinh &&
	sign_refused "amount" "1,5" -- --evidence amount=1,5 \
		--evidence effective=2026-05-01 --attach table=fees.csv fees@so-tai-chinh &&
	sign_refused "site" "ftp://x" -- --evidence amount=5 --evidence site=ftp://x \
		--evidence effective=2026-05-01 --attach table=fees.csv fees@so-tai-chinh &&
	sign_refused "reviewed" "abc" -- --evidence reviewed=abc --evidence fixed=1 \
		--force accounts@dai-son &&
	sign_refused "confirmed" "maybe" -- --evidence confirmed=maybe --evidence by=X \
		--force go@ttpvhcc &&
	sign_refused "name" -- --evidence "name=  " --evidence phone=0912345678 \
		focal-point@so-tai-chinh
'

test_expect_success 'a field given twice is refused' '
	sign_refused "name" -- --evidence name=A --evidence name=B \
		--evidence phone=0912345678 focal-point@so-tai-chinh
'

test_expect_success 'a failing check: refused with its reason' '
	sign_refused "accounts" -- --evidence reviewed=3 --evidence fixed=5 \
		accounts@dai-son &&
	test_grep "^  - fixed (5) exceeds reviewed (3)$" err &&
	test_line_count = 2 err
'

test_expect_success 'a check with several reasons shows each' '
	sign_refused "accounts@dai-son" -- --evidence reviewed=0 --evidence fixed=0 \
		accounts@dai-son &&
	test_grep "^  - nothing reviewed$" err &&
	test_grep "^  - review at least one account$" err &&
	test_line_count = 3 err
'

test_expect_success 'an attachment that does not exist is refused' '
	sign_refused "nothere.csv" -- --evidence amount=5 --evidence effective=2026-05-01 \
		--attach table=nothere.csv fees@so-tai-chinh &&
	test_line_count = 1 err
'

test_expect_success 'an attachment for a field that is not a file is refused' '
	sign_refused "name" -- --evidence name=An --evidence phone=0912345678 \
		--attach name=fees.csv focal-point@so-tai-chinh
'

test_expect_success 'every evidence type, well formed, signs; the file is stored' '
	cutover sign --by An --evidence amount=1500000 --evidence effective=30/05/2026 \
		--evidence site=https://dichvucong.gov.vn --attach table=fees.csv \
		fees@so-tai-chinh >out &&
	test_grep "^signed fees@so-tai-chinh" out &&
	db_query "select evidence from events order by seq desc limit 1" >ev &&
	test_grep "2026-05-30" ev &&
	test_grep "fees.csv" ev &&
	db_query "select count(*) from attachments" >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	db_query "select writefile('\''stored'\'', content) from attachments" >/dev/null &&
	test_cmp fees.csv stored
'

test_expect_success 'requires not met: refused naming what is open' '
	sign_refused "accounts@so-tai-chinh" "focal-point@so-tai-chinh" "--force" -- \
		--evidence reviewed=3 --evidence fixed=1 accounts@so-tai-chinh &&
	test_line_count = 1 err
'

test_expect_success '--force signs although required tasks are open' '
	cutover sign --by An --evidence reviewed=3 --evidence fixed=1 \
		--attach export=accounts.csv --force accounts@so-tai-chinh >out &&
	test_grep "^signed accounts@so-tai-chinh" out
'

test_expect_success 'requires met: signs without --force' '
	cutover sign --by An --evidence reviewed=3 --evidence fixed=1 \
		accounts@dai-son >out &&
	test_grep "^signed accounts@dai-son" out
'

test_expect_success 'a daily recurring task signs by its dated key' '
	cutover sign --by An daily-report@dai-son#2026-05-30 >out &&
	test_grep "^signed daily-report@dai-son#2026-05-30" out &&
	cutover status --unit dai-son >out &&
	test_grep "done  *daily-report@dai-son#2026-05-30" out &&
	test_grep "pending  *daily-report@dai-son#2026-05-31" out
'

test_expect_success 'sign without --by is bad usage; --evidence without = too' '
	db_snapshot before &&
	test_expect_code 2 cutover sign --evidence name=An --evidence phone=0912345678 \
		focal-point@so-tai-chinh >out 2>err &&
	test_one_error err "--by" &&
	test_expect_code 2 cutover sign --by An --evidence name \
		focal-point@so-tai-chinh >out 2>err &&
	test_one_error err "name" &&
	test_expect_code 2 cutover sign --by An >out 2>err &&
	test_one_error err &&
	nothing_written
'

for cmd in skip fail block reopen
do
	test_expect_success "$cmd without --reason or --by is bad usage (exit 2)" '
		db_snapshot before &&
		test_expect_code 2 cutover '$cmd' --by An daily-report@ttpvhcc#2026-05-31 >out 2>err &&
		test_one_error err "--reason" &&
		test_line_count = 1 err &&
		test_expect_code 2 cutover '$cmd' --reason why daily-report@ttpvhcc#2026-05-31 >out 2>err &&
		test_one_error err "--by" &&
		nothing_written
	'
done

test_expect_success 'skip, fail, block: each recorded, each shown by status --unit' '
	cutover skip --by An --reason "not ours" daily-report@ttpvhcc#2026-05-30 >out &&
	test_grep "daily-report@ttpvhcc#2026-05-30" out &&
	cutover fail --by An --reason "portal down" daily-report@ttpvhcc#2026-05-31 >out &&
	test_grep "daily-report@ttpvhcc#2026-05-31" out &&
	cutover block --by An --reason "waiting for VNPT" daily-report@ttpvhcc#2026-06-01 >out &&
	test_grep "daily-report@ttpvhcc#2026-06-01" out &&
	cutover status --unit ttpvhcc >out &&
	test_grep "skipped  *daily-report@ttpvhcc#2026-05-30" out &&
	test_grep "failed  *daily-report@ttpvhcc#2026-05-31" out &&
	test_grep "blocked  *daily-report@ttpvhcc#2026-06-01" out &&
	db_query "select kind, comment from events where task_key like '\''daily-report@ttpvhcc%'\'' order by seq" >actual &&
	cat >expect <<-\EOT &&
	skipped|not ours
	failed|portal down
	blocked|waiting for VNPT
	EOT
	test_cmp expect actual
'

test_expect_success 'status counts the blocked and failed tasks' '
	cutover status >out &&
	test_grep "2 blocked or failed" out
'

test_expect_success 'a skipped task is not signed until reopened' '
	db_snapshot before &&
	test_must_fail cutover sign --by An daily-report@ttpvhcc#2026-05-30 >out 2>err &&
	test_one_error err "daily-report@ttpvhcc#2026-05-30" &&
	nothing_written
'

test_expect_success 'reopen: pending again; then sign works' '
	cutover reopen --by An --reason "it applies after all" \
		daily-report@ttpvhcc#2026-05-30 >out &&
	test_grep "daily-report@ttpvhcc#2026-05-30" out &&
	cutover status --unit ttpvhcc >out &&
	test_grep "pending  *daily-report@ttpvhcc#2026-05-30" out &&
	cutover sign --by An daily-report@ttpvhcc#2026-05-30 >out &&
	test_grep "^signed daily-report@ttpvhcc#2026-05-30" out &&
	cutover status --unit ttpvhcc >out &&
	test_grep "done  *daily-report@ttpvhcc#2026-05-30" out
'

test_expect_success 'reopen of a signed task, then sign again with new evidence' '
	cutover reopen --by An --reason "wrong phone" focal-point@dai-son >out &&
	cutover sign --by An --evidence name=An --evidence phone=0987654321 \
		focal-point@dai-son >out &&
	test_grep "^signed focal-point@dai-son" out &&
	db_query "select kind from events where task_key = '\''focal-point@dai-son'\'' order by seq" >actual &&
	printf "done\nreopened\ndone\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'reopen of an open task is refused' '
	db_snapshot before &&
	test_must_fail cutover reopen --by An --reason x daily-report@ttpvhcc#2026-06-02 >out 2>err &&
	test_one_error err "daily-report@ttpvhcc#2026-06-02" &&
	nothing_written
'

test_expect_success 'the ledger verifies after all of that' '
	cutover verify >out &&
	test_grep "^ledger ok" out
'

test_expect_success 'setup: a runbook whose check misbehaves at sign-off' '
	mkdir trap &&
	cp -r "$TEST_DATA/units" trap/units &&
	cat >trap/trap.lua <<-\EOT &&
	runbook { id = "trap", title = "Trap", t0 = "2026-05-29 22:00", units = "units/mini.yaml" }
	section { id = "s1", title = "S" }
	step {
	  id = "t", title = "T", owners = all(), due = "T",
	  evidence = { mode = "text" },
	  check = function(ev, ctx)
	    if ev.mode == "loop" then while true do end end
	    if ev.mode == "mem" then local t = {} for i = 1, 1e8 do t[i] = ("x"):rep(100) end end
	    if ev.mode == "error" then error("boom") end
	    if ev.mode == "os" then os.execute("touch pwned") return true end
	    if ev.mode == "io" then io.open("pwned", "w"):close() return true end
	    if ev.mode == "bad" then return 42 end
	    return true
	  end,
	}
	EOT
	mkdir trapws &&
	cd trapws &&
	cutover init >/dev/null &&
	cutover start --rehearsal ../trap/trap.lua >/dev/null
'

# The os and io cases would sign (return true) if the sandbox let them
# through: only the missing library refuses them.
test_expect_success TIMEOUT 'a check that loops, bombs memory, errors or escapes is refused' '
	cd trapws &&
	for case in "loop:instruction budget exhausted" \
		"mem:not enough memory" "error:boom" \
		"os:attempt to index a nil value (global '\''os'\'')" \
		"io:attempt to index a nil value (global '\''io'\'')" \
		"bad:check must return true"
	do
		mode=${case%%:*} &&
		db_snapshot before &&
		test_must_fail timeout 20 "$CUTOVER" sign --by An --evidence mode=$mode \
			t@dai-son >out 2>err &&
		test_one_error err "trap.lua:" "${case#*:}" &&
		nothing_written || return 1
	done &&
	! test -e pwned &&
	cutover sign --by An --evidence mode=fine t@dai-son >out &&
	test_grep "^signed t@dai-son" out
'

test_done
