/* cli/plugin_check.c — `regcoord plugin-check FILE.so`: the plugin conformance checks.
 * Every check that runs plugin code runs in a forked child process that reports its lines
 * through a pipe, so a crash or a hang fails that check by name instead of killing the
 * checker. Plugins are driven through the real host services over a synthetic panel and
 * a small result set built with the pipeline's own functions. */
#include "cli/sdk_commands.h"

#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "config/node.h"
#include "data/formula.h"
#include "pipeline/context.h"
#include "pipeline/internal.h"
#include "util/str.h"

/* ---------------------------------------------------------------- reporting lines ---- */

static int g_fd = -1;      /* the child's end of the result pipe */
static int g_failed = 0;   /* the child saw a FAIL */

static void line(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(int ok, const char *fmt, ...)
{
    char buf[4096];
    int n = snprintf(buf, sizeof buf, "%s", ok ? "ok   " : "FAIL ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
    va_end(ap);
    /* one line each: a plugin's message must not break the format */
    for (char *c = buf; *c; c++)
        if (*c == '\n' || *c == '\r') *c = ' ';
    strcat(buf, "\n");
    if (!ok) g_failed = 1;
    size_t len = strlen(buf), off = 0;
    while (off < len) {
        ssize_t w = write(g_fd, buf + off, len - off);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) continue;
            return;
        }
        off += (size_t)w;
    }
}

/* A protocol line for the parent (not printed): the plugin's kind. */
static void tell_kind(int32_t kind)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "#kind %d\n", (int)kind);
    if (write(g_fd, buf, (size_t)n) < 0) g_failed = 1;
}

/* ------------------------------------------------------------ descriptor checks ---- */

/* The checked plugin's config keys in this host's layout (rc_plugin_keys_copy), whichever
 * way it declared them; each child process loads them once. */
static rc_config_key *g_keys;
static size_t g_nkeys;

static int load_keys(const rc_plugin_descriptor *d, rc_error *err)
{
    free(g_keys);
    g_keys = NULL;
    g_nkeys = 0;
    return rc_plugin_keys_copy("plugin", d, &g_keys, &g_nkeys, err);
}

static const char *file_stem(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, size, "%s", base);
    char *dot = strrchr(buf, '.');
    if (dot && strcmp(dot, ".so") == 0) *dot = '\0';
    return buf;
}

static int one_line_text(const char *s)
{
    return s && s[0] && !strchr(s, '\n');
}

/* Does a default value's text convert to the key's type, as the config reader would? */
static int default_fits(const rc_config_key *k)
{
    if (!k->default_value || k->type == RC_CFG_ANY || k->type == RC_CFG_STRING) return 1;
    if (k->type == RC_CFG_ENUM) return rc_choice_index(k->choices, k->default_value) >= 0;
    rc_error err;
    rc_error_clear(&err);
    rc_node *n = rc_yaml_load_string(k->default_value, strlen(k->default_value), "default", &err);
    if (!n) return 0;
    double d;
    int64_t i;
    int b;
    int ok = 0;
    switch (k->type) {
    case RC_CFG_INT: ok = rc_node_as_int(n, &i) == 0; break;
    case RC_CFG_NUMBER: ok = rc_node_as_number(n, &d) == 0; break;
    case RC_CFG_BOOL: ok = rc_node_as_bool(n, &b) == 0; break;
    case RC_CFG_LIST: ok = n->kind == RC_NODE_LIST; break;
    case RC_CFG_MAP: ok = n->kind == RC_NODE_MAP; break;
    default: ok = 0;
    }
    rc_node_free(n);
    return ok;
}

