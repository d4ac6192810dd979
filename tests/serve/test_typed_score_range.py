"""A rad-score typed into `axilla serve` is checked against the training rad-scores: 42
typed for 0.42 is refused naming the value, the range and the fix; a score just outside
the range is scored with a note that the risk is extrapolated; a bundle made before
bundles stored the training scores is still served, unchecked, and says so.

The training distribution is read from the run's ``tables/radscores.csv`` (written by the
report, not by the bundle export)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
pytest.importorskip("httpx", reason="httpx (the TestClient's transport) is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from scipy.special import expit  # noqa: E402

from axilla.serve import create_app  # noqa: E402
from axilla.study.bundle_export import load_models  # noqa: E402
from tests.serve.test_app_http import SAME, _refusal, _risk  # noqa: E402

ENTRIES = {"size_mm": "20", "mri_ln_status": "1"}


@pytest.fixture(scope="module")
def training(serve_study) -> pd.Series:
    """The training patients' rad-scores as the run's report tables list them."""
    table = pd.read_csv(serve_study.bundle.parent / "tables" / "radscores.csv")
    scores = table.loc[table["cohort"] == "training", "score"]
    assert len(scores) == load_models(serve_study.bundle).content["training"]["n"] == 71
    return scores


@pytest.fixture(scope="module")
def client(serve_study, tmp_path_factory):
    return TestClient(create_app(serve_study.bundle, tmp_path_factory.mktemp("work")))


def _note(page: str) -> str | None:
    found = re.search(r'<p id="note" class="refusal">Note: ([^<]*)</p>', page)
    return found.group(1) if found else None


def _combined_risk(serve_study, radscore: float) -> float:
    """plogis(x'b) from the bundle's coefficients for ENTRIES and ``radscore``."""
    fit = load_models(serve_study.bundle).combined.fit
    assert fit.names == ("(Intercept)", "radscore", "size_mm", "mri_ln_status1")
    return float(expit(np.array([1.0, radscore, 20.0, 1.0]) @ fit.coef))


def test_bundle_stores_the_training_rad_scores_distribution(serve_study, training):
    stored = load_models(serve_study.bundle).content["score_ranges"]
    assert list(stored) == ["radscore"]
    assert stored["radscore"] == pytest.approx(
        {"min": training.min(), "max": training.max(), "mean": training.mean(),
         "sd": training.std(ddof=1)}, rel=1e-12, abs=0)


@pytest.mark.parametrize("typed", ["42", "-40"])
def test_score_far_outside_training_is_refused_with_range_and_fix(client, training, typed):
    answer = client.post("/predict", data=ENTRIES | {"radscore": typed})
    assert answer.status_code == 422 and _risk(answer.text) is None
    z = (float(typed) - training.mean()) / training.std(ddof=1)
    assert abs(z) > 4
    assert _refusal(answer.text) == (
        f"Rad-score = {typed} is far outside the training range [{training.min():g}, "
        f"{training.max():g}] ({abs(z):.1f} SD {'above' if z > 0 else 'below'} the training "
        "mean; over 4 SD is refused); check the decimal point / the score's units (type the "
        "score as the study's formula gives it)")


@pytest.mark.parametrize("side", [1, -1])
def test_score_just_outside_training_is_scored_with_the_note(client, serve_study, training,
                                                            side):
    edge = training.max() if side > 0 else training.min()
    typed = round(float(edge + side * 0.5 * training.std(ddof=1)), 3)
    z = (typed - training.mean()) / training.std(ddof=1)
    assert not training.min() <= typed <= training.max() and abs(z) <= 4
    answer = client.post("/predict", data=ENTRIES | {"radscore": repr(typed)})
    assert answer.status_code == 200, _refusal(answer.text)
    assert _risk(answer.text) == pytest.approx(_combined_risk(serve_study, typed), abs=SAME, rel=0)
    assert _note(answer.text) == (
        f"Rad-score = {typed:g} is outside the training range [{training.min():g}, "
        f"{training.max():g}] ({abs(z):.1f} SD {'above' if side > 0 else 'below'} the training "
        "mean): the risk is extrapolated")


@pytest.mark.parametrize("where", ["min", "mean", "max"])
def test_score_inside_training_is_scored_without_a_note(client, serve_study, training, where):
    typed = float(getattr(training, where)())
    answer = client.post("/predict", data=ENTRIES | {"radscore": repr(typed)})
    assert answer.status_code == 200, _refusal(answer.text)
    assert _risk(answer.text) == pytest.approx(_combined_risk(serve_study, typed), abs=SAME, rel=0)
    assert _note(answer.text) is None


def test_form_shows_the_training_range_of_the_score(client, training):
    assert (f"from the study&#x27;s rad-score formula; training range {training.min():g} to "
            f"{training.max():g}") in client.get("/").text


def test_bundle_without_score_ranges_is_served_unchecked(old_bundle, serve_study, tmp_path):
    client = TestClient(create_app(old_bundle, tmp_path))
    assert "not checked: this bundle has no score range" in client.get("/").text
    answer = client.post("/predict", data=ENTRIES | {"radscore": "42"})
    assert answer.status_code == 200, _refusal(answer.text)
    assert _risk(answer.text) == pytest.approx(_combined_risk(serve_study, 42.0), abs=SAME, rel=0)
    assert _note(answer.text) is None
