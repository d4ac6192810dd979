"""Filters: p-values against R (table1.json), the rest on hand-checkable fixtures."""
import numpy as np
import pandas as pd
import pytest

from axilla.errors import InputError, SettingsError
from axilla.select.blocks import BlockwiseTransformer, feature_block
from axilla.select.chain import make_chain
from axilla.select.correlation import CorrelationFilter
from axilla.select.forest_importance import ForestImportanceSelector
from axilla.select.icc_filter import ICCFilter
from axilla.select.mrmr import MRMRSelector, mutual_information
from axilla.select.normalise import FeatureScaler
from axilla.select.stability import StabilitySelector
from axilla.select.univariate import UnivariateFilter, univariate_pvalues
from axilla.select.variance import NearZeroVariance
from tests.models.rdata import BINARY, manifest, results, table


@pytest.mark.parametrize("dataset", BINARY)
@pytest.mark.parametrize("test,key", [("welch", "t_test_welch"),
                                      ("mannwhitney", "wilcox_normal_cc")])
def test_univariate_pvalues_match_r(dataset, test, key):
    # R: t.test(x ~ y, var.equal = FALSE); wilcox.test(x ~ y, exact = FALSE, correct = TRUE)
    info, ref = manifest(dataset), results(dataset, "table1")["continuous"]
    frame = table(dataset)
    names = info["table1"]["continuous"]
    p = univariate_pvalues(frame[names].to_numpy(float), frame[info["outcome"]], test)
    np.testing.assert_allclose(p, [ref[n][key]["p_value"] for n in names], rtol=1e-6)


def test_bh_fdr_by_hand():
    # p = (0.01, 0.04, 0.03, 0.20): BH q = (0.04, 0.0533, 0.0533, 0.20) (p.adjust "BH")
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 20)
    selector = UnivariateFilter(alpha=0.05, fdr=True)
    selector.fit(rng.normal(size=(40, 4)), y)
    selector.pvalues_ = np.array([0.01, 0.04, 0.03, 0.20])
    from scipy.stats import false_discovery_control
    np.testing.assert_allclose(false_discovery_control(selector.pvalues_),
                               [0.04, 0.16 / 3, 0.16 / 3, 0.20])


def test_univariate_keeps_the_informative_feature_and_a_floor():
    y = np.repeat([0, 1], 10)
    X = np.column_stack([y + np.linspace(0, 0.5, 20), np.tile([0.0, 1.0], 10)])
    selector = UnivariateFilter(alpha=0.05).fit(X, y)
    np.testing.assert_array_equal(selector.get_support(), [True, False])
    none_pass = UnivariateFilter(alpha=1e-12).fit(X[:, 1:], y)
    assert none_pass.n_passed_ == 0 and none_pass.get_support().sum() == 1


def test_scaler_methods_by_hand():
    X = np.array([[1.0, 10.0], [2.0, 10.0], [3.0, 10.0], [6.0, 10.0]])
    z = FeatureScaler(method="zscore").fit_transform(X)
    # R: scale(c(1, 2, 3, 6)) -> mean 3, sd sqrt(14/3)
    np.testing.assert_allclose(z[:, 0], (X[:, 0] - 3) / np.sqrt(14 / 3))
    np.testing.assert_allclose(z[:, 1], 0)
    np.testing.assert_allclose(FeatureScaler(method="minmax").fit_transform(X)[:, 0],
                               [0, 0.2, 0.4, 1.0])
    # quantile type 7 of (1, 2, 3, 6): Q1 = 1.75, median 2.5, Q3 = 3.75
    np.testing.assert_allclose(FeatureScaler(method="robust").fit_transform(X)[:, 0],
                               (X[:, 0] - 2.5) / 2.0)
    with pytest.raises(SettingsError, match="unknown normalisation"):
        FeatureScaler(method="l2").fit(X)


def test_near_zero_variance_as_caret():
    # column 0: 24 zeros and one 1 -> freq ratio 24 > 95/5, 8 % unique -> removed
    # column 1: constant -> removed; column 2: 25 distinct values -> kept
    # column 3: 19 zeros, one 1 -> ratio 19 is not > 19 -> kept (caret uses ">")
    X = np.column_stack([np.r_[np.zeros(24), 1.0], np.ones(25), np.arange(25.0),
                         np.r_[np.zeros(19), 1.0, np.arange(2.0, 7.0)]])
    selector = NearZeroVariance().fit(X)
    np.testing.assert_array_equal(selector.get_support(), [False, False, True, True])
    assert selector.freq_ratio_[0] == 24


