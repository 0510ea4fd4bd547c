#!/bin/sh
test_description='nothing is read from outside the runbook'\''s or the import'\''s folder, and no file is read past its size or its kind: require, units =, roster files, the file columns of an imported CSV'
. "$(dirname "$0")/lib.sh"

# The runbook lives in rb/, the secret beside it, outside every folder a
# path may name.
ROSTER_DATA=$REPO_ROOT/tests/data/roster

# A character device inside a folder, as only root can make one.
mknod devtest c 1 5 2>/dev/null && test -c devtest && test_set_prereq MKNOD
rm -f devtest

# refused_start RUNBOOK TEXT... : start exits 1 at once (a FIFO is not
# waited on) with one error line holding each TEXT, nothing recorded.
refused_start () {
	rb=$1
	shift
	db_snapshot before &&
	test_expect_code 1 timeout 60 "$CUTOVER" start --rehearsal "$rb" \
		>out 2>err &&
	test_one_error err "$@" &&
	db_snapshot after &&
	test_cmp before after
}

test_expect_success 'setup: a runbook folder, a secret outside it, a workspace' '
	mkdir rb rb/lib rb/units &&
	cp "$TEST_DATA/units/mini.yaml" rb/units/mini.yaml &&
	echo "return { due = \"T\" }" >rb/lib/ok.lua &&
	echo "return { stolen = true }" >secret.lua &&
	cp rb/units/mini.yaml secret.yaml &&
	ln -s ../../secret.lua rb/lib/out.lua &&
	ln -s /dev/zero rb/lib/zero.lua &&
	mkfifo rb/lib/fifo.lua &&
	mkdir rb/lib/dir.lua &&
	ln -s ../../secret.yaml rb/units/out.yaml &&
	ln -s /dev/zero rb/units/zero.yaml &&
	mkfifo rb/units/fifo.yaml &&
	mkdir rb/units/dir.yaml &&
	cutover init >/dev/null
'

# with_require MODULE : rb/req.lua, a runbook that requires MODULE.
with_require () {
	cat >rb/req.lua <<-EOT
	local m = require "$1"
	runbook { id = "req", title = "Req", t0 = "2026-05-29 22:00", units = "units/mini.yaml" }
	section { id = "s1", title = "S" }
	step { id = "a", title = "A", owners = "dai-son", due = "T" }
	EOT
}

test_expect_success TIMEOUT 'require: a module inside the folder is read, through a link inside it too' '
	with_require lib/ok &&
	cutover check rb/req.lua >out &&
	ln -s ok.lua rb/lib/alias.lua &&
	with_require lib/alias &&
	cutover check rb/req.lua >out
'

test_expect_success TIMEOUT 'require: an absolute path, .., a link out, /dev/zero, a FIFO, a directory' '
	with_require /etc/passwd &&
	refused_start rb/req.lua "rb/req.lua:1:" "bad module name '\''/etc/passwd'\''" &&
	with_require ../secret &&
	refused_start rb/req.lua "rb/req.lua:1:" "bad module name '\''../secret'\''" &&
	with_require lib/out &&
	refused_start rb/req.lua "rb/req.lua:1:" "require '\''lib/out'\''" \
		"'\''rb/lib/out.lua'\'' leads outside '\''rb'\''" &&
	with_require lib/zero &&
	refused_start rb/req.lua "rb/req.lua:1:" "'\''rb/lib/zero.lua'\'' leads outside" &&
	with_require lib/fifo &&
	refused_start rb/req.lua "rb/req.lua:1:" "'\''rb/lib/fifo.lua'\'' is a FIFO" &&
	with_require lib/dir &&
	refused_start rb/req.lua "rb/req.lua:1:" "'\''rb/lib/dir.lua'\'' is a directory"
'

test_expect_success MKNOD 'require: a device inside the folder is refused by its kind, not read' '
	mknod rb/lib/dev.lua c 1 5 &&
	with_require lib/dev &&
	refused_start rb/req.lua "rb/req.lua:1:" "'\''rb/lib/dev.lua'\'' is a device" &&
	rm rb/lib/dev.lua
'

