"""`axilla predict`: apply a bundle to new patients.

Features are extracted with the bundle's own settings and preprocessing; every model of
the bundle gives a probability; the main model (combined when there is one, else the
rad-score) gives the risk group by its training threshold and the nomogram points.

Clinical values are compared the way training coded them: a factor level as its
training text, and a number as a number, so 1, 1.0 and "1" are one level of a 0/1 or
1/2/3 column however a CSV reader typed it. A patient without a clinical row, or whose
clinical values are missing, unseen or outside the training range, gets a note saying
which, and no number from the models that need them.

Image features far outside the training distribution (another scanner, intensities in
other units) are flagged, not refused: the note names each model input that lies outside
its training range *and* more than 4 training SDs from the training mean
(:mod:`axilla.study.training_range`, the rule ``axilla serve`` applies to typed scores);
every probability is still given, because many correlated radiomic features make a
single value's excursion a question for the reader, not proof that the answer is wrong.
"""
from __future__ import annotations

import math
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
from axilla.study.training_range import Z_BOUND as FEATURE_Z_BOUND
from axilla.study.training_range import far_outside, training_z

NO_CLINICAL_ROW = "no clinical row for this patient"
LISTED_FEATURES = 3   # features named per note; the rest are counted


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def training_level(value, levels) -> str | None:
    """The training level ``value`` stands for (None when none): text as text, and a number
    as a number when the levels are numbers (training wrote numeric levels as text)."""
    if str(value) in levels:
        return str(value)
    number = _number(value)
    if number is None or math.isnan(number):
        return None
    return next((level for level in levels if _number(level) == number), None)


def _shown(value) -> str:
    """A value as the user wrote it: 7 rather than np.float64(7.0); text in quotes."""
    number = None if isinstance(value, str) else _number(value)
    return repr(value) if number is None else f"{number:g}"


def _check_clinical(row: pd.Series, ranges: dict) -> list[str]:
    """Why this patient's clinical values cannot be used (empty when they can)."""
    problems = []
    for column, allowed in ranges.items():
        value = row.get(column, np.nan)
        if pd.isna(value):
            problems.append(f"'{column}' is missing")
        elif "levels" in allowed:
            if training_level(value, allowed["levels"]) is None:
                problems.append(f"'{column}' = {_shown(value)} was not seen in training "
                                f"(levels {allowed['levels']})")
        elif _number(value) is None:
            problems.append(f"'{column}' = {_shown(value)} is not a number")
        elif not allowed["min"] <= float(value) <= allowed["max"]:
            problems.append(f"'{column}' = {_shown(value)} is outside the training range "
                            f"[{allowed['min']:g}, {allowed['max']:g}]")
    return problems


def _as_trained(frame: pd.DataFrame, models: BundledModels) -> pd.DataFrame:
    """``frame`` with each factor of the clinical and combined models written as its
    training level, and every other clinical predictor as a number (usable rows only)."""
    factors = {}
    for model in (models.clinical, models.combined):
        if model is not None:
            factors |= dict(model.spec.levels)
    out = frame.copy()
    for column in models.content["predictor_ranges"]:
        if column not in frame:   # no clinical table: no row is usable
            continue
        if column in factors:
            out[column] = [training_level(v, factors[column]) for v in frame[column]]
        else:
            out[column] = [_number(v) for v in frame[column]]
    return out


def _feature_note(row: pd.Series, ranges: dict) -> str:
    """The model inputs of one patient far outside the training distribution, farthest first."""
    far = []
    for name, train in ranges.items():
        value = row.get(name, np.nan)
        if not pd.isna(value) and far_outside(value, train):
            z = training_z(value, train)
            far.append((abs(z), f"{name} = {value:.4g} (training {train['min']:.4g} to "
                                f"{train['max']:.4g}; {abs(z):,.1f} SD {'above' if z > 0 else 'below'}"
                                " the mean)"))
    if not far:
        return ""
    far.sort(key=lambda item: -item[0])
    listed = [text for _, text in far[:LISTED_FEATURES]]
    if len(far) > LISTED_FEATURES:
        listed.append(f"and {len(far) - LISTED_FEATURES} more")
    return (f"{len(far)} image feature(s) far outside the training data (outside its range "
            f"and over {FEATURE_Z_BOUND:g} SD from its mean; the probabilities are "
            f"extrapolated, check scanner and units): " + "; ".join(listed))


