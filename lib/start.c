/* The C half of program start (crt0.S has installed TLS): environment, constructors, main, exit. */
#include <stdlib.h>
#include "internal.h"

extern char **environ;
int main(int argc, char **argv, char **envp);
void __libc_init_array(void);

_Noreturn void __vg_start_main(int argc, char **argv, char **envp)
{
    environ = envp;
    __libc_init_array();
    exit(main(argc, argv, envp));
}
