"""Small seeded synthetic results shaped like a study's output, for the report tests.

Only the shapes matter here: the report draws what it is given and computes nothing, so
these numbers need to be plausible, not correct.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from axilla.report import (CalibrationCurve, LassoPath, QcCase,
                           ReportInputs, RocCurve)
from axilla.report.delta_section import DeltaInputs

MODELS = ("Clinical", "Rad-score", "Nomogram")
COHORTS = ("Training", "Validation")
CONFIG = {
    "study": {"name": "Synthetic ALN study", "seed": 42},
    "preprocess": {"resample": [1.0, 1.0, 1.0], "n4": True, "normalise": "zscore"},
    "extraction": {"compat": "pyradiomics", "binWidth": 25,
                   "imageType": {"Original": {}, "Wavelet": {}, "LoG": {"sigma": [1.0, 2.0]}},
                   "featureClass": {"firstorder": [], "glcm": [], "glrlm": []}},
    "split": {"method": "stratified", "ratio": 0.7, "seed": 7},
    "selection": [{"method": "ttest", "p": 0.05}, {"method": "correlation", "threshold": 0.9},
                  {"method": "lasso", "nfolds": 10, "lambda": "1se", "seed": 11}],
    "models": [{"method": "radscore"}, {"method": "svm", "C": 1.0, "random_state": 13},
               {"method": "nomogram", "clinical": ["grade", "mri_ln_status"]}],
    "evaluation": {"bootstrap": 1000, "threshold": "youden"},
}
VERSIONS = {"axilla": "0.1.0", "python": "3.11.2", "numpy": "2.1.0", "scikit-learn": "1.5.2"}


def _roc(rng, separation: float, n: int = 60):
    y = np.r_[np.zeros(n // 2), np.ones(n // 2)]
    score = rng.normal(size=n) + separation * y
    thresholds = np.sort(score)[::-1]
    tpr = np.r_[0, [(score[y == 1] >= t).mean() for t in thresholds]]
    fpr = np.r_[0, [(score[y == 0] >= t).mean() for t in thresholds]]
    return fpr, tpr


def _performance(rng) -> pd.DataFrame:
    rows = []
    for model in MODELS:
        for cohort in COHORTS:
            auc = rng.uniform(0.7, 0.9)
            rows.append({"model": model, "cohort": cohort, "n": 60, "n_positive": 30,
                         "auc": auc, "auc_lower": auc - 0.08, "auc_upper": min(auc + 0.08, 1.0),
                         "threshold": 0.5,
                         **{f"{metric}{end}": value + shift for metric, value in
                            (("sensitivity", 0.8), ("specificity", 0.7), ("accuracy", 0.75),
                             ("ppv", 0.73), ("npv", 0.78), ("f1", 0.76))
                            for end, shift in (("", 0.0), ("_lower", -0.1), ("_upper", 0.08))},
                         "extra_column": "dropped by the report"})
    return pd.DataFrame(rows)


def _lasso(rng, features: list[str]) -> LassoPath:
    lambdas = np.exp(np.linspace(-1, -6, 30))
    cvm = 1.1 + 0.2 * (np.log(lambdas) + 3.5) ** 2 / 6 + rng.normal(0, 0.01, 30)
    shrink = np.clip(1 - lambdas[None, :] / np.linspace(0.05, 0.4, len(features))[:, None], 0, None)
    path = shrink * rng.normal(0, 0.6, (len(features), 1))
    return LassoPath(lambdas=lambdas, cvm=cvm, cvsd=np.full(30, 0.04),
                     lambda_min=float(lambdas[18]), lambda_1se=float(lambdas[12]),
                     coef_path=path, feature_names=features)


def _nomogram():
    axis = SimpleNamespace
    return SimpleNamespace(
        axes=[axis(name="Rad-score", values=[-2, -1, 0, 1, 2, 3], points=[0, 20, 40, 60, 80, 100]),
              axis(name="Grade", values=["I", "II", "III"], points=[0, 18.5, 31.0]),
              axis(name="MRI LN status", values=["negative", "positive"], points=[0, 27.4])],
        total_points=[0, 20, 40, 60, 80, 100, 120, 140, 160],
        risk_axis=[(38.0, 0.1), (55.0, 0.2), (72.0, 0.4), (88.0, 0.6), (105.0, 0.8),
                   (121.0, 0.9)])


def _qc_case(rng, patient: str) -> QcCase:
    yy, xx = np.mgrid[:48, :48]
    radius = rng.uniform(6, 10)
    distance = np.hypot(yy - 24, xx - 24)
    image = 100 + 40 * (distance < radius) + rng.normal(0, 8, (48, 48))
    return QcCase(patient, image, (distance < radius).astype(np.uint8),
                  ((distance >= radius) & (distance < radius + 4)).astype(np.uint8))


def make_inputs(seed: int) -> ReportInputs:
    """Every section's data, seeded."""
    rng = np.random.default_rng(seed)
    features = [f"original_glcm_F{i}" for i in range(8)]
    performance = _performance(rng)
    roc = [RocCurve(m, c, *_roc(rng, 1.0 + 0.5 * k)) for k, m in enumerate(MODELS) for c in COHORTS]
    grid = np.linspace(0.05, 0.95, 20)
    deciles = np.linspace(0.08, 0.9, 10)
    groups = pd.DataFrame({"predicted": deciles, "observed": np.clip(deciles + 0.03, 0, 1),
                           "lower": np.clip(deciles - 0.12, 0, 1),
                           "upper": np.clip(deciles + 0.15, 0, 1)})
    calibration = [CalibrationCurve(m, "Training", grid, np.clip(grid + rng.normal(0, .04, 20), 0, 1),
                                    np.clip(grid + rng.normal(0, .03, 20), 0, 1), hl_p=0.41,
                                    slope=0.95, intercept=-0.02, groups=groups,
                                    risks=rng.beta(2, 3, 80)) for m in MODELS[1:]]
    thresholds = np.linspace(0.01, 0.99, 50)
    dca = pd.concat([pd.DataFrame({"cohort": c, "threshold": thresholds, "model": m,
                                   "net_benefit": 0.5 - thresholds * (0.6 - 0.1 * k)})
                     for c in COHORTS for k, m in enumerate(("treat-all", "treat-none") + MODELS)])
    dca.loc[dca["model"] == "treat-none", "net_benefit"] = 0.0
    scores = pd.DataFrame({"patient": [f"P{i:03d}" for i in range(80)],
                           "cohort": np.repeat(COHORTS, 40),
                           "outcome": np.tile([0, 1], 40)})
    scores["score"] = rng.normal(size=80) + scores["outcome"]
    corr = pd.DataFrame(np.corrcoef(rng.normal(size=(8, 30))), index=features, columns=features)
    times = np.linspace(0, 60, 25)
    return ReportInputs(
        name="Synthetic ALN study", description="Seeded synthetic results for testing.",
        seed=42, versions=VERSIONS, config=CONFIG,
        cohort_flow=pd.DataFrame({"cohort": [*COHORTS, "excluded"], "n_patients": [40, 40, 1],
                                  "n_positive": [20, 20, np.nan]}),
        exclusions=pd.DataFrame({"patient": ["P900"], "cohort": ["Training"],
                                 "reason": ["mask empty"]}),
        table_one=pd.DataFrame({"variable": ["n", "Age (years)", "Grade", "Grade"],
                                "level": ["", "mean ± SD", "I-II", "III"],
                                "Training: ALN+": ["20", "50.3 ± 10.4", "2 (10.0%)", "18 (90.0%)"],
                                "Training: ALN−": ["20", "52.1 ± 9.8", "10 (50.0%)", "10 (50.0%)"],
                                "Training: p": [np.nan, 0.42, 0.0004, np.nan],
                                "Validation: ALN+": ["20", "51.0 ± 9.1", "6 (30.0%)", "14 (70.0%)"],
                                "Validation: ALN−": ["20", "53.3 ± 8.7", "9 (45.0%)", "11 (55.0%)"],
                                "Validation: p": [np.nan, 0.41, 0.51, np.nan]}),
        feature_counts=pd.DataFrame({"firstorder": [18, 144], "glcm": [24, 192]},
                                    index=pd.Index(["original", "wavelet"], name="image_type")),
        failures=pd.DataFrame({"patient": ["P901"], "file": ["P901_mask.nii.gz"],
                               "error": ["mask spacing differs from image spacing"],
                               "fix": ["resample the mask"]}),
        lasso=_lasso(rng, features),
        coefficients=pd.Series(rng.normal(0, 0.5, 5), index=features[:5]),
        correlation=corr, radscore_formula="Rad-score = -0.12 + 0.53 × original_glcm_F0 − ...",
        radscores=scores, radscore_p={"Training": 0.0002, "Validation": 0.013},
        performance=performance, roc_curves=roc,
        delong=pd.DataFrame({"cohort": ["Validation"], "model_1": ["Nomogram"],
                             "model_2": ["Clinical"], "z": [2.1], "p": [0.036]}),
        nomogram=_nomogram(), calibration=calibration, decision_curves=dca,
        reclassification=pd.DataFrame({"measure": ["NRI", "IDI"], "estimate": [0.41, 0.08],
                                       "lower": [0.12, 0.03], "upper": [0.70, 0.13], "p": [0.006, 0.002]}),
        odds_ratios=pd.DataFrame({"model": ["clinical", "combined", "combined"],
                                  "term": ["gradeIII", "rad_score", "gradeIII"],
                                  "variable": ["Grade: III vs I-II", "Rad-score",
                                               "Grade: III vs I-II"],
                                  "estimate": [1.2, 1.6, 0.9], "std_error": [0.4, 0.3, 0.45],
                                  "odds_ratio": np.exp([1.2, 1.6, 0.9]),
                                  "or_lower": [1.52, 2.75, 1.02], "or_upper": [7.4, 8.9, 6.0],
                                  "p_value": [0.003, 0.00001, 0.046],
                                  "ci_method": ["profile likelihood"] * 3}),
        subgroups=pd.DataFrame({"model": "Nomogram", "cohort": "Validation",
                                "factor": ["Age", "Age", "Subtype", "Subtype"],
                                "level": ["<50", "≥50", "Luminal", "HER2+"], "n": [30, 30, 40, 20],
                                "auc": [0.78, 0.82, 0.80, 0.75], "lower": [0.6, 0.66, 0.66, 0.52],
                                "upper": [0.93, 0.95, 0.92, 0.95]}),
        survival=pd.DataFrame({"strata": np.repeat(["Low risk", "High risk"], 25),
                               "time": np.r_[times, times],
                               "surv": np.r_[np.exp(-times / 200), np.exp(-times / 60)]}),
        survival_at_risk=pd.DataFrame({"strata": np.repeat(["Low risk", "High risk"], 4),
                                       "time": [0, 20, 40, 60] * 2,
                                       "n_risk": [40, 36, 30, 22, 40, 28, 15, 6]}),
        logrank_p=0.003, qc_cases=[_qc_case(rng, f"P{i:03d}") for i in range(4)],
        checklist_facts={"TRIPOD+AI 8a-c": "ALN status from surgical pathology."},
        leakage_audit=pd.DataFrame({"step": ["scaler", "lasso"], "n_patients": [40, 40],
                                    "validation_patients_seen": [0, 0]}),
        delta=DeltaInputs(paired=pd.DataFrame({
            "feature": ["original_glcm_F0"], "n": [24], "mean_pre": [1.2], "mean_post": [0.8],
            "mean_difference": [-0.4], "direction": ["down"], "t": [-2.6], "p_ttest": [0.016],
            "p_ttest_fdr": [0.016], "w": [61.0], "p_wilcoxon": [0.02], "p_wilcoxon_fdr": [0.02],
            "note": [""]}), n_pairs=24),
    )
