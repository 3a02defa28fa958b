/* test_loader.c — the plugin loader: every refusal with its exact sentence, the good
 * plugins accepted with their kind, name and version, and the search order (--plugin-path,
 * REGCOORD_PLUGIN_PATH, install folder, build tree). Test plugins are built by
 * tests/loader/CMakeLists.txt into LOADER_PLUGIN_DIR/<folder>; files that need odd modes
 * or types (symlinks, writable files and folders) are made at test time in a temp folder. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/loader.h"

#define GOOD_DIR LOADER_PLUGIN_DIR "/good"
#define BAD_DIR LOADER_PLUGIN_DIR "/bad"
#define DUP_A_DIR LOADER_PLUGIN_DIR "/dup_a"
#define DUP_B_DIR LOADER_PLUGIN_DIR "/dup_b"

/* ---- helpers -------------------------------------------------------------------------- */

static char *fmt(const char *f, const char *a, const char *b)
{
    static char buf[4][RC_ERROR_MSG_MAX];
    static int slot;
    char *out = buf[slot++ % 4];
    snprintf(out, RC_ERROR_MSG_MAX, f, a, b);
    return out;
}

static void make_temp_dir(char *out, size_t n)
{
    snprintf(out, n, "/tmp/rc_loader_test_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(out));
    ck_assert_int_eq(chmod(out, 0755), 0);
    char *real = realpath(out, NULL); /* the loader reports folders with symlinks resolved */
    ck_assert_ptr_nonnull(real);
    ck_assert_uint_lt(strlen(real), n);
    snprintf(out, n, "%s", real);
    free(real);
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
                char child[4096];
                snprintf(child, sizeof child, "%s/%s", path, e->d_name);
                remove_tree(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void copy_file(const char *from, const char *to, mode_t mode)
{
    int in = open(from, O_RDONLY);
    ck_assert_msg(in >= 0, "cannot open %s: %s", from, strerror(errno));
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_msg(out >= 0, "cannot create %s: %s", to, strerror(errno));
    char buf[65536];
    ssize_t got;
    while ((got = read(in, buf, sizeof buf)) > 0)
        ck_assert_int_eq(write(out, buf, (size_t)got), got);
    ck_assert_int_eq(got, 0);
    close(in);
    close(out);
    ck_assert_int_eq(chmod(to, mode), 0);
}

/* Opens path expecting refusal; checks the exact sentence. */
static void expect_refused(const char *path, const char *reason)
{
    rc_plugin p;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_plugin_open(path, &p, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_PLUGIN);
    ck_assert_str_eq(err.msg, reason);
    ck_assert_ptr_null(p.handle);
    ck_assert_ptr_null(p.name);
}

static rc_registry *scan(const char *const *dirs, size_t n, const char *exe)
{
    rc_registry *reg = NULL;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, n, exe, &err), 0);
    ck_assert_ptr_nonnull(reg);
    return reg;
}

static int search_path_has(const rc_registry *reg, const char *dir)
{
    char *c = realpath(dir, NULL);
    const char *want = c ? c : dir;
    int found = 0;
    for (size_t i = 0; i < reg->n_search; i++)
        if (strcmp(reg->search_path[i], want) == 0) found = 1;
    free(c);
    return found;
}

static void setup(void)
{
    unsetenv("REGCOORD_PLUGIN_PATH");
}

/* ---- the good plugins ------------------------------------------------------------------ */

START_TEST(test_good_dimension_is_accepted_with_its_kind_name_version_and_keys)
{
    rc_plugin p;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_plugin_open(GOOD_DIR "/good_dim.so", &p, &err) == 0, "%s", err.msg);
    ck_assert_str_eq(p.name, "good_dim");
    ck_assert_str_eq(p.path, GOOD_DIR "/good_dim.so");
    ck_assert_ptr_nonnull(p.handle);
    ck_assert_int_eq(p.desc->kind, RC_KIND_DIMENSION);
    ck_assert_str_eq(p.desc->name, "good_dim");
    ck_assert_str_eq(p.desc->version, "1.2.3");
    ck_assert_uint_eq(p.desc->n_config_keys, 2);
    ck_assert_str_eq(p.desc->config_keys[1].key, "label");
    ck_assert_ptr_nonnull(p.desc->score);
    rc_plugin_close(&p);
    ck_assert_ptr_null(p.handle);
    ck_assert_ptr_null(p.name);
    rc_plugin_close(&p); /* closing twice is harmless */
}
END_TEST

