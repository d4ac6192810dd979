"""``axilla selftest`` and the IBSI comparison rule it applies (shared IBSI README,
"How tests should compare")."""
from __future__ import annotations

import pytest

from axilla import cli
from axilla.features.ibsi import compliance, selftest
from axilla.features.ibsi.compliance import matches_reference


@pytest.mark.parametrize("value, reference, tolerance, expected", [
    (556.3, 556, 4, True),          # 556 is within 4 of 556
    (561.0, 556, 4, False),         # 561 is 5 away
    (0.03224, 0.0322, 0, True),     # rounds to 0.0322
    (0.03226, 0.0322, 0, False),    # rounds to 0.0323
    (4.8149e6, 4.81e6, 3.2e5, True),
    (-0.1574, -0.157, 0, True),
    (3065.0, 3065, 0, True),        # a 4-digit diagnostic reference is compared unrounded
    (3064.6, 3065, 0, False),
    (float("nan"), 1.0, 10.0, False),
])
def test_comparison_rule(value, reference, tolerance, expected):
    assert matches_reference(value, reference, tolerance) is expected


def test_significant_digits_as_printed():
    assert [compliance.significant_digits(v) for v in (3065, 125256, 0.0322, 4.81e6, 100, 6.98e-5)] \
        == [4, 6, 3, 3, 1, 3]


def test_selftest_passes_on_the_shipped_phantom(capsys):
    cli.main(["selftest", "--failures-only"])  # returns normally: exit status 0
    out = capsys.readouterr().out
    assert "IBSI digital phantom: 482 of 482 features within tolerance, 0 failed" in out


def test_selftest_fails_with_exit_code_1_and_names_the_tag(monkeypatch, capsys):
    image, mask, reference = selftest.load_phantom()
    wrong = [dict(r, value=r["value"] + 100) if r["tag"] == "morph_volume" else r for r in reference]
    monkeypatch.setattr(selftest, "load_phantom", lambda: (image, mask, wrong))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["selftest", "--failures-only"])
    out = capsys.readouterr().out
    assert exit_.value.code == 1
    assert "FAIL    morph_volume" in out and "481 of 482" in out
