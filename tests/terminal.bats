#!/usr/bin/env bats
# terminal: lanes as seen at a terminal. --color=always|never|auto as grep and ls take it
# (GNU parallel's plain --color unchanged), NO_COLOR, and usage errors that name the option and
# suggest the closest spelling of an unknown one. A terminal is made with script(1) (util-linux),
# each such test skipped where it is missing.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

ESC=$'\033'

# on_tty COMMAND: run COMMAND (a shell string) with stdout on a terminal; its output in $output.
on_tty() {
    command -v script >/dev/null || skip "script(1) not installed (apt-get install bsdutils)"
    run script -qec "$1" /dev/null
}

# refused ARGS... : lanes ARGS exits 255, prints nothing on stdout, and its message is in $stderr.
refused() {
    run --separate-stderr lanes "$@" </dev/null
    assert_equal "$status" 255
    assert_output ""
}

@test "--color=always colours each job's lines as the plain --color does, also into a pipe" {
    run lanes -k --color echo ::: a b
    assert_success
    plain=$output
    [[ $plain == *"$ESC["* ]] || fail "no colour: $plain"
    run lanes -k --color=always echo ::: a b
    assert_success
    assert_equal "$output" "$plain"
    for w in yes force; do
        run lanes -k --colour=$w echo ::: a b
        assert_equal "$output" "$plain"
    done
}

@test "--color=never: no colour at all, whatever --color, --ctag or --cf ask; tags stay" {
    run lanes -k --color --ctag --cf --color=never 'echo {}; exit 1' ::: a b
    assert_equal "$status" 2
    assert_output $'a\ta\nb\tb'
    run lanes -k --color=no --ctagstring 'T{}' echo ::: x
    assert_output $'Tx\tx'
    run lanes -k --colour=none --color echo ::: x
    assert_output x
}

@test "--color=auto: no colour into a pipe, colour on a terminal" {
    run lanes -k --color=auto --ctag echo ::: a
    assert_success
    assert_output $'a\ta'
    on_tty "NO_COLOR= lanes -k --color=auto echo ::: a"
    assert_success
    [[ $output == *"$ESC[48;5;"*"a$ESC[m"* ]] || fail "no colour on a terminal: $(printf %q "$output")"
    on_tty "NO_COLOR= lanes -k --color=tty --cf 'echo {}; exit 1' ::: f"
    [[ $output == *"$ESC["*f* ]] || fail "no colour for --cf on a terminal: $(printf %q "$output")"
}

@test "--color=auto: NO_COLOR set and not empty means no colour, even on a terminal" {
    on_tty "NO_COLOR=1 lanes -k --color=auto --ctag echo ::: a"
    assert_success
    [[ $output != *"$ESC"* ]] || fail "coloured: $(printf %q "$output")"
    [[ $output == *$'a\ta'* ]] || fail "$(printf %q "$output")"
}

@test "NO_COLOR leaves GNU parallel's explicit --color and --ctag alone" {
    NO_COLOR=1 run lanes -k --color echo ::: a
    [[ $output == *"$ESC["* ]] || fail "not coloured: $output"
}

@test "a plain --color takes no value from the next word: that is the command, as in GNU parallel" {
    printf '#!/bin/sh\necho "ran always $1"\n' >always
    chmod +x always
    PATH=$PWD:$PATH run lanes -k --color always ::: x
    assert_success
    [[ $output == *"$ESC["*"ran always x"* ]] || fail "$(printf %q "$output")"
}

@test "--color with another value: exit 255 naming --color and the value" {
    for v in sometimes '' ALWAYS; do
        refused --color="$v" echo ::: a
        [[ $stderr == *"--color"*"'$v'"* ]] || fail "--color=$v: $stderr"
    done
}

@test "an unknown long option names the closest spelling" {
    refused --jobllog x echo ::: a
    [[ $stderr == *"option '--jobllog' is unknown; did you mean --joblog?"* ]] || fail "$stderr"
    refused --timelne x echo ::: a
    [[ $stderr == *"did you mean --timeline?"* ]] || fail "$stderr"
    refused --keep-ordr echo ::: a
    [[ $stderr == *"did you mean --keep-order?"* ]] || fail "$stderr"
    refused --halt-on-eror now,fail=1 echo ::: a
    [[ $stderr == *"did you mean --halt-on-error?"* ]] || fail "$stderr"
    refused --joblg=x echo ::: a
    [[ $stderr == *"option '--joblg' is unknown; did you mean --joblog?"* ]] || fail "$stderr"
}

@test "an unknown long option far from every option gets no suggestion" {
    refused --zzzzzzzzzz echo ::: a
    [[ $stderr == *"option '--zzzzzzzzzz' is unknown"* ]] || fail "$stderr"
    [[ $stderr != *"did you mean"* ]] || fail "$stderr"
}

@test "a prefix of several options is ambiguous, and they are named" {
    refused --col , echo ::: a
    [[ $stderr == *"option '--col' is ambiguous ("*"--colsep"*"--color"*")"* ]] || fail "$stderr"
}

