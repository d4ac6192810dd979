/* Texture features of normalised or count matrices, one column per direction; NaN stays
 * in columns of directions without counts. Sums run in index order. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "kernels.h"

#define EPS DBL_EPSILON /* PyRadiomics' epsilon inside log2: numpy.spacing(1) */

/* PyRadiomics GLCM formulas 1-24 (docs "GLCM Features"), IBSI 1 section 3.6, on p
 * (n_grey, n_grey, n_dir) with the grey levels present; out is (23, n_dir), rows in
 * glcm._FORMULAS order, filled with NaN by the caller. p_{x+y}(k) and p_{x-y}(k) are
 * indexed by the sum and the absolute difference of the levels (k = 2..2 Ng, 0..Ng-1).
 * Returns -1 when memory runs out. */
int glcm_formulas(const double *p, ptrdiff_t n_grey, ptrdiff_t n_dir, const double *levels,
                  ptrdiff_t n_levels, double *out)
{
    const ptrdiff_t n_sum = 2 * n_levels - 1;
    double *work = calloc((size_t)(2 * n_grey + 2 * n_sum + 2 * n_levels), sizeof(double));
    if (work == NULL)
        return -1;
    double *px = work, *py = px + n_grey, *p_sum = py + n_grey, *centred = p_sum + n_sum;
    double *p_diff = centred + n_sum, *k_diff = p_diff + n_levels;
    const double levels_squared = (double)(n_levels * n_levels);
    for (ptrdiff_t t = 0; t < n_levels; t++)
        k_diff[t] = (double)t;
#define P(g, h) p[((g) * n_grey + (h)) * n_dir + a]
#define OUT(row) out[(row) * n_dir + a]
    for (ptrdiff_t a = 0; a < n_dir; a++) {
        for (ptrdiff_t t = 0; t < n_grey; t++)
            px[t] = py[t] = 0.0;
        for (ptrdiff_t t = 0; t < n_sum; t++)
            p_sum[t] = 0.0;
        for (ptrdiff_t t = 0; t < n_levels; t++)
            p_diff[t] = 0.0;
        double autocorrelation = 0.0, energy = 0.0, joint_entropy = 0.0, maximum = -INFINITY;
        for (ptrdiff_t g = 0; g < n_grey; g++) {
            for (ptrdiff_t h = 0; h < n_grey; h++) {
                const double v = P(g, h);
                px[g] += v;
                py[h] += v;
                p_sum[(ptrdiff_t)(levels[g] + levels[h]) - 2] += v;
                p_diff[(ptrdiff_t)fabs(levels[g] - levels[h])] += v;
                autocorrelation += v * levels[g] * levels[h];
                energy += v * v;
                joint_entropy -= v * log2(v + EPS);
                if (!isnan(maximum) && !(v <= maximum))  /* NaN sticks, as numpy's max */
                    maximum = v;
            }
        }
        double ux = 0.0, uy = 0.0, var_x = 0.0, var_y = 0.0, hx = 0.0, hy = 0.0;
        for (ptrdiff_t g = 0; g < n_grey; g++) {
            ux += px[g] * levels[g];
            uy += py[g] * levels[g];
        }
        for (ptrdiff_t g = 0; g < n_grey; g++) {
            var_x += px[g] * ((levels[g] - ux) * (levels[g] - ux));
            var_y += py[g] * ((levels[g] - uy) * (levels[g] - uy));
            hx += px[g] * log2(px[g] + EPS);
            hy += py[g] * log2(py[g] + EPS);
        }
        hx = -hx;
        hy = -hy;
        double covariance = 0.0, hxy1 = 0.0, hxy2 = 0.0;
        for (ptrdiff_t g = 0; g < n_grey; g++) {
            for (ptrdiff_t h = 0; h < n_grey; h++) {
                const double v = P(g, h), independent = px[g] * py[h];
                covariance += v * (levels[g] - ux) * (levels[h] - uy);
                hxy1 -= v * log2(independent + EPS);
                hxy2 -= independent * log2(independent + EPS);
            }
        }
        const double spread = sqrt(var_x) * sqrt(var_y);
        double sum_average = 0.0, diff_average = 0.0;
        for (ptrdiff_t t = 0; t < n_sum; t++) {
            centred[t] = (double)(t + 2) - ux - uy;
            sum_average += (double)(t + 2) * p_sum[t];
        }
        for (ptrdiff_t t = 0; t < n_levels; t++)
            diff_average += k_diff[t] * p_diff[t];
        double prominence = 0.0, shade = 0.0, tendency = 0.0, sum_entropy = 0.0, sum_var = 0.0;
        for (ptrdiff_t t = 0; t < n_sum; t++) {
            const double c2 = centred[t] * centred[t], s = p_sum[t];
            const double off = (double)(t + 2) - sum_average;
            prominence += s * (c2 * c2);
            shade += s * (c2 * centred[t]);
            tendency += s * c2;
            sum_entropy += s * log2(s + EPS);
            sum_var += s * (off * off);
        }
        double contrast = 0.0, diff_entropy = 0.0, diff_var = 0.0, id = 0.0, idm = 0.0;
        double idmn = 0.0, idn = 0.0, inverse_variance = 0.0;
        for (ptrdiff_t t = 0; t < n_levels; t++) {
            const double d = p_diff[t], k = k_diff[t], off = k - diff_average;
            contrast += d * (k * k);
            diff_entropy += d * log2(d + EPS);
            diff_var += d * (off * off);
            id += d / (1 + k);
            idm += d / (1 + k * k);
            idmn += d / (1 + k * k / levels_squared);
            idn += d / (1 + k / (double)n_levels);
            if (t > 0)
                inverse_variance += d / (k * k);
        }
        const double mutual = 1 - exp(-2 * (hxy2 - joint_entropy));
        const double larger = hy > hx ? hy : hx;
        OUT(0) = autocorrelation;
        OUT(1) = prominence;
        OUT(2) = shade;
        OUT(3) = tendency;
        OUT(4) = contrast;
        OUT(5) = spread == 0 ? 1.0 : covariance / (spread + EPS);
        OUT(6) = diff_average;
        OUT(7) = -diff_entropy;
        OUT(8) = diff_var;
        OUT(9) = id;
        OUT(10) = idm;
        OUT(11) = idmn;
        OUT(12) = idn;
        OUT(13) = larger == 0 ? 0.0 : (joint_entropy - hxy1) / larger;
        /* PyRadiomics: 0 where HXY2 == HXY, NaN where rounding makes HXY > HXY2 */
        OUT(14) = hxy2 == joint_entropy ? 0.0 : (mutual >= 0 ? sqrt(mutual) : NAN);
        OUT(15) = inverse_variance;
        OUT(16) = energy;
        OUT(17) = joint_entropy;
        OUT(18) = n_grey > 0 ? maximum : NAN;
        OUT(19) = sum_average;
        OUT(20) = -sum_entropy;
        OUT(21) = var_x;
        OUT(22) = sum_var;
    }
#undef P
#undef OUT
    free(work);
    return 0;
}

