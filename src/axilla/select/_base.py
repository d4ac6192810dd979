"""Base class of the selectors that store their kept-feature mask as ``support_``."""
from __future__ import annotations

from sklearn.base import BaseEstimator
from sklearn.feature_selection import SelectorMixin
from sklearn.utils.validation import check_is_fitted


class MaskSelector(SelectorMixin, BaseEstimator):
    """A scikit-learn selector whose ``fit`` sets the boolean mask ``support_``."""

    def _get_support_mask(self):
        check_is_fitted(self, "support_")
        return self.support_
