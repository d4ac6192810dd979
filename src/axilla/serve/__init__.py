"""serve: the clinician-facing nomogram calculator (``axilla serve``).

``create_app(bundle, workdir)`` is the local web app (FastAPI; optional extra ``serve``);
``export_calculator(bundle, path)`` writes the same calculator as one static HTML file
that computes the combined model's risk in the page. Both score exactly as ``axilla
predict`` does (:mod:`axilla.serve.calculator`).
"""
from axilla.serve.app import create_app, serve
from axilla.serve.calculator import Calculation, EntryField, calculate, entry_fields
from axilla.serve.risk_interval import RiskInterval, model_risk_interval, risk_interval

__all__ = ["Calculation", "EntryField", "RiskInterval", "calculate", "create_app",
           "entry_fields", "model_risk_interval", "risk_interval", "serve"]
