/* The request path of every kernel method: copy the message in through fault-catching copies, check
 * its structure against the method's table entry, run the method, copy the response out. Structure
 * errors are Call's own return code and no response is written (docs/core-endpoints.md). */
#include "core.h"
#include "call_reg.h"
#include "../arch.h"
#include "../string.h"
#include "../process.h"
#include "../run.h"
#include "../invariants.h"
#include "../thread.h"
#include "../sched_fast.h"
#include "../security.h"
#include "ksm/ksm.h"
#include "ksm/fast.h"
#include <vigil/msg.h>
#include <vigil/syscall.h>

#define USER_MIN 0x10000ull

_Static_assert(VG_CORE_RIID_COUNT <= sizeof ((struct process *)0)->core_memo / sizeof(uint32_t), "process core_memo has one word per endpoint");

const struct core_endpoint *const core_endpoints[VG_CORE_RIID_COUNT] = {
    [VG_CORE_THREAD] = &core_thread_ep, [VG_CORE_TASK] = &core_task_ep,
    [VG_CORE_VMM] = &core_vmm_ep,       [VG_CORE_SYNC] = &core_sync_ep,
    [VG_CORE_TIME] = &core_time_ep,     [VG_CORE_HAL] = &core_hal_ep,
    [VG_CORE_HANDLE_EP] = &core_handle_ep, [VG_CORE_IPC] = &core_ipc_ep,
    [VG_CORE_NOTICE] = &core_notice_ep,
    [VG_CORE_IO] = &core_io_ep,
};

/* The kernel's copy of a request's arena. Methods use it before they can block, and the kernel is
 * not preemptible, so one buffer serves every call. */
static char arena_copy[VG_ARENA_MAX_SIZE];

int core_user_range(uint64_t addr, uint64_t size)
{
    return addr >= USER_MIN && addr + size >= addr && addr + size <= ARCH_USER_TOP;
}

static rc_t check_request(const struct vg_core_req *req, const struct vg_msgbuf *in,
                          const struct core_method **out)
{
    const struct vg_msg_hdr *h = &req->hdr;
    if (h->size != sizeof *req || h->flags != VG_MSG_REQUEST || h->ncaps || h->reserved ||
        h->arena_size != in->arena_size || h->arena_size > VG_ARENA_MAX_SIZE)
        return rcInvalidArgument;
    if (h->riid >= VG_CORE_RIID_COUNT || h->mid >= core_endpoints[h->riid]->count)
        return rcInvalidArgument;
    const struct core_method *m = &core_endpoints[h->riid]->methods[h->mid];
    for (unsigned i = m->nargs; i < 4; i++)
        if (req->arg[i])
            return rcInvalidArgument;
    for (unsigned i = 0; i < 2; i++) {
        const struct vg_arena_ptr *s = &req->str[i];
        if (i >= m->nstr) {
            if (s->offset || s->size)
                return rcInvalidArgument;
            continue;
        }
        if ((uint64_t)s->offset + s->size > h->arena_size)
            return rcInvalidArgument;
    }
    *out = m;
    return rcOk;
}

/* The KSM's decision on the kernel's copy of the request (arena_size bytes of it in arena_copy). A
 * method that takes no strings has all its variable parts checked empty, so a constant grant of it
 * holds for any arguments: remembered per process. */
static rc_t decide(const struct vg_core_req *req, const struct core_method *m)
{
    struct process *p = process_current();
    if (!m->nstr && !req->hdr.arena_size && p->core_memo_epoch == ksm_epoch() &&
        (p->core_memo[req->hdr.riid] >> req->hdr.mid & 1))
        return rcOk;
    struct ksm_event ev;
    ev.kind = KSM_EV_REQUEST;
    ev.src_sid = p->obj.sid;
    ev.dst_sid = SID_KERNEL;
    ev.src_class = p->class_id;
    ev.dst_class = security_core_class();
    ev.riid = req->hdr.riid;
    ev.mid = req->hdr.mid;
    ev.msg = req;
    ev.msg_size = sizeof *req;
    ev.arena = arena_copy;
    ev.arena_size = req->hdr.arena_size;
    ev.nhandles = 0;
    unsigned memo;
    rc_t rc = security_check_memo(p->core_route, &ev, &memo);
    if (rc != rcOk)
        return rc;
    if (memo != KSM_MEMO_NONE && !m->nstr && !req->hdr.arena_size) {
        if (p->core_memo_epoch != ksm_epoch()) {
            for (unsigned i = 0; i < sizeof p->core_memo / sizeof p->core_memo[0]; i++)
                p->core_memo[i] = 0;
            p->core_memo_epoch = ksm_epoch();
        }
        p->core_memo[req->hdr.riid] |= 1u << req->hdr.mid;
    }
    return rcOk;
}

