/* tests/data/support_files.c — scratch folders and files for the data tests. */
#define _GNU_SOURCE
#include "support_files.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *tf_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/rc-data-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    char *d = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(d);
    return strdup(d);
}

const char *tf_path(const char *dir, const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

void tf_write_bytes(const char *dir, const char *name, const char *bytes, size_t n)
{
    FILE *f = fopen(tf_path(dir, name), "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

void tf_write(const char *dir, const char *name, const char *text)
{
    tf_write_bytes(dir, name, text, strlen(text));
}

int tf_sh(const char *dir, const char *cmd)
{
    char buf[8192];
    snprintf(buf, sizeof buf, "cd '%s' && DIR='%s' && %s", dir, dir, cmd);
    return system(buf);
}

void tf_rmdir(char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(dir);
}
