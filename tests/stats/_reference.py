"""R reference values from ../shared/data/stats, driven by its manifest.json.

Tolerances come from ../shared/data/stats/README.md ("Deterministic or stochastic: how to
test"): 1e-6 relative for deterministic values, about 1e-8 absolute for values that are 0
in theory, the loose bootstrap tolerances where the README gives them.
"""
from __future__ import annotations

import json
import math
from functools import cache

import numpy as np
import pandas as pd
import pytest

from tests.helpers import shared_available, shared_path

REL = 1e-6          # README: deterministic values, 1e-6 relative
ABS_ZERO = 1e-8     # README: values that are 0 in theory (in-sample intercepts, U:Chi-sq)
STATS = ("data", "stats")


@cache
def manifest() -> dict:
    return json.loads(shared_path(*STATS, "manifest.json").read_text(encoding="utf-8"))


def datasets_with(key: str) -> list:
    """Dataset names whose manifest entry has ``key`` (collection time; one skip if absent)."""
    if not shared_available(*STATS, "manifest.json"):
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/data/stats is absent"))]
    found = json.loads(shared_path(*STATS, "manifest.json").read_text(encoding="utf-8"))["datasets"]
    return [name for name, spec in found.items() if spec.get(key)]


def spec(name: str) -> dict:
    return manifest()["datasets"][name]


@cache
def data(name: str) -> pd.DataFrame:
    return pd.read_csv(shared_path(*STATS, spec(name)["csv"]), float_precision="round_trip")


@cache
def predictions(name: str) -> pd.DataFrame:
    return pd.read_csv(shared_path(*STATS, name, "predictions.csv"), float_precision="round_trip")


@cache
def topic(name: str, topic_name: str) -> dict:
    return json.loads(shared_path(*STATS, name, f"{topic_name}.json").read_text(encoding="utf-8"))["results"]


def column(name: str, col: str) -> np.ndarray:
    """A predictor: from predictions.csv when it is a model output, else from the data."""
    pr = predictions(name)
    return (pr if col in pr else data(name))[col].to_numpy()


def outcome(name: str) -> np.ndarray:
    return data(name)[spec(name)["outcome"]].to_numpy()


def number(value) -> float:
    """JSON value -> float ("Inf"/"-Inf" strings, null -> nan)."""
    if value is None:
        return math.nan
    return float(value) if not isinstance(value, str) else float(value.replace("Inf", "inf"))


def close(actual, expected, rel: float = REL, abs_: float = 0.0) -> None:
    """assert_allclose with JSON conversions."""
    expected = np.array([number(v) for v in np.atleast_1d(expected)], dtype=float)
    np.testing.assert_allclose(np.atleast_1d(np.asarray(actual, dtype=float)), expected,
                               rtol=rel, atol=abs_)


def design(name: str, formula: str) -> tuple[np.ndarray, np.ndarray]:
    """(X with intercept, y) for an R formula ``y ~ a + b + factor`` with treatment
    contrasts (first manifest level is the reference)."""
    lhs, rhs = (s.strip() for s in formula.split("~"))
    d = data(name)
    levels = spec(name)["factors"]
    columns = [np.ones(len(d))]
    for term in (t.strip() for t in rhs.split("+")):
        if term in levels:
            columns += [(d[term] == level).to_numpy(float) for level in levels[term][1:]]
        else:
            columns.append(d[term].to_numpy(float))
    return np.column_stack(columns), d[lhs].to_numpy()
