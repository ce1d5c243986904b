/* t_badinput (init of the user-badinput image): bad input to every kl.core.Core method gives the code
 * docs/core-endpoints.md documents and changes nothing: the caller runs on, the system's free memory
 * and the caller's charged memory are the same after the call, and a structure error writes no
 * response. Structural cases use vg_call with hand-built struct vg_core_req; method arguments go
 * through vg_core_call (which folds Call's code and res.rc into one). */
#include <string.h>
#include <vigil/syscall.h>
#include "../t_common/ut.h"

#define KADDR 0xffffff8040200000ull
#define UNMAPPED 0x7000000000ull
#define ABOVE_TOP 0x8000000000ull

static const struct vg_core_res ro_res;   /* read-only: an unwritable response buffer */
static char *scratch;                     /* one mapped RW page */
static char *straddle;                    /* last 8 bytes of a mapped page whose next page is unmapped */
static volatile uint32_t word = 1;

struct snap {
    uint64_t free, used;
};

static struct snap snap(void)
{
    struct vg_mem_info mi = { 0, 0 };
    vg_mem_info(&mi);
    return (struct snap){ mi.free_bytes, mi.used_bytes };
}

static void check(const char *name, rc_t rc, int ok, struct snap before)
{
    struct snap after = snap();
    UT_EXPECT(name, ok && after.free == before.free && after.used == before.used,
              "%s; free %llu -> %llu, used %llu -> %llu", rc_name(rc), (unsigned long long)before.free,
              (unsigned long long)after.free, (unsigned long long)before.used, (unsigned long long)after.used);
}

static struct vg_core_req req_of(uint16_t riid, uint16_t mid)
{
    struct vg_core_req r;
    memset(&r, 0, sizeof r);
    r.hdr.size = sizeof r;
    r.hdr.riid = riid;
    r.hdr.mid = mid;
    r.hdr.flags = VG_MSG_REQUEST;
    return r;
}

/* One raw Call; the response buffer is pre-filled so "no response written" can be checked. */
static struct vg_core_res res_buf;
static rc_t raw(const void *req, uint32_t data_size, const void *arena, uint32_t arena_size, void *res,
                uint32_t res_size)
{
    memset(&res_buf, 0xa5, sizeof res_buf);
    const struct vg_msgbuf in = { (void *)(uintptr_t)req, data_size, arena_size, (void *)(uintptr_t)arena };
    struct vg_msgbuf out = { res, res_size, 0, 0 };
    return vg_call(VG_CORE_HANDLE, &in, &out);
}

static int res_untouched(void)
{
    const unsigned char *p = (const unsigned char *)&res_buf;
    for (unsigned i = 0; i < sizeof res_buf; i++)
        if (p[i] != 0xa5)
            return 0;
    return 1;
}

/* A structure error: Call itself returns want, no response is written, nothing changes. */
static void structural(const char *name, const void *req, uint32_t data_size, const void *arena,
                       uint32_t arena_size, rc_t want)
{
    struct snap s = snap();
    rc_t rc = raw(req, data_size, arena, arena_size, &res_buf, sizeof res_buf);
    check(name, rc, rc == want && res_untouched(), s);
}

static void msgbuf_cases(void)
{
    struct vg_core_req r = req_of(VG_CORE_TIME, VG_TIME_NOW);
    static const uint64_t bad[] = { 0, KADDR, UNMAPPED, ABOVE_TOP };
    static const char *const bad_names[] = { "null", "kernel", "unmapped", "above_top" };
    char name[96];
    for (int i = 0; i < 4; i++) {
        struct snap s = snap();
        struct vg_msgbuf out = { &res_buf, sizeof res_buf, 0, 0 };
        memset(&res_buf, 0xa5, sizeof res_buf);
        rc_t rc = vg_call(VG_CORE_HANDLE, (const struct vg_msgbuf *)(uintptr_t)bad[i], &out);
        snprintf(name, sizeof name, "request_msgbuf_%s", bad_names[i]);
        check(name, rc, rc == rcSourceFault && res_untouched(), s);

        s = snap();
        const struct vg_msgbuf in = { &r, sizeof r, 0, 0 };
        rc = vg_call(VG_CORE_HANDLE, &in, (struct vg_msgbuf *)(uintptr_t)bad[i]);
        snprintf(name, sizeof name, "response_msgbuf_%s", bad_names[i]);
        /* The response msgbuf is read by the kernel: either fault code is defensible. */
        check(name, rc, rc == rcSourceFault || rc == rcTargetFault, s);

        snprintf(name, sizeof name, "request_data_%s", bad_names[i]);
        structural(name, (const void *)(uintptr_t)bad[i], sizeof r, 0, 0, rcSourceFault);
    }
    /* The constant part runs off the end of a mapped page. */
    memcpy(straddle, &r, 8);
    structural("request_data_straddles_unmapped", straddle, sizeof r, 0, 0, rcSourceFault);
    /* A response msgbuf that straddles too. */
    {
        struct snap s = snap();
        const struct vg_msgbuf in = { &r, sizeof r, 0, 0 };
        rc_t rc = vg_call(VG_CORE_HANDLE, &in, (struct vg_msgbuf *)(uintptr_t)straddle);
        check("response_msgbuf_straddles_unmapped", rc, rc == rcSourceFault || rc == rcTargetFault, s);
    }
}

