"""``make bench`` for features: Axilla against PyRadiomics on the same cases and settings.

Every run is a fresh process (Axilla: this script with ``--child``; PyRadiomics:
``pyradiomics_runner.py`` under ``.bench-venv``) timing only the extraction call (file
reading included) and reporting its peak RSS (``ru_maxrss``, imports included); the same
call is then repeated in that process (what each further case of a cohort costs, once
imports and numba's compiled code are loaded). "Fresh process" is the child's wall time
less its repeated call: interpreter start-up, imports and the first call, what one
``axilla features`` run costs. Each number is the median of
``--repeats`` runs. Then Axilla's values are compared with
PyRadiomics' feature by feature.

Cases: brain1 and lung1 (../shared/data/pyradiomics) with (a) the original image
(params/reference_original.yaml) and (b) + wavelet + LoG sigma 1, 2, 3 mm
(params/reference_filtered.yaml); a synthetic breast DCE-MRI-sized case (448x448x160 voxels
of 0.7x0.7x1.5 mm, tumour of about 33,000 voxels, seeded) with (b); a synthetic 2D
ultrasound-sized image (600x800) with original + wavelet + LBP2D. Last, Axilla on 1 and 2
worker processes over cases (``axilla.cohort.executors.run_all``, as ``axilla extract
--workers``).

    .venv/bin/python benchmarks/bench_features.py [--repeats 3] [--only lung1]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import SimpleITK as sitk
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AXILLA_SHARED", REPO.parent / "shared")) / "data" / "pyradiomics"
WORK = REPO / ".cache" / "bench"
PEER = REPO / ".bench-venv" / "bin" / "python"
SEED = 20261122

ULTRASOUND_PARAMS = {
    "setting": {"binWidth": 25, "label": 1},
    "imageType": {"Original": {}, "Wavelet": {},
                  # PyRadiomics' code samples 8 points unless told (its docs say 9)
                  "LBP2D": {"binWidth": 1, "lbp2DSamples": 8}},
    "featureClass": {c: [] for c in ("shape2D", "firstorder", "glcm", "glrlm", "glszm",
                                     "gldm", "ngtdm")},
}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def breast_dce_case(folder: Path) -> tuple[Path, Path]:
    """A DCE-MRI-sized volume: smooth tissue, noise and an enhancing ellipsoid tumour."""
    image_path, mask_path = folder / "dce_image.nrrd", folder / "dce_label.nrrd"
    if image_path.exists() and mask_path.exists():
        return image_path, mask_path
    rng = np.random.default_rng(SEED)
    shape = (160, 448, 448)
    spacing = np.array([1.5, 0.7, 0.7])
    z, y, x = np.ogrid[:shape[0], :shape[1], :shape[2]]
    tissue = (300 + 150 * np.sin(x / 37.0) * np.cos(y / 53.0) + 2.0 * z).astype(np.float32)
    tissue += rng.normal(0, 30, shape).astype(np.float32)
    centre = np.array(shape) / 2
    semi_axes_mm = np.array([16.0, 18.0, 20.0])
    distance = sum(((c - m) * s / a) ** 2 for c, m, s, a in
                   zip((z, y, x), centre, spacing, semi_axes_mm))
    tumour = distance <= 1
    tissue[tumour] += 500 + rng.normal(0, 80, int(tumour.sum())).astype(np.float32)
    image = sitk.GetImageFromArray(np.clip(tissue, 0, 4000).astype(np.int16))
    image.SetSpacing(tuple(spacing[::-1]))
    mask = sitk.GetImageFromArray(tumour.astype(np.uint8))
    mask.CopyInformation(image)
    sitk.WriteImage(image, str(image_path))
    sitk.WriteImage(mask, str(mask_path))
    return image_path, mask_path


def ultrasound_case(folder: Path) -> tuple[Path, Path, Path]:
    """A 600x800 B-mode-like 2D image (speckle) with a hypoechoic elliptical lesion."""
    image_path, mask_path = folder / "us_image.nrrd", folder / "us_label.nrrd"
    params_path = folder / "us_params.yaml"
    params_path.write_text(yaml.safe_dump(ULTRASOUND_PARAMS), encoding="utf-8")
    if image_path.exists() and mask_path.exists():
        return image_path, mask_path, params_path
    rng = np.random.default_rng(SEED + 1)
    shape = (600, 800)
    y, x = np.ogrid[:shape[0], :shape[1]]
    echo = 90 + 40 * np.sin(x / 60.0) + 0.05 * y
    lesion = ((y - 300) / 90.0) ** 2 + ((x - 420) / 130.0) ** 2 <= 1
    echo = np.where(lesion, 35.0, echo)
    speckle = rng.rayleigh(1.0, shape)
    image = sitk.GetImageFromArray(np.clip(echo * speckle, 0, 255).astype(np.uint8))
    image.SetSpacing((0.08, 0.08))
    mask = sitk.GetImageFromArray(lesion.astype(np.uint8))
    mask.CopyInformation(image)
    sitk.WriteImage(image, str(image_path))
    sitk.WriteImage(mask, str(mask_path))
    return image_path, mask_path, params_path


def cases(only: list[str] | None) -> list[dict]:
    """(name, settings label, image, mask, params) of every benchmark row."""
    WORK.mkdir(parents=True, exist_ok=True)
    original = SHARED / "params" / "reference_original.yaml"
    filtered = SHARED / "params" / "reference_filtered.yaml"
    rows = []
    for case in ("brain1", "lung1"):
        image, mask = SHARED / f"{case}_image.nrrd", SHARED / f"{case}_label.nrrd"
        rows.append(dict(case=case, settings="(a) original", image=image, mask=mask,
                         params=original))
        rows.append(dict(case=case, settings="(b) +wavelet+LoG", image=image, mask=mask,
                         params=filtered))
    # Made in a child process: a child's ru_maxrss starts at its parent's peak RSS.
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--make-data"], check=True)
    rows.append(dict(case="dce 448x448x160", settings="(b) +wavelet+LoG",
                     image=WORK / "dce_image.nrrd", mask=WORK / "dce_label.nrrd",
                     params=filtered))
    rows.append(dict(case="us 600x800 2D", settings="+wavelet+LBP2D",
                     image=WORK / "us_image.nrrd", mask=WORK / "us_label.nrrd",
                     params=WORK / "us_params.yaml"))
    return [r for r in rows if not only or any(o in r["case"] for o in only)]


def run_child(command: list[str]) -> dict:
    """Run one fresh process that writes its JSON report to the path given last."""
    with tempfile.NamedTemporaryFile(suffix=".json", dir=WORK, delete=False) as handle:
        out = handle.name
    try:
        start = time.perf_counter()
        subprocess.run([*command, out], check=True, cwd=REPO)
        wall = time.perf_counter() - start
        with open(out) as handle:
            return {**json.load(handle), "process_seconds": wall}
    finally:
        os.unlink(out)


def measure(tool: str, row: dict, repeats: int) -> dict:
    """Median time and peak RSS of ``repeats`` fresh-process runs; values of the last."""
    args = [str(row["image"]), str(row["mask"]), str(row["params"])]
    if tool == "axilla":
        command = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    else:
        command = [str(PEER), str(REPO / "benchmarks" / "pyradiomics_runner.py"), *args]
    runs = [run_child(command) for _ in range(repeats)]
    return {"seconds": statistics.median(r["seconds"] for r in runs),
            # start-up, imports and the first call: the process less its repeated call
            "fresh_seconds": statistics.median(r["process_seconds"] - r["again_seconds"]
                                               for r in runs),
            "again_seconds": statistics.median(r["again_seconds"] for r in runs),
            "peak_rss_mib": statistics.median(r["peak_rss_mib"] for r in runs),
            "import_rss_mib": statistics.median(r["import_rss_mib"] for r in runs),
            "features": runs[-1]["features"]}


def largest_relative_difference(ours: dict, theirs: dict) -> tuple[int, float, int]:
    """(features compared, largest |ours - theirs| / |theirs|, names in only one)."""
    common = sorted(set(ours) & set(theirs))
    worst = 0.0
    for name in common:
        a, b = ours[name], theirs[name]
        worst = max(worst, abs(a - b) / abs(b) if b != 0 else abs(a))
    return len(common), worst, len(set(ours) ^ set(theirs))


def child(image: str, mask: str, params: str, out: str) -> None:
    """One Axilla extraction in this process (``--child``).

    Parameters are read and the feature modules imported before the clock starts, as
    PyRadiomics does when its extractor is built; anything those modules import only
    when called is timed.
    """
    import axilla.features.filters  # noqa: F401  (the image-type registry)
    from axilla.features import extract, load_params
    from axilla.features.names import family_module
    for family in load_params(params).feature_classes:
        family_module(family)
    before = _rss_mib()
    start = time.perf_counter()
    result = extract(image, mask, params)
    seconds = time.perf_counter() - start
    peak = _rss_mib()
    start = time.perf_counter()
    extract(image, mask, params)
    again = time.perf_counter() - start
    features = {k: float(v) for k, v in result.items() if not k.startswith("diagnostics_")}
    with open(out, "w") as handle:
        json.dump({"seconds": seconds, "again_seconds": again, "peak_rss_mib": peak,
                   "import_rss_mib": before, "features": features}, handle)


def _extract_row(row: tuple[str, str, str]) -> int:
    from axilla.features import extract
    return len(extract(*row))


def cohort_child(workers: str, rows_json: str, out: str) -> None:
    """All rows through the cohort executor with ``workers`` processes (``--cohort``)."""
    from axilla.cohort.executors import run_all
    rows = [tuple(r) for r in json.loads(rows_json)]
    start = time.perf_counter()
    list(run_all(_extract_row, rows, workers=int(workers)))
    with open(out, "w") as handle:
        json.dump({"seconds": time.perf_counter() - start, "peak_rss_mib": _rss_mib()},
                  handle)


def _table(results: list[dict]) -> str:
    head = ("| case | settings | time ours (s) | time PyRadiomics (s) | speed-up |"
            " repeat call ours / PyRadiomics (s) | speed-up |"
            " fresh process ours / PyRadiomics (s) |"
            " peak RSS ours (MiB) | peak RSS PyRadiomics (MiB) | features compared |"
            " largest rel. difference |")
    lines = [head, "|" + " --- |" * 12]
    for r in results:
        extra = f" ({r['only_one']} in one only)" if r["only_one"] else ""
        lines.append(f"| {r['case']} | {r['settings']} | {r['ours']['seconds']:.2f} |"
                     f" {r['theirs']['seconds']:.2f} |"
                     f" {r['theirs']['seconds'] / r['ours']['seconds']:.1f}x |"
                     f" {r['ours']['again_seconds']:.2f} / {r['theirs']['again_seconds']:.2f} |"
                     f" {r['theirs']['again_seconds'] / r['ours']['again_seconds']:.1f}x |"
                     f" {r['ours']['fresh_seconds']:.2f} / {r['theirs']['fresh_seconds']:.2f} |"
                     f" {r['ours']['peak_rss_mib']:.0f} | {r['theirs']['peak_rss_mib']:.0f} |"
                     f" {r['compared']}{extra} | {r['worst']:.1e} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="case names to run (brain1 lung1 dce us)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--cohort", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--make-data", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_data:
        breast_dce_case(WORK)
        ultrasound_case(WORK)
        return None
    if args.child:
        return child(*args.child)
    if args.cohort:
        return cohort_child(*args.cohort)
    if not PEER.exists():
        sys.exit(f"PyRadiomics peer missing at {PEER}: run `bash benchmarks/run.sh`")
    rows = cases(args.only)
    results = []
    for row in rows:
        print(f"running {row['case']} {row['settings']} ...", file=sys.stderr, flush=True)
        ours, theirs = measure("axilla", row, args.repeats), measure("pyradiomics", row,
                                                                      args.repeats)
        compared, worst, only_one = largest_relative_difference(ours["features"],
                                                                theirs["features"])
        results.append({**row, "ours": ours, "theirs": theirs, "compared": compared,
                        "worst": worst, "only_one": only_one})
    print(_table(results))
    print(f"\nMedian of {args.repeats} fresh processes each. Imports alone: Axilla"
          f" {statistics.median(r['ours']['import_rss_mib'] for r in results):.0f} MiB,"
          f" PyRadiomics {statistics.median(r['theirs']['import_rss_mib'] for r in results):.0f}"
          " MiB (included in peak RSS).")
    cohort = json.dumps([[str(r["image"]), str(r["mask"]), str(r["params"])] for r in rows])
    print("\n| Axilla, all rows above in one cohort | wall time (s) |\n| --- | --- |")
    for workers in (1, 2):
        timing = statistics.median(
            run_child([sys.executable, str(Path(__file__).resolve()), "--cohort",
                       str(workers), cohort])["seconds"] for _ in range(args.repeats))
        print(f"| {workers} worker process{'es' if workers > 1 else ''} over cases |"
              f" {timing:.2f} |")
    (WORK / "features_results.json").write_text(json.dumps(
        [{k: v for k, v in r.items() if k not in ("image", "mask", "params")} | {
            "ours": {k: v for k, v in r["ours"].items() if k != "features"},
            "theirs": {k: v for k, v in r["theirs"].items() if k != "features"}}
         for r in results], indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
