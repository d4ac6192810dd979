"""Linear convolution by FFT, cropped to the input ("same"), zero outside the input.

For an input of n voxels and a centred kernel of odd size k along an axis, the wanted
outputs are indices k//2 .. k//2 + n - 1 of the full linear convolution (length
n + k - 1); a circular convolution of length L >= n + k//2 leaves them free of wrap-around,
so the FFT needs only that length, not the full one.
"""
from __future__ import annotations

import numpy as np
from scipy import fft


def convolve_same(arrays: list[np.ndarray], kernel: np.ndarray) -> list[np.ndarray]:
    """Each of the same-shaped ``arrays`` convolved with the point-symmetric ``kernel``."""
    shape = arrays[0].shape
    size = [fft.next_fast_len(n + k // 2, real=True) for n, k in zip(shape, kernel.shape)]
    kernel_f = fft.rfftn(kernel, size)
    crop = tuple(slice(k // 2, k // 2 + n) for n, k in zip(shape, kernel.shape))
    return [fft.irfftn(fft.rfftn(a, size) * kernel_f, size)[crop] for a in arrays]
