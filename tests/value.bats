#!/usr/bin/env bats
# The value parsers of src/value.c on their own: tests/unit/value_test.c, which make check
# builds, checks good values, edges and every kind of bad value, and names each check that
# failed.

load test_helper

@test "value parsers: sizes, durations, counts, -j forms, escapes and percentages" {
    local t="$LANES_BUILD/tests/unit/value_test"
    [ -x "$t" ] || skip "tests/unit/value_test is not built (make check builds it)"
    run "$t"
    [ "$status" -eq 0 ] || fail "$output"
    assert_output --regexp '^value_test: [0-9]+ checks, 0 failed$'
}
