"""The report's sections: each builder turns one part of ReportInputs into HTML, or
returns None when that part was not given (the section is then left out)."""
from __future__ import annotations

import html
import json
import math

import pandas as pd
import yaml

from axilla.errors import InputError
from axilla.plots import (new_figure, panel_letter, plot_calibration, plot_coefficients,
                          plot_correlation, plot_decision_curve, plot_forest, plot_kaplan_meier,
                          plot_lasso_cv, plot_lasso_path, plot_nomogram, plot_qc_sheet,
                          plot_radscore_by_outcome, plot_radscore_waterfall, plot_roc)
from axilla.report.assets import Assets
from axilla.report.delta_section import delta_section
from axilla.report.inputs import PERFORMANCE_COLUMNS, THRESHOLD_METRICS, ReportInputs
from axilla.report.methods import methods_text
from axilla.stats.thresholds import N_BOOT

PANEL_COLUMNS = 3
METRIC_NAMES = {"sensitivity": "Sensitivity", "specificity": "Specificity",
                "accuracy": "Accuracy", "ppv": "PPV", "npv": "NPV", "f1": "F1"}


def _panels(count: int, panel=(3.2, 3.0)):
    """A figure with ``count`` lettered panels, at most PANEL_COLUMNS per row; spare ones hidden."""
    columns = min(count, PANEL_COLUMNS)
    fig, axes = new_figure(ncols=columns, nrows=math.ceil(count / columns), panel=panel)
    for ax in axes[count:]:
        ax.set_axis_off()
    fig.subplots_adjust(hspace=0.5, wspace=0.4)
    if count > 1:
        for index, ax in enumerate(axes[:count]):
            panel_letter(ax, index)
    return fig, axes[:count]


def _paragraphs(texts) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts)


def _plain(value):
    """numpy scalars as numbers, anything else (paths, ...) as text, for the YAML dump."""
    return value.item() if hasattr(value, "item") else str(value)


def summary(inputs: ReportInputs, assets: Assets) -> str:
    facts = [f"<dt>Study</dt><dd>{html.escape(inputs.name)}</dd>"]
    if inputs.description:
        facts.append(f"<dt>Description</dt><dd>{html.escape(inputs.description)}</dd>")
    if inputs.seed is not None:
        facts.append(f"<dt>Seed</dt><dd>{inputs.seed}</dd>")
    parts = [f'<dl class="facts">{"".join(facts)}</dl>']
    if inputs.versions:
        versions = pd.DataFrame({"software": list(inputs.versions),
                                 "version": list(inputs.versions.values())})
        parts.append(assets.table(versions, "versions", "Software versions."))
    if inputs.config:
        plain = json.loads(json.dumps(inputs.config, default=_plain))
        text = yaml.safe_dump(plain, sort_keys=False, allow_unicode=True)
        parts.append("<details><summary>Resolved study configuration</summary>"
                     f"<pre>{html.escape(text)}</pre></details>")
    return "".join(parts)


def cohorts(inputs: ReportInputs, assets: Assets) -> str | None:
    parts = []
    if inputs.cohort_flow is not None:
        parts.append(assets.table(inputs.cohort_flow, "cohort_flow", "Patients per cohort."))
    if inputs.exclusions is not None:
        parts.append(assets.table(inputs.exclusions, "exclusions",
                                  "Excluded patients with the reason."))
    return "".join(parts) or None


