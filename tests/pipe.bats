#!/usr/bin/env bats
# pipe: --pipe cuts stdin into blocks of whole records and gives each block to one job on its
# stdin: --block, --recstart, --recend, --rrs, -N, -L, --header, the block a retry gets
# again, the job log's Send column, jobs that read little or nothing, and bad values.
# tests/compat_pipe.bats compares the same with GNU parallel. No test asserts a duration.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

teardown() {
    umount "$BATS_TEST_TMPDIR/mt" 2>/dev/null || :
}

@test "--pipe: every byte reaches exactly one job, in order with -k" {
    seq 100000 >in
    lanes -k --pipe --block 10k cat <in >out
    cmp in out
}

@test "--pipe: blocks end at a newline and hold at most --block bytes" {
    seq 100000 >in
    run lanes -k --pipe --block 1000 'wc -c' <in
    assert_success
    local sum=0 n
    while read -r n; do
        [ "$n" -le 1000 ] || fail "a block of $n bytes"
        [ "$n" -ge 994 ] || [ $((sum + n)) -eq "$(wc -c <in)" ] || fail "a short block: $n"
        sum=$((sum + n))
    done <<<"$output"
    [ "$sum" -eq "$(wc -c <in)" ]
    run lanes -k --pipe --block 1000 'tail -c 1 | od -An -tx1' <in
    [ "$(sort -u <<<"$output")" = " 0a" ]
}

@test "--pipe: the last block needs no final newline" {
    run lanes -k --pipe --block 4 'od -An -c' < <(printf '1\n2\n3')
    assert_success
    assert_output $'   1  \\n   2  \\n\n   3'
}

@test "--pipe -N: so many records a job, whatever --block says" {
    run lanes -k --pipe --block 10 -N 5 'wc -l' < <(seq 30)
    assert_success
    assert_output "$(printf '5\n%.0s' 1 2 3 4 5 6)"
    run lanes -k --pipe -n 2 'paste -sd,' < <(seq 5)
    assert_output $'1,2\n3,4\n5'
}

@test "--pipe -L: a record is so many lines" {
    run lanes -k --pipe -L2 -N2 'paste -sd,' < <(seq 6)
    assert_output $'1,2,3,4\n5,6'
    run lanes -k --pipe -L3 --block 10 'paste -sd,' < <(seq 9)
    assert_output $'1,2,3\n4,5,6\n7,8,9'
}

@test "--recend and --recstart: where records end and start" {
    run lanes -k --pipe --recend ';' -N1 'cat; echo' < <(printf 'x;y;z;')
    assert_output $'x;\ny;\nz;'
    run lanes -k --pipe --recstart a --recend '' -N1 'cat; echo =' < <(printf 'a1\na2\nb1\na3\n')
    assert_output $'a1\n=\na2\nb1\n=\na3\n='
    run lanes -k --pipe --recstart '>' -N1 'cat; echo =' < <(printf '>a\nx\n>b\ny\n')
    assert_output $'>a\nx\n=\n>b\ny\n='
}

@test "--recend takes \\0, \\n, \\t, \\r and \\\\ as escapes" {
    run lanes -k --pipe --recend '\0' -N1 'od -An -c' < <(printf 'a\0b\0')
    assert_output $'   a  \\0\n   b  \\0'
    run lanes -k --pipe --recend '\r\n' -N1 'od -An -c' < <(printf 'a\r\nb\r\n')
    assert_output $'   a  \\r  \\n\n   b  \\r  \\n'
    run lanes -k --pipe --recend '\t' -N1 'cat; echo =' < <(printf 'a\tb\tc')
    assert_output $'a\t=\nb\t=\nc='
    run lanes -k --pipe --recend '\\' -N1 'cat; echo =' < <(printf 'a\\b\\c')
    assert_output $'a\\=\nb\\=\nc='
    run lanes -k --pipe --recend 'x\n' -N1 'cat; echo =' < <(printf 'ax\nbx\n')
    assert_output $'ax\n=\nbx\n='
}

