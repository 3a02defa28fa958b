/* pipeline/baseline.c — the baseline file: written from a scored run (per indicator its
 * normalisation and frozen bounds, every weight at every level, the method choices, the
 * config and data hashes, the years) and read back for runs that score with it. Lookups
 * mark entries used so a baseline that does not match the config is an error. */
#include "pipeline/baseline.h"

#include <errno.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/schema.h"
#include "pipeline/internal.h"
#include "util/file.h"
#include "util/str.h"

/* ---------------- reading ---------------- */

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int sha256_file(const char *path, char hex[65])
{
    rc_error e;
    FILE *f = rc_fopen_regular(path, NULL, RC_ERRK_CONFIG, &e);
    if (!f) return -1;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    unsigned char buf[65536];
    size_t got;
    while (ok && (got = fread(buf, 1, sizeof buf, f)) > 0)
        if (EVP_DigestUpdate(md, buf, got) != 1) ok = 0;
    if (ferror(f)) ok = 0;
    fclose(f);
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (ok && EVP_DigestFinal_ex(md, dig, &len) != 1) ok = 0;
    EVP_MD_CTX_free(md);
    if (!ok) return -1;
    for (unsigned i = 0; i < len && i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    hex[64] = '\0';
    return 0;
}

static int bad(rc_error *err, const rc_node *n, const char *fmt, const char *a)
{
    char wb[512], msg[600];
    snprintf(msg, sizeof msg, fmt, a);
    return rc_error_set(err, RC_ERRK_CONFIG, "%s: %s (a baseline written by `regcoord baseline`; "
                        "see docs/baselines.md)", rc_node_where(n, wb, sizeof wb), msg);
}

static const char *need_str(const rc_node *map, const char *key, rc_error *err)
{
    const rc_node *n = rc_node_get(map, key);
    const char *s = n ? rc_node_as_str(n) : NULL;
    if (!s) bad(err, map, "needs '%s' as a text value", key);
    return s;
}

/* 0 = absent, 1 = read, -1 = error. */
static int opt_num(const rc_node *map, const char *key, double *out, rc_error *err)
{
    const rc_node *n = rc_node_get(map, key);
    if (!n) return 0;
    if (rc_node_as_number(n, out) != 0 || !isfinite(*out))
        return bad(err, n, "'%s' must be a finite number", key);
    return 1;
}

/* The keys `regcoord baseline` writes, level by level: any other key is an error (a typo
 * or an edit would otherwise be dropped silently). */
#define ANYKEY(k) {k, RC_CFG_ANY, 0, NULL, "written by regcoord baseline"}
static const rc_config_key top_keys[] = {
    ANYKEY("regcoord_baseline"), ANYKEY("tool_version"), ANYKEY("config"),
    ANYKEY("config_sha256"), ANYKEY("data_sha256"), ANYKEY("years"), ANYKEY("methods"),
    ANYKEY("indicators"), ANYKEY("weights"), ANYKEY("not_frozen"),
};
static const rc_config_key ind_keys[] = {
    ANYKEY("dimension"), ANYKEY("component"), ANYKEY("indicator"), ANYKEY("normalize"),
    ANYKEY("scope"), ANYKEY("min"), ANYKEY("max"), ANYKEY("mean"), ANYKEY("sd"),
};
static const rc_config_key weights_keys[] = {ANYKEY("index"), ANYKEY("components")};
static const rc_config_key group_keys[] = {
    ANYKEY("method"), ANYKEY("aggregate"), ANYKEY("weights"), ANYKEY("note"),
};
#undef ANYKEY

static int known_keys(const rc_node *map, const char *what, const rc_config_key *keys,
                      size_t n, rc_error *err)
{
    char w[512];
    if (rc_schema_check(map, what, keys, n, NULL, 0, rc_node_where(map, w, sizeof w), err) == 0)
        return 0;
    rc_error_prefix(err, "baseline: ");
    return -1;
}

static int load_ind(rc_baseline *b, const rc_node *n, rc_error *err)
{
    if (n->kind != RC_NODE_MAP) return bad(err, n, "an indicator entry must be a mapping%s", "");
    if (known_keys(n, "an indicator entry", ind_keys, sizeof ind_keys / sizeof *ind_keys, err))
        return -1;
    rc_bl_ind *e = &b->inds[b->n_inds];
    memset(e, 0, sizeof *e);
    e->node = n;
    const char *comp = need_str(n, "component", err), *id = comp ? need_str(n, "indicator", err) : NULL;
    const char *m = id ? need_str(n, "normalize", err) : NULL;
    const char *sc = m ? need_str(n, "scope", err) : NULL;
    if (!sc) return -1;
    size_t i = 0;
    while (i <= RC_NORM_NONE && strcmp(m, rc_norm_method_name((rc_norm_method)i)) != 0) i++;
    if (i > RC_NORM_NONE) return bad(err, rc_node_get(n, "normalize"), "unknown normalisation '%s'", m);
    e->method = (rc_norm_method)i;
    if (!strcmp(sc, "pooled")) e->scope = RC_SCOPE_POOLED;
    else if (!strcmp(sc, "per_year")) e->scope = RC_SCOPE_PER_YEAR;
    else return bad(err, rc_node_get(n, "scope"), "scope must be pooled or per_year, not '%s'", sc);
    int a = opt_num(n, "min", &e->min, err), z = a < 0 ? -1 : opt_num(n, "max", &e->max, err);
    if (a < 0 || z < 0) return -1;
    if (a != z) return bad(err, n, "needs both 'min' and 'max' or neither%s", "");
    if (a && !(e->min <= e->max)) return bad(err, n, "needs min <= max%s", "");
    e->has_range = a;
    a = opt_num(n, "mean", &e->mean, err);
    z = a < 0 ? -1 : opt_num(n, "sd", &e->sd, err);
    if (a < 0 || z < 0) return -1;
    if (a != z) return bad(err, n, "needs both 'mean' and 'sd' or neither%s", "");
    e->has_moments = a;
    if (e->method == RC_NORM_ZSCORE && e->scope == RC_SCOPE_POOLED && !e->has_moments)
        return bad(err, n, "a pooled zscore entry needs 'mean' and 'sd'%s", "");
    if (!(e->path = rc_strdup(comp)) || !(e->id = rc_strdup(id)))
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    b->n_inds++;
    return 0;
}

static int load_weights(rc_baseline *b, const rc_node *group, const char *parent, rc_error *err)
{
    if (group->kind != RC_NODE_MAP) return bad(err, group, "a weights entry must be a mapping%s", "");
    if (known_keys(group, "a weights entry", group_keys, sizeof group_keys / sizeof *group_keys,
                   err))
        return -1;
    const rc_node *w = rc_node_get(group, "weights");
    if (!w || w->kind != RC_NODE_MAP) return bad(err, group, "needs 'weights' as a mapping%s", "");
    rc_bl_weight *v = rc_reallocarray(b->weights, b->n_weights + w->n, sizeof *v);
    if (!v && w->n) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    if (v) b->weights = v;
    for (size_t i = 0; i < w->n; i++) {
        rc_bl_weight *e = &b->weights[b->n_weights];
        memset(e, 0, sizeof *e);
        e->node = w->items[i];
        if (rc_node_as_number(w->items[i], &e->w) != 0 || !isfinite(e->w) || e->w < 0)
            return bad(err, w->items[i], "weight of '%s' must be a number >= 0", w->keys[i]);
        if ((parent && !(e->parent = rc_strdup(parent))) || !(e->child = rc_strdup(w->keys[i])))
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        b->n_weights++;
    }
    return 0;
}

int rc_baseline_load(const char *path, rc_baseline **out, rc_error *err)
{
    *out = NULL;
    rc_baseline *b = rc_calloc(1, sizeof *b);
    if (!b || !(b->path = rc_strdup(path))) {
        free(b);
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    }
    b->name = base_name(b->path);
    /* a FIFO, device or folder is refused before anything opens it for reading */
    int fd = rc_open_regular(path, "baseline", RC_ERRK_CONFIG, err);
    if (fd < 0) goto fail;
    close(fd);
    if (!(b->root = rc_yaml_load_file(path, err))) {
        rc_error_prefix(err, "baseline: ");
        goto fail;
    }
    if (sha256_file(path, b->sha256) != 0) {
        rc_error_set(err, RC_ERRK_CONFIG, "baseline %s cannot be read: %s", path, strerror(errno));
        goto fail;
    }
    const rc_node *r = b->root, *v = rc_node_get(r, "regcoord_baseline");
    int64_t ver = 0;
    if (r->kind != RC_NODE_MAP || !v || rc_node_as_int(v, &ver) != 0 || ver != 1) {
        bad(err, r, "%s is not a regcoord baseline (version 1): it needs `regcoord_baseline: 1`",
            path);
        goto fail;
    }
    if (known_keys(r, "the baseline", top_keys, sizeof top_keys / sizeof *top_keys, err)) goto fail;
    const rc_node *inds = rc_node_get(r, "indicators"), *ws = rc_node_get(r, "weights");
    if (!inds || inds->kind != RC_NODE_MAP) {
        bad(err, r, "needs 'indicators' as a mapping%s", "");
        goto fail;
    }
    if (!ws || ws->kind != RC_NODE_MAP) {
        bad(err, r, "needs 'weights' as a mapping%s", "");
        goto fail;
    }
    if (inds->n && !(b->inds = rc_calloc(inds->n, sizeof *b->inds))) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < inds->n; i++)
        if (load_ind(b, inds->items[i], err) != 0) goto fail;
    if (known_keys(ws, "weights", weights_keys, sizeof weights_keys / sizeof *weights_keys, err))
        goto fail;
    const rc_node *ix = rc_node_get(ws, "index"), *comps = rc_node_get(ws, "components");
    if (!ix || !comps || comps->kind != RC_NODE_MAP) {
        bad(err, ws, "needs 'index' and 'components' (a mapping)%s", "");
        goto fail;
    }
    if (load_weights(b, ix, NULL, err) != 0) goto fail;
    for (size_t i = 0; i < comps->n; i++)
        if (load_weights(b, comps->items[i], comps->keys[i], err) != 0) goto fail;
    *out = b;
    return 0;
fail:
    rc_baseline_free(b);
    return -1;
}

