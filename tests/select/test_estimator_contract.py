"""Every selector and model honours the scikit-learn estimator contract.

Expected failures are listed per estimator with their reason: Axilla's estimators model a
binary outcome (ALN metastasis yes/no) and refuse other targets with axilla's ModelError
rather than ValueError; the unpenalised MLE refuses separable data.
"""
from sklearn.utils.estimator_checks import parametrize_with_checks

from axilla.models.logistic import LogisticMLE
from axilla.models.radscore import RadScore
from axilla.select.correlation import CorrelationFilter
from axilla.select.forest_importance import ForestImportanceSelector
from axilla.select.icc_filter import ICCFilter
from axilla.select.lasso import LassoSelector
from axilla.select.mrmr import MRMRSelector
from axilla.select.normalise import FeatureScaler
from axilla.select.stability import StabilitySelector
from axilla.select.univariate import UnivariateFilter
from axilla.select.variance import NearZeroVariance

AXILLA_ERROR = ("raises axilla ModelError (one line naming the fix), not the ValueError "
                "scikit-learn's check expects")
ONE_SAMPLE = "a single patient has one outcome class: ModelError by design"
SEPARABLE = ("the check's data (well-separated blobs) are perfectly separable: the unpenalised "
             "MLE does not exist and LogisticMLE raises ModelError by design")

ESTIMATORS = [
    FeatureScaler(), NearZeroVariance(), UnivariateFilter(), CorrelationFilter(),
    ICCFilter(missing="keep"), LassoSelector(n_folds=3, nlambda=10, random_state=0),
    StabilitySelector(n_bootstrap=3, n_folds=3, random_state=0),
    MRMRSelector(n_features=2), ForestImportanceSelector(n_features=2, n_estimators=10,
                                                         random_state=0),
    RadScore(n_folds=3, nlambda=10, random_state=0), LogisticMLE(),
]


def _expected_failures(estimator):
    supervised = not isinstance(estimator, (FeatureScaler, NearZeroVariance, ICCFilter))
    failures = {"check_fit2d_1sample": ONE_SAMPLE} if supervised else {}
    if isinstance(estimator, (RadScore, LogisticMLE)):
        failures |= {name: AXILLA_ERROR for name in (
            "check_classifiers_one_label", "check_classifiers_regression_target",
            "check_classifier_not_supporting_multiclass")}
    if isinstance(estimator, LogisticMLE):
        failures |= {name: SEPARABLE for name in (
            "check_estimators_overwrite_params", "check_dont_overwrite_parameters",
            "check_estimators_fit_returns_self", "check_readonly_memmap_input",
            "check_positive_only_tag_during_fit",
            "check_estimators_empty_data_messages", "check_pipeline_consistency",
            "check_estimators_pickle", "check_f_contiguous_array_estimator",
            "check_classifiers_classes", "check_methods_sample_order_invariance",
            "check_methods_subset_invariance", "check_fit2d_1feature", "check_dict_unchanged",
            "check_fit2d_predict1d")}
    return failures


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failures)
def test_sklearn_contract(estimator, check):
    check(estimator)