def _features(models: BundledModels, case_list: list[Case], workdir: Path):
    extraction = models.content["extraction"]
    if extraction["settings"] is None:
        raise InputError("this bundle was trained on a feature table, not on images",
                         fix="give the new patients' features with --features (a table with "
                             "patient_id and the bundle's feature columns)")
    result = extract_cohort(case_list, extraction["settings"], steps=extraction["preprocess"],
                            cache_dir=workdir / ".cache", aggregate=extraction["aggregate"],
                            alignment=extraction["mask_alignment"], progress=False)
    missing = [f for f in models.features if f not in result.features.columns]
    if len(result.features) and missing:
        raise InputError(f"{len(missing)} of the bundle's features were not produced "
                         f"(e.g. {missing[0]})", fix="give the same sequences and ROIs "
                         "(manifest 'sequence' and 'roi' columns) as the training manifest")
    return result.features, result.failures


def _patient_table(path, what: str, fix_twice: str) -> pd.DataFrame:
    """A table read from ``path`` and indexed by its ``patient_id`` column, one row each."""
    table = read_table(path)
    if "patient_id" not in table.columns:
        raise InputError(f"the {what} table has no 'patient_id' column", file=str(path),
                         fix="name the patient key column patient_id")
    twice = sorted(set(table.loc[table["patient_id"].duplicated(), "patient_id"]))
    if twice:
        raise InputError(f"patient(s) {twice[:5]} are listed twice", file=str(path),
                         fix=fix_twice)
    return table.set_index("patient_id")


def _feature_table(path, models: BundledModels) -> pd.DataFrame:
    """The bundle's feature columns of a feature table (CSV, XLSX or Parquet: what `axilla
    extract` or another tool wrote), indexed by patient; every cell must be a finite number."""
    table = _patient_table(path, "feature", "keep one row per patient (aggregate repeated "
                                            "images first)")
    missing = [f for f in models.features if f not in table.columns]
    if missing:
        raise InputError(f"{len(missing)} of the bundle's {len(models.features)} features are "
                         f"not columns of the table (e.g. {', '.join(missing[:3])})",
                         file=str(path), fix="extract the features with the training settings "
                                             "(same names), or check the bundle")
    values = table[list(models.features)]
    numbers = values.apply(pd.to_numeric, errors="coerce").astype(float)
    bad = ~np.isfinite(numbers.to_numpy())
    if bad.any():
        row, column = (int(i[0]) for i in np.nonzero(bad))
        raise InputError(f"patient {values.index[row]}: feature '{values.columns[column]}' = "
                         f"{_shown(values.iat[row, column])} is not a finite number "
                         f"({int(bad.sum())} such cell(s))", file=str(path),
                         fix="extract that patient's features again, or leave the patient out")
    return numbers


def _deep_features(models: BundledModels, case_list: list[Case]) -> pd.DataFrame:
    """The bundle's fine-tuned CNN on each patient's first image (as in training)."""
    from axilla.deep import deep_features_from_state

    firsts = list({c.patient_id: c for c in reversed(case_list)}.values())[::-1]
    settings = models.content["deep"]
    return deep_features_from_state(models.deep_state, firsts, settings["width"],
                                    settings["hidden"], settings["size"],
                                    alignment=models.content["extraction"]["mask_alignment"])


def _clinical_table(clinical, patients: list[str], id_fix: str) -> pd.DataFrame | None:
    """The clinical table indexed by patient, refused before any extraction when it has no
    row for any of ``patients`` (an id typed differently: every patient would lose the
    clinical and combined models to one slip); ``id_fix`` says where the ids come from."""
    if clinical is None:
        return None
    table = _patient_table(clinical, "clinical", "keep one row per patient")
    if not set(patients) & set(table.index):
        listed = ", ".join(map(str, table.index[:5])) + (", ..." if len(table) > 5 else "")
        raise InputError(f"no clinical row for any patient to predict ({', '.join(patients[:5])}"
                         f"{', ...' if len(patients) > 5 else ''}); the table's patient_id "
                         f"values are: {listed or 'none (no rows)'}", file=str(clinical),
                         fix=id_fix)
    return table


