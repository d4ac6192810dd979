"""Bootstrap CIs of the threshold metrics against pROC ``ci.coords`` (stratified, 2000
replicates, percentile). Reference: tests/stats/data/make_ci_coords_reference.R, run with
R 4.2.2 and pROC 1.18.0 (ci_coords_versions.txt); its CSVs are committed beside it."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from axilla.errors import StatsError
from axilla.stats import threshold_metrics

DATA = Path(__file__).parent / "data"
METRICS = ("sensitivity", "specificity", "accuracy", "ppv", "npv")
COUNTS = ("tp", "fp", "tn", "fn")
R_SEEDS = 10        # make_ci_coords_reference.R runs ci.coords once per seed 1..10


def _data():
    return pd.read_csv(DATA / "ci_coords_data.csv", float_precision="round_trip")


def _settings():
    points = pd.read_csv(DATA / "ci_coords_points.csv", float_precision="round_trip")
    return [pytest.param(row, id=f"{row.direction}{row.threshold}") for row in points.itertuples()]


@pytest.mark.parametrize("point", _settings())
def test_point_estimates_equal_coords(point):
    data = _data()
    got = threshold_metrics(data["y"], data["score"], point.threshold, direction=point.direction,
                            n_boot=0)
    assert [getattr(got, c) for c in COUNTS] == [getattr(point, c) for c in COUNTS]
    # write.csv keeps 15 significant digits
    np.testing.assert_allclose([getattr(got, m).estimate for m in METRICS],
                               [getattr(point, m) for m in METRICS], rtol=1e-13)


@pytest.mark.parametrize("point", _settings())
def test_bootstrap_limits_match_ci_coords_within_monte_carlo_error(point):
    """R's Mersenne-Twister and NumPy's PCG64 draw different resamples, so each percentile
    limit of 2000 replicates carries Monte-Carlo error. Its size is read off R itself: the
    reference holds ci.coords for 10 seeds, and each limit's spread over them is s (up to
    0.009 here; 0.025 for the PPV lower limit at threshold 2.45, where only 7 patients are
    called positive). Axilla's one run minus R's 10-run mean then has SD s·sqrt(1 + 1/10);
    we allow 4 of those. The metrics are ratios of counts, so a limit also jumps by a whole
    lattice step, 1/d (d = the metric's denominator: 55 cases, 85 controls, 140 patients,
    the positive or negative calls), when its exact tail probability lies near 2.5%
    (R's own seeds do this: specificity upper 0.812 or 0.824 at threshold 0.55); one step
    is allowed on top. Tolerances come out between 0.007 and 0.25, most 0.02-0.04."""
    data, reference = _data(), pd.read_csv(DATA / "ci_coords_reference.csv")
    runs = reference[(reference["direction"] == point.direction)
                     & np.isclose(reference["threshold"], point.threshold)]
    got = threshold_metrics(data["y"], data["score"], point.threshold, direction=point.direction,
                            n_boot=2000, seed=0)
    denominators = {"sensitivity": got.tp + got.fn, "specificity": got.tn + got.fp,
                    "accuracy": len(data), "ppv": got.tp + got.fp, "npv": got.tn + got.fn}
    assert got.n_boot == 2000
    for metric in METRICS:
        r = runs[runs["metric"] == metric]
        assert len(r) == R_SEEDS
        proportion = getattr(got, metric)
        for limit, value in (("lower", proportion.boot_lower), ("upper", proportion.boot_upper)):
            spread = r[limit].std(ddof=1)
            tolerance = 4 * spread * np.sqrt(1 + 1 / R_SEEDS) + 1 / denominators[metric] + 1e-12
            assert value == pytest.approx(r[limit].mean(), abs=tolerance), (metric, limit)


def test_sensitivity_and_specificity_limits_are_binomial_percentiles():
    """The stratified bootstrap keeps the case and control counts fixed, so a resample's
    sensitivity is Binomial(cases, TP/cases) / cases exactly (the same for specificity).
    With 200,000 replicates the percentile limits are those binomial quantiles (the tail
    CDF values at the neighbouring lattice points are at least 0.0027 from 2.5% and 97.5%,
    7 Monte-Carlo SDs (sqrt(0.025 × 0.975 / 200,000) = 0.00035) at this size), which a
    resampling over all patients would not give."""
    data = _data()
    got = threshold_metrics(data["y"], data["score"], 0.55, n_boot=200_000, seed=3)
    for proportion, total in ((got.sensitivity, got.tp + got.fn), (got.specificity, got.tn + got.fp)):
        expected = stats.binom.ppf([0.025, 0.975], total, proportion.successes / total) / total
        np.testing.assert_allclose([proportion.boot_lower, proportion.boot_upper], expected,
                                   rtol=0, atol=1e-12)


def test_wilson_intervals_stay_beside_the_bootstrap_ones():
    data = _data()
    got = threshold_metrics(data["y"], data["score"], 0.55, n_boot=2000, seed=0)
    # Wilson 95% for 40/55 (R prop.test(40, 55, correct = FALSE)$conf.int)
    assert (got.sensitivity.lower, got.sensitivity.upper) == pytest.approx(
        (0.5976780189, 0.8271924806), abs=1e-9)
    assert got.sensitivity.boot_lower != got.sensitivity.lower
    assert got.f1_lower < got.f1 < got.f1_upper


def test_no_bootstrap_when_n_boot_is_zero_and_same_seed_same_limits():
    data = _data()
    none = threshold_metrics(data["y"], data["score"], 0.55, n_boot=0)
    assert none.ppv.boot_lower is None and none.f1_lower is None and none.n_boot == 0
    first, second = (threshold_metrics(data["y"], data["score"], 0.55, seed=7) for _ in range(2))
    assert first == second


def test_too_few_replicates_is_refused():
    data = _data()
    with pytest.raises(StatsError, match="n_boot=5"):
        threshold_metrics(data["y"], data["score"], 0.55, n_boot=5)
