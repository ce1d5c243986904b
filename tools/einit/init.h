/* init.yaml as a solution: the entities Einit starts and the channels it creates between them
 * (reference §6.5). einit_load checks everything that can be known before boot and reports each problem
 * with file:line:col:
 *   the YAML itself; unknown or missing keys and values of the wrong kind; class names that are no EDL
 *   name, are reserved (Einit, kl.*) or longer than the kernel keeps; duplicate names; a class with no
 *   EDL description on the search path (unknown class); a path that is not a program directory of the
 *   solution (missing path); a connection to an unknown target; channel ids that are empty, too long or
 *   used twice by one process; too many channels for a process; argument lists larger than a start
 *   request carries. */
#ifndef EINIT_INIT_H
#define EINIT_INIT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define EINIT_NAME_MAX      31u    /* class names: the kernel keeps 31 bytes of a process's name */
#define EINIT_ID_MAX        47u    /* channel ids: ipc CreateChannel's string<47> */
#define EINIT_CHANNELS_MAX  16u    /* channel names one process knows (kernel PROCESS_MAX_CHANNELS) */
#define EINIT_STRINGS_MAX   4096u  /* argv and envp strings of one start, NULs included (task Start) */
#define EINIT_ENTITIES_MAX  64u

struct einit_conn {
    char *target, *id;
    size_t server;                 /* index of the target entity */
    unsigned line, col;            /* the connection */
    unsigned target_line, target_col, id_line, id_col;
};

struct einit_entity {
    char *name;                    /* the process class, also its ROMFS name */
    char *path;                    /* program directory, relative to the solution */
    unsigned line, col;            /* the name */
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
};

struct einit_options {
    const char *root;              /* the solution directory (paths are relative to it); NULL: skip path checks */
    const char *const *edl_dirs;   /* EDL search path; NULL: skip class checks */
    size_t nedl_dirs;
};

/* 0 and a filled *sol, or -1 with every error reported through s (s->errors > 0). */
int einit_load(struct src *s, const struct einit_options *o, struct einit_solution *sol);
void einit_solution_free(struct einit_solution *sol);

#endif