START_TEST(test_good_reporter_is_accepted_with_its_kind_name_and_version)
{
    rc_plugin p;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_plugin_open(GOOD_DIR "/good_rep.so", &p, &err) == 0, "%s", err.msg);
    ck_assert_str_eq(p.name, "good_rep");
    ck_assert_int_eq(p.desc->kind, RC_KIND_REPORTER);
    ck_assert_str_eq(p.desc->version, "0.4.0");
    ck_assert_uint_eq(p.desc->n_config_keys, 0);
    ck_assert_ptr_nonnull(p.desc->report);
    rc_plugin_close(&p);
}
END_TEST

START_TEST(test_relative_plugin_path_is_opened_against_the_current_folder)
{
    ck_assert_int_eq(chdir(LOADER_PLUGIN_DIR), 0);
    rc_plugin p;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_plugin_open("good/good_dim.so", &p, &err) == 0, "%s", err.msg);
    char *cwd = getcwd(NULL, 0);
    ck_assert_ptr_nonnull(cwd);
    ck_assert_str_eq(p.path, fmt("%s/good/good_dim.so", cwd, NULL));
    free(cwd);
    rc_plugin_close(&p);
}
END_TEST

START_TEST(test_scan_of_good_folder_accepts_both_sorted_by_name)
{
    const char *dirs[] = {GOOD_DIR};
    rc_registry *reg = scan(dirs, 1, NULL);
    ck_assert_uint_eq(reg->n, 2);
    ck_assert_uint_eq(reg->n_refused, 0);
    ck_assert_str_eq(reg->plugins[0].name, "good_dim");
    ck_assert_str_eq(reg->plugins[1].name, "good_rep");
    ck_assert_ptr_eq(rc_registry_find(reg, "good_rep"), &reg->plugins[1]);
    ck_assert_ptr_null(rc_registry_find(reg, "csv"));
    ck_assert_ptr_null(rc_registry_refusal(reg, "good_dim"));
    ck_assert_uint_eq(reg->n_search, 1);
    rc_registry_free(reg);
    rc_registry_free(NULL);
}
END_TEST

/* ---- ABI 1.1 and ABI 1.0 plugins side by side ---------------------------------------- */
#define COMPAT_DIR LOADER_PLUGIN_DIR "/compat"

START_TEST(test_abi_1_0_plugin_loads_and_its_keys_are_read_with_the_1_0_size)
{
    rc_plugin p;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_plugin_open(COMPAT_DIR "/abi10_dim.so", &p, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p.desc->abi_minor, 0);
    ck_assert_uint_eq(p.desc->size, 88);
    ck_assert_uint_eq(p.n_keys, 3);
    static const char *const names[] = {"threshold", "label", "level"};
    static const int32_t types[] = {RC_CFG_NUMBER, RC_CFG_STRING, RC_CFG_INT};
    size_t checked = 0;
    for (size_t i = 0; i < p.n_keys; i++, checked++) {
        ck_assert_str_eq(p.keys[i].key, names[i]);
        ck_assert_int_eq(p.keys[i].type, types[i]);
        ck_assert_ptr_null(p.keys[i].choices); /* not in a 1.0 key: zero, not the next key */
    }
    ck_assert_uint_eq(checked, 3);
    ck_assert_int_eq(p.keys[1].required, 1);
    ck_assert_str_eq(p.keys[2].default_value, "2");
    /* fields beyond a 1.0 descriptor read as absent */
    ck_assert_ptr_null(RC_DESC_FIELD(p.desc, key_table));
    ck_assert_ptr_null(RC_DESC_FIELD(p.desc, analyse));
    rc_plugin_close(&p);
}
END_TEST

