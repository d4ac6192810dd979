"""Inputs: image and mask readers, geometry checks, the manifest and the clinical table.

Names are imported from their module on first use (PEP 562 ``__getattr__``), so reading
one image (``axilla.io.readers``, as ``axilla features`` does) does not import pandas
with the manifest and clinical-table modules.
"""
from axilla._lazy import lazy_names

#: public name -> its module in this package
_SOURCES = {
    "Case": "case", "load_case": "case",
    "clinical_problems": "clinical", "read_table": "clinical",
    "cases": "manifest", "read_manifest": "manifest", "repeated_images": "manifest",
    "align_mask": "masks", "geometry_mismatch": "masks", "select_label": "masks",
    "Problem": "problems", "raise_if_any": "problems",
    "as_volume": "readers", "read_image": "readers",
}

__all__ = sorted(_SOURCES)

__getattr__, __dir__ = lazy_names(__name__, _SOURCES)
