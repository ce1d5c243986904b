/* Building a ROMFS blob in memory (the format is kernel/romfs.h's, read back by kernel/romfs.c).
 * romfs_build packs n files in the given order; it refuses (returns -1 and writes a one-line reason
 * into err) an empty or over-long name, a name with characters outside [A-Za-z0-9._-], a duplicate
 * name, and a blob that would not fit the format's 32-bit sizes. On success *blob (malloc'ed, the
 * caller frees it) holds *size bytes. */
#ifndef VIGIL_MKIMAGE_ROMFS_BUILD_H
#define VIGIL_MKIMAGE_ROMFS_BUILD_H

#include <stddef.h>
#include <stdint.h>

struct romfs_input {
    const char *name;
    const void *data;
    size_t size;
};

int romfs_build(const struct romfs_input *files, size_t n, uint8_t **blob, size_t *size, char *err,
                size_t errlen);

/* 0 if `name` may name a ROMFS file, else -1 with the reason in err. */
int romfs_name_check(const char *name, char *err, size_t errlen);

#endif
