/* The fastpath tests' one binary (user/t_fastpath/fastpath.h). */
#include <string.h>
#include "fastpath.h"

int own_registers(const uint64_t in[12], const uint64_t out[31])
{
    for (int i = 8; i < 12; i++)
        if (out[i] != in[i])
            return 0;
    for (int i = 12; i < 31; i++)
        if (out[i] != 0x5a00u + (uint64_t)i)
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "FastServer") == 0)
        return server_main();
    if (argc > 0 && strcmp(argv[0], "FastB") == 0)
        return fastb_main();
    return einit_main();
}
