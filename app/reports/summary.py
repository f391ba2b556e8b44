"""The report's «Sammendrag» and status box, as sentences drawn only from the report's own data.

No database, no request (the catalogs through app.reports.texts only). Every sentence names what it rests on: who holds a position
(by name, from the positions in `AreaReport.support`), which themes were raised and by how many,
a verbatim quote from a submitted response, and the secretariat's assessments where set. Bokmål
and nynorsk like the rest of the report: the sentence templates are the catalogs' (app.reports.texts).
"""
from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from app.positions import CODES, Position
from app.reports.data import (
    RECEIVED,
    AreaReport,
    AreaSummary,
    Quote,
    RankRow,
    ReportData,
    ThemeReport,
    YesNoRow,
)
from app.reports.texts import capitalised, join, number, summary_words
from app.withheld import HIDDEN_LABELS

#: The label nlp gives the theme of comments without a content word (nlp.themes.REST_LABEL): no main point
REST_LABEL = "Andre innspill"
#: The labels of themes whose name is withheld from the public: no main point, and counted, not named
_HIDDEN = frozenset(HIDDEN_LABELS.values())
#: Themes named as the main points of a focus area
MAIN_POINTS = 3
SUMMARY_QUOTE_MAX = 200

def words_for(language: str) -> dict:
    """The sentence templates in "nb" or "nn", from the catalogs (see app.reports.texts)."""
    return summary_words(language)


# --- «Sammendrag» ------------------------------------------------------------------------

def summarise(data: ReportData) -> ReportData:
    """The data with its summary and ranking note written from its areas, matrix and ranking."""
    answered = len(data.matrix)
    return dataclasses.replace(data, summary=tuple(area_summary(a, answered, data.language, data.analysed)
                                                   for a in data.areas),
                               ranking_note=ranking_note(data.ranking, answered, len(data.focus_areas),
                                                         data.language))


def area_summary(area: AreaReport, answered: int, language: str, analysed: bool = True) -> AreaSummary:
    """Two to four sentences: positions by name, the main points, a quote, the assessments.

    Before the round is analysed (`analysed` false) a focus area without themes says so, not that it
    has no comments."""
    w = words_for(language)
    sentences = [] if area.is_other else [positions_sentence(area.support, answered, language)]
    points = main_points(area.themes)
    if points:
        listed = [f"«{t.label}» ({_bodies(len(t.consultees), language, first=n == 0)})"
                  for n, t in enumerate(points)]
        sentences.append(_points_sentence(points, listed, area.is_other, language))
    elif not area.is_other:
        sentences.append(w["no_points"] if analysed else w["no_themes"])
    quote, quoted = summary_quote(points, area.themes, _dissenters(area.support)), -1
    if quote is not None:
        quoted = len(sentences)
        sentences.append(w["quote"].format(name=quote.consultee, text=short(quote.text)))
    assessed = [t for t in area.themes if t.assessment]
    # a theme whose name is withheld (in the public edition) is counted, not named: «Tema (navnet er …)» says nothing
    listed = [f"«{t.label}» {w['assessments'].get(t.assessment, t.assessment.lower())}" for t in assessed
              if t.label not in _HIDDEN]
    if listed:
        sentences.append(w["assessed"].format(done=len(assessed), all=len(area.themes), list=join(listed, language)))
    elif assessed:
        sentences.append(w["assessed_count"].format(done=len(assessed), all=len(area.themes)))
    return AreaSummary(title=area.title, sentences=tuple(sentences), quoted=quoted,
                       language=quote.language if quote else "")


def _points_sentence(points: Sequence[ThemeReport], listed: Sequence[str], is_other: bool, language: str) -> str:
    """What the comments are about; outside the focus areas a theme named by its question («Er vi store
    nok sammen?») is what they answer, not what they are about."""
    w = words_for(language)
    if not is_other:
        return w["points"].format(points=join(listed, language))
    asked = [text for theme, text in zip(points, listed, strict=True) if theme.label.rstrip().endswith("?")]
    about = [text for text in listed if text not in asked]
    if asked and about:
        return w["points_and_answers_other"].format(points=join(about, language), questions=join(asked, language))
    return w["answers_other" if asked else "points_other"].format(points=join(listed, language))


def positions_sentence(support: dict[str, Sequence[str]], answered: int, language: str) -> str:
    """ "Fire er enige: A, B, C og D; to er delvis enige: E og F." — every name under its position."""
    w = words_for(language)
    groups = [(key, tuple(support.get(key, ()))) for key in CODES if support.get(key)]
    if not groups:
        return w["no_positions"]
    if len(groups) == 1 and len(groups[0][1]) == answered > 1:
        key, names = groups[0]
        return w["both" if len(names) == 2 else "all"].format(count=number(len(names), language),
                                                              verb=w["positions"][key][1], names=join(names, language))
    clauses = [f"{number(len(names), language)} {w['positions'][key][len(names) > 1]}: {join(names, language)}"
               for key, names in groups]
    return capitalised("; ".join(clauses)) + "."


def main_points(themes: Iterable[ThemeReport]) -> list[ThemeReport]:
    """The themes raised by the most consultees (in the analysis' order among equals), at most MAIN_POINTS.

    A theme with no quote left says nothing of its own ("Ingen flere merknader."): it is no main point.
    """
    named = [t for t in themes if t.label and t.label not in (REST_LABEL, *_HIDDEN) and t.consultees and t.quotes]
    return sorted(named, key=lambda t: -len(t.consultees))[:MAIN_POINTS]


