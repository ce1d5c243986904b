/* The ROMFS: a read-only blob of named files packed by tools/mkimage and linked into the kernel
 * (section .romfs, symbols _romfs_start/_romfs_end). Format (little-endian, docs/user-programs.md):
 *   header  32 bytes: magic "VGROMFS1", version 1, count, total_size, table_crc, 2 reserved words
 *   entries count x 144 bytes: name[128] (NUL-terminated, NUL-padded), offset, size, crc, reserved
 *   data    each file at an offset that is a multiple of ROMFS_ALIGN, inside total_size
 * CRCs are CRC-32 (IEEE 802.3): table_crc over the header (table_crc field as 0) and the entries,
 * an entry's crc over its data. Every function takes the blob and its size and reads nothing outside
 * it: a damaged blob gives rcInvalidArgument, never an out-of-bounds read. romfs_find and
 * romfs_entry check the structure they touch; romfs_validate checks everything (CRCs, unique
 * names) and is meant to run once, at boot. Freestanding: no allocation, no libc. */
#ifndef VIGIL_KERNEL_ROMFS_H
#define VIGIL_KERNEL_ROMFS_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>

#define ROMFS_MAGIC "VGROMFS1"
#define ROMFS_VERSION 2u     /* 2: 128-byte names (1 had 48) */
#define ROMFS_ALIGN 4096u
#define ROMFS_HEADER_SIZE 32u
#define ROMFS_ENTRY_SIZE 144u
#define ROMFS_NAME_MAX 128u   /* bytes of the name field: names are 1..127 bytes (class names, e.g.
                                 * drone_controller.AutopilotConnector, are ROMFS names) */

/* Header field offsets. */
#define ROMFS_OFF_MAGIC 0u
#define ROMFS_OFF_VERSION 8u
#define ROMFS_OFF_COUNT 12u
#define ROMFS_OFF_TOTAL 16u
#define ROMFS_OFF_TABLE_CRC 20u
#define ROMFS_OFF_RESERVED 24u
/* Entry field offsets. */
#define ROMFS_ENT_NAME 0u
#define ROMFS_ENT_OFFSET 128u
#define ROMFS_ENT_SIZE 132u
#define ROMFS_ENT_CRC 136u
#define ROMFS_ENT_RESERVED 140u

struct romfs_file {
    const char *name;     /* inside the blob, NUL-terminated */
    const void *data;
    size_t size;
};

/* The kernel image's ROMFS (defined by the .S file tools/mkimage writes). */
extern const char _romfs_start[], _romfs_end[];

rc_t romfs_validate(const void *blob, size_t size);
rc_t romfs_count(const void *blob, size_t size, uint32_t *count);
/* rcResourceNotFound for index >= count. */
rc_t romfs_entry(const void *blob, size_t size, uint32_t index, struct romfs_file *file);
/* rcResourceNotFound if no file has that name (rcInvalidArgument for a NULL or over-long name). */
rc_t romfs_find(const void *blob, size_t size, const char *name, const void **data, size_t *len);

/* CRC-32 (IEEE), chainable: start with crc = 0. */
uint32_t romfs_crc32(uint32_t crc, const void *data, size_t len);

#endif
