"""Semi-automatic segmentation: threshold + connected region growing, inside a drawn
ROI or from seeds, and confidence-connected growing; reproducible from saved parameters.

Connected threshold: the voxels in ``[lower, upper]`` face-connected to a seed
(ITK ``ConnectedThresholdImageFilter``). Without seeds, inside a drawn ROI, the largest
connected region in ``[lower, upper]`` is kept, as in the DCE-MRI studies ("threshold
and region growing inside a manually drawn ROI"). Confidence connected: voxels within
``mean ± multiplier * sd`` of the current region, re-estimated ``iterations`` times
(ITK ``ConfidenceConnectedImageFilter``). Everything needed to redo a mask is returned
as a JSON-ready dict, with a SHA-256 of the image voxels, so the mask can be rebuilt.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import SimpleITK as sitk

from axilla import __version__
from axilla._validation import check_known_keys
from axilla.errors import InputError, SettingsError
from axilla.preprocess.roi import fill_holes as fill_mask_holes
from axilla.preprocess.roi import inside
from axilla.preprocess.roi import largest_component as keep_largest_component

PARAMETER_KEYS = ("method", "seeds", "lower", "upper", "multiplier", "iterations", "radius",
                  "fill_holes", "image_sha256", "roi_sha256", "axilla_version")


@dataclass(frozen=True)
class Segmentation:
    """A mask and the parameters that reproduce it (see :func:`segment_from_parameters`)."""

    mask: sitk.Image
    parameters: dict


def voxel_sha256(image: sitk.Image) -> str:
    """SHA-256 of the voxel values and grid (size, spacing, origin, direction)."""
    digest = hashlib.sha256(np.ascontiguousarray(sitk.GetArrayViewFromImage(image)).tobytes())
    grid = (image.GetSize(), image.GetSpacing(), image.GetOrigin(), image.GetDirection())
    digest.update(repr(tuple(tuple(round(v, 6) for v in part) for part in grid)).encode())
    return digest.hexdigest()


def _seed_list(seeds, image: sitk.Image, roi: np.ndarray | None) -> list[list[int]]:
    out = []
    for seed in seeds:
        seed = [int(v) for v in seed]
        if len(seed) != image.GetDimension() or not all(
                0 <= v < n for v, n in zip(seed, image.GetSize())):
            raise InputError(f"seed {seed} is outside the image of size {image.GetSize()}",
                             fix="give seeds as 0-based voxel indices x,y,z inside the image")
        if roi is not None and not roi[tuple(reversed(seed))]:
            raise InputError(f"seed {seed} lies outside the drawn ROI",
                             fix="place the seed inside the ROI, or leave it out")
        out.append(seed)
    return out


def _roi_centre_seed(roi: np.ndarray) -> list[int]:
    """The ROI voxel nearest the ROI's centroid (x, y, z index)."""
    where = np.argwhere(roi)
    nearest = where[np.argmin(((where - where.mean(axis=0)) ** 2).sum(axis=1))]
    return [int(v) for v in reversed(nearest)]


def _fenced(image: sitk.Image, roi: np.ndarray | None) -> sitk.Image:
    """Float64 copy of ``image`` whose voxels outside ``roi`` sit far below every value,
    so no region can grow out of the ROI."""
    values = sitk.GetArrayFromImage(image).astype(np.float64)
    if roi is not None:
        spread = float(values.max() - values.min()) + 1.0
        values[~roi] = values.min() - 1e3 * spread
    out = sitk.GetImageFromArray(values)
    out.CopyInformation(image)
    return out


