/* A tiny host unit-test harness. Each TEST prints exactly one line that tests/run.sh counts:
 *   ok <name>            or   FAIL <name>: <file>:<line>: <failed expression or message>
 * Usage:
 *   TEST(pmem_exhaustion) { CHECK(x == 1); CHECK_EQ(a, b); }
 *   int main(void) { RUN(pmem_exhaustion); return check_summary(); }   // exit 1 if any failed */
#ifndef VIGIL_TEST_CHECK_H
#define VIGIL_TEST_CHECK_H

#include <stdio.h>

static int check_failed_count;
static int check_current_failed;

#define TEST(name) static void test_##name(void)
#define RUN(name)                                                                       \
    do {                                                                                \
        check_current_failed = 0;                                                       \
        test_##name();                                                                  \
        if (!check_current_failed)                                                      \
            printf("ok %s\n", #name);                                                   \
        else                                                                            \
            check_failed_count++;                                                       \
        fflush(stdout);                                                                 \
    } while (0)

/* Reports the first failure of a test and returns from it. */
#define CHECK_MSG(cond, ...)                                                            \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            printf("FAIL %s: %s:%d: ", __func__ + 5, __FILE__, __LINE__);               \
            printf(__VA_ARGS__);                                                        \
            printf("\n");                                                               \
            check_current_failed = 1;                                                   \
            return;                                                                     \
        }                                                                               \
    } while (0)
#define CHECK(cond) CHECK_MSG(cond, "%s", #cond)
#define CHECK_EQ(a, b)                                                                  \
    CHECK_MSG((long long)(a) == (long long)(b), "%s == %s (%lld != %lld)", #a, #b,      \
              (long long)(a), (long long)(b))

static inline int check_summary(void) { return check_failed_count ? 1 : 0; }

#endif
