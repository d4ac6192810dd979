"""Every image type a seed study asks for gives features on its demo images (seeds/004
asked for LoG on 2D ultrasound, which PyRadiomics skips: 525 warnings and no LoG feature,
while the methods said LoG features were extracted)."""
from __future__ import annotations

import pytest

from axilla.cohort import extract_cohort
from axilla.demo.studies import STUDIES, prepare_demo
from axilla.io import cases, read_manifest
from axilla.study.config import read_study
from axilla.study.methods import image_type_has_features


@pytest.mark.parametrize("study", sorted(STUDIES))
def test_each_requested_image_type_gives_features(tmp_path, study):
    study_file = prepare_demo(tmp_path, study, n=12, seed=3)
    config, problems = read_study(study_file)
    assert not problems, problems
    manifest, problems = read_manifest(study_file.parent / config.data.manifest,
                                       root=study_file.parent)
    assert not problems, problems
    first = manifest["patient_id"].iloc[0]
    result = extract_cohort([c for c in cases(manifest) if c.patient_id == first],
                            config.extraction.settings(study_file.parent),
                            cache_dir=tmp_path / "cache", on_error="raise", progress=False)
    features = list(result.features.columns)
    assert [t for t in config.extraction.imageType if not image_type_has_features(t, features)] == []
