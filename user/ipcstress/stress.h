/* The IPC stress test (user/ipcstress): one program started as three classes. Einit starts two
 * SServer processes ("A" and "B") and three SClient processes (3 + 3 + 2 threads), joins every client
 * to both servers, kills server A mid-run and starts a new one, and at the end checks every client's
 * verdict and that the kernel's free memory and object counts are back.
 *
 * Channel names: "<server><generation>.<client>", e.g. "A0.2" joins client 2 to the first A; after
 * the restart Einit creates "A1.1", "A1.2", "A1.3" to the new A. A client thread whose Call returns
 * rcNotConnected reconnects by name to the next generation (vg_ipc_connect, polled until Einit has
 * created it); its other threads then use the new handle too. */
#ifndef IPCSTRESS_STRESS_H
#define IPCSTRESS_STRESS_H

#include <stdio.h>
#include <vigil/vigil.h>
#include "ipcstress/Stress.idl.h"

#define STRESS_CLIENTS 3
#define STRESS_NAME_MAX 16

static inline void stress_name(char out[STRESS_NAME_MAX], char server, unsigned gen, unsigned client)
{
    snprintf(out, STRESS_NAME_MAX, "%c%u.%u", server, gen, client);
}

int einit_main(void);
int client_main(int argc, char **argv);
int server_main(int argc, char **argv);

#endif
