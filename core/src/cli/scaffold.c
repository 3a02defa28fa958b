/* cli/scaffold.c — `regcoord new-plugin NAME --kind dimension|reporter|analysis [--dir DIR]`: writes a
 * plugin project that builds out of tree against an installed regcoord (CMakeLists.txt,
 * NAME.c with every callback explained, a Check test, README.md, example.yaml). The files
 * are fixed templates with NAME filled in, so the output is the same on every run. */
#include "cli/sdk_commands.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "pipeline/output.h"
#include "util/str.h"

/* ------------------------------------------------------------------- templates ---- */
/* @NAME@ is replaced by the plugin name, @KIND@ by "dimension", "reporter" or "analysis". */

static const char t_cmake[] =
    "# @NAME@ — a regcoord @KIND@ plugin, built out of tree against an installed regcoord.\n"
    "#   cmake -S . -B build -DCMAKE_PREFIX_PATH=<regcoord prefix> && cmake --build build\n"
    "cmake_minimum_required(VERSION 3.20)\n"
    "project(@NAME@ VERSION 0.1.0 LANGUAGES C)\n"
    "set(CMAKE_C_STANDARD 11)\n"
    "set(CMAKE_C_STANDARD_REQUIRED ON)\n"
    "\n"
    "# regcoord::sdk (the header) and regcoord_add_plugin().\n"
    "find_package(regcoord REQUIRED)\n"
    "\n"
    "# @NAME@.so: hidden visibility, only regcoord_plugin_entry exported, no undefined\n"
    "# symbols; `cmake --install build` puts it into the installed regcoord's plugin folder.\n"
    "regcoord_add_plugin(@NAME@ SOURCES @NAME@.c INSTALL)\n"
    "\n"
    "# The Check test loads the built plugin and checks its descriptor (skipped without Check).\n"
    "find_package(PkgConfig)\n"
    "if(PKG_CONFIG_FOUND)\n"
    "  pkg_check_modules(CHECK IMPORTED_TARGET check)\n"
    "endif()\n"
    "if(CHECK_FOUND)\n"
    "  enable_testing()\n"
    "  add_executable(test_@NAME@ test_@NAME@.c)\n"
    "  target_link_libraries(test_@NAME@ PRIVATE regcoord::sdk PkgConfig::CHECK ${CMAKE_DL_LIBS})\n"
    "  target_compile_definitions(test_@NAME@ PRIVATE PLUGIN_FILE=\"$<TARGET_FILE:@NAME@>\")\n"
    "  add_dependencies(test_@NAME@ @NAME@)\n"
    "  add_test(NAME test_@NAME@ COMMAND test_@NAME@)\n"
    "endif()\n";

