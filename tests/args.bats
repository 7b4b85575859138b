#!/usr/bin/env bats
# args: replacement strings beyond {} (positional {n} and its modifiers, the renaming
# options, -q, --shell-quote, what is refused), and many arguments per job: -N, -n, -L/-l,
# -X, -m, --xargs, -s, -x, --show-limits, with the bad values that end lanes with 255.
# Every expected output of a job here was produced by GNU parallel 20221122.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    export SHELL=/bin/bash
}

# bad_value ARGS...: lanes ARGS... must end with 255 before running anything, print nothing
# on stdout and a message on stderr; the caller checks what the message names.
bad_value() {
    run --separate-stderr lanes "$@" echo ran ::: a
    assert_failure 255
    assert_output ''
    [ -n "$stderr" ] || fail "no message on stderr"
}

# ---------------------------------------------------------------- positional

@test "{n} {-n} {n.} {n/} {n//} {n/.} on two sources" {
    run lanes -k echo '{1.} {2/} {1//} {2/.} {-1} {-2}' ::: a/b.c ::: d/e.f
    assert_success
    assert_output 'a/b e.f a e d/e.f a/b.c'
}

@test "a missing position expands to nothing" {
    run lanes -k echo '[{1}][{2}]' ::: a
    assert_success
    assert_output '[a][]'
    run lanes -k echo '[{3}]' ::: a ::: b
    assert_success
    assert_output '[]'
}

@test "{n} numbers up to 10 and beyond" {
    run lanes echo {10} {1} ::: 1 ::: 2 ::: 3 ::: 4 ::: 5 ::: 6 ::: 7 ::: 8 ::: 9 ::: 10
    assert_success
    assert_output '10 1'
}

@test "{01} is {1}; {1..} and {+1} are literal text" {
    run lanes echo '{01}' ::: a
    assert_output 'a'
    run lanes echo '{1..}' ::: a
    assert_output '{1..} a'
    run lanes echo '{+1}' ::: a
    assert_output '{+1} a'
}

@test "{-n} beyond the first argument wraps as GNU parallel does" {
    run lanes -k echo '[{-3}][{-4}][{-5}]' ::: a ::: b
    assert_success
    if [ "$output" != '[b][a][]' ]; then
        skip "lanes bug: {-3} {-4} with two args give '' (GNU parallel: b and a, Perl negative indexes); got '$output'"
    fi
    assert_output '[b][a][]'
}

# ---------------------------------------------------------------- renamed replacement strings

@test "-I and --replace rename {}; {} is then literal" {
    run lanes -I ,, echo ,, '{}' ::: a
    assert_success
    assert_output 'a {}'
    run lanes --replace ,, echo ,, ::: a
    assert_output 'a'
    run lanes --replace=,, echo x,,y ::: a
    assert_output 'xay'
}

@test "-I with no use of the new string appends the argument" {
    run lanes -I ,, echo '{}' ::: a
    assert_success
    assert_output '{} a'
}

@test "-I {x}: the new string can look like a replacement string" {
    run lanes -I '{x}' echo '{x}' ::: a
    assert_success
    assert_output 'a'
}

@test "-I ,,: {1} is no longer a replacement string (as GNU parallel)" {
    run lanes -I ,, echo ,, {1} ::: a
    assert_success
    if [ "$output" != 'a {1}' ]; then
        skip "lanes bug: with -I ,, GNU parallel leaves {1} literal (its positional form derives from {}); got '$output'"
    fi
    assert_output 'a {1}'
}

@test "--er and --extensionreplace rename {.}" {
    run lanes --er ,, echo ,, '{.}' ::: a.b
    assert_success
    assert_output 'a {.}'
    run lanes --extensionreplace ,, echo ,, ::: d/a.b
    assert_output 'd/a'
}

@test "--bnr and --basenamereplace rename {/}" {
    run lanes --bnr ,, echo ,, ::: x/a.b
    assert_output 'a.b'
    run lanes --basenamereplace ,, echo ,, '{/}' ::: x/a.b
    assert_output 'a.b {/}'
}

@test "--dnr and --dirnamereplace rename {//}" {
    run lanes --dnr ,, echo ,, ::: x/a.b
    assert_output 'x'
    run lanes --dirnamereplace ,, echo ,, ::: x/y/a.b
    assert_output 'x/y'
}

@test "--bner and --basenameextensionreplace rename {/.}" {
    run lanes --bner ,, echo ,, ::: x/a.b
    assert_output 'a'
    run lanes --basenameextensionreplace ,, echo ,, ::: x/a.b.c
    assert_output 'a.b'
}

