/* axilla.features._kernels: the C kernels of kernels.h for Python, on NumPy arrays.
 *
 * Arrays come in through the buffer protocol (no NumPy C API): each must be C-contiguous
 * with the item type the kernel reads, and outputs writable, or a TypeError names it.
 * The kernels run with the GIL released, so threads extract cases side by side.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

typedef struct {
    Py_buffer view[8];
    int n;
} Borrowed;

/* Take obj's buffer as n_dims C-contiguous items of kind 'i' (signed integer), 'f'
 * (float: float32 or float64 by itemsize) or '?' (bool) and itemsize bytes, native byte
 * order; writable when the kernel writes it. */
static int take(Borrowed *held, PyObject *obj, const char *name, char kind,
                Py_ssize_t itemsize, int n_dims, int writable)
{
    Py_buffer *view = &held->view[held->n];
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0)
        return -1;
    const char *format = view->format != NULL ? view->format : "B";
    const char code = format[strlen(format) - 1];
    const int native = format[0] != '>' && format[0] != '!';
    const int typed = kind == 'f'   ? code == (itemsize == 4 ? 'f' : 'd')
                      : kind == '?' ? code == '?'
                                    : (code != '\0' && strchr("bhilqn", code) != NULL);
    if (!native || !typed || view->itemsize != itemsize || view->ndim != n_dims) {
        PyErr_Format(PyExc_TypeError, "%s must be a %d-D C-contiguous array of %zd-byte %s, got "
                     "format '%s' with %d dimension(s)", name, n_dims, itemsize,
                     kind == 'f' ? "floats" : kind == '?' ? "booleans" : "signed integers",
                     format, view->ndim);
        PyBuffer_Release(view);
        return -1;
    }
    held->n++;
    return 0;
}

static PyObject *give_back(Borrowed *held, PyObject *result)
{
    while (held->n > 0)
        PyBuffer_Release(&held->view[--held->n]);
    return result;
}

#define ITEMS(k) (held.view[k].len / held.view[k].itemsize)
#define SHAPE(k, axis) (held.view[k].shape[axis])
#define DATA(k, type) ((type *)held.view[k].buf)
#define FAIL() return give_back(&held, NULL)
#define REFUSE(message) do { PyErr_SetString(PyExc_ValueError, message); FAIL(); } while (0)
/* a kernel's status: < 0 when it ran out of memory, else None is returned */
#define NONE_UNLESS_OUT_OF_MEMORY(status)                                                          \
    do {                                                                                           \
        if ((status) < 0) {                                                                        \
            PyErr_NoMemory();                                                                      \
            FAIL();                                                                                \
        }                                                                                          \
        return give_back(&held, Py_NewRef(Py_None));                                               \
    } while (0)

/* levels (int32), voxels (int64), steps (int64): padded_levels' walk, views 0-2. The
 * kernels index without bounds checks, so the walk is checked first (one pass over
 * levels): voxels ascending, exactly the positions of the non-zero levels, and every
 * voxel's neighbour at every step inside levels. *top is the largest level; levels is
 * writable where the kernel writes it (count_zones). */
