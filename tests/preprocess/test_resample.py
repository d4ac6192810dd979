"""Centre-aligned resampling checked on a linear ramp and a copied mask, by hand."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import SettingsError
from axilla.preprocess.resample import resample, resample_to
from tests.preprocess.phantoms import image_from_array, sphere_mask


def ramp(shape=(4, 4, 4), spacing=(2.0, 2.0, 2.0)):
    """Voxel value = physical x (mm) of its centre."""
    x = np.arange(shape[2]) * spacing[0]
    return image_from_array(np.broadcast_to(x, shape).astype(np.float32), spacing)


def test_grid_keeps_the_centre_and_linear_interpolation_reproduces_a_ramp():
    out = resample(ramp(), [1, 1, 1], "linear")
    assert out.GetSize() == (8, 8, 8)
    # old centre at 1.5 voxels * 2 mm = 3 mm; new origin = 3 - 3.5 * 1 mm = -0.5 mm
    assert out.GetOrigin() == pytest.approx((-0.5, -0.5, -0.5))
    values = sitk.GetArrayFromImage(out)[4, 4]
    x = -0.5 + np.arange(8)
    inside = (x >= 0) & (x <= 6)   # within the old voxel centres, linear is exact
    assert values[inside] == pytest.approx(x[inside], abs=1e-5)


def test_none_keeps_an_axis_and_bad_settings_fail():
    out = resample(ramp(), [1, None, 4], "nearest")
    assert out.GetSpacing() == (1.0, 2.0, 4.0) and out.GetSize() == (8, 4, 2)
    with pytest.raises(SettingsError, match="interpolator"):
        resample(ramp(), [1, 1, 1], "cubic")
    with pytest.raises(SettingsError, match="one spacing per axis"):
        resample(ramp(), [1, 1])
    with pytest.raises(SettingsError, match="positive"):
        resample(ramp(), [1, 0, 1])


def test_mask_copied_to_another_sequence_grid():
    # a tumour drawn on a T1 grid, copied onto a coarser, shifted T2 grid of the same space
    t1_mask = sphere_mask((30, 60, 60), (0.5, 0.5, 1.0), 8.0)
    t2 = sitk.Image(30, 30, 10, sitk.sitkFloat32)
    t2.SetSpacing((1.0, 1.0, 3.0))
    t2.SetOrigin((0.25, 0.25, 1.0))
    copied = resample_to(t1_mask, t2, is_mask=True)
    assert copied.GetPixelID() == sitk.sitkUInt8 and copied.GetSize() == (30, 30, 10)
    volume = sitk.GetArrayFromImage(copied).sum() * 3.0
    # the 0.5 partial-volume threshold keeps the volume of a sphere (4/3 pi 8^3 = 2145 mm3)
    # to within a coarse voxel layer: 10%
    assert volume == pytest.approx(4 / 3 * np.pi * 8 ** 3, rel=0.10)
