/* Texture-matrix counts on padded_levels' layout (axilla/features/matrices/_layout.py):
 * levels is flat, zero outside the mask and in a border as wide as the largest offset,
 * so the neighbour of voxel v at an offset is levels[v + step] with no bounds check.
 */
#include <stdlib.h>

#include "kernels.h"

/* The walk itself: grey (n_z, n_y, n_x) copied into levels (each size + 2 pad, zeroed by
 * the caller) where mask is set, and the flat padded index of each mask voxel written to
 * voxels (capacity entries, ascending). Returns the number of mask voxels, -1 when they
 * exceed capacity; *low and *high are the extreme levels inside the mask. */
ptrdiff_t pad_levels(const int32_t *grey, const uint8_t *mask, const ptrdiff_t *shape,
                     ptrdiff_t pad, int32_t *levels, int64_t *voxels, ptrdiff_t capacity,
                     int32_t *low, int32_t *high)
{
    const ptrdiff_t ny = shape[1] + 2 * pad, nx = shape[2] + 2 * pad;
    ptrdiff_t n = 0, k = 0;
    int32_t least = INT32_MAX, most = INT32_MIN;
    for (ptrdiff_t z = 0; z < shape[0]; z++) {
        for (ptrdiff_t y = 0; y < shape[1]; y++) {
            const ptrdiff_t row = ((z + pad) * ny + (y + pad)) * nx + pad;
            for (ptrdiff_t x = 0; x < shape[2]; x++, k++) {
                if (!mask[k])
                    continue;
                if (n == capacity)
                    return -1;
                const int32_t level = grey[k];
                levels[row + x] = level;
                voxels[n++] = row + x;
                least = level < least ? level : least;
                most = level > most ? level : most;
            }
        }
    }
    *low = least;
    *high = most;
    return n;
}

/* GLCM: PyRadiomics cmatrices.c::calculate_glcm, IBSI 1 section 3.6. counts is
 * (n_levels, n_cols = n_levels + 1, n_steps); column 0 collects neighbours outside the
 * mask (level 0), so the loop has no branch. */
void count_pairs(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
                 const int64_t *steps, ptrdiff_t n_steps, double *counts, ptrdiff_t n_cols)
{
    for (ptrdiff_t k = 0; k < n_voxels; k++) {
        const int64_t v = voxels[k];
        double *row = counts + (ptrdiff_t)(levels[v] - 1) * n_cols * n_steps;
        for (ptrdiff_t a = 0; a < n_steps; a++)
            row[(ptrdiff_t)levels[v + steps[a]] * n_steps + a] += 1.0;
    }
}

/* GLDM: PyRadiomics cmatrices.c::calculate_gldm, IBSI 1 section 3.11. counts is
 * (n_levels, n_steps + 1): voxels of level i with k dependent neighbours (in the mask,
 * level within alpha of the centre's). */
void count_dependences(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
                       const int64_t *steps, ptrdiff_t n_steps, int64_t alpha, double *counts)
{
    for (ptrdiff_t k = 0; k < n_voxels; k++) {
        const int64_t v = voxels[k];
        const int32_t centre = levels[v];
        ptrdiff_t dependent = 0;
        for (ptrdiff_t a = 0; a < n_steps; a++) {
            const int32_t other = levels[v + steps[a]];
            dependent += (other > 0) & (llabs((long long)other - centre) <= alpha);
        }
        counts[(ptrdiff_t)(centre - 1) * (n_steps + 1) + dependent] += 1.0;
    }
}

/* NGTDM: PyRadiomics cmatrices.c::calculate_ngtdm, IBSI 1 section 3.10. table is
 * (n_levels, 3): n_i, s_i (sum of |level - mean of its mask neighbours|) and the number
 * of voxels with at least one neighbour. */
void sum_differences(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
                     const int64_t *steps, ptrdiff_t n_steps, double *table)
{
    for (ptrdiff_t k = 0; k < n_voxels; k++) {
        const int64_t v = voxels[k];
        const int32_t centre = levels[v];
        ptrdiff_t found = 0;
        double total = 0.0;
        for (ptrdiff_t a = 0; a < n_steps; a++) {
            const int32_t other = levels[v + steps[a]];  /* 0 outside the mask */
            found += other > 0;
            total += other;
        }
        double *row = table + (ptrdiff_t)(centre - 1) * 3;
        row[0] += 1.0;
        if (found > 0) {
            double difference = (double)centre - total / (double)found;
            row[1] += difference < 0 ? -difference : difference;
            row[2] += 1.0;
        }
    }
}

