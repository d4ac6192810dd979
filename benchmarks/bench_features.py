"""``make bench`` for features: Axilla against PyRadiomics on the same cases and settings.

Both tools run on one core (``taskset -c 0``) with every thread count at 1 (OpenMP, MKL,
OpenBLAS, numba, ITK), interleaved: each round runs every row with both tools, the tool
that goes first alternating by round; each number is the median of ``--repeats`` rounds.

Per row and tool, two fresh processes a round:

- **warm call**: a child (this script with ``--child``, or ``pyradiomics_runner.py``
  under ``.bench-venv``) calls the extraction twice on the same case; the second call
  (file reading included) is what each further case of a cohort costs.
- **fresh process**: the command users run for one case, ``axilla features`` against the
  ``pyradiomics`` command, wall time from start to exit (start-up, imports, one case,
  writing its CSV), and that process' peak RSS (``ru_maxrss`` from ``wait4``).

Then Axilla's values are compared with PyRadiomics' feature by feature.

Rows: breast1, brain1 and lung1 (../shared/data/pyradiomics) with (a) the original image
(params/reference_original.yaml) and (b) + wavelet + LoG sigma 1, 2, 3 mm
(params/reference_filtered.yaml); a synthetic 512x512x200 CT-sized case with an ROI of
about 297,000 voxels, (b); a synthetic 2D ultrasound-sized image (600x800) with original +
wavelet + LBP2D; with ``--only dce`` a synthetic breast DCE-MRI-sized case. Last, the
cohort: 200 synthetic breast1-sized cases with (b), ``axilla extract --workers N`` against
``pyradiomics`` batch mode ``--jobs N`` for N = 1 (one core) and 2 (two cores), in cases
per minute, and the two feature tables compared cell by cell.

    .venv/bin/python benchmarks/bench_features.py [--repeats 3] [--only lung1] [--no-cohort]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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
PEER_CLI = REPO / ".bench-venv" / "bin" / "pyradiomics"
AXILLA_CLI = Path(sys.executable).parent / "axilla"
SEED = 20261122
COHORT_SIZE = 200
#: one thread everywhere, for both tools (ITK reads the last one)
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                     "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS",
                                     "ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS")}

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


def _write_case(image_array: np.ndarray, roi: np.ndarray, spacing, image_path: Path,
                mask_path: Path) -> None:
    """Write an image and its ROI (as a UInt8 mask on the same grid) to two files."""
    image = sitk.GetImageFromArray(image_array)
    image.SetSpacing(tuple(spacing))
    mask = sitk.GetImageFromArray(roi.astype(np.uint8))
    mask.CopyInformation(image)
    sitk.WriteImage(image, str(image_path))
    sitk.WriteImage(mask, str(mask_path))


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
    _write_case(np.clip(tissue, 0, 4000).astype(np.int16), tumour, spacing[::-1],
                image_path, mask_path)
    return image_path, mask_path


def large_case(folder: Path) -> tuple[Path, Path]:
    """A 512x512x200 CT-sized volume (0.7x0.7x1.25 mm) with an ellipsoid ROI of about
    297,000 voxels (semi-axes 45, 45, 35 voxels), seeded: the large filtered case."""
    image_path, mask_path = folder / "large_image.nrrd", folder / "large_label.nrrd"
    if image_path.exists() and mask_path.exists():
        return image_path, mask_path
    rng = np.random.default_rng(SEED + 2)
    shape = (200, 512, 512)
    z, y, x = np.ogrid[:shape[0], :shape[1], :shape[2]]
    body = (((y - 256) / 230.0) ** 2 + ((x - 256) / 240.0) ** 2 <= 1)
    tissue = np.where(body, 40 + 30 * np.sin(x / 29.0) * np.cos(y / 41.0) + 0.2 * z,
                      -1000).astype(np.float32)
    tissue += rng.normal(0, 20, shape).astype(np.float32)
    roi = (((z - 100) / 35.0) ** 2 + ((y - 250) / 45.0) ** 2 + ((x - 270) / 45.0) ** 2) <= 1
    tissue[roi] += 60 + rng.normal(0, 25, int(roi.sum())).astype(np.float32)
    _write_case(np.clip(tissue, -1024, 3071).astype(np.int16), roi, (0.7, 0.7, 1.25),
                image_path, mask_path)
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
    _write_case(np.clip(echo * speckle, 0, 255).astype(np.uint8), lesion, (0.08, 0.08),
                image_path, mask_path)
    return image_path, mask_path, params_path


def breast_cohort(folder: Path, n: int) -> tuple[Path, Path]:
    """``n`` breast1-sized cases (48x120x21 voxels of 0.66x0.66x2.1 mm, int16) with a
    seeded ellipsoid lesion of about 100 to 1,500 voxels each; returns the Axilla
    manifest and the PyRadiomics batch CSV listing them."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest, batch = folder / "manifest.csv", folder / "pyradiomics_batch.csv"
    if manifest.exists() and batch.exists():
        return manifest, batch
    rng = np.random.default_rng(SEED + 3)
    shape = (21, 120, 48)
    z, y, x = np.ogrid[:shape[0], :shape[1], :shape[2]]
    rows = []
    for k in range(n):
        tissue = (250 + 120 * np.sin(x / rng.uniform(5, 12)) * np.cos(y / rng.uniform(8, 20))
                  + rng.normal(0, 40, shape))
        centre = (rng.uniform(7, 13), rng.uniform(35, 85), rng.uniform(16, 32))
        semi = (rng.uniform(1.5, 3.5), rng.uniform(4, 12), rng.uniform(4, 12))
        lesion = sum(((c - m) / a) ** 2 for c, m, a in zip((z, y, x), centre, semi)) <= 1
        tissue[lesion] += rng.uniform(150, 500) + rng.normal(0, 60, int(lesion.sum()))
        image_path, mask_path = folder / f"case{k:03d}_image.nrrd", folder / f"case{k:03d}_label.nrrd"
        _write_case(np.clip(tissue, 0, 4000).astype(np.int16), lesion, (0.664062, 0.664062, 2.1),
                    image_path, mask_path)
        rows.append((f"case{k:03d}", image_path, mask_path))
    manifest.write_text("patient_id,image,mask\n" + "".join(
        f"{pid},{image},{mask}\n" for pid, image, mask in rows), encoding="utf-8")
    batch.write_text("ID,Image,Mask\n" + "".join(
        f"{pid},{image},{mask}\n" for pid, image, mask in rows), encoding="utf-8")
    return manifest, batch


