"""A cheap check of one manifest case before any extraction, for ``axilla validate``.

It finds what :func:`axilla.io.case.load_case` would refuse, reading as little as it
can: a NIfTI, NRRD or MetaImage image only as far as its header (its grid, and for NIfTI
the readers' check that the file is whole), the mask in full (its labels and voxels).
The mask must hold the case's label, must not be empty and must lie on the image's grid
(or be resampled onto it, with ``alignment="resample"``), as ``load_case`` checks them.
Images without a separate header (DICOM, PNG/JPEG) and DICOM RTSTRUCT/SEG masks, which
are drawn on the image itself, are loaded whole by ``load_case``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import SimpleITK as sitk

from axilla.errors import AxillaError, InputError
from axilla.io.case import Case, load_case
from axilla.io.dicom_masks import mask_modality
from axilla.io.masks import align_mask, require_integer_labels, select_label
from axilla.io.problems import Problem
from axilla.io.readers import VOLUME_SUFFIXES, read_image, require_complete_nifti, suffix_of


def case_problems(cases: list[Case], *, alignment: str = "strict", voi_lut: bool = False
                  ) -> list[tuple[Case, Problem]]:
    """:func:`case_problem` of every case; a file that several cases of a patient share
    (one mask holding several labels, one image with several ROIs) is read once."""
    grid, mask = lru_cache(maxsize=16)(image_grid), lru_cache(maxsize=16)(read_image)
    found = []
    for case in cases:
        problem = case_problem(case, alignment=alignment, voi_lut=voi_lut,
                               read_grid=grid, read_mask=mask)
        if problem is not None:
            found.append((case, problem))
    return found


def case_problem(case: Case, *, alignment: str = "strict", voi_lut: bool = False,
                 read_grid=None, read_mask=None) -> Problem | None:
    """What keeps this case from being loaded, or None when it loads. ``read_grid`` and
    ``read_mask`` stand in for :func:`image_grid` and :func:`read_image` (to share reads)."""
    read_grid, read_mask = read_grid or image_grid, read_mask or read_image
    try:
        if _has_header(case.image) and mask_modality(case.mask) is None:
            grid = read_grid(case.image, patient=case.patient_id)
            mask = read_mask(case.mask, patient=case.patient_id, spacing=case.spacing)
            require_integer_labels(mask, patient=case.patient_id, file=case.mask)
            mask = select_label(mask, case.label, patient=case.patient_id, file=case.mask)
            align_mask(grid, mask, alignment=alignment, patient=case.patient_id,
                       file=case.mask)
        else:
            load_case(case, alignment=alignment, voi_lut=voi_lut)
    except AxillaError as exc:
        return Problem(f"patient {case.patient_id}",
                       f"{exc.file or case.image}: {exc.message} (sequence '{case.sequence}', "
                       f"ROI '{case.roi}'); the run would leave this case out",
                       exc.fix or "fix or remove the case")
    except Exception as exc:  # as cohort extraction records it: one case, never fatal
        return Problem(f"patient {case.patient_id}",
                       f"{case.image}: {type(exc).__name__}: {exc} (sequence "
                       f"'{case.sequence}', ROI '{case.roi}'); the run would leave this case out",
                       "load this case alone with `axilla features --debug` to see why")
    return None


def _has_header(path: str) -> bool:
    path = Path(path)
    return path.is_file() and suffix_of(path) in VOLUME_SUFFIXES


def image_grid(path, *, patient: str | None = None) -> sitk.Image:
    """An empty UInt8 image on the grid of the image file at ``path``, from its header."""
    path = Path(path)
    reader = sitk.ImageFileReader()
    reader.SetFileName(str(path))
    try:
        reader.ReadImageInformation()
    except RuntimeError as exc:
        raise InputError(f"cannot be read ({str(exc).strip()[:200]})", patient=patient,
                          file=path, fix="check that the file is complete and in a "
                                         "supported format") from exc
    require_complete_nifti(path, reader, patient)
    grid = sitk.Image(reader.GetSize(), sitk.sitkUInt8)
    grid.SetSpacing(reader.GetSpacing())
    grid.SetOrigin(reader.GetOrigin())
    grid.SetDirection(reader.GetDirection())
    return grid
