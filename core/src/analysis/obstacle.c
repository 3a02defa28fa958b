/* analysis/obstacle.c — the obstacle degree (障碍度) kernel: factor contribution times
 * indicator deviation, as a share of the unit's total (formulas.md §9). */
#include <math.h>

#include "analysis/kernels.h"

size_t rc_obstacle(const double *F, const double *x, size_t m, double *O)
{
    double total = 0.0;
    size_t used = 0;
    for (size_t j = 0; j < m; j++) {
        if (isnan(F[j]) || isnan(x[j])) { O[j] = NAN; continue; }
        O[j] = F[j] * (1.0 - x[j]);
        total += O[j];
        used++;
    }
    for (size_t j = 0; j < m; j++) {
        if (isnan(O[j])) continue;
        O[j] = total != 0.0 ? O[j] / total : 0.0;
    }
    return used;
}