# with_units PATH : rb/reg.lua, a runbook whose registry is PATH.
with_units () {
	cat >rb/reg.lua <<-EOT
	runbook { id = "reg", title = "Reg", t0 = "2026-05-29 22:00",
	          units = "$1" }
	section { id = "s1", title = "S" }
	step { id = "a", title = "A", owners = "dai-son", due = "T" }
	EOT
}

test_expect_success TIMEOUT 'units =: an absolute path, .., a hidden file, a link out, /dev/zero, a FIFO, a directory' '
	with_units /etc/passwd &&
	refused_start rb/reg.lua "rb/reg.lua:1: runbook '\''reg'\'': field '\''units'\'':" \
		"'\''/etc/passwd'\'' is an absolute path" &&
	with_units ../secret.yaml &&
	refused_start rb/reg.lua "rb/reg.lua:1:" "field '\''units'\''" \
		"'\''../secret.yaml'\'' goes up with '\''..'\''" &&
	with_units units/.mini.yaml &&
	refused_start rb/reg.lua "rb/reg.lua:1:" "field '\''units'\''" \
		"starts with '\''.'\''" &&
	with_units units/out.yaml &&
	refused_start rb/reg.lua "rb/reg.lua:1:" "field '\''units'\''" \
		"'\''rb/units/out.yaml'\'' leads outside '\''rb'\''" &&
	with_units units/zero.yaml &&
	refused_start rb/reg.lua "rb/reg.lua:1:" "field '\''units'\''" "leads outside" &&
	with_units units/fifo.yaml &&
	refused_start rb/reg.lua "rb/reg.lua:1:" "field '\''units'\''" "is a FIFO" &&
	with_units units/dir.yaml &&
	refused_start rb/reg.lua "rb/reg.lua:1:" "field '\''units'\''" "is a directory" &&
	with_units units/mini.yaml &&
	cutover check rb/reg.lua >out
'

test_expect_success 'setup: a run with a roster step and a file field, a unit token' '
	mkdir duty && (
		cd duty &&
		cutover init >/dev/null &&
		cutover start --rehearsal --require-tokens "$ROSTER_DATA/duty.lua" >start.out &&
		tail -n 1 start.out >coordinator &&
		cutover token issue --token "$(cat coordinator)" dai-son >issued &&
		tail -n 1 issued >unit &&
		cp "$ROSTER_DATA/good.csv" good.csv &&
		ln -s "$ROSTER_DATA/good.csv" out.csv &&
		mkfifo fifo.csv &&
		mkdir dir.csv
	)
'

# roster_refused TOKEN FILE TEXT... : roster import of FILE refused at once.
roster_refused () {
	tok=$1
	file=$2
	shift 2
	db_snapshot before &&
	test_expect_code 1 timeout 60 "$CUTOVER" roster import --by V \
		--token "$tok" "$file" >out 2>err &&
	test_one_error err "$@" &&
	db_snapshot after &&
	test_cmp before after
}

test_expect_success TIMEOUT 'roster files: /dev/zero, a FIFO, a directory are refused by their kind' '
	cd duty &&
	C=$(cat coordinator) &&
	roster_refused "$C" /dev/zero "'\''/dev/zero'\'' is a device" &&
	roster_refused "$C" fifo.csv "'\''fifo.csv'\'' is a FIFO" &&
	roster_refused "$C" dir.csv "'\''dir.csv'\'' is a directory"
'

test_expect_success TIMEOUT 'roster files with a unit'\''s token: only its own, in the working folder' '
	cd duty &&
	U=$(cat unit) &&
	roster_refused "$U" "$ROSTER_DATA/good.csv" "is an absolute path" &&
	roster_refused "$U" ../duty/good.csv "goes up with '\''..'\''" &&
	roster_refused "$U" out.csv "'\''out.csv'\'' leads outside" &&
	roster_refused "$U" fifo.csv "is a FIFO" &&
	roster_refused "$U" dir.csv "is a directory" &&
	sed -n "1p;/^dai-son/p" good.csv >mine.csv &&
	cutover roster import --by V --token "$U" mine.csv >out &&
	test_grep "2 added" out
