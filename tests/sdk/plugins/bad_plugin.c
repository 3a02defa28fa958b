/* tests/sdk/plugins/bad_plugin.c — purpose-built broken plugins for plugin-check, one per
 * compile definition: BAD_CRASH (SIGSEGV in score), BAD_NO_SCORES (returns RC_OK without
 * recording scores), BAD_DUPLICATE_KEY (a config key declared twice), BAD_NEWER_ABI (built
 * for a minor ABI newer than the host's), BAD_SILENT_ERROR (fails without a message),
 * BAD_HANG (never returns from score), BAD_HUGE_KEY (a required config key with a name over
 * 1 MiB, so the section plugin-check writes for its behaviour runs is too large to load and
 * no run can set up its panel), BAD_MARKER (otherwise fine, but loading it runs a
 * constructor that creates the file named by $RC_PLUGIN_MARKER: the proof that it was
 * dlopened). BAD_NAME is the file stem. */
#include <regcoord/plugin.h>

#include <stddef.h>

#ifdef BAD_MARKER
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
__attribute__((constructor)) static void mark_loaded(void)
{
    const char *m = getenv("RC_PLUGIN_MARKER");
    int fd = m ? open(m, O_WRONLY | O_CREAT, 0644) : -1;
    if (fd >= 0) close(fd);
}
#endif

#ifdef BAD_HUGE_KEY
/* a plain name of 1 MiB + 1 letters, filled in by the entry function */
static char huge_key[((size_t)1 << 20) + 2];
#endif

static const rc_config_key bad_keys[] = {
    {"level", RC_CFG_NUMBER, 0, "1", "A number."},
#ifdef BAD_DUPLICATE_KEY
    {"level", RC_CFG_NUMBER, 0, "2", "The same key again."},
#endif
#ifdef BAD_HUGE_KEY
    {huge_key, RC_CFG_INT, 1, NULL, "A required key whose name alone is over 1 MiB."},
#endif
};

static int32_t bad_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
#if defined(BAD_CRASH)
    (void)host;
    (void)ctx;
    volatile int *volatile nowhere = NULL;
    *nowhere = 1;
    return RC_OK;
#elif defined(BAD_NO_SCORES)
    (void)host;
    (void)ctx;
    return RC_OK;
#elif defined(BAD_SILENT_ERROR)
    (void)host;
    (void)ctx;
    return RC_EFAIL;
#elif defined(BAD_HANG)
    (void)host;
    (void)ctx;
    for (volatile int spin = 1; spin;) {}
    return RC_OK;
#else
    (void)ctx;
    return host->score_default(ctx);
#endif
}

static const rc_plugin_descriptor bad_descriptor = {
    .abi_major = RC_ABI_MAJOR,
#ifdef BAD_NEWER_ABI
    .abi_minor = RC_ABI_MINOR + 1,
#else
    .abi_minor = RC_ABI_MINOR,
#endif
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION,
    .name = BAD_NAME,
    .version = "0.0.1",
    .summary = "A purpose-built broken plugin for the plugin-check tests.",
    .config_keys = bad_keys,
    .n_config_keys = sizeof bad_keys / sizeof bad_keys[0],
    .score = bad_score,
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
#ifdef BAD_HUGE_KEY
    if (!huge_key[0])
        for (size_t i = 0; i + 1 < sizeof huge_key; i++) huge_key[i] = 'k';
#endif
    return &bad_descriptor;
}
