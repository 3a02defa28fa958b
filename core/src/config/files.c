/* config/files.c — report path checks and the list of a run's input files. */
#include "config/files.h"

#include <stdlib.h>
#include <string.h>

#include "util/path.h"
#include "util/str.h"

/* `root:` — output (default) or config. */
static int report_root(rc_report_cfg *r, size_t i, rc_error *err)
{
    const rc_node *rn = rc_node_get(r->node, "root");
    r->root_config = 0;
    if (!rn) return 0;
    const char *v = rc_node_as_str(rn);
    char w[512];
    rc_node_where(rn, w, sizeof w);
    if (v && strcmp(v, "output") == 0) return 0;
    if (v && strcmp(v, "config") == 0) {
        r->root_config = 1;
        return 0;
    }
    return rc_error_set(err, RC_ERRK_CONFIG, "%s: report %zu: 'root' must be output (the output "
                        "folder) or config (the config's folder), not '%s'", w, i + 1,
                        v ? v : "a mapping or list");
}

int rc_config_check_report_path(rc_config *cfg, size_t i, rc_error *err)
{
    rc_report_cfg *r = &cfg->reports[i];
    const rc_node *pn = rc_node_get(r->node, "path");
    char w[512];
    rc_node_where(pn ? pn : r->node, w, sizeof w);
    if (report_root(r, i, err)) return -1;
    const char *folder = r->root_config ? "the config's folder" : "the output folder (-o)";
    const char *p = r->path;
    if (!p || !*p)
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: report %zu: 'path' is empty; give a file "
                            "or folder name relative to the output folder", w, i + 1);
    if (p[0] == '/')
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: report %zu: 'path' must be relative to %s, "
                            "not the absolute path '%s'", w, i + 1, folder, p);
    for (const unsigned char *c = (const unsigned char *)p; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return rc_error_set(err, RC_ERRK_CONFIG, "%s: report %zu: 'path' holds a control "
                                "character", w, i + 1);
    char *n = rc_path_normalize(p);
    if (!n) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    if (rc_path_escapes(n) || strcmp(n, ".") == 0) {
        rc_error_set(err, RC_ERRK_CONFIG, "%s: report %zu: 'path' %s '%s'; reports stay inside "
                     "%s", w, i + 1,
                     strcmp(n, ".") == 0 ? (r->root_config ? "names the config's folder itself, not a file in it:"
                                                           : "names the output folder itself, not a file in it:")
                                         : (r->root_config ? "leads out of the config's folder:"
                                                           : "leads out of the output folder:"),
                     p, folder);
        free(n);
        return -1;
    }
    for (size_t j = 0; j < i; j++) {
        if (strcmp(cfg->reports[j].path, n) != 0 || cfg->reports[j].root_config != r->root_config)
            continue;
        char w2[512];
        const rc_node *qn = rc_node_get(cfg->reports[j].node, "path");
        rc_node_where(qn ? qn : cfg->reports[j].node, w2, sizeof w2);
        rc_error_set(err, RC_ERRK_CONFIG, "%s: report %zu writes '%s', the same file as report "
                     "%zu (%s); give each report its own path", w, i + 1, n, j + 1, w2);
        free(n);
        return -1;
    }
    free(r->path);
    r->path = n;
    return 0;
}

/* A report key naming a file relative to the config's folder (the html map's GeoJSON). */
static int report_file(const rc_config *cfg, const rc_report_cfg *r, const char *key,
                       const char *what, rc_input_fn fn, void *user, rc_error *err)
{
    const rc_node *n = rc_node_get(r->node, key);
    const char *v = n ? rc_node_as_str(n) : NULL;
    if (!v || !*v) return 0;
    rc_buf b;
    rc_buf_init(&b);
    if (v[0] == '/') rc_buf_puts(&b, v);
    else rc_buf_printf(&b, "%s/%s", cfg->dir ? cfg->dir : ".", v);
    if (b.failed) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    int rc = fn(user, b.data, what, RC_ERRK_CONFIG, n);
    rc_buf_free(&b);
    return rc;
}

int rc_config_each_input(const rc_config *cfg, rc_input_fn fn, void *user, rc_error *err)
{
    int rc;
    if (cfg->path && (rc = fn(user, cfg->path, "config", RC_ERRK_CONFIG, NULL)) != 0) return rc;
    const rc_regions_cfg *g = &cfg->regions;
    if (g->file && (rc = fn(user, g->file, "regions file", RC_ERRK_DATA, g->node)) != 0) return rc;
    if (g->adjacency && (rc = fn(user, g->adjacency, "adjacency file", RC_ERRK_DATA, g->node)) != 0)
        return rc;
    if (g->coordinates &&
        (rc = fn(user, g->coordinates, "coordinates file", RC_ERRK_DATA, g->node)) != 0)
        return rc;
    for (size_t i = 0; i < cfg->n_data; i++)
        if ((rc = fn(user, cfg->data[i].file, "data file", RC_ERRK_DATA, cfg->data[i].node)) != 0)
            return rc;
    if (cfg->baseline && (rc = fn(user, cfg->baseline, "baseline", RC_ERRK_CONFIG, NULL)) != 0)
        return rc;
    for (size_t i = 0; i < cfg->n_reports; i++)
        if ((rc = report_file(cfg, &cfg->reports[i], "geojson", "GeoJSON file", fn, user, err)) != 0)
            return rc;
    return 0;
}
