/* ksm-audit-decode: prints a KSM audit dump (ksm_audit_dump, ksm/audit_dump.c) as one line per record:
 *   #SEQ EVENT src=CLASS(SID) dst=CLASS(SID) ENDPOINT.METHOD DECISION: WHY
 * where WHY is "FILE:LINE OBJECT.RULE RESULT", "no binding matched", or "malformed message", followed by
 * ": REASON" for a denial (the reason the KSM wrote into the dump: version 2). */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ksm/audit.h"
#include "tools/common/file.h"

struct in {
    const uint8_t *p;
    size_t n, at;
    int bad;
};

static uint32_t get(struct in *in, int bytes) {
    uint32_t v = 0;
    if (in->at + (size_t)bytes > in->n) {
        in->bad = 1;
        return 0;
    }
    for (int i = 0; i < bytes; i++)
        v |= (uint32_t)in->p[in->at++] << (8 * i);
    return v;
}

static char *getstr(struct in *in) {
    uint32_t len = get(in, 2);
    if (in->bad || in->at + len > in->n) {
        in->bad = 1;
        return NULL;
    }
    char *s = malloc(len + 1);
    if (!s)
        exit(2);
    memcpy(s, in->p + in->at, len);
    s[len] = 0;
    in->at += len;
    return s;
}

struct names {
    char **v;
    uint32_t n;
    uint32_t *base, nbase;   /* spaces: the first point of each interface */
};

static int getnames(struct in *in, struct names *nm, char ***all, size_t *nall) {
    nm->n = get(in, 4);
    if (in->bad || nm->n > in->n)
        return in->bad = 1, -1;
    nm->v = calloc(nm->n + 1, sizeof *nm->v);
    *all = realloc(*all, (*nall + nm->n + 1) * sizeof **all);
    if (!nm->v || !*all)
        exit(2);
    for (uint32_t i = 0; i < nm->n; i++) {
        nm->v[i] = getstr(in);
        if (!nm->v[i])
            return -1;
        (*all)[(*nall)++] = nm->v[i];
    }
    return 0;
}

static const char *name(const struct names *nm, uint32_t i) { return i < nm->n ? nm->v[i] : "?"; }

int main(int argc, char **argv) {
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        puts("usage: ksm-audit-decode [DUMP]\n\nPrints the audit records of a dump written by "
             "ksm_audit_dump() (from the file DUMP, or standard input), one per line.");
        return 0;
    }
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f) {
        fprintf(stderr, "ksm-audit-decode: cannot open %s\n", argv[1]);
        return 1;
    }
    size_t n;
    uint8_t *buf = (uint8_t *)file_read_all(f, SIZE_MAX, &n);
    if (f != stdin)
        fclose(f);
    if (!buf) {
        fprintf(stderr, "ksm-audit-decode: cannot read %s: %s\n", argc > 1 ? argv[1] : "standard input",
                strerror(errno));
        return 2;
    }
    struct in in = {buf, n, 0, 0};
    int rc = 1;
    char **all = NULL;
    size_t nall = 0;
    struct names classes = {0}, *ep = NULL, *sec = NULL, locs = {0}, sites = {0};
    if (get(&in, 4) != KSM_AUDIT_MAGIC || get(&in, 4) != 2) {
        fprintf(stderr, "ksm-audit-decode: not a KSM audit dump (version 2)\n");
        goto out;
    }
    classes.n = get(&in, 4);
    if (in.bad || classes.n > n)
        goto bad;
    classes.v = calloc(classes.n + 1, sizeof *classes.v);
    ep = calloc(classes.n + 1, sizeof *ep);
    sec = calloc(classes.n + 1, sizeof *sec);
    if (!classes.v || !ep || !sec)
        return 2;
    for (uint32_t c = 0; c < classes.n; c++) {
        classes.v[c] = getstr(&in);
        if (!classes.v[c])
            goto bad;
        for (int k = 0; k < 2; k++) {
            struct names *sp = k ? &sec[c] : &ep[c];
            sp->nbase = get(&in, 4);
            if (in.bad || sp->nbase > n)
                goto bad;
            sp->base = calloc(sp->nbase + 1, sizeof *sp->base);
            if (!sp->base)
                return 2;
            for (uint32_t i = 0; i < sp->nbase; i++)
                sp->base[i] = get(&in, 4);
            if (getnames(&in, sp, &all, &nall))
                goto bad;
        }
    }
    if (getnames(&in, &locs, &all, &nall) || getnames(&in, &sites, &all, &nall))
        goto bad;
    uint32_t dropped = get(&in, 4), nrec = get(&in, 4);
    if (in.bad)
        goto bad;
    static const char *const kinds[] = {"request", "response", "error", "security", "execute"};
    static const char *const decisions[] = {"granted", "denied", "malformed"};
    static const char *const results[] = {"granted", "denied", "failed"};
    for (uint32_t i = 0; i < nrec; i++) {
        uint32_t seq = get(&in, 4), kind = get(&in, 1), dec = get(&in, 1), res = get(&in, 1), why = get(&in, 1);
        uint32_t ss = get(&in, 4), ds = get(&in, 4), sc = get(&in, 4), dc = get(&in, 4);
        uint32_t riid = get(&in, 2), mid = get(&in, 2), loc = get(&in, 2), site = get(&in, 2);
        char *reason = getstr(&in);
        if (!reason)
            goto bad;
        const char *sep = reason[0] ? ": " : "";
        if (in.bad || kind > 4 || dec > 2 || res > 2) {
            free(reason);
            goto bad;
        }
        printf("#%" PRIu32 " %s src=%s(%" PRIu32 ")", seq, kinds[kind], sc < classes.n ? classes.v[sc] : "?", ss);
        if (kind != 3)
            printf(" dst=%s(%" PRIu32 ")", dc < classes.n ? classes.v[dc] : "?", ds);
        uint32_t owner = kind == 0 ? dc : sc;
        if (kind < 4 && owner < classes.n) {
            const struct names *sp = kind == 3 ? &sec[owner] : &ep[owner];
            if (riid < sp->nbase)
                printf(" %s", name(sp, sp->base[riid] + mid));
            else
                printf(" riid=%" PRIu32 " mid=%" PRIu32, riid, mid);
        }
        printf(" %s: ", decisions[dec]);
        if (why == KSM_AR_NO_BINDING)
            printf("no binding matched%s%s\n", sep, reason);
        else if (why == KSM_AR_MALFORMED)
            printf("malformed message (structure check)%s%s\n", sep, reason);
        else
            printf("%s %s %s%s%s\n", loc == KSM_AUDIT_NONE ? "-" : name(&locs, loc),
                   site == KSM_AUDIT_NONE ? "-" : name(&sites, site),
                   why == KSM_AR_ERROR ? "failed (expression error)" : results[res], sep, reason);
        free(reason);
    }
    if (dropped)
        printf("(%" PRIu32 " records dropped)\n", dropped);
    rc = 0;
    goto out;
bad:
    fprintf(stderr, "ksm-audit-decode: truncated or corrupt dump\n");
out:
    for (size_t i = 0; i < nall; i++)
        free(all[i]);
    for (uint32_t c = 0; c < classes.n && classes.v; c++) {
        free(classes.v[c]);
        if (ep)
            free(ep[c].v), free(ep[c].base);
        if (sec)
            free(sec[c].v), free(sec[c].base);
    }
    free(classes.v);
    free(ep);
    free(sec);
    free(locs.v);
    free(sites.v);
    free(all);
    free(buf);
    return rc;
}
