"""What a report is made of: results computed elsewhere, gathered in one dataclass.

Every field is optional; a report section appears exactly when its data is given. The
report draws and tabulates these values and never computes a statistic (compute, then
draw). Small records (``RocCurve``, ``CalibrationCurve``, ``LassoPath``, ``QcCase``) are
defined here for convenience; any object with the same attribute names works.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

#: Metrics at the threshold, each with ``_lower`` / ``_upper`` (pROC ``ci.coords``:
#: stratified percentile bootstrap) in the performance table.
THRESHOLD_METRICS = ("sensitivity", "specificity", "accuracy", "ppv", "npv", "f1")
#: Columns of the model-performance table, in order (tables/performance.csv).
PERFORMANCE_COLUMNS = ("model", "cohort", "n", "n_positive", "auc", "auc_lower", "auc_upper",
                       "threshold",
                       *(f"{m}{end}" for m in THRESHOLD_METRICS for end in ("", "_lower", "_upper")))


@dataclass
class RocCurve:
    """One model's ROC curve on one cohort (as ``axilla.stats.auc_ci`` gives it)."""

    model: str
    cohort: str
    fpr: np.ndarray
    tpr: np.ndarray

    @classmethod
    def from_auc_ci(cls, model: str, cohort: str, result) -> RocCurve:
        """From ``axilla.stats.auc_ci(...)``: its curve's 1 − specificity and sensitivity."""
        curve = result.curve
        return cls(model, cohort, 1.0 - np.asarray(curve.specificity, dtype=float),
                   np.asarray(curve.sensitivity, dtype=float))


@dataclass
class CalibrationCurve:
    """One model's calibration on one cohort; ``corrected`` only where bootstrapped;
    ``groups``: observed proportion with its CI per risk group (as
    ``axilla.stats.grouped_calibration`` gives it); ``risks``: each patient's predicted
    probability (drawn as a histogram)."""

    model: str
    cohort: str
    predicted: np.ndarray
    apparent: np.ndarray
    corrected: np.ndarray | None = None
    hl_p: float | None = None
    slope: float | None = None
    intercept: float | None = None
    groups: pd.DataFrame | None = None
    risks: np.ndarray | None = None

    @classmethod
    def from_stats(cls, model: str, cohort: str, curve, hosmer_lemeshow=None,
                   calibration=None) -> CalibrationCurve:
        """From ``axilla.stats.calibration_curve`` (or any object with ``predicted``,
        ``apparent`` and optional ``corrected``), with the p-value of
        ``hosmer_lemeshow(...)`` and the slope and intercept of ``calibration_stats(...)``."""
        return cls(model, cohort, curve.predicted, curve.apparent,
                   getattr(curve, "corrected", None),
                   None if hosmer_lemeshow is None else hosmer_lemeshow.p_value,
                   None if calibration is None else calibration.slope,
                   None if calibration is None else calibration.intercept)


@dataclass
class LassoPath:
    """The LASSO-CV fit as glmnet reports it; ``coef_path`` is features x lambdas."""

    lambdas: np.ndarray
    cvm: np.ndarray
    cvsd: np.ndarray
    lambda_min: float
    lambda_1se: float
    coef_path: np.ndarray
    feature_names: list[str]


@dataclass
class QcCase:
    """One patient's largest ROI slice with its outlines (2-D arrays of one shape)."""

    patient: str
    image: np.ndarray
    mask: np.ndarray
    ring: np.ndarray | None = None


@dataclass
class ReportInputs:
    """Everything a study run hands to :func:`axilla.report.build_report`.

    Tables are pandas DataFrames with the columns named in each comment.
    """

    # study summary
    name: str = "Axilla study"
    description: str = ""
    seed: int | None = None
    versions: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    methods: list[str] = field(default_factory=list)   # written paragraphs; else from config
    # data
    cohort_flow: pd.DataFrame | None = None      # cohort, n_patients, n_positive
    exclusions: pd.DataFrame | None = None       # patient, cohort, reason
    table_one: pd.DataFrame | None = None        # as axilla.stats.table_one returns it
    feature_counts: pd.DataFrame | None = None   # index image type, columns family, counts
    failures: pd.DataFrame | None = None         # patient, file, error, fix
    # selection and rad-score
    lasso: LassoPath | None = None
    coefficients: pd.Series | None = None        # feature -> coefficient
    correlation: pd.DataFrame | None = None      # square matrix of kept features
    radscore_formula: str | None = None
    radscores: pd.DataFrame | None = None        # patient, cohort, score, outcome (0/1)
    radscore_p: dict[str, float] = field(default_factory=dict)   # cohort -> p (by outcome)
    # models
    performance: pd.DataFrame | None = None      # PERFORMANCE_COLUMNS
    roc_curves: list[RocCurve] = field(default_factory=list)
    delong: pd.DataFrame | None = None           # cohort, model_1, model_2, z, p, ...
    odds_ratios: pd.DataFrame | None = None      # model, variable, odds_ratio, or_lower,
                                                 # or_upper, p_value, ci_method
    nomogram: Any = None                         # axes, total_points, risk_axis
    nomogram_risk_label: str = "Risk of ALN metastasis"
    calibration: list[CalibrationCurve] = field(default_factory=list)
    decision_curves: pd.DataFrame | None = None  # [cohort,] threshold, model, net_benefit
    reclassification: pd.DataFrame | None = None  # NRI/IDI rows
    subgroups: pd.DataFrame | None = None        # factor, level, n, auc, lower, upper[, note]
    survival: pd.DataFrame | None = None         # strata, time, surv[, lower, upper]
    survival_at_risk: pd.DataFrame | None = None  # strata, time, n_risk (kaplan_meier .at)
    logrank_p: float | None = None
    survival_time_label: str = "Time (months)"
    qc_cases: list[QcCase] = field(default_factory=list)  # or (patient, image, mask[, ring])
    checklist_facts: dict[str, str] = field(default_factory=dict)   # item id -> text
    leakage_audit: pd.DataFrame | None = None    # step, fitted_on, n_patients, overlap
    delta: Any = None                            # report.delta_section.DeltaInputs