static void header_cases(void)
{
    static const uint32_t sizes[] = { 0, 24, 71, 73, 4096, 0xffffffffu };
    char name[96];
    struct vg_core_req r = req_of(VG_CORE_TIME, VG_TIME_NOW);
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        snprintf(name, sizeof name, "data_size_%u", sizes[i]);
        /* data_size past the request struct would read past it: give it a big enough buffer */
        static char big[8192];
        memcpy(big, &r, sizeof r);
        structural(name, big, sizes[i], 0, 0, rcInvalidArgument);
    }
    static const uint32_t hsizes[] = { 0, 24, 48, 71, 73, 4096 };
    for (unsigned i = 0; i < sizeof hsizes / sizeof hsizes[0]; i++) {
        struct vg_core_req b = r;
        b.hdr.size = hsizes[i];
        snprintf(name, sizeof name, "hdr_size_%u", hsizes[i]);
        structural(name, &b, sizeof b, 0, 0, rcInvalidArgument);
    }
    static const uint32_t flags[] = { 0, VG_MSG_RESPONSE, VG_MSG_REQUEST | VG_MSG_RESPONSE,
                                      VG_MSG_REQUEST | VG_MSG_ERROR, 0x80000001u, 0x8u | VG_MSG_REQUEST };
    for (unsigned i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        struct vg_core_req b = r;
        b.hdr.flags = flags[i];
        snprintf(name, sizeof name, "hdr_flags_0x%x", flags[i]);
        structural(name, &b, sizeof b, 0, 0, rcInvalidArgument);
    }
    static const uint32_t ncaps[] = { 1, 8, 9, 0xffffffffu };
    for (unsigned i = 0; i < sizeof ncaps / sizeof ncaps[0]; i++) {
        struct vg_core_req b = r;
        b.hdr.ncaps = ncaps[i];
        snprintf(name, sizeof name, "hdr_ncaps_%u", ncaps[i]);
        structural(name, &b, sizeof b, 0, 0, rcInvalidArgument);
    }
    static const uint32_t reserved[] = { 1, 0x80000000u };
    for (unsigned i = 0; i < 2; i++) {
        struct vg_core_req b = r;
        b.hdr.reserved = reserved[i];
        snprintf(name, sizeof name, "hdr_reserved_0x%x", reserved[i]);
        structural(name, &b, sizeof b, 0, 0, rcInvalidArgument);
    }
    /* Unknown endpoints and methods. */
    static const uint16_t riids[] = { VG_CORE_RIID_COUNT, VG_CORE_RIID_COUNT + 1, 0x7fff, 0xffff };
    for (unsigned i = 0; i < 4; i++) {
        struct vg_core_req b = req_of(riids[i], 0);
        snprintf(name, sizeof name, "unknown_riid_%u", riids[i]);
        structural(name, &b, sizeof b, 0, 0, rcInvalidArgument);
    }
    /* Method counts from <vigil/core.h>: a method added there without a line here fails to build. */
    _Static_assert(VG_CORE_RIID_COUNT == 10, "a kl.core.Core endpoint was added: extend mcount");
    static const uint16_t mcount[VG_CORE_RIID_COUNT] = {
        VG_THREAD_SELF + 1, VG_TASK_GET_HANDLE + 1, VG_VMM_PROTECT + 1, VG_SYNC_WAKE + 1,
        VG_TIME_NOW + 1,    VG_HAL_IPC_STATS + 1, VG_HANDLE_GET_SID + 1, VG_IPC_LINK + 1,
        VG_NOTICE_ARM_TIMER + 1, VG_IO_ALLOC_DMA + 1,
    };
    for (uint16_t riid = 0; riid < VG_CORE_RIID_COUNT; riid++) {
        const uint16_t mids[] = { mcount[riid], (uint16_t)(mcount[riid] + 1), 0xffff };
        for (unsigned k = 0; k < 3; k++) {
            struct vg_core_req b = req_of(riid, mids[k]);
            snprintf(name, sizeof name, "unknown_mid_%u_%u", riid, mids[k]);
            structural(name, &b, sizeof b, 0, 0, rcInvalidArgument);
        }
    }
}

/* Valid arguments of each method (exit methods excluded: tested apart) and what they give. */
struct method {
    uint16_t riid, mid;
    uint8_t nargs, nstr;
    uint64_t arg[4];
    const char *name;
};

static const char debug_text[] = "";

static void unused_field_cases(void)
{
    const struct method methods[] = {
        { VG_CORE_THREAD, VG_THREAD_JOIN, 2, 0, { 0x7fffffff, 0 }, "thread_join" },
        { VG_CORE_THREAD, VG_THREAD_SLEEP, 1, 0, { 0 }, "thread_sleep" },
        { VG_CORE_THREAD, VG_THREAD_YIELD, 0, 0, { 0 }, "thread_yield" },
        { VG_CORE_THREAD, VG_THREAD_SET_PRIORITY, 2, 0, { 0, VG_PRIORITY_NORMAL }, "thread_set_priority" },
        { VG_CORE_THREAD, VG_THREAD_SELF, 0, 0, { 0 }, "thread_self" },
        { VG_CORE_TASK, VG_TASK_WAIT, 2, 0, { 0x7fffffff, 0 }, "task_wait" },
        { VG_CORE_TASK, VG_TASK_KILL, 1, 0, { 0x7fffffff }, "task_kill" },
        { VG_CORE_TASK, VG_TASK_INFO, 1, 0, { 0 }, "task_info" },
        { VG_CORE_TASK, VG_TASK_GET_HANDLE, 1, 0, { 0x7fffffff }, "task_get_handle" },
        { VG_CORE_NOTICE, VG_NOTICE_CREATE, 0, 0, { 0 }, "notice_create" },
        { VG_CORE_NOTICE, VG_NOTICE_CREATE_USER_OBJECT, 0, 0, { 0 }, "notice_create_user_object" },
        { VG_CORE_NOTICE, VG_NOTICE_CREATE_TIMER, 0, 0, { 0 }, "notice_create_timer" },
        { VG_CORE_VMM, VG_VMM_MAP, 3, 0, { (uintptr_t)UNMAPPED, 4096, VG_PROT_READ }, "vmm_map" },
        { VG_CORE_VMM, VG_VMM_PROTECT, 3, 0, { 0, 4096, VG_PROT_READ | VG_PROT_WRITE }, "vmm_protect" },
        { VG_CORE_SYNC, VG_SYNC_WAIT, 3, 0, { 0, 0, 0 }, "sync_wait" },
        { VG_CORE_SYNC, VG_SYNC_WAKE, 2, 0, { 0, 0 }, "sync_wake" },
        { VG_CORE_TIME, VG_TIME_NOW, 0, 0, { 0 }, "time_now" },
        { VG_CORE_HAL, VG_HAL_DEBUG_WRITE, 0, 1, { 0 }, "hal_debug_write" },
        { VG_CORE_HAL, VG_HAL_MEM_INFO, 0, 0, { 0 }, "hal_mem_info" },
        { VG_CORE_HAL, VG_HAL_OBJECT_INFO, 0, 0, { 0 }, "hal_object_info" },
        { VG_CORE_HAL, VG_HAL_IPC_STATS, 0, 0, { 0 }, "hal_ipc_stats" },
        { VG_CORE_HANDLE_EP, VG_HANDLE_CLOSE, 1, 0, { VG_CORE_HANDLE }, "handle_close" },
        { VG_CORE_HANDLE_EP, VG_HANDLE_COPY, 2, 0, { VG_CORE_HANDLE, 0 }, "handle_copy" },
        { VG_CORE_HANDLE_EP, VG_HANDLE_GET_SID, 1, 0, { VG_CORE_HANDLE }, "handle_get_sid" },
        { VG_CORE_IPC, VG_IPC_PEER, 2, 0, { 0, 0 }, "ipc_peer" },
    };
    char name[96];
    static char arena[16];
    for (unsigned m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        const struct method *me = &methods[m];
        struct vg_core_req base = req_of(me->riid, me->mid);
        for (int i = 0; i < 4; i++)
            base.arg[i] = me->arg[i];
        if (me->mid == VG_VMM_PROTECT && me->riid == VG_CORE_VMM)
            base.arg[0] = (uintptr_t)scratch;
        if (me->riid == VG_CORE_SYNC)
            base.arg[0] = (uintptr_t)&word;
        /* The valid request first: what it gives must not be rcInvalidArgument, else the cases below
         * could not tell the structure check from the method's own. */
        rc_t base_rc = raw(&base, sizeof base, 0, 0, &res_buf, sizeof res_buf);
        if (base_rc == rcOk)
            base_rc = res_buf.rc;
        if (me->riid == VG_CORE_VMM && me->mid == VG_VMM_MAP && base_rc == rcOk)
            vg_vmm_unmap((void *)(uintptr_t)UNMAPPED, 4096);
        if (((me->riid == VG_CORE_HANDLE_EP && me->mid == VG_HANDLE_COPY) || me->riid == VG_CORE_NOTICE) &&
            base_rc == rcOk)
            vg_handle_close((vg_handle_t)res_buf.val[0]);
        snprintf(name, sizeof name, "valid_%s", me->name);
        UT_EXPECT(name, base_rc != rcInvalidArgument, "the valid request gave %s", rc_name(base_rc));
        for (int i = me->nargs; i < 4; i++) {
            static const uint64_t vals[] = { 1, 1ull << 63 };
            for (int k = 0; k < 2; k++) {
                struct vg_core_req b = base;
                b.arg[i] = vals[k];
                snprintf(name, sizeof name, "unused_arg%d_%s_%s", i, k ? "top" : "1", me->name);
                structural(name, &b, sizeof b, 0, 0, rcInvalidArgument);
            }
        }
        for (int i = me->nstr; i < 2; i++) {
            static const struct vg_arena_ptr segs[] = { { 1, 0 }, { 0, 1 }, { 4, 4 } };
            for (int k = 0; k < 3; k++) {
                struct vg_core_req b = base;
                b.hdr.arena_size = sizeof arena;
                b.str[i] = segs[k];
                snprintf(name, sizeof name, "unused_str%d_%u_%u_%s", i, segs[k].offset, segs[k].size, me->name);
                structural(name, &b, sizeof b, arena, sizeof arena, rcInvalidArgument);
            }
        }
    }
}

