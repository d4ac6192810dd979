"""Readers for the R reference datasets in ../shared/data/stats (driven by manifest.json)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from axilla.models.design import design_matrix, infer_spec
from tests.helpers import shared_available, shared_path

STATS = ("data", "stats")
BINARY = ["aSAH", "synthetic"] if shared_available(*STATS, "manifest.json") else []


def manifest(dataset: str) -> dict:
    return json.loads(shared_path(*STATS, "manifest.json").read_text(encoding="utf-8"))["datasets"][dataset]


def table(dataset: str) -> pd.DataFrame:
    return pd.read_csv(shared_path(*STATS, manifest(dataset)["csv"]), float_precision="round_trip")


def results(dataset: str, topic: str) -> dict:
    return json.loads(shared_path(*STATS, dataset, f"{topic}.json").read_text(encoding="utf-8"))["results"]


def terms_of(formula: str) -> list[str]:
    """Right-hand side terms of an R formula (main effects only)."""
    return [t.strip() for t in formula.split("~")[1].split("+") if t.strip()]


def design(dataset: str, formula: str):
    """(frame, y, spec, X) for ``formula`` with the manifest's factor levels."""
    info = manifest(dataset)
    frame = table(dataset)
    terms = terms_of(formula)
    levels = {k: v for k, v in info["factors"].items() if k in terms}
    spec = infer_spec(frame, terms, levels=levels)
    return frame, frame[info["outcome"]].to_numpy(float), spec, design_matrix(frame, spec)


def by_name(names, values) -> dict:
    return dict(zip(names, np.asarray(values, dtype=float)))
