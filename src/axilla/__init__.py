"""Axilla: radiomics nomograms for axillary lymph node metastasis.

The path of the data is io -> preprocess -> features -> cohort -> select/models ->
stats -> plots/report -> study. ``import axilla`` stays light: it imports neither
torch, dask nor matplotlib.
"""
import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
