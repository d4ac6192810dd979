"""Radiogenomics: Spearman correlation of each radiomic feature with each omics variable.

seeds/003 (section 2.6) correlates the key radiomic features with immune-cell fractions,
long non-coding RNAs and methylated sites by Spearman's r. Per (feature, variable) pair:
``scipy.stats.spearmanr(x, y)``: rho is Pearson's r of the mid-ranks, p from the t
distribution with n − 2 degrees of freedom (R ``cor.test(x, y, method = "spearman",
exact = FALSE)``), over the patients with a value of both; then Benjamini–Hochberg FDR over every defined pair
(:func:`axilla.stats.paired.fdr_bh`).

A pair with fewer than MIN_PATIENTS patients, or with a constant feature or variable, has
no rho and a ``note`` saying why.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from axilla.errors import StatsError
from axilla.stats.paired import fdr_bh

MIN_PATIENTS = 4
OMICS_COLUMNS = ("feature", "variable", "n", "rho", "p_value", "p_fdr", "note")


def omics_correlation(features: pd.DataFrame, omics: pd.DataFrame) -> pd.DataFrame:
    """Spearman rho, p and BH-adjusted p of every feature (columns of ``features``) with
    every omics variable (numeric columns of ``omics``); both indexed by patient.

    Returns one row per pair with the columns OMICS_COLUMNS, features in their order,
    variables in theirs.
    """
    patients = features.index.intersection(omics.index, sort=False)
    if len(patients) < MIN_PATIENTS:
        raise StatsError(f"{len(patients)} patient(s) have both radiomic features and omics "
                         f"values; at least {MIN_PATIENTS} are needed",
                         fix="check that the omics table's patient_id values match the study's")
    text = [c for c in omics.columns if not pd.api.types.is_numeric_dtype(omics[c])]
    if text:
        raise StatsError(f"omics column(s) {text[:5]} are not numeric",
                         fix="give one number per patient in every omics column (or drop it)")
    x_all = features.loc[patients].to_numpy(float)
    y_all = omics.loc[patients].to_numpy(float)
    rows = []
    for i, feature in enumerate(features.columns):
        for j, variable in enumerate(omics.columns):
            rows.append({"feature": feature, "variable": variable,
                         **_spearman(x_all[:, i], y_all[:, j])})
    table = pd.DataFrame(rows, columns=[c for c in OMICS_COLUMNS if c != "p_fdr"])
    table.insert(table.columns.get_loc("p_value") + 1, "p_fdr", fdr_bh(table["p_value"]))
    return table


def rho_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """The ``rho`` column of :func:`omics_correlation` as features x variables."""
    return table.pivot(index="feature", columns="variable", values="rho").loc[
        list(dict.fromkeys(table["feature"])), list(dict.fromkeys(table["variable"]))]


def _spearman(x: np.ndarray, y: np.ndarray) -> dict:
    both = np.isfinite(x) & np.isfinite(y)
    x, y = x[both], y[both]
    out = {"n": int(both.sum()), "rho": np.nan, "p_value": np.nan, "note": ""}
    if out["n"] < MIN_PATIENTS:
        out["note"] = f"{out['n']} patient(s) with both values; at least {MIN_PATIENTS} needed"
    elif np.ptp(x) == 0 or np.ptp(y) == 0:
        out["note"] = "constant in these patients: correlation undefined"
    else:
        result = sps.spearmanr(x, y)
        out["rho"], out["p_value"] = float(result.statistic), float(result.pvalue)
    return out
