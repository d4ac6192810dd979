"""Inputs: image and mask readers, geometry checks, the manifest and the clinical table."""
from axilla.io.case import Case, load_case
from axilla.io.clinical import clinical_problems, read_table
from axilla.io.manifest import cases, read_manifest
from axilla.io.masks import align_mask, geometry_mismatch, select_label
from axilla.io.problems import Problem, raise_if_any
from axilla.io.readers import as_volume, read_image

__all__ = ["Case", "Problem", "align_mask", "as_volume", "cases", "clinical_problems",
           "geometry_mismatch", "load_case", "raise_if_any", "read_image", "read_manifest",
           "read_table", "select_label"]
