"""Extraction settings: the PyRadiomics parameter file as a schema of data.

Keys, types, ranges and defaults follow PyRadiomics (``radiomics/schemas/paramSchema.yaml``
and the defaults of ``RadiomicsFeatureExtractor`` and of each feature class; docs
"Customizing the extraction"). One validator writes every message, in scikit-learn's
words: ``binWidth must be a float in (0, inf). Got -5``. ``None`` is accepted for every
setting, as in PyRadiomics, and means "off" / "use the default behaviour".
``compat`` is Axilla's own key: ``pyradiomics`` (default) or ``ibsi``.
"""
from __future__ import annotations

import copy
import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axilla._validation import check_known_keys
from axilla.errors import SettingsError
from axilla.features.names import FAMILIES, IMAGE_TYPE_NAMES, family_feature_names

INTERPOLATORS = ("sitkNearestNeighbor", "sitkLinear", "sitkBSpline", "sitkGaussian",
                 "sitkLabelGaussian", "sitkHammingWindowedSinc", "sitkCosineWindowedSinc",
                 "sitkWelchWindowedSinc", "sitkLanczosWindowedSinc",
                 "sitkBlackmanWindowedSinc")


@dataclass(frozen=True)
class Rule:
    """One parameter: its kind, allowed range or options, and PyRadiomics' default.

    kind: ``float``, ``int``, ``bool``, ``str``, ``floats`` or ``ints`` (lists).
    low/high: bounds; ``low_open``/``high_open`` make them exclusive.
    options: allowed values for ``str`` (and for ``interpolator``, also 1..10).
    length: allowed list lengths for list kinds, ``None`` for any.
    """

    kind: str
    default: Any = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    options: tuple | None = None
    length: tuple[int, ...] | None = None

    def describe(self) -> str:
        """The constraint in words (``a float in (0, inf)``)."""
        if self.options is not None:
            return f"one of {{{', '.join(repr(o) for o in self.options)}}}"
        noun = {"float": "a float", "int": "an int", "bool": "a bool", "str": "a str",
                "floats": "a list of floats", "ints": "a list of ints"}[self.kind]
        if self.low is None and self.high is None:
            return noun
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        left = "(" if self.low is None or self.low_open else "["
        right = ")" if self.high is None or self.high_open else "]"
        where = "" if self.kind in ("float", "int") else " each"
        return f"{noun}{where} in {left}{low}, {high}{right}"


def _pos_float(default=None):
    return Rule("float", default, low=0, low_open=True)


def _count(default=None, low=0, low_open=True, high=None):
    return Rule("int", default, low=low, low_open=low_open, high=high)


SETTINGS: dict[str, Rule] = {
    # extractor and preprocessing (RadiomicsFeatureExtractor._getDefaultSettings)
    "minimumROIDimensions": _count(2, low=1, low_open=False, high=3),
    "minimumROISize": _count(None),
    "geometryTolerance": _pos_float(None),
    "correctMask": Rule("bool", False),
    "additionalInfo": Rule("bool", False),  # PyRadiomics: True; see docs/features.md
    "label": _count(1),
    "label_channel": _count(0, low=0, low_open=False),
    "normalize": Rule("bool", False),
    "normalizeScale": _pos_float(1),
    "removeOutliers": _pos_float(None),
    "resampledPixelSpacing": Rule("floats", None, low=0),
    "interpolator": Rule("str", "sitkBSpline", options=INTERPOLATORS),
    "padDistance": _count(5, low=0, low_open=False),
    "preCrop": Rule("bool", False),
    "force2D": Rule("bool", False),
    "force2Ddimension": _count(0, low=0, low_open=False, high=2),
    "resegmentRange": Rule("floats", None, length=(1, 2)),
    "resegmentMode": Rule("str", "absolute", options=("absolute", "relative", "sigma")),
    "resegmentShape": Rule("bool", False),
    # discretisation and feature classes
    "binWidth": _pos_float(25),
    "binCount": _count(None),
    "voxelArrayShift": Rule("float", 0),
    "distances": Rule("ints", [1], low=0, low_open=True),
    "symmetricalGLCM": Rule("bool", True),
    "weightingNorm": Rule("str", None,
                          options=("euclidean", "manhattan", "infinity", "no_weighting")),
    "gldm_a": _count(0, low=0, low_open=False),
    # image filters (imageoperations.get<Type>Image)
    "sigma": Rule("floats", [], low=0, low_open=True),
    "start_level": _count(0, low=0, low_open=False),
    "level": _count(1),
    "wavelet": Rule("str", "coif1"),
    "gradientUseSpacing": Rule("bool", True),
    "lbp2DRadius": _pos_float(1),
    "lbp2DSamples": _count(8, low=1, low_open=False),  # PyRadiomics code default (docs say 9)
    "lbp2DMethod": Rule("str", "uniform", options=("default", "ror", "uniform", "var")),
    "lbp3DLevels": _count(2, low=1, low_open=False),
    "lbp3DIcosphereRadius": _pos_float(1),
    "lbp3DIcosphereSubdivision": _count(1, low=0, low_open=False),
    # Axilla
    "compat": Rule("str", "pyradiomics", options=("pyradiomics", "ibsi")),
}
#: ``ibsi`` is the section of ``compat: ibsi`` options, read by ``axilla.features.ibsi``.
TOP_LEVEL = ("setting", "imageType", "featureClass", "voxelSetting", "ibsi")


