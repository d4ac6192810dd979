"""One report built from seeded synthetic results, shared by the report tests."""
from __future__ import annotations

import pytest

from axilla.report import build_report
from tests.helpers import SEED
from tests.report.synthetic import make_inputs


@pytest.fixture(scope="session")
def synthetic_inputs():
    return make_inputs(SEED)


@pytest.fixture(scope="session")
def built_report(synthetic_inputs, tmp_path_factory):
    """(path of report.html, run directory) of the full synthetic report."""
    run_dir = tmp_path_factory.mktemp("run")
    return build_report(synthetic_inputs, run_dir), run_dir
