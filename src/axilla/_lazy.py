"""A package's public names imported from their modules on first use (PEP 562)."""
from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def lazy_names(package: str, sources: dict[str, str], before: Callable[[], object] | None = None):
    """``(__getattr__, __dir__)`` for ``package``; ``sources`` maps a name to its module.

    ``before`` runs ahead of the first import of each name (e.g. a check that an optional
    extra is installed).
    """
    def __getattr__(name: str):
        if name not in sources:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if before is not None:
            before()
        return getattr(importlib.import_module(f"{package}.{sources[name]}"), name)

    def __dir__() -> list[str]:
        return sorted([*vars(sys.modules[package]), *sources])

    return __getattr__, __dir__
