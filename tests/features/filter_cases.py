"""Images and masks for the filter tests: seeded synthetic volumes and PyRadiomics cases."""
from __future__ import annotations

import numpy as np
import SimpleITK as sitk

from tests.helpers import SEED, shared_path


def synthetic(shape=(40, 120, 110), low=(15, 50, 45), high=(24, 61, 58),
              spacing=(0.8, 0.7, 1.5), seed: int = SEED) -> tuple[sitk.Image, sitk.Image]:
    """int16 noise + smooth blob (array z, y, x ``shape``); ROI the box [low, high]."""
    rng = np.random.default_rng(seed)
    z, y, x = np.indices(shape)
    blob = 400 * np.exp(-((z - shape[0] / 2) ** 2 + (y - shape[1] / 2) ** 2
                          + (x - shape[2] / 2) ** 2) / 300)
    values = (blob + rng.normal(100, 40, shape)).astype(np.int16)
    roi = np.zeros(shape, np.uint32)
    roi[tuple(slice(a, b + 1) for a, b in zip(low, high))] = 1
    roi[low] = 0
    image = sitk.GetImageFromArray(values)
    image.SetSpacing(spacing)
    image.SetOrigin((-12.5, 30.25, 7.0))
    mask = sitk.GetImageFromArray(roi)
    mask.CopyInformation(image)
    return image, mask


def pyradiomics_case(case: str) -> tuple[sitk.Image, sitk.Image]:
    """Image and mask of a PyRadiomics test case from ../shared."""
    data = shared_path("data", "pyradiomics")
    return (sitk.ReadImage(str(data / f"{case}_image.nrrd")),
            sitk.ReadImage(str(data / f"{case}_label.nrrd")))


def box_of(mask: sitk.Image, label: int = 1) -> tuple[slice, ...]:
    """Array slices of the label's bounding box (computed here, not by the filters)."""
    where = np.argwhere(sitk.GetArrayViewFromImage(mask) == label)
    return tuple(slice(a, b + 1) for a, b in zip(where.min(axis=0), where.max(axis=0)))


def in_box(filtered: sitk.Image, image: sitk.Image, box: tuple[slice, ...]) -> np.ndarray:
    """Values of a filter's output (whole grid or window of ``image``) in ``box``."""
    start = np.array(image.TransformPhysicalPointToIndex(filtered.GetOrigin()))[::-1]
    array = sitk.GetArrayFromImage(filtered)
    return array[tuple(slice(s.start - o, s.stop - o) for s, o in zip(box, start))]
