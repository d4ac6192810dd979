"""N4 removes a known multiplicative bias from a homogeneous phantom."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import InputError, SettingsError
from axilla.preprocess.bias_field import n4_correct
from tests.preprocess.phantoms import image_from_array, physical_grid


def biased_phantom(seed):
    """A homogeneous ellipsoid (value 100, 1% noise) times a smooth linear-exponential bias."""
    shape, spacing = (24, 48, 48), (2.0, 2.0, 3.0)
    z, y, x = physical_grid(shape, spacing)
    body = (x / 40) ** 2 + (y / 40) ** 2 + (z / 30) ** 2 <= 1
    rng = np.random.default_rng(seed)
    truth = np.where(body, 100 + rng.normal(0, 1, shape), 0).astype(np.float32)
    bias = np.exp(0.3 * x / 40 + 0.2 * y / 40)     # about x1.65 across the body
    return image_from_array((truth * bias).astype(np.float32), spacing), body


def coefficient_of_variation(image, region):
    values = sitk.GetArrayViewFromImage(image)[region]
    return values.std() / values.mean()


def test_n4_halves_the_coefficient_of_variation(seed):
    biased, body = biased_phantom(seed)
    core = np.zeros_like(body)
    core[4:-4, 8:-8, 8:-8] = True
    region = body & core
    before = coefficient_of_variation(biased, region)
    corrected, field = n4_correct(biased, shrink_factor=2, iterations=50, fitting_levels=3,
                                  return_field=True)
    after = coefficient_of_variation(corrected, region)
    assert before > 0.1
    assert after <= before / 2  # brief: the CV inside a homogeneous region drops by at least half
    assert field.GetSize() == biased.GetSize()


def test_n4_refuses_negative_images_and_bad_settings(seed):
    biased, _ = biased_phantom(seed)
    with pytest.raises(InputError, match="non-negative"):
        n4_correct(biased - 50.0)
    with pytest.raises(SettingsError, match="shrink_factor"):
        n4_correct(biased, shrink_factor=0)
    with pytest.raises(SettingsError, match="fitting levels"):
        n4_correct(biased, iterations=[50, 50], fitting_levels=3)