void rc_baseline_free(rc_baseline *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->n_inds; i++) {
        free(b->inds[i].path);
        free(b->inds[i].id);
    }
    for (size_t i = 0; i < b->n_weights; i++) {
        free(b->weights[i].parent);
        free(b->weights[i].child);
    }
    free(b->inds);
    free(b->weights);
    rc_node_free(b->root);
    free(b->path);
    free(b);
}

rc_bl_ind *rc_baseline_ind(rc_baseline *b, const char *path, const char *id)
{
    for (size_t i = 0; i < b->n_inds; i++)
        if (!strcmp(b->inds[i].path, path) && !strcmp(b->inds[i].id, id)) {
            b->inds[i].used = 1;
            return &b->inds[i];
        }
    return NULL;
}

rc_bl_weight *rc_baseline_weight(rc_baseline *b, const char *parent, const char *child)
{
    for (size_t i = 0; i < b->n_weights; i++) {
        rc_bl_weight *e = &b->weights[i];
        if ((parent ? e->parent && !strcmp(e->parent, parent) : !e->parent) && !strcmp(e->child, child)) {
            e->used = 1;
            return e;
        }
    }
    return NULL;
}

int rc_baseline_check_used(const rc_baseline *b, const char *config_name, rc_error *err)
{
    char wb[512];
    for (size_t i = 0; i < b->n_inds; i++)
        if (!b->inds[i].used)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: baseline %s holds indicator '%s' of '%s', which config %s "
                                "does not score; the baseline does not match the config (make a "
                                "new one with `regcoord baseline`)",
                                rc_node_where(b->inds[i].node, wb, sizeof wb), b->name,
                                b->inds[i].id, b->inds[i].path, config_name);
    for (size_t i = 0; i < b->n_weights; i++)
        if (!b->weights[i].used)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: baseline %s holds a weight for '%s' in '%s', which config %s "
                                "does not have; the baseline does not match the config (make a "
                                "new one with `regcoord baseline`)",
                                rc_node_where(b->weights[i].node, wb, sizeof wb), b->name,
                                b->weights[i].child,
                                b->weights[i].parent ? b->weights[i].parent : "index", config_name);
    return 0;
}