static int take_walk(Borrowed *held, PyObject *levels, PyObject *voxels, PyObject *steps,
                     int writable, int32_t *top)
{
    if (take(held, levels, "levels", 'i', 4, 1, writable) < 0
        || take(held, voxels, "voxels", 'i', 8, 1, 0) < 0
        || take(held, steps, "steps", 'i', 8, 1, 0) < 0)
        return -1;
    const int32_t *level = held->view[0].buf;
    const int64_t *voxel = held->view[1].buf, *step = held->view[2].buf;
    const Py_ssize_t n = held->view[0].len / 4, n_voxels = held->view[1].len / 8;
    const Py_ssize_t n_steps = held->view[2].len / 8;
    int32_t low = 0, high = 0;
    Py_ssize_t occupied = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        low = level[k] < low ? level[k] : low;
        high = level[k] > high ? level[k] : high;
        occupied += level[k] != 0;
    }
    int64_t back = 0, ahead = 0;
    for (Py_ssize_t a = 0; a < n_steps; a++) {
        back = step[a] < back ? step[a] : back;
        ahead = step[a] > ahead ? step[a] : ahead;
    }
    int valid = low >= 0 && occupied == n_voxels && n_voxels > 0 && voxel[0] + back >= 0
                && voxel[n_voxels - 1] + ahead < n;
    for (Py_ssize_t k = 0; valid && k < n_voxels; k++)
        valid = level[voxel[k]] > 0 && (k == 0 || voxel[k] > voxel[k - 1]);
    if (!valid) {
        PyErr_SetString(PyExc_ValueError, "levels, voxels and steps are not a padded_levels walk");
        return -1;
    }
    *top = high;
    return 0;
}

static PyObject *py_pad_levels(PyObject *self, PyObject *args)
{
    PyObject *grey, *mask, *levels, *voxels;
    Py_ssize_t pad, n;
    Borrowed held = {.n = 0};
    int32_t low, high;
    if (!PyArg_ParseTuple(args, "OOnOO", &grey, &mask, &pad, &levels, &voxels)
        || take(&held, grey, "grey", 'i', 4, 3, 0) < 0
        || take(&held, mask, "mask", '?', 1, 3, 0) < 0
        || take(&held, levels, "levels", 'i', 4, 3, 1) < 0
        || take(&held, voxels, "voxels", 'i', 8, 1, 1) < 0)
        FAIL();
    const Py_ssize_t *shape = held.view[0].shape;
    for (int axis = 0; axis < 3; axis++)
        if (pad < 0 || held.view[1].shape[axis] != shape[axis]
            || SHAPE(2, axis) != shape[axis] + 2 * pad)
            REFUSE("pad_levels needs grey and mask of one shape, levels that shape + 2 pad");
    Py_BEGIN_ALLOW_THREADS
    n = pad_levels(DATA(0, int32_t), DATA(1, uint8_t), shape, pad, DATA(2, int32_t),
                   DATA(3, int64_t), ITEMS(3), &low, &high);
    Py_END_ALLOW_THREADS
    if (n != ITEMS(3))
        REFUSE("voxels must hold one entry per mask voxel");
    return give_back(&held, Py_BuildValue("ii", (int)low, (int)high));
}

static PyObject *py_count_pairs(PyObject *self, PyObject *args)
{
    PyObject *levels, *voxels, *steps, *counts;
    Borrowed held = {.n = 0};
    int32_t top;
    if (!PyArg_ParseTuple(args, "OOOO", &levels, &voxels, &steps, &counts)
        || take_walk(&held, levels, voxels, steps, 0, &top) < 0
        || take(&held, counts, "counts", 'f', 8, 3, 1) < 0)
        FAIL();
    if (SHAPE(3, 2) != ITEMS(2) || SHAPE(3, 0) < top || SHAPE(3, 1) <= top)
        REFUSE("counts must be (levels, levels + 1, steps)");
    Py_BEGIN_ALLOW_THREADS
    count_pairs(DATA(0, int32_t), DATA(1, int64_t), ITEMS(1), DATA(2, int64_t), ITEMS(2),
                DATA(3, double), SHAPE(3, 1));
    Py_END_ALLOW_THREADS
    return give_back(&held, Py_NewRef(Py_None));
}

