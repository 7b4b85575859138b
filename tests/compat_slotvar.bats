#!/usr/bin/env bats
# --process-slot-var NAME (jobs get NAME set to their slot minus one) and a bare trailing :::
# (dropped: the input is stdin), on their own and against GNU parallel (compat_helper.bash).

load test_helper
load compat_helper
bats_require_minimum_version 1.5.0

setup() {
    compat_setup
}

@test "--process-slot-var: the slot minus one, beside PARALLEL_JOBSLOT" {
    run lanes -j2 -k --process-slot-var SLOTV 'sleep 0.$((3 - {})); echo {} $SLOTV $PARALLEL_JOBSLOT' ::: 1 2
    assert_success
    assert_output $'1 0 1\n2 1 2'
}

@test "--process-slot-var replaces a variable of that name" {
    SV=old run lanes -j1 --process-slot-var SV 'echo $SV {}' ::: a
    assert_success
    assert_output '0 a'
}

@test "--process-slot-var reaches a job run without a shell" {
    run lanes -j1 --process-slot-var SV printenv SV ::: a
    assert_failure 1 # printenv SV a: one of the two is not set
    assert_output 0
}

@test "--process-slot-var: a bad name is a usage error" {
    run --separate-stderr lanes --process-slot-var '' echo ::: a
    assert_failure 255
    assert_output ''
    [[ $stderr == *--process-slot-var* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes --process-slot-var A=B echo ::: a
    assert_failure 255
    [[ $stderr == *--process-slot-var* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes --process-slot-var
    assert_failure 255
    [[ $stderr == *process-slot-var* ]] || fail "stderr: $stderr"
}

@test "--process-slot-var as GNU parallel" {
    compat -j1 -k --process-slot-var SV 'echo {} $SV' ::: a b c
    compat -j3 -k --process-slot-var SV 'sleep 0.{}; echo $SV' ::: 3 2 1
}

@test "a bare trailing ::: as GNU parallel" {
    printf 'x\ny\n' >in
    compat_stdin in -k echo :::
    compat_stdin in -k echo :::+
    compat_stdin in -k echo ::::
    compat_stdin in -k -a - echo :::
    compat_stdin in -k echo ::: ::: a
    compat_stdin in -k echo ::: a :::
    compat_stdin in -k echo ::: a ::: b :::
    compat_stdin in -k echo a ::: :::
    compat_stdin in :::
}
