/* The kernel's endpoints (kl.core.Core), reached through Call on VG_CORE_HANDLE. Each method gets the
 * checked request (arguments the method does not use are 0, strings lie inside the arena and, where
 * the method says so, are NUL-terminated) and fills val[]; its return value goes into res.rc.
 * docs/core-endpoints.md is the contract. */
#ifndef KERNEL_CORE_CORE_H
#define KERNEL_CORE_CORE_H

#include <stdint.h>
#include <vigil/core.h>
#include <vigil/rc.h>

struct core_args {
    const uint64_t *arg;              /* [4] */
    const char *str[2];               /* in the kernel's copy of the arena */
    uint32_t str_size[2];
};

typedef rc_t (*core_method_fn)(const struct core_args *a, uint64_t val[2]);

struct core_method {
    core_method_fn fn;
    uint8_t nargs;     /* arg[nargs..3] must be 0 */
    uint8_t nstr;      /* str[nstr..1] must be {0, 0} */
    uint8_t cstring;   /* bit i: str[i] must be NUL-terminated with no earlier NUL */
};

struct core_endpoint {
    const char *name;  /* "thread.Thread" */
    const struct core_method *methods;
    unsigned count;
};

extern const struct core_endpoint core_thread_ep, core_task_ep, core_vmm_ep, core_sync_ep,
    core_time_ep, core_hal_ep, core_handle_ep, core_ipc_ep, core_notice_ep, core_io_ep;

/* A Call on VG_CORE_HANDLE: the whole request path (copy in, structure check, KSM, method, reply). */
rc_t core_call(uint64_t user_req_msgbuf, uint64_t user_res_msgbuf);
/* The same by the register ABI (CallReg on VG_CORE_HANDLE): the request in regs[1..7] (a
 * struct vg_core_req with no arena, so with empty strings), the response written to regs[1..7] (a
 * struct vg_core_res, 0 past it) when the return is rcOk; the other returns as core_call's. */
rc_t core_call_reg(uint64_t *regs);
/* The whole system call of a register kernel call, from the IPC fastpath's entry (kernel/ipc_fast.c):
 * core_call_reg, then what the general path does around every system call (zombies reaped, the
 * invariants in the checking build, the caller's space active, a pending preemption), then back to
 * user mode with x0 = the rc. */
__attribute__((noreturn)) void core_call_fast(uint64_t *regs);

/* True when [addr, addr+size) lies in the user range of docs/core-endpoints.md. */
int core_user_range(uint64_t addr, uint64_t size);

#endif