START_TEST(test_analysis_plugin_is_accepted_with_its_key_table_needs_and_provides)
{
    rc_plugin p;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_plugin_open(COMPAT_DIR "/good_analysis.so", &p, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(p.desc->kind, RC_KIND_ANALYSIS);
    ck_assert_uint_eq(p.n_keys, 2);
    ck_assert_int_eq(p.keys[0].type, RC_CFG_ENUM);
    ck_assert_str_eq(p.keys[0].choices, "standard|wang2021");
    ck_assert_str_eq(p.keys[1].key, "top");
    ck_assert_str_eq(p.desc->needs[0], "coupling");
    ck_assert_ptr_null(p.desc->needs[1]);
    ck_assert_str_eq(p.desc->provides[1], "good_table_top");
    ck_assert_str_eq(rc_kind_name(p.desc->kind), "analysis");
    rc_plugin_close(&p);
}
END_TEST

/* ---- one refusal per purpose-built plugin ---------------------------------------------- */

/* The sentence for BAD_DIR/<stem>.so; %1$s is the file path (formatted twice for the
 * dlerror() case, whose text starts with the path). The descriptor of ABI 1.0 on LP64 is
 * 4 uint32 + int32 (16) + 4 pointers (32) + 2 uint32 (8) + 4 function pointers (32) = 88
 * bytes. */
#define ABI_STR2(x) #x
#define ABI_STR(x) ABI_STR2(x)
#define HOST_ABI ABI_STR(RC_ABI_MAJOR) "." ABI_STR(RC_ABI_MINOR) /* the ABI this host speaks */
static const struct {
    const char *stem;
    const char *reason;
} bad_cases[] = {
    {"abi_major2", "plugin '%s' refused: it was built for ABI 2.x, this regcoord speaks " HOST_ABI "."},
    {"abi_minor99", "plugin '%s' refused: it was built for ABI 1.99, newer than the ABI " HOST_ABI " "
                    "this regcoord speaks; upgrade regcoord or rebuild the plugin against "
                    "this SDK."},
    {"analysis_bad_table", "plugin '%s' refused: its provides list holds 'my table', which is "
                           "not a table name (letters, digits and '_', not starting with a "
                           "digit)."},
    {"analysis_no_callback", "plugin '%s' refused: it is an analysis plugin but has no analyse "
                             "callback."},
    {"analysis_no_provides", "plugin '%s' refused: it is an analysis plugin but provides no "
                             "table."},
    {"bad_key_type", "plugin '%s' refused: its config key 'alpha' has unknown type 9."},
    {"bad_required", "plugin '%s' refused: its config key 'alpha' has required = 2, which "
                     "must be 0 or 1."},
    {"duplicate_key", "plugin '%s' refused: it declares the config key 'alpha' twice."},
    {"empty_name", "plugin '%s' refused: it declares no name."},
    {"enum_bad_default", "plugin '%s' refused: the default 'wang' of its enum config key 'form' "
                         "is not one of standard|wang2021."},
    {"enum_no_choices", "plugin '%s' refused: its enum config key 'form' lists no choices."},
    {"kind7", "plugin '%s' refused: it declares unknown kind 7 (1 is a dimension, 2 a "
              "reporter, 3 an analysis from ABI 1.1)."},
    {"name_mismatch", "plugin '%s' refused: it declares the name 'other_name', which differs "
                      "from its file stem 'name_mismatch'."},
    {"no_entry", "plugin '%s' refused: it does not export the entry function "
                 "regcoord_plugin_entry()."},
    {"no_key_table", "plugin '%s' refused: it declares 2 config keys but no key table."},
    {"no_name", "plugin '%s' refused: it declares no name."},
    {"no_report", "plugin '%s' refused: it is a reporter plugin but has no report callback."},
    {"no_score", "plugin '%s' refused: it is a dimension plugin but has no score callback."},
    {"no_version", "plugin '%s' refused: it declares no version."},
    {"null_entry", "plugin '%s' refused: its entry function returned no descriptor."},
    {"null_key", "plugin '%s' refused: its config key 2 has no name."},
    {"small_descriptor", "plugin '%s' refused: its descriptor is 16 bytes, smaller than the 88 "
                         "bytes of an ABI 1.0 descriptor."},
    {"undefined_symbol", "plugin '%s' refused: it cannot be loaded: %s: undefined symbol: "
                         "rc_loader_test_missing_function."},
};
#define N_BAD_CASES (sizeof bad_cases / sizeof bad_cases[0])

_Static_assert(sizeof(void *) != 8 || offsetof(rc_plugin_descriptor, key_table) == 88,
               "the hand-computed ABI 1.0 descriptor size assumes LP64");

static const char *bad_path(size_t i)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s.so", BAD_DIR, bad_cases[i].stem);
    return path;
}

