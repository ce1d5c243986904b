/* pslc's regex compiler (tools/pslc/regex.c) run by the KSM's matcher (ksm/model_regex.c), checked
 * against the host C library's POSIX ERE engine (regcomp/regexec) on the syntax both accept.
 *
 * Both have search semantics: a pattern matches if it matches anywhere in the text, `^` and `$` anchor
 * it at the ends (regexec without REG_NEWLINE; the Regex model as docs/psl.md describes it), so the
 * patterns are compared unchanged. Only pslc's extensions are translated for the host: `\d \D \w \W
 * \s \S` outside brackets to bracket expressions, `\d \s \w` inside brackets to POSIX classes. The C
 * locale (this program never calls setlocale) makes the POSIX classes ASCII, as pslc's are.
 *
 * Patterns come from hand-picked edge cases and from a generator with a fixed seed; texts from a
 * fixed list, random strings over the pattern's own characters and a few others, and random walks of
 * pslc's DFA to accepting states (texts pslc accepts, which the host must accept too). */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "../host/check.h"
#include "ksm/eval.h"
#include "tools/pslc/pslc.h"

/* ---- the two matchers ---- */

static char *diags;          /* pslc's diagnostics since the last compile */
static size_t diags_len;
static FILE *diag_stream;

static void diag_reset(void) {
    if (diag_stream)
        fclose(diag_stream);
    free(diags);
    diags = NULL;
    diag_stream = open_memstream(&diags, &diags_len);
    diag_set_stream(diag_stream);
}

static const char *diag_text(void) {
    fflush(diag_stream);
    return diags ? diags : "";
}

/* Compiles with pslc into *re; false with the diagnostic in diag_text(). The DFA lives in pslc's arena
 * until the next pslc_release(). */
static bool pslc_compile(const char *pattern, struct ksm_regex *re) {
    diag_reset();
    struct regex_dfa *d = regex_compile(pattern, (struct loc){0});
    if (!d)
        return false;
    *re = (struct ksm_regex){d->cls, d->nclass, d->nstates, d->next, d->accept, d->source};
    return true;
}

static void pslc_release(void) { mem_free_all(); }

static bool pslc_match(const struct ksm_regex *re, const char *text) {
    return ksm_regex_run(re, text, (uint32_t)strlen(text));
}

static bool host_match(const regex_t *rx, const char *text) { return regexec(rx, text, 0, NULL, 0) == 0; }

/* ---- texts ---- */

static uint64_t rng = 0x5eed0f7e57c0ffeeull;
static uint32_t rnd(uint32_t n) {   /* xorshift64*, fixed seed: the same cases every run */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 33) % n;
}

static const char other_bytes[] = "abcxyzABCXYZ0189_-.,:;!/ \t\n\v[]{}()|$^*+?\\\x01\x1f\x7f\x80\xe9\xff";

static void random_text(char *out, size_t cap, const char *pattern) {
    size_t n = rnd(9), plen = strlen(pattern);
    for (size_t i = 0; i < n && i + 1 < cap; i++)
        out[i] = plen && rnd(3) ? pattern[rnd((uint32_t)plen)] : other_bytes[rnd(sizeof other_bytes - 1)];
    out[n < cap ? n : cap - 1] = 0;
    for (char *c = out; *c; c++)   /* a backslash of the pattern rarely means itself */
        if (*c == '\\' && rnd(2))
            *c = 'a';
}

/* A random walk of the DFA through states from which acceptance is reachable, stopping in an accepting
 * one: a text pslc accepts. False if the DFA accepts nothing. */
static bool accepted_text(const struct ksm_regex *re, char *out, size_t cap) {
    static uint8_t live[2048];
    memset(live, 0, re->nstates);
    for (uint32_t s = 0; s < re->nstates; s++)
        live[s] = re->accept[s];
    for (bool more = true; more;) {
        more = false;
        for (uint32_t s = 1; s < re->nstates; s++)
            for (uint32_t c = 0; c < re->nclass && !live[s]; c++)
                if (live[re->next[s * re->nclass + c]])
                    live[s] = more = true;
    }
    if (!live[1])
        return false;
    uint32_t s = 1;
    size_t n = 0;
    while (n + 1 < cap) {
        if (re->accept[s] && (rnd(3) == 0 || n + 2 >= cap))
            break;
        int b = -1;
        for (int tries = 0; tries < 64 && b < 0; tries++) {   /* prefer printable bytes */
            int x = tries < 48 ? 32 + (int)rnd(95) : 1 + (int)rnd(255);
            if (live[re->next[s * re->nclass + re->cls[x]]])
                b = x;
        }
        for (int x = 1; x < 256 && b < 0; x++)
            if (live[re->next[s * re->nclass + re->cls[x]]])
                b = x;
        if (b < 0)
            break;   /* only accepting, with no way on */
        out[n++] = (char)b;
        s = re->next[s * re->nclass + re->cls[b]];
    }
    out[n] = 0;
    return re->accept[s];
}

