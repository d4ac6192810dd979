"""select stage: feature normalisation and selection, fitted on training patients only.

Every class is a scikit-learn transformer; ``make_chain`` strings them in any order.
"""
from axilla.select.blocks import BlockwiseTransformer, feature_block
from axilla.select.chain import make_chain, make_step
from axilla.select.correlation import CorrelationFilter
from axilla.select.forest_importance import ForestImportanceSelector
from axilla.select.icc_filter import ICCFilter
from axilla.select.lasso import (LassoCVResult, LassoPath, LassoSelector, cv_lasso,
                                 lambda_sequence, lasso_path, make_foldid)
from axilla.select.mrmr import MRMRSelector
from axilla.select.normalise import FeatureScaler
from axilla.select.stability import StabilitySelector
from axilla.select.univariate import UnivariateFilter, univariate_pvalues
from axilla.select.variance import NearZeroVariance

__all__ = [
    "BlockwiseTransformer", "CorrelationFilter", "FeatureScaler", "ForestImportanceSelector",
    "ICCFilter", "LassoCVResult", "LassoPath", "LassoSelector", "MRMRSelector",
    "NearZeroVariance", "StabilitySelector", "UnivariateFilter", "cv_lasso", "feature_block",
    "lambda_sequence", "lasso_path", "make_chain", "make_foldid", "make_step",
    "univariate_pvalues",
]
