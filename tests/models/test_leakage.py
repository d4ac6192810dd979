"""Leakage: pure noise must validate at AUC ~0.5 through the honest pipeline, while a
deliberately leaky variant (t-test selection on all patients, then CV) inflates it.

Settings kept small for speed (4 outer folds, 4 LASSO folds, 30 lambdas down to
0.05 * lambda_max); 1,000 noise features, n = 200, 20 seeds.
"""
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from axilla.models.pipeline import cross_validated_predictions, make_pipeline
from axilla.select.univariate import UnivariateFilter

LASSO = {"n_folds": 4, "nlambda": 30, "lambda_min_ratio": 0.05}


def _noise(seed):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(200, 1000)), index=[f"P{i:03d}" for i in range(200)],
                     columns=[f"original_firstorder_F{j}" for j in range(1000)])
    return X, rng.integers(0, 2, 200)


def _auc(cv):
    return roc_auc_score(cv.predictions["y"], cv.predictions["probability"])


def test_noise_validates_at_chance_and_leaky_selection_inflates():
    honest, leaky = [], []
    for seed in range(20):
        X, y = _noise(seed)
        pipe = make_pipeline(selection=["ttest"], model="radscore", model_params=LASSO,
                             random_state=seed)
        honest.append(_auc(cross_validated_predictions(pipe, X, y, n_splits=4,
                                                       random_state=seed)))
        selected = UnivariateFilter().set_output(transform="pandas").fit(X, y).transform(X)
        after = make_pipeline(selection=(), model="radscore", model_params=LASSO,
                              random_state=seed)
        leaky.append(_auc(cross_validated_predictions(after, selected, y, n_splits=4,
                                                      random_state=seed)))
    assert abs(np.mean(honest) - 0.5) < 0.1
    assert np.mean(leaky) > 0.6
