"""`axilla validate`: check a study and its inputs, listing every problem at once.

One pass looks for what would stop `axilla run`: the schema (unknown keys at every
level, the settings of every selection and preprocess step), the clinical table
(absent columns, text among numbers), the manifest and each of its cases (image header
and mask only, nothing extracted), the extraction and selection settings, and then, on
the patients the run would keep, the cohorts (``training_checks``); names listed under
``delta.features`` / ``radiogenomics.features`` are checked against the feature columns
the extraction settings give (``delta_inputs``). A schema error does
not hide the inputs' problems: the checks that read a section with an error are skipped.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from axilla.errors import AxillaError, InputError
from axilla.features.names import FAMILIES
from axilla.io import (Problem, cases, clinical_problems, read_manifest, read_table,
                       repeated_images)
from axilla.io.case_precheck import case_problems
from axilla.io.clinical import numeric_problems, text_among_numbers
from axilla.io.feature_table_problems import feature_table_problems
from axilla.study.config import (StudyConfig, parse_study, read_study_mapping,
                                 salvage_study)
from axilla.study.delta_inputs import delta_input_problems, feature_choice_problems
from axilla.study.fit import SCORES


def validate_study(path) -> tuple[StudyConfig | None, list[Problem]]:
    """The parsed study (None when its schema has errors) and the list of problems
    (empty when it can run)."""
    path = Path(path)
    raw, problems = read_study_mapping(path)
    if raw is None:
        return None, problems
    config, problems = parse_study(raw, path.name)
    checked, flawed = (config, set()) if config is not None else salvage_study(raw)
    if checked is not None and "data" not in flawed:
        problems += _input_problems(checked, flawed, path.parent)
    return config, problems


def _input_problems(config: StudyConfig, flawed: set[str], root: Path) -> list[Problem]:
    data = config.data
    problems, clinical, text_columns = [], None, set()
    clinical_path = root / data.clinical
    if not clinical_path.exists():
        problems.append(Problem(str(clinical_path), "clinical table not found",
                                "check data.clinical in the study file"))
    else:
        clinical, unreadable = _read_table(clinical_path)
        problems += unreadable
    if clinical is not None:
        problems += clinical_problems(clinical, data.clinical.name, data.outcome,
                                      _clinical_columns(config, flawed))
        numeric = _numeric_columns(config, flawed)
        problems += numeric_problems(clinical, numeric, data.clinical.name)
        text_columns = {c for c in numeric if len(text_among_numbers(clinical, c))}
        if clinical.empty:
            clinical = None   # one problem above, not one per imaged patient and cohort
    features = None
    if data.features is not None:
        features, source_problems = _feature_table(root / data.features)
        kept = None if features is None else set(features["patient_id"])
    else:
        kept, source_problems = _patients_with_images(config, root, clinical)
    problems += source_problems
    if clinical is not None:
        problems += _label_problems(config, clinical, features)
    if "extraction" not in flawed and data.manifest is not None:
        problems += _extraction_problems(config, root)
    if "selection" not in flawed:
        problems += _selection_problems(config, root)
    problems += delta_input_problems(config, root)   # none when the study has no such section
    if "extraction" not in flawed:
        problems += feature_choice_problems(config, root, features)
    if clinical is not None and kept is not None and "split" not in flawed:
        problems += _cohorts(config, flawed, clinical.drop(columns=list(text_columns)), kept)
    return problems


def _clinical_columns(config: StudyConfig, flawed: set[str]) -> list[str]:
    columns = []
    if "evaluation" not in flawed:
        columns += config.evaluation.subgroups
        if config.evaluation.survival is not None:
            columns += [config.evaluation.survival.time, config.evaluation.survival.event]
    if "models" not in flawed and config.models.clinical is not None:
        columns += config.models.clinical.candidates
    if "split" not in flawed:
        columns += _split_columns(config)
    return list(dict.fromkeys(columns))


def _split_columns(config: StudyConfig) -> list[str]:
    split = config.split
    return {"column": [split.column], "temporal": [split.date_column],
            "centre": [split.centre_column], "random": []}[split.method]


def _numeric_columns(config: StudyConfig, flawed: set[str]) -> list[str]:
    """Columns a model or a statistic reads as numbers: clinical candidates not declared
    categorical, and the survival time and event."""
    columns = []
    clinical = config.models.clinical
    if "models" not in flawed and clinical is not None:
        columns += [c for c in clinical.candidates if c not in clinical.categorical]
    survival = config.evaluation.survival
    if "evaluation" not in flawed and survival is not None:
        columns += [survival.time, survival.event]
    return columns


def _read_table(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table, or None and why it cannot be read (a CSV that is not UTF-8)."""
    try:
        return read_table(path), []
    except InputError as exc:
        return None, [Problem(exc.file or str(path), exc.message, exc.fix or "")]