static const char t_dim_source[] =
    "/* @NAME@.c — the \"@NAME@\" dimension plugin for regcoord: adds the data series listed\n"
    " * under `inputs:` as indicators (more is better) next to any indicators the dimension\n"
    " * configures in YAML, and scores the dimension with its configured methods.\n"
    " * Written by `regcoord new-plugin`; the SDK contract is in <regcoord/plugin.h>. */\n"
    "#include <regcoord/plugin.h>\n"
    "\n"
    "#include <stdio.h>\n"
    "#include <stdlib.h>\n"
    "\n"
    "/* The keys this plugin accepts in its dimension's section of the config, next to the\n"
    " * core's keys (indicators, normalize, weights, ...). The host refuses unknown keys and\n"
    " * wrong types before any callback runs, and documents the plugin from this table. */\n"
    "static const rc_config_key k_keys[] = {\n"
    "    {\"inputs\", RC_CFG_LIST, 0, NULL,\n"
    "     \"Names of data series to add as indicators where more is better.\"},\n"
    "};\n"
    "static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);\n"
    "\n"
    "/* What the plugin keeps between init() and fini(): it owns this memory. */\n"
    "typedef struct k_state {\n"
    "    size_t n_added; /* indicators added by score() */\n"
    "} k_state;\n"
    "\n"

    "/* init: called once before score(). Sets *state to whatever the plugin wants back in\n"
    " * score() and fini(). Returns RC_OK, or an RC_E* code after host->set_error(); after a\n"
    " * failed init the host calls nothing else, not even fini(). Optional (may be NULL). */\n"
    "static int32_t k_init(const rc_host *host, rc_ctx *ctx, void **state)\n"
    "{\n"
    "    k_state *s = calloc(1, sizeof *s);\n"
    "    if (!s) return rc_errorf(host, ctx, RC_ENOMEM, \"out of memory\");\n"
    "    *state = s;\n"
    "    return RC_OK;\n"
    "}\n"
    "\n"
    "/* score: called once per run for the dimension. Reads its config section through\n"
    " * host->config(), reads series (n_years x n_regions doubles, index t * n_regions + r, NaN\n"
    " * = missing; borrowed until the callback returns), adds indicators, and records scores\n"
    " * with host->score_default() (the configured methods) or host->set_scores() (its own\n"
    " * scores in [0, 1]). It must record scores before returning RC_OK. On any failure it\n"
    " * returns an RC_E* code with one sentence set through rc_errorf() (formatted in the\n"
    " * plugin, handed to host->set_error()). */\n"
    "static int32_t k_score(void *state, const rc_host *host, rc_ctx *ctx)\n"
    "{\n"
    "    k_state *s = state;\n"
    "    const rc_node *inputs = host->node_get(ctx, host->config(ctx), \"inputs\");\n"
    "    if (inputs && host->node_kind(ctx, inputs) != RC_NODE_LIST) {\n"
    "        return rc_errorf(host, ctx, RC_EINVAL, \"%s: inputs must be a list of series names\",\n"
    "                         host->node_where(ctx, inputs));\n"
    "    }\n"
    "    size_t n = inputs ? host->node_len(ctx, inputs) : 0;\n"
    "    for (size_t i = 0; i < n; i++) {\n"
    "        const rc_node *item = host->node_at(ctx, inputs, i);\n"
    "        const char *name = host->node_str(ctx, item);\n"
    "        if (!name || !name[0]) {\n"
    "            return rc_errorf(host, ctx, RC_EINVAL,\n"
    "                             \"%s: each entry of inputs must be a series name\",\n"
    "                             host->node_where(ctx, item));\n"
    "        }\n"
    "        const double *values = NULL;\n"
    "        if (host->series(ctx, name, &values) != RC_OK) {\n"
    "            return rc_errorf(host, ctx, RC_ENOTFOUND, \"%s: series '%s' is not in the data\",\n"
    "                             host->node_where(ctx, item), name);\n"
    "        }\n"
    "        /* The host copies the values; its error message is already set on failure. */\n"
    "        int32_t rc = host->add_indicator(ctx, name, RC_BENEFIT, values, NULL);\n"
    "        if (rc != RC_OK) return rc;\n"
    "        s->n_added++;\n"
    "    }\n"
    "    /* Normalise, weight and aggregate every indicator (YAML ones and those added above)\n"
    "     * with the dimension's configured methods; the host sets the error on failure. */\n"
    "    return host->score_default(ctx);\n"
    "}\n"
    "\n"
    "/* fini: called exactly once after the last callback when init() succeeded; frees the\n"
    " * state. It cannot fail. Optional (may be NULL). */\n"
    "static void k_fini(void *state)\n"
    "{\n"
    "    free(state);\n"
    "}\n"
    "\n"
    "/* The descriptor: static and const. RC_DESCRIPTOR_HEADER fills the ABI version and size. */\n"
    "static const rc_plugin_descriptor k_descriptor = {\n"
    "    RC_DESCRIPTOR_HEADER,\n"
    "    .kind = RC_KIND_DIMENSION,\n"
    "    .name = \"@NAME@\", /* must equal the file stem: @NAME@.so */\n"
    "    .version = \"0.1.0\",\n"
    "    .summary = \"The @NAME@ dimension: the series under inputs as indicators.\",\n"
    "    .key_table = &k_key_table,\n"
    "    .init = k_init,\n"
    "    .score = k_score,\n"
    "    .fini = k_fini,\n"
    "};\n"
    "\n"
    "/* Defines regcoord_plugin_entry(), the only exported symbol (regcoord_add_plugin()\n"
    " * hides everything else). */\n"
    "RC_PLUGIN_DEFINE(k_descriptor);\n";

