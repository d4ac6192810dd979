"""models stage: splits, rad-score, classifiers, clinical / combined logistic models,
nomograms, the leakage-proof CV pipeline, its audit, and pickle-free serialisation."""
from axilla.models import audit
from axilla.models.classifiers import CLASSIFIERS, make_classifier
from axilla.models.clinical import ClinicalModel, fit_clinical_model, univariable_screen
from axilla.models.design import DesignSpec, design_matrix, infer_spec
from axilla.models.logistic import LogisticFit, LogisticMLE, fit_logistic, lr_test, profile_ci
from axilla.models.nomogram import Nomogram, NomogramAxis, build_nomogram
from axilla.models.pipeline import (CVPredictions, cross_validated_predictions, fit_final,
                                    make_pipeline)
from axilla.models.radscore import RadScore, RadScoreFormula
from axilla.models.radscore_units import raw_unit_formula
from axilla.models.serialize import from_payload, to_payload
from axilla.cohort.aggregate import aggregate_to_patient
from axilla.models.splits import (random_split, repeated_folds, split_by_column,
                                  stratified_split, temporal_split)
from axilla.models.stepwise import StepResult, stepwise

__all__ = [
    "CLASSIFIERS", "CVPredictions", "ClinicalModel", "DesignSpec", "LogisticFit", "LogisticMLE",
    "Nomogram", "NomogramAxis", "RadScore", "RadScoreFormula", "StepResult",
    "aggregate_to_patient", "audit", "build_nomogram", "cross_validated_predictions",
    "design_matrix", "fit_clinical_model", "fit_final", "fit_logistic", "from_payload",
    "infer_spec", "lr_test", "make_classifier", "make_pipeline", "profile_ci", "random_split",
    "raw_unit_formula", "repeated_folds", "split_by_column", "stepwise", "stratified_split", "temporal_split",
    "to_payload", "univariable_screen",
]
