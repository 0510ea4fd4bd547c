#!/bin/sh
test_description='unit tokens: a run that requires them lets no unit act for another'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-ledger.sh"

SQ="'"
ISSUE_DATA=$REPO_ROOT/tests/data/issue
ROSTER_DATA=$REPO_ROOT/tests/data/roster

# refused TEXT... ARGS : 'cutover ARGS' exits 1 with one error line holding
# TEXT, nothing on stdout, and the database unchanged. TEXT is one word
# list (use '|' for none); ARGS follow '--'.
refused () {
	refused_text_=$1
	shift 2
	db_snapshot before &&
	test_expect_code 1 cutover "$@" >out 2>err &&
	test_line_count = 0 out &&
	test_one_error err "$refused_text_" &&
	db_snapshot after &&
	test_cmp before after
}

# token_id TOKEN : the id in a token cut_<id>_<secret>.
token_id () {
	echo "$1" | cut -c5-16
}

# auth_of SEQ : the events.auth of event SEQ ('' for none).
auth_of () {
	db_query "select coalesce(auth, '') from events where seq = $1"
}

FOCAL="--evidence name=An --evidence phone=0912345678"

test_expect_success 'start --require-tokens prints the coordinator token once, last' '
	cutover init >/dev/null &&
	cutover start --rehearsal --name drill --require-tokens \
		"$TEST_DATA/mini.lua" >start.out &&
	test_line_count = 3 start.out &&
	test_grep "^started rehearsal .drill." start.out &&
	test_grep "unit actions require tokens" start.out &&
	tail -n 1 start.out >coordinator &&
	test_grep -E "^cut_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$" coordinator &&
	db_query "select kind, coalesce(unit_id, \"-\"), coalesce(auth, \"-\")
		from events order by seq" >actual &&
	printf "start|-|-\ntoken-issued|-|-\n" >expect &&
	test_cmp expect actual &&
	db_query "select evidence from events where kind = \"start\"" >ev &&
	test_grep "\"require_tokens\":true" ev
'

test_expect_success 'no secret is stored: not in the database, not in the list' '
	secret=$(cut -c18- coordinator) &&
	sqlite3 .cutover/state.db .dump >dump &&
	test_grep ! -e "$secret" dump &&
	test_grep -F "\$argon2id\$v=19\$m=8192,t=2,p=1\$" dump &&
	cutover token list >list &&
	test_grep ! -e "$secret" list &&
	test_grep "$(token_id $(cat coordinator))  (coordinator)" list
'

test_expect_success 'a unit action without a token is refused, nothing written' '
	refused "requires a token to sign" -- \
		sign --by An $FOCAL focal-point@dai-son &&
	refused "requires a token to skip" -- \
		skip --by An --reason x focal-point@dai-son
'

test_expect_success 'issuing tokens needs the coordinator token in such a run' '
	refused "requires a token to issue tokens" -- token issue dai-son &&
	cutover token issue --token "$(cat coordinator)" dai-son \
		>dai-son.token 2>issued &&
	test_grep "^issued token [0-9a-f]* for dai-son (Xã Đại Sơn)" issued &&
	test_grep -E "^cut_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$" dai-son.token &&
	cutover token issue --token "$(cat coordinator)" so-tai-chinh \
		>so-tai-chinh.token 2>/dev/null &&
	refused "only the coordinator" -- token issue \
		--token "$(cat dai-son.token)" so-tai-chinh &&
	refused "no unit" -- token issue --token "$(cat coordinator)" nowhere
'

test_expect_success 'wrong, malformed or foreign tokens are refused, nothing written' '
	refused "invalid token for run" -- sign --by An $FOCAL \
		--token "cut_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
		focal-point@dai-son &&
	wrong=$(sed "s/.$/x/" dai-son.token) &&
	test "$wrong" != "$(cat dai-son.token)" &&
	refused "invalid token for run" -- sign --by An $FOCAL \
		--token "$wrong" focal-point@dai-son &&
	refused "is not a cutover token" -- sign --by An $FOCAL \
		--token "letmein" focal-point@dai-son &&
	refused "cannot act for unit ${SQ}dai-son${SQ}" -- sign --by An $FOCAL \
		--token "$(cat so-tai-chinh.token)" focal-point@dai-son
