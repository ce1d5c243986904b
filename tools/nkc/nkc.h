/* libnkc: the semantic model of IDL/CDL/EDL descriptions and the API to load them.
 *
 * Used by the nkc compiler (tools/nkc) and linked by other host tools (tools/pslc) as build/tools/libnkc.a.
 * The library keeps no global state: every object belongs to a struct nkc_ctx and lives until nkc_free().
 * Errors never exit; they go to the context's diagnostics sink (stderr by default) and the loading
 * function returns NULL. C code generation is separate (nkc_gen.h); this header is parsing, name
 * resolution, RIID/MID assignment and message layouts only.
 *
 *   struct nkc_ctx *ctx = nkc_new();
 *   nkc_add_include_dir(ctx, "resources");
 *   const struct nkc_component *server = nkc_load_entity(ctx, "echo.Server");   // or "path/Server.edl"
 *   for (size_t i = 0; i < server->nflat; i++)            // RIID i = server->flat[i]
 *       ... server->flat[i].path ("ping.ping"), server->flat[i].iface->methods ...
 *   const struct nkc_msg_layout *l = nkc_layout_for_method(method, NKC_REQUEST);
 *   nkc_free(ctx);
 *
 * Names resolve through the search path: a qualified name a.b.C is looked up as DIR/a/b/C.<ext> for the
 * directory of the referring file and then each include directory in order, then as DIR/C.<ext>
 * (descriptions kept flat, as in KasperskyOS's examples); the file must declare exactly that name. */
#ifndef NKC_H
#define NKC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct nkc_ctx;

struct nkc_loc {
    const char *file;   /* path as opened; NULL for built-ins */
    uint32_t line, col; /* 1-based */
};

/* ---- diagnostics ---- */

enum nkc_severity { NKC_ERROR, NKC_NOTE };

struct nkc_diag {
    enum nkc_severity severity;
    struct nkc_loc loc;     /* loc.file NULL: no position (e.g. a file that cannot be opened) */
    const char *message;
    const char *line_text;  /* the offending source line without its newline, or NULL */
};

/* Called once per diagnostic; the diag and its strings are valid only during the call. */
typedef void (*nkc_diag_sink)(void *arg, const struct nkc_diag *d);

/* Writes "file:line:col: error: message", the line, and a caret under the column. */
void nkc_diag_print(const struct nkc_diag *d, FILE *out);

/* ---- types ---- */

enum nkc_type_kind {
    NKC_T_INT,       /* UInt8..64, SInt8..64 */
    NKC_T_HANDLE,    /* Handle: struct vg_handle_desc in the constant part */
    NKC_T_ARRAY,     /* array<T, N>: N elements in place */
    NKC_T_SEQUENCE,  /* sequence<T, N>: up to N elements in the arena */
    NKC_T_BYTES,     /* bytes<N>: up to N bytes in the arena */
    NKC_T_STRING,    /* string<N>: up to N characters plus NUL in the arena */
    NKC_T_STRUCT,
    NKC_T_UNION,     /* tagged: uint32 tag (member index) then the members overlaid (variable-size: descriptors) */
    NKC_T_TYPEDEF,
};

struct nkc_package;

struct nkc_field {            /* a member of a struct or union */
    const char *name;
    const struct nkc_type *type;
    uint32_t offset;          /* struct: from the struct start; union: from the start of the overlay */
    struct nkc_loc loc;
};

struct nkc_type {
    enum nkc_type_kind kind;
    const char *name;                /* declared name for struct/union/typedef and built-ins, else NULL */
    const struct nkc_package *pkg;   /* declaring package; NULL for built-ins and anonymous types */
    struct nkc_loc loc;
    unsigned bits;                   /* INT: 8, 16, 32 or 64 */
    bool is_signed;                  /* INT */
    const struct nkc_type *elem;     /* ARRAY and SEQUENCE element; TYPEDEF target */
    uint64_t bound;                  /* ARRAY count; SEQUENCE/BYTES/STRING maximum N */
    const struct nkc_field *fields;  /* STRUCT and UNION members, in declaration order */
    size_t nfields;
    /* Computed when the type is declared: */
    uint32_t size, align;            /* in the constant part (variable-size types: their descriptor) */
    uint32_t union_offset;           /* UNION: offset of the member overlay after the tag */
    uint32_t nhandles;               /* handle descriptors in the constant-part representation */
    bool has_var;                    /* has arena segments (sequence, bytes, string) */
    uint64_t arena_max;              /* most arena bytes one value can use (saturates at UINT32_MAX) */
    uint32_t nchecks;                /* fields the structure check has for one value (ksm/layout.h), in
                                        all its blocks: handles, descriptors, tags; 0: nothing to check */
    uint8_t arena_depth;             /* levels of arena segments inside segments */
    uint8_t block_depth;             /* layout blocks inside one another: sequences of checked elements
                                        and unions of checked members open one each */
};

/* The type with typedefs stripped. */
const struct nkc_type *nkc_type_resolve(const struct nkc_type *t);
/* A struct or union member by name (typedefs stripped first), or NULL. */
const struct nkc_field *nkc_type_field(const struct nkc_type *t, const char *name);

struct nkc_const {
    const char *name;
    const struct nkc_type *type;     /* the declared integer type */
    int64_t value;                   /* for UInt64 values above INT64_MAX, read as (uint64_t)value */
    struct nkc_loc loc;
};

/* ---- interfaces ---- */

enum nkc_param_dir { NKC_IN, NKC_OUT, NKC_ERR };

