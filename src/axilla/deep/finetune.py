"""Fine-tune a CNN on training patches and read its deep features, seeded and on the CPU.

seeds/002 (Methods): transfer learning fine-tunes an ImageNet VGG-16 on the training
cohort in mini-batches of 16 with online augmentation (random horizontal and vertical
flips, rotation and displacement); the last fully connected layer's activations are the
deep features. Here: binary cross-entropy on one output logit, Adam, ImageNet channel
normalisation (torchvision's documented mean and std). Only layers from ``features``
index ``train_from`` on (24 = the fifth convolutional block) and the classifier are
trained; the rest keeps its weights.
"""
from __future__ import annotations

import contextlib
import logging
import math

import numpy as np
import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from axilla.deep.vgg import FIFTH_BLOCK, VGG16
from axilla.errors import InputError, ModelError

logger = logging.getLogger(__name__)

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
MAX_ROTATION_DEG = 15.0
MAX_SHIFT = 0.1  # of the patch side


def _normalise(batch: torch.Tensor) -> torch.Tensor:
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return (batch - mean) / std


def _augment(batch: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random flips, a rotation within +-15 degrees and a shift within +-10 % of the side,
    drawn per patch from ``generator``; borders are filled by reflection."""
    n = batch.shape[0]
    sign_x = 1 - 2 * (torch.rand(n, generator=generator) < 0.5).float()
    sign_y = 1 - 2 * (torch.rand(n, generator=generator) < 0.5).float()
    angle = math.radians(MAX_ROTATION_DEG) * (2 * torch.rand(n, generator=generator) - 1)
    shift = 2 * MAX_SHIFT * (2 * torch.rand(n, 2, generator=generator) - 1)  # grid is [-1, 1]
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.stack([torch.stack([cos * sign_x, -sin * sign_y, shift[:, 0]], 1),
                         torch.stack([sin * sign_x, cos * sign_y, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(batch.shape), align_corners=False)
    return F.grid_sample(batch, grid, mode="bilinear", padding_mode="reflection",
                         align_corners=False)


@contextlib.contextmanager
def _seeded(seed: int):
    """Seed torch for one block, with deterministic kernels, and restore the global state."""
    was_deterministic = torch.are_deterministic_algorithms_enabled()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        torch.use_deterministic_algorithms(True)
        try:
            yield
        finally:
            torch.use_deterministic_algorithms(was_deterministic)


def _check_training_data(model: VGG16, patches: np.ndarray, y: np.ndarray) -> None:
    if model.classifier[-1].out_features != 1:
        raise InputError(f"fine-tuning trains one output logit; this network has "
                         f"{model.classifier[-1].out_features}",
                         fix="build it with build_vgg16(num_classes=1, ...)")
    if patches.ndim != 4 or patches.shape[1] != 3:
        raise InputError(f"patches must be an (n, 3, H, W) array, got shape {patches.shape}",
                         fix="stack the outputs of largest_slice_patch")
    if y.shape != (len(patches),) or not np.isin(y, (0, 1)).all():
        raise InputError(f"labels must be {len(patches)} values of 0 or 1, one per patch",
                         fix="give the binary outcome of each training patch")
    if len(np.unique(y)) < 2:
        raise ModelError("fine-tuning needs both outcome classes among the training patches",
                         fix="include patients with and without metastasis in training")


def fine_tune(model: VGG16, patches: np.ndarray, y: np.ndarray, *, epochs: int = 5,
              lr: float = 1e-4, batch_size: int = 16, seed: int = 0,
              train_from: int = FIFTH_BLOCK, progress: bool = False) -> VGG16:
    """Train ``model`` (one output logit) on (n, 3, H, W) patches in [0, 1] and 0/1 labels;
    the same inputs and seed give bit-identical weights. Returns the model in eval mode."""
    patches, y = np.asarray(patches), np.asarray(y)
    _check_training_data(model, patches, y)
    for index, layer in enumerate(model.features):
        for parameter in layer.parameters():
            parameter.requires_grad = index >= train_from
    trainable = [p for p in model.parameters() if p.requires_grad]
    x_all = torch.as_tensor(patches, dtype=torch.float32)
    y_all = torch.as_tensor(y, dtype=torch.float32)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    with _seeded(seed):
        generator = torch.Generator().manual_seed(seed)
        optimiser = torch.optim.Adam(trainable, lr=lr)
        model.train()
        for epoch in tqdm(range(epochs), desc="fine-tuning", unit="epoch", disable=not progress):
            order = torch.randperm(len(x_all), generator=generator)
            for start in range(0, len(order), batch_size):
                idx = order[start:start + batch_size]
                logits = model(_normalise(_augment(x_all[idx], generator)))[:, 0]
                loss = loss_fn(logits, y_all[idx])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
            logger.debug("fine-tuning epoch %d: last batch loss %.4f", epoch + 1, loss.item())
    model.eval()
    return model


@torch.no_grad()
def deep_features(model: VGG16, patches: np.ndarray, batch_size: int = 32) -> np.ndarray:
    """fc7 activations of each (3, H, W) patch in [0, 1]: an (n, hidden) float64 array."""
    model.eval()
    x_all = torch.as_tensor(np.asarray(patches), dtype=torch.float32)
    parts = [model.embed(_normalise(x_all[s:s + batch_size]))
             for s in range(0, len(x_all), batch_size)]
    return torch.cat(parts).double().numpy()
