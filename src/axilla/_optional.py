"""Optional heavy packages in one place: ``require("torch", extra="deep")``."""
from __future__ import annotations

import importlib
from types import ModuleType

from axilla.errors import AxillaError


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` or raise an error that says which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise AxillaError(
            f"this feature needs the optional package '{module}' ({exc})",
            fix=f"install it with: pip install 'axilla[{extra}]'",
        ) from None
