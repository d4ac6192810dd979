"""The report opened in a real headless browser (Debian chromium via Playwright)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from axilla.report.html import CHECKLISTS
from axilla.report.sections import SECTIONS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "report-top.png"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="no browser: /usr/bin/chromium is absent "
                                       "(apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _open(browser, path, viewport=None):
    """A page with ``path`` loaded; its console messages and requests recorded."""
    page = browser.new_page(viewport=viewport or {"width": 1100, "height": 1300})
    messages, requests = [], []
    page.on("console", lambda m: messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: messages.append(("pageerror", str(e))))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    page.console_messages, page.requests = messages, requests
    return page


@pytest.fixture(scope="module")
def page(browser, built_report):
    path, _ = built_report
    return _open(browser, path)


def test_no_console_errors(page):
    errors = [m for m in page.console_messages if m[0] in ("error", "pageerror")]
    assert errors == []


def test_no_request_leaves_the_file(page):
    assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []


def test_every_image_loaded(page, built_report):
    widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    _, run_dir = built_report
    assert len(widths) == len(list((run_dir / "figures").glob("*.png"))) == 12
    assert all(w > 0 for w in widths)


def test_every_section_heading_present(page):
    headings = page.eval_on_selector_all("section > h2", "hs => hs.map(h => h.textContent)")
    expected = [title for _, title, _ in SECTIONS] + [CHECKLISTS[1]]
    assert [h.split(".", 1)[1] for h in headings] == expected
    toc = page.eval_on_selector_all("nav.toc a", "as => as.map(a => a.textContent)")
    assert toc == expected


def test_screenshot_of_the_top(page, tmp_path):
    """Writes docs/report-top.png when AXILLA_UPDATE_SCREENSHOT is set; always checks it renders."""
    target = SCREENSHOT if os.environ.get("AXILLA_UPDATE_SCREENSHOT") else tmp_path / "top.png"
    page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": 1100, "height": 1300})
    assert target.stat().st_size > 10_000


def test_patient_page_opens_cleanly(browser, synthetic_inputs, tmp_path):
    from axilla.report import PatientPrediction, write_patient_pages

    (path,) = write_patient_pages([PatientPrediction(
        "P017", 0.62, "Nomogram", 0.41, {"Grade": "III"}, {"Grade": 31.0}, 31.0,
        synthetic_inputs.qc_cases[0])], tmp_path)
    page = _open(browser, path, {"width": 900, "height": 900})
    widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
    bar_width = page.eval_on_selector("svg.riskbar", "s => s.getBoundingClientRect().width")
    assert [m for m in page.console_messages if m[0] in ("error", "pageerror")] == []
    assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []
    assert len(widths) == 1 and widths[0] > 0 and bar_width > 500
