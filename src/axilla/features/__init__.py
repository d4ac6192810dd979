"""features stage: the extraction engine (PyRadiomics-compatible names and values).

``extract(image, mask, settings)`` returns ``{imageType_family_Feature: value}``;
``load_params`` reads and validates a PyRadiomics parameter file; ``FAMILIES`` lists the
feature classes and ``IMAGE_TYPE_NAMES`` the image types a parameter file may enable.
"""
from axilla.features.extractor import extract
from axilla.features.names import FAMILIES, IMAGE_TYPE_NAMES
from axilla.features.settings import ExtractionParams, load_params

__all__ = ["extract", "load_params", "ExtractionParams", "FAMILIES", "IMAGE_TYPE_NAMES"]
