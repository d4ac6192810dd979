"""Table 1: patient characteristics by group, the test chosen per variable (see
``group_tests``), per cohort and across cohorts. Continuous variables are shown as
mean ± SD when Shapiro-Wilk does not reject normality in any group, else median [Q1, Q3]
(type-7 quantiles, as R); categorical ones as n (%) of the column."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.errors import StatsError
from axilla.stats.group_tests import compare_categorical, compare_continuous, looks_normal

ALL = "all"
ACROSS = "across cohorts"


def table_one(df: pd.DataFrame, group: str, variables=None, categorical=None, cohorts: str | None = None,
              digits: int = 1, yates: bool = True) -> pd.DataFrame:
    """One row per continuous variable and per level of each categorical variable, with
    columns cohort, variable, level, overall, one per group value, test, statistic, p_value;
    a variable with missing values is tested on the patients who have it, and a "missing"
    row counts the others.
    ``categorical`` lists the categorical variables (default: non-numeric columns);
    ``cohorts`` names a column: then one block per cohort and one comparing the cohorts.
    Levels are listed sorted, or in category order for a pandas Categorical column."""
    _require_columns(df, [group] + ([cohorts] if cohorts else []) + list(variables or []))
    if df[group].isna().any():
        raise StatsError(f"group column {group!r} has {int(df[group].isna().sum())} missing value(s)",
                         fix="drop or label those patients before building Table 1")
    variables = list(variables) if variables is not None else [
        c for c in df.columns if c not in (group, cohorts)]
    categorical = set(categorical) if categorical is not None else {
        c for c in variables if not pd.api.types.is_numeric_dtype(df[c])}
    if cohorts is None:
        return _block(df, group, variables, categorical, digits, yates, ALL)
    blocks = [_block(part, group, variables, categorical, digits, yates, str(name))
              for name, part in df.groupby(cohorts, sort=False)]
    blocks.append(_block(df, cohorts, variables, categorical, digits, yates, ACROSS))
    return pd.concat(blocks, ignore_index=True)


def _require_columns(df: pd.DataFrame, columns: list) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise StatsError(f"column(s) {missing} not in the table", fix=f"available columns: {list(df.columns)}")


def _block(df, group, variables, categorical, digits, yates, cohort) -> pd.DataFrame:
    levels = sorted(df[group].unique(), key=str)
    rows = [{"variable": "n", "level": "", "overall": str(len(df)),
             **{str(g): str(int((df[group] == g).sum())) for g in levels}}]
    for var in variables:
        present = df[df[var].notna()]
        if var in categorical:
            rows += _categorical_rows(present, group, var, levels, yates)
        else:
            rows.append(_continuous_row(present, group, var, levels, digits))
        if len(present) < len(df):
            missing = df[var].isna()
            rows.append({"variable": var, "level": "missing", "overall": str(int(missing.sum())),
                         **{str(g): str(int((missing & (df[group] == g)).sum())) for g in levels}})
    out = pd.DataFrame(rows)
    out.insert(0, "cohort", cohort)
    return out


def _continuous_row(df, group, var, levels, digits) -> dict:
    values = pd.to_numeric(df[var], errors="coerce")
    if values.isna().any():
        raise StatsError(f"variable {var!r} is not numeric", fix=f"list {var!r} in categorical=")
    groups = [values[df[group] == g].to_numpy(float) for g in levels]
    normal = looks_normal(groups)
    result = compare_continuous(groups, normal)
    show = _mean_sd if normal else _median_iqr
    return {"variable": var, "level": "mean ± SD" if normal else "median [IQR]",
            "overall": show(values.to_numpy(float), digits),
            **{str(g): show(x, digits) for g, x in zip(levels, groups)},
            "test": result.test, "statistic": result.statistic, "p_value": result.p_value}


def _categorical_rows(df, group, var, levels, yates) -> list[dict]:
    counts = pd.crosstab(df[var], df[group]).reindex(columns=levels, fill_value=0)
    result = compare_categorical(counts.to_numpy(), correct=yates)
    rows = []
    for i, (level, row) in enumerate(counts.iterrows()):
        total = int(row.sum())
        rows.append({"variable": var, "level": str(level), "overall": _count(total, len(df)),
                     **{str(g): _count(int(row[g]), int(counts[g].sum())) for g in levels},
                     "test": result.test if i == 0 else "",
                     "statistic": result.statistic if i == 0 else None,
                     "p_value": result.p_value if i == 0 else None})
    return rows


def describe(x) -> dict:
    """n, mean, SD (n - 1), median, Q1, Q3 (type 7), min, max -- R's summaries."""
    x = np.asarray(x, dtype=float)
    q1, median, q3 = np.quantile(x, [0.25, 0.5, 0.75])
    return {"n": x.size, "mean": x.mean(), "sd": x.std(ddof=1), "median": median, "q1": q1, "q3": q3,
            "min": x.min(), "max": x.max()}


