/* The compiled loops of feature extraction, called through axilla.features._kernels.
 *
 * Plain C on raw arrays (C order); module.c checks the arrays and releases the GIL.
 * Each function cites its definition where it is written.
 */
#ifndef AXILLA_KERNELS_H
#define AXILLA_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* matrices.c: the texture matrices, walking padded_levels' flat zero-padded levels */
ptrdiff_t pad_levels(const int32_t *grey, const uint8_t *mask, const ptrdiff_t *shape,
                     ptrdiff_t pad, int32_t *levels, int64_t *voxels, ptrdiff_t capacity,
                     int32_t *low, int32_t *high);
void count_pairs(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
                 const int64_t *steps, ptrdiff_t n_steps, double *counts, ptrdiff_t n_cols);
void count_dependences(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
                       const int64_t *steps, ptrdiff_t n_steps, int64_t alpha, double *counts);
void sum_differences(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
                     const int64_t *steps, ptrdiff_t n_steps, double *table);
int count_runs(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
               const int64_t *steps, ptrdiff_t n_steps, ptrdiff_t n_levels,
               ptrdiff_t max_length, int32_t *remaining, int64_t *at_least);
int line_holds_two(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
                   const int64_t *offset, const int64_t *padded_shape);
ptrdiff_t count_zones(int32_t *unvisited, const int64_t *voxels, ptrdiff_t n_voxels,
                      const int64_t *steps, ptrdiff_t n_steps, int64_t *stack,
                      int64_t *zone_level, int64_t *zone_size);

/* formulas.c: features of the matrices, one column per direction */
int glcm_formulas(const double *p, ptrdiff_t n_grey, ptrdiff_t n_dir, const double *levels,
                  ptrdiff_t n_levels, double *out);
int zone_formulas(const double *counts, ptrdiff_t n_grey, ptrdiff_t n_size, ptrdiff_t n_dir,
                  const double *i, const double *j, double *out);
int ngtdm_formulas(const double *table, ptrdiff_t n_grey, double *out);

/* sums.c: numpy's pairwise summation, for kernels whose values must equal numpy's */
double numpy_sum(const double *a, ptrdiff_t n, ptrdiff_t stride);
void direction_means(const double *values, ptrdiff_t rows, ptrdiff_t n_dir, double *kept,
                     double *means);

/* firstorder.c: out[FO_...] of the ROI intensities x (n >= 1) and the same ascending */
enum {
    FO_ENERGY, FO_MINIMUM, FO_P10, FO_P25, FO_P75, FO_P90, FO_MAXIMUM, FO_MEAN, FO_MEDIAN,
    FO_MAD, FO_ROBUST_MAD, FO_RMS, FO_VARIANCE, FO_SKEWNESS, FO_KURTOSIS, FO_COUNT
};
int first_order(const double *x, const double *ordered, ptrdiff_t n, double shift, double *out);

/* shape.c */
double farthest_pairs(const double *points, ptrdiff_t d, const int64_t *starts,
                      ptrdiff_t n_groups);
/* mesh.c: PyRadiomics' marching-cubes mesh; returns the malloc'd vertices (n, 3) */
double *marching_cubes(const uint8_t *mask, const ptrdiff_t *shape, const double *spacing,
                       const int8_t *triangles, ptrdiff_t *n_vertices, double *area,
                       double *volume);

/* gaussian.c: one pass of ITK's RecursiveGaussianImageFilter, for the LoG image type */
int recursive_gaussian(const void *image, int single, const ptrdiff_t *shape, int axis,
                       double sigma, double spacing, int order, ptrdiff_t first,
                       ptrdiff_t kept, float *out);

/* swt.c: one level of PyWavelets' stationary wavelet transform along one axis */
int swt_axis(const void *image, int single, const ptrdiff_t *shape, int axis, const void *low,
             const void *high, ptrdiff_t f, void *out_low, void *out_high);

#endif
