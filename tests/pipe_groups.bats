#!/usr/bin/env bats
# pipe_groups: --group-by (a record is a run of lines with the same key: a column by number or
# by name, a perl expression, or both) with --pipe and --pipe-part, --blocktimeout, and
# --pipe-part --regexp; bad values.
# tests/compat_pipe_groups.bats compares the same with GNU parallel. No test asserts a duration.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

@test "--group-by 1 -N1: one job a run of equal keys, tab-separated by default" {
    run lanes --pipe --group-by 1 -kN1 'echo R; cat' < <(printf '1\ta\n1\tb\n2\tc\n1\td\n')
    assert_success
    assert_output $'R\n1\ta\n1\tb\nR\n2\tc\nR\n1\td'
}

@test "--groupby is --group-by, and it implies --pipe" {
    run lanes --groupby 2 --colsep , -kN1 'echo R; cat' < <(printf 'a,x\nb,x\nc,y\n')
    assert_success
    assert_output $'R\na,x\nb,x\nR\nc,y'
}

@test "--group-by NAME: the first line names the columns and begins every block" {
    run lanes --pipe --group-by k -kN1 'echo R; cat' < <(printf 'k\tv\na\t1\na\t2\nb\t3\n')
    assert_success
    assert_output $'R\nk\tv\na\t1\na\t2\nR\nk\tv\nb\t3'
}

@test "--group-by 'COL perl': the expression changes the column's value into the key" {
    run lanes --pipe --colsep , --group-by '1 $_%=2' -kN1 'echo R; cat' < <(printf '1,a\n3,b\n2,c\n')
    assert_success
    assert_output $'R\n1,a\n3,b\nR\n2,c'
}

@test "--group-by 'perl': the expression runs on the whole line" {
    run lanes --pipe --group-by 's/-.*//' -kN1 'echo R; cat' < <(printf 'a-1\na-2\nb-1\n')
    assert_success
    assert_output $'R\na-1\na-2\nR\nb-1'
}

@test "--group-by --block: several groups a block, never one group split" {
    run -0 --separate-stderr lanes --pipe --group-by 1 --colsep , --block 30 -k 'echo R; cat' \
        < <(printf '1,aaaa\n1,bbbb\n2,cccc\n3,dddd\n3,eeee\n')
    assert_success
    assert_output $'R\n1,aaaa\n1,bbbb\nR\n2,cccc\n3,dddd\n3,eeee'
}

@test "--group-by: bad values exit 255 naming the option" {
    run lanes --pipe --group-by 0 cat </dev/null
    assert_failure 255
    assert_output --partial "--group-by"
    run lanes --pipe --group-by nosuch cat < <(printf 'a\tb\n1\t2\n')
    assert_failure 255
    assert_output --partial "--group-by: the column 'nosuch' is not in the header"
    run lanes --pipe --group-by '1 $_ = (' cat </dev/null
    assert_failure 255
    assert_output --partial "--group-by"
    run lanes --pipe --group-by 1 --rrs cat </dev/null
    assert_failure 255
    assert_output --partial "--group-by makes the records: it takes no --rrs"
}

@test "--group-by: no perl starts for a plain column" {
    run lanes --pipe --group-by 1 -kN1 'echo R; cat' < <(printf '1\n1\n2\n')
    assert_success
    assert_output $'R\n1\n1\nR\n2'
    PATH=/nonexistent run -0 "$LANES" --pipe --group-by 1 -kN1 /bin/cat < <(printf '1\n2\n')
    [ "$output" = $'1\n2' ]
}

@test "--blocktimeout: a block read for longer goes as it is, ending at its last record" {
    run lanes --blocktimeout 1 -j1 --pipe --tagstring '{#}' -k cat \
        < <(echo a; sleep 2; echo b; printf c; sleep 2; echo d)
    assert_success
    assert_output $'1\ta\n2\tb\n3\tcd'
}

@test "--bt is --blocktimeout; less than a second exits 255" {
    run lanes --bt 0.5 --pipe cat </dev/null
    assert_failure 255
    assert_output --partial "--blocktimeout must be at least 1 second"
    run lanes --block-timeout 1s --pipe cat < <(echo x)
    assert_success
    assert_output x
}

