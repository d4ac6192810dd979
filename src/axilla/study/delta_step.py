"""A study's delta-radiomics and radiogenomics analyses (seeds/003 sections 2.5–2.6).

``delta:`` names a manifest whose rows carry a time point (pre / post treatment). Both
time points are extracted with the study's own settings and preprocessing (images the
main manifest already has come from the run's cache), delta and relative-delta features
are formed (:mod:`axilla.cohort.delta`), the chosen features are compared by paired
t-test and Wilcoxon signed-rank test with FDR (:mod:`axilla.stats.paired`) and drawn as a
clustered heatmap. With ``signature_outcome`` the delta features of the patients with
that outcome are written beside a study file, ``RUN/delta/study.yaml``, that models a
delta signature like any other study (``axilla run RUN/delta/study.yaml``).

``radiogenomics:`` names a table of omics values per patient (genes, pathway scores,
immune-cell fractions); the chosen baseline features are correlated with every column by
Spearman's rho with FDR (:mod:`axilla.stats.omics_correlation`).

Files: RUN/delta/delta_features.csv (all delta and relative-delta features), and with a
signature RUN/delta/{signature_features.csv, clinical.csv, study.yaml}.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from axilla.cohort import extract_cohort
from axilla.cohort.delta import delta_features
from axilla.errors import InputError
from axilla.io import cases, raise_if_any, read_table
from axilla.report.delta_section import DeltaInputs
from axilla.stats.omics_correlation import omics_correlation, rho_matrix
from axilla.stats.paired import paired_tests
from axilla.study.config import DeltaConfig, StudyConfig
from axilla.study.data import StudyData
from axilla.study.delta_inputs import (omics_table, outcome_problems, paired_manifest,
                                      unknown_feature_problems)
from axilla.study.fit import StudyModels

DELTA_FOLDER = "delta"


def delta_and_radiogenomics(config: StudyConfig, root: Path, run_dir: Path, data: StudyData,
                            models: StudyModels, progress: bool = True) -> DeltaInputs | None:
    """Run the study's ``delta`` and ``radiogenomics`` sections; None when it has neither."""
    if config.delta is None and config.radiogenomics is None:
        return None
    out = DeltaInputs()
    if config.delta is not None:
        _paired_analysis(config, root, run_dir, data, models, progress, out)
    if config.radiogenomics is not None:
        _radiogenomics(config, root, data, models, out)
    return out


def chosen_features(choice, data: StudyData, models: StudyModels, where: str) -> list[str]:
    """The features a section analyses: the rad-score's ("selected"), every radiomic
    feature ("all"), or the names given (each must be a radiomic feature of the study)."""
    if choice == "selected":
        return list(models.radscore_formula().table["feature"])
    if choice == "all":
        return list(data.features)
    raise_if_any(unknown_feature_problems(choice, data.features, f"{where}.features"),
                 "the features chosen")
    return list(choice)


def _paired_analysis(config, root, run_dir, data, models, progress, out: DeltaInputs) -> None:
    section: DeltaConfig = config.delta
    pre, post, excluded = paired_features(config, root, run_dir, progress)
    features = chosen_features(section.features, data, models, "delta")
    absent = [f for f in features if f not in pre.columns]
    if absent:
        raise InputError(f"delta: {len(absent)} chosen feature(s) are missing from the paired "
                         f"images, e.g. '{absent[0]}'", file=str(section.manifest),
                         fix="list every sequence and ROI of the study at both time points")
    folder = run_dir / DELTA_FOLDER
    delta = delta_features(pre, post)
    delta.table.reset_index().to_csv(folder / "delta_features.csv", index=False)
    out.files.append(f"{DELTA_FOLDER}/delta_features.csv")
    out.n_pairs, out.excluded, out.notes = len(pre), excluded, delta.notes
    out.paired = paired_tests(pre[features], post[features])
    out.heatmap, out.heatmap_groups, out.heatmap_note = _timepoint_matrix(
        pre[features], post[features], section)
    if section.signature_outcome is not None:
        out.files += write_signature_study(config, root, folder, delta.table)


