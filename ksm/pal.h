/* PAL policy tests, compiled by pslc (--tests generate|run) into tables and run here against the linked
 * policy: on the host in make test, or in a guest image. Every test (sequence) starts from the state
 * the module had when ksm_pal_run was called and is rolled back afterwards. Processes started by a test
 * get fresh SIDs from KSM_PAL_FIRST_SID; the kernel is KSM_PAL_KERNEL_SID. */
#ifndef VIGIL_KSM_PAL_H
#define VIGIL_KSM_PAL_H

#include "ksm.h"

#define KSM_PAL_KERNEL_SID 1u
#define KSM_PAL_FIRST_SID 100u
#define KSM_PAL_MAX_VARS 64
#define KSM_PAL_NONE (-1)

enum { KSM_PAL_GRANT, KSM_PAL_DENY, KSM_PAL_ANY };

struct ksm_pal_case {
    uint8_t expect;           /* KSM_PAL_* */
    uint8_t kind;             /* enum ksm_event_kind */
    int16_t bind;             /* execute: variable that receives the new SID, or KSM_PAL_NONE */
    int16_t src, dst;         /* variables, or KSM_PAL_NONE (execute src: the kernel; dst: a new SID) */
    int32_t dst_class;        /* execute: the started class */
    uint16_t riid, mid;
    const void *msg;          /* constant part with its header, or NULL */
    uint32_t msg_size;
    const void *arena;
    uint32_t arena_size;
    uint32_t nhandles;
    int16_t handle_vars[KSM_MAX_HANDLES];   /* SID of each handle field */
    const char *caption;      /* may be NULL */
    const char *loc;          /* "file:line" */
};

struct ksm_pal_test {
    const char *name;         /* "set/sequence" */
    const struct ksm_pal_case *cases;   /* setup, body, finally */
    uint32_t ncases;
};

struct ksm_pal_suite {
    const struct ksm_pal_test *tests;
    uint32_t ntests;
    uint32_t nvars;
};

extern const struct ksm_pal_suite ksm_pal_suite;

/* Runs every test, calling out() with one line per test ("ok NAME" or "FAIL NAME: reason").
 * Returns the number of failed tests. */
int ksm_pal_run(const struct ksm_pal_suite *s, void (*out)(const char *line));

#endif