@test "--pipe-part --regexp: a part ends after the last recend+recstart read" {
    seq 10 >f
    run lanes --pipe-part -a f -k --block 2 --regexp --recend '3\n' 'echo foo; cat'
    assert_success
    assert_output "$(echo foo; seq 3; echo foo; seq 4 10)"
}

@test "--pipe-part --regexp: a regex that does not compile exits 255" {
    seq 10 >f
    run lanes --pipe-part -a f --regexp --recend '(' cat
    assert_failure 255
    assert_output --partial "not a valid regex"
}

@test "--pipe-part --group-by: a part ends where the key changes, at least --block bytes on" {
    printf '1\ta\n1\tb\n2\tc\n3\td\n3\te\n' >f
    run lanes --pipe-part -a f --group-by 1 -k -j1 'echo R; cat'
    assert_success
    assert_output $'R\n1\ta\n1\tb\nR\n2\tc\nR\n3\td\n3\te'
    run lanes --pipe-part -a f --group-by 1 --block 5 -k 'echo R; cat'
    assert_success
    assert_output $'R\n1\ta\n1\tb\n2\tc\nR\n3\td\n3\te'
    run lanes --pipe-part -a f --group-by 1 --block 1k -k 'echo R; cat'
    assert_success
    assert_output $'R\n1\ta\n1\tb\n2\tc\n3\td\n3\te'
}

@test "--pipe-part --group-by: a part that reaches the last line a --block on ends the file" {
    printf 'a\t1\na\t2\nb\t3\nc\t4\n' >f
    run lanes --pipe-part -a f --group-by 1 -k -j1 'echo R; cat'
    assert_success
    assert_output $'R\na\t1\na\t2\nR\nb\t3\nc\t4'
    printf 'a\t1\na\t2\nb\t3' >f
    run lanes --pipe-part -a f --group-by 1 -k -j1 'echo R; cat; echo'
    assert_success
    assert_output $'R\na\t1\na\t2\n\nR\nb\t3'
    : >empty
    run lanes --pipe-part -a empty --group-by 1 -k 'echo R; cat'
    assert_success
    assert_output ''
}

@test "--pipe-part --group-by NAME: --header's names begin every part; without it, only the first" {
    printf 'k,v\na,1\na,2\nb,3\nb,4\n' >f
    run lanes --pipe-part -a f --colsep , --group-by k --header : -k -j1 'echo R; cat'
    assert_success
    assert_output $'R\nk,v\na,1\na,2\nR\nk,v\nb,3\nb,4'
    run lanes --pipe-part -a f --colsep , --group-by k -k -j1 'echo R; cat'
    assert_success
    assert_output $'R\nk,v\na,1\na,2\nR\nb,3\nb,4'
    run --separate-stderr lanes --pipe-part -a f --colsep , --group-by nosuch -k cat
    assert_failure 255
    [[ $stderr == *group-by*nosuch* ]]
}

@test "--pipe-part --group-by 'perl' and 'COL perl'" {
    printf 'a-1\na-2\nb-1\nb-2\n' >f
    run lanes --pipe-part -a f --group-by 's/-.*//' -k -j1 'echo R; cat'
    assert_success
    assert_output $'R\na-1\na-2\nR\nb-1\nb-2'
    printf '1,x\n3,y\n2,z\n4,w\n' >g
    run lanes --pipe-part -a g --colsep , --group-by '1 $_%=2' -k -j1 'echo R; cat'
    assert_success
    assert_output $'R\n1,x\n3,y\nR\n2,z\n4,w'
}

@test "--pipe-part --group-by: --recstart, --recend and --rrs are refused" {
    seq 3 >f
    local o
    for o in --recstart --recend --rrs; do
        run --separate-stderr lanes --pipe-part -a f --group-by 1 $o x cat
        [ "$status" = 255 ] || fail "$o: status $status"
        [[ $stderr == *"--group-by makes the records"*"$o"* ]] || fail "$o: $stderr"
    done
}
