"""One small study for the calculator's tests: the DCE-MRI demo (120 patients) with a
numeric clinical predictor that the stepwise model keeps (tumour size, drawn from the
outcome with a seeded generator) beside the 0/1 MRI-reported node status; and its bundle
as Axilla wrote it before bundles stored the training scores (no ``score_ranges``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from axilla.demo.studies import prepare_demo
from axilla.study.bundle import load_bundle, save_bundle
from axilla.study.run import run_study


SIZE_SEED = 7   # with it the backward AIC step keeps both tumour size and node status


@dataclass(frozen=True)
class ServeStudy:
    bundle: Path
    cohort: Path

    def case(self, index: int = 0) -> tuple[str, Path, Path, pd.Series]:
        """Patient id, image, mask and clinical row of the manifest's ``index``-th patient."""
        manifest = pd.read_csv(self.cohort / "manifest.csv")
        clinical = pd.read_csv(self.cohort / "clinical.csv", dtype={"patient_id": str})
        row = manifest.iloc[index]
        return (row.patient_id, self.cohort / row.image, self.cohort / row["mask"],
                clinical.set_index("patient_id").loc[row.patient_id])


@pytest.fixture(scope="session")
def serve_study(tmp_path_factory) -> ServeStudy:
    folder = tmp_path_factory.mktemp("serve_study")
    study = prepare_demo(folder, "001_dce_mri", n=120, seed=13)
    clinical = pd.read_csv(folder / "cohort" / "clinical.csv")
    rng = np.random.default_rng(SIZE_SEED)
    clinical["size_mm"] = np.round(rng.normal(18 + 9 * clinical["aln_status"], 6)).clip(5, 60)
    clinical.to_csv(folder / "cohort" / "clinical.csv", index=False)
    config = yaml.safe_load(study.read_text())
    config["preprocess"] = []
    config["extraction"]["featureClass"] = {"firstorder": [], "shape": []}
    config["models"]["classifiers"] = []
    config["models"]["clinical"].update(candidates=["size_mm", "grade", "mri_ln_status"],
                                        screening_p=1.0, direction="backward")
    config["evaluation"].update(calibration_boot=10, n_boot=10, decision_curve=False,
                                subgroups=[])
    config["data"]["labels"] = {"size_mm": "Tumour size (mm)",
                                "mri_ln_status": "MRI-reported node status"}
    study.write_text(yaml.safe_dump(config))
    result = run_study(study, folder / "run", progress=False)
    return ServeStudy(result.bundle, folder / "cohort")


@pytest.fixture(scope="session")
def old_bundle(serve_study, tmp_path_factory) -> Path:
    """The study's bundle without ``score_ranges``, as bundles were made before it."""
    content, arrays, native = load_bundle(serve_study.bundle)
    del content["score_ranges"]
    return save_bundle(tmp_path_factory.mktemp("old") / "bundle", content, arrays, native)
