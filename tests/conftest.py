"""Shared fixtures: the reference data in ../shared and one seed for everything."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AXILLA_SHARED", REPO.parent / "shared"))
SEED = 20261122


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a clean skip naming what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (../shared not checked out beside the repo)")
    return path


@pytest.fixture
def seed() -> int:
    """The one seed of the test suite (sklearn's pattern: never reseed per test)."""
    return SEED
