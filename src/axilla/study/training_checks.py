"""Can the cohorts be fitted and evaluated as the study asks? Checked before any fit.

On the patients a run keeps, three things stop it after extraction: a cohort with one
outcome class (no AUC, no calibration), a cross-validation with more folds than training
patients of one class, and a clinical candidate that separates the outcome in training
(the logistic maximum-likelihood estimate does not exist; Albert & Anderson 1984,
Biometrika 71:1) or is a factor with one level there.
"""
from __future__ import annotations

import inspect

import numpy as np
import pandas as pd

from axilla.errors import AxillaError
from axilla.io.problems import Problem
from axilla.models._separation import is_separated
from axilla.models.classifiers import make_classifier
from axilla.models.clinical import handle_missing
from axilla.models.design import design_matrix, infer_spec
from axilla.select.chain import STEPS
from axilla.study.config import ClinicalConfig, StudyConfig
from axilla.study.fit import factor_levels

#: the folds of the classifiers' tuning CV (``make_classifier``'s default, as run uses it)
CLASSIFIER_FOLDS = inspect.signature(make_classifier).parameters["inner_folds"].default


def cohort_problems(config: StudyConfig, table: pd.DataFrame, cohort: pd.Series, *,
                    skip: set[str] = frozenset()) -> list[Problem]:
    """Problems of the cohorts: ``cohort`` names every patient's cohort, ``table`` holds
    the patients the run keeps (outcome and clinical columns, indexed like ``cohort``);
    ``skip``: study sections with errors, whose checks are left out."""
    outcome, training = config.data.outcome, config.split.training
    problems = []
    if training not in set(cohort):
        problems.append(Problem(f"split.training '{training}'", "names no cohort",
                                f"cohorts present: {sorted(set(cohort))}"))
    lost = cohort[~cohort.index.isin(table.index)].value_counts()
    kept = cohort.reindex(table.index)
    failing = "fix the failing cases (validate lists them, a run writes them to failures.csv)"
    for name in dict.fromkeys(cohort):
        values = table.loc[kept == name, outcome]
        note = f" after leaving out {lost[name]} patient(s) without usable images, features " \
            "or outcome" if lost.get(name) else ""
        both = "a cohort needs patients of both classes for AUC and calibration"
        if values.empty:
            problems.append(Problem(f"cohort {name}", f"has no patient left{note}",
                                    f"give its patients images or features; {failing}"))
        elif values.nunique() < 2:
            problems.append(Problem(f"cohort {name}", f"has only outcome {values.iloc[0]} "
                                    f"({len(values)} patients){note}",
                                    f"{both}: {failing}, or merge or re-split" if note else
                                    f"{both}; merge or re-split"))
    train = table[kept == training]
    if train[outcome].nunique() < 2:
        return problems
    if skip.isdisjoint({"selection", "models", "evaluation"}):
        problems += fold_problems(train[outcome].astype(int), config)
    clinical = config.models.clinical
    if "models" not in skip and clinical is not None and clinical.candidates:
        usable = [c for c in clinical.candidates if c in train.columns]
        problems += separation_problems(train, outcome,
                                        clinical.model_copy(update={"candidates": usable}))
    return problems


def _cross_validations(config: StudyConfig) -> list[tuple[int, str, str]]:
    """(folds, what sets them, how to lower them) of every K-fold CV fitted on training."""
    out = [(config.evaluation.cv_folds, "evaluation.cv_folds (cross-validated AUC of the "
            "rad-score)", "set evaluation.cv_folds to at most {fewest}")]
    for k, step in enumerate(config.selection.steps):
        (name, params), = step.items()
        cls, defaults = STEPS[name]
        folds = params.get("n_folds", {**cls().get_params(), **defaults}.get("n_folds"))
        if folds is not None:
            out.append((int(folds), f"n_folds of selection step {k + 1} ({name})",
                        f"set n_folds of the {name} step to at most {{fewest}}"))
    if config.models.classifiers:
        out.append((CLASSIFIER_FOLDS, f"the {CLASSIFIER_FOLDS}-fold tuning CV of the "
                    f"classifiers ({', '.join(config.models.classifiers)})",
                    "remove models.classifiers"))
    return out


#: the fewest folds of any K-fold cross-validation (``evaluation.cv_folds`` >= 2)
MIN_FOLDS = 2


def fold_problems(y: pd.Series, config: StudyConfig) -> list[Problem]:
    """A K-fold CV on the training cohort needs at least K patients of each outcome class
    (the rule :func:`axilla.models.splits.repeated_folds` enforces for the evaluation CV)."""
    counts = y.value_counts()
    smaller, fewest = counts.idxmin(), int(counts.min())
    problems = []
    add = f"add training patients with outcome {smaller}"
    for folds, what, lower in _cross_validations(config):
        if fewest < folds:
            problems.append(Problem(
                f"cohort {config.split.training}",
                f"has {fewest} patient(s) with outcome {smaller} ({len(y)} in all), fewer than "
                f"the {folds} folds of {what}: each needs at least {folds} of each class",
                f"{lower.format(fewest=fewest)}, or {add}" if fewest >= MIN_FOLDS else
                f"{add} (a cross-validation has at least {MIN_FOLDS} folds)"))
    return problems


def separation_problems(train: pd.DataFrame, outcome: str,
                        clinical: ClinicalConfig) -> list[Problem]:
    """Each candidate alone, as the univariable screening fits it, on the training rows
    (missing values handled as ``clinical.missing`` says): a factor with one level, or a
    candidate whose values separate the outcome classes."""
    candidates = list(clinical.candidates)
    levels = factor_levels(train, candidates, clinical.categorical)
    data, _, _ = handle_missing(train, candidates, outcome, clinical.missing)
    y = data[outcome].to_numpy(int)
    problems = []
    for term in candidates:
        try:
            spec = infer_spec(data, [term], levels={term: levels[term]} if term in levels else None)
            X = design_matrix(data, spec)
        except AxillaError as exc:
            problems.append(Problem(f"clinical candidate '{term}'", exc.message, exc.fix or ""))
            continue
        if len(np.unique(y)) == 2 and is_separated(np.column_stack([np.ones(len(y)), X]), y):
            problems.append(_separation(term, data[term], y, term in spec.levels))
    return problems


def _separation(term: str, values: pd.Series, y: np.ndarray, factor: bool) -> Problem:
    where = f"clinical candidate '{term}'"
    drop = (f"drop '{term}' from models.clinical.candidates (the clinical model is an "
            "unpenalised logistic regression, whose estimate does not exist then)")
    if factor:
        text = values.astype(str).to_numpy()
        pure = [f"{term} = {level}: all {int((text == level).sum())} have outcome "
                f"{int(y[text == level][0])}" for level in sorted(set(text), key=str)
                if len(set(y[text == level])) == 1]
        return Problem(where, "separates the outcome in the training cohort ("
                       + "; ".join(pure) + ")",
                       f"merge the level(s) with a neighbouring level in the clinical table, "
                       f"or {drop}")
    x = values.to_numpy(float)
    low, high = (0, 1) if x[y == 0].max() <= x[y == 1].min() else (1, 0)
    return Problem(where, f"separates the outcome in the training cohort: every patient with "
                          f"outcome {low} has {term} <= {x[y == low].max():g} and every one "
                          f"with outcome {high} has {term} >= {x[y == high].min():g}",
                   f"check that '{term}' was not recorded from the outcome, then {drop}")
