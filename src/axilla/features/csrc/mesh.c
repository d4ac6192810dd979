/* PyRadiomics' marching-cubes mesh (radiomics/src/cshape.c): area, volume and vertices.
 *
 * The values equal shape.py's former numpy expressions to the bit: each triangle's term is
 * formed with numpy's operations in numpy's order (np.cross, np.linalg.norm, einsum's dot)
 * into an array in numpy's triangle order, which numpy_sum then adds as np.sum does.
 */
#include <math.h>
#include <stdlib.h>

#include "kernels.h"

/* cube corner a (z, y, x) is bit a of the cube index */
static const int CORNERS[8][3] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0},
                                  {1, 0, 0}, {1, 0, 1}, {1, 1, 1}, {1, 1, 0}};
/* midpoint of each cube edge (z, y, x), in voxels from the cube's corner 0 */
static const double EDGE_MIDPOINTS[12][3] = {
    {0, 0, .5}, {0, .5, 1}, {0, 1, .5}, {0, .5, 0}, {1, 0, .5}, {1, .5, 1},
    {1, 1, .5}, {1, .5, 0}, {.5, 0, 0}, {.5, 0, 1}, {.5, 1, 1}, {.5, 1, 0}};
/* a cube lists the vertex on corner 7's edge {corner 6 -> 6, 4 -> 7, 3 -> 11} when that
 * corner's bit is set in its (complement-folded) index, so every vertex is listed once */
static const int OWNED_EDGES[3][2] = {{6, 6}, {4, 7}, {3, 11}};

/* Position (mm) of the midpoint of edge e of the cube at voxel (z, y, x). */
static void edge_point(const ptrdiff_t *cube, int e, const double *spacing, double *point)
{
    for (int k = 0; k < 3; k++)
        point[k] = ((double)cube[k] + EDGE_MIDPOINTS[e][k]) * spacing[k];
}

/* np.cross of two 3-vectors: each product rounded, then the difference. */
static void cross(const double *a, const double *b, double *out)
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

/* Triangle (a, b, c)'s area, 0.5 * np.linalg.norm(np.cross(a - c, b - c)): the squares
 * added left to right. */
static double triangle_area(const double *a, const double *b, const double *c)
{
    const double ac[3] = {a[0] - c[0], a[1] - c[1], a[2] - c[2]};
    const double bc[3] = {b[0] - c[0], b[1] - c[1], b[2] - c[2]};
    double n[3];
    cross(ac, bc, n);
    return 0.5 * sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
}

/* Six times the signed volume of the tetrahedron (0, a, b, c), np.einsum("ij,ij->i",
 * np.cross(a, b), c): einsum's SIMD loop adds the three products as (0 + 2) + 1. */
static double triangle_volume6(const double *a, const double *b, const double *c)
{
    double n[3];
    cross(a, b, n);
    return (n[0] * c[0] + n[2] * c[2]) + n[1] * c[1];
}

/* Index 0..255 of the cube whose corner 0 is at flat position at of the mask. */
static int cube_index(const uint8_t *mask, ptrdiff_t at, const ptrdiff_t *corner_steps)
{
    int index = 0;
    for (int a = 0; a < 8; a++)
        index |= (mask[at + corner_steps[a]] != 0) << a;
    return index;
}

/* The mesh of the bool mask (shape[3], C order; the ROI padded by one voxel). triangles
 * (128, 5, 3) holds each index's triangles as edge numbers, -1 after the last; an index
 * >= 128 uses its complement's triangles with the volume sign flipped. Vertices: one row
 * (z, y, x) in mm per mesh vertex, those of corner 6's edge over the cubes in C order,
 * then corner 4's, then corner 3's. Returns the malloc'd vertices (the caller frees
 * them), NULL when memory runs out. */
double *marching_cubes(const uint8_t *mask, const ptrdiff_t *shape, const double *spacing,
                       const int8_t *triangles, ptrdiff_t *n_vertices, double *area,
                       double *volume)
{
    int count[128];
    for (int i = 0; i < 128; i++) {
        count[i] = 0;
        while (count[i] < 5 && triangles[(i * 5 + count[i]) * 3] >= 0)
            count[i]++;
    }
    const ptrdiff_t n_cubes[3] = {shape[0] - 1, shape[1] - 1, shape[2] - 1};
    ptrdiff_t corner_steps[8];
    for (int a = 0; a < 8; a++)
        corner_steps[a] = (CORNERS[a][0] * shape[1] + CORNERS[a][1]) * shape[2] + CORNERS[a][2];
    /* first pass: how many triangles, and vertices per owned edge */
    ptrdiff_t n_triangles = 0, owned[3] = {0, 0, 0};
    for (ptrdiff_t z = 0; z < n_cubes[0]; z++)
        for (ptrdiff_t y = 0; y < n_cubes[1]; y++)
            for (ptrdiff_t x = 0; x < n_cubes[2]; x++) {
                int index = cube_index(mask, (z * shape[1] + y) * shape[2] + x, corner_steps);
                index = index >= 128 ? index ^ 0xFF : index;
                n_triangles += count[index];
                for (int k = 0; k < 3; k++)
                    owned[k] += (index >> OWNED_EDGES[k][0]) & 1;
            }
    *n_vertices = owned[0] + owned[1] + owned[2];
    double *vertices = malloc((size_t)(*n_vertices > 0 ? *n_vertices : 1) * 3 * sizeof(double));
    double *terms = malloc((size_t)(n_triangles > 0 ? n_triangles : 1) * 2 * sizeof(double));
    if (vertices == NULL || terms == NULL) {
        free(vertices);
        free(terms);
        return NULL;
    }
    /* second pass: vertices, each triangle's area and signed 6 x volume, in numpy's order */
    double *areas = terms, *volumes6 = terms + n_triangles;
    ptrdiff_t next_vertex[3] = {0, owned[0], owned[0] + owned[1]}, t = 0;
    for (ptrdiff_t z = 0; z < n_cubes[0]; z++)
        for (ptrdiff_t y = 0; y < n_cubes[1]; y++)
            for (ptrdiff_t x = 0; x < n_cubes[2]; x++) {
                const ptrdiff_t cube[3] = {z, y, x};
                int index = cube_index(mask, (z * shape[1] + y) * shape[2] + x, corner_steps);
                const int flipped = index >= 128;
                index = flipped ? index ^ 0xFF : index;
                for (int k = 0; k < 3; k++)
                    if ((index >> OWNED_EDGES[k][0]) & 1)
                        edge_point(cube, OWNED_EDGES[k][1], spacing,
                                   vertices + 3 * next_vertex[k]++);
                for (int n = 0; n < count[index]; n++, t++) {
                    const int8_t *edges = triangles + (index * 5 + n) * 3;
                    double a[3], b[3], c[3];
                    edge_point(cube, edges[0], spacing, a);
                    edge_point(cube, edges[1], spacing, b);
                    edge_point(cube, edges[2], spacing, c);
                    areas[t] = triangle_area(a, b, c);
                    const double volume6 = triangle_volume6(a, b, c);
                    volumes6[t] = flipped ? -volume6 : volume6;
                }
            }
    *area = numpy_sum(areas, n_triangles, 1);
    *volume = numpy_sum(volumes6, n_triangles, 1) / 6;
    free(terms);
    return vertices;
}
