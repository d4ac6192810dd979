"""Image readers: NIfTI, NRRD, MHA/MHD, DICOM series, 2D DICOM, PNG/JPEG.

Every reader returns a SimpleITK image. 2D inputs (mammograms, ultrasound frames) come
back as 3D images with one slice, so the rest of Axilla sees one geometry model;
extraction settings for 2D studies use ``force2D: true``. Format parsing is SimpleITK's
and pydicom's; nothing here parses a file format by hand.

Where ITK would return wrong voxels without an error, reading is refused: a NIfTI file
shorter than its header says (read as zeros), a DICOM series with uneven slice gaps
(stacked with the mean gap), a folder holding several series (one picked).
"""
from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import SimpleITK as sitk

from axilla.errors import InputError

VOLUME_SUFFIXES = (".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd")
PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
DICOM_SUFFIXES = (".dcm", ".dicom", ".ima")
GZIP_MAGIC = b"\x1f\x8b"


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
            return read_with_itk(path, patient=patient)
    except InputError:
        raise
    except Exception as exc:  # a corrupt or unreadable file: say which
        raise InputError(f"cannot be read ({type(exc).__name__}: {str(exc).strip()[:200]})",
                         patient=patient, file=path,
                         fix="check that the file is complete and in a supported format") from exc
    raise InputError(f"unsupported file type '{suffix}'", patient=patient, file=path,
                     fix="use NIfTI, NRRD, MHA/MHD, a DICOM file or folder, PNG or JPEG")


def read_with_itk(path, *, patient: str | None = None) -> sitk.Image:
    """``sitk.ReadImage``, refusing a NIfTI file whose voxel data is cut short.

    ITK's NIfTI reader fills the voxels missing from a truncated file (a cut copy or an
    interrupted download) with zeros and raises nothing; NRRD and MetaImage readers do
    raise. The NIfTI header gives the length the file must have (see
    :func:`_nifti_length`).
    """
    path = Path(path)
    reader = sitk.ImageFileReader()
    reader.SetFileName(str(path))
    if suffix_of(path) in (".nii", ".nii.gz"):   # other formats: no second header read
        reader.ReadImageInformation()
        require_complete_nifti(path, reader, patient)
    return reader.Execute()


def require_complete_nifti(path: Path, reader: sitk.ImageFileReader,
                           patient: str | None = None) -> None:
    """Refuse a .nii/.nii.gz file shorter than the header ``reader`` has read says; any
    other format passes."""
    if suffix_of(path) in (".nii", ".nii.gz"):
        _require_whole_nifti(path, _nifti_length(reader), patient)


def _nifti_length(reader: sitk.ImageFileReader) -> int:
    """Bytes of a NIfTI-1/-2 file up to its last voxel: ``vox_offset`` + voxels x
    ``bitpix`` / 8, with ``dim[1..dim[0]]`` the voxels per axis (nifti1.h, nifti2.h)."""
    def tag(key):
        return float(reader.GetMetaData(key))

    voxels = int(np.prod([tag(f"dim[{k}]") for k in range(1, int(tag("dim[0]")) + 1)]))
    return int(tag("vox_offset")) + voxels * int(tag("bitpix")) // 8


def _require_whole_nifti(path: Path, expected: int, patient: str | None) -> None:
    """A .nii must be ``expected`` bytes long; a gzipped one must decompress to that many.

    The gzip trailer's ISIZE (RFC 1952 2.3.1: the uncompressed length modulo 2^32) is
    read first; when it does not match (a cut file ends inside the compressed data, so
    its last four bytes are arbitrary), the whole stream is decompressed and counted.
    """
    with open(path, "rb") as handle:
        compressed = handle.read(2) == GZIP_MAGIC
        if compressed:
            handle.seek(-4, 2)
            if int.from_bytes(handle.read(4), "little") == expected % 2**32:
                return
    found, ended = _gunzipped_length(path) if compressed else (path.stat().st_size, True)
    if ended and found >= expected:
        return
    how = "the compressed stream breaks off" if not ended else "the data stops"
    raise InputError(f"the file is incomplete: its header announces {expected:,} bytes and "
                     f"{how} after {found:,} (a cut copy or an interrupted download; read "
                     "as it is, the missing voxels would be zeros)", patient=patient,
                     file=path, fix="copy the file again from its source and compare its size "
                                    "or checksum with the original")


