/* The PAL test runner; see pal.h. Freestanding (no libc): lines are built by hand. */
#include "pal.h"

#include "audit.h"
#include "policy.h"

struct line {
    char buf[512];
    uint32_t n;
};

static void put(struct line *l, const char *s) {
    while (s && *s && l->n < sizeof l->buf - 1)
        l->buf[l->n++] = *s++;
    l->buf[l->n] = 0;
}

static void save(uint8_t *to, const uint8_t *from, size_t n) {
    for (size_t i = 0; i < n; i++)
        to[i] = from[i];
}

struct var {
    ksm_sid_t sid;
    int32_t cls;
};

static const char *const decision_names[] = {"granted", "denied", "malformed"};

static void put_loc(struct line *l, uint16_t loc) {
    uint32_t len;
    const char *s = ksm_audit_loc_name(loc, &len);
    for (uint32_t i = 0; s && i < len && l->n < sizeof l->buf - 1; i++)
        l->buf[l->n++] = s[i];
    l->buf[l->n] = 0;
}

/* "denied by FILE:LINE (object.rule): REASON", "granted by FILE:LINE", "denied: no binding matched: ..." */
static struct line verdict;
static const char *explain(const struct ksm_event *ev, int d) {
    verdict = (struct line){{0}, 0};
    put(&verdict, decision_names[d]);
    if (d == KSM_GRANTED) {
        uint16_t loc = ksm_event_binding(ev);
        if (loc != KSM_AUDIT_NONE) {
            put(&verdict, " by ");
            put_loc(&verdict, loc);
        }
        return verdict.buf;
    }
    const struct ksm_denial *dn = ksm_last_denial();
    struct ksm_audit_record r = {.kind = (uint8_t)ev->kind, .decision = (uint8_t)d, .result = 1,
                                 .reason = dn->reason, .src_sid = ev->src_sid, .dst_sid = ev->dst_sid,
                                 .src_class = ev->src_class, .dst_class = ev->dst_class, .riid = ev->riid,
                                 .mid = ev->mid, .loc = dn->loc, .site = dn->site, .why = dn->why};
    if (dn->loc != KSM_AUDIT_NONE) {
        put(&verdict, " by ");
        put_loc(&verdict, dn->loc);
        const char *site = ksm_audit_site_name(dn->site);
        if (site) {
            put(&verdict, " (");
            put(&verdict, site);
            put(&verdict, ")");
        }
    } else if (dn->reason == KSM_AR_NO_BINDING) {
        put(&verdict, ": no binding matched");
    }
    char why[160];
    if (ksm_audit_reason_text(&r, why, sizeof why)) {
        put(&verdict, ": ");
        put(&verdict, why);
    }
    return verdict.buf;
}

/* Runs one case; returns NULL on success or the reason of the failure. */
static const char *step(const struct ksm_pal_case *c, struct var *vars, ksm_sid_t *next_sid) {
    struct ksm_event ev = {.kind = c->kind, .riid = c->riid, .mid = c->mid, .msg = c->msg,
                           .msg_size = c->msg_size, .arena = c->arena, .arena_size = c->arena_size,
                           .nhandles = c->nhandles};
    int core = ksm_policy.core_class;
    if (c->kind == KSM_EV_EXECUTE) {
        ev.dst_sid = (*next_sid)++;
        ev.dst_class = c->dst_class;
        if (c->src != KSM_PAL_NONE) {
            ev.src_sid = vars[c->src].sid;
            ev.src_class = vars[c->src].cls;
        } else if (c->dst_class == core) {   /* the kernel's own start */
            ev.src_sid = ev.dst_sid;
            ev.src_class = core;
        } else {
            ev.src_sid = KSM_PAL_KERNEL_SID;
            ev.src_class = core;
        }
        if (ev.src_sid == KSM_NO_SID)
            return "the source variable is not bound";
    } else {
        if (c->src == KSM_PAL_NONE || vars[c->src].sid == KSM_NO_SID ||
            (c->kind != KSM_EV_SECURITY && (c->dst == KSM_PAL_NONE || vars[c->dst].sid == KSM_NO_SID)))
            return "src or dst is not a bound variable";
        ev.src_sid = vars[c->src].sid;
        ev.src_class = vars[c->src].cls;
        if (c->kind != KSM_EV_SECURITY) {
            ev.dst_sid = vars[c->dst].sid;
            ev.dst_class = vars[c->dst].cls;
        }
    }
    for (uint32_t i = 0; i < c->nhandles && i < KSM_MAX_HANDLES; i++)
        ev.handle_sids[i] = c->handle_vars[i] == KSM_PAL_NONE ? KSM_NO_SID : vars[c->handle_vars[i]].sid;
    int d = ksm_check(&ev);
    if (c->bind != KSM_PAL_NONE && d == KSM_GRANTED)
        vars[c->bind] = (struct var){ev.dst_sid, ev.dst_class};
    if (c->expect == KSM_PAL_ANY)
        return d == KSM_MALFORMED ? explain(&ev, d) : 0;
    if ((c->expect == KSM_PAL_GRANT) != (d == KSM_GRANTED))
        return explain(&ev, d);
    return 0;
}

int ksm_pal_run(const struct ksm_pal_suite *s, void (*out)(const char *line)) {
    int failed = 0;
    struct var vars[KSM_PAL_MAX_VARS];
    for (uint32_t t = 0; t < s->ntests; t++) {
        const struct ksm_pal_test *test = &s->tests[t];
        save(ksm_policy.snapshot, ksm_policy.state, ksm_policy.state_size);
        for (uint32_t v = 0; v < KSM_PAL_MAX_VARS; v++)
            vars[v] = (struct var){KSM_NO_SID, -1};
        ksm_sid_t next_sid = KSM_PAL_FIRST_SID;
        struct line l = {{0}, 0};
        for (uint32_t i = 0; i < test->ncases; i++) {
            const struct ksm_pal_case *c = &test->cases[i];
            const char *why = step(c, vars, &next_sid);
            if (why) {
                put(&l, "FAIL ");
                put(&l, test->name);
                put(&l, ": ");
                put(&l, c->loc);
                put(&l, ": ");
                if (c->caption) {
                    put(&l, c->caption);
                    put(&l, ": ");
                }
                put(&l, "expected ");
                put(&l, c->expect == KSM_PAL_GRANT ? "granted" : c->expect == KSM_PAL_DENY ? "denied" : "no error");
                put(&l, ", got ");
                put(&l, why);
                break;
            }
        }
        save(ksm_policy.state, ksm_policy.snapshot, ksm_policy.state_size);   /* roll back */
        if (!l.n) {
            put(&l, "ok ");
            put(&l, test->name);
        } else {
            failed++;
        }
        out(l.buf);
    }
    return failed;
}
