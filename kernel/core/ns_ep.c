/* ipc.Peer and ipc.Link: what a name server needs from the kernel to create channels at run time
 * (docs/dynamic-channels.md). A process is named by its pid together with its SID: a pid is reused
 * once its process has been waited for and a SID once the pool has gone round, so the pair names one
 * process for as long as the name server could keep it. Only the policy decides who may call these
 * (examples grant them to kl.core.NameServer alone). */
#include "ns_ep.h"
#include "../channel.h"
#include "../process.h"
#include "../thread.h"

/* The running process with this pid and SID, or NULL. */
static struct process *find_running(uint64_t pid, uint64_t sid)
{
    if (pid == 0 || pid > UINT32_MAX || sid == 0 || sid > UINT32_MAX)
        return 0;
    struct process *p = process_by_pid((uint32_t)pid);
    if (!p || p->state != PROCESS_RUNNING || p->obj.sid != (sid_t)sid)
        return 0;
    return p;
}

/* arg[0] = arg[1] = 0: the pid and SID of the process whose request the calling thread holds (received
 * and not yet answered). Otherwise: rcOk with the same pair when that process is running. */
rc_t core_ipc_peer(const struct core_args *a, uint64_t val[2])
{
    if (a->arg[0] == 0 && a->arg[1] == 0) {
        struct thread *self = thread_current(), *client = self->ipc.serving;
        if (!client) /* serving_lost, or nothing received */
            return self->ipc.serving_lost ? rcNotConnected : rcInvalidThreadState;
        struct process *p = client->proc;
        if (!p || p->state != PROCESS_RUNNING)
            return rcNotConnected;
        val[0] = p->pid;
        val[1] = p->obj.sid;
        return rcOk;
    }
    if (a->arg[0] == 0 || a->arg[1] == 0)
        return rcInvalidArgument;
    if (!find_running(a->arg[0], a->arg[1]))
        return rcResourceNotFound;
    val[0] = a->arg[0];
    val[1] = a->arg[1];
    return rcOk;
}

/* A channel named str[0] from the client (pid arg[0], SID arg[1]) to the server (pid arg[2], SID
 * arg[3]), each end's handle installed in its process: val[0] the client's, val[1] the server's. */
rc_t core_ipc_link(const struct core_args *a, uint64_t val[2])
{
    struct process *client = find_running(a->arg[0], a->arg[1]);
    struct process *server = find_running(a->arg[2], a->arg[3]);
    if (!client || !server)
        return rcResourceNotFound;
    if (client == server)
        return rcInvalidArgument;
    uint32_t ch, sh;
    rc_t rc = channel_create_dynamic(client, server, a->str[0], &ch, &sh);
    if (rc != rcOk)
        return rc;
    val[0] = ch;
    val[1] = sh;
    return rcOk;
}
