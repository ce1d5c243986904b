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

/* Why an event was denied: a reason code and its operands, written only on the paths that deny (a
 * granted message costs nothing for it) and turned into text by ksm_audit_reason_text (explain.c). */
enum ksm_why_code {
    KSM_WHY_NONE = 0,
    KSM_WHY_ASSERT = 1,     /* assert or deny (B) said no: the site's source text; op: the last comparison
                               evaluated (KOP_EQ..KOP_GE, 0: none), v[]/vt[]/vneg its operands, flags bit 2 its value */
    KSM_WHY_RULE = 2,       /* deny () or a rule with no more to tell */
    KSM_WHY_FLOW = 3,       /* obj, op = the rule (enum ksm_fn), a = the current state (KSM_AUDIT_NONE: not
                               initialised), b = the state asked (KSM_AUDIT_NONE: a list, or none) */
    KSM_WHY_MIC = 4,        /* obj, op = the rule, a = enum ksm_why_mic, b = roles (left << 4 | right, enum
                               ksm_why_role); levels: v[0]/vt[0] the left (categories, degree), v[1]/vt[1] the right */
    KSM_WHY_CHOICE = 5,     /* no branch of a choice matched the value v[0]/vt[0] */
    KSM_WHY_STRUCT = 6,     /* malformed: op = enum ksm_verify_result (0: the header disagrees with the event),
                               text = the field (NULL: the header), v[0] its offset, v[1] what was expected */
    KSM_WHY_NO_BINDING = 7, /* no binding matched: the record's kind, classes, riid and mid are the selectors */
    KSM_WHY_ERROR = 8,      /* an expression failed: op = the instruction (enum ksm_opcode), a = the rule (fn) */
};
enum ksm_why_mic { KSM_WHY_MIC_NOLEVEL, KSM_WHY_MIC_ORDER, KSM_WHY_MIC_ONCE, KSM_WHY_MIC_NOT_HIGHER, KSM_WHY_MIC_FULL };
enum ksm_why_role { KSM_ROLE_SOURCE, KSM_ROLE_TARGET, KSM_ROLE_DRIVER, KSM_ROLE_CONTAINER, KSM_ROLE_IMAGE,
                    KSM_ROLE_LEVEL, KSM_ROLE_LEVEL_R, KSM_ROLE_CURRENT };
struct ksm_why {
    uint8_t code;           /* enum ksm_why_code */
    uint8_t op;
    uint8_t vt[2];          /* tags of v[] (enum ksm_vtag; KV_UNIT: unknown); Mic: the degrees */
    uint8_t vneg;           /* bit i: v[i] is negative; bit 2: the comparison's value */
    uint8_t branch_kind;    /* the choice branch taken: 0 none, 1 pattern consts[branch], 2 regexes[branch] */
    uint16_t branch;
    uint16_t obj, a, b;
    uint64_t v[2];
    const char *text;
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
    struct ksm_why why;     /* records of a denial (result not granted): why; else code KSM_WHY_NONE */
};

/* The reason of a denial record as text ("assert (message.n < 10): 12 < 10 is false"); "" for none.
 * Always NUL-terminated within cap; returns the length. Uses the linked policy's names. */
size_t ksm_audit_reason_text(const struct ksm_audit_record *r, char *buf, size_t cap);

/* The last denial's deciding binding (loc), site and why, for PAL test reports; valid after a
 * decision that did not grant, until the next one. */
struct ksm_denial {
    uint8_t reason;         /* enum ksm_audit_reason */
    uint16_t loc, site;
    struct ksm_why why;
};
const struct ksm_denial *ksm_last_denial(void);
/* The binding ("file:line" index into locs) of the first block bound to ev, or KSM_AUDIT_NONE. */
uint16_t ksm_event_binding(const struct ksm_event *ev);

#define KSM_AUDIT_MAGIC 0x414d534bu   /* "KSMA" little-endian */
#define KSM_AUDIT_RECORD_BYTES 32u    /* serialized size in a dump, then the reason (str) */

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
    struct ksm_denial denial;  /* written only when the decision does not grant */
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
