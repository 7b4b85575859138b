#!/usr/bin/env bats
# regress_parse: regressions in how lanes reads and cuts its input (records, blocks, values,
# batches) and expands values into commands: each test is named after the bug it pins.
# Expected outputs are GNU parallel 20221122's. No test asserts a duration.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

@test "--regexp --rrs: a capture group in --recend does not move the record's cut" {
    run -0 lanes --pipe --regexp --recend '(x)?\n' --rrs -N1 -k cat < <(printf 'a\nb\nc\n')
    assert_output 'abc'
}

@test "--regexp --rrs: capture groups in --recstart and in both" {
    run -0 lanes --pipe --regexp --recstart '(y)?b' --rrs -N1 -k 'cat; echo -' \
        < <(printf 'a\nb\nc\n')
    assert_output $'a\n-\n\nc\n-'
    run -0 lanes --pipe --regexp --recend '(x)?(\n)' --recstart '(b)(\w)?' --rrs -N1 -k \
        'cat; echo -' < <(printf 'a\nbz\nc\n')
    assert_output $'a-\n\nc-'
    run -0 lanes --pipe --regexp --recend '((x)|(\n))' --recstart '(c)' --rrs -N1 -k \
        'cat; echo -' < <(printf 'a\nbz\nc\n')
    assert_output $'a\nbz-'
}

@test "--regexp: a group in --recend keeps blocks whole without --rrs" {
    run -0 lanes --pipe --regexp --recend '(x)?\n' -N1 -k 'cat; echo -' < <(printf 'a\nb\nc\n')
    assert_output $'a\n-\nb\n-\nc\n-'
}

@test "NUL in a value: passed as \\0 with --bar as without, not heap bytes" {
    run --separate-stderr -0 lanes echo < <(printf 'x\0y\n')
    assert_output 'x\0y'
    [[ $stderr == *"NUL byte"* ]] || fail "no warning: $stderr"
    run --separate-stderr -0 lanes --bar echo < <(printf 'x\0y\n')
    assert_output 'x\0y'
    run --separate-stderr -0 lanes --eta echo < <(printf 'x\0y\n')
    assert_output 'x\0y'
}

@test "NUL in a value: --shuf {.} cuts the extension after the whole value" {
    run --separate-stderr -0 lanes --shuf --dry-run echo {.} \
        < <(printf 'x\0yyyyyyyyyyyyyyyyyyyyyyyyyy.z\n')
    assert_output "echo 'x\\0yyyyyyyyyyyyyyyyyyyyyyyyyy'"
    run --separate-stderr -0 lanes -k -L1 echo < <(printf 'a\0b \nb \nc\0\nd')
    assert_output $'a\\0b b c\\0\nd'
}

@test "a delimiter of several bytes split across two reads still ends the value" {
    awk 'BEGIN { for (i = 0; i < 200000; i++) printf "v%d::", i }' >in
    lanes -k -d '::' --dry-run echo <in >out
    awk 'BEGIN { for (i = 0; i < 200000; i++) printf "echo v%d\n", i }' >want
    cmp want out
}

@test "a 100 MB line read from a pipe in many reads is one value" {
    run -0 timeout 60 bash -c "head -c 100000000 /dev/zero | tr '\\0' x | lanes -k --dry-run \
        true {} | wc -c"
    assert_output 100000006
}

@test "-X -s over a million lines: each record is weighed once, lines stay under -s" {
    seq 1000000 >in
    timeout 60 lanes -k -X -s 16000 --dry-run echo <in >out
    run -0 awk '{ if (length($0) >= 16000) bad++ } END { print NR, bad + 0 }' out
    assert_output '432 0'
    tr ' ' '\n' <out | grep -v '^echo$' | cmp - in
}

@test "-X -s: the same lines as GNU parallel" {
    seq 20000 >in
    lanes -k -X -s 1000 --dry-run echo x{}y <in >out
    run -0 md5sum <out
    assert_output '2b1e8fbfe674dbbd8f83d5b333f22f41  -' # GNU parallel's output
}

@test "--pipe -N from a pipe: the pending block is not searched again after every read" {
    run -0 timeout 60 bash -c 'seq 4000000 | lanes -k --pipe -N 2000000 wc -l'
    assert_output $'2000000\n2000000'
}

@test "--pipe -N from a pipe: separators split across reads end records where they should" {
    awk 'BEGIN { for (i = 0; i < 300000; i++) printf "R%d-::", i }' >in
    awk 'BEGIN { for (i = 0; i < 300000; i++) { n += length("R" i "-::");
        if (i % 100000 == 99999) { print n; n = 0 } } }' >want
    cat in | lanes -k --pipe --recend '-::' --recstart R -N 100000 'wc -c' >out
    cmp want out
    cat in | lanes -k --pipe --regexp --recend '-:+' --recstart 'R\d' -N 100000 'wc -c' >out
    cmp want out
    cat in | lanes -k --pipe --recend '::' -N 100000 'wc -c' >out
    cmp want out
}

@test "--pipe --regexp: a read that ends on the newline before a ^ recstart still cuts there" {
    # Found by fuzz_recsep: ^ does not match after a newline that ends the data, so the
    # search asking for more bytes passed over the separator and merged the two records.
    run bash -c "(printf '>a\\n'; sleep 0.3; printf '>b\\n') |
        lanes --pipe --regexp --recstart '^>' --recend '\\n' -N1 -k 'echo J; cat'"
    assert_success
    assert_output "$(printf 'J\n>a\nJ\n>b')"
}

@test "--pipe -N1: a 100 MB record from a pipe is one block" {
    run -0 timeout 60 bash -c "head -c 100000000 /dev/zero | tr '\\0' x |
        lanes --pipe --recend y -N1 wc -c"
    assert_output 100000000
}

@test "-l 2: {} in a word takes the lines as -m does; -L repeats the word unless -m or --xargs" {
    local m=$'echo prea bpost xa by\necho precpost xcy'     # GNU parallel's, as -m
    local x=$'echo preapost prebpost xay xby\necho precpost xcy' # GNU parallel's, as -X
    local o want
    for o in '-l 2|m' '-L 2|x' '-N 2|x' '-l 2 -X|x' '-L 2 -m|m' '-m -L 2|m' '-L 2 --xargs|m' \
        '-l 2 --xargs|m' '-N 2 -m|x' '-l 2 -N 2|x' '-L 2 -l 2|x'; do
        [ "${o#*|}" = m ] && want=$m || want=$x
        run -0 lanes -k ${o%|*} --dry-run echo pre{}post x{}y < <(printf 'a\nb\nc\n')
        assert_equal "$o: $output" "$o: $want"
    done
}

@test "--colsep: a capture group that takes no part is an empty column, as in GNU parallel" {
    run -0 lanes --colsep '(x)?,' echo {1}-{2}-{3} < <(printf 'a,b\n')
    assert_output 'a--b'
    run -0 lanes --colsep '((x)|(y))?,' echo {1}-{2}-{3}-{4}-{5}-{6} < <(printf 'ax,b\n')
    assert_output 'a-x-x--b-'
}

@test "--pipe --header with a count past any integer takes every line as header, not as a regex" {
    run bash -c "printf 'a\nb\n' | lanes --pipe --header 99999999999999999999 cat"
    assert_success
    assert_output "$(printf 'a\nb')"
}
