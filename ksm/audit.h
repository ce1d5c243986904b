/* Audit records and the ring buffer the kernel's audit endpoint serves (audit.c).
 * A decision logs one record per rule or expression call its audit profile selects at the current
 * run-time level (ksm_audit_set_level), plus one record whenever an event is denied because no binding
 * matched or the message is malformed (always logged). The ring keeps the newest KSM_AUDIT_RING records;
 * older ones are overwritten and counted by ksm_audit_dropped(). */
#ifndef VIGIL_KSM_AUDIT_H
#define VIGIL_KSM_AUDIT_H

#include "ksm.h"

#ifndef KSM_AUDIT_RING
#define KSM_AUDIT_RING 256u
#endif
#define KSM_AUDIT_NONE 0xffffu

enum ksm_audit_reason {
    KSM_AR_RULE = 0,        /* a rule (or expression) call, named by site */
    KSM_AR_NO_BINDING = 1,  /* no binding matched the event */
    KSM_AR_MALFORMED = 2,   /* the structure check failed; no rule ran */
    KSM_AR_ERROR = 3,       /* an expression failed (unknown SID, index, key, overflow...) */
};

struct ksm_audit_record {
    uint32_t seq;           /* decision number since ksm_init */
    uint8_t kind;           /* enum ksm_event_kind */
    uint8_t decision;       /* enum ksm_decision: the final decision of the event */
    uint8_t result;         /* this call's result: 0 granted, 1 denied, 2 error */
    uint8_t reason;         /* enum ksm_audit_reason */
    ksm_sid_t src_sid, dst_sid;
    int32_t src_class, dst_class;
    uint16_t riid, mid;
    uint16_t loc;           /* binding or match section "file:line" (policy locs), or KSM_AUDIT_NONE */
    uint16_t site;          /* rule/expression "object.rule" (policy sites), or KSM_AUDIT_NONE */
};

#define KSM_AUDIT_MAGIC 0x414d534bu   /* "KSMA" little-endian */
#define KSM_AUDIT_RECORD_BYTES 32u    /* serialized size in a dump */

/* Names of a record's parts (the kernel prints records on its console): the endpoint.Method of
 * (class, riid, mid) for the event kind, the binding's "file:line" and the rule's "object.rule". The
 * texts are not NUL-terminated where a length is returned. NULL when unknown. */
const char *ksm_audit_point_name(int class_id, unsigned kind, unsigned riid, unsigned mid, uint32_t *len);
const char *ksm_audit_loc_name(unsigned loc, uint32_t *len);
const char *ksm_audit_site_name(unsigned site);

/* Used by the engine during one decision: begin, a call per rule or expression, end. Begin and an end
 * with nothing to write are inline, a few stores and loads: most decisions log nothing. */
struct ksm_vm;
struct ksm_rblock;
struct ksm_audit_current {     /* the decision being made (audit.c) */
    const struct ksm_event *ev;
    uint32_t seq;              /* its number */
    uint32_t next_seq;
    uint32_t npending;         /* records it has logged so far */
};
extern struct ksm_audit_current ksm_audit_cur;

static inline void ksm_audit_begin(const struct ksm_event *ev) {
    ksm_audit_cur.ev = ev;
    ksm_audit_cur.seq = ksm_audit_cur.next_seq++;
    ksm_audit_cur.npending = 0;
}
void ksm_audit_call(struct ksm_vm *vm, const struct ksm_rblock *blk, uint32_t site, bool rule, int res);
/* Writes the decision's records to the ring, with the record of a denial for no binding or a malformed
 * message (always logged). */
void ksm_audit_flush(int decision, int reason, uint16_t loc, uint16_t site);
static inline void ksm_audit_end(int decision, int reason, uint16_t loc, uint16_t site) {
    if (ksm_audit_cur.npending || reason == KSM_AR_NO_BINDING || reason == KSM_AR_MALFORMED)
        ksm_audit_flush(decision, reason, loc, site);
}
void ksm_audit_reset(void);

#endif
