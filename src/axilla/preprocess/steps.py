"""Named preprocessing steps with validated parameters, for the study YAML.

A study lists steps in order, each a name or a one-key mapping of name -> parameters::

    preprocess:
      - n4: {shrink_factor: 4}
      - resample: {spacing: [1, 1, 1]}
      - largest_slice: {axis: z}
      - ring: {mm: 3}

Each step is a row of ``STEPS``: its parameters (type, default, allowed range), the
function it applies to the (image, mask) pair, and the sentence it contributes to the
methods section. One validator writes every message (scikit-learn's
``_param_validation`` pattern); unknown names and keys get a "did you mean".
"""
from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import SimpleITK as sitk

from axilla._validation import check_known_keys
from axilla.errors import SettingsError
from axilla.preprocess import roi as roi_ops
from axilla.preprocess.bias_field import n4_correct
from axilla.preprocess.normalise import clip_percentiles, zscore
from axilla.preprocess.resample import INTERPOLATORS, resample

REQUIRED = object()
REGIONS = ("image", "body", "roi")
AXIS_NAMES = {"x": "sagittal (x)", "y": "coronal (y)", "z": "axial (z)"}


@dataclass(frozen=True)
class Param:
    """One parameter: ``kind`` is int, float, bool, choice or spacing."""

    kind: str
    default: Any = REQUIRED
    minimum: float | None = None
    positive: bool = False
    maximum: float | None = None
    choices: tuple = ()

    def describe(self) -> str:
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "spacing":
            return "a list of 3 positive numbers (null keeps an axis)"
        noun = {"int": "an int", "float": "a number", "bool": "true or false"}[self.kind]
        bounds = []
        if self.positive:
            bounds.append("> 0")
        if self.minimum is not None:
            bounds.append(f">= {self.minimum:g}")
        if self.maximum is not None:
            bounds.append(f"<= {self.maximum:g}")
        return noun + (" " + " and ".join(bounds) if bounds else "")

    def _in_range(self, number) -> bool:
        return not ((self.positive and number <= 0)
                    or (self.minimum is not None and number < self.minimum)
                    or (self.maximum is not None and number > self.maximum))

    def check(self, value) -> Any:
        """The value normalised to its kind, or None when it does not fit."""
        if self.kind == "choice":
            return value if value in self.choices else None
        if self.kind == "bool":
            return value if isinstance(value, bool) else None
        if self.kind in ("int", "float"):
            number = _number(value, self.kind == "int")
            return number if number is not None and self._in_range(number) else None
        ok = isinstance(value, (list, tuple)) and len(value) == 3 and all(
            v is None or (_number(v, False) is not None and v > 0) for v in value)
        return [None if v is None else float(v) for v in value] if ok else None


def _number(value, integer: bool):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if integer:
        return int(value) if float(value).is_integer() else None
    return float(value)


@dataclass(frozen=True)
class StepSpec:
    """A registry row: parameters, the function on (image, mask, params), the sentence."""

    params: dict[str, Param]
    apply: Callable[[sitk.Image, sitk.Image, dict], tuple[sitk.Image, sitk.Image]]
    sentence: Callable[[dict], str]


@dataclass(frozen=True)
class Step:
    """A validated step: its name and every parameter, defaults filled in."""

    name: str
    params: dict = field(default_factory=dict)

    def apply(self, image: sitk.Image, mask: sitk.Image) -> tuple[sitk.Image, sitk.Image]:
        return STEPS[self.name].apply(image, mask, self.params)

    def methods_sentence(self) -> str:
        return STEPS[self.name].sentence(self.params)


def _region(image, mask, region):
    if region == "roi":
        return mask
    return roi_ops.otsu_body_mask(image) if region == "body" else None


def _region_words(region: str) -> str:
    return {"image": "the whole image", "body": "an Otsu body mask", "roi": "the ROI"}[region]


def _mm(values) -> str:
    return " × ".join("native" if v is None else f"{v:g}" for v in values)


def _n4(image, mask, p):
    return n4_correct(image, shrink_factor=p["shrink_factor"], iterations=p["iterations"],
                      fitting_levels=p["fitting_levels"],
                      convergence_threshold=p["convergence_threshold"]), mask


def _resample(image, mask, p):
    return (resample(image, p["spacing"], p["interpolator"]),
            resample(mask, p["spacing"], p["mask_interpolator"], is_mask=True))


def _ring(image, mask, p):
    body = roi_ops.otsu_body_mask(image) if p["clip_to_body"] else None
    return image, roi_ops.peritumoral_ring(mask, p["mm"], body)