static void show(char *buf, size_t cap, const char *s) {   /* a text with C escapes, for messages */
    size_t n = 0;
    for (; *s && n + 5 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        n += (size_t)snprintf(buf + n, cap - n, c >= 32 && c < 127 && c != '"' && c != '\\' ? "%c" : "\\x%02x", c);
    }
    buf[n] = 0;
}

/* ---- comparing one pattern ---- */

struct stats {
    unsigned patterns, texts, matched, too_large;
};

static const char *const fixed_texts[] = {
    "", "a", "b", "c", "ab", "abc", "aa", "aaa", "aaaa", "aaaaa", "abab", "ababab", "ba", "cab", "bc",
    "0", "7", "42", "007", "x9", "_", "-", ".", "]", "[", "^", "$", "\\", "a-", "-a", "]a", "a]",
    " ", "\t", "\n", "\v", "\r", "a b", "A", "Z", "Ab", "aB", "f0", "FF", "g", "!", "~", "\x7f", "\x01",
    "\x80", "\xe9", "\xff", "x", "xyz", "A1_", "a.b", "a|b", "(x)", "{}", "a{2}",
};

/* Compares pslc and the host on one pattern; false (with a message) at the first difference. */
static bool compare(const char *ps, const char *px, struct stats *st, char *why, size_t cap) {
    struct ksm_regex re;
    if (!pslc_compile(ps, &re)) {
        if (strstr(diag_text(), "DFA states") || strstr(diag_text(), "too large")) {
            st->too_large++;
            pslc_release();
            return true;
        }
        snprintf(why, cap, "pslc rejects \"%s\": %s", ps, diag_text());
        pslc_release();
        return false;
    }
    regex_t rx;
    if (regcomp(&rx, px, REG_EXTENDED | REG_NOSUB) != 0) {
        snprintf(why, cap, "the host rejects \"%s\" (pslc: \"%s\")", px, ps);
        pslc_release();
        return false;
    }
    st->patterns++;
    bool ok = true;
    char text[32];
    size_t nfixed = sizeof fixed_texts / sizeof fixed_texts[0];
    for (size_t i = 0; ok && i < nfixed + 24 + 12 + 255; i++) {
        if (i < nfixed)
            snprintf(text, sizeof text, "%s", fixed_texts[i]);
        else if (i < nfixed + 24)
            random_text(text, sizeof text, ps);
        else if (i < nfixed + 36) {
            if (!accepted_text(&re, text, 12))
                continue;
        } else {
            text[0] = (char)(i - nfixed - 36 + 1);   /* every single byte */
            text[1] = 0;
        }
        bool a = pslc_match(&re, text), b = host_match(&rx, text);
        st->texts++;
        st->matched += a;
        if (a != b) {
            char t[160];
            show(t, sizeof t, text);
            snprintf(why, cap, "\"%s\" (host \"%s\") on \"%s\": pslc %s, host %s", ps, px, t,
                     a ? "matches" : "does not match", b ? "matches" : "does not");
            ok = false;
        }
    }
    regfree(&rx);
    pslc_release();
    return ok;
}

/* ---- hand-picked patterns: {pslc, host} (host NULL: the same) ---- */