'

test_expect_success 'a unit signs its own task with its token, and the event says so' '
	cutover sign --by An $FOCAL --token "$(cat dai-son.token)" \
		focal-point@dai-son >out &&
	test_grep "^signed focal-point@dai-son (event 5)$" out &&
	auth_of 5 >actual &&
	echo "unit:$(token_id $(cat dai-son.token))" >expect &&
	test_cmp expect actual
'

test_expect_success 'CUTOVER_TOKEN serves when --token is not given' '
	CUTOVER_TOKEN=$(cat so-tai-chinh.token) cutover sign --by Binh $FOCAL \
		focal-point@so-tai-chinh >out &&
	test_grep "^signed focal-point@so-tai-chinh" out &&
	CUTOVER_TOKEN=$(cat so-tai-chinh.token) test_expect_code 1 cutover \
		block --by Binh --reason x "daily-report@dai-son#2026-05-30" \
		2>err &&
	test_one_error err "cannot act for unit"
'

test_expect_success 'the coordinator acts on a unit'\''s behalf, and the event says so' '
	cutover block --by "Điều phối" --reason "no network" \
		--token "$(cat coordinator)" "daily-report@dai-son#2026-05-30" >out &&
	test_grep "^marked daily-report@dai-son#2026-05-30 blocked" out &&
	seq=$(event_count) &&
	db_query "select unit_id, auth from events where seq = $seq" >actual &&
	echo "dai-son|coordinator:$(token_id $(cat coordinator))" >expect &&
	test_cmp expect actual
'

test_expect_success 'the unit'\''s checklist says how each state was entered' '
	cutover report --lang en -o unit.md unit dai-son >/dev/null &&
	test_grep "^  - State: done at .*, by An (authenticated by the unit${SQ}s token)$" unit.md &&
	test_grep "^  - State: blocked at .*, by Điều phối (entered by the coordinator on the unit${SQ}s behalf)$" unit.md &&
	cutover report -o unit-vi.md unit dai-son >/dev/null &&
	test_grep "(xác thực bằng mã của đơn vị)$" unit-vi.md
'

test_expect_success 'a revoked token is refused from then on' '
	refused "cannot act for unit ${SQ}so-tai-chinh${SQ}" -- token revoke \
		--by X --token "$(cat dai-son.token)" \
		"$(token_id $(cat so-tai-chinh.token))" &&
	refused "only the coordinator" -- token revoke --by X \
		--token "$(cat dai-son.token)" "$(token_id $(cat coordinator))" &&
	cutover token revoke --by "Điều phối" --reason "lost" \
		--token "$(cat coordinator)" "$(token_id $(cat dai-son.token))" >out &&
	test_grep "^revoked token $(token_id $(cat dai-son.token)) (dai-son)$" out &&
	refused "was revoked" -- sign --by An --token "$(cat dai-son.token)" \
		"daily-report@dai-son#2026-05-31" &&
	cutover token revoke --by X --token "$(cat coordinator)" \
		"$(token_id $(cat dai-son.token))" >out &&
	test_grep "revoked already" out &&
	cutover --json token list >list.json &&
	test_json list.json &&
	test_grep "\"revoked\":true" list.json
'

test_expect_success 'a unit revokes its own token' '
	cutover token issue --token "$(cat coordinator)" so-tai-chinh \
		>spare.token 2>/dev/null &&
	cutover token revoke --by Binh --token "$(cat so-tai-chinh.token)" \
		"$(token_id $(cat spare.token))" >out &&
	test_grep "^revoked token" out
'

