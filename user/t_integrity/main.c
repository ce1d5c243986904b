/* The integrity reproducers' one binary (user/t_integrity/integ.h). */
#include <string.h>
#include "integ.h"

int main(int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "IntServer") == 0)
        return server_main();
    if (argc > 0 && strcmp(argv[0], "IntB") == 0)
        return intb_main();
    return einit_main();
}
