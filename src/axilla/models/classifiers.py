"""Seven classifier families with small default grids, tuned by inner stratified CV.

Each ``make_classifier(name)`` is a ``GridSearchCV`` (scoring ROC AUC, inner
``StratifiedKFold(shuffle=True)``, seeded, ``n_jobs=1``) around a seeded estimator:
logistic regression (L2), SVM (RBF; probabilities by Platt's sigmoid, fitted by
``CalibratedClassifierCV(ensemble=False, cv=5)`` on cross-validated decision values of
the training data only; Platt 1999), k-nearest neighbours, decision tree,
random forest, extra trees, XGBoost and LightGBM. The grids are deliberately small:
radiomics cohorts have a few hundred patients.
"""
from __future__ import annotations

from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from axilla._validation import check_known_keys


def _xgboost(seed):
    from xgboost import XGBClassifier
    return XGBClassifier(n_estimators=200, learning_rate=0.05, tree_method="hist",
                         n_jobs=1, random_state=seed, verbosity=0)


def _lightgbm(seed):
    from lightgbm import LGBMClassifier
    return LGBMClassifier(n_estimators=200, learning_rate=0.05, n_jobs=1,
                          random_state=seed, verbose=-1)


CLASSIFIERS = {
    "logistic": (lambda seed: LogisticRegression(max_iter=5000, random_state=seed),
                 {"C": [0.01, 0.1, 1.0, 10.0]}),
    "svm": (lambda seed: CalibratedClassifierCV(SVC(kernel="rbf", random_state=seed),
                                                method="sigmoid", ensemble=False, cv=5),
            {"estimator__C": [0.1, 1.0, 10.0], "estimator__gamma": ["scale", 0.01, 0.1]}),
    "knn": (lambda seed: KNeighborsClassifier(algorithm="brute"),
            {"n_neighbors": [5, 9, 15], "weights": ["uniform", "distance"]}),
    "decision_tree": (lambda seed: DecisionTreeClassifier(random_state=seed),
                      {"max_depth": [2, 3, 5], "min_samples_leaf": [5, 10]}),
    "random_forest": (lambda seed: RandomForestClassifier(n_estimators=200, n_jobs=1,
                                                          random_state=seed),
                      {"max_depth": [None, 4], "max_features": ["sqrt", 0.3]}),
    "extra_trees": (lambda seed: ExtraTreesClassifier(n_estimators=200, n_jobs=1,
                                                      random_state=seed),
                    {"max_depth": [None, 4], "max_features": ["sqrt", 0.3]}),
    "xgboost": (_xgboost, {"max_depth": [2, 3], "subsample": [0.8, 1.0]}),
    "lightgbm": (_lightgbm, {"num_leaves": [4, 8], "min_child_samples": [5, 10]}),
}


def make_classifier(name: str, *, grid: dict | None = None, inner_folds: int = 5,
                    random_state: int = 0) -> GridSearchCV:
    """A seeded classifier with its grid, tuned by inner CV when fitted."""
    check_known_keys([name], CLASSIFIERS, "classifiers")
    build, default_grid = CLASSIFIERS[name]
    estimator = build(random_state)
    grid = default_grid if grid is None else grid
    check_known_keys(grid, estimator.get_params(), f"the grid of '{name}'")
    inner = StratifiedKFold(n_splits=inner_folds, shuffle=True, random_state=random_state)
    return GridSearchCV(estimator, grid, scoring="roc_auc", cv=inner, n_jobs=1, refit=True)