def summary_quote(themes: Sequence[ThemeReport], all_themes: Sequence[ThemeReport] = (),
                  dissenters: Sequence[str] = ()) -> Quote | None:
    """The quote the summary gives: the reason of one who disagrees or partly agrees, written in the focus
    area's own answer box (those first in `dissenters`), when any of the area's themes holds one — a reader
    learns why, where those who agree are named already; else the first quote from a submitted response
    among the main points' quotes, one written in the area's own box first (a comment the analysis
    brought from another question speaks of the area less surely)."""
    for name in dissenters:
        theirs = [q for t in all_themes for q in t.quotes
                  if q.kind == RECEIVED and q.in_own_box and q.consultee == name and q.text.strip()]
        if theirs:
            return theirs[0]
    received = [q for t in themes for q in t.quotes if q.kind == RECEIVED and q.text.strip()]
    return next((q for q in received if q.in_own_box), received[0] if received else None)


def _dissenters(support: dict[str, Sequence[str]]) -> list[str]:
    """Who disagrees, then who partly agrees, by name in the form's order."""
    return [*support.get(Position.DISAGREE.value, ()), *support.get(Position.PARTLY.value, ())]


def short(text: str, limit: int = SUMMARY_QUOTE_MAX) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else textwrap.shorten(flat, limit, placeholder=" …")


def _bodies(n: int, language: str, first: bool) -> str:
    """ "fire høringsinstanser" the first time, then only "tre"."""
    if not first:
        return number(n, language)
    singular, plural = words_for(language)["bodies"]
    return f"{number(n, language)} {singular if n == 1 else plural}"


# --- yes/no questions ----------------------------------------------------------------------

def yes_no_sentence(row: YesNoRow, language: str) -> str:
    """ "Tre svarte ja: A, B og C. Én svarte nei: D." — how many, and who, by name."""
    w = words_for(language)
    parts = [w[key].format(count=capitalised(number(len(names), language)), names=join(names, language))
             for names, key in ((row.yes, "answered_yes"), (row.no, "answered_no")) if names]
    return " ".join(parts) or w["no_yes_no"]


# --- the combined ranking ----------------------------------------------------------------

def rank_rows(titles: Sequence[str], rankings: Iterable[dict[int, int]]) -> tuple[RankRow, ...]:
    """The focus areas by mean rank (then Borda count), from each response's {area index: rank}."""
    n = len(titles)
    ranks: list[list[int]] = [[] for _ in titles]
    for ranking in rankings:
        for index, rank in ranking.items():
            if 0 <= index < n and 1 <= rank <= n:
                ranks[index].append(rank)
    rows = sorted((RankRow(title, round(sum(r) / len(r), 2), sum(n - x for x in r), len(r))
                   for title, r in zip(titles, ranks, strict=True) if r), key=lambda row: (row.mean_rank, -row.borda))
    placed: list[RankRow] = []
    for rank, row in enumerate(rows, start=1):
        tied = placed and (placed[-1].mean_rank, placed[-1].borda) == (row.mean_rank, row.borda)
        placed.append(dataclasses.replace(row, place=placed[-1].place if tied else rank))
    return tuple(placed)


def ranking_note(rows: Sequence[RankRow], answered: int, areas: int, language: str) -> str:
    w = words_for(language)
    if not rows:
        return w["not_ranked"]
    count = max(row.ranked_by for row in rows)
    return w["ranked"].format(count=capitalised(number(count, language)), answered=number(answered, language),
                              top=max(areas - 1, 0), second=max(areas - 2, 0))


def half_up(value: float, places: int) -> Decimal:
    """`value` to `places` decimals, a half rounded up as a reader does (2,25 → 2,3), not to even (2,2)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def mean_rank_text(value: float) -> str:
    """ "1,5": one decimal with a decimal comma, a half rounded up."""
    return str(half_up(value, 1)).replace(".", ",")


# --- the status box ----------------------------------------------------------------------

def status_lines(*, language: str, is_open: bool, not_answered: Sequence[str],
                 extensions: Sequence[tuple[str, str]], requested: Sequence[str], late: Sequence[str],
                 unassessed: int, themes: int, analysed: bool = True, final: bool = False,
                 invited: bool = True) -> tuple[str, ...]:
    """The status box's sentences: the round, who has not answered, extensions, late answers, assessments
    (or that the comments are not analysed yet, or that the analysis found no theme). `final`: the round is
    published, and its summary can no longer change (no "not yet"). `invited`: anyone was invited (a round
    open to all may have invited no one: then nothing is said of who answered)."""
    w = words_for(language)
    lines = [w["open"] if is_open else w["closed"]]
    if not_answered or invited:
        lines.append(w["not_answered"].format(names=join(not_answered, language)) if not_answered
                     else w["all_answered"])
    if extensions:
        items = [w["until"].format(name=name, date=day) for name, day in extensions]
        lines.append(w["extensions"].format(items=join(items, language)))
    if requested:
        lines.append(w["requested"].format(names=join(requested, language)))
    if late:
        lines.append(w["late"].format(names=join(late, language)))
    if not analysed:
        lines.append(w["no_themes"])
    elif not themes:
        lines.append(w["none_found"])
    elif unassessed == themes:
        lines.append(w["none_assessed_final" if final else "none_assessed"][themes > 1].format(
            all=number(themes, language)))
    elif unassessed:
        lines.append(w["unassessed_final" if final else "unassessed"].format(count=unassessed, all=themes))
    else:
        lines.append(w["all_assessed"].format(all=themes))
    return tuple(lines)
