#!/usr/bin/env zsh -f
# complete_zsh.zsh FPATH_DIR LINE...: prints the matches zsh offers at the end of each LINE, one
# a line, then "-- end" after each LINE, completing as an interactive zsh with compinit would (in
# a pseudo-terminal, through zpty). For tests/complete.bats.
setopt extendedglob
zmodload zsh/zpty || exit 2
dir=$1
shift
zpty z zsh -f -i || exit 2
# In the inner shell: compinit with only DIR added, and compadd wrapped to print each match
# it adds but hides (-n), so what zsh would list is what appears; comppostfuncs marks the end.
zpty -w z "PS1= PROMPT= RPS1=; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D"
# $ZSH_EVAL: a command the inner shell runs after compinit (eval "$(lanes --shell-completion zsh)").
[[ -n $ZSH_EVAL ]] && zpty -w z "$ZSH_EVAL"
zpty -w z 'compadd() {
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
    local -a __hits; builtin compadd -A __hits "$@"
    local -A apre hpre; local -a hidden; zparseopts -E P:=apre p:=hpre n=hidden
    local h; (( $#hidden )) || for h in $__hits; do print -r -- "<M>$apre[-P]$hpre[-p]$h"; done
    builtin compadd "$@"
}'
zpty -w z '_lanes_end() { print -r -- "<EOC>"; }; zstyle ":completion:*" insert-tab false'
zpty -w z 'compprefuncs=(); bindkey "^I" complete-word; zle -C complete-word complete-word _lanes_wrap'
zpty -w z '_lanes_wrap() { comppostfuncs=(_lanes_end); _main_complete; }'
zpty -w z 'print -r -- "<READY>"'
zpty -r z out '*<READY>*<READY>*' || exit 2
for line in "$@"; do
    zpty -w -n z "$line"$'\t'
    zpty -r z out '*<EOC>*' || exit 2
    out=${${out//$'\r'}//$'\n'/ }
    if [[ $out == *'<M>'* ]]; then
        local -a m
        m=("${(@s:<M>:)${${out#*<M>}%%<EOC>*}}")
        print -rl -- "${(@)m%% #}"
    fi
    print -r -- "-- end"
    zpty -w -n z $'\C-u'
done
zpty -d z