/* The features GLRLM, GLSZM and GLDM share (PyRadiomics docs, IBSI 1 sections 3.7, 3.8,
 * 3.11) of counts (n_grey, n_size, n_dir), grey levels i and sizes j; out is (16, n_dir)
 * in texture_formulas.ZONE_FORMULAS order, filled with NaN by the caller. With N the
 * number of runs/zones/voxels, p(i) = sum_j P(i, j), p(j) = sum_i P(i, j): emphases
 * sum w P / N; non-uniformities sum p^2 / N (/ N^2 normalised); percentage
 * N / sum_j j p(j); variances of p / N; entropy of P / N. Returns -1 when memory runs out. */
int zone_formulas(const double *counts, ptrdiff_t n_grey, ptrdiff_t n_size, ptrdiff_t n_dir,
                  const double *i, const double *j, double *out)
{
    double *by_grey = calloc((size_t)(n_grey + n_size + 1), sizeof(double));
    if (by_grey == NULL)
        return -1;
    double *by_size = by_grey + n_grey;
#define C(g, s) counts[((g) * n_size + (s)) * n_dir + a]
#define OUT(row) out[(row) * n_dir + a]
    for (ptrdiff_t a = 0; a < n_dir; a++) {
        for (ptrdiff_t g = 0; g < n_grey; g++)
            by_grey[g] = 0.0;
        for (ptrdiff_t s = 0; s < n_size; s++)
            by_size[s] = 0.0;
        double mixed[4] = {0.0, 0.0, 0.0, 0.0}; /* small-low, small-high, large-low, large-high */
        for (ptrdiff_t g = 0; g < n_grey; g++) {
            const double i2 = i[g] * i[g];
            for (ptrdiff_t s = 0; s < n_size; s++) {
                const double c = C(g, s), j2 = j[s] * j[s];
                by_grey[g] += c;
                by_size[s] += c;
                mixed[0] += c / (i2 * j2);
                mixed[1] += c * i2 / j2;
                mixed[2] += c * j2 / i2;
                mixed[3] += c * i2 * j2;
            }
        }
        double total = 0.0;
        for (ptrdiff_t g = 0; g < n_grey; g++)
            total += by_grey[g];
        if (total == 0) { /* NaN, but sums over no sizes at all are 0 (PyRadiomics' empty sums) */
            if (n_size == 0)
                OUT(14) = OUT(15) = 0.0;
            continue;
        }
        double low = 0.0, high = 0.0, grey_squares = 0.0, grey_mean = 0.0;
        for (ptrdiff_t g = 0; g < n_grey; g++) {
            low += by_grey[g] / (i[g] * i[g]);
            high += by_grey[g] * (i[g] * i[g]);
            grey_squares += by_grey[g] * by_grey[g];
            grey_mean += by_grey[g] / total * i[g];
        }
        double small = 0.0, large = 0.0, size_squares = 0.0, size_mean = 0.0, voxels = 0.0;
        for (ptrdiff_t s = 0; s < n_size; s++) {
            small += by_size[s] / (j[s] * j[s]);
            large += by_size[s] * (j[s] * j[s]);
            size_squares += by_size[s] * by_size[s];
            size_mean += by_size[s] / total * j[s];
            voxels += by_size[s] * j[s];
        }
        double grey_variance = 0.0, size_variance = 0.0, entropy = 0.0;
        for (ptrdiff_t g = 0; g < n_grey; g++) {
            const double off = i[g] - grey_mean;
            grey_variance += by_grey[g] / total * (off * off);
        }
        for (ptrdiff_t s = 0; s < n_size; s++) {
            const double off = j[s] - size_mean;
            size_variance += by_size[s] / total * (off * off);
        }
        for (ptrdiff_t g = 0; g < n_grey; g++) {
            for (ptrdiff_t s = 0; s < n_size; s++) {
                const double share = C(g, s) / total;
                entropy += share * log2(share + EPS);
            }
        }
        OUT(0) = small / total;
        OUT(1) = large / total;
        OUT(2) = low / total;
        OUT(3) = high / total;
        for (int m = 0; m < 4; m++)
            OUT(4 + m) = mixed[m] / total;
        OUT(8) = grey_squares / total;
        OUT(9) = grey_squares / (total * total);
        OUT(10) = size_squares / total;
        OUT(11) = size_squares / (total * total);
        OUT(12) = total / voxels;
        OUT(13) = grey_variance;
        OUT(14) = size_variance;
        OUT(15) = -entropy;
    }
#undef C
#undef OUT
    free(by_grey);
    return 0;
}

