/* The fastpath tests: one binary started as Einit (the client: which path each call takes, told by
 * the kernel's fastpath counters, and the registers each side sees) and FastServer (a register
 * server that checks its own registers after every receive) and FastB (calls FastServer through the
 * client end Einit gives it, as a class the policy does not let call it). One "ok"/"FAIL" line per
 * check. */
#ifndef T_FASTPATH_H
#define T_FASTPATH_H

#include <stdio.h>
#include <vigil/vigil.h>
#include <vigil/ipc.h>
#include "t_fastpath/Fast.idl.h"
#include "../t_common/check.h"

#define FAST_HOLD 1000u   /* Ping v: the server sleeps 20 ms before it answers */
#define FAST_LEAKS 2000u  /* Ping v: the answer is the count of receives whose registers were wrong */
#define FAST_TIMED 3000u  /* Ping v: the server's next receive (with this answer) has a timeout */
#define FAST_SYNCED 4000u /* Ping v: the server's next receive waits with an interrupt object */

/* probe.S: a system call with x0-x11 from in[], x12-x30 = 0x5a00 + n, every register after it in out[]. */
void probe_svc(const uint64_t in[12], uint64_t out[31]);
/* Whether out[] (after probe_svc with in[]) holds the caller's own x8-x30: none of the peer's. */
int own_registers(const uint64_t in[12], const uint64_t out[31]);

int einit_main(void);
int server_main(void);
int fastb_main(void);

#endif
