"""The calculator's HTML: the entry form, and the answer or the refusal under it.

Shared with the static export: :func:`entry_inputs` (the same form, without uploads) and
:data:`CALCULATOR_CSS`. Every text from the bundle or the user is escaped.
"""
from __future__ import annotations

import base64
import html
import io

from axilla import __version__
from axilla.report.html import stylesheet
from axilla.serve.calculator import Calculation, EntryField, ModelAnswer
from axilla.serve.uploads import UPLOAD_SUFFIXES, upload_limit

CALCULATOR_CSS = """
form.entry { display: grid; grid-template-columns: max-content 16em 1fr; gap: 8px 14px;
             align-items: center; font: 14px "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
form.entry label { font-weight: 700; } form.entry .hint { color: var(--muted); font-size: 12px; }
form.entry input, form.entry select { font: inherit; padding: 3px 5px; }
form.entry button { grid-column: 2; font: inherit; font-weight: 700; padding: 6px 10px; }
.refusal { border: 2px solid #000; padding: 10px 14px; margin: 18px 0; font-weight: 700; }
.risk { font-size: 34px; margin: 16px 0 4px; }
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _hint(item: EntryField, uploads: bool) -> str:
    if item.kind == "number":
        return f"training range {item.low:g} to {item.high:g}"
    if item.kind == "score":
        checked = (f"training range {item.low:g} to {item.high:g}" if item.low is not None
                   else "not checked: this bundle has no score range (made before Axilla "
                        "stored one)")
        return f"from the study's rad-score formula; {checked}" + (
            "; leave empty when uploading the image" if uploads else "")
    return ""


def entry_inputs(fields: list[EntryField], entries: dict, uploads: bool) -> str:
    """Label, input and hint of every field (``entries``: the values typed before;
    ``uploads``: the form also takes the image, so a typed score is optional)."""
    rows = []
    for item in fields:
        typed = entries.get(item.name, "")
        ident = f"field-{_e(item.name)}"
        if item.kind == "level":
            options = "".join(f'<option value="{_e(level)}"{" selected" if level == typed else ""}>'
                              f"{_e(level)}</option>" for level in item.levels)
            control = (f'<select id="{ident}" name="{_e(item.name)}">'
                       f'<option value="">choose</option>{options}</select>')
        else:
            control = (f'<input id="{ident}" name="{_e(item.name)}" type="text" '
                       f'inputmode="decimal" autocomplete="off" value="{_e(typed)}">')
        rows.append(f'<label for="{ident}">{_e(item.label)}</label>{control}'
                    f'<span class="hint">{_e(_hint(item, uploads))}</span>')
    return "".join(rows)


def _percent(value: float) -> str:
    if value > 0.999:
        return "> 99.9%"
    return "< 0.1%" if value < 0.001 else f"{100 * value:.1f}%"


def _answer_line(answer: ModelAnswer) -> str:
    ci = answer.interval
    shown = f"{_percent(answer.risk)}"
    if ci is not None:
        shown += f" ({ci.level:.0%} CI {_percent(ci.lower)} to {_percent(ci.upper)})"
    return shown


def _points_table(calc: Calculation, labels: dict) -> str:
    if not calc.points:
        return ""
    rows = "".join(f"<tr><td>{_e(labels.get(n, n))}</td><td>{_e(_value(calc.values.get(n)))}</td>"
                   f'<td data-points="{p!r}">{p:.1f}</td></tr>' for n, p in calc.points.items())
    rows += (f'<tr><td><b>Total points</b></td><td></td><td id="total-points" '
             f'data-points="{calc.total_points!r}"><b>{calc.total_points:.1f}</b></td></tr>')
    return ('<p class="caption">Nomogram points per factor (rms scale: the factor with the '
            "widest effect spans 0 to 100).</p><table id=\"points\"><thead><tr><th>Factor</th>"
            f"<th>Value</th><th>Points</th></tr></thead><tbody>{rows}</tbody></table>")


def _value(value) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def answer_section(calc: Calculation, labels: dict) -> str:
    """The risk with its CI, the risk group at the study's threshold, points and notes."""
    main = calc.main
    ci = main.interval
    group = (f"<p id=\"group\"><b>{_e(calc.group)}-risk</b> group: the risk is "
             f"{'at or above' if calc.group == 'high' else 'below'} the study's threshold "
             f"{calc.threshold:.3f} for the {_e(main.model)} model.</p>")
    others = "".join(f"<tr><td>{_e(a.model)}</td><td>{_e(_answer_line(a))}</td></tr>"
                     for a in calc.others)
    others = (f'<p class="caption">Other models of the bundle.</p><table id="others"><thead><tr>'
              f"<th>Model</th><th>Risk</th></tr></thead><tbody>{others}</tbody></table>"
              if others else "")
    note = f'<p id="note" class="refusal">Note: {_e(calc.note)}</p>' if calc.note else ""
    interval = (f'<p id="ci" data-lower="{ci.lower!r}" data-upper="{ci.upper!r}">{ci.level:.0%} '
                f"CI {_percent(ci.lower)} to {_percent(ci.upper)} (Wald, logit scale)</p>"
                if ci is not None else '<p id="ci">No CI: this model is not a plain logistic '
                                       "fit.</p>")
    return (f'<section id="answer"><h2>Patient {_e(calc.patient)}: predicted risk of ALN '
            f'metastasis ({_e(main.model)} model)</h2><p class="risk"><output id="risk" '
            f'data-value="{main.risk!r}">{_percent(main.risk)}</output></p>{interval}{group}'
            f'{note}<div class="table-wrap">{_points_table(calc, labels)}</div>'
            f'<div class="table-wrap">{others}</div></section>')