static const char t_rep_source[] =
    "/* @NAME@.c — the \"@NAME@\" reporter plugin for regcoord: writes every result table to one\n"
    " * text file, a `# table` line followed by tab-separated rows, under a title line.\n"
    " * Written by `regcoord new-plugin`; the SDK contract is in <regcoord/plugin.h>. */\n"
    "#include <regcoord/plugin.h>\n"
    "\n"
    "#include <stdio.h>\n"
    "#include <string.h>\n"
    "\n"
    "/* The keys this plugin accepts in its report entry, next to the core's `plugin` and\n"
    " * `path`. The host refuses unknown keys and wrong types before any callback runs. */\n"
    "static const rc_config_key k_keys[] = {\n"
    "    {\"title\", RC_CFG_STRING, 0, \"regcoord report\", \"The first line of the file.\"},\n"
    "};\n"
    "static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);\n"
    "\n"
    "/* Writes a NUL-terminated string; the host sets the error when the write fails. */\n"
    "static int32_t k_put(const rc_host *host, rc_ctx *ctx, rc_output *out, const char *s)\n"
    "{\n"
    "    return host->output_write(ctx, out, s, strlen(s));\n"
    "}\n"
    "\n"
    "/* report: called once per run with the whole result set. Reads tables through the host\n"
    " * (borrowed until the callback returns), writes through output_begin / output_write /\n"
    " * output_end (a temporary file, moved into place only when the whole run succeeded), and\n"
    " * formats cells with host->cell_text() so numbers are byte-identical across runs.\n"
    " * Returns RC_OK, or an RC_E* code with the error set. No init or fini is needed, so this\n"
    " * plugin keeps no state. */\n"
    "static int32_t k_report(void *state, const rc_host *host, rc_ctx *ctx)\n"
    "{\n"
    "    (void)state;\n"
    "    const char *title = NULL; /* the configured title, or the key's declared default */\n"
    "    int32_t got = host->cfg_str(ctx, \"title\", &title);\n"
    "    if (got != RC_OK) return got; /* the host has set the error */\n"
    "    rc_output *out = host->output_begin(ctx, host->output_path(ctx));\n"
    "    if (!out) return RC_EIO; /* the host has set the error */\n"
    "    int32_t rc = k_put(host, ctx, out, title);\n"
    "    if (rc == RC_OK) rc = k_put(host, ctx, out, \"\\n\");\n"
    "    for (size_t i = 0; rc == RC_OK && i < host->n_tables(ctx); i++) {\n"
    "        const rc_table *tab = host->table_at(ctx, i);\n"
    "        size_t nc = host->table_ncols(ctx, tab), nr = host->table_nrows(ctx, tab);\n"
    "        rc = k_put(host, ctx, out, \"\\n# \");\n"
    "        if (rc == RC_OK) rc = k_put(host, ctx, out, host->table_name(ctx, tab));\n"
    "        for (size_t c = 0; rc == RC_OK && c < nc; c++) {\n"
    "            rc = k_put(host, ctx, out, c ? \"\\t\" : \"\\n\");\n"
    "            if (rc == RC_OK) rc = k_put(host, ctx, out, host->col_name(ctx, tab, c));\n"
    "        }\n"
    "        for (size_t r = 0; rc == RC_OK && r < nr; r++) {\n"
    "            for (size_t c = 0; rc == RC_OK && c < nc; c++) {\n"
    "                rc = k_put(host, ctx, out, c ? \"\\t\" : \"\\n\");\n"
    "                if (rc == RC_OK) rc = k_put(host, ctx, out, host->cell_text(ctx, tab, r, c));\n"
    "            }\n"
    "        }\n"
    "    }\n"
    "    if (rc == RC_OK) rc = k_put(host, ctx, out, \"\\n\");\n"
    "    if (rc == RC_OK) rc = host->output_end(ctx, out);\n"
    "    return rc;\n"
    "}\n"
    "\n"
    "/* The descriptor: static and const. RC_DESCRIPTOR_HEADER fills the ABI version and size. */\n"
    "static const rc_plugin_descriptor k_descriptor = {\n"
    "    RC_DESCRIPTOR_HEADER,\n"
    "    .kind = RC_KIND_REPORTER,\n"
    "    .name = \"@NAME@\", /* must equal the file stem: @NAME@.so */\n"
    "    .version = \"0.1.0\",\n"
    "    .summary = \"The @NAME@ report: every result table as tab-separated text.\",\n"
    "    .key_table = &k_key_table,\n"
    "    .report = k_report,\n"
    "};\n"
    "\n"
    "/* Defines regcoord_plugin_entry(), the only exported symbol (regcoord_add_plugin()\n"
    " * hides everything else). */\n"
    "RC_PLUGIN_DEFINE(k_descriptor);\n";

