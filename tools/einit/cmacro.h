/* The string value of a C macro read from a header, for init.yaml's `id: {var: NAME, include: h}`
 * (KOS: a channel id defined once in a header that the programs include too). Only what einit needs,
 * without running a preprocessor:
 *   #define NAME "value"            one string literal, or several adjacent ones ("a" "b" is "ab"),
 *                                   with C's escapes; comments and backslash-newlines anywhere around it
 * Conditionals (#if/#ifdef), #undef and #include are not followed: the last #define of NAME in the file
 * counts. Positions are 1-based lines and byte columns of the header. */
#ifndef EINIT_CMACRO_H
#define EINIT_CMACRO_H

#include "diag.h"

enum cmacro_status {
    CMACRO_OK,           /* value holds the string */
    CMACRO_MISSING,      /* no #define of the name */
    CMACRO_NOT_STRING,   /* defined, but not as string literals: line/col point at what is there */
    CMACRO_NO_MEMORY,
};

struct cmacro {
    enum cmacro_status status;
    char *value;                   /* CMACRO_OK: the string (malloc'd, NUL-free) */
    unsigned line, col;            /* CMACRO_OK and CMACRO_NOT_STRING: the definition's value */
    const char *why;               /* CMACRO_NOT_STRING: what is wrong, for the message */
};

/* Looks `name` up in the header h (loaded with src_load). */
void cmacro_string(const struct src *h, const char *name, struct cmacro *out);

#endif
