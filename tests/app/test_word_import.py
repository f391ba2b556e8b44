"""Tests for mapping a consultee's Word response onto a round's questions."""

import io

import docx
import pytest

from app.draft_reader import Block, DraftReadError
from app.responses.word_import import (
    FocusAreaSpec,
    ImportProposal,
    MappedText,
    QuestionSpec,
    parse_position,
    parse_yes_no,
    propose_mapping,
    read_decision,
)

SAMFERDSEL = "Kommunikasjon, infrastruktur og samferdsel"
KOMPETANSE = "Kompetanseutvikling og innovasjon"
NAERING = "Næringsutvikling og reiseliv"
FOCUS_AREAS = [FocusAreaSpec(10, SAMFERDSEL, ("breiband", "jernbane")),
               FocusAreaSpec(11, KOMPETANSE), FocusAreaSpec(12, NAERING)]
POSITION_Q = QuestionSpec(1, "Hva mener dere om satsingsområdene?", "position")
SIZE_Q = QuestionSpec(2, "Er vi store nok sammen?", "text")
OTHER_Q = QuestionSpec(3, "Har dere andre innspill til strategien?", "text")
QUESTIONS = [POSITION_Q, SIZE_Q, OTHER_Q]


def _docx(*blocks: tuple[str, str]) -> bytes:
    """A .docx from (kind, text) pairs: "title", "h1", "h2", "p", "bullet"."""
    document = docx.Document()
    for kind, text in blocks:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind in ("h1", "h2"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _by_target(proposal: ImportProposal) -> dict[tuple, MappedText]:
    return {(item.question_id, item.focus_area_id): item for item in proposal.items}


BOKMAL = _docx(
    ("title", "Høringsuttalelse fra Tinn kommune"),
    ("p", "Tinn kommune takker for invitasjonen og slutter seg i hovedsak til strategien."),
    ("p", "Uttalelsen ble vedtatt i formannskapet 7. mars."),
    ("h1", "1. Kommunikasjon, infrastruktur og samferdsel"),
    ("p", "Delvis enig"),
    ("p", "Rv. 37 gjennom Vestfjorddalen må prioriteres."),
    ("p", "Vi savner jernbanen i teksten."),
    ("h1", "Kompetanse og innovasjon"),
    ("p", "Standpunkt: enig"),
    ("p", "Fagskolen er viktig for hele regionen."),
    ("h1", "Økonomi"),
    ("p", "Kostnadene må fordeles etter innbyggertall."),
    ("h1", "Er vi store nok sammen?"),
    ("p", "Ja, men bare om alle kommunene er med."),
    ("bullet", "Felles innkjøp"),
    ("bullet", "Felles IKT"),
)


def test_import_bokmal_headings_map_to_focus_areas_and_questions():
    proposal = propose_mapping(BOKMAL, QUESTIONS, FOCUS_AREAS)
    assert [(i.question_id, i.focus_area_id) for i in proposal.items] == [(1, 10), (1, 11), (2, None)]
    items = _by_target(proposal)
    assert items[1, 10] == MappedText(
        1, 10, "Rv. 37 gjennom Vestfjorddalen må prioriteres.\n\nVi savner jernbanen i teksten.",
        "1. Kommunikasjon, infrastruktur og samferdsel")
    assert items[1, 11].text == "Fagskolen er viktig for hele regionen."
    assert items[1, 11].source == "Kompetanse og innovasjon"  # a strong partial match
    assert items[2, None].text == ("Ja, men bare om alle kommunene er med.\n\n"
                                   "- Felles innkjøp\n- Felles IKT")
    assert items[2, None].source == "Er vi store nok sammen?"


def test_import_bokmal_intro_and_unrecognised_heading_go_to_general_comment():
    proposal = propose_mapping(BOKMAL, QUESTIONS, FOCUS_AREAS)
    assert proposal.general_comment == (
        "Tinn kommune takker for invitasjonen og slutter seg i hovedsak til strategien.\n\n"
        "Uttalelsen ble vedtatt i formannskapet 7. mars.\n\n"
        "Økonomi\n\nKostnadene må fordeles etter innbyggertall.")


def test_import_bokmal_positions_under_focus_area_headings():
    proposal = propose_mapping(BOKMAL, QUESTIONS, FOCUS_AREAS)
    assert proposal.positions == {10: "delvis_enig", 11: "enig"}


def test_import_nynorsk_paragraphs_name_areas_and_state_positions():
    data = _docx(
        ("p", "Sogndal kommune har handsama saka i kommunestyret."),
        ("p", "Kommunikasjon, infrastruktur og samferdsel"),
        ("p", "Vi er einig."),
        ("p", "Vegen over fjellet må opp på lista."),
        ("p", "Næringsutvikling og reiseliv: Me er ueinig. Reiselivet treng meir merksemd."),
        ("p", "Kompetanseutvikling og innovasjon"),
        ("p", "Standpunkt: delvis einig. Fagskulen manglar i planen."),
        ("p", "Einig"),  # not right under the area: an ordinary comment
    )
    proposal = propose_mapping(data, QUESTIONS, FOCUS_AREAS)
    assert proposal.positions == {10: "enig", 12: "uenig", 11: "delvis_enig"}
    assert [(i.focus_area_id, i.text, i.source) for i in proposal.items] == [
        (10, "Vegen over fjellet må opp på lista.", SAMFERDSEL),
        (12, "Reiselivet treng meir merksemd.", NAERING),
        (11, "Fagskulen manglar i planen.\n\nEinig", KOMPETANSE),
    ]
    assert proposal.general_comment == "Sogndal kommune har handsama saka i kommunestyret."


def test_import_keyword_heading_and_sub_headings_stay_in_their_section():
    data = _docx(
        ("h1", "Breiband i heile regionen"),
        ("p", "Fiber til alle grender."),
        ("h2", "Kostnader"),
        ("p", "Staten må bidra."),
        ("h1", "Andre innspel"),
        ("p", "Takk for godt arbeid."),
    )
    proposal = propose_mapping(data, QUESTIONS, FOCUS_AREAS)
    assert proposal.items == (MappedText(
        1, 10, "Fiber til alle grender.\n\nKostnader\n\nStaten må bidra.",
        "Breiband i heile regionen"),)
    assert proposal.general_comment == "Andre innspel\n\nTakk for godt arbeid."


def test_import_without_position_question_maps_areas_to_no_question():
    data = _docx(("h1", KOMPETANSE), ("p", "Uenig"), ("p", "For lite om skule."))
    proposal = propose_mapping(data, [SIZE_Q], FOCUS_AREAS)
    assert proposal.items == (MappedText(None, 11, "For lite om skule.", KOMPETANSE),)
    assert proposal.positions == {11: "uenig"}


def test_import_headings_matching_nothing_leave_everything_in_general_comment():
    data = _docx(
        ("title", "Uttale frå Luster kommune"),
        ("h1", "Bakgrunn"),
        ("p", "Kommunen har drøfta strategien i eit ope møte."),
        ("h1", "Vurdering"),
        ("p", "Vi ser behov for tettare samarbeid om helse."),
        ("bullet", "Legevakt"),
    )
    proposal = propose_mapping(data, QUESTIONS, FOCUS_AREAS)
    assert proposal.items == ()
    assert proposal.positions == {}
    assert proposal.general_comment == (
        "Bakgrunn\n\nKommunen har drøfta strategien i eit ope møte.\n\n"
        "Vurdering\n\nVi ser behov for tettare samarbeid om helse.\n\n- Legevakt")


def test_import_table_with_area_position_and_comment_columns():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    rows = [("Satsingsområde", "Standpunkt", "Kommentar"),
            (SAMFERDSEL, "Uenig", "Veg før bane."),
            (NAERING, "Ingen merknad", "")]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    proposal = propose_mapping(out.getvalue(), QUESTIONS, FOCUS_AREAS)
    assert proposal.positions == {10: "uenig", 12: "ingen_merknad"}
    assert proposal.items == (MappedText(1, 10, "Veg før bane.", SAMFERDSEL),)
    assert proposal.general_comment == ""


RANKING_Q = QuestionSpec(4, "Ranger satsingsområdene etter hvor viktige de er for dere.", "ranking")
RANKED = [POSITION_Q, RANKING_Q, SIZE_Q, OTHER_Q]


def _table(document, rows) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("lines", [
    [("p", f"1. {NAERING}"), ("p", f"2. {SAMFERDSEL}"), ("p", f"3. {KOMPETANSE}")],
    [("p", f"{NAERING}: 1"), ("p", f"{SAMFERDSEL}: 2"), ("p", f"{KOMPETANSE} – 3")],
    [("number", NAERING), ("number", SAMFERDSEL), ("number", KOMPETANSE)],  # Word's own numbering
])
def test_import_a_ranking_written_as_lines_fills_the_ranking_and_no_comment(lines):
    document = docx.Document()
    document.add_heading(SAMFERDSEL, 1)
    document.add_paragraph("Veg før bane.")
    document.add_heading(RANKING_Q.text, 1)
    for kind, text in lines:
        document.add_paragraph(text, style="List Number" if kind == "number" else None)
    document.add_heading(OTHER_Q.text, 1)
    document.add_paragraph("Takk for arbeidet.")
    proposal = propose_mapping(_saved(document), RANKED, FOCUS_AREAS)
    assert proposal.ranks == {12: 1, 10: 2, 11: 3}
    assert [(i.question_id, i.focus_area_id, i.text) for i in proposal.items] == [
        (1, 10, "Veg før bane."), (3, None, "Takk for arbeidet.")]


def test_import_a_ranking_table_with_a_heading_row_ranks_wherever_it_stands():
    document = docx.Document()
    document.add_heading(SAMFERDSEL, 1)
    document.add_paragraph("Veg før bane.")
    _table(document, [("Prioritet", "Satsingsområde"), ("2", SAMFERDSEL), ("1", KOMPETANSE), ("3", NAERING)])
    proposal = propose_mapping(_saved(document), RANKED, FOCUS_AREAS)
    assert proposal.ranks == {10: 2, 11: 1, 12: 3}
    assert proposal.items == (MappedText(1, 10, "Veg før bane.", SAMFERDSEL),)


def test_import_a_table_that_is_not_a_ranking_stays_text():
    document = docx.Document()
    document.add_heading(SAMFERDSEL, 1)
    document.add_paragraph("Tiltakene vi ber om:")
    _table(document, [("Tiltak", "Kostnad"), ("Ny bussrute", "2 mill."), ("Gang- og sykkelveg", "3")])
    document.add_heading(RANKING_Q.text, 1)
    _table(document, [("Satsingsområde", "Kommentar"), (KOMPETANSE, "Viktigst for oss.")])
    proposal = propose_mapping(_saved(document), RANKED, FOCUS_AREAS)
    assert proposal.ranks == {}
    assert _by_target(proposal)[1, 10].text == (
        "Tiltakene vi ber om:\n\nTiltak\n\nKostnad\n\nNy bussrute\n\n2 mill.\n\nGang- og sykkelveg\n\n3")
    assert _by_target(proposal)[1, 11].text == "Viktigst for oss."
    # Without a ranking question nothing is read as one, and a «1» in a table is the table's text
    plain = propose_mapping(_saved(_ranking_table_document()), QUESTIONS, FOCUS_AREAS)
    assert plain.ranks == {} and _by_target(plain)[1, 10].text == "1"


def _ranking_table_document():
    document = docx.Document()
    _table(document, [("Satsingsområde", "Rangering"), (SAMFERDSEL, "1"), (KOMPETANSE, "2"), (NAERING, "3")])
    return document


def test_import_places_outside_the_ranking_and_tables_of_numbers_are_read_with_care():
    # Places in any order make a ranking table even without a heading row; places repeated or past the
    # number of focus areas do not, unless the table stands under the ranking question
    def table(rows, under_ranking=False):
        document = docx.Document()
        if under_ranking:
            document.add_heading(RANKING_Q.text, 1)
        _table(document, rows)
        return propose_mapping(_saved(document), RANKED, FOCUS_AREAS)

    assert table([(SAMFERDSEL, "2"), (NAERING, "1")]).ranks == {10: 2, 12: 1}
    assert table([(SAMFERDSEL, "2"), (NAERING, "2")]).ranks == {}
    assert table([(SAMFERDSEL, "2"), (NAERING, "2")], under_ranking=True).ranks == {10: 2, 12: 2}
    assert table([(SAMFERDSEL, "7"), (NAERING, "1")], under_ranking=True).ranks == {}
    # «1. Samferdsel» is a numbered heading line outside the ranking, not a place
    numbered = propose_mapping(_docx(("p", f"1. {SAMFERDSEL}"), ("p", "Veg før bane.")), RANKED, FOCUS_AREAS)
    assert numbered.ranks == {} and _by_target(numbered)[1, 10].text == "Veg før bane."


def test_import_is_deterministic():
    assert propose_mapping(BOKMAL, QUESTIONS, FOCUS_AREAS) == propose_mapping(
        BOKMAL, QUESTIONS, FOCUS_AREAS)


@pytest.mark.parametrize("data", [b"dette er ikke et Word-dokument", BOKMAL[: len(BOKMAL) // 2], b""])
def test_import_corrupt_file_raises_draft_read_error(data):
    with pytest.raises(DraftReadError) as caught:
        propose_mapping(data, QUESTIONS, FOCUS_AREAS)
    assert str(caught.value)  # a Norwegian message for the user


@pytest.mark.parametrize(("text", "expected"), [
    ("Enig", ("enig", "")),
    ("Delvis enig.", ("delvis_enig", "")),
    ("Uenig", ("uenig", "")),
    ("Standpunkt: delvis enig", ("delvis_enig", "")),
    ("Vi er einig", ("enig", "")),
    ("Me er delvis einige.", ("delvis_enig", "")),
    ("Tinn kommune er ikke enig", ("uenig", "")),
    ("Ingen merknader", ("ingen_merknad", "")),
    ("Einig i forslaget.", ("enig", "")),
    ("Uenig. Vegen mangler.", ("uenig", "Vegen mangler.")),
    ("Standpunkt: enig i hovedsak, men vegen må med.", ("enig", "Enig i hovedsak, men vegen må med.")),
    ("Standpunkt: ueinig. Planen manglar heilt det som gjeld ferjesambanda våre.",
     ("uenig", "Planen manglar heilt det som gjeld ferjesambanda våre.")),
    ("Vi er enige i at samferdsel er det viktigste for hele regionen.", None),
    ("Enighet er viktig", None),
    ("Samferdsel er viktig", None),
])
def test_parse_position_short_statements_in_bokmal_and_nynorsk(text, expected):
    assert parse_position(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ja", (True, "")),
    ("Nei.", (False, "")),
    ("Ja takk", (True, "")),
    ("Jo, det gjer vi.", (True, "Jo, det gjer vi.")),
    ("Nei. Vi har eiga legevakt.", (False, "Vi har eiga legevakt.")),
    ("Ja – fra 2026.", (True, "fra 2026.")),
    ("Ja, men bare om alle kommunene er med.", (True, "Ja, men bare om alle kommunene er med.")),
    ("Jakt og fiske er viktig for oss.", None),
    ("Nei-siden vant i folkeavstemningen.", None),
    ("Ja eller nei er ikke så enkelt å svare her.", None),
    ("Nei?", None),
])
def test_parse_yes_no_in_bokmal_and_nynorsk(text, expected):
    assert parse_yes_no(text) == expected


def test_import_a_yes_or_no_under_its_question_is_the_answer_and_the_rest_its_comment():
    joint = QuestionSpec(4, "Støtter dere felles legevakt?", "yes_no")
    data = _docx(("h1", "Støtter dere felles legevakt?"), ("p", "Nei. Vi har egen legevakt."),
                 ("p", "Den fungerer godt."), ("h1", "Er vi store nok sammen?"), ("p", "Ja"))
    proposal = propose_mapping(data, [*QUESTIONS, joint], FOCUS_AREAS)
    assert proposal.yes_no == {4: False}  # "Ja" under a free-text question is its text, not a yes
    items = _by_target(proposal)
    assert items[(4, None)].text == "Vi har egen legevakt.\n\nDen fungerer godt."
    assert items[(2, None)].text == "Ja"
    # Only a paragraph right under the question answers it; a later "Nei" is text
    later = propose_mapping(_docx(("h1", "Støtter dere felles legevakt?"), ("p", "Vi har drøftet det."),
                                  ("p", "Nei.")), [joint], FOCUS_AREAS)
    assert later.yes_no == {} and _by_target(later)[(4, None)].text == "Vi har drøftet det.\n\nNei."


@pytest.mark.parametrize("title", ["Høyringssvar frå Kongsberg kommune", "Høringsuttalelse – Tinn kommune",
                                   "Uttalelse fra formannskapet i Rollag"])
def test_import_a_heading_that_only_names_the_response_is_not_a_comment(title):
    proposal = propose_mapping(_docx(("h1", title), ("p", "Vi har òg merknader til arbeidet med planen.")),
                               QUESTIONS, FOCUS_AREAS)
    assert title not in proposal.general_comment
    assert "Vi har òg merknader" in proposal.general_comment
    # A heading that says something stays: it is the writer's own words
    kept = propose_mapping(_docx(("h1", "Kultur og frivillighet mangler"), ("p", "Det må med.")), QUESTIONS, FOCUS_AREAS)
    assert "Kultur og frivillighet mangler" in kept.general_comment


def _lines(*texts: str) -> list[Block]:
    return [Block("paragraph", text, 0) for text in texts]


@pytest.mark.parametrize("lines, found", [
    (("Vår ref.: 19/1234-5", "Kommunestyret vedtok i møte 20.06.2019 følgjande fråsegn:"),
     {"case_number": "19/1234-5", "decision_date": "2019-06-20", "adopted_by": "kommunestyre"}),
    # a case goes from the executive committee to the council: the latest date decides
    (("Saksprotokoll i Kommunestyret - 20.06.2019", "Saksprotokoll i Formannskapet - 12.06.2019"),
     {"decision_date": "2019-06-20", "adopted_by": "kommunestyre"}),
    (("Arkivsak:", "2019/00234", "Fylkesutvalet handsama saka i møte 5. mai 2019."),
     {"case_number": "2019/00234", "decision_date": "2019-05-05", "adopted_by": "fylkesutvalg"}),
    (("Vedtatt av kommunedirektøren etter delegert myndighet 3.4.19",),
     {"decision_date": "2019-04-03", "adopted_by": "administrasjon"}),
    (("Vedtaksdato: 2019-06-20",), {"decision_date": "2019-06-20"}),
    # a recommendation is not a decision, a date without a year is no date, a wish is no decision
    (("Formannskapets innstilling til vedtak 12.06.2019",), {}),
    (("Kommunestyret behandlet saken 12. juni.",), {}),
    (("Vi mener et vedtak om bredbånd bør fattes innen 2030.",), {}),
    (("Kommunestyret vedtok 31.02.2019 å støtte planen.",), {}),
    (("Tabell 19/20 viser tallene",), {}),
])
def test_the_documents_own_adoption_is_read_from_its_short_lines(lines, found):
    assert read_decision(_lines(*lines)) == found


def test_the_adoption_is_not_read_from_the_answers_long_paragraphs():
    long = "Kommunestyret vedtok 20.06.2019 å støtte planen. " + "Vi har mange merknader til planen. " * 10
    assert read_decision(_lines(long)) == {}
