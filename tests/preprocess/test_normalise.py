"""z-score, clipping and Nyúl standardisation checked by hand on tiny images."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import InputError, SettingsError
from axilla.preprocess.normalise import NyulStandardiser, clip_percentiles, zscore
from tests.preprocess.phantoms import image_from_array


def img(values):
    return image_from_array(np.asarray(values, np.float32).reshape(1, 1, -1), (1, 1, 1))


def arr(image):
    return sitk.GetArrayFromImage(image).ravel()


def test_zscore_over_mask_by_hand():
    image = img([1, 3, 5, 100])
    mask = img([1, 1, 1, 0])
    # over the mask: mean 3, population sd sqrt(8/3)
    expected = 2 * (np.array([1, 3, 5, 100]) - 3) / np.sqrt(8 / 3)
    assert arr(zscore(image, mask, scale=2)) == pytest.approx(expected, rel=1e-6)
    with pytest.raises(InputError, match="constant"):
        zscore(img([4, 4, 4]))


def test_clip_percentiles_by_hand():
    image = img(np.arange(101))
    # numpy linear percentiles of 0..100 are the values themselves
    assert arr(clip_percentiles(image, lower=5, upper=90)) == pytest.approx(np.clip(np.arange(101), 5, 90))
    with pytest.raises(SettingsError, match="percentiles"):
        clip_percentiles(image, lower=50, upper=10)


def test_nyul_maps_linear_rescalings_onto_one_scale():
    base = np.arange(101, dtype=float)
    standardiser = NyulStandardiser().fit([img(base), img(2 * base + 10)])
    # landmarks of 0..100 are 1, 10, ..., 90, 99; on [0, 100]: (p - 1) * 100 / 98
    expected = (np.array([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99]) - 1) * 100 / 98
    assert standardiser.landmarks_ == pytest.approx(expected)
    a = arr(standardiser.transform(img(base)))
    b = arr(standardiser.transform(img(3 * base - 7)))
    assert a == pytest.approx(b, abs=1e-4)
    # value 50 -> 50 (a landmark); value 0 -> extends the first segment: -1 * 100 / 98
    assert a[50] == pytest.approx(4900 / 98, rel=1e-6) and a[0] == pytest.approx(-100 / 98, rel=1e-5)
    again = NyulStandardiser.from_dict(standardiser.to_dict())
    assert arr(again.transform(img(base))) == pytest.approx(a)


def test_nyul_must_be_fitted_and_valid():
    with pytest.raises(SettingsError, match="not fitted"):
        NyulStandardiser().transform(img([1, 2, 3]))
    with pytest.raises(SettingsError, match="percentiles"):
        NyulStandardiser(percentiles=(50, 10))