def _with_clinical(features: pd.DataFrame, table: pd.DataFrame | None) -> tuple[pd.DataFrame, set]:
    """Features joined with the clinical table, and the patients that have a clinical row."""
    if table is None:
        return features, set()
    return features.join(table, how="left"), set(table.index)


def predict_patients(bundle, *, image=None, mask=None, manifest=None, clinical=None,
                     patient_id: str | None = None, output=None, pages: bool = True,
                     verify_key=None, features=None) -> pd.DataFrame:
    """Predictions for one image + mask, for every patient of a manifest, or for every row
    of a feature table (``features``); with ``verify_key`` (Ed25519 public key PEM) only a
    bundle signed by its holder is used."""
    models = load_models(bundle, verify_key=verify_key)
    given = [name for name, value in (("--image/--mask/--patient", (image, mask, patient_id)
                                       != (None, None, None)), ("--manifest", manifest is not None),
                                      ("--features", features is not None)) if value]
    if len(given) > 1:
        raise InputError(f"{' and '.join(given)} were both given; which patients to predict "
                         "would be a guess",
                         fix="give --image and --mask (and --patient) for one patient, "
                             "--manifest for many (its patient_id column names them), or "
                             "--features for patients whose features are extracted")
    if features is not None:
        if models.deep_state:
            raise InputError("this bundle's deep-learning model reads the images themselves",
                             fix="give --image and --mask, or --manifest")
        table = _feature_table(features, models)
        clinical_table = _clinical_table(clinical, list(table.index), "make the clinical "
                                         "patient_id values match the feature table's")
        return _scored(models, table, clinical_table, pd.DataFrame(columns=["patient_id"]),
                       output, pages)
    if manifest is not None:
        table, problems = read_manifest(manifest)
        raise_if_any(problems, str(manifest))
        case_list = cases(table)
        id_fix = "make the clinical patient_id values match the manifest's patient_id column"
    elif image is not None and mask is not None:
        pid = patient_id or Path(image).name.split(".")[0]
        case_list = [Case(pid, str(Path(image).resolve()), str(Path(mask).resolve()))]
        id_fix = ("give --patient with the clinical table's id (without --patient the id is "
                  "the image file name up to its first dot)")
    else:
        raise InputError("nothing to predict",
                         fix="give --image and --mask, --manifest, or --features")
    clinical_table = _clinical_table(clinical, list(dict.fromkeys(c.patient_id for c in case_list)),
                                     id_fix)
    with tempfile.TemporaryDirectory() as tmp:
        extracted, failures = _features(models, case_list, Path(tmp))
    if models.deep_state:
        extracted = extracted.join(_deep_features(models, case_list), how="left")
    return _scored(models, extracted, clinical_table, failures, output, pages)


def _scored(models: BundledModels, features: pd.DataFrame, clinical_table, failures,
            output, pages: bool) -> pd.DataFrame:
    """Every model's answer per patient (failed extractions as rows with their reason),
    written to ``output`` with one page per patient when asked."""
    frame, with_row = _with_clinical(features, clinical_table)
    result, notes = _scores_and_notes(models, frame, with_row)
    result = result.astype({"note": object})
    for failure in failures.itertuples():
        notes[failure.patient_id] = [f"extraction failed: {failure.error}; {failure.fix}"]
        result.loc[failure.patient_id, ["main_model", "threshold", "risk_group", "note"]] = [
            _main_model(models), models.thresholds[_main_model(models)], "",
            notes[failure.patient_id][0]]
    if output is not None:
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        result.reset_index().to_csv(output, index=False)
        if pages:
            write_patient_pages(_pages(models, result, frame, notes), output.parent)
    return result


def _main_model(models: BundledModels) -> str:
    return COMBINED if models.combined is not None else RADIOMICS


def _clinical_notes(models: BundledModels, frame: pd.DataFrame, with_row: set) -> dict:
    """Per patient, why the clinical and combined models cannot be applied (empty: they can)."""
    ranges = models.content["predictor_ranges"]
    if not ranges:
        return {pid: [] for pid in frame.index}
    return {pid: [NO_CLINICAL_ROW] if pid not in with_row else _check_clinical(row, ranges)
            for pid, row in frame.iterrows()}


