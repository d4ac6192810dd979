"""Feature-omics Spearman correlation with BH FDR against scipy, statsmodels and R.

Data and R values: tests/stats/data/paired (make_paired_reference.R, R 4.2
``cor.test(method = "spearman", exact = FALSE)`` and ``p.adjust(, "BH")``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from axilla.errors import StatsError
from axilla.stats.omics_correlation import OMICS_COLUMNS, omics_correlation, rho_matrix

DATA = Path(__file__).parent / "data" / "paired"


def _features_omics():
    pairs = pd.read_csv(DATA / "pairs.csv")
    pre = pairs[pairs.timepoint == "pre"].set_index("patient_id").drop(columns="timepoint")
    return pre, pd.read_csv(DATA / "omics.csv").set_index("patient_id")


def test_values_equal_scipy_and_statsmodels_on_the_same_arrays():
    features, omics = _features_omics()
    got = omics_correlation(features, omics)
    assert list(got.columns) == list(OMICS_COLUMNS) and len(got) == 9
    p = []
    for row in got.itertuples():
        expected = sps.spearmanr(features[row.feature], omics[row.variable])
        assert row.rho == expected.statistic and row.p_value == expected.pvalue
        assert row.n == len(features)
        p.append(expected.pvalue)
    np.testing.assert_array_equal(got["p_fdr"], multipletests(p, method="fdr_bh")[1])


def test_values_equal_r():
    features, omics = _features_omics()
    got = omics_correlation(features, omics).set_index(["feature", "variable"])
    r = pd.read_csv(DATA / "spearman_reference.csv").set_index(["feature", "variable"])
    # immune_cell has ties (two decimals): mid-ranks in both; R prints 15 digits
    for column in ("rho", "p_value", "p_fdr"):
        np.testing.assert_allclose(got[column], r.loc[got.index, column], rtol=1e-9,
                                   err_msg=column)


def test_patients_are_matched_by_id_and_missing_values_dropped_per_pair():
    features, omics = _features_omics()
    shuffled = omics.iloc[::-1].copy()
    shuffled.loc["P03", "gene_up"] = np.nan
    shuffled.loc["EXTRA"] = [1.0, 0.1, 2.0]       # no features: not used
    got = omics_correlation(features, shuffled).set_index(["feature", "variable"])
    kept = features.index != "P03"
    expected = sps.spearmanr(features["shrinks"][kept], omics["gene_up"][kept])
    assert got.loc[("shrinks", "gene_up"), "n"] == len(features) - 1
    assert got.loc[("shrinks", "gene_up"), "rho"] == expected.statistic
    assert got.loc[("grows", "immune_cell"), "rho"] == \
        sps.spearmanr(features["grows"], omics["immune_cell"]).statistic


def test_constant_variable_has_no_rho_and_a_note():
    features, omics = _features_omics()
    omics["flat"] = 1.0
    got = omics_correlation(features, omics)
    flat = got[got.variable == "flat"]
    assert flat["rho"].isna().all() and flat["note"].str.contains("constant").all()
    matrix = rho_matrix(got)
    assert list(matrix.index) == list(features.columns)
    assert list(matrix.columns) == [*omics.columns]


def test_bad_input_is_refused():
    features, omics = _features_omics()
    with pytest.raises(StatsError, match="patient_id values match"):
        omics_correlation(features, omics.set_axis([f"X{i}" for i in range(len(omics))]))
    with pytest.raises(StatsError, match="not numeric"):
        omics_correlation(features, omics.assign(label="a"))
