#include "tools/common/file.h"

#include <errno.h>
#include <stdlib.h>

char *file_read_all(FILE *f, size_t max, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            errno = ENOMEM;
            return NULL;
        }
        n += fread(buf + n, 1, cap - n - 1, f); /* one byte stays for the NUL */
        if (n < cap - 1)
            break;
        if (n > max)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    if (ferror(f) || n > max) {
        int err = ferror(f) ? EIO : EFBIG;
        free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

bool file_readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}
