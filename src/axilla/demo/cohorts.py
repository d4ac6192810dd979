"""Deterministic demo cohorts in the shapes of the five seed studies (STUDIES.md).

Each builder writes images, masks, ``manifest.csv`` and ``clinical.csv`` into a folder
and returns their paths. Patient ``i`` draws from ``default_rng([seed, i])``, so the
same seed gives the same files whatever ``n`` is.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from axilla.demo import writers
from axilla.demo.clinical import Phenotype, assign_cohorts, draw_patients, draw_phenotypes
from axilla.demo.lesions import lesion


@dataclass(frozen=True)
class DemoFiles:
    """What a builder wrote."""

    folder: Path
    manifest: Path
    clinical: Path


def _centre_intensity(centre: str) -> dict:
    """External centre C has a different scanner: a small gain and offset."""
    return {"scale": 1.12, "shift": 15.0} if centre == "C" else {}


def _dce_mri(pid, pheno, row, rng, folder) -> list[dict]:
    spacing = (2.0, 0.8, 0.8)
    image, mask = lesion((16, 56, 56), spacing, pheno, rng, **_centre_intensity(row.centre))
    img = writers.write_nifti(image, spacing, folder / f"{pid}_dce2.nii.gz")
    msk = writers.write_nifti(mask, spacing, folder / f"{pid}_tumour.nii.gz")
    return [{"sequence": "dce2", "roi": "tumour", "image": img.name, "mask": msk.name}]


_MP_CONTRAST = {"t1c": (100.0, 220.0), "t2": (160.0, -70.0), "adc": (140.0, -60.0)}


def _multiparametric_mri(pid, pheno, row, rng, folder) -> list[dict]:
    spacing = (3.0, 0.9, 0.9)
    node = Phenotype(radius_mm=3.5 * (1 + 0.35 * row.aln_status) * rng.lognormal(0, 0.2),
                     irregularity=0.05 + 0.12 * row.aln_status * rng.random(),
                     heterogeneity=pheno.heterogeneity, enhancement=pheno.enhancement)
    rows, mask_full = [], None
    for sequence, (background, contrast) in _MP_CONTRAST.items():
        left, tmask = lesion((12, 48, 48), spacing, pheno, rng, background=background,
                             contrast=contrast, **_centre_intensity(row.centre))
        right, nmask = lesion((12, 48, 32), spacing, node, rng, background=background,
                              contrast=contrast, **_centre_intensity(row.centre))
        image = np.concatenate([left, right], axis=2)
        if mask_full is None:
            mask_full = np.concatenate([tmask, 2 * nmask], axis=2).astype(np.uint8)
            writers.write_nifti(mask_full, spacing, folder / f"{pid}_rois.nii.gz")
        writers.write_nifti(image, spacing, folder / f"{pid}_{sequence}.nii.gz")
        for roi, label in (("tumour", 1), ("aln", 2)):
            rows.append({"sequence": sequence, "roi": roi, "image": f"{pid}_{sequence}.nii.gz",
                         "mask": f"{pid}_rois.nii.gz", "label": label})
    return rows


def _mammography(pid, pheno, row, rng, folder) -> list[dict]:
    spacing = (0.25, 0.25)
    out = []
    for view in ("CC", "MLO"):
        image, mask = lesion((144, 144), spacing, pheno, rng, background=900.0,
                             contrast=900.0, noise=60.0, **_centre_intensity(row.centre))
        img = writers.write_mammogram(image, spacing, folder / f"{pid}_{view}.dcm",
                                      patient_id=pid, view=view, seed=int(rng.integers(1 << 30)))
        msk = writers.write_mask_2d(mask, spacing, folder / f"{pid}_{view}_mask.nii.gz")
        out.append({"sequence": view, "roi": "tumour", "image": img.name, "mask": msk.name})
    return out


def _ultrasound(pid, pheno, row, rng, folder) -> list[dict]:
    spacing = (0.2, 0.2)
    node = Phenotype(radius_mm=pheno.radius_mm * 0.8, irregularity=pheno.irregularity,
                     heterogeneity=pheno.heterogeneity, enhancement=pheno.enhancement)
    image, mask = lesion((120, 160), spacing, node, rng, background=130.0, contrast=-70.0,
                         noise=18.0, **_centre_intensity(row.centre))
    img = writers.write_png(image, folder / f"{pid}_us.png")
    msk = writers.write_png(mask, folder / f"{pid}_aln_mask.png")
    return [{"sequence": "us", "roi": "aln", "image": img.name, "mask": msk.name,
             "spacing": "0.2"}]


BUILDERS: dict[str, tuple[Callable, str]] = {
    "dce_mri": (_dce_mri, "random"),
    "multiparametric_mri": (_multiparametric_mri, "random"),
    "mammography": (_mammography, "random"),
    "ultrasound": (_ultrasound, "temporal"),
}
DEFAULT_SIZES = {"dce_mri": 400, "multiparametric_mri": 300, "mammography": 147,
                 "ultrasound": 525}


def make_cohort(kind: str, folder, *, n: int | None = None, seed: int = 2024) -> DemoFiles:
    """Write a synthetic cohort of ``kind`` (one of BUILDERS) into ``folder``."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown demo cohort '{kind}'; choose one of {sorted(BUILDERS)}")
    build, scheme = BUILDERS[kind]
    n = DEFAULT_SIZES[kind] if n is None else n
    folder = Path(folder)
    images = folder / "images"
    images.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    clinical = draw_patients(n, rng)
    clinical["cohort"] = assign_cohorts(clinical, scheme, rng)
    phenotypes = draw_phenotypes(clinical["aln_status"].to_numpy(), rng)
    rows = []
    for i, (row, pheno) in enumerate(zip(clinical.itertuples(index=False), phenotypes)):
        case_rng = np.random.default_rng([seed, i])
        for entry in build(row.patient_id, pheno, row, case_rng, images):
            entry["image"] = f"images/{entry['image']}"
            entry["mask"] = f"images/{entry['mask']}"
            rows.append({"patient_id": row.patient_id, "cohort": row.cohort, **entry})
    manifest = pd.DataFrame(rows)
    manifest.to_csv(folder / "manifest.csv", index=False)
    clinical.to_csv(folder / "clinical.csv", index=False)
    return DemoFiles(folder, folder / "manifest.csv", folder / "clinical.csv")
