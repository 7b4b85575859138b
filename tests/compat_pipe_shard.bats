#!/usr/bin/env bats
# Differential tests (GNU parallel against lanes, see compat_helper.bash) of --bin, whose job
# for a line GNU parallel picks deterministically (--shard's hash is Perl's, seeded anew each
# run, so tests/pipe_shard.bats checks --shard alone).

bats_require_minimum_version 1.5.0

load test_helper
load compat_helper

setup() {
    compat_setup_self
    compat_wrap
}

@test "--bin COLUMN, with expressions giving 1..n and 0..n-1 (GNU's par_bin)" {
    seq 10 >ten
    compat_stdin ten --pipe --bin 1 -j4 -k wc
    paste <(seq 10) <(seq 10 -1 1) >two
    compat_stdin two --pipe --colsep '\t' --bin 2 -j4 -k wc
    compat_stdin two --pipe --colsep '\t' --bin '2 $_=$_%2+1' -j4 -k wc
    compat_stdin two --pipe --colsep '\t' --bin '2 $_%=2' -j4 -k 'echo {#}; cat'
    compat_stdin two --pipe --colsep '\t' --bin 2 -j3 -k 'echo {#}; cat'
}

@test "--bin: a named column, --header, empty input, -N" {
    printf 'n\tv\n1\ta\n2\tb\n3\tc\n' >named
    compat_stdin named -k --pipe --colsep '\t' --bin n -j2 'echo {#}; cat'
    printf 'h\n1\n2\n' >hdr
    compat_stdin hdr -k --pipe --header : --bin 1 -j2 'echo {#}; cat'
    : >empty
    compat_stdin empty -k --pipe --bin 1 -j3 'echo {#}; cat'
    compat_stdin hdr -k --pipe --bin 1 -j2 -N1 'echo {#}; cat'
}