static void arena_cases(void)
{
    struct vg_core_req r = req_of(VG_CORE_HAL, VG_HAL_DEBUG_WRITE);
    static char text[8] = "1234567";
    static const struct vg_arena_ptr outside[] = { { 0, 9 }, { 8, 1 }, { 4, 5 }, { 0xffffffffu, 2 },
                                                   { 0xfffffff8u, 16 }, { 9, 0 } };
    char name[96];
    for (unsigned i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        struct vg_core_req b = r;
        b.hdr.arena_size = 8;
        b.str[0] = outside[i];
        snprintf(name, sizeof name, "str_outside_arena_%u_%u", outside[i].offset, outside[i].size);
        structural(name, &b, sizeof b, text, 8, rcInvalidArgument);
    }
    struct vg_core_req b = r;
    b.hdr.arena_size = VG_ARENA_MAX_SIZE + 1;
    b.str[0] = (struct vg_arena_ptr){ 0, 1 };
    structural("arena_size_over_max", &b, sizeof b, scratch, VG_ARENA_MAX_SIZE + 1, rcInvalidArgument);
    b = r;
    b.hdr.arena_size = 8;
    b.str[0] = (struct vg_arena_ptr){ 0, 8 };
    structural("arena_size_hdr_ne_msgbuf", &b, sizeof b, text, 4, rcInvalidArgument);
    static const uint64_t bad[] = { 0, KADDR, UNMAPPED, ABOVE_TOP };
    static const char *const bad_names[] = { "null", "kernel", "unmapped", "above_top" };
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "arena_%s", bad_names[i]);
        structural(name, &b, sizeof b, (const void *)(uintptr_t)bad[i], 8, rcSourceFault);
    }
    memcpy(straddle, text, 8);
    b.hdr.arena_size = 16;
    b.str[0] = (struct vg_arena_ptr){ 0, 16 };
    structural("arena_straddles_unmapped", &b, sizeof b, straddle, 16, rcSourceFault);
    /* A 128-byte arena that runs off the page after 8, 16, ... 64 bytes: the kernel's bulk copy moves 64
     * bytes a round with eight loads, and a fault at each of them must come back as rcSourceFault. */
    for (unsigned k = 1; k <= 8; k++) {
        char *start = straddle + 8 - 8 * k;
        memset(start, 'a', 8 * k);
        b.hdr.arena_size = 128;
        b.str[0] = (struct vg_arena_ptr){ 0, 8 };
        snprintf(name, sizeof name, "arena_of_128_runs_off_after_%u", 8 * k);
        structural(name, &b, sizeof b, start, 128, rcSourceFault);
    }

    /* A string's end is checked, not only its start: a NUL-terminated string (START's name, a channel's
     * name) that begins inside the arena and claims 4 GiB would have the kernel look for its NUL far
     * past its copy of the arena. */
    struct vg_core_req st = req_of(VG_CORE_TASK, VG_TASK_START);
    st.hdr.arena_size = 8;
    st.str[0] = (struct vg_arena_ptr){ 0, 0xffffffffu };
    st.str[1] = (struct vg_arena_ptr){ 8, 0 };
    structural("start_name_past_arena", &st, sizeof st, "TChild\0", 8, rcInvalidArgument);
    struct vg_core_req ch = req_of(VG_CORE_IPC, VG_IPC_CREATE_CHANNEL);
    ch.hdr.arena_size = 8;
    ch.str[0] = (struct vg_arena_ptr){ 4, 0xfffffff0u };
    structural("channel_name_past_arena", &ch, sizeof ch, "chan\0\0\0", 8, rcInvalidArgument);

    /* An empty write is fine and writes nothing. */
    uint64_t val[2] = { 9, 9 };
    struct snap s = snap();
    rc_t rc = vg_core_call(VG_CORE_HAL, VG_HAL_DEBUG_WRITE, 0, (const struct vg_arena_ptr[2]){ { 0, 0 }, { 0, 0 } },
                           debug_text, 0, val);
    check("debug_write_empty", rc, rc == rcOk && val[0] == 0, s);
}

