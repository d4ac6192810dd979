"""One clinician's entry turned into ``axilla predict``'s answer, with the risk's CI.

Nothing is scored here: with an image and mask the entry goes through
:func:`axilla.study.predict.predict_patients` exactly as ``axilla predict --image
--mask --clinical row.csv`` would take it (the clinical row is written as that CSV and
read back by the same reader); with the signature score typed instead (the rad-score of
a nomogram read off another workstation, or the static page), the same scoring step of
``predict`` runs on the typed score. The notes (missing, unseen or out-of-range values,
image features far outside training) are ``predict``'s own. Added here: the Wald CI of
the logistic models' probabilities (:mod:`axilla.serve.risk_interval`), and the check of a
typed score against the training scores (the bundle's ``score_ranges``, by the rule of
:mod:`axilla.study.training_range`): far outside them (42 typed for 0.42) it is refused,
just outside them it is scored with a note that the risk is extrapolated. A bundle made
before ``score_ranges`` existed has no such check (the form's hint says so).

A value that ``predict`` cannot use leaves the main model unapplied; the calculator then
shows ``predict``'s note as the refusal and no risk at all.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from axilla.errors import AxillaError, InputError
from axilla.io import read_table
from axilla.study.bundle_export import BundledModels
from axilla.study.fit import CLINICAL, COMBINED, SCORES
from axilla.study.predict import score_frame   # predict's scoring, not a copy
from axilla.study.predict import predict_patients
from axilla.study.training_range import Z_BOUND, far_outside, outside, training_z
from axilla.serve.risk_interval import RiskInterval, model_risk_interval

SCORE_LABELS = {"radscore": "Rad-score", "deepscore": "Deep-learning score"}
PATIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
DEFAULT_PATIENT = "patient"
#: how far the CI's probability may differ from predict's before the page refuses to
#: show either (both are expit of the same x' beta; they differ by round-off only)
CONSISTENCY = 1e-9


class EntryRefused(InputError):
    """An entry the calculator will not score; its message goes on the page."""


@dataclass(frozen=True)
class EntryField:
    """One input of the form: a clinical predictor, or a signature score typed by hand."""

    name: str
    label: str
    kind: str                       # "number", "level" or "score"
    levels: tuple[str, ...] = ()
    low: float | None = None        # training range of a numeric predictor or a score
    high: float | None = None       # (None: a score of a bundle without score_ranges)


def entry_fields(models: BundledModels) -> list[EntryField]:
    """The clinical predictors ``predict`` checks, then the scores the combined model reads.

    Labels come from the bundle's ``labels`` (the study's ``data.labels``) where it has
    them, else from the nomogram's axis labels, else the column name.
    """
    axes = models.nomogram.axes if models.nomogram is not None else []
    labels = ({a.name: a.label for a in axes if a.label and a.label != a.name}
              | (models.content.get("labels") or {}))
    fields = []
    for column, allowed in models.content["predictor_ranges"].items():
        label = labels.get(column, column)
        if "levels" in allowed:
            fields.append(EntryField(column, label, "level", tuple(allowed["levels"])))
        else:
            fields.append(EntryField(column, label, "number", low=allowed["min"],
                                     high=allowed["max"]))
    ranges = score_ranges(models)
    return fields + [EntryField(score, labels.get(score, SCORE_LABELS.get(score, score)), "score",
                                low=ranges.get(score, {}).get("min"),
                                high=ranges.get(score, {}).get("max"))
                     for score in score_terms(models)]


def score_terms(models: BundledModels) -> list[str]:
    """The signature scores (rad-score, deep score) among the combined model's terms."""
    if models.combined is None:
        return []
    return [t for t in models.combined.spec.terms if t in SCORES.values()]


def score_ranges(models: BundledModels) -> dict:
    """The training distribution ({min, max, mean, sd}) of each score the combined model
    reads; empty for a bundle made before ``score_ranges`` existed."""
    return models.content.get("score_ranges") or {}


def score_range_note(label: str, value: float, train: dict) -> str:
    """The note for a typed score just outside its training range ("" inside it); a score
    far outside it (:func:`~axilla.study.training_range.far_outside`) is refused."""
    if not outside(value, train):
        return ""
    z, far = training_z(value, train), far_outside(value, train)
    said = (f"{label} = {value:g} is {'far ' if far else ''}outside the training range "
            f"[{train['min']:g}, {train['max']:g}] ({abs(z):.1f} SD "
            f"{'above' if z > 0 else 'below'} the training mean")
    if far:
        raise EntryRefused(said + f"; over {Z_BOUND:g} SD is refused)",
                           fix="check the decimal point / the score's units (type the score "
                               "as the study's formula gives it)")
    return said + "): the risk is extrapolated"


@dataclass
class ModelAnswer:
    """One model's probability for the patient, with its CI where the model is logistic."""

    model: str
    risk: float
    interval: RiskInterval | None = None


