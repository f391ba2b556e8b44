"""The positions per focus area as a chart (PNG) and the same in words, for the report.

Pure module: matplotlib (Agg), no Flask.
"""
from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from app.reports.data import ReportData

POSITIONS = ("enig", "delvis_enig", "uenig", "ingen_merknad")
#: Okabe–Ito colours, told apart also by readers with colour vision deficiency
COLOURS = {"enig": "#009E73", "delvis_enig": "#F0E442", "uenig": "#D55E00", "ingen_merknad": "#BBBBBB"}


def position_counts(data: ReportData) -> dict[str, list[int]]:
    """Per position, how many consultees took it on each focus area (matrix columns in order)."""
    counts = {key: [0] * len(data.focus_areas) for key in POSITIONS}
    for _, positions in data.matrix:
        for column, position in enumerate(positions[:len(data.focus_areas)]):
            if position in counts:
                counts[position][column] += 1
    return counts


def chart_alt_text(areas, counts: dict[str, list[int]], labels: dict[str, str], lead: str) -> str:
    """What the chart shows, in words, for readers who cannot see it."""
    parts = [f"{area}: " + ", ".join(f"{labels[key].lower()} {counts[key][n]}" for key in POSITIONS)
             for n, area in enumerate(areas)]
    return f"{lead} " + "; ".join(parts) + "."


def chart_png(areas, counts: dict[str, list[int]], labels: dict[str, str], xlabel: str) -> bytes:
    """Stacked horizontal bars of the positions per focus area, as PNG."""
    figure = Figure(figsize=(9, 1.2 + 0.55 * len(areas)), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Two "$" would make matplotlib read a title as a formula (and fail on most): each is escaped
    names = [textwrap.fill(area, 38).replace("$", r"\$") for area in areas]
    left = [0] * len(areas)
    for key in POSITIONS:
        bars = axes.barh(names, counts[key], left=left, color=COLOURS[key], label=labels[key],
                         edgecolor="white")
        axes.bar_label(bars, labels=[str(v) if v else "" for v in counts[key]], label_type="center",
                       fontsize=8)
        left = [a + b for a, b in zip(left, counts[key], strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
