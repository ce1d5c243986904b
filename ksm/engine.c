/* The decision: route lookup, header and structure checks, then the bound blocks in order.
 * A set of blocks that are all `grant ()` and log nothing at the current level is decided without
 * running a program; otherwise the blocks run in policy order and the first one not granting decides. */
#include <stddef.h>

#include "audit.h"
#include "eval.h"
#include "verify.h"

static struct ksm_vm vm;

static bool str_eq(const char *a, const char *b) {
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int ksm_class_count(void) { return (int)ksm_policy.nclasses; }

int ksm_class_id(const char *name) {
    if (!name)
        return -1;
    for (uint32_t i = 0; i < ksm_policy.nclasses; i++)
        if (str_eq(ksm_policy.classes[i].name, name))
            return (int)i;
    return -1;
}

const char *ksm_class_name(int id) {
    return id >= 0 && (uint32_t)id < ksm_policy.nclasses ? ksm_policy.classes[id].name : NULL;
}

const struct ksm_route *ksm_route(int src, int dst) {
    uint32_t n = ksm_policy.nclasses;
    if (src < 0 || dst < 0 || (uint32_t)src >= n || (uint32_t)dst >= n)
        return NULL;
    return &ksm_policy.routes[(uint32_t)src * n + (uint32_t)dst];
}

/* The flags a message of each event kind must carry; a header that disagrees with the event in any
 * field is malformed. The header is compared as three words with the one the event implies (struct
 * vg_msg_hdr: size, riid, mid | flags, ncaps | arena_size, reserved = 0), little-endian as both the host
 * and AArch64 are. */
static bool header_ok(const struct ksm_event *ev) {
    if (!ev->msg || ev->msg_size < sizeof(struct vg_msg_hdr) || ev->nhandles > KSM_MAX_HANDLES)
        return false;
    static const uint32_t want[] = {VG_MSG_REQUEST, VG_MSG_RESPONSE, VG_MSG_RESPONSE | VG_MSG_ERROR,
                                    VG_MSG_REQUEST};
    _Static_assert(sizeof(struct vg_msg_hdr) == 24 && offsetof(struct vg_msg_hdr, riid) == 4 &&
                       offsetof(struct vg_msg_hdr, mid) == 6 && offsetof(struct vg_msg_hdr, flags) == 8 &&
                       offsetof(struct vg_msg_hdr, ncaps) == 12 && offsetof(struct vg_msg_hdr, arena_size) == 16,
                   "the header's words");
    uint64_t h[3];
    __builtin_memcpy(h, ev->msg, sizeof h);
    uint64_t w0 = ev->msg_size | (uint64_t)ev->riid << 32 | (uint64_t)ev->mid << 48;
    uint64_t w1 = want[ev->kind] | (uint64_t)ev->nhandles << 32;
    uint64_t w2 = ev->arena_size;
    return ((h[0] ^ w0) | (h[1] ^ w1) | (h[2] ^ w2)) == 0 && (ev->arena || !ev->arena_size);
}

static int finish(int decision, int reason, uint16_t loc, uint16_t site) {
    ksm_audit_end(decision, reason, loc, site);
    return decision;
}

/* What an event names, looked up once for both ways of deciding it: its binding set (0: none) and the
 * layout its message must have (NULL: none; execute has no message). */
struct target {
    uint32_t set;
    const struct ksm_msg_layout *layout;
};

/* False when the event is malformed before its structure is looked at: a route that is not its own, a
 * kind, endpoint or method out of range, a header that disagrees with it. */
static bool resolve(const struct ksm_policy *p, const struct ksm_route *route, const struct ksm_event *ev,
                    struct target *t) {
    t->set = 0;
    t->layout = NULL;
    if (!route || ev->kind >= KSM_EV_COUNT || route->src_class != ev->src_class ||
        (ev->kind != KSM_EV_SECURITY && route->dst_class != ev->dst_class))
        return false;
    uint32_t point = 0;
    if (ev->kind != KSM_EV_EXECUTE) {
        const struct ksm_space *sp = route->space[ev->kind];
        if (!sp || ev->riid >= sp->n_iface || ev->mid >= sp->nmid[ev->riid] || !header_ok(ev))
            return false;
        point = sp->base[ev->riid] + ev->mid;
        /* the class whose IDL fixes the layout: the server (dst of a request, src otherwise) */
        int32_t owner = ev->kind == KSM_EV_REQUEST ? ev->dst_class : ev->src_class;
        const struct ksm_class_layout *cl = p->classes[owner].layout;
        if (ev->kind == KSM_EV_SECURITY)
            t->layout = cl && cl->security && ev->riid == 0 && ev->mid < cl->security->nmethods
                            ? &cl->security->methods[ev->mid].msg[KSM_DIR_REQUEST] : NULL;
        else
            t->layout = ksm_layout_lookup(cl, ev->riid, ev->mid, (enum ksm_dir)ev->kind);
    }
    const uint32_t *sets = route->sets[ev->kind];
    t->set = sets ? sets[point] : 0;
    return true;
}

/* The common case decided with no program and no record: a message of scalars only, or whose
 * variable-size fields are all empty (no arena, no handles), of exactly its layout's size, bound only to
 * `grant ()` blocks that log nothing at the current level. The structure verifier would accept it (the
 * header was checked by resolve); check_full decides the same, and so does the kernel's remembered
 * grant, which *memo allows. */
static bool at_once(const struct ksm_policy *p, const struct ksm_event *ev, const struct target *t, unsigned *memo) {
    const struct ksm_set *set = &p->sets[t->set];
    const struct ksm_msg_layout *l = t->layout;
    if (!t->set || !(set->flags & KSM_SET_CONST_GRANT) || (set->audit_levels & ksm_audit_level_bit) ||
        ev->kind > KSM_EV_ERROR || !l || l->nhandles || ev->arena_size || ev->nhandles || ev->msg_size != l->size)
        return false; /* the level read once: its bit, kept with it (policy.h) */
    /* Without an arena every variable-size field must be the empty segment {0, 0}. */
    const uint8_t *m = ev->msg;
    for (uint32_t i = 0; i < l->nfields; i++) {
        const struct ksm_field *f = &l->fields[i];
        if ((f->kind != KSM_F_SEQUENCE && f->kind != KSM_F_STRING) || f->offset > l->size - 8)
            return false;
        const uint8_t *d = m + f->offset;
        if ((d[0] | d[1] | d[2] | d[3] | d[4] | d[5] | d[6] | d[7]) != 0)
            return false;
    }
    *memo = l->nfields == 0 ? KSM_MEMO_SAME_SIZE : KSM_MEMO_SAME_SHAPE;
    return true;
}

/* ---- why a decision did not grant: only on that path (audit.h) ---- */

/* Out of line and cold: the granted path's code and registers stay as they were. */
#define DENY_PATH __attribute__((noinline, cold))

DENY_PATH static int deny(int decision, int reason, uint16_t loc, uint16_t site) {
    ksm_audit_cur.denial.reason = (uint8_t)reason;
    ksm_audit_cur.denial.loc = loc;
    ksm_audit_cur.denial.site = site;
    return finish(decision, reason, loc, site);
}

static void vm_setup(const struct ksm_policy *p, const struct ksm_event *ev) {
    vm.p = p;
    vm.ev = ev;
    vm.heap = p->heap;
    vm.heap_cap = p->heap_cap;
}

/* The header, route, endpoint or structure the message got wrong. */
DENY_PATH static void why_malformed(const struct ksm_route *route, const struct ksm_event *ev, bool resolved,
                                   const struct ksm_msg_layout *l) {
    struct ksm_why w = {.code = KSM_WHY_STRUCT};
    if (!resolved) {
        const struct ksm_space *sp = route && ev->kind < KSM_EV_COUNT ? route->space[ev->kind] : NULL;
        w.a = !route || ev->kind >= KSM_EV_COUNT || route->src_class != ev->src_class ||
                      (ev->kind != KSM_EV_SECURITY && route->dst_class != ev->dst_class) ? 1
              : ev->kind != KSM_EV_EXECUTE && (!sp || ev->riid >= sp->n_iface || ev->mid >= sp->nmid[ev->riid]) ? 2
                                                                                                             : 3;
    } else if (!l) {
        w.op = KSM_VERIFY_NO_LAYOUT;
    } else {
        struct ksm_verify_info info = {0};
        w.op = (uint8_t)ksm_verify(l, ev->msg, ev->msg_size, ev->arena, ev->arena_size, &info);
        w.text = info.field ? info.field->name : NULL;
        w.v[0] = info.offset;
        w.vt[0] = (uint8_t)info.in_arena;
        switch (w.op) {
        case KSM_VERIFY_SIZE: w.v[1] = l->size; break;
        case KSM_VERIFY_MID: w.v[1] = l->mid; break;
        case KSM_VERIFY_NCAPS: w.v[1] = l->nhandles; break;
        case KSM_VERIFY_ARENA_SIZE: w.v[1] = l->arena_max; break;
        case KSM_VERIFY_STRING: case KSM_VERIFY_SEG_BOUND: case KSM_VERIFY_TAG:
            w.v[1] = info.field ? info.field->max : 0;
            break;
        case KSM_VERIFY_SEG_ALIGN: w.v[1] = info.field ? info.field->elem_align : 0; break;
        case KSM_VERIFY_SEG_PARTIAL: w.v[1] = info.field ? info.field->elem_size : 0; break;
        default: break;
        }
    }
    ksm_audit_cur.denial.why = w;
}

/* Block b did not grant (r): run it again explaining (eval.h) and keep what it and the deciding run
 * found. ran_c: it ran as C, so the interpreter has not seen this event. */
DENY_PATH static void why_denied(const struct ksm_policy *p, const struct ksm_event *ev, const struct ksm_rblock *b, bool ran_c,
                       int r) {
    if (ran_c)
        vm_setup(p, ev);
    struct ksm_why model = vm.why;
    uint32_t stop = ran_c ? UINT32_MAX : vm.pc;
    vm.why = (struct ksm_why){0};
    vm.hp = 0;
    uint32_t at = ksm_explain_block(&vm, b, stop);
    struct ksm_why w = vm.why;
    const struct ksm_insn *in = at != UINT32_MAX ? &b->code[at] : NULL;
    if (in && in->op == KOP_FAIL) {
        w.code = KSM_WHY_CHOICE;
    } else if (r == KSM_R_ERROR || !in) {
        w.code = KSM_WHY_ERROR;
        w.op = in ? in->op : 0;
        w.a = in && (in->op == KOP_RULE || in->op == KOP_FN) ? in->a : KSM_AUDIT_NONE;
    } else if (in->op == KOP_RULE && in->a == KFN_ASSERT) {
        w.code = KSM_WHY_ASSERT;
    } else if (in->op == KOP_RULE && !ran_c && in->b < p->nobjects &&
               ((p->objects[in->b].model == KM_FLOW && model.code == KSM_WHY_FLOW) ||
                (p->objects[in->b].model == KM_MIC && model.code == KSM_WHY_MIC))) {
        /* every way those models say no wrote model in the deciding run */
        model.branch_kind = w.branch_kind;
        model.branch = w.branch;
        w = model;
        w.op = in->a;
        w.obj = in->b;
    } else {
        w.code = KSM_WHY_RULE;
        w.op = in->a;
        w.obj = in->b;
    }
    ksm_audit_cur.denial.why = w;
}

/* For PAL reports only; its own look-up, so that resolve stays inlined into the one caller that decides. */
/* Malformed before its structure is looked at (resolve): audited as check_full audits it. */
DENY_PATH static int unresolved(const struct ksm_route *route, const struct ksm_event *ev) {
    ksm_audit_begin(ev);
    why_malformed(route, ev, false, NULL);
    return deny(KSM_MALFORMED, KSM_AR_MALFORMED, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
}

uint16_t ksm_event_binding(const struct ksm_event *ev) {
    const struct ksm_policy *p = &ksm_policy;
    const struct ksm_route *route =
        ksm_route(ev->src_class, ev->kind == KSM_EV_SECURITY ? ev->src_class : ev->dst_class);
    if (!route || ev->kind >= KSM_EV_COUNT || !route->sets[ev->kind])
        return KSM_AUDIT_NONE;
    uint32_t point = 0;
    if (ev->kind != KSM_EV_EXECUTE) {
        const struct ksm_space *sp = route->space[ev->kind];
        if (!sp || ev->riid >= sp->n_iface || ev->mid >= sp->nmid[ev->riid])
            return KSM_AUDIT_NONE;
        point = sp->base[ev->riid] + ev->mid;
    }
    uint32_t set = route->sets[ev->kind][point];
    return set && p->sets[set].nblocks ? p->blocks[p->sets[set].blocks[0]].loc : KSM_AUDIT_NONE;
}

/* The full path: the structure verified, every binding of the event's set evaluated, audited as the
 * profiles say. */
static int check_full(const struct ksm_policy *p, const struct ksm_event *ev, const struct target *t) {
    ksm_audit_begin(ev);
    if (ev->kind != KSM_EV_EXECUTE &&
        (!t->layout || ksm_verify(t->layout, ev->msg, ev->msg_size, ev->arena, ev->arena_size, NULL) != KSM_VERIFY_OK)) {
        why_malformed(NULL, ev, true, t->layout);
        return deny(KSM_MALFORMED, KSM_AR_MALFORMED, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
    }
    if (t->set == 0) {
        ksm_audit_cur.denial.why = (struct ksm_why){.code = KSM_WHY_NO_BINDING};
        return deny(KSM_DENIED, KSM_AR_NO_BINDING, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
    }
    const struct ksm_set *set = &p->sets[t->set];
    /* At a level where the set logs nothing (the level's bit, policy.h), no audit hook can log: the
     * programs pslc compiled to C decide as the interpreter would. */
    bool quiet = !(set->audit_levels & ksm_audit_level_bit);
    if ((set->flags & KSM_SET_CONST_GRANT) && quiet)
        return finish(KSM_GRANTED, KSM_AR_RULE, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
    bool vm_ready = false;
    for (uint32_t i = 0; i < set->nblocks; i++) {
        const struct ksm_rblock *b = &p->blocks[set->blocks[i]];
        uint32_t site;
        int r;
        if (quiet && b->grant_only) {
            continue;
        } else if (quiet && b->native) {
            r = b->native(ev, &site);
        } else {
            if (!vm_ready) {
                vm_setup(p, ev);
                vm_ready = true;
            }
            vm.hp = 0;   /* no value outlives its block */
            r = ksm_eval_block(&vm, b, &site);
        }
        if (r != KSM_R_GRANT) {
            why_denied(p, ev, b, quiet && b->native, r);
            return deny(KSM_DENIED, r == KSM_R_ERROR ? KSM_AR_ERROR : KSM_AR_RULE, b->loc,
                        site > 0xfffe ? KSM_AUDIT_NONE : (uint16_t)site);
        }
    }
    return finish(KSM_GRANTED, KSM_AR_RULE, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
}

int ksm_check_routed_memo(const struct ksm_route *route, const struct ksm_event *ev, unsigned *memo) {
    const struct ksm_policy *p = &ksm_policy;
    *memo = KSM_MEMO_NONE;
    if (!ev)
        return KSM_MALFORMED;
    struct target t;
    if (!resolve(p, route, ev, &t))
        return unresolved(route, ev);
    if (at_once(p, ev, &t, memo))
        return KSM_GRANTED;
    return check_full(p, ev, &t);
}

int ksm_check_routed(const struct ksm_route *route, const struct ksm_event *ev) {
    unsigned memo;
    return ksm_check_routed_memo(route, ev, &memo);
}

int ksm_check(const struct ksm_event *ev) {
    if (!ev)
        return KSM_MALFORMED;
    int32_t dst = ev->kind == KSM_EV_SECURITY ? ev->src_class : ev->dst_class;
    return ksm_check_routed(ksm_route(ev->src_class, dst), ev);
}

void ksm_sid_destroyed(ksm_sid_t sid) {
    for (uint32_t i = 0; i < ksm_policy.nobjects; i++)
        ksm_model_forget(&ksm_policy.objects[i], sid);
}

int ksm_init(ksm_sid_t kernel_sid) {
    uint8_t *s = ksm_policy.state;
    for (size_t i = 0; i < ksm_policy.state_size; i++)
        s[i] = 0;
    ksm_audit_reset();
    if (ksm_policy.core_class < 0)
        return KSM_DENIED;
    struct ksm_event ev = {.kind = KSM_EV_EXECUTE, .src_sid = kernel_sid, .dst_sid = kernel_sid,
                           .src_class = ksm_policy.core_class, .dst_class = ksm_policy.core_class};
    return ksm_check(&ev);
}

const struct ksm_msg_layout *ksm_message_layout(int class_id, unsigned riid, unsigned mid, unsigned dir) {
    if (class_id < 0 || (uint32_t)class_id >= ksm_policy.nclasses || dir > KSM_DIR_ERROR)
        return NULL;
    return ksm_layout_lookup(ksm_policy.classes[class_id].layout, riid, mid, (enum ksm_dir)dir);
}

int ksm_endpoint_riid(int class_id, const char *path) {
    if (class_id < 0 || (uint32_t)class_id >= ksm_policy.nclasses || !path)
        return -1;
    const struct ksm_class_layout *l = ksm_policy.classes[class_id].layout;
    for (uint32_t i = 0; l && i < l->nendpoints; i++)
        if (str_eq(l->endpoints[i].path, path))
            return (int)i;
    return -1;
}
