#!/usr/bin/env bats
# jobserver: nested runs share one pool of job slots through GNU make's jobserver protocol.
# lanes as a client (under make -j, under another lanes, MAKEFLAGS' forms R,W, fifo:PATH and
# --jobserver-fds), as a server (make and lanes inside its jobs), tokens given back on every way
# out (signals, --halt, --timeout), a client killed with SIGKILL, unusable jobservers,
# --jobserver-style and --no-jobserver, and the MAKEFLAGS jobs see.
# "At once" is counted from a log each leaf appends "+" to when it starts and "-" to when it
# ends (appends of one line are atomic); never from a duration. Waits are bounded loops.

load test_helper
load jobs_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    mkdir -p pids tmp
    LANES_BG=
    unset MAKEFLAGS MFLAGS MAKELEVEL
    export LOG="$BATS_TEST_TMPDIR/log" TMPDIR="$BATS_TEST_TMPDIR/tmp"
    : >"$LOG"
}

# A leaf job: in the log while it runs. In $leaf, {} goes into a comment: lanes need not
# append it.
leaf_cmd='echo + >>"$LOG"; sleep 0.1; echo - >>"$LOG"'
leaf="$leaf_cmd # {}"

# at_once: the most leaves the log shows running at once.
at_once() {
    awk '$1 == "+" { if (++c > m) m = c } $1 == "-" { c-- } END { print m + 0 }' "$LOG"
}

# leaves: how many leaves started.
leaves() {
    grep -c '^+' "$LOG" || :
}

# wait_leaves N: wait (bounded, ~20 s) until N leaves have started.
wait_leaves() {
    local i=0
    until [ "$(leaves)" -ge "$1" ] || [ $i -ge 400 ]; do
        sleep 0.05
        i=$((i + 1))
    done
}

# meet N: a leaf that waits (bounded, ~20 s) until N leaves have started, so a test can show
# that N run at once without timing anything: with fewer slots it never sees N and fails.
# (lanes appends {} to its last echo: "- VALUE" in the log.)
meet() {
    printf 'echo + >>"$LOG"; i=0; while [ "$(grep -c "^+" "$LOG")" -lt %s ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo - >>"$LOG"' "$1"
}

# tokens_fifo N: the fifo f holding N tokens, open on descriptors 7 (read) and 8 (write) of
# this shell, as a jobserver lanes can join.
tokens_fifo() {
    mkfifo f
    exec 7<>f 8>f
    [ "$1" -eq 0 ] || printf "%$1s" '' | tr ' ' + >&8
}

# tokens_back N: the fifo's N tokens are all there again (read; a shortfall fails after ~2 s).
tokens_back() {
    local got=
    read -r -t 2 -N "$1" got <&7 || fail "only '${got}' of $1 tokens came back"
    assert_equal "$got" "$(printf "%$1s" '' | tr ' ' +)"
}

# a_makefile TARGETS RECIPE: a Makefile whose target all needs TARGETS, each made by RECIPE
# (a shell command: its $ are doubled for make).
a_makefile() {
    printf 'all: %s\n%s:\n\t%s\n' "$1" "$1" "${2//\$/\$\$}" >Makefile
}

# until_file F: a shell fragment that waits (bounded, ~20 s) for the file F.
until_file() {
    printf 'i=0; while [ ! -e %s ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done' "$1"
}

# ---------------------------------------------------------------- lanes under make

@test "make -j3: recipes running lanes share make's 3 slots, every leaf runs, no token lost" {
    a_makefile "r1 r2 r3" "+@lanes -j3 '$leaf' ::: 1 2 3 4 5"
    run --separate-stderr make -s -j3
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 15
    [ "$(at_once)" -le 3 ] || fail "$(at_once) leaves at once under make -j3"
}

@test "make -j3: lanes and make's own recipes reach 3 at once and no more" {
    a_makefile "r1 r2" "+@lanes -j3 '$(meet 3)' ::: 1 2 3"
    run --separate-stderr make -s -j3
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 6
    assert_equal "$(at_once)" 3
}

@test "make -j2 with lanes -j1: one slot needs no jobserver, nothing is said" {
    a_makefile "r1 r2" "@lanes -j1 '$leaf' ::: 1 2"
    run --separate-stderr make -s -j2
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 4
}

