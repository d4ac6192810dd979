/* First-order statistics of the ROI's intensities (PyRadiomics docs "First Order Features",
 * IBSI 1 "Intensity-based statistical features"), in numpy's arithmetic: every sum and mean
 * is numpy's (sums.c), percentiles are numpy.percentile's "linear" method, so the values
 * equal those of the numpy expressions quoted beside them bit for bit
 * (tests/features/test_firstorder_order_statistics.py). */
#include <math.h>
#include <stdlib.h>

#include "kernels.h"

/* numpy.percentile(x, q) (method "linear") of the ascending ordered[0..n-1]: the virtual
 * index (n - 1) q, and numpy's _lerp: a + (b - a) g below g = 0.5, b - (b - a)(1 - g) from
 * there. */
static double percentile(const double *ordered, ptrdiff_t n, double q)
{
    const double virtual_index = (double)(n - 1) * q;
    const double below = floor(virtual_index);
    const double gamma = virtual_index - below;
    const ptrdiff_t at = (ptrdiff_t)below, next = at + 1 < n ? at + 1 : n - 1;
    const double low = ordered[at], high = ordered[next], step = high - low;
    return gamma >= 0.5 ? high - step * (1 - gamma) : low + step * gamma;
}

/* The mean of |x - centre| over x[0..n-1], as np.mean(np.abs(x - centre)); work: n doubles. */
static double mean_absolute_deviation(const double *x, ptrdiff_t n, double centre, double *work)
{
    for (ptrdiff_t k = 0; k < n; k++)
        work[k] = fabs(x[k] - centre);
    return numpy_sum(work, n, 1) / (double)n;
}

int first_order(const double *x, const double *ordered, ptrdiff_t n, double shift, double *out)
{
    double *work = malloc(2 * (size_t)n * sizeof(double));
    if (work == NULL)
        return -1;
    double *kept = work + n;
    for (ptrdiff_t k = 0; k < n; k++) {       /* np.sum((x + shift) ** 2) */
        const double v = x[k] + shift;
        work[k] = v * v;
    }
    const double energy = numpy_sum(work, n, 1);
    const double mean = numpy_sum(x, n, 1) / (double)n;   /* x.mean() */
    double m[3];                               /* means of centred ** 2, ** 3, ** 4 as products */
    for (int power = 0; power < 3; power++) {
        for (ptrdiff_t k = 0; k < n; k++) {
            const double centred = x[k] - mean, squared = centred * centred;
            work[k] = power == 0 ? squared : power == 1 ? squared * centred : squared * squared;
        }
        m[power] = numpy_sum(work, n, 1) / (double)n;
    }
    const double p10 = percentile(ordered, n, 10.0 / 100), p90 = percentile(ordered, n, 90.0 / 100);
    ptrdiff_t n_kept = 0;                      /* x[(x >= p10) & (x <= p90)], in order */
    for (ptrdiff_t k = 0; k < n; k++)
        if (x[k] >= p10 && x[k] <= p90)
            kept[n_kept++] = x[k];
    const double kept_mean = numpy_sum(kept, n_kept, 1) / (double)n_kept;
    const ptrdiff_t half = n / 2;
    out[FO_ENERGY] = energy;
    out[FO_MINIMUM] = ordered[0];
    out[FO_P10] = p10;
    out[FO_P25] = percentile(ordered, n, 25.0 / 100);
    out[FO_P75] = percentile(ordered, n, 75.0 / 100);
    out[FO_P90] = p90;
    out[FO_MAXIMUM] = ordered[n - 1];
    out[FO_MEAN] = mean;
    out[FO_MEDIAN] = n % 2 ? ordered[half] : (ordered[half - 1] + ordered[half]) / 2;
    out[FO_MAD] = mean_absolute_deviation(x, n, mean, work);
    out[FO_ROBUST_MAD] = mean_absolute_deviation(kept, n_kept, kept_mean, work);
    out[FO_RMS] = sqrt(energy / (double)n);
    /* PyRadiomics: skewness m3 / m2^1.5, kurtosis m4 / m2^2, both 0 for a flat ROI */
    out[FO_VARIANCE] = m[0];
    out[FO_SKEWNESS] = m[0] == 0 ? 0.0 : m[1] / pow(m[0], 1.5);
    out[FO_KURTOSIS] = m[0] == 0 ? 0.0 : m[2] / pow(m[0], 2.0);
    free(work);
    return 0;
}
