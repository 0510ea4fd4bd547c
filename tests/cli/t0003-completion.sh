#!/bin/sh
test_description='completion: the bash and zsh scripts complete commands, options, units and task keys'
. "$(dirname "$0")/lib.sh"
. "$TEST_DIRECTORY/lib-tmux.sh"

command -v bash >/dev/null 2>&1 && test_set_prereq BASH
command -v zsh >/dev/null 2>&1 && test_set_prereq ZSH
test_have_prereq ZSH && test_have_prereq TMUX && test_set_prereq ZSH_TMUX

# A folder on PATH where `cutover` is the binary under test, as the
# scripts call it.
mkdir bin && ln -s "$CUTOVER" bin/cutover
PATH=$TRASH_DIRECTORY/bin:$PATH
export PATH

# bash_complete WORD... : what the bash completion offers for the command
# line WORD..., the last word being completed, one a line in 'reply'.
# COMP_WORDS is set as bash splits it at '@' and ':' (as COMP_WORDBREAKS
# says), COMP_LINE and COMP_POINT as typed.
bash_complete () {
	bash -c '
		. ./cutover.bash || exit 1
		line=$*
		COMP_LINE=$line
		COMP_POINT=${#line}
		COMP_WORDS=()
		for w in "$@"; do
			while [[ $w == *[@:]* ]]; do
				pre=${w%%[@:]*}
				[[ -n $pre ]] && COMP_WORDS+=("$pre")
				COMP_WORDS+=("${w:${#pre}:1}")
				w=${w:${#pre}+1}
			done
			[[ -n $w || $# -eq 0 ]] && COMP_WORDS+=("$w")
		done
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		_cutover
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$@" >reply
}

# bash_complete_words WORD... : the same, with only COMP_WORDS and
# COMP_CWORD set, one word per argument (no COMP_LINE).
bash_complete_words () {
	bash -c '
		. ./cutover.bash || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(( $# - 1 ))
		_cutover
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$@" >reply
}

test_expect_success 'setup: a rehearsal of the test runbook; the scripts' '
	mini_workspace &&
	cutover completion bash >cutover.bash &&
	cutover completion zsh >cutover.zsh
'

test_expect_success BASH 'the bash script is valid bash and names the commands' '
	bash -n cutover.bash &&
	test_grep "^_cutover_commands=.init check plan start status next step sign" cutover.bash &&
	test_grep "^complete -F _cutover cutover" cutover.bash
'

test_expect_success 'completion takes bash or zsh; its --help says how to load it' '
	test_expect_code 2 cutover completion fish 2>err &&
	test_one_error err "bash or zsh" &&
	test_expect_code 2 cutover completion 2>err &&
	cutover completion --help >out &&
	test_grep "source <(cutover completion bash)" out
'

test_expect_success BASH 'bash: a subcommand' '
	bash_complete_words cutover st &&
	printf "start\nstatus\nstep\n" >expect &&
	test_cmp expect reply
'

test_expect_success BASH 'bash: a task key (COMP_WORDS and COMP_CWORD only)' '
	bash_complete_words cutover sign focal-point@d &&
	echo focal-point@dai-son >expect &&
	test_cmp expect reply
'

test_expect_success BASH 'bash: a task key, the words split at the @ as bash splits them' '
	bash_complete cutover sign focal-point@d &&
	echo @dai-son >expect &&
	test_cmp expect reply &&
	bash_complete cutover block focal-point@ &&
	printf "@dai-son\n@so-tai-chinh\n" >expect &&
	test_cmp expect reply
'

test_expect_success BASH 'bash: a task key in two steps, the step first' '
	bash_complete cutover skip "" &&
	test_grep "^focal-point@$" reply &&
	test_grep "^go@$" reply &&
	test_grep "^daily-report@$" reply &&
	bash_complete cutover step fo &&
	printf "focal-point@dai-son\nfocal-point@so-tai-chinh\n" >expect &&
	test_cmp expect reply
'

test_expect_success BASH 'bash: a unit id, after --unit and after report unit' '
	bash_complete cutover status --unit da &&
	echo dai-son >expect &&
	test_cmp expect reply &&
	bash_complete cutover report --lang en unit c &&
	printf "ca-dai-son\ncong-an-tinh\n" >expect &&
	test_cmp expect reply
'

test_expect_success BASH 'bash: the subcommands of token and import; a unit after token issue' '
	bash_complete cutover token "" &&
	printf "issue\nlist\nrevoke\n" >expect &&
	test_cmp expect reply &&
	bash_complete cutover import s &&
	echo signoffs >expect &&
	test_cmp expect reply &&
	bash_complete cutover token issue so &&
	echo so-tai-chinh >expect &&
	test_cmp expect reply
'

test_expect_success BASH 'bash: options from the command help, values listed in it' '
	bash_complete cutover sign --e &&
	echo --evidence >expect &&
	test_cmp expect reply &&
	bash_complete cutover report --format "" &&
	printf "md\nhtml\n" >expect &&
	test_cmp expect reply &&
	bash_complete cutover --r &&
	echo --run >expect &&
	test_cmp expect reply
'

test_expect_success BASH 'bash: sections and runs; --db reaches another workspace' '
	bash_complete cutover step --section s &&
	printf "s1\ns2\n" >expect &&
	test_cmp expect reply &&
	bash_complete cutover --run d &&
	echo drill >expect &&
	test_cmp expect reply &&
	mkdir second &&
	(
		cd second &&
		cutover init >/dev/null &&
		cutover start --rehearsal --name other "$TEST_DATA/mini.lua" >/dev/null
	) &&
	bash_complete cutover --db second/.cutover/state.db --run "" &&
	echo other >expect &&
	test_cmp expect reply
'

test_expect_success BASH 'bash: completing in Vietnamese gives the same options' '
	(
		unset LC_ALL &&
		LANG=vi_VN.UTF-8 &&
		export LANG &&
		cutover step --help >help &&
		test_grep "cách dùng" help &&
		bash_complete cutover step --s
	) &&
	echo --section >expect &&
	test_cmp expect reply
'

test_expect_success TMUX 'bash, typed in a terminal: <Tab> completes a task key' '
	cat >bashrc <<-EOF &&
	PATH=$TRASH_DIRECTORY/bin:\$PATH
	. $TRASH_DIRECTORY/cutover.bash
	PS1="$ "
	echo READY
	EOF
	tmux_start "bash --noprofile --rcfile bashrc -i" &&
	tmux_wait READY &&
	tmux_type "cutover sign focal-point@d" &&
	tmux_keys Tab &&
	tmux_wait "$ cutover sign focal-point@dai-son" &&
	tmux_stop
'

# zsh_complete WORD... : what _cutover hands compadd (or _files) for the
# command line WORD..., the last word being completed, one a line.
zsh_complete () {
	zsh -f -c '
		compadd () {
			while [[ $1 == -* && $1 != -- ]]; do
				[[ $1 == -S ]] && shift
				shift
			done
			[[ $1 == -- ]] && shift
			print -l -- "$@"
		}
		_files () { print -- "(files)"; }
		source ./cutover.zsh
		words=("$@")
		CURRENT=$#
		_cutover
	' zsh "$@" >reply
}

test_expect_success ZSH 'the zsh script is valid zsh' '
	zsh -n cutover.zsh &&
	test_grep "compdef _cutover cutover" cutover.zsh
'

test_expect_success ZSH 'zsh: a subcommand, a task key, a unit id' '
	zsh_complete cutover st &&
	test_grep "^status$" reply &&
	test_grep "^step$" reply &&
	zsh_complete cutover sign focal-point@d &&
	echo focal-point@dai-son >expect &&
	test_cmp expect reply &&
	zsh_complete cutover roster list --unit dai &&
	echo dai-son >expect &&
	test_cmp expect reply &&
	zsh_complete cutover check "" &&
	echo "(files)" >expect &&
	test_cmp expect reply &&
	zsh_complete cutover token issue so &&
	echo so-tai-chinh >expect &&
	test_cmp expect reply &&
	zsh_complete cutover import signoffs "" &&
	echo "(files)" >expect &&
	test_cmp expect reply
'

test_expect_success ZSH_TMUX 'zsh, typed in a terminal: <Tab> completes a task key' '
	mkdir zdot &&
	cat >zdot/.zshrc <<-EOF &&
	PATH=$TRASH_DIRECTORY/bin:\$PATH
	autoload -U compinit && compinit -u -d $TRASH_DIRECTORY/zdot/compdump
	. $TRASH_DIRECTORY/cutover.zsh
	PS1="%% "
	print READY
	EOF
	tmux_start "ZDOTDIR=zdot zsh -i" &&
	tmux_wait READY &&
	tmux_type "cutover sign focal-point@d" &&
	tmux_keys Tab &&
	tmux_wait "% cutover sign focal-point@dai-son" &&
	tmux_stop
'

test_done
