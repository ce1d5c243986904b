/* Host tests (ASan/UBSan) of the ROMFS format: tools/mkimage/romfs_build.c writes, kernel/romfs.c
 * reads. Every damaged blob lives in a buffer of exactly its size, so any read past it is an ASan
 * failure, not a silent pass.
 *   test_romfs                          the unit tests
 *   test_romfs --verify BLOB NAME=PATH  checks that BLOB (made by the mkimage CLI) validates and holds
 *                                       exactly these files, in this order */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "kernel/romfs.h"
#include "tools/mkimage/romfs_build.h"

static uint8_t *dup_bytes(const void *p, size_t n)
{
    uint8_t *d = malloc(n ? n : 1);
    if (n)
        memcpy(d, p, n);
    return d;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Recomputes the table CRC so a test reaches the check it means to test. */
static void fix_table_crc(uint8_t *b, size_t size)
{
    uint64_t count = b[ROMFS_OFF_COUNT] | b[ROMFS_OFF_COUNT + 1] << 8 | b[ROMFS_OFF_COUNT + 2] << 16 |
                     (uint64_t)b[ROMFS_OFF_COUNT + 3] << 24;
    if (ROMFS_HEADER_SIZE + count * ROMFS_ENTRY_SIZE > size)
        return;
    put32(b + ROMFS_OFF_TABLE_CRC, 0);
    put32(b + ROMFS_OFF_TABLE_CRC, romfs_crc32(0, b, ROMFS_HEADER_SIZE + count * ROMFS_ENTRY_SIZE));
}

static uint8_t big[5000];
static const struct romfs_input sample[] = {
    { "hello", "hello, world\n", 13 },
    { "empty", "", 0 },
    { "big.elf", big, sizeof big },
};

static uint8_t *build_sample(size_t *size)
{
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 7 + 3);
    uint8_t *b;
    char err[128];
    if (romfs_build(sample, 3, &b, size, err, sizeof err) != 0)
        return NULL;
    uint8_t *exact = dup_bytes(b, *size);
    free(b);
    return exact;
}

/* The reader entry points that touch entry 0 on a damaged blob: all must fail with rcInvalidArgument. */
static int entry_refused(const uint8_t *b, size_t size)
{
    struct romfs_file f;
    const void *data;
    size_t len;
    return romfs_validate(b, size) == rcInvalidArgument && romfs_entry(b, size, 0, &f) == rcInvalidArgument &&
           romfs_find(b, size, "hello", &data, &len) == rcInvalidArgument;
}

/* A damaged header: every entry point refuses, romfs_count included. */
static int all_refuse(const uint8_t *b, size_t size)
{
    uint32_t count;
    return entry_refused(b, size) && romfs_count(b, size, &count) == rcInvalidArgument;
}

