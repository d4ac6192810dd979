#!/usr/bin/env bash
# `make bench`: build the PyRadiomics peer once (.bench-venv, never an Axilla dependency),
# then run the benchmarks. Needs ../shared (peers and reference data) beside the repo.
set -euo pipefail
cd "$(dirname "$0")/.."

PEERS="${AXILLA_SHARED:-../shared}/peers"
PY="${PY:-python3}"
AXILLA_PY="${AXILLA_PY:-.venv/bin/python}"

if ! .bench-venv/bin/python -c "import radiomics, radiomics._cmatrices, trimesh, skimage" 2>/dev/null; then
    echo "building the PyRadiomics peer in .bench-venv (once) ..."
    "$PY" -m venv .bench-venv
    .bench-venv/bin/pip install -q -U pip
    # As ../shared/peers/README.md: PyRadiomics 8ed5793 from source (no cp311 wheels on PyPI).
    SETUPTOOLS_SCM_PRETEND_VERSION=3.1.1.dev111+g8ed5793 \
        .bench-venv/bin/pip install -q "$PEERS/pyradiomics-8ed5793.tar.gz"
    # LBP2D needs scikit-image; LBP3D needs trimesh and scipy.special.sph_harm (gone in scipy 1.17).
    .bench-venv/bin/pip install -q trimesh scikit-image "scipy<1.17"
fi
.bench-venv/bin/python -c "import radiomics; print('PyRadiomics', radiomics.__version__)"

"$AXILLA_PY" benchmarks/bench_features.py "$@"
if [ -f benchmarks/bench_stats.py ]; then
    "$AXILLA_PY" benchmarks/bench_stats.py
fi
"$AXILLA_PY" benchmarks/bench_cohort_dask.py   # cohort on 1 process, 2 workers, a Dask cluster (docs/dask.md)
