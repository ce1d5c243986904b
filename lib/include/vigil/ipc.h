/* Channels and IPC interrupt objects (kl.core.Core ipc.IPC, docs/core-endpoints.md).
 * A channel joins a client process to a server process under a name; a process creates channels for
 * itself and its children (pid 0: the caller) and each end then finds its handle by the name:
 *   vg_ipc_connect(name)   the client handle (KasperskyOS's ServiceLocatorConnect)
 *   vg_ipc_register(name)  the process's listener handle, which gathers every channel it serves, and
 *                          the channel's own server handle (ServiceLocatorRegister)
 * An interrupt object passed to vg_call_ex/vg_recv_ex aborts the wait with rcIpcInterrupt once set. */
#ifndef VIGIL_IPC_H
#define VIGIL_IPC_H

#include <stdint.h>
#include <vigil/rc.h>
#include <vigil/syscall.h>
#include <vigil/task.h>

rc_t vg_ipc_create_channel(vg_pid_t client, vg_pid_t server, const char *name, vg_handle_t *client_h,
                           vg_handle_t *server_h);
rc_t vg_ipc_connect(const char *name, vg_handle_t *client_h);
rc_t vg_ipc_register(const char *name, vg_handle_t *listener_h, vg_handle_t *server_h);
/* The RIID of the endpoint `endpoint` ("ping", "pingComp.pingImpl") of the server behind client_h. */
rc_t vg_ipc_get_riid(vg_handle_t client_h, const char *endpoint, vg_iid_t *riid);
/* The name server's methods (docs/dynamic-channels.md; the policy grants them to kl.core.NameServer).
 * vg_ipc_peer(0, 0): the pid and SID of the process whose request the calling thread holds; with a pid
 * and a SID: rcOk iff that process is running. vg_ipc_link: a channel named `name` (1 to 47 bytes) from
 * the client process to the server process (each named by pid and SID), its handles installed in
 * them; the server's is closed by the kernel when the client end goes. */
rc_t vg_ipc_peer(uint64_t pid, uint64_t sid, uint64_t *peer_pid, uint64_t *peer_sid);
rc_t vg_ipc_link(uint64_t client_pid, uint64_t client_sid, uint64_t server_pid, uint64_t server_sid,
                 const char *name, vg_handle_t *client_h, vg_handle_t *server_h);
rc_t vg_ipc_sync_create(vg_handle_t *sync_h);
rc_t vg_ipc_set_interrupt(vg_handle_t sync_h);
rc_t vg_ipc_clear_interrupt(vg_handle_t sync_h);

#endif
