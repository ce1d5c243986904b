/* The fuzzer's PRNG: xorshift64 with a fixed seed per thread, so a run is reproducible from its seed
 * (the kernel's scheduling still interleaves the threads differently from run to run). */
#ifndef IPCFUZZ_RNG_H
#define IPCFUZZ_RNG_H

#include <stdint.h>

struct rng {
    uint64_t s; /* never 0 */
};

static inline void rng_seed(struct rng *r, uint64_t seed)
{
    r->s = seed ? seed : 0x9e3779b97f4a7c15ull;
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t x = r->s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return r->s = x;
}

/* Uniform enough in [0, n) for fuzzing; 0 when n is 0. */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
    return n ? (uint32_t)(rng_next(r) % n) : 0;
}

static inline int rng_chance(struct rng *r, unsigned percent)
{
    return rng_below(r, 100) < percent;
}

#endif