def table_one(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.table_one is None:
        return None
    return assets.table(inputs.table_one, "table_one",
                        "Patient characteristics by outcome and cohort (Table 1): n (%), "
                        "mean ± SD or median [IQR]; p compares the outcome groups within each "
                        "cohort, p (between cohorts) the cohorts; tests in the last column.")


def features(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.feature_counts is None:
        return None
    counts = inputs.feature_counts.copy()
    counts.index.name = counts.index.name or "image_type"
    return assets.table(counts, "feature_counts",
                        "Number of radiomic features per image type and feature family.")


def failures(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.failures is None:
        return None
    if inputs.failures.empty:
        return "<p>No case failed.</p>"
    return assets.table(inputs.failures, "failures",
                        "Cases that failed, with the error and the fix.")


def selection(inputs: ReportInputs, assets: Assets) -> str | None:
    parts = []
    if inputs.lasso is not None:
        fig, (cv_ax, path_ax) = _panels(2, panel=(3.4, 2.8))
        plot_lasso_cv(inputs.lasso, ax=cv_ax)
        plot_lasso_path(inputs.lasso, ax=path_ax)
        parts.append(assets.figure(fig, "lasso", "LASSO: (A) cross-validated binomial deviance "
                                   "against log(λ) with λ.min and λ.1se; (B) coefficient paths."))
    if inputs.coefficients is not None:
        parts.append(assets.figure(plot_coefficients(inputs.coefficients), "coefficients",
                                   "Selected features and their coefficients "
                                   "(negative coefficients hatched)."))
        table = pd.DataFrame({"feature": inputs.coefficients.index,
                              "coefficient": inputs.coefficients.to_numpy()})
        parts.append(assets.table(table, "coefficients", "Selected features."))
    if inputs.correlation is not None:
        parts.append(assets.figure(plot_correlation(inputs.correlation), "correlation",
                                   "Correlation of the kept features, clustered "
                                   "(average linkage on 1 − |r|)."))
    return "".join(parts) or None


def radscore(inputs: ReportInputs, assets: Assets) -> str | None:
    parts = []
    if inputs.radscore_formula:
        parts.append(f'<pre class="formula">{html.escape(inputs.radscore_formula)}</pre>')
    if inputs.radscores is not None:
        scores = inputs.radscores
        by_outcome = plot_radscore_by_outcome(scores, inputs.radscore_p)  # checks the columns
        cohort_names = list(dict.fromkeys(scores["cohort"]))
        fig, axes = _panels(len(cohort_names), panel=(3.4, 2.6))
        for ax, cohort in zip(axes, cohort_names):
            plot_radscore_waterfall(scores[scores["cohort"] == cohort], ax=ax, title=cohort)
        parts.append(assets.figure(fig, "radscore_waterfall", "Rad-score per patient, sorted, "
                                   "by cohort; solid bars are positive, hatched negative."))
        parts.append(assets.figure(by_outcome, "radscore_by_outcome",
                                   "Rad-score by outcome in each cohort."))
        parts.append(assets.table(scores, "radscores", "Rad-score of every patient.",
                                  folded=True))
    return "".join(parts) or None


def performance(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.performance is None:
        return None
    missing = [c for c in PERFORMANCE_COLUMNS if c not in inputs.performance.columns]
    if missing:
        raise InputError(f"performance table lacks column(s) {', '.join(missing)}",
                         fix=f"give the columns {', '.join(PERFORMANCE_COLUMNS)}")
    table = inputs.performance.loc[:, list(PERFORMANCE_COLUMNS)]
    return assets.table(table, "performance", "Discrimination and threshold metrics per model "
                        "and cohort, with 95% CIs: AUC as the study's ci setting (DeLong by "
                        "default); sensitivity, specificity, accuracy, PPV, NPV and F1 at the "
                        f"training threshold by stratified percentile bootstrap ({N_BOOT} "
                        "replicates, as pROC ci.coords).", shown=_estimates_with_cis(table))


def _estimates_with_cis(table: pd.DataFrame) -> pd.DataFrame:
    """The performance table for reading: each metric and its CI in one cell."""
    def cells(metric: str) -> list[str]:
        columns = [metric, f"{metric}_lower", f"{metric}_upper"]
        return [_with_ci(*values) for values in table[columns].itertuples(index=False)]

    shown = table.loc[:, ["model", "cohort", "n", "n_positive"]].copy()
    shown["AUC (95% CI)"] = cells("auc")
    shown["threshold"] = table["threshold"]
    for metric in THRESHOLD_METRICS:
        shown[f"{METRIC_NAMES[metric]} (95% CI)"] = cells(metric)
    return shown


def _with_ci(estimate, lower, upper, digits: int = 3) -> str:
    """``estimate (lower–upper)``; the estimate alone without a CI, "–" without either."""
    if pd.isna(estimate):
        return "–"
    if pd.isna(lower) or pd.isna(upper):
        return f"{estimate:.{digits}f}"
    return f"{estimate:.{digits}f} ({lower:.{digits}f}–{upper:.{digits}f})"


def _roc_label(inputs: ReportInputs, model: str, cohort: str) -> str:
    if inputs.performance is None:
        return model
    row = inputs.performance[(inputs.performance["model"] == model)
                             & (inputs.performance["cohort"] == cohort)]
    if row.empty:
        return model
    r = row.iloc[0]
    return f"{model}: AUC {r['auc']:.3f} ({r['auc_lower']:.3f}–{r['auc_upper']:.3f})"


def roc(inputs: ReportInputs, assets: Assets) -> str | None:
    if not inputs.roc_curves:
        return None
    cohort_names = list(dict.fromkeys(c.cohort for c in inputs.roc_curves))
    models = len({c.model for c in inputs.roc_curves})
    fig, axes = _panels(len(cohort_names), panel=(3.2, 3.0 + 0.15 * models))
    for ax, cohort in zip(axes, cohort_names):
        curves = {_roc_label(inputs, c.model, cohort): (c.fpr, c.tpr)
                  for c in inputs.roc_curves if c.cohort == cohort}
        plot_roc(curves, ax=ax, title=cohort)
    fig.set_layout_engine("constrained")   # room for the legends under the axes, row by row
    return assets.figure(fig, "roc", "ROC curves of each model, one panel per cohort.")


def delong(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.delong is None:
        return None
    if inputs.delong.empty:
        return ("<p>No paired DeLong test: it needs two models and a cohort with both "
                "outcome classes (at least 10 patients) where their rankings differ.</p>")
    return assets.table(inputs.delong, "delong", "Paired DeLong tests between models.")


def odds_ratios(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.odds_ratios is None or inputs.odds_ratios.empty:
        return None
    table = inputs.odds_ratios
    shown = table.loc[:, ["model", "variable"]].copy()
    shown["OR (95% CI)"] = [_with_ci(*values, digits=2) for values in
                            table[["odds_ratio", "or_lower", "or_upper"]].itertuples(index=False)]
    shown["p"] = table["p_value"]
    shown["CI"] = table["ci_method"]
    return assets.table(table, "odds_ratios", "Odds ratios of the final clinical and combined "
                        "logistic models, OR = exp(coefficient), with 95% CIs of the kind named "
                        "in the CI column (profile likelihood as MASS confint.glm; Wald where a "
                        "profile does not reach the CI level); p from the Wald z test.",
                        shown=shown)


def nomogram(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.nomogram is None:
        return None
    fig = plot_nomogram(inputs.nomogram, risk_label=inputs.nomogram_risk_label)
    points = pd.DataFrame([{"predictor": axis.name, "value": str(value), "points": point}
                           for axis in inputs.nomogram.axes
                           for value, point in zip(axis.values, axis.points)])
    return (assets.figure(fig, "nomogram", "Nomogram: read each predictor's points on the top "
                          "axis, add them, and read the risk under the total.")
            + assets.table(points, "nomogram_points", "Points per predictor value."))


def calibration(inputs: ReportInputs, assets: Assets) -> str | None:
    if not inputs.calibration:
        return None
    fig, axes = _panels(len(inputs.calibration))
    for ax, curve in zip(axes, inputs.calibration):
        plot_calibration(curve, ax=ax, title=f"{curve.model} — {curve.cohort}")
    stats = pd.DataFrame([{"model": c.model, "cohort": c.cohort, "slope": c.slope,
                           "intercept": c.intercept, "hl_p": c.hl_p} for c in inputs.calibration])
    corrected = any(getattr(c, "corrected", None) is not None for c in inputs.calibration)
    lines = ("apparent (dashed), bias-corrected (solid, bootstrap) and ideal (dotted)"
             if corrected else "apparent (dashed) and ideal (dotted)")
    if any(getattr(c, "groups", None) is not None for c in inputs.calibration):
        lines += ("; open circles: observed proportion in each decile of predicted risk, "
                  "shaded: its Wilson 95% CI")
    if any(getattr(c, "risks", None) is not None for c in inputs.calibration):
        lines += "; spikes along the bottom: distribution of the predicted risks"
    return (assets.figure(fig, "calibration", f"Calibration curves: {lines}.")
            + assets.table(stats, "calibration_summary", "Calibration slope, intercept and "
                           "Hosmer–Lemeshow p-value."))


def decision_curves(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.decision_curves is None:
        return None
    curves = inputs.decision_curves
    groups = (list(curves.groupby("cohort", sort=False)) if "cohort" in curves.columns
              else [("", curves)])
    fig, axes = _panels(len(groups), panel=(3.6, 3.0))
    for ax, (cohort, part) in zip(axes, groups):
        plot_decision_curve(part, ax=ax, title=str(cohort) or None)
    return assets.figure(fig, "decision_curves", "Decision curves: net benefit of each model "
                         "against treating all and treating none.")


def reclassification(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.reclassification is None:
        return None
    return assets.table(inputs.reclassification, "reclassification",
                        "Net reclassification improvement (NRI) and integrated "
                        "discrimination improvement (IDI).")


def subgroups(inputs: ReportInputs, assets: Assets) -> str | None:
    """One forest panel per (model, cohort) of the table, titled with both; a table
    without those columns gets one untitled panel."""
    if inputs.subgroups is None:
        return None
    table = inputs.subgroups
    keys = [c for c in ("model", "cohort") if c in table.columns]
    parts = list(table.groupby(keys, sort=False)) if keys else [((), table)]
    fig, axes = _panels(len(parts), panel=(5.0, 0.9 + 0.24 * max(len(p) for _, p in parts)))
    for ax, (key, part) in zip(axes, parts):
        plot_forest(part, ax=ax, title=" — ".join(map(str, key)) if keys else None)
    return (assets.figure(fig, "subgroups", "AUC with 95% CI within subgroups, one panel per "
                          "model and cohort (named above each); dotted line AUC 0.5.")
            + assets.table(table, "subgroups", "Subgroup AUCs."))


def survival(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.survival is None:
        return None
    fig = plot_kaplan_meier(inputs.survival, inputs.logrank_p,
                            time_label=inputs.survival_time_label,
                            at_risk=inputs.survival_at_risk)
    return assets.figure(fig, "survival", "Kaplan–Meier curves by predicted risk group "
                         "(shaded: 95% CI).")


def qc(inputs: ReportInputs, assets: Assets) -> str | None:
    if not inputs.qc_cases:
        return None
    rings = any(getattr(c, "ring", None) is not None or (isinstance(c, tuple) and len(c) > 3)
                for c in inputs.qc_cases)
    outlines = "ROI (solid) and peritumoral ring (dashed)" if rings else "ROI outlined"
    return assets.figure(plot_qc_sheet(inputs.qc_cases), "qc_segmentation",
                         f"Segmentation check: {outlines} on each case's largest slice.")


def leakage(inputs: ReportInputs, assets: Assets) -> str | None:
    if inputs.leakage_audit is None:
        return None
    return assets.table(inputs.leakage_audit, "leakage_audit", "Leakage audit: the patients "
                        "each fitted step saw; no validation patient may appear.")


def methods(inputs: ReportInputs, assets: Assets) -> str | None:
    texts = inputs.methods or methods_text(inputs.config, inputs.versions, inputs.seed)
    return _paragraphs(texts) if texts else None


#: (id, title, builder) in report order; the checklists section is added by html.py.
SECTIONS = (
    ("summary", "Study summary", summary),
    ("methods", "Methods", methods),
    ("cohorts", "Cohorts and patient flow", cohorts),
    ("table-one", "Patient characteristics", table_one),
    ("features", "Radiomic features", features),
    ("failures", "Failed cases", failures),
    ("qc", "Segmentation quality control", qc),
    ("selection", "Feature selection", selection),
    ("radscore", "Rad-score", radscore),
    ("performance", "Model performance", performance),
    ("roc", "ROC curves", roc),
    ("delong", "Model comparison", delong),
    ("odds-ratios", "Odds ratios", odds_ratios),
    ("nomogram", "Nomogram", nomogram),
    ("calibration", "Calibration", calibration),
    ("decision-curves", "Decision curve analysis", decision_curves),
    ("reclassification", "Reclassification", reclassification),
    ("subgroups", "Subgroup analysis", subgroups),
    ("survival", "Survival by risk group", survival),
    ("delta", "Delta-radiomics and radiogenomics", delta_section),
    ("leakage", "Leakage audit", leakage),
)
