"""The positions per focus area as a chart: a PNG for the Word report, bars for the pages, the same in words.

Pure module: matplotlib (Agg), no Flask. Colours and patterns are the positions' own (app.positions).
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from app.positions import CODES, Position
from app.reports.data import ReportData

#: A part narrower than this (per cent of the bar) leaves its number to the text beside the bar
NUMBER_MIN_WIDTH = 8.0
#: At most this many focus areas in one picture of the chart: 12 bars fill a printed page
AREAS_PER_PICTURE = 12
#: Pictures kept per process (some 20-60 kB each), by what they show
KEPT_PICTURES = 64


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


def chart_png(areas, counts: dict[str, list[int]], labels: dict[str, str], xlabel: str,
              most: int | None = None) -> bytes:
    """Stacked horizontal bars of the positions per focus area, as PNG (`most`: the x axis's end,
    so that the pages of a long chart share one scale).

    Drawing one takes matplotlib about 0.1 s. A report built again while the positions stand
    (after an assessment is written, or as the public copy) takes the picture this process
    already drew for the same areas, counts, labels and scale.
    """
    return _drawn(tuple(areas), tuple((key, tuple(values)) for key, values in sorted(counts.items())),
                  tuple(sorted(labels.items())), xlabel, most)


@lru_cache(maxsize=KEPT_PICTURES)
def _drawn(areas: tuple[str, ...], counts: tuple, labels: tuple, xlabel: str, most: int | None) -> bytes:
    counts, labels = {key: list(values) for key, values in counts}, dict(labels)
    figure = Figure(figsize=(9, 1.2 + 0.55 * len(areas)), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Two "$" would make matplotlib read a title as a formula (and fail on most): each is escaped
    names = [textwrap.fill(area, 38).replace("$", r"\$") for area in areas]
    left = [0] * len(areas)
    for position in Position:
        key = position.value
        axes.barh(names, counts[key], left=left, color=position.colour, label=labels[key], edgecolor="white")
        # A plain text per part that has a number (bar_label's annotations cost three times as much)
        for row, (start, count) in enumerate(zip(left, counts[key], strict=True)):
            if count:
                axes.text(start + count / 2, row, str(count), ha="center", va="center", fontsize=8)
        left = [a + b for a, b in zip(left, counts[key], strict=True)]
    axes.invert_yaxis()
    if most:
        axes.set_xlim(0, most)
    axes.set_xlabel(xlabel)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 3})
    return out.getvalue()


def chart_pages(areas, counts: dict[str, list[int]]) -> list[tuple[list[str], dict[str, list[int]]]]:
    """The chart cut into pictures of at most AREAS_PER_PICTURE focus areas, of even size: a
    picture of fifty would run far below the foot of a printed page. Each carries its areas' counts."""
    areas = list(areas)
    if not areas:
        return []
    pictures = -(-len(areas) // AREAS_PER_PICTURE)
    size = -(-len(areas) // pictures)  # 13 areas: pictures of 7 and 6, not 12 and 1
    return [(areas[at:at + size], {key: values[at:at + size] for key, values in counts.items()})
            for at in range(0, len(areas), size)]


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
