/* Maximum 3D/2D diameters: PyRadiomics cshape.c compares every pair of points. */
#include <math.h>
#include <stdlib.h>

#include "kernels.h"

typedef struct {
    double reach;
    ptrdiff_t index;
} Reach;

static int farther_first(const void *a, const void *b)
{
    const Reach *x = a, *y = b;
    if (x->reach != y->reach)
        return x->reach < y->reach ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Squared distance of the farthest pair of the m points (rows of d numbers) of one group.
 * Each point's reach is its distance from the centre of the group's bounding box; by the
 * triangle inequality two points are at most reach[i] + reach[j] apart, so with points
 * taken farthest first, once that falls below the best distance (less a 1e-9 relative
 * margin for rounding) no later pair can win. d is 2 or 3; order is workspace for m. */
static double farthest_in_group(const double *points, ptrdiff_t m, ptrdiff_t d, Reach *order)
{
    double centre[3];
    for (ptrdiff_t k = 0; k < d; k++) {
        double low = points[k], high = points[k];
        for (ptrdiff_t i = 1; i < m; i++) {
            low = points[i * d + k] < low ? points[i * d + k] : low;
            high = points[i * d + k] > high ? points[i * d + k] : high;
        }
        centre[k] = (low + high) / 2;
    }
    for (ptrdiff_t i = 0; i < m; i++) {
        double squared = 0.0;
        for (ptrdiff_t k = 0; k < d; k++) {
            const double off = points[i * d + k] - centre[k];
            squared += off * off;
        }
        order[i] = (Reach){sqrt(squared), i};
    }
    qsort(order, (size_t)m, sizeof(Reach), farther_first);
    double best = 0.0, bound = -1.0;
    for (ptrdiff_t a = 0; a + 1 < m; a++) {
        if (order[a].reach + order[a + 1].reach < bound)
            break;
        const double *p = points + order[a].index * d;
        for (ptrdiff_t b = a + 1; b < m; b++) {
            if (order[a].reach + order[b].reach < bound)
                break;
            const double *q = points + order[b].index * d;
            double squared = 0.0;
            for (ptrdiff_t k = 0; k < d; k++) {
                const double diff = p[k] - q[k];
                squared += diff * diff;
            }
            if (squared > best) {
                best = squared;
                bound = sqrt(best) * (1 - 1e-9);
            }
        }
    }
    return best;
}

/* The largest squared distance between two points of one group, over the groups of
 * points (n, d) given by starts (n_groups + 1 ascending row indices, from 0 to n): the
 * 3D diameter with one group, the planar ones with a group per plane. -1 when memory
 * runs out. */
double farthest_pairs(const double *points, ptrdiff_t d, const int64_t *starts,
                      ptrdiff_t n_groups)
{
    ptrdiff_t largest = 0;
    for (ptrdiff_t g = 0; g < n_groups; g++)
        largest = starts[g + 1] - starts[g] > largest ? starts[g + 1] - starts[g] : largest;
    Reach *order = malloc((size_t)(largest > 0 ? largest : 1) * sizeof(Reach));
    if (order == NULL)
        return -1.0;
    double best = 0.0;
    for (ptrdiff_t g = 0; g < n_groups; g++) {
        const ptrdiff_t m = starts[g + 1] - starts[g];
        if (m < 2)
            continue;
        const double group = farthest_in_group(points + starts[g] * d, m, d, order);
        best = group > best ? group : best;
    }
    free(order);
    return best;
}
