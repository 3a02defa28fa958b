/* tests/support/plugin_driver.c — temporary folder, file and dlopen helpers the reporter
 * suites share to drive a plugin through the mock host. See plugin_driver.h. */
#define _XOPEN_SOURCE 700 /* nftw(), mkdtemp(), popen() */
#include "plugin_driver.h"

#include <check.h>
#include <dlfcn.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void pd_tmpdir_create(const char *prefix)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/%s_XXXXXX", prefix);
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

void pd_tmpdir_remove(void)
{
    if (getenv("RC_KEEP_TEST_FILES")) return;
    chmod(tmpdir, 0700);
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *pd_tmpdir(void)
{
    return tmpdir;
}

char *pd_path_in_tmp(const char *rel)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, rel);
    return buf[k];
}

char *pd_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return buf;
}

void pd_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    fclose(f);
}

int pd_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int pd_count_entries(const char *dir) { return pd_count_entries_except(dir, NULL); }

int pd_count_entries_except(const char *dir, const char *grep_args)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "ls -A '%s' %s%s| wc -l", dir, grep_args ? "| grep -v " : "",
             grep_args ? grep_args : "");
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    int n = -1;
    if (fscanf(p, "%d", &n) != 1) n = -1;
    pclose(p);
    return n;
}

pd_plugin pd_open_reporter(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.so", REGCOORD_TEST_PLUGIN_DIR, name);
    pd_plugin p;
    /* NODELETE: a reporter's in-place commit and release callbacks (output_in_place) run
     * after the test has closed it, when it commits the mock host */
    p.so = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    ck_assert_msg(p.so != NULL, "dlopen %s: %s", path, dlerror());
    rc_plugin_entry_fn entry;
    *(void **)&entry = dlsym(p.so, RC_PLUGIN_ENTRY_SYMBOL);
    ck_assert_msg(entry != NULL, "no entry symbol in %s", path);
    p.d = entry();
    ck_assert_ptr_nonnull(p.d);
    ck_assert_int_eq(p.d->kind, RC_KIND_REPORTER);
    ck_assert_str_eq(p.d->name, name);
    return p;
}

pd_plugin pd_load_reporter(const char *name)
{
    pd_plugin p = pd_open_reporter(name);
    ck_assert_uint_eq(p.d->abi_major, RC_ABI_MAJOR);
    ck_assert_uint_le(p.d->abi_minor, RC_ABI_MINOR);
    ck_assert_uint_eq(p.d->size, sizeof(rc_plugin_descriptor));
    ck_assert_ptr_nonnull(p.d->report);
    return p;
}

int32_t pd_run_and_close(pd_plugin p, mock_host *m)
{
    const rc_host *h = mock_host_services(m);
    rc_ctx *ctx = mock_host_ctx(m);
    void *state = NULL;
    if (p.d->init) ck_assert_int_eq(p.d->init(h, ctx, &state), RC_OK);
    int32_t rc = p.d->report(state, h, ctx);
    if (p.d->fini) p.d->fini(state);
    ck_assert_int_eq(dlclose(p.so), 0);
    return rc;
}

int32_t pd_run_reporter(const char *name, mock_host *m)
{
    return pd_run_and_close(pd_load_reporter(name), m);
}

struct rc_table *pd_add_table(mock_host *m, const char *name, size_t ncols,
                              const char *const *cols, const int32_t *types)
{
    struct rc_table *t = rc_table_add(mock_host_results(m), name, ncols, cols, types);
    ck_assert_ptr_nonnull(t);
    return t;
}