STEPS: dict[str, StepSpec] = {
    "n4": StepSpec(
        {"shrink_factor": Param("int", 4, minimum=1), "iterations": Param("int", 50, minimum=1),
         "fitting_levels": Param("int", 4, minimum=1),
         "convergence_threshold": Param("float", 0.001, positive=True)},
        _n4,
        lambda p: (f"N4 bias field correction (Tustison et al., 2010) was applied (shrink factor "
                   f"{p['shrink_factor']}, {p['fitting_levels']} fitting levels of up to "
                   f"{p['iterations']} iterations, convergence threshold "
                   f"{p['convergence_threshold']:g}, Otsu body mask).")),
    "resample": StepSpec(
        {"spacing": Param("spacing"), "interpolator": Param("choice", "bspline", choices=tuple(INTERPOLATORS)),
         "mask_interpolator": Param("choice", "linear", choices=("linear", "nearest"))},
        _resample,
        lambda p: (f"Images were resampled to {_mm(p['spacing'])} mm voxels ({p['interpolator']} "
                   f"interpolation); masks by {p['mask_interpolator']} interpolation"
                   + (" and a 0.5 partial-volume threshold." if p["mask_interpolator"] == "linear" else "."))),
    "zscore": StepSpec(
        {"region": Param("choice", "image", choices=REGIONS), "scale": Param("float", 1.0, positive=True)},
        lambda image, mask, p: (zscore(image, _region(image, mask, p["region"]), p["scale"]), mask),
        lambda p: (f"Intensities were z-score normalised with the mean and standard deviation of "
                   f"{_region_words(p['region'])}" + (f", scaled by {p['scale']:g}." if p["scale"] != 1 else "."))),
    "clip": StepSpec(
        {"lower": Param("float", 1.0, minimum=0, maximum=100), "upper": Param("float", 99.0, minimum=0, maximum=100),
         "region": Param("choice", "image", choices=REGIONS)},
        lambda image, mask, p: (clip_percentiles(image, _region(image, mask, p["region"]), p["lower"],
                                                 p["upper"]), mask),
        lambda p: (f"Intensities were clipped to the {p['lower']:g}th–{p['upper']:g}th percentile "
                   f"range of {_region_words(p['region'])}.")),
    "largest_slice": StepSpec(
        {"axis": Param("choice", "z", choices=roi_ops.AXES)},
        lambda image, mask, p: (image, roi_ops.largest_slice(mask, p["axis"])),
        lambda p: (f"The {AXIS_NAMES[p['axis']]} slice with the largest tumour cross-section was kept "
                   "as a 2D ROI (ties: the lowest slice index).")),
    "ring": StepSpec(
        {"mm": Param("float", positive=True), "clip_to_body": Param("bool", True)},
        _ring,
        lambda p: (f"A {p['mm']:g} mm peritumoral ring outside the lesion surface"
                   + (", clipped to an Otsu body mask," if p["clip_to_body"] else "")
                   + " was used as the ROI.")),
    "core": StepSpec(
        {"mm": Param("float", positive=True)},
        lambda image, mask, p: (image, roi_ops.intratumoral_core(mask, p["mm"])),
        lambda p: f"The intratumoral core deeper than {p['mm']:g} mm inside the lesion surface was used as the ROI."),
    "largest_component": StepSpec(
        {"fully_connected": Param("bool", True)},
        lambda image, mask, p: (image, roi_ops.largest_component(mask, p["fully_connected"])),
        lambda p: (f"Only the largest connected component of the mask was kept "
                   f"({26 if p['fully_connected'] else 6}-connectivity).")),
    "fill_holes": StepSpec(
        {"per_slice": Param("bool", False), "axis": Param("choice", "z", choices=roi_ops.AXES)},
        lambda image, mask, p: (image, roi_ops.fill_holes(mask, p["per_slice"], p["axis"])),
        lambda p: ("Holes in the mask were filled" + (f" slice by slice along {p['axis']}."
                                                      if p["per_slice"] else " in 3D."))),
}


def _one_step(entry) -> Step:
    if isinstance(entry, str):
        name, given = entry, {}
    elif isinstance(entry, Mapping) and len(entry) == 1:
        name, given = next(iter(entry.items()))
        given = {} if given is None else given
    else:
        raise SettingsError(f"a preprocess step must be a name or a one-key mapping, got {entry!r}",
                            fix="write e.g. '- ring: {mm: 3}'")
    if name not in STEPS:
        close = difflib.get_close_matches(str(name), STEPS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise SettingsError(f"unknown preprocess step '{name}'{hint}",
                            fix=f"valid steps are: {', '.join(STEPS)}")
    if not isinstance(given, Mapping):
        raise SettingsError(f"the parameters of step '{name}' must be a mapping, got {given!r}",
                            fix=f"write e.g. '- {name}: {{...}}'")
    spec = STEPS[name]
    check_known_keys(given, spec.params, f"step '{name}'")
    params = {}
    for key, rule in spec.params.items():
        if key not in given:
            if rule.default is REQUIRED:
                raise SettingsError(f"step '{name}' needs the parameter '{key}'",
                                    fix=f"give {key}: {rule.describe()}")
            params[key] = rule.default
            continue
        value = rule.check(given[key])
        if value is None:
            raise SettingsError(f"the '{key}' parameter of step '{name}' must be "
                                f"{rule.describe()}; got {given[key]!r}",
                                fix=f"set {key} to {rule.describe()}")
        params[key] = value
    if name == "clip" and params["lower"] >= params["upper"]:
        raise SettingsError(f"step 'clip': lower ({params['lower']:g}) must be below upper "
                            f"({params['upper']:g})", fix="e.g. lower: 1, upper: 99")
    return Step(name, params)


def check_steps(config) -> list[Step]:
    """Validate a list of steps from the study YAML; returns them with defaults filled."""
    if config is None:
        return []
    if isinstance(config, (str, Mapping)) or not hasattr(config, "__iter__"):
        raise SettingsError("preprocess must be a list of steps",
                            fix="write each step as a list item, e.g. '- n4: {}'")
    return [entry if isinstance(entry, Step) else _one_step(entry) for entry in config]


def apply_steps(image: sitk.Image, mask: sitk.Image, steps) -> tuple[sitk.Image, sitk.Image]:
    """Run the steps in order on one (image, mask) pair; ``steps`` as in the YAML."""
    for step in check_steps(steps):
        image, mask = step.apply(image, mask)
    return image, mask


def methods_sentences(steps) -> list[str]:
    """One methods-section sentence per step, in order."""
    return [step.methods_sentence() for step in check_steps(steps)]
