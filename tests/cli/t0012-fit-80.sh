#!/bin/sh
test_description='status, next and blocked at 80 columns: no row wraps on a terminal, a pipe gets lines whole'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-tmux.sh"

CUTOVER_NOW="2026-05-29 17:00"
export CUTOVER_NOW
REASON="Trung tâm Dữ liệu quốc gia chưa xác nhận đường truyền dự phòng của tỉnh Bắc Ninh, chờ Cục Chuyển đổi số trả lời"

test_expect_success 'setup: a no-go and a blocked task whose reasons are long' '
	mini_workspace &&
	cutover gate decide --by "Chủ tịch UBND tỉnh" --no-go --reason "$REASON" \
		go@ttpvhcc >/dev/null &&
	cutover block --by "Lê Văn Bình" --reason "$REASON" \
		focal-point@so-tai-chinh >/dev/null
'

# widest FILE: the most columns a line of FILE takes on a terminal, its
# colours left out (wc -L measures display width in a UTF-8 locale).
widest () {
	sed "s/$(printf '\033')\\[[0-9;]*m//g" "$1" | LC_ALL=C.UTF-8 wc -L
}

# What a pipe gets whole, a terminal of 80 columns gets cut.
for cmd in status next blocked "status --unit so-tai-chinh"
do
	test_expect_success "$cmd in a pipe: lines whole, wider than 80" "
		cutover $cmd >piped &&
		test_grep ! … piped &&
		test \$(widest piped) -gt 80
	"
	test_expect_success TMUX "$cmd at 80 columns in tmux: no row wraps, cut lines end in an ellipsis" "
		TMUX_COLUMNS=80 &&
		tmux_start \"env -u NO_COLOR CUTOVER_NOW='\$CUTOVER_NOW' '\$CUTOVER' $cmd\" &&
		tmux_done &&
		! tmux_wrapped &&
		tmux_screen screen &&
		test \$(widest screen) -le 80 &&
		test_grep … screen
	"
done

# less wraps a line wider than the terminal: what goes to the pager is
# cut to the terminal it shows on.
command -v less >/dev/null 2>&1 && test_set_prereq LESS

test_expect_success TMUX,LESS 'status through less at 80 columns: no row wraps' '
	TMUX_COLUMNS=80 &&
	tmux_start "env -u NO_COLOR CUTOVER_PAGER=less CUTOVER_NOW=\"$CUTOVER_NOW\" \"$CUTOVER\" status" &&
	tmux_done &&
	! tmux_wrapped &&
	tmux_screen screen &&
	test_grep "go/no-go gates" screen &&
	test $(widest screen) -le 80 &&
	test_grep … screen
'

test_expect_success TMUX 'status --short at 80 columns: no row wraps' '
	TMUX_COLUMNS=80 &&
	tmux_start "env -u NO_COLOR CUTOVER_NOW=\"$CUTOVER_NOW\" \"$CUTOVER\" status --short" &&
	tmux_done &&
	! tmux_wrapped &&
	tmux_screen screen &&
	test_grep "^## drill" screen
'

test_done