static PyObject *py_count_dependences(PyObject *self, PyObject *args)
{
    PyObject *levels, *voxels, *steps, *counts;
    long long alpha;
    Borrowed held = {.n = 0};
    int32_t top;
    if (!PyArg_ParseTuple(args, "OOOLO", &levels, &voxels, &steps, &alpha, &counts)
        || take_walk(&held, levels, voxels, steps, 0, &top) < 0
        || take(&held, counts, "counts", 'f', 8, 2, 1) < 0)
        FAIL();
    if (SHAPE(3, 1) != ITEMS(2) + 1 || SHAPE(3, 0) < top)
        REFUSE("counts must be (levels, steps + 1)");
    Py_BEGIN_ALLOW_THREADS
    count_dependences(DATA(0, int32_t), DATA(1, int64_t), ITEMS(1), DATA(2, int64_t), ITEMS(2),
                      (int64_t)alpha, DATA(3, double));
    Py_END_ALLOW_THREADS
    return give_back(&held, Py_NewRef(Py_None));
}

static PyObject *py_sum_differences(PyObject *self, PyObject *args)
{
    PyObject *levels, *voxels, *steps, *table;
    Borrowed held = {.n = 0};
    int32_t top;
    if (!PyArg_ParseTuple(args, "OOOO", &levels, &voxels, &steps, &table)
        || take_walk(&held, levels, voxels, steps, 0, &top) < 0
        || take(&held, table, "table", 'f', 8, 2, 1) < 0)
        FAIL();
    if (SHAPE(3, 1) != 3 || SHAPE(3, 0) < top)
        REFUSE("table must be (levels, 3)");
    Py_BEGIN_ALLOW_THREADS
    sum_differences(DATA(0, int32_t), DATA(1, int64_t), ITEMS(1), DATA(2, int64_t), ITEMS(2),
                    DATA(3, double));
    Py_END_ALLOW_THREADS
    return give_back(&held, Py_NewRef(Py_None));
}

static PyObject *py_count_runs(PyObject *self, PyObject *args)
{
    PyObject *levels, *voxels, *steps, *remaining, *at_least;
    Borrowed held = {.n = 0};
    int32_t top;
    if (!PyArg_ParseTuple(args, "OOOOO", &levels, &voxels, &steps, &remaining, &at_least)
        || take_walk(&held, levels, voxels, steps, 0, &top) < 0
        || take(&held, remaining, "remaining", 'i', 4, 1, 1) < 0
        || take(&held, at_least, "at_least", 'i', 8, 3, 1) < 0)
        FAIL();
    if (ITEMS(3) != ITEMS(0) || SHAPE(4, 0) != ITEMS(2) || SHAPE(4, 1) < top
        || SHAPE(4, 2) < 2)
        REFUSE("count_runs needs remaining as long as levels, at_least (steps, levels, ...)");
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = count_runs(DATA(0, int32_t), DATA(1, int64_t), ITEMS(1), DATA(2, int64_t),
                        ITEMS(2), SHAPE(4, 1), SHAPE(4, 2) - 2, DATA(3, int32_t),
                        DATA(4, int64_t));
    Py_END_ALLOW_THREADS
    if (status < 0)
        REFUSE("a run does not fit at_least (a run longer than its last axis - 1)");
    return give_back(&held, Py_NewRef(Py_None));
}

static PyObject *py_line_holds_two(PyObject *self, PyObject *args)
{
    PyObject *levels, *voxels, *offset, *padded_shape;
    Borrowed held = {.n = 0};
    int found;
    if (!PyArg_ParseTuple(args, "OOOO", &levels, &voxels, &offset, &padded_shape)
        || take(&held, levels, "levels", 'i', 4, 1, 0) < 0
        || take(&held, voxels, "voxels", 'i', 8, 1, 0) < 0
        || take(&held, offset, "offset", 'i', 8, 1, 0) < 0
        || take(&held, padded_shape, "padded_shape", 'i', 8, 1, 0) < 0)
        FAIL();
    if (ITEMS(2) != 3 || ITEMS(3) != 3
        || DATA(3, int64_t)[0] * DATA(3, int64_t)[1] * DATA(3, int64_t)[2] != ITEMS(0))
        REFUSE("offset must hold 3 numbers, padded_shape the 3 sizes of levels");
    for (Py_ssize_t k = 0; k < ITEMS(1); k++)
        if (DATA(1, int64_t)[k] < 0 || DATA(1, int64_t)[k] >= ITEMS(0))
            REFUSE("voxels must index levels");
    Py_BEGIN_ALLOW_THREADS
    found = line_holds_two(DATA(0, int32_t), DATA(1, int64_t), ITEMS(1), DATA(2, int64_t),
                           DATA(3, int64_t));
    Py_END_ALLOW_THREADS
    return give_back(&held, PyBool_FromLong(found));
}