def cases(only: list[str] | None) -> list[dict]:
    """(name, settings label, image, mask, params) of every benchmark row."""
    WORK.mkdir(parents=True, exist_ok=True)
    original = SHARED / "params" / "reference_original.yaml"
    filtered = SHARED / "params" / "reference_filtered.yaml"
    rows = []
    for case in ("breast1", "brain1", "lung1"):
        image, mask = SHARED / f"{case}_image.nrrd", SHARED / f"{case}_label.nrrd"
        rows.append(dict(case=case, settings="(a) original", image=image, mask=mask,
                         params=original))
        rows.append(dict(case=case, settings="(b) +wavelet+LoG", image=image, mask=mask,
                         params=filtered))
    # Made in a child process: a child's ru_maxrss starts at its parent's peak RSS.
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--make-data"], check=True)
    rows.append(dict(case="large 512x512x200", settings="(b) +wavelet+LoG",
                     image=WORK / "large_image.nrrd", mask=WORK / "large_label.nrrd",
                     params=filtered))
    rows.append(dict(case="us 600x800 2D", settings="+wavelet+LBP2D",
                     image=WORK / "us_image.nrrd", mask=WORK / "us_label.nrrd",
                     params=WORK / "us_params.yaml"))
    if only and any("dce" in o for o in only):
        rows.append(dict(case="dce 448x448x160", settings="(b) +wavelet+LoG",
                         image=WORK / "dce_image.nrrd", mask=WORK / "dce_label.nrrd",
                         params=filtered))
    return [r for r in rows if not only or any(o in r["case"] for o in only)]


