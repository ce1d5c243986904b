/* Mic: mandatory integrity control. A level is (set of categories, degree); A <= B iff A's categories
 * are a subset of B's and A's degree is not above B's (the linear form has no categories). Every
 * subject and resource SID may carry a level and a levelR (the lowest level it may receive from).
 * Levels travel pre-resolved by pslc as integers (categories << 8 | degree), as a degree name, or as a
 * {categories, degree} dictionary (a 2-list in sorted key order). */
#include "audit.h"
#include "eval.h"
#include "sidmap.h"

struct level {
    uint64_t cats;
    uint32_t deg;
};

static bool le(struct level a, struct level b) { return (a.cats & ~b.cats) == 0 && a.deg <= b.deg; }

static int32_t name_idx(const struct ksm_text *names, uint32_t n, struct ksm_value v) {
    if (v.tag != KV_TEXT)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        if (ksm_text_eq(v.u.text, v.len, names[i].s, names[i].len))
            return (int32_t)i;
    return -1;
}

/* 1: a level; 0: unit; -1: not a level of this object. */
static int level_of(struct ksm_vm *vm, const struct ksm_mic *m, struct ksm_value v, struct level *l) {
    if (v.tag == KV_UNIT)
        return 0;
    if (v.tag == KV_INT && !v.neg) {
        l->cats = v.u.mag >> 8;
        l->deg = (uint32_t)(v.u.mag & 0xff);
        return l->deg < m->ndeg && (m->ncat == 64 || (l->cats >> m->ncat) == 0) ? 1 : -1;
    }
    if (v.tag == KV_TEXT) {
        int32_t d = name_idx(m->degrees, m->ndeg, v);
        l->cats = 0;
        l->deg = (uint32_t)d;
        return d < 0 ? -1 : 1;
    }
    if (v.tag != KV_LIST || v.len != 2)
        return -1;
    struct ksm_value cats = vm->heap[v.u.base], deg = vm->heap[v.u.base + 1];
    l->cats = 0;
    l->deg = 0;   /* degree () = the lowest */
    if (deg.tag != KV_UNIT) {
        int32_t d = name_idx(m->degrees, m->ndeg, deg);
        if (d < 0)
            return -1;
        l->deg = (uint32_t)d;
    }
    if (cats.tag == KV_LIST) {
        for (uint32_t i = 0; i < cats.len; i++) {
            int32_t c = name_idx(m->categories, m->ncat, vm->heap[cats.u.base + i]);
            if (c < 0)
                return -1;
            l->cats |= (uint64_t)1 << c;
        }
    } else if (cats.tag != KV_UNIT) {
        return -1;
    }
    return 1;
}

/* Only where a rule says no: what the audit line tells (audit.h, KSM_WHY_MIC). */
static int no(struct ksm_vm *vm, enum ksm_why_mic what, unsigned left, unsigned right, struct level l, struct level r) {
    vm->why = (struct ksm_why){.code = KSM_WHY_MIC, .a = (uint16_t)what, .b = (uint16_t)(left << 4 | right),
                               .vt = {(uint8_t)l.deg, (uint8_t)r.deg}, .v = {l.cats, r.cats}};
    return KSM_R_DENY;
}
static const struct level none = {0, 0};
#define NOLEVEL(role) no(vm, KSM_WHY_MIC_NOLEVEL, role, 0, none, none)
#define ORDER(lr, a, rr, b) no(vm, KSM_WHY_MIC_ORDER, lr, rr, a, b)

/* The level (and levelR) a SID holds; false if it holds none. */
static bool held(const struct ksm_mic *m, struct ksm_value sidv, struct level *l, struct level *r) {
    ksm_sid_t sid;
    if (!ksm_arg_sid(sidv, &sid))
        return false;
    int32_t pos = ksm_sidmap_find(&m->map, sid);
    if (pos < 0)
        return false;
    *l = (struct level){m->cats[pos], m->deg[pos]};
    if (r)
        *r = (struct level){m->cats_r[pos], m->deg_r[pos]};
    return true;
}

static int assign(struct ksm_vm *vm, const struct ksm_mic *m, struct ksm_value target, struct level l, struct level r) {
    ksm_sid_t sid;
    if (!ksm_arg_sid(target, &sid))
        return KSM_R_ERROR;
    int32_t pos = ksm_sidmap_find(&m->map, sid);
    if (pos < 0)
        pos = ksm_sidmap_insert(&m->map, sid);
    if (pos < 0)   /* the pool is full */
        return no(vm, KSM_WHY_MIC_FULL, KSM_ROLE_TARGET, 0, none, none);
    m->cats[pos] = l.cats;
    m->deg[pos] = (uint8_t)l.deg;
    m->cats_r[pos] = r.cats;
    m->deg_r[pos] = (uint8_t)r.deg;
    return KSM_R_GRANT;
}

