/* pipeline/manifest.c — the `manifest` table: what made these results (tool and ABI
 * version, config and data hashes, plugins and their versions, methods, years, baseline).
 * Nothing time- or machine-dependent goes in, so the same inputs give identical output. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/internal.h"
#include "util/file.h"
#include "util/path.h"
#include "util/str.h"

/* SHA-256 of a file as lowercase hex into hex[65]; -1 when it cannot be read. */
static int sha256_file(const char *path, char hex[65])
{
    rc_error e;
    FILE *f = rc_fopen_regular(path, NULL, RC_ERRK_DATA, &e); /* never blocks on a FIFO */
    if (!f) return -1;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(md);
        fclose(f);
        return -1;
    }
    unsigned char buf[65536];
    size_t got;
    int ok = 1;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        if (EVP_DigestUpdate(md, buf, got) != 1) ok = 0;
    if (ferror(f)) ok = 0;
    fclose(f);
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(md, dig, &len) != 1) ok = 0;
    EVP_MD_CTX_free(md);
    if (!ok) return -1;
    for (unsigned i = 0; i < len && i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    hex[64] = '\0';
    return 0;
}

static void sha256_text(const char *text, char hex[65])
{
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(text, strlen(text), dig, &len, EVP_sha256(), NULL);
    for (unsigned i = 0; i < len && i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    hex[64] = '\0';
}

/* A node as compact flow text: minmax, {method: minmax, scope: pooled}, [1, 2]. */
static void node_text(const rc_node *n, rc_buf *b)
{
    if (!n) {
        rc_buf_puts(b, "default");
        return;
    }
    if (n->kind == RC_NODE_SCALAR) {
        rc_buf_puts(b, n->str ? n->str : "");
    } else if (n->kind == RC_NODE_LIST) {
        rc_buf_puts(b, "[");
        for (size_t i = 0; i < n->n; i++) {
            if (i) rc_buf_puts(b, ", ");
            node_text(n->items[i], b);
        }
        rc_buf_puts(b, "]");
    } else {
        rc_buf_puts(b, "{");
        for (size_t i = 0; i < n->n; i++) {
            if (i) rc_buf_puts(b, ", ");
            rc_buf_printf(b, "%s: ", n->keys[i]);
            node_text(n->items[i], b);
        }
        rc_buf_puts(b, "}");
    }
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int add_kv(struct rc_table *t, const char *key, const char *value)
{
    long r = rc_table_add_row(t);
    if (r < 0) return -1;
    return rc_table_set_str(t, (size_t)r, 0, key) | rc_table_set_str(t, (size_t)r, 1, value);
}

/* One input file: key `<role>:<path relative to the config's folder>` (so two sources named
 * long.csv in different folders stay two keys), value its SHA-256. */
static int add_file_hash(struct rc_table *t, rc_buf *all, const char *role, const char *path,
                         const char *config_dir)
{
    char hex[65], key[1100];
    if (!path) return 0;
    if (sha256_file(path, hex) != 0) snprintf(hex, sizeof hex, "unreadable");
    char *rel = rc_path_relative(path, config_dir);
    if (!rel) return -1;
    snprintf(key, sizeof key, "%s:%.1000s", role, rel);
    free(rel);
    rc_buf_printf(all, "%s=%s\n", key, hex);
    return add_kv(t, key, hex);
}

int rc_manifest_build(rc_pipeline *pl, rc_error *err)
{
    static const char *cols[] = {"key", "value"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_STRING};
    const rc_config *cfg = pl->cfg;
    struct rc_table *t = rc_table_add(pl->rs, "manifest", 2, cols, types);
    if (!t) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    char hex[65], buf[256];
    rc_buf all, b;
    rc_buf_init(&all);
    rc_buf_init(&b);
    int bad = 0;
    bad |= add_kv(t, "tool", "regcoord");
    bad |= add_kv(t, "version", REGCOORD_VERSION);
    snprintf(buf, sizeof buf, "%d.%d", RC_ABI_MAJOR, RC_ABI_MINOR);
    bad |= add_kv(t, "abi", buf);
    bad |= add_kv(t, "title", cfg->title ? cfg->title : "");
    bad |= add_kv(t, "config", base_name(cfg->path));
    if (sha256_file(cfg->path, hex) != 0) snprintf(hex, sizeof hex, "unreadable");
    bad |= add_kv(t, "config_sha256", hex);
    bad |= add_file_hash(t, &all, "regions", cfg->regions.file, cfg->dir);
    bad |= add_file_hash(t, &all, "adjacency", cfg->regions.adjacency, cfg->dir);
    bad |= add_file_hash(t, &all, "coordinates", cfg->regions.coordinates, cfg->dir);
    for (size_t i = 0; i < cfg->n_data; i++) bad |= add_file_hash(t, &all, "data", cfg->data[i].file, cfg->dir);
    sha256_text(all.data ? all.data : "", hex);
    bad |= add_kv(t, "data_sha256", hex);
    snprintf(buf, sizeof buf, "%zu", pl->nr);
    bad |= add_kv(t, "regions", buf);
    snprintf(buf, sizeof buf, "%d-%d (%zu years)", pl->panel->years[0],
             pl->panel->years[pl->ny - 1], pl->ny);
    bad |= add_kv(t, "years", buf);
    for (size_t i = 0; i < pl->n_dims; i++) {
        const rc_plugin *p = pl->dims[i].plugin;
        char key[300];
        snprintf(key, sizeof key, "dimension:%s", pl->dims[i].cfg->root.id);
        snprintf(buf, sizeof buf, "plugin %s %s", p->name, p->desc->version);
        bad |= add_kv(t, key, buf);
    }
    for (size_t i = 0; i < cfg->n_reports; i++) {
        const rc_plugin *p = rc_registry_find(pl->reg, cfg->reports[i].plugin);
        char key[300];
        snprintf(key, sizeof key, "report:%zu", i + 1);
        snprintf(buf, sizeof buf, "plugin %s %s -> %s", cfg->reports[i].plugin,
                 p ? p->desc->version : "?", cfg->reports[i].path);
        bad |= add_kv(t, key, buf);
    }
    struct { const char *key; const rc_node *node; } methods[] = {
        {"method:normalize", cfg->def_normalize}, {"method:weights", cfg->def_weights},
        {"method:aggregate", cfg->def_aggregate}, {"method:impute", cfg->def_impute},
        {"method:treat", cfg->def_treat}, {"method:missing", cfg->def_missing},
        {"method:index_weights", cfg->index_weights}, {"method:index_aggregate", cfg->index_aggregate},
    };
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        b.len = 0;
        if (b.data) b.data[0] = '\0';
        node_text(methods[i].node, &b);
        bad |= add_kv(t, methods[i].key, b.data ? b.data : "");
    }
    snprintf(buf, sizeof buf, "%.17g", cfg->index_scale);
    bad |= add_kv(t, "index_scale", buf);
    bad |= add_kv(t, "rank_ties", "ties share the lowest rank (1, 2, 2, 4); 1 = highest");
    bad |= add_kv(t, "baseline", cfg->baseline ? base_name(cfg->baseline) : "none");
    /* coverage (coverage.c): what the scores are built from, and the year to report */
    snprintf(buf, sizeof buf, "%zu index values, %zu dimension scores, %zu component scores",
             pl->n_partial[0], pl->n_partial[1], pl->n_partial[2]);
    bad |= add_kv(t, "partial_scores", buf);
    snprintf(buf, sizeof buf, "%zu index values, %zu dimension scores, %zu component scores",
             pl->n_missing[0], pl->n_missing[1], pl->n_missing[2]);
    bad |= add_kv(t, "missing_scores", buf);
    snprintf(buf, sizeof buf, "%d", pl->report_year);
    bad |= add_kv(t, "report_year", buf);
    bad |= add_kv(t, "report_year_reason", pl->report_year_reason);
    int failed = all.failed || b.failed;
    rc_buf_free(&all);
    rc_buf_free(&b);
    if (bad || failed) return rc_error_set(err, RC_ERRK_OTHER, "out of memory building the manifest");
    return 0;
}
