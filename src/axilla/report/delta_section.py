"""The report section of delta-radiomics and radiogenomics (seeds/003 Table 2, Fig. 4–5).

:class:`DeltaInputs` holds what ``axilla.study.delta_step`` computed; :func:`delta_section`
turns it into the paired-test table, the feature-omics correlation table and their
clustered heatmaps. Either half may be absent.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from axilla.plots import plot_clustered_heatmap
from axilla.report.assets import Assets


FOLD_ABOVE = 30   # rows; a longer correlation table opens on a click (its heatmap shows it)


@dataclass
class DeltaInputs:
    """Delta-radiomics and radiogenomics results for the report."""

    paired: pd.DataFrame | None = None           # axilla.stats.paired.PAIRED_COLUMNS
    n_pairs: int = 0                             # patients with both time points
    excluded: pd.DataFrame | None = None         # patient_id, reason
    notes: pd.DataFrame | None = None            # patient_id, feature, note (undefined deltas)
    heatmap: pd.DataFrame | None = None          # features x "patient time point", z-scores
    heatmap_groups: pd.Series | None = None      # the time point of each heatmap column
    heatmap_note: str = ""
    omics: pd.DataFrame | None = None            # axilla.stats.omics_correlation.OMICS_COLUMNS
    omics_rho: pd.DataFrame | None = None        # features x omics variables (defined rho)
    omics_note: str = ""
    files: list[str] = field(default_factory=list)   # other files written (run-relative)


def delta_section(inputs, assets: Assets) -> str | None:
    """HTML of the delta and radiogenomics results, or None when the study asked for none."""
    delta: DeltaInputs | None = getattr(inputs, "delta", None)
    if delta is None:
        return None
    parts = []
    if delta.paired is not None:
        parts.append(assets.table(
            delta.paired, "delta_paired_tests",
            f"Features before and after treatment in {delta.n_pairs} patients with both "
            "examinations: mean values, mean change (post − pre), paired t-test and Wilcoxon "
            "signed-rank test, each with Benjamini–Hochberg FDR-adjusted p."))
    if delta.heatmap is not None:
        fig = plot_clustered_heatmap(delta.heatmap, colour_label="z-score",
                                     column_groups=delta.heatmap_groups)
        parts.append(assets.figure(
            fig, "delta_heatmap", "Clustering of the features before and after treatment "
            "(z-score per feature over both time points; Euclidean distance, complete "
            f"linkage). {delta.heatmap_note}".strip()))
    for frame, name, caption in (
            (delta.excluded, "delta_excluded", "Patients left out of the paired analysis."),
            (delta.notes, "delta_notes", "Delta or relative-delta values that are undefined "
                                         "(NaN), with the reason.")):
        if frame is not None and len(frame):
            parts.append(assets.table(frame, name, caption, folded=True))
    if delta.omics is not None:
        parts.append(assets.table(
            delta.omics, "radiogenomics_spearman",
            "Spearman correlation of each radiomic feature with each omics variable, with "
            "Benjamini–Hochberg FDR-adjusted p over all pairs.",
            folded=len(delta.omics) > FOLD_ABOVE))
    if delta.omics_rho is not None:
        fig = plot_clustered_heatmap(delta.omics_rho, colour_label="Spearman rho")
        parts.append(assets.figure(
            fig, "radiogenomics_heatmap", "Clustered Spearman correlations between radiomic "
            f"features and omics variables. {delta.omics_note}".strip()))
    if delta.files:
        listed = ", ".join(delta.files)
        parts.append(f'<p class="note">Also written: {listed}.</p>')
    return "".join(parts) or None
