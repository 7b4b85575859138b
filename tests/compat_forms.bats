#!/usr/bin/env bats
# Other spellings of options that GNU parallel takes, against GNU parallel (see
# compat_helper.bash): counts with a unit (-N 1k), xargs' -i and -e with their optional values,
# --gnu and --tollef, --ctagstring, --colour-failed.

load test_helper
load compat_helper
bats_require_minimum_version 1.5.0

setup() {
    compat_setup
    compat_wrap
}

# ---------------------------------------------------------------- counts with a unit

@test "-N 1k and -n 1k: 1000 arguments a job; 1K and 1ki: 1024" {
    seq 10000 >in
    compat_pipe 'sort | uniq -c' -N 1k 'echo {} | wc -w' :::: in
    compat_pipe 'sort | uniq -c' -n 1k 'echo {} | wc -w' :::: in
    compat_pipe 'sort | uniq -c' -n 1K 'echo {} | wc -w' :::: in
    compat_pipe 'sort | uniq -c' -n 1ki 'echo {} | wc -w' :::: in
    compat_pipe 'sort | uniq -c' -n 1.5k 'echo {} | wc -w' :::: in
}

@test "-L 1k: 1000 lines a job; --pipe -L 1k: records of 1000 lines" {
    seq 5000 >in
    compat_pipe 'sort | uniq -c' -L 1k 'echo {} | wc -w' :::: in
    seq 100000 >big
    pipe_stdin 'sort | uniq -c' big -L 1k --pipe wc -l
}

@test "-s 1k: command lines of at most 1000 characters" {
    seq 10000 >in
    compat_pipe 'sort -n | tail -1' -mj1 -s 1k 'echo {} | wc -c' :::: in
}

@test "a count with a bad unit is a usage error naming the option" {
    local v
    for v in 1kk 1k2 1x 1.0001k k 1ii; do
        run --separate-stderr lanes -n "$v" echo ::: a
        assert_equal "$status" 255
        [[ $stderr == *-n*"'$v'"* ]] || fail "-n $v: $stderr"
    done
    run --separate-stderr lanes -s 0k echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *-s* ]] || fail "$stderr"
}

# ---------------------------------------------------------------- xargs' -i and -e

@test "-i and --replace: {} without a value, the value attached, or the next word" {
    printf 'a\nEND\nb\n' >in
    compat_stdin in -k -i -eEND echo 'repl{.}ce'
    compat_stdin in -k --replace -eEND echo 'repl{.}ce'
    compat_stdin in -k --replace XX echo 'repl{.}ceXX'
    compat_stdin in -k -i XX echo XX
    compat_stdin in -k -iXX echo XX
    compat_stdin in -k --replace=XX echo XX
    compat_stdin in -k --replace= echo 'x{}'
    compat_stdin in -k -i -- echo 'x{}'
}

@test "-i followed by the command takes the command word as its value, as GNU parallel does" {
    compat -i echo 'x{}' ::: a
}

@test "-e and --eof: the value attached, after =, or the next word; none without" {
    printf 'a\nEND\nb\n\nc\n' >in
    compat_stdin in -k -e END echo x
    compat_stdin in -k -eEND echo x
    compat_stdin in -k --eof END echo x
    compat_stdin in -k --eof=END echo x
    compat_stdin in -k -E END -e -k echo x
    compat_stdin in -k -e '' echo x
}

@test "-E '': an empty end-of-file string is none, not an empty line" {
    printf 'a\n\nb\n' >in
    compat_stdin in -k -E '' echo x
}

# ---------------------------------------------------------------- --gnu, --tollef

@test "--gnu does nothing; --tollef is refused unless --gnu overrides it" {
    compat -k --gnu echo ::: 1 2 3 -- a b c
    compat -k --tollef --gnu echo ::: 1 2 3 -- a b c
    compat -k --gnu --tollef echo ::: 1 2
    compat_status -k --tollef echo -- 1 2 3 ::: a b c
    run --separate-stderr lanes -k --tollef echo ::: a
    assert_equal "$status" 255
    assert_output ""
    [[ $stderr == *--tollef*--gnu* ]] || fail "$stderr"
}

# ---------------------------------------------------------------- colours

@test "--ctag and --color: GNU parallel's palette, job after job, past its end" {
    seq 320 >in
    compat_stdin in -k --ctag echo
    compat -k --color 'echo {}; echo err{} >&2' ::: a b c
}

@test "--ctagstring is --tagstring and --color" {
    compat -k --ctagstring 'I{1}\tB{2}' echo ::: 1 2 ::: a b
    compat_pipe 'wc -c' --ctagstring 'I{1}\tB{2}' echo ::: 1 ::: a
}

@test "--colour-failed: a failed job's lines, -v line included, white on red" {
    compat --colour-failed -kv 'seq {1};exit {2}' ::: 1 2 ::: 0 1 2
    compat --colour --colour-failed -kv 'seq {1};exit {2}' ::: 1 2 ::: 0 1 2
    compat --cf --tag -k 'seq {1};exit {2}' ::: 1 2 ::: 0 1
    compat --cf -k 'printf no-newline; exit 1' ::: a
}

