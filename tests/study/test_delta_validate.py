"""`axilla validate` (and so `axilla run`, before extracting anything) lists the problems
of a study's delta manifest, signature outcome and omics table."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from axilla.demo.studies import prepare_demo
from axilla.study.validate import validate_study


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return prepare_demo(tmp_path_factory.mktemp("delta_validate"), "003_multicentre_mri",
                        n=16, seed=3)


def _delta_problems(study_file) -> list[str]:
    _, problems = validate_study(study_file)
    return [str(p) for p in problems if any(k in str(p) for k in (
        "manifest_nac", "omics", "signature_outcome", "time point", "timepoint"))]


def test_the_demo_inputs_have_no_delta_problem(study):
    assert _delta_problems(study) == []


def test_each_problem_is_named_with_its_fix(study, tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(study.parent, folder)
    cohort = folder / "cohort"
    paired = pd.read_csv(cohort / "manifest_nac.csv", dtype=str)
    paired.loc[0, "timepoint"] = "baseline"
    paired.to_csv(cohort / "manifest_nac.csv", index=False)
    omics = pd.read_csv(cohort / "omics.csv", dtype={"patient_id": str}).assign(comment="x")
    omics["neutrophils"] = omics["neutrophils"].astype(object)
    omics.loc[1, "neutrophils"] = "high"
    pd.concat([omics, omics.iloc[:1]]).to_csv(cohort / "omics.csv", index=False)
    study_file = folder / "study.yaml"
    study_file.write_text(study_file.read_text(encoding="utf-8").replace(
        "signature_outcome: nac_response", "signature_outcome: nac_respons"), encoding="utf-8")
    joined = "\n".join(_delta_problems(study_file))
    assert f"patient {paired.loc[0, 'patient_id']}: row 2 of cohort/manifest_nac.csv: time " \
           "point 'baseline' is neither 'pre' nor 'post'" in joined
    assert f"patient {omics.loc[0, 'patient_id']}: cohort/omics.csv has several rows for " \
           "this patient" in joined
    assert "column 'comment' is not numeric" in joined
    assert f"patient {omics.loc[1, 'patient_id']}: 'neutrophils' is 'high', not a number, in " \
           "cohort/omics.csv; write the number" in joined
    assert "column 'neutrophils'" not in joined
    assert "delta.signature_outcome 'nac_respons' is not a column" in joined \
        and "did you mean 'nac_response'?" in joined

    paired.drop(columns="timepoint").to_csv(cohort / "manifest_nac.csv", index=False)
    assert any("no 'timepoint' column" in p for p in _delta_problems(study_file))
