"""The calculator as one static HTML file: the combined model computed in the page.

For sites without a server: the page holds the combined model's coefficients and their
covariance, the nomogram's scaling, the study's threshold and the training scores'
distribution as JSON, and a short script (``static_calculator.js.html``) computes the
notes, the typed score's refusal or note, the risk with its Wald CI, the risk group and
the points exactly as the Python code it names does (tested against it in Chromium).
Nothing is fetched: no external URL, no upload (the signature score is typed).
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from scipy import stats

from axilla.errors import InputError
from axilla.serve.calculator import entry_fields, score_ranges
from axilla.serve.page import document, entry_inputs, masthead, nomogram_figure
from axilla.serve.risk_interval import LEVEL
from axilla.study.bundle_export import BundledModels, load_models
from axilla.study.fit import CLINICAL, COMBINED
from axilla.study.training_range import Z_BOUND

SCRIPT = "static_calculator.js.html"


def calculator_data(models: BundledModels) -> dict:
    """Everything the page's script reads (plain JSON; floats round-trip exactly)."""
    combined, nomogram = models.combined, models.nomogram
    fields = [vars(f) | {"levels": list(f.levels)} for f in entry_fields(models)]
    checks = [{"name": name} | allowed for name, allowed in
              models.content["predictor_ranges"].items()]
    return {
        "study": models.content["study"], "main": COMBINED,
        "threshold": models.thresholds[COMBINED], "fields": fields, "checks": checks,
        "score_ranges": score_ranges(models), "z_bound": Z_BOUND,
        "applied": [n for n, m in ((CLINICAL, models.clinical), (COMBINED, combined)) if m],
        "model": {"terms": list(combined.spec.terms),
                  "levels": {k: list(v) for k, v in combined.spec.levels.items()},
                  "names": list(combined.fit.names), "coef": combined.fit.coef.tolist(),
                  "cov": combined.fit.cov.tolist()},
        "z": float(stats.norm.ppf(0.5 + LEVEL / 2.0)), "level_text": f"{LEVEL:.0%}",
        "nomogram": {"coefficients": nomogram.coefficients, "minimum": nomogram.minimum,
                     "points_per_unit": nomogram.points_per_unit},
    }


def calculator_html(models: BundledModels) -> str:
    """The page's text."""
    if models.combined is None or models.nomogram is None:
        raise InputError("this bundle has no combined model (nomogram): the static calculator "
                         "computes the combined model only",
                         fix="serve the bundle with `axilla serve` (it reads images), or refit "
                             "the study with models.combined: true and clinical candidates")
    data = json.dumps(calculator_data(models), allow_nan=False).replace("</", "<\\/")
    script = resources.files("axilla.serve").joinpath(SCRIPT).read_text(encoding="utf-8")
    body = (f"{masthead(models.content['study'], 'static page')}<main>"
            '<form class="entry" onsubmit="return false">'
            f"{entry_inputs(entry_fields(models), {}, uploads=False)}"
            '<button id="calculate" type="button">Calculate</button></form>'
            f'<div id="shown"></div>{nomogram_figure(models)}</main>')
    return document(f"{models.content['study']} — calculator", body,
                    script.replace("__MODEL_JSON__", data))


def export_calculator(bundle, path, *, verify_key=None) -> Path:
    """Write the static calculator of ``bundle`` to ``path`` (one self-contained file)."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError("the calculator is an HTML page", file=str(path),
                         fix="name the output with .html, e.g. calculator.html")
    text = calculator_html(load_models(bundle, verify_key=verify_key))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