static PyObject *py_count_zones(PyObject *self, PyObject *args)
{
    PyObject *unvisited, *voxels, *steps, *stack, *zone_level, *zone_size;
    Borrowed held = {.n = 0};
    ptrdiff_t n_zones;
    int32_t top;
    if (!PyArg_ParseTuple(args, "OOOOOO", &unvisited, &voxels, &steps, &stack, &zone_level,
                          &zone_size)
        || take_walk(&held, unvisited, voxels, steps, 1, &top) < 0
        || take(&held, stack, "stack", 'i', 8, 1, 1) < 0
        || take(&held, zone_level, "zone_level", 'i', 8, 1, 1) < 0
        || take(&held, zone_size, "zone_size", 'i', 8, 1, 1) < 0)
        FAIL();
    if (ITEMS(3) <= ITEMS(1) || ITEMS(4) < ITEMS(1) || ITEMS(5) < ITEMS(1))
        REFUSE("stack must hold voxels + 1, zone_level and zone_size voxels");
    Py_BEGIN_ALLOW_THREADS
    n_zones = count_zones(DATA(0, int32_t), DATA(1, int64_t), ITEMS(1), DATA(2, int64_t),
                          ITEMS(2), DATA(3, int64_t), DATA(4, int64_t), DATA(5, int64_t));
    Py_END_ALLOW_THREADS
    return give_back(&held, PyLong_FromSsize_t(n_zones));
}

static PyObject *py_glcm_formulas(PyObject *self, PyObject *args)
{
    PyObject *p, *levels, *out;
    Py_ssize_t n_levels;
    Borrowed held = {.n = 0};
    int status;
    if (!PyArg_ParseTuple(args, "OOnO", &p, &levels, &n_levels, &out)
        || take(&held, p, "p", 'f', 8, 3, 0) < 0
        || take(&held, levels, "levels", 'f', 8, 1, 0) < 0
        || take(&held, out, "out", 'f', 8, 2, 1) < 0)
        FAIL();
    if (SHAPE(0, 1) != SHAPE(0, 0) || ITEMS(1) != SHAPE(0, 0) || SHAPE(2, 0) != 23
        || SHAPE(2, 1) != SHAPE(0, 2) || n_levels < 1)
        REFUSE("glcm_formulas needs p (Ng, Ng, Na), levels (Ng,), out (23, Na)");
    for (Py_ssize_t g = 0; g < ITEMS(1); g++) {
        const double level = DATA(1, double)[g];
        if (!(level >= 1 && level <= (double)n_levels && level == (double)(Py_ssize_t)level))
            REFUSE("glcm_formulas' levels must be whole numbers in 1..n_levels");
    }
    Py_BEGIN_ALLOW_THREADS
    status = glcm_formulas(DATA(0, double), SHAPE(0, 0), SHAPE(0, 2), DATA(1, double), n_levels,
                           DATA(2, double));
    Py_END_ALLOW_THREADS
    NONE_UNLESS_OUT_OF_MEMORY(status);
}

