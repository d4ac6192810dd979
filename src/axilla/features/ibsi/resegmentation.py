"""Re-segmentation range and intensity mask.

IBSI 1 manual, chapter "Image processing", section "Re-segmentation": range
re-segmentation keeps ROI voxels with intensities in [a, b] (or [a, inf)); intensity
outlier filtering keeps voxels within [mu - 3 sd, mu + 3 sd], with mu and sd (population)
of the grey levels of the voxels assigned to the ROI, i.e. before any re-segmentation;
"combining multiple re-segmentation methods is possible. In this case, the intersection of
the intensity ranges defined by the re-segmentation methods is used." That intersection is
the re-segmentation range, which is also the total range G of a discrete or
fixed-bin-size intensity-volume histogram (chapter "Image features", section
"Intensity-volume histogram features": "if a re-segmentation range is provided (see
Section Re-segmentation), the total range G is equal to the re-segmentation range"). The
morphological mask is left as it is (section "Intensity and morphological masks of an
ROI").
"""
from __future__ import annotations

import math

import numpy as np

from axilla.errors import InputError


def resegmentation_range(image: np.ndarray, morph_mask: np.ndarray,
                         value_range: tuple[float, float] | None = None,
                         outlier_sigma: float | None = None) -> tuple[float, float] | None:
    """The user range intersected with mean +- ``outlier_sigma`` sd of the ROI; None: neither."""
    if value_range is None and outlier_sigma is None:
        return None
    low, high = value_range if value_range is not None else (-math.inf, math.inf)
    if outlier_sigma is not None:
        values = image[morph_mask]
        mean, sd = float(values.mean()), float(values.std())
        low = max(low, mean - outlier_sigma * sd)
        high = min(high, mean + outlier_sigma * sd)
    return float(low), float(high)


def intensity_mask(image: np.ndarray, morph_mask: np.ndarray,
                   bounds: tuple[float, float] | None) -> np.ndarray:
    """Re-segmented ROI (bool, same shape): the morphological mask within ``bounds``."""
    mask = morph_mask.copy()
    if bounds is not None:
        mask &= (image >= bounds[0]) & (image <= bounds[1])
    if not mask.any():
        raise InputError("re-segmentation removed every ROI voxel",
                         fix="widen resegmentRange / outlier_sigma or check the image units")
    return mask
