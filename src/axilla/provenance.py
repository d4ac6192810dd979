"""Software versions and input hashes, kept beside the results (never inside the matrix)."""
from __future__ import annotations

import platform
from importlib import metadata

PACKAGES = ("numpy", "scipy", "SimpleITK", "PyWavelets", "scikit-image", "numba", "pandas",
            "scikit-learn", "statsmodels", "lifelines", "xgboost", "lightgbm", "matplotlib",
            "pydicom", "pydantic")


def versions() -> dict[str, str]:
    """Python, Axilla and the versions of the packages results depend on."""
    from axilla import __version__

    found = {"python": platform.python_version(), "axilla": __version__}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found
