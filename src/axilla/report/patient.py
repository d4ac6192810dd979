"""A one-page, self-contained HTML sheet per predicted patient.

It shows the predicted risk against the decision threshold, and, for a nomogram, each
predictor's value and points as ``Nomogram.score`` returns them (the way a reader
would use the printed nomogram: points per factor, their total, the risk under it).
Optionally the patient's segmentation on its largest slice. What the reader must know
before using the risk (a model that could not be applied, values it could not use,
features far outside the training data) stands in a box above it. It computes nothing.
"""
from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory

from axilla import __version__
from axilla.errors import InputError
from axilla.plots import plot_qc_sheet, save_figure
from axilla.report.assets import format_cell
from axilla.report.html import stylesheet

BAR_WIDTH = 560
#: The warning box; only patient pages use it, so it is not in the report's stylesheet.
WARNING_CSS = """
.warning { border: 2px solid var(--ink); border-left-width: 10px; background: #f2f2f2;
           padding: 10px 14px; margin: 18px 0 8px;
           font: 14px/1.45 "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
.warning h2 { font-size: 15px; margin: 0 0 4px; padding: 0; border: 0; }
.warning ul { margin: 0; padding-left: 20px; }
"""


@dataclass
class PatientPrediction:
    """One patient's prediction; ``points`` and ``total_points`` where a nomogram made it.

    ``notes``: what the reader must know before using the risk (``axilla predict``'s
    notes). ``not_applied``: the model that should have given the risk and could not be
    applied; ``risk`` is then ``model``'s instead.
    """

    patient: str
    risk: float
    model: str = "model"
    threshold: float | None = None
    values: dict[str, object] = field(default_factory=dict)
    points: dict[str, float] = field(default_factory=dict)
    total_points: float | None = None
    qc: object | None = None          # a QcCase-like object (patient, image, mask, ring)
    notes: list[str] = field(default_factory=list)
    not_applied: str | None = None


def _risk_bar(risk: float, threshold: float | None) -> str:
    """An inline SVG scale 0–1 with the risk marked (black triangle) and the threshold (dashed)."""
    x = 20 + risk * BAR_WIDTH
    parts = [f'<svg class="riskbar" width="{BAR_WIDTH + 40}" height="64" role="img" '
             f'aria-label="predicted risk {risk:.2f}">',
             f'<rect x="20" y="24" width="{BAR_WIDTH}" height="12" fill="#eee" stroke="#111"/>',
             f'<rect x="20" y="24" width="{risk * BAR_WIDTH:.1f}" height="12" fill="#555"/>',
             f'<polygon points="{x - 7:.1f},14 {x + 7:.1f},14 {x:.1f},24" fill="#000"/>']
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        tx = 20 + tick * BAR_WIDTH
        parts.append(f'<text x="{tx:.1f}" y="52" font-size="11" text-anchor="middle">{tick:g}</text>')
    if threshold is not None:
        tx = 20 + threshold * BAR_WIDTH
        parts.append(f'<line x1="{tx:.1f}" y1="18" x2="{tx:.1f}" y2="42" stroke="#000" '
                     f'stroke-width="2" stroke-dasharray="4 2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _warning(prediction: PatientPrediction) -> str:
    """The box of what to know before using the risk; empty when there is nothing."""
    lines = [html.escape(note) for note in prediction.notes]
    if prediction.not_applied is not None:
        lines.insert(0, f"<b>The {html.escape(prediction.not_applied)} model could not be "
                        f"applied</b>: the risk below is the {html.escape(prediction.model)} "
                        "model's.")
    if not lines:
        return ""
    items = "".join(f"<li>{line}</li>" for line in lines)
    return ('<section class="warning" aria-label="warning"><h2>Read before using this risk'
            f"</h2><ul>{items}</ul></section>")


def _verdict(prediction: PatientPrediction) -> str:
    if prediction.threshold is None:
        return ""
    side = "at or above" if prediction.risk >= prediction.threshold else "below"
    group = "high" if prediction.risk >= prediction.threshold else "low"
    return (f"<p>The risk is <b>{side}</b> the model's threshold "
            f"({prediction.threshold:.3f}): <b>{group}-risk</b> group.</p>")


def _points(value) -> str:
    return "–" if value is None else f"{float(value):.1f}"


def _factors(prediction: PatientPrediction) -> str:
    names = list(dict.fromkeys([*prediction.values, *prediction.points]))
    if not names:
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(n)}</td>"
        f"<td>{html.escape(format_cell(prediction.values.get(n)))}</td>"
        f"<td>{_points(prediction.points.get(n))}</td></tr>"
        for n in names)
    if prediction.total_points is not None:
        rows += (f"<tr><td><b>Total points</b></td><td></td>"
                 f"<td><b>{prediction.total_points:.1f}</b></td></tr>")
    return ('<p class="caption">Predictors, their values and nomogram points.</p>'
            f"<table><thead><tr><th>Predictor</th><th>Value</th><th>Points</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _qc_image(case) -> str:
    with TemporaryDirectory() as tmp:
        files = save_figure(plot_qc_sheet([case], columns=1), tmp, "qc")
        data = base64.b64encode(files.png.read_bytes()).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="segmentation" '
            f'style="max-width:260px"><figcaption>Segmentation on the largest slice: ROI '
            f"(solid), peritumoral ring (dashed).</figcaption></figure>")


def patient_page(prediction: PatientPrediction) -> str:
    """The page's HTML text."""
    if not 0.0 <= prediction.risk <= 1.0:
        raise InputError(f"predicted risk {prediction.risk!r} is not a probability",
                         patient=prediction.patient, fix="pass the model's predicted probability")
    qc = _qc_image(prediction.qc) if prediction.qc is not None else ""
    title = f"Patient {prediction.patient}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>{html.escape(title)} — predicted risk</title><style>{stylesheet()}{WARNING_CSS}</style></head>
<body><div class="page">
<header class="masthead"><p class="kicker">Axilla prediction · {html.escape(prediction.model)}</p>
<h1>{html.escape(title)}</h1>
<p class="subtitle">Predicted risk of axillary lymph node metastasis</p></header>
<main>{_warning(prediction)}<p style="font-size:34px;margin:16px 0 4px"><b>{prediction.risk:.1%}</b></p>
{_risk_bar(prediction.risk, prediction.threshold)}{_verdict(prediction)}
<div class="table-wrap">{_factors(prediction)}</div>{qc}</main>
<footer>Generated by Axilla {__version__}. A research model: its output supports, and does
not replace, clinical judgement.</footer></div></body></html>
"""


def write_patient_pages(predictions, run_dir: str | Path) -> list[Path]:
    """Write ``patients/<patient>.html`` under ``run_dir`` for each prediction."""
    directory = Path(run_dir) / "patients"
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for prediction in predictions:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(prediction.patient)).strip("._") or "patient"
        path = directory / f"{stem}.html"
        path.write_text(patient_page(prediction), encoding="utf-8")
        paths.append(path)
    return paths
