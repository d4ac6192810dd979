"""DICOM masks onto an image grid: RTSTRUCT contours and DICOM SEG frames.

RTSTRUCT (DICOM PS3.3 C.8.8.6): each CLOSED_PLANAR contour of the named ROI is mapped
to the image's continuous voxel index and filled with ``skimage.draw.polygon`` (voxels
whose centre lies inside); several contours on one slice combine by even-odd (XOR),
so inner contours cut holes. DICOM SEG (PS3.3 C.8.20): each frame's pixels are placed
through its Image Position / Orientation (Patient) and Pixel Spacing; frames must lie
on the image grid. Reading uses pydicom only (no highdicom).
"""
from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pydicom
import SimpleITK as sitk
from skimage.draw import polygon

from axilla.errors import GeometryError, InputError
from axilla.io.readers import is_dicom_file

GRID_TOLERANCE_VOXELS = 0.25


def _read(path, modality: str) -> pydicom.Dataset:
    try:
        ds = pydicom.dcmread(str(path))
    except Exception as exc:  # pydicom raises several types for unreadable files
        raise InputError(f"cannot read DICOM file ({exc})", file=path,
                         fix="check that the file is a DICOM object") from None
    if ds.get("Modality") != modality:
        raise InputError(f"expected a DICOM {modality}, found modality {ds.get('Modality')!r}",
                         file=path, fix=f"pass the {modality} object")
    return ds


def _to_index(reference: sitk.Image, points_mm: np.ndarray) -> np.ndarray:
    """Continuous (x, y, z) voxel index of physical points (n, 3) on ``reference``."""
    direction = np.array(reference.GetDirection()).reshape(3, 3)
    scale = direction * np.array(reference.GetSpacing())
    return np.linalg.solve(scale, (points_mm - np.array(reference.GetOrigin())).T).T


def _empty_like(reference: sitk.Image) -> np.ndarray:
    return np.zeros(reference.GetSize()[::-1], dtype=np.uint8)


def _as_image(array: np.ndarray, reference: sitk.Image) -> sitk.Image:
    out = sitk.GetImageFromArray(array)
    out.CopyInformation(reference)
    return out


def rtstruct_roi_names(path) -> list[str]:
    """Names of the ROIs in an RTSTRUCT file."""
    return [str(item.ROIName) for item in _read(path, "RTSTRUCT").StructureSetROISequence]