/* task START: strings must be NUL-terminated, the list must hold exactly argc + envc strings. */
static void start_string_cases(void)
{
    struct {
        const char *name;
        const char *arena;
        uint32_t arena_size, name_size, list_size;
        uint64_t argc, envc;
        rc_t want, alt;
    } c[] = {
        { "start_name_not_terminated", "t_childXexit\0", 13, 7, 5, 1, 0, rcInvalidArgument, rcInvalidArgument },
        { "start_name_inner_nul", "t_\0child\0exit\0", 14, 9, 5, 1, 0, rcInvalidArgument, rcInvalidArgument },
        { "start_name_empty_segment", "exit\0", 5, 0, 5, 1, 0, rcInvalidArgument, rcInvalidArgument },
        { "start_name_empty_string", "\0exit\0", 6, 1, 5, 1, 0, rcResourceNotFound, rcInvalidArgument },
        { "start_name_unknown", "no-such\0exit\0", 13, 8, 5, 1, 0, rcResourceNotFound, rcResourceNotFound },
        { "start_list_too_few", "t_child\0a\0", 10, 8, 2, 2, 0, rcInvalidArgument, rcInvalidArgument },
        { "start_list_too_many", "t_child\0a\0b\0", 12, 8, 4, 1, 0, rcInvalidArgument, rcInvalidArgument },
        { "start_list_not_terminated", "t_child\0a\0b", 11, 8, 3, 2, 0, rcInvalidArgument, rcInvalidArgument },
        { "start_list_nul_but_no_args", "t_child\0\0", 9, 8, 1, 0, 0, rcInvalidArgument, rcInvalidArgument },
        { "start_list_env_miscounted", "t_child\0a\0", 10, 8, 2, 1, 1, rcInvalidArgument, rcInvalidArgument },
        { "start_argc_huge", "t_child\0a\0", 10, 8, 2, 1ull << 32 | 1, 0, rcInvalidArgument, rcInvalidArgument },
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct vg_arena_ptr str[2] = { { 0, c[i].name_size }, { c[i].name_size, c[i].list_size } };
        if (c[i].name_size == 0)
            str[1].offset = 0;
        const uint64_t arg[4] = { c[i].argc, c[i].envc, 0, 0 };
        uint64_t val[2] = { 0, 0 };
        struct snap s = snap();
        rc_t rc = vg_core_call(VG_CORE_TASK, VG_TASK_START, arg, str, c[i].arena, c[i].arena_size, val);
        if (rc == rcOk)
            vg_task_wait((vg_pid_t)val[0], VG_INFINITE, 0, 0);
        check(c[i].name, rc, rc == c[i].want || rc == c[i].alt, s);
    }
}

struct acase {
    const char *name;
    uint16_t riid, mid;
    uint64_t a0, a1, a2, a3;
    rc_t want;
};

