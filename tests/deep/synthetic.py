"""Seeded synthetic lesions the CNN tests learn from: bright discs (label 1) and rings
(label 0, a dark centre), as patches in [0, 1] or as image + mask files."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import SimpleITK as sitk

from axilla.io import Case


def lesion_plane(label: int, shape: tuple[int, int], radius: float,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A noisy plane with a disc (label 1) or ring (label 0) lesion, and the disc mask."""
    centre = np.asarray(shape) / 2 + rng.uniform(-2, 2, 2)
    rows, cols = np.mgrid[:shape[0], :shape[1]]
    distance = np.hypot(rows - centre[0], cols - centre[1])
    inside = distance < radius
    bright = inside if label else inside & (distance > 0.6 * radius)
    plane = 0.2 + 0.6 * bright + rng.normal(0, 0.05, shape)
    return plane, inside


def disc_or_ring_patches(n: int, size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3, size, size) float32 patches in [0, 1] and labels alternating 0, 1."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    planes = [np.clip(lesion_plane(int(lab), (size, size), rng.uniform(0.25, 0.35) * size,
                                   rng)[0], 0, 1) for lab in labels]
    patches = np.repeat(np.stack(planes)[:, np.newaxis], 3, axis=1).astype(np.float32)
    return patches, labels


def write_case(folder: Path, patient: str, label: int, rng: np.random.Generator,
               *, shape=(4, 40, 40), radii=(4, 8, 11, 6)) -> Case:
    """A 3D image + mask pair on disk whose lesion is largest on slice 2."""
    planes, masks = zip(*(lesion_plane(label, shape[1:], r, rng) for r in radii))
    image = sitk.GetImageFromArray(np.stack(planes).astype(np.float32) * 1000)
    mask = sitk.GetImageFromArray(np.stack(masks).astype(np.uint8))
    for volume in (image, mask):
        volume.SetSpacing((0.8, 0.8, 3.0))
    paths = folder / f"{patient}_image.nii.gz", folder / f"{patient}_mask.nii.gz"
    sitk.WriteImage(image, str(paths[0]))
    sitk.WriteImage(mask, str(paths[1]))
    return Case(patient_id=patient, image=str(paths[0]), mask=str(paths[1]))