def _feature_table(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The study's feature table (data.features), or None and its problems."""
    if not path.exists():
        return None, [Problem(str(path), "feature table not found",
                              "check data.features in the study file")]
    table, problems = _read_table(path)
    if table is not None and "patient_id" not in table.columns:
        return None, [Problem(str(path), "no 'patient_id' column",
                              "name the patient key column patient_id")]
    if table is not None:
        problems += feature_table_problems(table, path.name)
    return table, problems


def _patients_with_images(config: StudyConfig, root: Path, clinical: pd.DataFrame | None
                          ) -> tuple[set | None, list[Problem]]:
    """The patients the run would extract features for (None when that cannot be known),
    and the problems of the manifest and its cases."""
    data = config.data
    manifest, problems = read_manifest(root / data.manifest, root=root)
    if manifest.empty or "patient_id" not in manifest.columns:
        return None, problems
    problems += repeated_images(manifest, data.aggregate, str(data.manifest))
    if clinical is not None and "patient_id" in clinical.columns:
        near = {str(c).strip().casefold(): c for c in clinical["patient_id"].dropna()}
        for pid in sorted(set(manifest["patient_id"]) - set(clinical["patient_id"])):
            twin = near.get(str(pid).strip().casefold())
            fix = (f"{data.clinical.name} has '{twin}', which differs only in spaces or case; "
                   "write the ID the same way in both tables") if twin is not None else \
                f"add the patient to {data.clinical.name}"
            problems.append(Problem(f"patient {pid}", "has images but no clinical row", fix))
    present, failing = [], set()
    for case in cases(manifest):
        if all(path and Path(path).exists() for path in (case.image, case.mask)):
            present.append(case)
        else:
            failing.add(case.patient_id)   # listed by read_manifest
    for case, problem in case_problems(present, alignment=data.mask_alignment,
                                       voi_lut=data.voi_lut):
        failing.add(case.patient_id)
        problems.append(problem)
    return set(manifest["patient_id"]) - failing, problems


def _label_problems(config: StudyConfig, clinical: pd.DataFrame,
                    features: pd.DataFrame | None) -> list[Problem]:
    """Each ``data.labels`` key that names no column of the study (the run would stop at
    fitting, ``fit._check_labels``), with the closest column as a suggestion. Without a
    feature table the feature names are known only after extraction, and deep features
    only after fine-tuning: a key that reads as one (``original_glcm_Contrast``, a deep
    feature in a study with a deep section) is left to the run."""
    known = [str(c) for c in (*clinical.columns, *SCORES.values(),
                              *(features.columns if features is not None else ()))]
    later = _feature_name_marks(config, extracted=features is None)
    problems = []
    for key in config.data.labels:
        if key in known or any(mark in key for mark in later):
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(Problem("data.labels", f"'{key}' is not a column of the study{hint}",
                                "label a clinical-table column, a feature name, radscore "
                                "or deepscore"))
    return problems


def _feature_name_marks(config: StudyConfig, extracted: bool) -> list[str]:
    """Parts only the name of a feature the run computes holds: ``_glcm_`` (PyRadiomics'
    ``{imageType}_{family}_{Feature}``) when it extracts them, and, with a deep section,
    the deep prefix."""
    marks = [f"_{family}_" for family in FAMILIES] if extracted else []
    if config.deep is not None:
        from axilla.deep.cohort_features import FEATURE_PREFIX   # torch: only for deep studies
        marks.append(FEATURE_PREFIX)
    return marks


def _extraction_problems(config: StudyConfig, root: Path) -> list[Problem]:
    from axilla.features import load_params

    try:
        load_params(config.extraction.settings(root))
    except AxillaError as exc:
        return [Problem("extraction", exc.message, exc.fix or "fix the extraction settings")]
    return []


def _selection_problems(config: StudyConfig, root: Path) -> list[Problem]:
    """The rad-score pipeline is built as the run builds it (an ``icc`` step's table is
    read then)."""
    from axilla.study.fit import radiomics_pipeline

    try:
        radiomics_pipeline(config.selection, config.seed, root)
    except AxillaError as exc:
        return [Problem(exc.file or "selection", exc.message, exc.fix or "")]
    return []


def _cohorts(config: StudyConfig, flawed: set[str], clinical: pd.DataFrame,
             kept: set) -> list[Problem]:
    """Cohorts as the run assigns them, checked on the patients it would keep."""
    from axilla.study.split import assign_cohorts
    from axilla.study.training_checks import cohort_problems

    outcome = config.data.outcome
    needed = ["patient_id", outcome, *_split_columns(config)]
    if any(c not in clinical.columns for c in needed) or clinical["patient_id"].duplicated().any():
        return []   # listed by clinical_problems
    if not set(clinical[outcome].dropna().unique()) <= {0, 1, True, False}:
        return []
    table = clinical.set_index("patient_id")
    try:
        cohort = assign_cohorts(table, config.split, outcome, config.seed)
    except AxillaError as exc:
        return [Problem("split", exc.message, exc.fix or "check the split settings")]
    keep = table.index.isin(list(kept)) & table[outcome].notna().to_numpy()
    return cohort_problems(config, table[keep], cohort, skip=flawed)
