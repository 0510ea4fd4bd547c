# bash completion for cutover.  Load it with:
#   source <(cutover completion bash)
# Commands and options come from this cutover; task keys, unit ids,
# sections, steps and runs from the current run (cutover __complete).
_cutover_commands='@COMMANDS@'
_cutover_subcommands='@SUBCOMMANDS@'
_cutover_task_commands='@TASKS@'
_cutover_file_commands='@FILES@'
_cutover_unit_arguments='@UNIT_ARGS@'
_cutover_file_arguments='@FILE_ARGS@'

# _cutover_placeholder CMD OPTION: what OPTION takes in CMD's help
# (UNIT, FILE, md|html, ...), or nothing when it takes no value.
_cutover_placeholder() {
	LC_ALL=C command cutover ${1:+"$1"} --help 2>/dev/null |
		sed -n "s/.*[[ (]$2[ =]\([A-Za-z][][A-Za-z_|=-]*\).*/\1/p" |
		sed -n '1{/^[a-z][a-z]*$/d;s/[][]//g;p;}'
}

_cutover() {
	local line cur prev cmd= sub= i w ph
	local -a words global=() reply=()
	# Our own words: bash splits at '@' and ':', which task keys hold.
	if [[ -n ${COMP_LINE-} ]]; then
		line=${COMP_LINE:0:COMP_POINT}
		read -ra words <<<"$line"
		[[ -z $line || $line == *[[:space:]] ]] && words+=("")
	else
		words=("${COMP_WORDS[@]:0:COMP_CWORD+1}")
	fi
	cur=${words[${#words[@]}-1]}
	prev=
	(( ${#words[@]} > 1 )) && prev=${words[${#words[@]}-2]}
	for ((i = 1; i < ${#words[@]} - 1; i++)); do
		w=${words[i]}
		if [[ -z $cmd ]]; then
			case $w in
			--db | --run)
				# Not the word being completed: that is no value yet.
				((i + 1 < ${#words[@]} - 1)) && global+=("$w" "${words[i+1]}")
				((i++)) ;;
			--db=* | --run=*) global+=("$w") ;;
			-*) ;;
			*) cmd=$w ;;
			esac
		elif [[ -z $sub && $w != -* ]]; then
			case " ${_cutover_subcommands} " in
			*" $cmd:$w "*) sub=$w ;;
			esac
		fi
	done
	if [[ $cur == -* ]]; then
		reply=($(compgen -W "$(LC_ALL=C command cutover ${cmd:+"$cmd"} --help 2>/dev/null |
			grep -oE -e '(^|[][ (|,])--?[a-zA-Z][a-zA-Z-]*' |
			sed 's/^[][ (|,]//' | sort -u)" -- "$cur"))
	elif [[ -z $cmd ]]; then
		ph=
		[[ $prev == --db ]] && ph=PATH
		[[ $prev == --run ]] && ph=RUN
		case $ph in
		PATH) reply=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null ;;
		RUN) reply=($(command cutover "${global[@]}" __complete runs "$cur" 2>/dev/null)) ;;
		*) reply=($(compgen -W "$_cutover_commands help" -- "$cur")) ;;
		esac
	else
		ph=
		[[ $prev == -* ]] && ph=$(_cutover_placeholder "$cmd" "$prev")
		case $ph in
		'') ;;
		UNIT | RECIPIENT) reply=($(command cutover "${global[@]}" __complete units "$cur" 2>/dev/null)) ;;
		SECTION) reply=($(command cutover "${global[@]}" __complete sections "$cur" 2>/dev/null)) ;;
		STEP) reply=($(command cutover "${global[@]}" __complete steps "$cur" 2>/dev/null)) ;;
		RUN) reply=($(command cutover "${global[@]}" __complete runs "$cur" 2>/dev/null)) ;;
		*FILE | PATH | DIR) reply=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null ;;
		*'|'*) reply=($(compgen -W "${ph//|/ }" -- "$cur")) ;;
		esac
		if [[ -z $ph ]]; then
			local subs=
			for w in $_cutover_subcommands; do
				[[ ${w%%:*} == "$cmd" ]] && subs="$subs ${w#*:}"
			done
			if [[ -n $subs && -z $sub ]]; then
				reply=($(compgen -W "$subs" -- "$cur"))
			elif [[ " $_cutover_task_commands " == *" $cmd "* ]]; then
				reply=($(command cutover "${global[@]}" __complete tasks "$cur" 2>/dev/null))
				[[ ${#reply[@]} == 1 && ${reply[0]} == *@ ]] && compopt -o nospace 2>/dev/null
			elif [[ -n $sub && " $_cutover_unit_arguments " == *" $cmd:$sub "* ]]; then
				reply=($(command cutover "${global[@]}" __complete units "$cur" 2>/dev/null))
			elif [[ " $_cutover_file_commands " == *" $cmd "* ||
				" $_cutover_file_arguments " == *" $cmd:$sub "* ]]; then
				reply=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null
			fi
		fi
	fi
	# bash replaces only its own last word, what follows a ':' or an '@';
	# readline keeps the '@' in the text it replaces (rl_special_prefixes).
	local bcur=${COMP_WORDS[COMP_CWORD]-$cur}
	if [[ $cur != "$bcur" && $cur == *"$bcur" ]]; then
		local pre=${cur%"$bcur"}
		[[ $pre == *@ ]] && pre=${pre%@}
		reply=("${reply[@]#"$pre"}")
	fi
	COMPREPLY=("${reply[@]}")
}
complete -F _cutover cutover
