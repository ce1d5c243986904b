/* Packs files into a ROMFS blob: header, entry table, then each file's data at the next
 * ROMFS_ALIGN boundary (zero padding between). Byte order is written explicitly (little-endian). */
#include "tools/mkimage/romfs_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/romfs.h"

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

int romfs_name_check(const char *name, char *err, size_t errlen)
{
    size_t len = strlen(name);
    if (len == 0) {
        snprintf(err, errlen, "empty file name");
        return -1;
    }
    if (len >= ROMFS_NAME_MAX) {
        /* The limit first: a name this long may not fit the message whole. */
        snprintf(err, errlen, "a name of %zu bytes (at most %u): '%s'", len, ROMFS_NAME_MAX - 1, name);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-')) {
            snprintf(err, errlen, "name '%s': character %zu is not one of [A-Za-z0-9._-]", name, i + 1);
            return -1;
        }
    }
    return 0;
}

static uint64_t align_up(uint64_t v)
{
    return (v + ROMFS_ALIGN - 1) / ROMFS_ALIGN * ROMFS_ALIGN;
}

int romfs_build(const struct romfs_input *files, size_t n, uint8_t **blob, size_t *size, char *err,
                size_t errlen)
{
    *blob = NULL;
    *size = 0;
    for (size_t i = 0; i < n; i++) {
        if (romfs_name_check(files[i].name, err, errlen) != 0)
            return -1;
        for (size_t j = 0; j < i; j++) {
            if (strcmp(files[i].name, files[j].name) == 0) {
                snprintf(err, errlen, "duplicate name '%s' (files %zu and %zu)", files[i].name, j + 1,
                         i + 1);
                return -1;
            }
        }
    }
    uint64_t total = ROMFS_HEADER_SIZE + (uint64_t)n * ROMFS_ENTRY_SIZE;
    for (size_t i = 0; i < n && total <= UINT32_MAX; i++)
        total = align_up(total) + files[i].size;
    if (total > UINT32_MAX) {
        snprintf(err, errlen, "image too large (ROMFS sizes are 32-bit)");
        return -1;
    }
    uint8_t *b = calloc(1, total);
    if (!b) {
        snprintf(err, errlen, "out of memory for a %llu-byte image", (unsigned long long)total);
        return -1;
    }
    memcpy(b + ROMFS_OFF_MAGIC, ROMFS_MAGIC, 8);
    put32(b + ROMFS_OFF_VERSION, ROMFS_VERSION);
    put32(b + ROMFS_OFF_COUNT, (uint32_t)n);
    put32(b + ROMFS_OFF_TOTAL, (uint32_t)total);
    uint64_t off = ROMFS_HEADER_SIZE + (uint64_t)n * ROMFS_ENTRY_SIZE;
    for (size_t i = 0; i < n; i++) {
        uint8_t *e = b + ROMFS_HEADER_SIZE + i * ROMFS_ENTRY_SIZE;
        off = align_up(off);
        memcpy(e + ROMFS_ENT_NAME, files[i].name, strlen(files[i].name));
        put32(e + ROMFS_ENT_OFFSET, (uint32_t)off);
        put32(e + ROMFS_ENT_SIZE, (uint32_t)files[i].size);
        put32(e + ROMFS_ENT_CRC, romfs_crc32(0, files[i].data, files[i].size));
        if (files[i].size)
            memcpy(b + off, files[i].data, files[i].size);
        off += files[i].size;
    }
    /* table_crc is still 0 here, as the CRC's definition asks. */
    put32(b + ROMFS_OFF_TABLE_CRC, romfs_crc32(0, b, ROMFS_HEADER_SIZE + n * ROMFS_ENTRY_SIZE));
    *blob = b;
    *size = (size_t)total;
    return 0;
}