struct nkc_param {
    enum nkc_param_dir dir;
    const char *name;
    const struct nkc_type *type;
    struct nkc_loc loc;
};

enum nkc_msg_dir { NKC_REQUEST, NKC_RESPONSE, NKC_ERROR_RESPONSE };

struct nkc_slot {                    /* one parameter in a message's constant part */
    const struct nkc_param *param;
    uint32_t offset;                 /* from the message start (header included) */
};

struct nkc_msg_layout {
    enum nkc_msg_dir dir;
    uint32_t size;                   /* constant part, 24-byte header included, rounded to align */
    uint32_t align;
    uint32_t nhandles;               /* hdr.ncaps */
    uint64_t arena_max;              /* most arena bytes the message can use (saturates at UINT32_MAX) */
    const struct nkc_slot *slots;    /* in declaration order */
    size_t nslots;
};

struct nkc_method {
    const char *name;
    uint16_t mid;                    /* index in the interface, from 0 */
    const struct nkc_param *params;  /* in, then out, then error, in declaration order */
    size_t nparams;
    struct nkc_msg_layout layout[3]; /* indexed by enum nkc_msg_dir */
    struct nkc_loc loc;
};

const struct nkc_msg_layout *nkc_layout_for_method(const struct nkc_method *m, enum nkc_msg_dir dir);
/* The parameter slot named `name` in a layout, or NULL. */
const struct nkc_slot *nkc_layout_find(const struct nkc_msg_layout *l, const char *name);

/* An IDL file: one package, its declarations, and at most one interface (named as the package). */
struct nkc_package {
    const char *name;                /* "echo.Ping" */
    const char *cname;               /* "echo_Ping": the prefix of generated C names */
    const char *path;                /* the file it came from */
    const struct nkc_package *const *imports;
    size_t nimports;
    const struct nkc_const *consts;
    size_t nconsts;
    const struct nkc_type *const *types;   /* struct/union/typedef declarations in order */
    size_t ntypes;
    bool has_interface;
    const struct nkc_method *methods;
    size_t nmethods;
    struct nkc_loc loc;
};

const struct nkc_method *nkc_package_method(const struct nkc_package *p, const char *name);

/* ---- components and entities ---- */

struct nkc_component;

struct nkc_endpoint {                /* endpoints { name : Iface } */
    const char *name;
    const struct nkc_package *iface;
    struct nkc_loc loc;
};

struct nkc_instance {                /* components { name : Component } */
    const char *name;
    const struct nkc_component *comp;
    uint16_t iid_offset;             /* RIID of the instance's first endpoint, relative to its parent */
    struct nkc_loc loc;
};

/* One RIID of a component: endpoints flattened depth-first, own endpoints before nested instances. */
struct nkc_flat_endpoint {
    uint16_t riid;
    const char *path;                /* qualified endpoint name: "ping" or "pingComp.pingImpl" */
    const struct nkc_endpoint *ep;
    const struct nkc_package *iface;
};

struct nkc_component {               /* a CDL component, or an EDL entity (is_entity) */
    bool is_entity;
    const char *name;                /* "echo.Server" */
    const char *cname;               /* "echo_Server" */
    const char *path;
    const struct nkc_package *security;   /* security interface, or NULL */
    const struct nkc_endpoint *endpoints;
    size_t nendpoints;
    const struct nkc_instance *components;
    size_t ncomponents;
    const struct nkc_flat_endpoint *flat; /* flat[riid] */
    size_t nflat;
    struct nkc_loc loc;
};

/* ---- context and loading ---- */

struct nkc_ctx *nkc_new(void);
void nkc_free(struct nkc_ctx *ctx);
/* Replace the diagnostics sink (default: nkc_diag_print to stderr). */
void nkc_set_diag_sink(struct nkc_ctx *ctx, nkc_diag_sink sink, void *arg);
/* nk-gen-c's --extended-errors: a lone UInt16 error parameter is generated as the extended form
 * too (res->err, NK_ERROR_RESPONSE) instead of the simplified one (docs/nkc.md, "Errors"). */
void nkc_set_extended_errors(struct nkc_ctx *ctx, bool on);
/* Append a directory to the search path; returns 0, or -1 on allocation failure. */
int nkc_add_include_dir(struct nkc_ctx *ctx, const char *dir);

/* Load an EDL by qualified name ("echo.Ping") or by file path (anything with a '/' or the
 * extension); dependencies load too. The result is cached: loading twice gives the same object.
 * NULL on any error (already reported). */
const struct nkc_component *nkc_load_entity(struct nkc_ctx *ctx, const char *name_or_path);

enum nkc_file_kind { NKC_FILE_IDL, NKC_FILE_CDL, NKC_FILE_EDL };
/* Load whatever a path's extension (.idl, .cdl, .edl) says; returns 0 and fills the matching out-param
 * (the other is set to NULL), or -1. */
int nkc_load_path(struct nkc_ctx *ctx, const char *path, enum nkc_file_kind *kind,
                  const struct nkc_package **pkg, const struct nkc_component **comp);

/* Parse a buffer as if it were the file `path` (for fuzzing and tests); imports still resolve through
 * the search path. With path NULL the buffer is called "<input>" and the rule that the declared name
 * matches the file name is not applied. Same results as nkc_load_path. */
int nkc_load_buffer(struct nkc_ctx *ctx, const char *path, const char *text, size_t len,
                    enum nkc_file_kind kind, const struct nkc_package **pkg,
                    const struct nkc_component **comp);

#endif
