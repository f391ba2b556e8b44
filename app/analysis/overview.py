"""What the council reads: support per focus area, themes with who raised them, the position matrix."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from app.consultees.names import display_name, document_name
from app.extensions import db
from app.models import CommentUnit, Consultation, Consultee, FocusArea, QuestionKind, ResponseStatus, Theme
from app.positions import CODES
from nlp.remarks import says_nothing


@dataclass
class AreaSupport:
    focus_area: FocusArea | None
    #: position code → consultee names, in the form's order
    by_position: dict[str, list[str]] = field(default_factory=lambda: {p: [] for p in CODES})
    themes: list[tuple[Theme, list[str], int]] = field(default_factory=list)


@dataclass
class Overview:
    areas: list[AreaSupport]
    #: (consultee name, consultee id, {focus area id: position})
    matrix: list[tuple[str, int, dict[int, str | None]]]
    #: theme id → (the analysis' ids of the comment, its text) for its comments as they stand now (relevant,
    #: not moved out): what it may quote
    texts: dict[int, list[tuple[frozenset[str], str]]] = field(default_factory=dict)
    #: a quote's stored consultee (named as the round's documents name it) → as this overview names it
    #: (a public respondent «(åpen høring)» in the reader's language on a page)
    names: dict[str, str] = field(default_factory=dict)
    #: theme id → who raised it (as named here) → the texts of their comments in it
    said_by: dict[int, dict[str, list[str]]] = field(default_factory=dict)

    def quotes(self, theme: Theme) -> list[dict]:
        """The theme's stored quotes that its comments still say: none from a comment a person found not
        relevant or moved to another theme since (the same words elsewhere in the theme do not keep it),
        and none that says nothing («ingen flere merknader»)."""
        said = self.texts.get(theme.id, ())
        return [{**q, "consultee": self.names.get(q.get("consultee", ""), q.get("consultee", ""))}
                for q in theme.summary or () if not says_nothing(q.get("text", "")) and _still_said(q, said)]

    @property
    def unreviewed(self) -> int:
        """Themes named by the analysis that no one in the secretariat has renamed, merged, filled or assessed."""
        return sum(not theme.is_kept for area in self.areas for theme, _, _ in area.themes)


def build(consultation: Consultation, name: Callable[[Consultee], str] = display_name) -> Overview:
    """Positions from the latest submitted versions; themes from the latest analysis.

    `name` names each consultee: the reader's language on pages, the round's in the report.
    """
    areas = {a.id: AreaSupport(a) for a in consultation.focus_areas}
    matrix = []
    for response in sorted(consultation.responses, key=lambda r: r.consultee.name):
        version = response.latest_version
        if response.status is not ResponseStatus.SUBMITTED or version is None:
            continue
        row = {}
        for answer in version.snapshot.answers:
            if answer.kind == QuestionKind.POSITION.value and answer.focus_area_id in areas:
                row[answer.focus_area_id] = answer.position
                if answer.position in CODES:
                    areas[answer.focus_area_id].by_position[answer.position].append(name(response.consultee))
        matrix.append((name(response.consultee), response.consultee_id, row))
    rest = AreaSupport(None)
    raised, texts, shown, said_by = _raised_by(consultation, name)
    for theme in db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id).order_by(Theme.position)):
        names, count = raised.get(theme.id, ([], 0))
        if count:  # a theme whose comments were all moved out or found not relevant says nothing now
            (areas.get(theme.focus_area_id) or rest).themes.append((theme, names, count))
    ordered = [areas[a.id] for a in consultation.focus_areas] + ([rest] if rest.themes else [])
    return Overview(ordered, matrix, texts, shown, said_by)


def _raised_by(consultation: Consultation, name: Callable[[Consultee], str]
               ) -> tuple[dict[int, tuple[list[str], int]], dict[int, list[tuple[frozenset[str], str]]], dict[str, str],
                          dict[int, dict[str, list[str]]]]:
    """Per theme: who raised it and in how many comments, and the comments' texts. A comment that says
    nothing («Vi har ingen flere merknader») raises nothing."""
    names, texts, shown, said_by = defaultdict(set), defaultdict(list), {}, defaultdict(lambda: defaultdict(list))
    language = consultation.language.value
    for unit in db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == consultation.id,
                                                             CommentUnit.is_relevant.is_(True),
                                                             CommentUnit.theme_id.is_not(None))):
        if says_nothing(unit.text):
            continue
        names[unit.theme_id].add(name(unit.consultee) if unit.consultee else "")
        if unit.consultee is not None:
            said_by[unit.theme_id][name(unit.consultee)].append(unit.text)
        texts[unit.theme_id].append((unit_ids(unit), unit.text))
        if unit.consultee is not None:
            shown[document_name(unit.consultee, language)] = name(unit.consultee)
    return ({theme_id: (sorted(n for n in names[theme_id] if n), len(said)) for theme_id, said in texts.items()},
            dict(texts), shown, {theme_id: dict(by) for theme_id, by in said_by.items()})


def _still_said(quote: dict, said) -> bool:
    """Whether a stored quote's comment is still among the theme's (by the analysis' id of the comment it was
    drawn from; a quote stored without one, by its words)."""
    flat, drawn_from = " ".join(quote.get("text", "").split()), quote.get("comment_id")
    if not flat:
        return False
    if drawn_from:
        return any(drawn_from in ids for ids, _ in said)
    return any(flat in " ".join(text.split()) for _, text in said)


def unit_ids(unit: CommentUnit) -> frozenset[str]:
    """The ids the analysis knows a stored comment by: made in a run ("r6:q1:fa1:120", its source and
    start) and kept from an earlier one ("kept:12")."""
    return frozenset((f"{unit.source_key}:{unit.start}", f"kept:{unit.id}"))