static void method_arg_cases(void)
{
    vg_tid_t self = 0;
    vg_thread_self(&self);
    struct vg_task_info me;
    vg_task_info(0, &me);
    uint64_t sp = ((uintptr_t)scratch + 4096) & ~15ull, entry = (uintptr_t)&method_arg_cases;
    uint64_t sc = (uintptr_t)scratch, w = (uintptr_t)&word;
    const struct acase c[] = {
        { "create_entry_null", VG_CORE_THREAD, VG_THREAD_CREATE, 0, 0, sp, 15, rcInvalidArgument },
        { "create_entry_unaligned", VG_CORE_THREAD, VG_THREAD_CREATE, entry + 2, 0, sp, 15, rcInvalidArgument },
        { "create_entry_low", VG_CORE_THREAD, VG_THREAD_CREATE, 0xfffc, 0, sp, 15, rcInvalidArgument },
        { "create_entry_kernel", VG_CORE_THREAD, VG_THREAD_CREATE, KADDR, 0, sp, 15, rcInvalidArgument },
        { "create_entry_above_top", VG_CORE_THREAD, VG_THREAD_CREATE, ABOVE_TOP, 0, sp, 15, rcInvalidArgument },
        { "create_stack_null", VG_CORE_THREAD, VG_THREAD_CREATE, entry, 0, 0, 15, rcInvalidArgument },
        { "create_stack_unaligned", VG_CORE_THREAD, VG_THREAD_CREATE, entry, 0, sp - 8, 15, rcInvalidArgument },
        { "create_stack_kernel", VG_CORE_THREAD, VG_THREAD_CREATE, entry, 0, KADDR, 15, rcInvalidArgument },
        { "create_stack_above_top", VG_CORE_THREAD, VG_THREAD_CREATE, entry, 0, ABOVE_TOP + 16, 15,
          rcInvalidArgument },
        { "create_priority_32", VG_CORE_THREAD, VG_THREAD_CREATE, entry, 0, sp, 32, rcInvalidArgument },
        { "create_priority_high_bits", VG_CORE_THREAD, VG_THREAD_CREATE, entry, 0, sp, 1ull << 32 | 15,
          rcInvalidArgument },
        { "join_tid_0", VG_CORE_THREAD, VG_THREAD_JOIN, 0, 0, 0, 0, rcResourceNotFound },
        { "join_self", VG_CORE_THREAD, VG_THREAD_JOIN, self, 0, 0, 0, rcInvalidArgument },
        { "join_unknown", VG_CORE_THREAD, VG_THREAD_JOIN, 0x7fffffff, 0, 0, 0, rcResourceNotFound },
        { "join_self_high_bits", VG_CORE_THREAD, VG_THREAD_JOIN, 1ull << 32 | self, 0, 0, 0, rcResourceNotFound },
        { "set_priority_32", VG_CORE_THREAD, VG_THREAD_SET_PRIORITY, 0, 32, 0, 0, rcInvalidArgument },
        { "set_priority_high_bits", VG_CORE_THREAD, VG_THREAD_SET_PRIORITY, 0, 1ull << 32 | 15, 0, 0,
          rcInvalidArgument },
        { "set_priority_unknown_tid", VG_CORE_THREAD, VG_THREAD_SET_PRIORITY, 0x7fffffff, 15, 0, 0,
          rcResourceNotFound },
        { "wait_pid_0", VG_CORE_TASK, VG_TASK_WAIT, 0, 0, 0, 0, rcResourceNotFound },
        { "wait_self", VG_CORE_TASK, VG_TASK_WAIT, me.pid, 0, 0, 0, rcResourceNotFound },
        { "wait_unknown", VG_CORE_TASK, VG_TASK_WAIT, 0x7fffffff, 0, 0, 0, rcResourceNotFound },
        { "kill_self", VG_CORE_TASK, VG_TASK_KILL, me.pid, 0, 0, 0, rcInvalidArgument },
        { "kill_pid_0", VG_CORE_TASK, VG_TASK_KILL, 0, 0, 0, 0, rcResourceNotFound },
        { "kill_unknown", VG_CORE_TASK, VG_TASK_KILL, 0x7fffffff, 0, 0, 0, rcResourceNotFound },
        { "info_unknown", VG_CORE_TASK, VG_TASK_INFO, 0x7fffffff, 0, 0, 0, rcResourceNotFound },
        { "info_high_bits", VG_CORE_TASK, VG_TASK_INFO, 1ull << 32 | me.pid, 0, 0, 0, rcResourceNotFound },
        { "map_prot_0", VG_CORE_VMM, VG_VMM_MAP, 0, 4096, 0, 0, rcInvalidArgument },
        { "map_prot_8", VG_CORE_VMM, VG_VMM_MAP, 0, 4096, 8, 0, rcInvalidArgument },
        { "map_prot_wx", VG_CORE_VMM, VG_VMM_MAP, 0, 4096, 6, 0, rcInvalidArgument },
        { "map_prot_rwx", VG_CORE_VMM, VG_VMM_MAP, 0, 4096, 7, 0, rcInvalidArgument },
        /* W^X is refused for what the request is, before anything else is looked at: not "already
         * mapped", not "over quota". */
        { "map_wx_over_mapped", VG_CORE_VMM, VG_VMM_MAP, sc, 4096, 6, 0, rcInvalidArgument },
        { "map_wx_over_quota", VG_CORE_VMM, VG_VMM_MAP, 0, 1ull << 30, 6, 0, rcInvalidArgument },
        { "map_prot_high_bits", VG_CORE_VMM, VG_VMM_MAP, 0, 4096, 1ull << 32 | 1, 0, rcInvalidArgument },
        { "map_size_0", VG_CORE_VMM, VG_VMM_MAP, 0, 0, 1, 0, rcInvalidArgument },
        { "map_size_wraps", VG_CORE_VMM, VG_VMM_MAP, 0, ~0ull, 1, 0, rcInvalidArgument },
        { "map_hint_unaligned", VG_CORE_VMM, VG_VMM_MAP, UNMAPPED + 1, 4096, 1, 0, rcInvalidArgument },
        { "map_hint_low", VG_CORE_VMM, VG_VMM_MAP, 0x8000, 4096, 1, 0, rcInvalidArgument },
        { "map_hint_kernel", VG_CORE_VMM, VG_VMM_MAP, KADDR, 4096, 1, 0, rcInvalidArgument },
        { "map_hint_above_top", VG_CORE_VMM, VG_VMM_MAP, ABOVE_TOP, 4096, 1, 0, rcInvalidArgument },
        { "map_range_crosses_top", VG_CORE_VMM, VG_VMM_MAP, ABOVE_TOP - 4096, 8192, 1, 0, rcInvalidArgument },
        { "map_over_own_text", VG_CORE_VMM, VG_VMM_MAP, 0x400000, 4096, 1, 0, rcAlreadyExists },
        { "map_partly_over_mapped", VG_CORE_VMM, VG_VMM_MAP, sc - 4096, 8192, 3, 0, rcAlreadyExists },
        { "unmap_unaligned", VG_CORE_VMM, VG_VMM_UNMAP, sc + 8, 4096, 0, 0, rcInvalidArgument },
        { "unmap_size_0", VG_CORE_VMM, VG_VMM_UNMAP, sc, 0, 0, 0, rcInvalidArgument },
        { "unmap_size_wraps", VG_CORE_VMM, VG_VMM_UNMAP, sc, ~0ull, 0, 0, rcInvalidArgument },
        { "unmap_not_mapped", VG_CORE_VMM, VG_VMM_UNMAP, UNMAPPED, 4096, 0, 0, rcInvalidArgument },
        { "unmap_partly_mapped", VG_CORE_VMM, VG_VMM_UNMAP, sc, 8192, 0, 0, rcInvalidArgument },
        { "unmap_kernel", VG_CORE_VMM, VG_VMM_UNMAP, KADDR, 4096, 0, 0, rcInvalidArgument },
        { "protect_wx", VG_CORE_VMM, VG_VMM_PROTECT, sc, 4096, 6, 0, rcInvalidArgument },
        { "protect_text_wx", VG_CORE_VMM, VG_VMM_PROTECT, 0x400000, 4096, 6, 0, rcInvalidArgument },
        { "protect_prot_8", VG_CORE_VMM, VG_VMM_PROTECT, sc, 4096, 8, 0, rcInvalidArgument },
        { "protect_prot_0", VG_CORE_VMM, VG_VMM_PROTECT, sc, 4096, 0, 0, rcInvalidArgument },
        { "protect_unaligned", VG_CORE_VMM, VG_VMM_PROTECT, sc + 8, 4096, 1, 0, rcInvalidArgument },
        { "protect_size_0", VG_CORE_VMM, VG_VMM_PROTECT, sc, 0, 1, 0, rcInvalidArgument },
        { "protect_not_mapped", VG_CORE_VMM, VG_VMM_PROTECT, UNMAPPED, 4096, 1, 0, rcInvalidArgument },
        { "protect_partly_mapped", VG_CORE_VMM, VG_VMM_PROTECT, sc, 8192, 1, 0, rcInvalidArgument },
        { "futex_wait_unaligned_1", VG_CORE_SYNC, VG_SYNC_WAIT, w + 1, 1, 0, 0, rcInvalidArgument },
        { "futex_wait_unaligned_2", VG_CORE_SYNC, VG_SYNC_WAIT, w + 2, 1, 0, 0, rcInvalidArgument },
        { "futex_wait_null", VG_CORE_SYNC, VG_SYNC_WAIT, 0, 0, 0, 0, rcInvalidArgument },
        { "futex_wait_low", VG_CORE_SYNC, VG_SYNC_WAIT, 0xfffc, 0, 0, 0, rcInvalidArgument },
        { "futex_wait_kernel", VG_CORE_SYNC, VG_SYNC_WAIT, KADDR, 0, 0, 0, rcInvalidArgument },
        { "futex_wait_above_top", VG_CORE_SYNC, VG_SYNC_WAIT, ABOVE_TOP, 0, 0, 0, rcInvalidArgument },
        { "futex_wait_expected_high_bits", VG_CORE_SYNC, VG_SYNC_WAIT, w, 1ull << 32 | 1, 0, 0, rcInvalidArgument },
        { "futex_wait_unmapped", VG_CORE_SYNC, VG_SYNC_WAIT, UNMAPPED, 0, 0, 0, rcSourceFault },
        { "futex_wait_would_block", VG_CORE_SYNC, VG_SYNC_WAIT, w, 2, VG_INFINITE, 0, rcFutexWouldBlock },
        { "futex_wait_poll", VG_CORE_SYNC, VG_SYNC_WAIT, w, 1, 0, 0, rcTimeout },
        { "futex_wake_unaligned", VG_CORE_SYNC, VG_SYNC_WAKE, w + 2, 1, 0, 0, rcInvalidArgument },
        { "futex_wake_kernel", VG_CORE_SYNC, VG_SYNC_WAKE, KADDR, 1, 0, 0, rcInvalidArgument },
        { "futex_wake_null", VG_CORE_SYNC, VG_SYNC_WAKE, 0, 1, 0, 0, rcInvalidArgument },
        { "futex_wake_count_high_bits", VG_CORE_SYNC, VG_SYNC_WAKE, w, 1ull << 32, 0, 0, rcInvalidArgument },
        { "futex_wake_unmapped_ok", VG_CORE_SYNC, VG_SYNC_WAKE, UNMAPPED, 1, 0, 0, rcOk },
        { "handle_close_0", VG_CORE_HANDLE_EP, VG_HANDLE_CLOSE, 0, 0, 0, 0, rcInvalidArgument },
        { "handle_close_core", VG_CORE_HANDLE_EP, VG_HANDLE_CLOSE, VG_CORE_HANDLE, 0, 0, 0, rcInvalidOperation },
        { "handle_close_unused", VG_CORE_HANDLE_EP, VG_HANDLE_CLOSE, 77, 0, 0, 0, rcInvalidArgument },
        { "handle_close_high_bits", VG_CORE_HANDLE_EP, VG_HANDLE_CLOSE, 1ull << 32 | VG_CORE_HANDLE, 0, 0, 0,
          rcInvalidArgument },
        { "handle_copy_0", VG_CORE_HANDLE_EP, VG_HANDLE_COPY, 0, 0, 0, 0, rcInvalidArgument },
        { "handle_copy_unused", VG_CORE_HANDLE_EP, VG_HANDLE_COPY, 77, 0, 0, 0, rcInvalidArgument },
        { "handle_get_sid_0", VG_CORE_HANDLE_EP, VG_HANDLE_GET_SID, 0, 0, 0, 0, rcInvalidArgument },
        { "handle_get_sid_core", VG_CORE_HANDLE_EP, VG_HANDLE_GET_SID, VG_CORE_HANDLE, 0, 0, 0, rcNoCapability },
        { "handle_get_sid_unused", VG_CORE_HANDLE_EP, VG_HANDLE_GET_SID, 77, 0, 0, 0, rcInvalidArgument },
        { "handle_get_sid_high_bits", VG_CORE_HANDLE_EP, VG_HANDLE_GET_SID, 1ull << 32 | VG_CORE_HANDLE, 0, 0, 0,
          rcInvalidArgument },
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
        uint64_t val[2] = { 0, 0 };
        struct snap s = snap();
        rc_t rc = vg_core_call4(c[i].riid, c[i].mid, c[i].a0, c[i].a1, c[i].a2, c[i].a3, val);
        check(c[i].name, rc, rc == c[i].want, s);
    }
    /* Nothing changed: the priority is still 15, scratch still mapped and writable. */
    unsigned old = 99;
    vg_thread_set_priority(0, VG_PRIORITY_NORMAL, &old);
    UT_EXPECT("priority_unchanged", old == VG_PRIORITY_NORMAL, "priority %u", old);
    scratch[0] = 1;
    scratch[4095] = 2;
    UT_EXPECT("scratch_still_rw", scratch[0] == 1 && scratch[4095] == 2, "scratch page changed");
}

