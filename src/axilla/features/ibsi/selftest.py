"""IBSI self-test: every feature of the shipped IBSI 1 digital phantom against its reference.

The phantom and its 482 reference values (CC BY 4.0, see ``data/README.md``) ship inside
the package, so the test needs no external data. Settings are those of the IBSI manual for
the digital phantom: no interpolation, no re-segmentation, grey levels used as they are
(fixed bin size 1 from the ROI minimum 1), all six texture aggregations.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import numpy as np
import SimpleITK as sitk

from axilla.features.ibsi.compliance import matches_reference
from axilla.features.ibsi.pipeline import extract_ibsi

PHANTOM_SETTINGS = {"setting": {"binWidth": 1},
                    "ibsi": {"texture_dimensions": ["2D", "2.5D", "3D"]}}


@dataclass(frozen=True)
class SelftestRow:
    """One reference value and the value Axilla computed for it (NaN when missing)."""

    tag: str
    reference: float
    tolerance: float
    value: float
    passed: bool


def _image(array, spacing, origin, direction) -> sitk.Image:
    image = sitk.GetImageFromArray(np.asarray(array, dtype=np.int16))
    image.SetSpacing(spacing)
    image.SetOrigin(origin)
    image.SetDirection(direction)
    return image


def load_phantom() -> tuple[sitk.Image, sitk.Image, list[dict]]:
    """The shipped digital phantom: (image, mask, reference rows with tag/value/tolerance)."""
    text = resources.files("axilla.features.ibsi").joinpath("data/digital_phantom.json").read_text(encoding="utf-8")
    data = json.loads(text)
    geometry = (data["spacing_xyz_mm"], data["origin_xyz_mm"], data["direction"])
    return (_image(data["image_zyx"], *geometry), _image(data["mask_zyx"], *geometry),
            data["reference"])


def run_selftest() -> list[SelftestRow]:
    """Compute the phantom's features and compare each with its reference value."""
    image, mask, reference = load_phantom()
    features = extract_ibsi(image, mask, PHANTOM_SETTINGS)
    rows = []
    for ref in reference:
        value = features.get(ref["tag"], float("nan"))
        rows.append(SelftestRow(ref["tag"], ref["value"], ref["tolerance"], value,
                                matches_reference(value, ref["value"], ref["tolerance"])))
    return rows