/* create/upgrade: (container, driver, level, source, target) */
static int create(struct ksm_vm *vm, const struct ksm_mic *m, bool upgrade, const struct ksm_value *a) {
    struct level src, drv, cont = {0, 0}, lvl, cur;
    if (!held(m, a[3], &src, NULL))
        return NOLEVEL(KSM_ROLE_SOURCE);
    if (!held(m, a[1], &drv, NULL))
        return NOLEVEL(KSM_ROLE_DRIVER);
    bool has_cont = a[0].tag != KV_UNIT;
    if (has_cont && !held(m, a[0], &cont, NULL))
        return NOLEVEL(KSM_ROLE_CONTAINER);
    int k = level_of(vm, m, a[2], &lvl);
    if (k < 0)
        return KSM_R_ERROR;
    if (k == 0)
        lvl = src;   /* level () = the creator's level */
    if (!le(lvl, src) || !le(lvl, drv) || (has_cont && !le(lvl, cont)))
        return !le(lvl, src)   ? ORDER(KSM_ROLE_LEVEL, lvl, KSM_ROLE_SOURCE, src)
               : !le(lvl, drv) ? ORDER(KSM_ROLE_LEVEL, lvl, KSM_ROLE_DRIVER, drv)
                               : ORDER(KSM_ROLE_LEVEL, lvl, KSM_ROLE_CONTAINER, cont);
    bool has_cur = held(m, a[4], &cur, NULL);
    if (upgrade) {
        if (!has_cur)
            return NOLEVEL(KSM_ROLE_TARGET);
        if (!le(cur, lvl) || (cur.cats == lvl.cats && cur.deg == lvl.deg))
            return no(vm, KSM_WHY_MIC_NOT_HIGHER, KSM_ROLE_CURRENT, KSM_ROLE_LEVEL, cur, lvl);
        if (!le(cur, src))
            return ORDER(KSM_ROLE_CURRENT, cur, KSM_ROLE_SOURCE, src);
    } else if (has_cur) {   /* a resource is created once; use upgrade */
        return no(vm, KSM_WHY_MIC_ONCE, KSM_ROLE_TARGET, 0, cur, none);
    }
    return assign(vm, m, a[4], lvl, lvl);
}

/* execute: (image, level, levelR, target) */
static int execute(struct ksm_vm *vm, const struct ksm_mic *m, const struct ksm_value *a) {
    struct level img, lvl, lr;
    bool has_img = a[0].tag != KV_UNIT;
    if (has_img && !held(m, a[0], &img, NULL))
        return NOLEVEL(KSM_ROLE_IMAGE);   /* the image has no level */
    int k = level_of(vm, m, a[1], &lvl);
    if (k < 0)
        return KSM_R_ERROR;
    if (k == 0) {
        if (!has_img)
            return KSM_R_ERROR;   /* neither image nor level */
        lvl = img;
    }
    if (has_img && !le(lvl, img))
        return ORDER(KSM_ROLE_LEVEL, lvl, KSM_ROLE_IMAGE, img);
    k = level_of(vm, m, a[2], &lr);
    if (k < 0)
        return KSM_R_ERROR;
    if (k == 0)
        lr = lvl;
    if (!le(lr, lvl))
        return ORDER(KSM_ROLE_LEVEL_R, lr, KSM_ROLE_LEVEL, lvl);
    ksm_sid_t t;
    if (!ksm_arg_sid(a[3], &t))
        return KSM_R_ERROR;
    if (ksm_sidmap_find(&m->map, t) >= 0)   /* a subject is started once */
        return no(vm, KSM_WHY_MIC_ONCE, KSM_ROLE_TARGET, 0, none, none);
    return assign(vm, m, a[3], lvl, lr);
}

int ksm_mic_call(struct ksm_vm *vm, const struct ksm_mic *m, uint8_t fn, const struct ksm_value *a,
                 struct ksm_value *ret) {
    struct level s, sr, t;
    switch (fn) {
    case KFN_MIC_EXECUTE:
        return execute(vm, m, a);
    case KFN_MIC_CREATE:
    case KFN_MIC_UPGRADE:
        return create(vm, m, fn == KFN_MIC_UPGRADE, a);
    case KFN_MIC_QUERY_LEVEL:
        if (!held(m, a[0], &s, NULL))
            return KSM_R_ERROR;
        if (m->ncat == 0) {
            *ret = (struct ksm_value){.tag = KV_TEXT, .len = m->degrees[s.deg].len,
                                      .u.text = m->degrees[s.deg].s};
            return KSM_R_GRANT;
        }
        uint32_t n = 0, base, lbase;
        for (uint32_t c = 0; c < m->ncat; c++)
            n += (uint32_t)(s.cats >> c & 1u);
        struct ksm_value *pair = ksm_vm_alloc(vm, 2, &base);
        struct ksm_value *list = ksm_vm_alloc(vm, n, &lbase);
        if (!pair || (n && !list))
            return KSM_R_ERROR;
        for (uint32_t c = 0, i = 0; c < m->ncat; c++)
            if (s.cats >> c & 1u)
                list[i++] = (struct ksm_value){.tag = KV_TEXT, .len = m->categories[c].len,
                                               .u.text = m->categories[c].s};
        pair[0] = (struct ksm_value){.tag = KV_LIST, .len = n, .u.base = lbase};
        pair[1] = (struct ksm_value){.tag = KV_TEXT, .len = m->degrees[s.deg].len,
                                     .u.text = m->degrees[s.deg].s};
        *ret = (struct ksm_value){.tag = KV_LIST, .len = 2, .u.base = base};
        return KSM_R_GRANT;
    }
    /* call, invoke, read, write: (source, target) */
    if (!held(m, a[0], &s, &sr))
        return NOLEVEL(KSM_ROLE_SOURCE);
    if (!held(m, a[1], &t, NULL))
        return NOLEVEL(KSM_ROLE_TARGET);
    if (fn == KFN_MIC_CALL || fn == KFN_MIC_READ)   /* data flows target -> source */
        return le(s, t) || le(sr, t) ? KSM_R_GRANT : ORDER(KSM_ROLE_SOURCE, s, KSM_ROLE_TARGET, t);
    /* invoke, write: source -> target */
    return le(t, s) ? KSM_R_GRANT : ORDER(KSM_ROLE_TARGET, t, KSM_ROLE_SOURCE, s);
}
