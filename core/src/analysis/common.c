/* analysis/common.c — what the analysis modules share (module.h): the table writer, the
 * values an analysis reads (`on:`) and one year's cross-section, and the parsing helpers for
 * `on:`, dimension ids and choices. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/module.h"

int rc_tw_open(rc_tw *w, rc_resultset *rs, const char *name, size_t nc,
                   const char *const *names, const int32_t *types, rc_error *err)
{
    w->fail = 0;
    w->row = 0;
    w->t = rc_table_add(rs, name, nc, names, types);
    if (!w->t)
        return rc_error_set(err, RC_ERRK_OTHER,
                            "cannot create result table '%s' (out of memory or the name is "
                            "already taken)", name);
    return 0;
}

void rc_tw_row(rc_tw *w)
{
    long r = rc_table_add_row(w->t);
    if (r < 0) w->fail = 1;
    else w->row = (size_t)r;
}

void rc_tw_s(rc_tw *w, size_t c, const char *s)
{
    if (!w->fail && rc_table_set_str(w->t, w->row, c, s)) w->fail = 1;
}

void rc_tw_n(rc_tw *w, size_t c, double v)
{
    if (!w->fail && rc_table_set_num(w->t, w->row, c, v)) w->fail = 1;
}

void rc_tw_i(rc_tw *w, size_t c, int64_t v)
{
    if (!w->fail && rc_table_set_int(w->t, w->row, c, v)) w->fail = 1;
}

int rc_tw_close(rc_tw *w, rc_error *err)
{
    if (w->fail)
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory while filling table '%s'",
                            w->t->name);
    return 0;
}

/* The values an analysis works on: the index, or a dimension's scores (`on:`). */
const double *rc_an_values_of(const rc_an_ctx *c, const char *on, rc_error *err)
{
    if (!on) {
        if (!c->st->index) rc_error_set(err, RC_ERRK_DATA, "the run produced no index to analyse");
        return c->st->index;
    }
    for (size_t d = 0; d < c->st->n_dims; d++)
        if (strcmp(c->st->dim_ids[d], on) == 0) return c->st->dim_scores[d];
    rc_error_set(err, RC_ERRK_CONFIG, "analysis 'on: %s' names no dimension of this run", on);
    return NULL;
}

/* Gathers year t's non-missing values (and their region indices). Returns the count. */
size_t rc_an_cross_section(const rc_an_ctx *c, const double *v, size_t t, double *y, size_t *reg)
{
    size_t n = 0;
    for (size_t r = 0; r < c->nr; r++) {
        double x = v[t * c->nr + r];
        if (isnan(x)) continue;
        y[n] = x;
        if (reg) reg[n] = r;
        n++;
    }
    return n;
}

long rc_an_dim_index(const rc_config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->n_dims; i++)
        if (cfg->dims[i].root.id && strcmp(cfg->dims[i].root.id, id) == 0) return (long)i;
    return -1;
}

void rc_an_dim_list(const rc_config *cfg, rc_buf *b)
{
    for (size_t i = 0; i < cfg->n_dims; i++)
        rc_buf_printf(b, "%s%s", i ? ", " : "", cfg->dims[i].root.id);
}

/* `on:` must name a dimension */
int rc_an_parse_on(const rc_config *cfg, const struct rc_node *sec, const char *what,
                    const char **out, rc_error *err)
{
    const struct rc_node *n = rc_node_get(sec, "on");
    *out = NULL;
    if (!n) return 0;
    const char *s = rc_node_as_str(n);
    if (rc_an_dim_index(cfg, s) < 0) {
        char w[256];
        rc_buf b;
        rc_buf_init(&b);
        rc_an_dim_list(cfg, &b);
        rc_error_set(err, RC_ERRK_CONFIG,
                     "%s: analysis.%s.on is '%s', which is not a dimension; use one of: %s "
                     "(or remove 'on' to analyse the index)",
                     rc_node_where(n, w, sizeof w), what, s, b.data ? b.data : "");
        rc_buf_free(&b);
        return -1;
    }
    *out = s;
    return 0;
}

int rc_an_parse_choice(const struct rc_node *sec, const char *key, const char *what,
                        const char *const *choices, size_t nc, int *out, rc_error *err)
{
    const struct rc_node *n = rc_node_get(sec, key);
    if (!n) return 0;
    const char *s = rc_node_as_str(n);
    for (size_t i = 0; i < nc; i++)
        if (strcmp(s, choices[i]) == 0) { *out = (int)i; return 0; }
    char w[256];
    rc_buf b;
    rc_buf_init(&b);
    for (size_t i = 0; i < nc; i++) rc_buf_printf(&b, "%s'%s'", i ? " or " : "", choices[i]);
    const char *sug = rc_suggest(s, choices, nc);
    rc_error_set(err, RC_ERRK_CONFIG, "%s: analysis.%s.%s must be %s, not '%s'%s%s%s",
                 rc_node_where(n, w, sizeof w), what, key, b.data ? b.data : "", s,
                 sug ? "; did you mean '" : "", sug ? sug : "", sug ? "'?" : "");
    rc_buf_free(&b);
    return -1;
}
