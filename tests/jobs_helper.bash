# jobs_helper.bash: setup and teardown for test files whose jobs record their pids under pids/
# (control.bats, run.bats): each test starts in its own directory with no lanes in the
# background, and whatever it leaves running is killed after it (kill_leftovers).

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    mkdir -p pids
    LANES_BG=
}

teardown() {
    kill_leftovers
}
