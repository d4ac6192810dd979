"""Estimators to JSON + numeric arrays and back, without pickle.

``to_payload(obj) -> (payload, arrays)``: ``payload`` is plain JSON (floats written with
``repr`` round-trip exactly), ``arrays`` maps keys to numeric numpy arrays (save them
with ``numpy.savez`` and load with ``allow_pickle=False``). ``from_payload`` rebuilds
the object. Only classes on an allow-list are ever imported; anything else is a
BundleError. Estimators are stored as their attribute dictionaries; scikit-learn trees
as their node arrays; DataFrames column by column; XGBoost and LightGBM boosters as their native JSON / text model
strings. A tuned ``GridSearchCV`` is stored as its refitted ``best_estimator_``.
"""
from __future__ import annotations

import dataclasses
import importlib
import math

import numpy as np

from axilla.errors import BundleError

FORMAT = "axilla-model/1"

ALLOWED_CLASSES = frozenset({
    "axilla.select.normalise.FeatureScaler", "axilla.select.variance.NearZeroVariance",
    "axilla.select.univariate.UnivariateFilter", "axilla.select.correlation.CorrelationFilter",
    "axilla.select.icc_filter.ICCFilter", "axilla.select.lasso.LassoSelector",
    "axilla.select.lasso.LassoPath", "axilla.select.lasso.LassoCVResult",
    "axilla.select.stability.StabilitySelector", "axilla.select.mrmr.MRMRSelector",
    "axilla.select.forest_importance.ForestImportanceSelector",
    "axilla.select.blocks.BlockwiseTransformer",
    "axilla.models.radscore.RadScore", "axilla.models.logistic.LogisticMLE",
    "axilla.models.logistic.LogisticFit", "axilla.models.design.DesignSpec",
    "axilla.models.nomogram.Nomogram", "axilla.models.nomogram.NomogramAxis",
    "axilla.models.clinical.ClinicalModel", "axilla.models.stepwise.StepResult",
    "axilla.models.stepwise.StepRecord",
    "sklearn.pipeline.Pipeline", "sklearn.preprocessing._label.LabelEncoder",
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.svm._classes.SVC",
    "sklearn.neighbors._classification.KNeighborsClassifier",
    "sklearn.tree._classes.DecisionTreeClassifier", "sklearn.tree._classes.ExtraTreeClassifier",
    "sklearn.calibration.CalibratedClassifierCV", "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._forest.RandomForestClassifier",
    "sklearn.ensemble._forest.ExtraTreesClassifier",
    "xgboost.sklearn.XGBClassifier", "lightgbm.sklearn.LGBMClassifier",
})


def _class_path(obj) -> str:
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def _load_class(path: str):
    if path not in ALLOWED_CLASSES:
        raise BundleError(f"class '{path}' is not allowed in a model bundle",
                          fix="only Axilla, scikit-learn, XGBoost and LightGBM models can be "
                              "loaded; rebuild the bundle with Axilla")
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


