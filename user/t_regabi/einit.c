/* Einit of the register ABI tests (user/t_regabi/regabi.h): every method through the memory ABI and
 * the register ABI to each of the three servers; the same answers either way, words past a register
 * message's size zero on both sides, bad register headers refused before delivery. */
#include <string.h>
#include "regabi.h"

static const char *const servers[3] = {"RegServer", "RegNoFb", "MemServer"};
static vg_handle_t to[3];
static vg_pid_t pid[3];
static uint8_t arena[128];

/* A call in memory form (q of q_size bytes, arena a_size bytes of `arena`), by either ABI; the
 * response's memory form into res. */
static rc_t call(int s, int regs, void *q, uint32_t q_size, uint32_t a_size, void *res, uint32_t res_size)
{
    struct vg_msg_hdr *h = q;
    *h = (struct vg_msg_hdr){.size = q_size, .riid = 0, .mid = h->mid, .flags = VG_MSG_REQUEST, .arena_size = a_size};
    if (!regs) {
        struct vg_msgbuf in = {q, q_size, a_size, arena}, out = {res, res_size, 0, 0};
        return vg_call(to[s], &in, &out);
    }
    struct vg_regmsg m;
    vg_reg_pack(q, &m);
    rc_t rc = vg_call_reg(to[s], &m);
    if (rc == rcOk)
        vg_reg_unpack(&m, res);
    return rc;
}

/* A one-UInt64-answer method's result (or ~0 on an error). */
static uint64_t r64(const void *res) { return ((const struct t_regabi_Reg_Add_out *)res)->r; }

static uint64_t count(int s)
{
    struct t_regabi_Reg_Count_req q = {.hdr = {.mid = t_regabi_Reg_Count_mid}};
    union t_regabi_Reg_res res;
    return call(s, 0, &q, sizeof q, 0, &res, sizeof res) == rcOk ? r64(&res) : ~0ull;
}

