"""The seed studies in examples/studies run as docs/study.md says: `axilla demo --study
NAME --data-only -o DIR` writes the example unchanged as DIR/study.yaml beside its
synthetic cohort, and `axilla validate DIR/study.yaml` finds nothing to fix. (The full
run of each is tests/study/test_studies.py, on the same files.)"""
from __future__ import annotations

import pytest

from axilla.cli import main
from tests.helpers import REPO
from tests.study.test_studies import SIZES   # small cohorts each study runs on

EXAMPLES = sorted((REPO / "examples" / "studies").glob("*.yaml"))


def test_every_example_is_listed():
    assert [p.stem for p in EXAMPLES] == sorted(SIZES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_as_documented(tmp_path, capsys, example):
    main(["demo", "--study", example.stem, "--data-only", "-o", str(tmp_path),
          "--n", str(SIZES[example.stem]), "--seed", "7"])
    study = tmp_path / "study.yaml"
    assert capsys.readouterr().out.splitlines() == [
        f"study: {study}", f"cohort: {tmp_path / 'cohort'}",
        f"next: axilla validate {study} && axilla run {study} -o {tmp_path / 'run'}"]
    assert study.read_text(encoding="utf-8") == example.read_text(encoding="utf-8")
    assert (tmp_path / "cohort" / "manifest.csv").exists()
    main(["validate", str(study)])
    assert capsys.readouterr().out == f"{study}: ok\n"