@test "--recend '' and --recstart '': every byte is a record" {
    run lanes -k --pipe --recend '' -N2 'cat; echo' < <(printf 'abcde')
    assert_output $'ab\ncd\ne'
}

@test "--recstart alone: a record ends anywhere a recstart follows" {
    run lanes -k --pipe --recstart x -N1 'cat; echo' < <(printf 'xaaxbxc')
    assert_output $'xaa\nxb\nxc'
}

@test "--pipe: a job that ends before it took its whole block fails, as in GNU parallel" {
    run lanes --pipe --block 1M true < <(seq 100000)
    assert_failure 1
    lanes --pipe --block 1M --joblog log true < <(seq 100000) || :
    run awk -F'\t' 'NR == 2 { print $7, $8 }' log
    assert_output "0 13"
    run lanes --pipe -N1 true < <(seq 3) # small blocks: each is in its pipe before it ends
    assert_success
}

@test "--regexp: a regex recend ends records, and with --rrs is taken out" {
    run lanes -k --pipe --regexp --recend '[0-9]+' -N1 'cat; echo' < <(printf 'a12b3c')
    assert_output $'a12\nb3\nc'
    run lanes -k --pipe --regexp --rrs --recend ';+' -N1 'cat; echo' < <(printf 'a;;b;c;;;')
    assert_output $'a\nb\nc'
}

@test "--rrs takes the record separators out of each block" {
    run lanes -k --pipe --rrs --recend ';' -N1 'cat; echo =' < <(printf 'x;y;z;')
    assert_output $'x=\ny=\nz='
    run lanes -k --pipe --remove-rec-sep --recstart '>' --recend '' -N2 'cat; echo =' \
        < <(printf '>a\n>b\n>c\n')
    assert_output $'a\nb\n=\nc\n='
}

@test "--header N, --header : and --header REGEX: every block starts with the header" {
    run lanes -k --pipe -N1 --header 2 'paste -sd,' < <(printf 'h1\nh2\n1\n2\n')
    assert_output $'h1,h2,1\nh1,h2,2'
    run lanes -k --pipe -N1 --header : 'paste -sd,' < <(printf 'h\n1\n2\n')
    assert_output $'h,1\nh,2'
    run lanes -k --pipe -N1 --header '#.*\n' 'paste -sd,' < <(printf '#h\n1\n2\n')
    assert_output $'#h,1\n#h,2'
    run lanes -k --pipe -N1 --header 'nomatch' 'paste -sd,' < <(printf '1\n2\n')
    assert_output $'1\n2'
}

@test "a record longer than --block: the block grows, with a warning, and nothing is lost" {
    run --separate-stderr lanes -k --pipe --block 10 'wc -c' < <(printf '%030d\nb\nc\n' 0)
    assert_success
    assert_output 35
    [[ $stderr == *"longer than --block 10"*"--block is now 14"* ]] || fail "stderr: $stderr"
}

@test "--pipe: empty input runs no job and exits 0" {
    run --separate-stderr lanes --pipe 'echo ran' </dev/null
    assert_success
    assert_output ""
}

@test "--pipe: NUL bytes and invalid UTF-8 pass as they are" {
    printf 'a\0b\n\377\376\n' >in
    lanes -k --pipe -N1 cat <in >out
    cmp in out
}

@test "--pipe: {} is empty, {#} and {%} are the job's, and nothing is appended" {
    run lanes -k -j1 --pipe -N1 'echo [{}] {#} {%}; wc -l' < <(seq 2)
    assert_output $'[] 1 1\n1\n[] 2 1\n1'
    run lanes -k --pipe -N1 echo x < <(seq 2)
    assert_output $'x\nx'
}