/* NGTDM features (PyRadiomics docs "NGTDM Features", IBSI 1 section 3.10) of the table
 * (n_grey >= 1 rows: n_i voxels > 0, s_i sum of differences, grey level i) of the levels
 * present;
 * out: Busyness, Coarseness, Complexity, Contrast, Strength, with PyRadiomics' values where
 * a divisor is 0 (Coarseness 1e6, the others 0). Sums over i, or over (i, j) in C order,
 * are numpy's (sums.c), so each value equals ngtdm.py's former numpy expression to the
 * bit. Returns -1 when memory runs out. */
int ngtdm_formulas(const double *table, ptrdiff_t n_grey, double *out)
{
    const double *n = table, *s = table + 1, *i = table + 2;   /* columns: stride 3 */
    const ptrdiff_t cells = n_grey * n_grey;
    double *work = malloc((size_t)(3 * n_grey + cells) * sizeof(double));
    if (work == NULL)
        return -1;
    double *p = work, *p_s = p + n_grey, *i_p = p_s + n_grey, *pairs = i_p + n_grey;
    const double n_voxels = numpy_sum(n, n_grey, 3);
    for (ptrdiff_t g = 0; g < n_grey; g++) {
        p[g] = n[3 * g] / n_voxels;
        p_s[g] = p[g] * s[3 * g];
        i_p[g] = i[3 * g] * p[g];
    }
    const double weighted_sum = numpy_sum(p_s, n_grey, 1), sum_s = numpy_sum(s, n_grey, 3);
#define OVER_PAIRS(expression)                                           \
    do {                                                                 \
        for (ptrdiff_t g = 0; g < n_grey; g++)                           \
            for (ptrdiff_t h = 0; h < n_grey; h++) {                     \
                const double gap = fabs(i[3 * g] - i[3 * h]);            \
                (void)gap; /* not every expression uses it */            \
                pairs[g * n_grey + h] = (expression);                    \
            }                                                            \
    } while (0)
    OVER_PAIRS(p[g] * p[h] * (gap * gap));
    const double contrast_sum = numpy_sum(pairs, cells, 1);
    OVER_PAIRS(fabs(i_p[g] - i_p[h]));
    const double spread = numpy_sum(pairs, cells, 1);
    OVER_PAIRS((p[g] + p[h]) * (gap * gap));
    const double strength_sum = numpy_sum(pairs, cells, 1);
    OVER_PAIRS(gap * (p_s[g] + p_s[h]) / (p[g] + p[h]));
    const double complexity_sum = numpy_sum(pairs, cells, 1);
#undef OVER_PAIRS
    const double n_pairs = (double)(n_grey * (n_grey - 1));
    out[0] = spread != 0 ? weighted_sum / spread : 0.0;
    out[1] = weighted_sum != 0 ? 1.0 / weighted_sum : 1e6;
    out[2] = complexity_sum / n_voxels;
    out[3] = n_pairs != 0 ? contrast_sum * sum_s / n_voxels / n_pairs : 0.0;
    out[4] = sum_s != 0 ? strength_sum / sum_s : 0.0;
    free(work);
    return 0;
}