def _pinned(command: list, cores: str = "0") -> list[str]:
    """``command`` on the given cores (``taskset``, where the system has it)."""
    command = [str(c) for c in command]
    return ["taskset", "-c", cores, *command] if shutil.which("taskset") else command


def run_process(command: list, cores: str = "0") -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one fresh process, one thread per library."""
    with tempfile.TemporaryFile(dir=WORK) as errors:
        start = time.perf_counter()
        process = subprocess.Popen(_pinned(command, cores), cwd=REPO,
                                   env={**os.environ, **ONE_THREAD},
                                   stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(map(str, command))} failed:\n"
                               f"{errors.read().decode(errors='replace')[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def run_child(command: list[str]) -> dict:
    """Run one fresh process that writes its JSON report to the path given last."""
    with tempfile.NamedTemporaryFile(suffix=".json", dir=WORK, delete=False) as handle:
        out = handle.name
    try:
        run_process([*command, out])
        with open(out) as handle:
            return json.load(handle)
    finally:
        os.unlink(out)


def measure_once(tool: str, row: dict) -> dict:
    """One round of ``tool`` on ``row``: the warm-call child, then the one-case command."""
    args = [str(row["image"]), str(row["mask"]), str(row["params"])]
    if tool == "axilla":
        warm = run_child([sys.executable, str(Path(__file__).resolve()), "--child", *args])
    else:
        warm = run_child([str(PEER), str(REPO / "benchmarks" / "pyradiomics_runner.py"), *args])
    with tempfile.TemporaryDirectory(dir=WORK) as folder:
        csv_out = Path(folder) / "out.csv"
        if tool == "axilla":
            command = [AXILLA_CLI, "features", "--image", args[0], "--mask", args[1],
                       "--params", args[2], "-o", csv_out]
        else:
            command = [PEER_CLI, args[0], args[1], "--param", args[2], "-o", csv_out,
                       "-f", "csv"]
        fresh, peak = run_process(command)
    return {"seconds": warm["seconds"], "again_seconds": warm["again_seconds"],
            "fresh_seconds": fresh, "peak_rss_mib": peak, "features": warm["features"]}


def measure_all(rows: list[dict], repeats: int) -> list[dict]:
    """Every row with both tools, ``repeats`` interleaved rounds; medians per cell."""
    runs: dict[tuple[int, str], list[dict]] = {}
    for round_ in range(repeats):
        for index, row in enumerate(rows):
            tools = ("axilla", "pyradiomics") if (round_ + index) % 2 == 0 else \
                ("pyradiomics", "axilla")
            print(f"round {round_ + 1}: {row['case']} {row['settings']} ...", file=sys.stderr,
                  flush=True)
            for tool in tools:
                runs.setdefault((index, tool), []).append(measure_once(tool, row))
    results = []
    for index, row in enumerate(rows):
        medians = {tool: {key: statistics.median(r[key] for r in runs[index, tool])
                          for key in ("seconds", "again_seconds", "fresh_seconds",
                                      "peak_rss_mib")} for tool in ("axilla", "pyradiomics")}
        compared, worst, only_one = largest_relative_difference(
            runs[index, "axilla"][-1]["features"], runs[index, "pyradiomics"][-1]["features"])
        results.append({**row, "ours": medians["axilla"], "theirs": medians["pyradiomics"],
                        "compared": compared, "worst": worst, "only_one": only_one})
    return results


def largest_relative_difference(ours: dict, theirs: dict) -> tuple[int, float, int]:
    """(features compared, largest |ours - theirs| / |theirs|, names in only one)."""
    common = sorted(set(ours) & set(theirs))
    worst = 0.0
    for name in common:
        a, b = ours[name], theirs[name]
        worst = max(worst, abs(a - b) / abs(b) if b != 0 else abs(a))
    return len(common), worst, len(set(ours) ^ set(theirs))


def child(image: str, mask: str, params: str, out: str) -> None:
    """One Axilla extraction in this process, called twice (``--child``).

    Parameters are read and the feature modules imported before the clock starts, as
    PyRadiomics does when its extractor is built; anything those modules import only
    when called is timed.
    """
    from axilla.features import extract, load_params
    from axilla.features.names import family_module
    for family in load_params(params).feature_classes:
        family_module(family)
    start = time.perf_counter()
    result = extract(image, mask, params)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    extract(image, mask, params)
    again = time.perf_counter() - start
    features = {k: float(v) for k, v in result.items() if not k.startswith("diagnostics_")}
    with open(out, "w") as handle:
        json.dump({"seconds": seconds, "again_seconds": again, "peak_rss_mib": _rss_mib(),
                   "features": features}, handle)


def cohort_tables(ours_path: Path, theirs_path: Path) -> dict:
    """Axilla's ``features.parquet`` against PyRadiomics' batch CSV, cell by cell."""
    import pandas as pd
    ours = pd.read_parquet(ours_path).set_index("patient_id")
    theirs = pd.read_csv(theirs_path).set_index("ID")
    features = [c for c in theirs.columns if c not in ("Image", "Mask")
                and not c.startswith("diagnostics_")]
    shared = [c for c in features if c in ours.columns]
    cases = sorted(set(ours.index) & set(theirs.index))
    a = ours.loc[cases, shared].to_numpy(float)
    b = theirs.loc[cases, shared].to_numpy(float)
    worst = float(np.max(np.abs(a - b) / np.where(b != 0, np.abs(b), 1.0)))
    ours_features = [c for c in ours.columns if "_" in c and c.split("_")[0] in
                     {f.split("_")[0] for f in features}]
    return {"cases": len(cases), "cases_ours": len(ours), "cases_theirs": len(theirs),
            "features": len(shared), "only_one": len(set(features) ^ set(ours_features)),
            "worst": worst}


def measure_cohort(size: int, repeats: int) -> list[dict]:
    """Cases per minute over the breast cohort, 1 and 2 workers, both tools interleaved."""
    manifest, batch = breast_cohort(WORK / f"cohort{size}", size)
    params = SHARED / "params" / "reference_filtered.yaml"
    rows = []
    for workers, cores in ((1, "0"), (2, "0,1")):
        times = {"axilla": [], "pyradiomics": []}
        for round_ in range(repeats):
            tools = ("axilla", "pyradiomics") if round_ % 2 == 0 else ("pyradiomics", "axilla")
            for tool in tools:
                print(f"cohort round {round_ + 1}: {tool}, {workers} worker(s) ...",
                      file=sys.stderr, flush=True)
                folder = Path(tempfile.mkdtemp(dir=WORK))
                if tool == "axilla":
                    out = folder / "features.parquet"
                    command = [AXILLA_CLI, "extract", manifest, "--params", params, "-o", out,
                               "--workers", workers, "--cache", folder / "cache"]
                else:
                    out = folder / "features.csv"
                    command = [PEER_CLI, batch, "--param", params, "-o", out, "-f", "csv",
                               "--jobs", workers]
                times[tool].append(run_process(command, cores)[0])
                kept = WORK / f"cohort_{tool}_{workers}{out.suffix}"
                shutil.move(out, kept)
                shutil.rmtree(folder)
        rows.append({"workers": workers, "size": size, **{tool: statistics.median(t) for tool, t in
                                            times.items()},
                     **cohort_tables(WORK / f"cohort_axilla_{workers}.parquet",
                                     WORK / f"cohort_pyradiomics_{workers}.csv")})
    return rows


def _table(results: list[dict]) -> str:
    head = ("| case | settings | warm call Axilla / PyRadiomics (s) | speed-up |"
            " first call in its process Axilla / PyRadiomics (s) |"
            " fresh one-case process Axilla / PyRadiomics (s) | speed-up |"
            " peak RSS Axilla / PyRadiomics (MiB) | ratio | features compared |"
            " largest rel. difference |")
    lines = [head, "|" + " --- |" * 11]
    for r in results:
        ours, theirs = r["ours"], r["theirs"]
        extra = f" ({r['only_one']} in one only)" if r["only_one"] else ""
        lines.append(
            f"| {r['case']} | {r['settings']} |"
            f" {ours['again_seconds']:.3f} / {theirs['again_seconds']:.3f} |"
            f" {theirs['again_seconds'] / ours['again_seconds']:.1f}x |"
            f" {ours['seconds']:.3f} / {theirs['seconds']:.3f} |"
            f" {ours['fresh_seconds']:.2f} / {theirs['fresh_seconds']:.2f} |"
            f" {theirs['fresh_seconds'] / ours['fresh_seconds']:.1f}x |"
            f" {ours['peak_rss_mib']:.0f} / {theirs['peak_rss_mib']:.0f} |"
            f" {ours['peak_rss_mib'] / theirs['peak_rss_mib']:.2f} |"
            f" {r['compared']}{extra} | {r['worst']:.1e} |")
    return "\n".join(lines)


def _cohort_table(rows: list[dict]) -> str:
    lines = [f"| {rows[0]['size']} breast1-sized cases, (b) | cases per minute Axilla |"
             " cases per minute PyRadiomics | speed-up | cases / features compared |"
             " largest rel. difference |", "|" + " --- |" * 6]
    for r in rows:
        cores = "1 core" if r["workers"] == 1 else f"{r['workers']} cores"
        extra = f" ({r['only_one']} features in one only)" if r["only_one"] else ""
        lines.append(f"| {r['workers']} worker(s) / --jobs {r['workers']}, {cores} |"
                     f" {60 * r['size'] / r['axilla']:.0f} |"
                     f" {60 * r['size'] / r['pyradiomics']:.0f} |"
                     f" {r['pyradiomics'] / r['axilla']:.1f}x |"
                     f" {r['cases']} / {r['features']}{extra} | {r['worst']:.1e} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="*",
                        help="case names to run (breast1 brain1 lung1 large us dce)")
    parser.add_argument("--no-cohort", action="store_true", help="skip the cohort part")
    parser.add_argument("--cohort-repeats", type=int, default=1)
    parser.add_argument("--cohort-size", type=int, default=COHORT_SIZE)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--make-data", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_data:
        breast_dce_case(WORK)
        large_case(WORK)
        ultrasound_case(WORK)
        return None
    if args.child:
        return child(*args.child)
    if not PEER.exists():
        sys.exit(f"PyRadiomics peer missing at {PEER}: run `bash benchmarks/run.sh`")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()
    rows = cases(args.only)
    results = measure_all(rows, args.repeats) if rows else []
    if results:  # printed before the cohort part starts
        print(_table(results), flush=True)
    cohort = [] if args.no_cohort else measure_cohort(args.cohort_size, args.cohort_repeats)
    if cohort:
        print("\n" + _cohort_table(cohort))
    print(f"\nMeasured {started} to {time.strftime('%H:%M UTC', time.gmtime())}, load average"
          f" {load_before[0]:.1f} before and {os.getloadavg()[0]:.1f} after;"
          f" {os.cpu_count()} cores; median of {args.repeats} interleaved rounds"
          f" ({args.cohort_repeats} for the cohort).")
    (WORK / "features_results.json").write_text(json.dumps(
        {"rows": [{k: v for k, v in r.items() if k not in ("image", "mask", "params")}
                  for r in results], "cohort": cohort}, indent=1, default=str),
        encoding="utf-8")


if __name__ == "__main__":
    main()
