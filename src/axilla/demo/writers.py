"""Write synthetic images in the formats real studies deliver: NIfTI, 2D DICOM, PNG."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import SimpleITK as sitk


def write_nifti(array: np.ndarray, spacing_zyx, path: Path) -> Path:
    """A (z, y, x) array as NIfTI with the given spacing."""
    image = sitk.GetImageFromArray(array)
    image.SetSpacing(tuple(float(s) for s in spacing_zyx[::-1]))
    sitk.WriteImage(image, str(path), useCompression=True)
    return path


def write_mask_2d(array: np.ndarray, spacing_rc, path: Path) -> Path:
    """A 2D mask as a one-slice NIfTI on the grid of a 2D image (origin 0)."""
    return write_nifti(array[np.newaxis], (1.0, *spacing_rc), path)


def write_png(array: np.ndarray, path: Path) -> Path:
    """An 8-bit greyscale PNG (ultrasound frames carry no spacing; the manifest does)."""
    sitk.WriteImage(sitk.GetImageFromArray(np.clip(array, 0, 255).astype(np.uint8)), str(path))
    return path


def write_mammogram(array: np.ndarray, spacing_rc, path: Path, *, patient_id: str,
                    view: str, seed: int) -> Path:
    """A 2D full-field digital mammogram as DICOM, stored MONOCHROME1 (bright = low value)."""
    import pydicom
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    sop_class = "1.2.840.10008.5.1.4.1.1.1.2"  # Digital Mammography X-Ray Image - For Presentation
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[patient_id, view, str(seed)])
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientID = patient_id
    ds.Modality = "MG"
    ds.ViewPosition = view
    ds.ImagerPixelSpacing = [f"{s:.4f}" for s in spacing_rc]
    stored = (4095 - np.clip(array, 0, 4095)).astype(np.uint16)
    ds.Rows, ds.Columns = stored.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME1"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = stored.tobytes()
    pydicom.dcmwrite(str(path), ds, enforce_file_format=True)
    return path
