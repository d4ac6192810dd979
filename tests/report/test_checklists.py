"""Checklist items are filled from the sections present and from facts, the rest left open."""
from __future__ import annotations

import re

from axilla.report import fill_checklists
from axilla.report.checklists import FOR_AUTHORS, ITEMS


def _numbers(label: str) -> set[int]:
    """'12a' -> {12}; '3a-c' -> {3}; '25-27' -> {25, 26, 27}."""
    found = [int(n) for n in re.findall(r"\d+", label)]
    return set(range(found[0], found[-1] + 1))


def test_every_tripod_ai_item_1_to_27_and_rqs_1_to_16_is_listed():
    tripod = set().union(*(_numbers(i) for c, i, _, _ in ITEMS if c == "TRIPOD+AI"))
    rqs = set().union(*(_numbers(i) for c, i, _, _ in ITEMS if c == "RQS"))
    assert tripod == set(range(1, 28))
    assert rqs == set(range(1, 17))


def test_sections_present_mark_items_reported_with_a_pointer():
    table = fill_checklists({"calibration": "Calibration"})
    row = table[(table["checklist"] == "RQS") & (table["item"] == "10")].iloc[0]
    assert (row["status"], row["where"]) == ("Reported", "See: Calibration")
    row = table[(table["checklist"] == "RQS") & (table["item"] == "14")].iloc[0]
    assert (row["status"], row["where"]) == (FOR_AUTHORS, "")


def test_facts_win_over_sections():
    table = fill_checklists({"cohorts": "Cohorts"}, {"TRIPOD+AI 5a": "Two centres, 2015-2020."})
    row = table[(table["checklist"] == "TRIPOD+AI") & (table["item"] == "5a")].iloc[0]
    assert row["where"] == "Two centres, 2015-2020."


def test_nothing_given_leaves_everything_to_the_authors():
    table = fill_checklists({})
    assert (table["status"] == FOR_AUTHORS).all()
    assert len(table) == len(ITEMS)
