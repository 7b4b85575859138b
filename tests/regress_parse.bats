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
