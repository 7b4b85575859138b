#!/usr/bin/env bats
# --plus replacement strings: every row of plus_cases.tsv (word, input, what GNU parallel
# 20221122 prints for `parallel --plus -k echo WORD ::: INPUT`) must come out the same.

load test_helper

@test "--plus: every case in plus_cases.tsv matches GNU parallel's output" {
    local fails=0 n=0 line word input expected got
    while IFS= read -r line; do
        [[ $line == \#* || -z $line ]] && continue
        word=${line%%$'\t'*}
        line=${line#*$'\t'}
        input=${line%%$'\t'*}
        expected=${line#*$'\t'}
        got=$(lanes --plus -k echo "$word" ::: "$input" 2>&1)
        n=$((n + 1))
        if [ "$got" != "$expected" ]; then
            fails=$((fails + 1))
            echo "word=[$word] input=[$input] expected=[$expected] got=[$got]"
        fi
    done <"$BATS_TEST_DIRNAME/plus_cases.tsv"
    [ "$n" -gt 300 ]
    [ "$fails" -eq 0 ]
}

@test "--plus: {slot} is {%} and {0%} pads it to the width of the job count" {
    run lanes --plus -j10 -k echo '{slot}-{0%}' ::: a
    assert_success
    assert_output "1-01"
}

@test "--plus: a regex PCRE2 cannot compile is a usage error naming the string" {
    run lanes --plus echo '{/a(/b}' ::: x
    assert_failure 255
    assert_output --partial "{/a(/b}"
}

@test "--plus forms are plain text without --plus" {
    run lanes -k echo '{..}' ::: a.b.c
    assert_success
    assert_output "{..} a.b.c"
}

@test "--plus: {##} is the number of jobs and {0#} the job number padded to its width" {
    run lanes --plus -k echo '{##}' '{0#}' ::: $(seq 10)
    assert_success
    assert_line --index 0 "10 01"
    assert_line --index 9 "10 10"
}

@test "--plus: {##} counts jobs, not items, with -N" {
    run lanes --plus -k -N3 echo '{##}' ::: $(seq 10)
    assert_success
    assert_output "$(printf '4\n4\n4\n4')"
}
