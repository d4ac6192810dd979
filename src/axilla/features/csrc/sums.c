/* Sums as NumPy forms them, so that a kernel's means equal numpy's to the last bit.
 *
 * numpy adds a contiguous run of float64 pairwise (numpy/_core/src/umath/loops_utils.h.src,
 * DOUBLE_pairwise_sum; used by np.add.reduce, hence sum and mean): below 8 items one by one;
 * up to 128 in eight interleaved partial sums, combined as ((0 + 1) + (2 + 3)) + ((4 + 5) +
 * (6 + 7)), the last n mod 8 items added after; above 128 the two halves (the first a
 * multiple of 8 long) summed apart. A reduction starts from 0.0, which changes no sum.
 */
#include <math.h>

#include "kernels.h"

/* numpy.sum of the n doubles a[0], a[stride], ... */
double numpy_sum(const double *a, ptrdiff_t n, ptrdiff_t stride)
{
    if (n < 8) {
        double total = 0.0;
        for (ptrdiff_t i = 0; i < n; i++)
            total += a[i * stride];
        return total;
    }
    if (n <= 128) {
        double r[8];
        for (int k = 0; k < 8; k++)
            r[k] = a[k * stride];
        ptrdiff_t i;
        for (i = 8; i < n - n % 8; i += 8)
            for (int k = 0; k < 8; k++)
                r[k] += a[(i + k) * stride];
        double total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++)
            total += a[i * stride];
        return total;
    }
    ptrdiff_t half = n / 2;
    half -= half % 8;
    return numpy_sum(a, half, stride) + numpy_sum(a + half * stride, n - half, stride);
}

/* Each row's mean over directions without NaN, NaN for a row of NaN: mean_over_directions
 * (texture_formulas.py) in numpy's arithmetic, the NaN entries summed as zeros in place.
 * kept: n_dir doubles of scratch. */
void direction_means(const double *values, ptrdiff_t rows, ptrdiff_t n_dir, double *kept,
                     double *means)
{
    for (ptrdiff_t r = 0; r < rows; r++) {
        ptrdiff_t count = 0;
        for (ptrdiff_t a = 0; a < n_dir; a++) {
            const double v = values[r * n_dir + a];
            kept[a] = isnan(v) ? 0.0 : v;
            count += !isnan(v);
        }
        means[r] = count > 0 ? numpy_sum(kept, n_dir, 1) / (double)count : NAN;
    }
}
