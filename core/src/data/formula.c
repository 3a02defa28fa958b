/* data/formula.c — derived-series formulas: a recursive-descent parser compiling the text
 * to a postfix program, and an evaluator running that program over whole columns with one
 * scratch block (no allocation per cell). */
#include "data/formula.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

typedef enum {
    OP_NUM, OP_NAME, OP_NEG, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW,
    OP_LOG, OP_EXP, OP_SQRT, OP_ABS, OP_MIN, OP_MAX
} op_code;

typedef struct op {
    op_code code;
    double num;   /* OP_NUM */
    size_t arg;   /* OP_NAME: name index; OP_MIN/OP_MAX: number of arguments */
} op;

struct rc_formula {
    op *ops;
    size_t n_ops, cap_ops;
    char **names;
    size_t n_names;
    size_t max_stack;
};

static const struct {
    const char *name;
    op_code code;
    int min_args, max_args; /* max_args 0 = no upper bound */
} functions[] = {
    {"log", OP_LOG, 1, 1}, {"exp", OP_EXP, 1, 1}, {"sqrt", OP_SQRT, 1, 1},
    {"abs", OP_ABS, 1, 1}, {"min", OP_MIN, 2, 0}, {"max", OP_MAX, 2, 0},
};
#define N_FUNCTIONS (sizeof functions / sizeof functions[0])

typedef enum { T_END, T_NUM, T_NAME, T_OP } tok_type;

typedef struct parser {
    const char *text;
    size_t pos;          /* byte offset after the current token */
    tok_type tok;
    size_t tok_start;    /* byte offset of the current token */
    const char *tok_str; /* names: start of the name text */
    size_t tok_len;
    double tok_num;
    char tok_op;
    int depth;
    size_t height;       /* evaluation stack height after the emitted ops */
    rc_formula *f;
    rc_error *err;
} parser;

/* 1-based character (code point) position of a byte offset. */
static size_t char_pos(const char *text, size_t off)
{
    size_t n = 1;
    for (size_t i = 0; i < off && text[i]; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) n++;
    return n;
}

static int fail_at(parser *ps, size_t off, const char *what, const char *detail)
{
    return rc_error_set(ps->err, RC_ERRK_CONFIG, "at character %zu: %s%s", char_pos(ps->text, off),
                        what, detail ? detail : "");
}

static int is_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c >= 0x80;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads the next token into ps. */
static int lex(parser *ps)
{
    const char *s = ps->text;
    size_t i = ps->pos;
    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') i++;
    ps->tok_start = i;
    char c = s[i];
    if (c == '\0') {
        ps->tok = T_END;
        ps->pos = i;
        return 0;
    }
    if (is_digit(c) || (c == '.' && is_digit(s[i + 1]))) {
        size_t j = i;
        while (is_digit(s[j])) j++;
        if (s[j] == '.') {
            j++;
            while (is_digit(s[j])) j++;
        }
        if (s[j] == 'e' || s[j] == 'E') {
            size_t k = j + 1;
            if (s[k] == '+' || s[k] == '-') k++;
            if (!is_digit(s[k])) return fail_at(ps, i, "malformed number (digits expected after 'e')", NULL);
            while (is_digit(s[k])) k++;
            j = k;
        }
        char buf[64];
        if (j - i >= sizeof buf) return fail_at(ps, i, "number too long", NULL);
        memcpy(buf, s + i, j - i);
        buf[j - i] = '\0';
        double v = strtod(buf, NULL);
        if (!isfinite(v)) return fail_at(ps, i, "number out of range", NULL);
        ps->tok = T_NUM;
        ps->tok_num = v;
        ps->pos = j;
        return 0;
    }
    if (c == '`') {
        size_t j = i + 1;
        while (s[j] && s[j] != '`') j++;
        if (!s[j]) return fail_at(ps, i, "unterminated `name` (no closing backquote)", NULL);
        if (j == i + 1) return fail_at(ps, i, "empty `` name", NULL);
        ps->tok = T_NAME;
        ps->tok_str = s + i + 1;
        ps->tok_len = j - i - 1;
        ps->pos = j + 1;
        return 0;
    }
    if (is_name_char((unsigned char)c)) {
        size_t j = i;
        while (is_name_char((unsigned char)s[j])) j++;
        ps->tok = T_NAME;
        ps->tok_str = s + i;
        ps->tok_len = j - i;
        ps->pos = j;
        return 0;
    }
    if (strchr("+-*/^(),", c)) {
        ps->tok = T_OP;
        ps->tok_op = c;
        ps->pos = i + 1;
        return 0;
    }
    char ch[8] = {0};
    size_t k = 0;
    do {
        ch[k] = s[i + k];
        k++;
    } while (k < 4 && ((unsigned char)s[i + k] & 0xC0) == 0x80);
    char detail[32];
    snprintf(detail, sizeof detail, " '%s'", ch);
    return fail_at(ps, i, "unexpected character", detail);
}

