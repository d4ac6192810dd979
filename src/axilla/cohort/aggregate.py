"""Several images of one patient (views, lesions, frames) become one row of features."""
from __future__ import annotations

import pandas as pd

from axilla.errors import InputError, SettingsError


def aggregate_to_patient(features: pd.DataFrame, patient: str, *, how: str = "mean",
                         size_column: str | None = None) -> pd.DataFrame:
    """One row per patient: mean or max of the image rows, or the largest lesion's row."""
    if patient not in features.columns:
        raise InputError(f"no patient column '{patient}'", fix="name the patient id column")
    if how in ("mean", "max"):
        numeric = features.select_dtypes("number").columns.drop(patient, errors="ignore")
        return getattr(features.groupby(patient)[list(numeric)], how)()
    if how == "largest":
        if size_column not in features.columns:
            raise SettingsError("how='largest' needs size_column (e.g. original_shape_VoxelVolume)",
                                fix="pass size_column=<a lesion size feature>")
        best = features.loc[features.groupby(patient)[size_column].idxmax()]
        return best.set_index(patient)
    raise SettingsError(f"unknown aggregation '{how}'", fix="use mean, max or largest")
