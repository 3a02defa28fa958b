/* plugins/reporters/common/words.h — the reporters' one translation table for the words
 * that come from the result tables: column names (region, rank_change, sd_population),
 * measure and statistic names (gini, theil_T_between, dagum_Gnb, half_life), LISA
 * quadrants, analysis notes and table titles, each in English and Chinese. Every document
 * reporter looks its column headers and enumerated values up here, so a zh report shows
 * no English column name and an en report no Chinese one. Compiled into each reporter. */
#ifndef REGCOORD_PLUGINS_WORDS_H
#define REGCOORD_PLUGINS_WORDS_H

/* The word for `key` in the language (zh != 0: Chinese), or NULL when the table has none. */
const char *rr_word(int zh, const char *key);
/* The same, but never NULL: an unknown key comes back as it is. */
const char *rr_word_or_key(int zh, const char *key);

/* The panel line "2016–2024 (9 years)" in the language, into buf. */
void rr_years_text(int zh, int first, int last, unsigned long n, char *buf, unsigned long size);

/* A manifest key in the language ("years" → "年份", "data:long.csv" → "数据文件 long.csv"),
 * and a manifest value ("2016-2024 (9 years)" → "2016—2024 年（共 9 年）"), into buf. */
void rr_manifest_key(int zh, const char *key, char *buf, unsigned long size);
void rr_manifest_value(int zh, const char *key, const char *value, char *buf, unsigned long size);

/* 1 when a document reporter has its own section for (or deliberately leaves out) the
 * table `name`: the standard tables of docs/tables.md. Any other table — a new analysis,
 * an analysis plugin's — is rendered generically under its name, so it shows up without a
 * reporter change. */
int rr_known_table(const char *name);
/* 1 for the audit analysis's tables that the document reporters' Audit section renders
 * (markdown md_audit.c, html audit.c); its other tables stay in the generic rendering. */
int rr_audit_section_table(const char *name);

#endif /* REGCOORD_PLUGINS_WORDS_H */
