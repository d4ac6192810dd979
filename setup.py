"""The C kernels of feature extraction (src/axilla/features/csrc), compiled at install.

Everything else about the package is in pyproject.toml; installing needs a C compiler.
"""
from pathlib import Path

from setuptools import Extension, setup

SOURCES = Path("src/axilla/features/csrc")

setup(ext_modules=[Extension(
    "axilla.features._kernels",
    sources=[str(SOURCES / name) for name in ("module.c", "matrices.c", "formulas.c", "sums.c",
                                                   "firstorder.c", "shape.c", "gaussian.c", "swt.c",
                                                   "mesh.c")],
    depends=[str(SOURCES / "kernels.h")],
    # -ffp-contract=off: no fused multiply-adds, so gaussian.c rounds as ITK's x86-64 build
    extra_compile_args=["-O3", "-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter",
                        "-ffp-contract=off"],
)])