def document(title: str, body: str, script: str = "") -> str:
    """A whole self-contained page (no external resource)."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{stylesheet()}{CALCULATOR_CSS}</style></head>
<body><div class="page">{body}
<footer>Axilla {__version__}. A research model: its output supports, and does not replace,
clinical judgement.</footer></div>{script}</body></html>
"""


def nomogram_figure(models) -> str:
    """The study's nomogram (``plot_nomogram``) as an inline PNG; empty without one."""
    if models.nomogram is None:
        return ""
    from axilla.plots import plot_nomogram

    buffer = io.BytesIO()   # in memory: the server writes no file for it
    plot_nomogram(models.nomogram).savefig(buffer, format="png", dpi=150, bbox_inches="tight",
                                           pad_inches=0.04)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<figure id="nomogram"><img src="data:image/png;base64,{data}" alt="the study\'s '
            'nomogram"><figcaption>The study\'s nomogram: each factor\'s points on the top '
            "scale, their total, and the risk under it.</figcaption></figure>")


def masthead(study: str, kind: str) -> str:
    return (f'<header class="masthead"><p class="kicker">Axilla nomogram calculator · {_e(kind)}'
            f'</p><h1>{_e(study)}</h1><p class="subtitle">Risk of axillary lymph node '
            "metastasis for one patient</p></header>")


def calculator_page(study: str, fields: list[EntryField], entries: dict,
                    calc: Calculation | None = None, refusal: str | None = None,
                    figure: str = "") -> str:
    """The server's page: the form (with uploads), then the answer or the refusal."""
    accept = ",".join(UPLOAD_SUFFIXES)
    uploads = "".join(
        f'<label for="{role}">{title}</label><input id="{role}" name="{role}" type="file" '
        f'accept="{accept}"><span class="hint">{hint}</span>'
        for role, title, hint in (
            ("image", "Image (optional)", f"{', '.join(UPLOAD_SUFFIXES)}; at most "
                                          f"{upload_limit()}"),
            ("mask", "ROI mask", "the lesion mask on the same grid")))
    labels = {f.name: f.label for f in fields}
    shown = ""
    if refusal is not None:
        shown = f'<div id="refusal" class="refusal" role="alert">{_e(refusal)}</div>'
    elif calc is not None:
        shown = answer_section(calc, labels)
    body = (f"{masthead(study, 'server')}<main><form class=\"entry\" method=\"post\" "
            'action="/predict" enctype="multipart/form-data">'
            '<label for="field-patient_id">Patient id</label><input id="field-patient_id" '
            f'name="patient_id" type="text" value="{_e(entries.get("patient_id", ""))}">'
            '<span class="hint">optional; letters, digits, . _ -</span>'
            f"{entry_inputs(fields, entries, uploads=True)}{uploads}"
            f'<button id="submit" type="submit">Calculate</button></form>{shown}{figure}</main>')
    return document(f"{study} — calculator", body)
