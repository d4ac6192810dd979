"""Image filters: one module per PyRadiomics image type.

``IMAGE_TYPES`` maps each PyRadiomics ``imageType`` name to a generator
``fn(image, mask, settings, **custom)`` that yields ``(prefix, filtered image)`` one
image at a time.
"""
from __future__ import annotations

from axilla.features.filters.original import original

IMAGE_TYPES = {
    "Original": original,
}

__all__ = ["IMAGE_TYPES"]
