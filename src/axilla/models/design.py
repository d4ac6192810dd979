"""Design matrices with treatment (dummy) coding, as R's ``model.matrix``.

A factor with levels ``[ref, a, b]`` becomes the columns ``<factor>a`` and
``<factor>b`` (R's default ``contr.treatment`` naming); the first level is the
reference. A *term* is one input variable: all of a factor's dummies enter or leave a
model together (R's ``drop1``/``step`` semantics).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from axilla.errors import InputError, ModelError


@dataclass(frozen=True)
class DesignSpec:
    """How to turn a table into model columns: the terms and each factor's levels."""

    terms: tuple[str, ...]
    levels: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def columns_of(self, term: str) -> list[str]:
        """The design columns a term produces (dummies for a factor)."""
        if term in self.levels:
            return [f"{term}{level}" for level in self.levels[term][1:]]
        return [term]

    @property
    def columns(self) -> list[str]:
        return [c for term in self.terms for c in self.columns_of(term)]

    def subset(self, terms) -> DesignSpec:
        terms = tuple(terms)
        return DesignSpec(terms, {t: v for t, v in self.levels.items() if t in terms})

    def to_dict(self) -> dict:
        return {"terms": list(self.terms), "levels": {k: list(v) for k, v in self.levels.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> DesignSpec:
        return cls(tuple(data["terms"]), {k: tuple(v) for k, v in data["levels"].items()})


def infer_spec(frame: pd.DataFrame, terms, reference: dict[str, str] | None = None,
               levels: dict[str, list[str]] | None = None) -> DesignSpec:
    """Factors are the non-numeric columns (or those named in ``levels``).

    Levels are sorted as R sorts them unless given; ``reference`` moves the chosen
    level to the front. A factor seen with one level only is a ModelError.
    """
    reference = reference or {}
    levels = dict(levels or {})
    found = {}
    for term in terms:
        if term not in frame.columns:
            raise InputError(f"column '{term}' is not in the table",
                             fix=f"available columns: {', '.join(map(str, frame.columns))}")
        is_factor = term in levels or not pd.api.types.is_numeric_dtype(frame[term])
        if not is_factor:
            continue
        present = sorted(frame[term].dropna().astype(str).unique())
        order = [str(v) for v in levels.get(term, present)]
        unknown = sorted(set(present) - set(order))
        if unknown:
            raise InputError(f"factor '{term}' has values {unknown} not among its levels {order}",
                             fix="add them to the factor's levels or recode them")
        if term in reference:
            ref = str(reference[term])
            if ref not in order:
                raise InputError(f"reference level '{ref}' of '{term}' is not one of {order}",
                                 fix="choose one of the listed levels")
            order = [ref] + [v for v in order if v != ref]
        used = [v for v in order if v in present]
        if len(used) < 2:
            raise ModelError(f"factor '{term}' has a single level ({used}) in the training data",
                             fix="drop the factor from the model or merge the cohorts so "
                                 "that both levels appear in training")
        found[term] = tuple(order)
    return DesignSpec(tuple(terms), found)


def design_matrix(frame: pd.DataFrame, spec: DesignSpec) -> np.ndarray:
    """Model columns (no intercept) in ``spec.columns`` order."""
    blocks = []
    for term in spec.terms:
        values = frame[term]
        if values.isna().any():
            raise InputError(f"column '{term}' has {int(values.isna().sum())} missing values",
                             fix="choose missing='impute' or drop incomplete rows first")
        if term in spec.levels:
            text = values.astype(str)
            bad = sorted(set(text) - set(spec.levels[term]))
            if bad:
                raise InputError(f"factor '{term}' has unseen levels {bad}",
                                 fix=f"known levels are {list(spec.levels[term])}")
            blocks.append(np.column_stack([(text == level).to_numpy(float)
                                           for level in spec.levels[term][1:]]))
        else:
            blocks.append(values.to_numpy(float)[:, None])
    if not blocks:
        return np.zeros((len(frame), 0))
    return np.hstack(blocks)
