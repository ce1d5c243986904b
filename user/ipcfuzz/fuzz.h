/* The IPC fuzzer (user/ipcfuzz): one program started as three classes. Einit starts FuzzA and FuzzB,
 * joins them with two channels ("ab": A calls B, "ba": B calls A), waits for them and checks that the
 * kernel's free memory and object/handle counts came back. Each fuzzing process runs two threads that
 * issue random Call/Recv/Reply (one mostly calling, one mostly serving) and random kernel-endpoint
 * calls, with random handle values, pointers, sizes, headers and descriptors, and checks that every
 * call returns a code the kernel documents for it. A process's exit code is its number of violations. */
#ifndef IPCFUZZ_FUZZ_H
#define IPCFUZZ_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <vigil/vigil.h>
#include "ipcfuzz/Fuzz.idl.h"
#include "rng.h"

/* The sandbox: pages at a fixed address far from everything the library maps. Pages 0..7 are
 * read-write, 8 read-only, 9 inaccessible (all holding copies of valid messages, some straddling page
 * boundaries); 10..15 are the chaos pages that random vmm calls map, unmap and re-protect. */
#define SANDBOX 0x7000000000ull
#define SANDBOX_PAGES 16u
#define SANDBOX_STABLE 10u
#define PAGE 4096u

#define POOL_MAX 40
#define DEAD_MAX 64
#define MAPS_MAX 6
/* Receive buffers are larger than the most the kernel may write, so a lying capacity never lets it
 * write past them into the fuzzer's own state. */
#define DATA_CAP (VG_MSG_MAX_SIZE + 64)
#define ARENA_CAP (VG_ARENA_MAX_SIZE + 64)

enum op { OP_CALL, OP_RECV, OP_REPLY, OP_CORE, OP_COUNT };
#define RC_SLOTS 32 /* histogram slot -rc; rc_name(-31) and below never occur */

struct fuzz_thread {
    struct rng rng;
    int id;
    int server;                     /* role: 1 mostly Recv/Reply, 0 mostly Call */
    uint64_t done, budget;          /* calls issued, calls to issue */
    vg_handle_t pool[POOL_MAX];     /* real handles this thread owns: copies, received, created */
    unsigned npool;
    vg_handle_t dead[DEAD_MAX];     /* values this thread closed: every use must be rcInvalidArgument */
    unsigned ndead, dead_next;
    struct { uint64_t addr, size; } maps[MAPS_MAX]; /* hint-0 mappings made by vmm MAP */
    unsigned nmaps;
    int clean;                      /* this operation: valid pointers and sizes, no damage */
    int serving;                    /* a request received and not answered yet */
    uint16_t serving_mid;
    unsigned reply_tries;
    uint32_t futex_word;
    uint64_t hist[OP_COUNT][RC_SLOTS];
    uint64_t delivered;             /* requests received (Recv rcOk into a buffer we can read) */
    uint64_t answered;              /* calls that returned rcOk with a response */
    unsigned violations;
    struct vg_msgbuf mb_a, mb_b;    /* msgbufs at valid addresses */
    uint8_t req[DATA_CAP] __attribute__((aligned(16)));
    uint8_t res[DATA_CAP] __attribute__((aligned(16)));
    uint8_t arena_tx[ARENA_CAP] __attribute__((aligned(16)));
    uint8_t arena_rx[ARENA_CAP] __attribute__((aligned(16)));
};

/* The process's own handles: never closed or revoked by the fuzzer, so it always has a way to talk. */
struct fuzz_proc {
    const char *name;
    vg_handle_t client, listener, server, sync;
};
extern struct fuzz_proc proc;

/* codes.c: the codes the kernel documents (docs/core-endpoints.md, docs/handles.md, kernel/ipc.c). */
int rc_documented_ipc(enum op op, rc_t rc);
int rc_documented_core_call(rc_t rc);
int rc_documented_method(unsigned riid, unsigned mid, rc_t rc);
void fuzz_record(struct fuzz_thread *t, enum op op, rc_t rc);
void fuzz_violation(struct fuzz_thread *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* world.c: the sandbox, random pointers, timeouts, handle values and the handle pool. */
rc_t world_setup(void);
void world_fill_sandbox(const void *msg, uint32_t size);
uint64_t rand_ptr(struct fuzz_thread *t, const void *valid);
uint32_t rand_size(struct fuzz_thread *t, uint32_t right, uint32_t max);
uint64_t rand_timeout(struct fuzz_thread *t);
uint32_t rand_rights(struct fuzz_thread *t);
vg_handle_t rand_handle(struct fuzz_thread *t);
int is_protected(vg_handle_t h);
int is_dead(const struct fuzz_thread *t, uint64_t h);
void pool_add(struct fuzz_thread *t, vg_handle_t h);
void pool_closed(struct fuzz_thread *t, vg_handle_t h);
vg_handle_t pool_pick(struct fuzz_thread *t, int *index);

/* ipc_ops.c: one random Call, Recv or Reply. */
void op_call(struct fuzz_thread *t);
void op_recv(struct fuzz_thread *t);
void op_reply(struct fuzz_thread *t);
/* core_ops.c: one random kernel-endpoint call (never one that ends or parks the caller). */
void op_core(struct fuzz_thread *t);
/* A core call from the fuzzer's own bookkeeping (closing pool handles): counted and checked too. */
rc_t fuzz_close(struct fuzz_thread *t, vg_handle_t h);

/* The system call with 64-bit arguments as they are (the kernel must refuse upper bits it does not
 * expect); nr is 0, 1 or 2: any other number is a fault by design. */
static inline int64_t raw_svc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
    register uint64_t x0 __asm__("x0") = a0, x1 __asm__("x1") = a1, x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3, x4 __asm__("x4") = a4, x8 __asm__("x8") = nr;
    __asm__ volatile("svc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x8)
                     :
                     : "x5", "x6", "x7", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18",
                       "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v16", "v17", "v18", "v19", "v20", "v21",
                       "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31", "memory", "cc");
    return (int64_t)x0;
}

#endif
