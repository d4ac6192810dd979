"""The demo: generate a cohort, run its study, and predict the example patient."""
from __future__ import annotations

import time
from pathlib import Path

from axilla.demo.studies import prepare_demo


def _shared_breast_case() -> tuple[Path, Path] | None:
    """PyRadiomics' real breast MRI case from ../shared, when it is present."""
    import os

    here = Path(__file__).resolve()
    candidates = [Path(os.environ["AXILLA_SHARED"])] if "AXILLA_SHARED" in os.environ else []
    candidates += [p / "shared" for p in here.parents[:5]] + [Path.cwd().parent / "shared"]
    for shared in candidates:
        image = shared / "data" / "pyradiomics" / "breast1_image.nrrd"
        if image.exists():
            return image, image.with_name("breast1_label.nrrd")
    return None


def run_demo(folder, study: str = "001_dce_mri", *, n: int | None = None, seed: int = 2024,
             progress: bool = True) -> list[str]:
    """Run the demo into ``folder``; return the lines to print."""
    from axilla.study.predict import predict_patients
    from axilla.study.run import run_study

    start = time.perf_counter()
    folder = Path(folder)
    study_file = prepare_demo(folder, study, n=n, seed=seed)
    result = run_study(study_file, folder, progress=progress)
    lines = [f"report: {result.report}", f"bundle: {result.bundle}"]
    example = _shared_breast_case()
    if example is not None:
        out = predict_patients(result.bundle, image=example[0], mask=example[1],
                               patient_id="breast1", output=folder / "predict" / "breast1.csv")
        lines.append(f"example prediction (PyRadiomics breast1, radiomics model only): "
                     f"rad-score {out.iloc[0]['radscore']:.3f} -> {folder / 'predict'}")
    lines.append(f"finished in {time.perf_counter() - start:.0f} s")
    return lines
