"""Intensity mask by re-segmentation.

IBSI 1 manual, section 2.5 "Re-segmentation": range re-segmentation keeps ROI voxels with
intensities in [a, b]; outlier filtering keeps voxels within mean +- k sd of the ROI
intensities (population sd, computed before any re-segmentation); combined methods keep the
intersection. The morphological mask is left as it is.
"""
from __future__ import annotations

import numpy as np

from axilla.errors import InputError


def intensity_mask(image: np.ndarray, morph_mask: np.ndarray,
                   value_range: tuple[float, float] | None = None,
                   outlier_sigma: float | None = None) -> np.ndarray:
    """Re-segmented ROI (bool, same shape) from the morphological mask."""
    mask = morph_mask.copy()
    if value_range is not None:
        mask &= (image >= value_range[0]) & (image <= value_range[1])
    if outlier_sigma is not None:
        values = image[morph_mask]
        mean, sd = values.mean(), values.std()
        mask &= (image >= mean - outlier_sigma * sd) & (image <= mean + outlier_sigma * sd)
    if not mask.any():
        raise InputError("re-segmentation removed every ROI voxel",
                         fix="widen resegmentRange / outlier_sigma or check the image units")
    return mask