static int is_op(const parser *ps, char c)
{
    return ps->tok == T_OP && ps->tok_op == c;
}

static int emit(parser *ps, op_code code, double num, size_t arg)
{
    rc_formula *f = ps->f;
    if (f->n_ops == f->cap_ops) {
        size_t cap = f->cap_ops ? f->cap_ops * 2 : 32;
        op *n = rc_reallocarray(f->ops, cap, sizeof *n);
        if (!n) return rc_error_set(ps->err, RC_ERRK_OTHER, "out of memory compiling a formula");
        f->ops = n;
        f->cap_ops = cap;
    }
    f->ops[f->n_ops++] = (op){code, num, arg};
    if (code == OP_NUM || code == OP_NAME)
        ps->height++;
    else if (code == OP_ADD || code == OP_SUB || code == OP_MUL || code == OP_DIV || code == OP_POW)
        ps->height--;
    else if (code == OP_MIN || code == OP_MAX)
        ps->height -= arg - 1;
    if (ps->height > f->max_stack) f->max_stack = ps->height;
    return 0;
}

static int name_index(parser *ps, const char *s, size_t len, size_t *idx)
{
    rc_formula *f = ps->f;
    for (size_t i = 0; i < f->n_names; i++)
        if (strlen(f->names[i]) == len && memcmp(f->names[i], s, len) == 0) {
            *idx = i;
            return 0;
        }
    char **nn = rc_reallocarray(f->names, f->n_names + 1, sizeof *nn);
    if (!nn) return rc_error_set(ps->err, RC_ERRK_OTHER, "out of memory compiling a formula");
    f->names = nn;
    if (!(nn[f->n_names] = rc_strndup(s, len)))
        return rc_error_set(ps->err, RC_ERRK_OTHER, "out of memory compiling a formula");
    *idx = f->n_names++;
    return 0;
}

static int parse_expr(parser *ps);
static int parse_unary(parser *ps);

static int enter(parser *ps)
{
    if (++ps->depth > RC_FORMULA_MAX_DEPTH)
        return fail_at(ps, ps->tok_start, "the formula is nested deeper than 64 levels", NULL);
    return 0;
}

static int parse_atom(parser *ps)
{
    if (ps->tok == T_NUM) {
        if (emit(ps, OP_NUM, ps->tok_num, 0)) return -1;
        return lex(ps);
    }
    if (ps->tok == T_NAME) {
        const char *nm = ps->tok_str;
        size_t len = ps->tok_len, start = ps->tok_start;
        int backquoted = ps->text[start] == '`';
        if (lex(ps)) return -1;
        if (!backquoted && is_op(ps, '(')) {
            size_t fi = N_FUNCTIONS;
            for (size_t k = 0; k < N_FUNCTIONS; k++)
                if (strlen(functions[k].name) == len && memcmp(functions[k].name, nm, len) == 0)
                    fi = k;
            if (fi == N_FUNCTIONS) {
                char detail[160];
                snprintf(detail, sizeof detail,
                         " '%.*s' (functions: log, exp, sqrt, abs, min, max)", (int)(len > 100 ? 100 : len), nm);
                return fail_at(ps, start, "unknown function", detail);
            }
            if (enter(ps) || lex(ps)) return -1;
            size_t nargs = 0;
            for (;;) {
                if (parse_expr(ps)) return -1;
                nargs++;
                if (is_op(ps, ',')) {
                    if (lex(ps)) return -1;
                    continue;
                }
                if (!is_op(ps, ')')) return fail_at(ps, ps->tok_start, "expected ',' or ')'", NULL);
                break;
            }
            if ((int)nargs < functions[fi].min_args ||
                (functions[fi].max_args && (int)nargs > functions[fi].max_args)) {
                char detail[96];
                if (functions[fi].max_args == 1)
                    snprintf(detail, sizeof detail, "%s() takes 1 argument, not %zu",
                             functions[fi].name, nargs);
                else
                    snprintf(detail, sizeof detail, "%s() takes at least 2 arguments, not %zu",
                             functions[fi].name, nargs);
                return fail_at(ps, start, detail, NULL);
            }
            ps->depth--;
            if (emit(ps, functions[fi].code, 0, nargs)) return -1;
            return lex(ps);
        }
        size_t idx = 0;
        if (name_index(ps, nm, len, &idx)) return -1;
        return emit(ps, OP_NAME, 0, idx);
    }
    if (is_op(ps, '(')) {
        if (lex(ps) || parse_expr(ps)) return -1;
        if (!is_op(ps, ')')) return fail_at(ps, ps->tok_start, "expected ')'", NULL);
        return lex(ps);
    }
    if (ps->tok == T_END)
        return fail_at(ps, ps->tok_start, "unexpected end of the formula (expected a number, a name or '(')", NULL);
    char detail[8] = {' ', '\'', ps->tok_op, '\'', 0};
    return fail_at(ps, ps->tok_start, "expected a number, a name or '(' instead of", detail);
}

