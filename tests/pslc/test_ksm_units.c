/* Unit tests of the ksm/ runtime pieces that need no policy: integer arithmetic and SID maps. */
#include "../host/check.h"
#include "ksm/sidmap.h"
#include "ksm/value.h"

#define U(x) KSM_INT_U(x)
#define S(x) ksm_int_s(x)
static const struct ksm_value *heap0;

static bool is(struct ksm_value v, bool neg, uint64_t mag) { return v.tag == KV_INT && v.neg == neg && v.u.mag == mag; }

TEST(int_add_edges) {
    struct ksm_value r;
    CHECK(ksm_int_add(U(UINT64_MAX - 1), U(1), &r) && is(r, 0, UINT64_MAX));
    CHECK(!ksm_int_add(U(UINT64_MAX), U(1), &r));
    CHECK(ksm_int_add(S(INT64_MIN), U(0), &r) && is(r, 1, (uint64_t)1 << 63));
    CHECK(!ksm_int_add(S(INT64_MIN), S(-1), &r));
    CHECK(ksm_int_add(S(-5), U(5), &r) && is(r, 0, 0));
    CHECK(ksm_int_add(U(UINT64_MAX), S(INT64_MIN), &r) && is(r, 0, UINT64_MAX - ((uint64_t)1 << 63)));
}

TEST(int_sub_mul_neg_edges) {
    struct ksm_value r;
    CHECK(ksm_int_sub(U(0), U((uint64_t)1 << 63), &r) && is(r, 1, (uint64_t)1 << 63));
    CHECK(!ksm_int_sub(U(0), U(((uint64_t)1 << 63) + 1), &r));
    CHECK(ksm_int_sub(U(UINT64_MAX), U(UINT64_MAX), &r) && is(r, 0, 0));
    CHECK(!ksm_int_mul(U((uint64_t)1 << 32), U((uint64_t)1 << 32), &r));
    CHECK(ksm_int_mul(S(-((int64_t)1 << 62)), U(2), &r) && is(r, 1, (uint64_t)1 << 63));
    CHECK(!ksm_int_mul(S(-((int64_t)1 << 62)), U(4), &r));
    CHECK(ksm_int_mul(S(-3), U(0), &r) && is(r, 0, 0));
    CHECK(ksm_int_neg(S(INT64_MIN), &r) && is(r, 0, (uint64_t)1 << 63));
    CHECK(!ksm_int_neg(U(((uint64_t)1 << 63) + 1), &r));
}

TEST(int_compare_and_range) {
    CHECK_EQ(ksm_int_cmp(S(-1), U(0)), -1);
    CHECK_EQ(ksm_int_cmp(S(-1), S(-2)), 1);
    CHECK_EQ(ksm_int_cmp(U(UINT64_MAX), S(INT64_MAX)), 1);
    CHECK_EQ(ksm_int_cmp(U(7), U(7)), 0);
    CHECK(ksm_int_in_range(S(-128), true, 128, 127));
    CHECK(!ksm_int_in_range(S(-129), true, 128, 127));
    CHECK(!ksm_int_in_range(S(-1), false, 0, 255));
    CHECK(!ksm_value_eq(heap0, U(1), KSM_BOOL(1)));
    CHECK(ksm_value_eq(heap0, KSM_UNIT, KSM_UNIT));
}

TEST(sidmap_limits_and_tombstones) {
    ksm_sid_t keys[8] = {0};
    uint32_t live = 0;
    struct ksm_sidmap m = {8, 3, keys, &live};
    CHECK_EQ(ksm_sidmap_insert(&m, 0), -1);
    CHECK_EQ(ksm_sidmap_insert(&m, KSM_SID_TOMB), -1);
    int32_t a = ksm_sidmap_insert(&m, 10);
    CHECK(a >= 0);
    CHECK_EQ(ksm_sidmap_insert(&m, 10), -2);
    CHECK(ksm_sidmap_insert(&m, 18) >= 0);
    CHECK(ksm_sidmap_insert(&m, 26) >= 0);
    CHECK_EQ(ksm_sidmap_insert(&m, 34), -1);   /* limit 3 */
    ksm_sidmap_remove_at(&m, a);
    CHECK_EQ(ksm_sidmap_find(&m, 10), -1);
    CHECK(ksm_sidmap_find(&m, 26) >= 0);        /* found past the tombstone */
    int32_t last = ksm_sidmap_insert(&m, 34);
    CHECK(last >= 0);
    ksm_sidmap_remove_at(&m, last);
    for (uint32_t i = 0; i < 1000; i++) {       /* churn: tombstones never wedge the table */
        int32_t p = ksm_sidmap_insert(&m, 100 + i);
        CHECK(p >= 0);
        ksm_sidmap_remove_at(&m, p);
    }
    CHECK_EQ(live, 2);
    CHECK(ksm_sidmap_find(&m, 18) >= 0 && ksm_sidmap_find(&m, 26) >= 0);
    CHECK(ksm_sidmap_find(&m, 999) == -1);
}

int main(void) {
    RUN(int_add_edges);
    RUN(int_sub_mul_neg_edges);
    RUN(int_compare_and_range);
    RUN(sidmap_limits_and_tombstones);
    return check_summary();
}
