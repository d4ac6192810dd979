"""Image readers: NIfTI, NRRD, MHA/MHD, DICOM series, 2D DICOM, PNG/JPEG.

Every reader returns a SimpleITK image. 2D inputs (mammograms, ultrasound frames) come
back as 3D images with one slice, so the rest of Axilla sees one geometry model;
extraction settings for 2D studies use ``force2D: true``. Format parsing is SimpleITK's
and pydicom's; nothing here parses a file format by hand.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import SimpleITK as sitk

from axilla.errors import InputError

VOLUME_SUFFIXES = (".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd")
PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
DICOM_SUFFIXES = (".dcm", ".dicom", ".ima")


def suffix_of(path: Path) -> str:
    """The lower-case file suffix, with ``.nii.gz`` kept whole."""
    name = path.name.lower()
    return ".nii.gz" if name.endswith(".nii.gz") else path.suffix.lower()


def read_image(path, *, patient: str | None = None, series: str | None = None,
               spacing: tuple[float, float] | None = None, voi_lut: bool = False
               ) -> sitk.Image:
    """Read one image; ``series`` picks a DICOM series by UID or description in a folder.

    ``spacing`` (row, column in mm) is required for PNG/JPEG, which carry none, and
    overrides a 2D DICOM's own spacing when given. ``voi_lut`` applies the DICOM VOI LUT
    (or window) of a 2D DICOM before returning it.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", patient=patient, file=path,
                         fix="check the path in the manifest (relative paths are read "
                             "from the manifest's folder)")
    try:
        if path.is_dir():
            return read_dicom_series(path, series=series, patient=patient)
        suffix = suffix_of(path)
        if suffix in PHOTO_SUFFIXES:
            return read_photo(path, spacing=spacing, patient=patient)
        if suffix in DICOM_SUFFIXES or (suffix == "" and is_dicom_file(path)):
            return read_dicom_2d(path, spacing=spacing, voi_lut=voi_lut, patient=patient)
        if suffix in VOLUME_SUFFIXES:
            return sitk.ReadImage(str(path))
    except InputError:
        raise
    except Exception as exc:  # a corrupt or unreadable file: say which
        raise InputError(f"cannot be read ({type(exc).__name__}: {str(exc).strip()[:200]})",
                         patient=patient, file=path,
                         fix="check that the file is complete and in a supported format") from exc
    raise InputError(f"unsupported file type '{suffix}'", patient=patient, file=path,
                     fix="use NIfTI, NRRD, MHA/MHD, a DICOM file or folder, PNG or JPEG")


def is_dicom_file(path: Path) -> bool:
    """True when the file carries the DICOM preamble marker (PS3.10: "DICM" at byte 128)."""
    with open(path, "rb") as handle:
        handle.seek(128)
        return handle.read(4) == b"DICM"


def read_dicom_series(folder: Path, *, series: str | None = None,
                      patient: str | None = None) -> sitk.Image:
    """A 3D DICOM series from a folder, slices sorted by ImagePositionPatient (GDCM).

    A folder with several series needs ``series``: a SeriesInstanceUID or a
    SeriesDescription.
    """
    reader = sitk.ImageSeriesReader()
    uids = list(reader.GetGDCMSeriesIDs(str(folder)))
    if not uids:
        raise InputError("no DICOM series found in the folder", patient=patient, file=folder,
                         fix="point the manifest at the folder holding the series' .dcm files")
    chosen = _choose_series(folder, uids, series, patient)
    files = reader.GetGDCMSeriesFileNames(str(folder), chosen)
    reader.SetFileNames(files)
    return reader.Execute()


