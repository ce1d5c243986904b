/* Host tests (ASan/UBSan) of kernel/usyms.c, the reader of the user symbol tables that
 * tools/mkusyms.sh appends to user programs. Every table and ELF lives in a buffer of exactly its
 * size, so a read past it is an ASan failure, not a silent pass.
 *   test_usyms              the unit tests
 *   test_usyms PROGRAM.elf  also: a built program's table is found and names its own `main`, and every
 *                           truncation of the ELF is read safely */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "kernel/usyms.h"
#include "tools/common/file.h"

/* The kernel's formatter, for the host: usyms.c uses only %lx and %lu. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static struct usyms table(const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1);
    memcpy(copy, text, n);
    return (struct usyms){copy, n};
}

static const char *describe(const struct usyms *t, uint64_t addr)
{
    static char buf[160];
    usyms_describe(t, addr, buf, sizeof buf);
    return buf;
}

static const char *const sample =
    "f 400000 40 _start\n"
    "f 400040 100 main\n"
    "f 400200 0 asm_thing\n"
    "s 0 user/x/main.c\n"
    "s 1 lib/crt0.S\n"
    "l 400000 1 10\n"
    "l 40003c 1 0\n"
    "l 400040 0 5\n"
    "l 400050 0 7\n"
    "l 400140 0 0\n"
    "l 400140 0 9\n";

TEST(names_and_lines)
{
    struct usyms t = table(sample);
    CHECK(!strcmp(describe(&t, 0x400000), "_start+0x0 (lib/crt0.S:10)"));
    CHECK(!strcmp(describe(&t, 0x400044), "main+0x4 (user/x/main.c:5)"));
    CHECK(!strcmp(describe(&t, 0x400060), "main+0x20 (user/x/main.c:7)"));
    /* Past main's size: no name; the row at 0x400140 with a line wins over the end of sequence. */
    CHECK(!strcmp(describe(&t, 0x400140), "(user/x/main.c:9)"));
    CHECK(!strcmp(describe(&t, 0x400300), "asm_thing+0x100 (user/x/main.c:9)"));
    CHECK(!strcmp(describe(&t, 0x3fffff), ""));
    uint64_t start = 0;
    CHECK(usyms_function(&t, 0x400080, &start) && start == 0x400040);
    CHECK(!usyms_function(&t, 0x400140, &start));
    free((void *)t.text);
}

TEST(end_of_sequence_has_no_line)
{
    struct usyms t = table(sample);
    CHECK(!strcmp(describe(&t, 0x40003c), "_start+0x3c"));
    free((void *)t.text);
}

TEST(damaged_tables)
{
    static const char *const bad[] = {
        "f 400000",                      /* truncated, no newline */
        "f 400000 10",                   /* no name: an empty one */
        "f zz 10 x\nl zz 0 1\n",         /* not hex */
        "f 11112222333344445 10 x\n",    /* too many digits */
        "l 400000 7 3\n",                /* a file index no s line names */
        "l 400000 99999999999 3\n",
        "s\nf\nl\n\n\n",
        "f 400000 10 name-without-newline",
        "",
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct usyms t = table(bad[i]);
        const char *d = describe(&t, 0x400004);
        CHECK_MSG(strlen(d) < 160, "table %u", i);
        free((void *)t.text);
    }
    struct usyms t = table("f 400000 10 x\nl 400000 7 3\n");
    CHECK(!strcmp(describe(&t, 0x400004), "x+0x4"));
    free((void *)t.text);
    struct usyms none = {0, 0};
    CHECK(!strcmp(describe(&none, 0x400000), ""));
}

TEST(small_buffers)
{
    struct usyms t = table(sample);
    char buf[8];
    usyms_describe(&t, 0x400044, buf, sizeof buf);
    CHECK(!strcmp(buf, "main+0x"));
    usyms_describe(&t, 0x400044, buf, 1);
    CHECK(buf[0] == '\0');
    usyms_describe(&t, 0x400044, buf, 0);
    free((void *)t.text);
}

TEST(not_elf)
{
    struct usyms t;
    uint8_t junk[64] = {0x7f, 'E', 'L', 'F'};
    uint8_t *b = malloc(sizeof junk);
    memcpy(b, junk, sizeof junk);
    for (size_t n = 0; n <= sizeof junk; n++) {
        usyms_find(b, n, &t);
        CHECK(t.text == NULL);
    }
    /* Section headers claimed past the end. */
    b[58] = 64; /* shentsize */
    b[60] = 2;  /* shnum */
    b[62] = 1;  /* shstrndx */
    b[40] = 0xf0;
    usyms_find(b, sizeof junk, &t);
    CHECK(t.text == NULL);
    usyms_find(NULL, 100, &t);
    CHECK(t.text == NULL);
    free(b);
}

static const char *program;

TEST(built_program)
{
    size_t size = 0;
    FILE *f = fopen(program, "rb");
    CHECK_MSG(f, "cannot open %s", program);
    uint8_t *elf = (uint8_t *)file_read_all(f, SIZE_MAX, &size);
    fclose(f);
    CHECK_MSG(elf, "cannot read %s", program);
    struct usyms t;
    usyms_find(elf, size, &t);
    CHECK_MSG(t.text, "%s has no .vigil.usyms section", program);
    /* main's address, from the table's own f line, named back as main+0x0 with a file:line. */
    const char *m = strstr(t.text, " main\n");
    CHECK(m);
    const char *line = m;
    while (line > t.text && line[-1] != '\n')
        line--;
    uint64_t addr = strtoull(line + 2, NULL, 16);
    const char *d = describe(&t, addr);
    CHECK_MSG(!strncmp(d, "main+0x0 (", 10) && strstr(d, ".c:"), "main at 0x%llx is '%s'", (unsigned long long)addr, d);
    /* Every truncation, in an exact-size copy: found only when the section is whole, never a bad read. */
    for (size_t n = 0; n < size; n += (n < 4096 ? 1 : 509)) {
        uint8_t *cut = malloc(n ? n : 1);
        memcpy(cut, elf, n);
        struct usyms c;
        usyms_find(cut, n, &c);
        if (c.text)
            describe(&c, addr);
        free(cut);
    }
    free(elf);
}

int main(int argc, char **argv)
{
    RUN(names_and_lines);
    RUN(end_of_sequence_has_no_line);
    RUN(damaged_tables);
    RUN(small_buffers);
    RUN(not_elf);
    if (argc > 1) {
        program = argv[1];
        RUN(built_program);
    }
    return check_summary();
}
