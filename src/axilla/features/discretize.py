"""Grey-level discretisation: fixed bin width or fixed bin count.

PyRadiomics (``imageoperations.getBinEdges``, docs "Feature extraction - Discretization"):
fixed bin width edges start at ``min - (min mod binWidth)`` and step by ``binWidth``;
fixed bin count uses ``numpy.histogram`` edges over the ROI with the last edge raised by
one so the maximum falls in the last bin. Grey level = ``numpy.digitize(x, edges)``.
IBSI 1 manual, section "Intensity discretisation": FBS ``floor((x - min)/w) + 1`` from a
given lower bound; FBN ``floor(N (x - min)/(max - min)) + 1`` with the maximum in bin N.
"""
from __future__ import annotations

import numpy as np

from axilla.errors import SettingsError


def bin_edges(values: np.ndarray, bin_width: float | None = None,
              bin_count: int | None = None) -> np.ndarray:
    """PyRadiomics bin edges for the ROI intensities ``values``."""
    if bin_count is not None:
        if bin_count < 1:
            raise SettingsError(f"binCount must be a positive integer, got {bin_count}")
        edges = np.histogram(values, int(bin_count))[1]
        edges[-1] += 1
        return edges
    if bin_width is None or not bin_width > 0:
        raise SettingsError(f"binWidth must be a float in (0, inf), got {bin_width}")
    # numpy scalars keep float32 arithmetic for float32 images, as PyRadiomics does, so
    # the edges match it to the last bit; integers go to float64 (exact, no overflow)
    if not np.issubdtype(values.dtype, np.floating):
        values = values.astype(np.float64)
    low, high = values.min(), values.max()
    lower = low - (low % bin_width)
    edges = np.arange(lower, high + 2 * bin_width, bin_width)
    if len(edges) == 1:  # a flat ROI: one bin around its single value
        edges = np.array([edges[0] - 0.5, edges[0] + 0.5])
    return edges


def discretize(image: np.ndarray, mask: np.ndarray, bin_width: float | None = None,
               bin_count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Grey levels (int32, 1-based inside ``mask``, 0 outside) and the bin edges used."""
    edges = bin_edges(image[mask], bin_width, bin_count)
    grey = np.zeros(image.shape, dtype=np.int32)
    grey[mask] = np.digitize(image[mask], edges)
    return grey, edges


def discretize_ibsi(image: np.ndarray, mask: np.ndarray, *, bin_width: float | None = None,
                    bin_count: int | None = None, lower_bound: float | None = None
                    ) -> np.ndarray:
    """IBSI discretisation (FBS from ``lower_bound`` or the ROI minimum; FBN over the ROI)."""
    values = image[mask]
    grey = np.zeros(image.shape, dtype=np.int32)
    low = float(values.min()) if lower_bound is None else float(lower_bound)
    if bin_count is not None:
        high = float(values.max())
        if high == low:
            grey[mask] = 1
        else:
            grey[mask] = np.minimum(np.floor(bin_count * (values - low) / (high - low)) + 1,
                                    bin_count).astype(np.int32)
        return grey
    if bin_width is None or not bin_width > 0:
        raise SettingsError(f"bin_width must be a float in (0, inf), got {bin_width}")
    grey[mask] = (np.floor((values - low) / bin_width) + 1).astype(np.int32)
    return grey
