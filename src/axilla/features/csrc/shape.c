/* Maximum 3D/2D diameter: PyRadiomics cshape.c compares every pair of points. */
#include <math.h>

#include "kernels.h"

/* Squared distance of the farthest pair of points (n, d); reach is each point's distance
 * from a centre, descending. By the triangle inequality a pair is at most reach[i] +
 * reach[j] apart, so once that falls below the best distance (less a 1e-9 relative margin
 * for rounding) no later pair can win. */
double farthest_pair(const double *points, ptrdiff_t n, ptrdiff_t d, const double *reach)
{
    double best = 0.0, bound = -1.0;
    for (ptrdiff_t i = 0; i + 1 < n; i++) {
        if (reach[i] + reach[i + 1] < bound)
            break;
        for (ptrdiff_t j = i + 1; j < n; j++) {
            if (reach[i] + reach[j] < bound)
                break;
            double squared = 0.0;
            for (ptrdiff_t k = 0; k < d; k++) {
                const double diff = points[i * d + k] - points[j * d + k];
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
