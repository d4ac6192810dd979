"""`axilla predict`: apply a bundle to new patients.

Features are extracted with the bundle's own settings and preprocessing; every model of
the bundle gives a probability; the main model (combined when there is one, else the
rad-score) gives the risk group by its training threshold and the nomogram points. A
patient whose clinical values are missing or outside the training range gets a note
saying which, and no number from the models that need them.
"""
from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from axilla.cohort import extract_cohort
from axilla.errors import InputError
from axilla.io import Case, cases, raise_if_any, read_manifest, read_table
from axilla.report import PatientPrediction, write_patient_pages
from axilla.study.bundle_export import BundledModels, bundle_predict, load_models
from axilla.study.fit import CLINICAL, COMBINED, RADIOMICS, SCORES


def _check_clinical(row: pd.Series, ranges: dict) -> list[str]:
    """Why this patient's clinical values cannot be used (empty when they can)."""
    problems = []
    for column, allowed in ranges.items():
        value = row.get(column, np.nan)
        if pd.isna(value):
            problems.append(f"'{column}' is missing")
        elif "levels" in allowed and str(value) not in allowed["levels"]:
            problems.append(f"'{column}' = {value!r} was not seen in training "
                            f"(levels {allowed['levels']})")
        elif "min" in allowed and not allowed["min"] <= float(value) <= allowed["max"]:
            problems.append(f"'{column}' = {value} is outside the training range "
                            f"[{allowed['min']:g}, {allowed['max']:g}]")
    return problems


def _features(models: BundledModels, case_list: list[Case], workdir: Path):
    extraction = models.content["extraction"]
    if extraction["settings"] is None:
        raise InputError("this bundle was trained on a feature table, not on images",
                         fix="give a feature table with the bundle's feature columns")
    result = extract_cohort(case_list, extraction["settings"], steps=extraction["preprocess"],
                            cache_dir=workdir / ".cache", aggregate=extraction["aggregate"],
                            alignment=extraction["mask_alignment"], progress=False)
    missing = [f for f in models.features if f not in result.features.columns]
    if len(result.features) and missing:
        raise InputError(f"{len(missing)} of the bundle's features were not produced "
                         f"(e.g. {missing[0]})", fix="give the same sequences and ROIs "
                         "(manifest 'sequence' and 'roi' columns) as the training manifest")
    return result.features, result.failures


def _deep_features(models: BundledModels, case_list: list[Case]) -> pd.DataFrame:
    """The bundle's fine-tuned CNN on each patient's first image (as in training)."""
    from axilla.deep import deep_features_from_state

    firsts = list({c.patient_id: c for c in reversed(case_list)}.values())[::-1]
    settings = models.content["deep"]
    return deep_features_from_state(models.deep_state, firsts, settings["width"],
                                    settings["hidden"], settings["size"],
                                    alignment=models.content["extraction"]["mask_alignment"])


def predict_patients(bundle, *, image=None, mask=None, manifest=None, clinical=None,
                     patient_id: str | None = None, output=None,
                     pages: bool = True) -> pd.DataFrame:
    """Predictions for one image + mask or for every patient of a manifest."""
    models = load_models(bundle)
    if manifest is not None:
        table, problems = read_manifest(manifest)
        raise_if_any(problems, str(manifest))
        case_list = cases(table)
    elif image is not None and mask is not None:
        pid = patient_id or Path(image).name.split(".")[0]
        case_list = [Case(pid, str(Path(image).resolve()), str(Path(mask).resolve()))]
    else:
        raise InputError("nothing to predict", fix="give --image and --mask, or --manifest")
    with tempfile.TemporaryDirectory() as tmp:
        features, failures = _features(models, case_list, Path(tmp))
    if models.deep_state:
        features = features.join(_deep_features(models, case_list), how="left")
    frame = features
    if clinical is not None:
        frame = features.join(read_table(clinical).set_index("patient_id"), how="left")
    result = _score(models, frame)
    for failure in failures.itertuples():
        result.loc[failure.patient_id, "note"] = f"extraction failed: {failure.error}; {failure.fix}"
    if output is not None:
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        result.reset_index().to_csv(output, index=False)
        if pages:
            write_patient_pages(_pages(models, result, frame), output.parent)
    return result


def _score(models: BundledModels, frame: pd.DataFrame) -> pd.DataFrame:
    """Probabilities per model; clinical/combined only where the clinical values are usable."""
    ranges = models.content["predictor_ranges"]
    notes = {pid: _check_clinical(row, ranges) for pid, row in frame.iterrows()}
    usable = [pid for pid, problems in notes.items() if not problems]
    out = bundle_predict(replace(models, clinical=None, combined=None), frame) if len(frame) else pd.DataFrame()
    needs_clinical = {CLINICAL: models.clinical, COMBINED: models.combined}
    for column, model in needs_clinical.items():
        if model is not None:
            out[column] = np.nan  # filled below for patients whose values are usable
    if usable and (models.clinical or models.combined):
        full = bundle_predict(models, frame.loc[usable])
        for column in (CLINICAL, COMBINED):
            if column in full:
                out.loc[usable, column] = full[column]
    main = COMBINED if models.combined is not None else RADIOMICS
    threshold = models.thresholds[main]
    out["main_model"] = main
    out["threshold"] = threshold
    out["risk_group"] = np.where(out.get(main, pd.Series(np.nan, out.index)).isna(), "",
                                 np.where(out.get(main, 0) >= threshold, "high", "low"))
    if models.nomogram is not None:
        for pid in usable:
            values = frame.loc[pid].to_dict() | {c: out.at[pid, c] for c in SCORES.values()
                                                 if c in out.columns}
            points, total, _, _ = models.nomogram.score(values)
            for term, value in points.items():
                out.loc[pid, f"points_{term}"] = value
            out.loc[pid, "points_total"] = total
    out["note"] = [("clinical values unusable: " + "; ".join(notes[p])
                    + " (clinical and combined models not applied)") if notes[p] else ""
                   for p in out.index]
    out.index.name = "patient_id"
    return out


def _pages(models: BundledModels, result: pd.DataFrame, frame: pd.DataFrame):
    pages = []
    for pid, row in result.iterrows():
        main = row["main_model"]
        risk = row.get(main, np.nan)
        if pd.isna(risk):
            main, risk = RADIOMICS, row[RADIOMICS]
        points = {k[7:]: v for k, v in row.items() if k.startswith("points_") and k != "points_total"
                  and not pd.isna(v)}
        values = {t: (row[t] if t in SCORES.values() else frame.at[pid, t]) for t in points}
        pages.append(PatientPrediction(str(pid), float(risk), model=main,
                                       threshold=models.thresholds[main], values=values,
                                       points=points, total_points=row.get("points_total")
                                       if points else None))
    return pages
