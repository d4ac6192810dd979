"""Lesion phantoms: irregular enhancing masses in a noisy, textured background.

The margin is a sphere (or disc) whose radius is modulated by a few random low-order
angular harmonics (amplitude = irregularity); enhancement heterogeneity is a smoothed
random field (amplitude = heterogeneity). Nothing here pretends to be anatomy; it is
there to give radiomics features a real, imperfect signal.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from axilla.demo.clinical import Phenotype


def _harmonics(angles: list[np.ndarray], rng: np.random.Generator, terms: int = 5) -> np.ndarray:
    field = np.zeros_like(angles[0])
    for k in range(terms):
        order = rng.integers(2, 7)
        weights = rng.normal(size=len(angles))
        phase = rng.uniform(0, 2 * np.pi)
        field += np.cos(order * sum(w * a for w, a in zip(weights, angles)) + phase)
    return field / np.sqrt(terms)


def lesion(shape: tuple[int, ...], spacing: tuple[float, ...], pheno: Phenotype,
           rng: np.random.Generator, *, background: float = 100.0, contrast: float = 200.0,
           noise: float = 12.0, shift: float = 0.0, scale: float = 1.0
           ) -> tuple[np.ndarray, np.ndarray]:
    """(image, mask) arrays in (z, y, x) or (y, x) order, mask uint8.

    ``shift``/``scale`` give a centre-specific intensity change (external cohorts).
    """
    spacing = np.asarray(spacing, dtype=float)
    centre = (np.asarray(shape) - 1) / 2 + rng.uniform(-1.5, 1.5, len(shape))
    grids = np.meshgrid(*[(np.arange(s) - c) * d for s, c, d in zip(shape, centre, spacing)],
                        indexing="ij")
    dist = np.sqrt(sum(g ** 2 for g in grids))
    angles = [np.arctan2(grids[-1], grids[-2])]
    if len(shape) == 3:
        angles.append(np.arccos(np.clip(grids[0] / np.maximum(dist, 1e-9), -1, 1)))
    boundary = pheno.radius_mm * (1 + pheno.irregularity * _harmonics(angles, rng))
    mask = dist <= boundary
    texture = ndimage.gaussian_filter(rng.normal(size=shape), 1.2 / np.maximum(spacing / spacing.min(), 1))
    texture /= texture.std() + 1e-12
    parenchyma = ndimage.gaussian_filter(rng.normal(size=shape), 2.0) * 25
    inside = contrast * pheno.enhancement * (1 + 0.6 * pheno.heterogeneity * texture)
    soft = ndimage.gaussian_filter(mask.astype(float), 0.7)
    image = background + parenchyma + soft * inside + rng.normal(0, noise, shape)
    image = np.clip(image * scale + shift, 0, None)
    return np.round(image).astype(np.int16), mask.astype(np.uint8)