static void check_config_keys(const rc_plugin_descriptor *d)
{
    rc_error err;
    rc_error_clear(&err);
    if (load_keys(d, &err) != 0) {
        const char *why = strstr(err.msg, "refused: ");
        line(0, "%s", why ? why + 9 : err.msg);
        return;
    }
    if (g_nkeys == 0) {
        line(1, "it declares no config keys.");
        return;
    }
    int all_ok = 1;
    for (size_t i = 0; i < g_nkeys; i++) {
        const rc_config_key *k = &g_keys[i];
        if (!k->key || !k->key[0]) {
            line(0, "its config key %zu has no name.", i + 1);
            all_ok = 0;
            continue;
        }
        int ident = isalpha((unsigned char)k->key[0]) || k->key[0] == '_';
        for (const char *c = k->key; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-') ident = 0;
        if (!ident) {
            line(0, "its config key '%s' is not a plain name (letters, digits, '_' or '-').", k->key);
            all_ok = 0;
        }
        for (size_t j = 0; j < i; j++) {
            if (g_keys[j].key && strcmp(g_keys[j].key, k->key) == 0) {
                line(0, "it declares the config key '%s' twice.", k->key);
                all_ok = 0;
                break;
            }
        }
        if (k->type < RC_CFG_ANY || k->type > RC_CFG_ENUM) {
            line(0, "its config key '%s' has unknown type %d.", k->key, (int)k->type);
            all_ok = 0;
            continue;
        }
        if (k->required != 0 && k->required != 1) {
            line(0, "its config key '%s' has required = %d, which must be 0 or 1.", k->key,
                 (int)k->required);
            all_ok = 0;
        }
        if (k->required == 1 && k->default_value) {
            line(0, "its config key '%s' is required yet has a default, which would never be used.",
                 k->key);
            all_ok = 0;
        }
        if (k->type == RC_CFG_ENUM && (!k->choices || !k->choices[0])) {
            line(0, "its enum config key '%s' lists no choices.", k->key);
            all_ok = 0;
        }
        if (!one_line_text(k->help)) {
            line(0, "its config key '%s' has no one-line help text.", k->key);
            all_ok = 0;
        }
        if (!default_fits(k)) {
            line(0, "its config key '%s' has the default '%s', which is not of the key's type.",
                 k->key, k->default_value);
            all_ok = 0;
        }
    }
    if (all_ok)
        line(1, "its %u config key%s names, known types, required 0 or 1, help and fitting defaults.",
             (unsigned)g_nkeys, g_nkeys == 1 ? " has" : "s have");
}

/* Child: loads the file and checks the descriptor field by field. */
static void group_descriptor(const char *path)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        line(0, "the file cannot be loaded: %s.", e ? e : "unknown reason");
        return;
    }
    line(1, "the file loads with dlopen(RTLD_NOW | RTLD_LOCAL).");
    void *sym = dlsym(h, RC_PLUGIN_ENTRY_SYMBOL);
    if (!sym) {
        line(0, "it does not export the entry function regcoord_plugin_entry().");
        return;
    }
    line(1, "it exports the entry function regcoord_plugin_entry().");
    rc_plugin_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);
    const rc_plugin_descriptor *d = entry();
    if (!d) {
        line(0, "its entry function returned no descriptor.");
        return;
    }
    line(1, "its entry function returns a descriptor.");
    if (d->abi_major != RC_ABI_MAJOR) {
        line(0, "it was built for ABI %u.%u, but this regcoord speaks %d.%d (the other fields were not read).",
             (unsigned)d->abi_major, (unsigned)d->abi_minor, RC_ABI_MAJOR, RC_ABI_MINOR);
        return;
    }
    if (d->abi_minor > RC_ABI_MINOR) {
        line(0, "it was built for ABI %u.%u, newer than the ABI %d.%d this regcoord speaks.",
             (unsigned)d->abi_major, (unsigned)d->abi_minor, RC_ABI_MAJOR, RC_ABI_MINOR);
        return;
    }
    line(1, "it was built for ABI %u.%u, which this regcoord (ABI %d.%d) accepts.",
         (unsigned)d->abi_major, (unsigned)d->abi_minor, RC_ABI_MAJOR, RC_ABI_MINOR);
    size_t min_size = offsetof(rc_plugin_descriptor, fini) + sizeof d->fini;
    if (d->size < min_size) {
        line(0, "its descriptor is %u bytes, smaller than the %zu bytes of an ABI %d.0 descriptor.",
             (unsigned)d->size, min_size, RC_ABI_MAJOR);
        return;
    }
    if (d->abi_minor == RC_ABI_MINOR && d->size != sizeof(rc_plugin_descriptor)) {
        line(0, "its descriptor size is %u bytes, but an ABI %d.%d descriptor is %zu bytes.",
             (unsigned)d->size, RC_ABI_MAJOR, RC_ABI_MINOR, sizeof(rc_plugin_descriptor));
        return;
    }
    line(1, "its descriptor size (%u bytes) matches its ABI version.", (unsigned)d->size);
    if (d->kind != RC_KIND_DIMENSION && d->kind != RC_KIND_REPORTER &&
        !(d->kind == RC_KIND_ANALYSIS && d->abi_minor >= 1)) {
        line(0, "it declares unknown kind %d (1 is a dimension, 2 a reporter, 3 an analysis from "
                "ABI 1.1).", (int)d->kind);
        return;
    }
    line(1, "it is a%s %s plugin.", d->kind == RC_KIND_ANALYSIS ? "n" : "", rc_kind_name(d->kind));
    char stem[256];
    file_stem(path, stem, sizeof stem);
    if (!d->name || !d->name[0]) line(0, "it declares no name.");
    else if (strcmp(d->name, stem) != 0)
        line(0, "it declares the name '%s', which differs from its file stem '%s'.", d->name, stem);
    else line(1, "its name '%s' equals its file stem.", d->name);
    if (!d->version || !d->version[0]) line(0, "it declares no version.");
    else line(1, "it declares version '%s'.", d->version);
    if (!one_line_text(d->summary)) line(0, "it declares no one-line summary.");
    else line(1, "it declares a one-line summary.");
    if (d->kind == RC_KIND_DIMENSION) {
        if (!d->score) line(0, "it is a dimension plugin but has no score callback.");
        else if (d->report) line(0, "it is a dimension plugin but also sets a report callback, which must be NULL.");
        else line(1, "it has a score callback and no report callback, as a dimension plugin should.");
    } else if (d->kind == RC_KIND_REPORTER) {
        if (!d->report) line(0, "it is a reporter plugin but has no report callback.");
        else if (d->score) line(0, "it is a reporter plugin but also sets a score callback, which must be NULL.");
        else line(1, "it has a report callback and no score callback, as a reporter plugin should.");
    } else {
        const char *const *prov = RC_DESC_FIELD(d, provides);
        if (!RC_DESC_FIELD(d, analyse)) line(0, "it is an analysis plugin but has no analyse callback.");
        else if (d->score || d->report)
            line(0, "it is an analysis plugin but also sets a score or report callback, which must be NULL.");
        else line(1, "it has an analyse callback and no score or report callback, as an analysis plugin should.");
        if (!prov || !prov[0]) line(0, "it is an analysis plugin but provides no table.");
        else line(1, "it declares the tables it provides (%s%s).", prov[0], prov[1] ? ", …" : "");
    }
    check_config_keys(d);
    rc_plugin p;
    rc_error err;
    rc_error_clear(&err);
    if (rc_plugin_open(path, &p, &err) != 0) {
        line(0, "the host's loader refuses it: %s", err.msg);
        return;
    }
    rc_plugin_close(&p);
    line(1, "the host's loader accepts it.");
    if (!g_failed) tell_kind(d->kind);
}

/* ------------------------------------------------------- a synthetic run of the host ---- */

/* One assessment-shaped environment: a config of one dimension (and one report), a
 * synthetic panel, and the pipeline state the host services read. */
typedef struct env {
    rc_config cfg;
    rc_dimension_cfg dc;
    rc_report_cfg rep;
    rc_run_opts ro;
    rc_pipeline pl;
    rc_dim_run d;
    rc_plugin self;          /* stands for the dimension's plugin when none is checked */
    rc_node *section;        /* owned: the plugin's section */
    int missing;             /* synthesise all-missing series */
} env;

static const rc_plugin_descriptor self_desc = {
    .abi_major = RC_ABI_MAJOR, .abi_minor = RC_ABI_MINOR, .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION, .name = "check", .version = "0", .summary = "plugin-check",
};

static FILE *devnull(void)
{
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    return f ? f : stderr;
}

