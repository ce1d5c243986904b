/* In-guest kernel tests. A test image links the kernel with one or more files of KTESTs and with
 * kernel/ktest_runner.c, which runs them in order after boot and prints one line per test
 * ("ok <name>" or "FAIL <name>: <reason>") and "summary: N passed, N failed"; the image then exits
 * through semihosting with 0 (all passed) or 1. KTEST_EXPECT returns from the test on failure. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

struct ktest {
    const char *name;
    void (*fn)(void);
};

#define KTEST(id)                                                                          \
    static void ktest_fn_##id(void);                                                       \
    static const struct ktest ktest_##id __attribute__((used, section(".ktests"), aligned(8))) = \
        {#id, ktest_fn_##id};                                                              \
    static void ktest_fn_##id(void)

void ktest_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define KTEST_EXPECT(cond, ...)                                                            \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            ktest_fail(__FILE__, __LINE__, __VA_ARGS__);                                   \
            return;                                                                        \
        }                                                                                  \
    } while (0)

#define KTEST_CHECK(cond) KTEST_EXPECT(cond, "%s", #cond)
#define KTEST_EQ(a, b)                                                                     \
    KTEST_EXPECT((long long)(a) == (long long)(b), "%s == %s (0x%llx != 0x%llx)", #a, #b,   \
                 (unsigned long long)(a), (unsigned long long)(b))

#endif