static int parse_power(parser *ps)
{
    if (parse_atom(ps)) return -1;
    if (is_op(ps, '^')) {
        if (enter(ps) || lex(ps) || parse_unary(ps)) return -1;
        ps->depth--;
        return emit(ps, OP_POW, 0, 0);
    }
    return 0;
}

static int parse_unary(parser *ps)
{
    if (is_op(ps, '-')) {
        if (enter(ps) || lex(ps) || parse_unary(ps)) return -1;
        ps->depth--;
        return emit(ps, OP_NEG, 0, 0);
    }
    return parse_power(ps);
}

static int parse_term(parser *ps)
{
    if (parse_unary(ps)) return -1;
    while (is_op(ps, '*') || is_op(ps, '/')) {
        op_code code = ps->tok_op == '*' ? OP_MUL : OP_DIV;
        if (lex(ps) || parse_unary(ps) || emit(ps, code, 0, 0)) return -1;
    }
    return 0;
}

static int parse_expr(parser *ps)
{
    if (enter(ps) || parse_term(ps)) return -1;
    while (is_op(ps, '+') || is_op(ps, '-')) {
        op_code code = ps->tok_op == '+' ? OP_ADD : OP_SUB;
        if (lex(ps) || parse_term(ps) || emit(ps, code, 0, 0)) return -1;
    }
    ps->depth--;
    return 0;
}

rc_formula *rc_formula_compile(const char *text, rc_error *err)
{
    if (!text) text = "";
    size_t len = strlen(text);
    if (len > RC_FORMULA_MAX_LEN) {
        rc_error_set(err, RC_ERRK_CONFIG, "the formula is longer than %d characters",
                     RC_FORMULA_MAX_LEN);
        return NULL;
    }
    rc_formula *f = rc_calloc(1, sizeof *f);
    if (!f) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory compiling a formula");
        return NULL;
    }
    parser ps = {.text = text, .f = f, .err = err};
    if (lex(&ps)) goto fail;
    if (ps.tok == T_END) {
        fail_at(&ps, 0, "the formula is empty", NULL);
        goto fail;
    }
    if (parse_expr(&ps)) goto fail;
    if (ps.tok != T_END) {
        fail_at(&ps, ps.tok_start, "expected an operator (+ - * / ^) or the end of the formula",
                NULL);
        goto fail;
    }
    return f;
fail:
    rc_formula_free(f);
    return NULL;
}

void rc_formula_free(rc_formula *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->n_names; i++) free(f->names[i]);
    free(f->names);
    free(f->ops);
    free(f);
}

size_t rc_formula_n_names(const rc_formula *f)
{
    return f ? f->n_names : 0;
}

const char *rc_formula_name(const rc_formula *f, size_t i)
{
    return f && i < f->n_names ? f->names[i] : NULL;
}

/* A result that is not finite although its operands were present is a domain error
 * (division by zero, log of x <= 0, sqrt of x < 0, overflow): missing, and the cell is
 * marked, so a cell hit by several domain errors counts once. */
#define FINISH(dst, r, present, i)                                                            \
    do {                                                                                      \
        double r_ = (r);                                                                      \
        if (!isfinite(r_)) {                                                                  \
            if (present) hit[i] = 1;                                                          \
            r_ = NAN;                                                                         \
        }                                                                                     \
        (dst) = r_;                                                                           \
    } while (0)

