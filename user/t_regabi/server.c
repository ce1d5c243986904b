/* The three servers of the register ABI tests (user/t_regabi/regabi.h). */
#include <string.h>
#include "regabi.h"

uint32_t regabi_answer(struct served *st, const void *q, const uint8_t *arena, void *res)
{
    const struct vg_msg_hdr *h = q;
    uint64_t r = 0xdead; /* Denied, or anything unexpected */
    st->served++;
    switch (h->mid) {
    case t_regabi_Reg_Add_mid: {
        const struct t_regabi_Reg_Add_req *a = q;
        r = a->a + a->b;
        break;
    }
    case t_regabi_Reg_Six_mid: {
        const struct t_regabi_Reg_Six_req *a = q;
        r = a->a + a->b + a->c + a->d + a->e + a->f;
        break;
    }
    case t_regabi_Reg_Seven_mid: {
        const struct t_regabi_Reg_Seven_req *a = q;
        r = a->a + a->b + a->c + a->d + a->e + a->f + a->g;
        break;
    }
    case t_regabi_Reg_Odd_mid: {
        struct t_regabi_Reg_Odd_out *o = res;
        *o = (struct t_regabi_Reg_Odd_out){.hdr = {.size = sizeof *o, .mid = h->mid, .flags = VG_MSG_RESPONSE},
                                           .r = ((const struct t_regabi_Reg_Odd_req *)q)->v + 1};
        return sizeof *o;
    }
    case t_regabi_Reg_Big_mid: {
        uint64_t a = ((const struct t_regabi_Reg_Big_req *)q)->a;
        struct t_regabi_Reg_Big_out *o = res;
        *o = (struct t_regabi_Reg_Big_out){.hdr = {.size = sizeof *o, .mid = h->mid, .flags = VG_MSG_RESPONSE},
                                           a + 1, a + 2, a + 3, a + 4, a + 5, a + 6, a + 7};
        return sizeof *o;
    }
    case t_regabi_Reg_Str_mid: {
        const struct t_regabi_Reg_Str_req *a = q;
        r = a->s.size + (a->s.size == 5 && memcmp(arena + a->s.offset, "hello", 5) == 0 ? 0x100 : 0);
        break;
    }
    case t_regabi_Reg_Count_mid:
        st->served--; /* asking is not served */
        r = st->served | st->leaks << 32;
        break;
    }
    struct t_regabi_Reg_Add_out *o = res; /* every other answer is one UInt64 */
    *o = (struct t_regabi_Reg_Add_out){.hdr = {.size = sizeof *o, .mid = h->mid, .flags = VG_MSG_RESPONSE}, .r = r};
    return sizeof *o;
}

static union {
    union t_regabi_Reg_req q;
    uint8_t bytes[256];
} req;
static union {
    union t_regabi_Reg_res r;
    struct t_regabi_Reg_Big_out big;
    uint8_t bytes[256];
} res;
static uint8_t arena[128];

static int serve_memory(vg_handle_t listener, struct served *st)
{
    struct vg_msgbuf in = {&req, sizeof req, sizeof arena, arena};
    for (;;) {
        rc_t rc = vg_recv(listener, &in);
        if (rc != rcOk)
            return rc == rcNotConnected ? 0 : 2;
        uint32_t n = regabi_answer(st, &req, arena, &res);
        struct vg_msgbuf out = {&res, n, 0, 0};
        vg_reply(listener, &out); /* Big's answer fails for a register client: rcBufferTooSmall */
    }
}

static int serve_registers(vg_handle_t listener, struct served *st, int fallback)
{
    struct vg_msgbuf big = {&req, sizeof req, sizeof arena, arena};
    struct vg_regmsg m = {0, {0}};
    for (;;) {
        rc_t rc = vg_reply_recv_reg(listener, &m, fallback ? &big : 0);
        uint32_t n;
        if (rc == rcBufferTooSmall && !fallback) {
            /* It does not fit and we gave no buffer: take it by memory and mark the answer. */
            if ((rc = vg_recv(listener, &big)) != rcOk)
                return 2;
            n = regabi_answer(st, &req, arena, &res);
            ((struct t_regabi_Reg_Add_out *)&res)->r = REGABI_TOO_SMALL_MARK;
        } else if (rc != rcOk) {
            return rc == rcNotConnected ? 0 : 2;
        } else if (m.hdr & VG_REG_IN_MEMORY) {
            n = regabi_answer(st, &req, arena, &res);
        } else {
            /* Nothing past the size may arrive: not the client's, not an earlier message's. */
            uint32_t size = vg_reg_size(m.hdr);
            const uint8_t *w = (const uint8_t *)m.w;
            for (uint32_t i = size - sizeof(struct vg_msg_hdr); i < 8 * VG_REG_WORDS; i++)
                if (w[i])
                    st->leaks++;
            vg_reg_unpack(&m, &req);
            n = regabi_answer(st, &req, arena, &res);
        }
        if (n <= VG_REG_MAX_SIZE) {
            vg_reg_pack(&res, &m);
        } else {
            struct vg_msgbuf out = {&res, n, 0, 0};
            vg_reply(listener, &out);
            m.hdr = 0; /* answered: only receive */
        }
    }
}

int server_main(const char *mode)
{
    vg_handle_t listener, sh;
    if (vg_ipc_register(mode, &listener, &sh) != rcOk) /* the channel is named after the server */
        return 1;
    struct served st = {0, 0};
    if (strcmp(mode, "MemServer") == 0)
        return serve_memory(listener, &st);
    return serve_registers(listener, &st, strcmp(mode, "RegServer") == 0);
}
