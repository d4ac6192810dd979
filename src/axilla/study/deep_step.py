"""Deep features in a study: a CNN fine-tuned on the training patients only (seeds/002).

The network sees one image per patient (the first listed in the manifest, its largest
ROI slice); its fc7 features join the table as ``deep_vgg16_fc7_*`` columns, from which
the study builds a deep-learning signature (the ``deep`` model and its ``deepscore``)
with the same selection chain as the rad-score.
"""
from __future__ import annotations

import pandas as pd

from axilla.deep.config import DeepConfig
from axilla.errors import InputError
from axilla.io import Case
from axilla.models import audit
from axilla.study.data import StudyData


def first_case_per_patient(per_image: pd.DataFrame) -> list[Case]:
    """One Case per patient: the first image of the manifest."""
    if per_image.empty:
        raise InputError("deep features need images, but the study starts from a feature table",
                         fix="give data.manifest, or remove the deep: section")
    firsts = per_image.drop_duplicates("patient_id")
    return [Case(**case) for case in firsts["_case"]]


def add_deep_features(config: DeepConfig, data: StudyData, seed: int, root):
    """Fine-tune on training patients, add the deep columns to ``data``; return the result
    and its audit record."""
    from axilla.deep import features_for_cohort

    cases = [c for c in first_case_per_patient(data.per_image) if c.patient_id in data.table.index]
    train = data.table.index[data.is_training]
    weights = None if config.weights is None else root / config.weights
    result = features_for_cohort(cases, list(train), data.y[train].to_dict(), weights=weights,
                                 width=config.width, hidden=config.hidden, size=config.size,
                                 epochs=config.epochs, lr=config.lr,
                                 batch_size=config.batch_size, seed=seed)
    data.table = data.table.join(result.features, how="left")
    data.deep_features = list(result.features.columns)
    return result, audit.record("deep / VGG-16 fine-tuning", result, result.trained_on)
