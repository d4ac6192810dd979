"""The step registry: validation messages, defaults, methods sentences, a full chain."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import SettingsError
from axilla.preprocess.steps import STEPS, apply_steps, check_steps, methods_sentences
from tests.preprocess.phantoms import lesion_image

STUDY = [{"n4": {"shrink_factor": 2}}, {"resample": {"spacing": [1, 1, 2]}},
         {"zscore": {"region": "body"}}, {"largest_slice": {"axis": "z"}}, {"ring": {"mm": 3}}]


def test_defaults_are_filled_and_names_accepted_alone():
    steps = check_steps(["largest_component", {"n4": None}, {"ring": {"mm": 2.5}}])
    assert steps[0].params == {"fully_connected": True}
    assert steps[1].params == {"shrink_factor": 4, "iterations": 50, "fitting_levels": 4,
                               "convergence_threshold": 0.001}
    assert steps[2].params == {"mm": 2.5, "clip_to_body": True}


@pytest.mark.parametrize("config, message", [
    ([{"n4": {"shrink_factr": 4}}], "unknown key 'shrink_factr' in step 'n4' (did you mean 'shrink_factor'?)"),
    ([{"rign": {"mm": 3}}], "unknown preprocess step 'rign' (did you mean 'ring'?)"),
    ([{"ring": {}}], "step 'ring' needs the parameter 'mm'"),
    ([{"ring": {"mm": -1}}], "the 'mm' parameter of step 'ring' must be a number > 0; got -1"),
    ([{"n4": {"shrink_factor": 2.5}}], "'shrink_factor' parameter of step 'n4' must be an int >= 1"),
    ([{"resample": {"spacing": [1, 1]}}], "must be a list of 3 positive numbers"),
    ([{"largest_slice": {"axis": "w"}}], "must be one of 'x', 'y', 'z'; got 'w'"),
    ([{"clip": {"lower": 99, "upper": 1}}], "lower (99) must be below upper (1)"),
    ([{"ring": {"clip_to_body": "yes", "mm": 3}}], "must be true or false"),
    ({"ring": {"mm": 3}}, "must be a list of steps"),
])
def test_invalid_steps_raise_settings_error(config, message):
    with pytest.raises(SettingsError) as info:
        check_steps(config)
    assert message in str(info.value)


def test_every_step_has_a_methods_sentence():
    defaults = {"ring": {"mm": 3}, "core": {"mm": 2}, "resample": {"spacing": [1, 1, None]}}
    sentences = methods_sentences([{name: defaults.get(name, {})} for name in STEPS])
    assert len(sentences) == len(STEPS) and all(s.endswith(".") for s in sentences)
    assert sentences[list(STEPS).index("resample")] == (
        "Images were resampled to 1 × 1 × native mm voxels (bspline interpolation); masks by "
        "linear interpolation and a 0.5 partial-volume threshold.")
    assert sentences[list(STEPS).index("ring")] == (
        "A 3 mm peritumoral ring outside the lesion surface, clipped to an Otsu body mask, "
        "was used as the ROI.")
    assert methods_sentences(STUDY)[0] == (
        "N4 bias field correction (Tustison et al., 2010) was applied (shrink factor 2, 4 fitting "
        "levels of up to 50 iterations, convergence threshold 0.001, Otsu body mask).")


def test_study_chain_runs_in_order(seed):
    image, truth = lesion_image((16, 40, 40), (0.8, 0.8, 1.5), 7.0, random_state=seed)
    image = image + 200.0  # N4 needs positive intensities
    out_image, out_mask = apply_steps(image, truth, STUDY)
    assert out_image.GetSpacing() == (1.0, 1.0, 2.0) and out_mask.GetSize() == out_image.GetSize()
    ring = sitk.GetArrayFromImage(out_mask)
    slices_with_ring = np.nonzero(ring.any(axis=(1, 2)))[0]
    assert len(slices_with_ring) == 1  # a 2D ring around the largest cross-section
    assert ring.sum() > 0
