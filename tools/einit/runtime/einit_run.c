/* einit_run (einit.h): starts, connects and supervises a solution's processes. */
#include "einit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <vigil/ipc.h>
#include <vigil/rc.h>
#include <vigil/task.h>

static void kill_all(const struct einit_solution_desc *s, const vg_pid_t *pid)
{
    for (unsigned i = 0; i < s->nents; i++)
        if (pid[i]) {
            vg_task_kill(pid[i]);
            vg_task_wait(pid[i], VG_INFINITE, 0, 0);
        }
}

/* Reports how a process ended; true if it exited with 0. */
static bool report(const char *name, int code, enum vg_task_end how)
{
    if (how == VG_TASK_EXITED)
        printf("einit: %s exited with code %d\n", name, code);
    else
        printf("einit: %s %s\n", name, how == VG_TASK_FAULTED ? "faulted" : "was killed");
    return how == VG_TASK_EXITED && code == 0;
}

static bool wait_one(const char *name, vg_pid_t pid)
{
    int code = -1;
    enum vg_task_end how = VG_TASK_KILLED;
    rc_t rc = vg_task_wait(pid, VG_INFINITE, &code, &how);
    if (rc != rcOk) {
        printf("einit: cannot wait for %s: %s\n", name, rc_name(rc));
        return false;
    }
    return report(name, code, how);
}

int einit_run(const struct einit_solution_desc *s)
{
    vg_pid_t pid[EINIT_MAX_ENTITIES] = {0};
    if (s->nents > EINIT_MAX_ENTITIES) {
        printf("einit: %u entities: at most %u\n", s->nents, EINIT_MAX_ENTITIES);
        return 1;
    }
    for (unsigned i = 0; i < s->nents; i++) {
        const struct einit_entity_desc *e = &s->ents[i];
        rc_t rc = vg_task_start_ex(e->program, e->argv, e->envp, VG_TASK_SUSPENDED, &pid[i]);
        if (rc != rcOk) {
            if (strcmp(e->name, e->program) == 0)
                printf("einit: cannot start %s: %s\n", e->name, rc_name(rc));
            else
                printf("einit: cannot start %s (class %s): %s\n", e->name, e->program, rc_name(rc));
            pid[i] = 0;
            kill_all(s, pid);
            return 1;
        }
    }
    for (unsigned i = 0; i < s->nchans; i++) {
        const struct einit_channel_desc *c = &s->chans[i];
        rc_t rc = vg_ipc_create_channel(pid[c->client], pid[c->server], c->id, 0, 0);
        if (rc != rcOk) {
            printf("einit: cannot create channel %s from %s to %s: %s\n", c->id, s->ents[c->client].name,
                   s->ents[c->server].name, rc_name(rc));
            kill_all(s, pid);
            return 1;
        }
    }
    /* Said before anything runs, so it is always the solution's first line. */
    printf("einit: %s: %u process%s, %u channel%s\n", s->name, s->nents, s->nents == 1 ? "" : "es", s->nchans,
           s->nchans == 1 ? "" : "s");
    for (unsigned i = 0; i < s->nents; i++) {
        rc_t rc = vg_task_resume(pid[i]);
        if (rc != rcOk) {
            printf("einit: cannot resume %s: %s\n", s->ents[i].name, rc_name(rc));
            kill_all(s, pid);
            return 1;
        }
    }
    bool drivers = false;
    for (unsigned i = 0; i < s->nents; i++)
        drivers |= !s->ents[i].server;
    unsigned failed = 0;
    for (unsigned i = 0; i < s->nents; i++)
        if (!s->ents[i].server || !drivers)
            failed += !wait_one(s->ents[i].name, pid[i]);
    /* Servers end by themselves once every client is gone (Recv then reports rcNotConnected). */
    for (unsigned i = 0; i < s->nents && drivers; i++)
        if (s->ents[i].server)
            failed += !wait_one(s->ents[i].name, pid[i]);
    if (failed)
        printf("einit: %u of %u processes failed\n", failed, s->nents);
    else
        printf("einit: all %u process%s ended well\n", s->nents, s->nents == 1 ? "" : "es");
    return failed ? 1 : 0;
}