def _gunzipped_length(path: Path) -> tuple[int, bool]:
    """Decompressed bytes of a gzip file (all members), and whether its stream ended."""
    stream, found = zlib.decompressobj(wbits=31), 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 22):
                found += len(stream.decompress(chunk))
                while stream.eof and stream.unused_data:  # another gzip member follows
                    rest, stream = stream.unused_data, zlib.decompressobj(wbits=31)
                    found += len(stream.decompress(rest))
    except zlib.error:
        return found, False
    return found, stream.eof


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
    reader.MetaDataDictionaryArrayUpdateOn()  # each slice's tags, parsed while reading
    image = reader.Execute()
    _require_even_slices(reader, files, folder, patient)
    return image


#: Largest departure of one slice gap from the median gap, as a fraction of it. Positions
#: are decimal strings (DICOM DS), often rounded to 0.01 mm, hence not a tighter value.
SLICE_GAP_TOLERANCE = 0.01
POSITION_TAG, ORIENTATION_TAG = "0020|0032", "0020|0037"  # Image Position/Orientation (Patient)


def _require_even_slices(reader: sitk.ImageSeriesReader, files, folder: Path,
                         patient: str | None) -> None:
    """Refuse a series whose slices are not evenly spaced (a missing or repeated slice).

    ITK stacks the files with one spacing, the mean gap, whatever the gaps are. Each
    slice's position is its ImagePositionPatient projected on the slice normal, the
    cross product of the ImageOrientationPatient row and column cosines (DICOM PS3.3
    C.7.6.2.1.1); every gap must be within :data:`SLICE_GAP_TOLERANCE` of the median gap.
    """
    slices = range(len(files))
    if len(files) < 3 or not all(reader.HasMetaDataKey(k, POSITION_TAG) for k in slices) \
            or not reader.HasMetaDataKey(0, ORIENTATION_TAG):
        return  # no geometry to check: GDCM has ordered the files by other tags

    def numbers(k, tag):
        return np.array([float(v) for v in reader.GetMetaData(k, tag).split("\\")])

    cosines = numbers(0, ORIENTATION_TAG)
    normal = np.cross(cosines[:3], cosines[3:])
    positions = np.array([np.dot(normal, numbers(k, POSITION_TAG)) for k in slices])
    gaps = np.diff(positions)
    typical = float(np.median(gaps))
    uneven = np.flatnonzero((np.abs(gaps - typical) > SLICE_GAP_TOLERANCE * abs(typical))
                            | (gaps == 0))
    if len(uneven):
        k = int(uneven[0])
        raise InputError(
            f"the series' slices are not evenly spaced: {len(uneven)} of {len(gaps)} gaps are "
            f"0 or differ from the median gap ({abs(typical):.4g} mm) by more than "
            f"{SLICE_GAP_TOLERANCE:.0%}, the first {abs(gaps[k]):.4g} mm between the slices at "
            f"{positions[k]:.4g} and {positions[k + 1]:.4g} mm ({Path(files[k]).name}, "
            f"{Path(files[k + 1]).name})", patient=patient, file=folder,
            fix="a slice is missing or repeated, or the folder mixes several volumes: export "
                "the complete series again, one volume per folder")


def _choose_series(folder: Path, uids: list[str], series: str | None,
                   patient: str | None) -> str:
    if series is None:
        if len(uids) == 1:
            return uids[0]
        described = {uid: _series_description(folder, uid) for uid in uids}
        raise InputError(f"the folder holds {len(uids)} DICOM series", patient=patient,
                         file=folder,
                         fix="choose one: put its SeriesInstanceUID (or its description, "
                             "when unique) in the manifest's 'series' column, or give a folder "
                             "holding that series alone; the series are "
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
