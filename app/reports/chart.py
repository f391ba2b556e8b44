"""The positions per focus area as a chart: a PNG for the Word report, bars for the pages, the same in words.

Pure module: matplotlib (Agg), no Flask. Colours and patterns are the positions' own (app.positions).
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from app.positions import CODES, Position
from app.reports.data import ReportData

#: A part narrower than this (per cent of the bar) leaves its number to the text beside the bar
NUMBER_MIN_WIDTH = 8.0


@dataclass(frozen=True)
class BarPart:
    """The consultees who took one position on one focus area, as a part of its bar."""

    position: Position
    count: int
    #: Where the part starts and how wide it is, in per cent of those who answered
    start: float
    width: float

    @property
    def shows_number(self) -> bool:
        return self.width >= NUMBER_MIN_WIDTH


@dataclass(frozen=True)
class Bar:
    """One focus area's bar: the positions somebody took, in the form's order (one nobody took takes no room)."""

    title: str
    parts: tuple[BarPart, ...]


def position_counts(data: ReportData) -> dict[str, list[int]]:
    """Per position, how many consultees took it on each focus area (matrix columns in order)."""
    counts = {key: [0] * len(data.focus_areas) for key in CODES}
    for _, positions in data.matrix:
        for column, position in enumerate(positions[:len(data.focus_areas)]):
            if position in counts:
                counts[position][column] += 1
    return counts


def chart_alt_text(areas, counts: dict[str, list[int]], labels: dict[str, str], lead: str) -> str:
    """What the chart shows, in words, for readers who cannot see it."""
    parts = [f"{area}: " + ", ".join(f"{labels[key].lower()} {counts[key][n]}" for key in CODES)
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
    for position in Position:
        key = position.value
        bars = axes.barh(names, counts[key], left=left, color=position.colour, label=labels[key],
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
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 3})
    return out.getvalue()


def bars(data: ReportData) -> tuple[Bar, ...]:
    """The Word chart's figures as bars for the pages (the report's and the council's overview).

    Each part is a share of those who answered (the matrix's rows), so bars compare across areas.
    """
    counts, answered = position_counts(data), len(data.matrix)
    out = []
    for column, title in enumerate(data.focus_areas):
        parts, start = [], 0.0
        for position in Position:
            if count := counts[position.value][column]:
                parts.append(BarPart(position, count, start, 100 * count / answered))
                start += parts[-1].width
        out.append(Bar(title, tuple(parts)))
    return tuple(out)
