/* fuzz_opts: libFuzzer harness for option parsing. The input, split at NUL bytes, is the
 * argument list after "lanes"; opts_parse reads it and opts_free frees it. setup_run is
 * never called: it opens files and reads stdin. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opts.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Usage errors are the common case: their messages would drown libFuzzer's own output. The
 * flag -close_fd_mask=2 (put first, so that one given on the command line still wins) has
 * libFuzzer send fd 2 to /dev/null once it has a copy of it for its own reports and the
 * sanitizers'. Without that copy a crash would go unreported. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static char flag[] = "-close_fd_mask=2";
    char **args = calloc((size_t)*argc + 2, sizeof *args);

    if (args == NULL) { /* (no copy to make: silence fd 2 directly) */
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0 && dup2(fd, STDERR_FILENO) >= 0)
            close(fd);
        return 0;
    }
    args[0] = (*argv)[0];
    args[1] = flag;
    memcpy(args + 2, *argv + 1, (size_t)(*argc - 1) * sizeof *args);
    *argv = args; /* (libFuzzer reads it to the end of the run: never freed) */
    *argc += 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy with a NUL at its end, so that the last word is a string too. */
    char *text = malloc(size + 1);
    size_t words = 1;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (size_t i = 0; i < size; i++)
        words += text[i] == '\0';
    char **argv = calloc(words + 2, sizeof *argv);
    if (argv == NULL) {
        free(text);
        return 0;
    }
    static char name[] = "lanes";
    argv[0] = name;
    for (size_t i = 0, w = 1; w <= words; w++) {
        argv[w] = text + i;
        i += strlen(text + i) + 1;
    }
    /* No words at all is "lanes" alone. */
    int argc = size == 0 ? 1 : (int)words + 1;
    struct opts o;
    (void)opts_parse(&o, argc, argv);
    opts_free(&o);
    free(argv);
    free(text);
    return 0;
}
