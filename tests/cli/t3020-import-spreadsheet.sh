#!/bin/sh
test_description='import: a template filled in a spreadsheet and saved by it (LibreOffice), BOM, CRLF and ; read back, untouched rows left out'
. "$(dirname "$0")/lib.sh"

SQ="'"

# soffice_convert FORMAT FILE... : LibreOffice without its GUI converts each
# FILE into FORMAT in the folder saved/, with a profile (and HOME) of its own
# in the trash directory; the CSV it reads is UTF-8, as the Text Import
# dialog offers it for a file that starts with a byte-order mark.
soffice_convert () {
	soffice_format_=$1
	shift
	HOME=$TRASH_DIRECTORY timeout 300 soffice \
		-env:UserInstallation=file://$TRASH_DIRECTORY/lo-profile \
		--headless --infilter=CSV:44,34,76,1 \
		--convert-to "$soffice_format_" --outdir saved "$@" >soffice.out 2>&1
}

test_expect_success 'setup: a rehearsal of the mini runbook, the template of Đại Sơn' '
	mini_workspace &&
	CUTOVER_NOW="2026-05-29 09:00" cutover import template --unit "Đại Sơn" >out &&
	test_grep "^wrote dai-son.daily-report.csv: 7 tasks$" out &&
	grep -c "^daily-report@dai-son#" dai-son.daily-report.csv >count &&
	echo 7 >expect &&
	test_cmp expect count
'

CUTOVER_NOW='2026-05-31 09:00'
export CUTOVER_NOW

test_expect_success SOFFICE,TIMEOUT 'a template filled in one row and saved by LibreOffice imports that row and ignores the rest' '
	mkdir filled &&
	sed "s/^daily-report@dai-son#2026-05-31,,,,/daily-report@dai-son#2026-05-31,skip,Lê An,,\"nghỉ; mất điện\"/" \
		dai-son.daily-report.csv >filled/dai-son.daily-report.csv &&
	soffice_convert ods filled/dai-son.daily-report.csv &&
	test -s saved/dai-son.daily-report.ods &&
	mv saved/dai-son.daily-report.ods . &&
	soffice_convert "csv:Text - txt - csv (StarCalc):59,34,76,1" dai-son.daily-report.ods &&
	sed -n 1p saved/dai-son.daily-report.csv >head &&
	test_grep "^\"task\";\"action\";\"by\"" head &&
	test_grep "^\"# Report before 16:00\";\"done (xong)" saved/dai-son.daily-report.csv &&
	test_grep "\"nghỉ; mất điện\"" saved/dai-son.daily-report.csv &&
	db_snapshot before &&
	cutover import signoffs saved/dai-son.daily-report.csv >out 2>err &&
	test_line_count = 0 err &&
	cat >expect <<-\EOF &&
	skipped daily-report@dai-son#2026-05-31 (event 2)
	imported saved/dai-son.daily-report.csv: 1 recorded (events 2-2), 0 so already
	6 untouched rows left out
	EOF
	test_cmp expect out &&
	db_query "select seq, kind, task_key, actor, comment from events where seq > 1" >actual &&
	echo "2|skipped|daily-report@dai-son#2026-05-31|Lê An|nghỉ; mất điện" >expect &&
	test_cmp expect actual
'

# reset_db : back to the run as it started, nothing signed.
reset_db () {
	rm -rf .cutover && mini_workspace
}

test_expect_success 'BOM, CRLF, ; and quoted fields, a comment row, untouched rows: one row imported' '
	reset_db &&
	printf "\357\273\277task;action;by;time;comment\r\n" >semi.csv &&
	printf "# Report before 16:00;\"done; skip\";người ký;giờ;ghi chú\r\n" >>semi.csv &&
	printf "daily-report@dai-son#2026-05-30;;;;\r\n" >>semi.csv &&
	printf "\"daily-report@dai-son#2026-05-31\";\"block\";\"Lê An\";;\"mất điện; \"\"chờ\"\"\r\nđến chiều\"\r\n" >>semi.csv &&
	printf "daily-report@dai-son#2026-06-01; ;;;\r\n" >>semi.csv &&
	cutover import signoffs semi.csv >out &&
	cat >expect <<-\EOF &&
	marked daily-report@dai-son#2026-05-31 blocked (event 2)
	imported semi.csv: 1 recorded (events 2-2), 0 so already
	2 untouched rows left out
	EOF
	test_cmp expect out &&
	db_query "select count(*) from events where seq > 1" >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	db_query "select comment from events where seq = 2" >actual &&
	printf "mất điện; \"chờ\"\nđến chiều\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the template itself, BOM, CRLF and comma, with one row filled by a script' '
	reset_db &&
	sed "s/^daily-report@dai-son#2026-05-31,,/daily-report@dai-son#2026-05-31,done,Lê An/" \
		dai-son.daily-report.csv >one.csv &&
	cutover import signoffs one.csv >out &&
	test_grep "^signed daily-report@dai-son#2026-05-31 (event 2)$" out &&
	test_grep "^6 untouched rows left out$" out
'

test_expect_success 'a comment row is skipped wherever a file has one; the others are rows' '
	reset_db &&
	cat >comment.csv <<-\EOF &&
	task,by
	#daily-report@dai-son#2026-05-30,An
	  # a note of the sender,An
	daily-report@dai-son#2026-05-31,An
	EOF
	cutover import signoffs comment.csv >out &&
	cat >expect <<-\EOF &&
	signed daily-report@dai-son#2026-05-31 (event 2)
	imported comment.csv: 1 recorded (events 2-2), 0 so already
	EOF
	test_cmp expect out
'

test_expect_success 'a template sent back untouched is refused, saying so; nothing written' '
	reset_db &&
	db_snapshot before &&
	test_expect_code 1 cutover import signoffs dai-son.daily-report.csv >out 2>err &&
	test_line_count = 0 out &&
	echo "cutover: dai-son.daily-report.csv: no row is filled in (7 rows left untouched); fill in a row${SQ}s action or evidence" >expect &&
	test_cmp expect err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'a file whose byte-order mark a spreadsheet read as Windows-1252: named for what it is' '
	iconv -f ISO-8859-1 -t UTF-8 dai-son.focal-point.csv >garbled.csv &&
	test_expect_code 1 cutover import signoffs garbled.csv 2>err &&
	test_grep "^cutover: garbled.csv:1:1: the spreadsheet read this file in another character set than UTF-8" err
'

test_done
