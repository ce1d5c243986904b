/* What the application and the viewer share: a connection to the logger's writer and reader endpoints
 * over the channel `id`, and one call of each (returning the call's rc: rcSecurityDisallow when the
 * policy refuses it). */
#ifndef SECURE_LOGGER_LOG_CLIENT_H
#define SECURE_LOGGER_LOG_CLIENT_H

#include <stdint.h>
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "logger/Logger.edl.h"

struct log_client {
    struct nk_vg_transport t;
    struct logger_Write_proxy writer;
    struct logger_Read_proxy reader;
};

static inline rc_t log_connect(struct log_client *c, const char *id)
{
    vg_handle_t h;
    vg_iid_t w, r;
    rc_t rc = vg_ipc_connect(id, &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "writer", &w);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "reader", &r);
    if (rc != rcOk)
        return rc;
    nk_vg_transport_init(&c->t, h);
    logger_Write_proxy_init(&c->writer, &c->t.base, w);
    logger_Read_proxy_init(&c->reader, &c->t.base, r);
    return rcOk;
}

static inline rc_t log_append(struct log_client *c, const char *line, uint32_t *index)
{
    uint8_t buf[logger_Write_LineMax + 8];
    struct nk_arena a = NK_ARENA_INITIALIZER(buf, sizeof buf);
    struct logger_Write_Append_req req;
    union logger_Write_Append_res res;
    rc_t rc = nk_arena_store_string(&a, &req.line, line, logger_Write_LineMax);
    if (rc == rcOk)
        rc = logger_Write_Append(&c->writer, &req, &a, &res, 0);
    if (rc == rcOk && index)
        *index = res.out.index;
    return rc;
}

/* Line `index` into out (size cap) and the number of lines into *count. */
static inline rc_t log_read(struct log_client *c, uint32_t index, char *out, size_t cap, uint32_t *count)
{
    uint8_t buf[128];
    struct nk_arena a = NK_ARENA_INITIALIZER(buf, sizeof buf);
    struct logger_Read_Read_req req = {.index = index};
    union logger_Read_Read_res res;
    const char *line;
    rc_t rc = logger_Read_Read(&c->reader, &req, 0, &res, &a);
    if (rc == rcOk)
        rc = nk_arena_get_string(&a, &res.out.line, &line);
    if (rc == rcOk) {
        snprintf(out, cap, "%s", line);
        *count = res.out.count;
    }
    return rc;
}

#endif
