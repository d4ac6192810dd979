"""Deep features for a cohort: trained on the training patients only, recomputable from
the stored state."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
import SimpleITK as sitk

torch = pytest.importorskip("torch", reason="the deep stage needs the optional extra axilla[deep]")

from axilla.deep import (build_vgg16, deep_features_from_state,  # noqa: E402
                         features_for_cohort)
from axilla.errors import BundleError, InputError  # noqa: E402
from tests.deep.synthetic import write_case  # noqa: E402

PATIENTS = [f"P{i:02d}" for i in range(12)]
LABELS = {p: i % 2 for i, p in enumerate(PATIENTS)}
TRAIN = PATIENTS[:8]
NETWORK = {"width": 1 / 16, "hidden": 32, "size": 64}
RUN = {**NETWORK, "epochs": 3, "lr": 1e-3, "batch_size": 4, "seed": 0}


def _cases(folder, seed):
    folder.mkdir(exist_ok=True)
    rng = np.random.default_rng(seed)
    return [write_case(folder, p, LABELS[p], rng) for p in PATIENTS]


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    return _cases(tmp_path_factory.mktemp("cohort"), seed=1)


@pytest.fixture(scope="module")
def result(cases):
    return features_for_cohort(cases, TRAIN, {p: LABELS[p] for p in TRAIN}, **RUN)


def test_one_row_per_patient_fc7_columns_and_the_training_audit(result):
    features = result.features
    assert list(features.index) == PATIENTS and features.index.name == "patient_id"
    assert list(features.columns) == [f"deep_vgg16_fc7_{j:04d}" for j in range(32)]
    assert np.isfinite(features.to_numpy()).all()
    assert result.trained_on == tuple(TRAIN)
    assert result.settings == {"width": 1 / 16, "hidden": 32, "size": 64}
    assert all(isinstance(v, np.ndarray) for v in result.model_state.values())


def test_no_non_training_patient_reaches_the_network(cases, result, tmp_path):
    # Same seed, but every non-training patient gets a different image and a flipped
    # label: the fine-tuned weights and the training patients' features stay bit-identical
    # (which is also the two-runs-agree check), only the changed patients' features move.
    others = {c.patient_id: c for c in _cases(tmp_path / "others", seed=2)}
    mixed = [c if c.patient_id in TRAIN else others[c.patient_id] for c in cases]
    labels = {p: (1 - y if p not in TRAIN else y) for p, y in LABELS.items()}
    again = features_for_cohort(mixed, TRAIN, labels, **RUN)
    assert again.trained_on == tuple(TRAIN)
    for key, value in result.model_state.items():
        assert np.array_equal(value, again.model_state[key]), key
    assert np.array_equal(again.features.loc[TRAIN], result.features.loc[TRAIN])
    held_out = [p for p in PATIENTS if p not in TRAIN]
    assert not np.array_equal(again.features.loc[held_out], result.features.loc[held_out])


def test_features_recomputed_from_the_stored_state_are_identical(cases, result):
    again = deep_features_from_state(result.model_state, cases, **NETWORK)
    assert again.equals(result.features)


def test_given_weights_keep_the_first_blocks_and_get_a_new_head(cases, tmp_path):
    pretrained = build_vgg16(num_classes=1000, width=1 / 16, hidden=32, seed=9)
    path = tmp_path / "vgg16_narrow.pth"
    torch.save(pretrained.state_dict(), path)
    labels = pd.Series(LABELS)  # a Series with every patient; only TRAIN's are read
    state = features_for_cohort(cases, TRAIN, labels, weights=path,
                                **{**RUN, "epochs": 1}).model_state
    source = {k: v.numpy() for k, v in pretrained.state_dict().items()}
    assert np.array_equal(state["features.0.weight"], source["features.0.weight"])
    assert not np.array_equal(state["features.28.weight"], source["features.28.weight"])
    assert state["classifier.6.weight"].shape == (1, 32)


def test_inputs_that_do_not_fit_are_input_errors(cases):
    with pytest.raises(InputError, match=r"without a case \['X1'\]"):
        features_for_cohort(cases, TRAIN + ["X1"], {**LABELS, "X1": 0}, **RUN)
    with pytest.raises(InputError, match=r"without a label \['P00'\]"):
        features_for_cohort(cases, TRAIN, {p: LABELS[p] for p in TRAIN[1:]}, **RUN)
    with pytest.raises(InputError, match=r"one case per patient; repeated: \['P00'\]"):
        features_for_cohort(cases + cases[:1], TRAIN, LABELS, **RUN)


def test_an_empty_mask_names_the_patient_and_file(cases, tmp_path):
    empty = tmp_path / "P03_empty.nii.gz"
    mask = sitk.ReadImage(cases[3].mask)
    sitk.WriteImage(mask * 0, str(empty))
    broken = [dataclasses.replace(c, mask=str(empty)) if c.patient_id == "P03" else c
              for c in cases]
    with pytest.raises(InputError, match=r"patient P03: .*P03_empty.nii.gz: .*mask is empty"):
        features_for_cohort(broken, TRAIN, LABELS, **RUN)


def test_a_state_that_does_not_fit_is_a_bundle_error(cases, result):
    with pytest.raises(BundleError, match="does not fit a VGG-16 of width 0.125"):
        deep_features_from_state(result.model_state, cases, width=1 / 8, hidden=32, size=64)
    no_head = {k: v for k, v in result.model_state.items() if not k.startswith("classifier.6")}
    with pytest.raises(BundleError, match="no output layer"):
        deep_features_from_state(no_head, cases, **NETWORK)
