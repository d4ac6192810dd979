"""R's lowess: against statsmodels' independent Cleveland implementation and exact lines;
R's own values are checked through val.prob's Eavg/E90/Emax (test_calibration.py)."""
from __future__ import annotations

import numpy as np
import pytest
from statsmodels.nonparametric.smoothers_lowess import lowess as statsmodels_lowess

from axilla.errors import StatsError
from axilla.stats.lowess import lowess


# iter = 0 (what rms uses) is the same algorithm: agreement to rounding. With robustness
# iterations statsmodels' bisquare weights differ slightly from clowess' (0.001/0.999 cmad
# cut-offs), measured ~1e-7 relative; 1e-5 is the bound used.
@pytest.mark.parametrize(("iterations", "rel"), [(0, 1e-10), (3, 1e-5)])
def test_matches_statsmodels(seed, iterations, rel):
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 10, 80), 1)  # ties in x, as predicted probabilities have
    y = np.sin(x) + rng.normal(0, 0.3, 80)
    xs, fitted = lowess(x, y, iterations=iterations)
    ref = statsmodels_lowess(y, x, frac=2 / 3, it=iterations, delta=0.01 * np.ptp(x))
    np.testing.assert_allclose(xs, ref[:, 0])
    np.testing.assert_allclose(fitted, ref[:, 1], rtol=rel, atol=1e-12)


def test_reproduces_a_straight_line():
    x = np.linspace(0, 1, 30)
    _, fitted = lowess(x, 3 * x - 1, iterations=0)
    np.testing.assert_allclose(fitted, 3 * x - 1, atol=1e-12)


def test_rejects_bad_span():
    with pytest.raises(StatsError, match="span"):
        lowess([1, 2, 3], [1, 2, 3], f=0)
