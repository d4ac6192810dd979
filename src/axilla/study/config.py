"""The study YAML schema: one validated description of a whole study.

Paths are relative to the YAML file's folder. Unknown keys are errors with a
"did you mean" at every level, the settings of each selection and preprocess step
included (checked by the step's own code); :func:`parse_study` lists every problem at
once, and :func:`salvage_study` keeps what can still be checked of a study with errors.
"""
from __future__ import annotations

import copy
import difflib
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, ValidationError,
                      ValidationInfo, field_validator, model_validator)
from pydantic_core import PydanticCustomError

from axilla.deep.config import DeepConfig
from axilla.errors import SettingsError
from axilla.io.problems import Problem


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _refusal(message: str, fix: str) -> PydanticCustomError:
    """A schema error that :func:`parse_study` reports as one line: the field's path,
    ``message`` and ``fix`` (not pydantic's "Value error, ..." text)."""
    return PydanticCustomError("step_settings", "{message}", {"message": message, "fix": fix})


def _as_schema_error(check, step: dict) -> dict:
    """Run ``check(step)``; its SettingsError (unknown step or key, with "did you mean"
    and the valid keys) becomes a schema error that keeps the message and the fix."""
    try:
        check(step)
    except SettingsError as exc:
        raise _refusal(exc.message, exc.fix or "") from None
    return step


def _known_selection_step(step: dict) -> None:
    """The step's name and keys must be those of the step's class (``select.chain``); an
    ``icc`` step may give its values as ``table:`` (read by ``study.fit``)."""
    from axilla.select.chain import make_step

    if len(step) != 1:
        raise SettingsError(f"a selection step must be one name with its settings, got "
                            f"{sorted(step)}", fix="write each step as its own list item")
    (name, params), = step.items()
    params = dict(params)
    if name == "icc" and "table" in params:
        params.pop("table")
        params.setdefault("icc", {})
    make_step(name, params)


def _known_preprocess_step(step: dict) -> None:
    from axilla.preprocess.steps import check_steps

    check_steps([step])


SelectionStep = Annotated[dict[str, dict[str, Any]],
                          AfterValidator(partial(_as_schema_error, _known_selection_step))]
PreprocessStep = Annotated[dict[str, dict[str, Any]],
                           AfterValidator(partial(_as_schema_error, _known_preprocess_step))]


class DataConfig(_Strict):
    manifest: Path | None = None
    features: Path | None = None
    clinical: Path
    outcome: str = "aln_status"
    mask_alignment: Literal["strict", "resample"] = "strict"
    aggregate: Literal["mean", "max", "largest"] | None = None   # None: one image per block
    voi_lut: bool = False
    labels: dict[str, str] = {}   # column -> human label (figures), e.g. age: "Age (years)"

    @model_validator(mode="after")
    def _one_source(self):
        if (self.manifest is None) == (self.features is None):
            raise _refusal("both data.manifest and data.features are given" if self.manifest
                           else "neither data.manifest nor data.features is given",
                           "give exactly one of data.manifest (images) or data.features "
                           "(a feature table)")
        return self


class SplitConfig(_Strict):
    method: Literal["column", "random", "temporal", "centre"] = "column"
    column: str = "cohort"
    training: str = "training"
    ratio: float = Field(0.7, gt=0, lt=1)
    date_column: str = "exam_date"
    centre_column: str = "centre"
    external_centres: list[str] = []


class ExtractionConfig(_Strict):
    params: Path | None = None
    setting: dict[str, Any] = {}
    imageType: dict[str, Any] = {"Original": {}}
    featureClass: dict[str, Any] = {}
    workers: int = Field(1, ge=1)
    scheduler: str | None = None

    def settings(self, root: Path) -> dict:
        """The PyRadiomics parameter dict this extraction uses."""
        if self.params is not None:
            path = root / self.params
            if not path.is_file():
                raise SettingsError(f"parameter file '{self.params}' not found in {root}",
                                    file=str(path), fix="check extraction.params (a path "
                                    "relative to the study file)")
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        return {"setting": dict(self.setting), "imageType": dict(self.imageType),
                "featureClass": dict(self.featureClass)}


class ExecutionConfig(_Strict):
    """Where the cases are extracted: ``workers`` local processes, or the Dask cluster
    whose scheduler is at ``scheduler`` (``tcp://host:8786``; docs/dask.md)."""
    workers: int = Field(1, ge=1)
    scheduler: str | None = None


