/* ITK's recursive Gaussian (Deriche IIR with Farneback's parameters), one pass along one axis.
 *
 * Transcribed from ITK 5.4 (the version SimpleITK 2.5 bundles):
 * Modules/Filtering/Smoothing/include/itkRecursiveGaussianImageFilter.hxx (SetUp,
 * ComputeNCoefficients, ComputeDCoefficients, ComputeRemainingCoefficients) and
 * Modules/Filtering/ImageFilterBase/include/itkRecursiveSeparableImageFilter.hxx
 * (FilterDataArray, DynamicThreadedGenerateData). Every expression keeps ITK's operands and
 * their order, in double, so that compiled without fused multiply-adds (setup.py:
 * -ffp-contract=off) the float32 output equals sitk.RecursiveGaussianImageFilter's bit for bit.
 */
#include <math.h>
#include <stdlib.h>

#include "kernels.h"

/* The causal (n), anti-causal (m), recursive (d) and border (bn, bm) coefficients of
 * itkRecursiveSeparableImageFilter.h, index 0..4 as ITK's m_N0..m_N3, m_D1..m_D4, ... */
typedef struct {
    double n[4], d[5], m[5], bn[5], bm[5];
} Coefficients;

/* SetUp's parameters of the exponential series (Farneback 2006, Table 3): A1, B1, A2, B2 per
 * order 0, 1, 2 (order 1 is kept as in the table; only 0 and 2 are used); W1, L1, W2, L2
 * shared. */
static const double A1[3] = {1.3530, -0.6724, -1.3563};
static const double B1[3] = {1.8151, -3.4327, 5.2318};
static const double A2[3] = {-0.3531, 0.6724, 0.3446};
static const double B2[3] = {0.0902, 0.6100, -2.2355};
static const double W1 = 0.6681, L1 = -1.3932, W2 = 2.0787, L2 = -1.3732;

/* ComputeNCoefficients: n0..n3 of one order's series, and their sums SN, DN, EN. */
static void n_coefficients(double sigmad, int order, double n[4], double *sn, double *dn,
                           double *en)
{
    const double a1 = A1[order], b1 = B1[order], a2 = A2[order], b2 = B2[order];
    const double sin1 = sin(W1 / sigmad), sin2 = sin(W2 / sigmad);
    const double cos1 = cos(W1 / sigmad), cos2 = cos(W2 / sigmad);
    const double exp1 = exp(L1 / sigmad), exp2 = exp(L2 / sigmad);
    n[0] = a1 + a2;
    n[1] = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
    n[1] += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
    n[2] = (a1 + a2) * cos2 * cos1;
    n[2] -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
    n[2] *= 2 * exp1 * exp2;
    n[2] += a2 * exp1 * exp1 + a1 * exp2 * exp2;
    n[3] = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
    n[3] += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
    *sn = n[0] + n[1] + n[2] + n[3];
    *dn = n[1] + 2 * n[2] + 3 * n[3];
    *en = n[1] + 4 * n[2] + 9 * n[3];
}

/* ComputeDCoefficients: d1..d4, and their sums SD, DD, ED. */
static void d_coefficients(double sigmad, double d[5], double *sd, double *dd, double *ed)
{
    const double cos1 = cos(W1 / sigmad), cos2 = cos(W2 / sigmad);
    const double exp1 = exp(L1 / sigmad), exp2 = exp(L2 / sigmad);
    d[4] = exp1 * exp1 * exp2 * exp2;
    d[3] = -2 * cos1 * exp1 * exp2 * exp2;
    d[3] += -2 * cos2 * exp2 * exp1 * exp1;
    d[2] = 4 * cos2 * cos1 * exp1 * exp2;
    d[2] += exp1 * exp1 + exp2 * exp2;
    d[1] = -2 * (exp2 * cos2 + exp1 * cos1);
    *sd = 1.0 + d[1] + d[2] + d[3] + d[4];
    *dd = d[1] + 2 * d[2] + 3 * d[3] + 4 * d[4];
    *ed = d[1] + 4 * d[2] + 9 * d[3] + 16 * d[4];
}