static const char t_test[] =
    "/* test_@NAME@.c — loads the built @NAME@.so the way regcoord does and checks its\n"
    " * descriptor: ABI, size, kind, name, version, callbacks and config keys. */\n"
    "#include <check.h>\n"
    "#include <dlfcn.h>\n"
    "#include <stdlib.h>\n"
    "#include <string.h>\n"
    "\n"
    "#include <regcoord/plugin.h>\n"
    "\n"
    "static const rc_plugin_descriptor *load(void **handle)\n"
    "{\n"
    "    *handle = dlopen(PLUGIN_FILE, RTLD_NOW | RTLD_LOCAL);\n"
    "    ck_assert_msg(*handle != NULL, \"dlopen failed: %s\", dlerror());\n"
    "    void *sym = dlsym(*handle, RC_PLUGIN_ENTRY_SYMBOL);\n"
    "    ck_assert_msg(sym != NULL, \"no regcoord_plugin_entry()\");\n"
    "    rc_plugin_entry_fn entry;\n"
    "    memcpy(&entry, &sym, sizeof entry);\n"
    "    return entry();\n"
    "}\n"
    "\n"
    "START_TEST(descriptor_matches_this_sdk_and_the_file_name)\n"
    "{\n"
    "    void *h;\n"
    "    const rc_plugin_descriptor *d = load(&h);\n"
    "    ck_assert_ptr_nonnull(d);\n"
    "    ck_assert_uint_eq(d->abi_major, RC_ABI_MAJOR);\n"
    "    ck_assert_uint_eq(d->abi_minor, RC_ABI_MINOR);\n"
    "    ck_assert_uint_eq(d->size, sizeof(rc_plugin_descriptor));\n"
    "    ck_assert_int_eq(d->kind, @KIND_CONST@);\n"
    "    ck_assert_str_eq(d->name, \"@NAME@\");\n"
    "    ck_assert_ptr_nonnull(d->version);\n"
    "    ck_assert_ptr_nonnull(d->summary);\n"
    "    dlclose(h);\n"
    "}\n"
    "END_TEST\n"
    "\n"
    "START_TEST(callbacks_fit_the_kind_and_config_keys_are_documented)\n"
    "{\n"
    "    void *h;\n"
    "    const rc_plugin_descriptor *d = load(&h);\n"
    "    ck_assert_ptr_nonnull(d->@CALLBACK@);\n"
    "    ck_assert_ptr_null(d->@OTHER_CALLBACK@);\n"
    "    const rc_config_key *keys = d->key_table ? d->key_table->keys : d->config_keys;\n"
    "    uint32_t n = d->key_table ? d->key_table->n_keys : d->n_config_keys;\n"
    "    if (d->key_table) ck_assert_uint_eq(d->key_table->key_size, sizeof(rc_config_key));\n"
    "    for (uint32_t i = 0; i < n; i++) {\n"
    "        ck_assert_ptr_nonnull(keys[i].key);\n"
    "        ck_assert_ptr_nonnull(keys[i].help);\n"
    "        ck_assert_int_ge(keys[i].type, RC_CFG_ANY);\n"
    "        ck_assert_int_le(keys[i].type, RC_CFG_ENUM);\n"
    "    }\n"
    "    dlclose(h);\n"
    "}\n"
    "END_TEST\n"
    "\n"
    "int main(void)\n"
    "{\n"
    "    Suite *s = suite_create(\"@NAME@\");\n"
    "    TCase *tc = tcase_create(\"descriptor\");\n"
    "    tcase_add_test(tc, descriptor_matches_this_sdk_and_the_file_name);\n"
    "    tcase_add_test(tc, callbacks_fit_the_kind_and_config_keys_are_documented);\n"
    "    suite_add_tcase(s, tc);\n"
    "    SRunner *sr = srunner_create(s);\n"
    "    srunner_run_all(sr, CK_NORMAL);\n"
    "    int failed = srunner_ntests_failed(sr);\n"
    "    srunner_free(sr);\n"
    "    return failed ? EXIT_FAILURE : EXIT_SUCCESS;\n"
    "}\n";

