/* tests/fuzz/fuzz_boundary.c — fuzz target for the boundary reader and the GEOS
 * contiguity/centroids (data/boundary.c): the bytes are written to an in-memory file read
 * as GeoJSON for 8 regions keyed by property "id" ("0" .. "7"); a success gives symmetric
 * row-standardised weights and finite or missing centroids. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/boundary.h"
#include "fuzz_entry.h"

static long find8(void *user, const char *id)
{
    (void)user;
    return id[0] >= '0' && id[0] <= '7' && id[1] == '\0' ? id[0] - '0' : -1;
}

int RC_FUZZ_ENTRY(boundary)(const uint8_t *data, size_t size)
{
    /* the reader picks the format by the extension, which a memfd path lacks: the bytes
     * go to a temporary .geojson file named once per process */
    static char path[300];
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/rc-fuzz-%d.geojson", tmp && *tmp ? tmp : "/tmp",
                 (int)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    if (size) fwrite(data, 1, size, f);
    fclose(f);
    rc_error err = {0};
    rc_boundaries *b = NULL;
    size_t unknown = 0;
    if (rc_boundaries_read(path, "id", 8, find8, NULL, &b, &unknown, &err) != 0) {
        RC_FUZZ_CHECK(b == NULL && err.msg[0] != '\0');
        remove(path);
        return 0;
    }
    for (int rook = 0; rook < 2; rook++) {
        rc_spatial *s = NULL;
        rc_error_clear(&err);
        if (rc_boundaries_contiguity(b, rook, &s, &err) == 0) {
            RC_FUZZ_CHECK(s->n == 8);
            for (size_t r = 0; r < 8; r++) {
                double sum = 0;
                for (size_t k = s->off[r]; k < s->off[r + 1]; k++) {
                    RC_FUZZ_CHECK(s->nbr[k] < 8 && s->nbr[k] != r);
                    sum += s->w[k];
                }
                RC_FUZZ_CHECK(s->off[r] == s->off[r + 1] || fabs(sum - 1) < 1e-9);
            }
            rc_spatial_free(s);
        }
    }
    double x[8], y[8];
    rc_error_clear(&err);
    if (rc_boundaries_centroids(b, x, y, &err) == 0)
        for (int r = 0; r < 8; r++) RC_FUZZ_CHECK(isnan(x[r]) || isfinite(x[r]));
    rc_boundaries_free(b);
    remove(path);
    return 0;
}
