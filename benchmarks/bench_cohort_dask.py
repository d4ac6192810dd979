"""``make bench`` for cohort extraction: one process, local workers and a Dask cluster.

The 200 breast1-sized cases of ``bench_features.py`` (its ``breast_cohort``) with
wavelet (coif1, 8 sub-bands) + LoG sigma 1, 2, 3 mm (``params/reference_filtered.yaml``,
1,130 features), each run as the ``axilla extract`` command in a fresh process with an
empty cache, one thread per library:

- ``--workers 1``: one process;
- ``--workers 2``: two local worker processes;
- ``--scheduler ADDR``: a ``dask.distributed.LocalCluster`` of two single-thread worker
  processes, started (and its start-up timed) before the command, as a cluster a user
  points Axilla at already runs.

Cases per minute = cases / wall seconds of the command. The three feature tables must be
identical. The projection for seeds/003's scale (1,088 patients x 2 ROIs x 3 sequences
= 6,528 cases) is 6,528 / (cases per minute): it holds for cases of this size; larger
volumes cost more per case (docs/benchmarks.md), the same factor for every mode.

    .venv/bin/python benchmarks/bench_cohort_dask.py [--size 200] [--repeats 1]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_features import AXILLA_CLI, ONE_THREAD, SHARED, WORK, breast_cohort

SEED_003_CASES = 1088 * 2 * 3


def extract_seconds(manifest: Path, params: Path, out: Path, mode: list[str]) -> float:
    """Wall seconds of one ``axilla extract`` process with an empty cache."""
    command = [str(AXILLA_CLI), "extract", str(manifest), "--params", str(params),
               "-o", str(out), "--cache", str(out.parent / "cache"), *mode]
    start = time.perf_counter()
    subprocess.run(command, check=True, env={**os.environ, **ONE_THREAD},
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def measure(size: int, repeats: int) -> tuple[list[dict], float]:
    """Seconds per mode (median of ``repeats``, modes interleaved) and the cluster's
    start-up seconds; checks that the three tables are identical."""
    import pandas as pd
    from distributed import Client, LocalCluster

    manifest, _ = breast_cohort(WORK / f"cohort{size}", size)
    params = SHARED / "params" / "reference_filtered.yaml"
    os.environ.update(ONE_THREAD)          # the cluster's workers inherit it
    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        client.wait_for_workers(2)
        startup = time.perf_counter() - start
        modes = {"1 process (--workers 1)": ["--workers", "1"],
                 "2 local workers (--workers 2)": ["--workers", "2"],
                 "2-worker Dask LocalCluster (--scheduler)":
                     ["--scheduler", cluster.scheduler_address]}
        seconds = {name: [] for name in modes}
        tables = {}
        for round_ in range(repeats):
            for name, mode in modes.items():
                print(f"round {round_ + 1}: {name} ...", file=sys.stderr, flush=True)
                folder = Path(tempfile.mkdtemp(dir=WORK))
                out = folder / "features.parquet"
                seconds[name].append(extract_seconds(manifest, params, out, mode))
                tables[name] = pd.read_parquet(out)
                shutil.rmtree(folder)
    reference = next(iter(tables.values()))
    for name, table in tables.items():
        pd.testing.assert_frame_equal(table, reference, check_exact=True, obj=name)
    rows = [{"mode": name, "size": size, "cases": len(reference),
             "features": reference.shape[1] - 1, "seconds": statistics.median(times),
             "rounds": times}
            for name, times in seconds.items()]
    return rows, startup


def table(rows: list[dict], startup: float) -> str:
    lines = [f"| {rows[0]['size']} breast1-sized cases, wavelet + LoG "
             f"({rows[0]['features']} features) | wall time (s) | cases per minute |"
             f" projected for seeds/003 ({SEED_003_CASES:,} cases) |", "|" + " --- |" * 4]
    for r in rows:
        rate = 60 * r["size"] / r["seconds"]
        lines.append(f"| {r['mode']} | {r['seconds']:.1f} | {rate:.0f} |"
                     f" {SEED_003_CASES / rate:.0f} min |")
    return "\n".join(lines) + (f"\n\nLocalCluster start-up (not in the times above): "
                               f"{startup:.1f} s; the three tables are identical.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} is absent: the parameter file comes from ../shared")
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()
    rows, startup = measure(args.size, args.repeats)
    print(f"Measured {started} to {time.strftime('%H:%M UTC', time.gmtime())}, load average"
          f" {load_before[0]:.1f} before and {os.getloadavg()[0]:.1f} after;"
          f" {os.cpu_count()} cores; median of {args.repeats} interleaved round(s).\n")
    print(table(rows, startup))
    (WORK / "cohort_dask_results.json").write_text(json.dumps(
        {"rows": rows, "cluster_startup_seconds": startup, "started": started},
        indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
