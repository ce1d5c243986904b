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
