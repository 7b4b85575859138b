/* fuzz_quote: quote_append must give a shell word that sh turns back into the exact value.
 * One long-lived sh (started once, with an empty environment, in the harness's temp dir)
 * gets `printf %s WORD; printf '\0'` per input, and what it prints up to the NUL must be
 * the value. A shell cannot carry NUL bytes, so the value is the input with them dropped. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "harness.h"
#include "quote.h"

static FILE *to_sh;
static int from_sh = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    int in[2], out[2];
    static char sh[] = "sh", path[] = "PATH=/nonexistent", lc[] = "LC_ALL=C";
    char *args[] = {sh, NULL}, *env[] = {path, lc, NULL};

    (void)argc;
    (void)argv;
    if (pipe(in) != 0 || pipe(out) != 0)
        abort();
    /* A broken quote must not leave files anywhere but the temp dir. */
    const char *dir = harness_dir();
    pid_t pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || chdir(dir) != 0)
            _exit(127);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execve("/bin/sh", args, env);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_sh = fdopen(in[1], "w");
    from_sh = out[0];
    if (to_sh == NULL)
        abort();
    /* When the fuzzer ends, sh reads EOF and ends too. */
    return 0;
}

/* What sh printed up to the NUL; a quote left open makes it wait for more, so a slow answer
 * is a failure too. */
static void sh_read(struct buf *got)
{
    for (;;) {
        struct pollfd p = {.fd = from_sh, .events = POLLIN};
        int ready;
        /* libFuzzer's SIGALRM (its -timeout check) cuts a poll short every second. */
        while ((ready = poll(&p, 1, 30000)) < 0 && errno == EINTR)
            continue;
        if (ready != 1) { /* 30 s: a loaded machine is slow, a lost quote is forever */
            fprintf(stderr, "fuzz_quote: sh gave no answer: a quote left open?\n");
            abort();
        }
        char chunk[4096];
        ssize_t n = read(from_sh, chunk, sizeof chunk);
        if (n <= 0) {
            fprintf(stderr, "fuzz_quote: sh ended: a syntax error?\n");
            abort();
        }
        buf_append(got, chunk, (size_t)n);
        if (chunk[n - 1] == '\0') {
            got->len--;
            return;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf val = {0}, word = {0}, got = {0};

    for (size_t i = 0; i < size; i++) {
        if (data[i] != '\0')
            buf_addc(&val, (char)data[i]);
    }
    quote_append(&word, val.data ? val.data : "", val.len);
    fputs("printf %s ", to_sh);
    fwrite(word.data, 1, word.len, to_sh);
    fputs("; printf '\\0'\n", to_sh);
    fflush(to_sh);
    sh_read(&got);
    if (got.len != val.len ||
        memcmp(got.data ? got.data : "", val.data ? val.data : "", val.len) != 0) {
        fprintf(stderr, "fuzz_quote: sh gave back %zu bytes for %zu; the word: %.*s\n", got.len,
                val.len, (int)word.len, word.data);
        abort();
    }
    buf_free(&val);
    buf_free(&word);
    buf_free(&got);
    return 0;
}