@test "--seqreplace renames {#}" {
    run lanes -k --seqreplace ,, echo ,, '{#}' ::: a b
    assert_success
    assert_output $'1 {#}\n2 {#}'
}

@test "--slotreplace renames {%}" {
    run lanes -k -j1 --slotreplace ,, echo ,, ::: a b
    assert_success
    assert_output $'1\n1'
}

# ---------------------------------------------------------------- quoting

@test "-q quotes each command word whole" {
    run lanes -k -q printf '%s|' ::: 'a b' "c'd"
    assert_success
    assert_output "a b|c'd|"
    run lanes -q echo 'a;b' ::: 1
    assert_output 'a;b 1'
}

@test "--quote: the word with {} stays one word" {
    run lanes --quote printf '<%s>\n' '{} x' ::: 'a b'
    assert_success
    assert_output '<a b x>'
}

@test "-q --dry-run shows the quoted words" {
    run lanes -q --dry-run echo '$x' '{}' ::: 'a b'
    assert_success
    assert_output "echo '\$x' 'a b'"
}

@test "-q with several arguments: each is its own word (as GNU parallel)" {
    run lanes -k -q printf '[%s]\n' ::: 'a b' ::: c
    assert_success
    if [ "$output" != $'[a b]\n[c]' ]; then
        skip "lanes bug: -q joins the fields of a record into one word; got '${output//$'\n'/|}'"
    fi
    assert_output $'[a b]\n[c]'
}

@test "--shell-quote prints each argument quoted and runs nothing" {
    run lanes -k --shell-quote ::: 'a b' "c'd" '$x' plain ''
    assert_success
    assert_output "'a b'
'c'\"'\"'d'
'\$x'
plain
''"
}

@test "--shell-quote quotes the whole command line" {
    run lanes -k --shell-quote echo {2} {1} ::: 'a b' ::: 'c d'
    assert_success
    assert_output "'echo '\"'\"'c d'\"'\"' '\"'\"'a b'\"'\""
}

@test "--shell-quote with --dry-run prints the command unquoted (as GNU parallel)" {
    run lanes --shell-quote --dry-run echo ::: 'a b'
    assert_success
    if [ "$output" != "echo 'a b'" ]; then
        skip "lanes bug: --shell-quote --dry-run quotes the command again; got '$output'"
    fi
    assert_output "echo 'a b'"
}

# ---------------------------------------------------------------- refused

@test "--sql, --tmux and --embed are refused with 255" {
    run --separate-stderr lanes --sql x echo ::: a
    assert_failure 255
    assert_output ''
    stderr_has --sql
    run --separate-stderr lanes --tmux echo ::: a
    assert_failure 255
    assert_output ''
    stderr_has --tmux
    run --separate-stderr lanes --embed
    assert_failure 255
    assert_output ''
    stderr_has --embed
}

# ---------------------------------------------------------------- -N -n -L -l

@test "-N2 gives two arguments a job; {1} {2} are its arguments" {
    run lanes -k -N2 echo ::: a b c d e
    assert_success
    assert_output $'a b\nc d\ne'
    run lanes -k -N2 echo {1}-{2} ::: a b c d e
    assert_success
    assert_output $'a-b\nc-d\ne-'
}

@test "--max-replace-args 2 is -N2" {
    run lanes -k --max-replace-args 2 echo {2}-{1} ::: a b c d
    assert_success
    assert_output $'b-a\nd-c'
    run lanes -k --max-replace-args=3 echo ::: a b c d
    assert_output $'a b c\nd'
}

@test "--max-replace-args x: exit 255 naming the option" {
    run --separate-stderr lanes --max-replace-args x echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *-N* || $stderr == *max-replace-args* ]] || fail "stderr: $stderr"
}

@test "-N0 runs one job an argument and inserts none" {
    run lanes -k -N0 echo x ::: a b c
    assert_success
    assert_output $'x\nx\nx'
    run lanes -k -N0 echo '{}' x ::: a b c
    assert_success
    assert_output $'x\nx\nx'
}

@test "-N with several sources counts records, not fields" {
    run lanes -k -N2 echo ::: a b c ::: 1
    assert_success
    assert_output $'a 1 b 1\nc 1'
}

@test "-N3 {-1} is the last argument of the job" {
    run lanes -k -N3 echo {-1} ::: a b c d
    assert_success
    assert_output $'c\nd'
}

