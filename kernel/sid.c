/* A bitmap (1 = live) and a next-fit cursor. limit == 0 stands for SID_MAX so that the zeroed static
 * state is a usable full pool without an init call at boot. */
#include "kernel/sid.h"

#define WORDS (SID_MAX / 64u)
_Static_assert(SID_MAX % 64u == 0, "bitmap words");

static uint64_t live[WORDS];
static uint32_t limit_set; /* 0: SID_MAX */
static uint32_t cursor;    /* next SID to try; 0 before the first allocation */
static uint32_t count;     /* live SIDs besides the kernel's */

static uint32_t limit(void) { return limit_set ? limit_set : SID_MAX; }

static bool bit(uint32_t s) { return (live[s / 64u] >> (s % 64u)) & 1u; }

rc_t sid_reset(uint32_t new_limit)
{
    if ((new_limit != 0 && new_limit < 3) || new_limit > SID_MAX)
        return rcInvalidArgument;
    for (uint32_t w = 0; w < WORDS; w++)
        live[w] = 0;
    limit_set = new_limit;
    cursor = 0;
    count = 0;
    return rcOk;
}

/* First clear bit in [from, to), or `to`. Word at a time so a full pool costs limit/64 steps. */
static uint32_t find_free(uint32_t from, uint32_t to)
{
    uint32_t s = from;
    while (s < to) {
        uint64_t free_bits = ~live[s / 64u] >> (s % 64u);
        if (free_bits == 0) {
            s = (s / 64u + 1u) * 64u;
            continue;
        }
        s += (uint32_t)__builtin_ctzll(free_bits);
        return s < to ? s : to;
    }
    return to;
}

rc_t sid_alloc(sid_t *out)
{
    uint32_t lim = limit();
    if (count >= lim - 2u)
        return rcOutOfMemory;
    uint32_t start = cursor < 2u || cursor >= lim ? 2u : cursor;
    uint32_t s = find_free(start, lim);
    if (s == lim)
        s = find_free(2u, start);
    /* count < lim - 2 guarantees a clear bit in [2, lim). */
    live[s / 64u] |= 1ull << (s % 64u);
    count++;
    cursor = s + 1u;
    *out = s;
    return rcOk;
}

rc_t sid_free(sid_t sid)
{
    if (sid < 2u || sid >= limit() || !bit(sid))
        return rcInvalidArgument;
    live[sid / 64u] &= ~(1ull << (sid % 64u));
    count--;
    return rcOk;
}

bool sid_is_live(sid_t sid)
{
    if (sid == SID_KERNEL)
        return true;
    return sid >= 2u && sid < limit() && bit(sid);
}

uint32_t sid_live_count(void) { return count + 1u; }