def test_correlation_keeps_the_more_relevant_of_a_pair():
    y = np.repeat([0.0, 1.0], 10)
    strong = y + np.linspace(0, 0.3, 20)
    twin = strong + 1e-3 * np.cos(np.arange(20))       # |r| ~ 1 with strong, less relevant
    other = np.sin(np.arange(20.0))
    X = np.column_stack([twin, strong, other])
    selector = CorrelationFilter(threshold=0.9).fit(X, y)
    assert selector.relevance_[1] > selector.relevance_[0]
    np.testing.assert_array_equal(selector.get_support(), [False, True, True])


def test_icc_filter():
    X = pd.DataFrame(np.ones((5, 3)), columns=["a", "b", "c"])
    table_ = {"a": 0.9, "b": 0.5, "c": 0.75}
    np.testing.assert_array_equal(ICCFilter(icc=table_).fit(X).get_support(), [True, False, True])
    with pytest.raises(InputError, match="no ICC"):
        ICCFilter(icc={"a": 0.9}).fit(X)
    assert ICCFilter(icc={"a": 0.9}, missing="drop").fit(X).get_support().tolist() == \
        [True, False, False]


def test_mutual_information_by_hand():
    a = np.array([0, 0, 1, 1])
    assert mutual_information(a, a) == pytest.approx(np.log(2))
    assert mutual_information(a, np.array([0, 1, 0, 1])) == pytest.approx(0.0)


def test_mrmr_prefers_a_new_signal_over_a_copy():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 200)
    first = y + 0.3 * rng.normal(size=200)
    copy = first.copy()
    second = y + 0.6 * rng.normal(size=200)
    X = np.column_stack([first, copy, second, rng.normal(size=200)])
    for scheme in ("MID", "MIQ"):
        selector = MRMRSelector(n_features=2, scheme=scheme, n_bins=5).fit(X, y)
        assert selector.order_[0] in (0, 1) and selector.order_[1] == 2


def test_forest_and_stability_find_the_signal(seed):
    rng = np.random.default_rng(seed)
    y = np.repeat([0, 1], 40)
    X = np.column_stack([y + 0.5 * rng.normal(size=80), rng.normal(size=(80, 5))])
    forest = ForestImportanceSelector(n_features=1, n_estimators=50, random_state=seed).fit(X, y)
    assert forest.get_support()[0] and forest.get_support().sum() == 1
    stability = StabilitySelector(n_bootstrap=20, n_folds=5, random_state=seed).fit(X, y)
    assert stability.frequency_[0] == 1.0
    assert stability.get_support()[0]
    again = StabilitySelector(n_bootstrap=20, n_folds=5, random_state=seed).fit(X, y)
    np.testing.assert_array_equal(again.frequency_, stability.frequency_)


def test_blockwise_selection_keeps_one_per_block(seed):
    rng = np.random.default_rng(seed)
    y = np.repeat([0, 1], 30)
    names = [f"{s}_tumour_original_firstorder_F{k}" for s in ("T2", "DWI") for k in range(3)]
    X = pd.DataFrame(rng.normal(size=(60, 6)), columns=names)
    X[names[2]] += 2 * y
    X[names[4]] += 2 * y
    block = BlockwiseTransformer(UnivariateFilter(alpha=0.001)).fit(X, y)
    assert list(block.get_feature_names_out()) == [names[2], names[4]]
    assert set(block.blocks_) == {"T2_tumour", "DWI_tumour"}
    assert feature_block("T2_peri_wavelet-LLH_glcm_Contrast", 1) == "T2"
    with pytest.raises(InputError, match="prefix"):
        feature_block("original_glcm_Contrast")


def test_chain_any_order_and_unknown_step(seed):
    chain = make_chain(["ttest", {"forest": {"n_features": 2, "per_block": True}}, "lasso"],
                       random_state=seed)
    assert [name for name, _ in chain.steps] == ["0_ttest", "1_forest", "2_lasso"]
    assert chain.steps[1][1].transformer.random_state == seed
    with pytest.raises(SettingsError, match="did you mean 'lasso'"):
        make_chain(["lasso", "laso"])
    with pytest.raises(SettingsError, match="alpah"):
        make_chain([{"ttest": {"alpah": 0.1}}])