def segment(image: sitk.Image, *, seeds: Sequence[Sequence[int]] | None = None,
            roi: sitk.Image | None = None, lower: float | None = None, upper: float | None = None,
            multiplier: float | None = None, iterations: int = 3, radius: int = 1,
            fill_holes: bool = True) -> Segmentation:
    """Grow a lesion mask; give thresholds (``lower``/``upper``) or a ``multiplier``.

    ``seeds`` are 0-based voxel indices (x, y, z). With thresholds and an ROI but no
    seeds, the largest connected region in range inside the ROI is kept. Confidence
    growing without seeds starts from the ROI voxel nearest the ROI centroid.
    """
    thresholds = lower is not None or upper is not None
    if thresholds == (multiplier is not None):
        raise SettingsError("give either lower/upper thresholds or a confidence multiplier",
                            fix="e.g. lower=120 (connected threshold) or multiplier=2.5 "
                                "(confidence connected)")
    if seeds is None and roi is None:
        raise SettingsError("segmentation needs seeds or a drawn ROI",
                            fix="pass seeds=[(x, y, z)] or roi=<mask drawn around the lesion>")
    roi_array = None
    if roi is not None:
        roi_array = sitk.GetArrayViewFromImage(roi) != 0
        if roi_array.shape != sitk.GetArrayViewFromImage(image).shape:
            raise InputError(f"ROI size {roi.GetSize()} differs from image size {image.GetSize()}",
                             fix="draw the ROI on the image being segmented")
        if not roi_array.any():
            raise InputError("the drawn ROI is empty", fix="check the ROI file")
    seed_list = None if seeds is None else _seed_list(seeds, image, roi_array)
    fenced = _fenced(image, roi_array)
    if thresholds:
        values = sitk.GetArrayViewFromImage(image)
        low = float(values.min()) if lower is None else float(lower)
        high = float(values.max()) if upper is None else float(upper)
        if low > high:
            raise SettingsError(f"lower threshold {low} is above upper threshold {high}",
                                fix="swap the thresholds")
        if seed_list is None:
            in_range = sitk.Cast((fenced >= low) & (fenced <= high), sitk.sitkUInt8)
            mask = _largest_or_empty(in_range)
        else:
            mask = sitk.ConnectedThreshold(fenced, seedList=seed_list, lower=low, upper=high,
                                           replaceValue=1)
        method = "connected_threshold"
    else:
        if multiplier <= 0 or iterations < 0 or radius < 1:
            raise SettingsError("multiplier must be > 0, iterations >= 0 and radius >= 1",
                                fix="use e.g. multiplier=2.5, iterations=3, radius=1")
        if seed_list is None:
            seed_list = [_roi_centre_seed(roi_array)]
        mask = sitk.ConfidenceConnected(fenced, seedList=seed_list, numberOfIterations=int(iterations),
                                        multiplier=float(multiplier),
                                        initialNeighborhoodRadius=int(radius), replaceValue=1)
        method, low, high = "confidence_connected", None, None
    mask = inside(mask)
    if fill_holes:
        mask = fill_mask_holes(mask)
    parameters = {
        "method": method, "seeds": seed_list, "lower": low, "upper": high,
        "multiplier": None if thresholds else float(multiplier),
        "iterations": None if thresholds else int(iterations),
        "radius": None if thresholds else int(radius), "fill_holes": bool(fill_holes),
        "image_sha256": voxel_sha256(image),
        "roi_sha256": None if roi is None else voxel_sha256(inside(roi)),
        "axilla_version": __version__,
    }
    return Segmentation(mask, parameters)


def _largest_or_empty(in_range: sitk.Image) -> sitk.Image:
    if not sitk.GetArrayViewFromImage(in_range).any():
        raise InputError("no voxel inside the ROI lies within the thresholds",
                         fix="widen lower/upper or redraw the ROI")
    return keep_largest_component(in_range, fully_connected=False)


def segment_from_parameters(image: sitk.Image, parameters: dict,
                            roi: sitk.Image | None = None) -> Segmentation:
    """Redo a segmentation from its saved parameters; the image (and ROI, if one was
    used) must be the very ones it was made from."""
    check_known_keys(parameters, PARAMETER_KEYS, "segmentation parameters")
    if parameters.get("image_sha256") != voxel_sha256(image):
        raise InputError("this image differs from the one the mask was made from "
                         "(voxel SHA-256 mismatch)", fix="pass the original image")
    if parameters.get("roi_sha256") is not None:
        if roi is None or parameters["roi_sha256"] != voxel_sha256(inside(roi)):
            raise InputError("the mask was grown inside a drawn ROI that is missing or different",
                             fix="pass the original ROI with roi=")
    common = {"seeds": parameters["seeds"], "roi": roi, "fill_holes": parameters["fill_holes"]}
    if parameters["method"] == "connected_threshold":
        return segment(image, lower=parameters["lower"], upper=parameters["upper"], **common)
    if parameters["method"] == "confidence_connected":
        return segment(image, multiplier=parameters["multiplier"],
                       iterations=parameters["iterations"], radius=parameters["radius"], **common)
    raise SettingsError(f"unknown segmentation method '{parameters['method']}'",
                        fix="use connected_threshold or confidence_connected")


def parameters_path(mask_path) -> Path:
    """Where the parameters of ``mask_path`` live: ``lesion.nii.gz`` -> ``lesion.json``."""
    path = Path(mask_path)
    name = path.name
    for suffix in (".nii.gz", ".nii", ".nrrd", ".mha", ".mhd"):
        if name.endswith(suffix):
            return path.with_name(name[: -len(suffix)] + ".json")
    return path.with_name(name + ".json")


def save_segmentation(result: Segmentation, mask_path) -> Path:
    """Write the mask (any SimpleITK format by suffix) and its parameters JSON beside it;
    returns the JSON path."""
    mask_path = Path(mask_path)
    sitk.WriteImage(result.mask, str(mask_path), useCompression=True)
    json_path = parameters_path(mask_path)
    json_path.write_text(json.dumps(result.parameters, indent=2) + "\n", encoding="utf-8")
    return json_path


def load_parameters(mask_path) -> dict:
    """The parameters saved beside ``mask_path`` by :func:`save_segmentation`."""
    json_path = parameters_path(mask_path)
    if not json_path.exists():
        raise InputError("no segmentation parameters beside the mask", file=json_path,
                         fix="segment with `axilla segment`, which writes them")
    return json.loads(json_path.read_text(encoding="utf-8"))


def segment_file(image_path, mask_path, *, roi_path=None, **options) -> Segmentation:
    """Read the image (and drawn ROI), :func:`segment` it with ``options`` and save the
    mask with its parameters JSON beside it (what ``axilla segment`` does)."""
    from axilla.io.readers import read_image

    image = read_image(image_path)
    roi = None if roi_path is None else read_image(roi_path)
    try:
        result = segment(image, roi=roi, **options)
    except InputError as exc:
        raise exc.with_context(file=image_path) from None
    save_segmentation(result, mask_path)
    return result