test_expect_success 'import: every row needs the token of its unit' '
	cat >rows.csv <<-EOF &&
	task,by,phone,name
	daily-report@so-tai-chinh#2026-05-30,Binh,,
	daily-report@dai-son#2026-05-31,An,,
	EOF
	db_snapshot before &&
	CUTOVER_NOW="2026-05-31 09:00" test_expect_code 1 cutover import \
		signoffs --token "$(cat so-tai-chinh.token)" rows.csv >out 2>err &&
	test_grep "^cutover: rows.csv:3: .*cannot act for unit ${SQ}dai-son${SQ}" err &&
	test_grep "1 of 2 rows refused; nothing recorded" err &&
	db_snapshot after &&
	test_cmp before after &&
	CUTOVER_NOW="2026-05-31 09:00" \
		cutover import signoffs --token "$(cat coordinator)" rows.csv >out &&
	test_grep "^imported rows.csv: 2 recorded" out
'

test_expect_success 'upgrade is the coordinator'\''s alone' '
	refused "only the coordinator${SQ}s token may upgrade the run" -- \
		upgrade --to HEAD --token "$(cat so-tai-chinh.token)" &&
	refused "requires a token to upgrade the run" -- upgrade --to HEAD
'

test_expect_success 'the ledger verifies, with every event of the run authenticated' '
	cutover verify >out &&
	test_grep "^ledger ok" out &&
	db_query "select count(*) from events where auth is null" >actual &&
	echo 2 >expect &&
	test_cmp expect actual
'

test_expect_success 'a run that does not require tokens records none, and checks one given' '
	mkdir open && (
		cd open &&
		mini_workspace &&
		cutover sign --by An $FOCAL focal-point@dai-son >out &&
		auth_of 2 >actual &&
		echo >expect &&
		test_cmp expect actual &&
		cutover token issue so-tai-chinh >sotc.token 2>/dev/null &&
		refused "cannot act for unit" -- skip --by B --reason x \
			--token "$(cat sotc.token)" "daily-report@dai-son#2026-05-30" &&
		refused "invalid token" -- sign --by B $FOCAL \
			--token "cut_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
			focal-point@so-tai-chinh &&
		cutover sign --by B $FOCAL --token "$(cat sotc.token)" \
			focal-point@so-tai-chinh >out &&
		test_grep "^signed" out &&
		seq=$(event_count) &&
		auth_of $seq >actual &&
		echo "unit:$(token_id $(cat sotc.token))" >expect &&
		test_cmp expect actual &&
		cutover verify >/dev/null
	)
'

test_expect_success 'rosters: a unit adds and removes only its own shifts' '
	mkdir duty && (
		cd duty &&
		cutover init >/dev/null &&
		cp "$ROSTER_DATA/good.csv" good.csv &&
		cutover start --rehearsal --require-tokens \
			"$ROSTER_DATA/duty.lua" >start.out &&
		tail -n 1 start.out >coordinator &&
		cutover token issue --token "$(cat coordinator)" dai-son \
			>dai-son.token 2>/dev/null &&
		refused "requires a token to change a roster" -- roster add \
			--unit dai-son --role truc-ho-tro --person P \
			--from "2026-05-29 20:00" --to "2026-05-30 08:00" --by V &&
		refused "cannot act for unit" -- roster add \
			--token "$(cat dai-son.token)" --unit so-tai-chinh \
			--role truc-su-co --person P --from "2026-05-29 20:00" \
			--to "2026-05-30 08:00" --by V &&
		cutover token issue --token "$(cat coordinator)" so-tai-chinh \
			>so-tai-chinh.token 2>/dev/null &&
		refused "good.csv:2: field ${SQ}unit${SQ}: token" -- roster import \
			--token "$(cat so-tai-chinh.token)" --by V \
			good.csv &&
		refused "is not a cutover token" -- roster import \
			--token "$(cat coordinator)x" --by V good.csv &&
		cutover roster import --token "$(cat dai-son.token)" --by V \
			good.csv >out &&
		test_grep "2 added" out &&
		cutover roster add --token "$(cat coordinator)" --unit so-tai-chinh \
			--role truc-su-co --person P --from "2026-05-29 20:00" \
			--to "2026-05-30 08:00" --by V >out &&
		shift=$(sed -n "s/^added shift \([0-9]*\):.*/\1/p" out) &&
		refused "cannot act for unit" -- roster remove \
			--token "$(cat dai-son.token)" --by V --reason x "$shift" &&
		cutover roster remove --token "$(cat coordinator)" --by V \
			--reason x "$shift" >out &&
		cutover verify >/dev/null
	)