static void env_free(env *e)
{
    rc_outputs_free(&e->pl.outputs);
    rc_dim_free(&e->d);
    free(e->pl.index);
    free(e->pl.dim_weights);
    rc_resultset_free(e->pl.rs);
    rc_panel_free(e->pl.panel);
    rc_node_free(e->section);
    memset(e, 0, sizeof *e);
}

/* Sets up nr regions × 3 years; `yaml` is the plugin's section. */
static int env_init(env *e, const rc_plugin *p, const char *yaml, size_t nr, int missing,
                    rc_error *err)
{
    memset(e, 0, sizeof *e);
    static const char *ids[] = {"R01", "R02", "R03", "R04", "R05"};
    static const int years[] = {2020, 2021, 2022};
    if (nr > 5) nr = 5;
    e->missing = missing;
    e->section = rc_yaml_load_string(yaml, strlen(yaml), "plugin-check.yaml", err);
    if (!e->section) return -1;
    e->self.name = "check";
    e->self.path = "plugin-check";
    e->self.desc = &self_desc;
    e->cfg.path = "plugin-check.yaml";
    e->cfg.dir = ".";
    e->cfg.title = "plugin-check";
    e->cfg.language = "en";
    e->cfg.index_scale = 100;
    e->cfg.dims = &e->dc;
    e->cfg.n_dims = 1;
    e->dc.root.id = "check";
    e->dc.root.weight = NAN;
    e->dc.plugin = p ? p->name : "check";
    e->dc.node = e->section;
    e->dc.root.node = e->section;
    e->rep.plugin = p ? p->name : "check";
    e->rep.path = "report";
    e->rep.node = e->section;
    e->ro.out_dir = ".";
    e->ro.verbosity = 0;
    e->ro.log = devnull();
    e->pl.cfg = &e->cfg;
    e->pl.opts = &e->ro;
    e->pl.log = devnull();
    e->pl.panel = rc_panel_create(nr, ids, NULL, 3, years, err);
    if (!e->pl.panel) return -1;
    e->pl.nr = nr;
    e->pl.ny = 3;
    e->pl.rs = rc_resultset_new();
    if (!e->pl.rs) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    e->pl.dims = &e->d;
    e->pl.n_dims = 1;
    e->d.plugin = p && p->desc->kind == RC_KIND_DIMENSION ? p : &e->self;
    return rc_dim_prepare(&e->pl, &e->d, &e->dc, err);
}

/* A series the plugin asks for: made up on first use (deterministically from its name), or
 * all missing in the all-missing check. */
static const env *g_env;

static void ensure_series(rc_pipeline *pl, const char *name)
{
    if (!name || !name[0] || rc_panel_series(pl->panel, name) >= 0) return;
    size_t n = pl->nr * pl->ny;
    double *v = rc_malloc(n * sizeof *v);
    if (!v) return;
    unsigned h = 2166136261u;
    for (const char *c = name; *c; c++) h = (h ^ (unsigned char)*c) * 16777619u;
    for (size_t t = 0; t < pl->ny; t++)
        for (size_t r = 0; r < pl->nr; r++)
            v[t * pl->nr + r] = g_env && g_env->missing
                                    ? NAN
                                    : 1.0 + (double)((h + 37u * r + 11u * t) % 97u) / 8.0;
    rc_error err;
    rc_panel_add_series(pl->panel, name, v, &err);
    free(v);
}

static int32_t chk_series(rc_ctx *ctx, const char *name, const double **values)
{
    if (ctx && ctx->pl && ctx->pl->panel) ensure_series(ctx->pl, name);
    return rc_host_services.series(ctx, name, values);
}

static int32_t chk_add_formula(rc_ctx *ctx, const char *id, int32_t direction, const char *formula,
                               const char *description)
{
    if (ctx && ctx->pl && ctx->pl->panel && formula) {
        rc_error err;
        rc_formula *f = rc_formula_compile(formula, &err);
        for (size_t i = 0; f && i < rc_formula_n_names(f); i++)
            ensure_series(ctx->pl, rc_formula_name(f, i));
        rc_formula_free(f);
    }
    return rc_host_services.add_formula_indicator(ctx, id, direction, formula, description);
}

/* The real services, except that every series a plugin asks for exists. */
static rc_host g_host;

static const rc_host *check_host(void)
{
    g_host = rc_host_services;
    g_host.series = chk_series;
    g_host.add_formula_indicator = chk_add_formula;
    return &g_host;
}

/* A value for every required key (its default, else one of its type), appended to y. A
 * list gets two names, which the synthetic panel answers as series when asked. */
static int required_yaml(const rc_plugin_descriptor *d, rc_buf *y)
{
    (void)d;
    static const char *fill[] = {"x", "x", "1", "1", "true", "[check_a, check_b]", "{}"};
    for (size_t i = 0; i < g_nkeys; i++) {
        const rc_config_key *k = &g_keys[i];
        if (!k->required || !k->key || !strcmp(k->key, "plugin") || !strcmp(k->key, "path")) continue;
        char first[128];
        const char *v = k->default_value ? k->default_value
                        : k->type == RC_CFG_ENUM ? rc_choice_at(k->choices, 0, first, sizeof first)
                                                 : fill[k->type >= 0 && k->type <= 6 ? k->type : 0];
        rc_buf_printf(y, "%s: %s\n", k->key, v ? v : "x");
    }
    return y->failed ? -1 : 0;
}

/* The dimension section of the behaviour runs: "{}" plus the required keys. */
static const char *dim_yaml(const rc_plugin_descriptor *d, rc_buf *y)
{
    rc_buf_puts(y, "{}\n");
    int any = 0;
    (void)d;
    for (size_t i = 0; i < g_nkeys; i++) any |= g_keys[i].required == 1;
    if (any) {
        y->len = 0;
        y->data[0] = '\0';
        required_yaml(d, y);
    }
    return y->failed ? "{}" : y->data;
}

/* The report section: plugin, path and a value for every required key. */
static int report_yaml(const rc_plugin_descriptor *d, rc_buf *y)
{
    rc_buf_printf(y, "plugin: %s\npath: report\n", d->name);
    return required_yaml(d, y);
}