/* The method's arguments: the strings in the kernel's copy of the arena, NUL-terminated where the
 * method says so. */
static rc_t method_args(const struct vg_core_req *req, const struct core_method *m, struct core_args *a)
{
    *a = (struct core_args){.arg = req->arg};
    for (unsigned i = 0; i < m->nstr; i++) {
        a->str[i] = arena_copy + req->str[i].offset;
        a->str_size[i] = req->str[i].size;
        if ((m->cstring >> i) & 1) {
            uint32_t n = req->str[i].size;
            if (n == 0 || a->str[i][n - 1] != '\0' || strnlen(a->str[i], n) != n - 1)
                return rcInvalidArgument;
        }
    }
    return rcOk;
}

rc_t core_call(uint64_t user_req_msgbuf, uint64_t user_res_msgbuf)
{
    struct vg_msgbuf in, out;
    struct vg_core_req req;
    const struct core_method *m;
    rc_t rc = arch_copy_from_user(&in, user_req_msgbuf, sizeof in);
    if (rc != rcOk)
        return rcSourceFault;
    if ((rc = arch_copy_from_user(&out, user_res_msgbuf, sizeof out)) != rcOk)
        return rcSourceFault;
    if (in.data_size != sizeof req)
        return rcInvalidArgument;
    if (arch_copy_from_user(&req, (uint64_t)in.data, sizeof req) != rcOk)
        return rcSourceFault;
    if ((rc = check_request(&req, &in, &m)) != rcOk)
        return rc;
    if (out.data_size < sizeof(struct vg_core_res))
        return rcBufferTooSmall;
    if (req.hdr.arena_size && arch_copy_from_user(arena_copy, (uint64_t)in.arena, req.hdr.arena_size) != rcOk)
        return rcSourceFault;
    struct core_args a;
    if ((rc = method_args(&req, m, &a)) != rcOk || (rc = decide(&req, m)) != rcOk)
        return rc;
    struct vg_core_res res = {
        .hdr = {.size = sizeof res, .riid = req.hdr.riid, .mid = req.hdr.mid, .flags = VG_MSG_RESPONSE},
        .rc = rcInternalError,
    };
    /* The response must be writable before the method runs: a method that succeeded but could not
     * say so (a mapping, a thread) would be lost to the caller. */
    if (arch_copy_to_user((uint64_t)out.data, &res, sizeof res) != rcOk)
        return rcTargetFault;
    res.rc = m->fn(&a, res.val);
    if (arch_copy_to_user((uint64_t)out.data, &res, sizeof res) != rcOk)
        return rcTargetFault;
    return rcOk;
}

_Static_assert(sizeof(struct vg_core_req) == VG_REG_MAX_SIZE && sizeof(struct vg_core_res) <= VG_REG_MAX_SIZE,
               "a kernel call fits the register ABI whole");

/* call_reg.h: not remembered, the KSM decides on the memory form of the register request (out of line,
 * so that the remembered case keeps no request on its stack). */
rc_t core_decide_regs(const uint64_t *regs, uint32_t riid, uint32_t mid, const struct core_method *m)
{
    struct vg_core_req req = {
        .hdr = {.size = sizeof req, .riid = (uint16_t)riid, .mid = (uint16_t)mid, .flags = VG_MSG_REQUEST},
        .arg = {regs[2], regs[3], regs[4], regs[5]},
    };
    return decide(&req, m);
}

rc_t core_call_reg(uint64_t *regs)
{
    return core_call_reg_inline(regs, thread_current());
}
