/* Constant grants and audit: ksm_check_routed_memo may report a grant as rememberable (KSM_MEMO_*)
 * only if deciding it logged nothing, because the kernel then grants the same event again without
 * asking the KSM, and any record the KSM would have written is lost. Checked at every audit level
 * (0..31, and levels no profile lists) for bindings under each profile of tests/pslc/memo/security.psl,
 * with the expected records worked out here from the profiles, and through a model of the kernel's
 * per-channel memo (remember while ksm_epoch() is unchanged) across level changes and ksm_init.
 * Also what the routed entry points check before any binding counts: which memo a message with a
 * variable-size field may get, that the route is the event's own, and that the header's flags are
 * those of the event's kind. */
#include <stdio.h>
#include <string.h>

#include "../host/check.h"
#include "ksm/audit.h"
#include "ksm/ksm.h"
#include "ksm/layout.h"
#include "ksm/policy.h"

enum { MID_NAME = 4, MID_V1 = 7, MID_V2, MID_V3, MID_V4, MID_V5, MID_V6, MID_V7 };

/* Levels at which each profile logs a granted `grant ()` (object base, kss "granted"). */
static bool loud(int l) { return l == 0 || l == 2 || l == 31; }
static bool quiet(int l) { return l == 1 || l == 3; }
static bool empty(int l) { (void)l; return false; }
static bool loud_b(int l) { return l == 4; }   /* loud's entry for the Base object b */

struct memo_case {
    const char *name;
    uint32_t kind;
    uint16_t mid;
    bool constant;                  /* bound only to `grant ()` blocks */
    bool (*blocks[2])(int level);   /* per bound block: does its one call log at this level */
};

static const struct memo_case cases[] = {
    {"request under the default profile", KSM_EV_REQUEST, MID_V1, true, {loud}},
    {"request under its own profile", KSM_EV_REQUEST, MID_V2, true, {quiet}},
    {"request under the empty profile", KSM_EV_REQUEST, MID_V3, true, {empty}},
    {"two bindings, two profiles", KSM_EV_REQUEST, MID_V4, true, {loud, quiet}},
    {"match section with its own profile", KSM_EV_REQUEST, MID_V5, true, {loud}},
    {"response", KSM_EV_RESPONSE, MID_V1, true, {quiet}},
    {"error", KSM_EV_ERROR, MID_V1, true, {loud}},
    {"a Base object's grant", KSM_EV_REQUEST, MID_V6, false, {loud_b}},
    {"assert", KSM_EV_REQUEST, MID_V7, false, {loud}},
};
#define NCASES (sizeof cases / sizeof cases[0])

static int records(const struct memo_case *c, int level) {
    int n = 0;
    for (int b = 0; b < 2 && c->blocks[b]; b++)
        n += c->blocks[b](level);
    return n;
}

static int app, peer;
static _Alignas(8) uint8_t msgs[NCASES][64];
static struct ksm_event events[NCASES];

static bool build_events(void) {
    for (size_t i = 0; i < NCASES; i++) {
        const struct memo_case *c = &cases[i];
        unsigned dir = c->kind == KSM_EV_REQUEST ? KSM_DIR_REQUEST
                     : c->kind == KSM_EV_RESPONSE ? KSM_DIR_RESPONSE : KSM_DIR_ERROR;
        const struct ksm_msg_layout *l = ksm_message_layout(app, 0, c->mid, dir);
        if (!l || l->size > sizeof msgs[i])
            return false;
        static const uint32_t flags[] = {VG_MSG_REQUEST, VG_MSG_RESPONSE, VG_MSG_RESPONSE | VG_MSG_ERROR};
        struct vg_msg_hdr h = {l->size, 0, c->mid, flags[c->kind], 0, 0, 0};
        memcpy(msgs[i], &h, sizeof h);
        uint32_t v = 1;   /* V7 asserts v == 1 */
        if (l->size >= sizeof h + 4)
            memcpy(msgs[i] + sizeof h, &v, 4);
        bool req = c->kind == KSM_EV_REQUEST;
        events[i] = (struct ksm_event){.kind = c->kind, .src_sid = req ? 200 : 100, .dst_sid = req ? 100 : 200,
                                       .src_class = req ? peer : app, .dst_class = req ? app : peer,
                                       .riid = 0, .mid = c->mid, .msg = msgs[i], .msg_size = l->size};
    }
    return true;
}

static const struct ksm_route *route_of(const struct ksm_event *ev) {
    return ksm_route(ev->src_class, ev->dst_class);
}

static size_t drain(void) {
    struct ksm_audit_record r[16];
    size_t n = 0, k;
    while ((k = ksm_audit_read(r, 16)) > 0)
        n += k;
    return n;
}

static const int levels[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                             21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 1000, 0xffff};
#define NLEVELS (sizeof levels / sizeof levels[0])

TEST(memo_setup) {
    app = ksm_class_id("App");
    peer = ksm_class_id("Peer");
    CHECK(app >= 0 && peer >= 0);
    CHECK_EQ(ksm_init(1), KSM_GRANTED);
    CHECK(build_events());
    drain();
}