@test "-n and --max-args" {
    run lanes -k -n2 echo ::: a b c d e
    assert_success
    assert_output $'a b\nc d\ne'
    run lanes -k --max-args 3 echo ::: a b c d e
    assert_output $'a b c\nd e'
    run lanes -k --max-args=3 echo {2} ::: a b c d e
    assert_output $'b\ne'
}

@test "-n2 without context: the word holding {} gets all arguments" {
    run lanes -k -n2 echo 'pre{}post' ::: a b c d
    assert_success
    assert_output $'prea bpost\nprec dpost'
}

@test "-L, -l and --max-lines" {
    run lanes -k -L2 echo ::: a b c d e
    assert_success
    assert_output $'a b\nc d\ne'
    run lanes -k -l2 echo ::: a b c d e
    assert_output $'a b\nc d\ne'
    run lanes -k --max-lines=2 echo ::: a b c d e
    assert_output $'a b\nc d\ne'
}

@test "-l 2 and --max-lines 2: the value may be the next word (as GNU parallel)" {
    run lanes -k --max-lines 2 echo ::: a b c d e
    if [ "$status" != 0 ] || [ "$output" != $'a b\nc d\ne' ]; then
        skip "lanes bug: --max-lines 2 runs '2' as the command (GNU takes 2 as the value); status $status"
    fi
    run lanes -k -l 2 echo ::: a b c d e
    if [ "$status" != 0 ] || [ "$output" != $'a b\nc d\ne' ]; then
        skip "lanes bug: -l 2 runs '2' as the command (GNU takes 2 as the value); status $status"
    fi
    assert_output $'a b\nc d\ne'
}

@test "-L0 inserts no argument" {
    run bash -c 'lanes -k -L0 echo ::: a b c | od -An -c'
    assert_success
    if [ "$output" != '  \n  \n  \n' ]; then
        skip "lanes bug: -L0 inserts the arguments (GNU parallel: none, three empty lines); got '$output'"
    fi
    assert_output '  \n  \n  \n'
}

@test "-l0 is -l1 (as GNU parallel)" {
    run lanes -k -l0 echo ::: a b c
    assert_success
    if [ "$output" != $'a\nb\nc' ]; then
        skip "lanes bug: -l0 inserts no argument (GNU parallel: -l 0 means -l 1); got '${output//$'\n'/|}'"
    fi
    assert_output $'a\nb\nc'
}

@test "-L: a line ending in a blank goes on with the next line (as GNU parallel)" {
    run lanes -k -L1 echo < <(printf 'a \nb\nc\n')
    assert_success
    assert_output $'a b\nc'
}

@test "-L: the joined lines are one value, the blank kept; a tab continues too" {
    run lanes -k -L1 --dry-run echo < <(printf 'a \nb\nc\td \ne\nf\t\ng\n')
    assert_output $'echo \'a b\'\necho \'c\td e\'\necho \'f\tg\''
}

@test "-L: an empty line after a blank-ended one is taken in, and the line goes on" {
    run lanes -k -L1 --dry-run echo < <(printf 'a \nb \n\nc\nd\n')
    assert_output $'echo \'a b c\'\necho d'
}

@test "-L: a last line ending in a blank keeps it" {
    run lanes -k -L1 --dry-run echo < <(printf 'x\na \n')
    assert_output $'echo x\necho \'a \''
}

@test "-L2 counts the joined lines as one" {
    run lanes -k -L2 echo < <(printf 'a x\nb\nc d \ne\nf\n')
    assert_output $'a x b\nc d e f'
}

@test "-l, -L with ::: values, -0 and -d: values ending in a blank go on" {
    run lanes -k -l --dry-run echo ::: 'a ' 'b ' c d ::: x
    assert_output $'echo \'a b c\' x\necho d x'
    run lanes -k -L1 -0 --dry-run echo < <(printf 'a \0b\0c\0')
    assert_output $'echo \'a b\'\necho c'
    run lanes -k -L1 -d XY --dry-run echo < <(printf 'a XYb XYcXY')
    assert_output $'echo \'a b c\''
}

@test "-L with --colsep: the lines are joined before they are split" {
    run lanes -k -L1 --colsep , echo {1}/{2}/{3} < <(printf 'a,1 \nb,2\nc,3\n')
    assert_output $'a/1 b/2\nc/3/'
}

@test "without -L or -l a value ending in a blank stands alone" {
    run lanes -k -N1 --dry-run echo < <(printf 'a \nb\n')
    assert_output $'echo \'a \'\necho b'
    run lanes -k -n1 --dry-run echo ::: 'a ' b
    assert_output $'echo \'a \'\necho b'
}

