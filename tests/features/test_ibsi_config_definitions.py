"""IBSI 1 CT phantom, configurations C, D and E, checked step by step against the manual's
definitions (their reference values are held out by the project, see
../shared/data/ibsi/README.md; nothing here uses them).

Every expected number is derived here, independently of the pipeline's code: the
interpolation grid from the phantom geometry and the manual's "align grid centres"
formulas; trilinear intensities and ROI fractions by separable linear interpolation
written out in this file (ROI fractions within 1e-6 of the partial-volume threshold
re-derived in exact rational arithmetic); tricubic-spline intensities with
scipy.interpolate's interpolating cubic spline, one axis at a time (not ndimage); the
re-segmentation bounds, discretised levels and intensity-volume histograms with numpy
from the formulas. Manual sections (IBSI 1 reference manual, theibsi/ibsi-doc): chapter
"Reference data sets" (configuration tables; "Notes on interpolation"), chapter "Image
processing" ("Interpolation", "Re-segmentation", "Intensity discretisation") and chapter
"Image features" ("Intensity-volume histogram features", "Morphological features").
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import pytest
import SimpleITK as sitk
import yaml
from scipy.interpolate import make_interp_spline

from axilla.features.ibsi import extract_ibsi
from axilla.features.ibsi.pipeline import discretise, prepare
from axilla.features.ibsi.settings import parse_ibsi_settings
from axilla.features.intensity_volume import ivh_grid
from axilla.features.morphology import morphology
from tests.helpers import REPO, shared_path

PHANTOM = ("data", "ibsi", "ibsi1", "ct_radiomics_phantom", "nifti")
NEW_SPACING = 2.0
# An interpolated value this close to a half-integer (intensity) or to the 0.5 threshold
# (ROI fraction) is decided below by exact arithmetic or left out of the comparison.
TIE = 1e-6


def _files():
    folder = shared_path(*PHANTOM)
    return folder / "image" / "phantom.nii.gz", folder / "mask" / "mask.nii.gz"


@functools.lru_cache(maxsize=None)
def original():
    """Image (rounded to HU, as the manual asks of the NIfTI copy), mask, spacing and origin
    in (z, y, x) order."""
    image_file, mask_file = _files()
    image = sitk.ReadImage(str(image_file))
    array = np.round(sitk.GetArrayFromImage(image).astype(np.float64))
    mask = sitk.GetArrayFromImage(sitk.ReadImage(str(mask_file))).astype(np.float64)
    return array, mask, tuple(image.GetSpacing()[::-1]), tuple(image.GetOrigin()[::-1])


@functools.lru_cache(maxsize=None)
def run(config: str):
    image_file, mask_file = _files()
    params = yaml.safe_load((REPO / "examples" / "ibsi" / f"config_{config}.yaml")
                            .read_text(encoding="utf-8"))
    settings = parse_ibsi_settings(params)
    prepared = prepare(image_file, mask_file, settings)
    grey, n_levels = discretise(prepared, settings)
    return settings, prepared, grey, n_levels, extract_ibsi(image_file, mask_file, settings)


def grid_axis(n_a: int, s_a, s_b):
    """Manual, "Interpolation grid dimensions" (026Q) and "position" (QCY4): n_b = ceil(n_a
    s_a / s_b) points at x_b,g + k s_b / s_a, x_b,g = (n_a - 1 - (s_b / s_a)(n_b - 1)) / 2
    (grid units). Works on floats and on Fractions."""
    n_b = math.ceil(n_a * s_a / s_b)
    step = s_b / s_a
    start = (n_a - 1 - step * (n_b - 1)) / 2
    return [start + k * step for k in range(n_b)]


def grid_positions_zyx(shape, spacing):
    return [np.array(grid_axis(n, s, NEW_SPACING), dtype=np.float64)
            for n, s in zip(shape, spacing)]


def linear_along(array: np.ndarray, positions: np.ndarray, axis: int) -> np.ndarray:
    """Linear interpolation of ``array`` at ``positions`` along ``axis``, edge values repeated
    beyond the grid (the manual's "padded with voxels that take on the nearest boundary
    intensity")."""
    n = array.shape[axis]
    low = np.floor(positions).astype(np.int64)
    weight = positions - low
    a0 = np.take(array, np.clip(low, 0, n - 1), axis=axis)
    a1 = np.take(array, np.clip(low + 1, 0, n - 1), axis=axis)
    shape = [1] * array.ndim
    shape[axis] = -1
    return a0 * (1 - weight).reshape(shape) + a1 * weight.reshape(shape)


def trilinear(array: np.ndarray, positions) -> np.ndarray:
    for axis, p in enumerate(positions):
        array = linear_along(array, p, axis)
    return array


def cubic_spline(block: np.ndarray, point) -> float:
    """Tensor-product interpolating cubic spline at ``point`` (block index units), one axis
    at a time with scipy.interpolate.make_interp_spline (not-a-knot ends)."""
    for p in point:
        block = make_interp_spline(np.arange(block.shape[0], dtype=np.float64), block, k=3)(p)
    return float(block)


def exact_fraction(mask: np.ndarray, point) -> Fraction:
    """Trilinear ROI fraction at one new voxel in exact rational arithmetic (interior voxels)."""
    total = Fraction(0)
    corners = []
    for p in point:
        low = math.floor(p)
        corners.append(((low, 1 - (p - low)), (low + 1, p - low)))
    for iz, wz in corners[0]:
        for iy, wy in corners[1]:
            for ix, wx in corners[2]:
                if mask[iz, iy, ix]:
                    total += wz * wy * wx
    return total


@functools.lru_cache(maxsize=None)
def morphological_mask_by_hand() -> np.ndarray:
    """Trilinear ROI fraction >= 0.5 (manual, "Partial volume effects in the ROI mask")."""
    _, mask, spacing, _ = original()
    fraction = trilinear(mask, grid_positions_zyx(mask.shape, spacing))
    kept = fraction >= 0.5 + TIE
    exact_axes = [grid_axis(n, Fraction(s), Fraction(NEW_SPACING))
                  for n, s in zip(mask.shape, spacing)]
    for k in np.argwhere(np.abs(fraction - 0.5) < TIE):
        point = [exact_axes[a][k[a]] for a in range(3)]
        kept[tuple(k)] = exact_fraction(mask, point) >= Fraction(1, 2)
    return kept


def ivh_by_hand(levels: np.ndarray, intensities: np.ndarray, total: tuple[float, float]) -> dict:
    """Manual, "Calculating the IV histogram": nu_i = 1 - mean(X < i), gamma_i = (i - min G)
    / (max G - min G); V_x = largest nu with gamma >= x; I_x = smallest i with nu <= x."""
    nu = np.array([1.0 - np.count_nonzero(levels < i) / levels.size for i in intensities])
    gamma = (intensities - total[0]) / (total[1] - total[0])
    out = {f"ivh_v{x}": nu[gamma >= x / 100].max() for x in (10, 90)}
    out.update({f"ivh_i{x}": intensities[nu <= x / 100].min() for x in (10, 90)})
    return out


def assert_ivh(features: dict, expected: dict) -> None:
    for tag in ("ivh_i10", "ivh_i90"):
        assert features[tag] == pytest.approx(expected[tag], abs=1e-9), tag
    for tag in ("ivh_v10", "ivh_v90"):
        assert features[tag] == pytest.approx(expected[tag], rel=1e-12), tag


def fbn_by_hand(values: np.ndarray, bins: int) -> np.ndarray:
    """Manual, "Fixed bin number": floor(N (x - min) / (max - min)) + 1, the maximum in bin N,
    min and max of the intensity mask itself."""
    low, high = values.min(), values.max()
    return np.where(values == high, bins, np.floor(bins * (values - low) / (high - low)) + 1)


def test_interpolation_grid_of_the_ct_phantom_by_hand():
    _, prepared, *_ = run("C")
    # 60 x 3.0 mm -> ceil(90.0) = 90; 201 x 0.977 -> ceil(98.19) = 99;
    # 204 x 0.977 -> ceil(99.65) = 100
    assert prepared.image.shape == (90, 99, 100) and prepared.spacing == (2.0, 2.0, 2.0)
    _, _, spacing, origin = original()
    first = [axis[0] * s for axis, s in zip(grid_positions_zyx((60, 201, 204), spacing), spacing)]
    # QCY4: x_b,w - x_a,w = (s_a (n_a - 1) - s_b (n_b - 1)) / 2:
    # z (3 * 59 - 2 * 89) / 2 = -0.5; y (0.977 * 200 - 2 * 98) / 2 = -0.3;
    # x (0.977 * 203 - 2 * 99) / 2 = 0.1655 mm
    np.testing.assert_allclose(first, [-0.5, -0.3, 0.1655], atol=1e-6)
    np.testing.assert_allclose(np.add(origin, first), [-100.9, -79.9255, -174.2290], atol=1e-4)


@pytest.mark.parametrize("config", ["C", "D"])
def test_trilinear_interpolation_then_rounding(config):
    array, _, spacing, _ = original()
    _, prepared, *_ = run(config)
    expected = trilinear(array, grid_positions_zyx(array.shape, spacing))
    assert np.array_equal(prepared.image, np.round(prepared.image))  # rounded to HU
    clear = np.abs(expected - np.floor(expected) - 0.5) > TIE  # half-integer ties left out
    assert np.array_equal(prepared.image[clear], np.round(expected[clear]))


def test_tricubic_spline_interpolation_then_rounding_config_e(seed):
    array, _, spacing, _ = original()
    _, prepared, *_ = run("E")
    assert np.array_equal(prepared.image, np.round(prepared.image))
    positions = grid_positions_zyx(array.shape, spacing)
    voxels = np.argwhere(prepared.morph_roi)
    voxels = voxels[np.random.default_rng(seed).choice(len(voxels), 30, replace=False)]
    spline, linear = [], []
    for k in voxels:
        point = np.array([positions[a][k[a]] for a in range(3)])
        low = np.floor(point).astype(int) - 16  # 16 voxels of margin: boundary terms < 1e-9
        box = tuple(slice(a, a + 34) for a in low)
        spline.append(cubic_spline(array[box], point - low))
        linear.append(float(trilinear(array[box], [np.array([p - a]) for p, a in zip(point, low)])
                            .ravel()[0]))
    ours = prepared.image[tuple(voxels.T)]
    spline = np.array(spline)
    clear = np.abs(spline - np.floor(spline) - 0.5) > TIE
    assert np.array_equal(ours[clear], np.round(spline[clear]))
    assert not np.array_equal(ours, np.round(linear))  # the check tells cubic from linear


@pytest.mark.parametrize("config", ["C", "D", "E"])
def test_morphological_mask_is_the_interpolated_roi_with_fractions_of_one_half_kept(config):
    _, prepared, *_ = run(config)
    expected = morphological_mask_by_hand()
    assert np.array_equal(prepared.morph_roi, expected)
    assert prepared.morph_roi.sum() == 45985  # 2414 voxels of them have fraction exactly 1/2


def test_config_c_range_resegmentation_fbs_25_and_ivh_fbs_2_5():
    _, prepared, grey, n_levels, features = run("C")
    image, morph = prepared.image, prepared.morph_roi
    # range re-segmentation [-1000, 400] HU, no outlier filtering
    assert prepared.reseg_range == (-1000.0, 400.0)
    assert np.array_equal(prepared.intensity_roi, morph & (image >= -1000) & (image <= 400))
    values = image[prepared.intensity_roi]
    # FBS 25 HU from the range's lower bound: floor((x + 1000) / 25) + 1
    levels = np.floor((values + 1000) / 25) + 1
    assert np.array_equal(grey[prepared.intensity_roi], levels)
    assert (features["ih_min"], features["ih_max"]) == (levels.min(), levels.max())
    assert features["ih_mean"] == pytest.approx(levels.mean(), rel=1e-12)
    assert n_levels == levels.max()
    # IVH, continuous case with w = 2.5 HU: bin centres -1000 + (bin - 0.5) 2.5,
    # G = [-1000 + 1.25, 400 - 1.25] = [-998.75, 398.75], i = -998.75, -996.25, ... (560)
    centres = -1000 + (np.floor((values + 1000) / 2.5) + 1 - 0.5) * 2.5
    intensities = -998.75 + 2.5 * np.arange(560)
    assert intensities[-1] == 398.75
    ivh_values, grid, total = ivh_grid(values, prepared.reseg_range, 2.5, None)
    assert total == (-998.75, 398.75) and np.array_equal(grid, intensities)
    assert np.array_equal(ivh_values, centres)
    assert_ivh(features, ivh_by_hand(centres, intensities, (-998.75, 398.75)))


def test_config_d_outlier_resegmentation_fbn_32_and_discrete_ivh():
    _, prepared, grey, n_levels, features = run("D")
    image, morph = prepared.image, prepared.morph_roi
    # mu +- 3 sigma of the interpolated ROI before re-segmentation (population sd), no range
    roi_values = image[morph]
    low = roi_values.mean() - 3 * roi_values.std()
    high = roi_values.mean() + 3 * roi_values.std()
    assert prepared.reseg_range == pytest.approx((low, high), rel=1e-12)
    assert np.array_equal(prepared.intensity_roi, morph & (image >= low) & (image <= high))
    values = image[prepared.intensity_roi]
    # FBN 32 over the intensity mask's own minimum and maximum
    levels = fbn_by_hand(values, 32)
    assert np.array_equal(grey[prepared.intensity_roi], levels)
    assert set(np.unique(levels)) <= set(range(1, 33)) and n_levels == 32
    assert (features["ih_min"], features["ih_max"]) == (1.0, 32.0)
    assert features["ih_mean"] == pytest.approx(levels.mean(), rel=1e-12)
    # IVH, discrete case (HU, w = 1): G = the re-segmentation range [mu - 3 sd, mu + 3 sd],
    # i = the integers in G
    intensities = np.arange(math.ceil(low), math.floor(high) + 1, dtype=np.float64)
    assert_ivh(features, ivh_by_hand(values, intensities, (low, high)))


def test_config_e_range_and_outlier_intersected_fbn_32_and_ivh_fbn_1000():
    _, prepared, grey, n_levels, features = run("E")
    image, morph = prepared.image, prepared.morph_roi
    roi_values = image[morph]
    low = max(-1000.0, roi_values.mean() - 3 * roi_values.std())
    high = min(400.0, roi_values.mean() + 3 * roi_values.std())
    assert prepared.reseg_range == pytest.approx((low, high), rel=1e-12)
    assert np.array_equal(prepared.intensity_roi, morph & (image >= low) & (image <= high))
    values = image[prepared.intensity_roi]
    # FBN 32 over the re-segmented ROI's minimum and maximum, not the range's -1000 HU
    levels = fbn_by_hand(values, 32)
    assert np.array_equal(grey[prepared.intensity_roi], levels)
    assert (features["ih_min"], features["ih_max"]) == (1.0, 32.0) and n_levels == 32
    assert features["ih_mean"] == pytest.approx(levels.mean(), rel=1e-12)
    assert features["ih_median"] == np.median(levels)
    # IVH, arbitrary-units case: FBN 1000 over the ROI range, G = [1, 1000], w_d = 1
    assert_ivh(features, ivh_by_hand(fbn_by_hand(values, 1000), np.arange(1.0, 1001), (1, 1000)))


def test_morphology_uses_the_morphological_mask_in_every_3d_configuration():
    runs = {c: run(c) for c in "CDE"}
    morph = {c: {k: v for k, v in r[4].items() if k.startswith("morph_")} for c, r in runs.items()}
    mesh_only = [k for k in morph["C"] if k not in ("morph_com", "morph_integ_int",
                                                     "morph_moran_i", "morph_geary_c")]
    # the re-segmented intensity masks differ, the mesh features do not
    assert len({r[1].intensity_roi.sum() for r in runs.values()}) == 3
    for c in "DE":
        assert {k: morph[c][k] for k in mesh_only} == {k: morph["C"][k] for k in mesh_only}
    assert morph["C"]["morph_vol_approx"] == pytest.approx(8.0 * morphological_mask_by_hand().sum())
    f = morph["C"]
    area, volume = f["morph_area_mesh"], f["morph_volume"]
    asphericity = (area**3 / (36 * math.pi * volume**2)) ** (1 / 3) - 1
    assert f["morph_asphericity"] == pytest.approx(asphericity, rel=1e-12)
    assert f["morph_asphericity"] == pytest.approx(1 / f["morph_sphericity"] - 1, rel=1e-12)


def test_asphericity_of_the_one_voxel_octahedron():
    # marching cubes at 0.5 around one voxel of side s is the regular octahedron with vertices
    # s/2 from its centre: V = s^3 / 6, A = sqrt(3) s^2, so asphericity =
    # (A^3 / (36 pi V^2))^(1/3) - 1 = (3 sqrt(3) / pi)^(1/3) - 1 = 0.18258 for any s
    roi = np.zeros((3, 3, 3), bool)
    roi[1, 1, 1] = True
    f = morphology(np.ones(roi.shape), roi, roi, (2.0, 2.0, 2.0))
    assert f["morph_volume"] == pytest.approx(8 / 6, rel=1e-12)
    assert f["morph_area_mesh"] == pytest.approx(math.sqrt(3) * 4, rel=1e-12)
    assert f["morph_asphericity"] == pytest.approx((3 * math.sqrt(3) / math.pi) ** (1 / 3) - 1,
                                                   rel=1e-12)
