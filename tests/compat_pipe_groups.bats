#!/usr/bin/env bats
# Differential tests (GNU parallel against lanes, see compat_helper.bash) of --group-by with
# --pipe (a column by number or name, a perl expression, both; -N1, --block, --colsep) and of
# --pipe-part --regexp. Every case is deterministic under GNU parallel (-k).

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
