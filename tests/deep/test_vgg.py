"""VGG-16's layout against torchvision's and the paper's, and safe weight loading."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the deep stage needs the optional extra axilla[deep]")

from axilla.deep import build_vgg16  # noqa: E402
from axilla.errors import InputError  # noqa: E402

# torchvision.models.vgg16 state dict (Simonyan & Zisserman 2015, Table 1, configuration D:
# 13 3x3 convolutions in blocks of 64, 128, 256, 512, 512 channels; torchvision numbers
# the Sequential so ReLUs and max-pools take indices 1, 3, 4, ...; FC 25088 -> 4096 ->
# 4096 -> 1000 at classifier.0, .3, .6).
CONV = [(0, 64, 3), (2, 64, 64), (5, 128, 64), (7, 128, 128), (10, 256, 128),
        (12, 256, 256), (14, 256, 256), (17, 512, 256), (19, 512, 512), (21, 512, 512),
        (24, 512, 512), (26, 512, 512), (28, 512, 512)]
FC = [(0, 4096, 25088), (3, 4096, 4096), (6, 1000, 4096)]
TORCHVISION_VGG16 = (
    [(f"features.{i}.{p}", (o, c, 3, 3) if p == "weight" else (o,))
     for i, o, c in CONV for p in ("weight", "bias")]
    + [(f"classifier.{i}.{p}", (o, c) if p == "weight" else (o,))
       for i, o, c in FC for p in ("weight", "bias")])
# torchvision docs, VGG16_Weights.IMAGENET1K_V1: num_params 138357544.
VGG16_PARAMETERS = 138_357_544

NARROW = {"width": 1 / 16, "hidden": 32}


@pytest.fixture(scope="module")
def full_vgg16():
    with torch.device("meta"):  # shapes only, no 528 MB of weights
        return build_vgg16(num_classes=1000, width=1.0, hidden=4096)


def test_state_dict_keys_and_shapes_are_torchvision_vgg16(full_vgg16):
    layout = [(k, tuple(v.shape)) for k, v in full_vgg16.state_dict().items()]
    assert layout == TORCHVISION_VGG16


def test_parameter_count_is_the_published_vgg16(full_vgg16):
    assert sum(p.numel() for p in full_vgg16.parameters()) == VGG16_PARAMETERS


def test_fc7_has_hidden_units_and_the_head_num_classes():
    model = build_vgg16(num_classes=3, **NARROW)
    x = torch.rand(2, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    assert tuple(model.embed(x).shape) == (2, 32)
    assert tuple(model(x).shape) == (2, 3)


def test_build_is_seeded_and_leaves_the_global_random_state():
    before = torch.get_rng_state()
    a, b, c = (build_vgg16(seed=s, **NARROW) for s in (7, 7, 8))
    assert torch.equal(torch.get_rng_state(), before)
    assert torch.equal(a.features[0].weight, b.features[0].weight)
    assert not torch.equal(a.features[0].weight, c.features[0].weight)
    assert not a.training  # eval mode: features are deterministic out of the box


def _save(tmp_path, state, name="weights.pt"):
    path = tmp_path / name
    torch.save(state, path)
    return path


def test_weights_round_trip_gives_identical_outputs(tmp_path):
    source = build_vgg16(num_classes=1, seed=1, **NARROW)
    path = _save(tmp_path, source.state_dict())
    loaded = build_vgg16(num_classes=1, seed=2, weights=path, **NARROW)
    x = torch.rand(3, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.equal(loaded(x), source(x))


def test_a_head_of_another_size_is_replaced_by_a_fresh_one(tmp_path):
    imagenet_like = build_vgg16(num_classes=1000, seed=1, **NARROW)
    path = _save(tmp_path, imagenet_like.state_dict())
    model = build_vgg16(num_classes=1, seed=2, weights=path, **NARROW)
    fresh = build_vgg16(num_classes=1, seed=2, **NARROW)
    state, source = model.state_dict(), imagenet_like.state_dict()
    for key in state:
        expected = fresh.state_dict()[key] if key.startswith("classifier.6.") else source[key]
        assert torch.equal(state[key], expected), key


@pytest.mark.parametrize("change, words", [
    (lambda s: {**s, "extra.weight": torch.zeros(2)}, "unknown keys ['extra.weight']"),
    (lambda s: {k: v for k, v in s.items() if k != "features.0.bias"},
     "missing keys ['features.0.bias']"),
    (lambda s: {**s, "features.0.weight": torch.zeros(8, 3, 3, 3)},
     "mismatched shapes ['features.0.weight (8, 3, 3, 3) vs (4, 3, 3, 3)']"),
])
def test_weights_that_do_not_fit_name_the_file(tmp_path, change, words):
    path = _save(tmp_path, change(build_vgg16(**NARROW).state_dict()), "bad.pth")
    with pytest.raises(InputError) as info:
        build_vgg16(**NARROW, weights=path)
    assert words in str(info.value) and "bad.pth" in str(info.value)


def test_a_weights_file_that_is_no_state_dict_is_refused(tmp_path):
    with pytest.raises(InputError, match="no state dict of tensors.*torch.save"):
        build_vgg16(**NARROW, weights=_save(tmp_path, {"epoch": 3}, "checkpoint.pt"))
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"not a torch file")
    with pytest.raises(InputError, match="garbage.pt: not a readable PyTorch state dict"):
        build_vgg16(**NARROW, weights=garbage)
    with pytest.raises(InputError, match="absent.pt: weights file not found"):
        build_vgg16(**NARROW, weights=tmp_path / "absent.pt")


def _numpy_fc7(state, x):
    """VGG-16 fc7 written out in numpy/scipy from the paper's description: 3x3 convolutions
    (stride 1, padding 1) + ReLU, 2x2 max-pooling after each block, torchvision's 7x7
    adaptive average pooling (bin i spans floor(i*n/7) to ceil((i+1)*n/7)), flatten in
    (channel, row, column) order, fc6 + ReLU, fc7 + ReLU."""
    from scipy.signal import correlate2d

    for block in ((0, 2), (5, 7), (10, 12, 14), (17, 19, 21), (24, 26, 28)):
        for i in block:
            w, b = state[f"features.{i}.weight"], state[f"features.{i}.bias"]
            padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
            x = np.stack([sum(correlate2d(padded[c], w[o, c], mode="valid")
                              for c in range(x.shape[0])) + b[o] for o in range(w.shape[0])])
            x = np.maximum(x, 0)
        h, w_ = x.shape[1] // 2, x.shape[2] // 2
        x = x[:, :2 * h, :2 * w_].reshape(x.shape[0], h, 2, w_, 2).max(axis=(2, 4))
    n = x.shape[1]
    bins = [(i * n // 7, -(-(i + 1) * n // 7)) for i in range(7)]
    pooled = np.array([[[x[c, r0:r1, c0:c1].mean() for c0, c1 in bins] for r0, r1 in bins]
                       for c in range(x.shape[0])])
    fc6 = np.maximum(state["classifier.0.weight"] @ pooled.ravel() + state["classifier.0.bias"], 0)
    return np.maximum(state["classifier.3.weight"] @ fc6 + state["classifier.3.bias"], 0)


def test_fc7_equals_an_independent_numpy_forward_pass():
    model = build_vgg16(num_classes=2, seed=3, **NARROW)
    state = {k: v.double().numpy() for k, v in model.state_dict().items()}
    x = np.random.default_rng(4).random((3, 96, 96))  # 96 -> 3 after five poolings
    with torch.no_grad():
        ours = model.double().embed(torch.as_tensor(x)[None])[0].numpy()
    # float64 both sides, only the summation order differs: measured max difference 3e-18
    # on fc7 values up to 3e-3 (18 of 32 units active)
    np.testing.assert_allclose(ours, _numpy_fc7(state, x), rtol=1e-10, atol=1e-12)
