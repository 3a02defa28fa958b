/* pipeline/guard.c — implementation of the plugin guard (pipeline/guard.h): crash and time-limit
 * handlers around plugin callbacks, and read-only checksums of the panel and result set. */
#include "pipeline/guard.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config/node.h"
#include "util/phase.h"

static const int guarded_signals[RC_GUARD_NSIG] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                                   SIGALRM};

/* ---- state read by the signal handler (prepared before each callback) ---- */
static char crash_head[768];                 /* "regcoord: error: plugin 'p' (what) " */
static const char *volatile crash_callback = "init";
static char timeout_text[64];                /* "60 s" */
static const rc_outputs *volatile crash_outputs;
static _Alignas(16) char alt_stack[1 << 16];

static void put(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) continue;
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

static const char *signal_text(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV (invalid memory access)";
    case SIGBUS: return "SIGBUS (bus error)";
    case SIGFPE: return "SIGFPE (arithmetic fault)";
    case SIGILL: return "SIGILL (illegal instruction)";
    case SIGABRT: return "SIGABRT (aborted)";
    default: return "a fatal signal";
    }
}

/* Async-signal-safe: write(2), unlink(2), _exit(2) only, over data prepared in advance. */
static void on_fatal(int sig)
{
    int saved = errno;
    const char *cb = crash_callback;
    put(crash_head);
    if (sig == SIGALRM) {
        put("did not return from its ");
        put(cb);
        put("() callback within ");
        put(timeout_text);
        put(" (plugin_timeout)");
    } else {
        put("crashed in its ");
        put(cb);
        put("() callback with ");
        put(signal_text(sig));
    }
    put("; the run was stopped and no report was written or replaced\n");
    const rc_outputs *o = crash_outputs;
    if (o) rc_outputs_stop_cleanup(o);
    errno = saved;
    _exit(RC_ERRK_PLUGIN);
}

double rc_guard_timeout(const rc_config *cfg)
{
    const rc_node *n = cfg && cfg->root ? rc_node_get(cfg->root, "plugin_timeout") : NULL;
    double secs = 60;
    if (n && rc_node_as_number(n, &secs) != 0) secs = 60; /* checked when the config loaded */
    return secs > 0 ? secs : 0;
}

static void arm(double secs)
{
    struct itimerval t;
    memset(&t, 0, sizeof t);
    if (secs > 0) {
        t.it_value.tv_sec = (time_t)secs;
        t.it_value.tv_usec = (suseconds_t)((secs - (double)(time_t)secs) * 1e6);
        if (t.it_value.tv_sec == 0 && t.it_value.tv_usec == 0) t.it_value.tv_usec = 1;
    }
    setitimer(ITIMER_REAL, &t, NULL);
}

void rc_guard_enter(rc_guard *g, const char *plugin, const char *what, double timeout,
                    const rc_panel *panel, const rc_resultset *rs, const rc_outputs *outputs,
                    rc_guard_sums *known)
{
    memset(g, 0, sizeof *g);
    g->plugin = plugin;
    g->what = what;
    g->timeout = timeout > 0 ? timeout : 0;
    g->panel = panel;
    g->rs = rs;
    g->known = known;
    double t0 = rc_clock_now();
    if (panel) g->panel_sum = known && known->have_panel ? known->panel : rc_guard_panel_sum(panel);
    if (rs) g->rs_sum = known && known->have_rs ? known->rs : rc_guard_results_sum(rs);
    if (known) known->seconds += rc_clock_now() - t0;

    snprintf(crash_head, sizeof crash_head, "regcoord: error: plugin '%s' (%s) ",
             plugin ? plugin : "?", what ? what : "?");
    snprintf(timeout_text, sizeof timeout_text, "%g s", g->timeout);
    crash_callback = "init";
    crash_outputs = outputs;

    stack_t ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = alt_stack;
    ss.ss_size = sizeof alt_stack;
    sigaltstack(&ss, &g->old_stack);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal;
    sa.sa_flags = SA_ONSTACK;
    sigfillset(&sa.sa_mask); /* nothing interrupts the handler */
    for (int i = 0; i < RC_GUARD_NSIG; i++) sigaction(guarded_signals[i], &sa, &g->old_act[i]);
    getitimer(ITIMER_REAL, &g->old_timer);
    /* the crash signals must get through even if the caller blocked them */
    sigset_t unblock;
    sigemptyset(&unblock);
    for (int i = 0; i < RC_GUARD_NSIG; i++) sigaddset(&unblock, guarded_signals[i]);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    g->active = 1;
}

void rc_guard_call(rc_guard *g, const char *callback)
{
    crash_callback = callback;
    if (g->active) arm(g->timeout);
}

