"""DCE phase selection and kinetic maps on a two-voxel series computed by hand."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError, SettingsError
from axilla.preprocess.dce import kinetic_maps, phase_list, select_phase, subtract
from tests.preprocess.phantoms import image_from_array

TIMES = [0.0, 60.0, 120.0, 240.0]
# voxel 0: enhances, peaks at 120 s, washes out; voxel 1: never enhances
CURVES = np.array([[100, 200, 250, 220], [100, 100, 100, 100]], np.float32)


def phases():
    return [image_from_array(CURVES[:, t].reshape(1, 1, 2), (0.7, 0.7, 2.0)) for t in range(4)]


def values(image):
    return sitk.GetArrayFromImage(image).ravel()


def test_kinetic_maps_by_hand():
    maps = kinetic_maps(phases(), TIMES, pre=0, early=1, late=-1)
    assert values(maps["wash_in"]) == pytest.approx([150 / 120, 0.0])
    assert values(maps["wash_out"]) == pytest.approx([30 / 120, 0.0])
    assert values(maps["time_to_peak"]) == pytest.approx([120.0, 60.0])  # flat curve: first post phase
    assert values(maps["ser"]) == pytest.approx([100 / 120, 0.0])         # undefined ratio -> 0, documented
    assert values(maps["initial_enhancement"]) == pytest.approx([100.0, 0.0])


def test_select_phase_by_index_time_and_4d():
    series = phases()
    assert values(select_phase(series, index=2)) == pytest.approx(CURVES[:, 2])
    assert values(select_phase(series, time=120.2, times=TIMES)) == pytest.approx(CURVES[:, 2])
    four_d = sitk.JoinSeries(series)
    assert len(phase_list(four_d)) == 4
    assert values(select_phase(four_d, index=3)) == pytest.approx(CURVES[:, 3])
    assert values(subtract(series[2], series[0])) == pytest.approx([150, 0])
    with pytest.raises(InputError, match="no phase acquired"):
        select_phase(series, time=90, times=TIMES)
    with pytest.raises(InputError, match="does not exist"):
        select_phase(series, index=9)
    with pytest.raises(SettingsError, match="either"):
        select_phase(series)


def test_phases_must_share_a_grid():
    series = phases()
    series[1].SetSpacing((0.7, 0.7, 3.0))
    with pytest.raises(GeometryError, match="phase 1"):
        kinetic_maps(series, TIMES)
