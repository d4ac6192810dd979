"""A study's data: features (extracted or read), the clinical table, and the cohorts."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from axilla.cohort import extract_cohort
from axilla.cohort.case_warnings import WARNING_COLUMNS
from axilla.errors import InputError
from axilla.io import cases, raise_if_any, read_manifest, read_table, repeated_images
from axilla.io.feature_table_problems import feature_table_problems
from axilla.study.config import StudyConfig


@dataclass
class StudyData:
    """One row per analysable patient (index ``patient_id``)."""

    table: pd.DataFrame          # clinical columns + feature columns + "cohort"
    features: list[str]          # feature column names
    outcome: str
    training: str
    exclusions: pd.DataFrame     # patient_id, cohort, reason
    failures: pd.DataFrame       # patient_id, sequence, roi, file, error, fix
    per_image: pd.DataFrame      # one row per image (QC and patient grouping)
    deep_features: list[str] = field(default_factory=list)   # CNN feature columns

    @property
    def y(self) -> pd.Series:
        return self.table[self.outcome].astype(int)

    @property
    def cohort(self) -> pd.Series:
        return self.table["cohort"]

    @property
    def is_training(self) -> pd.Series:
        return self.table["cohort"] == self.training

    def cohorts(self) -> list[str]:
        """Training first, then the others in order of appearance, external ones last."""
        others = [c for c in dict.fromkeys(self.table["cohort"]) if c != self.training]
        return [self.training, *sorted(others, key=lambda c: "external" in str(c).lower())]


def load_features(config: StudyConfig, root: Path, run_dir: Path, progress: bool = True):
    """Features per patient, the failures, the per-image table and the cases' warnings."""
    data = config.data
    if data.features is not None:
        table = read_table(root / data.features)
        if "patient_id" not in table.columns:
            raise InputError("the feature table has no 'patient_id' column",
                             file=str(root / data.features), fix="add the patient key column")
        raise_if_any(feature_table_problems(table, data.features.name), str(data.features))
        return table.set_index("patient_id"), pd.DataFrame(
            columns=["patient_id", "sequence", "roi", "file", "error", "fix"]), pd.DataFrame(), \
            pd.DataFrame(columns=WARNING_COLUMNS)
    manifest, problems = read_manifest(root / data.manifest, root=root)
    problems += repeated_images(manifest, data.aggregate, str(data.manifest))
    raise_if_any(problems, str(data.manifest))
    result = extract_cohort(cases(manifest), config.extraction.settings(root),
                            steps=config.preprocess, cache_dir=run_dir / ".cache",
                            workers=config.runs_on.workers,
                            scheduler=config.runs_on.scheduler, aggregate=data.aggregate,
                            alignment=data.mask_alignment, progress=progress)
    return result.features, result.failures, result.per_image, result.warnings


def assemble(config: StudyConfig, root: Path, features: pd.DataFrame, failures: pd.DataFrame,
             per_image: pd.DataFrame, cohort: pd.Series) -> StudyData:
    """Join features and clinical data; patients without features or outcome are excluded."""
    clinical = read_table(root / config.data.clinical).set_index("patient_id")
    outcome = config.data.outcome
    rows = []
    failed = set(failures["patient_id"]) if len(failures) else set()
    for pid in clinical.index:
        reason = None
        if pid not in features.index:
            reason = "feature extraction failed" if pid in failed else "no images"
        elif pd.isna(clinical.at[pid, outcome]):
            reason = f"no value for the outcome '{outcome}'"
        if reason:
            rows.append({"patient_id": pid, "cohort": cohort.get(pid, ""), "reason": reason})
    exclusions = pd.DataFrame(rows, columns=["patient_id", "cohort", "reason"])
    keep = clinical.index.difference(exclusions["patient_id"], sort=False)
    clinical = clinical.loc[keep].drop(columns=["cohort"], errors="ignore")
    table = clinical.join(features, how="inner")
    table["cohort"] = cohort.reindex(table.index)
    return StudyData(table, list(features.columns), outcome, config.split.training,
                     exclusions, failures, per_image)