/* GLRLM: PyRadiomics cmatrices.c::calculate_glrlm, IBSI 1 section 3.7. Per direction,
 * one sweep against the step gives each voxel the length of its run from there on (1 +
 * that of the next voxel when both share a level); at_least (n_steps, n_levels,
 * max_length + 2) then counts, per level, voxels whose run goes on for m voxels, and a
 * run of length L holds one voxel of each length 1..L, so runs of length exactly m are
 * at_least[m] - at_least[m + 1]. remaining is workspace as long as levels. Returns -1,
 * leaving at_least partly filled, when a run is longer than max_length + 1 (it would
 * not fit at_least). */
int count_runs(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
               const int64_t *steps, ptrdiff_t n_steps, ptrdiff_t n_levels,
               ptrdiff_t max_length, int32_t *remaining, int64_t *at_least)
{
    const int64_t first = voxels[0], last = voxels[n_voxels - 1];
    for (ptrdiff_t a = 0; a < n_steps; a++) {
        const int64_t step = steps[a];
        for (int64_t k = 0; k <= last - first; k++) {
            const int64_t v = step > 0 ? last - k : first + k;
            const int32_t level = levels[v];
            const int32_t same = levels[v + step] == level;
            remaining[v] = (remaining[v + step] * same + 1) * (level > 0);
        }
        int64_t *tally = at_least + a * n_levels * (max_length + 2);
        for (ptrdiff_t k = 0; k < n_voxels; k++) {
            const int64_t v = voxels[k];
            if (remaining[v] < 1 || remaining[v] > max_length + 1)
                return -1;
            tally[(ptrdiff_t)(levels[v] - 1) * (max_length + 2) + remaining[v]] += 1;
        }
    }
    return 0;
}

/* 1 when two mask voxels lie on one line along offset (gaps allowed): PyRadiomics drops
 * a direction whose lines all hold at most one voxel. */
int line_holds_two(const int32_t *levels, const int64_t *voxels, ptrdiff_t n_voxels,
                   const int64_t *offset, const int64_t *padded_shape)
{
    const int64_t nz = padded_shape[0], ny = padded_shape[1], nx = padded_shape[2];
    for (ptrdiff_t k = 0; k < n_voxels; k++) {
        const int64_t v = voxels[k];
        int64_t z = v / (ny * nx), y = (v / nx) % ny, x = v % nx;
        for (;;) {
            z += offset[0];
            y += offset[1];
            x += offset[2];
            if (z < 0 || z >= nz || y < 0 || y >= ny || x < 0 || x >= nx)
                break;
            if (levels[(z * ny + y) * nx + x] > 0)
                return 1;
        }
    }
    return 0;
}

/* GLSZM: PyRadiomics cmatrices.c::calculate_glszm, IBSI 1 section 3.8. A flood fill from
 * each unvisited voxel over the neighbours at steps; a visited voxel's level is set to 0
 * in unvisited (a copy of the levels), and a neighbour is written to the stack top every
 * time while the top only moves on a match (no branch). stack holds n_voxels + 1; the
 * zones' levels and sizes are written in order of discovery; returns their number. */
ptrdiff_t count_zones(int32_t *unvisited, const int64_t *voxels, ptrdiff_t n_voxels,
                      const int64_t *steps, ptrdiff_t n_steps, int64_t *stack,
                      int64_t *zone_level, int64_t *zone_size)
{
    ptrdiff_t n_zones = 0;
    for (ptrdiff_t k = 0; k < n_voxels; k++) {
        const int64_t start = voxels[k];
        const int32_t level = unvisited[start];
        if (level == 0)
            continue;
        unvisited[start] = 0;
        stack[0] = start;
        ptrdiff_t top = 1;
        int64_t size = 0;
        while (top > 0) {
            const int64_t v = stack[--top];
            size++;
            for (ptrdiff_t a = 0; a < n_steps; a++) {
                const int64_t w = v + steps[a];
                const int32_t seen = unvisited[w];
                const int match = seen == level;
                stack[top] = w;
                top += match;
                unvisited[w] = match ? 0 : seen;
            }
        }
        zone_level[n_zones] = level;
        zone_size[n_zones] = size;
        n_zones++;
    }
    return n_zones;
}
