/* config/node.c — reads one YAML document with libyaml's event parser into a tree of
 * rc_node, each node knowing its file:line:col, refusing what a config never needs
 * (anchors, aliases, tags, several documents, deep nesting, duplicate or non-text keys). */
#include "config/node.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <yaml.h>

#include "util/str.h"

/* One collection being built: the node plus, for maps, whether the next event is a key. */
typedef struct frame {
    struct rc_node *node;
    size_t cap;
    int want_key;        /* maps: 1 when the next event is a key */
    char *pending_key;   /* maps: the key read, waiting for its value */
    int pending_line, pending_col;
} frame;

typedef struct builder {
    const char *text;    /* the input, for turning a byte offset into line:col */
    size_t len;
    char *file;          /* shared by every node; owned by the root */
    frame stack[RC_NODE_MAX_DEPTH + 1];
    int depth;
    struct rc_node *root;
    rc_error *err;
} builder;

static void node_free_rec(struct rc_node *n)
{
    if (!n) return;
    free(n->str);
    for (size_t i = 0; i < n->n; i++) {
        node_free_rec(n->items[i]);
        if (n->keys) free(n->keys[i]);
    }
    free(n->items);
    free(n->keys);
    free(n->key_line);
    free(n->key_col);
    free(n);
}

void rc_node_free(struct rc_node *root)
{
    if (!root) return;
    char *file = (char *)root->file;
    node_free_rec(root);
    free(file);
}

static int oom(rc_error *err)
{
    return rc_error_set(err, RC_ERRK_OTHER, "out of memory while reading the config");
}

