"""VGG-16 (Simonyan & Zisserman, ICLR 2015, Table 1 configuration D) in plain PyTorch.

Layer names follow torchvision's ``vgg16`` (``features.N``, ``avgpool``, ``classifier.N``)
so a state dict saved from torchvision loads unchanged. ``width`` scales the channel
counts (1.0 = the published network) and ``hidden`` the two fully connected layers; a
narrow network makes demos and tests fast on a CPU. Import this module only when torch
is installed (``axilla[deep]``); ``axilla.deep`` does that lazily.
"""
from __future__ import annotations

import pickle
from collections.abc import Mapping
from pathlib import Path

import torch
from torch import nn

from axilla.errors import InputError

CONFIG_D = (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
            512, 512, 512, "M")
HEAD = "classifier.6."
FIFTH_BLOCK = 24  # index in ``features`` of the first convolution of block 5
WEIGHTS_FIX = "use a VGG-16 (configuration D) state dict saved at the same width and hidden size"


class VGG16(nn.Module):
    """Convolutional features, 7x7 adaptive pooling, three fully connected layers."""

    def __init__(self, *, num_classes: int = 1000, width: float = 1.0, hidden: int = 4096):
        super().__init__()
        layers, channels = [], 3
        for item in CONFIG_D:
            if item == "M":
                layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
                continue
            out = max(1, int(round(item * width)))
            layers += [nn.Conv2d(channels, out, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
            channels = out
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(channels * 49, hidden), nn.ReLU(inplace=True), nn.Dropout(),
            nn.Linear(hidden, hidden), nn.ReLU(inplace=True), nn.Dropout(),
            nn.Linear(hidden, num_classes))
        self._initialise()

    def _initialise(self) -> None:
        """torchvision's VGG initialisation (``torchvision/models/vgg.py``): He normal
        (fan-out) convolutions, N(0, 0.01) linear weights, zero biases. PyTorch's default
        shrinks the signal through 13 unnormalised convolutions until nothing trains."""
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
                nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Linear):
                nn.init.normal_(module.weight, 0.0, 0.01)
                nn.init.zeros_(module.bias)

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """fc7 after its ReLU (``classifier.4``): the deep features of seeds/002."""
        return self.classifier[:5](torch.flatten(self.avgpool(self.features(x)), 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier[5:](self.embed(x))


def build_vgg16(*, num_classes: int = 1, width: float = 1.0, hidden: int = 4096,
                seed: int = 0, weights=None) -> VGG16:
    """A VGG-16 in eval mode, initialised from ``seed`` (the global random state is left
    untouched); ``weights``, a state dict
    file, is loaded on top with :func:`load_weights`."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = VGG16(num_classes=num_classes, width=width, hidden=hidden)
    if weights is not None:
        load_weights(model, weights)
    return model.eval()


def _read_state(path: Path) -> Mapping[str, torch.Tensor]:
    """The tensors of a state dict file, read with ``weights_only`` (no code runs)."""
    if not path.is_file():
        raise InputError("weights file not found", file=str(path),
                         fix="give the path of a VGG-16 state dict saved beforehand "
                             "(nothing is downloaded)")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError) as exc:
        raise InputError(f"not a readable PyTorch state dict ({type(exc).__name__})",
                         file=str(path),
                         fix="save the weights with torch.save(model.state_dict(), path)") from None
    if not isinstance(state, Mapping) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise InputError("the file holds no state dict of tensors", file=str(path),
                         fix="save the weights with torch.save(model.state_dict(), path)")
    return state


def load_weights(model: VGG16, path) -> None:
    """Load a torchvision-style state dict into ``model`` in place.

    The output layer (``classifier.6``) is loaded only when its shape fits; otherwise the
    model keeps its own freshly initialised head (a new task, as in transfer learning).
    Any other unknown, missing or mis-shaped tensor is an InputError naming the file.
    """
    path = Path(path)
    state = _read_state(path)
    own = model.state_dict()
    unknown = sorted(set(state) - set(own))
    missing = sorted(k for k in set(own) - set(state) if not k.startswith(HEAD))
    wrong = sorted(f"{k} {tuple(state[k].shape)} vs {tuple(own[k].shape)}" for k in state
                   if k in own and state[k].shape != own[k].shape and not k.startswith(HEAD))
    problems = [f"{label} {names[:3]}" + (" ..." if len(names) > 3 else "")
                for label, names in (("unknown keys", unknown), ("missing keys", missing),
                                     ("mismatched shapes", wrong)) if names]
    if problems:
        raise InputError("weights do not fit this VGG-16: " + "; ".join(problems),
                         file=str(path), fix=WEIGHTS_FIX)
    fitting = {k: v for k, v in state.items() if v.shape == own[k].shape}
    model.load_state_dict(fitting, strict=False)
