#!/usr/bin/env bats
# Differential tests for behaviours GNU parallel's own test suite showed lanes lacking: --onall
# and --nonall with no host, --retries 0, --wd on this machine, what --halt says, the
# completed-jobs count in Perl, and --eta's layout. Each case runs under GNU parallel and under
# lanes (compat_helper.bash) and compares stdout bytes and exit status; cases that look at
# stderr compare only the lines whose text GNU parallel fixes. No case asserts a duration.

load test_helper
load compat_helper

setup() {
    compat_setup
    compat_wrap
}

@test "compat: --onall and --nonall with no host run on this machine" {
    compat --onall 'echo v{}' ::: a b
    compat --onall 'sleep 0.{}; echo {}' ::: 3 1 # one job at a time on a host, in order
    compat -k --tag --onall echo ::: a b
    compat --tag --nonall echo hi
    compat -q --nonall perl -le 'print scalar @ARGV' a b ''
    compat --nonall 'exit 3'
    compat -k --onall 'echo {}; exit {}' ::: 1 2
}

@test "compat: -N0 and -n0 append a blank but no argument; with -q not even that" {
    compat -q -N0 printf '[%s]' a b '' ::: 1
    compat -v -N0 echo a ::: 1 2
    compat -v -n0 echo a ::: 1
    compat -q -v -N0 echo a ::: 1 2
}

@test "compat: --retries 0 runs a failing job until it succeeds; -u prints every try" {
    compat -u --retries 0 'printf {} >>f; n=$(stat -c %s f); echo " $n"; exit $((n % 5))' ::: a
    compat -k --retries 0 'echo x >>n.{}; n=$(wc -l <n.{}); echo {}$n; [ $n -ge {} ]' ::: 3 4
    compat -u --retries 3 'echo try; exit 1' ::: a
}

@test "compat: --wd ... leaves no directory behind; \$OLDPWD is where the run started" {
    compat_pipe 'while read -r d; do [ -e "$d" ] && echo left || echo gone; done' -k --wd ... pwd ::: a b
    compat_pipe 'while read -r d; do [ "$d" = "$PWD" ] && echo start || echo other; done' -k --wd ... 'echo "$OLDPWD"' ::: a
    compat_pipe 'while read -r d; do [ "$d" = "$PWD" ] && echo start || echo other; done' -k --wd sub 'echo "$OLDPWD"' ::: a
    compat -k --wd ... 'touch x; ls -A; exit 2' ::: a b
}

# says ARGS...: compat on what the run prints on stderr (its stdout dropped), GNU parallel's
# "parallel: " prefix read as lanes' "lanes: "; with $KEEP, only the lines that match it.
says() {
    local name
    for name in parallel lanes; do
        printf '#!/bin/bash\n"%s" "$@" 2>&1 >/dev/null | sed "s/^parallel: /lanes: /" | grep -E %q\nexit ${PIPESTATUS[0]}\n' \
            "$WRAP/$name" "${KEEP:-.?}" >"$WRAP/says.$name"
        chmod +x "$WRAP/says.$name"
    done
    COMPAT_PARALLEL=$WRAP/says.parallel LANES=$WRAP/says.lanes compat "$@"
}

@test "compat: what --halt says when it counts a job, and when soon stops starting jobs" {
    compat -j1 --halt now,fail=1 'echo {#};exit {}' ::: 0 1 0
    says -j1 --halt now,fail=1 'echo {#};exit {}' ::: 0 1 0
    says -j1 --halt soon,fail=1 'echo {#};exit {}' ::: 1 0 1
    says -j1 --halt soon,fail=2 'exit {}' ::: 0 3 0 4 5
    says -j1 --halt now,success=1 'exit {}' ::: 2 0 1
    says -j1 --halt now,done=2 'exit {}' ::: 2 0 1
    says -j1 --halt now,fail=30% 'exit {}' ::: 1 0 0 0 0 0 0 2 3 4 5
    says -j1 --halt 2 'exit {}' ::: 0 1 2
}

@test "compat: \$Global::total_completed, counted from the job log with --resume" {
    local cmd='echo {= $_=$Global::total_completed =};exit {}'
    # the same program again ($0, the wrapper), with --resume, once the first run ended
    compat_post "COMPAT_POST= \"\$0\" -j1 --joblog jl --resume $(printf %q "$cmd") ::: 0 0 0 1 0 0" \
        -j1 --joblog jl --halt now,fail=1 "$cmd" ::: 0 0 0 1 0 0
}

@test "compat: the head of --eta's report: the computers, their cores and job slots" {
    KEEP='^(Computers|1:local)' says --eta echo ::: a b
    KEEP='^(Computers|1:local)' says -X --eta -j2 echo ::: a b
    KEEP='^(Computers|1:local)' says --eta echo </dev/null
}
