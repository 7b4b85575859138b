/* partgroup: --pipe-part --group-by. The file is taken to be sorted by the key, so a part's end
 * is found as GNU parallel finds it: the keys a --block and two --blocks on are compared, and
 * the change of key is sought between them by halving, reading only the lines looked at. As
 * GNU parallel's, the search trusts the order (in a file that is not grouped, a group may be
 * cut), and a part whose line a --block on is the file's last runs to the end of the file,
 * whatever its keys. */
#ifndef LANES_PARTGROUP_H
#define LANES_PARTGROUP_H

#include <stddef.h>
#include <sys/types.h>

struct partgroup;

/* spec and colsep as --group-by and --colsep give them (colsep NULL: tabs). Exits 255 as
 * linekey_new does. */
struct partgroup *partgroup_new(const char *spec, const char *colsep);
void partgroup_free(struct partgroup *g);
/* Whether the key is a named column: the file's first line (or its header's) names them. */
int partgroup_named(const struct partgroup *g);
/* The line h[0..len) names the columns (data: it is the first line of the data, not of a
 * --header); exits 255 when the key's column is not there. */
void partgroup_names(struct partgroup *g, const char *h, size_t len, int data);
/* Where the part of file fd (name, size bytes) that starts at line start pos ends, with
 * --block bytes block: size when it is the last. Exits 255 when the file cannot be read. */
off_t partgroup_end(struct partgroup *g, int fd, const char *name, off_t size, off_t pos,
                    off_t block);

#endif
