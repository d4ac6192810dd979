"""One house style for every figure: journal-sized, greyscale-readable, saved PNG + SVG.

Series are told apart by line style and marker as well as by grey level, so a figure
printed in black and white loses nothing. matplotlib is imported here, lazily, and only
its object API is used (no pyplot, no GUI backend): ``import axilla`` never imports it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from axilla.errors import InputError

PNG_DPI = 300
INK = "#000000"
MID_GREY = "#6e6e6e"
LIGHT_GREY = "#bdbdbd"

#: (colour, line style, marker) per series: distinct without colour.
SERIES = (
    ("#000000", "-", "o"),
    ("#4d4d4d", "--", "s"),
    ("#7a7a7a", "-.", "^"),
    ("#1f1f1f", ":", "D"),
    ("#5e5e5e", (0, (5, 1, 1, 1, 1, 1)), "v"),
    ("#969696", (0, (8, 2)), "P"),
)

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.labelsize": 8,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": INK,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": True,
    "legend.framealpha": 0.85,
    "legend.edgecolor": "none",
    "legend.fancybox": False,
    "lines.linewidth": 1.4,
    "lines.markersize": 4,
    "figure.dpi": 100,
    "savefig.dpi": PNG_DPI,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.04,
    "svg.fonttype": "none",
    "svg.hashsalt": "axilla",
}


@dataclass(frozen=True)
class FigureFiles:
    """Where one figure was written."""

    name: str
    png: Path
    svg: Path


def _matplotlib():
    """matplotlib, imported on first use. Figures are plain ``Figure`` objects, never
    registered with pyplot, so nothing global is kept and no GUI backend is touched."""
    import matplotlib

    return matplotlib


def series_style(index: int) -> dict:
    """Line keyword arguments of the ``index``-th series (cycles after six)."""
    colour, linestyle, marker = SERIES[index % len(SERIES)]
    return {"color": colour, "linestyle": linestyle, "marker": marker}


def new_figure(ncols: int = 1, nrows: int = 1, panel: tuple[float, float] = (3.2, 3.0)):
    """A figure of ``nrows`` x ``ncols`` panels in the house style; returns (fig, axes list)."""
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(panel[0] * ncols, panel[1] * nrows))
        axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, list(axes.ravel())


def axes_or_new(ax=None, panel: tuple[float, float] = (3.2, 3.0)):
    """``ax`` itself, or the single panel of a new house-style figure."""
    if ax is not None:
        return ax
    return new_figure(panel=panel)[1][0]


def styled(function):
    """Run a drawing function inside the house rc settings."""
    def wrapper(*args, **kwargs):
        with _matplotlib().rc_context(_RC):
            return function(*args, **kwargs)
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    wrapper.__wrapped__ = function
    return wrapper


def panel_letter(ax, index: int) -> None:
    """Label a panel A, B, C ... in its top-left corner, as journals do."""
    ax.text(-0.14, 1.04, chr(ord("A") + index), transform=ax.transAxes,
            fontsize=10, fontweight="bold", va="bottom", ha="left")


def save_figure(fig, directory: str | Path, name: str) -> FigureFiles:
    """Write ``fig`` as ``name.png`` (300 dpi) and ``name.svg`` under ``directory``."""
    if not name or any(ch in name for ch in "/\\ "):
        raise InputError(f"figure name {name!r} is not a plain file stem",
                         fix="use letters, digits, '-' and '_' only")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = FigureFiles(name, directory / f"{name}.png", directory / f"{name}.svg")
    with _matplotlib().rc_context(_RC):
        fig.savefig(files.png, dpi=PNG_DPI, metadata={"Software": None})
        fig.savefig(files.svg, metadata={"Date": None})
    return files


def format_p(p: float) -> str:
    """A p-value as journals print it: three decimals, ``<0.001`` below that."""
    if p is None or not (0.0 <= float(p) <= 1.0):
        raise InputError(f"p-value {p!r} is not a probability",
                         fix="pass the p-value the statistics step returned")
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def p_label(p: float) -> str:
    """``p = 0.012`` or ``p < 0.001`` for annotations."""
    text = format_p(p)
    return f"p {text[0]} {text[1:]}" if text.startswith("<") else f"p = {text}"
