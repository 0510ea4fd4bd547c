# tests/cli/lib-publish.sh -- what the t8 scripts (publish, restore,
# witness, national) share. Sourced after lib.sh.
#
#	bare_remote NAME		a bare repository NAME.git here
#	province_runbook DIR SEED	a small generated runbook (gen-national)
#	province WS NAME RUNBOOK	a workspace WS with a key NAME (in
#					WS.key, its verifier in WS.pub), a
#					rehearsal 'drill' of a copy of the
#					runbook folder RUNBOOK (province_runbook)
#	start_daemon BASE		git daemon on 127.0.0.1 serving BASE,
#					receive-pack on; sets DAEMON_URL
#					(git://127.0.0.1:PORT); stopped at exit
#	ledger_seq_hash SEQ		the hash of event SEQ in .cutover/state.db
#	published FILE REMOTE [REF]	the file of the published tree

PUBLISHED_REF=refs/heads/cutover/national-2026/drill
DAEMON_PID_FILE=

command -v git >/dev/null 2>&1 &&
	test -x "$(git --exec-path)/git-daemon" && test_set_prereq GIT_DAEMON
command -v python3 >/dev/null 2>&1 &&
	python3 -c 'import cryptography.hazmat.primitives.asymmetric.ed25519' \
		2>/dev/null && test_set_prereq PYTHON3_CRYPTO
command -v sha256sum >/dev/null 2>&1 && test_set_prereq SHA256SUM

# By the file's known place, not a variable: a test body runs in a
# subshell, so what start_daemon set there is gone by the EXIT trap.
stop_daemon () {
	pid_file=${DAEMON_PID_FILE:-$TRASH_DIRECTORY/daemon/pid}
	if test -s "$pid_file"; then
		kill "$(cat "$pid_file")" 2>/dev/null
		rm -f "$pid_file"
	fi
	DAEMON_PID_FILE=
}
trap 'stop_daemon; test_cleanup_' EXIT

bare_remote () {
	git init -q --bare "$1.git"
}

province_runbook () {
	python3 "$REPO_ROOT/scripts/gen-national" --provinces 1 --communes 3 \
		--departments 1 --steps 3 --days 1 --seed "$2" "$1" >/dev/null &&
	# A small registry may lack a kind the generated owners name.
	for kind in ward commune; do
		grep -q "kind: $kind," "$1/units/national.yaml" ||
			sed -i "s/, \"$kind\"//" "$1/national.lua" || return 1
	done &&
	cat >>"$1/national.lua" <<-\EOF
	difficulties {
	  systems = { "vneid", "payment", "catalogue" },
	  severities = { "low", "high" },
	  route = function(u, system, severity) return { "office" } end,
	}
	EOF
}

province () {
	mkdir -p "$1" &&
	cp -r "$3" "$1/rb" &&
	"$CUTOVER" key generate --key "$1.key" "$2" >"$1.pub" 2>/dev/null &&
	(
		cd "$1" &&
		"$CUTOVER" init >/dev/null &&
		"$CUTOVER" start --rehearsal --name drill rb/national.lua >/dev/null
	)
}

# The first task of a step in a workspace (WS STEP).
first_task () {
	(cd "$1" && "$CUTOVER" plan rb/national.lua) >plan.out &&
	sed -n "s/^[0-9-]* [0-9:]*  *\($2@[^ ]*\) .*/\1/p" plan.out | sed -n 1p
}

start_daemon () {
	mkdir -p daemon &&
	git init -q --bare "$1/probe.git" &&
	DAEMON_PID_FILE=$TRASH_DIRECTORY/daemon/pid &&
	for try in 1 2 3 4 5; do
		# A port of the kernel's choosing: parallel runs never collide.
		port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()') &&
		rm -f "$DAEMON_PID_FILE" &&
		git daemon --reuseaddr --listen=127.0.0.1 --port="$port" \
			--base-path="$1" --export-all --enable=receive-pack \
			--pid-file="$DAEMON_PID_FILE" --detach "$1" &&
		n=0 &&
		while test $n -lt 600; do
			git ls-remote "git://127.0.0.1:$port/probe.git" \
				>/dev/null 2>&1 && break
			test -s "$DAEMON_PID_FILE" &&
				kill -0 "$(cat "$DAEMON_PID_FILE")" 2>/dev/null || break
			sleep 0.1
			n=$((n + 1))
		done &&
		if git ls-remote "git://127.0.0.1:$port/probe.git" >/dev/null 2>&1
		then
			DAEMON_URL=git://127.0.0.1:$port
			return 0
		fi
		stop_daemon
		DAEMON_PID_FILE=$TRASH_DIRECTORY/daemon/pid
	done
	return 1
}

ledger_seq_hash () {
	sqlite3 .cutover/state.db "select hash from events where seq = $1"
}

published () {
	git --git-dir="$2" show "${3:-$PUBLISHED_REF}:$1"
}
