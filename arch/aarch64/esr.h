/* ESR_EL1 in words, for fault reports: the exception class and, for aborts, the fault status, level
 * and access, e.g. "data abort from EL1, translation fault at level 3, write". The ESR is taken to be
 * ESR_EL1, so "lower EL" classes are reported as EL0 and "same EL" ones as EL1. Unknown classes and
 * status codes appear as hex. */
#ifndef VIGIL_ARCH_ESR_H
#define VIGIL_ARCH_ESR_H

#include <stddef.h>
#include <stdint.h>

#define ESR_EC(esr)  ((unsigned)(((esr) >> 26) & 0x3f))
#define ESR_ISS(esr) ((uint32_t)((esr) & 0x1ffffff))

enum {
    ESR_EC_UNKNOWN = 0x00,
    ESR_EC_FP_ACCESS = 0x07,
    ESR_EC_SVC64 = 0x15,
    ESR_EC_IABT_LOWER = 0x20,
    ESR_EC_IABT_SAME = 0x21,
    ESR_EC_DABT_LOWER = 0x24,
    ESR_EC_DABT_SAME = 0x25,
    ESR_EC_BRK64 = 0x3c,
};

/* Writes the description into buf (always NUL-terminated when len > 0, truncated to fit). */
void esr_describe(uint64_t esr, char *buf, size_t len);

/* The fault-status part alone for a DFSC/IFSC value, e.g. "permission fault at level 3";
 * NULL when the code is reserved or unknown. */
const char *esr_fault_status(unsigned fsc);

#endif
