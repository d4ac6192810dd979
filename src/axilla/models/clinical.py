"""Clinical (and combined) logistic models: univariable screening, then stepwise.

The usual radiomics-nomogram recipe (e.g. Huang et al. 2016, J Clin Oncol 34:2157):
each candidate factor is tested alone (likelihood-ratio test of ``y ~ factor`` against
``y ~ 1``, whole factor at once); factors with p < ``screen_p`` enter a multivariable
logistic model reduced by ``stepwise`` (R ``step`` semantics). Terms in ``forced`` (the
rad-score of a combined model) skip screening and are never removed.
Missing values: ``missing="complete"`` drops incomplete rows (complete-case, R's
default ``na.omit``); ``missing="impute"`` fills numeric columns with the training
median and factors with the training mode, values learnt on training patients only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from axilla.errors import InputError, SettingsError
from axilla.models.design import DesignSpec, design_matrix, infer_spec
from axilla.models.logistic import LogisticFit, fit_logistic, lr_test, profile_ci
from axilla.models.stepwise import StepResult, stepwise
from axilla.select._outcome import check_binary_outcome

MISSING_POLICIES = ("complete", "impute")


@dataclass(frozen=True)
class ClinicalModel:
    """A fitted clinical / combined model and how it was reached."""

    outcome: str
    spec: DesignSpec
    fit: LogisticFit
    screening: pd.DataFrame          # term, df, lr_chisq, p_value, entered
    step: StepResult | None
    fill_values: dict = field(default_factory=dict)   # imputation learnt on training
    n_dropped: int = 0                                # rows dropped as incomplete

    def prepare(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The model's columns of ``frame`` with the training imputation applied."""
        missing = [t for t in self.spec.terms if t not in frame.columns]
        if missing:
            raise InputError(f"the table lacks the model's columns {missing}",
                             fix="add them to the clinical table")
        return frame[list(self.spec.terms)].fillna(self.fill_values)

    def linear_predictor(self, frame: pd.DataFrame) -> np.ndarray:
        return self.fit.linear_predictor(design_matrix(self.prepare(frame), self.spec))

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.linear_predictor(frame)))

    def odds_ratios(self, frame: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
        """Coefficient table with Wald and profile-likelihood CIs on the OR scale.

        ``frame`` is the training table the model was fitted on (profiles refit it).
        """
        table = self.fit.table(level)
        data = self._training_rows(frame)
        low, high = profile_ci(design_matrix(data, self.spec), data[self.outcome], self.fit, level)
        table["or_profile_lower"], table["or_profile_upper"] = np.exp(low), np.exp(high)
        return table

    def _training_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        used = list(self.spec.terms) + [self.outcome]
        if self.fill_values:
            return frame[used].fillna(self.fill_values)
        return frame[used].dropna()


def handle_missing(frame: pd.DataFrame, columns: list[str], outcome: str,
                    policy: str) -> tuple[pd.DataFrame, dict, int]:
    if policy not in MISSING_POLICIES:
        raise SettingsError(f"missing must be one of {MISSING_POLICIES}, got {policy!r}",
                            fix="use 'complete' (drop incomplete rows) or 'impute'")
    data = frame[columns + [outcome]].dropna(subset=[outcome])
    if policy == "complete":
        complete = data.dropna()
        return complete, {}, len(frame) - len(complete)
    fill = {}
    for col in columns:
        if pd.api.types.is_numeric_dtype(data[col]):
            fill[col] = float(data[col].median())
        else:
            fill[col] = data[col].mode(dropna=True).iloc[0]
    return data.fillna(fill), fill, len(frame) - len(data)


def univariable_screen(frame: pd.DataFrame, outcome: str, spec: DesignSpec) -> pd.DataFrame:
    """LR test of each term alone against the intercept-only model."""
    y = frame[outcome]
    null = fit_logistic(np.zeros((len(frame), 0)), y)
    rows = []
    for term in spec.terms:
        sub = spec.subset([term])
        alone = fit_logistic(design_matrix(frame, sub), y, sub.columns)
        chisq, df, p = lr_test(null, alone)
        rows.append({"term": term, "df": df, "lr_chisq": chisq, "p_value": p})
    return pd.DataFrame(rows)


def fit_clinical_model(frame: pd.DataFrame, outcome: str, candidates, *, forced=(),
                       screen_p: float | None = 0.05, direction: str = "backward",
                       criterion: str = "aic", levels: dict | None = None,
                       reference: dict | None = None, missing: str = "complete",
                       alpha_enter: float = 0.05, alpha_remove: float = 0.10) -> ClinicalModel:
    """Screen ``candidates`` one by one, then select among them by stepwise regression.

    ``screen_p=None`` skips screening; ``direction=None`` skips stepwise (all screened
    terms stay). ``forced`` terms (e.g. ``"rad_score"``) are always in the model.
    """
    candidates, forced = list(candidates), list(forced)
    if outcome not in frame.columns:
        raise InputError(f"outcome column '{outcome}' is not in the table",
                         fix="name the 0/1 outcome column")
    data, fill, dropped = handle_missing(frame, forced + candidates, outcome, missing)
    check_binary_outcome(data[outcome], where="the training cohort")
    full = infer_spec(data, forced + candidates, reference=reference, levels=levels)
    screening = univariable_screen(data, outcome, full.subset(candidates))
    if screen_p is None:
        screening["entered"] = True
    else:
        screening["entered"] = screening["p_value"] < screen_p
    entered = forced + screening.loc[screening["entered"], "term"].tolist()
    spec = full.subset(entered)
    if direction is None:
        fit = fit_logistic(design_matrix(data, spec), data[outcome], spec.columns)
        return ClinicalModel(outcome, spec, fit, screening, None, fill, dropped)
    step = stepwise(data, data[outcome], spec, direction=direction, criterion=criterion,
                    lower=forced, alpha_enter=alpha_enter, alpha_remove=alpha_remove)
    return ClinicalModel(outcome, step.spec, step.fit, screening, step, fill, dropped)
