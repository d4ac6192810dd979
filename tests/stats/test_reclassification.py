"""NRI/IDI against Hmisc::improveProb and the categorical NRI in base R (nri_idi.json)."""
from __future__ import annotations

import numpy as np
import pytest

from axilla.stats import nri_idi
from tests.stats._reference import close, datasets_with, predictions, topic

DATASETS = datasets_with("predictions")


@pytest.mark.parametrize("name", DATASETS)
def test_continuous_nri_and_idi_match_improveprob(name):
    pr, r = predictions(name), topic(name, "nri_idi")
    ip = r["continuous_nri_idi"]
    got = nri_idi(pr["y"], pr["p_base"], pr["p_full"], cutoffs=r["categorical_nri"]["cutoffs"])
    assert (got.n_events, got.n_nonevents) == (ip["na"], ip["nb"])
    close([got.p_up_events, got.p_up_nonevents, got.p_down_events, got.p_down_nonevents],
          [ip["pup.ev"], ip["pup.ne"], ip["pdown.ev"], ip["pdown.ne"]])
    close([got.improve_sensitivity, got.improve_specificity], [ip["improveSens"], ip["improveSpec"]])
    for est, key, test in ((got.nri, "nri", "nri_test"), (got.nri_events, "nri.ev", "nri_events_test"),
                           (got.nri_nonevents, "nri.ne", "nri_nonevents_test"), (got.idi, "idi", "idi_test")):
        close([est.value, est.se, est.z], [ip[key], ip[f"se.{key}"], ip[f"z.{key}"]])
        close([est.p_value, est.lower, est.upper], [ip[test]["p_value"], ip[test]["lower95"], ip[test]["upper95"]])


@pytest.mark.parametrize("name", DATASETS)
def test_categorical_nri_matches_r(name):
    pr, r = predictions(name), topic(name, "nri_idi")["categorical_nri"]
    got = nri_idi(pr["y"], pr["p_base"], pr["p_full"], cutoffs=r["cutoffs"]).categorical
    assert (got.up_events, got.down_events, got.up_nonevents, got.down_nonevents) == (
        r["up_ev"], r["down_ev"], r["up_ne"], r["down_ne"])
    close([got.nri_events, got.nri_nonevents, got.nri.value, got.nri.se, got.nri.z, got.nri.p_value,
           got.se_events, got.se_nonevents],
          [r["nri_events"], r["nri_nonevents"], r["nri"], r["se_nri"], r["z"], r["p_value"],
           r["se_nri_events"], r["se_nri_nonevents"]])
    np.testing.assert_array_equal(got.events_table.to_numpy(), r["reclassification_events"]["counts"])
    np.testing.assert_array_equal(got.nonevents_table.to_numpy(), r["reclassification_nonevents"]["counts"])