typedef struct outcome {
    int32_t rc;
    int has_msg;
    char msg[sizeof(((rc_error *)0)->msg)];
    int scored;
    double *scores;          /* owned copy, nr × ny */
    size_t n;
} outcome;

/* One dimension run: init, score, fini, as the pipeline calls them. */
static int run_dimension(const rc_plugin *p, const char *yaml, size_t nr, int missing,
                         outcome *o)
{
    memset(o, 0, sizeof *o);
    env e;
    rc_error err;
    rc_error_clear(&err);
    g_env = &e;
    if (env_init(&e, p, yaml, nr, missing, &err) != 0) {
        snprintf(o->msg, sizeof o->msg, "%s", err.msg);
        env_free(&e);
        return -1;
    }
    const rc_host *host = check_host();
    rc_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.plugin = p;
    ctx.pl = &e.pl;
    ctx.section = e.section;
    ctx.dim = &e.d;
    void *state = NULL;
    o->rc = RC_OK;
    if (p->desc->init) o->rc = p->desc->init(host, &ctx, &state);
    if (o->rc == RC_OK) {
        o->rc = p->desc->score(state, host, &ctx);
        if (p->desc->fini) p->desc->fini(state);
    }
    o->has_msg = ctx.err_set && ctx.err.msg[0];
    if (o->has_msg) snprintf(o->msg, sizeof o->msg, "%s", ctx.err.msg);
    o->scored = e.d.scored;
    o->n = e.pl.nr * e.pl.ny;
    if (o->scored && e.d.scores) {
        o->scores = rc_calloc(o->n, sizeof *o->scores);
        if (o->scores) memcpy(o->scores, e.d.scores, o->n * sizeof *o->scores);
    }
    g_env = NULL;
    env_free(&e);
    return 0;
}

/* Says how a run went; returns 1 when the run is acceptable. `what` names the data. */
static int judge_run(const outcome *o, const char *what, int must_score)
{
    if (o->rc != RC_OK) {
        if (!o->has_msg) {
            line(0, "on %s it failed with code %d without setting an error message.", what, (int)o->rc);
            return 0;
        }
        if (must_score) {
            line(0, "on %s it failed: %s", what, o->msg);
            return 0;
        }
        line(1, "on %s it fails cleanly with the message: %s", what, o->msg);
        return 1;
    }
    if (!o->scored) {
        line(0, "on %s it returned RC_OK without recording scores (it must call score_default or set_scores).", what);
        return 0;
    }
    for (size_t i = 0; i < o->n; i++) {
        double v = o->scores ? o->scores[i] : NAN;
        if (!isnan(v) && (v < -1e-12 || v > 1 + 1e-12)) {
            line(0, "on %s it recorded the score %.17g, outside [0, 1].", what, v);
            return 0;
        }
    }
    line(1, "on %s it records scores within [0, 1].", what);
    return 1;
}

static const rc_plugin *open_or_fail(const char *path, rc_plugin *p)
{
    rc_error err;
    rc_error_clear(&err);
    if (rc_plugin_open(path, p, &err) != 0) {
        line(0, "the plugin could not be opened again: %s", err.msg);
        return NULL;
    }
    free(g_keys);
    g_keys = NULL;
    g_nkeys = 0;
    if (p->n_keys) {
        g_keys = rc_calloc(p->n_keys, sizeof *g_keys);
        if (g_keys) memcpy(g_keys, p->keys, p->n_keys * sizeof *g_keys);
        g_nkeys = g_keys ? p->n_keys : 0;
    }
    return p;
}

/* Child: init and fini pair up — twice, and a failed init carries a message. */
static void group_init_fini(const char *path)
{
    rc_plugin p;
    if (!open_or_fail(path, &p)) return;
    if (!p.desc->init && !p.desc->fini) {
        line(1, "it has neither init nor fini, so there is no state to pair up.");
        rc_plugin_close(&p);
        return;
    }
    int ok = 1;
    for (int round = 0; round < 2 && ok; round++) {
        env e;
        rc_error err;
        rc_error_clear(&err);
        g_env = &e;
        rc_buf y;
        rc_buf_init(&y);
        int bad = p.desc->kind != RC_KIND_REPORTER ? env_init(&e, &p, dim_yaml(p.desc, &y), 3, 0, &err)
                                                     : (report_yaml(p.desc, &y) != 0 ||
                                                        env_init(&e, &p, y.data, 3, 0, &err) != 0);
        rc_buf_free(&y);
        if (bad) {
            line(0, "the check could not set up its panel: %s", err.msg);
            env_free(&e);
            ok = 0;
            break;
        }
        rc_ctx ctx;
        memset(&ctx, 0, sizeof ctx);
        ctx.plugin = &p;
        ctx.pl = &e.pl;
        ctx.section = e.section;
        if (p.desc->kind == RC_KIND_DIMENSION) ctx.dim = &e.d;
        else if (p.desc->kind == RC_KIND_REPORTER) ctx.report = &e.rep;
        ctx.output_path = (char *)".";
        void *state = NULL;
        int32_t rc = p.desc->init ? p.desc->init(check_host(), &ctx, &state) : RC_OK;
        if (rc != RC_OK && !(ctx.err_set && ctx.err.msg[0])) {
            line(0, "its init failed with code %d without setting an error message.", (int)rc);
            ok = 0;
        } else if (rc == RC_OK && p.desc->fini) {
            p.desc->fini(state);
        }
        g_env = NULL;
        env_free(&e);
    }
    if (ok) line(1, "init and fini run twice in a row, paired, without a crash.");
    rc_plugin_close(&p);
}

