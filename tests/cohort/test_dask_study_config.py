"""The study YAML names where cases run as ``execution: {workers, scheduler}`` (the
spelling of docs/dask.md); ``extraction.workers`` / ``extraction.scheduler`` still work,
but not both places at once."""
from __future__ import annotations

from axilla.study.config import parse_study

DATA = {"manifest": "manifest.csv", "clinical": "clinical.csv"}


def test_execution_names_the_dask_scheduler():
    config, problems = parse_study({"name": "s", "data": DATA,
                                    "execution": {"scheduler": "tcp://10.0.0.5:8786"}})
    assert problems == []
    assert (config.runs_on.scheduler, config.runs_on.workers) == ("tcp://10.0.0.5:8786", 1)


def test_without_execution_the_extraction_keys_say_where_cases_run():
    config, problems = parse_study({"name": "s", "data": DATA, "extraction": {"workers": 3}})
    assert problems == [] and config.execution is None
    assert (config.runs_on.scheduler, config.runs_on.workers) == (None, 3)


def test_workers_in_both_places_are_refused():
    config, problems = parse_study({"name": "s", "data": DATA, "execution": {"workers": 2},
                                    "extraction": {"scheduler": "tcp://10.0.0.5:8786"}})
    assert config is None
    (problem,) = problems
    assert ("workers and scheduler are set both under execution and under extraction; "
            "keep them under execution only") in problem.message


def test_a_misspelt_execution_key_gets_a_did_you_mean():
    _, problems = parse_study({"name": "s", "data": DATA,
                               "execution": {"schedular": "tcp://10.0.0.5:8786"}})
    (problem,) = problems
    assert problem.where == "study: execution.schedular" and problem.message == "unknown key"
    assert problem.fix == "did you mean 'scheduler'?"