static void methods(int s, int regs)
{
    char n[96];
    const char *abi = regs ? "reg" : "mem";
    union {
        union t_regabi_Reg_res r;
        struct t_regabi_Reg_Big_out big;
    } res;
    struct t_regabi_Reg_Add_req add = {.hdr = {.mid = t_regabi_Reg_Add_mid}, .a = 3, .b = 4};
    rc_t rc = call(s, regs, &add, sizeof add, 0, &res, sizeof res);
    snprintf(n, sizeof n, "%s_%s_add", abi, servers[s]);
    CHECK(n, rc == rcOk && r64(&res) == 7 && res.r.hdr.size == 32 && res.r.hdr.flags == VG_MSG_RESPONSE,
          "%s, r %llu, size %u", rc_name(rc), (unsigned long long)r64(&res), res.r.hdr.size);
    struct t_regabi_Reg_Six_req six = {.hdr = {.mid = t_regabi_Reg_Six_mid}, 1, 2, 3, 4, 5, 6};
    rc = call(s, regs, &six, sizeof six, 0, &res, sizeof res);
    snprintf(n, sizeof n, "%s_%s_six_words_the_largest_register_request", abi, servers[s]);
    CHECK(n, rc == rcOk && r64(&res) == 21, "%s, r %llu", rc_name(rc), (unsigned long long)r64(&res));
    struct t_regabi_Reg_Odd_req odd = {.hdr = {.mid = t_regabi_Reg_Odd_mid}, .v = 0x11223344};
    rc = call(s, regs, &odd, sizeof odd, 0, &res, sizeof res);
    snprintf(n, sizeof n, "%s_%s_odd_size", abi, servers[s]);
    uint32_t odd_r = ((struct t_regabi_Reg_Odd_out *)&res)->r;
    CHECK(n, rc == rcOk && odd_r == 0x11223345 && res.r.hdr.size == 28, "%s, r 0x%x", rc_name(rc), odd_r);
    struct t_regabi_Reg_Big_req bq = {.hdr = {.mid = t_regabi_Reg_Big_mid}, .a = 10};
    memset(&res, 0, sizeof res);
    rc = call(s, regs, &bq, sizeof bq, 0, &res, sizeof res);
    snprintf(n, sizeof n, "%s_%s_big_response", abi, servers[s]);
    if (regs) {
        CHECK(n, rc == rcBufferTooSmall, "an 80-byte response to a register Call: %s", rc_name(rc));
        /* With a fallback buffer the response goes there, and the header word says so. */
        struct vg_regmsg m;
        struct t_regabi_Reg_Big_req b2 = {.hdr = {.size = sizeof b2, .mid = t_regabi_Reg_Big_mid,
                                                  .flags = VG_MSG_REQUEST}, .a = 20};
        vg_reg_pack(&b2, &m);
        memset(&res, 0, sizeof res);
        struct vg_msgbuf big = {&res, sizeof res, 0, 0};
        rc = vg_call_reg_ex(to[s], &m, &big, VG_INFINITE, VG_INVALID_HANDLE);
        snprintf(n, sizeof n, "reg_%s_big_response_to_the_fallback", servers[s]);
        CHECK(n, rc == rcOk && (m.hdr & VG_REG_IN_MEMORY) && vg_reg_size(m.hdr) == 80 && res.big.r1 == 21 &&
                     res.big.r7 == 27 && m.w[0] == 0,
              "%s, header 0x%llx, r1 %llu", rc_name(rc), (unsigned long long)m.hdr, (unsigned long long)res.big.r1);
    } else {
        CHECK(n, rc == rcOk && res.big.r1 == 11 && res.big.r7 == 17, "%s, r1 %llu r7 %llu", rc_name(rc),
              (unsigned long long)res.big.r1, (unsigned long long)res.big.r7);
    }
    struct t_regabi_Reg_Denied_req dq = {.hdr = {.mid = t_regabi_Reg_Denied_mid}, .a = 1};
    uint64_t before = count(s);
    rc = call(s, regs, &dq, sizeof dq, 0, &res, sizeof res);
    uint64_t after = count(s);
    snprintf(n, sizeof n, "%s_%s_denied_not_delivered", abi, servers[s]);
    CHECK(n, rc == rcSecurityDisallow && after == before, "%s, served %llx -> %llx", rc_name(rc),
          (unsigned long long)before, (unsigned long long)after);
    if (regs)
        return;
    /* Only the memory ABI can send these: a register server takes them through its fallback buffer,
     * one without a fallback gets rcBufferTooSmall (and takes it by memory: the mark). */
    struct t_regabi_Reg_Seven_req seven = {.hdr = {.mid = t_regabi_Reg_Seven_mid}, 1, 2, 3, 4, 5, 6, 7};
    rc = call(s, 0, &seven, sizeof seven, 0, &res, sizeof res);
    snprintf(n, sizeof n, "mem_%s_seven_words", servers[s]);
    uint64_t want = s == 1 ? REGABI_TOO_SMALL_MARK : 28;
    CHECK(n, rc == rcOk && r64(&res) == want, "%s, r %llu (want %llu)", rc_name(rc), (unsigned long long)r64(&res),
          (unsigned long long)want);
    struct t_regabi_Reg_Str_req sq = {.hdr = {.mid = t_regabi_Reg_Str_mid}, .s = {0, 5}};
    memcpy(arena, "hello", 5);
    rc = call(s, 0, &sq, sizeof sq, 5, &res, sizeof res);
    snprintf(n, sizeof n, "mem_%s_arena", servers[s]);
    want = s == 1 ? REGABI_TOO_SMALL_MARK : 0x105;
    CHECK(n, rc == rcOk && r64(&res) == want, "%s, r 0x%llx (want 0x%llx)", rc_name(rc),
          (unsigned long long)r64(&res), (unsigned long long)want);
}

/* What a register client sends past its message's size never arrives, and what it gets past the
 * response's size is zero, whatever its registers held. */