static const char t_readme[] =
    "# @NAME@ — a regcoord @KIND@ plugin\n"
    "\n"
    "Written by `regcoord new-plugin`. `@NAME@.c` holds the plugin, with each callback\n"
    "explained; `example.yaml` shows its config section; `test_@NAME@.c` checks the built\n"
    "plugin's descriptor.\n"
    "\n"
    "## Build with CMake\n"
    "\n"
    "```sh\n"
    "cmake -S . -B build -DCMAKE_PREFIX_PATH=/path/to/regcoord/prefix\n"
    "cmake --build build\n"
    "ctest --test-dir build            # the Check test (needs Check)\n"
    "regcoord plugin-check build/@NAME@.so\n"
    "cmake --install build             # into the installed regcoord's plugin folder\n"
    "```\n"
    "\n"
    "## Build with pkg-config\n"
    "\n"
    "```sh\n"
    "export PKG_CONFIG_PATH=/path/to/regcoord/prefix/lib/pkgconfig\n"
    "cc -std=c11 -fPIC $(pkg-config --cflags regcoord) -c @NAME@.c -o @NAME@.o\n"
    "cc -o @NAME@.so @NAME@.o $(pkg-config --variable=plugin_ldflags regcoord)\n"
    "```\n"
    "\n"
    "## Use it\n"
    "\n"
    "Add the section from `example.yaml` to an assessment and run it with the folder holding\n"
    "`@NAME@.so` on the plugin path:\n"
    "\n"
    "```sh\n"
    "regcoord run assessment.yaml --plugin-path \"$PWD/build\" -o out\n"
    "```\n"
    "\n"
    "The plugin contract (ownership, errors, ABI versions) is in `<regcoord/plugin.h>`.\n";

static const char t_dim_example[] =
    "# Example config section for the @NAME@ dimension plugin: put it under `dimensions:` of an\n"
    "# assessment. The dimension id is the plugin name, so `plugin:` can be left out. `inputs`\n"
    "# names data series (more is better); YAML `indicators:` may be given as well.\n"
    "dimensions:\n"
    "  @NAME@:\n"
    "    label: @NAME@\n"
    "    inputs: [series_a, series_b]\n";

static const char t_rep_example[] =
    "# Example config entry for the @NAME@ reporter plugin: put it under `reports:` of an\n"
    "# assessment; `path` is relative to the output folder.\n"
    "reports:\n"
    "  - plugin: @NAME@\n"
    "    path: @NAME@.txt\n"
    "    title: regcoord report\n";