@test "--colour-failed does nothing with -u and --line-buffer" {
    compat --cf -u -j1 'seq {1};exit {2}' ::: 1 2 ::: 0 1
    compat --cf --lb -k 'seq {1};exit {2}' ::: 1 2 ::: 0 1
}

# ---------------------------------------------------------------- templates

@test "blanks after the number of a positional replacement string, a newline too" {
    compat "
      echo {1
      } {2}
    " ::: O ::: K
    compat -k echo '{1 }' '{2 .}' '{-1 }' '{1 /}' '{1 //}' $'{1\t/.}' ::: a.x/b.y ::: K.z
    compat -k echo '{ 1}' '{1. }' '{. }' '{# }' ::: a.x/b.y ::: K.z
}

# ---------------------------------------------------------------- --minversion

@test "--minversion: the release followed, and 255 when older than asked" {
    compat --minversion 20130722
    compat --minversion 2013
    compat --minversion 20221122
    compat --minversion 20221122 echo ::: not run
    compat_status --minversion 20990101
    run --separate-stderr lanes --minversion 20990101
    assert_equal "$status" 255
    assert_output 20221122
    run --separate-stderr lanes --minversion abc
    assert_equal "$status" 255
    [[ $stderr == *--minversion*abc* ]] || fail "$stderr"
}

# ---------------------------------------------------------------- #! lines

# shebang_both NAME BODY...: NAME.gnu and NAME.lanes, scripts whose #! line runs GNU parallel
# and lanes with the rest of the first BODY line; the other lines follow.
shebang_both() {
    local name=$1 first=$2 prog
    shift 2
    for prog in gnu lanes; do
        if [ $prog = gnu ]; then
            printf '#!%s %s\n' "$(command -v parallel)" "$first" >"$name.$prog"
        else
            printf '#!%s %s\n' "$LANES" "$first" >"$name.$prog"
        fi
        printf '%s\n' "$@" >>"$name.$prog"
        chmod +x "$name.$prog"
    done
}

@test "--shebang and --hashbang: the script's lines are the arguments" {
    shebang_both sb '--shebang -k echo X' a b '' c
    run ./sb.gnu
    local want=$output
    run ./sb.lanes
    assert_success
    assert_output "$want"
    shebang_both hb '--hashbang -k --tag echo' a b
    run ./hb.gnu
    want=$output
    run ./hb.lanes
    assert_output "$want"
}

@test "--shebang-wrap: the script runs under its program once for each argument, or stdin line" {
    command -v python3 >/dev/null || skip "python3 is not installed"
    shebang_both sw '--shebang-wrap -k /usr/bin/python3' 'import sys' 'print("py", sys.argv[1:])'
    run ./sw.gnu a b c
    local want=$output
    run ./sw.lanes a b c
    assert_success
    assert_output "$want"
    run bash -c 'printf "x\ny\n" | ./sw.lanes'
    assert_output $'py [\'x\']\npy [\'y\']'
    shebang_both swp '--shebang-wrap -k --pipe /usr/bin/perl -w' 'print "pl: ", scalar(<>);'
    seq 3 >f1
    run ./swp.lanes f1
    assert_output "pl: 1"
}

# ---------------------------------------------------------------- command line lengths

@test "--show-limits and --max-line-length-allowed: GNU parallel's numbers, -s too" {
    compat --max-line-length-allowed
    # (sed reads all: head could end either before the other is done, and SIGPIPE it)
    compat_pipe 'sed -n 1,2p' --show-limits echo ::: a
    compat_pipe 'sed -n 1,2p' --show-limits -s 100 echo ::: a
}

@test "-X and -m with -s: as many arguments a line as GNU parallel puts, with several replacement strings" {
    seq 15 | sed 's/$/.gif/' >gifs
    compat_stdin gifs -j1 -s 80 -kX echo 'a{}b{.}c{.}'
    compat_stdin gifs -j1 -s 80 -km echo 'a{}b{.}c{.}'
    compat_stdin gifs -j1 -s 60 -kX echo 'x{/.}y{//}z'
    printf '%s\n' "it's a.b" 'x y/z.q' '$HOME' '"q"' 'back\slash' >odd
    cat odd odd odd odd >odd4
    compat_stdin odd4 -j1 -s 100 -kX --dry-run echo 'a{}b'
    compat_stdin odd4 -j1 -s 100 -km --dry-run echo 'a{}b'
}

@test "-X with the default -s: the same command lines as GNU parallel" {
    seq 10000 | sed 's/$/.gif/' >gifs
    compat_pipe 'wc -l' -j1 -kX echo 'a{}b{.}c{.}{.}{}' :::: gifs
    compat_pipe 'wc -l' -j1 -kX echo 'a{}b{.}c' :::: gifs
    compat_pipe 'awk "{ print length(\$0) }"' -j1 -kX echo 'a{}b' :::: gifs
}

@test "-s given: a record too long for it alone ends the run with 255, as GNU parallel" {
    { echo echo; seq 1 5; head -c 100000 /dev/zero | tr '\0' z; echo; seq 12 15; } >in
    compat_status -j1 -km -s 10 :::: in
    compat_pipe 'head -c 40' -j1 -km -s 10 :::: in
    compat_status -m -s 10 echo ::: aaaaaaaaaaaaaaaaaaaaaaaa b
}