static void no_leaks(int s)
{
    char n[96];
    struct vg_regmsg m;
    struct t_regabi_Reg_Odd_req odd = {.hdr = {.size = sizeof odd, .mid = t_regabi_Reg_Odd_mid, .flags = VG_MSG_REQUEST},
                                       .v = 41};
    vg_reg_pack(&odd, &m);
    m.w[0] |= 0xfeedface00000000ull; /* past the 28 bytes */
    for (unsigned i = 1; i < VG_REG_WORDS; i++)
        m.w[i] = 0x5eC2e7000000000ull + i;
    rc_t rc = vg_call_reg(to[s], &m);
    int zero = 1;
    for (unsigned i = 1; i < VG_REG_WORDS; i++)
        zero &= m.w[i] == 0;
    snprintf(n, sizeof n, "reg_%s_words_past_the_size_zero", servers[s]);
    CHECK(n, rc == rcOk && (uint32_t)m.w[0] == 42 && (m.w[0] >> 32) == 0 && zero && vg_reg_size(m.hdr) == 28,
          "%s, w0 0x%llx, w1 0x%llx", rc_name(rc), (unsigned long long)m.w[0], (unsigned long long)m.w[1]);
    uint64_t c = count(s);
    snprintf(n, sizeof n, "%s_saw_nothing_past_any_size", servers[s]);
    CHECK(n, (c >> 32) == 0, "%llu register requests had bytes past their size", (unsigned long long)(c >> 32));
}

/* A bad header word is refused before anything is decided or delivered. */
static void bad_headers(int s)
{
    const struct {
        const char *name;
        uint64_t hdr;
    } bad[] = {
        {"size_below_the_header", vg_reg_hdr(16, 0, t_regabi_Reg_Add_mid, VG_MSG_REQUEST)},
        {"size_past_the_registers", vg_reg_hdr(80, 0, t_regabi_Reg_Seven_mid, VG_MSG_REQUEST)},
        {"size_not_the_methods", vg_reg_hdr(48, 0, t_regabi_Reg_Add_mid, VG_MSG_REQUEST)},
        {"response_flags", vg_reg_hdr(40, 0, t_regabi_Reg_Add_mid, VG_MSG_RESPONSE)},
        {"reserved_bits", vg_reg_hdr(40, 0, t_regabi_Reg_Add_mid, VG_MSG_REQUEST) | 1ull << 56},
        {"in_memory_bit", vg_reg_hdr(40, 0, t_regabi_Reg_Add_mid, VG_MSG_REQUEST) | VG_REG_IN_MEMORY},
        {"unknown_riid", vg_reg_hdr(40, 5, t_regabi_Reg_Add_mid, VG_MSG_REQUEST)},
        {"unknown_mid", vg_reg_hdr(40, 0, 99, VG_MSG_REQUEST)},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint64_t before = count(s);
        struct vg_regmsg m = {bad[i].hdr, {1, 2, 3, 4, 5, 6}};
        rc_t rc = vg_call_reg(to[s], &m);
        uint64_t after = count(s);
        char n[96];
        snprintf(n, sizeof n, "reg_%s_bad_%s", servers[s], bad[i].name);
        CHECK(n, rc == rcInvalidArgument && after == before, "%s, served %llx -> %llx", rc_name(rc),
              (unsigned long long)before, (unsigned long long)after);
    }
}

int einit_main(void)
{
    for (int s = 0; s < 3; s++) {
        rc_t rc = vg_task_start_ex(servers[s], (const char *const[]){servers[s], 0}, 0, VG_TASK_SUSPENDED, &pid[s]);
        if (rc == rcOk)
            rc = vg_ipc_create_channel(0, pid[s], servers[s], &to[s], 0);
        if (rc == rcOk)
            rc = vg_task_resume(pid[s]);
        if (rc != rcOk) {
            printf("FAIL regabi_setup: %s: %s\n", servers[s], rc_name(rc));
            return 1;
        }
    }
    for (int s = 0; s < 3; s++) {
        methods(s, 0);
        methods(s, 1);
        no_leaks(s);
        bad_headers(s);
    }
    for (int s = 0; s < 3; s++) {
        vg_handle_close(to[s]); /* the server's Recv then says rcNotConnected and it exits 0 */
        int code = -1;
        rc_t rc = vg_task_wait(pid[s], 5000000000ull, &code, 0);
        char n[64];
        snprintf(n, sizeof n, "%s_exits_cleanly", servers[s]);
        CHECK(n, rc == rcOk && code == 0, "%s, code %d", rc_name(rc), code);
    }
    printf("regabi: %d failed\n", check_failures);
    return check_failures != 0;
}
