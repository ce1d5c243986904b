/* Helpers shared by the C generators: output with error tracking, C spellings of IDL types. */
#ifndef NKC_GEN_UTIL_H
#define NKC_GEN_UTIL_H

#include "internal.h"
#include "nkc_gen.h"

struct gen {
    struct nkc_ctx *ctx;
    FILE *out;
};

void emit(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs body(g, arg) with a bail point; reports write errors; returns 0 or -1. */
int gen_run(struct nkc_ctx *ctx, FILE *out, void (*body)(struct gen *g, const void *arg), const void *arg);

/* "uint32_t", "struct vg_arena_ptr", "struct pkg_Point", "pkg_Name" (arrays: the element's). */
const char *c_type(struct gen *g, const struct nkc_type *t);
/* A declaration: "uint8_t name[4][16]". */
const char *c_decl(struct gen *g, const struct nkc_type *t, const char *name);
/* A trailing comment for types whose C spelling hides what they are, or "". */
const char *c_comment(struct gen *g, const struct nkc_type *t);
/* "UINT64_C(5)", "16u", "(-3)": a constant's value as a C literal of its type. */
const char *c_const_value(struct gen *g, const struct nkc_const *c);
/* "ECHO_PING" */
const char *c_upper(struct gen *g, const char *cname);
/* The file's base name, for the "generated from" line (stable across build directories). */
const char *base_name(const char *path);
/* Most arena bytes a message buffer needs: arena_max capped at VG_ARENA_MAX_SIZE. */
uint32_t arena_cap(uint64_t arena_max);

#endif
