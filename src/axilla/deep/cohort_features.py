"""Deep features for a cohort: fine-tune VGG-16 on the training patients only, then read
fc7 for every patient (seeds/002, Methods), and recompute them later from a stored state.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import torch

from axilla.deep.finetune import deep_features, fine_tune
from axilla.deep.patches import largest_slice_patch
from axilla.deep.result import DeepResult
from axilla.deep.vgg import FIFTH_BLOCK, HEAD, VGG16, build_vgg16
from axilla.errors import AxillaError, BundleError, InputError
from axilla.io import Case, load_case

FEATURE_PREFIX = "deep_vgg16_fc7_"


def case_patches(cases: Sequence[Case], *, size: int = 224, alignment: str = "strict",
                 voi_lut: bool = False) -> tuple[list[str], np.ndarray]:
    """Patient ids and an (n, 3, size, size) stack of largest-slice patches, one per case;
    an error names the patient and the mask file."""
    ids = [case.patient_id for case in cases]
    repeated = sorted({p for p in ids if ids.count(p) > 1})
    if repeated:
        raise InputError(f"deep features take one case per patient; repeated: {repeated[:5]}",
                         fix="keep one sequence and ROI per patient (the one the CNN sees)")
    if not ids:
        raise InputError("no cases given for deep features", fix="give at least one case")
    patches = []
    for case in cases:
        try:
            image, mask = load_case(case, alignment=alignment, voi_lut=voi_lut)
            patches.append(largest_slice_patch(image, mask, size=size))
        except AxillaError as exc:
            raise exc.with_context(patient=case.patient_id, file=case.mask) from None
    return ids, np.stack(patches)


def _training_labels(ids: list[str], train_ids, y_train) -> tuple[list[int], np.ndarray]:
    """Row positions of the training patients and their 0/1 labels."""
    labels = pd.Series(y_train).copy()
    labels.index = labels.index.astype(str)
    train = [str(p) for p in train_ids]
    absent = sorted(set(train) - set(ids))
    unlabelled = sorted(set(train) - set(labels.index))
    if absent or unlabelled:
        raise InputError(f"training patients without a case {absent[:5]} or without a "
                         f"label {unlabelled[:5]}",
                         fix="give a case and a 0/1 label for every training patient")
    position = {p: i for i, p in enumerate(ids)}
    rows = sorted(position[p] for p in set(train))
    return rows, labels.loc[[ids[i] for i in rows]].to_numpy()


def _frame(model: VGG16, ids: list[str], patches: np.ndarray) -> pd.DataFrame:
    values = deep_features(model, patches)
    columns = [f"{FEATURE_PREFIX}{j:04d}" for j in range(values.shape[1])]
    return pd.DataFrame(values, index=pd.Index(ids, name="patient_id"), columns=columns)


def features_for_cohort(cases: Sequence[Case], train_ids, y_train, *, weights=None,
                        width: float = 1.0, hidden: int = 4096, size: int = 224,
                        epochs: int = 5, lr: float = 1e-4, batch_size: int = 16,
                        seed: int = 0, alignment: str = "strict", voi_lut: bool = False,
                        progress: bool = False) -> DeepResult:
    """Fine-tune a VGG-16 on the patches of ``train_ids`` with labels ``y_train``
    (patient -> 0/1) and return every case's fc7 features; no other patient's image or
    label reaches the training. From ``weights`` the fifth convolutional block and the
    classifier are fine-tuned (transfer learning); from a seeded random start
    (``weights=None``) every layer is trained."""
    ids, patches = case_patches(cases, size=size, alignment=alignment, voi_lut=voi_lut)
    rows, y = _training_labels(ids, train_ids, y_train)
    model = build_vgg16(num_classes=1, width=width, hidden=hidden, seed=seed, weights=weights)
    if epochs > 0:
        fine_tune(model, patches[rows], y, epochs=epochs, lr=lr, batch_size=batch_size,
                  seed=seed, train_from=FIFTH_BLOCK if weights is not None else 0,
                  progress=progress)
    state = {k: v.detach().cpu().numpy().copy() for k, v in model.state_dict().items()}
    return DeepResult(features=_frame(model, ids, patches),
                      trained_on=tuple(ids[i] for i in rows), model_state=state,
                      settings={"width": width, "hidden": hidden, "size": size})


def _model_from_state(state: Mapping[str, np.ndarray], width: float, hidden: int) -> VGG16:
    head = state.get(HEAD + "weight")
    if head is None or np.ndim(head) != 2:
        raise BundleError("the deep model state has no output layer (classifier.6.weight)",
                          fix="store DeepResult.model_state unchanged in the bundle")
    model = VGG16(num_classes=int(head.shape[0]), width=width, hidden=hidden)
    tensors = {k: torch.as_tensor(np.asarray(v)) for k, v in state.items()}
    own = model.state_dict()
    if set(tensors) != set(own) or any(tensors[k].shape != own[k].shape for k in own):
        raise BundleError(f"the deep model state does not fit a VGG-16 of width {width} "
                          f"and hidden size {hidden}",
                          fix="rebuild with the width, hidden and size stored beside the state")
    model.load_state_dict(tensors)
    return model.eval()


def deep_features_from_state(state: Mapping[str, np.ndarray], cases: Sequence[Case],
                             width: float, hidden: int, size: int, *,
                             alignment: str = "strict", voi_lut: bool = False) -> pd.DataFrame:
    """fc7 features of ``cases`` from a stored fine-tuned state (``DeepResult.model_state``),
    as ``axilla predict`` needs them: the same numbers ``features_for_cohort`` gave."""
    model = _model_from_state(state, width, hidden)
    ids, patches = case_patches(cases, size=size, alignment=alignment, voi_lut=voi_lut)
    return _frame(model, ids, patches)