def score_frame(models: BundledModels, frame: pd.DataFrame, with_row: set) -> pd.DataFrame:
    """Probabilities per model; clinical/combined only where the clinical values are usable;
    ``note`` joins each patient's notes."""
    return _scores_and_notes(models, frame, with_row)[0]


def _scores_and_notes(models: BundledModels, frame: pd.DataFrame, with_row: set
                      ) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """:func:`score_frame`'s table, and each patient's notes as a list (for the pages)."""
    problems = _clinical_notes(models, frame, with_row)
    usable = [pid for pid, found in problems.items() if not found]
    out = bundle_predict(replace(models, clinical=None, combined=None), frame) if len(frame) else pd.DataFrame()
    needs_clinical = {CLINICAL: models.clinical, COMBINED: models.combined}
    for column, model in needs_clinical.items():
        if model is not None:
            out[column] = np.nan  # filled below for patients whose values are usable
    coded = _as_trained(frame.loc[usable], models)
    if usable and (models.clinical or models.combined):
        full = bundle_predict(models, coded)
        for column in (CLINICAL, COMBINED):
            if column in full:
                out.loc[usable, column] = full[column]
    main = _main_model(models)
    threshold = models.thresholds[main]
    out["main_model"] = main
    out["threshold"] = threshold
    out["risk_group"] = np.where(out.get(main, pd.Series(np.nan, out.index)).isna(), "",
                                 np.where(out.get(main, 0) >= threshold, "high", "low"))
    if models.nomogram is not None:
        for pid in usable:
            values = coded.loc[pid].to_dict() | {c: out.at[pid, c] for c in SCORES.values()
                                                 if c in out.columns}
            points, total, _, _ = models.nomogram.score(values)
            for term, value in points.items():
                out.loc[pid, f"points_{term}"] = value
            out.loc[pid, "points_total"] = total
    feature_ranges = models.content.get("feature_ranges", {})
    notes = {pid: list(filter(None, [_clinical_note(problems[pid], models),
                                     _feature_note(frame.loc[pid], feature_ranges)]))
             for pid in out.index}
    out["note"] = ["; ".join(notes[pid]) for pid in out.index]
    out.index.name = "patient_id"
    return out, notes


def _clinical_note(problems: list[str], models: BundledModels) -> str:
    if not problems:
        return ""
    applied = [name for name, model in ((CLINICAL, models.clinical), (COMBINED, models.combined))
               if model is not None]
    head = problems[0] if problems == [NO_CLINICAL_ROW] else \
        "clinical values unusable: " + "; ".join(problems)
    return f"{head} ({' and '.join(applied)} model{'s' if len(applied) > 1 else ''} not applied)"


def describe(row) -> str:
    """One console line for one patient: the main model's risk, or which model was not
    applied and what was given instead, then the note."""
    main, risk = row["main_model"], row.get(row["main_model"])
    if risk == risk:
        shown = f"{main} risk {risk:.3f} ({row['risk_group']})"
    else:
        radiomics = row.get(RADIOMICS, np.nan)
        shown = f"{main} model not applied" + (
            f"; radiomics model risk {radiomics:.3f}" if main != RADIOMICS and radiomics == radiomics
            else "")
    return shown + (f" — {row['note']}" if row["note"] else "")


def _pages(models: BundledModels, result: pd.DataFrame, frame: pd.DataFrame,
           notes: dict[str, list[str]]) -> list[PatientPrediction]:
    """One page per patient with a risk: the main model's, else the radiomics model's with
    the main model named as not applied; each with the patient's notes."""
    pages = []
    for pid, row in result.iterrows():
        main, not_applied = row["main_model"], None
        risk = row.get(main, np.nan)
        if pd.isna(risk):
            main, not_applied, risk = RADIOMICS, main, row.get(RADIOMICS, np.nan)
        if pd.isna(risk):   # extraction failed: no model has a number; the note says why
            continue
        points = {k[7:]: v for k, v in row.items() if k.startswith("points_") and k != "points_total"
                  and not pd.isna(v)}
        values = {t: (row[t] if t in SCORES.values() else frame.at[pid, t]) for t in points}
        pages.append(PatientPrediction(str(pid), float(risk), model=main,
                                       threshold=models.thresholds[main], values=values,
                                       points=points, total_points=row.get("points_total")
                                       if points else None, notes=notes[pid],
                                       not_applied=not_applied))
    return pages
