"""The vectorised bootstrap against a plain resample-and-score loop with scikit-learn, and
the jackknife used by BCa against explicit leave-one-out AUCs."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score

from axilla.stats._auc_bootstrap import jackknife_aucs, replicate_aucs
from axilla.stats.delong import placements


def _data(seed):
    rng = np.random.default_rng(seed)
    y = np.r_[np.zeros(25, int), np.ones(15, int)]
    return y, np.round(y + rng.normal(0, 1, 40), 1)  # rounded: ties across classes


def test_replicates_equal_sklearn_on_the_same_resamples(seed):
    y, s = _data(seed)
    got = replicate_aucs(y, s, n_boot=50, seed=seed)
    rng = np.random.default_rng(seed)            # the documented draw order: cases, then controls
    cases, controls = s[y == 1], s[y == 0]
    case_draws = rng.integers(0, cases.size, size=(50, cases.size))
    control_draws = rng.integers(0, controls.size, size=(50, controls.size))
    controls_sorted = np.sort(controls)
    expected = [roc_auc_score(np.r_[np.ones(cases.size), np.zeros(controls.size)],
                              np.r_[cases[a], controls_sorted[b]]) for a, b in zip(case_draws, control_draws)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_jackknife_equals_leave_one_out(seed):
    y, s = _data(seed)
    got = jackknife_aucs(placements(y, s))
    order = np.r_[np.flatnonzero(y == 1), np.flatnonzero(y == 0)]
    expected = [roc_auc_score(np.delete(y, i), np.delete(s, i)) for i in order]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
