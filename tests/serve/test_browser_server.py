"""`axilla serve` in a real process, driven by headless Chromium: typed values and uploaded
files give ``predict``'s risk; bad input shows the message; nothing is left outside or
inside the work folder."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from axilla.study.predict import predict_patients
from tests.report.test_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no browser: /usr/bin/chromium "
                                "is absent (apt-get install chromium)")
pytest.importorskip("fastapi", reason="the serve extra is not installed")
SAME = 1e-12           # the page shows predict's own number (repr round trip)
START_TIMEOUT_S = 120  # start-up imports numba; a busy 2-core machine is slow
AUDITED = Path(__file__).with_name("audited_serve.py")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(serve_study, tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    work, writes = folder / "work", folder / "writes_outside.log"
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, str(AUDITED), str(writes), str(work), "--", "serve", "--bundle",
         str(serve_study.bundle), "--port", str(port), "--workdir", str(work)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                assert answer.status == 200
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"axilla serve did not start: {process.communicate()[0]}")
            time.sleep(0.5)
    yield url, work, writes
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        yield page
        browser.close()


def test_typed_values_and_uploads_give_predicts_risk(server, page, serve_study, tmp_path):
    url, work, writes = server
    pid, image, mask, row = serve_study.case(1)
    page.goto(url)
    before = writes.read_text()
    page.fill("#field-patient_id", pid)
    page.fill("#field-size_mm", f"{row['size_mm']:g}")
    page.select_option("#field-mri_ln_status", str(row["mri_ln_status"]))
    page.set_input_files("#image", str(image))
    page.set_input_files("#mask", str(mask))
    page.click("#submit")
    page.wait_for_selector("#risk", timeout=60_000)
    shown = float(page.get_attribute("#risk", "data-value"))
    csv = tmp_path / "row.csv"
    pd.DataFrame([{"patient_id": pid, "size_mm": f"{row['size_mm']:g}",
                   "mri_ln_status": row["mri_ln_status"]}]).to_csv(csv, index=False)
    expected = predict_patients(serve_study.bundle, image=image, mask=mask, clinical=csv,
                                patient_id=pid, pages=False).loc[pid]
    assert shown == pytest.approx(expected["combined"], abs=SAME, rel=0)
    assert f"{expected['risk_group']}-risk" in page.inner_text("#group")
    assert "95% CI" in page.inner_text("#ci")
    shot = tmp_path / "calculator.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 30_000   # a drawn page, not a blank one (blank: ~5 kB)
    assert list((work / "requests").iterdir()) == []
    # while it answered, the server wrote nothing outside its work folder
    assert writes.read_text()[len(before):] == ""


def _refusal(server, page, size_mm: str, radscore: str) -> str:
    """The refusal the page shows for one entry (and no risk beside it)."""
    url, _, _ = server
    page.goto(url)
    page.fill("#field-size_mm", size_mm)
    page.select_option("#field-mri_ln_status", "1")
    page.fill("#field-radscore", radscore)
    page.click("#submit")
    page.wait_for_selector("#refusal")
    assert page.query_selector("#risk") is None
    return page.inner_text("#refusal")


def test_text_in_a_number_field_shows_the_message_and_no_risk(server, page):
    assert "'size_mm' = 'twelve' is not a number" in _refusal(server, page, "twelve", "0.2")


def test_rad_score_typed_without_its_decimal_point_is_refused(server, page):
    """42 typed for 0.42: the training rad-scores run from -1.66 to 0.17."""
    shown = _refusal(server, page, "20", "42")
    assert shown.startswith("Rad-score = 42 is far outside the training range [-1.66117, 0.173174]")
    assert "check the decimal point / the score's units" in shown
