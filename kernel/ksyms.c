/* Binary search over the generated, address-sorted table. */
#include <stddef.h>
#include "kernel/ksyms.h"

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
    uint32_t lo = 0, hi = ksyms_count;
    while (lo < hi) { /* first entry whose address is above addr */
        uint32_t mid = lo + (hi - lo) / 2;
        if (ksyms_table[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const struct ksym *s = &ksyms_table[lo - 1];
    uint64_t size = s->size;
    if (size == 0 && lo < ksyms_count)
        size = ksyms_table[lo].addr - s->addr;
    uint64_t off = addr - s->addr;
    if (off >= size && off != 0)
        return NULL;
    if (offset)
        *offset = off;
    return ksyms_names + s->name;
}
