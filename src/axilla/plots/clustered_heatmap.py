"""Clustered heatmap with dendrograms, as R's ``pheatmap`` draws it (seeds/003, Fig. 4–5).

Rows and columns are each ordered by hierarchical clustering with pheatmap's defaults:
Euclidean distance and complete linkage (``scipy.cluster.hierarchy.linkage(values,
"complete", "euclidean")``), the dendrograms drawn beside the matrix. An optional
column annotation (e.g. the time point of each column) is a strip of grey levels above
the matrix with its legend. The values are an input; the colour map (cividis) is
monotone in lightness, so the figure reads in greyscale.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.errors import InputError
from axilla.plots._style import LIGHT_GREY, INK, MID_GREY, new_figure, styled

MAX_LABELS = 60
GROUP_GREYS = (INK, LIGHT_GREY, MID_GREY, "#e6e6e6", "#333333")


def cluster_leaves(values: np.ndarray) -> tuple[np.ndarray | None, list[int]]:
    """The linkage of the rows of ``values`` and their dendrogram leaf order (None and
    the given order when fewer than three rows)."""
    from scipy.cluster.hierarchy import leaves_list, linkage

    if len(values) < 3:
        return None, list(range(len(values)))
    tree = linkage(values, method="complete", metric="euclidean")
    return tree, [int(i) for i in leaves_list(tree)]


@styled
def plot_clustered_heatmap(matrix: pd.DataFrame, *, colour_label: str = "Value",
                           column_groups: pd.Series | None = None, symmetric: bool = True):
    """Heatmap of ``matrix`` (rows x columns, no missing values) with rows and columns
    clustered, dendrograms on the left and top, and a colour bar.

    ``column_groups``: one category per column (indexed like the columns), drawn as a
    strip above the matrix. ``symmetric``: colour limits ±max|value| (centred data).
    """
    values = matrix.to_numpy(dtype=float)
    if values.ndim != 2 or min(values.shape) < 1:
        raise InputError(f"the heatmap needs a non-empty matrix, got shape {values.shape}",
                         fix="pass at least one row and one column")
    if not np.isfinite(values).all():
        raise InputError(f"the heatmap matrix holds {int((~np.isfinite(values)).sum())} "
                         "missing or infinite value(s)",
                         fix="drop the rows or columns whose values are undefined first")
    if column_groups is not None and not column_groups.index.equals(matrix.columns):
        raise InputError("column_groups must have one entry per matrix column, in order",
                         fix="index column_groups by the matrix's column names")
    from scipy.cluster.hierarchy import dendrogram

    row_tree, row_order = cluster_leaves(values)
    column_tree, column_order = cluster_leaves(values.T)
    ordered = values[np.ix_(row_order, column_order)]
    n_rows, n_columns = ordered.shape
    width = min(9.0, 3.0 + 0.09 * n_columns)
    height = min(9.0, 2.2 + 0.12 * n_rows)
    fig, (heat,) = new_figure(panel=(width, height))
    heat.set_position([0.22, 0.08, 0.62, 0.68])
    limit = float(np.abs(ordered).max()) or 1.0
    image = heat.imshow(ordered, aspect="auto", cmap="cividis", interpolation="nearest",
                        vmin=-limit if symmetric else None, vmax=limit if symmetric else None)
    heat.spines[:].set_visible(False)
    _labels(heat.set_yticks, [str(matrix.index[i]) for i in row_order], fontsize=5)
    _labels(heat.set_xticks, [str(matrix.columns[i]) for i in column_order], fontsize=5,
            rotation=90)
    heat.yaxis.tick_right()
    if row_tree is not None:
        left = fig.add_axes([0.02, 0.08, 0.19, 0.68])
        dendrogram(row_tree, orientation="left", ax=left, no_labels=True,
                   color_threshold=0, above_threshold_color=INK)
        left.invert_yaxis()
        left.set_axis_off()
    top_of_matrix = 0.76
    if column_groups is not None:
        strip = fig.add_axes([0.22, 0.765, 0.62, 0.03])
        _group_strip(strip, column_groups.iloc[column_order])
        top_of_matrix = 0.80
    if column_tree is not None:
        top = fig.add_axes([0.22, top_of_matrix + 0.005, 0.62, 0.17])
        dendrogram(column_tree, ax=top, no_labels=True, color_threshold=0,
                   above_threshold_color=INK)
        top.set_axis_off()
    bar = fig.add_axes([0.03, top_of_matrix + 0.08, 0.15, 0.03])   # above the row tree,
    low, high = image.get_clim()                                     # clear of the labels
    fig.colorbar(image, cax=bar, orientation="horizontal", ticks=[low, (low + high) / 2, high])
    bar.set_xticklabels([f"{v:.2g}" for v in (low, (low + high) / 2, high)], fontsize=6)
    bar.set_title(colour_label, fontsize=7)
    return fig


def _labels(set_ticks, names: list[str], **style) -> None:
    if len(names) <= MAX_LABELS:
        set_ticks(range(len(names)), names, **style)
    else:
        set_ticks([])


def _group_strip(ax, groups: pd.Series) -> None:
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    levels = list(dict.fromkeys(groups))
    if len(levels) > len(GROUP_GREYS):
        raise InputError(f"{len(levels)} column groups; at most {len(GROUP_GREYS)} can be "
                         "told apart in grey", fix="pass fewer groups")
    codes = np.array([[levels.index(g) for g in groups]])
    ax.imshow(codes, aspect="auto", interpolation="nearest",
              cmap=ListedColormap(GROUP_GREYS[:len(levels)]), vmin=-0.5,
              vmax=len(levels) - 0.5)
    ax.set_xticks([])
    ax.set_yticks([0], [groups.name or "group"], fontsize=6)
    ax.yaxis.tick_right()
    ax.spines[:].set_visible(False)
    ax.legend(handles=[Patch(facecolor=GROUP_GREYS[k], edgecolor=INK, label=str(level))
                       for k, level in enumerate(levels)], loc="lower left",
              bbox_to_anchor=(1.02, 1.0), fontsize=6, frameon=False)
