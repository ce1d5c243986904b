/* Where einit finds the files init.yaml names: programs and headers.
 *
 * einit_find_program: the program directory that builds the executable an entity's `path` names. KOS's `path` is the name
 * of an executable in the image (default: the class's last part, net.Client -> Client); Vigil builds
 * each executable from a directory of C files in the solution, so the name is looked up as
 *   path/ then path/src/ then lower(path)/ then lower(path)/src/
 * the first one holding a .c file wins (KOS projects keep a program in client/src/, its executable
 * called Client). A path with a '/' is a program directory itself, as it always was, and is the one
 * candidate. */
#ifndef EINIT_LOOKUP_H
#define EINIT_LOOKUP_H

#include <stddef.h>

/* 0 and *dir (malloc'd, relative to root), or -1 with `looked` listing the directories tried (or, with
 * *dir NULL and looked empty, out of memory). */
int einit_find_program(const char *root, const char *path, char **dir, char *looked, size_t looked_size);
/* einit_find_header: `include` (KOS's `id: {var: M, include: env/env.h}`) as the C compiler would find
 * it with -I for each of dirs, in order (an absolute name is itself). 0 and *found (malloc'd), or -1
 * with `looked` listing the places tried (empty with *found NULL: out of memory). */
int einit_find_header(const char *const *dirs, size_t ndirs, const char *include, char **found, char *looked,
                      size_t looked_size);

#endif