static const char t_an_source[] =
    "/* @NAME@.c — the \"@NAME@\" analysis plugin for regcoord: for every year, how many regions\n"
    " * have an index, their mean (on the published scale) and how many reach `threshold`; one\n"
    " * row per year in the result table `@NAME@`, which every reporter writes.\n"
    " * Written by `regcoord new-plugin`; the SDK contract is in <regcoord/plugin.h>. */\n"
    "#include <regcoord/plugin.h>\n"
    "\n"
    "#include <math.h>\n"
    "#include <stddef.h>\n"
    "\n"
    "/* The keys this plugin accepts in its section, `analysis: {@NAME@: {...}}`. The host\n"
    " * refuses unknown keys, wrong types and enum values outside `choices` before any data is\n"
    " * read, applies the defaults in the cfg_* getters, and lists the keys in the JSON Schema. */\n"
    "static const rc_config_key k_keys[] = {\n"
    "    {\"threshold\", RC_CFG_NUMBER, 0, \"50\", \"Index value a region must reach to be counted.\"},\n"
    "    {\"compare\", RC_CFG_ENUM, 0, \"at_least\", \"at_least or above the threshold.\",\n"
    "     \"at_least|above\"},\n"
    "};\n"
    "static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);\n"
    "\n"
    "/* The tables this plugin may add (the host refuses any other), and the tables of other\n"
    " * analyses it reads (it runs after them; none here). NULL-terminated. */\n"
    "static const char *const k_provides[] = {\"@NAME@\", NULL};\n"
    "static const char *const k_needs[] = {NULL};\n"
    "\n"
    "/* analyse: called once per run after scoring, the built-in analyses and the uncertainty\n"
    " * analysis. Reads the run through the host (the panel, dimension scores, the index,\n"
    " * indicators and every table made so far: all borrowed until the callback returns) and\n"
    " * adds its tables with table_add / table_add_row / table_set_*. Returns RC_OK, or an RC_E*\n"
    " * code after rc_errorf() (or host->set_error()) with one sentence. */\n"
    "static int32_t k_analyse(void *state, const rc_host *host, rc_ctx *ctx)\n"
    "{\n"
    "    (void)state;\n"
    "    if (!RC_HOST_HAS(host, table_add))\n"
    "        return rc_errorf(host, ctx, RC_EINVAL, \"@NAME@ needs a host of ABI 1.1 or newer\");\n"
    "    double threshold = 0.0, scale = 1.0;\n"
    "    int32_t compare = 0, rc;\n"
    "    if ((rc = host->cfg_number(ctx, \"threshold\", &threshold)) != RC_OK ||\n"
    "        (rc = host->cfg_enum(ctx, \"compare\", &compare)) != RC_OK)\n"
    "        return rc; /* the host has set the error */\n"
    "    const double *index = NULL; /* n_years x n_regions, index t * n_regions + r, NaN = missing */\n"
    "    if ((rc = host->index_values(ctx, &index, &scale)) != RC_OK) return rc;\n"
    "\n"
    "    static const char *const cols[] = {\"year\", \"regions\", \"mean\", \"reaching\"};\n"
    "    static const int32_t types[] = {RC_COL_INT, RC_COL_INT, RC_COL_NUMBER, RC_COL_INT};\n"
    "    rc_table *t = host->table_add(ctx, \"@NAME@\", 4, cols, types);\n"
    "    if (!t) return RC_EFAIL;\n"
    "    host->table_set_info(ctx, t, \"@NAME@ by year\",\n"
    "                         \"Regions with an index, their mean index and how many reach the \"\n"
    "                         \"threshold, per year.\");\n"
    "    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx);\n"
    "    for (size_t y = 0; y < ny; y++) {\n"
    "        int64_t n = 0, reaching = 0;\n"
    "        double sum = 0.0;\n"
    "        for (size_t r = 0; r < nr; r++) {\n"
    "            double v = index[y * nr + r] * scale;\n"
    "            if (isnan(v)) continue;\n"
    "            n++;\n"
    "            sum += v;\n"
    "            reaching += compare == 0 ? v >= threshold : v > threshold;\n"
    "        }\n"
    "        int64_t row = host->table_add_row(ctx, t);\n"
    "        if (row < 0) return RC_ENOMEM;\n"
    "        size_t i = (size_t)row;\n"
    "        if ((rc = host->table_set_int(ctx, t, i, 0, host->year(ctx, y))) != RC_OK ||\n"
    "            (rc = host->table_set_int(ctx, t, i, 1, n)) != RC_OK ||\n"
    "            (rc = host->table_set_num(ctx, t, i, 2, n ? sum / (double)n : NAN)) != RC_OK ||\n"
    "            (rc = host->table_set_int(ctx, t, i, 3, reaching)) != RC_OK)\n"
    "            return rc;\n"
    "    }\n"
    "    return RC_OK;\n"
    "}\n"
    "\n"
    "/* The descriptor: static and const. RC_DESCRIPTOR_HEADER fills the ABI version and size. */\n"
    "static const rc_plugin_descriptor k_descriptor = {\n"
    "    RC_DESCRIPTOR_HEADER,\n"
    "    .kind = RC_KIND_ANALYSIS,\n"
    "    .name = \"@NAME@\", /* must equal the file stem: @NAME@.so */\n"
    "    .version = \"0.1.0\",\n"
    "    .summary = \"The @NAME@ analysis: regions per year reaching an index threshold.\",\n"
    "    .key_table = &k_key_table,\n"
    "    .analyse = k_analyse,\n"
    "    .needs = k_needs,\n"
    "    .provides = k_provides,\n"
    "};\n"
    "\n"
    "/* Defines regcoord_plugin_entry(), the only exported symbol. */\n"
    "RC_PLUGIN_DEFINE(k_descriptor);\n";

