"""The methods paragraphs of a study, written from its resolved config and its fit.

Plain sentences a user can paste into a paper: software, cohorts, preprocessing,
extraction, selection, models, evaluation and seeds — each number from this run.
"""
from __future__ import annotations

from axilla.models.radscore import RadScoreFormula
from axilla.preprocess import methods_sentences
from axilla.study.config import StudyConfig
from axilla.study.data import StudyData
from axilla.study.fit import StudyModels

_SPLITS = {
    "column": lambda s: f"Cohorts were taken from the '{s.column}' column of the clinical table.",
    "random": lambda s: (f"Patients were split at random, stratified by outcome, {s.ratio:.0%} "
                         "to the training cohort and the rest to validation."),
    "temporal": lambda s: (f"Patients were split by '{s.date_column}': the earliest "
                           f"{s.ratio:.0%} formed the training cohort, later patients the "
                           "validation cohort."),
    "centre": lambda s: (f"Centres {', '.join(s.external_centres)} formed the external "
                         f"cohort; the other centres were split at random ({s.ratio:.0%} "
                         "training)."),
}


def _settings_text(settings: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in settings.items()) or "PyRadiomics defaults"


#: PyRadiomics ``imageType`` -> how its features' names begin (``-`` ends a family of
#: images: ``wavelet-LLH``, ``log-sigma-1-0-mm-3D``, ``lbp-3D-m1``)
_NAME_PREFIXES = {"Original": "original", "Wavelet": "wavelet-", "LoG": "log-sigma-",
                  "Square": "square", "SquareRoot": "squareroot", "Logarithm": "logarithm",
                  "Exponential": "exponential", "Gradient": "gradient", "LBP2D": "lbp-2D",
                  "LBP3D": "lbp-3D-"}


def image_type_has_features(image_type: str, features: list[str]) -> bool:
    """Whether any feature name (``[sequence_roi_]imagetype_family_Feature``) is of
    ``image_type``."""
    prefix = _NAME_PREFIXES.get(image_type, image_type.lower())
    kinds = {name.split("_")[-3] for name in features if name.count("_") >= 2}
    return any(kind == prefix or (prefix.endswith("-") and kind.startswith(prefix))
               for kind in kinds)


def _image_types_text(image_types, features: list[str]) -> str:
    """The requested image types that gave features, and those that gave none (e.g. LoG
    on 2D images, which PyRadiomics skips), so the methods never claim features that the
    table does not hold."""
    used = [t for t in image_types if image_type_has_features(t, features)]
    unused = [t for t in image_types if t not in used]
    text = ", ".join(used) or "none"
    if unused:
        text += (f" ({', '.join(unused)} {'was' if len(unused) == 1 else 'were'} requested "
                 "but gave no features)")
    return text


def _step_text(step) -> str:
    if isinstance(step, str):
        return step
    name, params = next(iter(step.items()))
    return f"{name} ({_settings_text(params)})" if params else name


def _radscore_text(formula: RadScoreFormula) -> str:
    """The rad-score on raw feature values (centring and scaling shown, then expanded)
    and how its probability was fitted."""
    standardised, expanded, probability = (line.strip() for line in formula.text.splitlines())
    if formula.prob_source == "logistic":
        fitted = ("its probability is a logistic regression of the outcome on the rad-score, "
                  "fitted on the training cohort (and inside each cross-validation fold on "
                  "that fold's training patients)")
    else:
        fitted = ("the rad-score separates the training outcomes, so no logistic regression "
                  "on it exists and its probability is the LASSO's own")
    return (f"the rad-score is the LASSO linear predictor of {len(formula.table)} features, "
            f"on their raw values {standardised} {expanded} (full precision in "
            f"tables/radscore_formula.csv); {fitted}: {probability}.")


