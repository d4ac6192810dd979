"""The five seed studies as demo runs: a cohort shaped like each, and its study YAML."""
from __future__ import annotations

import difflib
import shutil
from importlib import resources
from pathlib import Path

from axilla.demo.cohorts import make_cohort
from axilla.errors import InputError

#: study file -> the demo cohort shaped like its paper (STUDIES.md)
STUDIES = {
    "000_mammography": "mammography",
    "001_dce_mri": "dce_mri",
    "002_dce_mri_deep": "dce_mri",
    "003_multicentre_mri": "multiparametric_mri",
    "004_ultrasound": "ultrasound",
}
DEFAULT_STUDY = "001_dce_mri"


def study_yaml(name: str) -> Path:
    """The packaged study file of a seed study."""
    if name not in STUDIES:
        close = difflib.get_close_matches(name, list(STUDIES), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise InputError(f"unknown demo study '{name}'{hint}",
                         fix=f"choose one of {', '.join(STUDIES)}")
    return Path(str(resources.files("axilla.demo") / "studies" / f"{name}.yaml"))


def prepare_demo(folder, study: str = DEFAULT_STUDY, *, n: int | None = None,
                 seed: int = 2024) -> Path:
    """Write the demo cohort into ``folder/cohort`` and the study file beside it."""
    source = study_yaml(study)   # an unknown study is refused before anything is written
    if n is not None and n < 1:
        raise InputError(f"--n {n}: a demo cohort needs at least one patient",
                         fix="give --n 1 or more, or leave it out for the study's size")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    make_cohort(STUDIES[study], folder / "cohort", n=n, seed=seed)
    target = folder / "study.yaml"
    shutil.copyfile(source, target)
    return target
