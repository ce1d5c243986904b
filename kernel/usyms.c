/* Reader of user programs' symbol tables (format in kernel/usyms.h). Every lookup scans the whole
 * table: it runs only when a process faults, a table has a few thousand lines, and a scan needs
 * neither sorted input nor an index built (and allocated) beforehand. */
#include "kernel/usyms.h"
#include "kernel/console.h"
#include "kernel/string.h"
#include "kernel/elf.h"

#define USYMS_SECTION ".vigil.usyms"

/* The section header `index`, copied out (the image need not be aligned), or false when it lies
 * outside the image. */
static bool section(const uint8_t *img, size_t size, const struct elf64_ehdr *eh, unsigned index,
                    struct elf64_shdr *sh)
{
    uint64_t off = eh->shoff + (uint64_t)index * sizeof *sh;
    if (eh->shoff > size || off < eh->shoff || off > size || size - off < sizeof *sh)
        return false;
    memcpy(sh, img + off, sizeof *sh);
    return sh->offset <= size && sh->size <= size - sh->offset;
}

void usyms_find(const void *image, size_t size, struct usyms *t)
{
    const uint8_t *img = image;
    struct elf64_ehdr eh;
    struct elf64_shdr names, sh;
    t->text = NULL;
    t->size = 0;
    if (!image || size < sizeof eh)
        return;
    memcpy(&eh, img, sizeof eh);
    if (memcmp(eh.ident, "\177ELF", 4) || eh.shentsize != sizeof sh || eh.shstrndx >= eh.shnum ||
        !section(img, size, &eh, eh.shstrndx, &names))
        return;
    for (unsigned i = 1; i < eh.shnum; i++) {
        if (!section(img, size, &eh, i, &sh) || sh.name >= names.size ||
            names.size - sh.name < sizeof USYMS_SECTION)
            continue;
        if (!memcmp(img + names.offset + sh.name, USYMS_SECTION, sizeof USYMS_SECTION)) {
            t->text = (const char *)img + sh.offset;
            t->size = (size_t)sh.size;
            return;
        }
    }
}

/* A cursor over one line of the table: fields are read up to the line's end, never past it. */
struct cursor {
    const char *p, *end;
};

static bool field_hex(struct cursor *c, uint64_t *v)
{
    unsigned digits = 0;
    *v = 0;
    while (c->p < c->end && *c->p == ' ')
        c->p++;
    for (; c->p < c->end && digits < 16; c->p++, digits++) {
        char ch = *c->p;
        unsigned d = ch >= '0' && ch <= '9' ? (unsigned)(ch - '0') : ch >= 'a' && ch <= 'f' ? (unsigned)(ch - 'a' + 10) : 16;
        if (d == 16)
            break;
        *v = *v << 4 | d;
    }
    return digits > 0 && (c->p == c->end || *c->p == ' ');
}

static bool field_dec(struct cursor *c, uint64_t *v)
{
    unsigned digits = 0;
    *v = 0;
    while (c->p < c->end && *c->p == ' ')
        c->p++;
    for (; c->p < c->end && *c->p >= '0' && *c->p <= '9' && digits < 10; c->p++, digits++)
        *v = *v * 10 + (uint64_t)(*c->p - '0');
    return digits > 0 && (c->p == c->end || *c->p == ' ');
}

/* The rest of the line after one space: a name or a path. */
static void field_rest(struct cursor *c, const char **s, size_t *len)
{
    if (c->p < c->end && *c->p == ' ')
        c->p++;
    *s = c->p;
    *len = (size_t)(c->end - c->p);
}

/* The next line of kind `kind` ('f', 's' or 'l') from *pos on, with c after the kind; false at the end. */
static bool next_line(const struct usyms *t, size_t *pos, char kind, struct cursor *c)
{
    while (*pos < t->size) {
        const char *line = t->text + *pos;
        size_t len = 0;
        while (*pos + len < t->size && line[len] != '\n')
            len++;
        *pos += len + 1;
        if (len >= 2 && line[0] == kind && line[1] == ' ') {
            c->p = line + 1;
            c->end = line + len;
            return true;
        }
    }
    return false;
}

static void append(char *buf, size_t n, size_t *at, const char *s, size_t len)
{
    while (len-- && *at + 1 < n)
        buf[(*at)++] = *s++;
    buf[*at] = '\0';
}

/* The function containing addr: the one with the highest address at or below it, if addr is inside
 * it (a size of 0 is unknown: then it is). */
static bool function(const struct usyms *t, uint64_t addr, uint64_t *start, const char **name, size_t *name_len)
{
    struct cursor c;
    bool found = false;
    uint64_t best = 0, best_size = 0;
    for (size_t pos = 0; next_line(t, &pos, 'f', &c);) {
        uint64_t a, sz;
        if (!field_hex(&c, &a) || !field_hex(&c, &sz) || a > addr || (found && a < best))
            continue;
        found = true;
        best = a;
        best_size = sz;
        field_rest(&c, name, name_len);
    }
    if (!found || (best_size != 0 && addr - best >= best_size))
        return false;
    *start = best;
    return true;
}

bool usyms_function(const struct usyms *t, uint64_t addr, uint64_t *start)
{
    const char *name;
    size_t len;
    return t && t->text && function(t, addr, start, &name, &len);
}

void usyms_describe(const struct usyms *t, uint64_t addr, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    if (!t || !t->text)
        return;
    struct cursor c;
    const char *name = NULL;
    size_t name_len = 0;
    uint64_t start = 0;
    bool named = function(t, addr, &start, &name, &name_len);

    /* The line: the row with the highest address at or below addr; of two at one address (the end of
     * one sequence and the start of the next) the one with a line. */
    bool have_line = false;
    uint64_t row = 0, file = 0, line = 0;
    for (size_t pos = 0; next_line(t, &pos, 'l', &c);) {
        uint64_t a, f, l;
        if (!field_hex(&c, &a) || !field_dec(&c, &f) || !field_dec(&c, &l) || a > addr)
            continue;
        if (!have_line || a > row || (a == row && l != 0)) {
            have_line = true;
            row = a;
            file = f;
            line = l;
        }
    }
    const char *path = NULL;
    size_t path_len = 0;
    if (have_line && line != 0)
        for (size_t pos = 0; next_line(t, &pos, 's', &c);) {
            uint64_t i;
            if (field_dec(&c, &i) && i == file) {
                field_rest(&c, &path, &path_len);
                break;
            }
        }
    size_t at = 0;
    char num[24];
    if (named) {
        append(buf, n, &at, name, name_len);
        ksnprintf(num, sizeof num, "+0x%lx", addr - start);
        append(buf, n, &at, num, strlen(num));
    }
    if (path) {
        append(buf, n, &at, at ? " (" : "(", at ? 2 : 1);
        append(buf, n, &at, path, path_len);
        ksnprintf(num, sizeof num, ":%lu)", line);
        append(buf, n, &at, num, strlen(num));
    }
}
