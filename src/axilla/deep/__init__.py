"""deep stage (optional extra ``axilla[deep]``): CNN features from the largest-slice patch.

VGG-16 is written in plain PyTorch (torchvision does not install beside the CPU torch
used here) with torchvision's layer names, so a user's weights file loads unchanged.
Nothing is downloaded: weights come from a file the user gives, or the network starts
from a seeded random initialisation and is fine-tuned on the training patients.
``import axilla.deep`` does not import torch; the names that need it load it on first use
and say which extra to install when it is absent.
"""
from __future__ import annotations

from axilla._lazy import lazy_names
from axilla._optional import require
from axilla.deep.config import DeepConfig, parse_deep_config
from axilla.deep.patches import largest_slice_index, largest_slice_patch
from axilla.deep.result import DeepResult

_NEED_TORCH = {
    "VGG16": "vgg", "build_vgg16": "vgg", "load_weights": "vgg",
    "fine_tune": "finetune", "deep_features": "finetune",
    "case_patches": "cohort_features", "features_for_cohort": "cohort_features",
    "deep_features_from_state": "cohort_features",
}

__all__ = ["DeepConfig", "DeepResult", "largest_slice_index", "largest_slice_patch",
           "parse_deep_config", *_NEED_TORCH]

__getattr__, __dir__ = lazy_names(__name__, _NEED_TORCH,
                                  before=lambda: require("torch", extra="deep"))
