"""First order, shape and shape2D on fixtures small enough to work out by hand.

The PyRadiomics baselines (test_baseline_all.py) check the same code on real images;
these pin the formulas and the axis conventions with numbers derived on paper.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from axilla.features import firstorder, shape, shape2d
from axilla.features.discretize import discretize

EXACT = 1e-12  # hand-derived values; only float round-off separates them


def _firstorder(values, spacing=(1.0, 1.0, 1.0), **settings):
    image = np.asarray(values, dtype=np.float64).reshape(1, 1, -1)
    mask = np.ones(image.shape, dtype=bool)
    grey, _ = discretize(image, mask, bin_width=settings.pop("binWidth", 2))
    return firstorder.compute(image, grey, mask, spacing, settings)


def test_firstorder_on_one_to_four():
    out = _firstorder([1, 2, 3, 4], spacing=(2.0, 1.0, 0.5), voxelArrayShift=1)
    expected = {
        "Mean": 2.5, "Median": 2.5, "Minimum": 1, "Maximum": 4, "Range": 3,
        "Variance": 1.25,                      # population variance: (2.25+.25+.25+2.25)/4
        "StandardDeviation": math.sqrt(1.25),
        "10Percentile": 1.3, "90Percentile": 3.7,   # linear interpolation (numpy default)
        "InterquartileRange": 3.25 - 1.75,
        "MeanAbsoluteDeviation": 1.0,          # (1.5+.5+.5+1.5)/4
        "RobustMeanAbsoluteDeviation": 0.5,    # voxels in [1.3, 3.7]: 2, 3
        "Energy": 4 + 9 + 16 + 25,             # shifted by voxelArrayShift 1
        "TotalEnergy": 54 * 1.0,               # x voxel volume 2 * 1 * 0.5 mm^3
        "RootMeanSquared": math.sqrt(54 / 4),
        "Skewness": 0.0,
        "Kurtosis": 2.5625 / 1.25 ** 2,        # m4 = (2*1.5^4 + 2*.5^4)/4
        # binWidth 2, edges 0, 2, 4, 6: levels 1, 2, 2, 3 -> p = 1/4, 1/2, 1/4
        "Entropy": 1.5, "Uniformity": 0.375,
    }
    assert set(out) == set(expected) == {spec.name for spec in firstorder.FEATURES}
    for name, value in expected.items():
        assert out[name] == pytest.approx(value, rel=EXACT, abs=EXACT), name


def test_firstorder_flat_roi_gives_zero_moments():
    # PyRadiomics sets m2 = 1 where it is 0, so skewness and kurtosis are 0, not NaN
    out = _firstorder([7, 7, 7])
    assert out["Skewness"] == 0 and out["Kurtosis"] == 0 and out["Variance"] == 0
    assert out["Entropy"] == pytest.approx(0, abs=1e-15) and out["Uniformity"] == 1


def test_single_voxel_mesh_is_an_octahedron():
    # Vertices at the six face centres, half a voxel out: |z|/dz' + |y|/dy' + |x|/dx' <= 1
    # with semi-axes (dz/2, dy/2, dx/2) = (1, .5, .5): volume 4/3 * 1 * .5 * .5 = 1/3.
    out = shape.compute(np.ones((1, 1, 1), dtype=bool), (2.0, 1.0, 1.0))
    assert out["MeshVolume"] == pytest.approx(1 / 3, rel=EXACT)
    assert out["VoxelVolume"] == pytest.approx(2.0, rel=EXACT)
    # 8 faces, each with edges from (1,0,0) to (0,.5,0) and (0,0,.5): area
    # 1/2 |(-1,.5,0) x (-1,0,.5)| = 1/2 |(.25, .5, .5)| = .375
    assert out["SurfaceArea"] == pytest.approx(8 * 0.375, rel=EXACT)
    assert out["Maximum3DDiameter"] == pytest.approx(2.0, rel=EXACT)        # along z
    assert out["Maximum2DDiameterSlice"] == pytest.approx(1.0, rel=EXACT)   # z = 0 plane
    assert out["Maximum2DDiameterRow"] == pytest.approx(2.0, rel=EXACT)     # x = 0 plane


def test_axis_lengths_of_a_line_of_three_voxels():
    # x = -1, 0, 1 (spacing 1): variance 2/3 -> major axis 4 sqrt(2/3); others 0
    out = shape.compute(np.ones((1, 1, 3), dtype=bool), (5.0, 5.0, 1.0))
    assert out["MajorAxisLength"] == pytest.approx(4 * math.sqrt(2 / 3), rel=EXACT)
    assert out["MinorAxisLength"] == 0 and out["LeastAxisLength"] == 0
    assert out["Elongation"] == 0 and out["Flatness"] == 0


def test_single_pixel_contour_is_a_diamond():
    out = shape2d.compute(np.ones((1, 1, 1), dtype=bool), (3.0, 1.0, 1.0),
                          {"force2D": True, "force2Ddimension": 0})
    assert out["MeshSurface"] == pytest.approx(0.5, rel=EXACT)           # 2 r^2, r = .5
    assert out["Perimeter"] == pytest.approx(4 * math.sqrt(0.5), rel=EXACT)
    assert out["MaximumDiameter"] == pytest.approx(1.0, rel=EXACT)
    assert out["PixelSurface"] == pytest.approx(1.0, rel=EXACT)


def test_two_by_two_square_contour_is_an_octagon():
    # the 2x2 square [-.5, 1.5]^2 with its four corners cut at the edge midpoints
    out = shape2d.compute(np.ones((1, 2, 2), dtype=bool), (1.0, 1.0, 1.0),
                          {"force2D": True, "force2Ddimension": 0})
    assert out["MeshSurface"] == pytest.approx(4 - 4 * 0.125, rel=EXACT)
    assert out["Perimeter"] == pytest.approx(4 * 1 + 4 * math.sqrt(0.5), rel=EXACT)
    assert out["Sphericity"] == pytest.approx(2 * math.sqrt(math.pi * 3.5)
                                              / (4 + 4 * math.sqrt(0.5)), rel=EXACT)


def test_shape2d_needs_one_slice():
    from axilla.errors import InputError
    with pytest.raises(InputError, match="one voxel thick along axis 0"):
        shape2d.compute(np.ones((2, 2, 2), dtype=bool), (1, 1, 1), {"force2D": True})
