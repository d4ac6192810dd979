"""Calibration of predictions that take one value (an intercept-only model): the optimism
bootstrap says why it has no curve instead of numpy's "array of sample points is empty",
and a calibration panel whose Hosmer-Lemeshow p is NaN (the test not defined) says so
instead of stopping the report."""
from __future__ import annotations

import numpy as np
import pytest

from axilla.errors import StatsError
from axilla.models.logistic import fit_logistic
from axilla.plots.calibration import plot_calibration
from axilla.report.inputs import CalibrationCurve
from axilla.stats import calibration_curve


def _intercept_only(X, y):
    return fit_logistic(X, y).predict_proba


def test_an_intercept_only_model_has_no_bias_corrected_curve():
    """Every bootstrap refit predicts its own sample's prevalence, a value off the grid
    (the apparent prevalence), so no bootstrap curve reaches the grid."""
    y = (np.random.default_rng(0).random(140) < 0.4).astype(int)
    with pytest.raises(StatsError, match="no bootstrap calibration curve reaches the grid"):
        calibration_curve(_intercept_only, np.zeros((140, 0)), y, n_boot=5, seed=1)


def test_a_panel_without_a_hosmer_lemeshow_p_says_not_defined():
    grid = np.linspace(0.1, 0.6, 5)
    curve = CalibrationCurve("clinical", "validation", grid, grid, hl_p=np.nan, slope=1.2,
                             intercept=-0.1)
    figure = plot_calibration(curve)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == ["Slope 1.20\nIntercept -0.10\nHosmer–Lemeshow not defined"]
