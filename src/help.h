/* help: the text of lanes --help. */
#ifndef LANES_HELP_H
#define LANES_HELP_H

#include <stdio.h>

/* Print the --help text to f. */
void help_print(FILE *f);

#endif
