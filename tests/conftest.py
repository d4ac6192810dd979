"""Shared fixtures: one seed for the whole suite (sklearn's pattern: never reseed per test)."""
from __future__ import annotations

import pytest

from tests.helpers import SEED


@pytest.fixture
def seed() -> int:
    return SEED
