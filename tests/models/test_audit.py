"""Audit records: every fitted step names its patients; leaks raise ModelError."""
import numpy as np
import pandas as pd
import pytest

from axilla.errors import ModelError
from axilla.models import audit
from axilla.models.pipeline import cross_validated_predictions, fit_final, make_pipeline


def _cohort(seed):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(40, 5)), index=[f"P{i}" for i in range(40)],
                     columns=[f"original_firstorder_F{j}" for j in range(5)])
    y = (X.iloc[:, 0] + rng.normal(size=40) > 0).astype(int).to_numpy()
    return X, y


def test_cv_records_each_step_on_training_patients_only(seed, tmp_path):
    X, y = _cohort(seed)
    pipe = make_pipeline(selection=["ttest"], model="logistic_mle", random_state=seed)
    cv = cross_validated_predictions(pipe, X, y, n_splits=4, random_state=seed)
    assert len(cv.records) == 4 * 3          # normalise, ttest, model per fold
    for (_, fold), part in cv.predictions.groupby(["repeat", "fold"]):
        fold_records = [r for r in cv.records if r.step.startswith(f"repeat 1 fold {fold} ")]
        audit.check(fold_records, part["patient"])
        assert all(len(r.patient_ids) == 40 - len(part) for r in fold_records)
    assert sorted(cv.predictions["patient"]) == sorted(X.index)
    path = audit.to_json(cv.records, tmp_path / "audit.json")
    assert audit.from_json(path) == cv.records


def test_check_raises_on_a_leak(seed):
    X, y = _cohort(seed)
    _, records = fit_final(make_pipeline(selection=["ttest"], random_state=seed), X, y)
    with pytest.raises(ModelError, match="leakage: step 'final / normalise'.*P3"):
        audit.check(records, ["P3", "Q9"])


def test_several_images_per_patient_stay_on_one_side(seed):
    X, y = _cohort(seed)
    patients = np.repeat([f"P{i}" for i in range(20)], 2)      # two images per patient
    X.index = patients
    y = np.repeat(y[:20], 2)
    pipe = make_pipeline(selection=(), model="logistic_mle", random_state=seed)
    cv = cross_validated_predictions(pipe, X, y, n_splits=4, random_state=seed, groups=patients)
    for _, part in cv.predictions.groupby("fold"):
        fitted_on = {p for r in cv.records if r.step.endswith(f"fold {part['fold'].iloc[0]} / model")
                     for p in r.patient_ids}
        assert fitted_on.isdisjoint(part["patient"])
