"""The leakage-proof chain: normalise -> select -> fit, refitted inside every fold.

``make_pipeline`` builds one scikit-learn Pipeline from plain settings;
``cross_validated_predictions`` clones and fits it on each training fold only, predicts
the held-out fold, and returns the out-of-fold probabilities with an audit record per
fitted step (checked on the spot with ``audit.check``). ``fit_final`` fits it on the
whole training cohort for external validation.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from axilla.errors import InputError, SettingsError
from axilla.models import audit
from axilla.models.classifiers import CLASSIFIERS, make_classifier
from axilla.models.logistic import LogisticMLE
from axilla.models.radscore import RadScore
from axilla.models.splits import repeated_folds
from axilla.select.chain import make_chain
from axilla.select.normalise import METHODS, FeatureScaler


def make_pipeline(*, normalise: str | None = "zscore", selection=("ttest", "lasso"),
                  radscore: bool = False, model: str = "logistic_mle",
                  model_params: dict | None = None, random_state: int = 0) -> Pipeline:
    """``normalise -> selection steps [-> rad-score] -> model``.

    ``radscore=True`` reduces the selected features to the LASSO-CV rad-score before the
    model; model is ``logistic_mle`` (unpenalised), ``radscore`` (the signature's own
    probability) or a name in ``classifiers.CLASSIFIERS``; ``model_params`` go to the
    RadScore (radscore model) or to ``make_classifier``."""
    model_params = dict(model_params or {})
    steps = []
    if normalise is not None:
        if normalise not in METHODS:
            raise SettingsError(f"unknown normalisation '{normalise}'",
                                fix=f"use one of {METHODS} or None")
        steps.append(("normalise", FeatureScaler(method=normalise)))
    if selection:
        steps += make_chain(list(selection), random_state=random_state).steps
    if radscore:
        steps.append(("radscore", RadScore(random_state=random_state)))
    if model == "logistic_mle":
        steps.append(("model", LogisticMLE()))
    elif model == "radscore":
        steps.append(("model", RadScore(**{"random_state": random_state, **model_params})))
    elif model in CLASSIFIERS:
        steps.append(("model", make_classifier(model, random_state=random_state,
                                               **model_params)))
    else:
        raise SettingsError(f"unknown model '{model}'",
                            fix=f"use logistic_mle, radscore or one of {sorted(CLASSIFIERS)}")
    return Pipeline(steps).set_output(transform="pandas")


def _as_frame(X) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame):
        raise InputError("features must be a DataFrame indexed by patient id",
                         fix="pass features.set_index('patient')")
    return X


def fit_final(pipeline: Pipeline, X: pd.DataFrame, y, *, label: str = "final"):
    """Fit a clone on all of ``X`` (the training cohort); return it and its audit records."""
    X = _as_frame(X)
    fitted = clone(pipeline).fit(X, np.asarray(y))
    records = [audit.record(f"{label} / {name}", step, X.index) for name, step in fitted.steps]
    return fitted, records


@dataclass(frozen=True)
class CVPredictions:
    """Out-of-fold predictions (one row per patient and repeat) and the audit trail."""

    predictions: pd.DataFrame   # columns: patient, repeat, fold, y, probability
    records: list


def cross_validated_predictions(pipeline: Pipeline, X: pd.DataFrame, y, *, n_splits: int = 5,
                                n_repeats: int = 1, random_state: int = 0, groups=None,
                                folds=None) -> CVPredictions:
    """Fit the whole pipeline inside each training fold and predict the held-out fold.

    ``folds`` (a list of (train, test) positions) overrides the repeated stratified
    k-fold; it is then labelled as one repeat.
    """
    X = _as_frame(X)
    y = np.asarray(y)
    per_repeat = n_splits
    if folds is None:
        folds = repeated_folds(y, n_splits=n_splits, n_repeats=n_repeats,
                               random_state=random_state, groups=groups)
    else:
        per_repeat = len(folds)
    rows, records = [], []
    for k, (train, test) in enumerate(folds):
        repeat, fold = divmod(k, per_repeat)
        fitted, fold_records = fit_final(pipeline, X.iloc[train], y[train],
                                         label=f"repeat {repeat + 1} fold {fold + 1}")
        audit.check(fold_records, X.index[test])
        records += fold_records
        rows.append(pd.DataFrame({"patient": X.index[test], "repeat": repeat + 1,
                                  "fold": fold + 1, "y": y[test],
                                  "probability": fitted.predict_proba(X.iloc[test])[:, 1]}))
    return CVPredictions(pd.concat(rows, ignore_index=True), records)
