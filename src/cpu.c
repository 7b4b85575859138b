/* cpu: processor counts. Threads come from sysconf; cores and sockets from Linux's sysfs
 * topology, falling back to the thread count (or one socket) elsewhere. */
#include "cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

long cpu_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 0 ? n : 1;
}

static long cpu_read_topology(long cpu, const char *what)
{
    char path[128];
    long v = -1;

    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%ld/topology/%s", cpu, what);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld", &v) != 1)
        v = -1;
    fclose(f);
    return v;
}

/* Count distinct (package, core) pairs, or distinct packages when by_core is 0. */
static long cpu_count_distinct(int by_core)
{
    long n = sysconf(_SC_NPROCESSORS_CONF), found = 0;
    long(*seen)[2] = xcalloc(n > 0 ? (size_t)n : 1, sizeof *seen);

    for (long cpu = 0; cpu < n; cpu++) {
        long pkg = cpu_read_topology(cpu, "physical_package_id");
        long core = by_core ? cpu_read_topology(cpu, "core_id") : 0;
        if (pkg < 0 || core < 0)
            continue;
        long i = 0;
        while (i < found && !(seen[i][0] == pkg && seen[i][1] == core))
            i++;
        if (i == found) {
            seen[found][0] = pkg;
            seen[found][1] = core;
            found++;
        }
    }
    free(seen);
    return found;
}

long cpu_cores(void)
{
    long n = cpu_count_distinct(1);

    return n > 0 ? n : cpu_threads();
}

long cpu_sockets(void)
{
    long n = cpu_count_distinct(0);

    return n > 0 ? n : 1;
}
