"""``compat: ibsi``: IBSI 1 preprocessing, features and aggregations, with IBSI tags.

Public: :func:`extract_ibsi` (features keyed by compliance-sheet tag), :func:`ibsi_code`,
:func:`ibsi_name`, :func:`parse_ibsi_settings`, :class:`IbsiSettings`, :func:`run_selftest`.
The IBSI-only family modules (``axilla.features.morphology``, ``gldzm``, ...) use helpers
of this package, so the pipeline, which uses them in turn, is imported on first access.
"""
from axilla._lazy import lazy_names
from axilla.features.ibsi.names import ibsi_code, ibsi_name
from axilla.features.ibsi.settings import IbsiSettings, parse_ibsi_settings

__all__ = ["extract_ibsi", "ibsi_code", "ibsi_name", "parse_ibsi_settings", "IbsiSettings",
           "run_selftest"]

__getattr__, __dir__ = lazy_names(__name__, {"extract_ibsi": "pipeline",
                                             "run_selftest": "selftest"})
