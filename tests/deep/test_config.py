"""The study YAML's ``deep:`` block (needs no torch)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from axilla.deep import DeepConfig, parse_deep_config
from axilla.errors import SettingsError


def test_defaults_are_the_documented_ones():
    # docs/deep.md: weights null, width 1.0, hidden 4096, size 224 (seeds/002), epochs 5,
    # lr 1e-4, batch_size 16 (seeds/002's mini-batch).
    assert parse_deep_config(None).model_dump() == {
        "weights": None, "width": 1.0, "hidden": 4096, "size": 224, "epochs": 5,
        "lr": 1e-4, "batch_size": 16}


def test_a_yaml_block_is_read():
    raw = yaml.safe_load("deep: {weights: vgg16.pth, width: 0.5, epochs: 0}")["deep"]
    config = parse_deep_config(raw)
    assert config.weights == Path("vgg16.pth") and config.width == 0.5 and config.epochs == 0


def test_unknown_key_suggests_the_close_one():
    with pytest.raises(SettingsError, match="unknown key 'batchsize' in deep "
                                            r"\(did you mean 'batch_size'\?\)"):
        parse_deep_config({"batchsize": 8})


@pytest.mark.parametrize("raw, words", [
    ({"width": 0}, "deep.width: Input should be greater than 0 (got 0)"),
    ({"width": 2}, "deep.width: Input should be less than or equal to 1"),
    ({"size": 16}, "deep.size: Input should be greater than or equal to 32"),
    ({"lr": -1e-3}, "deep.lr: Input should be greater than 0"),
    ({"epochs": "many"}, "deep.epochs: Input should be a valid integer"),
])
def test_bad_values_are_settings_errors(raw, words):
    with pytest.raises(SettingsError) as info:
        parse_deep_config(raw)
    assert words in str(info.value) and "docs/deep.md" in str(info.value)


def test_the_block_must_be_a_mapping():
    with pytest.raises(SettingsError, match="deep must be a mapping"):
        parse_deep_config([1, 2])


def test_the_model_nests_in_a_strict_study_schema_and_is_frozen():
    class Study(BaseModel):  # how the study schema carries it
        model_config = ConfigDict(extra="forbid")
        deep: DeepConfig | None = None

    assert Study.model_validate({"deep": {"epochs": 2}}).deep == DeepConfig(epochs=2)
    with pytest.raises(ValidationError) as info:
        Study.model_validate({"deep": {"epoch": 2}})
    assert [(e["loc"], e["type"]) for e in info.value.errors()] == [
        (("deep", "epoch"), "extra_forbidden")]
    with pytest.raises(ValidationError, match="frozen"):
        DeepConfig().epochs = 3
