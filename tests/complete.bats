#!/usr/bin/env bats
# The shell completions (completion/, written by completion/gen from the option table), driven
# through the real shells: bash with bash-completion, zsh -f with compinit (in a pseudo-terminal,
# tests/complete_zsh.zsh), fish with complete -C. Each shell's tests are skipped, with the reason,
# where it is not installed. The options each offers must be the options lanes --help lists.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    for f in lanes.bash _lanes lanes.fish; do
        [ -f "$LANES_BUILD/completion/$f" ] || skip "completion/$f is not built (run make)"
    done
    # mycmd: a command of our own with a completion of its own in each shell, to see that the
    # words after the options are completed as that command's.
    mkdir "$BATS_TEST_TMPDIR/bin" "$BATS_TEST_TMPDIR/work"
    printf '#!/bin/sh\n' >"$BATS_TEST_TMPDIR/bin/mycmd"
    chmod +x "$BATS_TEST_TMPDIR/bin/mycmd"
    export PATH="$BATS_TEST_TMPDIR/bin:$PATH"
    cd "$BATS_TEST_TMPDIR/work"
    mkdir sub.d
    touch a.csv b.txt c.json
}

BASH_COMPLETION=/usr/share/bash-completion/bash_completion

need_bash_completion() {
    [ -f "$BASH_COMPLETION" ] || skip "bash-completion is not installed ($BASH_COMPLETION)"
}