/* Child: scores on a small panel, an empty panel, all-missing data, and twice alike. */
static void group_dim_data(const char *path, int which)
{
    rc_plugin p;
    if (!open_or_fail(path, &p)) return;
    outcome a = {0}, b = {0}; /* case 3 frees b.scores even when a's run failed before b's */
    rc_buf y;
    rc_buf_init(&y);
    const char *sec = dim_yaml(p.desc, &y);
    switch (which) {
    case 0:
        if (run_dimension(&p, sec, 5, 0, &a) != 0) line(0, "the check could not set up its panel: %s", a.msg);
        else judge_run(&a, "a small panel (5 regions, 3 years)", 0);
        free(a.scores);
        break;
    case 1:
        if (run_dimension(&p, sec, 0, 0, &a) != 0) line(0, "the check could not set up its panel: %s", a.msg);
        else judge_run(&a, "an empty panel (0 regions)", 0);
        free(a.scores);
        break;
    case 2:
        if (run_dimension(&p, sec, 5, 1, &a) != 0) line(0, "the check could not set up its panel: %s", a.msg);
        else judge_run(&a, "all-missing data", 0);
        free(a.scores);
        break;
    case 3:
        if (run_dimension(&p, sec, 5, 0, &a) != 0 || run_dimension(&p, sec, 5, 0, &b) != 0) {
            line(0, "the check could not set up its panel.");
        } else if (a.rc != b.rc || a.scored != b.scored || strcmp(a.msg, b.msg) != 0) {
            line(0, "two runs on the same panel ended differently (codes %d and %d).", (int)a.rc, (int)b.rc);
        } else if (a.scored && (!a.scores || !b.scores ||
                                memcmp(a.scores, b.scores, a.n * sizeof *a.scores) != 0)) {
            line(0, "two runs on the same panel recorded different scores.");
        } else {
            line(1, "two runs on the same panel give %s.", a.scored ? "bit-identical scores" : "the same outcome");
        }
        free(a.scores);
        free(b.scores);
        break;
    default: break;
    }
    rc_buf_free(&y);
    rc_plugin_close(&p);
}

/* A YAML value of the wrong type for a key of the given type. */
static const char *wrong_value(int32_t type)
{
    switch (type) {
    case RC_CFG_LIST: return "{wrong: type}";
    case RC_CFG_MAP: return "[wrong, type]";
    case RC_CFG_ANY: return "{wrong: [type, {nested: 1}]}";
    default: return "{wrong: [type]}";
    }
}

/* Child: a section whose every key has the wrong type fails cleanly in the plugin. */
static void group_bad_config(const char *path)
{
    rc_plugin p;
    if (!open_or_fail(path, &p)) return;
    if (g_nkeys == 0) {
        line(1, "it declares no config keys, so there is no wrongly typed config to try.");
        rc_plugin_close(&p);
        return;
    }
    rc_buf y;
    rc_buf_init(&y);
    for (size_t i = 0; i < g_nkeys; i++)
        rc_buf_printf(&y, "%s: %s\n", g_keys[i].key, wrong_value(g_keys[i].type));
    if (y.failed) {
        line(0, "the check ran out of memory.");
        rc_plugin_close(&p);
        return;
    }
    outcome o;
    if (run_dimension(&p, y.data, 5, 0, &o) != 0) {
        line(0, "the check could not set up its panel: %s", o.msg);
    } else if (o.rc != RC_OK && !o.has_msg) {
        line(0, "given wrongly typed config it failed with code %d without setting an error message.", (int)o.rc);
    } else if (o.rc != RC_OK) {
        line(1, "given wrongly typed config it fails cleanly with the message: %s", o.msg);
    } else if (!o.scored) {
        line(0, "given wrongly typed config it returned RC_OK without recording scores.");
    } else {
        line(1, "given wrongly typed config it still scores without a crash.");
    }
    free(o.scores);
    rc_buf_free(&y);
    rc_plugin_close(&p);
}

/* -------------------------------------------------------------------- analyses ---- */

static int build_results(env *e, rc_error *err);

/* One analysis run over the small result set (build_results), as the pipeline calls it;
 * `missing` makes the index and scores all missing. Fills o (rc, message) and the checksum
 * of the tables it added in *sum. Returns -1 when the check could not set up. */
/* The tables of rs from `from` on as text (name, columns, every cell), for comparing runs. */
static char *tables_text(const rc_resultset *rs, size_t from)
{
    rc_buf b;
    rc_buf_init(&b);
    char cell[64];
    for (size_t i = from; i < rs->n; i++) {
        const struct rc_table *t = rs->tables[i];
        rc_buf_printf(&b, "[%s]", t->name);
        for (size_t c = 0; c < t->ncols; c++) rc_buf_printf(&b, "%s:%d,", t->col_names[c], (int)t->col_types[c]);
        for (size_t r = 0; r < t->nrows; r++)
            for (size_t c = 0; c < t->ncols; c++)
                rc_buf_printf(&b, "%s%s", c ? "," : "\n", rc_table_text(t, r, c, cell, sizeof cell));
        rc_buf_puts(&b, "\n");
    }
    if (b.failed) {
        rc_buf_free(&b);
        return NULL;
    }
    return b.data ? b.data : rc_strdup("");
}

static int run_analysis(const rc_plugin *p, const char *yaml, int missing, outcome *o,
                        char **text, size_t *n_added)
{
    memset(o, 0, sizeof *o);
    env e;
    rc_error err;
    rc_error_clear(&err);
    g_env = &e;
    if (env_init(&e, NULL, yaml, 5, 0, &err) != 0 || build_results(&e, &err) != 0) {
        snprintf(o->msg, sizeof o->msg, "%s", err.msg);
        g_env = NULL;
        env_free(&e);
        return -1;
    }
    size_t n = e.pl.nr * e.pl.ny;
    for (size_t i = 0; missing && i < n; i++) e.pl.index[i] = e.d.scores[i] = NAN;
    rc_run_view v;
    if (rc_run_view_build(&e.pl, &v, &err) != 0) {
        snprintf(o->msg, sizeof o->msg, "%s", err.msg);
        rc_run_view_free(&v, e.pl.n_dims);
        g_env = NULL;
        env_free(&e);
        return -1;
    }
    size_t before = e.pl.rs->n;
    rc_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.plugin = p;
    ctx.pl = &e.pl;
    ctx.section = e.section;
    ctx.run = &v.st;
    const rc_host *host = check_host();
    void *state = NULL;
    o->rc = p->desc->init ? p->desc->init(host, &ctx, &state) : RC_OK;
    if (o->rc == RC_OK) {
        o->rc = p->desc->analyse(state, host, &ctx);
        if (p->desc->fini) p->desc->fini(state);
    }
    o->has_msg = ctx.err_set && ctx.err.msg[0];
    if (o->has_msg) snprintf(o->msg, sizeof o->msg, "%s", ctx.err.msg);
    /* the tables it added, alone */
    *text = tables_text(e.pl.rs, before);
    *n_added = e.pl.rs->n - before;
    rc_ctx_free(&ctx);
    rc_run_view_free(&v, e.pl.n_dims);
    g_env = NULL;
    env_free(&e);
    return 0;
}