static PyObject *py_zone_formulas(PyObject *self, PyObject *args)
{
    PyObject *counts, *i, *j, *out;
    Borrowed held = {.n = 0};
    int status;
    if (!PyArg_ParseTuple(args, "OOOO", &counts, &i, &j, &out)
        || take(&held, counts, "counts", 'f', 8, 3, 0) < 0
        || take(&held, i, "i", 'f', 8, 1, 0) < 0
        || take(&held, j, "j", 'f', 8, 1, 0) < 0
        || take(&held, out, "out", 'f', 8, 2, 1) < 0)
        FAIL();
    if (ITEMS(1) != SHAPE(0, 0) || ITEMS(2) != SHAPE(0, 1) || SHAPE(3, 0) != 16
        || SHAPE(3, 1) != SHAPE(0, 2))
        REFUSE("zone_formulas needs counts (Ng, Ns, Na), i (Ng,), j (Ns,), out (16, Na)");
    Py_BEGIN_ALLOW_THREADS
    status = zone_formulas(DATA(0, double), SHAPE(0, 0), SHAPE(0, 1), SHAPE(0, 2),
                           DATA(1, double), DATA(2, double), DATA(3, double));
    Py_END_ALLOW_THREADS
    NONE_UNLESS_OUT_OF_MEMORY(status);
}

static PyObject *py_farthest_pairs(PyObject *self, PyObject *args)
{
    PyObject *points, *starts;
    Borrowed held = {.n = 0};
    double best;
    if (!PyArg_ParseTuple(args, "OO", &points, &starts)
        || take(&held, points, "points", 'f', 8, 2, 0) < 0
        || take(&held, starts, "starts", 'i', 8, 1, 0) < 0)
        FAIL();
    const int64_t *start = DATA(1, int64_t);
    int ordered = ITEMS(1) >= 1 && start[0] == 0 && start[ITEMS(1) - 1] == SHAPE(0, 0);
    for (Py_ssize_t g = 1; ordered && g < ITEMS(1); g++)
        ordered = start[g] >= start[g - 1];
    if (!ordered || SHAPE(0, 1) < 1 || SHAPE(0, 1) > 3)
        REFUSE("points must be (n, 1..3) and starts rise from 0 to n");
    Py_BEGIN_ALLOW_THREADS
    best = farthest_pairs(DATA(0, double), SHAPE(0, 1), start, ITEMS(1) - 1);
    Py_END_ALLOW_THREADS
    if (best < 0) {
        PyErr_NoMemory();
        FAIL();
    }
    return give_back(&held, PyFloat_FromDouble(best));
}

static PyObject *py_swt_axis(PyObject *self, PyObject *args)
{
    PyObject *image, *low, *high, *out_low, *out_high;
    int axis;
    Borrowed held = {.n = 0};
    if (!PyArg_ParseTuple(args, "OOOiOO", &image, &low, &high, &axis, &out_low, &out_high))
        FAIL();
    Py_ssize_t itemsize = 8;
    if (take(&held, image, "image", 'f', 8, 3, 0) < 0) {
        PyErr_Clear();
        itemsize = 4;
        if (take(&held, image, "image", 'f', 4, 3, 0) < 0) {
            PyErr_SetString(PyExc_TypeError,
                            "image must be a 3-D C-contiguous float32 or float64 array");
            FAIL();
        }
    }
    if (take(&held, low, "low", 'f', itemsize, 1, 0) < 0
        || take(&held, high, "high", 'f', itemsize, 1, 0) < 0
        || take(&held, out_low, "out_low", 'f', itemsize, 3, 1) < 0
        || take(&held, out_high, "out_high", 'f', itemsize, 3, 1) < 0)
        FAIL();
    if (axis < 0 || axis > 2 || ITEMS(1) < 1 || ITEMS(2) != ITEMS(1) || SHAPE(0, axis) < 1)
        REFUSE("swt_axis needs axis 0, 1 or 2 and filters low, high of one length >= 1");
    for (int a = 0; a < 3; a++)
        if (SHAPE(3, a) != SHAPE(0, a) || SHAPE(4, a) != SHAPE(0, a))
            REFUSE("swt_axis' outputs must have the image's shape");
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = swt_axis(held.view[0].buf, itemsize == 4, held.view[0].shape, axis, held.view[1].buf,
                      held.view[2].buf, ITEMS(1), held.view[3].buf, held.view[4].buf);
    Py_END_ALLOW_THREADS
    NONE_UNLESS_OUT_OF_MEMORY(status);
}