@dataclass(frozen=True)
class ExtractionParams:
    """A validated parameter file.

    setting:        every key of :data:`SETTINGS`, defaults filled in.
    image_types:    ``{'Original': {}, 'LoG': {'sigma': [1.0]}}`` (custom settings per type).
    feature_classes: ``{'glcm': None}`` (all default features) or a list of feature names.
    source:         the parameter file as given (no defaults), for ``compat: ibsi``.
    """

    setting: dict = field(default_factory=dict)
    image_types: dict = field(default_factory=lambda: {"Original": {}})
    feature_classes: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)

    def with_setting(self, **values) -> ExtractionParams:
        """A copy with ``values`` (validated) replacing those settings."""
        checked = validate_settings(values)
        source = {**self.source, "setting": {**(self.source.get("setting") or {}), **checked}}
        return ExtractionParams({**self.setting, **checked}, self.image_types,
                                self.feature_classes, source)

    def for_image_type(self, image_type: str) -> dict:
        """Settings with the custom settings of ``image_type`` applied on top."""
        return {**self.setting, **self.image_types.get(image_type, {})}


def _check_value(key: str, value: Any, rule: Rule, where: str) -> Any:
    """The value, normalised (ints to floats where a float is asked), or a message."""
    if value is None:
        return None
    place = "" if where == "setting" else f" in {where}"
    bad = SettingsError(f"{key}{place} must be {rule.describe()}. Got {value!r}",
                        fix=f"set {key} to {rule.describe()} or remove it for the default"
                            f" ({rule.default!r})")
    if key == "interpolator" and isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= 10:
            return value
        raise bad
    if rule.kind in ("floats", "ints"):
        items = [value] if isinstance(value, (int, float)) and not isinstance(value, bool) \
            else value
        if not isinstance(items, (list, tuple)):
            raise bad
        if rule.length is not None and len(items) not in rule.length:
            raise bad
        item_rule = Rule(rule.kind[:-1], low=rule.low, high=rule.high,
                         low_open=rule.low_open, high_open=rule.high_open)
        try:
            return [_check_scalar(v, item_rule) for v in items]
        except ValueError:
            raise bad from None
    try:
        return _check_scalar(value, rule)
    except ValueError:
        raise bad from None


def _check_scalar(value: Any, rule: Rule) -> Any:
    if rule.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError
        return value
    if rule.kind == "str":
        if not isinstance(value, str) or (rule.options and value not in rule.options):
            raise ValueError
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError
    if rule.kind == "int":
        if value != int(value):
            raise ValueError
        value = int(value)
    elif not math.isfinite(value):
        raise ValueError
    if rule.low is not None and (value < rule.low or (rule.low_open and value == rule.low)):
        raise ValueError
    if rule.high is not None and (value > rule.high or (rule.high_open and value == rule.high)):
        raise ValueError
    return value