/* ---------------- writing ---------------- */

/* A YAML double-quoted string. */
static void yq(rc_buf *b, const char *s)
{
    rc_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') rc_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f) rc_buf_printf(b, "\\x%02x", *p);
        else rc_buf_append(b, (const char *)p, 1);
    }
    rc_buf_puts(b, "\"");
}

static void ynum(rc_buf *b, double v)
{
    char nb[64];
    rc_buf_puts(b, rc_fmt_double(v, nb, sizeof nb));
}

static const char *manifest_value(const rc_pipeline *pl, const char *key)
{
    const struct rc_table *t = rc_table_get(pl->rs, "manifest");
    for (size_t r = 0; t && r < t->nrows; r++)
        if (t->cells[r * t->ncols].s && !strcmp(t->cells[r * t->ncols].s, key))
            return t->cells[r * t->ncols + 1].s ? t->cells[r * t->ncols + 1].s : "";
    return "";
}

static int write_ind(rc_pipeline *pl, const rc_dim_run *d, const rc_comp_run *c,
                     const rc_ind_run *ind, rc_buf *b, rc_error *err)
{
    const rc_norm_spec *u = &ind->norm_used;
    size_t n = pl->nr * pl->ny;
    if (u->method == RC_NORM_RANK && u->scope == RC_SCOPE_POOLED)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "indicator '%s' in '%s' is normalised by rank over the pooled panel, "
                            "which no frozen bound can reproduce once a year is added; use "
                            "{method: rank, scope: per_year} or another method before making a "
                            "baseline", ind->id, c->path);
    rc_buf key;
    rc_buf_init(&key);
    rc_buf_printf(&key, "%s/%s", c->path, ind->id);
    rc_buf_puts(b, "  ");
    yq(b, key.data ? key.data : "");
    rc_buf_free(&key);
    rc_buf_puts(b, ":\n    dimension: ");
    yq(b, d->cfg->root.id);
    rc_buf_puts(b, "\n    component: ");
    yq(b, c->path);
    rc_buf_puts(b, "\n    indicator: ");
    yq(b, ind->id);
    rc_buf_printf(b, "\n    normalize: %s\n    scope: %s\n", rc_norm_method_name(u->method),
                  u->scope == RC_SCOPE_POOLED ? "pooled" : "per_year");
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(ind->value[i])) {
            if (ind->value[i] < mn) mn = ind->value[i];
            if (ind->value[i] > mx) mx = ind->value[i];
        }
    if (u->method == RC_NORM_GOALPOSTS) {
        rc_buf_puts(b, "    # the configured goalposts\n    min: ");
        ynum(b, u->gp_min);
        rc_buf_puts(b, "\n    max: ");
        ynum(b, u->gp_max);
        rc_buf_puts(b, "\n");
    } else if (u->scope == RC_SCOPE_PER_YEAR || u->method == RC_NORM_RANK || u->method == RC_NORM_NONE) {
        rc_buf_puts(b, u->method == RC_NORM_NONE
                           ? "    # no normalisation: nothing to freeze\n"
                           : "    # each year is normalised against its own values: adding a year "
                             "does not move the others, nothing to freeze\n");
    } else if (isinf(mn)) {
        rc_buf_printf(&pl->baseline_notes, "indicator '%s' in '%s' has no values: its bounds "
                      "are not frozen\n", ind->id, c->path);
        rc_buf_puts(b, "    # no values in these years: nothing frozen\n");
    } else {
        if (u->method == RC_NORM_ZSCORE) {
            double mean, sd;
            rc_stat_mean_sd(ind->value, n, u->ddof, &mean, &sd);
            rc_buf_printf(b, "    # pooled mean and %s SD, frozen; min/max: the observed range "
                          "(drift bounds)\n    mean: ", u->ddof ? "sample" : "population");
            ynum(b, mean);
            rc_buf_puts(b, "\n    sd: ");
            ynum(b, sd);
            rc_buf_puts(b, "\n");
        } else {
            rc_buf_puts(b, "    # the pooled minimum and maximum, frozen\n");
        }
        rc_buf_puts(b, "    min: ");
        ynum(b, mn);
        rc_buf_puts(b, "\n    max: ");
        ynum(b, mx);
        rc_buf_puts(b, "\n");
    }
    return 0;
}

