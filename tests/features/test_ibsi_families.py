"""IBSI-only families on hand-checkable inputs: intensity histogram (3.4), intensity-volume
histogram (3.5), local intensity sphere (3.2), ellipsoid area series and Moran's I /
Geary's C (3.1) against closed forms and a direct double sum."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import eval_legendre

from axilla.features.intensity_histogram import intensity_histogram
from axilla.features.intensity_volume import intensity_volume, ivh_grid
from axilla.features.local_intensity import local_intensity, sphere_kernel
from axilla.features.morphology import ellipsoid_area, mesh_volume_area, morphology
from axilla.features.ibsi.autocorrelation import moran_geary


def test_intensity_histogram_by_hand():
    # levels 1,1,2,4 with Ng = 4: H = [2, 1, 0, 1]; H' = [-1, -1, 0, 1] (one-sided at the ends)
    f = intensity_histogram(np.array([1, 1, 2, 4]), 4)
    assert f["ih_mode"] == 1
    assert f["ih_entropy"] == pytest.approx(1.5)  # p = 1/2, 1/4, 1/4
    assert f["ih_uniformity"] == pytest.approx(0.375)
    assert (f["ih_max_grad"], f["ih_max_grad_g"]) == (1.0, 4.0)
    assert (f["ih_min_grad"], f["ih_min_grad_g"]) == (-1.0, 1.0)
    assert f["ih_mean"] == 2.0 and f["ih_var"] == pytest.approx(1.5)


def test_intensity_volume_histogram_by_hand():
    # intensities 1,2,2,3,4 on the grid 1..4: nu = 1, .8, .4, .2; gamma = 0, 1/3, 2/3, 1
    values, grid, total = ivh_grid(np.array([1.0, 2, 2, 3, 4]), None, None, None)
    assert total == (1.0, 4.0)
    f = intensity_volume(values, grid, total)
    assert f["ivh_v10"] == pytest.approx(0.8) and f["ivh_v90"] == pytest.approx(0.2)
    assert f["ivh_i90"] == 2.0  # first intensity with nu <= 0.9
    assert f["ivh_i10"] == 5.0  # nu never <= 0.1 on the grid: one step above the maximum


def test_ivh_bin_centres_and_bin_numbers():
    # fixed bin size 2.5 over the range [-10, 0]: X_d,gl = bin centres (0 is in bin 5, centre
    # 1.25), total range G = [-10 + 1.25, 0 - 1.25] (IBSI "continuous calibrated intensities")
    values, grid, total = ivh_grid(np.array([-10.0, -7.4, 0.0]), (-10, 0), 2.5, None)
    np.testing.assert_allclose(values, [-8.75, -6.25, 1.25])
    np.testing.assert_allclose(grid, [-8.75, -6.25, -3.75, -1.25])
    assert total == (-8.75, -1.25)
    values, grid, total = ivh_grid(np.array([0.0, 5, 10]), (-100, 100), None, 4)
    np.testing.assert_array_equal(values, [1, 3, 4])  # floor(4 x / 10) + 1, maximum in bin 4
    np.testing.assert_array_equal(grid, [1, 2, 3, 4])
    assert total == (1.0, 4.0)  # arbitrary units: G = [1, N], the range is not used


def test_ivh_intensity_fraction_uses_the_total_range_not_the_voxels():
    # discrete intensities 0..10 (one voxel each) in the range [-10, 10]: G = [-10, 10],
    # i = -10..10, gamma(i) = (i + 10) / 20; V10 = nu(-8) = 1, V90 = nu(8) = 3/11,
    # I10 = 10 (nu(10) = 1/11 <= 0.1), I90 = 2 (nu(1) = 10/11 > 0.9, nu(2) = 9/11)
    values, grid, total = ivh_grid(np.arange(11.0), (-10, 10), None, None)
    assert total == (-10, 10) and grid[0] == -10 and grid[-1] == 10
    f = intensity_volume(values, grid, total)
    assert f["ivh_v10"] == 1.0 and f["ivh_v90"] == pytest.approx(3 / 11)
    assert (f["ivh_i10"], f["ivh_i90"]) == (10.0, 2.0)


def test_one_cubic_centimetre_sphere_of_2mm_voxels():
    # radius 6.2035 mm = 3.1 voxels: lattice points with i^2 + j^2 + k^2 <= 9 number 123
    # (OEIS A000605)
    assert sphere_kernel((2.0, 2.0, 2.0)).sum() == 123


def test_local_peak_uses_voxels_outside_the_roi():
    image = np.zeros((9, 9, 9))
    image[4, 4, 4] = 123.0
    image[4, 4, 6] = -123.0  # outside the ROI but inside the sphere (4 mm away)
    roi = np.zeros_like(image, bool)
    roi[4, 4, 4] = True
    f = local_intensity(image, roi, (2.0, 2.0, 2.0))
    assert f["loc_peak_loc"] == pytest.approx(0.0) and f["loc_peak_glob"] == pytest.approx(0.0)


def _series(a, b, c, terms=20):
    """IBSI 3.1.19 written directly with scipy's Legendre polynomials (needs alpha beta > 0)."""
    alpha, beta = math.sqrt(1 - b**2 / a**2), math.sqrt(1 - c**2 / a**2)
    x = (alpha**2 + beta**2) / (2 * alpha * beta)
    return 4 * math.pi * a * b * sum((alpha * beta) ** v / (1 - 4 * v**2) * eval_legendre(v, x)
                                     for v in range(terms + 1))


