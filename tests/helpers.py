"""Test helpers: where ../shared is, and clean skips where it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AXILLA_SHARED", REPO.parent / "shared"))
SEED = 20261122


def shared_available(*parts: str) -> bool:
    """True when ``../shared/<parts>`` exists (use at collection time for parametrize)."""
    return SHARED.joinpath(*parts).exists()


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a clean skip naming what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (../shared is not checked out beside the repo)")
    return path