static const char *const picked[][2] = {
    /* every POSIX class, negated, mixed with characters and ranges */
    {"^[[:digit:]]+$", 0}, {"^[[:alpha:]]+$", 0}, {"^[[:alnum:]]+$", 0}, {"[[:space:]]", 0},
    {"^[[:upper:]][[:lower:]]*$", 0}, {"^[[:punct:]]+$", 0}, {"^[[:xdigit:]]{2}$", 0}, {"^[[:print:]]*$", 0},
    {"^[[:graph:]]+$", 0}, {"[[:cntrl:]]", 0}, {"^[[:blank:]]*$", 0}, {"^[^[:digit:]]*$", 0},
    {"^[^[:alpha:]]$", 0}, {"[a[:digit:]_]", 0}, {"^[a[:digit:]_]+$", 0}, {"^[[:digit:][:upper:]]+$", 0},
    {"^[^[:space:][:punct:]]+$", 0}, {"^[x-z[:digit:]]$", 0}, {"^[^a-c[:digit:]]$", 0},
    {"^[[:lower:]-]+$", 0}, {"^[-[:lower:]]+$", 0},
    /* bracket edge cases */
    {"[]a]", 0}, {"^[^]a]$", 0}, {"^[a-]$", 0}, {"^[-a]$", 0}, {"^[]-]+$", 0}, {"^[.*+?]+$", 0},
    {"^[$^]$", 0}, {"[a^]", 0}, {"^[(){}|]*$", 0},
    /* repetition bounds */
    {"^a{3}$", 0}, {"^a{2,}$", 0}, {"^a{1,3}$", 0}, {"^a{0}$", 0}, {"^a{0,0}b$", 0}, {"^(ab){2}$", 0},
    {"^(a|bc){0,2}$", 0}, {"a{3}", 0}, {"^x{0,}$", 0}, {"^(a*){2}$", 0}, {"^(a?b){1,2}c$", 0},
    {"^[ab]{2,3}$", 0}, {"^.{4}", 0}, {"^(a|b)+a(a|b)$", 0},
    /* anchors and alternatives */
    {"^a|b$", 0}, {"^(a|b)*c$", 0}, {"^$", 0}, {"a|^b", 0}, {"^ab|cd$|ef", 0}, {"^(ab|a)(bc|c)?$", 0},
    {"", 0}, {"^", 0}, {"$", 0}, {".", 0}, {"^.$", 0}, {"^..*$", 0},
    /* escaped punctuation */
    {"\\.", 0}, {"^\\[\\]$", 0}, {"\\$", 0}, {"a\\|b", 0}, {"\\(x\\)", 0}, {"^\\^", 0}, {"\\\\", 0},
    {"a\\{2\\}", 0}, {"^\\*\\+\\?$", 0},
    /* pslc's escapes, in the host's spelling */
    {"^\\d+$", "^[[:digit:]]+$"}, {"^\\D*$", "^[^[:digit:]]*$"}, {"\\w", "[[:alnum:]_]"},
    {"^\\W$", "^[^[:alnum:]_]$"}, {"\\s", "[[:space:]]"}, {"^\\S+$", "^[^[:space:]]+$"},
    {"^[\\d_]+$", "^[[:digit:]_]+$"}, {"[\\s,]", "[[:space:],]"}, {"^[^\\w]$", "^[^[:alnum:]_]$"},
    {"^\\d{2}-\\d{2}$", "^[[:digit:]]{2}-[[:digit:]]{2}$"},
};