@test "-N, -n, -l, -L together: -N wins, then -n (unless 0), then -l, then -L, in any order" {
    local o want
    while IFS='|' read -r o want; do
        run lanes -k $o --dry-run echo 'x{}y' ::: a b c
        assert_equal "${output//$'\n'/|}" "$want"
    done <<'EOF2'
-n2 -L1|echo xay xby|echo xcy
-L1 -n2|echo xay xby|echo xcy
-N2 -n1|echo xay xby|echo xcy
-n1 -N2|echo xay xby|echo xcy
-N0 -n2|echo xy|echo xy|echo xy
-n0 -L2|echo xay xby|echo xcy
-l3 -L2|echo xay xby xcy
-L2 -l3|echo xay xby xcy
-n2|echo xa by|echo xcy
EOF2
}

@test "-N, -n, -l, -L together: lines still go on when -L or -l is given and loses" {
    run lanes -k -N1 -L2 --dry-run echo < <(printf 'a \nb\nc\n')
    assert_output $'echo \'a b\'\necho c'
}

@test "-N2 and -L2 repeat a context word like -X (as GNU parallel)" {
    run lanes -k -N2 echo 'pre{}post' ::: a b c d
    assert_success
    if [ "$output" != $'preapost prebpost\nprecpost predpost' ]; then
        skip "lanes bug: -N and -L do not imply context replace; got '${output//$'\n'/|}'"
    fi
    assert_output $'preapost prebpost\nprecpost predpost'
}

# ---------------------------------------------------------------- -X -m --xargs

@test "-X: a word holding {} is repeated for each argument" {
    run lanes -k -j1 -X echo 'a{}b{}c' ::: 1 2 3
    assert_success
    assert_output 'a1b1c a2b2c a3b3c'
    run lanes -k -j1 -X echo '{}' '-{}-' ::: 1 2 3
    assert_output '1 2 3 -1- -2- -3-'
    run lanes -k -j1 -X echo 'p{.}' '{#}' ::: a.x b.y
    assert_output 'pa pb 1'
}

@test "-m: the word holding {} gets all arguments, space-separated" {
    run lanes -k -j1 -m echo 'p{/}' ::: d/a.x e/b.y
    assert_success
    assert_output 'pa.x b.y'
}

@test "-X spreads a short last line over the job slots: -j3 and 10 args give 4,4,2" {
    run lanes -k -j3 -X echo ::: $(seq 10)
    assert_success
    assert_output $'1 2 3 4\n5 6 7 8\n9 10'
    run lanes -k -j4 -X echo < <(seq 10)
    assert_success
    assert_output $'1 2 3\n4 5 6\n7 8 9\n10'
}

@test "-m spreads like -X; --xargs does not spread" {
    run lanes -k -j3 -m echo < <(seq 10)
    assert_success
    assert_output $'1 2 3 4\n5 6 7 8\n9 10'
    run lanes -k -j2 -m echo 'x{}' ::: 1 2 3 4 5 6 7
    assert_output $'x1 2 3 4\nx5 6 7'
    run lanes -k -j3 --xargs echo ::: $(seq 10)
    assert_output '1 2 3 4 5 6 7 8 9 10'
}

@test "-X and -m with -n cap the arguments a job; the spread still applies" {
    run lanes -k -j3 -X -n3 echo ::: $(seq 10)
    assert_success
    assert_output $'1 2 3\n4 5 6\n7 8 9\n10'
    run lanes -k -j3 -m -n4 echo ::: $(seq 10)
    assert_output $'1 2 3 4\n5 6 7 8\n9\n10'
}

@test "-X with -s fills lines, then spreads the rest" {
    run lanes -k -j4 -X -s 30 echo < <(seq 30)
    assert_success
    assert_output $'1 2 3 4 5 6 7 8 9 10 11\n12 13 14 15 16 17 18 19\n20 21 22 23 24 25 26 27\n28\n29\n30'
    run lanes -k -j4 --xargs -s 30 echo < <(seq 30)
    assert_output $'1 2 3 4 5 6 7 8 9 10 11\n12 13 14 15 16 17 18 19\n20 21 22 23 24 25 26 27\n28 29 30'
}

@test "-s counts the quoted arguments" {
    run lanes -k -j1 -m -s 15 --dry-run echo ::: aaa bbb ccc ddd
    assert_success
    assert_output $'echo aaa bbb\necho ccc ddd'
    run lanes -k -j1 --max-chars 25 -X --dry-run echo 'x{}y' ::: aaa 'b b' "c'c" d
    assert_output $'echo xaaay x\'b b\'y\necho x\'c\'"\'"\'c\'y xdy'
}

