/* aside: the jobs waiting aside, a queue through the jobs' rnext (a job aside is in no other
 * queue). It is short (ASIDE_MAX) and looked through only while jobs wait in it. */
#include "aside.h"

#include "remote.h"

int aside_put(struct aside *a, struct job *j)
{
    if (j->hgrp == NULL || a->n >= ASIDE_MAX)
        return 0;
    j->rnext = NULL;
    if (a->tail)
        a->tail->rnext = j;
    else
        a->head = j;
    a->tail = j;
    a->n++;
    return 1;
}

struct job *aside_take(struct aside *a, struct remote *r, struct pool *p)
{
    struct job *prev = NULL;

    for (struct job *j = a->head; j; prev = j, j = j->rnext) {
        if (!remote_take(r, p, j))
            continue;
        if (prev)
            prev->rnext = j->rnext;
        else
            a->head = j->rnext;
        if (a->tail == j)
            a->tail = prev;
        a->n--;
        j->rnext = NULL;
        return j;
    }
    return NULL;
}

struct job *aside_pop(struct aside *a)
{
    struct job *j = a->head;

    if (j == NULL)
        return NULL;
    a->head = j->rnext;
    if (a->head == NULL)
        a->tail = NULL;
    a->n--;
    j->rnext = NULL;
    return j;
}