def study_methods(config: StudyConfig, data: StudyData, models: StudyModels,
                  versions: dict) -> list[str]:
    """Methods paragraphs for the report."""
    counts = "; ".join(f"{c}: {int((data.cohort == c).sum())} patients "
                       f"({int(data.y[data.cohort == c].sum())} with ALN metastasis)"
                       for c in data.cohorts())
    paragraphs = [
        f"Analyses used Axilla {versions.get('axilla')} (Python {versions.get('python')}, "
        f"NumPy {versions.get('numpy')}, SimpleITK {versions.get('SimpleITK')}, scikit-learn "
        f"{versions.get('scikit-learn')}). {_SPLITS[config.split.method](config.split)} "
        f"Cohorts: {counts}; {len(data.exclusions)} patients were excluded (reasons in the "
        "cohort table).",
    ]
    if config.preprocess:
        paragraphs.append(" ".join(methods_sentences(config.preprocess)))
    extraction = config.extraction
    if config.data.manifest is not None:
        paragraphs.append(
            f"Radiomic features ({len(data.features)} per patient) were extracted with "
            f"Axilla's PyRadiomics-compatible engine (values identical to PyRadiomics 3.1) "
            f"from the image types {_image_types_text(extraction.imageType, data.features)} "
            "and the feature classes "
            f"{', '.join(extraction.featureClass) or 'all'}; settings: "
            f"{_settings_text(extraction.setting)}.")
    else:
        paragraphs.append(f"{len(data.features)} radiomic features were read from "
                          f"{config.data.features}.")
    if data.deep_features:
        deep = config.deep
        paragraphs.append(
            f"Deep features ({len(data.deep_features)} fc7 activations) came from a VGG-16 "
            f"(width {deep.width:g}, {deep.size}x{deep.size} largest-slice patches) "
            f"{'initialised from ' + str(deep.weights) if deep.weights else 'randomly initialised (seeded)'}"
            f" and fine-tuned for {deep.epochs} epochs on the training patients only.")
    selection = config.selection
    paragraphs.append(
        f"Features were normalised ({selection.normalise}"
        f"{', per sequence and ROI' if selection.per_block else ''}) and selected by "
        f"{' then '.join(_step_text(s) for s in selection.steps)}, every step fitted on the "
        f"training cohort only and refitted inside each cross-validation fold; "
        f"{_radscore_text(models.radscore_formula())}")
    if models.clinical is not None:
        clinical = config.models.clinical
        terms = ", ".join(models.clinical.spec.terms) or "none"
        paragraphs.append(
            f"The clinical model screened {', '.join(clinical.candidates)} by univariable "
            f"logistic regression (likelihood-ratio p < {clinical.screening_p:g}) and selected "
            f"by {clinical.direction} stepwise regression ({clinical.criterion.upper()}); it "
            f"kept: {terms}.")
    if models.combined is not None:
        paragraphs.append("The combined model (nomogram) is a logistic regression of the "
                          f"{', '.join(models.combined.model.spec.terms)}.")
    if models.classifiers:
        paragraphs.append(f"Classifiers ({', '.join(models.classifiers)}) were tuned by inner "
                          "stratified cross-validation on the selected features.")
    ev = config.evaluation
    threshold = {"youden": "Youden index", "closest_topleft": "closest to (0, 1)",
                 "sensitivity": f"most specific with sensitivity >= {ev.target_sensitivity:g}"
                 }.get(ev.threshold, f"fixed at {ev.threshold}")
    paragraphs.append(
        f"Discrimination is the AUC with {'DeLong' if ev.ci == 'delong' else 'bootstrap'} 95% "
        "confidence intervals; models were compared "
        f"with DeLong's test. Thresholds ({threshold}) were chosen on the training cohort and "
        "applied unchanged to the other cohorts; sensitivity, specificity, accuracy, PPV and "
        "NPV at the threshold are given with 95% CIs from 2000 stratified bootstrap "
        "replicates (percentile, as pROC ci.coords), odds ratios of the logistic models with "
        "profile-likelihood 95% CIs. Calibration was assessed with calibration "
        "curves, slope and intercept and the Hosmer-Lemeshow test; clinical utility with "
        f"decision curves. The rad-score pipeline was also assessed by {ev.cv_folds}-fold "
        f"cross-validation within the training cohort. Seed: {config.seed}.")
    return paragraphs


def checklist_facts(config: StudyConfig, data: StudyData, versions: dict) -> dict[str, str]:
    """What this run knows for the reporting checklists (item key -> text)."""
    cohorts = ", ".join(f"{c} (n = {int((data.cohort == c).sum())})" for c in data.cohorts())
    external = [c for c in data.cohorts() if "external" in str(c).lower()]
    facts = {
        "TRIPOD+AI 10": f"Cohorts: {cohorts}.",
        "TRIPOD+AI 12a": f"{_SPLITS[config.split.method](config.split)} Every fitted step "
                         "used training patients only (leakage audit).",
        "CLEAR partitioning": "Every scaler, selector, model and threshold was fitted on the "
                              "training cohort only; the leakage audit lists the patients "
                              "each step saw.",
        "METRICS partitioning": "Training-only fitting verified by the leakage audit.",
        "CLEAR software": f"Axilla {versions.get('axilla')} (features identical to "
                          "PyRadiomics 3.1, settings in the methods).",
        "CLEAR ibsi": "Axilla's engine reproduces PyRadiomics' values; in `compat: ibsi` mode "
                      "it passes the IBSI digital phantom and configurations A and B "
                      "(`axilla selftest` prints the per-feature check).",
        "METRICS standardised": "PyRadiomics-identical extraction; IBSI mode verified on the "
                                "IBSI phantoms (`axilla selftest`).",
    }
    if external:
        facts["METRICS external"] = f"External testing on {', '.join(external)}."
    return facts