class _Encoder:
    def __init__(self):
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, value: np.ndarray) -> dict:
        if value.dtype.kind in "biuf":
            key = f"a{len(self.arrays)}"
            self.arrays[key] = value
            return {"__array__": key}
        if value.dtype.kind in "OUS" and all(isinstance(v, str) for v in value.ravel()):
            return {"__strarray__": value.tolist(), "shape": list(value.shape)}
        raise BundleError(f"cannot store an array of dtype {value.dtype}",
                          fix="report this model type to the Axilla developers")

    def encode(self, value):
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
            return int(value)
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, (float, np.floating)):
            value = float(value)
            return value if math.isfinite(value) else {"__float__": repr(value)}
        if isinstance(value, np.ndarray):
            return self.array(value)
        if isinstance(value, (list, tuple)):
            return {"__list__" if isinstance(value, list) else "__tuple__":
                    [self.encode(v) for v in value]}
        if isinstance(value, dict):
            return {"__dict__": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        return self.encode_object(value)

    def encode_object(self, value):
        path = _class_path(value)
        if path == "pandas.core.frame.DataFrame":
            return {"__frame__": [[str(c), self.encode(value[c].to_numpy())] for c in value.columns]}
        if path == "sklearn.model_selection._search.GridSearchCV":
            return self.encode(value.best_estimator_)
        if path == "sklearn.tree._tree.Tree":
            return self.encode_tree(value)
        if path == "xgboost.core.Booster":
            return {"__xgboost__": bytes(value.save_raw("json")).decode()}
        if path == "lightgbm.basic.Booster":
            return {"__lightgbm__": value.model_to_string()}
        _load_class(path)   # refuse what could not be loaded back
        if dataclasses.is_dataclass(value):
            fields = {f.name: self.encode(getattr(value, f.name))
                      for f in dataclasses.fields(value)}
            return {"__dataclass__": path, "fields": fields}
        return {"__object__": path, "state": {k: self.encode(v) for k, v in vars(value).items()}}

    def encode_tree(self, tree) -> dict:
        state = tree.__getstate__()
        nodes = state["nodes"]
        return {"__sktree__": {
            "n_features": int(tree.n_features), "n_outputs": int(tree.n_outputs),
            "n_classes": self.array(np.asarray(tree.n_classes, dtype=np.intp)),
            "max_depth": int(state["max_depth"]), "node_count": int(state["node_count"]),
            "values": self.array(state["values"]),
            "nodes": {name: self.array(np.ascontiguousarray(nodes[name]))
                      for name in nodes.dtype.names}}}


class _Decoder:
    def __init__(self, arrays):
        self.arrays = arrays

    def decode(self, value):
        if not isinstance(value, dict):
            return value
        if "__array__" in value:
            return np.array(self.arrays[value["__array__"]])
        if "__strarray__" in value:
            return np.array(value["__strarray__"], dtype=object).reshape(value["shape"])
        if "__float__" in value:
            return float(value["__float__"])
        if "__list__" in value:
            return [self.decode(v) for v in value["__list__"]]
        if "__tuple__" in value:
            return tuple(self.decode(v) for v in value["__tuple__"])
        if "__dict__" in value:
            return {self._key(k): self.decode(v) for k, v in value["__dict__"]}
        if "__dataclass__" in value:
            cls = _load_class(value["__dataclass__"])
            return cls(**{k: self.decode(v) for k, v in value["fields"].items()})
        if "__object__" in value:
            cls = _load_class(value["__object__"])
            obj = cls.__new__(cls)
            obj.__dict__.update({k: self.decode(v) for k, v in value["state"].items()})
            return obj
        if "__frame__" in value:
            import pandas as pd
            return pd.DataFrame({name: self.decode(col) for name, col in value["__frame__"]})
        if "__sktree__" in value:
            return self.decode_tree(value["__sktree__"])
        if "__xgboost__" in value:
            import xgboost
            return xgboost.Booster(model_file=bytearray(value["__xgboost__"].encode()))
        if "__lightgbm__" in value:
            import lightgbm
            return lightgbm.Booster(model_str=value["__lightgbm__"])
        raise BundleError(f"unknown entry in model payload: {sorted(value)[:3]}",
                          fix="the bundle was not written by this Axilla version")

    def _key(self, key):
        return tuple(key) if isinstance(key, list) else self.decode(key)

    def decode_tree(self, data):
        from sklearn.tree._tree import Tree
        tree = Tree(data["n_features"], self.decode(data["n_classes"]), data["n_outputs"])
        template = tree.__getstate__()["nodes"].dtype
        nodes = np.zeros(data["node_count"], dtype=template)
        for name in template.names:
            nodes[name] = self.decode(data["nodes"][name])
        tree.__setstate__({"max_depth": data["max_depth"], "node_count": data["node_count"],
                           "nodes": nodes, "values": self.decode(data["values"])})
        return tree


def to_payload(obj) -> tuple[dict, dict[str, np.ndarray]]:
    """JSON-ready description of ``obj`` and the numeric arrays it refers to."""
    encoder = _Encoder()
    root = encoder.encode(obj)
    return {"format": FORMAT, "root": root}, encoder.arrays


def from_payload(payload: dict, arrays) -> object:
    """Rebuild what ``to_payload`` described."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise BundleError(f"not an Axilla model payload (format {payload.get('format')!r})"
                          if isinstance(payload, dict) else "not an Axilla model payload",
                          fix=f"expected format '{FORMAT}'")
    return _Decoder(arrays).decode(payload["root"])
