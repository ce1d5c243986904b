/* ksm_audit_dump: the policy's name tables and the pending audit records in one self-describing,
 * little-endian byte string that tools/pslc/audit_decode.c (build/tools/ksm-audit-decode) turns into
 * text. Layout (u16/u32 little-endian; str = u16 length + bytes):
 *   u32 magic "KSMA", u32 version 2,
 *   u32 nclasses, per class: str name, then for its endpoints and for its security interface:
 *     u32 nifaces, nifaces x u32 first point, u32 npoints, npoints x str "endpoint.Method",
 *   u32 nlocs, n x str "file:line", u32 nsites, n x str "object.rule",
 *   u32 dropped, u32 nrecords, nrecords x (KSM_AUDIT_RECORD_BYTES record, str reason): the reason of a
 *   denial as ksm_audit_reason_text writes it ("assert (message.n < 10): 12 < 10 is false"), empty for
 *   a record of a grant. */
#include "audit.h"
#include "policy.h"

struct out {
    uint8_t *p;
    size_t n, cap;
    bool full;
};

static void u8(struct out *o, uint32_t v) {
    if (o->n >= o->cap) {
        o->full = true;
        return;
    }
    o->p[o->n++] = (uint8_t)v;
}
static void u16(struct out *o, uint32_t v) { u8(o, v); u8(o, v >> 8); }
static void u32(struct out *o, uint32_t v) { u16(o, v); u16(o, v >> 16); }

static void str(struct out *o, const char *s, uint32_t len) {
    if (len > 0xffff)
        len = 0xffff;
    u16(o, len);
    for (uint32_t i = 0; i < len; i++)
        u8(o, (uint8_t)s[i]);
}

static uint32_t cstrlen(const char *s) {
    uint32_t n = 0;
    while (s && s[n])
        n++;
    return n;
}

static void space(struct out *o, const struct ksm_space *sp) {
    uint32_t n = sp->n_iface ? sp->base[sp->n_iface - 1] + sp->nmid[sp->n_iface - 1] : 0;
    u32(o, sp->n_iface);
    for (uint32_t i = 0; i < sp->n_iface; i++)
        u32(o, sp->base[i]);
    u32(o, n);
    for (uint32_t i = 0; i < n; i++)
        str(o, sp->names[i].s, sp->names[i].len);
}

size_t ksm_audit_dump(void *buf, size_t cap) {
    const struct ksm_policy *p = &ksm_policy;
    struct out o = {buf, 0, cap, false};
    u32(&o, KSM_AUDIT_MAGIC);
    u32(&o, 2);
    u32(&o, p->nclasses);
    for (uint32_t c = 0; c < p->nclasses; c++) {
        str(&o, p->classes[c].name, cstrlen(p->classes[c].name));
        space(&o, &p->classes[c].ep);
        space(&o, &p->classes[c].sec);
    }
    u32(&o, p->nlocs);
    for (uint32_t i = 0; i < p->nlocs; i++)
        str(&o, p->locs[i].s, p->locs[i].len);
    u32(&o, p->nsites);
    for (uint32_t i = 0; i < p->nsites; i++)
        str(&o, p->sites[i].text, cstrlen(p->sites[i].text));
    u32(&o, ksm_audit_dropped());
    if (o.full || o.n + 4 > cap)
        return 0;
    size_t count_at = o.n;
    u32(&o, 0);
    uint32_t n = 0;
    struct ksm_audit_record r;
    char why[256];
    /* a record and the longest reason it may carry fit, or it is left for the next dump */
    while (o.n + KSM_AUDIT_RECORD_BYTES + 2 + sizeof why <= cap && ksm_audit_read(&r, 1) == 1) {
        u32(&o, r.seq);
        u8(&o, r.kind);
        u8(&o, r.decision);
        u8(&o, r.result);
        u8(&o, r.reason);
        u32(&o, r.src_sid);
        u32(&o, r.dst_sid);
        u32(&o, (uint32_t)r.src_class);
        u32(&o, (uint32_t)r.dst_class);
        u16(&o, r.riid);
        u16(&o, r.mid);
        u16(&o, r.loc);
        u16(&o, r.site);
        str(&o, why, (uint32_t)ksm_audit_reason_text(&r, why, sizeof why));
        n++;
    }
    size_t end = o.n;
    o.n = count_at;
    u32(&o, n);
    return end;
}

/* ---- names for a record's parts, for the kernel's console (text + length; NULL when unknown) ---- */

const char *ksm_audit_point_name(int class_id, unsigned kind, unsigned riid, unsigned mid, uint32_t *len) {
    const struct ksm_policy *p = &ksm_policy;
    if (class_id < 0 || (uint32_t)class_id >= p->nclasses)
        return NULL;
    const struct ksm_space *sp = kind == KSM_EV_SECURITY ? &p->classes[class_id].sec : &p->classes[class_id].ep;
    if (riid >= sp->n_iface || mid >= sp->nmid[riid])
        return NULL;
    const struct ksm_text *t = &sp->names[sp->base[riid] + mid];
    *len = t->len;
    return t->s;
}

const char *ksm_audit_loc_name(unsigned loc, uint32_t *len) {
    if (loc >= ksm_policy.nlocs)
        return NULL;
    *len = ksm_policy.locs[loc].len;
    return ksm_policy.locs[loc].s;
}

const char *ksm_audit_site_name(unsigned site) {
    return site < ksm_policy.nsites ? ksm_policy.sites[site].text : NULL;
}
