# tests/cli/lib-tmux.sh -- a real terminal for the tests that need one
# (cutover step's keys, shell completion), through tmux.  Source it after
# lib.sh; it sets the TMUX prereq when tmux is installed.
#
#	tmux_start CMD     runs the shell command line CMD in the trash
#	                   directory, in a detached 100x40 terminal of its own
#	                   tmux server (ending the previous one); its exit
#	                   status goes to tmux-exit.  TMUX_COLUMNS sets
#	                   another width.
#	tmux_wrapped       0 when no line of the screen wrapped (tmux joins
#	                   wrapped lines with capture-pane -J), else 1
#	tmux_type TEXT     types TEXT, literally
#	tmux_keys KEY...   presses keys by tmux's names: Enter, Escape, BSpace
#	tmux_wait TEXT     waits until TEXT (a fixed string) is on the screen,
#	                   which it leaves in the file 'screen'; fails, showing
#	                   the screen, when TEXT has not come after 120 s
#	tmux_screen FILE   the screen as it is, with its colours (-e)
#	tmux_done          waits until CMD ended; returns its exit status
#	tmux_stop          ends the terminal (done at exit too)
#
# Wait for what the program shows before each key: keys typed ahead of a
# prompt would reach the terminal before the program is ready for them.

command -v tmux >/dev/null 2>&1 && test_set_prereq TMUX

# A terminal would page long output (status, next, log) through less and
# wait for a key; the tests of the pager ask for it on the command line.
CUTOVER_PAGER=cat
export CUTOVER_PAGER

# A server of our own per tmux_start: one just killed may still hold its
# socket while it goes.
tmux_count_=0
TMUX_SOCKET=cutover-test-$$-0
unset TMUX TMUX_PANE

tmux_ () {
	tmux -L "$TMUX_SOCKET" -f /dev/null "$@"
}

tmux_start () {
	tmux_stop
	tmux_count_=$((tmux_count_ + 1))
	TMUX_SOCKET=cutover-test-$$-$tmux_count_
	rm -f "$TRASH_DIRECTORY/tmux-exit"
	tmux_ new-session -d -s t -x "${TMUX_COLUMNS:-100}" -y 40 \
		"cd '$TRASH_DIRECTORY' && $1; echo \$? >'$TRASH_DIRECTORY/tmux-exit'; exec sleep 600"
}

tmux_type () {
	tmux_ send-keys -t t -l -- "$1"
}

tmux_keys () {
	tmux_ send-keys -t t "$@"
}

tmux_wait () {
	tmux_wait_n_=0
	while test "$tmux_wait_n_" -lt 1200; do
		tmux_ capture-pane -p -t t >screen 2>/dev/null &&
		grep -F -e "$1" screen >/dev/null && return 0
		sleep 0.1
		tmux_wait_n_=$((tmux_wait_n_ + 1))
	done
	echo >&4 "tmux_wait: '$1' did not show; the screen:"
	cat >&4 screen
	return 1
}

tmux_wrapped () {
	tmux_ capture-pane -p -t t -S - >tmux-lines &&
	tmux_ capture-pane -p -J -t t -S - >tmux-joined &&
	test "$(wc -l <tmux-lines)" != "$(wc -l <tmux-joined)"
}

tmux_screen () {
	tmux_ capture-pane -p -e -t t >"$1"
}

tmux_done () {
	tmux_done_n_=0
	while ! test -s "$TRASH_DIRECTORY/tmux-exit"; do
		if test "$tmux_done_n_" -ge 1200; then
			echo >&4 "tmux_done: the command did not end"
			tmux_ capture-pane -p -t t >&4
			return 1
		fi
		sleep 0.1
		tmux_done_n_=$((tmux_done_n_ + 1))
	done
	return "$(cat "$TRASH_DIRECTORY/tmux-exit")"
}

tmux_stop () {
	tmux_ kill-server >/dev/null 2>&1
	return 0
}

trap 'tmux_stop; test_cleanup_' EXIT
