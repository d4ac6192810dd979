"""Fine-tuning learns a visible difference, bit-for-bit reproducibly, without side effects."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the deep stage needs the optional extra axilla[deep]")

from sklearn.metrics import roc_auc_score  # noqa: E402

from axilla.deep import build_vgg16, deep_features, fine_tune  # noqa: E402
from axilla.deep.finetune import _normalise  # noqa: E402
from axilla.errors import InputError, ModelError  # noqa: E402
from tests.deep.synthetic import disc_or_ring_patches  # noqa: E402

NARROW = {"width": 1 / 16, "hidden": 32}
TRAINING = {"epochs": 6, "lr": 1e-3, "batch_size": 8, "train_from": 0}


@pytest.fixture(scope="module")
def data():
    return disc_or_ring_patches(24, 64, seed=3)


@torch.no_grad()
def _logits(model, patches):
    return model(_normalise(torch.as_tensor(patches)))[:, 0].numpy()


@pytest.fixture(scope="module")
def tuned(data):
    patches, y = data
    return fine_tune(build_vgg16(seed=0, **NARROW), patches, y, seed=5, **TRAINING)


def test_fine_tuning_separates_discs_from_rings(data, tuned):
    # Measured (sklearn roc_auc_score on the logits): before fine-tuning 0.40 on the 24
    # training patches; after, 1.00 on them and 1.00 on 32 new patches, for fine-tuning
    # seeds 5 to 10 alike. 0.9 is "clearly above chance" with room for BLAS differences.
    patches, y = data
    new_patches, new_y = disc_or_ring_patches(32, 64, seed=99)
    before = roc_auc_score(y, _logits(build_vgg16(seed=0, **NARROW), patches))
    assert before < 0.7
    assert roc_auc_score(y, _logits(tuned, patches)) >= 0.9
    assert roc_auc_score(new_y, _logits(tuned, new_patches)) >= 0.9


def test_fine_tuning_is_bit_for_bit_reproducible_for_a_seed(data):
    patches, y = data
    short = {**TRAINING, "epochs": 2}
    one, two, other = (fine_tune(build_vgg16(seed=0, **NARROW), patches, y, seed=s, **short)
                       for s in (5, 5, 6))
    for key, value in one.state_dict().items():
        assert torch.equal(value, two.state_dict()[key]), key
    assert np.array_equal(deep_features(one, patches), deep_features(two, patches))
    assert not torch.equal(other.classifier[6].weight, one.classifier[6].weight)


def test_deep_features_are_fc7(data, tuned):
    patches, _ = data
    features = deep_features(tuned, patches[:5])
    assert features.shape == (5, 32) and features.dtype == np.float64
    assert features.min() >= 0  # fc7 is read after its ReLU
    with torch.no_grad():  # the head applied to fc7 gives the network's output
        head = tuned.classifier[6](torch.as_tensor(features, dtype=torch.float32))[:, 0]
    np.testing.assert_allclose(head.numpy(), _logits(tuned, patches[:5]), rtol=1e-5, atol=1e-6)


def test_layers_before_train_from_keep_their_weights(data):
    patches, y = data
    start = build_vgg16(seed=0, **NARROW)
    first, last = start.features[0].weight.clone(), start.features[28].weight.clone()
    fine_tune(start, patches[:8], y[:8], epochs=1, lr=1e-3, batch_size=8, seed=0, train_from=24)
    assert torch.equal(start.features[0].weight, first)
    assert not torch.equal(start.features[28].weight, last)


def test_fine_tuning_leaves_global_torch_state_alone(data):
    patches, y = data
    rng, deterministic = torch.get_rng_state(), torch.are_deterministic_algorithms_enabled()
    fine_tune(build_vgg16(**NARROW), patches[:4], y[:4], epochs=1, batch_size=4, seed=0)
    assert torch.equal(torch.get_rng_state(), rng)
    assert torch.are_deterministic_algorithms_enabled() == deterministic


def test_bad_training_data_is_refused(data):
    patches, y = data
    model = build_vgg16(**NARROW)
    with pytest.raises(ModelError, match="both outcome classes"):
        fine_tune(model, patches[:4], np.ones(4), epochs=1)
    with pytest.raises(InputError, match=r"\(n, 3, H, W\)"):
        fine_tune(model, patches[:, 0], y, epochs=1)
    with pytest.raises(InputError, match="values of 0 or 1"):
        fine_tune(model, patches[:4], np.array([0, 1, 2, 1]), epochs=1)
    with pytest.raises(InputError, match="one output logit; this network has 2"):
        fine_tune(build_vgg16(num_classes=2, **NARROW), patches[:4], y[:4], epochs=1)