START_TEST(test_each_bad_plugin_is_refused_with_its_sentence)
{
    const char *path = bad_path((size_t)_i);
    expect_refused(path, fmt(bad_cases[_i].reason, path, path));
}
END_TEST

START_TEST(test_scan_of_bad_folder_records_every_refusal_and_accepts_nothing)
{
    const char *dirs[] = {BAD_DIR};
    rc_registry *reg = scan(dirs, 1, NULL);
    ck_assert_uint_eq(reg->n, 0);
    ck_assert_uint_eq(reg->n_refused, N_BAD_CASES);
    for (size_t i = 0; i < N_BAD_CASES; i++) {
        /* file names are scanned in sorted order, and bad_cases is sorted by stem */
        const char *path = bad_path(i);
        ck_assert_str_eq(reg->refused[i].path, path);
        ck_assert_str_eq(reg->refused[i].name, bad_cases[i].stem);
        const rc_refusal *r = rc_registry_refusal(reg, bad_cases[i].stem);
        ck_assert_ptr_eq(r, &reg->refused[i]);
        ck_assert_str_eq(r->reason, fmt(bad_cases[i].reason, path, path));
    }
    rc_registry_free(reg);
}
END_TEST

/* ---- file checks made at test time ----------------------------------------------------- */

START_TEST(test_missing_file_is_refused)
{
    expect_refused(GOOD_DIR "/not_there.so",
                   "plugin '" GOOD_DIR "/not_there.so' refused: the file does not exist.");
}
END_TEST

START_TEST(test_symbolic_link_to_a_good_plugin_is_refused)
{
    char dir[256], link[512];
    make_temp_dir(dir, sizeof dir);
    snprintf(link, sizeof link, "%s/good_dim.so", dir);
    ck_assert_int_eq(symlink(GOOD_DIR "/good_dim.so", link), 0);
    expect_refused(link, fmt("plugin '%s' refused: it is a symbolic link, and only regular "
                             "files are loaded.", link, NULL));
    const char *dirs[] = {dir};
    rc_registry *reg = scan(dirs, 1, NULL);
    ck_assert_uint_eq(reg->n, 0);
    ck_assert_uint_eq(reg->n_refused, 1);
    ck_assert_str_eq(rc_registry_refusal(reg, "good_dim")->path, link);
    rc_registry_free(reg);
    remove_tree(dir);
}
END_TEST

START_TEST(test_directory_named_like_a_plugin_is_refused)
{
    char dir[256], sub[512];
    make_temp_dir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/folder.so", dir);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    expect_refused(sub, fmt("plugin '%s' refused: it is a directory, and only regular files "
                            "are loaded.", sub, NULL));
    remove_tree(dir);
}
END_TEST

START_TEST(test_fifo_named_like_a_plugin_is_refused)
{
    char dir[256], fifo[512];
    make_temp_dir(dir, sizeof dir);
    snprintf(fifo, sizeof fifo, "%s/pipe.so", dir);
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    expect_refused(fifo, fmt("plugin '%s' refused: it is not a regular file, and only "
                             "regular files are loaded.", fifo, NULL));
    remove_tree(dir);
}
END_TEST

static const struct {
    mode_t mode;
    const char *what;
} writable_modes[] = {
    {0775, "group-writable (mode 0775)"},
    {0757, "world-writable (mode 0757)"},
    {0777, "group- and world-writable (mode 0777)"},
};

