"""Dynamic contrast-enhanced MRI: phase selection, subtraction and kinetic maps.

Phases come as a 4D image (x, y, z, t) or a list of 3D images on one grid, with
acquisition times in seconds. Kinetic maps, per voxel, with S0 the pre-contrast phase:

- ``wash_in``: (S_peak - S0) / (t_peak - t0), signal per second up to the peak;
- ``wash_out``: (S_peak - S_last) / (t_last - t_peak), positive when the signal falls
  after the peak, 0 where the peak is the last phase;
- ``time_to_peak``: t_peak - t0 (seconds);
- ``ser``: signal enhancement ratio (S_early - S0) / (S_late - S0) (Hylton et al. 2012,
  Radiology 263:663), 0 where S_late <= S0 (no late enhancement, ratio undefined);
- ``initial_enhancement``: 100 (S_early - S0) / S0 percent, 0 where S0 <= 0.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError, SettingsError
from axilla.io.masks import geometry_mismatch

TIME_TOLERANCE_S = 0.5


def phase_list(phases) -> list[sitk.Image]:
    """The 3D phases of a 4D image, or the list given, checked to share one grid."""
    if isinstance(phases, sitk.Image):
        if phases.GetDimension() != 4:
            raise InputError(f"expected a 4D DCE image, got {phases.GetDimension()}D",
                             fix="pass a 4D image or a list of 3D phases")
        size = list(phases.GetSize())
        count, size[3] = size[3], 0
        phases = [sitk.Extract(phases, size, [0, 0, 0, t]) for t in range(count)]
    phases = list(phases)
    if not phases:
        raise InputError("no DCE phases given", fix="pass the DCE series")
    for number, phase in enumerate(phases[1:], start=1):
        problem = geometry_mismatch(phases[0], phase)
        if problem is not None:
            raise GeometryError(f"DCE phase {number}: {problem.replace('mask', 'phase')}",
                                fix="resample the phases onto one grid first")
    return phases


def select_phase(phases, index: int | None = None, time: float | None = None,
                 times: Sequence[float] | None = None) -> sitk.Image:
    """One phase by 0-based ``index`` (0 is usually pre-contrast, so the second
    post-contrast phase is index 2) or by acquisition ``time`` (s) within 0.5 s."""
    phases = phase_list(phases)
    if (index is None) == (time is None):
        raise SettingsError("give either a phase index or a time", fix="e.g. index=2 or time=120")
    if time is not None:
        if times is None or len(times) != len(phases):
            raise SettingsError("selecting by time needs one acquisition time per phase",
                                fix=f"pass times=[...] with {len(phases)} values in seconds")
        gaps = np.abs(np.asarray(times, float) - time)
        if gaps.min() > TIME_TOLERANCE_S:
            raise InputError(f"no phase acquired at {time} s (times: {list(times)})",
                             fix="pick one of the acquisition times")
        index = int(np.argmin(gaps))
    if not -len(phases) <= index < len(phases):
        raise InputError(f"phase {index} does not exist; the series has {len(phases)} phases",
                         fix=f"use an index from 0 to {len(phases) - 1}")
    return phases[index]


def subtract(post: sitk.Image, pre: sitk.Image) -> sitk.Image:
    """Subtraction image ``post - pre`` (Float32), on one grid."""
    phase_list([pre, post])
    return sitk.Cast(post, sitk.sitkFloat32) - sitk.Cast(pre, sitk.sitkFloat32)


def kinetic_maps(phases, times: Sequence[float], *, pre: int = 0, early: int = 1,
                 late: int = -1) -> dict[str, sitk.Image]:
    """Wash-in, wash-out, time to peak, SER and initial enhancement (module docstring).

    ``pre``, ``early`` and ``late`` are 0-based phase indices (SER's early and late
    post-contrast phases; Hylton's protocol uses about 2.5 and 7.5 minutes).
    """
    phases = phase_list(phases)
    times = np.asarray(times, dtype=float)
    if len(times) != len(phases) or np.any(np.diff(times) <= 0):
        raise SettingsError(f"need {len(phases)} strictly increasing acquisition times, got "
                            f"{times.tolist()}", fix="give one time in seconds per phase")
    for name, value in (("pre", pre), ("early", early), ("late", late)):
        if not -len(phases) <= value < len(phases):
            raise SettingsError(f"{name} phase {value} does not exist ({len(phases)} phases)",
                                fix=f"use an index from 0 to {len(phases) - 1}")
    if pre % len(phases) == len(phases) - 1:
        raise SettingsError("the pre-contrast phase cannot be the last phase",
                            fix="set pre to the index of the unenhanced phase, usually 0")
    signal = np.stack([sitk.GetArrayFromImage(p).astype(np.float64) for p in phases])
    s0, t0 = signal[pre], times[pre]
    after = np.arange(len(phases)) > (pre % len(phases))
    peak = np.argmax(np.where(after[:, None, None, None], signal, -np.inf), axis=0)
    s_peak = np.take_along_axis(signal, peak[None], axis=0)[0]
    t_peak = times[peak]
    late_gap = times[-1] - t_peak
    early_rise, late_rise = signal[early] - s0, signal[late] - s0
    maps = {
        "wash_in": (s_peak - s0) / (t_peak - t0),
        "wash_out": np.divide(s_peak - signal[-1], late_gap, out=np.zeros_like(s0),
                              where=late_gap > 0),
        "time_to_peak": t_peak - t0,
        "ser": np.divide(early_rise, late_rise, out=np.zeros_like(s0), where=late_rise > 0),
        "initial_enhancement": np.divide(100 * early_rise, s0, out=np.zeros_like(s0), where=s0 > 0),
    }
    out = {}
    for name, values in maps.items():
        image = sitk.GetImageFromArray(values.astype(np.float32))
        image.CopyInformation(phases[0])
        out[name] = image
    return out
