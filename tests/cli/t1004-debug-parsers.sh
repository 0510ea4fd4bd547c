#!/bin/sh
test_description='cutover debug: the time and evidence parsers, as golden tables'
. "$(dirname "$0")/lib.sh"

T0='2026-05-29 22:00'

# Each line: EXPR <tab> what `debug time EXPR T0` prints, or ERROR.
cat >times <<'EOF_TIMES'
T	2026-05-29 22:00
T-6h	2026-05-29 16:00
T+1d	2026-05-30 22:00
T+90m	2026-05-29 23:30
T-1d12h	2026-05-28 10:00
T+1d 16:00	2026-05-30 16:00
T+2d 16:00	2026-05-31 16:00
2026-05-30 08:00	2026-05-30 08:00
30/05/2026 08:00	2026-05-30 08:00
T+2x	ERROR
T+	ERROR
2026-02-30 08:00	ERROR
30/05/2026 25:00	ERROR
tomorrow	ERROR
EOF_TIMES

# Each line: TYPE <tab> VALUE <tab> the normalised value, or ERROR.
cat >evidence <<'EOF_EVIDENCE'
phone	0912345678	0912345678
phone	+84 912 345 678	0912345678
phone	12	ERROR
phone	09123456789012	ERROR
email	an@example.vn	an@example.vn
email	x	ERROR
email	a@b@c	ERROR
url	https://dichvucong.gov.vn	https://dichvucong.gov.vn
url	ftp://x	ERROR
int	42	42
int	-7	-7
int	abc	ERROR
int	4.2	ERROR
money	1500000	1500000
money	1.500.000	1500000
money	-5	ERROR
date	2026-05-30	2026-05-30
date	30/05/2026	2026-05-30
date	29/02/2028	2028-02-29
date	2026-02-30	ERROR
date	29/02/2027	ERROR
bool	yes	true
bool	no	false
bool	có	true
bool	maybe	ERROR
text	 	ERROR
EOF_EVIDENCE

test_expect_success 'debug time: every form of docs/runbook-language.md' '
	while IFS="	" read -r expr want
	do
		if test "$want" = ERROR
		then
			test_expect_code 1 cutover debug time "$expr" "$T0" >out 2>err &&
			test_one_error err &&
			test_line_count = 1 err || {
				echo >&4 "for: $expr"
				return 1
			}
		else
			cutover debug time "$expr" "$T0" >out &&
			echo "$want" >expect &&
			test_cmp expect out || {
				echo >&4 "for: $expr"
				return 1
			}
		fi
	done <times
'

test_expect_success 'debug evidence: values normalised, bad ones refused in one line' '
	while IFS="	" read -r type value want
	do
		if test "$want" = ERROR
		then
			test_expect_code 1 cutover debug evidence "$type" "$value" >out 2>err &&
			test_one_error err &&
			test_line_count = 1 err || {
				echo >&4 "for: $type $value"
				return 1
			}
		else
			cutover debug evidence "$type" "$value" >out &&
			echo "$want" >expect &&
			test_cmp expect out || {
				echo >&4 "for: $type $value"
				return 1
			}
		fi
	done <evidence
'

test_expect_success 'debug without a known subcommand is bad usage' '
	test_expect_code 2 cutover debug nope >out 2>err &&
	test_expect_code 2 cutover debug >out 2>err
'

test_done
