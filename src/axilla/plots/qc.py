"""Segmentation contact sheet: every case's slice with its ROI and peritumoral ring outlined.

A visual QC step recommended before feature extraction (CLEAR item on segmentation
quality; Zwanenburg et al. 2020, Radiology 295:328). Each case is an object with
``patient``, ``image`` (2-D array, the ROI's largest slice), ``mask`` (2-D, non-zero in
the ROI) and optional ``ring`` (2-D, non-zero in the ring), or a tuple in that order.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from axilla.errors import InputError
from axilla.plots._style import new_figure, styled

MARGIN = 8  # pixels around the outlined region


def _as_case(case):
    """A (patient, image, mask[, ring]) tuple as an object with those attributes."""
    if isinstance(case, tuple):
        patient, image, mask, *ring = case
        return SimpleNamespace(patient=patient, image=image, mask=mask,
                               ring=ring[0] if ring else None)
    return case


def _crop(case) -> tuple[slice, slice]:
    outline = np.asarray(case.mask) != 0
    if getattr(case, "ring", None) is not None:
        outline = outline | (np.asarray(case.ring) != 0)
    rows, cols = np.nonzero(outline)
    if rows.size == 0:
        raise InputError("the QC mask is empty", patient=str(case.patient),
                         fix="pass the ROI's largest slice, where the mask is non-zero")
    return (slice(max(rows.min() - MARGIN, 0), rows.max() + MARGIN + 1),
            slice(max(cols.min() - MARGIN, 0), cols.max() + MARGIN + 1))


def _check_shapes(case) -> None:
    shape = np.shape(case.image)
    others = [np.shape(case.mask)] + ([np.shape(case.ring)] if getattr(case, "ring", None)
                                      is not None else [])
    if len(shape) != 2 or any(s != shape for s in others):
        raise InputError(f"QC slice shapes differ or are not 2-D: image {shape}, "
                         f"outlines {others}", patient=str(case.patient),
                         fix="pass the same 2-D slice of image, mask and ring")


@styled
def plot_qc_sheet(cases, columns: int = 6):
    """A grid of cropped slices: ROI edge solid, ring's outer edge dashed (white on black)."""
    cases = [_as_case(c) for c in cases]
    if not cases:
        raise InputError("no QC cases given", fix="pass at least one (patient, image, mask)")
    columns = min(columns, len(cases))
    fig, axes = new_figure(ncols=columns, nrows=math.ceil(len(cases) / columns),
                           panel=(1.25, 1.35))
    for ax, case in zip(axes, cases):
        _check_shapes(case)
        rows, cols = _crop(case)
        image = np.asarray(case.image, dtype=float)[rows, cols]
        ax.imshow(image, cmap="gray", interpolation="nearest")
        roi = np.asarray(case.mask) != 0
        outlines = [(roi, "-")]
        if getattr(case, "ring", None) is not None:  # the ring's outer edge: ROI joined to ring
            outlines.insert(0, (roi | (np.asarray(case.ring) != 0), "--"))
        for region, style in outlines:
            region = region[rows, cols].astype(float)
            ax.contour(region, levels=[0.5], colors="black", linewidths=1.8, linestyles="-")
            ax.contour(region, levels=[0.5], colors="white", linewidths=0.8, linestyles=style)
        ax.set_title(str(case.patient), fontsize=6.5, fontweight="normal")
        ax.set_axis_off()
    for ax in axes[len(cases):]:
        ax.set_axis_off()
    return fig
