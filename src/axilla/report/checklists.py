"""Reporting checklists filled from what the run knows; the rest is marked for the authors.

Items are short paraphrases (check the wording against the official documents):
TRIPOD+AI — Collins et al. 2024, BMJ 385:e078378 (items 1-27);
CLEAR — Kocak et al. 2023, Insights Imaging 14:75 (methods and results items that a
pipeline can answer; the others are writing items);
METRICS — Kocak et al. 2024, Insights Imaging 15:8 (items that apply to a run);
RQS — Lambin et al. 2017, Nat Rev Clin Oncol 14:749 (items 1-16).

Each item names the report sections that answer it. An item is "reported" when one of
those sections is in the report, or when ``checklist_facts`` gives text for its key
(``"TRIPOD+AI 5a"``); otherwise it is "for the authors".
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

#: (checklist, item, topic, sections that answer it)
ITEMS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("TRIPOD+AI", "1", "Title: development/evaluation of a prediction model, population, outcome", ()),
    ("TRIPOD+AI", "2", "Abstract (TRIPOD+AI for Abstracts)", ()),
    ("TRIPOD+AI", "3a-c", "Background: healthcare context, rationale, known biases", ()),
    ("TRIPOD+AI", "4", "Objectives: development and/or evaluation", ()),
    ("TRIPOD+AI", "5a", "Data sources and dates of data collection", ("cohorts",)),
    ("TRIPOD+AI", "6a-c", "Participants: setting, eligibility, treatments", ("cohorts", "table-one")),
    ("TRIPOD+AI", "7", "Data preparation: pre-processing and quality checking", ("methods", "qc", "failures")),
    ("TRIPOD+AI", "8a-c", "Outcome: definition, assessment, blinding", ()),
    ("TRIPOD+AI", "9a-c", "Predictors: choice, definition, measurement", ("methods", "features")),
    ("TRIPOD+AI", "10", "Sample size and its justification", ("cohorts",)),
    ("TRIPOD+AI", "11", "Missing data and how it was handled", ("failures", "cohorts")),
    ("TRIPOD+AI", "12a", "How data were used for development and evaluation", ("cohorts", "leakage")),
    ("TRIPOD+AI", "12b", "Predictor handling and transformations", ("methods",)),
    ("TRIPOD+AI", "12c", "Model type, building, hyperparameter tuning, internal validation", ("methods", "selection")),
    ("TRIPOD+AI", "12d", "Heterogeneity across clusters (centres)", ("subgroups",)),
    ("TRIPOD+AI", "12e", "Performance measures, with rationale", ("performance", "calibration", "decision-curves")),
    ("TRIPOD+AI", "12f", "Model updating or recalibration", ()),
    ("TRIPOD+AI", "12g", "Model output and how predictions were calculated", ("nomogram", "radscore")),
    ("TRIPOD+AI", "13", "Class imbalance: methods and rationale", ()),
    ("TRIPOD+AI", "14", "Fairness: approaches to address it", ("subgroups",)),
    ("TRIPOD+AI", "15", "Model output: risk, thresholds used", ("performance",)),
    ("TRIPOD+AI", "16", "Differences between development and evaluation data", ("table-one",)),
    ("TRIPOD+AI", "17", "Ethical approval and consent", ()),
    ("TRIPOD+AI", "18a-f", "Open science: funding, conflicts, protocol, registration, data, code", ("summary",)),
    ("TRIPOD+AI", "19", "Patient and public involvement", ()),
    ("TRIPOD+AI", "20a-c", "Participants: flow, characteristics, comparison across data sets", ("cohorts", "table-one")),
    ("TRIPOD+AI", "21", "Number of participants and outcome events in each analysis", ("cohorts", "performance")),
    ("TRIPOD+AI", "22", "Full model specification (formula, coefficients, nomogram)", ("radscore", "odds-ratios", "nomogram")),
    ("TRIPOD+AI", "23a", "Performance with confidence intervals", ("performance", "roc", "calibration")),
    ("TRIPOD+AI", "23b", "Performance in key subgroups", ("subgroups",)),
    ("TRIPOD+AI", "24", "Results of model updating", ()),
    ("TRIPOD+AI", "25-27", "Interpretation, limitations, usability and implications", ()),
    ("CLEAR", "data", "Data sources, eligibility, cohort sizes and flow", ("cohorts",)),
    ("CLEAR", "reference", "Reference standard for the outcome", ()),
    ("CLEAR", "imaging", "Imaging protocol (acquisition parameters)", ()),
    ("CLEAR", "segmentation", "Segmentation method and its quality assessment", ("qc",)),
    ("CLEAR", "preprocessing", "Image preprocessing (resampling, normalisation, discretisation)", ("methods",)),
    ("CLEAR", "software", "Feature extraction software, version and settings", ("methods", "summary")),
    ("CLEAR", "ibsi", "IBSI compliance of features", ("methods",)),
    ("CLEAR", "features", "Feature types and numbers", ("features",)),
    ("CLEAR", "robustness", "Feature robustness / reproducibility analysis", ()),
    ("CLEAR", "selection", "Feature selection and dimensionality reduction", ("selection",)),
    ("CLEAR", "partitioning", "Data partitioning, no information leakage", ("cohorts", "leakage")),
    ("CLEAR", "model", "Modelling method, tuning and final model", ("methods", "radscore", "nomogram")),
    ("CLEAR", "clinical", "Comparison with non-radiomic (clinical) model", ("performance", "delong")),
    ("CLEAR", "metrics", "Performance metrics with uncertainty", ("performance", "roc")),
    ("CLEAR", "calibration", "Calibration assessment", ("calibration",)),
    ("CLEAR", "utility", "Clinical utility (decision curve analysis)", ("decision-curves",)),
    ("CLEAR", "failures", "Failed or excluded cases", ("failures", "cohorts")),
    ("CLEAR", "open-science", "Availability of data, code and model", ("summary",)),
    ("METRICS", "segmentation", "Robustness assessment of segmentation", ()),
    ("METRICS", "preprocessing", "Appropriate image preprocessing", ("methods",)),
    ("METRICS", "standardised", "Standardised feature extraction software (IBSI)", ("methods",)),
    ("METRICS", "parameters", "Extraction parameters reported", ("methods",)),
    ("METRICS", "redundancy", "Removal of redundant features", ("selection",)),
    ("METRICS", "dimensionality", "Dimensionality appropriate to the data size", ("selection", "cohorts")),
    ("METRICS", "partitioning", "Proper data partitioning", ("cohorts", "leakage")),
    ("METRICS", "metrics", "Appropriate performance metrics", ("performance",)),
    ("METRICS", "uncertainty", "Uncertainty considered (confidence intervals)", ("performance",)),
    ("METRICS", "calibration", "Calibration assessed", ("calibration",)),
    ("METRICS", "comparison", "Comparison with a non-radiomic approach", ("delong", "reclassification")),
    ("METRICS", "internal", "Internal testing", ("performance",)),
    ("METRICS", "external", "External testing", ()),
    ("METRICS", "code", "Code and model availability", ("summary",)),
    ("RQS", "1", "Image protocol quality", ()),
    ("RQS", "2", "Multiple segmentations", ()),
    ("RQS", "3", "Phantom study", ()),
    ("RQS", "4", "Imaging at multiple time points", ()),
    ("RQS", "5", "Feature reduction or adjustment for multiple testing", ("selection",)),
    ("RQS", "6", "Multivariable analysis with non-radiomic features", ("odds-ratios", "nomogram")),
    ("RQS", "7", "Biological correlates", ()),
    ("RQS", "8", "Cut-off analyses (risk groups)", ("performance", "survival")),
    ("RQS", "9", "Discrimination statistics with resampling", ("performance", "roc")),
    ("RQS", "10", "Calibration statistics with resampling", ("calibration",)),
    ("RQS", "11", "Prospective study registered in a trial database", ()),
    ("RQS", "12", "Validation (internal / external)", ("performance",)),
    ("RQS", "13", "Comparison to gold standard", ("delong",)),
    ("RQS", "14", "Potential clinical utility", ("decision-curves",)),
    ("RQS", "15", "Cost-effectiveness analysis", ()),
    ("RQS", "16", "Open science and data", ("summary",)),
)
FOR_AUTHORS = "For the authors"


def fill_checklists(sections: Mapping[str, str], facts: Mapping[str, str] | None = None
                    ) -> pd.DataFrame:
    """One row per item: checklist, item, topic, status, where (the answer or the section).

    ``sections`` maps the report's section ids to their titles; ``facts`` maps
    ``"<checklist> <item>"`` to text the study knows (it wins over a section link).
    """
    facts = facts or {}
    rows = []
    for checklist, item, topic, answered_by in ITEMS:
        fact = facts.get(f"{checklist} {item}")
        present = [sections[s] for s in answered_by if s in sections]
        if fact:
            status, where = "Reported", fact
        elif present:
            status, where = "Reported", "See: " + ", ".join(present)
        else:
            status, where = FOR_AUTHORS, ""
        rows.append({"checklist": checklist, "item": item, "topic": topic,
                     "status": status, "where": where})
    return pd.DataFrame(rows, columns=["checklist", "item", "topic", "status", "where"])
