#compdef cutover
# zsh completion for cutover.  Load it with (after compinit):
#   source <(cutover completion zsh)
# or save it as _cutover in a folder of $fpath.
# Commands and options come from this cutover; task keys, unit ids,
# sections, steps and runs from the current run (cutover __complete).
_cutover_commands=(@COMMANDS@)
_cutover_subcommands=(@SUBCOMMANDS@)
_cutover_task_commands=(@TASKS@)
_cutover_file_commands=(@FILES@)
_cutover_unit_arguments=(@UNIT_ARGS@)
_cutover_file_arguments=(@FILE_ARGS@)

# _cutover_placeholder CMD OPTION: what OPTION takes in CMD's help
# (UNIT, FILE, md|html, ...), or nothing when it takes no value.
_cutover_placeholder() {
	LC_ALL=C command cutover ${1:+"$1"} --help 2>/dev/null |
		sed -n "s/.*[[ (]$2[ =]\([A-Za-z][][A-Za-z_|=-]*\).*/\1/p" |
		sed -n '1{/^[a-z][a-z]*$/d;s/[][]//g;p;}'
}

# _cutover_names KIND PREFIX: names of the current run, one a line.
_cutover_names() {
	command cutover "${_cutover_global[@]}" __complete "$1" "$2" 2>/dev/null
}

_cutover() {
	local cur=${words[CURRENT]} prev=${words[CURRENT-1]} cmd= sub= ph w
	local -a reply subs
	local -a _cutover_global
	local -i i
	for ((i = 2; i < CURRENT; i++)); do
		w=${words[i]}
		if [[ -z $cmd ]]; then
			case $w in
			--db | --run)
				# Not the word being completed: that is no value yet.
				((i + 1 < CURRENT)) && _cutover_global+=("$w" "${words[i+1]}")
				((i++)) ;;
			--db=* | --run=*) _cutover_global+=("$w") ;;
			-*) ;;
			*) cmd=$w ;;
			esac
		elif [[ -z $sub && $w != -* && ${_cutover_subcommands[(Ie)$cmd:$w]} -gt 0 ]]; then
			sub=$w
		fi
	done
	if [[ $cur == -* ]]; then
		reply=(${(f)"$(LC_ALL=C command cutover ${cmd:+"$cmd"} --help 2>/dev/null |
			grep -oE -e '(^|[][ (|,])--?[a-zA-Z][a-zA-Z-]*' |
			sed 's/^[][ (|,]//' | sort -u)"})
		compadd -- $reply
		return
	fi
	if [[ -z $cmd ]]; then
		case $prev in
		--db) _files ;;
		--run) compadd -- ${(f)"$(_cutover_names runs "$cur")"} ;;
		*) compadd -- $_cutover_commands help ;;
		esac
		return
	fi
	[[ $prev == -* ]] && ph=$(_cutover_placeholder "$cmd" "$prev")
	case $ph in
	'') ;;
	UNIT | RECIPIENT) compadd -- ${(f)"$(_cutover_names units "$cur")"}; return ;;
	SECTION) compadd -- ${(f)"$(_cutover_names sections "$cur")"}; return ;;
	STEP) compadd -- ${(f)"$(_cutover_names steps "$cur")"}; return ;;
	RUN) compadd -- ${(f)"$(_cutover_names runs "$cur")"}; return ;;
	*FILE | PATH | DIR) _files; return ;;
	*'|'*) compadd -- ${(s:|:)ph}; return ;;
	*) return ;;
	esac
	for w in $_cutover_subcommands; do
		[[ ${w%%:*} == $cmd ]] && subs+=(${w#*:})
	done
	if (( ${#subs} )) && [[ -z $sub ]]; then
		compadd -- $subs
	elif (( ${_cutover_task_commands[(Ie)$cmd]} )); then
		reply=(${(f)"$(_cutover_names tasks "$cur")"})
		# "STEP@": a first level, completed further without a space.
		if [[ ${reply[1]} == *@ ]]; then
			compadd -S '' -- $reply
		else
			compadd -- $reply
		fi
	elif [[ -n $sub ]] && (( ${_cutover_unit_arguments[(Ie)$cmd:$sub]} )); then
		compadd -- ${(f)"$(_cutover_names units "$cur")"}
	elif (( ${_cutover_file_commands[(Ie)$cmd]} )) ||
		(( ${_cutover_file_arguments[(Ie)$cmd:$sub]} )); then
		_files
	fi
}

if [[ $funcstack[1] == _cutover ]]; then
	_cutover "$@"
elif (( $+functions[compdef] )); then
	compdef _cutover cutover
fi