@test "--pipe: jobs that read nothing, or only a little, end the run normally" {
    run lanes --pipe --block 10k true < <(seq 100000)
    assert_success
    run lanes -k --pipe --block 100k 'head -c 2' < <(seq 100000)
    assert_failure 6 # each stopped reading early: a failure, as in GNU parallel
    assert_output --regexp '^1
'
}

@test "--pipe: a job that reads slowly does not hold up the others" {
    # Job 1 reads its 5 MB block only after job 2 has run: lanes must not wait on job 1's pipe.
    { head -c 5000000 /dev/zero | tr '\0' x; printf '\nsmall\n'; } >in
    run lanes -k -j2 --pipe -N1 \
        'if [ {#} = 1 ]; then for i in $(seq 300); do [ -e two.done ] && break; sleep 0.1; done; fi
         wc -c; touch two.done' <in
    assert_success
    assert_output $'5000001\n6'
}

@test "--pipe: each failed job counts in the exit status" {
    run lanes --pipe -N1 'grep -q 3' < <(seq 5)
    assert_failure 4
}

@test "--pipe --retries: a job tried again reads its whole block again" {
    run lanes -k --pipe -N2 --retries 3 \
        'wc -l >>count.{#}; [ "$(wc -l <count.{#})" -ge 2 ] && cat count.{#}' < <(seq 4)
    assert_success
    assert_output $'2\n2\n2\n2'
}

@test "--pipe --joblog: Send is the block's size" {
    lanes --pipe -N1 --joblog log 'cat >/dev/null' < <(printf 'abc\nde\n')
    run bash -c "awk -F'\t' 'NR > 1 { print \$1, \$5 }' log | sort -n"
    assert_output $'1 4\n2 3'
}

@test "--pipe --dry-run prints the command once a block" {
    run lanes --pipe --dry-run -N1 wc -l < <(seq 3)
    assert_output $'wc -l\nwc -l\nwc -l'
}

@test "--spreadstdin is --pipe, and --block-size, --blocksize are --block" {
    run lanes -k --spreadstdin --blocksize 4 'paste -sd,' < <(seq 4)
    assert_output $'1,2\n3,4'
    run lanes -k --pipe --block-size 1k 'wc -l' < <(seq 1000)
    assert_success
    [ "$(awk '{ s += $1 } END { print s }' <<<"$output")" = 1000 ]
}

@test "--pipe: a reader that goes away ends lanes quietly" {
    run --separate-stderr bash -c 'seq 1000000 | lanes -k --pipe --block 10k cat | head -n 1'
    assert_success
    assert_output 1
    assert_equal "$stderr" ""
}

@test "--pipe: many blocks through many jobs: every line once" {
    seq 200000 >in
    run bash -c 'lanes -j4 --pipe --block 20k "wc -l" <in'
    assert_success
    [ "$(awk '{ s += $1 } END { print s }' <<<"$output")" = 200000 ]
}

@test "--pipe -a FILE and --pipe :::: FILE cut the file (GNU parallel reads stdin instead)" {
    seq 10 >f
    run lanes --pipe -a f -N3 -k 'paste -sd,' < <(echo not this)
    assert_output $'1,2,3\n4,5,6\n7,8,9\n10'
    run lanes --pipe -N4 -k 'paste -sd,' :::: f </dev/null
    assert_output $'1,2,3,4\n5,6,7,8\n9,10'
    run lanes --pipe -k 'paste -sd,' :::: - < <(seq 3)
    assert_output '1,2,3'
}

@test "--cat: {} names a file with the block, removed after the job, even one that failed" {
    mkdir t
    run lanes -j1 --pipe --cat -N2 --tmpdir t --retries 2 'cat {}; ls t | wc -l; exit {#}' \
        < <(seq 3)
    assert_failure 2 # the output of a job's last try is printed
    assert_output $'1\n2\n1\n3\n1'
    run ls -A t
    assert_output ""
}

