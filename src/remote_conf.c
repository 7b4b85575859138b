/* remote_conf: the options of remote jobs, checked once the whole command line is read:
 * --env names (or _, the environment --record-env did not record), files to move only with a
 * host to move them to, -S's @group filters. */
#include "remote_parts.h"

#include <stdlib.h>
#include <string.h>

#include "envrec.h"
#include "optval.h"

int remote_env_name_ok(const char *s)
{
    if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

int remote_conf_check(struct remote_conf *c)
{
    for (size_t i = 0; i < c->nenv; i++) {
        if (strcmp(c->env[i], "_") == 0 && c->env_all == NULL) {
            if (envrec_names(&c->env_all, &c->nenv_all) != 0)
                return -1;
        } else if (!remote_env_name_ok(c->env[i])) {
            return optval_fail("--env takes variable names (or _), not '%s'", c->env[i]);
        }
    }
    if (c->logins.n == 0 && (c->nret || c->ntransfer || c->nbase))
        return optval_fail("%s needs a remote host: give -S/--sshlogin or --sshloginfile",
                           c->nret        ? "--return"
                           : c->ntransfer ? "--transferfile"
                                          : "--basefile");
    if (c->ssh && *c->ssh == '\0')
        return optval_fail("--ssh takes a command, not ''");
    sshlogins_keep_only(&c->logins);
    if (c->logins.nonly > 0 && c->logins.n == 0)
        return optval_fail("-S/--sshlogin '@%s': no host is in that group", c->logins.only[0]);
    return 0;
}

void remote_conf_free(struct remote_conf *c)
{
    sshlogins_free(&c->logins);
    free(c->slf);
    free(c->env);
    for (size_t i = 0; i < c->nenv_all; i++)
        free(c->env_all[i]);
    free(c->env_all);
    free(c->transfer);
    free(c->ret);
    free(c->base);
}
