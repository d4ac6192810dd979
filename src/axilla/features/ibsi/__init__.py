"""``compat: ibsi``: IBSI 1 preprocessing, features and aggregations, with IBSI tags.

Public: :func:`extract_ibsi` (features keyed by compliance-sheet tag), :func:`ibsi_code`,
:func:`parse_ibsi_settings`, :class:`IbsiSettings`.
"""
from axilla.features.ibsi.names import ibsi_code, ibsi_name
from axilla.features.ibsi.pipeline import extract_ibsi
from axilla.features.ibsi.settings import IbsiSettings, parse_ibsi_settings

__all__ = ["extract_ibsi", "ibsi_code", "ibsi_name", "parse_ibsi_settings", "IbsiSettings"]
