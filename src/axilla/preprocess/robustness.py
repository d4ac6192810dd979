"""Reproducibility of features and masks: ICC, Dice and mask perturbations.

ICC forms follow Shrout & Fleiss (1979) and McGraw & Wong (1996), with the confidence
intervals of McGraw & Wong as R ``irr::icc`` / ``psych::ICC`` and pingouin compute them:
``ICC(1,1)`` one-way random, ``ICC(2,1)`` two-way random absolute agreement
(pingouin ``ICC(A,1)``), ``ICC(3,1)`` two-way mixed consistency (pingouin ``ICC(C,1)``),
and their ``k``-rater averages. Mask perturbations follow Zwanenburg et al. (2019),
Sci Rep 9:614 (erosion/dilation, translation, contour randomisation).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import SimpleITK as sitk
from scipy import stats
from scipy.ndimage import gaussian_filter

from axilla.errors import InputError, SettingsError, StatsError

ICC_KINDS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")
_ALIASES = {"ICC(A,1)": "ICC(2,1)", "ICC(C,1)": "ICC(3,1)",
            "ICC(A,k)": "ICC(2,k)", "ICC(C,k)": "ICC(3,k)"}


@dataclass(frozen=True)
class IccResult:
    """One ICC with its F test and 95% (or ``1 - alpha``) confidence interval."""

    kind: str
    icc: float
    f: float
    df1: int
    df2: int
    pvalue: float
    ci_low: float
    ci_high: float


def _kind(kind: str) -> str:
    kind = _ALIASES.get(kind, kind)
    if kind not in ICC_KINDS:
        raise SettingsError(f"unknown ICC kind '{kind}'",
                            fix=f"use one of {', '.join(ICC_KINDS)} (or ICC(A,1), ICC(C,1))")
    return kind


def _mean_squares(ratings: np.ndarray) -> tuple[float, float, float, float]:
    """Two-way ANOVA mean squares: targets (MSR), raters (MSC), error (MSE), within (MSW)."""
    n, k = ratings.shape
    grand = ratings.mean()
    ss_rows = k * ((ratings.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((ratings.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((ratings - grand) ** 2).sum()
    ss_error = ss_total - ss_rows - ss_cols
    return (ss_rows / (n - 1), ss_cols / (k - 1), ss_error / ((n - 1) * (k - 1)),
            (ss_total - ss_rows) / (n * (k - 1)))


def icc(ratings, kind: str = "ICC(2,1)", alpha: float = 0.05) -> IccResult:
    """ICC of an ``n targets x k raters`` table (McGraw & Wong 1996, Table 4 and 7).

    Raises StatsError when the table has missing values, fewer than two targets or
    raters, or no variance at all (the ICC is 0/0 there).
    """
    kind = _kind(kind)
    table = np.asarray(ratings, dtype=float)
    if table.ndim != 2 or table.shape[0] < 2 or table.shape[1] < 2:
        raise StatsError(f"ICC needs a targets x raters table with at least 2 of each, "
                         f"got shape {table.shape}", fix="pass one row per case, one column per reader")
    if not np.isfinite(table).all():
        raise StatsError("ICC table holds missing or infinite values",
                         fix="drop the cases that a reader did not rate")
    n, k = table.shape
    msr, msc, mse, msw = _mean_squares(table)
    if msr + msw == 0:
        raise StatsError("ICC is undefined: every rating is the same value",
                         fix="drop constant features before the ICC")
    upper_q = 1 - alpha / 2
    if kind.startswith("ICC(1"):
        f_value, df2 = msr / msw, n * (k - 1)
        single = (msr - msw) / (msr + (k - 1) * msw)
        average = (msr - msw) / msr
    else:
        f_value, df2 = msr / mse, (n - 1) * (k - 1)
        if kind.startswith("ICC(3"):
            single = (msr - mse) / (msr + (k - 1) * mse)
            average = (msr - mse) / msr
        else:
            single = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
            average = (msr - mse) / (msr + (msc - mse) / n)
    df1 = n - 1
    pvalue = float(stats.f.sf(f_value, df1, df2))
    if kind.startswith("ICC(2"):
        low, high = _icc2_interval(single, msr, msc, mse, n, k, upper_q)
    else:
        f_low = f_value / stats.f.ppf(upper_q, df1, df2)
        f_high = f_value * stats.f.ppf(upper_q, df2, df1)
        low, high = ((f_low - 1) / (f_low + k - 1), (f_high - 1) / (f_high + k - 1))
    if kind.endswith("k)"):
        value = average
        low, high = (k * low / (1 + (k - 1) * low), k * high / (1 + (k - 1) * high))
    else:
        value = single
    return IccResult(kind, float(value), float(f_value), df1, df2, pvalue, float(low), float(high))


def _icc2_interval(icc2, msr, msc, mse, n, k, upper_q):
    """Satterthwaite interval of ICC(2,1) (McGraw & Wong 1996, Table 7, case 2A)."""
    a = k * icc2 / (n * (1 - icc2))
    b = 1 + k * icc2 * (n - 1) / (n * (1 - icc2))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1)))
    f_low = stats.f.ppf(upper_q, n - 1, v)
    f_high = stats.f.ppf(upper_q, v, n - 1)
    low = n * (msr - f_low * mse) / (f_low * (k * msc + (k * n - k - n) * mse) + n * msr)
    high = n * (f_high * msr - mse) / (k * msc + (k * n - k - n) * mse + n * f_high * msr)
    return low, high


def feature_icc_table(readings: Sequence[pd.DataFrame], kind: str = "ICC(2,1)",
                      alpha: float = 0.05) -> pd.DataFrame:
    """ICC of every feature across readers (or perturbed masks).

    ``readings`` holds one table per reader: rows are cases (the index), columns
    features. Cases and features common to all tables are used. Returns one row per
    feature with ``icc``, ``ci_low``, ``ci_high``, ``f``, ``pvalue`` and ``reason``
    (empty, or why the ICC is undefined, e.g. a constant feature; its numbers are NaN).
    """
    kind = _kind(kind)
    if len(readings) < 2:
        raise InputError(f"feature ICC needs at least two readings, got {len(readings)}",
                         fix="pass one feature table per reader or perturbed mask")
    cases = readings[0].index
    features = readings[0].columns
    for table in readings[1:]:
        cases = cases.intersection(table.index)
        features = features.intersection(table.columns)
    if len(cases) < 2 or len(features) == 0:
        raise InputError(f"the readings share {len(cases)} cases and {len(features)} features",
                         fix="index every table by case id and use the same feature names")
    stacked = np.stack([t.loc[cases, features].to_numpy(dtype=float) for t in readings], axis=2)
    rows = []
    for j, name in enumerate(features):
        try:
            r = icc(stacked[:, j, :], kind, alpha)
            rows.append((name, r.icc, r.ci_low, r.ci_high, r.f, r.pvalue, ""))
        except StatsError as exc:
            rows.append((name, np.nan, np.nan, np.nan, np.nan, np.nan, exc.message))
    return pd.DataFrame(rows, columns=["feature", "icc", "ci_low", "ci_high", "f", "pvalue",
                                       "reason"]).set_index("feature")


def dice(a: sitk.Image, b: sitk.Image) -> float:
    """Dice similarity 2|A∩B| / (|A| + |B|) of two masks on one grid (non-zero = inside)."""
    x = sitk.GetArrayViewFromImage(a) != 0
    y = sitk.GetArrayViewFromImage(b) != 0
    if x.shape != y.shape:
        raise InputError(f"masks differ in size {a.GetSize()} vs {b.GetSize()}",
                         fix="resample one mask onto the other's grid first")
    total = int(x.sum() + y.sum())
    if total == 0:
        raise StatsError("Dice is undefined for two empty masks", fix="check both masks")
    return 2.0 * int(np.logical_and(x, y).sum()) / total


def _binary(mask: sitk.Image) -> sitk.Image:
    return sitk.Cast(mask != 0, sitk.sitkUInt8)


def erode_mask(mask: sitk.Image, voxels: int = 1) -> sitk.Image:
    """Erode by ``voxels`` with a ball structuring element (Zwanenburg 2019, 'erosion')."""
    return sitk.BinaryErode(_binary(mask), [voxels] * mask.GetDimension(), sitk.sitkBall)


def dilate_mask(mask: sitk.Image, voxels: int = 1) -> sitk.Image:
    """Dilate by ``voxels`` with a ball structuring element (Zwanenburg 2019, 'dilation')."""
    return sitk.BinaryDilate(_binary(mask), [voxels] * mask.GetDimension(), sitk.sitkBall)


def translate_mask(mask: sitk.Image, shift_mm: Sequence[float]) -> sitk.Image:
    """Shift the mask by ``shift_mm`` (physical x, y, z) on its own grid.

    Linear interpolation of the binary mask, then a 0.5 partial-volume threshold
    (IBSI reference manual, section 2.4.3), so sub-voxel shifts are allowed.
    """
    if len(shift_mm) != mask.GetDimension():
        raise SettingsError(f"shift_mm has {len(shift_mm)} values for a "
                            f"{mask.GetDimension()}-D mask", fix="give one shift per axis")
    transform = sitk.TranslationTransform(mask.GetDimension(), [float(s) for s in shift_mm])
    moved = sitk.Resample(sitk.Cast(_binary(mask), sitk.sitkFloat32), mask,
                          transform.GetInverse(), sitk.sitkLinear, 0.0)
    return sitk.Cast(moved >= 0.5, sitk.sitkUInt8)


def randomise_contour(mask: sitk.Image, amplitude_mm: float = 1.0, smoothness_mm: float = 2.0,
                      *, random_state: int) -> sitk.Image:
    """Move the contour by a smooth random field (contour randomisation, Zwanenburg 2019).

    The signed distance to the contour (mm) is offset by Gaussian noise smoothed with
    a ``smoothness_mm`` kernel and scaled to ``amplitude_mm`` standard deviation; the new
    mask is where the offset distance is negative.
    """
    if amplitude_mm <= 0 or smoothness_mm <= 0:
        raise SettingsError("amplitude_mm and smoothness_mm must be positive",
                            fix="use e.g. amplitude_mm=1, smoothness_mm=2")
    distance = sitk.GetArrayFromImage(sitk.SignedMaurerDistanceMap(
        _binary(mask), insideIsPositive=False, squaredDistance=False, useImageSpacing=True))
    rng = np.random.default_rng(random_state)
    sigma_voxels = [smoothness_mm / s for s in reversed(mask.GetSpacing())]
    noise = gaussian_filter(rng.standard_normal(distance.shape), sigma_voxels)
    noise *= amplitude_mm / noise.std()
    out = sitk.GetImageFromArray((distance + noise < 0).astype(np.uint8))
    out.CopyInformation(mask)
    return out


def perturbed_masks(mask: sitk.Image, *, random_state: int, n_random: int = 2,
                    shift_mm: float | None = None) -> dict[str, sitk.Image]:
    """The standard set of perturbations, keyed by name.

    ``erode1``, ``dilate1``, a one-voxel translation along each axis (or ``shift_mm``),
    and ``n_random`` contour randomisations seeded from ``random_state``.
    """
    out = {"erode1": erode_mask(mask, 1), "dilate1": dilate_mask(mask, 1)}
    for axis, name in enumerate("xyz"[:mask.GetDimension()]):
        shift = [0.0] * mask.GetDimension()
        shift[axis] = shift_mm if shift_mm is not None else mask.GetSpacing()[axis]
        out[f"shift_{name}"] = translate_mask(mask, shift)
    seeds = np.random.SeedSequence(random_state).spawn(n_random)
    for i, seq in enumerate(seeds):
        out[f"random{i + 1}"] = randomise_contour(
            mask, random_state=int(seq.generate_state(1)[0]))
    return out