static PyObject *py_recursive_gaussian(PyObject *self, PyObject *args)
{
    PyObject *image, *out;
    double sigma, spacing;
    int order, axis;
    Py_ssize_t first;
    Borrowed held = {.n = 0};
    int status;
    if (!PyArg_ParseTuple(args, "OOddiin", &image, &out, &sigma, &spacing, &order, &axis,
                          &first))
        FAIL();
    if (take(&held, image, "image", 'f', 4, 3, 0) < 0) {
        PyErr_Clear();
        if (take(&held, image, "image", 'f', 8, 3, 0) < 0) {
            PyErr_SetString(PyExc_TypeError,
                            "image must be a 3-D C-contiguous float32 or float64 array");
            FAIL();
        }
    }
    if (take(&held, out, "out", 'f', 4, 3, 1) < 0)
        FAIL();
    if (axis < 0 || axis > 2 || (order != 0 && order != 2))
        REFUSE("recursive_gaussian needs axis 0, 1 or 2 and order 0 or 2");
    if (!(sigma > 0) || !(spacing >= 1e-8) || !isfinite(sigma) || !isfinite(spacing))
        REFUSE("recursive_gaussian needs a finite sigma > 0 and spacing >= 1e-8 (as ITK)");
    if (SHAPE(0, axis) < 4)
        REFUSE("recursive_gaussian needs at least 4 voxels along axis (as ITK)");
    for (int a = 0; a < 3; a++)
        if (a != axis && SHAPE(1, a) != SHAPE(0, a))
            REFUSE("out must have image's shape except along axis");
    if (first < 0 || first + SHAPE(1, axis) > SHAPE(0, axis))
        REFUSE("out's voxels along axis, from first on, must lie within image");
    Py_BEGIN_ALLOW_THREADS
    status = recursive_gaussian(held.view[0].buf, held.view[0].itemsize == 4, held.view[0].shape,
                                axis, sigma, spacing, order, first, SHAPE(1, axis),
                                DATA(1, float));
    Py_END_ALLOW_THREADS
    NONE_UNLESS_OUT_OF_MEMORY(status);
}

static PyObject *py_ngtdm_formulas(PyObject *self, PyObject *args)
{
    PyObject *table, *out;
    Borrowed held = {.n = 0};
    int status;
    if (!PyArg_ParseTuple(args, "OO", &table, &out)
        || take(&held, table, "table", 'f', 8, 2, 0) < 0
        || take(&held, out, "out", 'f', 8, 1, 1) < 0)
        FAIL();
    if (SHAPE(0, 0) < 1 || SHAPE(0, 1) != 3 || ITEMS(1) != 5)
        REFUSE("ngtdm_formulas needs table (Ng >= 1, 3) and out (5,)");
    for (Py_ssize_t g = 0; g < SHAPE(0, 0); g++)
        if (!(DATA(0, double)[3 * g] > 0))
            REFUSE("ngtdm_formulas' table holds the levels present: every n_i > 0");
    Py_BEGIN_ALLOW_THREADS
    status = ngtdm_formulas(DATA(0, double), SHAPE(0, 0), DATA(1, double));
    Py_END_ALLOW_THREADS
    NONE_UNLESS_OUT_OF_MEMORY(status);
}

