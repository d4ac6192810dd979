"""What deep feature extraction for a cohort returns (no torch needed to hold it)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class DeepResult:
    """Deep features of every patient and the fine-tuned network that made them.

    features: one row per patient (index ``patient_id``), columns
    ``deep_vgg16_fc7_0000`` ...; trained_on: the patients whose patches and labels
    fine-tuned the network (for the leakage audit); model_state: the fine-tuned state
    dict as float32 numpy arrays (torchvision key names), storable without pickle;
    settings: the ``width``, ``hidden`` and ``size`` needed to rebuild the network.
    """

    features: pd.DataFrame
    trained_on: tuple[str, ...]
    model_state: dict[str, np.ndarray] = field(repr=False)
    settings: dict = field(default_factory=dict)