static int write_inds(rc_pipeline *pl, const rc_dim_run *d, const rc_comp_run *c, rc_buf *b,
                      rc_error *err)
{
    for (size_t i = 0; i < c->n_inds; i++)
        if (write_ind(pl, d, c, c->inds[i], b, err) != 0) return -1;
    for (size_t j = 0; j < c->n_comps; j++)
        if (write_inds(pl, d, &c->comps[j], b, err) != 0) return -1;
    return 0;
}

/* Writes one weights group: `method`, a note when the weights vary by year, and the last
 * year's weight of each child (w[t * stride + off_of_child]). */
static int write_group(rc_pipeline *pl, rc_buf *b, const char *indent, const char *method,
                       const char *aggregate, size_t k, const char *const *ids,
                       const double *const *w, const size_t *stride, const size_t *off,
                       rc_error *err)
{
    size_t last = pl->ny - 1;
    int varies = 0;
    for (size_t j = 0; j < k; j++)
        for (size_t t = 0; t < pl->ny; t++)
            if (w[j][t * stride[j] + off[j]] != w[j][last * stride[j] + off[j]]) varies = 1;
    rc_buf_printf(b, "%smethod: ", indent);
    yq(b, method);
    rc_buf_puts(b, "\n");
    if (aggregate) {
        rc_buf_printf(b, "%saggregate: ", indent);
        yq(b, aggregate);
        rc_buf_puts(b, "\n");
    }
    if (varies)
        rc_buf_printf(b, "%snote: \"%s gives each year its own weights; the last year's (%d) "
                      "are frozen\"\n", indent, method, pl->panel->years[last]);
    rc_buf_printf(b, "%sweights:\n", indent);
    for (size_t j = 0; j < k; j++) {
        double v = w[j][last * stride[j] + off[j]];
        if (!isfinite(v))
            return rc_error_set(err, RC_ERRK_DATA, "the weight of '%s' is undefined in %d; "
                                "a baseline cannot freeze it", ids[j], pl->panel->years[last]);
        rc_buf_printf(b, "%s  ", indent);
        yq(b, ids[j]);
        rc_buf_puts(b, ": ");
        ynum(b, v);
        rc_buf_puts(b, "\n");
    }
    return 0;
}