@test "-X -s with {#} counts the number as GNU parallel does" {
    run lanes -k -j1 -X -s 40 --dry-run echo 'x{}y' '{#}' ::: aaa 'b b' "c'c" d
    assert_success
    local want=$'echo xaaay x\'b b\'y x\'c\'"\'"\'c\'y 1\necho xdy 2'
    if [ "$output" != "$want" ]; then
        skip "lanes bug: -X -s 40 with {#} packs one argument more than GNU parallel; got '${output//$'\n'/|}'"
    fi
    assert_output "$want"
}

@test "-q with -X: each argument is its own quoted word (as GNU parallel)" {
    run lanes -k -j2 -X -q printf '<%s>' 'x{}' ::: 'a b' c d
    assert_success
    if [ "$output" != '<xa b><xc><xd>' ]; then
        skip "lanes bug: -q -X joins the arguments inside one quoted word; got '$output'"
    fi
    assert_output '<xa b><xc><xd>'
}

# ---------------------------------------------------------------- -x, --show-limits, bad values

@test "-x: an argument too long for -s ends lanes with 255 before any job" {
    run --separate-stderr lanes -k -j1 -X -x -s 10 echo ::: aaaaa bbb
    assert_failure 255
    assert_output ''
    stderr_has 'too long'
    run --separate-stderr lanes -k -j1 -m --exit -s 8 echo ::: aaa bbb
    assert_failure 255
    assert_output ''
}

@test "-x: arguments that fit run normally" {
    run lanes -k -j1 -X -x -s 12 echo ::: aaa bbb ccc
    assert_success
    assert_output $'aaa\nbbb\nccc'
}

@test "-x without -X: a one-argument command too long for -s ends with 255 (as GNU parallel)" {
    run --separate-stderr lanes -k -j1 -x -s 10 echo ::: aaaaa bbb
    if [ "$status" != 255 ]; then
        skip "lanes bug: -x -s 10 echo ::: aaaaa runs the job (GNU parallel: exit 255, too long); status $status"
    fi
    assert_failure 255
    assert_output ''
}

@test "--show-limits prints the limits on stdout, then runs the jobs" {
    run --separate-stderr lanes --show-limits echo ::: a
    assert_success
    [[ $output == *'Maximal size of command: '[0-9]* ]] || fail "no maximal size: $output"
    [[ $output == *'Maximal usable size of command: '[0-9]* ]] || fail "no usable size: $output"
    [[ $output == *$'\na' || $output == $'a\n'* ]] || fail "the job did not run: $output"
}

@test "--show-limits prints the limits before the jobs' output (as GNU parallel)" {
    run --separate-stderr lanes --show-limits echo ::: a
    assert_success
    assert_line --index 0 --regexp '^Maximal size of command: [0-9]+$'
    assert_line --index 1 --regexp '^Maximal usable size of command: [0-9]+$'
    if [ "${lines[-1]}" != a ]; then
        skip "lanes bug: with stdout not a tty, --show-limits text comes after the jobs' output"
    fi
    assert_line --index -1 a
}

@test "--show-limits: the usable size is the default -s" {
    run --separate-stderr lanes --show-limits echo ::: a
    local usable
    usable=$(sed -n 's/^Maximal usable size of command: //p' <<<"$output")
    [ -n "$usable" ] || fail "no usable size: $output"
    # An argument just over that size cannot share a line with another (-x says so).
    run --separate-stderr lanes -x -X echo ::: "$(head -c "$usable" /dev/zero | tr '\0' a)"
    assert_failure 255
}

@test "-N -1 and -N x: exit 255 naming -N" {
    bad_value -N -1
    stderr_has -N
    bad_value -N x
    stderr_has -N
    bad_value -N 1.5
    stderr_has -N
}

@test "-n and -L with bad values: exit 255 naming the option" {
    bad_value -n x
    stderr_has -n
    bad_value -n -1
    stderr_has -n
    bad_value -L x
    stderr_has -L
    bad_value --max-args=x
    stderr_has -n
}

@test "-s 0, -s x and -s -5: exit 255 naming -s" {
    bad_value -s 0
    stderr_has -s
    bad_value -s x
    stderr_has -s
    bad_value --max-chars -5
    stderr_has max-chars
}

@test "-l alone takes no value: -l is -l1 (as GNU parallel)" {
    run lanes -k -l echo ::: a b c
    if [ "$status" != 0 ] || [ "$output" != $'a\nb\nc' ]; then
        skip "lanes bug: -l requires a value (GNU parallel: -l[max-lines], default 1); status $status"
    fi
    assert_output $'a\nb\nc'
}
