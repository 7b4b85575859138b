/* lanes: run a command once per input item, many at a time, each job's output whole. */
#include <locale.h>

#include "onall.h"
#include "opts.h"
#include "sched.h"
#include "sem.h"
#include "setup.h"
#include "util.h"

int main(int argc, char **argv)
{
    struct opts o;

    util_guard_stdio();
    int status = opts_parse(&o, argc, argv);
    if (status == OPTS_INFO)
        status = opts_info(&o);
    else if (status == 0 && o.sem.on)
        status = sem_run(&o.sem, argc - o.given.cmd, argv + o.given.cmd);
    else if (status == 0 && o.remote.onall) /* --onall, --nonall: lanes again, a run a host */
        status = onall_run(&o);
    else if (status == 0 && (status = setup_run(&o)) == 0)
        status = sched_run(&o);
    opts_free(&o);
    return status;
}
