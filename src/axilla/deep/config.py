"""The ``deep:`` block of a study YAML, validated: which network, how it is fine-tuned.

Defaults follow seeds/002 (a 224 x 224 patch, VGG-16, mini-batches of 16) with fewer
epochs than the paper's 100, as a CPU budget; ``weights: null`` starts from a seeded
random network because nothing is downloaded.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from axilla._validation import check_known_keys
from axilla.errors import SettingsError


class DeepConfig(BaseModel):
    """Keyword arguments of :func:`axilla.deep.features_for_cohort` (besides the cohort)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: Path | None = None
    width: float = Field(1.0, gt=0, le=1)
    hidden: int = Field(4096, ge=1)
    size: int = Field(224, ge=32)  # five 2x2 poolings need at least 32 pixels
    epochs: int = Field(5, ge=0)
    lr: float = Field(1e-4, gt=0)
    batch_size: int = Field(16, ge=1)


def parse_deep_config(raw: dict | None, where: str = "deep") -> DeepConfig:
    """A DeepConfig from a YAML mapping; unknown keys and bad values are SettingsErrors."""
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise SettingsError(f"{where} must be a mapping of keys, got {type(raw).__name__}",
                            fix="write e.g. deep: {width: 1.0, epochs: 5}")
    check_known_keys(raw, DeepConfig.model_fields, where)
    try:
        return DeepConfig.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{where}.{'.'.join(map(str, e['loc']))}: {e['msg']} (got {e['input']!r})"
                    for e in exc.errors()]
        raise SettingsError("; ".join(problems),
                            fix="see docs/deep.md for the deep settings") from None
