"""Run one PyRadiomics extraction in this (fresh) process and report time, memory, values.

Runs under the peer venv (.bench-venv, PyRadiomics 8ed5793), never under Axilla's:

    .bench-venv/bin/python benchmarks/pyradiomics_runner.py IMAGE MASK PARAMS OUT.json

OUT.json: ``seconds`` (the first ``execute`` call only, file reading included),
``again_seconds`` (the same call repeated in this process), ``peak_rss_mib`` (``ru_maxrss``
after the first call, imports included), ``import_rss_mib`` (before it) and ``features``
(name -> value, diagnostics left out).
"""
from __future__ import annotations

import json
import logging
import resource
import sys
import time

import radiomics
from radiomics.featureextractor import RadiomicsFeatureExtractor


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(image: str, mask: str, params: str, out: str) -> None:
    radiomics.setVerbosity(logging.ERROR)
    extractor = RadiomicsFeatureExtractor(params)
    before = _rss_mib()
    start = time.perf_counter()
    result = extractor.execute(image, mask)
    seconds = time.perf_counter() - start
    peak = _rss_mib()
    start = time.perf_counter()
    extractor.execute(image, mask)
    again = time.perf_counter() - start
    features = {k: float(v) for k, v in result.items() if not k.startswith("diagnostics_")}
    with open(out, "w") as handle:
        json.dump({"seconds": seconds, "again_seconds": again, "peak_rss_mib": peak,
                   "import_rss_mib": before, "features": features}, handle)


if __name__ == "__main__":
    main(*sys.argv[1:5])
