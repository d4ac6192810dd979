"""demo stage: deterministic synthetic cohorts shaped like the five seed studies."""
from axilla.demo.cohorts import BUILDERS, make_cohort
from axilla.demo.studies import STUDIES, prepare_demo, study_yaml

__all__ = ["BUILDERS", "STUDIES", "make_cohort", "prepare_demo", "study_yaml"]