/* Child: analyse on a small result set, on all-missing scores, and twice alike. */
static void group_analysis(const char *path, int which)
{
    rc_plugin p;
    if (!open_or_fail(path, &p)) return;
    rc_buf y;
    rc_buf_init(&y);
    const char *sec = dim_yaml(p.desc, &y);
    outcome a, b;
    char *sa = NULL, *sb = NULL;
    size_t na = 0, nb = 0;
    const char *what = which == 1 ? "all-missing scores" : "a small result set (5 regions, 3 years)";
    if (run_analysis(&p, sec, which == 1, &a, &sa, &na) != 0) {
        line(0, "the check could not set up its result set: %s", a.msg);
    } else if (which == 2) {
        if (run_analysis(&p, sec, 0, &b, &sb, &nb) != 0)
            line(0, "the check could not set up its result set: %s", b.msg);
        else if (a.rc != b.rc || strcmp(a.msg, b.msg) != 0 || !sa || !sb || strcmp(sa, sb) != 0 ||
                 na != nb)
            line(0, "two runs on the same result set ended differently or added different tables.");
        else line(1, "two runs on the same result set give %s.",
                      a.rc == RC_OK ? "bit-identical tables" : "the same error");
    } else if (a.rc != RC_OK && !a.has_msg) {
        line(0, "on %s it failed with code %d without setting an error message.", what, (int)a.rc);
    } else if (a.rc != RC_OK) {
        line(1, "on %s it fails cleanly with the message: %s", what, a.msg);
    } else if (na == 0 && which == 0) {
        line(0, "on %s it returned RC_OK without adding any table.", what);
    } else {
        line(1, "on %s it adds %zu table%s.", what, na, na == 1 ? "" : "s");
    }
    free(sa);
    free(sb);
    rc_buf_free(&y);
    rc_plugin_close(&p);
}

static void an_small(const char *p) { group_analysis(p, 0); }
static void an_missing(const char *p) { group_analysis(p, 1); }
static void an_twice(const char *p) { group_analysis(p, 2); }

/* ------------------------------------------------------------------- reporters ---- */

/* Removes a folder tree made by the check (no symlinks are followed). */
static void rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *dp = opendir(path);
        if (dp) {
            struct dirent *de;
            while ((de = readdir(dp)) != NULL) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
                char sub[PATH_MAX];
                snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
                rm_tree(sub);
            }
            closedir(dp);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Builds a small result set: one dimension of two indicators scored with the default
 * methods, the index and ranks, the standard tables and the manifest. */
static int build_results(env *e, rc_error *err)
{
    size_t n = e->pl.nr * e->pl.ny;
    double a[15], b[15];
    for (size_t i = 0; i < n && i < 15; i++) {
        a[i] = 1.0 + (double)((i * 7) % 11);
        b[i] = 20.0 - (double)((i * 5) % 13);
    }
    a[4] = NAN; /* one missing cell, imputed */
    if (rc_dim_add_values(&e->pl, &e->d, "alpha", RC_BENEFIT, a, "first", err) != 0) return -1;
    if (rc_dim_add_values(&e->pl, &e->d, "beta", RC_COST, b, "second", err) != 0) return -1;
    if (rc_dim_score_default(&e->pl, &e->d, err) != 0) return -1;
    if (rc_index_build(&e->pl, err) != 0) return -1;
    if (rc_tables_build(&e->pl, err) != 0) return -1;
    return rc_manifest_build(&e->pl, err);
}

/* One reporter run into `out_dir`; 0 on success, else the message in msg. */
static int run_reporter(const rc_plugin *p, const char *out_dir, int commit, char *msg, size_t size)
{
    rc_buf y;
    rc_buf_init(&y);
    env e;
    rc_error err;
    rc_error_clear(&err);
    int rc = -1;
    msg[0] = '\0';
    if (report_yaml(p->desc, &y) != 0 || env_init(&e, NULL, y.data, 5, 0, &err) != 0 ||
        build_results(&e, &err) != 0) {
        snprintf(msg, size, "the check could not build its result set: %s", err.msg);
        rc_buf_free(&y);
        env_free(&e);
        return -2;
    }
    e.rep.plugin = p->name;
    e.ro.out_dir = out_dir;
    rc_buf full;
    rc_buf_init(&full);
    rc_buf_printf(&full, "%s/%s", out_dir, e.rep.path);
    rc_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.plugin = p;
    ctx.pl = &e.pl;
    ctx.section = e.section;
    ctx.report = &e.rep;
    ctx.output_path = full.data;
    const rc_host *host = check_host();
    void *state = NULL;
    int32_t r = p->desc->init ? p->desc->init(host, &ctx, &state) : RC_OK;
    if (r == RC_OK) {
        r = p->desc->report(state, host, &ctx);
        if (p->desc->fini) p->desc->fini(state);
    }
    if (r != RC_OK) {
        if (ctx.err_set && ctx.err.msg[0]) snprintf(msg, size, "%s", ctx.err.msg);
        rc = -1;
    } else if (commit && rc_outputs_commit(&e.pl.outputs, &err) != 0) {
        snprintf(msg, size, "%s", err.msg);
        rc = -1;
    } else {
        rc = 0;
    }
    rc_buf_free(&full);
    rc_buf_free(&y);
    env_free(&e);
    return rc;
}