TEST(regex_posix_classes) {
    /* each class alone and negated, on every byte */
    static const char *const names[] = {"alpha", "digit", "alnum", "upper", "lower", "space",
                                        "blank", "punct", "print", "graph", "cntrl", "xdigit"};
    struct stats st = {0};
    char why[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (int neg = 0; neg < 2; neg++) {
            char p[40];
            snprintf(p, sizeof p, "^[%s[:%s:]]$", neg ? "^" : "", names[i]);
            CHECK_MSG(compare(p, p, &st, why, sizeof why), "%s", why);
        }
    CHECK_EQ(st.patterns, 24);
}

TEST(regex_vs_host_picked) {
    struct stats st = {0};
    char why[512];
    for (size_t i = 0; i < sizeof picked / sizeof picked[0]; i++)
        CHECK_MSG(compare(picked[i][0], picked[i][1] ? picked[i][1] : picked[i][0], &st, why, sizeof why),
                  "%s", why);
    CHECK_EQ(st.too_large, 0);
    CHECK_EQ(st.patterns, sizeof picked / sizeof picked[0]);
}

/* ---- generated patterns: written in both spellings at once ---- */

struct gen {
    char ps[256], px[512];
    size_t np, nx;
};

static void put2(struct gen *g, const char *ps, const char *px) {
    size_t a = strlen(ps), b = strlen(px);
    if (g->np + a < sizeof g->ps && g->nx + b < sizeof g->px) {
        memcpy(g->ps + g->np, ps, a + 1);
        memcpy(g->px + g->nx, px, b + 1);
        g->np += a;
        g->nx += b;
    }
}
static void put1(struct gen *g, const char *s) { put2(g, s, s); }

static const char *pick(const char *const *v, size_t n) { return v[rnd((uint32_t)n)]; }
#define PICK(v) pick(v, sizeof v / sizeof v[0])

static void gen_bracket(struct gen *g) {
    static const char *const chars[] = {"a", "b", "c", "x", "0", "9", "_", ".", "*", "+", "?", "(", ")",
                                        "{", "}", "|", "$", " ", ",", "!", "Z"};
    static const char *const ranges[] = {"a-c", "0-5", "x-z", "A-Z", "!-/", "b-b"};
    static const char *const classes[] = {"[:alpha:]", "[:digit:]", "[:alnum:]", "[:upper:]", "[:lower:]",
                                          "[:space:]", "[:blank:]", "[:punct:]", "[:print:]", "[:graph:]",
                                          "[:cntrl:]", "[:xdigit:]"};
    static const char *const escapes[][2] = {{"\\d", "[:digit:]"}, {"\\s", "[:space:]"},
                                             {"\\w", "[:alnum:]_"}};
    put1(g, rnd(10) < 3 ? "[^" : "[");
    if (rnd(10) == 0)
        put1(g, "]");
    for (uint32_t i = 0, n = 1 + rnd(3); i < n; i++) {
        uint32_t k = rnd(10);
        if (k < 4)
            put1(g, PICK(chars));
        else if (k < 6)
            put1(g, PICK(ranges));
        else if (k < 9)
            put1(g, PICK(classes));
        else {
            const char *const *e = escapes[rnd(3)];
            put2(g, e[0], e[1]);
        }
    }
    if (rnd(10) == 0)
        put1(g, "-");
    put1(g, "]");
}

static void gen_alt(struct gen *g, int depth);

static void gen_atom(struct gen *g, int depth) {
    static const char *const lits[] = {"a", "b", "c", "a", "b", "x", "0", "1", "9", "_", "-", " ", ",", "Z"};
    static const char *const punct[] = {"\\.", "\\*", "\\+", "\\?", "\\(", "\\)", "\\[", "\\]", "\\{",
                                        "\\}", "\\|", "\\^", "\\$", "\\\\"};
    static const char *const escapes[][2] = {
        {"\\d", "[[:digit:]]"}, {"\\D", "[^[:digit:]]"}, {"\\w", "[[:alnum:]_]"},
        {"\\W", "[^[:alnum:]_]"}, {"\\s", "[[:space:]]"}, {"\\S", "[^[:space:]]"}};
    uint32_t k = rnd(20);
    if (k < 8)
        put1(g, PICK(lits));
    else if (k < 9)
        put1(g, PICK(punct));
    else if (k < 11)
        put1(g, ".");
    else if (k < 15)
        gen_bracket(g);
    else if (k < 17 || depth == 0) {
        const char *const *e = escapes[rnd(6)];
        put2(g, e[0], e[1]);
    } else {
        put1(g, "(");
        gen_alt(g, depth - 1);
        put1(g, ")");
    }
}

static void gen_rep(struct gen *g, int depth) {
    gen_atom(g, depth);
    uint32_t k = rnd(20);
    char q[16];
    uint32_t m = rnd(4);
    switch (k) {
    case 0: case 1: put1(g, "*"); break;
    case 2: case 3: put1(g, "+"); break;
    case 4: case 5: put1(g, "?"); break;
    case 6: snprintf(q, sizeof q, "{%u}", m); put1(g, q); break;
    case 7: snprintf(q, sizeof q, "{%u,}", m); put1(g, q); break;
    case 8: snprintf(q, sizeof q, "{%u,%u}", m, m + rnd(3)); put1(g, q); break;
    default: break;
    }
}

static void gen_cat(struct gen *g, int depth) {
    for (uint32_t i = 0, n = 1 + rnd(3); i < n; i++)
        gen_rep(g, depth);
}

static void gen_alt(struct gen *g, int depth) {
    for (uint32_t i = 0, n = rnd(4) ? 1 : 2; i < n; i++) {
        if (i)
            put1(g, "|");
        gen_cat(g, depth);
    }
}

static void gen_top(struct gen *g) {   /* anchors only where pslc allows them: around top-level branches */
    g->np = g->nx = 0;
    g->ps[0] = g->px[0] = 0;
    for (uint32_t i = 0, n = rnd(5) ? 1 : 2; i < n; i++) {
        if (i)
            put1(g, "|");
        if (rnd(2))
            put1(g, "^");
        gen_cat(g, 2);
        if (rnd(2))
            put1(g, "$");
    }
}

TEST(regex_vs_host_generated) {
    struct stats st = {0};
    char why[1024];
    struct gen g;
    for (int i = 0; i < 400; i++) {
        gen_top(&g);
        CHECK_MSG(compare(g.ps, g.px, &st, why, sizeof why), "pattern %d: %s", i, why);
    }
    printf("# regex_vs_host_generated: %u patterns, %u texts (%u matched), %u over the DFA limit\n",
           st.patterns, st.texts, st.matched, st.too_large);
    /* the cases must exercise both answers, and few patterns may fall to the size limit */
    CHECK(st.too_large * 20 <= 400);
    CHECK(st.matched * 5 >= st.texts && (st.texts - st.matched) * 5 >= st.texts);
}

/* ---- what pslc rejects, and why ---- */

TEST(regex_rejects) {
    static const char *const bad[][2] = {
        {"[[:digits:]]", "unknown character class '[:digits:]' at offset 1"},
        {"[[:DIGIT:]]", "unknown character class '[:DIGIT:]'"},
        {"[[::]]", "unknown character class '[::]'"},
        {"[[:alpha]", "'[:' without its ':]'"},
        {"[[.a.]]", "collating elements"},
        {"[[=a=]]", "collating elements"},
        {"[[:digit:]-z]", "a character class cannot start a range"},
        {"[a-[:digit:]]", "a character class cannot end a range"},
        {"[\\d-z]", "a character class cannot start a range"},
        {"[a-\\w]", "a character class cannot end a range"},
        {"[z-a]", "reversed range"},
        {"[\\q]", "unknown escape '\\q'"},
        {"\\q", "unknown escape '\\q'"},
        {"[[:alpha:]", "missing ']'"},
        {"[a", "missing ']'"},
        {"a{2,1}", "malformed {m,n} repetition"},
        {"a{101}", "repetition count above 100"},
    };
    struct ksm_regex re;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned before = diag_count();
        bool ok = pslc_compile(bad[i][0], &re);
        const char *d = diag_text();
        CHECK_MSG(!ok && diag_count() == before + 1, "pslc accepts \"%s\"", bad[i][0]);
        CHECK_MSG(strstr(d, bad[i][1]) != NULL, "\"%s\": expected '%s', got: %s", bad[i][0], bad[i][1], d);
        pslc_release();
    }
}

