"""User mistakes reach the texture families as typed errors that name the fix."""
from __future__ import annotations

import numpy as np
import pytest

from axilla.errors import InputError, SettingsError
from axilla.features import glcm, gldm, glrlm, glszm, ngtdm

FAMILIES = (glcm, glrlm, glszm, gldm, ngtdm)
GREY = np.array([[[1, 2], [2, 1]]], dtype=np.int32)
MASK = np.ones(GREY.shape, dtype=bool)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.__name__.rsplit(".", 1)[1])
@pytest.mark.parametrize(("grey", "mask", "words"), [
    (GREY - 1, MASK, "outside 1.."),  # level 0 inside the mask: not discretised
    (GREY.astype(float), MASK, "integers"),
    (GREY, MASK[:, :1], "one shape"),
    (GREY, np.zeros_like(MASK), "empty"),
    (GREY[0], MASK[0], "3D"),
])
def test_bad_input(family, grey, mask, words):
    with pytest.raises(InputError, match=words) as caught:
        family.compute(grey, mask, (1.0, 1.0, 1.0), {})
    assert caught.value.fix


@pytest.mark.parametrize(("family", "settings", "words"), [
    (glcm, {"weightingNorm": "chebyshev"}, "weightingNorm"),
    (glrlm, {"weightingNorm": "chebyshev"}, "weightingNorm"),
    (glcm, {"distances": [0]}, "distances"),
    (gldm, {"distances": [1.5]}, "distances"),
    (ngtdm, {"distances": []}, "distances"),
    (glszm, {"force2D": True, "force2Ddimension": 3}, "force2Ddimension"),
])
def test_bad_settings(family, settings, words):
    with pytest.raises(SettingsError, match=words) as caught:
        family.compute(GREY, MASK, (1.0, 1.0, 1.0), settings)
    assert caught.value.fix
