#!/usr/bin/env bats
# input: where arguments come from and how they are split: stdin lines, ::: lists, :::: and
# -a files, `-` for stdin, -0/--null and -d/--delimiter, odd bytes and long lines, errors on
# files that cannot be read, and streaming (jobs start before the input ends).

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    make_args
}

# make_producer [FIFO]: ./producer, which writes one line (into FIFO when given), then waits
# (bounded) for the file the first job creates; it then says whether the job had started.
make_producer() {
    {
        echo '#!/bin/sh'
        [ -z "${1:-}" ] || echo "exec >$1"
        cat <<'EOF'
echo first
i=0
while [ ! -e started ] && [ "$i" -lt 200 ]; do
    sleep 0.05
    i=$((i + 1))
done
if [ -e started ]; then echo streamed; else echo buffered; fi
EOF
    } >producer
    chmod +x producer
}

# ---------------------------------------------------------------- stdin

@test "stdin: one job per line" {
    run lanes -k echo <<<$'a\nb\nc'
    assert_success
    assert_output $'a\nb\nc'
}

@test "stdin: a line with spaces is one argument" {
    run lanes -k ./args <<<$'a b  c\nd'
    assert_success
    assert_output $'[a b  c] n=1\n[d] n=1'
}

@test "empty input: no job, no output, exit 0" {
    run --separate-stderr lanes -k touch ran </dev/null
    assert_success
    assert_output ""
    assert_equal "$stderr" ""
    [ -z "$(ls | grep ran)" ] || fail "a job ran"
}

@test "a bare ::: at the end is dropped: the input is stdin, as in GNU parallel" {
    run --separate-stderr lanes touch ran ::: </dev/null
    assert_success
    assert_output ""
    [ -z "$(ls | grep ran)" ]
    run --separate-stderr lanes -k echo ::: < <(printf 'x\ny\n')
    assert_success
    assert_output $'x\ny'
    run --separate-stderr lanes -k echo :::+ < <(printf 'x\n')
    assert_output x
    run --separate-stderr lanes -k -a - echo ::: < <(printf 'x\n')
    assert_output x
}

@test "a bare ::: after another source is an empty source" {
    run --separate-stderr lanes -k echo ::: a b ::: </dev/null
    assert_success
    assert_output $'a \nb '
    run --separate-stderr lanes -k echo ::: ::: </dev/null
    assert_success
    assert_output ''
}

@test "empty :::: file: no job, exit 0" {
    : >empty
    run --separate-stderr lanes touch ran :::: empty
    assert_success
    assert_output ""
    [ -z "$(ls | grep ran)" ]
}

@test "no trailing newline: the last line is still an item" {
    run lanes -k ./args < <(printf 'a\nb')
    assert_success
    assert_output $'[a] n=1\n[b] n=1'
}

@test "blank lines are empty arguments" {
    run lanes -k ./args < <(printf 'a\n\nb\n\n')
    assert_success
    assert_output $'[a] n=1\n[] n=1\n[b] n=1\n[] n=1'
}

@test "a lone newline is one empty argument" {
    run lanes -k ./args < <(printf '\n')
    assert_success
    assert_output '[] n=1'
}

@test "CRLF: the carriage return stays in the argument" {
    printf 'a\r\nb\r\n' | lanes -k ./args >out
    printf '[a\r] n=1\n[b\r] n=1\n' >want
    cmp want out
}

@test "NUL bytes inside a line do not crash lanes" {
    run --separate-stderr lanes -k ./args < <(printf 'a\0b\nc\n')
    assert_success
    assert_equal "${#lines[@]}" 2
    assert_line --index 0 --regexp '^\[a'
    assert_line --index 1 '[c] n=1'
}

@test "a line of only NUL bytes does not crash lanes; the next line runs" {
    run --separate-stderr lanes -k ./args < <(printf '\0\0\0\nx\n')
    assert_success
    assert_line --index 1 '[x] n=1'
}