class SelectionConfig(_Strict):
    normalise: Literal["zscore", "minmax", "robust", "none"] = "zscore"
    per_block: bool = False
    steps: list[SelectionStep] = [{"lasso": {}}]

    @model_validator(mode="after")
    def _final_lasso_is_the_radscore(self):
        """A final ``lasso`` becomes the rad-score (``study.fit``), fitted on every feature
        at once: the per-block keys of a selection step do not apply to it."""
        if not self.steps or next(iter(self.steps[-1])) != "lasso":
            return self
        per_block = sorted({"per_block", "n_prefix_parts"} & set(self.steps[-1]["lasso"]))
        if per_block:
            raise _refusal(f"the final lasso step becomes the rad-score and takes no "
                           f"{' or '.join(per_block)}",
                           "remove it, or end the steps with a lasso over all blocks")
        return self


class ClinicalConfig(_Strict):
    candidates: list[str] = []
    categorical: list[str] = []
    screening_p: float = Field(0.05, gt=0, le=1)
    direction: Literal["backward", "forward", "both"] = "backward"
    criterion: Literal["aic", "bic", "lr"] = "aic"
    missing: Literal["complete", "impute"] = "complete"   # impute: fitted on training only


class ModelsConfig(_Strict):
    radiomics: Literal["radscore"] = "radscore"
    classifiers: list[Literal["logistic", "svm", "knn", "decision_tree", "random_forest",
                              "extra_trees", "xgboost", "lightgbm"]] = []
    clinical: ClinicalConfig | None = None
    combined: bool = True


class SurvivalConfig(_Strict):
    time: str
    event: str
    model: str = "combined"


THRESHOLD_RULES = ("youden", "closest_topleft", "sensitivity")


def _threshold(value: str | float) -> str | float:
    """A rule's name, or a fixed probability strictly between 0 and 1 (0 or 1.5 would call
    every patient positive or negative); one message for either slip."""
    if value in THRESHOLD_RULES:
        return value
    try:
        number = float(value)   # also "0.4", quoted in the YAML
    except ValueError:
        number = None
    if number is not None and 0 < number < 1:
        return number
    close = difflib.get_close_matches(str(value), THRESHOLD_RULES, n=1)
    raise _refusal(f"{value!r} is neither a rule ({', '.join(THRESHOLD_RULES)}) nor a "
                   "probability between 0 and 1" + (f" (did you mean '{close[0]}'?)"
                                                    if close else ""),
                   "give a rule's name or a fixed probability such as 0.4")


Threshold = Annotated[str | float, AfterValidator(_threshold)]


class EvaluationConfig(_Strict):
    threshold: Threshold = "youden"
    target_sensitivity: float = Field(0.9, gt=0, le=1)   # with threshold: sensitivity
    ci: Literal["delong", "bootstrap"] = "delong"
    n_boot: int = Field(1000, ge=10)
    calibration_boot: int = Field(200, ge=10)
    cv_folds: int = Field(10, ge=2)
    decision_curve: bool = True
    subgroups: list[str] = []
    survival: SurvivalConfig | None = None


class ReportConfig(_Strict):
    title: str | None = None
    authors: str | None = None


#: which features a delta or radiogenomics analysis uses: the rad-score's, all, or named
FeatureChoice = Literal["selected", "all"] | list[str]


class DeltaConfig(_Strict):
    """Delta-radiomics (docs/delta.md): the same patients imaged before and after treatment."""

    manifest: Path                     # the manifest's columns plus timepoint_column
    timepoint_column: str = "timepoint"
    pre: str = "pre"
    post: str = "post"
    features: FeatureChoice = "selected"
    signature_outcome: str | None = None   # a clinical column: RUN/delta/study.yaml models it


class RadiogenomicsConfig(_Strict):
    """Spearman correlation of radiomic features with an omics table (docs/delta.md)."""

    table: Path                        # patient_id + one numeric column per gene/pathway/cell
    features: FeatureChoice = "selected"


