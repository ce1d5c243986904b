/* The integrity reproducers: one binary started as Einit (the scenarios), IntServer (serves
 * t_integrity.Integ, every request received first into a buffer too small for it) and IntB (serves
 * Take: calls IntServer through the handle it is given). One "ok"/"FAIL" line per check. */
#ifndef T_INTEGRITY_H
#define T_INTEGRITY_H

#include <stdio.h>
#include <vigil/vigil.h>
#include <vigil/ipc.h>
#include "t_integrity/Integ.idl.h"
#include "../t_common/check.h"

#define MS 1000000ull

/* A request of one of the v -> r methods (Ping, Nope, Other, Once). */
static inline struct t_integrity_Integ_Ping_req integ_req(uint16_t mid, uint32_t v)
{
    struct t_integrity_Integ_Ping_req q = {.hdr = {.size = sizeof q, .mid = mid, .flags = VG_MSG_REQUEST}, .v = v};
    return q;
}

int einit_main(void);
int server_main(void);
int intb_main(void);

#endif