/* A refused W|X PROTECT in the middle of a mapping changes nothing, not even the kernel's table of
 * regions (a split left behind would use up its VM_MAX_REGIONS entries): a hundred of them, each on
 * another page, and every one is rcInvalidArgument; then new mappings still fit. */
static void wx_protect_changes_nothing(void)
{
    enum { N = 100 };
    char *va = 0;
    struct snap s = snap();
    rc_t rc = vg_vmm_map(0, (2 * N + 1) * 4096, VG_PROT_READ | VG_PROT_WRITE, (void **)&va);
    int refused = 0;
    rc_t bad = rcOk;
    for (int i = 0; rc == rcOk && i < N; i++) {
        rc_t prc = vg_vmm_protect(va + (2 * i + 1) * 4096, 4096, VG_PROT_WRITE | VG_PROT_EXEC);
        if (prc == rcInvalidArgument)
            refused++;
        else if (bad == rcOk)
            bad = prc;
    }
    static void *more[16];
    int mapped = 0;
    for (int i = 0; i < 16; i++)
        mapped += vg_vmm_map(0, 4096, VG_PROT_READ, &more[mapped]) == rcOk;
    for (int i = 0; i < mapped; i++)
        vg_vmm_unmap(more[i], 4096);
    va[0] = 1;   /* still RW, all of it */
    va[2 * N * 4096] = 2;
    rc_t urc = rc == rcOk ? vg_vmm_unmap(va, (2 * N + 1) * 4096) : rc;
    check("protect_wx_changes_nothing", rc, rc == rcOk && refused == N && mapped == 16 && urc == rcOk, s);
    if (refused != N || mapped != 16)
        printf("t_badinput: %d of %d W|X protects refused (first other result %s), %d of 16 maps after\n",
               refused, N, rc_name(bad), mapped);
}

/* Mappings at exact hints may touch: one right below another (ending where it begins) and one right
 * above are not overlaps; a range covering a mapped page is. The three then unmap as one range. */
