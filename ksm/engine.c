/* The decision: route lookup, header and structure checks, then the bound blocks in order.
 * A set of blocks that are all `grant ()` and log nothing at the current level is decided without
 * running a program; otherwise the blocks run in policy order and the first one not granting decides. */
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

/* The flags a message of each event kind must carry. */
static bool header_ok(const struct ksm_event *ev) {
    if (!ev->msg || ev->msg_size < sizeof(struct vg_msg_hdr) || ev->nhandles > KSM_MAX_HANDLES)
        return false;
    const struct vg_msg_hdr *h = ev->msg;
    static const uint32_t want[] = {VG_MSG_REQUEST, VG_MSG_RESPONSE, VG_MSG_RESPONSE | VG_MSG_ERROR,
                                    VG_MSG_REQUEST};
    return h->riid == ev->riid && h->mid == ev->mid && h->flags == want[ev->kind] &&
           h->size == ev->msg_size && h->arena_size == ev->arena_size && h->ncaps == ev->nhandles &&
           h->reserved == 0 && (ev->arena || !ev->arena_size);
}

static int finish(int decision, int reason, uint16_t loc, uint16_t site) {
    ksm_audit_end(decision, reason, loc, site);
    return decision;
}

/* The common case decided in a few loads: a message of scalars only (its layout has no field to verify,
 * no arena, no handles) whose exact size matches, bound only to `grant ()` blocks that log nothing at
 * the current level. Anything else takes the full path below, which decides the same. */
static bool fast_grant(const struct ksm_policy *p, const struct ksm_route *route, const struct ksm_event *ev,
                       bool *scalars_only) {
    *scalars_only = false;
    if (ev->kind > KSM_EV_ERROR || ev->arena_size || ev->nhandles || route->src_class != ev->src_class ||
        route->dst_class != ev->dst_class)
        return false;
    const struct ksm_space *sp = route->space[ev->kind];
    const uint32_t *sets = route->sets[ev->kind];
    if (!sp || !sets || ev->riid >= sp->n_iface || ev->mid >= sp->nmid[ev->riid])
        return false;
    uint32_t si = sets[sp->base[ev->riid] + ev->mid];
    if (!si)
        return false;
    const struct ksm_set *set = &p->sets[si];
    if (!(set->flags & KSM_SET_CONST_GRANT) || (set->audit_levels & ksm_audit_level_bit))
        return false; /* the level read once: its bit, kept with it (policy.h) */
    int32_t owner = ev->kind == KSM_EV_REQUEST ? ev->dst_class : ev->src_class;
    const struct ksm_msg_layout *l = ksm_layout_lookup(p->classes[owner].layout, ev->riid, ev->mid,
                                                       (enum ksm_dir)ev->kind);
    if (!l || l->nhandles || ev->msg_size != l->size || !header_ok(ev))
        return false;
    *scalars_only = l->nfields == 0;
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
    return true;
}

static int check_full(const struct ksm_policy *p, const struct ksm_route *route, const struct ksm_event *ev);

int ksm_check_routed_memo(const struct ksm_route *route, const struct ksm_event *ev, unsigned *memo) {
    bool scalars_only;
    *memo = KSM_MEMO_NONE;
    if (!ev)
        return KSM_MALFORMED;
    if (route && fast_grant(&ksm_policy, route, ev, &scalars_only)) {
        *memo = scalars_only ? KSM_MEMO_SAME_SIZE : KSM_MEMO_SAME_SHAPE;
        return KSM_GRANTED;
    }
    return check_full(&ksm_policy, route, ev); /* fast_grant once: not again in ksm_check_routed */
}

int ksm_check_routed(const struct ksm_route *route, const struct ksm_event *ev) {
    const struct ksm_policy *p = &ksm_policy;
    if (!ev)
        return KSM_MALFORMED;
    bool scalars_only;
    if (route && fast_grant(p, route, ev, &scalars_only))
        return KSM_GRANTED;
    return check_full(p, route, ev);
}

/* The full path: every binding of the event's set evaluated, audited as the profiles say. */
static int check_full(const struct ksm_policy *p, const struct ksm_route *route, const struct ksm_event *ev) {
    ksm_audit_begin(ev);
    if (!route || ev->kind >= KSM_EV_COUNT || route->src_class != ev->src_class ||
        (ev->kind != KSM_EV_SECURITY && route->dst_class != ev->dst_class))
        return finish(KSM_MALFORMED, KSM_AR_MALFORMED, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
    uint32_t point = 0;
    if (ev->kind != KSM_EV_EXECUTE) {
        const struct ksm_space *sp = route->space[ev->kind];
        if (!sp || ev->riid >= sp->n_iface || ev->mid >= sp->nmid[ev->riid] || !header_ok(ev))
            return finish(KSM_MALFORMED, KSM_AR_MALFORMED, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
        point = sp->base[ev->riid] + ev->mid;
        /* the class whose IDL fixes the layout: the server (dst of a request, src otherwise) */
        int32_t owner = ev->kind == KSM_EV_REQUEST ? ev->dst_class : ev->src_class;
        const struct ksm_class_layout *cl = p->classes[owner].layout;
        const struct ksm_msg_layout *l;
        if (ev->kind == KSM_EV_SECURITY)
            l = cl && cl->security && ev->riid == 0 && ev->mid < cl->security->nmethods
                    ? &cl->security->methods[ev->mid].msg[KSM_DIR_REQUEST] : NULL;
        else
            l = ksm_layout_lookup(cl, ev->riid, ev->mid, (enum ksm_dir)ev->kind);
        if (!l || ksm_verify(l, ev->msg, ev->msg_size, ev->arena, ev->arena_size, NULL) != KSM_VERIFY_OK)
            return finish(KSM_MALFORMED, KSM_AR_MALFORMED, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
    }
    const uint32_t *sets = route->sets[ev->kind];
    uint32_t si = sets ? sets[point] : 0;
    if (si == 0)
        return finish(KSM_DENIED, KSM_AR_NO_BINDING, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
    const struct ksm_set *set = &p->sets[si];
    int level = ksm_audit_level();
    if ((set->flags & KSM_SET_CONST_GRANT) && (level > 31 || !(set->audit_levels >> level & 1u)))
        return finish(KSM_GRANTED, KSM_AR_RULE, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
    vm.p = p;
    vm.ev = ev;
    vm.heap = p->heap;
    vm.heap_cap = p->heap_cap;
    for (uint32_t i = 0; i < set->nblocks; i++) {
        const struct ksm_rblock *b = &p->blocks[set->blocks[i]];
        uint32_t site;
        vm.hp = 0;   /* no value outlives its block */
        int r = ksm_eval_block(&vm, b, &site);
        if (r != KSM_R_GRANT)
            return finish(KSM_DENIED, r == KSM_R_ERROR ? KSM_AR_ERROR : KSM_AR_RULE, b->loc,
                          site > 0xfffe ? KSM_AUDIT_NONE : (uint16_t)site);
    }
    return finish(KSM_GRANTED, KSM_AR_RULE, KSM_AUDIT_NONE, KSM_AUDIT_NONE);
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