TEST(crc32_known_vector)
{
    CHECK_EQ(romfs_crc32(0, "123456789", 9), 0xcbf43926u);
    CHECK_EQ(romfs_crc32(romfs_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
    CHECK_EQ(romfs_crc32(0, "", 0), 0);
}

TEST(round_trip)
{
    size_t size;
    uint8_t *b = build_sample(&size);
    CHECK(b);
    CHECK_EQ(romfs_validate(b, size), rcOk);
    uint32_t count;
    CHECK_EQ(romfs_count(b, size, &count), rcOk);
    CHECK_EQ(count, 3);
    for (uint32_t i = 0; i < count; i++) {
        struct romfs_file f;
        CHECK_EQ(romfs_entry(b, size, i, &f), rcOk);
        CHECK(strcmp(f.name, sample[i].name) == 0);
        CHECK_EQ(f.size, sample[i].size);
        CHECK(memcmp(f.data, sample[i].data, f.size) == 0);
        CHECK_EQ(((const uint8_t *)f.data - b) % ROMFS_ALIGN, 0);
        const void *data;
        size_t len;
        CHECK_EQ(romfs_find(b, size, sample[i].name, &data, &len), rcOk);
        CHECK(data == f.data && len == f.size);
    }
    struct romfs_file f;
    CHECK_EQ(romfs_entry(b, size, 3, &f), rcResourceNotFound);
    const void *data;
    size_t len;
    CHECK_EQ(romfs_find(b, size, "missing", &data, &len), rcResourceNotFound);
    CHECK_EQ(romfs_find(b, size, "hell", &data, &len), rcResourceNotFound);
    CHECK_EQ(romfs_find(b, size, "hello2", &data, &len), rcResourceNotFound);
    /* A blob inside a larger buffer (section padding) is still fine. */
    uint8_t *padded = calloc(1, size + 100);
    memcpy(padded, b, size);
    CHECK_EQ(romfs_validate(padded, size + 100), rcOk);
    free(padded);
    free(b);
}

TEST(empty_image)
{
    uint8_t *b;
    size_t size;
    char err[128];
    CHECK_EQ(romfs_build(NULL, 0, &b, &size, err, sizeof err), 0);
    CHECK_EQ(size, ROMFS_HEADER_SIZE);
    CHECK_EQ(romfs_validate(b, size), rcOk);
    const void *data;
    size_t len;
    CHECK_EQ(romfs_find(b, size, "hello", &data, &len), rcResourceNotFound);
    free(b);
}

TEST(bad_arguments)
{
    size_t size;
    uint8_t *b = build_sample(&size);
    const void *data;
    size_t len;
    uint32_t count;
    char longname[ROMFS_NAME_MAX + 1];
    memset(longname, 'a', ROMFS_NAME_MAX);
    longname[ROMFS_NAME_MAX] = 0;
    CHECK_EQ(romfs_find(b, size, NULL, &data, &len), rcInvalidArgument);
    CHECK_EQ(romfs_find(b, size, "", &data, &len), rcInvalidArgument);
    CHECK_EQ(romfs_find(b, size, longname, &data, &len), rcInvalidArgument);
    CHECK_EQ(romfs_find(NULL, size, "hello", &data, &len), rcInvalidArgument);
    CHECK_EQ(romfs_count(b, size, NULL), rcInvalidArgument);
    CHECK_EQ(romfs_entry(b, size, 0, NULL), rcInvalidArgument);
    CHECK_EQ(romfs_validate(NULL, 0), rcInvalidArgument);
    CHECK_EQ(romfs_count(b, 0, &count), rcInvalidArgument);
    free(b);
}

TEST(corrupt_header)
{
    size_t size;
    uint8_t *orig = build_sample(&size);
    struct { unsigned off; uint32_t value; const char *what; } cases[] = {
        { ROMFS_OFF_MAGIC, 0x4f524757, "magic" },
        { ROMFS_OFF_VERSION, ROMFS_VERSION + 1, "version" },
        { ROMFS_OFF_VERSION, 1, "version 1 (48-byte names)" },
        { ROMFS_OFF_COUNT, 1000000, "count beyond the blob" },
        { ROMFS_OFF_COUNT, 0xffffffff, "count that overflows" },
        { ROMFS_OFF_TOTAL, (uint32_t)size + 1, "total_size beyond the blob" },
        { ROMFS_OFF_TOTAL, 8, "total_size below the header" },
        { ROMFS_OFF_RESERVED, 1, "reserved word" },
        { ROMFS_OFF_RESERVED + 4, 1, "second reserved word" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *b = dup_bytes(orig, size);
        put32(b + cases[i].off, cases[i].value);
        fix_table_crc(b, size);
        CHECK_MSG(all_refuse(b, size), "header with a bad %s was accepted", cases[i].what);
        free(b);
    }
    uint8_t *b = dup_bytes(orig, size);
    b[ROMFS_OFF_TABLE_CRC] ^= 1;
    CHECK_EQ(romfs_validate(b, size), rcInvalidArgument);
    free(b);
    free(orig);
}

TEST(corrupt_entries)
{
    size_t size;
    uint8_t *orig = build_sample(&size);
    const unsigned e0 = ROMFS_HEADER_SIZE;   /* entry 0, "hello" */
    struct { unsigned off; uint32_t value; const char *what; } cases[] = {
        { e0 + ROMFS_ENT_OFFSET, 4097, "misaligned offset" },
        { e0 + ROMFS_ENT_OFFSET, 0, "offset inside the table" },
        { e0 + ROMFS_ENT_OFFSET, (uint32_t)size + 4096 - (uint32_t)size % 4096, "offset past the end" },
        { e0 + ROMFS_ENT_SIZE, (uint32_t)size, "size past the end" },
        { e0 + ROMFS_ENT_SIZE, 0xffffffff, "size that overflows" },
        { e0 + ROMFS_ENT_RESERVED, 1, "reserved word" },
        { e0 + ROMFS_ENT_NAME, 0, "empty name" },
        { e0 + 8, 0x41414141, "non-zero padding after the name" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *b = dup_bytes(orig, size);
        put32(b + cases[i].off, cases[i].value);
        fix_table_crc(b, size);
        CHECK_MSG(entry_refused(b, size), "entry with a %s was accepted", cases[i].what);
        free(b);
    }
    /* A name that fills its field with no NUL. */
    uint8_t *b = dup_bytes(orig, size);
    memset(b + e0 + ROMFS_ENT_NAME, 'x', ROMFS_NAME_MAX);
    fix_table_crc(b, size);
    CHECK(entry_refused(b, size));
    free(b);
    /* Damaged data: lookups still work (they do not hash), validation catches it. */
    b = dup_bytes(orig, size);
    b[size - 1] ^= 0x80;
    CHECK_EQ(romfs_validate(b, size), rcInvalidArgument);
    const void *data;
    size_t len;
    CHECK_EQ(romfs_find(b, size, "big.elf", &data, &len), rcOk);
    free(b);
    /* Two entries with the same name (table CRC fixed up): validation refuses. */
    b = dup_bytes(orig, size);
    memcpy(b + e0 + ROMFS_ENTRY_SIZE + ROMFS_ENT_NAME, "hello", 6);
    fix_table_crc(b, size);
    CHECK_EQ(romfs_validate(b, size), rcInvalidArgument);
    free(b);
    free(orig);
}

TEST(truncation)
{
    size_t size;
    uint8_t *orig = build_sample(&size);
    for (size_t cut = 0; cut < size; cut++) {
        uint8_t *b = dup_bytes(orig, cut);
        CHECK_MSG(all_refuse(b, cut), "blob cut to %zu of %zu bytes was accepted", cut, size);
        free(b);
    }
    free(orig);
}

/* Random damage: whatever the bytes, no call may read outside the blob (ASan) or crash. */
TEST(random_damage)
{
    size_t size;
    uint8_t *orig = build_sample(&size);
    uint32_t seed = 12345;
    for (int iter = 0; iter < 3000; iter++) {
        uint8_t *b = dup_bytes(orig, size);
        int flips = 1 + iter % 4;
        for (int k = 0; k < flips; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % (ROMFS_HEADER_SIZE + 3 * ROMFS_ENTRY_SIZE);
            b[at] = (uint8_t)(seed >> 24);
        }
        if (iter % 2)
            fix_table_crc(b, size);
        uint32_t count;
        struct romfs_file f;
        const void *data;
        size_t len;
        (void)romfs_validate(b, size);
        if (romfs_count(b, size, &count) == rcOk)
            for (uint32_t i = 0; i < count && i < 8; i++)
                if (romfs_entry(b, size, i, &f) == rcOk)
                    CHECK((const uint8_t *)f.data >= b && (const uint8_t *)f.data + f.size <= b + size);
        if (romfs_find(b, size, "big.elf", &data, &len) == rcOk)
            CHECK((const uint8_t *)data >= b && (const uint8_t *)data + len <= b + size);
        free(b);
    }
    free(orig);
}

TEST(builder_refuses_bad_names)
{
    uint8_t *b;
    size_t size;
    char err[128];
    const struct romfs_input dup[] = { { "a", "1", 1 }, { "b", "2", 1 }, { "a", "3", 1 } };
    CHECK_EQ(romfs_build(dup, 3, &b, &size, err, sizeof err), -1);
    CHECK(strstr(err, "duplicate name 'a'") && strstr(err, "files 1 and 3"));
    CHECK(b == NULL);
    const struct romfs_input slash[] = { { "bin/a", "1", 1 } };
    CHECK_EQ(romfs_build(slash, 1, &b, &size, err, sizeof err), -1);
    CHECK(strstr(err, "bin/a"));
    const struct romfs_input empty[] = { { "", "1", 1 } };
    CHECK_EQ(romfs_build(empty, 1, &b, &size, err, sizeof err), -1);
    char longname[ROMFS_NAME_MAX + 1];
    memset(longname, 'n', ROMFS_NAME_MAX);
    longname[ROMFS_NAME_MAX] = 0;
    const struct romfs_input too_long[] = { { longname, "1", 1 } };
    CHECK_EQ(romfs_build(too_long, 1, &b, &size, err, sizeof err), -1);
    CHECK(strstr(err, "at most 127"));
    longname[ROMFS_NAME_MAX - 1] = 0;   /* 127 bytes: the longest allowed */
    CHECK_EQ(romfs_build(too_long, 1, &b, &size, err, sizeof err), 0);
    CHECK_EQ(romfs_validate(b, size), rcOk);
    free(b);
}

static void *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = malloc(n ? (size_t)n : 1);
    *size = fread(p, 1, (size_t)n, f);
    fclose(f);
    return p;
}

static int verify(int argc, char **argv)
{
    size_t size;
    uint8_t *blob = slurp(argv[2], &size);
    if (!blob || romfs_validate(blob, size) != rcOk) {
        printf("FAIL mkimage_cli_blob: %s missing or not a valid ROMFS\n", argv[2]);
        return 1;
    }
    uint32_t count;
    romfs_count(blob, size, &count);
    if (count != (uint32_t)(argc - 3)) {
        printf("FAIL mkimage_cli_blob: %u files, expected %d\n", count, argc - 3);
        return 1;
    }
    for (int i = 3; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        *eq = 0;
        size_t fsize;
        void *want = slurp(eq + 1, &fsize);
        struct romfs_file f;
        if (romfs_entry(blob, size, (uint32_t)(i - 3), &f) != rcOk || strcmp(f.name, argv[i]) != 0 ||
            f.size != fsize || memcmp(f.data, want, fsize) != 0) {
            printf("FAIL mkimage_cli_blob: entry %d is not %s with the bytes of %s\n", i - 3, argv[i], eq + 1);
            return 1;
        }
        free(want);
    }
    free(blob);
    printf("ok mkimage_cli_blob\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--verify") == 0)
        return verify(argc, argv);
    RUN(crc32_known_vector);
    RUN(round_trip);
    RUN(empty_image);
    RUN(bad_arguments);
    RUN(corrupt_header);
    RUN(corrupt_entries);
    RUN(truncation);
    RUN(random_damage);
    RUN(builder_refuses_bad_names);
    return check_summary();
}
