#!/usr/bin/env bats
# sem: semaphore mode (lanes --semaphore, or lanes called as sem). Concurrent calls from many
# shells keep to -j and lose no command; --wait; a holder killed by SIGKILL frees its slot;
# --fg's exit status; --st both ways; --id; usage errors. "At once" is counted from a log that
# each command appends to; no test asserts a duration. Each test has a HOME and PARALLEL_HOME
# of its own, so no two tests share a lock directory. Every wait is bounded: calls that wait
# for a slot carry --st -30, so that a bug gives up instead of hanging the test.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    export HOME="$BATS_TEST_TMPDIR/home" PARALLEL_HOME="$BATS_TEST_TMPDIR/ph"
    mkdir -p "$HOME" bin pids
    ln -s "$LANES" bin/sem
    PATH="$BATS_TEST_TMPDIR/bin:$PATH"
    # job LOG N: a line when it starts and one when it ends, appended to LOG.
    cat >job <<'EOF'
#!/bin/sh
echo "start $2" >>"$1"
sleep 0.1
echo "end $2" >>"$1"
EOF
    # hold READY GO: writes its holder's pid (its parent, the sem holding the slot) to
    # READY.holder, its own to pids/, creates READY, then waits (at most ~30 s) for GO.
    cat >hold <<'EOF'
#!/bin/sh
echo "$PPID" >"$1.holder"
echo "$$" >"pids/$1"
: >"$1"
i=0
while [ ! -e "$2" ] && [ "$i" -lt 600 ]; do
    sleep 0.05
    i=$((i + 1))
done
EOF
    chmod +x job hold
}

