"""Every statistic of a study, computed once from the models' predictions.

``predictions`` is a DataFrame indexed by patient with one probability column per
model; thresholds come from the training cohort only and are applied unchanged to every
other cohort. The report draws these results; it computes nothing.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from axilla import stats
from axilla.stats.delong import holm
from axilla.stats.lowess import lowess
from axilla.errors import ModelError, StatsError
from axilla.report.inputs import (PERFORMANCE_COLUMNS, THRESHOLD_METRICS, CalibrationCurve,
                                  RocCurve)
from axilla.study.data import StudyData


def _both_classes(y: pd.Series) -> bool:
    return y.nunique() == 2


def training_thresholds(predictions: pd.DataFrame, data: StudyData, rule,
                        target: float = 0.9) -> dict[str, float]:
    """Each model's threshold: a fixed probability, or the training cohort's optimum
    (Youden, closest to (0, 1), or the most specific one with sensitivity >= target)."""
    if isinstance(rule, (int, float)):
        return {m: float(rule) for m in predictions.columns}
    train = data.is_training
    return {m: stats.optimal_cutpoint(data.y[train], predictions.loc[train, m], rule,
                                      target=target).threshold
            for m in predictions.columns}


def performance(predictions: pd.DataFrame, data: StudyData, thresholds: dict, *,
                ci: str = "delong", n_boot: int = 1000, seed: int = 0,
                constant: set[str] = frozenset()):
    """The performance table (one row per model x cohort) and the ROC curves. The models
    in ``constant`` are intercept-only: AUC 0.5 (every pair tied) and no threshold or
    threshold metric, since every threshold puts all patients on one side."""
    rows, curves = [], []
    for cohort in data.cohorts():
        members = data.cohort == cohort
        y = data.y[members]
        for model in predictions.columns:
            prob = predictions.loc[members, model]
            row = {"model": model, "cohort": cohort, "n": int(len(y)),
                   "n_positive": int(y.sum())}
            if _both_classes(y) and len(y) >= 10:
                auc = stats.auc_ci(y, prob, method=ci, n_boot=n_boot, seed=seed)
                row |= {"auc": auc.auc, "auc_lower": auc.lower, "auc_upper": auc.upper}
                if model not in constant:
                    metrics = stats.threshold_metrics(y, prob, thresholds[model], seed=seed)
                    row |= {"threshold": thresholds[model], **_threshold_columns(metrics)}
                curve = auc.curve
                curves.append(RocCurve(model, cohort, 1 - curve.specificity, curve.sensitivity))
            rows.append(row)
    return pd.DataFrame(rows).reindex(columns=list(PERFORMANCE_COLUMNS)), curves


def _threshold_columns(metrics) -> dict:
    """Each threshold metric with its bootstrap CI (pROC ``ci.coords``), as table columns."""
    out = {"f1": metrics.f1, "f1_lower": metrics.f1_lower, "f1_upper": metrics.f1_upper}
    for name in (m for m in THRESHOLD_METRICS if m != "f1"):   # the Proportion fields
        p = getattr(metrics, name)
        out |= {name: p.estimate, f"{name}_lower": p.boot_lower, f"{name}_upper": p.boot_upper}
    return out


def delong_comparisons(predictions: pd.DataFrame, data: StudyData, models: list[str]) -> pd.DataFrame:
    """Paired DeLong tests of every pair of ``models`` within each cohort (Holm-adjusted)."""
    tables = []
    for cohort in data.cohorts():
        members = data.cohort == cohort
        y = data.y[members]
        if not _both_classes(y) or len(y) < 10 or len(models) < 2:
            continue
        rows = []
        for a, b in combinations(models, 2):
            try:
                t = stats.delong_test(y, predictions.loc[members, a], predictions.loc[members, b])
            except StatsError:
                continue  # identical rankings: no test, nothing to report
            rows.append({"cohort": cohort, "model_1": a, "model_2": b, "auc_1": t.auc1,
                         "auc_2": t.auc2, "difference": t.difference, "lower": t.lower,
                         "upper": t.upper, "z": t.z, "p": t.p_value})
        if rows:
            table = pd.DataFrame(rows)
            table["p_holm"] = holm(table["p"].to_numpy())
            tables.append(table)
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=[
        "cohort", "model_1", "model_2", "auc_1", "auc_2", "difference", "lower", "upper",
        "z", "p", "p_holm"])


#: What a calibration statistic of a model with no predictor is: its predictions are one
#: constant (the training prevalence), so slope, curve and Hosmer-Lemeshow groups do not exist.
INTERCEPT_ONLY = "not defined (intercept-only model)"


def intercept_only(models: dict) -> set[str]:
    """The fitted logistic models (``ClinicalModel``) whose selection kept no predictor."""
    return {name for name, model in models.items() if not model.spec.terms}


def calibration(predictions: pd.DataFrame, data: StudyData, models: list[str],
                corrected: dict | None = None, constant: set[str] = frozenset()
                ) -> tuple[list[CalibrationCurve], pd.DataFrame]:
    """Calibration curves (lowess, as rms val.prob) and statistics per model x cohort;
    each curve also carries the observed proportion with its Wilson 95% CI in deciles of
    predicted risk (the groups of Hosmer-Lemeshow) and the patients' predicted risks.

    ``corrected`` maps model -> (grid, bias-corrected curve) from the optimism bootstrap on
    the training cohort (rms ``calibrate``), or the reason there is none. The models in
    ``constant`` are intercept-only: their rows say :data:`INTERCEPT_ONLY` and they get
    no curve. Where Hosmer-Lemeshow alone is not defined (fewer than 3 risk groups) the
    other statistics and the curve stay and the note says why the test is missing.
    """
    curves, rows = [], []
    corrected = corrected or {}
    for cohort in data.cohorts():
        members = data.cohort == cohort
        y = data.y[members].to_numpy()
        if not _both_classes(pd.Series(y)) or len(y) < 10:
            continue
        for model in models:
            row = {"model": model, "cohort": cohort}
            if model in constant:
                rows.append(row | {"note": INTERCEPT_ONLY})
                continue
            prob = np.clip(predictions.loc[members, model].to_numpy(), 1e-9, 1 - 1e-9)
            try:
                cs = stats.calibration_stats(y, prob)
            except StatsError as exc:  # e.g. a constant prediction: say why, draw nothing
                rows.append(row | {"note": str(exc)})
                continue
            notes, hl = [], None
            try:
                hl = stats.hosmer_lemeshow(y, prob)
            except StatsError as exc:  # too few distinct predictions for 3 risk groups
                notes.append(str(exc))
            grid, smooth = lowess(prob, y, iterations=0)
            entry = CalibrationCurve(model, cohort, np.asarray(grid), np.asarray(smooth),
                                     hl_p=np.nan if hl is None else hl.p_value, slope=cs.slope,
                                     intercept=cs.intercept,
                                     groups=stats.grouped_calibration(y, prob), risks=prob)
            if cohort == data.training and isinstance(corrected.get(model), tuple):
                grid_c, corr = corrected[model]
                entry.corrected = np.interp(entry.predicted, grid_c, corr)
            elif cohort == data.training and model in corrected:
                notes.append(corrected[model])
            curves.append(entry)
            hl_columns = ({} if hl is None else
                          {"hl_statistic": hl.statistic, "hl_df": hl.df, "hl_p": hl.p_value})
            rows.append(row | {"intercept": cs.intercept, "slope": cs.slope, "brier": cs.brier,
                               "scaled_brier": cs.scaled_brier,
                               "spiegelhalter_z": cs.spiegelhalter_z,
                               "spiegelhalter_p": cs.spiegelhalter_p,
                               "e_over_o": cs.expected_over_observed, "ici": cs.ici,
                               "e90": cs.e90, **hl_columns, "note": "; ".join(notes)})
    return curves, pd.DataFrame(rows)


def decision_curves(predictions: pd.DataFrame, data: StudyData, models: list[str]) -> pd.DataFrame:
    """Net benefit per cohort for the models, treat-all and treat-none."""
    tables = []
    thresholds = np.round(np.arange(0.01, 1.0, 0.01), 2)
    for cohort in data.cohorts():
        members = data.cohort == cohort
        y = data.y[members]
        if not _both_classes(y) or len(y) < 10:
            continue
        probs = {m: np.clip(predictions.loc[members, m].to_numpy(), 0, 1) for m in models}
        table = stats.net_benefit(y.to_numpy(), probs, thresholds)
        table.insert(0, "cohort", cohort)
        tables.append(table)
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()


def reclassification(predictions: pd.DataFrame, data: StudyData,
                     pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """Continuous NRI and IDI of each (old, new) model pair per cohort (Hmisc improveProb)."""
    rows = []
    for cohort in data.cohorts():
        members = data.cohort == cohort
        y = data.y[members]
        if not _both_classes(y) or len(y) < 10:
            continue
        for old, new in pairs:
            try:
                r = stats.nri_idi(y.to_numpy(), predictions.loc[members, old].to_numpy(),
                                  predictions.loc[members, new].to_numpy())
            except StatsError as exc:  # e.g. identical predictions: say why
                rows.append({"cohort": cohort, "old": old, "new": new, "measure": "NRI/IDI",
                             "note": str(exc)})
                continue
            for name, est in (("NRI", r.nri), ("NRI events", r.nri_events),
                              ("NRI non-events", r.nri_nonevents), ("IDI", r.idi)):
                rows.append({"cohort": cohort, "old": old, "new": new, "measure": name,
                             "estimate": est.value, "lower": est.lower, "upper": est.upper,
                             "z": est.z, "p": est.p_value, "note": ""})
    return pd.DataFrame(rows)


def subgroups(predictions: pd.DataFrame, data: StudyData, model: str,
              factors: list[str], labels: dict | None = None) -> pd.DataFrame:
    """AUC with DeLong CI per level of each factor (``stats.subgroup_auc``), in the
    non-training cohorts pooled (or the training cohort when there is no other); the
    ``model`` and ``cohort`` columns say which, ``factor`` holds the human label where
    ``labels`` gives one."""
    labels = labels or {}
    held_out = ~data.is_training
    others = held_out if held_out.any() else data.is_training
    names = [c for c in data.cohorts() if c in set(data.cohort[others])]
    cohort = " + ".join(map(str, names)) + (" (pooled)" if len(names) > 1 else "")
    y, prob = data.y[others], predictions.loc[others, model]
    tables = [stats.subgroup_auc(y, prob, data.table.loc[others, factor].astype(str))
              .rename(columns={"group": "level", "events": "n_positive"})
              .assign(factor=labels.get(factor, factor)) for factor in factors]
    columns = ["model", "cohort", "factor", "level", "n", "n_positive", "auc", "lower", "upper",
               "note"]
    return pd.concat(tables, ignore_index=True).assign(model=model, cohort=cohort)[columns]


def survival_by_risk(predictions: pd.DataFrame, data: StudyData, model: str, threshold: float,
                     time: str, event: str) -> tuple[pd.DataFrame, pd.DataFrame, float, pd.DataFrame]:
    """Kaplan-Meier by predicted risk group (training threshold) over all cohorts, the
    numbers at risk, the log-rank p and the Cox hazard ratio of high vs low risk."""
    group = np.where(predictions[model] >= threshold, "high risk", "low risk")
    t, e = data.table[time].to_numpy(float), data.table[event].to_numpy(int)
    times = np.linspace(0, float(np.nanmax(t)), 6).round()
    km = stats.kaplan_meier(t, e, group=group, times=times)
    rank = stats.logrank(t, e, group)
    cox = stats.cox(t, e, pd.DataFrame({"high_risk": (group == "high risk").astype(float)}))
    return km.table, km.at, rank.p_value, cox.table


ODDS_RATIO_COLUMNS = ("model", "term", "variable", "estimate", "std_error", "odds_ratio",
                      "or_lower", "or_upper", "p_value", "ci_method")


def odds_ratios(models: dict, training: pd.DataFrame, labels: dict | None = None,
                level: float = 0.95) -> pd.DataFrame:
    """Odds ratios, exp(coefficient), of each fitted logistic model (``ClinicalModel``),
    one row per design column without the intercept. CIs are profile-likelihood ones
    (``ClinicalModel.odds_ratios``, as MASS ``confint.glm``); where a profile does not reach
    the CI level (near separation) the model's rows carry Wald CIs (``confint.default``)
    and ``ci_method`` says so and why. ``training`` is the table the models were fitted on;
    ``labels`` maps columns to human labels (a factor dummy reads "Label: level vs reference")."""
    labels = labels or {}
    tables = []
    for name, model in models.items():
        try:
            table = model.odds_ratios(training, level)
            table["or_lower"], table["or_upper"] = table["or_profile_lower"], table["or_profile_upper"]
            method = "profile likelihood"
        except ModelError as exc:
            table = model.fit.table(level)
            method = f"Wald (profile likelihood: {exc})"
        dummies = {f"{term}{value}": (term, value) for term, values in model.spec.levels.items()
                   for value in values[1:]}
        table = table[table["term"].isin(model.spec.columns)].copy()
        table["variable"] = [_term_label(column, dummies, model.spec.levels, labels)
                             for column in table["term"]]
        tables.append(table.assign(model=name, ci_method=method))
    if not tables:
        return pd.DataFrame(columns=list(ODDS_RATIO_COLUMNS))
    return pd.concat(tables, ignore_index=True).loc[:, list(ODDS_RATIO_COLUMNS)]


def _term_label(column: str, dummies: dict, levels: dict, labels: dict) -> str:
    if column not in dummies:
        return str(labels.get(column, column))
    term, value = dummies[column]
    return f"{labels.get(term, term)}: {value} vs {levels[term][0]}"


def bias_corrected(models: dict, table: pd.DataFrame, y: np.ndarray, n_boot: int,
                   seed: int) -> dict:
    """rms ``calibrate``-style optimism-corrected curves on the training cohort for each
    fitted logistic model (``ClinicalModel``), refitted on every bootstrap sample with its
    terms held fixed: model -> (grid, corrected curve), or the reason there is none (an
    intercept-only model has no curve to correct)."""
    from axilla.models.design import design_matrix
    from axilla.models.logistic import fit_logistic

    out = {}
    for name, model in models.items():
        if not model.spec.terms:
            out[name] = INTERCEPT_ONLY
            continue
        X = design_matrix(model.prepare(table), model.spec)

        def fit_fn(X_boot, y_boot):
            fit = fit_logistic(X_boot, y_boot)
            return fit.predict_proba

        try:
            curve = stats.calibration_curve(fit_fn, X, y, n_boot=n_boot, seed=seed)
        except (StatsError, ModelError) as exc:  # a bootstrap sample that cannot be fitted
            out[name] = f"no bias-corrected curve: a bootstrap refit failed ({exc})"
            continue
        out[name] = (curve.predicted, curve.corrected)
    return out