int rc_formula_eval(const rc_formula *f, rc_formula_lookup lookup, void *user, size_t n,
                    double *out, size_t *n_domain, rc_error *err)
{
    const double **cols = NULL;
    double *scratch = NULL;
    if (f->n_names) {
        cols = rc_calloc(f->n_names, sizeof *cols);
        if (!cols) return rc_error_set(err, RC_ERRK_OTHER, "out of memory evaluating a formula");
    }
    for (size_t i = 0; i < f->n_names; i++) {
        cols[i] = lookup ? lookup(user, f->names[i]) : NULL;
        if (!cols[i]) {
            rc_error_set(err, RC_ERRK_CONFIG, "unknown series '%s' in the formula", f->names[i]);
            free(cols);
            return -1;
        }
    }
    size_t depth = f->max_stack ? f->max_stack : 1;
    unsigned char *hit = NULL; /* per cell: 1 when a domain error made it missing */
    if (n) {
        /* one block: the evaluation stack (depth columns), then the per-cell marks */
        if (n <= (SIZE_MAX - n) / sizeof *scratch / depth)
            scratch = rc_malloc(depth * n * sizeof *scratch + n);
        if (scratch) {
            hit = (unsigned char *)(scratch + depth * n);
            memset(hit, 0, n);
        }
        if (!scratch) {
            free(cols);
            free(scratch);
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory evaluating a formula");
        }
    }
    size_t domain = 0, sp = 0;
    for (size_t k = 0; k < f->n_ops && n; k++) {
        const op *o = &f->ops[k];
        double *top = scratch + (sp ? sp - 1 : 0) * n; /* the top column */
        switch (o->code) {
        case OP_NUM: {
            double *d = scratch + sp * n;
            for (size_t i = 0; i < n; i++) d[i] = o->num;
            sp++;
            break;
        }
        case OP_NAME:
            if (o->arg >= f->n_names) { /* cannot happen: the compiler numbers the names it keeps */
                free(scratch);
                free(cols);
                return rc_error_set(err, RC_ERRK_OTHER, "formula refers to series %zu of %zu",
                                    o->arg + 1, f->n_names);
            }
            memcpy(scratch + sp * n, cols[o->arg], n * sizeof *scratch);
            sp++;
            break;
        case OP_NEG:
            for (size_t i = 0; i < n; i++) top[i] = -top[i];
            break;
        case OP_LOG:
            for (size_t i = 0; i < n; i++) FINISH(top[i], log(top[i]), !isnan(top[i]), i);
            break;
        case OP_EXP:
            for (size_t i = 0; i < n; i++) FINISH(top[i], exp(top[i]), !isnan(top[i]), i);
            break;
        case OP_SQRT:
            for (size_t i = 0; i < n; i++) FINISH(top[i], sqrt(top[i]), !isnan(top[i]), i);
            break;
        case OP_ABS:
            for (size_t i = 0; i < n; i++) top[i] = fabs(top[i]);
            break;
        case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_POW: {
            double *a = scratch + (sp - 2) * n, *b = scratch + (sp - 1) * n;
            for (size_t i = 0; i < n; i++) {
                double x = a[i], y = b[i], r;
                switch (o->code) {
                case OP_ADD: r = x + y; break;
                case OP_SUB: r = x - y; break;
                case OP_MUL: r = x * y; break;
                case OP_DIV: r = x / y; break;
                default: r = (isnan(x) || isnan(y)) ? NAN : pow(x, y); break; /* pow(NaN, 0) is 1 */
                }
                FINISH(a[i], r, !isnan(x) && !isnan(y), i);
            }
            sp--;
            break;
        }
        case OP_MIN: case OP_MAX: {
            size_t m = o->arg;
            double *a = scratch + (sp - m) * n;
            for (size_t j = 1; j < m; j++) {
                const double *b = a + j * n;
                for (size_t i = 0; i < n; i++) {
                    if (isnan(a[i]) || isnan(b[i]))
                        a[i] = NAN;
                    else if (o->code == OP_MIN ? b[i] < a[i] : b[i] > a[i])
                        a[i] = b[i];
                }
            }
            sp -= m - 1;
            break;
        }
        }
    }
    if (n) memcpy(out, scratch, n * sizeof *out);
    for (size_t i = 0; i < n; i++) domain += hit[i];
    if (n_domain) *n_domain += domain;
    free(scratch);
    free(cols);
    return 0;
}
