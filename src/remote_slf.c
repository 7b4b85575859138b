/* remote_slf: the --sshloginfile files read again when they change during a run, as GNU
 * parallel reads them: hosts added come into the pool, hosts removed get no more jobs, and a
 * host whose line changed takes its new groups and slot count. */
#include "remote_parts.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "opts.h"
#include "pool.h"
#include "util.h"

/* Whether --slf file i changed since it was last looked at. */
static int remote_slf_changed(struct remote *r, size_t i)
{
    struct stat st;
    char *path = sshlogin_file_path(r->c->slf[i]);
    int rc = stat(path, &st);

    free(path);
    if (rc != 0 || (st.st_mtim.tv_sec == r->slf_mtime[i].tv_sec &&
                    st.st_mtim.tv_nsec == r->slf_mtime[i].tv_nsec))
        return 0;
    r->slf_mtime[i] = st.st_mtim;
    return 1;
}

void remote_slf_note(struct remote *r)
{
    for (size_t i = 0; i < r->c->nslf; i++)
        (void)remote_slf_changed(r, i);
}

/* The host of the run (of the first n) that login l names, whatever its groups and slots. */
static struct remote_host *remote_find_text(struct remote *r, const struct sshlogin *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!r->h[i].gone && strcmp(r->h[i].login.text, l->text) == 0)
            return &r->h[i];
    return NULL;
}

/* Host h's line in a --slf file changed: it takes its new groups and slot count, as in GNU
 * parallel (its connection stays). */
static void remote_update(struct remote *r, struct remote_host *h, const struct sshlogin *l)
{
    free(h->login.groups);
    h->login.groups = l->groups ? xstrdup(l->groups) : NULL;
    if (h->login.slots == l->slots || h->lane < 0)
        return;
    h->login.slots = l->slots;
    h->slots = l->slots ? l->slots : h->login.local ? r->o->jobs : remote_jobs(r->o, h->cpus);
    if (h->retry_at == 0) /* (a paused host gets them back when it answers) */
        pool_host_resize(r->pool, h->lane, h->slots);
}

/* The logins the run has now: -S's, and what the --slf files hold today. Returns -1 when a
 * file cannot be read or holds a bad login (the run keeps the hosts it has). */
static int remote_logins_now(const struct remote *r, struct sshlogins *now)
{
    const struct sshlogins *given = &r->c->logins;

    for (size_t i = 0; i < given->n; i++) {
        if (given->v[i].from_file)
            continue;
        now->v = xreallocarray(now->v, now->n + 1, sizeof *now->v);
        sshlogin_copy(&now->v[now->n++], &given->v[i]);
    }
    for (size_t i = 0; i < given->nonly; i++) {
        now->only = xreallocarray(now->only, now->nonly + 1, sizeof *now->only);
        now->only[now->nonly++] = xstrdup(given->only[i]);
    }
    for (size_t i = 0; i < r->c->nslf; i++)
        if (strcmp(r->c->slf[i], "-") != 0 && sshlogin_add_file(now, r->c->slf[i], 1) != 0)
            return -1;
    sshlogins_keep_only(now);
    return 0;
}

void remote_slf_check(struct remote *r)
{
    int changed = 0;

    if (r->c->nslf == 0)
        return;
    for (size_t i = 0; i < r->c->nslf; i++)
        changed |= remote_slf_changed(r, i);
    struct sshlogins now = {0};
    if (!changed || remote_logins_now(r, &now) != 0) {
        sshlogins_free(&now);
        return;
    }
    for (size_t i = 0; i < r->n; i++) { /* gone from the files: no new jobs there */
        int keep = 0;
        for (size_t k = 0; k < now.n && !keep; k++)
            keep = strcmp(r->h[i].login.text, now.v[k].text) == 0;
        if (!keep && !r->h[i].gone) {
            r->h[i].gone = 1;
            pool_host_resize(r->pool, r->h[i].lane, 0);
        }
    }
    size_t from = r->n;
    for (size_t k = 0; k < now.n; k++) {
        struct remote_host *h = remote_find_text(r, &now.v[k], from);
        if (h)
            remote_update(r, h, &now.v[k]);
        else
            remote_host_push(r, &now.v[k]);
    }
    sshlogins_free(&now);
    remote_add_hosts(r, from);
    remote_probe(r, from);
}