@test "a make rule without '+': lanes warns that make closed the jobserver and runs its own -j" {
    a_makefile "r1" "@lanes -j3 '$(meet 3)' ::: 1 2 3"
    run --separate-stderr make -s -j2
    assert_success
    assert_equal "$(at_once)" 3
    [[ $stderr == *"lanes: cannot use the jobserver in MAKEFLAGS (--jobserver-auth="*"its descriptors are not open"*"'+'"*"running -j 3 on its own"* ]] ||
        fail "stderr: $stderr"
}

# ---------------------------------------------------------------- lanes under lanes

@test "nested lanes 4 x 4: never more than 4 leaves at once, all 16 run" {
    run --separate-stderr lanes -j4 "lanes -j4 '$leaf' ::: 1 2 3 4 # {}" ::: a b c d
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 16
    [ "$(at_once)" -le 4 ] || fail "$(at_once) leaves at once"
}

@test "nested lanes 2 x 4: the inner runs reach the outer -j 2 together" {
    run --separate-stderr lanes -j2 "lanes -j4 '$(meet 2)' ::: 1 2 # {}" ::: a
    assert_success
    assert_equal "$(at_once)" 2
    : >"$LOG"
    run --separate-stderr lanes -j2 "lanes -j4 '$(meet 2)' ::: 1 # {}" ::: a b
    assert_success
    assert_equal "$(at_once)" 2
}

@test "three levels of lanes: never more than the top's 3 leaves at once, all 27 run" {
    printf '%s\n' "$leaf" >leaf.sh
    run --separate-stderr lanes -j3 "lanes -j3 \"lanes -j3 'sh leaf.sh' ::: 1 2 3 # {}\" ::: 1 2 3 # {}" ::: 1 2 3
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 27
    [ "$(at_once)" -le 3 ] || fail "$(at_once) leaves at once"
}

@test "three levels: make -j3, then lanes -j4, then lanes -j4: never more than 3 at once" {
    printf '%s\n' "$leaf" >leaf.sh
    a_makefile "r1 r2" "+@lanes -j4 \"lanes -j4 'sh leaf.sh' ::: 1 2 3 # {}\" ::: 1 2 3"
    run --separate-stderr make -s -j3
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 18
    [ "$(at_once)" -le 3 ] || fail "$(at_once) leaves at once"
}

@test "-j FILE grows while lanes serves: the nested run gets the new slots" {
    echo 3 >jf
    # job a: a nested lanes wanting 4 leaves at once; job b holds a slot until ready exists
    lanes -j jf 'if [ {} = a ]; then lanes -j8 '"'$(meet 4)'"' ::: 1 2 3 4; else '"$(until_file ready)"'; fi' ::: a b >out 2>err &
    LANES_BG=$!
    wait_leaves 2
    echo 5 >jf.new
    mv jf.new jf
    touch ready # job b ends: lanes reads jf again, and puts 2 more tokens in
    reap_lanes
    assert_equal "$status" 0
    assert_equal "$(cat err)" ""
    assert_equal "$(at_once)" 4
}

@test "-j FILE shrinks while lanes serves: tokens are taken out as they come back, none is lost" {
    echo 4 >jf
    lanes -j jf 'if [ {} = a ]; then lanes -j8 '"'$leaf'"' ::: 1 2 3 4 5 6 7 8; else '"$(until_file ready)"'; fi' ::: a b >out 2>err &
    LANES_BG=$!
    wait_leaves 2
    echo 2 >jf.new
    mv jf.new jf
    touch ready
    reap_lanes
    assert_equal "$status" 0
    assert_equal "$(cat err)" ""
    assert_equal "$(leaves)" 8
}

# ---------------------------------------------------------------- make under lanes

@test "a make inside a lanes job runs its targets on lanes' tokens: up to lanes' -j at once" {
    a_makefile "t1 t2 t3 t4 t5 t6" "@$(meet 3)"
    # with no -j of its own, make takes lanes' jobserver from MAKEFLAGS
    run --separate-stderr lanes -j3 'make -s # {}' ::: 1
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 6
    assert_equal "$(at_once)" 3
}

