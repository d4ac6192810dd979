"""A manifest row can point at a DICOM series and an RTSTRUCT (the IBSI CT phantom)."""
from __future__ import annotations

import numpy as np
import SimpleITK as sitk

from axilla.io import Case, load_case
from tests.helpers import shared_path


def test_series_and_rtstruct_case_matches_the_nifti_mask():
    root = shared_path("data", "ibsi", "ibsi1", "ct_radiomics_phantom")
    case = Case("PAT1", str(root / "dicom" / "image"),
                str(root / "dicom" / "mask" / "DCM_RS_00060.dcm"), roi="GTV-1")
    image, mask = load_case(case)
    reference = sitk.ReadImage(str(root / "nifti" / "mask" / "mask.nii.gz"))
    ours = sitk.GetArrayFromImage(mask).astype(bool)
    theirs = sitk.GetArrayFromImage(reference).astype(bool)
    assert image.GetSize() == (204, 201, 60) and ours.shape == theirs.shape
    dice = 2 * (ours & theirs).sum() / (ours.sum() + theirs.sum())
    assert dice > 0.99  # the preprocess tests show 1.0 voxel for voxel on this phantom
    np.testing.assert_allclose(image.GetSpacing(), reference.GetSpacing(), rtol=1e-4)