def _choose_series(folder: Path, uids: list[str], series: str | None,
                   patient: str | None) -> str:
    if series is None:
        if len(uids) == 1:
            return uids[0]
        described = {uid: _series_description(folder, uid) for uid in uids}
        raise InputError(f"the folder holds {len(uids)} DICOM series", patient=patient,
                         file=folder,
                         fix="name one in the manifest's 'series' column (UID or description): "
                             + "; ".join(f"{d!r} ({u})" for u, d in described.items()))
    if series in uids:
        return series
    matches = [uid for uid in uids if _series_description(folder, uid) == series]
    if len(matches) == 1:
        return matches[0]
    raise InputError(f"series '{series}' matches {len(matches)} of the folder's series",
                     patient=patient, file=folder,
                     fix="give the SeriesInstanceUID instead of the description")


def _series_description(folder: Path, uid: str) -> str:
    import pydicom

    first = sitk.ImageSeriesReader.GetGDCMSeriesFileNames(str(folder), uid)[0]
    return str(pydicom.dcmread(first, stop_before_pixels=True).get("SeriesDescription", ""))


def read_dicom_2d(path: Path, *, spacing=None, voi_lut: bool = False,
                  patient: str | None = None) -> sitk.Image:
    """A 2D DICOM (mammogram, ultrasound frame) as a one-slice 3D image.

    MONOCHROME1 is inverted so that high values are bright; spacing comes from
    PixelSpacing, else ImagerPixelSpacing (DICOM PS3.3 C.8.11.7 for mammography);
    RGB frames are turned into luminance.
    """
    import pydicom
    from pydicom.pixels import apply_voi_lut

    ds = pydicom.dcmread(str(path))
    pixels = ds.pixel_array
    if voi_lut:
        pixels = apply_voi_lut(pixels, ds)
    pixels = np.asarray(pixels, dtype=np.float64)
    if getattr(ds, "SamplesPerPixel", 1) == 3:
        pixels = luminance(pixels)
    if pixels.ndim != 2:
        raise InputError(f"expected a single 2D frame, found an array of shape {pixels.shape}",
                         patient=patient, file=path,
                         fix="give a 3D series as a folder, or extract the frame first")
    if str(getattr(ds, "PhotometricInterpretation", "")).upper() == "MONOCHROME1":
        pixels = pixels.max() + pixels.min() - pixels
    if spacing is None:
        spacing = ds.get("PixelSpacing") or ds.get("ImagerPixelSpacing")
    if spacing is None:
        raise InputError("no PixelSpacing or ImagerPixelSpacing", patient=patient, file=path,
                         fix="give the pixel spacing in the manifest's 'spacing' column")
    return as_volume(pixels, spacing)


def read_photo(path: Path, *, spacing=None, patient: str | None = None) -> sitk.Image:
    """PNG/JPEG ultrasound as a one-slice 3D image; RGB becomes luminance."""
    if spacing is None:
        raise InputError("PNG/JPEG files carry no pixel spacing", patient=patient, file=path,
                         fix="give it in the manifest's 'spacing' column (mm per pixel, "
                             "e.g. 0.1 or '0.1 0.1')")
    image = sitk.ReadImage(str(path))
    pixels = sitk.GetArrayFromImage(image).astype(np.float64)
    if image.GetNumberOfComponentsPerPixel() >= 3:
        pixels = luminance(pixels[..., :3])
    return as_volume(pixels, spacing)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """ITU-R BT.601 luma: 0.299 R + 0.587 G + 0.114 B."""
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def as_volume(pixels: np.ndarray, spacing) -> sitk.Image:
    """A (rows, columns) array and (row, column) spacing as a one-slice 3D image."""
    row, col = _spacing_pair(spacing)
    image = sitk.GetImageFromArray(np.asarray(pixels)[np.newaxis])
    image.SetSpacing((col, row, 1.0))
    return image


def _spacing_pair(spacing) -> tuple[float, float]:
    if isinstance(spacing, str):
        spacing = [float(v) for v in spacing.replace(",", " ").split()]
    values = [float(v) for v in np.atleast_1d(spacing)]
    if len(values) == 1:
        values = values * 2
    return values[0], values[1]
