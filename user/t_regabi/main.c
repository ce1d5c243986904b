/* The register ABI tests' one binary (user/t_regabi/regabi.h). */
#include <string.h>
#include "regabi.h"

int main(int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "Einit") != 0)
        return server_main(argv[0]);
    return einit_main();
}