'

test_expect_success 'difficulties: raised with the unit'\''s token, resolved by a recipient'\''s' '
	mkdir issue && (
		cd issue &&
		cutover init >/dev/null &&
		cutover start --rehearsal --require-tokens \
			"$ISSUE_DATA/routed.lua" >start.out &&
		tail -n 1 start.out >coordinator &&
		for u in dai-son so-tai-chinh mobifone
		do
			cutover token issue --token "$(cat coordinator)" $u \
				>$u.token 2>/dev/null || return 1
		done &&
		refused "cannot act for unit" -- issue add --unit dai-son \
			--system portal --severity high --by V \
			--token "$(cat so-tai-chinh.token)" "Lỗi" &&
		cutover issue add --unit dai-son --system portal --severity high \
			--by V --token "$(cat dai-son.token)" "Lỗi đăng nhập" >out &&
		test_grep "^difficulty #1 recorded" out &&
		refused "not routed to its unit" -- issue resolve --by X \
			--resolution ok --token "$(cat so-tai-chinh.token)" 1 &&
		cutover issue resolve --by "Kỹ thuật" --resolution "đã sửa" \
			--token "$(cat mobifone.token)" 1 >out &&
		test_grep "^difficulty #1 resolved" out &&
		cutover verify >/dev/null
	)
'

# Tampering with tokens: the chain resealed after each edit, so only the
# checks of the ledger's copies can find it.
test_expect_success PYTHON3 'tampering: a planted hash, a relabelled or stripped auth, the run flag' '
	cp -r .cutover clean &&
	tamper "UPDATE tokens SET hash = (SELECT hash FROM tokens
		WHERE unit_id = '\''so-tai-chinh'\'' LIMIT 1)
		WHERE unit_id IS NULL" &&
	test_expect_code 1 cutover verify 2>err &&
	test_one_error err "token $(token_id $(cat coordinator))" \
		"secret${SQ}s hash differs from the event that issued it" &&
	rm -rf .cutover && cp -r clean .cutover &&
	tamper "UPDATE events SET auth = '\''unit:$(token_id $(cat so-tai-chinh.token))'\''
		WHERE seq = 5" &&
	reseal &&
	test_expect_code 1 cutover verify 2>err &&
	test_one_error err "event 5:" "acting for unit dai-son" &&
	rm -rf .cutover && cp -r clean .cutover &&
	tamper "UPDATE events SET auth = NULL WHERE seq = 5" &&
	reseal &&
	test_expect_code 1 cutover verify 2>err &&
	test_one_error err "event 5:" "carries no token, but the run requires them" &&
	rm -rf .cutover && cp -r clean .cutover &&
	tamper "UPDATE runs SET require_tokens = 0" &&
	test_expect_code 1 cutover verify 2>err &&
	test_one_error err "event 1:" "whether it requires tokens differs" &&
	rm -rf .cutover && cp -r clean .cutover &&
	tamper "UPDATE events SET auth = '\''coordinator:$(token_id $(cat dai-son.token))'\''
		WHERE seq = 5" &&
	reseal &&
	test_expect_code 1 cutover verify 2>err &&
	test_one_error err "event 5:" "but the token is unit dai-son${SQ}s" &&
	rm -rf .cutover && cp -r clean .cutover &&
	cutover verify >/dev/null
'

test_done