/* Appends every file under dir (sorted, relative names and bytes) to b. */
static void snapshot(const char *dir, const char *rel, rc_buf *b)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s%s", dir, rel[0] ? "/" : "", rel);
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        char **names = NULL;
        size_t n = 0;
        DIR *dp = opendir(path);
        if (!dp) return;
        struct dirent *de;
        while ((de = readdir(dp)) != NULL) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            char **v = rc_reallocarray(names, n + 1, sizeof *v);
            if (!v) break;
            names = v;
            names[n] = rc_strdup(de->d_name);
            if (names[n]) n++;
        }
        closedir(dp);
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (strcmp(names[j], names[i]) < 0) {
                    char *t = names[i];
                    names[i] = names[j];
                    names[j] = t;
                }
        for (size_t i = 0; i < n; i++) {
            char sub[PATH_MAX];
            snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
            snapshot(dir, sub, b);
            free(names[i]);
        }
        free(names);
        return;
    }
    rc_buf_printf(b, "== %s\n", rel);
    FILE *f = fopen(path, "rb");
    if (!f) return;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) rc_buf_append(b, chunk, k);
    fclose(f);
}

static int make_temp_dir(char *buf, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, size, "%s/regcoord-check-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
    return mkdtemp(buf) ? 0 : -1;
}

/* Replaces the temporary folder's name in a message by $TMP, so the output is the same on
 * every run. */
static void scrub(char *msg, size_t size, const char *tmp)
{
    size_t tl = strlen(tmp);
    char *at;
    while (tl > 4 && (at = strstr(msg, tmp)) != NULL) {
        size_t rest = strlen(at + tl);
        if ((size_t)(at - msg) + 4 + rest + 1 > size) break;
        memmove(at + 4, at + tl, rest + 1);
        /* NOLINTNEXTLINE(bugprone-not-null-terminated-result): overwrites 4 bytes inside msg, whose NUL the memmove kept */
        memcpy(at, "$TMP", 4);
    }
}

/* Child: two runs on the same result set write the same bytes. */
static void group_report_twice(const char *path)
{
    rc_plugin p;
    if (!open_or_fail(path, &p)) return;
    char d1[512], d2[512], msg[2600];
    if (make_temp_dir(d1, sizeof d1) != 0 || make_temp_dir(d2, sizeof d2) != 0) {
        line(0, "the check could not create a temporary folder.");
        rc_plugin_close(&p);
        return;
    }
    int r1 = run_reporter(&p, d1, 1, msg, sizeof msg);
    int r2 = r1 == 0 ? run_reporter(&p, d2, 1, msg, sizeof msg) : r1;
    scrub(msg, sizeof msg, d1);
    scrub(msg, sizeof msg, d2);
    if (r1 == -2 || r2 == -2) {
        line(0, "%s", msg);
    } else if (r1 != 0 || r2 != 0) {
        line(0, "on a small result set it failed: %s", msg[0] ? msg : "no error message was set");
    } else {
        rc_buf s1, s2;
        rc_buf_init(&s1);
        rc_buf_init(&s2);
        snapshot(d1, "", &s1);
        snapshot(d2, "", &s2);
        if (s1.len == 0) line(0, "on a small result set it returned RC_OK but wrote no file.");
        else if (s1.len != s2.len || memcmp(s1.data, s2.data, s1.len) != 0)
            line(0, "two runs on the same result set wrote different bytes.");
        else line(1, "two runs on a small result set write identical bytes (%zu bytes in all).", s1.len);
        rc_buf_free(&s1);
        rc_buf_free(&s2);
    }
    rm_tree(d1);
    rm_tree(d2);
    rc_plugin_close(&p);
}

/* Child: when the output folder cannot be created the reporter fails with a message. */
static void group_report_unwritable(const char *path)
{
    rc_plugin p;
    if (!open_or_fail(path, &p)) return;
    char d[512], blocker[PATH_MAX], msg[2600];
    if (make_temp_dir(d, sizeof d) != 0) {
        line(0, "the check could not create a temporary folder.");
        rc_plugin_close(&p);
        return;
    }
    /* a regular file where the output folder should be: nothing can be written below it */
    snprintf(blocker, sizeof blocker, "%s/not-a-folder", d);
    FILE *f = fopen(blocker, "w");
    if (f) fclose(f);
    snprintf(blocker, sizeof blocker, "%s/not-a-folder/out", d);
    int r = run_reporter(&p, blocker, 0, msg, sizeof msg);
    scrub(msg, sizeof msg, d);
    if (r == -2) line(0, "%s", msg);
    else if (r == 0) line(0, "it returned RC_OK although its output could not be written.");
    else if (!msg[0]) line(0, "when its output cannot be written it fails without setting an error message.");
    else line(1, "when its output cannot be written it fails cleanly with the message: %s", msg);
    rm_tree(d);
    rc_plugin_close(&p);
}

/* ------------------------------------------------------------ the parent's side ---- */

typedef struct group {
    const char *name;    /* what a crash or timeout is reported as */
    void (*fn)(const char *path);
    int which;           /* for group_dim_data */
} group;

static void dim_small(const char *p) { group_dim_data(p, 0); }
static void dim_empty(const char *p) { group_dim_data(p, 1); }
static void dim_missing(const char *p) { group_dim_data(p, 2); }
static void dim_twice(const char *p) { group_dim_data(p, 3); }

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGPIPE: return "SIGPIPE";
    default: return NULL;
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs one group in a child; prints its lines; returns the number of failures and sets
 * *kind from the child's protocol line when there is one. */