teardown() {
    local f
    for f in *.holder; do
        [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null
    done
    kill_leftovers
}

# max_at_once LOG: the most commands of LOG between their start and end lines at one time.
max_at_once() {
    awk '/^start/ { n++; if (n > m) m = n } /^end/ { n-- } END { print m + 0 }' "$1"
}

@test "20 sem -j3 calls from separate shells: at most 3 at once, all 20 run, --wait after the last" {
    local i
    for i in $(seq 20); do
        bash -c 'exec sem -j3 --id many --st -30 "$1/job" "$1/log" "$2"' _ "$PWD" "$i" \
            >/dev/null 2>&1 3>&- &
    done
    wait # each call has returned: its command holds a slot, or has run already
    run sem --id many --wait --st -30
    assert_success
    assert_equal "$(grep -c '^start' log)" 20
    assert_equal "$(grep -c '^end' log)" 20
    assert_equal "$(sed -n 's/^end //p' log | sort -n | uniq | wc -l)" 20
    max=$(max_at_once log)
    [ "$max" -ge 1 ] && [ "$max" -le 3 ] || fail "$max commands at once: $(cat log)"
}

@test "--fg calls from separate shells keep to -j too" {
    local i
    for i in $(seq 12); do
        sem --fg -j2 --id fg --st -30 ./job log "$i" >/dev/null 2>&1 3>&- &
    done
    wait
    assert_equal "$(grep -c '^end' log)" 12
    max=$(max_at_once log)
    [ "$max" -le 2 ] || fail "$max commands at once: $(cat log)"
}

@test "a holder killed by SIGKILL frees its slot (--fg and --bg)" {
    sem --fg -j1 --id k ./hold fg go >/dev/null 2>&1 3>&- &
    wait_file fg
    run sem --fg -j1 --id k --st -0.2 touch ran
    assert_failure 1
    assert [ ! -e ran ]
    kill -KILL "$(cat fg.holder)"
    wait_gone "$(cat fg.holder)"
    run sem --fg -j1 --id k --st -30 echo freed
    assert_success
    assert_output freed

    sem -j1 --id k --st -30 ./hold bg go >/dev/null 2>&1 3>&-
    wait_file bg
    run sem --fg -j1 --id k --st -0.2 touch ran
    assert_failure 1
    kill -KILL "$(cat bg.holder)"
    wait_gone "$(cat bg.holder)"
    run sem --fg -j1 --id k --st -30 echo freed again
    assert_success
    assert_output "freed again"
}

@test "a holder told to end (SIGTERM, SIGHUP) passes the signal on to its command" {
    local sig bgpid
    for sig in TERM HUP; do
        sem --fg -j1 --id t ./hold "$sig" go >/dev/null 2>&1 3>&- &
        bgpid=$!
        wait_file "$sig"
        kill -"$sig" "$(cat "$sig.holder")"
        wait_gone "$(cat "pids/$sig")"
        status=0
        wait "$bgpid" || status=$?
        assert_equal "$sig: $status" "$sig: $((128 + $(kill -l "$sig")))"
        run sem --fg -j1 --id t --st -30 echo free
        assert_output free
    done
}

@test "--fg exits with the command's status; --bg (the default) with 0" {
    run sem --fg 'exit 7'
    assert_failure 7
    run sem --fg false
    assert_failure 1
    run sem --fg 'kill -9 $$'
    assert_failure 137
    run sem --fg true
    assert_success
    sem --st -30 'exit 7' >/dev/null 2>&1 3>&-
    run sem --wait --st -30
    assert_success
}

@test "--fg's exit statuses are GNU sem's" {
    need_parallel
    local cmd
    for cmd in 'exit 7' false true 'exit 255' 'kill -TERM $$'; do
        run parallel --semaphore --fg "$cmd"
        gnu=$status
        run sem --fg "$cmd"
        assert_equal "$cmd: $status" "$cmd: $gnu"
    done
}

@test "--bg returns while its command runs; --wait returns once it has ended" {
    # (not run: it would wait for the command, which holds its output open)
    sem --id b --st -30 './hold running go; touch done' >/dev/null 2>&1 3>&-
    wait_file running
    assert [ ! -e done ]
    touch go
    run sem --id b --wait --st -30
    assert_success
    assert [ -e done ]
}

@test "--wait waits for every command of its semaphore, and only of its own" {
    sem -j2 --id w ./hold one go >/dev/null 2>&1 3>&-
    sem -j2 --id w ./hold two go >/dev/null 2>&1 3>&-
    sem --id other ./hold three go3 >/dev/null 2>&1 3>&-
    wait_file one two three
    run --separate-stderr sem --id w --wait --st -0.2
    assert_failure 1
    [[ $stderr == *"still in use"* ]] || fail "stderr: $stderr"
    touch go
    run sem --id w --wait --st -30
    assert_success
    touch go3
    run sem --id other --wait --st -30
    assert_success
}

@test "--st positive runs the command anyway; negative gives up (exit 1) and runs nothing" {
    sem --id st ./hold held go >/dev/null 2>&1 3>&-
    wait_file held
    run --separate-stderr sem --fg --id st --st 0.2 'echo stolen; echo "slot=$PARALLEL_JOBSLOT"'
    assert_success
    assert_output $'stolen\nslot=0'
    [[ $stderr == *"anyway"* ]] || fail "stderr: $stderr"
    run --separate-stderr sem --fg --id st --semaphoretimeout -0.2 touch ran
    assert_failure 1
    assert_output ""
    [[ $stderr == *"not run"* ]] || fail "stderr: $stderr"
    assert [ ! -e ran ]
    run sem --id st --st -0.2 touch ran
    assert_failure 1
    assert [ ! -e ran ]
    touch go
    run sem --id st --wait --st -30
    assert_success
}

@test "--id separates semaphores; the default is a mutex, -j N gives N slots" {
    sem --id a ./hold a go >/dev/null 2>&1 3>&-
    wait_file a
    run sem --fg --id b --st -30 echo b
    assert_success
    assert_output b
    run sem --fg --semaphorename a --st -0.2 echo a
    assert_failure 1
    run sem --fg -j2 --id a --st -30 'echo "slot $PARALLEL_JOBSLOT"'
    assert_success
    assert_output "slot 2"
    run sem --fg --id 'a/b c' --st -30 echo odd name
    assert_success
    assert_output "odd name"
    touch go
    run sem --id a --wait --st -30
    assert_success
}

@test "the locks live in \$PARALLEL_HOME/semaphores (else ~/.parallel), made 0700" {
    run sem --fg --id x true
    assert_success
    assert_equal "$(stat -c %a "$PARALLEL_HOME" "$PARALLEL_HOME/semaphores" "$PARALLEL_HOME/semaphores/lanes-x")" \
        $'700\n700\n700'
    unset PARALLEL_HOME
    run sem --fg --id 'y/z' true
    assert_success
    assert [ -d "$HOME/.parallel/semaphores/lanes-y%2Fz" ]
    assert_equal "$(stat -c %a "$HOME/.parallel/semaphores/lanes-y%2Fz")" 700
}

@test "the command is the words joined with spaces, run by the shell, with stdin (or -a FILE) and the job's numbers" {
    run sem --fg echo a '$((1 + 2))' '"b  c"'
    assert_success
    assert_output "a 3 b  c"
    run sem --fg 'echo "$PARALLEL_SEQ $LANES_SEQ $PARALLEL_JOBSLOT $LANES_SLOT"'
    assert_output "1 1 1 1"
    run bash -c 'echo piped | sem --fg cat'
    assert_output piped
    printf 'from\nfile\n' >in
    run sem --fg -a in cat
    assert_success
    assert_output $'from\nfile'
}

@test "lanes --semaphore, and any of --fg --bg --wait --id --st, is semaphore mode" {
    run lanes --semaphore --fg echo one
    assert_output one
    run lanes --fg echo two
    assert_output two
    run lanes --id s --fg echo three
    assert_output three
    run lanes --st 5 --fg echo four
    assert_output four
    run lanes --wait
    assert_success
    assert_output ""
}

@test "bad input is a usage error that names the option, exit 255, nothing run" {
    local -a cases=(
        '-j' '-j bogus touch ran'
        '-j' '-j 0x3 touch ran'
        '--st' '--st abc touch ran'
        '--st' '--st -- touch ran'
        '--semaphoretimeout' '--semaphoretimeout 1x touch ran'
        '--id' "--id '' touch ran"
        '--semaphorename' "--semaphorename '' touch ran"
        '--wait' '--wait touch ran'
        '--fg' '--fg --bg touch ran'
        '-a' '-a in -a in touch ran'
        'missing' '-a missing touch ran'
        '--semaphore' ''
        '--semaphore' '--fg'
    )
    local k opt args # (not i: bats' run has a loop of its own over i)
    : >in
    for ((k = 0; k < ${#cases[@]}; k += 2)); do
        opt=${cases[k]} args=${cases[k + 1]}
        eval "run --separate-stderr sem $args"
        [ "$status" = 255 ] || fail "sem $args: status $status"
        [[ $stderr == *"$opt"* ]] || fail "sem $args: stderr '$stderr'"
        assert_output ""
        assert [ ! -e ran ]
    done
}

@test "make install puts the link sem -> lanes in bindir; make uninstall removes it" {
    [ -f "$LANES_BUILD/config.mk" ] || skip "config.mk missing (run make)"
    stage="$BATS_TEST_TMPDIR/stage"
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -C "$LANES_BUILD" --no-print-directory -o src/lanes install DESTDIR="$stage" PREFIX=/usr
    assert_success
    assert_equal "$(readlink "$stage/usr/bin/sem")" lanes
    run "$stage/usr/bin/sem" --fg --id inst echo installed
    assert_output installed
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -C "$LANES_BUILD" --no-print-directory -o src/lanes uninstall DESTDIR="$stage" PREFIX=/usr
    assert_success
    assert [ ! -e "$stage/usr/bin/sem" ]
    assert [ ! -L "$stage/usr/bin/sem" ]
}
