/* Rule programs compiled to C (tools/pslc/native.c, docs/ksm.md "Compiled rules") against the
 * interpreter (ksm/eval.c), for the one policy this is linked with (suite 40-pslc links it with every
 * policy of the tree). Every block any route reaches that pslc compiled is run both ways on the same
 * events: messages and SIDs whose fields take the program's own constants and their neighbours, the
 * edges of each field's width and random bits, seeded and reproducible. Both must give the same result
 * (grant, deny, error) and the same deciding site.
 *
 *   test_native NAME [TRIALS]   prints "ok native-NAME: ..." or "FAIL native-NAME: why" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksm/audit.h"
#include "ksm/eval.h"
#include "ksm/ksm.h"
#include "ksm/layout.h"
#include "ksm/policy.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;   /* fixed seed: a failure reproduces */

static uint64_t next(void) {   /* splitmix64 */
    uint64_t z = (rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* The program's integer constants as 64-bit patterns (a negative one two's complement). */
static uint64_t consts[256];
static unsigned nconsts;

static void collect_consts(const struct ksm_rblock *b, uint32_t len) {
    nconsts = 0;
    for (uint32_t pc = 0; pc < len && nconsts < 256; pc++) {
        const struct ksm_insn *in = &b->code[pc];
        if (in->op != KOP_CONST || ksm_policy.consts[in->c].tag != KV_INT)
            continue;
        const struct ksm_value *v = &ksm_policy.consts[in->c];
        consts[nconsts++] = v->neg ? (uint64_t)0 - v->u.mag : v->u.mag;
    }
}

/* A value for a field of `width` bytes: a constant of the program or one next to it, an edge of the
 * width (signed or not), or random bits. */
static uint64_t pick(unsigned width) {
    uint64_t mask = width >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * width)) - 1;
    unsigned k = (unsigned)(next() % 8);
    if (k < 3 && nconsts)
        return (consts[next() % nconsts] + (uint64_t)(k - 1)) & mask;   /* c - 1, c, c + 1 */
    switch (k) {
    case 3: return 0;
    case 4: return 1;
    case 5: return mask;                                       /* unsigned max, signed -1 */
    case 6: return (mask >> 1) + (next() & 1);                 /* signed max or min */
    default: return next() & mask;
    }
}

/* The length of a program: up to its last END (the code arrays are not counted in the policy). */
static uint32_t program_length(const struct ksm_rblock *b) {
    uint32_t len = 0, end = 0;
    /* Every jump target and every instruction is before the final END: walk until an END past which no
     * jump goes. */
    for (uint32_t pc = 0;; pc++) {
        const struct ksm_insn *in = &b->code[pc];
        if ((in->op == KOP_JMP || in->op == KOP_JF_KEEP || in->op == KOP_JT_KEEP || in->op == KOP_JNE_POP ||
             in->op == KOP_JNRE) && in->c > end)
            end = in->c;
        if (in->op == KOP_END && pc >= end) {
            len = pc + 1;
            break;
        }
    }
    return len;
}

static _Alignas(8) uint8_t msg[VG_MSG_MAX_SIZE];

/* Fills the fields the program reads and the SIDs; the rest of the message stays random. */
static void make_event(const struct ksm_rblock *b, uint32_t len, struct ksm_event *ev) {
    for (size_t i = 0; i < sizeof msg; i += 8) {
        uint64_t r = next();
        memcpy(msg + i, &r, 8);
    }
    for (uint32_t pc = 0; pc < len; pc++) {
        const struct ksm_insn *in = &b->code[pc];
        if (in->op == KOP_MSG_INT && in->a <= 8 && in->c + in->a <= sizeof msg) {
            uint64_t v = pick(in->a);
            for (unsigned i = 0; i < in->a; i++)
                msg[in->c + i] = (uint8_t)(v >> (8 * i));
        }
    }
    ev->src_sid = (ksm_sid_t)pick(4);
    ev->dst_sid = (ksm_sid_t)pick(4);
    ev->msg = msg;
    ev->msg_size = sizeof msg;
}

static void drain(void) {
    struct ksm_audit_record r[16];
    while (ksm_audit_read(r, 16) > 0) {
    }
}

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "policy";
    unsigned trials = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 3000;
    static uint8_t seen[65536];
    unsigned compiled = 0, interpreted = 0, rules = 0;
    ksm_init(1);
    int n = ksm_class_count();
    for (int src = 0; src < n; src++)
        for (int dst = 0; dst < n; dst++) {
            const struct ksm_route *route = ksm_route(src, dst);
            for (unsigned kind = 0; kind < KSM_EV_COUNT; kind++) {
                const uint32_t *sets = route->sets[kind];
                const struct ksm_space *sp = route->space[kind];
                uint32_t npoints = 0;
                if (kind == KSM_EV_EXECUTE)
                    npoints = 1;
                else
                    for (uint32_t i = 0; sp && i < sp->n_iface; i++)
                        npoints = sp->base[i] + sp->nmid[i] > npoints ? sp->base[i] + sp->nmid[i] : npoints;
                for (uint32_t pt = 0; sets && pt < npoints; pt++) {
                    const struct ksm_set *set = &ksm_policy.sets[sets[pt]];
                    for (uint32_t i = 0; sets[pt] && i < set->nblocks; i++) {
                        uint16_t bi = set->blocks[i];
                        const struct ksm_rblock *b = &ksm_policy.blocks[bi];
                        if (seen[bi]++)
                            continue;
                        if (!b->native) {
                            interpreted++;
                            continue;
                        }
                        compiled++;
                        uint32_t len = program_length(b);
                        collect_consts(b, len);
                        bool reads = false;
                        for (uint32_t pc = 0; pc < len; pc++)
                            reads = reads || b->code[pc].op == KOP_MSG_INT || b->code[pc].op == KOP_SID;
                        rules += reads;
                        for (unsigned t = 0; t < (reads ? trials : 1); t++) {
                            struct ksm_event ev = {.kind = kind, .src_class = src, .dst_class = dst};
                            make_event(b, len, &ev);
                            struct ksm_vm vm = {.p = &ksm_policy, .ev = &ev, .heap = ksm_policy.heap,
                                                .heap_cap = ksm_policy.heap_cap, .flow_state = -1};
                            uint32_t want_site, got_site;
                            int want = ksm_eval_block(&vm, b, &want_site);
                            int got = b->native(&ev, &got_site);
                            drain();
                            if (want != got || want_site != got_site) {
                                printf("FAIL native-%s: block %u (%s), trial %u: the interpreter says %d at site %u, "
                                       "the compiled program %d at site %u\n",
                                       name, bi, ksm_policy.locs[b->loc].s, t, want, want_site, got, got_site);
                                return 1;
                            }
                        }
                    }
                }
            }
        }
    printf("ok native-%s: %u compiled blocks (%u reading the message or SIDs, %u trials each) agree with the "
           "interpreter; %u left to it\n", name, compiled, rules, trials, interpreted);
    return 0;
}
