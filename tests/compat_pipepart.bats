#!/usr/bin/env bats
# Differential tests of --pipe-part (GNU parallel against lanes, see compat_helper.bash): a
# seekable file (-a FILE or :::: FILE) cut into parts at record boundaries, each part on one
# job's stdin.  Where the parts begin (GNU's rule differs from --pipe's, see below), --block and
# its negative forms (parts per job slot, the default), records longer than the block, files
# without a final newline, --recend and --recstart (multi-byte, escapes, empty), --header (a
# count, :, a regex; every part of a file starts with that file's header), several files, what
# is refused (streams, missing files, -N/-L/-l), {} {#} {%}, --cat, the job log, failures.
#
# How GNU parallel 20221122 cuts a file of SIZE bytes whose header (if any) is H bytes, for a
# block size B: the first part starts at H; a part that starts at S ends at the first place at
# or after S+B where --recend followed by --recstart begins, just after that --recend; the last
# part ends at the end of the file.  So a part holds at least B bytes (but the last), a newline
# just before S+B does not end it, and no part is empty.  An empty --recend and --recstart cut
# every B bytes.  --block -N (and the default, -10) means B = 1 + int(total size of the files /
# job slots / N).
#
# Most cases print each part on one line: SHOW (compat_helper.bash) prints "SEQ: PART", the part
# through cat -A with its newlines turned into spaces, so "1$ 2$ " is the part "1\n2\n" and "1$ 2"
# the part "1\n2" (no final newline).
#
# Every case is deterministic under GNU parallel: -k or -j1 wherever order would depend on
# timing, and -j wherever the size of the parts depends on the number of job slots.  Run this
# file with COMPAT_LANES_UNDER_TEST=parallel to compare GNU parallel with itself.

bats_require_minimum_version 1.5.0

load test_helper
load compat_helper

setup() {
    compat_setup_self
    compat_wrap
}

# ---------------------------------------------------------------- parts and --block

@test "--pipe-part -a: a file smaller than --block is one part, one job; --pipepart is --pipe-part" {
    seq 10 >in
    compat --pipe-part -a in --block 100 -k "$SHOW"
    compat --pipepart -a in --block 6 -k "$SHOW"
}

@test "--block 4: a part ends at the first newline at or after 4 bytes past its start" {
    seq 10 >in
    compat --pipe-part -a in --block 4 -k "$SHOW"
    compat --pipe-part -a in --block 6 -k "$SHOW"
}

@test "--block 3: a newline exactly at the block size ends the part there" {
    seq 10 >in
    compat --pipe-part -a in --block 3 -k "$SHOW"
}

@test "--block-size is --block; --block 1k is 1000 bytes, 1K is 1024" {
    seq 1000 >in
    compat --pipe-part -a in --block-size 1k -k wc -c
    compat --pipe-part -a in --block 1K -k wc -c
}

@test "a line longer than --block is a part of its own; the next part starts after it" {
    printf 'aaaaaaaaaa\nb\nc\nd\ne\n' >in
    compat --pipe-part -a in --block 4 -k "$SHOW"
}

@test "a file of newlines only: the newline at the part's start does not end it" {
    printf '\n\n\n' >in
    compat --pipe-part -a in --block 1 -k "$SHOW"
    compat --pipe-part -a in --block 2 -k "$SHOW"
}

@test "no final newline: the unterminated tail is the last part (or the only one)" {
    printf 'a\nb' >in
    compat --pipe-part -a in --block 1 -k "$SHOW"
    printf '1\n2\n3\n4\n5' >in
    compat --pipe-part -a in --block 4 -k "$SHOW"
    printf 'xxxxxxxxxxxx' >in
    compat --pipe-part -a in --block 5 -k "$SHOW"
}

@test "seq 100000 in --block 100k parts, -j2 -k wc -l" {
    seq 100000 >in
    compat --pipe-part -a in --block 100k -j2 -k wc -l
}

# ---------------------------------------------------------------- negative and default --block

@test "the default --block is -10: ten parts a job slot (-j1, -j2); --block 0 is the default" {
    seq 100 >in
    compat --pipe-part -a in -j1 -k "$SHOW"
    compat --pipe-part -a in -j2 -k "$SHOW"
    compat --pipe-part -a in --block 0 -j1 -k "$SHOW"
}

@test "--block -1 -j3 and --block -2 -j2: parts per job slot" {
    seq 10 >in
    compat --pipe-part -a in --block -1 -j3 -k "$SHOW"
    compat --pipe-part -a in --block -2 -j2 -k "$SHOW"
}

@test "--block -1 with two files: the size is that of both" {
    seq 10 >a
    printf 'id\n1\n2\n3\n4\n5\n' >b
    compat --pipe-part -a a -a b --block -1 -j2 -k "$SHOW"
}