@test "a make inside lanes shares the slots with lanes' other jobs: 3 at once in all" {
    a_makefile "t1 t2 t3 t4" "@$leaf"
    run --separate-stderr lanes -j3 'if [ {} = m ]; then make -s; else '"$leaf_cmd"'; fi' ::: m 1 2 3 4
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 8
    [ "$(at_once)" -le 3 ] || fail "$(at_once) leaves at once"
}

# ---------------------------------------------------------------- tokens on every way out

# under_make SIGNAL: make -j3 runs lanes -j3 $way_opts (its pid in lanes.pid) with leaves that
# wait for the file go (but leaf 2, which fails at once), and one recipe of its own. Once two
# leaves run, lanes gets SIGNAL (none: $way_opts ends it); then go is made, and make, its
# SIGINT back to the default, must report no lost token (unless lanes was killed).
under_make() {
    local wait_go r1
    wait_go="echo + >>\"\$LOG\"; [ {} != 2 ] || exit 1; $(until_file go); echo - >>\"\$LOG\""
    r1="+@echo \$\$ >lanes.pid; exec lanes -j3 $way_opts $(printf %q "$wait_go") ::: 1 2 3 4 5 6"
    printf 'all: r1 r2\nr1:\n\t%s\nr2:\n\t@%s\n' "${r1//\$/\$\$}" "$(until_file go | sed 's/\$/$$/g')" >Makefile
    perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' make -s -j3 >out 2>err &
    LANES_BG=$!
    wait_file lanes.pid
    local i=0
    until [ -z "$1" ] || [ "$(leaves)" -ge 2 ] || [ $i -ge 400 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    if [ -n "$1" ]; then
        [ "$(leaves)" -ge 2 ] || fail "lanes started $(leaves) leaves under make"
        kill -"$1" "$(cat lanes.pid)"
    fi
    [ "$1" != HUP ] || wait_not_pending "$(cat lanes.pid)" 1
    [ "$1" = HUP ] || wait_gone "$(cat lanes.pid)"
    touch go
    reap_lanes
    [ "$1" = KILL ] || ! grep -q 'jobserver tokens' err || fail "make: $(cat err)"
}

@test "SIGINT to lanes mid-run under make: make reports no lost token" {
    way_opts= under_make INT
    assert_equal "$status" 2
    grep -q 'Error 255' err
}

@test "SIGTERM to lanes mid-run under make: make reports no lost token" {
    way_opts= under_make TERM
    assert_equal "$status" 2
}

@test "SIGHUP to lanes mid-run under make: the running jobs finish, no token lost" {
    way_opts= under_make HUP
    assert_equal "$status" 2 # leaf 2 failed
    [ "$(leaves)" -lt 6 ] || fail "lanes started new jobs after SIGHUP"
}

@test "--halt now,fail=1 and --timeout under make: no token lost" {
    way_opts='--halt now,fail=1' under_make ''
    assert_equal "$status" 2
    rm -f go lanes.pid
    : >"$LOG"
    way_opts='--timeout 1' under_make ''
    assert_equal "$status" 2
}

@test "SIGINT to the whole tree (make, lanes, nested lanes) as from a terminal: every token comes back" {
    # the test is the top jobserver (3 tokens), so that someone outlives the SIGINT to count them
    tokens_fifo 3
    printf '%s\n' "echo + >>\"\$LOG\"; $(until_file go); echo - >>\"\$LOG\"" >leaf.sh
    a_makefile "r1 r2" "+@lanes -j3 \"lanes -j2 'sh leaf.sh # {}' ::: 1 2\" ::: 1 2"
    MAKEFLAGS=" -j4 --jobserver-auth=7,8" setsid perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' \
        make -s >out 2>err &
    LANES_BG=$!
    wait_leaves 4
    assert_equal "$(leaves)" 4
    kill -INT -- -"$LANES_BG" # setsid made make the leader of its process group
    reap_lanes
    touch go
    [ "$status" -ne 0 ]
    tokens_back 3
}

@test "a fatal error of lanes gives every token back, and removes a served fifo" {
    tokens_fifo 2
    # the first output cannot be written while the other jobs hold their tokens
    status=0
    MAKEFLAGS="--jobserver-auth=fifo:$PWD/f" lanes -j3 'sleep 0.2; echo {}' ::: 1 2 3 4 5 >/dev/full 2>err || status=$?
    assert_equal "$status" 255
    grep -q 'cannot write output' err || fail "stderr: $(cat err)"
    tokens_back 2
    run --separate-stderr lanes --jobserver-style=fifo -j2 --joblog /nonexistent/log true ::: 1
    assert_equal "$status" 255
    assert_equal "$(ls "tmp/lanes-$(id -u)")" "" # (the user's directory stays)
}

# ---------------------------------------------------------------- SIGKILL

@test "a client killed with SIGKILL holding tokens: they stay lost until make ends, and make says so" {
    way_opts= under_make KILL
    assert_equal "$status" 2
    # make -j3: r1's lanes held make's token for r1 and one more for its second leaf
    grep -q 'INTERNAL: Exiting with [0-9]* jobserver tokens available; should be 3!' err ||
        fail "make: $(cat err)"
}

@test "a nested lanes killed with SIGKILL holding tokens: the outer lanes ends its run and warns" {
    # outer -j4: job k (the inner lanes) on the implicit slot, job x on a token; the inner
    # lanes takes the other 2 tokens for its 3 leaves; x ends once they run.
    printf '%s\n' "echo \$\$ >pids/inner.tmp; mv pids/inner.tmp pids/inner; exec lanes -j3 'echo + >>\"\$LOG\"; $(until_file go); echo - >>\"\$LOG\" # {}' ::: 1 2 3" >inner.sh
    lanes -j4 'if [ {} = k ]; then sh inner.sh; else '"$(meet 4)"'; fi' ::: k x >out 2>err &
    LANES_BG=$!
    wait_file pids/inner
    wait_leaves 4
    assert_equal "$(leaves)" 4
    kill -KILL "$(cat pids/inner)"
    reap_lanes
    touch go
    assert_equal "$status" 1 # the killed job
    grep -q '^lanes: 2 of the jobserver.s 3 tokens were not given back (a job that held them was killed?)$' err ||
        fail "$(cat err)"
}

@test "a served fifo: mode 0600 in a private directory, gone after the run; after SIGKILL only it is left" {
    run lanes -j2 --jobserver-style=fifo 'p=${MAKEFLAGS##*fifo:}; p=${p%% *}; stat -c "%a %F %U" "$p" "${p%/*}" # {}' ::: 1
    assert_success
    assert_output "$(printf '600 fifo %s\n700 directory %s' "$(id -un)" "$(id -un)")"
    # The user's directory stays for the next run, as ~/.parallel does; the fifo goes.
    assert_equal "$(ls tmp)" "lanes-$(id -u)"
    assert_equal "$(ls "tmp/lanes-$(id -u)")" ""
    lanes -j2 --jobserver-style=fifo "$(until_file go) # {}" ::: 1 &
    LANES_BG=$!
    i=0
    until [ -n "$(ls "tmp/lanes-$(id -u)")" ] || [ $i -ge 400 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    kill -KILL "$LANES_BG"
    touch go
    reap_lanes
    run find tmp -mindepth 2
    assert_output --regexp '^tmp/lanes-[0-9]+/jobserver\.[A-Za-z0-9]{6}$'
    [ -p "$output" ]
}

@test "a served fifo: a private directory that is not private is refused, with a warning" {
    mkdir -m 755 "tmp/lanes-$(id -u)"
    run --separate-stderr lanes -j2 --jobserver-style=fifo 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_success
    assert_output '[]'
    assert_equal "$stderr" "lanes: cannot make a jobserver for jobs: Permission denied; they see MAKEFLAGS as lanes got it"
}

# ---------------------------------------------------------------- the forms lanes reads

@test "fifo:PATH in MAKEFLAGS: lanes takes at most its tokens and gives every one back" {
    tokens_fifo 2
    MAKEFLAGS="-j3 --jobserver-auth=fifo:$PWD/f" run --separate-stderr lanes -j8 "$leaf" ::: 1 2 3 4 5 6
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 6
    [ "$(at_once)" -le 3 ] || fail "$(at_once) leaves at once"
    tokens_back 2
}

@test "R,W and --jobserver-fds=R,W in MAKEFLAGS; the last one named wins" {
    tokens_fifo 1
    MAKEFLAGS="-j2 --jobserver-fds=7,8" run --separate-stderr lanes -j4 "$(meet 2)" ::: 1 2 3
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(at_once)" 2
    tokens_back 1
    printf + >&8
    : >"$LOG"
    MAKEFLAGS="--jobserver-auth=fifo:/nonexistent --jobserver-auth=7,8 -- --jobserver-auth=9,9" \
        run --separate-stderr lanes -j4 "$leaf" ::: 1 2 3
    assert_success
    assert_equal "$stderr" ""
    [ "$(at_once)" -le 2 ] || fail "$(at_once) leaves at once"
    tokens_back 1
}

@test "no token free: lanes runs one job at a time on its implicit slot, and waits in its loop" {
    tokens_fifo 0
    MAKEFLAGS="--jobserver-auth=fifo:$PWD/f" lanes -j4 -k "echo {}; $leaf" ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_grep '^-' "$LOG"
    printf + >&8 # a token comes free while lanes waits: it is taken
    reap_lanes
    assert_equal "$status" 0
    assert_equal "$(cat out)" $'1\n2\n3'
    [ "$(at_once)" -le 2 ] || fail "$(at_once) leaves at once"
    tokens_back 1
}

# nonblock FD: the descriptor FD of this shell is O_NONBLOCK (its open file description is).
nonblock() {
    local flags
    flags=$(awk '$1 == "flags:" {print $2}' "/proc/$BASHPID/fdinfo/$1")
    (((8#$flags & 8#4000) != 0))
}

@test "waiting for a token leaves the flags of the shared descriptors as they were" {
    tokens_fifo 0
    MAKEFLAGS="-j1 --jobserver-fds=7,8" lanes -j3 "$leaf" ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_grep '^+' "$LOG" # lanes runs one job, and polls for a token for the next
    ! nonblock 7 || fail "lanes made the jobserver's read end O_NONBLOCK"
    ! nonblock 8 || fail "lanes made the jobserver's write end O_NONBLOCK"
    reap_lanes
    assert_equal "$status" 0
    assert_equal "$(leaves)" 3
}

@test "without /proc/self/fd (as on the BSDs) lanes reads the shared descriptor under a timer" {
    unshare -m true 2>/dev/null || skip "unshare -m is not allowed here"
    [ -z "${ASAN_OPTIONS+set}" ] || skip "AddressSanitizer cannot start without /proc"
    tokens_fifo 2
    # /proc hidden: lanes cannot open the pipe anew; two clients race for the 2 tokens
    MAKEFLAGS="-j3 --jobserver-fds=7,8" run --separate-stderr unshare -m sh -c \
        'mount -t tmpfs none /proc && exec lanes -j3 "lanes -j3 '"'$leaf'"' ::: 1 2 3 # {}" ::: a b'
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(leaves)" 6
    [ "$(at_once)" -le 3 ] || fail "$(at_once) leaves at once"
    tokens_back 2
    ! nonblock 7 || fail "lanes made the jobserver's read end O_NONBLOCK"
}

@test "unusable jobservers: a warning naming the problem, then lanes runs its own -j" {
    local auth want
    exec 5</dev/null 6>/dev/null
    while IFS='|' read -r auth want; do
        : >"$LOG"
        MAKEFLAGS="-j3 --jobserver-auth=$auth" run --separate-stderr lanes -j2 "$(meet 2)" ::: 1 2
        assert_success
        assert_equal "$(at_once)" 2
        [[ $stderr == "lanes: cannot use the jobserver in MAKEFLAGS (--jobserver-auth=$auth): $want; running -j 2 on its own" ]] ||
            fail "$auth: stderr: $stderr"
    done <<'EOF'
8,9|its descriptors are not open (a make rule that runs lanes without '+' or $(MAKE) closes them)
5,6|its descriptors are not the two ends of one pipe (a make rule that runs lanes without '+' or $(MAKE) closes them)
fifo:/nonexistent/f|No such file or directory
3|it is neither fifo:PATH nor two descriptors R,W
a,b|it is neither fifo:PATH nor two descriptors R,W
-1,-1|it is neither fifo:PATH nor two descriptors R,W
EOF
    mkdir d
    MAKEFLAGS="--jobserver-auth=fifo:$PWD/d" run --separate-stderr lanes -j2 true ::: 1
    assert_success
    [[ $stderr == *"(--jobserver-auth=fifo:$PWD/d): "* ]] || fail "stderr: $stderr"
}

@test "an unusable jobserver is replaced by lanes' own for its jobs" {
    MAKEFLAGS="-j9 --jobserver-auth=8,9" run --separate-stderr lanes -j3 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_success
    assert_output --regexp '^\[ -j3 --jobserver-auth=[0-9]+,[0-9]+\]$'
    [[ $stderr == *"cannot use the jobserver"* ]]
}

# ---------------------------------------------------------------- what jobs see

@test "MAKEFLAGS: the user's flags and variables are kept around lanes' jobserver" {
    MAKEFLAGS='k -- FOO=bar' run --separate-stderr lanes -j3 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_success
    assert_equal "$stderr" ""
    assert_output --regexp '^\[k -j3 --jobserver-auth=[0-9]+,[0-9]+ -- FOO=bar\]$'
    run lanes -j4 --jobserver-style=fifo 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_output --regexp '^\[ -j4 --jobserver-auth=fifo:'"$TMPDIR"'/lanes-[0-9]+/jobserver\.[A-Za-z0-9]{6}\]$'
    MAKEFLAGS=' -s' run lanes -j1 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_output '[ -s]'
}

@test "served pipe: the jobs inherit its two ends, and no other descriptor of lanes" {
    local fds='set -- $MAKEFLAGS; r=${2#*=}; ls -l /proc/self/fd/${r%,*} /proc/self/fd/${r#*,} | grep -c pipe; ls /proc/self/fd | wc -l # {}'
    run lanes --no-jobserver -j2 'ls /proc/self/fd | wc -l # {}' ::: 1
    assert_success
    local without=$output
    run lanes -j2 "$fds" ::: 1
    assert_success
    assert_equal "${lines[0]}" 2
    assert_equal "${lines[1]}" $((without + 2))
}

@test "--no-jobserver: lanes neither joins nor serves, and MAKEFLAGS reaches the jobs untouched" {
    run --separate-stderr lanes --no-jobserver -j3 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_success
    assert_output '[]'
    tokens_fifo 0
    MAKEFLAGS="-j1 --jobserver-auth=fifo:$PWD/f" run --separate-stderr lanes --no-jobserver -j3 "$(meet 3)" ::: 1 2 3
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(at_once)" 3
    MAKEFLAGS="-j3 --jobserver-auth=8,9" run --separate-stderr lanes --no-jobserver -j2 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_equal "$stderr" ""
    assert_output '[-j3 --jobserver-auth=8,9]'
}

@test "more than 4097 slots: no jobserver is served, and a large -j never blocks giving a token back" {
    run --separate-stderr timeout 20 lanes -j4097 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_success
    assert_output --regexp '^\[ -j4097 --jobserver-auth=[0-9]+,[0-9]+\]$'
    run --separate-stderr timeout 20 lanes -j4098 'echo "[$MAKEFLAGS]" # {}' ::: 1
    assert_success
    assert_output '[]'
    assert_equal "$stderr" ""
    # -j 999999999 served 65536 tokens, which filled the pipe: the first given back found no
    # room, and lanes hung (regress_run.bats runs that).
    run timeout 20 lanes -k -j4097 'sleep 0.{}; echo {%}' ::: 3 1 2
    assert_success
    assert_output "$(printf '1\n2\n3')"
}

@test "--jobserver-style and --no-jobserver: bad values are usage errors naming the option" {
    refuses --jobserver-style bad FIFO '' sem
    run --separate-stderr lanes --jobserver-style
    assert_equal "$status" 255
    [[ $stderr == *"--jobserver-style"* ]]
    run --separate-stderr lanes --no-jobserver=yes echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *"--no-jobserver"* ]]
    assert_output ""
    run lanes --jobserver-style pipe --jobserver-style=fifo -j2 'echo "$MAKEFLAGS" # {}' ::: 1
    assert_success
    assert_output --partial 'fifo:'
}

@test "under ulimit -n 63 lanes serves no jobserver: its descriptors are left to the jobs" {
    run bash -c 'ulimit -n 63 && exec lanes -j3 "echo \"[\$MAKEFLAGS]\" # {}" ::: 1'
    assert_success
    assert_output '[]'
    run bash -c 'ulimit -n 64 && exec lanes -j3 "echo \"[\$MAKEFLAGS]\" # {}" ::: 1'
    assert_output --regexp '^\[ -j3 --jobserver-auth=[0-9]+,[0-9]+\]$'
}
