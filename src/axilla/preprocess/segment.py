"""Semi-automatic segmentation: region growing from seeds inside a drawn box or ROI,
with an automatic threshold by default; reproducible from saved parameters.

Automatic threshold (the default, needs a box or ROI): the multi-level Otsu class of the
box's intensities that holds the seed (:mod:`axilla.preprocess.otsu_classes`), grown
from the seed, as the DCE-MRI studies do ("threshold and region growing inside a
manually drawn ROI"). Connected threshold: the voxels in ``[lower, upper]``
face-connected to a seed (ITK ``ConnectedThresholdImageFilter``); without seeds, inside a
drawn ROI, the largest connected region in range. Confidence connected: voxels within
``mean ± multiplier * sd`` of the current region, re-estimated ``iterations`` times (ITK
``ConfidenceConnectedImageFilter``). Then holes are filled and, if asked, a
morphological opening cuts thin bridges (the part holding the seed is kept). A region
that leaked (:mod:`axilla.preprocess.segment_leak`) is refused. Seeds and boxes are voxel
indices or LPS millimetres (:mod:`axilla.preprocess.segment_points`). Everything needed
to redo a mask is returned as a JSON-ready dict, with a SHA-256 of the image voxels.
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
from axilla.preprocess.otsu_classes import DEFAULT_CLASSES, otsu_class_range
from axilla.preprocess.roi import fill_holes as fill_mask_holes
from axilla.preprocess.roi import inside
from axilla.preprocess.roi import largest_component as keep_largest_component
from axilla.preprocess.segment_leak import check_leak as refuse_leak
from axilla.preprocess.segment_points import box_mask, is_box, voxel_box, voxel_seeds

PARAMETER_KEYS = ("method", "seeds", "box", "lower", "upper", "multiplier", "iterations",
                  "radius", "classes", "opening_mm", "fill_holes", "image_sha256", "roi_sha256",
                  "axilla_version")
METHODS = ("auto_threshold", "connected_threshold", "confidence_connected")


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


def _roi_centre_seed(roi: np.ndarray, candidates: np.ndarray) -> list[int]:
    """The ``candidates`` voxel nearest the ROI's centroid (x, y, z index)."""
    where = np.argwhere(candidates)
    nearest = where[np.argmin(((where - np.argwhere(roi).mean(axis=0)) ** 2).sum(axis=1))]
    return [int(v) for v in reversed(nearest)]


def _confidence_seeds(roi: np.ndarray, seed_list, radius: int, where: str) -> list:
    """Seeds whose whole starting neighbourhood ((2r+1)^3 voxels, ITK's
    ConfidenceConnected) lies inside the ROI: a fence voxel in it would enter the first
    mean and SD and widen the range past the fence. Without seeds: the ROI voxel nearest
    the ROI's centroid among those."""
    from scipy.ndimage import binary_erosion

    cube = np.ones((2 * radius + 1,) * roi.ndim, dtype=bool)
    deep = binary_erosion(roi, structure=cube, border_value=1)
    if not deep.any():
        raise InputError(f"{where} is thinner than the seed neighbourhood of radius {radius} "
                         f"({2 * radius + 1} voxels a side) confidence growing starts from",
                         fix="draw a larger ROI or box, or use the automatic threshold (no "
                             "--multiplier)")
    if seed_list is None:
        return [_roi_centre_seed(roi, deep)]
    for seed in seed_list:
        if not deep[tuple(reversed(seed))]:
            raise InputError(f"seed {seed} is closer than {radius + 1} voxels to the edge of "
                             f"{where}: its starting neighbourhood would take values from "
                             "outside", fix="place the seed deeper in the lesion, give a "
                                            "smaller --radius, or draw a larger ROI")
    return seed_list


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


