/* Reading input files, shared by the host tools (nkc, pslc, einit, mkimage, ksm-audit-decode).
 *   file_read_all(f, max, &len)  all of f into a malloc'ed buffer with a NUL after the last byte (text
 *                                can be used as a C string; *len excludes it). NULL with errno set:
 *                                ENOMEM, EIO (read error) or EFBIG (more than max bytes). f stays open.
 *   file_readable(path)          whether path opens for reading (include search paths). */
#ifndef TOOLS_COMMON_FILE_H
#define TOOLS_COMMON_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

char *file_read_all(FILE *f, size_t max, size_t *len);
bool file_readable(const char *path);

#endif
