#!/usr/bin/env bats
# Differential tests (GNU parallel against lanes, see compat_helper.bash) of --group-by with
# --pipe (a column by number or name, a perl expression, both; -N1, --block, --colsep), of
# --group-by with --pipe-part (where the parts end for --block sizes, -j, --round-robin,
# --header, no final newline) and of --pipe-part --regexp. Every case is deterministic under
# GNU parallel (-k).

bats_require_minimum_version 1.5.0

load test_helper
load compat_helper

setup() {
    compat_setup_self
    compat_wrap
}

groups() {
    printf 'a1\tb1\tC1\t\n'
    printf '%s\t%s\t%s\t\n' 2 2 2 3 2 2 3 3 2 3 2 4 3 2 2 3 2 3 3 1 3 3 2 3 3 3 3 3 4 4 3 5 4
}

@test "--group-by COLUMN -N1 and --block 20, with tabs, spaces, commas" {
    groups >in
    compat_stdin in --pipe --group-by 3 -kN1 'echo NewRec; cat'
    compat_stdin in --pipe --group-by 3 --block 20 -k 'echo NewRec; cat'
    tr '\t' ',' <in >csv
    compat_stdin csv --pipe --colsep , --group-by 2 -kN1 'echo NewRec; cat'
    tr '\t' ' ' <in >ssv
    compat_stdin ssv --pipe --colsep '\s+' --group-by 2 --block 20 -k 'echo NewRec; cat'
}

@test "--group-by NAME, 'COLUMN perl', 'NAME perl' and 'perl'" {
    groups >in
    compat_stdin in --pipe --group-by C1 -kN1 'echo NewRec; cat'
    compat_stdin in --pipe --group-by '3 $_%=2' -kN1 'echo NewRec; cat'
    compat_stdin in --pipe --group-by 'C1 $_%=2' --block 20 -k 'echo NewRec; cat'
    compat_stdin in --pipe --group-by 's/^(.).*/$1/' -kN1 'echo NewRec; cat'
}

@test "--group-by with --colsep ' ' and ','" {
    printf 'a\t,b\na,,b\nb,,a\nb,a,b\n' >in
    compat_stdin in --pipe --group-by 2 --colsep , -kN1 wc
    tr , ' ' <in >sp
    compat_stdin sp --pipe --group-by 2 --colsep ' ' -kN1 wc
}

@test "--pipe-part --regexp --recend" {
    seq 10 >f
    compat --pipe-part -a "$COMPAT_DIR/f" -k --block 2 --regexp --recend '3\n' 'echo foo; cat'
    compat --pipe-part -a "$COMPAT_DIR/f" -k --block 3 --regexp --recend '\d\n' --recstart '[13579]' 'echo foo; cat'
}

# Runs of 1 to 7 lines of one key (a number, then a name), lines of 4 to 6 bytes.
runs() {
    seq 1 200 | awk '{ print int(sqrt($1 * 3)) "\t" $1 }'
}

@test "--pipe-part --group-by: --block from 1 byte to past the file, -j1 and -j3" {
    runs >in
    local b j
    for b in 1 5 13 40 100 1k 10k; do
        for j in 1 3; do
            compat --pipe-part -a in --group-by 1 --block $b -k -j$j 'echo R; cat'
        done
    done
}

@test "--pipe-part --group-by: the default --block, -1, -3 and --round-robin: parts a job slot" {
    runs >in
    local o
    for o in "" "--block -1" "--block -3" "--round-robin" "--block 0"; do
        # shellcheck disable=SC2086
        compat --pipe-part -a in --group-by 1 $o -k -j2 'echo R; cat'
    done
    seq 30 | awk '{ print $1 "\tx" }' >each
    compat --pipe-part -a each --group-by 1 -k -j1 wc -c
    compat --pipe-part -a each --group-by 1 --block 6 -k -j1 wc -c
}

@test "--pipe-part --group-by NAME with --header : and without; --colsep; 'perl'" {
    { printf 'key\tval\n'; runs; } >in
    compat --pipe-part -a in --group-by key --header : --block 30 -k 'echo R; cat'
    compat --pipe-part -a in --group-by key --block 30 -k 'echo R; cat'
    compat --pipe-part -a in --group-by 1 --header 1 --block 20 -k 'echo R; cat'
    runs | tr '\t' , >csv
    compat --pipe-part -a csv --colsep , --group-by 1 --block 25 -k 'echo R; cat'
    compat --pipe-part -a csv --group-by '$_ = int($_ / 4)' --block 25 -k 'echo R; cat'
    compat --pipe-part -a csv --colsep , --group-by '2 $_ %= 3' --block 3 -k -j1 'echo R; cat'
}

@test "--pipe-part --group-by: no final newline, an empty file, --tag" {
    printf 'x\t1\nx\t2\ny\t3' >in
    compat --pipe-part -a in --group-by 1 -k -j1 'echo R; cat; echo'
    : >empty
    compat --pipe-part -a empty --group-by 1 -k 'echo R; cat'
    runs >in
    compat --pipe-part -a in --group-by 1 --block 50 -k --tag wc -l
}
