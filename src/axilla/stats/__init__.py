"""stats stage: discrimination, calibration, clinical utility, comparisons, Table 1, survival.

Every function checks its input and raises ``StatsError`` naming the problem; values match
the R packages named in each docstring (pROC, rms, Hmisc, survival, base R).
"""
from axilla.stats.calibration import CalibrationStats, calibration_stats, val_prob
from axilla.stats.calibration_curve import CalibrationCurve, calibration_curve
from axilla.stats.concordance import Concordance, concordance
from axilla.stats.cox import CoxFit, cox
from axilla.stats.decision_curve import net_benefit
from axilla.stats.delong import (PairedDelongTest, UnpairedDelongTest, compare_models,
                                 delong_test, delong_test_unpaired)
from axilla.stats.grouped_calibration import grouped_calibration
from axilla.stats.hosmer_lemeshow import HosmerLemeshow, hosmer_lemeshow
from axilla.stats.le_cessie import UnweightedSumOfSquares, le_cessie_van_houwelingen
from axilla.stats.proportional_hazards import cox_zph
from axilla.stats.reclassification import CategoricalNri, NriIdi, categorical_nri, nri_idi
from axilla.stats.roc import AucCI, RocCurve, auc_ci, roc_curve
from axilla.stats.subgroups import subgroup_auc
from axilla.stats.survival import KaplanMeier, LogRank, kaplan_meier, logrank
from axilla.stats.table_one import describe, table_one
from axilla.stats.thresholds import Cutpoint, ThresholdMetrics, optimal_cutpoint, threshold_metrics
from axilla.stats.validation import ValidatedC, validate_c_index, validate_model

__all__ = [
    # discrimination and comparisons
    "auc_ci", "roc_curve", "delong_test", "delong_test_unpaired", "compare_models",
    "subgroup_auc", "threshold_metrics", "optimal_cutpoint",
    # calibration and validation
    "calibration_stats", "val_prob", "hosmer_lemeshow", "le_cessie_van_houwelingen",
    "grouped_calibration", "calibration_curve", "validate_model", "validate_c_index",
    # clinical utility and reclassification
    "net_benefit", "nri_idi", "categorical_nri",
    # Table 1
    "table_one", "describe",
    # survival
    "kaplan_meier", "logrank", "cox", "cox_zph", "concordance",
    # result types
    "AucCI", "RocCurve", "PairedDelongTest", "UnpairedDelongTest", "ThresholdMetrics", "Cutpoint",
    "CalibrationStats", "HosmerLemeshow", "UnweightedSumOfSquares", "CalibrationCurve", "ValidatedC",
    "NriIdi", "CategoricalNri", "KaplanMeier", "LogRank", "CoxFit", "Concordance",
]
