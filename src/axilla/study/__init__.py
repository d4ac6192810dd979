"""study stage: the YAML schema, orchestration, the model bundle and prediction."""
from axilla.study.bundle_export import load_models
from axilla.study.config import StudyConfig, read_study
from axilla.study.predict import predict_patients
from axilla.study.run import RunResult, run_study
from axilla.study.validate import validate_study

__all__ = ["RunResult", "StudyConfig", "load_models", "predict_patients", "read_study",
           "run_study", "validate_study"]
