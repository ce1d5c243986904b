/* The audit ring and the per-decision pending records; see audit.h. */
#include "audit.h"
#include "eval.h"

#define PENDING_MAX 16u

static struct ksm_audit_record ring[KSM_AUDIT_RING];
static uint32_t ring_head;
struct ksm_audit_current ksm_audit_cur;
/* ksm/fast.h: read by the kernel after every decision, one load each */
uint32_t ksm_audit_count_now, ksm_audit_dropped_now;
static struct ksm_audit_record pending[PENDING_MAX];

uint32_t ksm_epoch_now = 1; /* ksm/fast.h */

void ksm_audit_reset(void) {
    ring_head = ksm_audit_count_now = ksm_audit_dropped_now = 0;
    ksm_audit_cur = (struct ksm_audit_current){0};
    ksm_audit_level_now = ksm_policy.default_level;
    ksm_audit_level_bit = ksm_policy.default_level <= 31u ? 1u << ksm_policy.default_level : 0;
    ksm_epoch_now++; /* back to the default level, which may log what the old level did not */
}

/* The one copy of the level (policy.h): ksm_fast_size reads the variable, so there is no other to
 * disagree with it. */
int ksm_audit_level(void) { return ksm_audit_level_now; }

uint32_t ksm_epoch(void) { return ksm_epoch_now; }

int ksm_audit_set_level(int l) {
    if (l < 0 || l > 0xffff)
        return -1;
    ksm_audit_level_now = l;
    ksm_audit_level_bit = l <= 31 ? 1u << l : 0;
    ksm_epoch_now++; /* remembered constant decisions may now log: forget them */
    return 0;
}

uint32_t ksm_audit_dropped(void) { return ksm_audit_dropped_now; }

static void pend(uint8_t result, uint8_t reason, uint16_t loc, uint16_t site) {
    if (ksm_audit_cur.npending == PENDING_MAX) {
        ksm_audit_dropped_now++;
        return;
    }
    const struct ksm_event *ev = ksm_audit_cur.ev;
    struct ksm_audit_record *r = &pending[ksm_audit_cur.npending++];
    *r = (struct ksm_audit_record){
        .seq = ksm_audit_cur.seq, .kind = (uint8_t)ev->kind, .src_sid = ev->src_sid, .dst_sid = ev->dst_sid,
        .src_class = ev->src_class, .dst_class = ev->dst_class, .riid = ev->riid, .mid = ev->mid};
    r->result = result;
    r->reason = reason;
    r->loc = loc;
    r->site = site;
}

void ksm_audit_call(struct ksm_vm *vm, const struct ksm_rblock *blk, uint32_t site, bool rule, int res) {
    const struct ksm_policy *p = vm->p;
    if (site >= p->nsites)
        return;
    uint16_t object = p->sites[site].object;
    const struct ksm_profile *prof = &p->profiles[blk->profile];
    int lvl = ksm_audit_level();
    for (uint32_t i = 0; i < prof->n; i++) {
        const struct ksm_audit_entry *e = &prof->e[i];
        if (e->level != lvl || e->object != object)
            continue;
        bool log;
        if (object < p->nobjects && p->objects[object].model == KM_REGEX)
            log = (e->emit & KSM_EMIT_MATCH) != 0;
        else
            log = (e->kss & (res == KSM_R_GRANT ? KSM_KSS_GRANTED : KSM_KSS_DENIED)) != 0;
        if (log && vm->flow_state >= 0 && vm->flow_state < 64 && (e->omit >> vm->flow_state & 1u))
            log = false;
        if (log)
            pend((uint8_t)res, res == KSM_R_ERROR ? KSM_AR_ERROR : KSM_AR_RULE, blk->loc,
                 (uint16_t)site);
        (void)rule;
        return;
    }
}

static void push(const struct ksm_audit_record *r) {
    uint32_t at = (ring_head + ksm_audit_count_now) % KSM_AUDIT_RING;
    if (ksm_audit_count_now == KSM_AUDIT_RING) {
        ring_head = (ring_head + 1) % KSM_AUDIT_RING;   /* overwrite the oldest */
        ksm_audit_dropped_now++;
    } else {
        ksm_audit_count_now++;
    }
    ring[at] = *r;
}

void ksm_audit_flush(int decision, int reason, uint16_t loc, uint16_t site) {
    if (reason == KSM_AR_NO_BINDING || reason == KSM_AR_MALFORMED)
        pend(decision == KSM_GRANTED ? 0 : 1, (uint8_t)reason, loc, site);
    for (uint32_t i = 0; i < ksm_audit_cur.npending; i++) {
        pending[i].decision = (uint8_t)decision;
        /* at most one call does not grant: the one that decided, whose reason the engine found */
        if (decision != KSM_GRANTED && pending[i].result != 0)
            pending[i].why = ksm_audit_cur.denial.why;
        push(&pending[i]);
    }
    ksm_audit_cur.npending = 0;
}

size_t ksm_audit_pending(void) { return ksm_audit_count_now; }

size_t ksm_audit_read(struct ksm_audit_record *out, size_t max) {
    size_t n = 0;
    while (n < max && ksm_audit_count_now) {
        out[n++] = ring[ring_head];
        ring_head = (ring_head + 1) % KSM_AUDIT_RING;
        ksm_audit_count_now--;
    }
    return n;
}

const struct ksm_denial *ksm_last_denial(void) { return &ksm_audit_cur.denial; }
