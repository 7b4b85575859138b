/* crew: the live jobs in an array that doubles (a slot costs nothing until used), and every
 * owned job on the list job_own keeps through the jobs themselves. */
#include "crew.h"

#include <signal.h>
#include <stdlib.h>

#include "util.h"

struct job *crew_adopt(struct crew *c, struct job *j)
{
    job_own(&c->owned, j);
    return j;
}

void crew_release(struct crew *c, struct job *j)
{
    job_disown(&c->owned, j);
    job_free(j);
}

void crew_start(struct crew *c, struct job *j)
{
    if (c->nlive == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->live = xreallocarray(c->live, c->cap, sizeof *c->live);
    }
    c->live[c->nlive++] = j;
}

void crew_leave(struct crew *c, const struct job *j)
{
    for (size_t i = 0; i < c->nlive; i++) {
        if (c->live[i] == j) {
            c->live[i] = c->live[--c->nlive];
            return;
        }
    }
}

void crew_list(const struct crew *c, FILE *f)
{
    for (size_t i = 0; i < c->nlive; i++)
        if (!c->live[i]->reaped)
            fprintf(f, "lanes: running: job %lu (pid %ld): %s\n", c->live[i]->seq,
                    (long)c->live[i]->pid, c->live[i]->cmd);
}

void crew_signal(const struct crew *c, int sig)
{
    for (size_t i = 0; i < c->nlive; i++)
        if (!c->live[i]->reaped && c->live[i]->pid > 0)
            kill(-c->live[i]->pid, sig);
}

void crew_free(struct crew *c)
{
    while (c->owned)
        crew_release(c, c->owned);
    free(c->live);
    *c = (struct crew){0};
}
