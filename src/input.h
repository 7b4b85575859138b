/* input: where job arguments come from: stdin lines, ::: lists, :::: and -a files, and
 * how several sources combine (cartesian product, or linked side by side). */
#ifndef LANES_INPUT_H
#define LANES_INPUT_H

#include "rec.h"

struct input;

struct input_conf {
    const char *delim; /* record separator of files ("\n" when NULL) */
    size_t delim_len;
    const char *eof;    /* -E: a value equal to it ends its source */
    int skip_empty;     /* -r: values of only blanks are skipped */
    int skip_first;     /* --skip-first-line */
    int link_all;       /* --link: every source side by side, shorter ones wrap */
    int shuffle;        /* --shuf */
    int count;          /* read every record first, to know how many there are */
    int join_blank;     /* -L, -l: a value ending in a blank goes on with the next */
    int header;         /* --header: the first value of each source names its columns */
    int header_files;   /* --header 0: sources read from named files are named by them */
    const char *colsep; /* --colsep regex, or NULL; with csv the separator, as it is */
    int csv;            /* --csv: values are CSV records, which a quoted newline does not end */
    const char *trim;   /* --trim mode, or NULL */
};

struct input *input_new(void);
void input_free(struct input *in);
/* Settings that apply to every source; call before the first input_next. */
void input_configure(struct input *in, const struct input_conf *conf);

/* A ::: list (strings must outlive the input). */
void input_add_args(struct input *in, char **args, int n);
/* A :::: or -a file; "-" is stdin. Exits 255 with the file named when it cannot be opened. */
void input_add_file(struct input *in, const char *path);
/* Source i, counted from 0 in the order added, goes side by side with the source before it,
 * stopping at the shorter (:::+ and ::::+). */
void input_link(struct input *in, size_t i);
/* With no source added, input comes from stdin. */
void input_default_stdin(struct input *in);

/* With count set: how many records there are in all. */
unsigned long input_total(struct input *in);
/* The file descriptor source i reads (a :::: or -a file, or stdin), for --pipe. */
int input_source_fd(const struct input *in, size_t i);
/* Whether some source is stdin. */
int input_reads_stdin(const struct input *in);
/* How many input sources there are. */
size_t input_nsources(const struct input *in);

/* With --header: the column names, in field order (read from the sources on first use). With
 * --header 0: the names of the :::: and -a files, in order. */
void input_names(struct input *in, char ***names, size_t *n);

enum input_status { INPUT_END, INPUT_REC, INPUT_WAIT };

/* The next record into *r, valid until the next call. With may_block 0, returns INPUT_WAIT
 * instead of blocking; poll input_fd() for reading, then call input_read(). */
enum input_status input_next(struct input *in, struct rec *r, int may_block);
int input_fd(const struct input *in);
/* One read(2) of the source that returned INPUT_WAIT. */
void input_read(struct input *in);

#endif
