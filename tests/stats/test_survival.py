"""Kaplan-Meier, log-rank, Cox and concordance against R survival 3.5.3 (survival.json)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla.errors import StatsError
from axilla.stats import cox, cox_zph, kaplan_meier, logrank
from tests.stats._reference import close, data, datasets_with, spec, topic

DATASETS = datasets_with("survival")
KM_COLUMNS = ("n_risk", "n_event", "surv", "std_err", "std_err_log_surv", "lower", "upper")


def _time_event(name):
    s = spec(name)["survival"]
    d = data(name)
    return d[s["time"]].to_numpy(), d[s["event"]].to_numpy()


def _covariates(name) -> pd.DataFrame:
    """R's model matrix of cox_rhs without intercept (treatment contrasts, glm names)."""
    d, factors = data(name), spec(name)["factors"]
    columns = {}
    for term in (t.strip() for t in spec(name)["survival"]["cox_rhs"].split("+")):
        if term in factors:
            columns.update({f"{term}{lv}": (d[term] == lv).astype(float) for lv in factors[term][1:]})
        else:
            columns[term] = d[term].astype(float)
    return pd.DataFrame(columns)


def _strata_name(var, value) -> str:
    return f"{var}={value}"


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("conf_type", ["log", "log-log"])
def test_km_at_given_times(name, conf_type):
    t, e = _time_event(name)
    r = topic(name, "survival")["km_overall" if conf_type == "log" else "km_overall_loglog"]
    got = kaplan_meier(t, e, times=spec(name)["survival"]["times"], conf_type=conf_type).at
    for col in KM_COLUMNS:
        close(got[col], r[col])


@pytest.mark.parametrize("name", DATASETS)
def test_km_at_every_event_time_and_median(name):
    t, e = _time_event(name)
    r = topic(name, "survival")
    km = kaplan_meier(t, e)
    every = r["km_overall_all_event_times"]
    for col in ("time", "n_risk", "n_event", "surv", "std_err", "lower", "upper"):
        close(km.table[col], every[col])   # NaN where S = 0, as R
    s, ref = km.summary.iloc[0], r["km_overall_table"]
    close([s["n"], s["events"], s["median"], s["median_lower"], s["median_upper"], s["rmean"], s["se_rmean"]],
          [ref["records"], ref["events"], ref["median"], ref["0.95LCL"], ref["0.95UCL"], ref["rmean"], ref["se(rmean)"]])


@pytest.mark.parametrize("name", DATASETS)
def test_km_and_logrank_by_group(name):
    t, e = _time_event(name)
    for var, r in topic(name, "survival")["by_group"].items():
        group = data(name)[var].to_numpy()
        km = kaplan_meier(t, e, group=group, times=spec(name)["survival"]["times"])
        at = km.at.assign(strata=[_strata_name(var, g) for g in km.at["strata"]]).set_index("strata")
        summary = km.summary.assign(strata=[_strata_name(var, g) for g in km.summary["strata"]]).set_index("strata")
        for stratum in r["km_table"]["strata"]:
            rows = [i for i, s in enumerate(r["km"]["strata"]) if s == stratum]
            for col in KM_COLUMNS:
                close(at.loc[stratum, col], [r["km"][col][i] for i in rows])
        table = r["km_table"]
        for col, key in (("n", "records"), ("events", "events"), ("median", "median"), ("median_lower", "0.95LCL"),
                         ("median_upper", "0.95UCL"), ("rmean", "rmean"), ("se_rmean", "se(rmean)")):
            close(summary.loc[table["strata"], col].to_numpy(float), table[key])
        test, ref = logrank(t, e, group), r["logrank"]
        close([test.statistic, test.df, test.p_value], [ref["chisq"], ref["df"], ref["p_value"]])
        by = test.table.assign(group=[_strata_name(var, g) for g in test.table["group"]]).set_index("group")
        close(by.loc[ref["strata"], "observed"], ref["observed"])
        close(by.loc[ref["strata"], "expected"], ref["expected"])


@pytest.mark.parametrize("name", DATASETS)
def test_cox_efron_matches_coxph(name):
    t, e = _time_event(name)
    r = topic(name, "survival")["cox_efron"]
    fit = cox(t, e, _covariates(name))
    assert list(fit.table["term"]) == r["term"]
    for col, key in (("coef", "coef"), ("hr", "hr"), ("se", "se"), ("z", "z"), ("p_value", "p_value"),
                     ("hr_lower", "hr_lower95"), ("hr_upper", "hr_upper95")):
        close(fit.table[col], r[key])
    close(fit.loglik, r["loglik"])
    for got, ref in ((fit.lr_test, r["lr_test"]), (fit.wald_test, r["wald_test"]), (fit.score_test, r["score_test"])):
        close(got, [ref["test"], ref["df"], ref["pvalue"]])
    c = r["concordance"]["value"]
    got = fit.concordance
    assert (got.concordant, got.discordant, got.tied_risk, got.tied_time) == (
        c["concordant"], c["discordant"], c["tied.x"], c["tied.y"])
    close([got.value, got.std], [c["concordance"], r["concordance"]["std"]])
    close(got.value, topic(name, "survival")["harrell_c_hmisc"]["C Index"])  # Hmisc rcorr.cens agrees


@pytest.mark.parametrize("name", DATASETS)
def test_cox_breslow_matches_coxph(name):
    t, e = _time_event(name)
    r = topic(name, "survival")["cox_breslow"]
    fit = cox(t, e, _covariates(name), ties="breslow")
    for col in ("coef", "se", "p_value"):
        close(fit.table[col], r[col])
    close(fit.loglik, r["loglik"])


@pytest.mark.parametrize("name", DATASETS)
def test_cox_zph_matches_survival(name):
    t, e = _time_event(name)
    factors = spec(name)["factors"]
    terms = {}
    for term in (x.strip() for x in spec(name)["survival"]["cox_rhs"].split("+")):
        terms[term] = [f"{term}{lv}" for lv in factors[term][1:]] if term in factors else [term]
    r = topic(name, "survival")["cox_zph"]
    got = cox_zph(t, e, _covariates(name), terms)
    assert list(got["term"]) == r["term"]
    close(got["chisq"], r["chisq"])
    close(got["df"], r["df"])
    close(got["p"], r["p"])


def test_no_events_is_an_error():
    with pytest.raises(StatsError, match="no events"):
        kaplan_meier(np.arange(1.0, 13.0), np.zeros(12))
