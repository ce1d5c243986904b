/* init.yaml as a solution: the processes Einit starts and the channels it creates between them
 * (KasperskyOS's init description, as its einit reads it). Each entity is one process: `name` its class, `task` its
 * process name (default: the class), `path` its program (default: the class's last part). Several
 * processes may share a class; connections target process names; a connection's `id` is a string or
 * {var: MACRO, include: header.h}, the string value of a C macro defined in that header.
 * einit_load checks everything that can be known before boot and reports each problem with
 * file:line:col:
 *   the YAML itself; unknown or missing keys and values of the wrong kind; class and process names that
 *   are malformed, reserved (Einit, kl.core.Core and the kernel's endpoints) or longer than the kernel
 *   keeps; duplicate process names; a class with no EDL description on the search path (unknown class);
 *   a path that no program directory of the solution builds (missing path), or one class started from
 *   two programs; a connection to an unknown target; a header or macro that is missing or no string;
 *   channel ids that are empty, too long or used twice by one client, or by a process both as a client
 *   and as a server; too many channels for a process; argument lists larger than a start carries. */
#ifndef EINIT_INIT_H
#define EINIT_INIT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define EINIT_NAME_MAX      127u   /* class and process names: a ROMFS name and the kernel's process name
                                      * hold 127 bytes (kernel/romfs.h) */
#define EINIT_ID_MAX        47u    /* channel ids: ipc CreateChannel's string<47> */
#define EINIT_CHANNELS_MAX  16u    /* channel names one process knows (kernel PROCESS_MAX_CHANNELS) */
#define EINIT_STRINGS_MAX   4096u  /* argv and envp strings of one start, NULs included (task Start) */
#define EINIT_ENTITIES_MAX  64u

struct einit_conn {
    char *target;                  /* the server's process name */
    char *id;                      /* the channel's name (a macro's value once resolved) */
    char *var, *include;           /* id: {var: MACRO, include: header.h}; NULL for a plain id */
    size_t server;                 /* index of the target entity */
    unsigned line, col;            /* the connection */
    unsigned target_line, target_col, id_line, id_col;
    unsigned var_line, var_col, include_line, include_col;
};

struct einit_entity {
    char *name;                    /* the process class, also its ROMFS name */
    char *task;                    /* the process name (default: the class): targets, argv[0], messages */
    char *path;                    /* init.yaml's path: the executable's name, or a program directory */
    char *program;                 /* the program directory that builds it, relative to the solution */
    unsigned line, col;            /* the name */
    unsigned task_line, task_col;  /* the task (the name's when there is none) */
    unsigned path_line, path_col;
    char **args;                   /* argv[1..] */
    size_t nargs;
    char **env;                    /* "KEY=value" */
    size_t nenv;
    struct einit_conn *conns;
    size_t nconns;
    bool is_server;                /* the target of some connection */
};

struct einit_solution {
    struct einit_entity *ents;
    size_t n;
    char **headers;                /* the headers ids were read from, as found (make dependencies) */
    size_t nheaders;
};

struct einit_options {
    const char *root;              /* the solution directory (paths are relative to it); NULL: skip path checks */
    const char *const *edl_dirs;   /* EDL search path; NULL: skip class checks */
    size_t nedl_dirs;
    const char *const *include_dirs; /* where `include:` headers are looked for, in order */
    size_t ninclude_dirs;
};

/* Einit, kl.core.Core and the kernel's endpoints, NULL-terminated: names no class or process may take. */
extern const char *const einit_reserved_names[];
/* The name server's class (docs/dynamic-channels.md): an entity of this class with no program
 * directory in the solution runs Vigil's, user/nameserver, named by this marker in the program list
 * (the make fragment maps "@name" to build/user/name.elf). */
#define EINIT_NAME_SERVER "kl.core.NameServer"
#define EINIT_NAME_SERVER_PROGRAM "@nameserver"

/* 0 and a filled *sol, or -1 with every error reported through s (s->errors > 0). */
int einit_load(struct src *s, const struct einit_options *o, struct einit_solution *sol);
void einit_solution_free(struct einit_solution *sol);

#endif
