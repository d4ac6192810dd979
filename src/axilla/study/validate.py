"""`axilla validate`: check a study and its inputs, listing every problem at once."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from axilla.errors import AxillaError
from axilla.io import Problem, clinical_problems, read_manifest, read_table, repeated_images
from axilla.study.config import StudyConfig, read_study


def validate_study(path) -> tuple[StudyConfig | None, list[Problem]]:
    """The parsed study and the list of problems (empty when it can run)."""
    path = Path(path)
    config, problems = read_study(path)
    if config is None:
        return None, problems
    root = path.parent
    data = config.data
    clinical = None
    clinical_path = root / data.clinical
    if not clinical_path.exists():
        problems.append(Problem(str(clinical_path), "clinical table not found",
                                "check data.clinical in the study file"))
    else:
        clinical = read_table(clinical_path)
        needed = _clinical_columns(config)
        problems += clinical_problems(clinical, data.clinical.name, data.outcome, needed)
    if data.manifest is not None:
        manifest, manifest_problems = read_manifest(root / data.manifest, root=root)
        problems += manifest_problems + repeated_images(manifest, data.aggregate,
                                                        str(data.manifest))
        if clinical is not None and "patient_id" in clinical.columns and not manifest.empty:
            missing = sorted(set(manifest["patient_id"]) - set(clinical["patient_id"]))
            for pid in missing:
                problems.append(Problem(f"patient {pid}", "has images but no clinical row",
                                        f"add the patient to {data.clinical.name}"))
    elif not (root / data.features).exists():
        problems.append(Problem(str(root / data.features), "feature table not found",
                                "check data.features in the study file"))
    problems += _settings_problems(config, root)
    if clinical is not None and not any("outcome" in p.message for p in problems):
        problems += _cohort_problems(config, clinical)
    return config, problems


def _clinical_columns(config: StudyConfig) -> list[str]:
    columns = list(config.evaluation.subgroups)
    if config.models.clinical is not None:
        columns += config.models.clinical.candidates
    split = config.split
    columns += {"column": [split.column], "temporal": [split.date_column],
                "centre": [split.centre_column], "random": []}[split.method]
    if config.evaluation.survival is not None:
        columns += [config.evaluation.survival.time, config.evaluation.survival.event]
    return list(dict.fromkeys(columns))


def _settings_problems(config: StudyConfig, root: Path) -> list[Problem]:
    problems = []
    if config.data.manifest is not None:
        try:
            from axilla.features import load_params
            load_params(config.extraction.settings(root))
        except AxillaError as exc:
            problems.append(Problem("extraction", str(exc), "fix the extraction settings"))
    if config.preprocess:
        try:
            from axilla.preprocess import check_steps
            check_steps(config.preprocess)
        except AxillaError as exc:
            problems.append(Problem("preprocess", str(exc), "fix the preprocess steps"))
    return problems


def _cohort_problems(config: StudyConfig, clinical: pd.DataFrame) -> list[Problem]:
    """A cohort given by a column must hold both outcome classes."""
    split = config.split
    if split.method != "column" or split.column not in clinical.columns:
        return []
    problems = []
    outcome = clinical[config.data.outcome]
    cohorts = clinical[split.column].astype(str)
    if split.training not in set(cohorts):
        problems.append(Problem(f"split.training '{split.training}'", "names no cohort",
                                f"cohorts present: {sorted(set(cohorts))}"))
    for name, values in outcome.groupby(cohorts):
        if values.nunique() < 2:
            problems.append(Problem(f"cohort {name}", f"has only outcome {values.iloc[0]} "
                                    f"({len(values)} patients)", "a cohort needs patients of "
                                    "both classes for AUC and calibration; merge or re-split"))
    return problems