static PyObject *py_first_order(PyObject *self, PyObject *args)
{
    PyObject *x, *ordered, *out;
    double shift;
    Borrowed held = {.n = 0};
    int status;
    if (!PyArg_ParseTuple(args, "OOdO", &x, &ordered, &shift, &out)
        || take(&held, x, "x", 'f', 8, 1, 0) < 0
        || take(&held, ordered, "ordered", 'f', 8, 1, 0) < 0
        || take(&held, out, "out", 'f', 8, 1, 1) < 0)
        FAIL();
    if (ITEMS(0) < 1 || ITEMS(1) != ITEMS(0) || ITEMS(2) != FO_COUNT)
        REFUSE("first_order needs x (n >= 1), ordered (n,) and out (15,)");
    for (Py_ssize_t k = 1; k < ITEMS(1); k++)
        if (!(DATA(1, double)[k - 1] <= DATA(1, double)[k]))
            REFUSE("first_order's ordered must be ascending, without NaN");
    Py_BEGIN_ALLOW_THREADS
    status = first_order(DATA(0, double), DATA(1, double), ITEMS(0), shift, DATA(2, double));
    Py_END_ALLOW_THREADS
    NONE_UNLESS_OUT_OF_MEMORY(status);
}

static PyObject *py_direction_means(PyObject *self, PyObject *args)
{
    PyObject *values, *means;
    Borrowed held = {.n = 0};
    if (!PyArg_ParseTuple(args, "OO", &values, &means)
        || take(&held, values, "values", 'f', 8, 2, 0) < 0
        || take(&held, means, "means", 'f', 8, 1, 1) < 0)
        FAIL();
    if (ITEMS(1) != SHAPE(0, 0))
        REFUSE("direction_means needs values (rows, Na) and means (rows,)");
    double *kept = malloc((SHAPE(0, 1) > 0 ? SHAPE(0, 1) : 1) * sizeof(double));
    if (kept == NULL) {
        PyErr_NoMemory();
        FAIL();
    }
    Py_BEGIN_ALLOW_THREADS
    direction_means(DATA(0, double), SHAPE(0, 0), SHAPE(0, 1), kept, DATA(1, double));
    Py_END_ALLOW_THREADS
    free(kept);
    return give_back(&held, Py_NewRef(Py_None));
}

static PyObject *py_marching_cubes(PyObject *self, PyObject *args)
{
    PyObject *mask, *spacing, *triangles;
    Borrowed held = {.n = 0};
    ptrdiff_t n_vertices;
    double area, volume, *vertices;
    if (!PyArg_ParseTuple(args, "OOO", &mask, &spacing, &triangles)
        || take(&held, mask, "mask", '?', 1, 3, 0) < 0
        || take(&held, spacing, "spacing", 'f', 8, 1, 0) < 0
        || take(&held, triangles, "triangles", 'i', 1, 3, 0) < 0)
        FAIL();
    if (ITEMS(1) != 3 || SHAPE(2, 0) != 128 || SHAPE(2, 1) != 5 || SHAPE(2, 2) != 3)
        REFUSE("marching_cubes needs spacing (3,) and triangles (128, 5, 3)");
    const int8_t *edge = DATA(2, int8_t);
    for (Py_ssize_t t = 0; t < 128 * 5; t++) {
        const int listed = edge[3 * t] >= 0, ended = t % 5 > 0 && edge[3 * (t - 1)] < 0;
        for (int k = 0; k < 3; k++)
            if (listed ? ended || edge[3 * t + k] > 11 || edge[3 * t + k] < 0
                       : edge[3 * t + k] != -1)
                REFUSE("marching_cubes' triangles must be edges 0..11, each index's rows of -1 "
                       "after its last triangle");
    }
    Py_BEGIN_ALLOW_THREADS
    vertices = marching_cubes(DATA(0, uint8_t), held.view[0].shape, DATA(1, double), edge,
                              &n_vertices, &area, &volume);
    Py_END_ALLOW_THREADS
    if (vertices == NULL) {
        PyErr_NoMemory();
        FAIL();
    }
    PyObject *rows = PyByteArray_FromStringAndSize((const char *)vertices,
                                                   n_vertices * 3 * (Py_ssize_t)sizeof(double));
    free(vertices);
    if (rows == NULL)
        FAIL();
    return give_back(&held, Py_BuildValue("ddN", area, volume, rows));
}