START_TEST(test_writable_plugin_file_is_refused)
{
    char dir[256], file[512], want[2048];
    make_temp_dir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/good_dim.so", dir);
    copy_file(GOOD_DIR "/good_dim.so", file, writable_modes[_i].mode);
    snprintf(want, sizeof want, "plugin '%s' refused: the file is %s; run chmod go-w on it.",
             file, writable_modes[_i].what);
    expect_refused(file, want);
    /* the same copy with mode 0755 is accepted, so the mode alone decided */
    ck_assert_int_eq(chmod(file, 0755), 0);
    rc_plugin p;
    rc_error err;
    ck_assert_int_eq(rc_plugin_open(file, &p, &err), 0);
    rc_plugin_close(&p);
    remove_tree(dir);
}
END_TEST

START_TEST(test_plugin_in_writable_folder_is_refused)
{
    char dir[256], file[512], want[2048];
    make_temp_dir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/good_dim.so", dir);
    copy_file(GOOD_DIR "/good_dim.so", file, 0755);
    ck_assert_int_eq(chmod(dir, writable_modes[_i].mode), 0);
    snprintf(want, sizeof want,
             "plugin '%s' refused: its folder '%s' is %s; run chmod go-w on the folder.",
             file, dir, writable_modes[_i].what);
    expect_refused(file, want);
    const char *dirs[] = {dir};
    rc_registry *reg = scan(dirs, 1, NULL);
    ck_assert_uint_eq(reg->n, 0);
    ck_assert_str_eq(rc_registry_refusal(reg, "good_dim")->reason, want);
    rc_registry_free(reg);
    remove_tree(dir);
}
END_TEST

/* ---- search path ----------------------------------------------------------------------- */

START_TEST(test_plugin_path_shadows_environment_and_later_duplicate_is_refused)
{
    setenv("REGCOORD_PLUGIN_PATH", DUP_A_DIR, 1);
    const char *dirs[] = {DUP_B_DIR};
    rc_registry *reg = scan(dirs, 1, NULL);
    ck_assert_uint_eq(reg->n, 1);
    const rc_plugin *p = rc_registry_find(reg, "dupe");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->desc->version, "1.0.0-b");
    ck_assert_str_eq(p->path, DUP_B_DIR "/dupe.so");
    ck_assert_uint_eq(reg->n_refused, 1);
    ck_assert_str_eq(reg->refused[0].path, DUP_A_DIR "/dupe.so");
    ck_assert_str_eq(reg->refused[0].reason,
                     "plugin '" DUP_A_DIR "/dupe.so' refused: duplicate plugin name 'dupe': "
                     "already loaded from " DUP_B_DIR "/dupe.so.");
    ck_assert_uint_eq(reg->n_search, 2);
    ck_assert_str_eq(reg->search_path[0], DUP_B_DIR);
    ck_assert_str_eq(reg->search_path[1], DUP_A_DIR);
    rc_registry_free(reg);
}
END_TEST

START_TEST(test_environment_order_decides_between_duplicates_without_plugin_path)
{
    setenv("REGCOORD_PLUGIN_PATH", DUP_A_DIR ":" DUP_B_DIR, 1);
    rc_registry *reg = scan(NULL, 0, NULL);
    ck_assert_uint_eq(reg->n, 1);
    ck_assert_str_eq(rc_registry_find(reg, "dupe")->desc->version, "1.0.0-a");
    ck_assert_str_eq(rc_registry_refusal(reg, "dupe")->reason,
                     "plugin '" DUP_B_DIR "/dupe.so' refused: duplicate plugin name 'dupe': "
                     "already loaded from " DUP_A_DIR "/dupe.so.");
    rc_registry_free(reg);
}
END_TEST

START_TEST(test_environment_path_skips_empty_entries_and_repeats)
{
    setenv("REGCOORD_PLUGIN_PATH", ":" GOOD_DIR "::" DUP_A_DIR ":" GOOD_DIR ":", 1);
    const char *dirs[] = {GOOD_DIR};
    rc_registry *reg = scan(dirs, 1, NULL);
    ck_assert_uint_eq(reg->n_search, 2);
    ck_assert_str_eq(reg->search_path[0], GOOD_DIR);
    ck_assert_str_eq(reg->search_path[1], DUP_A_DIR);
    ck_assert_uint_eq(reg->n, 3); /* dupe, good_dim, good_rep: a repeated folder is no duplicate */
    ck_assert_uint_eq(reg->n_refused, 0);
    ck_assert_str_eq(reg->plugins[0].name, "dupe");
    ck_assert_str_eq(reg->plugins[1].name, "good_dim");
    ck_assert_str_eq(reg->plugins[2].name, "good_rep");
    rc_registry_free(reg);
}
END_TEST

