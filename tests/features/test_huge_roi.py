"""A 512 x 512 x 200 volume with a 23-million-voxel ROI extracts without blowing up.

Expected values are analytic (solid ellipsoid, semi-axes a = b = 168 mm, c = 142.5 mm):
PyRadiomics' axis lengths are 4 sqrt(lambda) with lambda = axis^2 / 5 (the ROI's
second moments), so 4 a / sqrt(5); the volume is 4/3 pi a b c. Tolerance 0.5% for the
voxel staircase of the discretised ellipsoid.
"""
from __future__ import annotations

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.features import extract


@pytest.mark.slow
def test_huge_ellipsoid_roi(seed):
    z, y, x = np.ogrid[:200, :512, :512]
    roi = (((z - 100) / 95.0) ** 2 + ((y - 256) / 240.0) ** 2 + ((x - 256) / 240.0) ** 2) <= 1
    rng = np.random.default_rng(seed)
    pixels = (rng.integers(0, 200, size=roi.shape, dtype=np.int16) + 300 * roi).astype(np.int16)
    image = sitk.GetImageFromArray(pixels)
    image.SetSpacing((0.7, 0.7, 1.5))
    del pixels
    mask = sitk.GetImageFromArray(roi.astype(np.uint8))
    mask.CopyInformation(image)
    values = extract(image, mask, {"setting": {"binCount": 16},
                                   "featureClass": {"firstorder": [], "shape": [], "glcm": []}})
    a, c = 240 * 0.7, 95 * 1.5
    assert values["original_shape_MajorAxisLength"] == pytest.approx(4 * a / np.sqrt(5), rel=5e-3)
    assert values["original_shape_LeastAxisLength"] == pytest.approx(4 * c / np.sqrt(5), rel=5e-3)
    assert values["original_shape_MeshVolume"] == pytest.approx(4 / 3 * np.pi * a * a * c, rel=5e-3)
    # intensities inside are 300 + uniform{0..199}: mean 399.5, range 199
    assert values["original_firstorder_Mean"] == pytest.approx(399.5, abs=0.05)
    assert values["original_firstorder_Range"] == 199
    assert all(np.isfinite(v) for v in values.values())
