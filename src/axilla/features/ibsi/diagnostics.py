"""IBSI compliance-sheet diagnostics: image and ROI sizes and intensities per processing step.

Tags as in the IBSI 1 compliance sheet (e.g. ``img_dim_x_init_img``,
``int_mask_vox_count_reseg_roi``); x, y, z follow the image axes.
"""
from __future__ import annotations

import numpy as np


def image_diagnostics(image: np.ndarray, spacing, step: str) -> dict[str, float]:
    """Grid size, voxel spacing and mean/min/max intensity of the whole image."""
    out = {}
    for axis, k in zip("xyz", (2, 1, 0)):
        out[f"img_dim_{axis}_{step}"] = float(image.shape[k])
        out[f"vox_dim_{axis}_{step}"] = float(spacing[k])
    out.update({f"mean_int_{step}": float(image.mean()), f"min_int_{step}": float(image.min()),
                f"max_int_{step}": float(image.max())})
    return out


def _bounding_box(mask: np.ndarray) -> np.ndarray:
    where = np.argwhere(mask)
    return where.max(axis=0) - where.min(axis=0) + 1


def roi_diagnostics(image: np.ndarray, intensity_roi: np.ndarray, morph_roi: np.ndarray,
                    step: str) -> dict[str, float]:
    """Mask grid size, bounding boxes, voxel counts and ROI intensities."""
    int_box, morph_box = _bounding_box(intensity_roi), _bounding_box(morph_roi)
    values = image[intensity_roi]
    out = {}
    for axis, k in zip("xyz", (2, 1, 0)):
        out[f"int_mask_dim_{axis}_{step}"] = float(intensity_roi.shape[k])
        out[f"int_mask_bb_dim_{axis}_{step}"] = float(int_box[k])
        out[f"morph_mask_bb_dim_{axis}_{step}"] = float(morph_box[k])
    out.update({f"int_mask_vox_count_{step}": float(intensity_roi.sum()),
                f"morph_mask_vox_count_{step}": float(morph_roi.sum()),
                f"int_mask_mean_int_{step}": float(values.mean()),
                f"int_mask_min_int_{step}": float(values.min()),
                f"int_mask_max_int_{step}": float(values.max())})
    return out