static int run_group(const group *g, const char *path, int timeout, int32_t *kind)
{
    int fds[2];
    if (pipe(fds) != 0) {
        printf("FAIL %s: the check could not create a pipe.\n", g->name);
        return 1;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        printf("FAIL %s: the check could not fork a child process.\n", g->name);
        return 1;
    }
    if (pid == 0) {
        close(fds[0]);
        g_fd = fds[1];
        /* a crash must end the child by its signal, so the parent can name it */
        int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) signal(sigs[i], SIG_DFL);
        /* whatever the plugin prints itself goes nowhere */
        int dn = open("/dev/null", O_WRONLY);
        if (dn >= 0) {
            dup2(dn, STDOUT_FILENO);
            dup2(dn, STDERR_FILENO);
            close(dn);
        }
        g->fn(path);
        _exit(g_failed ? 1 : 0);
    }
    close(fds[1]);
    rc_buf out;
    rc_buf_init(&out);
    double deadline = now_seconds() + timeout;
    int timed_out = 0;
    for (;;) {
        double left = deadline - now_seconds();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
        int pr = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR) continue;
        if (pr == 0) continue;
        char chunk[1024];
        ssize_t k = read(fds[0], chunk, sizeof chunk);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        rc_buf_append(&out, chunk, (size_t)k);
    }
    close(fds[0]);
    int status = 0;
    if (timed_out) kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    int fails = 0;
    /* print the child's lines, keep the protocol lines for ourselves */
    const char *s = out.data ? out.data : "";
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        if (len > 6 && !strncmp(s, "#kind ", 6)) {
            if (kind) *kind = (int32_t)atoi(s + 6);
        } else if (len) {
            if (!strncmp(s, "FAIL", 4)) fails++;
            printf("%.*s\n", (int)len, s);
        }
        s += len + (nl ? 1 : 0);
    }
    rc_buf_free(&out);
    if (timed_out) {
        printf("FAIL %s: the plugin did not finish within %d seconds and was killed.\n", g->name, timeout);
        fails++;
    } else if (WIFSIGNALED(status)) {
        const char *nm = signal_name(WTERMSIG(status));
        if (nm) printf("FAIL %s: the plugin crashed with %s.\n", g->name, nm);
        else printf("FAIL %s: the plugin crashed with signal %d.\n", g->name, WTERMSIG(status));
        fails++;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0 && fails == 0) {
        printf("FAIL %s: the check process exited with status %d before finishing.\n", g->name,
               WEXITSTATUS(status));
        fails++;
    }
    fflush(stdout);
    return fails;
}

int rc_cmd_plugin_check(int argc, char **argv)
{
    const char *file = NULL;
    int timeout = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: regcoord plugin-check FILE.so [--timeout SECONDS]\n\n"
                   "Loads a plugin in child processes and checks its descriptor, its config key\n"
                   "table, init/fini pairing and its behaviour: dimension plugins on a small\n"
                   "panel, an empty panel, all-missing data, twice for identical scores, and on\n"
                   "wrongly typed config; reporter plugins twice for identical bytes and on an\n"
                   "unwritable output. A crash or a hang (default 10 s) fails the check by name.\n"
                   "Prints one line per check and exits 0 only when every check passed.\n");
            return 0;
        }
        if (!strcmp(a, "--timeout")) {
            char *end = NULL;
            long t = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : 0;
            if (!end || *end || t < 1 || t > 3600) {
                fprintf(stderr, "regcoord plugin-check: --timeout needs a number of seconds from 1 to 3600\n");
                return RC_EXIT_USAGE;
            }
            timeout = (int)t;
            i++;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "regcoord plugin-check: unknown option '%s'\n(see: regcoord plugin-check --help)\n", a);
            return RC_EXIT_USAGE;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "regcoord plugin-check: unexpected argument '%s'\n(see: regcoord plugin-check --help)\n", a);
            return RC_EXIT_USAGE;
        }
    }
    if (!file) {
        fprintf(stderr, "regcoord plugin-check: needs a plugin FILE.so\n(see: regcoord plugin-check --help)\n");
        return RC_EXIT_USAGE;
    }
    /* absolute without resolving links: a symbolic link must meet the loader's refusal */
    char abs[PATH_MAX], cwd[PATH_MAX];
    if (file[0] != '/') {
        if (!getcwd(cwd, sizeof cwd) || (size_t)snprintf(abs, sizeof abs, "%s/%s", cwd, file) >= sizeof abs) {
            printf("FAIL descriptor: the path '%s' cannot be made absolute.\n", file);
            return RC_EXIT_PLUGIN;
        }
        file = abs;
    }
    printf("plugin-check %s\n", file);
    /* the loader's trust checks, here in the parent, before any child dlopens the file: a
     * symbolic link, a FIFO (which would block the child) or a writable file is refused */
    rc_error trust;
    rc_error_clear(&trust);
    if (rc_plugin_check_file(file, &trust) != 0) {
        printf("FAIL %s\n", trust.msg);
        printf("FAILED: 1 check failed (the file was not loaded)\n");
        return RC_EXIT_PLUGIN;
    }
    printf("ok   it is a regular file, not a link, and neither it nor its folder is writable "
           "by others (checked before loading it).\n");
    int fails = 0;
    int32_t kind = 0;
    static const group desc = {"descriptor", group_descriptor, 0};
    fails += run_group(&desc, file, timeout, &kind);
    if (kind == RC_KIND_DIMENSION) {
        static const group g[] = {
            {"init and fini", group_init_fini, 0},
            {"score on a small panel", dim_small, 0},
            {"score on an empty panel", dim_empty, 0},
            {"score on all-missing data", dim_missing, 0},
            {"deterministic scores", dim_twice, 0},
            {"wrongly typed config", group_bad_config, 0},
        };
        for (size_t i = 0; i < sizeof g / sizeof *g; i++) fails += run_group(&g[i], file, timeout, NULL);
    } else if (kind == RC_KIND_ANALYSIS) {
        static const group g[] = {
            {"init and fini", group_init_fini, 0},
            {"analyse on a small result set", an_small, 0},
            {"analyse on all-missing scores", an_missing, 0},
            {"deterministic tables", an_twice, 0},
        };
        for (size_t i = 0; i < sizeof g / sizeof *g; i++) fails += run_group(&g[i], file, timeout, NULL);
    } else if (kind == RC_KIND_REPORTER) {
        static const group g[] = {
            {"init and fini", group_init_fini, 0},
            {"report twice", group_report_twice, 0},
            {"unwritable output", group_report_unwritable, 0},
        };
        for (size_t i = 0; i < sizeof g / sizeof *g; i++) fails += run_group(&g[i], file, timeout, NULL);
    } else {
        printf("FAIL behaviour: the behaviour checks were skipped because the descriptor checks failed.\n");
        fails++;
    }
    printf("%s: %d check%s failed\n", fails ? "FAILED" : "PASSED", fails, fails == 1 ? "" : "s");
    return fails ? RC_EXIT_PLUGIN : 0;
}