@test "a value for an option that takes none names the option" {
    refused --keep-order=2 echo ::: a
    [[ $stderr == *"option '--keep-order' takes no value"* ]] || fail "$stderr"
}

@test "an unknown short option, and a missing value, name the option" {
    refused -Z echo ::: a
    [[ $stderr == *"unknown option '-Z'"* ]] || fail "$stderr"
    refused -k --tag -kZ echo ::: a
    [[ $stderr == *"unknown option '-Z'"* ]] || fail "$stderr"
    refused --joblog
    [[ $stderr == *"option '--joblog' needs a value"* ]] || fail "$stderr"
}

@test "an unknown option in \$PARALLEL names where it is and the closest spelling" {
    PARALLEL='-k --jobllog x' run --separate-stderr lanes echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *'$PARALLEL: option '"'--jobllog' is unknown; did you mean --joblog?"* ]] || fail "$stderr"
}

# ---------------------------------------------------------------- a real terminal (tmux)

# in_tmux COLS WAIT COMMAND: run COMMAND (lanes inside it) in a detached tmux pane COLS wide,
# on a server of this test's own; interrupt it with C-c once the pane shows WAIT (a regex),
# then capture the pane into $output when the shell has printed END. Skips without tmux.
in_tmux() {
    command -v tmux >/dev/null || skip "tmux not installed"
    local i=0
    export TMUX_TMPDIR=$BATS_TEST_TMPDIR
    tmux -L lanes-test -f /dev/null new-session -d -x "$1" -y 24 -s t \
        "env -i PATH='$PATH' TERM=screen bash --norc --noprofile" || fail "tmux did not start"
    tmux -L lanes-test send-keys -t t "PS1='$ '; clear; $3; echo END" Enter
    until tmux -L lanes-test capture-pane -p -t t | grep -q -- "$2"; do
        i=$((i + 1))
        [ "$i" -le 400 ] || fail "no '$2': $(tmux -L lanes-test capture-pane -p -t t)"
        sleep 0.05
    done
    tmux -L lanes-test send-keys -t t C-c
    i=0
    until tmux -L lanes-test capture-pane -p -t t | grep -q '^END'; do
        i=$((i + 1))
        [ "$i" -le 200 ] || fail "lanes did not end: $(tmux -L lanes-test capture-pane -p -t t)"
        sleep 0.05
    done
    output=$(tmux -L lanes-test capture-pane -p -t t)
    tmux -L lanes-test kill-server
}

@test "tmux, 40 columns: C-c leaves the --bar line whole and the failure summary within the width" {
    in_tmux 40 ' 2 failed' "lanes --bar --summary -j2 'echo a long line of error output, longer than the pane >&2; [ {} = 5 ] && exec sleep 30; exit {}' ::: 1 2 5 5 >/dev/null"
    # the last progress line, drawn over the terminal's ^C echo, with nothing left after it
    bar=$(grep ' done' <<<"$output" | tail -n 1)
    [[ $bar =~ ^\ *[0-9]+%\ [0-9]+/4\ done(,\ [0-9]+\ failed)?,\ elapsed\ [0-9]+s$ ]] ||
        fail "half-drawn line: '$bar' in: $output"
    grep -q '^lanes: 2 of 2 jobs failed$' <<<"$output" || fail "$output"
    grep -q '^  job 1: exit 1: echo a long line.*\.\.\.$' <<<"$output" || fail "$output"
    grep -q '^    | a long line of error output.*\.\.\.$' <<<"$output" || fail "$output"
    while IFS= read -r line; do # lanes' own lines; the jobs' stderr is theirs
        [ "${#line}" -le 39 ] || fail "a line wider than the pane: '$line'"
    done < <(grep -E '^(lanes:|  job |    \||.* done)' <<<"$output")
}

@test "tmux, 80 columns: the failure summary is not cut short where it fits" {
    in_tmux 80 ' 1 failed' "lanes --bar --summary -j2 'echo err{} >&2; [ {} = 5 ] && exec sleep 30; exit {}' ::: 1 5 >/dev/null"
    grep -q "^  job 1: exit 1: echo err1 >&2; \[ 1 = 5 \] && exec sleep 30; exit 1$" <<<"$output" ||
        fail "$output"
    grep -q '^    | err1$' <<<"$output" || fail "$output"
}

@test "-k on a terminal: each job's stdout, then its stderr, as GNU parallel prints them" {
    local cmd="-k -j2 'echo out-{}; echo err-{} >&2; sleep 0.2; echo out2-{}' ::: 1 2"
    on_tty "lanes $cmd"
    assert_success
    assert_output "$(printf '%s\r\n' out-1 out2-1 err-1 out-2 out2-2 err-2)"
    command -v parallel >/dev/null || return 0
    local ours=$output
    on_tty "parallel $cmd"
    assert_equal "$ours" "$output"
}