static int write_comp_weights(rc_pipeline *pl, const rc_comp_run *c, rc_buf *b, rc_error *err)
{
    size_t k = c->n_inds + c->n_comps;
    const char **ids = rc_calloc(k ? k : 1, sizeof *ids);
    const double **w = rc_calloc(k ? k : 1, sizeof *w);
    size_t *stride = rc_calloc(k ? k : 1, sizeof *stride), *off = rc_calloc(k ? k : 1, sizeof *off);
    int rc = -1;
    if (!ids || !w || !stride || !off) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < c->n_inds; i++) {
        ids[i] = c->inds[i]->id;
        w[i] = c->inds[i]->w_local;
        stride[i] = 1;
    }
    for (size_t j = 0; j < c->n_comps; j++) {
        ids[c->n_inds + j] = c->comps[j].id;
        w[c->n_inds + j] = c->comps[j].w_local;
        stride[c->n_inds + j] = 1;
    }
    rc_buf_puts(b, "    ");
    yq(b, c->path);
    rc_buf_puts(b, ":\n");
    if (write_group(pl, b, "      ", c->weights_method, c->aggregate_method, k, ids, w, stride,
                    off, err) != 0)
        goto done;
    rc = 0;
    for (size_t j = 0; j < c->n_comps && rc == 0; j++) rc = write_comp_weights(pl, &c->comps[j], b, err);
done:
    free(ids);
    free(w);
    free(stride);
    free(off);
    return rc;
}

/* Through the run's outputs: a temporary file renamed into place, removed on a failure or
 * a signal, and never over an input of the run (`baseline cfg.yaml -o cfg.yaml`). */
static int write_atomically(rc_pipeline *pl, const char *path, const rc_buf *b, rc_error *err)
{
    struct rc_output *out = rc_outputs_begin(&pl->outputs, path, err);
    if (!out) {
        rc_error_prefix(err, "baseline: ");
        return -1;
    }
    if (rc_outputs_write(out, b->data, b->len, err) != 0 || rc_outputs_end(out, err) != 0 ||
        rc_outputs_commit(&pl->outputs, err) != 0) {
        rc_error_prefix(err, "baseline: ");
        return -1;
    }
    return 0;
}

