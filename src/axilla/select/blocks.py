"""Apply a transformer separately to each feature block (sequence / ROI prefix).

Multi-sequence, multi-ROI studies name features ``{sequence}_{roi}_{imageType}_{family}_
{Feature}`` (DESIGN.md); a block is the first ``n_prefix_parts`` underscore-separated
parts (2: sequence and ROI, 1: sequence only). Each block gets its own clone of the
transformer, fitted on that block's columns only (e.g. t test -> RF top-k per block).
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.utils.validation import check_is_fitted, validate_data

from axilla.errors import InputError


def feature_block(name: str, n_prefix_parts: int = 2) -> str:
    """The block prefix of a feature name: ``T2_tumour_original_glcm_Contrast`` -> ``T2_tumour``."""
    parts = str(name).split("_")
    if len(parts) <= n_prefix_parts + 2:
        raise InputError(f"feature '{name}' has no {{sequence}}_{{roi}}_ prefix to group by",
                         fix="name features {sequence}_{roi}_{imageType}_{family}_{Feature} "
                             "or lower n_prefix_parts")
    return "_".join(parts[:n_prefix_parts])


class BlockwiseTransformer(TransformerMixin, BaseEstimator):
    """Fit one clone of ``transformer`` per block and join their outputs.

    Fitted attributes: ``blocks_`` (prefix -> column indices), ``transformers_``.
    """

    def __init__(self, transformer=None, *, n_prefix_parts: int = 2):
        self.transformer = transformer
        self.n_prefix_parts = n_prefix_parts

    def _names(self, n_features: int) -> np.ndarray:
        return getattr(self, "feature_names_in_", np.array([f"x{j}" for j in range(n_features)]))

    def fit(self, X, y=None):
        if self.transformer is None:
            raise InputError("BlockwiseTransformer needs a transformer",
                             fix="pass e.g. BlockwiseTransformer(UnivariateFilter())")
        X, y = validate_data(self, X, y, dtype=float) if y is not None else \
            (validate_data(self, X, dtype=float), None)
        names = self._names(X.shape[1])
        self.blocks_ = {}
        for j, name in enumerate(names):
            self.blocks_.setdefault(feature_block(name, self.n_prefix_parts), []).append(j)
        self.transformers_ = {}
        for block, cols in self.blocks_.items():
            step = clone(self.transformer)
            step.set_output(transform="default")
            self.transformers_[block] = step.fit(X[:, cols], y) if y is not None else \
                step.fit(X[:, cols])
        return self

    def transform(self, X):
        check_is_fitted(self, "transformers_")
        X = validate_data(self, X, dtype=float, reset=False)
        return np.hstack([self.transformers_[b].transform(X[:, cols])
                          for b, cols in self.blocks_.items()])

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "transformers_")
        names = self._names(self.n_features_in_)
        out = [self.transformers_[b].get_feature_names_out(names[cols])
               for b, cols in self.blocks_.items()]
        return np.concatenate(out).astype(object)
