"""Gather a study's results into :class:`axilla.report.ReportInputs` (no statistic here)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import SimpleITK as sitk

from axilla.io import Case, load_case
from axilla.models.audit import AuditRecord
from axilla.report.inputs import LassoPath, QcCase
from axilla.study.data import StudyData

QC_PER_COHORT = 18


def cohort_flow(data: StudyData) -> pd.DataFrame:
    """Patients and positives per cohort, plus the excluded count."""
    rows = [{"cohort": c, "n_patients": int((data.cohort == c).sum()),
             "n_positive": int(data.y[data.cohort == c].sum())} for c in data.cohorts()]
    rows.append({"cohort": "excluded", "n_patients": len(data.exclusions), "n_positive": np.nan})
    return pd.DataFrame(rows)


def feature_counts(features: list[str]) -> pd.DataFrame:
    """Counts per image type (rows) x family (columns) from PyRadiomics-style names."""
    parts = [name.split("_") for name in features]
    frame = pd.DataFrame({"image_type": ["_".join(p[:-2]) for p in parts],
                          "family": [p[-2] if len(p) >= 3 else "other" for p in parts]})
    return pd.crosstab(frame["image_type"], frame["family"])


def lasso_path(radiomics) -> LassoPath | None:
    """The rad-score's cross-validated LASSO as the report draws it."""
    model = radiomics.steps[-1][1]
    cv = getattr(getattr(model, "selector_", None), "cv_", None)
    if cv is None:
        return None
    names = list(getattr(model, "feature_names_in_", []))
    return LassoPath(cv.lambdas, cv.cvm, cv.cvsd, cv.lambda_min, cv.lambda_1se,
                     cv.path.coefs * model.sd_[:, None], names)


def leakage_table(records: list[AuditRecord], data: StudyData) -> pd.DataFrame:
    """One row per fitted step: patients it saw and how many were not training patients."""
    held_out = set(map(str, data.table.index[~data.is_training]))
    return pd.DataFrame([{"step": r.step, "estimator": r.estimator, "n_patients": len(r.patient_ids),
                          "outside_training": len(held_out.intersection(r.patient_ids))}
                         for r in records])


def qc_cases(data: StudyData, limit: int = QC_PER_COHORT) -> list[QcCase]:
    """Largest ROI slice of the first patients of each cohort, for the contact sheet."""
    if data.per_image.empty:
        return []
    firsts = data.per_image.drop_duplicates("patient_id").set_index("patient_id")
    cases = []
    for cohort in data.cohorts():
        patients = [p for p in data.table.index[data.cohort == cohort] if p in firsts.index]
        for pid in patients[:limit]:
            image, mask = load_case(Case(**firsts.loc[pid, "_case"]))
            mask_array = sitk.GetArrayFromImage(mask)
            k = int(np.argmax(mask_array.reshape(mask_array.shape[0], -1).sum(axis=1)))
            cases.append(QcCase(f"{pid} ({cohort})", sitk.GetArrayFromImage(image)[k],
                                mask_array[k]))
    return cases
