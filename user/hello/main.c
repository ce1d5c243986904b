/* hello: the smallest useful program. Prints through the console (stdout -> hal debug_write) and
 * exercises what every program relies on: argv, printf with integers and floating point, malloc,
 * string functions and errno. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("hello from %s (argc=%d)\n", argc > 0 ? argv[0] : "?", argc);
    for (int i = 1; i < argc; i++)
        printf("  argv[%d] = %s\n", i, argv[i]);

    char *copy = malloc(64);
    if (!copy) {
        fprintf(stderr, "hello: malloc failed\n");
        return 1;
    }
    strcpy(copy, "vigil");
    printf("malloc ok: %s, strlen %zu, pi ~ %.3f\n", copy, strlen(copy), 3.14159265);
    free(copy);

    errno = 0;
    long v = strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow: %ld, errno %s\n", v, errno == ERANGE ? "ERANGE" : "wrong");
    return errno == ERANGE ? 0 : 1;
}
