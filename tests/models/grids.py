"""One-point grids that keep classifier tests fast (the defaults are tested separately)."""
SMALL_GRIDS = {
    "logistic": {"C": [0.1, 1.0]}, "svm": {"estimator__C": [1.0]}, "knn": {"n_neighbors": [5]},
    "decision_tree": {"max_depth": [3]}, "random_forest": {"n_estimators": [20]},
    "extra_trees": {"n_estimators": [20]}, "xgboost": {"n_estimators": [20]},
    "lightgbm": {"n_estimators": [20]},
}
