"""Synthetic patients: ALN status, clinical factors and a latent imaging phenotype.

ALN status is drawn first (prevalence about 35%, as in the seed studies); clinical
factors are then drawn given it with odds ratios of about 2.5–4 for MRI-reported LN
status, multifocality and grade (seeds/001, seeds/004 report ORs in this range) and
weak or null effects for age, ER, PR, HER2 and Ki-67. The imaging phenotype (lesion
size, margin irregularity, enhancement heterogeneity) shifts with ALN status by about
0.6–0.8 SD each, so a study finds imperfect AUCs: clinical about 0.7, radiomics about
0.8, combined about 0.85. Disease-free survival has twice the hazard with ALN metastasis.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SUBTYPES = ("LumA", "LumB", "HER2", "TN")


@dataclass(frozen=True)
class Phenotype:
    """Per-patient lesion parameters the image generators turn into pixels."""

    radius_mm: float
    irregularity: float
    heterogeneity: float
    enhancement: float


def draw_patients(n: int, rng: np.random.Generator, *, centres=("A", "B", "C"),
                  centre_weights=(0.45, 0.35, 0.20), start="2015-01-01",
                  years: float = 6.0) -> pd.DataFrame:
    """A clinical table of ``n`` patients with outcome ``aln_status`` (0/1)."""
    y = rng.random(n) < 0.35
    yi = y.astype(float)
    grade = 1 + (rng.random(n) < 0.55 + 0.20 * yi).astype(int) \
        + (rng.random(n) < 0.20 + 0.20 * yi).astype(int)
    subtype = np.array([rng.choice(SUBTYPES, p=[0.40, 0.25, 0.15, 0.20] if not v else
                                   [0.30, 0.35, 0.18, 0.17]) for v in y])
    er = np.isin(subtype, ("LumA", "LumB")).astype(int)
    pr = (er & (rng.random(n) < 0.8)).astype(int)
    her2 = (subtype == "HER2").astype(int) | ((subtype == "LumB") & (rng.random(n) < 0.3))
    days = np.sort(rng.uniform(0, years * 365.25, n))
    table = pd.DataFrame({
        "patient_id": [f"P{i:04d}" for i in range(1, n + 1)],
        "age": np.round(rng.normal(55 - 3 * yi, 11)).clip(25, 90).astype(int),
        "grade": grade,
        "multifocal": (rng.random(n) < 0.15 + 0.20 * yi).astype(int),
        "mri_ln_status": (rng.random(n) < 0.18 + 0.34 * yi).astype(int),
        "er": er, "pr": pr, "her2": her2.astype(int),
        "ki67": np.round(np.clip(rng.lognormal(np.log(18) + 0.25 * yi, 0.6), 1, 95)),
        "subtype": subtype,
        "ct_stage": np.where(rng.random(n) < 0.35 + 0.25 * yi, "T2-3", "T1"),
        "exam_date": (pd.Timestamp(start) + pd.to_timedelta(rng.permutation(days), "D")).date,
        "centre": rng.choice(centres, size=n, p=centre_weights),
        "aln_status": y.astype(int),
    })
    # disease-free survival: ALN metastasis doubles the hazard (exponential, whole months,
    # administrative censoring at 60 months plus 10% random loss to follow-up)
    event_time = rng.exponential(120.0 / np.where(y, 2.0, 1.0))
    follow_up = np.minimum(60.0, np.where(rng.random(n) < 0.1, rng.uniform(6, 60, n), 60.0))
    table["dfs_months"] = np.ceil(np.minimum(event_time, follow_up)).astype(int)
    table["dfs_event"] = (event_time <= follow_up).astype(int)
    return table


def draw_phenotypes(y: np.ndarray, rng: np.random.Generator) -> list[Phenotype]:
    """Lesion parameters given ALN status (0/1 array)."""
    yi = np.asarray(y, dtype=float)
    n = len(yi)
    radius = np.exp(np.log(6.5) + 0.22 * yi + rng.normal(0, 0.28, n))
    irregular = np.clip(0.10 + 0.09 * yi + rng.normal(0, 0.12, n), 0.0, 0.55)
    hetero = np.clip(0.25 + 0.16 * yi + rng.normal(0, 0.20, n), 0.02, 1.2)
    enhance = rng.normal(1.0 + 0.05 * yi, 0.15, n).clip(0.5, 1.6)
    return [Phenotype(*v) for v in zip(radius, irregular, hetero, enhance)]


def assign_cohorts(table: pd.DataFrame, scheme: str, rng: np.random.Generator) -> pd.Series:
    """Cohort labels: 'random' 7:3 in centres A/B + external C, or 'temporal' by date."""
    cohort = pd.Series("training", index=table.index)
    internal = table["centre"] != "C"
    if scheme == "temporal":
        dates = pd.to_datetime(table["exam_date"])
        cut = dates[internal].quantile(0.7)
        cohort[internal & (dates > cut)] = "validation"
    else:
        idx = np.flatnonzero(internal.to_numpy())
        chosen = rng.choice(idx, size=int(round(0.3 * len(idx))), replace=False)
        cohort.iloc[chosen] = "validation"
    cohort[~internal] = "external"
    return cohort


#: seeds/003: a quarter of the patients had an MRI before and after neoadjuvant
#: chemotherapy (NAC) and about a third of them responded (pathological response).
NAC_FRACTION = 0.25
NAC_RESPONSE_RATE = 0.35


def draw_nac(table: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """``table`` with ``nac`` (0/1: MRI before and after NAC) and ``nac_response`` (0/1,
    empty without NAC); HER2 and triple-negative tumours respond twice as often."""
    n = len(table)
    nac = rng.random(n) < NAC_FRACTION
    odds = np.where(table["subtype"].isin(("HER2", "TN")), 2.0, 1.0)
    response = rng.random(n) < NAC_RESPONSE_RATE * odds / odds.mean()
    return table.assign(nac=nac.astype(int),
                        nac_response=pd.array(np.where(nac, response, pd.NA), dtype="Int64"))


def after_nac(pheno: Phenotype, response: int, rng: np.random.Generator) -> Phenotype:
    """The lesion after NAC: it shrinks (to about 65% of its radius with a response, 85%
    without), enhances less (70% / 90%) and becomes more homogeneous (60% / 85%), each
    with a lognormal spread of 15% so that response is imperfectly told from the change;
    margins keep their shape."""
    def change(responder: float, other: float) -> float:
        return (responder if response else other) * rng.lognormal(0, 0.15)

    return Phenotype(radius_mm=pheno.radius_mm * change(0.65, 0.85),
                     irregularity=pheno.irregularity,
                     heterogeneity=pheno.heterogeneity * change(0.6, 0.85),
                     enhancement=pheno.enhancement * change(0.7, 0.9))


#: seeds/003 section 2.6: immune-cell fractions (CIBERSORT), lncRNAs, methylated sites
#: and a pathway score; the first three follow the tumour phenotype, the others are noise.
OMICS_FRACTION = 0.6


def draw_omics(table: pd.DataFrame, phenotypes: list[Phenotype],
               rng: np.random.Generator) -> pd.DataFrame:
    """A synthetic gene/pathway table for a random ``OMICS_FRACTION`` of the patients:
    M0 macrophages rise with enhancement heterogeneity, neutrophils with tumour size, the
    oxidative-phosphorylation score falls with size (rank correlations about ±0.5); naive
    B cells, a lncRNA and a methylated site are unrelated."""
    n = len(table)
    radius = np.log([p.radius_mm for p in phenotypes])
    hetero = np.array([p.heterogeneity for p in phenotypes])
    z = (radius - radius.mean()) / radius.std()
    h = (hetero - hetero.mean()) / hetero.std()
    omics = pd.DataFrame({
        "patient_id": table["patient_id"].to_numpy(),
        "macrophages_M0": np.clip(0.08 + 0.03 * h + rng.normal(0, 0.03, n), 0, 1),
        "neutrophils": np.clip(0.05 + 0.02 * z + rng.normal(0, 0.02, n), 0, 1),
        "oxidative_phosphorylation": -0.6 * z + rng.normal(0, 0.8, n),
        "b_cells_naive": np.clip(rng.normal(0.06, 0.03, n), 0, 1),
        "RP11_888D10_3": rng.lognormal(1.0, 0.7, n),
        "cg14681629": rng.beta(2, 5, n),
    })
    return omics[rng.random(n) < OMICS_FRACTION].round(5).reset_index(drop=True)