def _number(value: float, digits: int) -> str:
    """``digits`` decimals, or ``digits + 1`` significant digits for values below 1."""
    return f"{value:.{digits}f}" if abs(value) >= 1 or value == 0 else f"{value:.{digits + 1}g}"


def _mean_sd(x: np.ndarray, digits: int) -> str:
    d = describe(x)
    return f"{_number(d['mean'], digits)} ± {_number(d['sd'], digits)}"


def _median_iqr(x: np.ndarray, digits: int) -> str:
    d = describe(x)
    return f"{_number(d['median'], digits)} [{_number(d['q1'], digits)}, {_number(d['q3'], digits)}]"


def _count(k: int, n: int) -> str:
    return f"{k} ({100 * k / n:.1f}%)" if n else "0"


SUMMARIES = ("mean ± SD", "median [IQR]")
BETWEEN = "p (between cohorts)"


def wide_table_one(long: pd.DataFrame, cohort_order=None, groups: dict | None = None,
                   labels: dict | None = None) -> pd.DataFrame:
    """The journal layout of :func:`table_one`'s per-cohort output: one row per variable
    (continuous) or level (categorical), and per cohort the group columns and the p-value
    ("Training: ALN+", "Training: ALN−", "Training: p", then the next cohort), then the
    between-cohort p-value and the tests used.

    ``cohort_order`` lists the cohorts left to right (default: as in ``long``; put training
    first); ``groups`` maps each group value as ``long`` names its column ("1", "0") to
    its heading, in column order (default: the values as they are); ``labels`` maps
    variables to human labels. A level absent from one cohort counts 0 there; a continuous
    variable summarised differently in two cohorts (one normal, one not) names both
    summaries in its level.
    """
    blocks = {name: part for name, part in long.groupby("cohort", sort=False)}
    across = blocks.pop(ACROSS, None)
    order = [str(c) for c in (cohort_order if cohort_order is not None else blocks)]
    unknown = [c for c in order if c not in blocks]
    if unknown:
        raise StatsError(f"cohort(s) {unknown} are not in Table 1",
                         fix=f"Table 1 has the cohorts {list(blocks)}")
    labels = labels or {}
    first = blocks[order[0]]
    groups = {str(k): str(v) for k, v in (groups or {}).items()} or {
        c: c for c in first.columns if first[c].notna().any() and c not in (
            "cohort", "variable", "level", "overall", "test", "statistic", "p_value")}
    rows: dict[tuple, dict] = {}
    for cohort in order:
        for r in blocks[cohort].to_dict("records"):
            row = rows.setdefault(_row_key(r), {"variable": labels.get(r["variable"], r["variable"]),
                                                "level": r["level"], "tests": []})
            if r["level"] in SUMMARIES and r["level"] not in row["level"]:
                row["level"] = f"{row['level']} / {r['level']}"
            row |= {f"{cohort}: {heading}": r.get(value) for value, heading in groups.items()}
            row[f"{cohort}: p"] = r.get("p_value")
            if isinstance(r.get("test"), str) and r["test"]:
                row["tests"].append((cohort, r["test"]))
    if across is not None:
        for r in across.to_dict("records"):
            if _row_key(r) in rows and r["variable"] != "n":
                rows[_row_key(r)][BETWEEN] = r.get("p_value")
    counts = [f"{c}: {h}" for c in order for h in groups.values()]
    columns = ["variable", "level"] + [f"{c}: {h}" for c in order for h in (*groups.values(), "p")]
    columns += [BETWEEN] if across is not None else []
    variables = list(dict.fromkeys(key[0] for key in rows))   # "missing" rows after the levels
    keys = sorted(rows, key=lambda k: (variables.index(k[0]), k[1] == "missing"))
    table = pd.DataFrame([{**rows[k], "test": _tests(rows[k].pop("tests"))} for k in keys])
    table = table.reindex(columns=columns + ["test"])
    for column in counts:   # a level or a "missing" row absent from a cohort: none there
        table[column] = table[column].astype(object)
        absent = table[column].isna()
        table.loc[absent & (table["level"] == "missing"), column] = "0"
        table.loc[absent & ~table["level"].isin(("missing", *SUMMARIES)), column] = "0 (0.0%)"
    return table


def _tests(tests: list[tuple[str, str]]) -> str:
    """The test of a variable: its name when every cohort used the same, else per cohort."""
    if len({name for _, name in tests}) <= 1:
        return tests[0][1] if tests else ""
    return "; ".join(f"{cohort}: {name}" for cohort, name in tests)


def _row_key(r: dict) -> tuple:
    """A continuous variable is one row whatever its summary; a level is one row."""
    return (r["variable"], "" if r["level"] in SUMMARIES else r["level"])