# ---------------------------------------------------------------- --recend, --recstart, --rrs

@test "--recend ';' with --block" {
    printf 'a;bb;c;dd;' >in
    compat --pipe-part -a in --recend ';' --block 4 -k "$SHOW"
}

@test "--recend '||' (two bytes), the tail without one" {
    printf 'a||bb||c||dd||e' >in
    compat --pipe-part -a in --recend '||' --block 3 -k "$SHOW"
    compat --pipe-part -a in --recend '||' --block 1 -k "$SHOW"
}

@test "--recstart '>': a record start exactly at the block size begins the next part" {
    printf '>s1\nAC\n>s2\nAC\n>s3\nAC\n>s4\nAC\n' >in
    compat --pipe-part -a in --recstart '>' --block 7 -k "$SHOW"
    compat --pipe-part -a in --recstart '>' --block 5 -k "$SHOW"
    printf '@@a@b@@c@@@d' >in
    compat --pipe-part -a in --recstart '@@' --block 2 -k "$SHOW"
}

@test "--recend and --recstart both: the pair must begin at or after the block size" {
    printf '>s1\nAC\n>s2\nAC\n>s3\nAC\n>s4\nAC\n' >in
    compat --pipe-part -a in --recend '\n' --recstart '>' --block 7 -k "$SHOW"
    compat --pipe-part -a in --block 7 -k "$SHOW"
}

@test "--recend '\\r\\n' and '\\0': backslash escapes" {
    printf 'a\r\nb\r\nc\r\n' >in
    compat --pipe-part -a in --recend '\r\n' --block 1 -k "$SHOW"
    printf 'one\0two\0three\0' >in
    compat --pipe-part -a in --recend '\0' --block 5 -k "$SHOW"
}

@test "--recend '': parts of exactly --block bytes" {
    printf 'a||bb||c||dd||e' >in
    compat --pipe-part -a in --recend '' --block 4 -k "$SHOW"
}

@test "--rrs changes nothing: the separators stay" {
    printf 'a;b;c;d;e;' >in
    compat --pipe-part -a in --recend ';' --rrs --block 3 -k "$SHOW"
}

# ---------------------------------------------------------------- --header

@test "--header 1: the header before every part, not counted in the block" {
    printf 'id\n1\n2\n3\n4\n5\n' >in
    compat --pipe-part -a in --header 1 --block 2 -k "$SHOW"
}

@test "--header : with --block -1 -j2: the header counts in the size" {
    printf 'id\n1\n2\n3\n4\n5\n' >in
    compat --pipe-part -a in --header : --block -1 -j2 -k "$SHOW"
}

@test "--header 2 --block 1, and --header 0 (none)" {
    printf 'id\n1\n2\n3\n4\n5\n' >in
    compat --pipe-part -a in --header 2 --block 1 -k "$SHOW"
    compat --pipe-part -a in --header 0 --block 4 -k "$SHOW"
}

@test "--header REGEX; one that matches nothing (or too many lines): no header" {
    printf 'id\n1\n2\n3\n4\n5\n' >in
    compat --pipe-part -a in --header 'i.\n' --block 1 -k "$SHOW"
    compat --pipe-part -a in --header 'zz\n' --block 3 -k "$SHOW"
    compat --pipe-part -a in --header 9 --block 3 -k "$SHOW"
}

@test "--header with only the header in the file: no job, exit 0" {
    printf 'id\n' >in
    compat --pipe-part -a in --header : --block 3 -k 'echo ran; cat'
}

@test "--header with two files: each part gets its own file's header" {
    printf 'id\n1\n2\n3\n4\n5\n' >a
    printf 'AB\nx\n' >b
    compat --pipe-part -a b -a a --header : --block 4 -k "$SHOW"
}

# ---------------------------------------------------------------- inputs

@test "two files (-a twice, :::: with two, -a and ::::): the parts of one, then the other's" {
    printf 'a\nb' >a
    printf 'x\ny\n' >b
    compat --pipe-part -a a -a b --block 1 -k "$SHOW"
    compat --pipe-part --block 1 -k "$SHOW" :::: a b
    compat --pipe-part -a b --block 1 -k "$SHOW" :::: a
}

@test "a file name with a space" {
    seq 10 >'my file'
    compat --pipe-part -a 'my file' --block 8 -k "$SHOW"
}

@test "stdin is not read: the parts come from the file" {
    seq 10 >in
    printf 'stdin\n' >other
    compat_stdin other --pipe-part -a in --block 6 -k "$SHOW"
}

@test "no file, or only ::: arguments: no job, exit 0" {
    seq 3 >in
    compat_stdin in --pipe-part --block 1 -k 'echo ran; cat'
    compat --pipe-part --block 1 -k 'echo ran; cat' ::: p q
    compat --pipe-part -a in --block 2 -k "$SHOW" ::: p q
}

