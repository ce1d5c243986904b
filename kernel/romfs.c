/* ROMFS reader (format and contract in kernel/romfs.h). Fields are read byte by byte, so neither the
 * blob's alignment nor the host's byte order matters, and all bounds arithmetic is done in 64 bits
 * so a hostile offset or size cannot wrap. */
#include "kernel/romfs.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t romfs_crc32(uint32_t crc, const void *data, size_t len)
{
    /* Half-byte table: 64 bytes of table, two lookups per byte. */
    static const uint32_t nibble[16] = {
        0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
        0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
    };
    const uint8_t *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ nibble[crc & 15];
        crc = (crc >> 4) ^ nibble[crc & 15];
    }
    return ~crc;
}

/* The checks every call makes: magic, version, reserved words, a total_size inside the blob and an
 * entry table inside total_size. On success *total is the bound for everything else. */
static rc_t check_header(const uint8_t *b, size_t size, uint32_t *count, uint64_t *total)
{
    if (!b || size < ROMFS_HEADER_SIZE)
        return rcInvalidArgument;
    for (unsigned i = 0; i < 8; i++)
        if (b[ROMFS_OFF_MAGIC + i] != (uint8_t)ROMFS_MAGIC[i])
            return rcInvalidArgument;
    if (le32(b + ROMFS_OFF_VERSION) != ROMFS_VERSION || le32(b + ROMFS_OFF_RESERVED) != 0 ||
        le32(b + ROMFS_OFF_RESERVED + 4) != 0)
        return rcInvalidArgument;
    uint64_t t = le32(b + ROMFS_OFF_TOTAL);
    uint64_t n = le32(b + ROMFS_OFF_COUNT);
    if (t > size || t < ROMFS_HEADER_SIZE || n > (t - ROMFS_HEADER_SIZE) / ROMFS_ENTRY_SIZE)
        return rcInvalidArgument;
    *count = (uint32_t)n;
    *total = t;
    return rcOk;
}

/* An entry whose name is terminated and non-empty, whose reserved word is 0 and whose data lies
 * aligned, after the table and inside total. */
static rc_t check_entry(const uint8_t *b, uint32_t count, uint64_t total, uint32_t index,
                        struct romfs_file *file)
{
    const uint8_t *e = b + ROMFS_HEADER_SIZE + (uint64_t)index * ROMFS_ENTRY_SIZE;
    if (e[ROMFS_ENT_NAME] == 0)
        return rcInvalidArgument;
    unsigned len = 0;
    while (len < ROMFS_NAME_MAX && e[ROMFS_ENT_NAME + len])
        len++;
    if (len == ROMFS_NAME_MAX)
        return rcInvalidArgument;
    for (unsigned i = len; i < ROMFS_NAME_MAX; i++)   /* NUL padding: one spelling per name */
        if (e[ROMFS_ENT_NAME + i])
            return rcInvalidArgument;
    uint64_t off = le32(e + ROMFS_ENT_OFFSET), sz = le32(e + ROMFS_ENT_SIZE);
    uint64_t table_end = ROMFS_HEADER_SIZE + (uint64_t)count * ROMFS_ENTRY_SIZE;
    if (le32(e + ROMFS_ENT_RESERVED) != 0 || off % ROMFS_ALIGN != 0 || off < table_end ||
        off > total || sz > total - off)
        return rcInvalidArgument;
    file->name = (const char *)e + ROMFS_ENT_NAME;
    file->data = b + off;
    file->size = (size_t)sz;
    return rcOk;
}

rc_t romfs_count(const void *blob, size_t size, uint32_t *count)
{
    uint64_t total;
    if (!count)
        return rcInvalidArgument;
    return check_header(blob, size, count, &total);
}

rc_t romfs_entry(const void *blob, size_t size, uint32_t index, struct romfs_file *file)
{
    uint32_t count;
    uint64_t total;
    if (!file)
        return rcInvalidArgument;
    rc_t rc = check_header(blob, size, &count, &total);
    if (rc != rcOk)
        return rc;
    if (index >= count)
        return rcResourceNotFound;
    return check_entry(blob, count, total, index, file);
}

static int name_equal(const char *a, const char *b)
{
    for (unsigned i = 0; i < ROMFS_NAME_MAX; i++) {
        if (a[i] != b[i])
            return 0;
        if (a[i] == 0)
            return 1;
    }
    return 0;
}

rc_t romfs_find(const void *blob, size_t size, const char *name, const void **data, size_t *len)
{
    uint32_t count;
    uint64_t total;
    if (!name || !data || !len)
        return rcInvalidArgument;
    unsigned n = 0;
    while (n < ROMFS_NAME_MAX && name[n])
        n++;
    if (n == 0 || n == ROMFS_NAME_MAX)
        return rcInvalidArgument;
    rc_t rc = check_header(blob, size, &count, &total);
    if (rc != rcOk)
        return rc;
    for (uint32_t i = 0; i < count; i++) {
        struct romfs_file f;
        rc = check_entry(blob, count, total, i, &f);
        if (rc != rcOk)
            return rc;
        if (name_equal(f.name, name)) {
            *data = f.data;
            *len = f.size;
            return rcOk;
        }
    }
    return rcResourceNotFound;
}

rc_t romfs_validate(const void *blob, size_t size)
{
    const uint8_t *b = blob;
    uint32_t count;
    uint64_t total;
    rc_t rc = check_header(b, size, &count, &total);
    if (rc != rcOk)
        return rc;
    static const uint8_t zero[4];
    uint32_t crc = romfs_crc32(0, b, ROMFS_OFF_TABLE_CRC);
    crc = romfs_crc32(crc, zero, 4);
    crc = romfs_crc32(crc, b + ROMFS_OFF_TABLE_CRC + 4,
                      ROMFS_HEADER_SIZE - ROMFS_OFF_TABLE_CRC - 4 + (size_t)count * ROMFS_ENTRY_SIZE);
    if (crc != le32(b + ROMFS_OFF_TABLE_CRC))
        return rcInvalidArgument;
    for (uint32_t i = 0; i < count; i++) {
        struct romfs_file f;
        rc = check_entry(b, count, total, i, &f);
        if (rc != rcOk)
            return rc;
        const uint8_t *e = b + ROMFS_HEADER_SIZE + (uint64_t)i * ROMFS_ENTRY_SIZE;
        if (romfs_crc32(0, f.data, f.size) != le32(e + ROMFS_ENT_CRC))
            return rcInvalidArgument;
        for (uint32_t j = 0; j < i; j++)
            if (name_equal((const char *)b + ROMFS_HEADER_SIZE + (uint64_t)j * ROMFS_ENTRY_SIZE, f.name))
                return rcInvalidArgument;
    }
    return rcOk;
}
