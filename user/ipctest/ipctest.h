/* The IPC test program: one binary started as three classes (argv[0]): Einit runs the scenarios,
 * IpcServer serves ipctest.Echo, IpcClient runs checks against it. Every check prints one line,
 * "ok <name>" or "FAIL <name>: reason"; a process's exit code is its number of failures. */
#ifndef IPCTEST_H
#define IPCTEST_H

#include <stdio.h>
#include <vigil/vigil.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>
#include "ipctest/Echo.idl.h"

/* Echo values with a meaning for the server. */
#define V_DENY 666u          /* the policy denies Echo with this value */
#define V_QUERY 0x51000000u  /* result = requests received; back = struct server_stats */
#define V_HOLD 0x48000000u   /* | ms: wait that long before replying */
#define V_DIE 0x44000000u    /* the server process exits without replying */

struct server_stats {
    uint32_t received;       /* requests received */
    int32_t last_reply_rc;   /* what the last Reply returned */
    uint32_t last_value;     /* the value of the last Echo received */
    uint32_t denied_values;  /* Echo requests that arrived with V_DENY (must stay 0) */
    int32_t revoked_use_rc;  /* a Call on the handle received by Pass, after the client revoked it */
};

#include "../t_common/check.h"

int server_main(int argc, char **argv);
int client_main(int argc, char **argv);
int einit_main(void);

#endif
