/* einit_find_program and einit_find_header (lookup.h). */
#include "lookup.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool has_c_file(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *de;
    while (!found && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        found = n > 2 && strcmp(de->d_name + n - 2, ".c") == 0;
    }
    closedir(d);
    return found;
}

int einit_find_program(const char *root, const char *path, char **dir, char *looked, size_t looked_size)
{
    *dir = NULL;
    looked[0] = '\0';
    size_t n = strlen(path);
    char *lower = malloc(n + 1), *cand = malloc(n + 5);
    char *full = malloc(strlen(root) + n + 6);
    int rc = -1;
    if (!lower || !cand || !full)
        goto out;
    for (size_t i = 0; i <= n; i++)
        lower[i] = path[i] >= 'A' && path[i] <= 'Z' ? (char)(path[i] - 'A' + 'a') : path[i];
    bool plain = strchr(path, '/') == NULL;
    const char *bases[2] = {path, lower};
    for (unsigned b = 0; b < (plain && strcmp(lower, path) ? 2u : 1u); b++)
        for (unsigned src = 0; src < (plain ? 2u : 1u); src++) {
            snprintf(cand, n + 5, "%s%s", bases[b], src ? "/src" : "");
            sprintf(full, "%s/%s", root, cand);
            if (has_c_file(full)) {
                *dir = cand;
                cand = NULL;
                rc = 0;
                goto out;
            }
            snprintf(looked + strlen(looked), looked_size - strlen(looked), "%s%s", looked[0] ? ", " : "", full);
        }
out:
    free(lower);
    free(cand);
    free(full);
    return rc;
}

int einit_find_header(const char *const *dirs, size_t ndirs, const char *include, char **found, char *looked,
                      size_t looked_size)
{
    *found = NULL;
    looked[0] = '\0';
    for (size_t i = 0; i < (include[0] == '/' ? 1 : ndirs); i++) {
        const char *dir = include[0] == '/' ? "" : dirs[i];
        size_t n = strlen(dir) + strlen(include) + 2;
        char *full = malloc(n);
        if (!full)
            return -1;
        snprintf(full, n, "%s%s%s", dir, dir[0] ? "/" : "", include);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            *found = full;
            return 0;
        }
        snprintf(looked + strlen(looked), looked_size - strlen(looked), "%s%s", looked[0] ? ", " : "", full);
        free(full);
    }
    if (!looked[0])
        snprintf(looked, looked_size, "no include directory");
    return -1;
}