def _method(lower, upper, multiplier) -> str:
    if multiplier is None:
        return "auto_threshold" if lower is None and upper is None else "connected_threshold"
    if lower is not None or upper is not None:
        raise SettingsError("give either lower/upper thresholds or a confidence multiplier",
                            fix="e.g. lower=120 (connected threshold) or multiplier=2.5 "
                                "(confidence connected), or neither (automatic threshold "
                                "inside a drawn box)")
    return "confidence_connected"


def _roi_array(roi: sitk.Image, image: sitk.Image) -> np.ndarray:
    roi_array = sitk.GetArrayViewFromImage(roi) != 0
    if roi_array.shape != sitk.GetArrayViewFromImage(image).shape:
        raise InputError(f"ROI size {roi.GetSize()} differs from image size {image.GetSize()}",
                         fix="draw the ROI on the image being segmented")
    if not roi_array.any():
        raise InputError("the drawn ROI is empty", fix="check the ROI file")
    return roi_array


def _check_seeds_inside(seed_list, roi_array: np.ndarray, where: str) -> None:
    for seed in seed_list:
        if not roi_array[tuple(reversed(seed))]:
            raise InputError(f"seed {seed} lies outside {where}",
                             fix=f"place the seed inside {where}, or leave it out")


def _connected_threshold(fenced: sitk.Image, seed_list, low: float, high: float) -> sitk.Image:
    if seed_list is None:
        in_range = sitk.Cast((fenced >= low) & (fenced <= high), sitk.sitkUInt8)
        return _largest_or_empty(in_range)
    return sitk.ConnectedThreshold(fenced, seedList=seed_list, lower=low, upper=high,
                                   replaceValue=1)


