/* A thread's IPC state. A client in Call is first SENDING (queued on the server's port until a server
 * thread receives), then WAIT_REPLY (its request delivered, linked to the serving thread). A server
 * thread in Recv is RECEIVING (queued on the port); after Recv returns it serves one client until Reply. */
#ifndef KERNEL_IPC_THREAD_H
#define KERNEL_IPC_THREAD_H

#include <stdbool.h>
#include <stdint.h>
#include <vigil/msg.h>
#include <vigil/rc.h>

enum ipc_thread_state { IPC_IDLE, IPC_SENDING, IPC_WAIT_REPLY, IPC_RECEIVING };

struct thread;
struct channel;
struct ipc_port;
struct ipc_sync;

/* The fields are ordered so that the fastpath (kernel/ipc_fast.c) writes those it sets together with
 * one store per pair: state and rc, chan and served_by, serve_chan and serving, port and only, mid and
 * riid (in the register header's order), send_regs and recv_regs. */
struct ipc_thread {
    enum ipc_thread_state state;
    rc_t rc;                     /* handed over by the peer that completed the operation */
    struct channel *chan;        /* client: the channel called */
    struct thread *served_by;    /* client in WAIT_REPLY: the server thread serving it */
    struct channel *serve_chan;  /* server: the channel of the request it serves (a serving thread may
                                  * itself Call someone before it replies) */
    struct thread *serving;      /* server: the client it received from and has not replied to */
    struct ipc_port *port;       /* receiving: the port waited on */
    struct channel *only;        /* receiving on a channel's server end: take only its requests */
    uint16_t mid, riid;          /* client: the request's method, for the response's KSM event */
    bool send_regs;              /* the message it sends (Call's request, Reply's response) is in its
                                  * saved registers (the register ABI) */
    bool recv_regs;              /* what it receives goes to its saved registers when it fits */
    bool serving_lost;           /* server: the client it received from is gone (died, timed out) */
    bool fast_wait;              /* set as it blocks in a Call or Recv: what it waits for goes to its
                                  * registers, with no interrupt object and no timeout (so the
                                  * fastpath may hand it a message); read only while it waits */
    uint64_t fallback;           /* register ABI: user address of the struct vg_msgbuf for what it
                                  * receives that does not fit (req for a Recv, res for a Call), not
                                  * read yet (0: none, or read) */
    struct vg_msgbuf req, res;   /* the user's buffer descriptors (already copied in) */
    /* Its last IPC handle lookups (kernel/ipc_handle_cache.h): [0] a client end for Call, [1] a server
     * end or listener for Recv and Reply; valid while handle_epoch is unchanged. */
    struct ipc_handle_cache {
        uint32_t value, rights;
        struct kobject *obj;
        uint64_t epoch;
    } hcache[2];
    struct ipc_sync *sync;       /* the interrupt object it waits with, or NULL */
    struct thread *sync_next;    /* the sync object's list of waiting threads */
    /* Its receive buffers last found mapped writable (for this many bytes), while the address space
     * has not been narrowed since (vm.narrowed, which starts at 1 where this starts at 0): the check
     * before each decision is then a compare. */
    struct {
        uint64_t data, arena;
        uint32_t data_len, arena_len, narrowed;
    } checked;
};

#endif
