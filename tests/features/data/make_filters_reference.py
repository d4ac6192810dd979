"""Write filters_reference.csv: PyRadiomics feature values for the image types without a
shared reference extraction (Square, SquareRoot, Logarithm, Exponential, Gradient, LBP2D,
LBP3D) on breast1 and brain1.

Run with the PyRadiomics peer built by benchmarks/run.sh (PyRadiomics 8ed5793 from
../shared/peers, plus trimesh and scipy<1.17, which LBP3D needs for scipy.special.sph_harm):

    .bench-venv/bin/python tests/features/data/make_filters_reference.py

It keeps, per case and image type, every 7th feature of the extraction (a spread over
first order and the five texture families), so the fixture stays small.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pywt
import radiomics
import scipy
import SimpleITK as sitk
import skimage
from radiomics.featureextractor import RadiomicsFeatureExtractor

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[2].parent / "shared" / "data" / "pyradiomics"
CASES = ("breast1", "brain1")
EVERY = 7


def main() -> None:
    extractor = RadiomicsFeatureExtractor(str(HERE / "filters_reference_params.yaml"))
    rows = []
    for case in CASES:
        result = extractor.execute(str(DATA / f"{case}_image.nrrd"),
                                   str(DATA / f"{case}_label.nrrd"))
        names = [n for n in result if not n.startswith("diagnostics_")]
        rows += [(case, n, repr(float(result[n]))) for n in names[::EVERY]]
    versions = (f"pyradiomics {radiomics.__version__}, numpy {np.__version__}, scipy"
                f" {scipy.__version__}, SimpleITK {sitk.Version_VersionString()}, PyWavelets"
                f" {pywt.__version__}, scikit-image {skimage.__version__},"
                f" Python {sys.version.split()[0]}")
    with open(HERE / "filters_reference.csv", "w", newline="") as handle:
        handle.write("# made by tests/features/data/make_filters_reference.py with"
                     " filters_reference_params.yaml\n")
        handle.write(f"# {versions}\n")
        writer = csv.writer(handle)
        writer.writerow(["case", "feature", "value"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