@dataclass
class Calculation:
    """What the page shows: the main model's answer, the nomogram points and the note."""

    patient: str
    main: ModelAnswer
    threshold: float
    group: str
    values: dict = field(default_factory=dict)       # predictor -> the value scored
    points: dict = field(default_factory=dict)       # predictor -> nomogram points
    total_points: float | None = None
    others: list[ModelAnswer] = field(default_factory=list)
    note: str = ""


def patient_name(text: str) -> str:
    """The patient id typed on the form (letters, digits, '.', '_', '-'), or a default."""
    text = (text or "").strip()
    if not text:
        return DEFAULT_PATIENT
    if not PATIENT_ID.fullmatch(text):
        raise EntryRefused(f"patient id {text!r} is not accepted",
                           fix="use up to 64 letters, digits, '.', '_' or '-'")
    return text


def typed_scores(models: BundledModels, entries: dict, with_image: bool
                 ) -> tuple[dict[str, float], list[str]]:
    """The signature scores typed on the form (required without an image, refused with
    one), and the notes of those just outside their training range."""
    typed = {s: (entries.get(s) or "").strip() for s in score_terms(models)}
    labels = {f.name: f.label for f in entry_fields(models)}
    if with_image:
        given = [labels[s] for s, text in typed.items() if text]
        if given:
            raise EntryRefused(f"both an image and a typed {given[0]} were given",
                               fix="upload the image and mask, or type the score, not both")
        return {}, []
    if models.combined is None:
        raise EntryRefused("this bundle's main model reads the image itself",
                           fix="upload the patient's image and its ROI mask")
    scores, notes, ranges = {}, [], score_ranges(models)
    for score, text in typed.items():
        if not text:
            raise EntryRefused(f"{labels[score]} is required when no image is uploaded",
                               fix=f"type the patient's {labels[score]}, or upload the image "
                                   "and its ROI mask")
        try:
            scores[score] = float(text)
        except ValueError:
            scores[score] = math.nan
        if not math.isfinite(scores[score]):
            raise EntryRefused(f"{labels[score]} = {text!r} is not a number",
                               fix="type a number such as -0.25")
        if score in ranges:
            notes.append(score_range_note(labels[score], scores[score], ranges[score]))
    return scores, [note for note in notes if note]


def clinical_row(models: BundledModels, entries: dict, patient: str, folder: Path) -> Path:
    """The clinical values as the one-row CSV ``axilla predict --clinical`` reads."""
    row = {"patient_id": patient} | {column: (entries.get(column) or "").strip()
                                     for column in models.content["predictor_ranges"]}
    path = folder / "clinical.csv"
    pd.DataFrame([row]).to_csv(path, index=False)
    return path


def calculate(bundle, models: BundledModels, entries: dict, folder: Path, *, image=None,
              mask=None, verify_key=None) -> Calculation:
    """Score one entry (form values by field name) in ``folder`` (a per-request folder)."""
    if (image is None) != (mask is None):
        raise EntryRefused("an image needs its mask and a mask its image",
                           fix="upload both files, or neither and type the score")
    patient = patient_name(entries.get("patient_id", ""))
    scores, score_notes = typed_scores(models, entries, with_image=image is not None)
    clinical = clinical_row(models, entries, patient, folder)
    if image is not None:
        result = predict_patients(bundle, image=image, mask=mask, clinical=clinical,
                                  patient_id=patient, pages=False, verify_key=verify_key)
    else:
        frame = read_table(clinical).set_index("patient_id").assign(**scores)
        result = score_frame(replace(models, pipelines={}), frame, set(frame.index))
    calc = _answer(models, result.iloc[0], read_table(clinical).iloc[0], patient)
    return replace(calc, note="; ".join(filter(None, [calc.note, *score_notes])))


def _answer(models: BundledModels, row: pd.Series, clinical: pd.Series,
            patient: str) -> Calculation:
    main = row["main_model"]
    if pd.isna(row.get(main, np.nan)):
        raise EntryRefused(f"the {main} model could not be applied: {row['note']}",
                           patient=patient, fix="correct the values and submit again")
    values = clinical.to_dict() | {s: row[s] for s in SCORES.values() if s in row.index}
    answers = [ModelAnswer(name, float(row[name]), _interval(models, name, values, row[name]))
               for name in (main, *[m for m in (*models.pipelines, CLINICAL, COMBINED)
                                    if m != main and m in row.index and not pd.isna(row[m])])]
    points = {k[len("points_"):]: float(v) for k, v in row.items()
              if k.startswith("points_") and k != "points_total" and not pd.isna(v)}
    return Calculation(patient, answers[0], float(row["threshold"]), str(row["risk_group"]),
                       {t: values[t] for t in points}, points,
                       float(row["points_total"]) if points else None, answers[1:],
                       str(row["note"]))


def _interval(models: BundledModels, name: str, values: dict, risk: float
              ) -> RiskInterval | None:
    model = {CLINICAL: models.clinical, COMBINED: models.combined}.get(name)
    if model is None:
        return None
    interval = model_risk_interval(model, values)
    if abs(interval.risk - risk) > CONSISTENCY:
        raise AxillaError(f"the {name} model's CI is for risk {interval.risk!r}, predict gave "
                          f"{risk!r}", fix="report this to the Axilla developers")
    return interval
