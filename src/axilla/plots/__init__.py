"""plots stage: one function per figure, drawn from results computed elsewhere.

Every function takes plain results (arrays, DataFrames, small duck-typed objects),
returns a matplotlib Figure (or draws into ``ax=``) and never computes a statistic.
``save_figure(fig, directory, name)`` writes the PNG (300 dpi) and SVG. matplotlib is
imported on first use, with the Agg backend.
"""
from axilla.plots._style import (PNG_DPI, FigureFiles, format_p, new_figure, panel_letter,
                                 save_figure)
from axilla.plots.calibration import plot_calibration
from axilla.plots.clustered_heatmap import plot_clustered_heatmap
from axilla.plots.coefficients import plot_coefficients
from axilla.plots.correlation import plot_correlation
from axilla.plots.decision_curve import plot_decision_curve
from axilla.plots.forest import plot_forest
from axilla.plots.lasso import plot_lasso_cv, plot_lasso_path
from axilla.plots.nomogram import plot_nomogram
from axilla.plots.qc import plot_qc_sheet
from axilla.plots.radscore import plot_radscore_by_outcome, plot_radscore_waterfall
from axilla.plots.roc import plot_roc
from axilla.plots.survival import plot_kaplan_meier

__all__ = [
    "PNG_DPI", "FigureFiles", "format_p", "new_figure", "panel_letter", "save_figure",
    "plot_calibration", "plot_coefficients", "plot_correlation", "plot_decision_curve",
    "plot_forest", "plot_lasso_cv", "plot_lasso_path", "plot_nomogram", "plot_qc_sheet",
    "plot_radscore_by_outcome", "plot_radscore_waterfall", "plot_roc", "plot_kaplan_meier",
    "plot_clustered_heatmap",
]