/* Every case at every level: the records the decision writes, and the memo it reports. */
TEST(memo_every_level) {
    for (size_t li = 0; li < NLEVELS; li++) {
        int level = levels[li];
        CHECK_EQ(ksm_audit_set_level(level), 0);
        drain();
        for (size_t i = 0; i < NCASES; i++) {
            const struct memo_case *c = &cases[i];
            unsigned memo = 99;
            int d = ksm_check_routed_memo(route_of(&events[i]), &events[i], &memo);
            int n = (int)drain();
            int want = records(c, level);
            CHECK_MSG(d == KSM_GRANTED, "%s, level %d: decision %d", c->name, level, d);
            CHECK_MSG(n == want, "%s, level %d: %d records, expected %d", c->name, level, n, want);
            CHECK_MSG(memo == KSM_MEMO_NONE || n == 0, "%s, level %d: reported rememberable (memo %u) but "
                      "logged %d records: the kernel's remembered grants would log none", c->name, level, memo, n);
            unsigned want_memo = c->constant && want == 0 ? KSM_MEMO_SAME_SIZE : KSM_MEMO_NONE;
            CHECK_MSG(memo == want_memo, "%s, level %d: memo %u, expected %u", c->name, level, memo, want_memo);
            /* the plain entry point decides and logs the same */
            d = ksm_check(&events[i]);
            CHECK_MSG(d == KSM_GRANTED && (int)drain() == want, "%s, level %d: ksm_check differs", c->name, level);
        }
    }
}

/* The kernel's side: per event, a remembered grant with the epoch it was given in. */
struct kernel_memo {
    bool valid;
    uint32_t epoch;
};
static struct kernel_memo kmemo[NCASES];

static int kernel_decide(size_t i) {
    if (kmemo[i].valid && kmemo[i].epoch == ksm_epoch())
        return KSM_GRANTED;   /* no KSM call, so no audit record */
    unsigned memo;
    int d = ksm_check_routed_memo(route_of(&events[i]), &events[i], &memo);
    kmemo[i] = (struct kernel_memo){memo != KSM_MEMO_NONE && d == KSM_GRANTED, ksm_epoch()};
    return d;
}

/* Levels change under remembered grants; ksm_init returns to the policy's default level (0, where
 * loud logs): the records written through the kernel's memo are exactly those of asking every time. */
TEST(memo_through_kernel_cache) {
    memset(kmemo, 0, sizeof kmemo);
    static const int script[] = {7, 0, 7, 3, 1, 1, 5, 31, 32, 2, 6, -1 /* ksm_init */, 9, -1, 4, 0};
    for (size_t s = 0; s < sizeof script / sizeof script[0]; s++) {
        int level = script[s];
        if (level < 0) {
            uint32_t before = ksm_epoch();
            CHECK_EQ(ksm_init(1), KSM_GRANTED);
            CHECK_MSG(ksm_epoch() != before, "ksm_init reset the audit level but kept the epoch");
            level = ksm_audit_level();
        } else {
            CHECK_EQ(ksm_audit_set_level(level), 0);
        }
        drain();
        for (size_t i = 0; i < NCASES; i++)
            for (int rep = 0; rep < 3; rep++) {
                CHECK_EQ(kernel_decide(i), KSM_GRANTED);
                int n = (int)drain();
                CHECK_MSG(n == records(&cases[i], level), "step %zu (level %d), %s, call %d: %d records, expected %d",
                          s, level, cases[i].name, rep + 1, n, records(&cases[i], level));
            }
    }
}

/* A request of Peer to App, method mid, with the layout's size, the right flags and a zeroed body. */
static bool request(uint16_t mid, uint8_t *buf, size_t cap, struct ksm_event *ev) {
    const struct ksm_msg_layout *l = ksm_message_layout(app, 0, mid, KSM_DIR_REQUEST);
    if (!l || l->size > cap)
        return false;
    memset(buf, 0, cap);
    struct vg_msg_hdr h = {l->size, 0, mid, VG_MSG_REQUEST, 0, 0, 0};
    memcpy(buf, &h, sizeof h);
    *ev = (struct ksm_event){.kind = KSM_EV_REQUEST, .src_sid = 200, .dst_sid = 100, .src_class = peer,
                             .dst_class = app, .riid = 0, .mid = mid, .msg = buf, .msg_size = l->size};
    return true;
}

/* Name (in string<16> s) is bound to `grant ()` alone. With its string empty and no arena the grant is
 * constant, but it holds only for messages whose string is empty too: SAME_SHAPE, which the kernel
 * remembers only where it checks that itself. SAME_SIZE would let it grant a message of the same size
 * with any string in the arena without asking. A message with a string in the arena is not remembered. */
