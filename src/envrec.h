/* envrec: the environment a clean shell has, recorded once (--record-env) in
 * $PARALLEL_HOME/ignored_vars (~/.parallel/ignored_vars), and what --env _ carries to remote
 * jobs: every variable set now that the record does not name, as GNU parallel does. */
#ifndef LANES_ENVREC_H
#define LANES_ENVREC_H

#include <stddef.h>

/* --record-env: the names of the environment's variables, a line each, into ignored_vars
 * (its directory made when missing). Returns the exit status: 0, or 255 after a message. */
int envrec_record(void);

/* --env _: the names of the environment's variables that ignored_vars does not name,
 * malloc'd, into *names (*n of them). Returns 0, or -1 after a usage message when there is
 * no record to read. */
int envrec_names(char ***names, size_t *n);

#endif
