/* One level of the stationary wavelet transform along one axis, as PyWavelets 1.8 computes it
 * (pywt.swtn with level=1: swt_axis, periodization mode, filter step 1), for the Wavelet
 * image type.
 *
 * Output k of a line x[0..n-1] (n even) is the periodic convolution
 *     sum over m of filter[m] * x[(k + f/2 - m) mod n],    m = 0..f-1,
 * summed in PyWavelets' order (pywt/_extensions/c/convolution.template.c,
 * downsampling_convolution_periodization, step 1): with centre c = k + f/2, terms in
 * ascending m when c < n; when c >= n, the wrapped terms m = c - n down to 0 first, then
 * m = c - n + 1 up to f - 1. Sums start at 0 and are kept in the data's type (float32 data
 * is filtered in float, as PyWavelets does), so outputs equal pywt's bit for bit
 * (tests/features/test_swt.py). That order is the same for every line, so it is tabulated
 * once, and LANES lines are filtered side by side: each output is a chain of dependent
 * additions, and independent lines keep the processor busy.
 */
#include <stdlib.h>

#include "kernels.h"

enum { LANES = 8 };

/* For output k, term t (0..f-1): the filter tap taps[k f + t] and the line position
 * positions[k f + t], in PyWavelets' order of summation. */
static void tabulate(ptrdiff_t n, ptrdiff_t f, ptrdiff_t *taps, ptrdiff_t *positions)
{
    for (ptrdiff_t k = 0; k < n; k++) {
        const ptrdiff_t centre = k + f / 2;
        ptrdiff_t t = k * f, m = 0;
        if (centre >= n) {
            for (ptrdiff_t w = centre - n; w >= 0; w--, t++) {
                taps[t] = w;
                positions[t] = (centre - w) % n;
            }
            m = centre - n + 1;
        }
        for (; m < f; m++, t++) {
            taps[t] = m;
            positions[t] = ((centre - m) % n + n) % n;
        }
    }
}

#define SWT_LINES(TYPE, NAME)                                                                  \
    static void NAME(const TYPE *image, const ptrdiff_t *shape, int axis, const TYPE *low,     \
                     const TYPE *high, ptrdiff_t f, const ptrdiff_t *taps,                     \
                     const ptrdiff_t *positions, TYPE (*line)[LANES], TYPE *out_low,           \
                     TYPE *out_high)                                                           \
    {                                                                                          \
        const ptrdiff_t n = shape[axis];                                                       \
        ptrdiff_t stride = 1, n_lines = 1;                                                     \
        for (int a = axis + 1; a < 3; a++)                                                     \
            stride *= shape[a];                                                                \
        for (int a = 0; a < 3; a++)                                                            \
            n_lines *= a == axis ? 1 : shape[a];                                               \
        ptrdiff_t start[LANES];                                                                \
        for (ptrdiff_t first = 0; first < n_lines; first += LANES) {                           \
            const int count = n_lines - first < LANES ? (int)(n_lines - first) : LANES;        \
            for (int b = 0; b < LANES; b++) {                                                  \
                const ptrdiff_t l = first + (b < count ? b : 0);                               \
                start[b] = (l / stride) * n * stride + l % stride;                             \
            }                                                                                  \
            for (ptrdiff_t i = 0; i < n; i++)                                                  \
                for (int b = 0; b < LANES; b++)                                                \
                    line[i][b] = image[start[b] + i * stride];                                 \
            for (ptrdiff_t k = 0; k < n; k++) {                                                \
                TYPE sum_low[LANES] = {0}, sum_high[LANES] = {0};                              \
                for (ptrdiff_t t = k * f; t < (k + 1) * f; t++) {                              \
                    const TYPE lo = low[taps[t]], hi = high[taps[t]];                          \
                    const TYPE *v = line[positions[t]];                                        \
                    for (int b = 0; b < LANES; b++) {                                          \
                        sum_low[b] += lo * v[b];                                               \
                        sum_high[b] += hi * v[b];                                              \
                    }                                                                          \
                }                                                                              \
                for (int b = 0; b < count; b++) {                                              \
                    out_low[start[b] + k * stride] = sum_low[b];                               \
                    out_high[start[b] + k * stride] = sum_high[b];                             \
                }                                                                              \
            }                                                                                  \
        }                                                                                      \
    }

SWT_LINES(double, swt_lines_double)
SWT_LINES(float, swt_lines_float)

int swt_axis(const void *image, int single, const ptrdiff_t *shape, int axis, const void *low,
             const void *high, ptrdiff_t f, void *out_low, void *out_high)
{
    const ptrdiff_t n = shape[axis];
    ptrdiff_t *taps = malloc(2 * (size_t)(n * f) * sizeof(ptrdiff_t));
    double (*line)[LANES] = malloc((size_t)n * sizeof(*line));
    if (taps == NULL || line == NULL) {
        free(taps);
        free(line);
        return -1;
    }
    tabulate(n, f, taps, taps + n * f);
    if (single)
        swt_lines_float(image, shape, axis, low, high, f, taps, taps + n * f,
                        (float (*)[LANES])line, out_low, out_high);
    else
        swt_lines_double(image, shape, axis, low, high, f, taps, taps + n * f, line, out_low,
                         out_high);
    free(taps);
    free(line);
    return 0;
}