/* ComputeRemainingCoefficients(symmetric = true), the case of orders 0 and 2. */
static void remaining_coefficients(Coefficients *c)
{
    c->m[1] = c->n[1] - c->d[1] * c->n[0];
    c->m[2] = c->n[2] - c->d[2] * c->n[0];
    c->m[3] = c->n[3] - c->d[3] * c->n[0];
    c->m[4] = -c->d[4] * c->n[0];
    const double sn = c->n[0] + c->n[1] + c->n[2] + c->n[3];
    const double sm = c->m[1] + c->m[2] + c->m[3] + c->m[4];
    const double sd = 1.0 + c->d[1] + c->d[2] + c->d[3] + c->d[4];
    for (int k = 1; k <= 4; k++) {
        c->bn[k] = c->d[k] * sn / sd;
        c->bm[k] = c->d[k] * sm / sd;
    }
}

/* SetUp with NormalizeAcrossScale on: order 0 (which ITK never normalises) or 2 (times
 * sigma^2). */
static void set_up(Coefficients *c, double sigma, double spacing, int order)
{
    const double sigmad = sigma / spacing;
    double sd, dd, ed, sn, dn, en;
    d_coefficients(sigmad, c->d, &sd, &dd, &ed);
    if (order == 0) {
        n_coefficients(sigmad, 0, c->n, &sn, &dn, &en);
        const double alpha0 = 2 * sn / sd - c->n[0];
        for (int k = 0; k < 4; k++)
            c->n[k] *= 1.0 / alpha0;
    } else {
        const double across_scale_normalization = sigma * sigma;
        double n_0[4], n_2[4], sn0, dn0, en0, sn2, dn2, en2;
        n_coefficients(sigmad, 0, n_0, &sn0, &dn0, &en0);
        n_coefficients(sigmad, 2, n_2, &sn2, &dn2, &en2);
        const double beta = -(2 * sn2 - sd * n_2[0]) / (2 * sn0 - sd * n_0[0]);
        for (int k = 0; k < 4; k++)
            c->n[k] = n_2[k] + beta * n_0[k];
        sn = sn2 + beta * sn0;
        dn = dn2 + beta * dn0;
        en = en2 + beta * en0;
        double alpha2 = en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn;
        alpha2 /= sd * sd * sd;
        for (int k = 0; k < 4; k++)
            c->n[k] *= across_scale_normalization / alpha2;
    }
    remaining_coefficients(c);
}

/* ITK's MathEMAMAMAM: a1 b1 + a2 b2 + a3 b3 + a4 b4, summed left to right. */
static inline double products(double a1, double b1, double a2, double b2, double a3, double b3,
                              double a4, double b4)
{
    return a1 * b1 + a2 * b2 + a3 * b3 + a4 * b4;
}

/* Lines filtered side by side: each recursion is a chain of dependent operations, so
 * interleaving independent lines keeps the processor busy. Lane b of every array holds
 * line b; each line gets exactly ITK's operations in ITK's order. */
enum { LANES = 8 };
typedef double Lanes[LANES];

/* FilterDataArray on lanes 0..count-1, for the output voxels first..stop-1 only: the causal
 * pass into outs up to stop - 1, the anti-causal into back down to first, summed into outs
 * there; the border value is taken to extend to infinity on each side. Each kept voxel gets
 * exactly the operations of the whole-line filter (a recursion reads only earlier outputs
 * of its own direction). ln >= 4, 0 <= first < stop <= ln. */
