"""Batch extraction over a cohort: executors (local processes, Dask), cache, progress."""
from axilla.cohort.extract import CohortFeatures, extract_cohort

__all__ = ["CohortFeatures", "extract_cohort"]
