"""Base class of the selectors that store their kept-feature mask as ``support_``, and
the estimator tag every Axilla outcome model shares (binary outcome only)."""
from __future__ import annotations

from sklearn.base import BaseEstimator
from sklearn.feature_selection import SelectorMixin
from sklearn.utils import ClassifierTags
from sklearn.utils.validation import check_is_fitted


def binary_outcome_tags(tags):
    """Tell scikit-learn (and its estimator checks) that y has two classes."""
    tags.classifier_tags = ClassifierTags(multi_class=False)
    return tags


class MaskSelector(SelectorMixin, BaseEstimator):
    """A scikit-learn selector whose ``fit`` sets the boolean mask ``support_``."""

    def __sklearn_tags__(self):
        return binary_outcome_tags(super().__sklearn_tags__())

    def _get_support_mask(self):
        check_is_fitted(self, "support_")
        return self.support_