static const char t_an_example[] =
    "# Example config section for the @NAME@ analysis plugin: put it under `analysis:` of an\n"
    "# assessment (the key is the plugin name). Every key is optional; the host checks them.\n"
    "analysis:\n"
    "  @NAME@: {threshold: 50, compare: at_least}\n";

/* ---------------------------------------------------------------------- writing ---- */

typedef enum { K_DIMENSION, K_REPORTER, K_ANALYSIS } k_kind;

typedef struct subst {
    const char *name;
    k_kind kind;
} subst;

/* Writes `tmpl` to dir/file with the placeholders filled in; one-sentence error on failure. */
static int write_file(const char *dir, const char *file, const char *tmpl, const subst *s)
{
    rc_buf b;
    rc_buf_init(&b);
    for (const char *p = tmpl; *p;) {
        const char *at = strchr(p, '@');
        if (!at) {
            rc_buf_puts(&b, p);
            break;
        }
        rc_buf_append(&b, p, (size_t)(at - p));
        static const char *keys[] = {"@NAME@", "@KIND@", "@KIND_CONST@", "@CALLBACK@", "@OTHER_CALLBACK@"};
        static const char *const kinds[] = {"dimension", "reporter", "analysis"};
        static const char *const consts[] = {"RC_KIND_DIMENSION", "RC_KIND_REPORTER",
                                             "RC_KIND_ANALYSIS"};
        static const char *const cbs[] = {"score", "report", "analyse"};
        static const char *const others[] = {"report", "score", "score"};
        const char *vals[] = {s->name, kinds[s->kind], consts[s->kind], cbs[s->kind],
                              others[s->kind]};
        size_t k = 0;
        for (; k < sizeof keys / sizeof *keys; k++)
            if (!strncmp(at, keys[k], strlen(keys[k]))) break;
        if (k < sizeof keys / sizeof *keys) {
            rc_buf_puts(&b, vals[k]);
            p = at + strlen(keys[k]);
        } else {
            rc_buf_append(&b, "@", 1);
            p = at + 1;
        }
    }
    rc_buf path;
    rc_buf_init(&path);
    rc_buf_printf(&path, "%s/%s", dir, file);
    int rc = -1;
    FILE *f = b.failed || path.failed ? NULL : fopen(path.data, "w");
    if (!f) {
        fprintf(stderr, "regcoord: error: cannot write %s: %s\n", path.data ? path.data : file,
                strerror(errno ? errno : ENOMEM));
    } else {
        size_t ok = fwrite(b.data, 1, b.len, f) == b.len;
        if (fclose(f) != 0 || !ok)
            fprintf(stderr, "regcoord: error: cannot write %s: %s\n", path.data, strerror(errno));
        else rc = 0;
    }
    if (rc == 0) printf("  %s\n", file);
    rc_buf_free(&b);
    rc_buf_free(&path);
    return rc;
}

static int is_c_identifier(const char *s)
{
    static const char *reserved[] = {
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
        "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
        "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
        "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex",
        "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn",
        "_Static_assert", "_Thread_local"};
    if (!s[0] || strlen(s) > 64 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return 0;
    for (const char *c = s; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '_')) return 0;
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (!strcmp(s, reserved[i])) return 0;
    return 1;
}

/* 1 if the folder exists and holds anything; 0 if it is absent or empty; -1 if it is not a
 * folder. */
