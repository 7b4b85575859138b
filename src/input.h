/* input: where job arguments come from: stdin lines, ::: lists, :::: and -a files. */
#ifndef LANES_INPUT_H
#define LANES_INPUT_H

#include "rec.h"

struct input;

struct input *input_new(void);
void input_free(struct input *in);

/* A ::: list; the strings must outlive the input. */
void input_add_args(struct input *in, char **args, int n);
/* A :::: or -a file; "-" is stdin. Exits 255 with the file named when it cannot be opened. */
void input_add_file(struct input *in, const char *path);
/* With no source added, input comes from stdin. */
void input_default_stdin(struct input *in);
/* Record separator of files (default newline). */
void input_set_delim(struct input *in, char delim);

enum input_status { INPUT_END, INPUT_REC, INPUT_WAIT };

/* The next record into *r, valid until the next call. With may_block 0, returns INPUT_WAIT
 * instead of blocking; poll input_fd() for reading, then call input_read(). */
enum input_status input_next(struct input *in, struct rec *r, int may_block);
int input_fd(const struct input *in);
/* One read(2) of the source that returned INPUT_WAIT. */
void input_read(struct input *in);

#endif