@test "invalid UTF-8 passes through as bytes" {
    printf 'a\377\376b\n' | lanes -k ./args >out
    printf '[a\377\376b] n=1\n' >want
    cmp want out
}

@test "a 100 kB line reaches the job byte for byte" {
    head -c 100000 /dev/zero | tr '\0' x >line
    echo >>line
    run lanes -k 'printf %s {} | md5sum' <line
    assert_success
    assert_output "$(head -c 100000 line | md5sum)"
}

@test "a 1 MB line is read whole (--dry-run prints it)" {
    { head -c 1000000 /dev/zero | tr '\0' a; printf '\nshort\n'; } >big
    lanes --dry-run echo <big >out
    [ "$(wc -l <out)" -eq 2 ]
    [ "$(head -1 out | wc -c)" -eq 1000006 ] # "echo " + 1,000,000 + newline
    [ "$(head -1 out | tr -d a)" = "echo " ]
    [ "$(tail -1 out)" = "echo short" ]
}

@test "a 1 MB line is one record ({#} counts two jobs)" {
    { head -c 1000000 /dev/zero | tr '\0' a; printf '\nshort\n'; } >big
    run lanes -k echo {#} <big
    assert_success
    assert_output $'1\n2'
}

@test "a 1 MB line as an argument: that job fails with a message, the next runs" {
    { head -c 1000000 /dev/zero | tr '\0' a; printf '\nshort\n'; } >big
    run --separate-stderr lanes -k echo <big
    assert_equal "$status" 1
    assert_output "short"
    [ -n "$stderr" ] || fail "no message for the job that could not run"
}

@test "10000 lines with -k come out in input order" {
    seq 10000 | lanes -k echo >out
    [ "$(md5sum <out)" = "$(seq 10000 | md5sum)" ]
}

# ---------------------------------------------------------------- ::: and :::: and -a

@test "::: list: one job per word" {
    run lanes -k echo ::: a b c
    assert_success
    assert_output $'a\nb\nc'
}

@test "::: list: an empty word is an empty argument" {
    run lanes -k ./args ::: a '' b
    assert_success
    assert_output $'[a] n=1\n[] n=1\n[b] n=1'
}

@test "::: list: a word with spaces and a newline stays one argument" {
    run lanes -k ./args ::: 'a b' $'c\nd'
    assert_success
    assert_output $'[a b] n=1\n[c\nd] n=1'
}

@test "::: list ignores stdin" {
    run lanes -k echo ::: a <<<"fromstdin"
    assert_success
    assert_output "a"
}

@test ":::: file: one job per line" {
    printf '%s\n' one 'two 2' three >in
    run lanes -k ./args :::: in
    assert_success
    assert_output $'[one] n=1\n[two 2] n=1\n[three] n=1'
}

@test ":::: file ignores stdin" {
    printf '%s\n' fromfile >in
    run lanes -k echo :::: in <<<"fromstdin"
    assert_success
    assert_output "fromfile"
}

@test ":::: file given by absolute path" {
    printf '%s\n' x y >in
    run lanes -k echo :::: "$PWD/in"
    assert_success
    assert_output $'x\ny'
}

@test ":::: process substitution" {
    run lanes -k echo :::: <(printf '%s\n' p q)
    assert_success
    assert_output $'p\nq'
}

@test "-a file" {
    printf '%s\n' x y >in
    run lanes -k -a in echo got
    assert_success
    assert_output $'got x\ngot y'
}

@test "--arg-file file" {
    printf '%s\n' x y >in
    run lanes -k --arg-file in echo got
    assert_success
    assert_output $'got x\ngot y'
}

@test "--arg-file=file" {
    printf '%s\n' x y >in
    run lanes -k --arg-file=in echo got
    assert_success
    assert_output $'got x\ngot y'
}

@test "-a file ignores stdin" {
    printf '%s\n' fromfile >in
    run lanes -k -a in echo <<<"fromstdin"
    assert_success
    assert_output "fromfile"
}

@test ":::: - reads stdin" {
    run lanes -k echo :::: - <<<$'s1\ns2'
    assert_success
    assert_output $'s1\ns2'
}

@test "-a - reads stdin" {
    run lanes -k -a - echo <<<$'s1\ns2'
    assert_success
    assert_output $'s1\ns2'
}

# ---------------------------------------------------------------- separators

@test "-0: items end with NUL; newlines and spaces stay in the item" {
    run lanes -k -0 ./args < <(printf 'a b\0c\nd\0')
    assert_success
    assert_output $'[a b] n=1\n[c\nd] n=1'
}

@test "--null is -0" {
    run lanes -k --null ./args < <(printf 'x\0y\0')
    assert_success
    assert_output $'[x] n=1\n[y] n=1'
}

@test "-0: no trailing NUL, the last item still counts" {
    run lanes -k -0 ./args < <(printf 'x\0y')
    assert_success
    assert_output $'[x] n=1\n[y] n=1'
}

@test "-0: empty items between NULs are empty arguments" {
    run lanes -k -0 ./args < <(printf 'a\0\0b\0')
    assert_success
    assert_output $'[a] n=1\n[] n=1\n[b] n=1'
}

@test "-0 with a :::: file" {
    printf 'f 1\0f\n2\0' >in
    run lanes -k -0 ./args :::: in
    assert_success
    assert_output $'[f 1] n=1\n[f\n2] n=1'
}

@test "-d '\\n' is the default splitting" {
    run lanes -k -d '\n' ./args < <(printf 'a b\nc\n')
    assert_success
    assert_output $'[a b] n=1\n[c] n=1'
}

@test "-d '\\t' splits on tabs and keeps newlines" {
    run lanes -k -d '\t' ./args < <(printf 'a\tb\nc\t')
    assert_success
    assert_output $'[a] n=1\n[b\nc] n=1'
}

@test "-d '\\0' is -0" {
    run lanes -k -d '\0' ./args < <(printf 'a b\0c\nd\0')
    assert_success
    assert_output $'[a b] n=1\n[c\nd] n=1'
}

@test "-d , splits on a plain character; a final newline stays in the last item" {
    printf 'a,b c,d\n' | lanes -k -d , ./args >out
    printf '[a] n=1\n[b c] n=1\n[d\n] n=1\n' >want
    cmp want out
}

@test "--delimiter=: and --delimiter :" {
    run lanes -k --delimiter=: echo < <(printf 'x:y:')
    assert_success
    assert_output $'x\ny'
    run lanes -k --delimiter : echo < <(printf 'x:y:')
    assert_success
    assert_output $'x\ny'
}

@test "-d with two characters splits on the string (as GNU parallel)" {
    run lanes -k -d ab echo < <(printf '1ab2ab3')
    assert_success
    assert_output "$(printf '1\n2\n3')"
}

@test "-d '': exit 255 with a message naming -d" {
    run --separate-stderr lanes -d '' echo ::: x
    assert_equal "$status" 255
    assert_output ""
    stderr_has "-d"
}

@test "-d with an unknown escape keeps the backslash (as GNU parallel)" {
    run lanes -k -d '\q' echo < <(printf 'a\\qb')
    assert_success
    assert_output "$(printf 'a\nb')"
}

@test "-d with an octal escape past one byte: exit 255 naming -d and the escape" {
    run --separate-stderr lanes -d 'x\400' echo ::: x
    assert_equal "$status" 255
    assert_output ""
    stderr_has "-d/--delimiter"
    stderr_has "'\\400'"
}

# ---------------------------------------------------------------- files that cannot be read

@test "missing :::: file: exit 255 naming the file, no job" {
    run --separate-stderr lanes touch ran :::: no-such-file
    assert_equal "$status" 255
    assert_output ""
    stderr_has "no-such-file"
    [ -z "$(ls | grep ran)" ]
}

@test "missing -a file: exit 255 naming the file" {
    run --separate-stderr lanes -a no-such-file echo
    assert_equal "$status" 255
    assert_output ""
    stderr_has "no-such-file"
}

@test "a directory as :::: file: exit 255 naming it" {
    mkdir adir
    run --separate-stderr lanes echo :::: adir
    assert_equal "$status" 255
    assert_output ""
    stderr_has "adir"
}

@test "unreadable :::: file: exit 255 naming the file" {
    echo secret >unreadable
    chmod 000 unreadable
    if [ "$(id -u)" -eq 0 ]; then
        command -v setpriv >/dev/null || skip "root, and no setpriv to drop privileges"
        run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
            "$LANES" echo :::: "$PWD/unreadable"
    else
        run --separate-stderr lanes echo :::: unreadable
    fi
    assert_equal "$status" 255
    assert_output ""
    stderr_has "unreadable"
}

# ---------------------------------------------------------------- streaming

@test "input that arrives late is still read" {
    # The second line comes only once the first job has run (bounded wait): a lanes that read
    # all its input before it started a job would get 'no-job-yet' as the second value.
    run lanes -k 'touch ran.{}; echo {}' < <(
        echo 1
        i=0
        while [ ! -e ran.1 ] && [ "$i" -lt 400 ]; do
            sleep 0.05
            i=$((i + 1))
        done
        if [ -e ran.1 ]; then echo 2; else echo no-job-yet; fi
    )
    assert_success
    assert_output $'1\n2'
}

@test "the first job starts before the input ends" {
    make_producer
    run bash -c './producer | lanes -k "touch started; echo {}"'
    assert_success
    assert_output $'first\nstreamed'
}

@test "the first job starts before a :::: file (a fifo) ends" {
    mkfifo fifo
    make_producer fifo
    ./producer &
    local producer=$!
    run lanes -k "touch started; echo {}" :::: fifo
    # The producer blocks opening the fifo until a reader comes: never wait on it forever.
    local i=0
    while kill -0 "$producer" 2>/dev/null && [ "$i" -lt 300 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    kill "$producer" 2>/dev/null || :
    wait "$producer" || :
    assert_success
    assert_output $'first\nstreamed'
}

@test "arguments read from a terminal: a warning on the terminal, as GNU parallel gives" {
    command -v python3 >/dev/null || skip "python3 is needed to run lanes on a pty"
    # stdin and stderr on a pty: "a", then Ctrl-D. stdout stays a pipe.
    run python3 -c '
import os, select, subprocess, sys, time
m, s = os.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=s, stderr=s, stdout=subprocess.PIPE)
os.close(s)
os.write(m, b"a\n")
time.sleep(0.3)
os.write(m, b"\x04")
out = p.stdout.read()
p.wait()
err = b""
while select.select([m], [], [], 0.5)[0]:
    try:
        d = os.read(m, 4096)
    except OSError:
        break
    if not d:
        break
    err += d
print("out=" + out.decode().strip())
print("warned" if b"terminal" in err else "silent")
' "$LANES" echo
    assert_success
    assert_line "out=a"
    assert_line warned
}

@test "arguments from a pipe or :::: give no terminal warning" {
    run --separate-stderr lanes echo <<<"a"
    assert_success
    assert_equal "$stderr" ""
}

@test "CR-NL input: a warning after the first three values, none with -d or when one differs" {
    printf 'b\r\nc\r\nd\r\ne\r\n' >dos
    run --separate-stderr lanes -k echo {}a :::: dos
    assert_success
    assert_equal "${#lines[@]}" 4
    [[ $stderr == *CR-NL* ]] || fail "no warning: $stderr"
    run --separate-stderr lanes -k -d '\r\n' echo {}a :::: dos
    assert_output $'ba\nca\nda\nea'
    assert_equal "$stderr" ""
    printf 'b\r\nc\nd\r\ne\r\n' >mixed
    run --separate-stderr lanes -k echo {}a :::: mixed
    assert_equal "$stderr" ""
    run --separate-stderr lanes -k echo {}a ::: $'b\r' $'c\r' $'d\r'
    assert_equal "$stderr" ""
}
