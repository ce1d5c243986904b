#include "kernel/arch.h"

rc_t __copy_from_user(void *dst, uint64_t src, size_t n);
rc_t __copy_to_user(uint64_t dst, const void *src, size_t n);

static int user_range_ok(uint64_t addr, size_t n)
{
    return addr + n >= addr && addr + n <= ARCH_USER_TOP;
}

rc_t arch_copy_from_user(void *dst, uint64_t user_src, size_t n)
{
    if (!user_range_ok(user_src, n))
        return rcSourceFault;
    return __copy_from_user(dst, user_src, n);
}

rc_t arch_copy_to_user(uint64_t user_dst, const void *src, size_t n)
{
    if (!user_range_ok(user_dst, n))
        return rcTargetFault;
    return __copy_to_user(user_dst, src, n);
}

/* An AAPCS64 frame record: two doublewords, the caller's x29 then the return address (x30). */
rc_t arch_user_frame(uint64_t fp, uint64_t *next, uint64_t *ret)
{
    uint64_t rec[2];
    if (fp & 7)
        return rcInvalidArgument;
    rc_t rc = arch_copy_from_user(rec, fp, sizeof rec);
    if (rc != rcOk)
        return rc;
    *next = rec[0];
    *ret = rec[1];
    return rcOk;
}

/* A return address follows its BL/BLR, one 4-byte instruction earlier. */
uint64_t arch_call_site(uint64_t ret)
{
    return ret - 4;
}
