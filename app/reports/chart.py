"""The positions per focus area as a chart: a PNG for the Word report, bars for the pages, the same in words.

Pure module: matplotlib (Agg), no Flask. Colours are the positions' own (app.positions); the printed chart adds a hatching per position.
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
#: Each position's hatching in the printed chart, so that a black-and-white print tells them apart (Enig
#: green and Uenig orange, Delvis enig yellow and Ingen merknad grey print as nearly the same grey).
#: Stripes and dots as the pages' chart draws them (Position.pattern); Enig solid, Ingen merknad crossed.
HATCHES = {Position.AGREE: "", Position.PARTLY: "///", Position.DISAGREE: "..", Position.NO_COMMENT: "xx"}
#: A fill darker than this (relative luminance, 0 black to 1 white) takes a white number, a lighter one black
DARK_FILL = 0.3


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


def luminance(colour: str) -> float:
    """The relative luminance of "#RRGGBB" (WCAG 2): 0 for black, 1 for white."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(int(colour[at:at + 2], 16) / 255) for at in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def number_colour(fill: str) -> str:
    """White on a dark fill, black on a light one."""
    return "white" if luminance(fill) < DARK_FILL else "black"


@lru_cache(maxsize=KEPT_PICTURES)
def _drawn(areas: tuple[str, ...], counts: tuple, labels: tuple, xlabel: str, most: int | None) -> bytes:
    figure = chart_figure(areas, counts, labels, xlabel, most)
    out = io.BytesIO()
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 3})
    return out.getvalue()


def chart_figure(areas: tuple[str, ...], counts: tuple, labels: tuple, xlabel: str, most: int | None) -> Figure:
    """The chart as a matplotlib figure (`counts` and `labels` as `_drawn` takes them)."""
    counts, labels = {key: list(values) for key, values in counts}, dict(labels)
    figure = Figure(figsize=(9, 1.2 + 0.55 * len(areas)), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Two "$" would make matplotlib read a title as a formula (and fail on most): each is escaped
    names = [textwrap.fill(area, 38).replace("$", r"\$") for area in areas]
    left = [0] * len(areas)
    for position in Position:
        key = position.value
        ink = number_colour(position.colour)
        axes.barh(names, counts[key], left=left, color=position.colour, label=labels[key], edgecolor="white",
                  hatch=HATCHES[position], hatchcolor=ink)
        # A plain text per part that has a number (bar_label's annotations cost three times as much), on a
        # patch of the plain fill so that the hatching does not run through it
        for row, (start, count) in enumerate(zip(left, counts[key], strict=True)):
            if count:
                axes.text(start + count / 2, row, str(count), ha="center", va="center", fontsize=9, fontweight="bold", color=ink,
                          bbox={"facecolor": position.colour, "edgecolor": "none", "pad": 2.5})
        left = [a + b for a, b in zip(left, counts[key], strict=True)]
    axes.invert_yaxis()
    if most:
        axes.set_xlim(0, most)
    axes.set_xlabel(xlabel)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    figure.tight_layout()
    return figure


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