def test_ellipsoid_area_series():
    assert ellipsoid_area(3.0, 3.0, 3.0) == pytest.approx(4 * math.pi * 9)  # a sphere: exact
    assert ellipsoid_area(5.0, 3.0, 2.0) == pytest.approx(_series(5.0, 3.0, 2.0), rel=1e-12)
    # alpha = 0 (a = b) is the limit of the series as b -> a
    assert ellipsoid_area(4.0, 4.0, 1.5) == pytest.approx(_series(4.0, 4.0 - 1e-6, 1.5), rel=1e-5)


def test_mesh_volume_and_area_of_a_unit_cube():
    corners = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], float)
    faces = np.array([[0, 1, 3], [0, 3, 2], [4, 6, 7], [4, 7, 5], [0, 4, 5], [0, 5, 1],
                      [2, 3, 7], [2, 7, 6], [0, 2, 6], [0, 6, 4], [1, 5, 7], [1, 7, 3]])
    volume, area = mesh_volume_area(corners, faces)
    assert volume == pytest.approx(1.0) and area == pytest.approx(6.0)


def test_moran_and_geary_equal_the_direct_double_sum(seed):
    rng = np.random.default_rng(seed)
    image = rng.normal(size=(3, 5, 6))
    roi = rng.random(image.shape) < 0.7
    spacing = (3.0, 1.0, 0.8)
    position = np.argwhere(roi) * np.array(spacing)
    x = image[roi]
    d = x - x.mean()
    distance = np.linalg.norm(position[:, None] - position[None], axis=2)
    np.fill_diagonal(distance, np.inf)
    w = 1 / distance
    moran = x.size / w.sum() * (w * np.outer(d, d)).sum() / (d**2).sum()
    geary = (x.size - 1) / (2 * w.sum()) * (w * (x[:, None] - x[None]) ** 2).sum() / (d**2).sum()
    ours = moran_geary(image, roi, spacing)
    assert ours == pytest.approx((moran, geary), rel=1e-9)  # FFT round-off only


def test_morphology_values_are_plain_floats():
    """Every value is a Python float: numpy scalars printed as ``np.float64(...)`` in CSVs."""
    image = np.arange(6 * 6 * 6, dtype=np.float64).reshape(6, 6, 6)
    roi = np.zeros(image.shape, dtype=bool)
    roi[1:5, 1:4, 2:5] = True
    values = morphology(image, roi, roi, (1.0, 1.0, 2.0))
    assert len(values) == 25
    assert {type(v) for v in values.values()} == {float}
    assert values["morph_vol_approx"] == 4 * 3 * 3 * 2.0
