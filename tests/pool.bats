#!/usr/bin/env bats
# The pool of lanes: every way a job ends gives its lane back, so the slots ({%}) stay within
# -j and the run never waits for a lane nobody will give.

load test_helper

setup() {
    cd "$BATS_TEST_TMPDIR"
}

# The slots the jobs printed, each once, sorted.
slots_seen() {
    sort -u | tr '\n' ' '
}

@test "pool: a job run again (--retries) gives its lane back first" {
    run lanes -j2 --retries 3 '[ -e m{} ] || { touch m{}; exit 1; }; echo {%}' ::: $(seq 10)
    assert_success
    [ "${#lines[@]}" -eq 10 ]
    assert_equal "$(printf '%s\n' "${lines[@]}" | slots_seen)" "1 2 "
}

@test "pool: a job timed out gives its lane back to the next" {
    run lanes -j1 --timeout 0.5 'echo {%}; sleep {}' ::: 10 0 0
    assert_failure 1
    assert_output --partial "$(printf '1\n1\n1')"
}

@test "pool: jobs that fail at once give their lane back to the next" {
    run timeout 20 lanes -j1 -k '{} {%}' ::: ./missing1 ./missing2 echo
    assert_failure 2
    assert_line --index 2 1
    assert_output --partial "./missing1"
}

@test "pool: jobs refused for want of descriptors give their lanes back and run later" {
    run bash -c 'ulimit -n 16; lanes -j50 "echo {%}; sleep 0.05" ::: $(seq 60) 2>/dev/null'
    assert_success
    [ "${#lines[@]}" -eq 60 ]
    for s in "${lines[@]}"; do
        [ "$s" -ge 1 ] && [ "$s" -le 50 ]
    done
}

@test "pool: --halt soon lets the running jobs end and gives every lane back" {
    run lanes -j2 --halt soon,fail=1 'echo {%}; sleep 0.{}; exit {}' ::: 1 0 0 0
    assert_failure 1
    [ "$(grep -vc '^lanes:' <<<"$output")" -ge 2 ]
}
