/* The fast decision tables (ksm/fast.h, docs/ksm.md "Fast decisions") against the KSM itself, for the
 * one policy this is linked with (suite 40-pslc links it with every policy of the tree): for every route,
 * requests and responses, every point and audit levels 0..33 and 65535, ksm_fast_size answers non-zero
 * exactly when ksm_check_routed_memo grants a well-formed message of the method's size at once, as
 * rememberable by size (KSM_MEMO_SAME_SIZE), writing no audit record; and the size is the layout's. A
 * kernel that grants on a non-zero answer without asking then decides what the KSM decides and loses no
 * record. Checked once before ksm_init (PAL runners decide without it: the level the table is read at
 * must be the policy's default from the start) and at every level after.
 * Built with -DFAST_CASES for tests/pslc/fast/security.psl, it also checks that policy's known entries:
 * the ones that must be 0 (an assert, a string, a handle, an object's grant) and one audited at level 3.
 *
 *   test_fast NAME     prints "ok fast-NAME-..." or "FAIL fast-NAME-...: why" lines */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ksm/audit.h"
#include "ksm/fast.h"
#include "ksm/ksm.h"
#include "ksm/layout.h"
#include "ksm/policy.h"

static const char *policy_name = "policy";
static int failures;
static char why[512];   /* the current check's first failure */

