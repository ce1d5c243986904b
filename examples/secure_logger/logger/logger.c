/* logger.Logger: keeps the log (up to 16 lines in memory) and serves its writer and reader endpoints
 * to every client through one listener. It does not know who may append or read: the policy decides
 * that before a request reaches it. */
#include <stdio.h>
#include <string.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "logger/Logger.edl.h"
#include "logger/Retention.idl.h"

#define MAX_LINES 16

static char lines[MAX_LINES][logger_Write_LineMax + 1];
static uint32_t count;

static rc_t append(struct logger_Write *self, const struct logger_Write_Append_req *req, const struct nk_arena *req_arena,
                   union logger_Write_Append_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)res_arena;
    const char *line;
    rc_t rc = nk_arena_get_string(req_arena, &req->line, &line);
    if (rc != rcOk)
        return rc;
    if (count == MAX_LINES)
        return rcQuotaExceeded;
    snprintf(lines[count], sizeof lines[count], "%s", line);
    res->out.index = count++;
    return rcOk;
}

static rc_t read_line(struct logger_Read *self, const struct logger_Read_Read_req *req, const struct nk_arena *req_arena,
                      union logger_Read_Read_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena;
    res->out.count = count;
    return nk_arena_store_string(res_arena, &res->out.line, req->index < count ? lines[req->index] : "", 120);
}

static const struct logger_Write_ops write_ops = {append};
static const struct logger_Read_ops read_ops = {read_line};
static union logger_Logger_entity_req req;
static union logger_Logger_entity_res res;
static uint8_t req_arena[logger_Logger_entity_req_arena_size], res_arena[logger_Logger_entity_res_arena_size];

int main(void)
{
    /* One listener gathers both channels: the application's "log" and the viewer's "view". */
    vg_handle_t listener, server;
    static const char *const ids[] = {"log", "view"};
    rc_t rc;
    for (int i = 0; i < 2; i++)
        if ((rc = vg_ipc_register(ids[i], &listener, &server)) != rcOk) {
            printf("logger.Logger: no channel %s: %s\n", ids[i], rc_name(rc));
            return 1;
        }
    struct logger_Write writer = {&write_ops};
    struct logger_Read reader = {&read_ops};
    struct logger_Logger_entity entity;
    logger_Logger_entity_init(&entity, &writer, &reader);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, logger_Logger_entity_dispatch, &entity, &req, sizeof req, req_arena, sizeof req_arena,
                   &res, sizeof res, res_arena, sizeof res_arena);
    rc = nk_serve(&s); /* rcOk once every client has gone: nobody can call us any more */
    if (rc != rcOk) {
        printf("logger.Logger: receive failed: %s\n", rc_name(rc));
        return 1;
    }
    /* Before it drops old lines the logger asks the security module through its own security
     * interface (Logger.edl: security logger.Retention); the policy wants at least 4 lines kept. */
    struct nk_vg_transport st;
    nk_vg_security_transport_init(&st);
    struct logger_Retention_proxy retention;
    logger_Retention_proxy_init(&retention, &st.base, 0);
    for (uint32_t keep = 3; keep <= 4; keep++) {
        struct logger_Retention_Trim_req tq = {.keep = keep};
        union logger_Retention_Trim_res tr;
        rc = logger_Retention_Trim(&retention, &tq, 0, &tr, 0);
        printf("logger.Logger: trim to %u lines: %s\n", keep, rc_name(rc));
        if (rc == rcOk && count > keep)
            count = keep;
    }
    return 0;
}