TEST(memo_of_variable_fields_is_same_shape) {
    CHECK_EQ(ksm_audit_set_level(7), 0);   /* the default profile logs nothing at 7 */
    drain();
    _Alignas(8) uint8_t buf[64];
    struct ksm_event ev;
    CHECK(request(MID_NAME, buf, sizeof buf, &ev));
    const struct ksm_msg_layout *l = ksm_message_layout(app, 0, MID_NAME, KSM_DIR_REQUEST);
    CHECK(l->nfields == 1 && l->fields[0].kind == KSM_F_STRING);
    unsigned memo = 99;
    CHECK_EQ(ksm_check_routed_memo(route_of(&ev), &ev, &memo), KSM_GRANTED);
    CHECK_EQ(memo, KSM_MEMO_SAME_SHAPE);
    /* the same size with a string in the arena */
    static const char arena[8] = "ab";
    struct vg_arena_ptr seg = {0, 3};
    memcpy(buf + l->fields[0].offset, &seg, sizeof seg);
    ((struct vg_msg_hdr *)buf)->arena_size = sizeof arena;
    ev.arena = arena;
    ev.arena_size = sizeof arena;
    memo = 99;
    CHECK_EQ(ksm_check_routed_memo(route_of(&ev), &ev, &memo), KSM_GRANTED);
    CHECK_EQ(memo, KSM_MEMO_NONE);
    /* a scalar message keeps SAME_SIZE */
    CHECK(request(MID_V1, buf, sizeof buf, &ev));
    CHECK_EQ(ksm_check_routed_memo(route_of(&ev), &ev, &memo), KSM_GRANTED);
    CHECK_EQ(memo, KSM_MEMO_SAME_SIZE);
    CHECK_EQ(drain(), 0);
}

/* A route is one (source class, destination class) row: an event of another source is malformed on
 * it, whatever that row's bindings say. Peer -> App grants V1; App -> App binds only V4. Checked on the
 * fast path's level (7) and where the blocks run and log (0). */
TEST(route_of_another_source_is_malformed) {
    static const int lv[] = {7, 0};
    for (size_t li = 0; li < 2; li++) {
        CHECK_EQ(ksm_audit_set_level(lv[li]), 0);
        _Alignas(8) uint8_t buf[64];
        struct ksm_event ev;
        CHECK(request(MID_V1, buf, sizeof buf, &ev));
        CHECK_EQ(ksm_check(&ev), KSM_GRANTED);
        ev.src_class = app;   /* App -> App, judged on Peer's row: Peer's grant must not apply */
        CHECK_EQ(ksm_check(&ev), KSM_DENIED);
        unsigned memo = 99;
        CHECK_MSG(ksm_check_routed(ksm_route(peer, app), &ev) == KSM_MALFORMED, "level %d: an App event on "
                  "Peer's route was not refused", lv[li]);
        CHECK_EQ(ksm_check_routed_memo(ksm_route(peer, app), &ev, &memo), KSM_MALFORMED);
        CHECK_EQ(memo, KSM_MEMO_NONE);
        ev.src_class = peer;  /* Peer -> App on App's row */
        CHECK_EQ(ksm_check_routed(ksm_route(app, app), &ev), KSM_MALFORMED);
        drain();
    }
}

/* The flags say what a message is: a request's header must say request, a response's response, an
 * error's response and error. Any other flags on a message that is otherwise granted are malformed,
 * on the fast path (level 7) and on the full one (level 0, where the default profile logs). */
TEST(header_flags_must_match_the_kind) {
    static const uint32_t kinds[] = {KSM_EV_REQUEST, KSM_EV_RESPONSE, KSM_EV_ERROR};
    static const uint32_t right[] = {VG_MSG_REQUEST, VG_MSG_RESPONSE, VG_MSG_RESPONSE | VG_MSG_ERROR};
    static const uint32_t all[] = {0, VG_MSG_REQUEST, VG_MSG_RESPONSE, VG_MSG_RESPONSE | VG_MSG_ERROR,
                                   VG_MSG_REQUEST | VG_MSG_ERROR, VG_MSG_ERROR};
    static const int lv[] = {7, 0};
    for (size_t li = 0; li < 2; li++) {
        CHECK_EQ(ksm_audit_set_level(lv[li]), 0);
        for (size_t k = 0; k < 3; k++) {
            size_t i = 0;
            while (i < NCASES && !(cases[i].kind == kinds[k] && cases[i].mid == MID_V1))
                i++;
            CHECK(i < NCASES);
            struct ksm_event ev = events[i];
            _Alignas(8) uint8_t buf[64];
            memcpy(buf, msgs[i], sizeof buf);
            ev.msg = buf;
            for (size_t f = 0; f < sizeof all / sizeof all[0]; f++) {
                ((struct vg_msg_hdr *)buf)->flags = all[f];
                int want = all[f] == right[k] ? KSM_GRANTED : KSM_MALFORMED;
                unsigned memo;
                int d = ksm_check_routed_memo(route_of(&ev), &ev, &memo);
                CHECK_MSG(d == want, "level %d, kind %u with flags %#x: decision %d, expected %d", lv[li],
                          kinds[k], all[f], d, want);
                CHECK_EQ(ksm_check(&ev), want);
            }
            drain();
        }
    }
}

int main(void) {
    RUN(memo_setup);
    RUN(memo_every_level);
    RUN(memo_through_kernel_cache);
    RUN(memo_of_variable_fields_is_same_shape);
    RUN(route_of_another_source_is_malformed);
    RUN(header_flags_must_match_the_kind);
    return check_summary();
}
