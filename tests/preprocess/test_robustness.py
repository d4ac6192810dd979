"""ICC against pingouin's numbers, Dice by hand, mask perturbations."""
import numpy as np
import pandas as pd
import pytest
import SimpleITK as sitk

from axilla.errors import SettingsError, StatsError
from axilla.preprocess.robustness import (
    dice, dilate_mask, erode_mask, feature_icc_table, icc, perturbed_masks, randomise_contour,
    translate_mask)
from tests.preprocess.icc_reference import (
    SHROUT_FLEISS, SHROUT_FLEISS_PINGOUIN, TWO_READERS, TWO_READERS_PINGOUIN)
from tests.preprocess.phantoms import image_from_array, sphere_mask

CASES = [(SHROUT_FLEISS, kind, ref) for kind, ref in SHROUT_FLEISS_PINGOUIN.items()] + \
        [(TWO_READERS, kind, ref) for kind, ref in TWO_READERS_PINGOUIN.items()]


@pytest.mark.parametrize("table, kind, ref", CASES,
                         ids=[f"{t.shape[1]}raters-{k}" for t, k, _ in CASES])
def test_icc_matches_pingouin(table, kind, ref):
    result = icc(table, kind)
    value, f_value, pvalue, (low, high) = ref
    assert result.icc == pytest.approx(value, abs=1e-6)  # the brief's 1e-6 against pingouin
    assert result.f == pytest.approx(f_value, abs=1e-6)
    assert result.pvalue == pytest.approx(pvalue, rel=1e-6)
    # pingouin rounds CI95 to 2 decimals, so agreement is to half a unit of the last digit
    assert result.ci_low == pytest.approx(low, abs=0.005 + 1e-9)
    assert result.ci_high == pytest.approx(high, abs=0.005 + 1e-9)


def test_icc_matches_shrout_fleiss_printed_table():
    # Shrout & Fleiss (1979), Table 4: ICC(1,1)=.17, (2,1)=.29, (3,1)=.71, (1,k)=.44, (2,k)=.62, (3,k)=.91
    printed = {"ICC(1,1)": 0.17, "ICC(2,1)": 0.29, "ICC(3,1)": 0.71,
               "ICC(1,k)": 0.44, "ICC(2,k)": 0.62, "ICC(3,k)": 0.91}
    for kind, value in printed.items():
        assert icc(SHROUT_FLEISS, kind).icc == pytest.approx(value, abs=0.005)


def test_icc_aliases_and_errors():
    assert icc(SHROUT_FLEISS, "ICC(A,1)").icc == icc(SHROUT_FLEISS, "ICC(2,1)").icc
    with pytest.raises(SettingsError, match="ICC kind"):
        icc(SHROUT_FLEISS, "ICC(4,1)")
    with pytest.raises(StatsError, match="same value"):
        icc(np.ones((4, 2)))
    with pytest.raises(StatsError, match="missing"):
        icc([[1, 2], [np.nan, 3]])


def test_feature_icc_table_aligns_cases_and_reports_constant_features():
    reader_a = pd.DataFrame({"f1": TWO_READERS[:, 0], "const": 1.0}, index=[f"P{i}" for i in range(8)])
    reader_b = pd.DataFrame({"f1": TWO_READERS[::-1, 1], "const": 1.0},
                            index=[f"P{i}" for i in range(8)][::-1])
    table = feature_icc_table([reader_a, reader_b], "ICC(3,1)")
    assert table.loc["f1", "icc"] == pytest.approx(TWO_READERS_PINGOUIN["ICC(3,1)"][0], abs=1e-6)
    assert np.isnan(table.loc["const", "icc"]) and "same value" in table.loc["const", "reason"]


def test_dice_by_hand():
    a = image_from_array(np.array([[[1, 1, 0, 0]]], np.uint8), (1, 1, 1))
    b = image_from_array(np.array([[[0, 1, 1, 1]]], np.uint8), (1, 1, 1))
    assert dice(a, b) == pytest.approx(2 * 1 / (2 + 3))


def test_perturbations_change_volume_in_the_expected_direction():
    mask = sphere_mask((20, 20, 20), (1, 1, 1), 6)
    volume = sitk.GetArrayViewFromImage(mask).sum()
    assert sitk.GetArrayFromImage(erode_mask(mask)).sum() < volume
    assert sitk.GetArrayFromImage(dilate_mask(mask)).sum() > volume
    shifted = sitk.GetArrayFromImage(translate_mask(mask, [2.0, 0, 0]))
    assert np.array_equal(shifted[:, :, 2:], sitk.GetArrayViewFromImage(mask)[:, :, :-2])
    masks = perturbed_masks(mask, random_state=7)
    assert set(masks) == {"erode1", "dilate1", "shift_x", "shift_y", "shift_z", "random1", "random2"}
    for perturbed in masks.values():
        assert 0.6 < dice(mask, perturbed) < 1.0


def test_contour_randomisation_is_seeded():
    mask = sphere_mask((20, 20, 20), (1, 1, 1), 6)
    first = sitk.GetArrayFromImage(randomise_contour(mask, random_state=3))
    again = sitk.GetArrayFromImage(randomise_contour(mask, random_state=3))
    other = sitk.GetArrayFromImage(randomise_contour(mask, random_state=4))
    assert np.array_equal(first, again) and not np.array_equal(first, other)