@test "--cat: a block that does not fit on the disk fails its job, with the reason" {
    mkdir mt
    mount -t tmpfs -o size=1m tmpfs "$PWD/mt" 2>/dev/null ||
        skip "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)"
    { head -c 3000000 /dev/zero | tr '\0' x; printf '\nsmall\n'; } >in
    run --separate-stderr lanes -k -j1 --pipe --cat --tmpdir mt -N1 'wc -c <{}' <in
    umount "$PWD/mt"
    assert_failure 1
    assert_output 6
    [[ $stderr == *"job 1"*"No space left on device"* ]] || fail "stderr: $stderr"
}

@test "--pipe-part: parts of a big file, every line once, read in place" {
    seq 300000 >in
    run bash -c 'lanes -j3 --pipe-part -a in --block 100k "wc -l" </dev/null'
    assert_success
    [ "$(awk '{ s += $1 } END { print s }' <<<"$output")" = 300000 ]
    [ "${#lines[@]}" -ge 19 ] || fail "only ${#lines[@]} parts"
}

@test "--pipe-part --retries: a job tried again reads its whole part again" {
    seq 6 >in
    run lanes -k --pipe-part -a in --block 5 --retries 3 \
        'wc -l >>count.{#}; [ "$(wc -l <count.{#})" -ge 2 ] && cat count.{#}'
    assert_success
    assert_output $'3\n3\n3\n3'
}

@test "--pipe-part: what is not a file to seek in is refused before it is opened" {
    mkfifo fifo
    local f
    for f in - fifo . nosuch; do
        run --separate-stderr timeout 20 lanes --pipe-part -a "$f" cat </dev/null
        [ "$status" = 255 ] || fail "$f: status $status"
        [[ $stderr == *"--pipe-part: '$f'"* ]] || fail "$f: $stderr"
    done
}