# bash_complete LINE: the words bash offers at the end of LINE, one a line, sorted.
bash_complete() {
    bash --norc --noprofile -c '
        source "$1" && source "$2" || exit 2
        complete -W "alpha beta" mycmd
        line=$3
        COMP_LINE=$line COMP_POINT=${#line}
        read -ra COMP_WORDS <<<"$line"
        [[ $line == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        spec=$(complete -p lanes) || exit 3
        fn=${spec#*-F }
        fn=${fn%% *}
        "$fn" lanes "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
        printf "%s\n" "${COMPREPLY[@]}" | sort -u' \
        bash "$BASH_COMPLETION" "$LANES_BUILD/completion/lanes.bash" "$1"
}

need_zsh() {
    command -v zsh >/dev/null || skip "zsh is not installed"
}

# zsh_complete LINE: the words zsh offers at the end of LINE, one a line, sorted.
zsh_complete() {
    local z=$BATS_TEST_TMPDIR/zfunc
    mkdir -p "$z"
    cp "$LANES_BUILD/completion/_lanes" "$z/"
    printf '#compdef mycmd\ncompadd alpha beta\n' >"$z/_mycmd"
    timeout 30 zsh -f "$LANES_ROOT/tests/complete_zsh.zsh" "$z" "$1" | sed '/^-- end$/d' | sort -u
}

need_fish() {
    command -v fish >/dev/null || skip "fish is not installed"
}

# fish_complete LINE: the words fish offers at the end of LINE (without descriptions), sorted.
fish_complete() {
    HOME=$BATS_TEST_TMPDIR XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/config \
        XDG_DATA_HOME=$BATS_TEST_TMPDIR/data fish -c '
        source $argv[1]; or exit 2
        complete -c mycmd -f -a "alpha beta"
        complete -C $argv[2]' "$LANES_BUILD/completion/lanes.fish" "$1" | cut -f1 | sort -u
}

# The long options lanes --help names, and its short ones, sorted; the #! forms (--shebang ...
# are only read first on a script's #! line), --jobserver-auth (make's, in a description) and
# the entries --help marks "refused:" (lanes knows them and takes none) are no options to
# complete.
help_options() {
    lanes --help | awk '
        function put() { if (e != "" && e !~ /refused:/) print e; e = "" }
        /^  [^ ]/ { put(); e = $0; next }
        /^   / && e != "" { e = e " " $0; next }
        { put(); print }
        END { put() }' | grep -oE -- '(^|[ ,[(/])--?[A-Za-z0-9][a-z0-9-]*' | sed 's/^[ ,[(/]//' |
        grep -vxE -- '--(shebang|hashbang|shebang-wrap|jobserver-auth)|-[1-9][0-9]*|-[A-Za-z0-9]{2,}' |
        sort -u
}

@test "bash: lanes and sem are completed by the function of lanes.bash" {
    need_bash_completion
    run bash --norc -c 'source "$1" && source "$2" && complete -p lanes sem' \
        bash "$BASH_COMPLETION" "$LANES_BUILD/completion/lanes.bash"
    assert_success
    assert_line --index 0 --regexp '^complete -F _lanes lanes$'
    assert_line --index 1 --regexp '^complete -F _lanes sem$'
}

@test "bash: the options offered are those lanes --help lists" {
    need_bash_completion
    run diff <(help_options) <(bash_complete 'lanes -')
    assert_success
}

@test "bash: option values: --halt, --trim, --results forms, files and folders" {
    need_bash_completion
    run bash_complete 'lanes --halt s'
    assert_output $'soon,done=1\nsoon,fail=1\nsoon,fail=50%\nsoon,success=1'
    run bash_complete 'lanes --trim '
    assert_output $'l\nlr\nn\nr\nrl'
    run bash_complete 'lanes --trim=r'
    assert_output $'r\nrl'
    run bash_complete 'lanes -k --results '
    assert_output $'a.csv\nc.json\nsub.d'
    run bash_complete 'lanes --tmpdir '
    assert_output sub.d
    run bash_complete 'lanes -a '
    assert_output $'a.csv\nb.txt\nc.json\nsub.d'
    run bash_complete 'lanes --jobserver-style '
    assert_output $'fifo\npipe'
    run bash_complete 'lanes --jobs '
    assert_output ''
}

@test "bash: the command after the options, then its own arguments" {
    need_bash_completion
    run bash_complete 'lanes -j 4 -kv --tag mycm'
    assert_output mycmd
    run bash_complete 'lanes -j4 --halt now,fail=1 mycmd '
    assert_output $'alpha\nbeta'
    run bash_complete 'lanes -l 2 mycmd a'
    assert_output alpha
    run bash_complete 'lanes -- mycm'
    assert_output mycmd
    run bash_complete 'lanes mycmd a ::: '
    assert_output $'a.csv\nb.txt\nc.json\nsub.d'
}

@test "zsh: the options offered are those lanes --help lists" {
    need_zsh
    run diff <(help_options) <(zsh_complete 'lanes -')
    assert_success
}

@test "zsh: option values, the command, then its own arguments" {
    need_zsh
    run zsh_complete 'lanes --halt s'
    assert_output $'soon,done=1\nsoon,fail=1\nsoon,fail=50%\nsoon,success=1'
    run zsh_complete 'lanes --trim '
    assert_output $'l\nlr\nn\nr\nrl'
    run zsh_complete 'lanes --tmpdir '
    assert_output sub.d
    run zsh_complete 'lanes -j 4 -k mycm'
    assert_output mycmd
    run zsh_complete 'lanes -j 4 -k mycmd '
    assert_output $'alpha\nbeta'
    run zsh_complete 'sem --fg mycmd b'
    assert_output beta
}

@test "fish: the options offered are those lanes --help lists" {
    need_fish
    run diff <(help_options) <(fish_complete 'lanes -')
    assert_success
}

@test "fish: option values, the command, then its own arguments" {
    need_fish
    run fish_complete 'lanes --halt s'
    assert_output $'soon,done=1\nsoon,fail=1\nsoon,fail=50%\nsoon,success=1'
    run fish_complete 'lanes --trim='
    assert_output $'--trim=l\n--trim=lr\n--trim=n\n--trim=r\n--trim=rl'
    run fish_complete 'lanes --tmpdir '
    assert_output sub.d/
    run fish_complete 'lanes -kj 4 mycm'
    assert_output mycmd
    run fish_complete 'lanes -kj4 --tag mycmd '
    assert_output $'alpha\nbeta'
    run fish_complete 'sem --fg mycmd b'
    assert_output beta
    run fish_complete 'lanes mycmd a :::: '
    assert_output $'a.csv\nb.txt\nc.json\nsub.d/'
}

@test "the completions come from the option table: each of its options, none that lanes refuses" {
    local table names n refused
    table=$(sed -n '/optab_long\[\] = {/,/^};/p' "$LANES_ROOT/src/optab.c")
    names=$(grep -o "{\"[a-z0-9-]*\", [a-z_]*, NULL, [A-Za-z_0-9']*}" <<<"$table" |
        grep -v 'OPTAB_NEVER\|OPTAB_PIPE_LATER' | sed 's/{"\([^"]*\)".*/\1/')
    [ "$(wc -l <<<"$names")" -gt 80 ] || fail "the option table was not found: $names"
    for n in $names; do
        grep -q -e " --$n " <<<" $(sed -n "s/^_lanes_options='\(.*\)'$/\1/p" "$LANES_BUILD/completion/lanes.bash") " ||
            fail "bash: --$n missing"
        grep -qx -e "    '\*--$n\(=.*\)\?'" "$LANES_BUILD/completion/_lanes" || fail "zsh: --$n missing"
        grep -q -e " -l $n\( \|$\)" "$LANES_BUILD/completion/lanes.fish" || fail "fish: --$n missing"
    done
    refused=$(grep -o "{\"[a-z0-9-]*\", [a-z_]*, NULL, OPTAB_\(NEVER\|PIPE_LATER\)}" <<<"$table" |
        sed 's/{"\([^"]*\)".*/\1/' | paste -sd'|')
    [[ $refused == *sql* ]] || fail "no refused option found in the table: '$refused'"
    for f in lanes.bash _lanes lanes.fish; do
        ! grep -qE -- "--($refused)\b|-l ($refused)\b" \
            "$LANES_BUILD/completion/$f" || fail "$f offers an option lanes refuses"
    done
}

@test "installed, each shell finds the completions of lanes and sem by their names" {
    local stage=$BATS_TEST_TMPDIR/stage share
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$LANES_BUILD" --no-print-directory \
        -o src/lanes install DESTDIR="$stage" PREFIX=/usr bashcompdir=/usr/share/bash-completion/completions
    assert_success
    share=$stage/usr/share
    if [ -f "$BASH_COMPLETION" ]; then # bash-completion loads a command's file when first asked
        XDG_DATA_DIRS=$share run bash --norc -c 'source "$1" && __load_completion lanes &&
            __load_completion sem && complete -p lanes sem' bash "$BASH_COMPLETION"
        assert_success
        assert_output $'complete -F _lanes lanes\ncomplete -F _lanes sem'
    fi
    if command -v zsh >/dev/null; then # compinit reads the #compdef lines of fpath's files
        run zsh -f -c 'fpath=($1 $fpath); autoload -Uz compinit; compinit -u -D;
            print -r -- $_comps[lanes] $_comps[sem]' zsh "$share/zsh/vendor-completions"
        assert_output '_lanes _lanes'
    fi
    if command -v fish >/dev/null; then # fish loads NAME.fish from its path when NAME is typed
        run env HOME="$BATS_TEST_TMPDIR" XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config" fish -c '
            set fish_complete_path $argv[1] $fish_complete_path
            complete -C "lanes --halt-o"; complete -C "sem --semaphore-t"' \
            "$share/fish/vendor_completions.d"
        assert_output $'--halt-on-error\n--semaphore-timeout'
    fi
}

# ---------------------------------------------------------------- lanes --shell-completion

@test "--shell-completion SHELL prints completion/'s script for it, byte for byte" {
    local pair
    for pair in bash:lanes.bash zsh:_lanes fish:lanes.fish; do
        lanes --shell-completion "${pair%%:*}" >"$BATS_TEST_TMPDIR/out"
        cmp "$BATS_TEST_TMPDIR/out" "$LANES_BUILD/completion/${pair#*:}" || fail "${pair%%:*} differs"
        lanes --shellcompletion="${pair%%:*}" echo ::: a >"$BATS_TEST_TMPDIR/out"
        cmp "$BATS_TEST_TMPDIR/out" "$LANES_BUILD/completion/${pair#*:}" || fail "--shellcompletion= differs"
    done
}

@test "--shell-completion auto: the shell that would run the jobs (\$PARALLEL_SHELL here)" {
    PARALLEL_SHELL=/bin/bash run lanes --shell-completion auto
    assert_success
    [ "$output" = "$(cat "$LANES_BUILD/completion/lanes.bash")" ]
    if command -v zsh >/dev/null; then
        run env -u PARALLEL_SHELL zsh -f -c 'lanes --shell-completion auto; exit $?'
        assert_success
        [ "$output" = "$(cat "$LANES_BUILD/completion/_lanes")" ]
    fi
    PARALLEL_SHELL=/bin/sh run --separate-stderr lanes --shell-completion auto
    [ "$status" = 255 ]
    [ -z "$output" ]
    stderr_has "--shell-completion auto: no completion for the shell '/bin/sh'"
}

@test "--shell-completion: a shell without a script, or no value, is a usage error (255)" {
    local v
    for v in sh foo /bin/bash BASH ''; do
        run --separate-stderr lanes --shell-completion "$v"
        [ "$status" = 255 ] || fail "'$v': status $status"
        [ -z "$output" ]
        stderr_has "--shell-completion takes bash, zsh, fish or auto, not '$v'"
    done
    run --separate-stderr lanes --shellcompletion=tcsh
    [ "$status" = 255 ]
    stderr_has "--shellcompletion takes bash, zsh, fish or auto, not 'tcsh'"
    run --separate-stderr lanes --shell-completion
    [ "$status" = 255 ]
    stderr_has "--shell-completion"
}

@test "bash: eval \"\$(lanes --shell-completion bash)\" completes lanes" {
    need_bash_completion
    run bash --norc --noprofile -c '
        source "$1" || exit 2
        eval "$(lanes --shell-completion bash)" || exit 3
        complete -p lanes sem || exit 4
        COMP_LINE="lanes --halt s" COMP_POINT=14 COMP_WORDS=(lanes --halt s) COMP_CWORD=2
        _lanes lanes s --halt
        printf "%s\n" "${COMPREPLY[@]}" | sort
        COMP_LINE="lanes --memsu" COMP_POINT=13 COMP_WORDS=(lanes --memsu) COMP_CWORD=1
        _lanes lanes --memsu lanes
        printf "%s\n" "${COMPREPLY[@]}"' bash "$BASH_COMPLETION"
    assert_success
    assert_output $'complete -F _lanes lanes\ncomplete -F _lanes sem\nsoon,done=1\nsoon,fail=1\nsoon,fail=50%\nsoon,success=1\n--memsuspend'
}

@test "zsh: eval \"\$(lanes --shell-completion zsh)\" completes lanes" {
    need_zsh
    mkdir "$BATS_TEST_TMPDIR/empty" # (no _lanes in fpath: only the eval gives completions)
    export ZSH_EVAL='eval "$(lanes --shell-completion zsh)"'
    run bash -c 'timeout 30 zsh -f "$1" "$2" "lanes --halt s" | sort' bash \
        "$LANES_ROOT/tests/complete_zsh.zsh" "$BATS_TEST_TMPDIR/empty"
    assert_output $'-- end\nsoon,done=1\nsoon,fail=1\nsoon,fail=50%\nsoon,success=1'
    run bash -c 'timeout 30 zsh -f "$1" "$2" "lanes --shell-completion " | sort' bash \
        "$LANES_ROOT/tests/complete_zsh.zsh" "$BATS_TEST_TMPDIR/empty"
    assert_output $'-- end\nauto\nbash\nfish\nzsh'
}

@test "fish: lanes --shell-completion fish | source completes lanes" {
    need_fish
    run env HOME="$BATS_TEST_TMPDIR" XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config" fish -c '
        lanes --shell-completion fish | source; or exit 2
        complete -C "lanes --halt-o"; complete -C "lanes --shell-completion z"
        complete -C "lanes --memsusp"'
    assert_success
    assert_output $'--halt-on-error\nzsh\n--memsuspend'
}
