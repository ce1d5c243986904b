/* For assembly: `extable insn, fixup` records that a fault at insn resumes at fixup (trap.c's
 * apply_fixup walks the __extable section). Used by the user copies and the probes. */
#ifndef ARCH_AARCH64_EXTABLE_H
#define ARCH_AARCH64_EXTABLE_H

.macro extable insn, fixup
    .pushsection __extable, "a"
    .balign 8
    .quad \insn, \fixup
    .popsection
.endm

#endif