@test "--pipe-part: -N, -n, -L and -l are refused; no file is a warning and no job" {
    seq 3 >in
    local o
    for o in -N2 -n2 -L2 -l2; do
        run --separate-stderr lanes --pipe-part -a in "$o" cat
        [ "$status" = 255 ] || fail "$o: status $status"
        [[ $stderr == *"--pipe-part takes no"* ]] || fail "$o: $stderr"
    done
    run --separate-stderr lanes --pipe-part 'echo ran' < <(echo x)
    assert_success
    assert_output ""
    [[ $stderr == *"no -a or :::: file"* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes -k --pipe-part -a in cat ::: x
    assert_success
    assert_output $'1\n2\n3'
    [[ $stderr == *"::: arguments are not used"* ]] || fail "stderr: $stderr"
}

@test "--round-robin: blocks that come late still go to the running jobs in turn" {
    # The second half of the input comes only once both jobs run: no new job is started for it.
    run lanes --pipe --round-robin -j2 -N1 -k 'touch started.{#}; paste -sd,' < <(
        seq 3
        wait_file started.2
        seq 4 6
    )
    assert_success
    assert_output $'1,3,5\n2,4,6'
}

@test "--round-robin: the job log's Send sums the blocks of each job" {
    seq 100000 >in
    lanes --pipe --round-robin -j2 --block 10k --joblog log 'cat >/dev/null' <in
    run awk -F'\t' 'NR > 1 { s += $5 } END { print s, NR - 1 }' log
    assert_output "$(wc -c <in) 2"
}

@test "--round-robin: with --pipe-part, one part a job slot; refused with --retries, --cat" {
    seq 100 >in
    run lanes -k --pipe-part -a in --round-robin -j4 --block 1 'wc -l'
    assert_success
    [ "${#lines[@]}" = 4 ] || fail "parts: $output"
    run --separate-stderr lanes --pipe --round-robin --retries 2 cat </dev/null
    assert_failure 255
    [[ $stderr == *"--round-robin"*"--retries"* ]]
    run --separate-stderr lanes --pipe --round-robin --cat cat </dev/null
    assert_failure 255
    [[ $stderr == *"--round-robin"*"--cat"* ]]
    run --separate-stderr lanes --round-robin echo ::: a
    assert_failure 255
    [[ $stderr == *"--round-robin"*"needs --pipe"* ]]
}

@test "--tee: a slow job sets the pace; every job gets every byte" {
    head -c 5000000 /dev/urandom >in
    local sum
    sum=$(cksum <in)
    run lanes -k --pipe --tee -j0 '{}' ::: cksum 'sleep 0.5; cksum' 'cat >/dev/null; echo done' <in
    assert_success
    assert_output "$sum"$'\n'"$sum"$'\ndone'
}

@test "--tee: a job that stops reading early does not fail, and the others get everything" {
    # (GNU parallel's tee processes may hang there, so this is no differential case.)
    run lanes -k --pipe --tee '{}' ::: 'head -n 1' 'wc -l' 'tail -n 1' < <(seq 100000)
    assert_success
    assert_output $'1\n100000\n100000'
}

@test "--tee with no command: each argument is the command, and reads all of stdin" {
    run lanes -k --pipe --tee ::: 'wc -l' 'tail -n 1' 'head -n 2' < <(seq 100000)
    assert_success
    assert_output $'100000\n100000\n1\n2'
    # (a value is the command as it is: {#} in it stays, as in GNU parallel)
    run lanes -k --pipe --tee -j0 ::: 'echo {#}; cat' < <(printf 'a\nb\n')
    assert_success
    assert_output $'{#}\na\nb'
}

@test "--regexp: each recstart is found past the one before, never inside it" {
    run lanes --pipe --regexp -k --recstart '.*, S' -N1 'echo R; cat' < <(printf 'a, S\nb\nc, S\n')
    assert_success
    assert_output $'R\na, S\nb\nR\nc, S'
}

@test "-l N with --pipe: records of N lines, as -L N" {
    run lanes -k --pipe -l 4 'echo B; cat' < <(seq 6)
    assert_success
    assert_output $'B\n1\n2\n3\n4\nB\n5\n6'
}

@test "-r with --pipe: a block of blanks alone runs no job and takes no number" {
    run lanes -r -N1 -k --pipe 'echo {#}; cat' < <(printf '\n \t\na\n\n')
    assert_success
    assert_output $'1\na'
    run lanes -N1 -k --pipe 'echo {#}; cat' < <(printf ' \na\n')
    assert_success
    assert_output $'1\n \n2\na'
}

@test "--tee: what it does not take is refused" {
    local args
    for args in "--tee echo ::: a" "--pipe --tee --cat cat ::: a" "--pipe --tee --round-robin cat ::: a" \
        "--pipe --tee --retries 2 cat ::: a" "--pipe --tee cat" "--pipe --tee cat :::: -"; do
        # shellcheck disable=SC2086
        run --separate-stderr lanes $args </dev/null
        [ "$status" = 255 ] || fail "$args: status $status"
        [[ $stderr == *--tee* ]] || fail "$args: $stderr"
    done
}

@test "--pipe: usage errors name what is wrong and exit 255" {
    local o
    run --separate-stderr lanes --pipe </dev/null
    assert_failure 255
    [[ $stderr == *"--pipe needs a command"* ]]
    run --separate-stderr lanes --pipe echo ::: a
    assert_failure 255
    [[ $stderr == *"--pipe"*":::"* ]]
    printf 'a\n' >f
    run --separate-stderr lanes --pipe -a f echo :::: f
    assert_failure 255
    [[ $stderr == *"--pipe cuts one input"* ]]
    run --separate-stderr lanes --cat echo ::: a
    assert_failure 255
    [[ $stderr == *"--cat"*"needs --pipe"* ]]
    run --separate-stderr lanes --regexp echo ::: a
    assert_failure 255
    [[ $stderr == *"--regexp"*"needs --pipe"* ]]
    run --separate-stderr lanes --pipe --regexp --recend '(' cat < <(echo x)
    assert_failure 255
    [[ $stderr == *"--recend '('"*"bad regex"* ]]
    run --separate-stderr lanes --pipe --regexp --recstart '[' cat < <(echo x)
    assert_failure 255
    [[ $stderr == *"--recstart '['"*"bad regex"* ]]
    for o in --bar --eta --shuf; do
        run --separate-stderr lanes --pipe "$o" cat </dev/null
        [ "$status" = 255 ] || fail "$o: status $status"
        [[ $stderr == *"takes no --bar, --eta or --shuf"* ]] || fail "$o: $stderr"
    done
    run --separate-stderr lanes --pipe --header '(' cat < <(echo x)
    assert_failure 255
    [[ $stderr == *"--header '('"* ]]
}

@test "--block takes a size: bad values exit 255 naming it; 0 and -N only with --pipe-part" {
    refuses --block x 1Q '' -x --5
    refuses --block-size x
    local v
    for v in 0 -1 -2k; do
        run --separate-stderr lanes --pipe --block "$v" cat </dev/null
        [ "$status" = 255 ] || fail "--block $v: status $status"
        [[ $stderr == *"--block '$v'"*"--pipe-part"* ]] || fail "--block $v: $stderr"
    done
}

@test "--fifo: a job that never opens its fifo does not hang the run; the fifos go" {
    mkdir t
    run lanes -k --pipe --fifo -N2 --tmpdir t 'echo {#}; test -p {}' < <(seq 4)
    assert_success
    assert_output $'1\n2'
    run ls -A t
    assert_output ""
    run --separate-stderr lanes --pipe --fifo --round-robin cat </dev/null
    assert_failure 255
    [[ $stderr == *"--round-robin"*"--fifo"* ]]
    run --separate-stderr lanes --fifo echo ::: a
    assert_failure 255
    [[ $stderr == *"--fifo"*"needs --pipe"* ]]
}

@test "--pipe-part --tee: every job reads all of the first file; the other sources are arguments" {
    printf 'h\n1\n2' >f
    printf 'A\nB\n' >args
    run lanes --pipe-part --tee -a f -k 'echo J{}; cat; echo' ::: x y
    assert_success
    assert_output $'Jx\nh\n1\n2\nJy\nh\n1\n2'
    run lanes --pipe-part --tee -k 'echo J{}; wc -c' :::: f args
    assert_success
    assert_output $'JA\n5\nJB\n5'
    run lanes --pipe-part --tee -a f -k ::: 'wc -l' 'tail -c1'
    assert_success
    assert_output $'2\n2'
}

@test "--pipe-part --tee: an empty file; --retries runs a job again on the whole file" {
    : >empty
    run lanes --pipe-part --tee -a empty -k 'echo J{}; cat' ::: x y
    assert_success
    assert_output $'Jx\nJy'
    seq 3 >f
    run lanes --pipe-part --tee -a f -k --retries 2 'cat; [ -e m{} ] || { touch m{}; exit 1; }' ::: 1 2
    assert_success
    assert_output "$(seq 3; seq 3)"
}

@test "--pipe-part --tee: no arguments, or no file: a warning and no job" {
    seq 3 >f
    run --separate-stderr lanes --pipe-part --tee -a f cat
    assert_success
    assert_output ''
    [[ $stderr == *"--pipe-part --tee"*"nothing to run"* ]]
    run --separate-stderr lanes --pipe-part --tee cat ::: x
    assert_success
    assert_output ''
    [[ $stderr == *"nothing to run"* ]]
}

@test "--pipe-part --tee: -j below the jobs, --round-robin and --cat are refused" {
    seq 3 >f
    local args
    for args in "-j1 cat ::: 1 2" "--round-robin cat ::: 1" "--cat cat ::: 1"; do
        # shellcheck disable=SC2086
        run --separate-stderr lanes --pipe-part --tee -a f $args
        [ "$status" = 255 ] || fail "$args: status $status"
        [[ $stderr == *--tee* ]] || fail "$args: $stderr"
    done
}