static int folder_state(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) return 0;
    if (!S_ISDIR(st.st_mode)) return -1;
    DIR *d = opendir(dir);
    if (!d) return 1;
    struct dirent *e;
    int any = 0;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) any = 1;
    closedir(d);
    return any;
}

static int scaffold_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "regcoord new-plugin: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see: regcoord new-plugin --help)\n");
    return RC_EXIT_USAGE;
}

int rc_cmd_new_plugin(int argc, char **argv)
{
    const char *name = NULL, *kind = NULL, *dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: regcoord new-plugin NAME --kind dimension|reporter|analysis [--dir DIR]\n\n"
                   "Writes a plugin project into DIR (default: ./NAME), which must not exist or be\n"
                   "empty: CMakeLists.txt (find_package(regcoord) + regcoord_add_plugin), NAME.c\n"
                   "with each callback explained, test_NAME.c (a Check test of the built plugin),\n"
                   "README.md and example.yaml (the plugin's config section). NAME must be a C\n"
                   "identifier; it is the plugin's name and its file stem (NAME.so).\n");
            return 0;
        }
        if (!strcmp(a, "--kind") || !strcmp(a, "--dir")) {
            if (i + 1 >= argc) return scaffold_usage("%s needs a value", a);
            if (!strcmp(a, "--kind")) kind = argv[++i];
            else dir = argv[++i];
        } else if (!strncmp(a, "--kind=", 7)) {
            kind = a + 7;
        } else if (!strncmp(a, "--dir=", 6)) {
            dir = a + 6;
        } else if (a[0] == '-' && a[1]) {
            return scaffold_usage("unknown option '%s'", a);
        } else if (!name) {
            name = a;
        } else {
            return scaffold_usage("unexpected argument '%s'", a);
        }
    }
    if (!name) return scaffold_usage("%s", "needs a plugin NAME");
    if (!is_c_identifier(name))
        return scaffold_usage("the name '%s' is not a C identifier (letters, digits and '_', not "
                              "starting with a digit, not a C keyword, at most 64 characters)", name);
    if (!kind) return scaffold_usage("%s", "needs --kind dimension, reporter or analysis");
    if (strcmp(kind, "dimension") && strcmp(kind, "reporter") && strcmp(kind, "analysis"))
        return scaffold_usage("--kind must be dimension, reporter or analysis, not '%s'", kind);
    if (!dir || !dir[0]) dir = name;
    int st = folder_state(dir);
    if (st < 0) {
        fprintf(stderr, "regcoord: error: '%s' exists and is not a folder; choose another --dir\n", dir);
        return RC_EXIT_USAGE;
    }
    if (st > 0) {
        fprintf(stderr, "regcoord: error: the folder '%s' exists and is not empty; choose another --dir\n", dir);
        return RC_EXIT_USAGE;
    }
    rc_error err;
    rc_error_clear(&err);
    if (rc_mkdirs(dir, &err) != 0) {
        fprintf(stderr, "regcoord: error: %s\n", err.msg);
        return RC_EXIT_OTHER;
    }
    subst s = {name, !strcmp(kind, "dimension") ? K_DIMENSION
                     : !strcmp(kind, "reporter") ? K_REPORTER : K_ANALYSIS};
    static const char *const sources[] = {t_dim_source, t_rep_source, t_an_source};
    static const char *const examples[] = {t_dim_example, t_rep_example, t_an_example};
    printf("regcoord: writing the %s plugin '%s' into %s:\n", kind, name, dir);
    char src[80], test[90];
    snprintf(src, sizeof src, "%s.c", name);
    snprintf(test, sizeof test, "test_%s.c", name);
    if (write_file(dir, "CMakeLists.txt", t_cmake, &s) != 0 ||
        write_file(dir, src, sources[s.kind], &s) != 0 ||
        write_file(dir, test, t_test, &s) != 0 || write_file(dir, "README.md", t_readme, &s) != 0 ||
        write_file(dir, "example.yaml", examples[s.kind], &s) != 0)
        return RC_EXIT_OTHER;
    printf("next: cmake -S %s -B %s/build -DCMAKE_PREFIX_PATH=<regcoord prefix> && "
           "cmake --build %s/build\n", dir, dir, dir);
    return 0;
}
