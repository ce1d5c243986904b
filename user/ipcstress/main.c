/* The stress test's one binary: Einit, a client (SClient) or a server (SServer) by argv[0]. */
#include <string.h>
#include "stress.h"

int main(int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "SClient") == 0)
        return client_main(argc, argv);
    if (argc > 0 && strcmp(argv[0], "SServer") == 0)
        return server_main(argc, argv);
    return einit_main();
}
