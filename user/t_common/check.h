/* One line per check for the in-guest user tests, the format tests/run.sh counts:
 *   CHECK("name", cond, "printf format", args...)  prints "ok name" or "FAIL name: <message>"
 * check_failures counts the failures of the whole program (one counter however many files include this:
 * it is a weak definition the linker merges). A test program exits with it. */
#ifndef USER_CHECK_H
#define USER_CHECK_H

#include <stdio.h>

__attribute__((weak)) int check_failures;

#define CHECK(name, cond, ...)                                      \
    do {                                                            \
        if (cond) {                                                 \
            printf("ok %s\n", name);                                \
        } else {                                                    \
            printf("FAIL %s: ", name);                              \
            printf(__VA_ARGS__);                                    \
            printf("\n");                                           \
            check_failures++;                                       \
        }                                                           \
    } while (0)

#endif
