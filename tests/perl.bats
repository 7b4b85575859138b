#!/usr/bin/env bats
# {= perl =} replacement strings, {=N perl =}, --rpl, --parens, and the --plus strings GNU
# parallel defines in Perl ({uniq}, {choose_k}): the values they give, skip(), uq(), the
# helper functions, that Perl starts only for a run that needs it, and every bad input.
# tests/compat_perl.bats compares the same forms with GNU parallel.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    export SHELL=/bin/bash
}

# ---------------------------------------------------------------- values

@test "{= =} changes \$_, the value of {}" {
    run lanes -k echo '{= s/a/A/g =}' ::: banana cab
    assert_success
    assert_output $'bAnAnA\ncAb'
}

@test "{=N =} takes source N, and -N from the end" {
    run lanes -k echo '{=2 $_=uc =}' '{=-1 $_.="!" =}' ::: a b ::: x
    assert_success
    assert_output $'X x!\nX x!'
}

@test "@arg holds the job's arguments from \$arg[1]" {
    run lanes -k echo '{=1 $_="$arg[2]-$arg[1]-$#arg" =}' ::: a b ::: c
    assert_success
    assert_output $'c-a-2\nc-b-2'
}

@test "seq(), slot(), total_jobs() and \$job->seq()" {
    run lanes -j1 -k echo '{=1 $_=seq()."/".total_jobs()." ".slot()." ".$job->seq() =}' ::: a b c
    assert_success
    assert_output $'1/3 1 1\n2/3 1 2\n3/3 1 3'
}

@test "a value from Perl is quoted: input stays data" {
    run lanes -k echo '{= $_ .= q{;echo no} =}' ::: 'a b' '$(id)'
    assert_success
    assert_output $'a b;echo no\n$(id);echo no'
}

@test "uq() puts the value in unquoted" {
    run lanes echo '{= $_ .= ";echo yes"; uq() =}' ::: a
    assert_success
    assert_output $'a\nyes'
}

@test "Q() quotes as lanes does, pQ() for Perl" {
    run lanes -k echo '{= $_=Q($_) =}' '{= $_=pQ($_) =}' ::: 'a b' 'x$y'
    assert_success
    assert_output $'\'a b\' a b\n\'x$y\' x\\$y'
}

@test "values may hold newlines and any byte" {
    run lanes -0 -k echo '{= s/\n/<nl>/g; $_ .= "\x01" =}' < <(printf 'a\nb\0c\0')
    assert_success
    assert_output $'a<nl>b\x01\nc\x01'
}

@test "with -X each argument goes through the expression" {
    run lanes -X -k -j1 echo 'x{= $_=uc =}y' ::: a b c
    assert_success
    assert_output 'xAy xBy xCy'
}

@test "in --tagstring and --results paths too" {
    run lanes -k --tagstring '{= $_=uc =}' echo ::: a b
    assert_success
    assert_output $'A\ta\nB\tb'
    run lanes --results 'res/{= $_=uc =}' echo ::: a
    assert_success
    [ -f res/A ] || fail "no res/A: $(ls res)"
}

@test "the time functions answer in their format" {
    run lanes echo '{= $_=yyyy_mm_dd()." ".hh_mm_ss()." ".yyyymmddhhmmss() =}' ::: a
    assert_success
    [[ $output =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}:[0-9]{2}\ [0-9]{14}$ ]] ||
        fail "got '$output'"
}

@test "hash() gives a value" {
    run lanes echo '{= $_=hash($_) =}' ::: a
    assert_success
    [[ $output =~ ^[0-9a-fx]+$ ]] || fail "got '$output'"
}

# ---------------------------------------------------------------- skip()

@test "skip() runs no job and counts it as failed" {
    run lanes -k echo '{#}' '{= skip() if /b/ =}' ::: a b c
    assert_failure 1
    assert_output $'1 a\n3 c'
}

@test "a skipped job is logged with exit value -2" {
    run lanes --joblog jl echo '{= skip() if /b/ =}' ::: a b
    assert_failure 1
    run awk -F '\t' 'NR > 1 { print $1, $7, $9 }' jl
    assert_output --partial '2 -2 echo b'
}

@test "--dry-run shows a skipped job and counts it" {
    run lanes --dry-run -k echo '{= skip() if /b/ =}' ::: a b c
    assert_failure 1
    assert_output $'echo a\necho b\necho c'
}