static void filter_lines(const Coefficients *c, const Lanes *data, Lanes *outs, Lanes *back,
                         ptrdiff_t ln, ptrdiff_t first, ptrdiff_t stop, int count)
{
    const double *n = c->n, *d = c->d, *m = c->m, *bn = c->bn, *bm = c->bm;
    for (int b = 0; b < count; b++) {
        const double v = data[0][b];
        outs[0][b] = products(v, n[0], v, n[1], v, n[2], v, n[3]);
        outs[1][b] = products(data[1][b], n[0], v, n[1], v, n[2], v, n[3]);
        outs[2][b] = products(data[2][b], n[0], data[1][b], n[1], v, n[2], v, n[3]);
        outs[3][b] = products(data[3][b], n[0], data[2][b], n[1], data[1][b], n[2], v, n[3]);
        outs[0][b] -= products(v, bn[1], v, bn[2], v, bn[3], v, bn[4]);
        outs[1][b] -= products(outs[0][b], d[1], v, bn[2], v, bn[3], v, bn[4]);
        outs[2][b] -= products(outs[1][b], d[1], outs[0][b], d[2], v, bn[3], v, bn[4]);
        outs[3][b] -= products(outs[2][b], d[1], outs[1][b], d[2], outs[0][b], d[3], v, bn[4]);
    }
    for (ptrdiff_t i = 4; i < stop; i++)
        for (int b = 0; b < count; b++) {
            outs[i][b] = products(data[i][b], n[0], data[i - 1][b], n[1], data[i - 2][b], n[2],
                                  data[i - 3][b], n[3]);
            outs[i][b] -= products(outs[i - 1][b], d[1], outs[i - 2][b], d[2], outs[i - 3][b],
                                   d[3], outs[i - 4][b], d[4]);
        }
    const ptrdiff_t e = ln - 1;
    for (int b = 0; b < count; b++) {
        const double v = data[e][b];
        back[e][b] = products(v, m[1], v, m[2], v, m[3], v, m[4]);
        back[e - 1][b] = products(data[e][b], m[1], v, m[2], v, m[3], v, m[4]);
        back[e - 2][b] = products(data[e - 1][b], m[1], data[e][b], m[2], v, m[3], v, m[4]);
        back[e - 3][b] = products(data[e - 2][b], m[1], data[e - 1][b], m[2], data[e][b], m[3],
                                  v, m[4]);
        back[e][b] -= products(v, bm[1], v, bm[2], v, bm[3], v, bm[4]);
        back[e - 1][b] -= products(back[e][b], d[1], v, bm[2], v, bm[3], v, bm[4]);
        back[e - 2][b] -= products(back[e - 1][b], d[1], back[e][b], d[2], v, bm[3], v, bm[4]);
        back[e - 3][b] -= products(back[e - 2][b], d[1], back[e - 1][b], d[2], back[e][b], d[3],
                                   v, bm[4]);
    }
    for (ptrdiff_t i = ln - 4; i > first; i--)
        for (int b = 0; b < count; b++) {
            back[i - 1][b] = products(data[i][b], m[1], data[i + 1][b], m[2], data[i + 2][b],
                                      m[3], data[i + 3][b], m[4]);
            back[i - 1][b] -= products(back[i][b], d[1], back[i + 1][b], d[2], back[i + 2][b],
                                       d[3], back[i + 3][b], d[4]);
        }
    for (ptrdiff_t i = first; i < stop; i++)
        for (int b = 0; b < count; b++)
            outs[i][b] += back[i][b];
}

/* One RecursiveGaussianImageFilter pass (NormalizeAcrossScale on) along array axis `axis`
 * of image (shape[0..2], C order, float32 when single else float64), each line read as
 * double and written rounded to float32 (ITK's static_cast<float>). out has image's shape
 * except along axis, where it keeps kept voxels from first on. Returns -1 when out of memory. */
int recursive_gaussian(const void *image, int single, const ptrdiff_t *shape, int axis,
                       double sigma, double spacing, int order, ptrdiff_t first,
                       ptrdiff_t kept, float *out)
{
    const ptrdiff_t ln = shape[axis];
    ptrdiff_t n_lines = 1, stride = 1;
    for (int a = 0; a < 3; a++)
        n_lines *= a == axis ? 1 : shape[a];
    for (int a = axis + 1; a < 3; a++)
        stride *= shape[a];
    Lanes *data = malloc(3 * (size_t)ln * sizeof(Lanes));
    if (data == NULL)
        return -1;
    Lanes *filtered = data + ln, *back = data + 2 * ln;
    Coefficients c;
    set_up(&c, sigma, spacing, order);
    ptrdiff_t source[LANES], target[LANES];
    for (ptrdiff_t line = 0; line < n_lines; line += LANES) {
        const int count = n_lines - line < LANES ? (int)(n_lines - line) : LANES;
        for (int b = 0; b < count; b++) {
            const ptrdiff_t before = (line + b) / stride, after = (line + b) % stride;
            source[b] = before * ln * stride + after;
            target[b] = before * kept * stride + after;
        }
        if (single)
            for (ptrdiff_t i = 0; i < ln; i++)
                for (int b = 0; b < count; b++)
                    data[i][b] = ((const float *)image)[source[b] + i * stride];
        else
            for (ptrdiff_t i = 0; i < ln; i++)
                for (int b = 0; b < count; b++)
                    data[i][b] = ((const double *)image)[source[b] + i * stride];
        filter_lines(&c, (const Lanes *)data, filtered, back, ln, first, first + kept, count);
        for (ptrdiff_t i = 0; i < kept; i++)
            for (int b = 0; b < count; b++)
                out[target[b] + i * stride] = (float)filtered[first + i][b];
    }
    free(data);
    return 0;
}
