"""One vocabulary of positions (app/positions.py): the only place that spells out a position's code.

What is searched: every text file of app/ and templates/ (Python, Jinja, CSS, JavaScript) but the
vocabulary itself. What is not: app/translations (catalogs are made from the sources and hold msgids
until `make messages` runs again, not code), and migrations/ (history: a migration states the column
as it was when written and must never change with the vocabulary). Stored snapshots and the database
keep the codes as data, read back through `Position(code)`.

"delvis_enig" and "ingen_merknad" cannot be meant as words; "enig" and "uenig" are words too
("Vi er enige", «er uenig»), so they count as codes only where code names a code: quoted on their
own, as a class, id or pattern suffix ("pos-enig", "mark-uenig") and as a named placeholder ("%(enig)s").
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.models import Position as ModelPosition
from app.positions import Position

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY = ROOT / "app" / "positions.py"
SEARCHED = ("app", "templates")
SKIPPED = (ROOT / "app" / "translations",)
SUFFIXES = {".py", ".html", ".txt", ".css", ".js"}
CODE = re.compile(r"delvis_enig|ingen_merknad|[\"'](?:u?enig)[\"']|[-.#](?:u?enig)\b|%\((?:u?enig)\)")


def _spelled_out() -> list[str]:
    found = []
    for folder in SEARCHED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in SUFFIXES or path == VOCABULARY or any(p in path.parents for p in SKIPPED):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if CODE.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    return found


def test_positions_no_code_spelled_out_outside_the_vocabulary():
    found = _spelled_out()
    assert not found, "a position code spelled out; read it from app.positions.Position:\n" + "\n".join(found)


@pytest.mark.parametrize("line", ['P = {"E": "enig"}', "{% for key in ['enig', 'uenig'] %}", ".pos-uenig { }",
                                  'fill="url(#mark-enig)"', "E = %(enig)s, D", "return 'delvis_enig'",
                                  "ingen_merknad"])
def test_positions_grep_sees_a_code(line):
    assert CODE.search(line)


@pytest.mark.parametrize("line", ["Vi er enige i at vegen må med.", 'gettext("er uenig")',
                                  "E = enig, D = delvis enig", "Delvis enig. Kvalitet må defineres."])
def test_positions_grep_leaves_words_alone(line):
    assert not CODE.search(line)


def test_positions_the_stored_codes_stay():
    # Stored answers and snapshots hold these values: they must keep reading
    assert [p.value for p in Position] == ["enig", "delvis_enig", "uenig", "ingen_merknad"]
    assert ModelPosition is Position and Position("delvis_enig") is Position.PARTLY


def test_positions_css_colours_every_tone_and_no_position():
    """The matrix cell's colour: the vocabulary names a colour scale, app.css colours each scale once."""
    css = (ROOT / "app" / "static" / "css" / "app.css").read_text(encoding="utf-8")
    for position in Position:
        if position.tone:
            assert re.search(rf"\.{position.css_class} \{{ background: var\(--ds-color-{position.tone}-surface-tinted\)",
                             css), position
    assert Position.NO_COMMENT.css_class == ""


def test_positions_chart_draws_every_pattern_and_colour_from_the_vocabulary():
    chart = (ROOT / "templates" / "reports" / "_chart.html").read_text(encoding="utf-8")
    for position in Position:
        assert not position.pattern or f'<pattern id="chart-{position.pattern}"' in chart, position
        assert position.colour not in chart  # the colour comes from the vocabulary, not the template
    assert re.fullmatch(r"#[0-9A-F]{6}", Position.PARTLY.colour) and len({p.colour for p in Position}) == 4


def test_positions_legend_and_letters_in_each_language(app):
    from app.snapshot import POSITION_LETTERS, position_legend

    assert position_legend("nb") == "E = enig, D = delvis enig, U = uenig, – = ingen merknad"
    assert position_legend("nn") == "E = einig, D = delvis einig, U = ueinig, – = ingen merknad"
    assert position_legend("en") == "A = agree, P = partly agree, D = disagree, – = no comment"
    assert POSITION_LETTERS["nb"] == {p.value: p.letter for p in Position}


def test_positions_bars_leave_out_positions_nobody_took():
    from app.reports.chart import bars
    from tests.app.test_report_docx import make_data

    data = make_data()  # three answered; Kongsberg E D U – · E, Tinn all E, Nore og Uvdal none
    first, fourth, fifth = bars(data)[0], bars(data)[3], bars(data)[4]
    assert [(p.position, p.count) for p in first.parts] == [(Position.AGREE, 2)]
    assert [(p.position, p.count, p.start) for p in fourth.parts] == [(Position.AGREE, 1, 0.0),
                                                                      (Position.NO_COMMENT, 1, 100 / 3)]
    assert all(abs(p.width - 100 / 3) < 1e-9 for p in fourth.parts) and fourth.parts[0].shows_number
    assert [(p.position, p.count) for p in fifth.parts] == [(Position.AGREE, 1)]  # the blank answer takes no room
    assert [b.title for b in bars(data)] == list(data.focus_areas)


def test_positions_the_vocabulary_is_pure():
    import ast

    tree = ast.parse(VOCABULARY.read_text(encoding="utf-8"))
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert sorted(names) == ["__future__", "enum"]


def test_the_matrix_cells_are_tinted_with_the_charts_colour_of_their_position():
    """A reader who learnt the chart's colours reads the matrix the same way (orange is «Uenig» in both)."""
    from pathlib import Path

    from app.positions import Position

    css = (Path(__file__).parents[2] / "app" / "static" / "css" / "app.css").read_text()
    for position in (Position.PARTLY, Position.DISAGREE):
        rule = next(line for line in css.splitlines() if line.startswith(f".{position.css_class} "))
        assert f"color-mix(in srgb, {position.colour}" in rule, position