int rc_guard_leave(rc_guard *g, rc_error *err)
{
    if (!g->active) return 0;
    arm(0);
    for (int i = 0; i < RC_GUARD_NSIG; i++) sigaction(guarded_signals[i], &g->old_act[i], NULL);
    sigaltstack(&g->old_stack, NULL);
    setitimer(ITIMER_REAL, &g->old_timer, NULL);
    crash_outputs = NULL;
    g->active = 0;
    double t0 = rc_clock_now();
    int panel_changed = g->panel && rc_guard_panel_sum(g->panel) != g->panel_sum;
    int rs_changed = !panel_changed && g->rs && rc_guard_results_sum(g->rs) != g->rs_sum;
    if (g->known) g->known->seconds += rc_clock_now() - t0;
    if (panel_changed)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' (%s) modified the panel it was given read-only; its "
                            "results cannot be trusted and no report was written",
                            g->plugin, g->what);
    if (rs_changed)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' (%s) modified the result tables it was given "
                            "read-only; no report was written", g->plugin, g->what);
    if (g->known) { /* both still hold: the next plugin need not sum them again first */
        if (g->panel) {
            g->known->panel = g->panel_sum;
            g->known->have_panel = 1;
        }
        if (g->rs) {
            g->known->rs = g->rs_sum;
            g->known->have_rs = 1;
        }
    }
    return 0;
}

/* ---- checksums: four 64-bit lanes (xxHash64's round), memory-bound on large arrays ---- */

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL

typedef struct hasher {
    uint64_t lane[4];
} hasher;

static uint64_t round64(uint64_t acc, uint64_t in)
{
    acc += in * P2;
    acc = (acc << 31) | (acc >> 33);
    return acc * P1;
}

static void hash_bytes(hasher *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t w[4];
    while (n >= 32) {
        memcpy(w, p, 32);
        h->lane[0] = round64(h->lane[0], w[0]);
        h->lane[1] = round64(h->lane[1], w[1]);
        h->lane[2] = round64(h->lane[2], w[2]);
        h->lane[3] = round64(h->lane[3], w[3]);
        p += 32;
        n -= 32;
    }
    uint64_t tail = n;
    for (size_t i = 0; i < n; i++) tail = round64(tail, p[i]);
    h->lane[0] = round64(h->lane[0], tail);
}

static void hash_u64(hasher *h, uint64_t v) { h->lane[1] = round64(h->lane[1], v); }

static void hash_str(hasher *h, const char *s)
{
    if (!s) {
        hash_u64(h, UINT64_MAX);
        return;
    }
    size_t n = strlen(s);
    hash_u64(h, n);
    hash_bytes(h, s, n);
}

static void hash_init(hasher *h)
{
    h->lane[0] = P1 + P2;
    h->lane[1] = P2;
    h->lane[2] = 0;
    h->lane[3] = 0 - P1;
}

static uint64_t hash_end(const hasher *h)
{
    uint64_t x = 0;
    for (int i = 0; i < 4; i++) x = round64(x ^ ((x << 7) | (x >> 57)), h->lane[i]);
    return x;
}

uint64_t rc_guard_panel_sum(const rc_panel *p)
{
    hasher h;
    hash_init(&h);
    if (!p) return 0;
    size_t cells = p->n_regions * p->n_years;
    hash_u64(&h, p->n_regions);
    hash_u64(&h, p->n_years);
    hash_u64(&h, p->n_series);
    for (size_t r = 0; r < p->n_regions; r++) {
        hash_str(&h, p->region_ids[r]);
        hash_str(&h, p->region_names ? p->region_names[r] : NULL);
    }
    if (p->years) hash_bytes(&h, p->years, p->n_years * sizeof *p->years);
    for (size_t s = 0; s < p->n_series; s++) {
        hash_str(&h, p->series_names[s]);
        if (p->values[s]) hash_bytes(&h, p->values[s], cells * sizeof(double));
    }
    for (size_t g = 0; g < p->n_groupings; g++) {
        const rc_grouping *gr = &p->groupings[g];
        hash_str(&h, gr->name);
        for (size_t l = 0; l < gr->n_labels; l++) hash_str(&h, gr->labels[l]);
        if (gr->of_region) hash_bytes(&h, gr->of_region, p->n_regions * sizeof *gr->of_region);
    }
    const rc_spatial *sp = p->spatial;
    if (sp && sp->off) {
        hash_bytes(&h, sp->off, (sp->n + 1) * sizeof *sp->off);
        size_t m = sp->off[sp->n];
        if (sp->nbr) hash_bytes(&h, sp->nbr, m * sizeof *sp->nbr);
        if (sp->w) hash_bytes(&h, sp->w, m * sizeof *sp->w);
    }
    if (p->coord_x) hash_bytes(&h, p->coord_x, p->n_regions * sizeof *p->coord_x);
    if (p->coord_y) hash_bytes(&h, p->coord_y, p->n_regions * sizeof *p->coord_y);
    return hash_end(&h);
}

uint64_t rc_guard_results_sum(const rc_resultset *rs)
{
    hasher h;
    hash_init(&h);
    if (!rs) return 0;
    hash_u64(&h, rs->n);
    for (size_t i = 0; i < rs->n; i++) {
        const struct rc_table *t = rs->tables[i];
        hash_str(&h, t->name);
        hash_u64(&h, t->ncols);
        hash_u64(&h, t->nrows);
        for (size_t c = 0; c < t->ncols; c++) {
            hash_str(&h, t->col_names[c]);
            hash_u64(&h, (uint64_t)t->col_types[c]);
        }
        if (t->cells) hash_bytes(&h, t->cells, t->nrows * t->ncols * sizeof *t->cells);
        for (size_t k = 0; k < t->strings.cap; k++)
            if (t->strings.slots && t->strings.slots[k]) hash_str(&h, t->strings.slots[k]);
    }
    return hash_end(&h);
}