static void adjacent_mappings(void)
{
    char *mid = (char *)(uintptr_t)(UNMAPPED + 0x100000);
    void *va;
    struct snap s = snap();
    rc_t r1 = vg_vmm_map(mid, 4096, VG_PROT_READ | VG_PROT_WRITE, &va);
    rc_t r2 = vg_vmm_map(mid - 4096, 4096, VG_PROT_READ | VG_PROT_WRITE, &va);
    rc_t r3 = vg_vmm_map(mid + 4096, 4096, VG_PROT_READ | VG_PROT_WRITE, &va);
    rc_t r4 = vg_vmm_map(mid - 8192, 8192, VG_PROT_READ | VG_PROT_WRITE, &va);
    rc_t r5 = vg_vmm_map(mid + 4096, 8192, VG_PROT_READ | VG_PROT_WRITE, &va);
    if (r1 == rcOk && r2 == rcOk && r3 == rcOk) {
        mid[-4096] = 1;
        mid[0] = 2;
        mid[8191] = 3;
    }
    rc_t u = vg_vmm_unmap(mid - 4096, 3 * 4096);
    check("map_right_below_and_above_mapped", r2, r1 == rcOk && r2 == rcOk && r3 == rcOk && u == rcOk, s);
    if (r1 != rcOk || r2 != rcOk || r3 != rcOk || u != rcOk)
        printf("t_badinput: map at, below, above %s %s %s; unmap of the three %s\n", rc_name(r1), rc_name(r2),
               rc_name(r3), rc_name(u));
    UT_EXPECT("map_over_adjacent_still_overlaps", r4 == rcAlreadyExists && r5 == rcAlreadyExists, "%s, %s",
              rc_name(r4), rc_name(r5));
}

/* Response buffer errors on a method without side effects. */
static void response_cases(void)
{
    struct vg_core_req r = req_of(VG_CORE_TIME, VG_TIME_NOW);
    static const uint64_t bad[] = { 0, KADDR, UNMAPPED, 0 };
    static const char *const names[] = { "response_data_null", "response_data_kernel", "response_data_unmapped",
                                         "response_data_readonly" };
    for (int i = 0; i < 4; i++) {
        void *dst = i == 3 ? (void *)(uintptr_t)&ro_res : (void *)(uintptr_t)bad[i];
        struct snap s = snap();
        rc_t rc = raw(&r, sizeof r, 0, 0, dst, sizeof(struct vg_core_res));
        check(names[i], rc, rc == rcTargetFault, s);
    }
    struct snap s = snap();
    rc_t rc = raw(&r, sizeof r, 0, 0, straddle, sizeof(struct vg_core_res));
    check("response_data_straddles_unmapped", rc, rc == rcTargetFault, s);
    static const uint32_t small[] = { 0, 24, 47 };
    char name[64];
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "response_size_%u", small[i]);
        s = snap();
        rc = raw(&r, sizeof r, 0, 0, &res_buf, small[i]);
        check(name, rc, rc == rcBufferTooSmall && res_untouched(), s);
    }
}

/* Exit methods with a non-zero unused argument must be refused, not performed. */
static int bad_thread_exit(void *arg)
{
    (void)arg;
    rc_t rc = vg_core_call4(VG_CORE_THREAD, VG_THREAD_EXIT, 13, 1, 0, 0, 0);
    return rc == rcInvalidArgument ? 0 : 1;
}

static void exit_cases(void)
{
    vg_thread_t *t;
    int code = -1;
    rc_t rc = vg_thread_create(&t, bad_thread_exit, 0, VG_PRIORITY_NORMAL, 0);
    if (rc == rcOk)
        rc = vg_thread_join(t, VG_INFINITE, &code);
    UT_EXPECT("thread_exit_unused_arg", rc == rcOk && code == 0, "%s, code %d (13: the exit was performed)",
              rc_name(rc), code);
    vg_pid_t pid;
    enum vg_task_end how = 9;
    code = -1;
    rc = ut_child("bad-task-exit", 0, 0, &pid);
    if (rc == rcOk)
        rc = ut_wait(pid, 10 * UT_SEC, &code, &how);
    UT_EXPECT("task_exit_unused_arg", rc == rcOk && how == VG_TASK_EXITED && code == 0,
              "%s, %s, code %d (13: the exit was performed)", rc_name(rc), ut_how(how), code);
}

/* A method whose response cannot be written: Call gives rcTargetFault and, being an error of the
 * message, the method must not have run (docs/core-endpoints.md: nothing changes). */
static volatile int raw_thread_ran;
static void raw_thread(uint64_t arg)
{
    (void)arg;
    raw_thread_ran = 1;
    for (;;)
        vg_core_call4(VG_CORE_THREAD, VG_THREAD_EXIT, 0, 0, 0, 0, 0);
}

static void unwritable_response_side_effects(void)
{
    struct vg_core_req r = req_of(VG_CORE_VMM, VG_VMM_MAP);
    r.arg[1] = 4096;
    r.arg[2] = VG_PROT_READ;
    struct snap s = snap();
    rc_t rc = raw(&r, sizeof r, 0, 0, (void *)(uintptr_t)&ro_res, sizeof ro_res);
    check("map_unwritable_response_no_effect", rc, rc == rcTargetFault, s);

    void *stack;
    vg_vmm_map(0, 16384, VG_PROT_READ | VG_PROT_WRITE, &stack);
    raw_thread_ran = 0;
    r = req_of(VG_CORE_THREAD, VG_THREAD_CREATE);
    r.arg[0] = (uintptr_t)&raw_thread;
    r.arg[2] = (uintptr_t)stack + 16384;
    r.arg[3] = VG_PRIORITY_NORMAL;
    rc = raw(&r, sizeof r, 0, 0, (void *)(uintptr_t)&ro_res, sizeof ro_res);
    vg_thread_sleep(5 * UT_MS);
    UT_EXPECT("create_unwritable_response_no_thread", rc == rcTargetFault && !raw_thread_ran,
              "%s, the thread %s", rc_name(rc), raw_thread_ran ? "was created and ran (its tid is lost)" : "did not run");
    vg_vmm_unmap(stack, 16384);   /* the thread, if any, has exited */

    struct vg_task_info me;
    vg_task_info(0, &me);
    static const char arena[] = "t_child\0t_child\0exit\0" "0";
    r = req_of(VG_CORE_TASK, VG_TASK_START);
    r.hdr.arena_size = sizeof arena;
    r.arg[0] = 3;
    r.str[0] = (struct vg_arena_ptr){ 0, 8 };
    r.str[1] = (struct vg_arena_ptr){ 8, sizeof arena - 8 };
    s = snap();
    rc = raw(&r, sizeof r, arena, sizeof arena, (void *)(uintptr_t)&ro_res, sizeof ro_res);
    /* Find a child we were not told about (its pid was in the unwritten response). */
    vg_pid_t lost = 0;
    for (vg_pid_t p = 1; p < 1000 && !lost; p++) {
        struct vg_task_info ti;
        if (vg_task_info(p, &ti) == rcOk && ti.parent == me.pid)
            lost = p;
    }
    if (lost)
        vg_task_wait(lost, VG_INFINITE, 0, 0);
    UT_EXPECT("start_unwritable_response_no_process", rc == rcTargetFault && !lost,
              "%s, %s", rc_name(rc), lost ? "a child process was started (its pid is lost)" : "no child");
}