START_TEST(test_relative_search_folders_are_refused_and_not_searched)
{
    ck_assert_int_eq(chdir(LOADER_PLUGIN_DIR), 0);
    setenv("REGCOORD_PLUGIN_PATH", "dup_a", 1);
    const char *dirs[] = {"good", GOOD_DIR "/../dup_b"};
    rc_registry *reg = scan(dirs, 2, NULL);
    ck_assert_uint_eq(reg->n_refused, 2);
    ck_assert_str_eq(reg->refused[0].path, "good");
    ck_assert_ptr_null(reg->refused[0].name);
    ck_assert_str_eq(reg->refused[0].reason,
                     "plugin search folder 'good' (from --plugin-path) refused: it is not an "
                     "absolute path, and only absolute folders are searched.");
    ck_assert_str_eq(reg->refused[1].reason,
                     "plugin search folder 'dup_a' (from REGCOORD_PLUGIN_PATH) refused: it is "
                     "not an absolute path, and only absolute folders are searched.");
    ck_assert_uint_eq(reg->n_search, 1);
    ck_assert_str_eq(reg->search_path[0], DUP_B_DIR); /* absolute with '..' is fine */
    ck_assert_uint_eq(reg->n, 1);
    ck_assert_str_eq(reg->plugins[0].desc->version, "1.0.0-b");
    rc_registry_free(reg);
}
END_TEST

START_TEST(test_missing_search_folder_is_recorded)
{
    setenv("REGCOORD_PLUGIN_PATH", LOADER_PLUGIN_DIR "/nowhere", 1);
    rc_registry *reg = scan(NULL, 0, NULL);
    ck_assert_uint_eq(reg->n, 0);
    ck_assert_uint_eq(reg->n_refused, 1);
    ck_assert_str_eq(reg->refused[0].reason,
                     "plugin search folder '" LOADER_PLUGIN_DIR "/nowhere' (from "
                     "REGCOORD_PLUGIN_PATH) refused: it does not exist.");
    rc_registry_free(reg);
}
END_TEST

START_TEST(test_install_folder_next_to_the_binary_is_searched_after_the_environment)
{
    char prefix[256], path[1024];
    make_temp_dir(prefix, sizeof prefix);
    snprintf(path, sizeof path, "%s/bin", prefix);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/bin/regcoord", prefix);
    copy_file(GOOD_DIR "/good_rep.so", path, 0755); /* any file stands in for the binary */
    /* <prefix>/REGCOORD_PLUGIN_RELDIR, made one level at a time with mode 0755 */
    char plugdir[768];
    snprintf(plugdir, sizeof plugdir, "%s/%s", prefix, REGCOORD_PLUGIN_RELDIR);
    for (char *s = plugdir + strlen(prefix) + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        mkdir(plugdir, 0755);
        *s = '/';
    }
    ck_assert_int_eq(mkdir(plugdir, 0755), 0);
    snprintf(path, sizeof path, "%s/dupe.so", plugdir);
    copy_file(DUP_A_DIR "/dupe.so", path, 0755);

    setenv("REGCOORD_PLUGIN_PATH", DUP_B_DIR, 1);
    char exe[512];
    snprintf(exe, sizeof exe, "%s/bin/regcoord", prefix);
    rc_registry *reg = scan(NULL, 0, exe);
    ck_assert_uint_ge(reg->n_search, 2);
    ck_assert_str_eq(reg->search_path[0], DUP_B_DIR);
    ck_assert_str_eq(reg->search_path[1], plugdir);
    ck_assert_int_eq(search_path_has(reg, REGCOORD_BUILD_PLUGIN_DIR), 0);
    ck_assert_str_eq(rc_registry_find(reg, "dupe")->desc->version, "1.0.0-b");
    ck_assert_str_eq(rc_registry_refusal(reg, "dupe")->path, path);
    rc_registry_free(reg);

    /* without the environment the installed copy is the one loaded */
    unsetenv("REGCOORD_PLUGIN_PATH");
    reg = scan(NULL, 0, exe);
    ck_assert_str_eq(rc_registry_find(reg, "dupe")->desc->version, "1.0.0-a");
    ck_assert_str_eq(rc_registry_find(reg, "dupe")->path, path);
    rc_registry_free(reg);
    remove_tree(prefix);
}
END_TEST

