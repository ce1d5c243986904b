/* The register ABI tests: one binary started as Einit (the client: every method through both ABIs to
 * each server), RegServer (serves with vg_reply_recv_reg and a fallback buffer), RegNoFb (the same
 * without a fallback) and MemServer (the memory ABI). One "ok"/"FAIL" line per check. */
#ifndef T_REGABI_H
#define T_REGABI_H

#include <stdio.h>
#include <vigil/vigil.h>
#include <vigil/ipc.h>
#include "t_regabi/Reg.idl.h"
#include "../t_common/check.h"

/* The answer to the request q (memory form, its arena at `arena`) in memory form into res; the count
 * of requests served and of register messages that arrived with a non-zero byte past their size go
 * into Count's answer (served | leaks << 32). */
struct served {
    uint64_t served, leaks;
};
uint32_t regabi_answer(struct served *st, const void *q, const uint8_t *arena, void *res);

#define REGABI_TOO_SMALL_MARK 0xb16u /* RegNoFb: this request came by memory after rcBufferTooSmall */

int einit_main(void);
int server_main(const char *mode);

#endif
