"""`axilla serve --export calculator.html`: one file, no network, and in Chromium the page's
risk, CI, group, points and notes equal the Python calculator's for typed rows, and so do
its refusals (a typed rad-score far outside the training scores among them); a bundle
without the training scores' range gives a page that does not check the score."""
from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest

from axilla.cli import main
from axilla.errors import InputError
from axilla.serve import calculate
from axilla.serve.calculator import EntryRefused
from axilla.serve.static_export import calculator_html
from axilla.study.bundle_export import load_models
from tests.report.test_browser import ARGS, CHROMIUM

AGREE = 1e-9   # the page's double arithmetic against numpy's: a few ulps, asked of the issue


@pytest.fixture(scope="module")
def exported(serve_study, tmp_path_factory):
    path = tmp_path_factory.mktemp("static") / "calculator.html"
    main(["serve", "--bundle", str(serve_study.bundle), "--export", str(path)])
    assert path.exists()
    return path


@pytest.fixture(scope="module")
def old_exported(old_bundle, tmp_path_factory):
    """The static page of the bundle without ``score_ranges``."""
    path = tmp_path_factory.mktemp("static_old") / "calculator.html"
    main(["serve", "--bundle", str(old_bundle), "--export", str(path)])
    return path


@pytest.fixture(scope="module")
def page(exported):
    if not CHROMIUM.exists():
        pytest.skip("no browser: /usr/bin/chromium is absent (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.messages, page.requests = [], []
        page.on("console", lambda m: page.messages.append((m.type, m.text)))
        page.on("pageerror", lambda e: page.messages.append(("pageerror", str(e))))
        page.on("request", lambda r: page.requests.append(r.url))
        page.goto(exported.as_uri(), wait_until="load")
        yield page
        browser.close()


# across the training rad-scores (-1.66 to 0.17), then just outside them (0.4: 3.2 SD above
# their mean, a note) and far outside (-3.8: 6.6 SD below, a refusal)
TYPED_RADSCORES = ("-1.3", "-0.25", "0.1", "0.4")
FAR_RADSCORES = ("42", "-3.8")


def _typed_rows(serve_study) -> list[dict]:
    """Validation patients' clinical values as a clinician types them, with typed rad-scores."""
    clinical = pd.read_csv(serve_study.cohort / "clinical.csv", dtype={"patient_id": str})
    rows = clinical[clinical["cohort"] != "training"].head(len(TYPED_RADSCORES))
    return [{"size_mm": f"{r.size_mm:g}", "mri_ln_status": str(r.mri_ln_status), "radscore": score}
            for r, score in zip(rows.itertuples(), TYPED_RADSCORES)]


def _type(page, entries: dict) -> None:
    for name, text in entries.items():
        if name == "mri_ln_status" and text:
            page.select_option(f"#field-{name}", text)
        elif name == "mri_ln_status":
            page.select_option(f"#field-{name}", "")
        else:
            page.fill(f"#field-{name}", text)
    page.click("#calculate")


def test_file_references_no_external_url(exported):
    text = re.sub(r'"data:[^"]*"', '""', exported.read_text(encoding="utf-8"))
    assert re.findall(r"[a-z]+://", text) == []
    assert re.findall(r'(?:src|href|action)="[^"]+"', text) == []
    assert re.findall(r"url\(|@import|fetch\(|XMLHttpRequest|WebSocket", text) == []


def test_page_risk_ci_group_and_points_equal_python(page, serve_study, tmp_path):
    models = load_models(serve_study.bundle)
    rows, notes = _typed_rows(serve_study), []
    assert len(rows) == len(TYPED_RADSCORES)
    for entries in rows:
        _type(page, entries)
        python = calculate(serve_study.bundle, models, entries, tmp_path)
        assert float(page.get_attribute("#risk", "data-value")) == pytest.approx(
            python.main.risk, rel=AGREE, abs=0)
        assert float(page.get_attribute("#ci", "data-lower")) == pytest.approx(
            python.main.interval.lower, rel=AGREE, abs=0)
        assert float(page.get_attribute("#ci", "data-upper")) == pytest.approx(
            python.main.interval.upper, rel=AGREE, abs=0)
        assert f"{python.group}-risk" in page.inner_text("#group")
        shown = [float(v) for v in page.eval_on_selector_all(
            "#points td[data-points]", "cells => cells.map(c => c.dataset.points)")]
        assert shown == pytest.approx([*python.points.values(), python.total_points], abs=AGREE)
        notes.append(python.note)
        note = page.query_selector("#note")
        assert (note.inner_text() if note else "") == (f"Note: {python.note}" if python.note
                                                       else "")
    assert [bool(n) for n in notes] == [False, False, False, True]
    assert [m for m in page.messages if m[0] in ("error", "pageerror")] == []
    assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []


@pytest.mark.parametrize("changes", [{"size_mm": "99"}, {"size_mm": ""}, {"size_mm": "abc"},
                                     {"size_mm": "2.5"}, {"mri_ln_status": ""}])
def test_unusable_values_get_pythons_note_and_no_risk(page, serve_study, tmp_path, changes):
    entries = _typed_rows(serve_study)[0] | changes
    _type(page, entries)
    with pytest.raises(EntryRefused) as refused:
        calculate(serve_study.bundle, load_models(serve_study.bundle), entries, tmp_path)
    shown = page.inner_text("#refusal")
    assert shown and shown in str(refused.value)
    assert page.query_selector("#risk") is None


@pytest.mark.parametrize("radscore", FAR_RADSCORES)
def test_score_far_outside_training_is_refused_as_in_python(page, serve_study, tmp_path,
                                                            radscore):
    entries = _typed_rows(serve_study)[0] | {"radscore": radscore}
    _type(page, entries)
    with pytest.raises(EntryRefused) as refused:
        calculate(serve_study.bundle, load_models(serve_study.bundle), entries, tmp_path)
    assert f"Rad-score = {radscore} is far outside the training range" in str(refused.value)
    assert page.inner_text("#refusal") == str(refused.value)
    assert page.query_selector("#risk") is None


def test_page_of_a_bundle_without_score_ranges_does_not_check_the_score(
        page, old_exported, old_bundle, serve_study, tmp_path):
    old = page.context.browser.new_page()
    old.goto(old_exported.as_uri(), wait_until="load")
    assert "not checked: this bundle has no score range" in old.inner_text("form")
    entries = _typed_rows(serve_study)[0] | {"radscore": "42"}
    _type(old, entries)
    python = calculate(old_bundle, load_models(old_bundle), entries, tmp_path)
    assert float(old.get_attribute("#risk", "data-value")) == pytest.approx(
        python.main.risk, rel=AGREE, abs=0)
    assert old.query_selector("#refusal") is None and old.query_selector("#note") is None
    old.close()


def test_bundle_without_combined_model_is_refused(serve_study):
    models = load_models(serve_study.bundle)
    with pytest.raises(InputError, match="no combined model"):
        calculator_html(replace(models, combined=None, nomogram=None))
