/* tests/faults/test_commit.c — the report set commits all or nothing (pipeline/output.c):
 * an output folder holding a previous set of files gets a new set of six (four replacing
 * old files, one new file in a new subfolder, one new file beside them); the k-th rename
 * is made to fail for every k, and the folder must then hold exactly the previous set with
 * no temporary file, backup or journal. The same with the process killed at the k-th
 * rename: the next holder of the folder's lock restores the previous set from the journal.
 * A stop signal during the renames waits for them to finish.
 * Also: the lock (a second holder is refused naming the pid), paths outside the folder,
 * symbolic-link folders, inputs, stale temporary files of dead runs. */
#define _XOPEN_SOURCE 700 /* nftw() */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pipeline/output.h"
#include "util/cancel.h"

static char g_dir[256];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void setup(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/rc_commit_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(g_dir));
}

static void teardown(void) { nftw(g_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

static void put(const char *rel, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", g_dir, rel);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* The file's text ("" when absent). */
static const char *get(const char *rel)
{
    static char buf[256];
    char p[512];
    snprintf(p, sizeof p, "%s/%s", g_dir, rel);
    buf[0] = '\0';
    FILE *f = fopen(p, "rb");
    if (!f) return "(absent)";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Everything in the folder, sorted, one "name" per line (hidden files included). */
static const char *listing(void)
{
    static char buf[4096];
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cd '%s' && find . | LC_ALL=C sort | tr '\\n' ' '", g_dir);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    buf[n] = '\0';
    pclose(p);
    return buf;
}

static const char *const FILES[] = {"a.json", "b.md", "c.html", "tables/x.csv", "new/n.txt",
                                    "fresh.txt"};
#define NFILES 6
#define PREVIOUS ". ./a.json ./b.md ./c.html ./tables ./tables/x.csv "

static void previous_set(void)
{
    put("a.json", "old a");
    put("b.md", "old b");
    put("c.html", "old c");
    char p[512];
    snprintf(p, sizeof p, "%s/tables", g_dir);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    put("tables/x.csv", "old x");
}

static void check_previous_set(const char *when)
{
    ck_assert_msg(strcmp(listing(), PREVIOUS) == 0, "%s: folder holds %s", when, listing());
    ck_assert_str_eq(get("a.json"), "old a");
    ck_assert_str_eq(get("b.md"), "old b");
    ck_assert_str_eq(get("c.html"), "old c");
    ck_assert_str_eq(get("tables/x.csv"), "old x");
}

/* Opens the folder and writes the new set; returns 0 or the commit's result. */
static int write_new_set(rc_error *err)
{
    rc_outputs o;
    memset(&o, 0, sizeof o);
    ck_assert_int_eq(rc_outputs_open(&o, g_dir, 0, NULL, err), 0);
    for (size_t i = 0; i < NFILES; i++) {
        char p[512], text[64];
        snprintf(p, sizeof p, "%s/%s", o.root, FILES[i]);
        struct rc_output *out = rc_outputs_begin(&o, p, err);
        ck_assert_msg(out != NULL, "%s", err->msg);
        snprintf(text, sizeof text, "new %zu", i);
        ck_assert_int_eq(rc_outputs_write(out, text, strlen(text), err), 0);
        ck_assert_int_eq(rc_outputs_end(out, err), 0);
    }
    int rc = rc_outputs_commit(&o, err);
    rc_outputs_free(&o);
    return rc;
}

START_TEST(a_failed_rename_at_any_point_leaves_exactly_the_previous_set)
{
    int checked = 0;
    for (int k = 1; k <= NFILES; k++) {
        previous_set();
        rc_error err;
        rc_error_clear(&err);
        rc_outputs_fail_rename_at = k;
        int rc = write_new_set(&err);
        rc_outputs_fail_rename_at = 0;
        ck_assert_int_ne(rc, 0);
        ck_assert_msg(strstr(err.msg, "cannot move") && strstr(err.msg, "previous reports were "
                      "restored"), "k=%d: %s", k, err.msg);
        char when[32];
        snprintf(when, sizeof when, "rename %d failed", k);
        check_previous_set(when);
        checked++;
        teardown();
        setup();
    }
    ck_assert_int_eq(checked, NFILES);
    /* and without a fault the new set is complete */
    previous_set();
    rc_error err;
    ck_assert_int_eq(write_new_set(&err), 0);
    for (size_t i = 0; i < NFILES; i++) {
        char want[32];
        snprintf(want, sizeof want, "new %zu", i);
        ck_assert_str_eq(get(FILES[i]), want);
    }
    ck_assert_str_eq(listing(), ". ./a.json ./b.md ./c.html ./fresh.txt ./new ./new/n.txt "
                                "./tables ./tables/x.csv ");
}
END_TEST

START_TEST(a_process_killed_at_any_rename_is_undone_by_the_next_holder_of_the_lock)
{
    int checked = 0;
    for (int k = 1; k <= NFILES; k++) {
        previous_set();
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            rc_error err;
            rc_outputs_fail_rename_at = -k;
            write_new_set(&err);
            _exit(0); /* not reached */
        }
        int status = 0;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_int_eq(WEXITSTATUS(status), 137);
        /* the killed run left a half-moved set; the next holder puts the previous one back */
        rc_outputs o;
        memset(&o, 0, sizeof o);
        rc_error err;
        FILE *log = fopen("/dev/null", "w");
        ck_assert_int_eq(rc_outputs_open(&o, g_dir, 0, log, &err), 0);
        fclose(log);
        rc_outputs_free(&o);
        char when[48];
        snprintf(when, sizeof when, "killed at rename %d", k);
        check_previous_set(when);
        checked++;
        teardown();
        setup();
    }
    ck_assert_int_eq(checked, NFILES);
}
END_TEST

/* A stop signal arriving while the set is being moved into place (simulated: pending
 * inside a hold, as the CLI's handler records it) lets the renames finish: the folder
 * holds the whole new set, then the process ends with 128 + the signal. */
START_TEST(a_stop_during_the_commit_waits_for_it)
{
    previous_set();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        rc_error err;
        rc_cancel_hold();
        rc_cancel_signal(SIGTERM); /* pending: the hold defers it */
        int rc = write_new_set(&err);
        rc_cancel_release("the new reports were already in place"); /* acts on it: _exit */
        _exit(rc == 0 ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_int_eq(WEXITSTATUS(status), 128 + SIGTERM);
    for (size_t i = 0; i < NFILES; i++) {
        char want[32];
        snprintf(want, sizeof want, "new %zu", i);
        ck_assert_str_eq(get(FILES[i]), want);
    }
    ck_assert_str_eq(listing(), ". ./a.json ./b.md ./c.html ./fresh.txt ./new ./new/n.txt "
                                "./tables ./tables/x.csv ");
}
END_TEST

START_TEST(a_second_holder_of_the_lock_is_refused_naming_the_first)
{
    rc_outputs a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    rc_error err;
    ck_assert_int_eq(rc_outputs_open(&a, g_dir, 0, NULL, &err), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) { /* another process: flock is per open file */
        int rc = rc_outputs_open(&b, g_dir, 0.2, NULL, &err);
        char want[128];
        snprintf(want, sizeof want, "in use by pid %ld", (long)getppid());
        _exit(rc != 0 && strstr(err.msg, want) ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    rc_outputs_free(&a);
    ck_assert_int_eq(rc_outputs_open(&b, g_dir, 0, NULL, &err), 0);
    rc_outputs_free(&b);
}
END_TEST

START_TEST(paths_outside_the_folder_through_links_or_onto_inputs_are_refused)
{
    rc_outputs o;
    memset(&o, 0, sizeof o);
    rc_error err;
    char out[300], p[600], other[300];
    snprintf(out, sizeof out, "%s/out", g_dir);
    snprintf(other, sizeof other, "%s/elsewhere", g_dir);
    ck_assert_int_eq(mkdir(other, 0755), 0);
    put("input.csv", "region,year\n");
    ck_assert_int_eq(rc_outputs_open(&o, out, 0, NULL, &err), 0);
    snprintf(p, sizeof p, "%s/link", o.root);
    ck_assert_int_eq(symlink(other, p), 0);
    const char *bad[] = {"../victim.txt", "a/../../x.json", "link/r.json", "link/sub/r.json"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", o.root, bad[i]);
        ck_assert_msg(rc_outputs_begin(&o, p, &err) == NULL, "%s was accepted", bad[i]);
    }
    snprintf(p, sizeof p, "%s/link/r.json", o.root);
    ck_assert_ptr_null(rc_outputs_begin(&o, p, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "symbolic link"));
    /* one file by two spellings */
    snprintf(p, sizeof p, "%s/r.json", o.root);
    ck_assert_ptr_nonnull(rc_outputs_begin(&o, p, &err));
    snprintf(p, sizeof p, "%s/sub/../r.json", o.root);
    ck_assert_ptr_null(rc_outputs_begin(&o, p, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "two reports write the same file"));
    /* an input */
    snprintf(p, sizeof p, "%s/input.csv", g_dir);
    char in[600];
    snprintf(in, sizeof in, "%s/in.csv", o.root);
    put("out/in.csv", "region,year\n");
    ck_assert_int_eq(rc_outputs_add_input(&o, in, &err), 0);
    ck_assert_ptr_null(rc_outputs_begin(&o, in, &err));
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "an input of this run"));
    rc_outputs_free(&o); /* not committed: r.json's temporary file goes */
    ck_assert_str_eq(get("out/in.csv"), "region,year\n");
    ck_assert_int_eq(system("test -z \"$(ls -A /tmp/rc_commit_*/elsewhere)\""), 0);
}
END_TEST

START_TEST(dead_runs_temporary_files_are_removed_by_the_next_holder)
{
    previous_set();
    /* a pid that is not running: a child that has exited */
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    waitpid(pid, NULL, 0);
    char name[128];
    snprintf(name, sizeof name, "tables/x.csv.tmp.%ld.AbCdEf", (long)pid);
    put(name, "half");
    snprintf(name, sizeof name, "a.json.tmp.%ld.GhIjKl", (long)pid);
    put(name, "half");
    /* a live process's file (ours, as if another run) and a user's file stay */
    snprintf(name, sizeof name, "b.md.tmp.%ld.MnOpQr", (long)getppid());
    put(name, "live");
    put("notes.tmp.txt", "mine");
    rc_error err;
    ck_assert_int_eq(write_new_set(&err), 0);
    const char *l = listing();
    ck_assert_msg(strstr(l, "AbCdEf") == NULL && strstr(l, "GhIjKl") == NULL, "%s", l);
    ck_assert_msg(strstr(l, "MnOpQr") != NULL && strstr(l, "notes.tmp.txt") != NULL, "%s", l);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("commit");
    TCase *tc = tcase_create("commit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_failed_rename_at_any_point_leaves_exactly_the_previous_set);
    tcase_add_test(tc, a_process_killed_at_any_rename_is_undone_by_the_next_holder_of_the_lock);
    tcase_add_test(tc, a_stop_during_the_commit_waits_for_it);
    tcase_add_test(tc, a_second_holder_of_the_lock_is_refused_naming_the_first);
    tcase_add_test(tc, paths_outside_the_folder_through_links_or_onto_inputs_are_refused);
    tcase_add_test(tc, dead_runs_temporary_files_are_removed_by_the_next_holder);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
