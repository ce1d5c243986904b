/* What einit writes from a checked solution (init.h):
 *   einit_gen_c     Einit's C source: the solution's tables (argv, envp, channels) and a main() that runs
 *                   them with einit_run (runtime/einit.h), so the program needs runtime/einit_run.c too;
 *   einit_gen_make  a make fragment for the solution rule (tools/einit/solution.mk):
 *                     VAR_PROGRAMS := the distinct program directories, relative to the solution
 *                     VAR_ROMFS    := CLASS=program-directory for every class (its ROMFS file)
 *                     VAR_HEADERS  := the headers channel ids were read from (einit reruns when they change)
 * Both return 0, or -1 if writing failed. */
#ifndef EINIT_GEN_H
#define EINIT_GEN_H

#include <stdio.h>

#include "init.h"

int einit_gen_c(FILE *f, const struct einit_solution *sol, const char *solution_name, const char *yaml_path);
int einit_gen_make(FILE *f, const struct einit_solution *sol, const char *var, const char *yaml_path);

#endif