START_TEST(test_build_tree_folder_is_searched_only_for_a_binary_in_the_build_tree)
{
    char exe[1024];
    snprintf(exe, sizeof exe, "%s/regcoord", REGCOORD_BUILD_BIN_DIR);
    rc_registry *reg = scan(NULL, 0, exe);
    ck_assert_int_eq(search_path_has(reg, REGCOORD_BUILD_PLUGIN_DIR), 1);
    /* searched last, after the install folder */
    char *want = realpath(REGCOORD_BUILD_PLUGIN_DIR, NULL);
    ck_assert_str_eq(reg->search_path[reg->n_search - 1], want ? want : REGCOORD_BUILD_PLUGIN_DIR);
    free(want);
    rc_registry_free(reg);

    /* a binary elsewhere (here: the test suite's own folder) does not get it */
    snprintf(exe, sizeof exe, "%s/good_dim.so", GOOD_DIR);
    reg = scan(NULL, 0, exe);
    ck_assert_int_eq(search_path_has(reg, REGCOORD_BUILD_PLUGIN_DIR), 0);
    ck_assert_uint_eq(reg->n_search, 1);
    rc_registry_free(reg);
}
END_TEST

/* ---- suite ----------------------------------------------------------------------------- */

static Suite *loader_suite(void)
{
    Suite *s = suite_create("loader");

    TCase *tc = tcase_create("accept");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_good_dimension_is_accepted_with_its_kind_name_version_and_keys);
    tcase_add_test(tc, test_good_reporter_is_accepted_with_its_kind_name_and_version);
    tcase_add_test(tc, test_abi_1_0_plugin_loads_and_its_keys_are_read_with_the_1_0_size);
    tcase_add_test(tc, test_analysis_plugin_is_accepted_with_its_key_table_needs_and_provides);
    tcase_add_test(tc, test_relative_plugin_path_is_opened_against_the_current_folder);
    tcase_add_test(tc, test_scan_of_good_folder_accepts_both_sorted_by_name);
    suite_add_tcase(s, tc);

    tc = tcase_create("refuse");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_loop_test(tc, test_each_bad_plugin_is_refused_with_its_sentence, 0,
                        (int)N_BAD_CASES);
    tcase_add_test(tc, test_scan_of_bad_folder_records_every_refusal_and_accepts_nothing);
    tcase_add_test(tc, test_missing_file_is_refused);
    tcase_add_test(tc, test_symbolic_link_to_a_good_plugin_is_refused);
    tcase_add_test(tc, test_directory_named_like_a_plugin_is_refused);
    tcase_add_test(tc, test_fifo_named_like_a_plugin_is_refused);
    tcase_add_loop_test(tc, test_writable_plugin_file_is_refused, 0, 3);
    tcase_add_loop_test(tc, test_plugin_in_writable_folder_is_refused, 0, 3);
    suite_add_tcase(s, tc);

    tc = tcase_create("search");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_plugin_path_shadows_environment_and_later_duplicate_is_refused);
    tcase_add_test(tc, test_environment_order_decides_between_duplicates_without_plugin_path);
    tcase_add_test(tc, test_environment_path_skips_empty_entries_and_repeats);
    tcase_add_test(tc, test_relative_search_folders_are_refused_and_not_searched);
    tcase_add_test(tc, test_missing_search_folder_is_recorded);
    tcase_add_test(tc, test_install_folder_next_to_the_binary_is_searched_after_the_environment);
    tcase_add_test(tc, test_build_tree_folder_is_searched_only_for_a_binary_in_the_build_tree);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(loader_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
