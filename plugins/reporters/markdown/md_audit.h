/* plugins/reporters/markdown/md_audit.h — the Markdown report's "Audit" section (md_audit.c). */
#ifndef MD_AUDIT_H
#define MD_AUDIT_H

#include "regcoord/plugin.h"
#include "../common/report_util.h"

/* Appends the section for `year` (English, or Chinese when zh) to b; returns 1 when it wrote
 * it, 0 (nothing written) when the run has no audit tables. */
int md_write_audit(const rc_host *h, rc_ctx *ctx, rr_buf *b, int32_t year, int zh);

#endif
