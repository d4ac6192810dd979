"""Seeded synthetic phantoms for the preprocess tests (TorchIO tests/utils.py pattern)."""
from __future__ import annotations

import numpy as np
import SimpleITK as sitk


def image_from_array(array: np.ndarray, spacing, origin=None) -> sitk.Image:
    """A SimpleITK image from a z, y, x array with the given x, y, z spacing."""
    image = sitk.GetImageFromArray(array)
    image.SetSpacing([float(s) for s in spacing])
    if origin is not None:
        image.SetOrigin([float(o) for o in origin])
    return image


def physical_grid(shape, spacing):
    """z, y, x physical coordinates (mm) of voxel centres, centred on the volume."""
    axes = [(np.arange(n) - (n - 1) / 2) * s for n, s in zip(shape, reversed(spacing))]
    return np.meshgrid(*axes, indexing="ij")


def sphere_mask(shape, spacing, radius_mm, centre_mm=(0.0, 0.0, 0.0)) -> sitk.Image:
    """1 inside a sphere of ``radius_mm`` (voxel centres), centre given in z, y, x mm."""
    z, y, x = physical_grid(shape, spacing)
    inside = (z - centre_mm[0]) ** 2 + (y - centre_mm[1]) ** 2 + (x - centre_mm[2]) ** 2
    return image_from_array((inside <= radius_mm ** 2).astype(np.uint8), spacing)


def lesion_image(shape, spacing, radius_mm, *, contrast=100.0, background=50.0, noise=10.0,
                 random_state: int) -> tuple[sitk.Image, sitk.Image]:
    """A bright sphere on a flat background with Gaussian noise, and its true mask."""
    truth = sphere_mask(shape, spacing, radius_mm)
    rng = np.random.default_rng(random_state)
    values = background + contrast * sitk.GetArrayFromImage(truth) + rng.normal(0, noise, shape)
    return image_from_array(values.astype(np.float32), spacing), truth
