"""Automatic intensity range for region growing inside a drawn box or ROI: the
multi-level Otsu class that holds the seed.

Otsu (1979, IEEE Trans Syst Man Cybern 9:62) picks the threshold that maximises the
between-class variance of the histogram; the multi-level form (Liao, Chen & Chung 2001,
J Inf Sci Eng 17:713; scikit-image ``threshold_multiotsu``, 256 bins) searches every
combination of ``classes - 1`` thresholds, so the answer depends on the values alone.
Around a lesion on contrast-enhanced MRI a box holds three classes: fat or background,
parenchyma and the partial-volume rim, and the enhancing lesion. With two classes a
small lesion and its rim fall together (breast1, box = label + 5 voxels: Dice 0.66 with
2 classes, 0.78 with 3; lung1: 0.79 and 0.91). A 2-component Gaussian mixture fails
there (the background is not Gaussian: Dice 0.05), and mixtures of 3 reach different
local optima from different starts. Classes are ``[t_k, t_k+1)`` (numpy ``digitize``);
the top class runs to the ROI's maximum, the bottom one from its minimum.
"""
from __future__ import annotations

import numpy as np
from skimage.filters import threshold_multiotsu

from axilla.errors import InputError, SettingsError

DEFAULT_CLASSES = 3


def otsu_class_range(values: np.ndarray, seed_values, classes: int = DEFAULT_CLASSES
                     ) -> tuple[float, float]:
    """(lower, upper), both inclusive, of the Otsu class holding every seed value; the
    brightest class when ``seed_values`` is None. ``values``: the ROI's intensities."""
    if int(classes) != classes or classes < 2:
        raise SettingsError(f"the automatic threshold needs 2 or more classes, got {classes}",
                            fix="use classes=3 (the default) or classes=2 (plain Otsu)")
    values = np.asarray(values, dtype=np.float64)
    if np.unique(values).size < classes:
        raise InputError(f"the drawn ROI holds fewer than {classes} distinct intensities",
                         fix="draw the box around the lesion and some of its surroundings")
    thresholds = threshold_multiotsu(values, classes=int(classes))
    edges = [float(values.min()), *(float(t) for t in thresholds), float(values.max())]
    if seed_values is None:
        chosen = int(classes) - 1
    else:
        found = {int(k) for k in np.digitize(seed_values, thresholds)}
        if len(found) > 1:
            raise InputError(f"the seeds fall in different intensity classes (values "
                             f"{', '.join(f'{v:g}' for v in seed_values)}; Otsu thresholds "
                             f"{', '.join(f'{t:g}' for t in thresholds)})",
                             fix="place every seed inside the lesion, or give --lower/--upper")
        chosen = found.pop()
    upper = edges[chosen + 1] if chosen == int(classes) - 1 else float(
        np.nextafter(edges[chosen + 1], -np.inf))
    return edges[chosen], upper
