"""Pickle-free round trips: predictions equal to 1e-12 after JSON + npz."""
import io
import json

import numpy as np
import pandas as pd
import pytest

from axilla.errors import BundleError
from axilla.models.classifiers import CLASSIFIERS, make_classifier
from axilla.models.clinical import fit_clinical_model
from axilla.models.nomogram import build_nomogram
from axilla.models.pipeline import make_pipeline
from axilla.models.serialize import from_payload, to_payload
from tests.models.grids import SMALL_GRIDS

@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    X = pd.DataFrame(rng.normal(size=(90, 6)), columns=[f"original_glcm_F{j}" for j in range(6)])
    y = (X.iloc[:, 0] - X.iloc[:, 1] + rng.normal(size=90) > 0).astype(int).to_numpy()
    return X, y


def _round_trip(obj):
    payload, arrays = to_payload(obj)
    text = json.dumps(payload)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    buffer.seek(0)
    with np.load(buffer, allow_pickle=False) as loaded:
        return from_payload(json.loads(text), dict(loaded))


@pytest.mark.parametrize("name", sorted(CLASSIFIERS))
def test_classifiers_round_trip(name, data):
    X, y = data
    model = make_classifier(name, grid=SMALL_GRIDS[name], inner_folds=3, random_state=0).fit(X, y)
    back = _round_trip(model)
    np.testing.assert_allclose(back.predict_proba(X), model.predict_proba(X), rtol=0, atol=1e-12)


@pytest.mark.parametrize("settings", [
    dict(selection=["ttest", "lasso"], model="logistic_mle"),
    dict(selection=["variance", "correlation", {"mrmr": {"n_features": 3}}], model="radscore"),
    dict(selection=[{"stability": {"n_bootstrap": 5}}], radscore=True, model="logistic_mle"),
])
def test_pipelines_round_trip(settings, data):
    X, y = data
    pipe = make_pipeline(random_state=0, **settings).fit(X, y)
    back = _round_trip(pipe)
    np.testing.assert_allclose(back.predict_proba(X), pipe.predict_proba(X), rtol=0, atol=1e-12)


def test_clinical_model_and_nomogram_round_trip(data):
    X, y = data
    frame = X.assign(stage=np.where(X.iloc[:, 2] > 0, "T2", "T1"), y=y)
    model = fit_clinical_model(frame, "y", ["stage", "original_glcm_F1"],
                               forced=["original_glcm_F0"], screen_p=None)
    back = _round_trip(model)
    np.testing.assert_allclose(back.predict_proba(frame), model.predict_proba(frame), atol=1e-12)
    nom = build_nomogram(model.fit, model.spec, data=frame)
    patient = frame.iloc[0].to_dict()
    assert _round_trip(nom).score(patient) == nom.score(patient)


def test_unknown_class_is_refused():
    payload = {"format": "axilla-model/1", "root": {"__object__": "os.system", "state": {}}}
    with pytest.raises(BundleError, match="not allowed"):
        from_payload(payload, {})
    with pytest.raises(BundleError, match="not an Axilla model payload"):
        from_payload({"format": "pickle"}, {})
