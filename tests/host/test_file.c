/* tools/common/file.c: file_read_all at the buffer's growth boundaries, the NUL after the text, the
 * size limit, and file_readable. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tools/common/file.h"

/* A temporary file holding n bytes of a repeating pattern, rewound. */
static FILE *with_bytes(size_t n)
{
    FILE *f = tmpfile();
    for (size_t i = 0; f && i < n; i++)
        fputc('a' + (int)(i % 26), f);
    if (f)
        rewind(f);
    return f;
}

static int read_back(size_t n)
{
    FILE *f = with_bytes(n);
    if (!f)
        return 0;
    size_t len = 12345;
    char *buf = file_read_all(f, SIZE_MAX, &len);
    fclose(f);
    int ok = buf && len == n && buf[n] == '\0';
    for (size_t i = 0; ok && i < n; i++)
        ok = buf[i] == 'a' + (int)(i % 26);
    free(buf);
    return ok;
}

TEST(file_read_all_sizes)
{
    static const size_t sizes[] = {0, 1, 4094, 4095, 4096, 4097, 8191, 8192, 100000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        CHECK_MSG(read_back(sizes[i]), "%zu bytes did not come back whole and NUL-terminated", sizes[i]);
}

TEST(file_read_all_limit)
{
    FILE *f = with_bytes(10000);
    CHECK(f);
    size_t len;
    errno = 0;
    char *buf = file_read_all(f, 9999, &len);
    CHECK(buf == NULL && errno == EFBIG);
    rewind(f);
    buf = file_read_all(f, 10000, &len);
    fclose(f);
    CHECK(buf && len == 10000);
    free(buf);
}

TEST(file_readable)
{
    CHECK(file_readable("tests/host/test_file.c"));
    CHECK(!file_readable("tests/host/no-such-file"));
}

int main(void)
{
    RUN(file_read_all_sizes);
    RUN(file_read_all_limit);
    RUN(file_readable);
    return check_summary();
}