int rc_baseline_write(rc_pipeline *pl, const char *path, rc_error *err)
{
    const rc_config *cfg = pl->cfg;
    rc_buf b;
    rc_buf_init(&b);
    int rc = -1;
    const int *years = pl->panel->years;
    rc_buf_printf(&b,
        "# regcoord baseline: frozen normalisation bounds and weights.\n"
        "#\n"
        "# Made by `regcoord baseline` (regcoord %s) from %s, data years %d-%d.\n"
        "# Score later data with it:  regcoord run CONFIG --baseline FILE  (or `baseline: FILE`\n"
        "# in the config). Normalisation then uses the bounds below instead of the data's and\n"
        "# every weight comes from here, so adding a year leaves the years already published\n"
        "# unchanged. Values beyond a bound are scored, not clipped (unless the indicator's\n"
        "# normalize has `clip: true`), and listed in the run's `drift` table. Numbers are\n"
        "# written so they read back exactly; changing one changes the methodology.\n"
        "# Format: docs/baselines.md.\n",
        REGCOORD_VERSION, base_name(cfg->path), years[0], years[pl->ny - 1]);
    rc_buf_puts(&b, "regcoord_baseline: 1\ntool_version: ");
    yq(&b, REGCOORD_VERSION);
    rc_buf_puts(&b, "\nconfig: ");
    yq(&b, base_name(cfg->path));
    rc_buf_puts(&b, "\nconfig_sha256: ");
    yq(&b, manifest_value(pl, "config_sha256"));
    rc_buf_puts(&b, "\ndata_sha256: ");
    yq(&b, manifest_value(pl, "data_sha256"));
    rc_buf_puts(&b, "\nyears: [");
    for (size_t t = 0; t < pl->ny; t++) rc_buf_printf(&b, "%s%d", t ? ", " : "", years[t]);
    rc_buf_puts(&b, "]\n# the run's method choices (the manifest's method:* entries)\nmethods:\n");
    const struct rc_table *mt = rc_table_get(pl->rs, "manifest");
    for (size_t r = 0; mt && r < mt->nrows; r++) {
        const char *k = mt->cells[r * mt->ncols].s, *v = mt->cells[r * mt->ncols + 1].s;
        if (!k || strncmp(k, "method:", 7) != 0) continue;
        rc_buf_puts(&b, "  ");
        yq(&b, k);
        rc_buf_puts(&b, ": ");
        yq(&b, v ? v : "");
        rc_buf_puts(&b, "\n");
    }
    rc_buf_puts(&b, "indicators:\n");
    for (size_t i = 0; i < pl->n_dims; i++) {
        const rc_dim_run *d = &pl->dims[i];
        if (d->scores != d->root.score) {
            rc_buf_printf(&pl->baseline_notes, "dimension '%s' is scored by its plugin: its "
                          "indicators and weights are not frozen\n", d->cfg->root.id);
            continue;
        }
        if (write_inds(pl, d, &d->root, &b, err) != 0) goto done;
    }
    rc_buf_puts(&b, "weights:\n  # dimensions in the index\n  index:\n");
    {
        size_t k = pl->n_dims;
        const char **ids = rc_calloc(k, sizeof *ids);
        const double **w = rc_calloc(k, sizeof *w);
        size_t *stride = rc_calloc(k, sizeof *stride), *off = rc_calloc(k, sizeof *off);
        int grc = -1;
        if (ids && w && stride && off) {
            for (size_t i = 0; i < k; i++) {
                ids[i] = pl->dims[i].cfg->root.id;
                w[i] = pl->dim_weights;
                stride[i] = k;
                off[i] = i;
            }
            grc = write_group(pl, &b, "    ", pl->index_weights_method, pl->index_aggregate_method,
                              k, ids, w, stride, off, err);
        } else {
            rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        }
        free(ids);
        free(w);
        free(stride);
        free(off);
        if (grc != 0) goto done;
    }
    rc_buf_puts(&b, "  # children (indicators and sub-components) of each component, by its path\n"
                    "  components:\n");
    for (size_t i = 0; i < pl->n_dims; i++)
        if (pl->dims[i].scores == pl->dims[i].root.score &&
            write_comp_weights(pl, &pl->dims[i].root, &b, err) != 0)
            goto done;
    rc_buf_puts(&b, "# what this baseline cannot freeze (the runs that use it redo these from the "
                    "data)\nnot_frozen:");
    if (!pl->baseline_notes.len) rc_buf_puts(&b, " []\n");
    else {
        rc_buf_puts(&b, "\n");
        char *s = pl->baseline_notes.data;
        while (s && *s) {
            char *nl = strchr(s, '\n');
            if (nl) *nl = '\0';
            rc_buf_puts(&b, "  - ");
            yq(&b, s);
            rc_buf_puts(&b, "\n");
            rc_pl_warn(pl, "baseline: %s", s);
            if (!nl) break;
            *nl = '\n';
            s = nl + 1;
        }
    }
    if (b.failed) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory writing the baseline");
        goto done;
    }
    rc = write_atomically(pl, path, &b, err);
done:
    rc_buf_free(&b);
    return rc;
}
