"""Clustered correlation heatmap of the kept features.

Rows and columns are ordered by average-linkage hierarchical clustering on 1 − |r|
(the display order of ``pheatmap``/``corrplot(order = "hclust")``); the matrix itself is
an input. The colour map is monotone in lightness, and values are written in the cells
when there are few features, so the figure reads in greyscale.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.errors import InputError
from axilla.plots._style import new_figure, styled


def cluster_order(corr: pd.DataFrame) -> list[str]:
    """Feature names in dendrogram leaf order (average linkage on 1 − |r|)."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    if corr.shape[0] < 3:
        return list(corr.index)
    distance = 1.0 - np.abs(corr.to_numpy())
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2
    order = leaves_list(linkage(squareform(distance, checks=False), method="average"))
    return [corr.index[i] for i in order]


@styled
def plot_correlation(corr: pd.DataFrame, annotate_up_to: int = 15):
    """Heatmap of a square correlation matrix with clustered order and a colour bar."""
    if corr.shape[0] != corr.shape[1] or list(corr.index) != list(corr.columns):
        raise InputError("correlation matrix must be square with matching row and column names",
                         fix="pass DataFrame.corr() of the kept features")
    values = corr.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise InputError("correlation matrix holds NaN (a constant feature?)",
                         fix="drop constant features before computing correlations")
    order = cluster_order(corr)
    ordered = corr.loc[order, order].to_numpy(dtype=float)
    size = min(7.0, 1.6 + 0.28 * len(order))
    fig, (ax,) = new_figure(panel=(size + 0.8, size))
    image = ax.imshow(ordered, cmap="cividis", vmin=-1, vmax=1, interpolation="nearest")
    ax.set_xticks(range(len(order)), order, rotation=90, fontsize=5.5)
    ax.set_yticks(range(len(order)), order, fontsize=5.5)
    ax.spines[:].set_visible(False)
    if len(order) <= annotate_up_to:
        for (row, col), value in np.ndenumerate(ordered):
            ax.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=5,
                    color="white" if value < 0.1 else "black")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="Correlation coefficient")
    return fig
