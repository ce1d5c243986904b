#include <string.h>
#include "ipctest.h"


int main(int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "IpcServer") == 0)
        return server_main(argc, argv);
    if (argc > 0 && strcmp(argv[0], "IpcClient") == 0)
        return client_main(argc, argv);
    return einit_main();
}