def validate_settings(given: Mapping, where: str = "setting") -> dict:
    """Check the keys and values of a ``setting`` block; returns the normalised values."""
    check_known_keys(given, SETTINGS, where)
    checked = {key: _check_value(key, value, SETTINGS[key], where)
               for key, value in given.items()}
    if checked.get("wavelet") is not None:
        import pywt
        if checked["wavelet"] not in pywt.wavelist(kind="discrete"):
            raise SettingsError(f"wavelet ({where}) must be a discrete PyWavelets wavelet."
                                f" Got {checked['wavelet']!r}",
                                fix="use one of pywt.wavelist(kind='discrete'), e.g. 'coif1'")
    return checked


def _feature_classes(given: Mapping | None) -> dict:
    if not given:
        return {family: None for family in FAMILIES if family != "shape2D"}
    check_known_keys(given, FAMILIES, "featureClass")
    classes = {}
    for family, features in given.items():
        if features is not None and not isinstance(features, (list, tuple)):
            raise SettingsError(f"featureClass {family} must be a list of feature names or"
                                f" empty. Got {features!r}",
                                fix=f"write '{family}: []' for all default features")
        if features:
            known = family_feature_names(family)
            if known is not None:
                check_known_keys(features, known, f"featureClass {family}")
        classes[family] = list(features) if features else None
    return classes


def _image_types(given: Mapping | None) -> dict:
    if not given:
        return {"Original": {}}
    check_known_keys(given, IMAGE_TYPE_NAMES, "imageType")
    return {name: validate_settings(custom or {}, f"imageType {name}")
            for name, custom in given.items()}


def load_params(source: str | Path | Mapping | ExtractionParams | None = None
                ) -> ExtractionParams:
    """Read a PyRadiomics parameter file (YAML or JSON path) or dict, validated.

    A dict may be a whole parameter file (``setting``/``imageType``/``featureClass``) or
    just the ``setting`` block (``{'binWidth': 25}``). ``None`` gives PyRadiomics' defaults.
    """
    if isinstance(source, ExtractionParams):
        return source
    if source is None:
        source = {}
    if isinstance(source, (str, Path)):
        path = Path(source)
        return copy.deepcopy(_params_of_text(str(path), _file_text(path)))
    return _params_of(source)


@functools.lru_cache(maxsize=32)
def _params_of_text(path: str, text: str) -> ExtractionParams:
    """A parameter file's text parsed and validated once (callers get copies): a cohort
    reads the same file for every case."""
    return _params_of(_parse(Path(path), text))


def _params_of(source) -> ExtractionParams:
    """Validated parameters from a parsed parameter file or a dict of settings."""
    if not isinstance(source, Mapping):
        raise SettingsError(f"settings must be a dict, a params file path or"
                            f" ExtractionParams. Got {type(source).__name__}",
                            fix="pass a dict of PyRadiomics keys or a params YAML path")
    if source and not set(source) & set(TOP_LEVEL):
        source = {"setting": source}
    check_known_keys(source, TOP_LEVEL, "the parameter file")
    if source.get("voxelSetting"):
        raise SettingsError("voxelSetting is not supported (voxel-based extraction)",
                            fix="remove the voxelSetting block")
    setting = {key: rule.default for key, rule in SETTINGS.items()}
    setting.update(validate_settings(source.get("setting") or {}))
    return ExtractionParams(setting=setting,
                            image_types=_image_types(source.get("imageType")),
                            feature_classes=_feature_classes(source.get("featureClass")),
                            source=dict(source))


def _file_text(path: Path) -> str:
    if not path.is_file():
        raise SettingsError("parameter file not found", file=str(path),
                            fix="check the path given as --params / settings")
    return path.read_text(encoding="utf-8")


def _parse(path: Path, text: str) -> Mapping:
    import yaml
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text) or {}
        # libyaml's loader where PyYAML has it (the same safe subset, parsed in C)
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except (ValueError, yaml.YAMLError) as exc:
        raise SettingsError(f"cannot parse the parameter file ({exc})", file=str(path),
                            fix="write it as PyRadiomics YAML or JSON") from None