static PyMethodDef methods[] = {
    {"pad_levels", py_pad_levels, METH_VARARGS,
     "pad_levels(grey, mask, pad, levels, voxels): the walk; (low, high) levels in the mask."},
    {"count_pairs", py_count_pairs, METH_VARARGS,
     "count_pairs(levels, voxels, steps, counts): GLCM counts added to counts (Ng, Ng + 1, Na)."},
    {"count_dependences", py_count_dependences, METH_VARARGS,
     "count_dependences(levels, voxels, steps, alpha, counts): GLDM counts (Ng, Na + 1)."},
    {"sum_differences", py_sum_differences, METH_VARARGS,
     "sum_differences(levels, voxels, steps, table): NGTDM n_i, s_i, voxels with neighbours."},
    {"count_runs", py_count_runs, METH_VARARGS,
     "count_runs(levels, voxels, steps, remaining, at_least): voxels per level whose run goes "
     "on for m voxels, per direction (Na, Ng, max length + 2)."},
    {"line_holds_two", py_line_holds_two, METH_VARARGS,
     "line_holds_two(levels, voxels, offset, padded_shape): two mask voxels on one line."},
    {"count_zones", py_count_zones, METH_VARARGS,
     "count_zones(unvisited, voxels, steps, stack, zone_level, zone_size): number of zones."},
    {"glcm_formulas", py_glcm_formulas, METH_VARARGS,
     "glcm_formulas(p, levels, n_levels, out): GLCM formulas per direction into out (23, Na)."},
    {"zone_formulas", py_zone_formulas, METH_VARARGS,
     "zone_formulas(counts, i, j, out): shared run/zone/dependence features into out (16, Na)."},
    {"ngtdm_formulas", py_ngtdm_formulas, METH_VARARGS,
     "ngtdm_formulas(table, out): Busyness, Coarseness, Complexity, Contrast, Strength of the "
     "NGTDM table (Ng, 3: n_i, s_i, i) into out (5,)."},
    {"first_order", py_first_order, METH_VARARGS,
     "first_order(x, ordered, shift, out): first-order statistics of x into out (15,), in "
     "kernels.h's FO_ order."},
    {"direction_means", py_direction_means, METH_VARARGS,
     "direction_means(values, means): each row's mean over directions, NaN left out "
     "(numpy's sums)."},
    {"farthest_pairs", py_farthest_pairs, METH_VARARGS,
     "farthest_pairs(points, starts): largest squared distance between two points of one "
     "group, the groups being rows starts[g]..starts[g + 1] of points (n, d)."},
    {"recursive_gaussian", py_recursive_gaussian, METH_VARARGS,
     "recursive_gaussian(image, out, sigma, spacing, order, axis, first): one pass of ITK's "
     "RecursiveGaussianImageFilter (NormalizeAcrossScale on, order 0 or 2, sigma in mm) along "
     "array axis of a float32/float64 (z, y, x) image into float32 out, which keeps "
     "out.shape[axis] voxels along axis from first on."},
    {"swt_axis", py_swt_axis, METH_VARARGS,
     "swt_axis(image, low, high, axis, out_low, out_high): one level of PyWavelets' stationary "
     "wavelet transform (periodization) along array axis of a float32/float64 (z, y, x) image, "
     "with decomposition filters low and high of the image's type."},
    {"marching_cubes", py_marching_cubes, METH_VARARGS,
     "marching_cubes(mask, spacing, triangles): (area, volume, vertices as a bytearray of "
     "float64 rows z, y, x) of PyRadiomics' marching-cubes mesh of the bool (z, y, x) mask "
     "(padded by one voxel), from the triangle table (128, 5, 3) int8, -1 after the last."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_kernels",
    .m_doc = "Compiled loops of feature extraction (texture matrices, their formulas, diameters, "
             "the LoG image type's recursive Gaussian passes).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__kernels(void)
{
    return PyModule_Create(&module);
}