/* Escapes inside brackets (pslc's extension) mean what they mean outside. */
TEST(regex_bracket_escapes) {
    static const char *const same[][2] = {
        {"^[\\]]$", "]"}, {"^[\\\\]$", "\\"}, {"^[\\-]$", "-"}, {"^[\\^]$", "^"}, {"^[\\[]$", "["},
        {"^[\\n]$", "\n"}, {"^[\\t]$", "\t"}, {"^[+-\\]]$", "\\"}, {"^[\\--/]$", "."},
    };
    struct ksm_regex re;
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        CHECK_MSG(pslc_compile(same[i][0], &re), "pslc rejects \"%s\": %s", same[i][0], diag_text());
        CHECK_MSG(pslc_match(&re, same[i][1]), "\"%s\" does not match \"%s\"", same[i][0], same[i][1]);
        CHECK_MSG(!pslc_match(&re, "a"), "\"%s\" matches \"a\"", same[i][0]);
        pslc_release();
    }
    /* \D \W \S inside brackets add the complement: [\D] is every byte but the digits */
    CHECK(pslc_compile("^[\\D]$", &re));
    for (int b = 1; b < 256; b++) {
        char t[2] = {(char)b, 0};
        CHECK_MSG(pslc_match(&re, t) == !(b >= '0' && b <= '9'), "[\\D] on byte %d", b);
    }
    pslc_release();
}

int main(void) {
    RUN(regex_posix_classes);
    RUN(regex_vs_host_picked);
    RUN(regex_vs_host_generated);
    RUN(regex_rejects);
    RUN(regex_bracket_escapes);
    return check_summary();
}
