/* tests/analysis_plugins/audit_mem_sink.h — an in-memory sink for the audit's tables
 * (au_sink of plugins/analyses/audit/audit_model.h): each table's cells kept as text (numbers
 * "%.17g"), with lookups by column name. Asserts with Check: call it from a test. */
#ifndef AUDIT_MEM_SINK_H
#define AUDIT_MEM_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "../../plugins/analyses/audit/audit_model.h"

enum { MAXT = 8, MAXC = 24 };
typedef struct mtable {
    char name[32];
    size_t nc, nr;
    char cols[MAXC][32];
    char *(*cell)[MAXC]; /* nr rows (cap allocated) */
    size_t cap;
} mtable;
typedef struct msink {
    mtable t[MAXT];
    size_t nt;
} msink;


int m_table(void *u, const char *name, size_t nc, const char *const *cols, const int32_t *types);
int m_row(void *u);
int m_str(void *u, size_t c, const char *v);
int m_num(void *u, size_t c, double v);
int m_int(void *u, size_t c, int64_t v);
/* Empties s and points out at it. */
void m_sink(msink *s, au_sink *out);
void m_free(msink *s);
const mtable *m_get(const msink *s, const char *name);
const char *m_cell(const mtable *t, size_t r, const char *col);
double m_numc(const mtable *t, size_t r, const char *col);
/* The first row whose column `col` is `v` (and `col2` is `v2` when col2 is not NULL), or -1. */
long m_find(const mtable *t, const char *col, const char *v, const char *col2, const char *v2);

#endif
