/* lanes: run a command once per input item, many at a time, each job's output whole. */
#include <locale.h>

#include "onall.h"
#include "opts.h"
#include "profile.h"
#include "sched.h"
#include "sem.h"
#include "setup.h"
#include "timeline.h"
#include "util.h"

int main(int argc, char **argv)
{
    struct opts o;
    struct profile p;

    util_guard_stdio();
    if (profile_read(&p, argc, argv) != 0) { /* $PARALLEL, -J and the config files */
        profile_free(&p);
        return LANES_EXIT_ERROR;
    }
    int status = opts_parse(&o, p.argc, p.argv);
    if (status == OPTS_INFO)
        status = opts_info(&o);
    else if (status == 0 && o.timeline_from) /* a picture of an earlier run */
        status = timeline_from_joblog(o.timeline, o.timeline_from);
    else if (status == 0 && o.sem.on)
        status = sem_run(&o.sem, p.argc - o.given.cmd, p.argv + o.given.cmd);
    else if (status == 0 && o.remote.onall) /* --onall, --nonall: lanes again, a run a host */
        status = onall_run(&o);
    else if (status == 0 && (status = setup_run(&o)) == 0)
        status = sched_run(&o);
    opts_free(&o);
    profile_free(&p);
    return status;
}