class StudyConfig(_Strict):
    name: str
    description: str = ""
    seed: int = 2024
    data: DataConfig
    split: SplitConfig = SplitConfig()
    preprocess: list[PreprocessStep] = []
    extraction: ExtractionConfig = ExtractionConfig()
    selection: SelectionConfig = SelectionConfig()
    models: ModelsConfig = ModelsConfig()
    deep: DeepConfig | None = None
    evaluation: EvaluationConfig = EvaluationConfig()
    report: ReportConfig = ReportConfig()
    delta: DeltaConfig | None = None
    radiogenomics: RadiogenomicsConfig | None = None
    execution: ExecutionConfig | None = None   # None: extraction.workers / .scheduler

    @field_validator("execution")
    @classmethod
    def _workers_in_one_place(cls, execution, info: ValidationInfo):
        """``execution`` replaces ``extraction.workers`` / ``.scheduler``: not both (the
        error is at ``execution``, so validate still checks the inputs without it)."""
        extraction = info.data.get("extraction")
        old_keys = sorted({"workers", "scheduler"} & getattr(extraction, "model_fields_set",
                                                             set()))
        if execution is not None and old_keys:
            raise _refusal("workers and scheduler are set both under execution and under "
                           "extraction; keep them under execution only",
                           f"delete {' and '.join(f'extraction.{k}' for k in old_keys)} "
                           "(execution: {workers, scheduler} replaces them)")
        return execution

    @property
    def runs_on(self) -> ExecutionConfig | ExtractionConfig:
        """The section that says where cases run (its ``workers`` and ``scheduler``)."""
        return self.execution or self.extraction


def _fields_at(loc: tuple) -> list[str]:
    """Field names of the schema model at an error location (for "did you mean")."""
    model: Any = StudyConfig
    for part in loc[:-1]:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        candidates = [a for a in getattr(annotation, "__args__", (annotation,))
                      if isinstance(a, type) and issubclass(a, BaseModel)]
        if not candidates:
            return []
        model = candidates[0]
    return list(getattr(model, "model_fields", {}))


def _problem(error: dict, where: str) -> Problem:
    loc = tuple(error["loc"])
    key = ".".join(map(str, loc)) or "(top level)"
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), _fields_at(loc), n=1)
        fix = f"did you mean '{close[0]}'?" if close else \
            f"valid keys here: {', '.join(_fields_at(loc)) or 'none'}"
        return Problem(f"{where}: {key}", "unknown key", fix)
    if error["type"] == "step_settings":
        return Problem(f"{where}: {key}", error["ctx"]["message"], error["ctx"]["fix"])
    return Problem(f"{where}: {key}", error["msg"], "see docs/study.md for the schema")


def parse_study(raw: dict, where: str = "study") -> tuple[StudyConfig | None, list[Problem]]:
    """Validate a study dict; return the config or every problem found."""
    try:
        return StudyConfig.model_validate(raw), []
    except ValidationError as exc:
        return None, [_problem(e, where) for e in exc.errors()]


def read_study_mapping(path) -> tuple[dict | None, list[Problem]]:
    """The study YAML file as a mapping, or the problem that stops reading it."""
    path = Path(path)
    if not path.exists():
        return None, [Problem(str(path), "study file not found", "check the path")]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return None, [Problem(str(path), f"not valid YAML ({exc})", "fix the YAML syntax")]
    if not isinstance(raw, dict):
        return None, [Problem(str(path), "the study must be a mapping of keys",
                              "start from examples/studies/*.yaml")]
    return raw, []


def read_study(path) -> tuple[StudyConfig | None, list[Problem]]:
    """Read and validate a study YAML file."""
    raw, problems = read_study_mapping(path)
    if raw is None:
        return None, problems
    return parse_study(raw, Path(path).name)


def salvage_study(raw: dict) -> tuple[StudyConfig | None, set[str]]:
    """A study that :func:`parse_study` refused, made valid to check its inputs anyway.

    Returns it with the names of the sections (``split``, ``models``, ...) that had an
    error: those are replaced by their defaults (``data``, which has none, only loses its
    unknown keys), so a caller skips the checks that read them rather than run them on
    values the user did not write. Unknown top-level keys are dropped. None when ``name``
    or a value in ``data`` is invalid.
    """
    raw, flawed = copy.deepcopy(raw), set()
    while True:
        try:
            return StudyConfig.model_validate(raw), flawed
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                unknown = error["type"] == "extra_forbidden"
                if unknown and len(loc) == 1:
                    raw.pop(loc[0], None)
                    continue
                field = StudyConfig.model_fields.get(loc[0]) if loc else None
                if field is None or (field.is_required() and not unknown):
                    return None, flawed
                flawed.add(loc[0])
                if field.is_required():
                    _drop_key(raw, loc)
                else:
                    raw.pop(loc[0], None)


def _drop_key(raw, loc: tuple) -> None:
    node = raw
    for part in loc[:-1]:
        node = node[part]
    node.pop(loc[-1], None)
