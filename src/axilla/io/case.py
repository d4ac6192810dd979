"""Load one case (image + ROI) as the manifest describes it."""
from __future__ import annotations

from dataclasses import dataclass

import SimpleITK as sitk

from axilla.io.dicom_masks import mask_modality, read_dicom_mask
from axilla.io.masks import align_mask, require_integer_labels, select_label
from axilla.io.readers import read_image


@dataclass(frozen=True)
class Case:
    """One row of the manifest: one image and one ROI of one patient."""

    patient_id: str
    image: str
    mask: str
    cohort: str = ""
    sequence: str = "image"
    roi: str = "roi"
    label: int | None = None
    spacing: str | None = None
    series: str | None = None


def load_case(case: Case, *, alignment: str = "strict", tolerance: float = 1e-3,
              voi_lut: bool = False) -> tuple[sitk.Image, sitk.Image]:
    """Image and binary UInt8 mask on the image grid, or an error naming the file and fix.

    The mask may also be a DICOM RTSTRUCT (the manifest's ``roi`` names the structure) or
    a DICOM SEG (``label`` is the segment number), drawn onto the image grid.
    """
    image = read_image(case.image, patient=case.patient_id, series=case.series,
                       spacing=case.spacing, voi_lut=voi_lut)
    modality = mask_modality(case.mask)
    if modality is not None:  # RTSTRUCT by ROI name, SEG by segment (label) number
        roi = case.roi if modality == "RTSTRUCT" else case.label
        mask = read_dicom_mask(case.mask, image, roi)
        return image, select_label(mask, None, patient=case.patient_id, file=case.mask)
    mask = read_image(case.mask, patient=case.patient_id, spacing=case.spacing)
    require_integer_labels(mask, patient=case.patient_id, file=case.mask)
    mask = select_label(mask, case.label, patient=case.patient_id, file=case.mask)
    mask = align_mask(image, mask, tolerance=tolerance, alignment=alignment,
                      patient=case.patient_id, file=case.mask)
    return image, mask
