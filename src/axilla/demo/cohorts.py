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
from axilla.demo.clinical import (Phenotype, after_nac, assign_cohorts, draw_nac, draw_omics,
                                  draw_patients, draw_phenotypes)
from axilla.demo.lesions import lesion


@dataclass(frozen=True)
class DemoFiles:
    """What a builder wrote."""

    folder: Path
    manifest: Path
    clinical: Path
    paired_manifest: Path | None = None   # pre/post-NAC rows with a 'timepoint' column
    omics: Path | None = None             # patient_id + gene / pathway / cell columns


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
    """T1+C, T2WI and ADC of the tumour and an axillary node; patients with ``row.nac``
    also get the same three sequences after neoadjuvant chemotherapy (``timepoint``
    pre/post), drawn from their own stream so the pre images do not change."""
    node = Phenotype(radius_mm=3.5 * (1 + 0.35 * row.aln_status) * rng.lognormal(0, 0.2),
                     irregularity=0.05 + 0.12 * row.aln_status * rng.random(),
                     heterogeneity=pheno.heterogeneity, enhancement=pheno.enhancement)
    rows = _mp_images(pid, pheno, node, row.centre, rng, folder)
    if not getattr(row, "nac", 0):
        return rows
    post_rng = rng.spawn(1)[0]   # a child stream: the draws of rng stay as they were
    tumour = after_nac(pheno, row.nac_response, post_rng)
    lymph_node = after_nac(node, row.nac_response, post_rng)
    post = _mp_images(f"{pid}_postnac", tumour, lymph_node, row.centre, post_rng, folder)
    return [{**r, "timepoint": "pre"} for r in rows] + [{**r, "timepoint": "post"} for r in post]


def _mp_images(stem, tumour, node, centre, rng, folder) -> list[dict]:
    """The three sequences of one examination, tumour left and node right, one mask file."""
    spacing = (3.0, 0.9, 0.9)
    rows, mask_full = [], None
    for sequence, (background, contrast) in _MP_CONTRAST.items():
        left, tmask = lesion((12, 48, 48), spacing, tumour, rng, background=background,
                             contrast=contrast, **_centre_intensity(centre))
        right, nmask = lesion((12, 48, 32), spacing, node, rng, background=background,
                              contrast=contrast, **_centre_intensity(centre))
        image = np.concatenate([left, right], axis=2)
        if mask_full is None:
            mask_full = np.concatenate([tmask, 2 * nmask], axis=2).astype(np.uint8)
            writers.write_nifti(mask_full, spacing, folder / f"{stem}_rois.nii.gz")
        writers.write_nifti(image, spacing, folder / f"{stem}_{sequence}.nii.gz")
        for roi, label in (("tumour", 1), ("aln", 2)):
            rows.append({"sequence": sequence, "roi": roi, "image": f"{stem}_{sequence}.nii.gz",
                         "mask": f"{stem}_rois.nii.gz", "label": label})
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
#: cohorts shaped like seeds/003: some patients have a post-NAC MRI, some an omics table
NAC_KINDS = {"multiparametric_mri"}
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
    nac_rng, omics_rng = rng.spawn(2)   # child streams: rng's own draws stay as they were
    if kind in NAC_KINDS:
        clinical = draw_nac(clinical, nac_rng)
    rows, paired = [], []
    for i, (row, pheno) in enumerate(zip(clinical.itertuples(index=False), phenotypes)):
        case_rng = np.random.default_rng([seed, i])
        for entry in build(row.patient_id, pheno, row, case_rng, images):
            entry["image"] = f"images/{entry['image']}"
            entry["mask"] = f"images/{entry['mask']}"
            record = {"patient_id": row.patient_id, "cohort": row.cohort, **entry}
            timepoint = record.pop("timepoint", None)
            if timepoint != "post":
                rows.append(record)
            if timepoint is not None:
                paired.append({**record, "timepoint": timepoint})
    manifest = pd.DataFrame(rows)
    manifest.to_csv(folder / "manifest.csv", index=False)
    clinical.to_csv(folder / "clinical.csv", index=False)
    files = DemoFiles(folder, folder / "manifest.csv", folder / "clinical.csv")
    if kind not in NAC_KINDS:
        return files
    pd.DataFrame(paired).to_csv(folder / "manifest_nac.csv", index=False)
    omics = draw_omics(clinical, phenotypes, omics_rng)
    omics.to_csv(folder / "omics.csv", index=False)
    return DemoFiles(files.folder, files.manifest, files.clinical,
                     folder / "manifest_nac.csv", folder / "omics.csv")