@test "--plus {uniq} skips jobs with the same argument twice" {
    run lanes --plus -k echo {uniq} ::: a b ::: a b
    assert_failure 2
    assert_output $'a b\nb a'
}

@test "--plus {choose_k} runs each choice once, in order" {
    run lanes --plus -k echo {choose_k} ::: a b c ::: a b c
    assert_failure 6
    assert_output $'a b\na c\nb c'
}

# ---------------------------------------------------------------- --rpl and --parens

@test "--rpl defines a tag, also positional" {
    run lanes -k --rpl '{U} $_=uc' echo {U} {2U} ::: a b ::: c
    assert_success
    assert_output $'A C C\nB C C'
}

@test "--rpl with groups gives \$\$1 and \$\$2" {
    run lanes --rpl '{s/(.*?)/(.*?)} s/$$1/$$2/g' echo '{s/a/o}' ::: banana
    assert_success
    assert_output bonono
}

@test "--rpl: a leading number makes the tag positional, evaluated once" {
    run lanes -j1 -X -k --rpl '{first} 1 $_=uc' echo {first} {} ::: a b
    assert_success
    assert_output 'A a b'
}

@test "--rpl wins over lanes' own string of the same spelling" {
    run lanes --rpl '{.} s/a/A/' echo {.} ::: a.b
    assert_success
    assert_output A.b
}

@test "--parens respells {= and =}" {
    run lanes --parens '[[]]' echo '[[s/x/y/]]' ::: xx
    assert_success
    assert_output yx
}

# ---------------------------------------------------------------- Perl only when needed

@test "no Perl process for a run without expressions, even with --rpl" {
    command -v strace >/dev/null || skip "strace is not installed"
    run env ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=execve -o trace lanes --rpl '{U} $_=uc' echo ::: a
    assert_success
    run grep -c 'execve("[^"]*/perl"' trace
    assert_output 0
}

@test "one Perl process for the whole run" {
    command -v strace >/dev/null || skip "strace is not installed"
    run env ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=execve -o trace lanes echo '{= $_=uc =}' ::: a b c d
    assert_success
    run grep -c 'execve("[^"]*/perl".*= 0$' trace
    assert_output 1
}

# ---------------------------------------------------------------- bad input

@test "a Perl syntax error ends the run with 255 before any job, naming the expression" {
    run --separate-stderr lanes echo '{= $_ = ( =}' ::: a
    assert_failure 255
    assert_output ''
    stderr_has '{= $_ = ( =}'
}

@test "an expression that dies ends the run with 255, naming it" {
    run --separate-stderr lanes echo '{= die "no\n" if /b/ =}' ::: b
    assert_failure 255
    stderr_has 'die "no'
    stderr_has 'no'
}

@test "a bad --rpl tag regex is a usage error" {
    run --separate-stderr lanes --rpl '{x(} 1' echo ::: a
    assert_success # no group: the tag is literal text
    run --separate-stderr lanes --rpl '{x([)} 1' echo ::: a
    assert_failure 255
    assert_output ''
    stderr_has --rpl
}

@test "--rpl without a tag is a usage error" {
    run --separate-stderr lanes --rpl ' $_' echo ::: a
    assert_failure 255
    assert_output ''
    stderr_has --rpl
}

@test "--parens too short is a usage error" {
    run --separate-stderr lanes --parens x echo ::: a
    assert_failure 255
    assert_output ''
    stderr_has --parens
}

@test "--rpl and --parens without a value are usage errors" {
    run --separate-stderr lanes --rpl
    assert_failure 255
    stderr_has rpl
    run --separate-stderr lanes --parens
    assert_failure 255
    stderr_has parens
}

@test "without perl on PATH a Perl expression is a clear error, 255" {
    mkdir empty
    run --separate-stderr env PATH="$PWD/empty" "$LANES" echo '{= $_=uc =}' ::: a
    assert_failure 255
    assert_output ''
    stderr_has perl
}

@test "{= =}: \$Global::total_completed counts the jobs done, and with --resume those of the job log" {
    run --separate-stderr lanes -j1 --joblog jl --halt now,fail=1 echo '{= $_=$Global::total_completed =};exit {}' ::: 0 0 1 0 0
    assert_failure 1
    assert_output $'0\n1\n2'
    run --separate-stderr lanes -j1 --joblog jl --resume echo '{= $_=$Global::total_completed =}' ::: 0 0 1 0 0
    assert_success
    assert_output $'3\n4'
}
