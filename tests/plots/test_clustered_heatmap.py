"""The clustered heatmap (seeds/003 Fig. 4-5): pheatmap's clustering, drawn in grey."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import leaves_list, linkage

from axilla.errors import InputError
from axilla.plots import plot_clustered_heatmap


def _matrix():
    rng = np.random.default_rng(5)
    values = rng.normal(size=(6, 8))
    values[:3, :4] += 3.0                       # a block the clustering must keep together
    return pd.DataFrame(values, index=[f"f{i}" for i in range(6)],
                        columns=[f"P{j} {'pre' if j < 4 else 'post'}" for j in range(8)])


def test_rows_and_columns_in_complete_linkage_euclidean_leaf_order():
    matrix = _matrix()
    rows = leaves_list(linkage(matrix.to_numpy(), method="complete", metric="euclidean"))
    columns = leaves_list(linkage(matrix.to_numpy().T, method="complete", metric="euclidean"))
    fig = plot_clustered_heatmap(matrix)
    heat = fig.axes[0]
    np.testing.assert_array_equal(heat.images[0].get_array(),
                                  matrix.to_numpy()[np.ix_(rows, columns)])
    assert [t.get_text() for t in heat.get_yticklabels()] == list(matrix.index[rows])
    assert [t.get_text() for t in heat.get_xticklabels()] == list(matrix.columns[columns])
    # the shifted block stays together: rows f0-f2 are adjacent in the display order
    shown = [t.get_text() for t in heat.get_yticklabels()]
    positions = sorted(shown.index(f"f{i}") for i in range(3))
    assert positions[-1] - positions[0] == 2
    # two dendrograms and the colour bar beside the matrix, limits symmetric about 0
    assert len(fig.axes) == 4
    low, high = heat.images[0].get_clim()
    assert low == -high == -np.abs(matrix.to_numpy()).max()


def test_column_groups_are_a_grey_strip_with_a_legend():
    matrix = _matrix()
    groups = pd.Series(["pre"] * 4 + ["post"] * 4, index=matrix.columns, name="time point")
    fig = plot_clustered_heatmap(matrix, column_groups=groups)
    strip = next(ax for ax in fig.axes if ax.get_legend() is not None)
    assert [t.get_text() for t in strip.get_legend().get_texts()] == ["pre", "post"]
    columns = leaves_list(linkage(matrix.to_numpy().T, method="complete", metric="euclidean"))
    codes = strip.images[0].get_array()[0]
    np.testing.assert_array_equal(codes, [0 if c < 4 else 1 for c in columns])
    for colour in strip.images[0].cmap(np.arange(2))[:, :3]:
        assert len(set(np.round(colour, 6))) == 1      # achromatic


def test_bad_input_is_refused():
    matrix = _matrix()
    with pytest.raises(InputError, match="missing or infinite"):
        plot_clustered_heatmap(matrix.where(matrix > 0))
    with pytest.raises(InputError, match="one entry per matrix column"):
        plot_clustered_heatmap(matrix, column_groups=pd.Series(["a"] * 3))