'

test_expect_success 'setup: a rehearsal of a step with a file field, a CSV folder' '
	mkdir imp && (
		cd imp &&
		cutover init >/dev/null &&
		cutover start --rehearsal "$TEST_DATA/mini.lua" >/dev/null &&
		mkdir sheets &&
		echo "fee,amount" >sheets/fees.csv &&
		echo "secret" >secret.csv &&
		ln -s ../secret.csv sheets/out.csv &&
		ln -s /dev/zero sheets/zero.csv &&
		mkfifo sheets/fifo.csv &&
		mkdir sheets/dir.csv
	)
'

# one_row PATH : sheets/row.csv signs fees@so-tai-chinh with PATH as its
# table file, relative to the CSV's folder.
one_row () {
	printf "task,by,amount,effective,table\nfees@so-tai-chinh,Binh,1000,2026-05-01,%s\n" \
		"$1" >sheets/row.csv
}

# row_refused PATH TEXT : importing one_row PATH fails at once, naming
# line 2, the column and TEXT, and records nothing.
row_refused () {
	one_row "$1" &&
	db_snapshot before &&
	test_expect_code 1 timeout 60 "$CUTOVER" import signoffs sheets/row.csv \
		>out 2>err &&
	test_grep "^cutover: sheets/row.csv:2: .*field 'table': .*$2" err &&
	test_grep "^cutover: sheets/row.csv: 1 of 1 rows refused; nothing recorded" err &&
	db_snapshot after &&
	test_cmp before after
}

test_expect_success TIMEOUT 'CSV file columns: absolute, .., hidden, a link out, /dev/zero, a FIFO, a directory: each refused, named' '
	cd imp &&
	row_refused /etc/passwd "'\''/etc/passwd'\'' is an absolute path" &&
	row_refused ../secret.csv "'\''../secret.csv'\'' goes up with" &&
	row_refused .fees.csv "starts with '\''.'\''" &&
	row_refused out.csv "'\''sheets/out.csv'\'' leads outside '\''sheets'\''" &&
	row_refused zero.csv "'\''sheets/zero.csv'\'' leads outside" &&
	row_refused fifo.csv "'\''sheets/fifo.csv'\'' is a FIFO" &&
	row_refused dir.csv "'\''sheets/dir.csv'\'' is a directory" &&
	one_row fees.csv &&
	cutover import signoffs sheets/row.csv >out &&
	test_grep "^signed fees@so-tai-chinh" out
'

test_expect_success TIMEOUT 'sign --attach: the coordinator'\''s /dev/zero and FIFO refused by kind, at once' '
	cd imp &&
	cutover reopen --by An --reason again fees@so-tai-chinh >/dev/null &&
	db_snapshot before &&
	test_expect_code 1 timeout 60 "$CUTOVER" sign --by An --evidence amount=1 \
		--evidence effective=2026-05-01 --attach table=/dev/zero \
		fees@so-tai-chinh >out 2>err &&
	test_one_error err "'\''/dev/zero'\'' is a device" &&
	test_expect_code 1 timeout 60 "$CUTOVER" sign --by An --evidence amount=1 \
		--evidence effective=2026-05-01 --attach table=sheets/fifo.csv \
		fees@so-tai-chinh >out 2>err &&
	test_one_error err "is a FIFO" &&
	db_snapshot after &&
	test_cmp before after
'

# Read from git, a version's files are sized from their objects' headers
# before their content: a runbook blob past the cap is refused, not read.
test_expect_success GIT 'a runbook of 17 MB in git is refused by its size, from the object header' '
	git init -q big &&
	cp -r rb/units big/units &&
	{
		cat rb/reg.lua &&
		printf -- "-- " && head -c 17000000 /dev/zero | tr "\0" x && echo
	} >big/rb.lua &&
	git -C big add rb.lua units &&
	git -C big -c user.name=A -c user.email=a@example.com commit -q -m big &&
	test_expect_code 2 cutover diff HEAD HEAD big/rb.lua >out 2>err &&
	test_one_error err "rb.lua'\'' is larger than 16 MiB"
'

test_done