def paired_features(config: StudyConfig, root: Path, run_dir: Path, progress: bool = True
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Features at each time point of the patients with both (same order), and the
    patients left out (``patient_id``, ``reason``); extraction failures are written to
    RUN/delta/failures.csv."""
    section = config.delta
    parts, problems = paired_manifest(config, root)
    raise_if_any(problems, str(section.manifest))
    extracted = {name: extract_cohort(
        cases(rows), config.extraction.settings(root), steps=config.preprocess,
        cache_dir=run_dir / ".cache", workers=config.runs_on.workers,
        scheduler=config.runs_on.scheduler, aggregate=config.data.aggregate,
        alignment=config.data.mask_alignment, progress=progress)
        for name, rows in parts.items()}
    folder = run_dir / DELTA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    pd.concat([result.failures.assign(timepoint=name) for name, result in extracted.items()]
              ).to_csv(folder / "failures.csv", index=False)
    reasons = {}
    for name, result in extracted.items():
        for pid in result.failures["patient_id"]:
            reasons.setdefault(pid, f"feature extraction failed at '{name}' (the error is in "
                                    f"{DELTA_FOLDER}/failures.csv)")
    listed = list(dict.fromkeys(pd.concat([rows["patient_id"] for rows in parts.values()])))
    for pid in listed:
        for name, result in extracted.items():
            if pid not in reasons and pid not in result.features.index:
                reasons[pid] = f"no '{name}' images in {section.manifest}"
    paired = [pid for pid in listed if pid not in reasons]
    excluded = pd.DataFrame({"patient_id": list(reasons), "reason": list(reasons.values())},
                            columns=["patient_id", "reason"])
    before, after = (extracted[name].features.loc[paired] for name in (section.pre, section.post))
    return before, after, excluded


def _timepoint_matrix(pre: pd.DataFrame, post: pd.DataFrame, section: DeltaConfig):
    """Features x (patient, time point) z-scores for the heatmap (pheatmap ``scale =
    "row"``: mean 0 and SD 1, n − 1 denominator, over both time points)."""
    columns = [f"{pid} {section.pre}" for pid in pre.index] + \
        [f"{pid} {section.post}" for pid in post.index]
    values = pd.DataFrame(np.hstack([pre.to_numpy(float).T, post.to_numpy(float).T]),
                          index=pre.columns, columns=columns)
    sd = values.std(axis=1, ddof=1)
    z = values.sub(values.mean(axis=1), axis=0).div(sd, axis=0)
    kept = z[np.isfinite(z).all(axis=1)]
    note = "" if len(kept) == len(z) else (
        f"{len(z) - len(kept)} feature(s) constant or missing in some patient are not drawn.")
    if len(kept) == 0:
        return None, None, note
    groups = pd.Series([section.pre] * len(pre) + [section.post] * len(post), index=columns,
                       name="time point")
    return kept, groups, note


def write_signature_study(config: StudyConfig, root: Path, folder: Path,
                          delta: pd.DataFrame) -> list[str]:
    """The delta features, clinical rows and a study file that models ``signature_outcome``
    from them; returns the files written (relative to the run)."""
    outcome = config.delta.signature_outcome
    raise_if_any(outcome_problems(config, root), str(config.data.clinical))
    clinical = read_table(root / config.data.clinical).set_index("patient_id")
    patients = [p for p in delta.index if p in clinical.index and pd.notna(clinical.at[p,
                                                                                  outcome])]
    table = delta.loc[patients]
    complete = table.columns[np.isfinite(table.to_numpy(float)).all(axis=0)]
    table[complete].reset_index().to_csv(folder / "signature_features.csv", index=False)
    clinical.loc[patients].reset_index().to_csv(folder / "clinical.csv", index=False)
    left_out = len(table.columns) - len(complete)
    study = {
        "name": f"{config.name}: delta signature for {outcome}",
        "description": f"Rad-score of the pre-to-post changes (delta and relative delta) of "
                       f"{len(patients)} patients, written by axilla run. {left_out} delta "
                       "feature(s) undefined in some patient (delta_notes) are left out.",
        "seed": config.seed,
        "data": {"features": "signature_features.csv", "clinical": "clinical.csv",
                 "outcome": outcome},
        "split": {"method": "random", "ratio": 0.7},
        "selection": {"normalise": "zscore", "steps": [{"lasso": {"n_folds": 5}}]},
        "models": {"combined": False},
        "evaluation": {"threshold": "youden", "cv_folds": 5, "decision_curve": False},
    }
    header = ("# The delta signature (docs/delta.md): edit freely, then\n"
              "#   axilla run study.yaml -o run\n")
    (folder / "study.yaml").write_text(header + yaml.safe_dump(study, sort_keys=False),
                                       encoding="utf-8")
    return [f"{DELTA_FOLDER}/{name}" for name in
            ("signature_features.csv", "clinical.csv", "study.yaml")]


def _radiogenomics(config: StudyConfig, root: Path, data: StudyData, models: StudyModels,
                   out: DeltaInputs) -> None:
    section = config.radiogenomics
    omics, problems = omics_table(config, root)
    raise_if_any(problems, str(section.table))
    features = chosen_features(section.features, data, models, "radiogenomics")
    table = omics_correlation(data.table[features], omics)
    out.omics = table
    rho = rho_matrix(table)
    kept = rho.dropna(axis=1, how="all").dropna(axis=0, how="any")
    dropped = rho.size - kept.size
    out.omics_note = "" if not dropped else \
        f"{dropped} undefined correlation(s) (see the note column) left their rows or columns out."
    out.omics_rho = kept if kept.size else None