def read_rtstruct(path, reference: sitk.Image, roi_name: str) -> sitk.Image:
    """The ROI named ``roi_name`` rasterised onto ``reference``'s grid (UInt8 0/1)."""
    ds = _read(path, "RTSTRUCT")
    numbers = {str(item.ROIName): int(item.ROINumber) for item in ds.StructureSetROISequence}
    if roi_name not in numbers:
        close = difflib.get_close_matches(roi_name, numbers, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise InputError(f"no ROI named '{roi_name}'{hint}", file=path,
                         fix=f"use one of: {', '.join(numbers)}")
    contours = [c for item in ds.ROIContourSequence
                if int(item.ReferencedROINumber) == numbers[roi_name]
                for c in item.get("ContourSequence", [])]
    array = _empty_like(reference)
    for contour in contours:
        kind = contour.get("ContourGeometricType", "CLOSED_PLANAR")
        if kind != "CLOSED_PLANAR":
            raise InputError(f"ROI '{roi_name}' holds a {kind} contour; only CLOSED_PLANAR "
                             "contours enclose voxels", file=path, fix="export closed contours")
        index = _to_index(reference, np.asarray(contour.ContourData, float).reshape(-1, 3))
        array[_contour_slice(index, array.shape[0], path, roi_name)] ^= _fill(index, array.shape[1:])
    if not array.any():
        raise InputError(f"ROI '{roi_name}' covers no voxel of the image", file=path,
                         fix="check that the RTSTRUCT belongs to this image series")
    return _as_image(array, reference)


def _contour_slice(index: np.ndarray, n_slices: int, path, roi_name: str) -> int:
    k = np.round(index[:, 2])
    if np.ptp(index[:, 2]) > 2 * GRID_TOLERANCE_VOXELS or abs(index[0, 2] - k[0]) > GRID_TOLERANCE_VOXELS:
        raise GeometryError(f"a contour of ROI '{roi_name}' does not lie in one image slice",
                            file=path, fix="rasterise onto the series the RTSTRUCT was drawn on")
    if not 0 <= k[0] < n_slices:
        raise GeometryError(f"a contour of ROI '{roi_name}' lies outside the image slices",
                            file=path, fix="rasterise onto the series the RTSTRUCT was drawn on")
    return int(k[0])


def _fill(index: np.ndarray, plane_shape) -> np.ndarray:
    plane = np.zeros(plane_shape, dtype=np.uint8)
    rows, cols = polygon(index[:, 1], index[:, 0], shape=plane_shape)
    plane[rows, cols] = 1
    return plane


def dicom_seg_segments(path) -> dict[int, str]:
    """Segment number -> label of a DICOM SEG file."""
    ds = _read(path, "SEG")
    return {int(s.SegmentNumber): str(s.get("SegmentLabel", "")) for s in ds.SegmentSequence}


def _frame_attribute(ds: pydicom.Dataset, frame: pydicom.Dataset, sequence: str):
    """A functional-group item: per-frame if present, else shared."""
    if sequence in frame:
        return frame[sequence][0]
    shared = ds.get("SharedFunctionalGroupsSequence")
    if shared and sequence in shared[0]:
        return shared[0][sequence][0]
    raise InputError(f"DICOM SEG lacks {sequence}", fix="re-export the segmentation")


def read_dicom_seg(path, reference: sitk.Image, segment: int | None = None) -> sitk.Image:
    """A DICOM SEG on ``reference``'s grid: a 0/1 mask of ``segment``, or with
    ``segment=None`` a label image holding each segment's number (overlaps are an error)."""
    ds = _read(path, "SEG")
    numbers = dicom_seg_segments(path)
    if segment is not None and segment not in numbers:
        raise InputError(f"no segment {segment} in the SEG", file=path,
                         fix=f"use one of {sorted(numbers)}")
    pixels = ds.pixel_array.reshape(int(ds.get("NumberOfFrames", 1)), ds.Rows, ds.Columns)
    if ds.get("SegmentationType") == "FRACTIONAL":
        pixels = pixels >= 0.5 * float(ds.MaximumFractionalValue)
    array = _empty_like(reference)
    for frame_pixels, frame in zip(pixels, ds.PerFrameFunctionalGroupsSequence):
        number = int(frame.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        if segment is not None and number != segment:
            continue
        voxels = _frame_voxels(ds, frame, np.argwhere(frame_pixels), reference, path)
        target = array[voxels[:, 2], voxels[:, 1], voxels[:, 0]]
        if segment is None and (target != 0).any() and (target != number).any():
            raise InputError("segments overlap, so one label image cannot hold them", file=path,
                             fix="read one segment at a time with segment=<number>")
        array[voxels[:, 2], voxels[:, 1], voxels[:, 0]] = 1 if segment is not None else number
    return _as_image(array, reference)


def _frame_voxels(ds, frame, rows_cols: np.ndarray, reference: sitk.Image, path) -> np.ndarray:
    """Integer (x, y, z) reference indices of a frame's foreground pixels (row, col)."""
    orientation = np.asarray(_frame_attribute(ds, frame, "PlaneOrientationSequence")
                             .ImageOrientationPatient, float)
    position = np.asarray(_frame_attribute(ds, frame, "PlanePositionSequence")
                          .ImagePositionPatient, float)
    row_spacing, col_spacing = (float(v) for v in _frame_attribute(
        ds, frame, "PixelMeasuresSequence").PixelSpacing)
    points = (position + np.outer(rows_cols[:, 1] * col_spacing, orientation[:3])
              + np.outer(rows_cols[:, 0] * row_spacing, orientation[3:]))
    index = _to_index(reference, points)
    rounded = np.round(index).astype(int)
    if len(index) and np.abs(index - rounded).max() > GRID_TOLERANCE_VOXELS:
        raise GeometryError("DICOM SEG frames do not lie on the image grid", file=path,
                            fix="resample the segmentation onto the image, or read it with "
                                "the series it was drawn on")
    inside = np.all((rounded >= 0) & (rounded < np.array(reference.GetSize())), axis=1)
    if not inside.all():
        raise GeometryError("DICOM SEG pixels fall outside the image", file=path,
                            fix="read it with the series it was drawn on")
    return rounded


def mask_modality(path) -> str | None:
    """"RTSTRUCT" or "SEG" for a DICOM mask file, None for anything else."""
    path = Path(path)
    if not path.is_file() or not is_dicom_file(path):
        return None
    modality = pydicom.dcmread(str(path), stop_before_pixels=True,
                               specific_tags=["Modality"]).get("Modality")
    return modality if modality in ("RTSTRUCT", "SEG") else None


def read_dicom_mask(path, reference: sitk.Image, roi: str | int | None = None) -> sitk.Image:
    """RTSTRUCT (``roi`` is a name) or SEG (``roi`` is a segment number), by modality."""
    if mask_modality(path) == "RTSTRUCT":
        if not isinstance(roi, str):
            raise InputError("an RTSTRUCT needs the ROI name", file=Path(path),
                             fix=f"pass one of: {', '.join(rtstruct_roi_names(path))}")
        return read_rtstruct(path, reference, roi)
    return read_dicom_seg(path, reference, None if roi is None else int(roi))
