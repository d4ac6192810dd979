"""Rad-score formula and the tuned classifiers."""
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from axilla.models.classifiers import CLASSIFIERS, make_classifier
from axilla.errors import SettingsError
from axilla.models.radscore import RadScore
from tests.models.grids import SMALL_GRIDS
from tests.models.rdata import BINARY, design, results


@pytest.mark.parametrize("dataset", BINARY)
def test_radscore_is_the_glmnet_linear_predictor(dataset):
    ref = results(dataset, "glmnet")
    frame, y, spec, X = design(dataset, "y" + ref["x_formula"])
    X = pd.DataFrame(X, columns=spec.columns)
    model = RadScore(lambda_rule="1se").fit(X, y, foldid=frame["foldid"])
    r_coef = ref["coef_lambda_1se"]["coef"]
    r_lp = r_coef["(Intercept)"] + X.to_numpy() @ np.array(list(r_coef.values())[1:])
    # glmnet default convergence: ~1e-3 relative (README)
    np.testing.assert_allclose(model.decision_function(X), r_lp, rtol=1e-3, atol=1e-3)
    formula = model.formula()
    kept = [n for n, v in list(r_coef.items())[1:] if v != 0]
    assert formula.table["feature"].tolist() == kept
    x0 = X.iloc[0]
    by_hand = formula.intercept + sum(row.coefficient * (x0[row.feature] - row.mean) / row.sd
                                      for row in formula.table.itertuples())
    assert by_hand == pytest.approx(model.decision_function(X.iloc[:1])[0], rel=1e-12)
    assert formula.text.startswith("Rad-score = ")


@pytest.mark.parametrize("name", sorted(CLASSIFIERS))
def test_classifiers_are_seeded_and_learn(name):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 4))
    y = (X[:, 0] + 0.2 * rng.normal(size=120) > 0).astype(int)
    first = make_classifier(name, grid=SMALL_GRIDS[name], inner_folds=3,
                            random_state=5).fit(X[:80], y[:80])
    second = make_classifier(name, grid=SMALL_GRIDS[name], inner_folds=3,
                             random_state=5).fit(X[:80], y[:80])
    p = first.predict_proba(X[80:])[:, 1]
    np.testing.assert_array_equal(p, second.predict_proba(X[80:])[:, 1])
    assert roc_auc_score(y[80:], p) > 0.8            # a clear signal is learnt
    assert first.n_jobs == 1


def test_default_grids_and_inner_cv():
    for name, (_, grid) in CLASSIFIERS.items():
        search = make_classifier(name, random_state=2)
        assert search.param_grid == grid and search.scoring == "roc_auc"
        assert search.cv.n_splits == 5 and search.cv.random_state == 2 and search.cv.shuffle


def test_unknown_classifier_or_grid_key():
    with pytest.raises(SettingsError, match="did you mean 'xgboost'"):
        make_classifier("xgbost")
    with pytest.raises(SettingsError, match="max_dept"):
        make_classifier("decision_tree", grid={"max_dept": [2]})