/* A kernel call by the register ABI (docs/core-endpoints.md, "The register form"): x1 hdr, x2-x7 w;
 * out[0..6] = x1-x7 after it. Also whether x8-x11 came back as they went. */
static rc_t core_reg(uint64_t hdr, const uint64_t w[6], uint64_t out[7], int *kept)
{
    register uint64_t x0 __asm__("x0") = VG_CORE_HANDLE, x1 __asm__("x1") = hdr, x2 __asm__("x2") = w[0],
                      x3 __asm__("x3") = w[1], x4 __asm__("x4") = w[2], x5 __asm__("x5") = w[3],
                      x6 __asm__("x6") = w[4], x7 __asm__("x7") = w[5];
    register uint64_t x8 __asm__("x8") = VG_SYS_CALL_REG, x9 __asm__("x9") = 0x9999, x10 __asm__("x10") = 0,
                      x11 __asm__("x11") = 0x1111;
    __asm__ volatile("svc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7), "+r"(x8),
                       "+r"(x9), "+r"(x10), "+r"(x11)
                     :
                     : "memory");
    const uint64_t o[7] = { x1, x2, x3, x4, x5, x6, x7 };
    memcpy(out, o, sizeof o);
    *kept = x8 == VG_SYS_CALL_REG && x9 == 0x9999 && x10 == 0 && x11 == 0x1111;
    return (rc_t)x0;
}

static void register_form_cases(void)
{
    const uint32_t q = sizeof(struct vg_core_req);
    static const uint64_t none[6];
    static const uint64_t arg0[6] = { 1 }, str0[6] = { 0, 0, 0, 0, 1ull << 32 }, str1[6] = { 0, 0, 0, 0, 0, 1 };
    const struct {
        const char *name;
        uint64_t hdr;
        const uint64_t *w;
    } bad[] = {
        { "reg_core_size_short", vg_reg_hdr(q - 8, VG_CORE_TIME, VG_TIME_NOW, VG_MSG_REQUEST), none },
        { "reg_core_size_header_only", vg_reg_hdr(24, VG_CORE_TIME, VG_TIME_NOW, VG_MSG_REQUEST), none },
        { "reg_core_response_flags", vg_reg_hdr(q, VG_CORE_TIME, VG_TIME_NOW, VG_MSG_RESPONSE), none },
        { "reg_core_high_bits", vg_reg_hdr(q, VG_CORE_TIME, VG_TIME_NOW, VG_MSG_REQUEST) | 1ull << 60, none },
        { "reg_core_riid_unknown", vg_reg_hdr(q, VG_CORE_RIID_COUNT, 0, VG_MSG_REQUEST), none },
        { "reg_core_mid_unknown", vg_reg_hdr(q, VG_CORE_TIME, 99, VG_MSG_REQUEST), none },
        { "reg_core_unused_arg", vg_reg_hdr(q, VG_CORE_TIME, VG_TIME_NOW, VG_MSG_REQUEST), arg0 },
        { "reg_core_unused_str0", vg_reg_hdr(q, VG_CORE_TIME, VG_TIME_NOW, VG_MSG_REQUEST), str0 },
        { "reg_core_unused_str1", vg_reg_hdr(q, VG_CORE_TIME, VG_TIME_NOW, VG_MSG_REQUEST), str1 },
        /* A string method has no arena to find its string in: refused, not read from anywhere. */
        { "reg_core_string_method", vg_reg_hdr(q, VG_CORE_HAL, VG_HAL_DEBUG_WRITE, VG_MSG_REQUEST), str0 },
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct snap s = snap();
        uint64_t out[7];
        int kept;
        rc_t rc = core_reg(bad[i].hdr, bad[i].w, out, &kept);
        /* Refused before anything is decided: no response, the message registers as they went. */
        check(bad[i].name, rc, rc == rcInvalidArgument && kept && out[0] == bad[i].hdr && out[1] == bad[i].w[0], s);
    }
    struct snap s = snap();
    uint64_t out[7];
    int kept;
    rc_t rc = core_reg(vg_reg_hdr(q, VG_CORE_TIME, VG_TIME_NOW, VG_MSG_REQUEST), none, out, &kept);
    check("reg_core_time_now", rc,
          rc == rcOk && kept && out[0] == vg_reg_hdr(sizeof(struct vg_core_res), VG_CORE_TIME, VG_TIME_NOW,
                                                      VG_MSG_RESPONSE) &&
              out[1] == 0 && out[2] != 0 && out[3] == 0 && out[4] == 0 && out[5] == 0 && out[6] == 0,
          s);
}

int main(void)
{
    ut_known_bugs();
    void *va;
    if (vg_vmm_map(0, 4096, VG_PROT_READ | VG_PROT_WRITE, &va) != rcOk)
        return 1;
    scratch = va;
    if (vg_vmm_map(0, 8192, VG_PROT_READ | VG_PROT_WRITE, &va) != rcOk ||
        vg_vmm_unmap((char *)va + 4096, 4096) != rcOk)
        return 1;
    straddle = (char *)va + 4096 - 8;
    printf("t_badinput: scratch %p, straddle %p\n", (void *)scratch, (void *)straddle);
    struct snap start = snap();

    msgbuf_cases();
    header_cases();
    unused_field_cases();
    arena_cases();
    start_string_cases();
    method_arg_cases();
    wx_protect_changes_nothing();
    adjacent_mappings();
    response_cases();
    exit_cases();
    unwritable_response_side_effects();
    register_form_cases();

    struct snap end = snap();
    UT_EXPECT("memory_unchanged_overall", end.free == start.free && end.used == start.used,
              "free %llu -> %llu, used %llu -> %llu", (unsigned long long)start.free, (unsigned long long)end.free,
              (unsigned long long)start.used, (unsigned long long)end.used);
    printf("t_badinput: %d failed\n", check_failures);
    return check_failures;
}