static struct rc_node *node_new(builder *b, int kind, yaml_mark_t mark)
{
    struct rc_node *n = rc_calloc(1, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->file = b->file;
    n->line = (int)mark.line + 1;
    n->col = (int)mark.column + 1;
    return n;
}

static int fail_at(builder *b, yaml_mark_t mark, const char *msg, const char *arg)
{
    if (arg)
        return rc_error_set(b->err, RC_ERRK_CONFIG, "%s:%d:%d: %s '%s'", b->file,
                            (int)mark.line + 1, (int)mark.column + 1, msg, arg);
    return rc_error_set(b->err, RC_ERRK_CONFIG, "%s:%d:%d: %s", b->file, (int)mark.line + 1,
                        (int)mark.column + 1, msg);
}

/* Line and column (1-based, in characters) of a byte offset into the input. */
static void offset_position(const builder *b, size_t offset, int *line, int *col)
{
    int l = 1, c = 1;
    if (offset > b->len) offset = b->len;
    for (size_t i = 0; i < offset; i++) {
        unsigned char ch = (unsigned char)b->text[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int parser_error(builder *b, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR) return oom(b->err);
    const char *problem = p->problem ? p->problem : "unreadable YAML";
    if (p->error == YAML_READER_ERROR) {
        int line, col;
        offset_position(b, p->problem_offset, &line, &col);
        return rc_error_set(b->err, RC_ERRK_CONFIG,
                            "%s:%d:%d: YAML syntax error: %s; the file must be UTF-8 text",
                            b->file, line, col, problem);
    }
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    if (p->context)
        return rc_error_set(b->err, RC_ERRK_CONFIG,
                            "%s:%d:%d: YAML syntax error: %s (%s at %d:%d)", b->file, line,
                            col, problem, p->context, (int)p->context_mark.line + 1,
                            (int)p->context_mark.column + 1);
    return rc_error_set(b->err, RC_ERRK_CONFIG, "%s:%d:%d: YAML syntax error: %s", b->file,
                        line, col, problem);
}

/* Appends a finished node (or key) to the collection on top of the stack, or makes it the
 * root. On a map key, takes ownership of the scalar's text as the key. */
static int attach(builder *b, struct rc_node *n, yaml_mark_t mark)
{
    if (b->depth == 0) {
        b->root = n;
        return 0;
    }
    frame *f = &b->stack[b->depth - 1];
    struct rc_node *c = f->node;
    if (c->kind == RC_NODE_MAP && f->want_key) {
        if (n->kind != RC_NODE_SCALAR) {
            node_free_rec(n);
            return fail_at(b, mark, "a mapping key must be a text value, not a list or mapping",
                           NULL);
        }
        if (c->n >= RC_NODE_MAX_KEYS) {
            node_free_rec(n);
            return fail_at(b, mark, "a mapping has more than 4096 entries", NULL);
        }
        for (size_t i = 0; i < c->n; i++) {
            if (strcmp(c->keys[i], n->str) == 0) {
                char msg[160];
                snprintf(msg, sizeof msg, "(first at %d:%d)", c->key_line[i], c->key_col[i]);
                rc_error_set(b->err, RC_ERRK_CONFIG, "%s:%d:%d: duplicate key '%s' %s",
                             b->file, n->line, n->col, n->str, msg);
                node_free_rec(n);
                return -1;
            }
        }
        f->pending_key = n->str;
        f->pending_line = n->line;
        f->pending_col = n->col;
        n->str = NULL;
        node_free_rec(n);
        f->want_key = 0;
        return 0;
    }
    if (c->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 4;
        struct rc_node **items = rc_reallocarray(c->items, cap, sizeof *items);
        if (!items) goto nomem;
        c->items = items;
        if (c->kind == RC_NODE_MAP) {
            char **keys = rc_reallocarray(c->keys, cap, sizeof *keys);
            if (!keys) goto nomem;
            c->keys = keys;
            int *kl = rc_reallocarray(c->key_line, cap, sizeof *kl);
            if (!kl) goto nomem;
            c->key_line = kl;
            int *kc = rc_reallocarray(c->key_col, cap, sizeof *kc);
            if (!kc) goto nomem;
            c->key_col = kc;
        }
        f->cap = cap;
    }
    c->items[c->n] = n;
    if (c->kind == RC_NODE_MAP) {
        c->keys[c->n] = f->pending_key;
        c->key_line[c->n] = f->pending_line;
        c->key_col[c->n] = f->pending_col;
        f->pending_key = NULL;
        f->want_key = 1;
    }
    c->n++;
    return 0;
nomem:
    node_free_rec(n);
    return oom(b->err);
}

static int refuse_anchor_tag(builder *b, const yaml_char_t *anchor, const yaml_char_t *tag,
                             yaml_mark_t mark, int *is_str)
{
    if (anchor) return fail_at(b, mark, "anchors and aliases are not supported", NULL);
    if (is_str) *is_str = 0;
    if (tag) {
        if (is_str && strcmp((const char *)tag, YAML_STR_TAG) == 0) {
            *is_str = 1;
            return 0;
        }
        return fail_at(b, mark, "YAML tags are not supported; remove the tag",
                       (const char *)tag);
    }
    return 0;
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
    int is_str = 0;
    if (refuse_anchor_tag(b, ev->data.scalar.anchor, ev->data.scalar.tag, ev->start_mark,
                          &is_str))
        return -1;
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (memchr(v, '\0', len))
        return fail_at(b, ev->start_mark, "text values may not contain NUL characters", NULL);
    struct rc_node *n = node_new(b, RC_NODE_SCALAR, ev->start_mark);
    if (!n) return oom(b->err);
    n->str = rc_strndup(v, len);
    if (!n->str) {
        free(n);
        return oom(b->err);
    }
    yaml_scalar_style_t st = ev->data.scalar.style;
    n->quoted = is_str || st == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                st == YAML_DOUBLE_QUOTED_SCALAR_STYLE || st == YAML_LITERAL_SCALAR_STYLE ||
                st == YAML_FOLDED_SCALAR_STYLE;
    return attach(b, n, ev->start_mark);
}

static int on_start(builder *b, const yaml_event_t *ev, int kind)
{
    const yaml_char_t *anchor, *tag;
    if (kind == RC_NODE_MAP) {
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
    } else {
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
    }
    if (refuse_anchor_tag(b, anchor, tag, ev->start_mark, NULL)) return -1;
    if (b->depth > 0) {
        frame *f = &b->stack[b->depth - 1];
        if (f->node->kind == RC_NODE_MAP && f->want_key)
            return fail_at(b, ev->start_mark,
                           "a mapping key must be a text value, not a list or mapping", NULL);
    }
    if (b->depth >= RC_NODE_MAX_DEPTH)
        return fail_at(b, ev->start_mark,
                       "the config is nested too deeply (more than 64 levels)", NULL);
    struct rc_node *n = node_new(b, kind, ev->start_mark);
    if (!n) return oom(b->err);
    frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = n;
    f->want_key = kind == RC_NODE_MAP;
    return 0;
}

static int on_end(builder *b, const yaml_event_t *ev)
{
    if (b->depth == 0) /* cannot happen: libyaml pairs every end event with a start event */
        return fail_at(b, ev->start_mark, "a list or mapping ends that never began", NULL);
    frame *f = &b->stack[--b->depth];
    struct rc_node *n = f->node;
    free(f->pending_key); /* cannot happen in well-formed input; keeps cleanup total */
    f->pending_key = NULL;
    f->node = NULL;
    return attach(b, n, ev->start_mark);
}

static void builder_cleanup(builder *b)
{
    /* Frees the open collections from the innermost out; each inner one is not yet
     * attached to its parent. */
    while (b->depth > 0) {
        frame *f = &b->stack[--b->depth];
        free(f->pending_key);
        node_free_rec(f->node);
    }
    node_free_rec(b->root);
    b->root = NULL;
}

struct rc_node *rc_yaml_load_string(const char *text, size_t len, const char *name,
                                    rc_error *err)
{
    if (len > RC_CONFIG_MAX_FILE) {
        rc_error_set(err, RC_ERRK_CONFIG, "%s: the config is larger than 1 MiB",
                     name ? name : "<config>");
        return NULL;
    }
    builder b;
    memset(&b, 0, sizeof b);
    b.text = text;
    b.len = len;
    b.err = err;
    b.file = rc_strdup(name ? name : "<config>");
    if (!b.file) {
        oom(err);
        return NULL;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        free(b.file);
        oom(err);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int docs = 0, done = 0, rc = 0;
    while (!done && rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = parser_error(&b, &parser);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1)
                rc = fail_at(&b, ev.start_mark,
                             "the config must hold one YAML document, but a second one starts here",
                             NULL);
            break;
        case YAML_ALIAS_EVENT:
            rc = fail_at(&b, ev.start_mark, "anchors and aliases are not supported", NULL);
            break;
        case YAML_SCALAR_EVENT: rc = on_scalar(&b, &ev); break;
        case YAML_MAPPING_START_EVENT: rc = on_start(&b, &ev, RC_NODE_MAP); break;
        case YAML_SEQUENCE_START_EVENT: rc = on_start(&b, &ev, RC_NODE_LIST); break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: rc = on_end(&b, &ev); break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (rc != 0) {
        builder_cleanup(&b);
        free(b.file);
        return NULL;
    }
    struct rc_node *root = b.root;
    if (!root || rc_node_is_null(root)) {
        node_free_rec(root);
        root = rc_calloc(1, sizeof *root);
        if (!root) {
            free(b.file);
            oom(err);
            return NULL;
        }
        root->kind = RC_NODE_MAP;
        root->file = b.file;
        root->line = 1;
        root->col = 1;
    }
    return root;
}

struct rc_node *rc_yaml_load_file(const char *path, rc_error *err)
{
    /* O_NONBLOCK so that opening a FIFO with no writer does not hang (it then reads as
     * empty); cleared after the open, so a pipe with a writer (<(...)) is read whole */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = NULL;
    if (fd >= 0) {
        int fl = fcntl(fd, F_GETFL);
        if (fl != -1) (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        f = fdopen(fd, "rb");
        if (!f) close(fd);
    }
    if (!f) {
        rc_error_set(err, RC_ERRK_CONFIG, "%s: cannot open the config: %s", path,
                     strerror(errno));
        return NULL;
    }
    rc_buf buf;
    rc_buf_init(&buf);
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && buf.len <= RC_CONFIG_MAX_FILE)
        rc_buf_append(&buf, chunk, got); /* stops just past the limit; the parser refuses it */
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        rc_buf_free(&buf);
        rc_error_set(err, RC_ERRK_CONFIG, "%s: cannot read the config", path);
        return NULL;
    }
    if (buf.failed) {
        rc_buf_free(&buf);
        oom(err);
        return NULL;
    }
    struct rc_node *root = rc_yaml_load_string(buf.data ? buf.data : "", buf.len, path, err);
    rc_buf_free(&buf);
    return root;
}

long rc_node_key_index(const struct rc_node *map, const char *key)
{
    if (!map || map->kind != RC_NODE_MAP || !key) return -1;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0) return (long)i;
    return -1;
}

const struct rc_node *rc_node_get(const struct rc_node *map, const char *key)
{
    long i = rc_node_key_index(map, key);
    return i < 0 ? NULL : map->items[i];
}

const char *rc_node_where(const struct rc_node *n, char *buf, size_t size)
{
    if (!n)
        snprintf(buf, size, "<config>");
    else
        snprintf(buf, size, "%s:%d:%d", n->file ? n->file : "<config>", n->line, n->col);
    return buf;
}

const char *rc_node_key_where(const struct rc_node *map, const char *key, char *buf, size_t size)
{
    long i = rc_node_key_index(map, key);
    if (i < 0) return rc_node_where(map, buf, size);
    snprintf(buf, size, "%s:%d:%d", map->file ? map->file : "<config>", map->key_line[i],
             map->key_col[i]);
    return buf;
}

int rc_node_is_null(const struct rc_node *n)
{
    if (!n || n->kind != RC_NODE_SCALAR || n->quoted) return 0;
    const char *s = n->str;
    return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

const char *rc_node_as_str(const struct rc_node *n)
{
    return n && n->kind == RC_NODE_SCALAR ? n->str : NULL;
}

/* 1 if s is plain decimal number text: sign, digits, optional fraction and exponent. */
static int decimal_text(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') p++, digits++;
    }
    if (!digits) return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    return *p == '\0';
}

int rc_node_as_number(const struct rc_node *n, double *out)
{
    if (!n || n->kind != RC_NODE_SCALAR || n->quoted || !decimal_text(n->str)) return -1;
    errno = 0;
    char *end;
    double v = strtod(n->str, &end);
    if (*end != '\0' || !isfinite(v) || (errno == ERANGE && fabs(v) > 1)) return -1;
    *out = v;
    return 0;
}

int rc_node_as_int(const struct rc_node *n, int64_t *out)
{
    if (!n || n->kind != RC_NODE_SCALAR || n->quoted) return -1;
    const char *p = n->str;
    if (*p == '+' || *p == '-') p++;
    if (!*p) return -1;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9') return -1;
    errno = 0;
    char *end;
    long long v = strtoll(n->str, &end, 10);
    if (errno == ERANGE || *end != '\0') return -1;
    *out = (int64_t)v;
    return 0;
}

int rc_node_as_bool(const struct rc_node *n, int *out)
{
    if (!n || n->kind != RC_NODE_SCALAR || n->quoted) return -1;
    static const char *const yes[] = {"true", "yes", "on"};
    static const char *const no[] = {"false", "no", "off"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(n->str, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcasecmp(n->str, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

const char *rc_node_kind_name(int kind)
{
    switch (kind) {
    case RC_NODE_SCALAR: return "a text value";
    case RC_NODE_LIST: return "a list";
    case RC_NODE_MAP: return "a mapping";
    default: return "nothing";
    }
}