def _opened(mask: sitk.Image, opening_mm: float, seed_list) -> sitk.Image:
    """Morphological opening by a ball of radius ``opening_mm`` (``floor(mm / spacing)``
    voxels per axis; an axis with coarser voxels is not opened), then the components
    holding the seeds (the largest one without seeds)."""
    radius = [int(opening_mm // s) for s in mask.GetSpacing()]
    if not any(radius):
        raise SettingsError(f"an opening of {opening_mm:g} mm is narrower than every voxel "
                            f"spacing {tuple(round(s, 3) for s in mask.GetSpacing())}",
                            fix="give an opening of at least one voxel spacing, or none")
    opened = sitk.BinaryMorphologicalOpening(mask, kernelRadius=radius, kernelType=sitk.sitkBall)
    if seed_list is None:
        return _largest_or_empty(opened, f"the {opening_mm:g} mm opening removed every voxel")
    labels = sitk.GetArrayFromImage(sitk.ConnectedComponent(opened, False))
    kept = {int(labels[tuple(reversed(seed))]) for seed in seed_list} - {0}
    if not kept:
        raise InputError(f"the {opening_mm:g} mm opening removed every seed voxel",
                         fix="use a smaller opening, or place the seed in the lesion's bulk")
    out = sitk.GetImageFromArray(np.isin(labels, sorted(kept)).astype(np.uint8))
    out.CopyInformation(mask)
    return out


def _grow(method: str, image: sitk.Image, roi_array, seed_list, *, lower, upper, multiplier,
          iterations, radius, classes, where):
    """The grown region (inside ``roi_array`` when given), the intensity range it used
    (None for confidence growing) and the seeds it grew from."""
    fenced = _fenced(image, roi_array)
    values = sitk.GetArrayViewFromImage(image)
    if method == "auto_threshold":
        seed_values = None if seed_list is None else [
            float(values[tuple(reversed(seed))]) for seed in seed_list]
        low, high = otsu_class_range(values[roi_array], seed_values, classes)
        return _connected_threshold(fenced, seed_list, low, high), low, high, seed_list
    if method == "connected_threshold":
        low = float(values.min()) if lower is None else float(lower)
        high = float(values.max()) if upper is None else float(upper)
        if low > high:
            raise SettingsError(f"lower threshold {low} is above upper threshold {high}",
                                fix="swap the thresholds")
        return _connected_threshold(fenced, seed_list, low, high), low, high, seed_list
    if multiplier <= 0 or iterations < 0 or radius < 1:
        raise SettingsError("multiplier must be > 0, iterations >= 0 and radius >= 1",
                            fix="use e.g. multiplier=2.5, iterations=3, radius=1")
    if roi_array is not None:
        seed_list = _confidence_seeds(roi_array, seed_list, int(radius), where)
    mask = sitk.ConfidenceConnected(fenced, seedList=seed_list, numberOfIterations=int(iterations),
                                    multiplier=float(multiplier),
                                    initialNeighborhoodRadius=int(radius), replaceValue=1)
    return mask, None, None, seed_list


def segment(image: sitk.Image, *, seeds: Sequence[Sequence[int]] | None = None,
            seeds_mm: Sequence[Sequence[float]] | None = None, roi: sitk.Image | None = None,
            box: Sequence[Sequence[int]] | None = None,
            box_mm: Sequence[Sequence[float]] | None = None,
            lower: float | None = None, upper: float | None = None,
            multiplier: float | None = None, iterations: int = 3, radius: int = 1,
            classes: int = DEFAULT_CLASSES, opening_mm: float = 0.0, fill_holes: bool = True,
            check_leak: bool = True) -> Segmentation:
    """Grow a lesion mask. With neither thresholds (``lower``/``upper``) nor a
    ``multiplier``, the range is the Otsu class (of ``classes``) holding the seed inside
    the drawn ``box`` or ``roi``.

    ``seeds`` are 0-based voxel indices (x, y, z), ``seeds_mm`` physical LPS points; a
    ``box`` is two opposite corners (voxels, inclusive; or ``box_mm``). Without seeds
    the largest in-range region inside the ROI is kept (the brightest Otsu
    class by default); confidence growing starts from the ROI voxel nearest the ROI centroid.
    ``check_leak=False`` only to redo a saved mask (:func:`segment_from_parameters`).
    """
    method = _method(lower, upper, multiplier)
    if not opening_mm >= 0:
        raise SettingsError(f"the opening must be 0 (none) or a positive number of mm, got "
                            f"{opening_mm}", fix="give e.g. opening_mm=1")
    box_index = voxel_box(image, box, box_mm)
    if box_index is not None and roi is not None:
        raise SettingsError("give a box or a drawn ROI, not both", fix="leave one out")
    fence = roi if box_index is None else box_mask(image, box_index)
    seed_list = voxel_seeds(image, seeds, seeds_mm)
    if seed_list is None and fence is None:
        raise SettingsError("segmentation needs seeds or a drawn ROI",
                            fix="pass seeds=[(x, y, z)] or box=/roi= drawn around the lesion")
    if method == "auto_threshold" and fence is None:
        raise SettingsError("the automatic threshold needs a box or ROI drawn around the lesion",
                            fix="draw a box with a margin around the lesion (--box x0,y0,z0,"
                                "x1,y1,z1), or give --lower/--upper or --multiplier")
    roi_array = None if fence is None else _roi_array(fence, image)
    where = "the box" if box_index is not None else "the drawn ROI" if roi is not None else "the image"
    if seed_list is not None and roi_array is not None:
        _check_seeds_inside(seed_list, roi_array, where)
    mask, low, high, seed_list = _grow(
        method, image, roi_array, seed_list, lower=lower, upper=upper, multiplier=multiplier,
        iterations=iterations, radius=radius, classes=classes, where=where)
    mask = inside(mask)
    if roi_array is not None and (sitk.GetArrayViewFromImage(mask)[~roi_array] != 0).any():
        raise InputError(f"the region grew out of {where} (the intensity range reached "
                         "the values that fence it in)", fix="lower the multiplier or narrow "
                         "the thresholds")
    if not sitk.GetArrayViewFromImage(mask).any():
        raise InputError("nothing grew: the seed's value lies outside the intensity range",
                         fix="place the seed inside the lesion, or widen the thresholds")
    if fill_holes:
        mask = fill_mask_holes(mask)
    if opening_mm:
        mask = _opened(mask, float(opening_mm), seed_list)
    if check_leak:
        region = sitk.GetArrayViewFromImage(mask) != 0
        domain = np.ones(region.shape, dtype=bool) if roi_array is None else roi_array
        refuse_leak(region, domain, where=where,
                    free_hand=box_index is None and roi is not None and not is_box(roi_array))
    confidence = method == "confidence_connected"
    parameters = {
        "method": method, "seeds": seed_list, "box": box_index, "lower": low, "upper": high,
        "multiplier": float(multiplier) if confidence else None,
        "iterations": int(iterations) if confidence else None,
        "radius": int(radius) if confidence else None,
        "classes": int(classes) if method == "auto_threshold" else None,
        "opening_mm": float(opening_mm), "fill_holes": bool(fill_holes),
        "image_sha256": voxel_sha256(image),
        "roi_sha256": None if roi is None else voxel_sha256(inside(roi)),
        "axilla_version": __version__,
    }
    return Segmentation(mask, parameters)


def _largest_or_empty(in_range: sitk.Image,
                      empty: str = "no voxel inside the ROI lies within the thresholds") -> sitk.Image:
    if not sitk.GetArrayViewFromImage(in_range).any():
        raise InputError(empty, fix="widen lower/upper or redraw the ROI")
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
    common = {"seeds": parameters["seeds"], "box": parameters.get("box"),
              "roi": None if parameters.get("roi_sha256") is None else roi,
              "fill_holes": parameters["fill_holes"],
              "opening_mm": parameters.get("opening_mm", 0.0), "check_leak": False}
    method = parameters["method"]
    if method == "connected_threshold":
        return segment(image, lower=parameters["lower"], upper=parameters["upper"], **common)
    if method == "confidence_connected":
        return segment(image, multiplier=parameters["multiplier"],
                       iterations=parameters["iterations"], radius=parameters["radius"], **common)
    if method == "auto_threshold":
        redone = segment(image, classes=parameters["classes"], **common)
        saved = (parameters["lower"], parameters["upper"])
        if (redone.parameters["lower"], redone.parameters["upper"]) != saved:
            raise InputError(f"the automatic threshold now comes out as {redone.parameters['lower']:g} "
                             f"to {redone.parameters['upper']:g}, not the saved {saved[0]:g} to "
                             f"{saved[1]:g} (another scikit-image version?)",
                             fix="redo it as a connected threshold with the saved lower and upper")
        return redone
    raise SettingsError(f"unknown segmentation method '{method}'",
                        fix=f"use one of {', '.join(METHODS)}")


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
    mask_path = _mask_path(mask_path)
    mask_path.parent.mkdir(parents=True, exist_ok=True)
    sitk.WriteImage(result.mask, str(mask_path), useCompression=True)
    json_path = parameters_path(mask_path)
    json_path.write_text(json.dumps(result.parameters, indent=2) + "\n", encoding="utf-8")
    return json_path


def _mask_path(mask_path) -> Path:
    """``mask_path`` when its suffix names a volume format the mask can be written in."""
    from axilla.io.readers import VOLUME_SUFFIXES, suffix_of

    mask_path = Path(mask_path)
    if suffix_of(mask_path) not in VOLUME_SUFFIXES:
        raise InputError(f"cannot write a mask as '{suffix_of(mask_path) or 'no suffix'}'",
                         file=mask_path, fix=f"name the output with one of "
                                             f"{', '.join(VOLUME_SUFFIXES)} (e.g. tumour.nii.gz)")
    return mask_path


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

    _mask_path(mask_path)   # refused before the image is read and segmented
    image = read_image(image_path)
    roi = None if roi_path is None else read_image(roi_path)
    try:
        result = segment(image, roi=roi, **options)
    except InputError as exc:
        raise exc.with_context(file=image_path) from None
    save_segmentation(result, mask_path)
    return result
