/* plugins/analyses/spatial_weights/moran_geary.c — Moran's I and Geary's C with spdep's
 * moments (moran_geary.h). */
#include "moran_geary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_stats.h"

/* S1 = Σ_ij (w_ij² + w_ij w_ji) and S2 = Σ_i (row sum + column sum)², in O(nnz): the
 * transpose is built once and each row of it scattered into a dense array. */
static int weight_constants(const an_csr *w, double *S1, double *S2)
{
    size_t N = w->n, nnz = w->off[N];
    an_csr t;
    double *col = calloc(N ? N : 1, sizeof *col), *mark = calloc(N ? N : 1, sizeof *mark);
    if (!col || !mark || an_csr_alloc(&t, N, nnz)) {
        free(col);
        free(mark);
        return -1;
    }
    for (size_t e = 0; e < nnz; e++) t.off[w->nbr[e] + 1]++;
    for (size_t i = 0; i < N; i++) t.off[i + 1] += t.off[i];
    size_t *fill = (size_t *)calloc(N ? N : 1, sizeof *fill);
    if (!fill) { free(col); free(mark); an_csr_free(&t); return -1; }
    for (size_t i = 0; i < N; i++)
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
            size_t j = w->nbr[e], pos = t.off[j] + fill[j]++;
            t.nbr[pos] = i;
            t.w[pos] = w->w[e];
            col[j] += w->w[e];
        }
    double s1 = 0.0, s2 = 0.0;
    for (size_t i = 0; i < N; i++) {
        for (size_t e = t.off[i]; e < t.off[i + 1]; e++) mark[t.nbr[e]] = t.w[e]; /* w_ji */
        double rs = 0.0;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
            double wij = w->w[e];
            s1 += wij * wij + wij * mark[w->nbr[e]];
            rs += wij;
        }
        for (size_t e = t.off[i]; e < t.off[i + 1]; e++) mark[t.nbr[e]] = 0.0;
        s2 += (rs + col[i]) * (rs + col[i]);
    }
    *S1 = s1;
    *S2 = s2;
    free(col); free(mark); free(fill);
    an_csr_free(&t);
    return 0;
}

int sw_moran_geary(const an_csr *w, const double *x, sw_global *o)
{
    memset(o, 0, sizeof *o);
    double *nan_fields[] = {&o->I, &o->EI, &o->var_I_norm, &o->var_I_rand, &o->z_I_norm,
                            &o->z_I_rand, &o->p_I_norm, &o->p_I_rand, &o->C, &o->EC,
                            &o->var_C_norm, &o->var_C_rand, &o->z_C_norm, &o->z_C_rand,
                            &o->p_C_norm, &o->p_C_rand};
    for (size_t k = 0; k < sizeof nan_fields / sizeof nan_fields[0]; k++) *nan_fields[k] = NAN;
    size_t N = w->n;
    o->n = N;
    if (N < 4) return -1;
    double mean = 0.0;
    for (size_t i = 0; i < N; i++) {
        if (isnan(x[i])) return -1;
        mean += x[i];
    }
    mean /= (double)N;
    /* weight constants; column sums accumulated on the fly */
    double S0 = 0.0, S1 = 0.0, S2 = 0.0, zz = 0.0, z4 = 0.0, cross = 0.0, sq = 0.0;
    int constant = 1;
    for (size_t i = 0; i < N; i++) {
        if (x[i] != x[0]) constant = 0;
        double z = x[i] - mean;
        zz += z * z;
        z4 += z * z * z * z;
        if (w->off[i] == w->off[i + 1]) o->n_islands++;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
            size_t j = w->nbr[e];
            double wij = w->w[e];
            S0 += wij;
            cross += wij * z * (x[j] - mean);
            sq += wij * (x[i] - x[j]) * (x[i] - x[j]);
        }
    }
    if (weight_constants(w, &S1, &S2)) return -2;
    o->S0 = S0;
    o->S1 = S1;
    o->S2 = S2;
    double n = (double)(N - o->n_islands), dN = (double)N, S02 = S0 * S0, nn = n * n;
    if (constant || !(zz > 0.0) || !(S0 > 0.0) || n < 4.0) return 1;
    /* Moran (spdep moran.test): I with the adjusted n, kurtosis with all N values */
    double K = dN * z4 / (zz * zz);
    o->I = n / S0 * cross / zz;
    o->EI = -1.0 / (n - 1.0);
    double EI2 = o->EI * o->EI;
    o->var_I_norm = (nn * S1 - n * S2 + 3.0 * S02) / (S02 * (nn - 1.0)) - EI2;
    double vi = n * (S1 * (nn - 3.0 * n + 3.0) - n * S2 + 3.0 * S02);
    double tmp = K * (S1 * (nn - n) - 2.0 * n * S2 + 6.0 * S02);
    o->var_I_rand = (vi - tmp) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * S02) - EI2;
    o->z_I_norm = (o->I - o->EI) / sqrt(o->var_I_norm);
    o->z_I_rand = (o->I - o->EI) / sqrt(o->var_I_rand);
    o->p_I_norm = an_norm_upper(o->z_I_norm);
    o->p_I_rand = an_norm_upper(o->z_I_rand);
    /* Geary (spdep geary.test): n adjusted in n − 1 and n², all N regions elsewhere, as
     * spdep writes it */
    double Kg = n * z4 / (zz * zz), n1 = n - 1.0;
    o->C = n1 / (2.0 * S0) * sq / zz;
    o->EC = 1.0;
    double vc = n1 * S1 * (nn - 3.0 * dN + 3.0 - Kg * n1);
    vc -= 0.25 * (n1 * S2 * (nn + 3.0 * dN - 6.0 - Kg * (nn - dN + 2.0)));
    vc += S02 * (nn - 3.0 - Kg * n1 * n1);
    o->var_C_rand = vc / (dN * (n - 2.0) * (n - 3.0) * S02);
    o->var_C_norm = ((2.0 * S1 + S2) * n1 - 4.0 * S02) / (2.0 * (dN + 1.0) * S02);
    o->z_C_norm = (1.0 - o->C) / sqrt(o->var_C_norm);
    o->z_C_rand = (1.0 - o->C) / sqrt(o->var_C_rand);
    o->p_C_norm = an_norm_upper(o->z_C_norm);
    o->p_C_rand = an_norm_upper(o->z_C_rand);
    return 0;
}