static void fail(const char *fmt, ...) {
    if (why[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
}

static void report(const char *check) {
    if (why[0]) {
        printf("FAIL fast-%s-%s: %s\n", policy_name, check, why);
        failures++;
    } else {
        printf("ok fast-%s-%s\n", policy_name, check);
    }
    why[0] = 0;
    fflush(stdout);
}

static void drain(void) {
    struct ksm_audit_record r[16];
    while (ksm_audit_read(r, 16) > 0) {
    }
}

static _Alignas(8) uint8_t msg[VG_MSG_MAX_SIZE];

/* What the KSM says of a well-formed message of (route, kind, riid, mid) with the layout's size: whether
 * it grants it at once, rememberable by size, with no record. */
static bool ksm_fast_grants(const struct ksm_route *route, int src, int dst, unsigned kind, uint32_t riid,
                            uint32_t mid, uint32_t size) {
    memset(msg, 0, size);
    struct vg_msg_hdr h = {size, (vg_iid_t)riid, (vg_iid_t)mid, kind == KSM_EV_REQUEST ? VG_MSG_REQUEST : VG_MSG_RESPONSE,
                           0, 0, 0};
    memcpy(msg, &h, sizeof h);
    struct ksm_event ev = {.kind = kind, .src_sid = 100, .dst_sid = 200, .src_class = src, .dst_class = dst,
                           .riid = (uint16_t)riid, .mid = (uint16_t)mid, .msg = msg, .msg_size = size};
    drain();
    uint32_t dropped = ksm_audit_dropped();
    unsigned memo = 99;
    int d = ksm_check_routed_memo(route, &ev, &memo);
    bool quiet = ksm_audit_pending() == 0 && ksm_audit_dropped() == dropped;
    drain();
    return d == KSM_GRANTED && memo == KSM_MEMO_SAME_SIZE && quiet;
}

/* Every route, kind, point at the current level; returns the number of non-zero entries seen. */
static unsigned agree_at_current_level(void) {
    int level = ksm_audit_level();
    unsigned nonzero = 0;
    int n = ksm_class_count();
    for (int src = 0; src < n; src++)
        for (int dst = 0; dst < n; dst++) {
            const struct ksm_route *route = ksm_route(src, dst);
            for (unsigned kind = KSM_EV_REQUEST; kind <= KSM_EV_RESPONSE; kind++) {
                const struct ksm_space *sp = route->space[kind];
                int owner = kind == KSM_EV_REQUEST ? dst : src;   /* the server's layout */
                for (uint32_t riid = 0; sp && riid < sp->n_iface; riid++)
                    for (uint32_t mid = 0; mid < sp->nmid[riid]; mid++) {
                        uint32_t fs = ksm_fast_size(route, kind, riid, mid);
                        const struct ksm_msg_layout *l = ksm_message_layout(owner, riid, mid, kind);
                        const char *what = kind == KSM_EV_REQUEST ? "request" : "response";
                        const char *s = ksm_class_name(src), *d = ksm_class_name(dst);
                        if (!l || l->size > sizeof msg || l->size < sizeof(struct vg_msg_hdr)) {
                            fail("%s %s -> %s riid %u mid %u: no usable layout", what, s, d, riid, mid);
                            return nonzero;
                        }
                        bool ksm = ksm_fast_grants(route, src, dst, kind, riid, mid, l->size);
                        if ((fs != 0) != ksm) {
                            fail("level %d, %s %s -> %s riid %u mid %u (%s): ksm_fast_size %u but the KSM %s", level,
                                 what, s, d, riid, mid, l->method ? l->method : "?", fs,
                                 ksm ? "grants it at once, unaudited" : "does not grant it at once, unaudited");
                            return nonzero;
                        }
                        if (fs && fs != l->size) {
                            fail("level %d, %s %s -> %s riid %u mid %u: size %u, the layout's is %u", level, what, s,
                                 d, riid, mid, fs, l->size);
                            return nonzero;
                        }
                        nonzero += fs != 0;
                    }
            }
        }
    return nonzero;
}

/* Outside the table: no route, other kinds, riid or mid past the space. */
static void check_bounds(void) {
    int n = ksm_class_count();
    if (ksm_fast_size(NULL, KSM_EV_REQUEST, 0, 0) != 0)
        fail("an answer for no route");
    for (int src = 0; src < n; src++)
        for (int dst = 0; dst < n; dst++) {
            const struct ksm_route *route = ksm_route(src, dst);
            for (unsigned kind = KSM_EV_ERROR; kind <= KSM_EV_COUNT + 1; kind++)
                for (uint32_t riid = 0; riid < 4; riid++)
                    for (uint32_t mid = 0; mid < 32; mid++)
                        if (ksm_fast_size(route, kind, riid, mid) != 0)
                            fail("kind %u riid %u mid %u of %d -> %d: an answer for a kind with no table", kind, riid,
                                 mid, src, dst);
            for (unsigned kind = KSM_EV_REQUEST; kind <= KSM_EV_RESPONSE; kind++) {
                const struct ksm_space *sp = route->space[kind];
                if (ksm_fast_size(route, kind, sp->n_iface, 0) || ksm_fast_size(route, kind, UINT32_MAX, 0))
                    fail("kind %u of %d -> %d: an answer for riid past the endpoints", kind, src, dst);
                for (uint32_t riid = 0; riid < sp->n_iface; riid++)
                    if (ksm_fast_size(route, kind, riid, sp->nmid[riid]) ||
                        ksm_fast_size(route, kind, riid, UINT32_MAX))
                        fail("kind %u of %d -> %d riid %u: an answer for mid past the methods", kind, src, dst, riid);
            }
        }
}

#ifdef FAST_CASES
/* tests/pslc/fast/security.psl: requests Peer -> App of Calc's methods, responses App -> Peer. */
static int app, peer;

static int mid_of(const char *method) {
    const struct ksm_msg_layout *l;
    for (unsigned mid = 0; (l = ksm_message_layout(app, 0, mid, KSM_DIR_REQUEST)); mid++)
        if (strcmp(l->method, method) == 0)
            return (int)mid;
    fail("Calc has no method %s", method);
    return 0;
}

static uint32_t req(const char *method) { return ksm_fast_size(ksm_route(peer, app), KSM_EV_REQUEST, 0, mid_of(method)); }
static uint32_t resp(const char *method) {
    return ksm_fast_size(ksm_route(app, peer), KSM_EV_RESPONSE, 0, mid_of(method));
}

/* The entry of a method bound to `grant ()` whose message has a field for the verifier or a rule to
 * run is 0 at every level: only the KSM can decide it. */
static void zero_everywhere(const char *method, const char *what) {
    for (int level = 0; level <= 33; level++) {
        ksm_audit_set_level(level);
        if (req(method) != 0)
            fail("level %d: %s (%s) has a fast entry", level, method, what);
    }
}

static void run_cases(void) {
    app = ksm_class_id("App");
    peer = ksm_class_id("Peer");
    if (app < 0 || peer < 0) {
        fail("no class App or Peer");
        report("setup");
        return;
    }
    report("setup");
    zero_everywhere("V7", "an assert");
    report("assert");
    zero_everywhere("V8", "a grant with a deny (B) in the same set");
    zero_everywhere("V4", "deny (false)");
    report("deny-condition");
    zero_everywhere("Name", "a string parameter");
    report("string");
    zero_everywhere("Give", "a handle");
    report("handle");
    zero_everywhere("V6", "a Base object's grant");
    report("object-grant");
    zero_everywhere("V3", "no binding");
    report("no-binding");
    /* A plain grant of scalars, as a request and as a response: the size of the message at every level. */
    const struct ksm_msg_layout *v2 = ksm_message_layout(app, 0, mid_of("V2"), KSM_DIR_REQUEST);
    const struct ksm_msg_layout *v2r = ksm_message_layout(app, 0, mid_of("V2"), KSM_DIR_RESPONSE);
    for (int level = 0; level <= 33; level++) {
        ksm_audit_set_level(level);
        if (!v2 || req("V2") != v2->size)
            fail("level %d: the request V2 (a plain grant) has entry %u", level, req("V2"));
        if (!v2r || resp("V2") != v2r->size)
            fail("level %d: the response V2 (a plain grant) has entry %u", level, resp("V2"));
    }
    report("plain");
    /* Audited at level 3 (profile quiet logs granted base calls there, and 3 is also the default level):
     * the entry applies at every level but 3. */
    const struct ksm_msg_layout *v1 = ksm_message_layout(app, 0, mid_of("V1"), KSM_DIR_REQUEST);
    for (int level = 0; level <= 33; level++) {
        ksm_audit_set_level(level);
        uint32_t want = level == 3 || !v1 ? 0 : v1->size;
        if (req("V1") != want)
            fail("level %d: the request V1 (audited at level 3 only) has entry %u, expected %u", level, req("V1"),
                 want);
    }
    ksm_init(1);   /* back to the default level, 3 */
    if (req("V1") != 0)
        fail("after ksm_init (default level 3): the request V1 has entry %u", req("V1"));
    report("audited");
}
#endif

int main(int argc, char **argv) {
    if (argc > 1)
        policy_name = argv[1];
    /* Before ksm_init the level is the policy's default, and the table must be read at it. */
    if (ksm_audit_level() != ksm_policy.default_level)
        fail("before ksm_init the level is %d, the policy's default %u", ksm_audit_level(), ksm_policy.default_level);
    agree_at_current_level();
    report("before-init");
    ksm_init(1);   /* a policy may deny the kernel's start; its other decisions still count */
    unsigned nonzero = 0;
    static const int levels[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                                 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 0xffff};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0] && !why[0]; i++) {
        if (ksm_audit_set_level(levels[i]) != 0)
            fail("level %d refused", levels[i]);
        nonzero += agree_at_current_level();
    }
    report("every-level");
    check_bounds();
    report("bounds");
#ifdef FAST_CASES
    run_cases();
    /* The cases policy has fast entries: the comparison above had something to compare. */
    if (nonzero == 0)
        fail("no entry of the cases policy is non-zero");
    report("some-entries");
#else
    (void)nonzero;
#endif
    return failures ? 1 : 0;
}
