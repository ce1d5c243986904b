/* What the rule programs pslc compiles to C need (tools/pslc/native.c, docs/ksm.md "Compiled rules"):
 * one wide integer type in which every PSL integer is exact, the interpreter's range test, and the
 * message loads. Offsets are pslc's, from the layout the structure check proved the message has. */
#ifndef VIGIL_KSM_NATIVE_H
#define VIGIL_KSM_NATIVE_H

#include <stdbool.h>
#include <stdint.h>

__extension__ typedef __int128 ksm_wide;

/* PSL integers are [-2^63, 2^64-1] (ksm/value.h): outside, an operation is an expression error. */
static inline bool ksm_native_in_range(ksm_wide v) {
    return v >= -(ksm_wide)((uint64_t)1 << 63) && v <= (ksm_wide)UINT64_MAX;
}

/* Little-endian loads at any alignment: the message is in the kernel's copy, the target little-endian. */
#define KSM_NATIVE_LOAD(name, type)                                   \
    static inline ksm_wide ksm_native_##name(const void *msg, uint32_t off) { \
        type v;                                                       \
        __builtin_memcpy(&v, (const uint8_t *)msg + off, sizeof v);  \
        return v;                                                     \
    }
KSM_NATIVE_LOAD(u8, uint8_t)
KSM_NATIVE_LOAD(u16, uint16_t)
KSM_NATIVE_LOAD(u32, uint32_t)
KSM_NATIVE_LOAD(u64, uint64_t)
KSM_NATIVE_LOAD(s8, int8_t)
KSM_NATIVE_LOAD(s16, int16_t)
KSM_NATIVE_LOAD(s32, int32_t)
KSM_NATIVE_LOAD(s64, int64_t)
#undef KSM_NATIVE_LOAD

#endif