@test "empty file: no job, exit 0" {
    : >in
    compat --pipe-part -a in --block 3 -k 'echo ran; cat'
    compat --pipe-part -a in -j1 --header : -k 'echo ran; cat'
}

@test "a missing file: exit 255 (with a block size, and with the default)" {
    compat --pipe-part -a nosuch --block 3 -k cat
    compat --pipe-part -a nosuch -j1 -k cat
}

@test "streams are refused with exit 255: -a -, a fifo, a directory" {
    seq 3 >in
    mkfifo fifo
    compat_stdin in --pipe-part -a - --block 3 -k cat
    compat --pipe-part -a fifo --block 3 -k cat
    compat --pipe-part -a fifo -j1 -k cat
    compat --pipe-part -a . --block 3 -k cat
}

@test "-N, -L and -l are refused with exit 255; so is a missing command" {
    seq 10 >in
    compat --pipe-part -a in -N2 -k cat
    compat --pipe-part -a in -N0 --block 4 -k cat
    compat --pipe-part -a in -L2 -k cat
    compat --pipe-part -a in -l2 -k cat
    compat --pipe-part -a in --block 4 -k
}

# ---------------------------------------------------------------- replacement strings, --cat

@test "{} is nothing (not even ''), no {} is appended; {#} {%} with -j1" {
    printf 'x\ny\n' >in
    compat --pipe-part -a in --block 1 -j1 -k 'cat >/dev/null; printf "[%s]" {} x{}y "{}" {#} {%}; echo'
    compat --pipe-part -a in --block 1 -k echo hi
    compat --pipe-part -a in --block 1 -j1 'echo "{#} {%}: $(cat | tr "\n" " ")"'
}

@test "--cat: {} names a file holding the part (with the header); stdin is empty" {
    printf 'id\n1\n2\n3\n4\n5\n' >in
    compat --pipe-part -a in --header : --block 4 --cat -k 'echo "{#}: $(cat -A {} | tr "\n" " ")|$(cat)|"'
}

@test "--cat: without {}, the file's name is appended; the files are gone after" {
    seq 10 >in
    compat --pipe-part -a in --block 6 --cat -k wc -l '<'
    compat_post 'ls' --pipe-part -a in --block 6 --cat -k --tmpdir . 'cat {} >/dev/null'
}

# ---------------------------------------------------------------- exit status, job log

@test "failing jobs print their part, exit counts them" {
    seq 10 >in
    compat --pipe-part -a in --block 6 -k 'cat; exit {#}'
}

@test "jobs that do not read their part do not fail ('true', 'head -c2' on 1 MB parts)" {
    seq 300000 >in
    compat --pipe-part -a in --block 1M -k true
    compat --pipe-part -a in --block 1M -k 'head -c2; echo'
}

@test "--joblog: Send is 0, Receive the output" {
    printf 'id\n1\n2\n3\n4\n5\n' >in
    compat_post "$JOBLOG" --pipe-part -a in --header : --block 4 -j1 --joblog jl 'cat; exit $(({#} % 2))'
}

# ---------------------------------------------------------------- --tee

@test "--tee: every ::: job reads all of the file, with and without a final newline" {
    seq 1000 >in
    compat --pipe-part --tee -a in -k 'echo {}; md5sum' ::: a b c
    printf 'h\n1\n2' >in
    compat --pipe-part --tee -a in -k 'echo J{} {#}; cat; echo' ::: x y ::: 1 2
    compat --pipe-part --tee -a in -k --tag cat ::: x y
}

@test "--tee: the first file is cut, the other files are arguments; with no command, each is one" {
    printf 'h\n1\n2\n' >in
    printf 'H\n3\n' >args
    compat --pipe-part --tee -a in -a args -k 'echo J{}; cat' ::: x y
    compat --pipe-part --tee -k 'echo J{}; cat' :::: in args
    compat --pipe-part --tee -a in -k ::: 'wc -l' 'cat'
}

@test "--tee: --header names the argument columns; an empty file; exit status; no arguments" {
    printf 'h\n1\n' >in
    compat --pipe-part --tee -a in --header : -k 'echo {} {x}; cat' ::: x y z
    : >empty
    compat --pipe-part --tee -a empty -k 'echo J{}; cat' ::: x y
    compat --pipe-part --tee -a in -k 'cat; exit {}' ::: 0 3 4
    compat --pipe-part --tee -a in cat
}

@test "--tee: fewer job slots than jobs exits 255; so does a missing file" {
    seq 3 >in
    compat --pipe-part --tee -a in -j1 cat ::: 1 2
    compat --pipe-part --tee -a nosuch cat ::: 1 2
}
