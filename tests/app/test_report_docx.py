"""The Word summary report: written, opened again with python-docx, and read back."""
from __future__ import annotations

import ast
import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from app.reports.data import (
    ADOPTED,
    MEETING,
    AreaReport,
    AreaSummary,
    Minutes,
    OverviewRow,
    Quote,
    RankRow,
    ReportData,
    RoundStatus,
    ThemeReport,
)
from app.reports.docx_writer import report_docx, report_filename, short_quote

FOCUS_AREAS = (
    ("Samfunnsutvikling", "Kommunikasjon, infrastruktur og samferdsel"),
    ("Samfunnsutvikling", "Kompetanseutvikling og innovasjon"),
    ("Samfunnsutvikling", "Fellesprosjekter innen næringsutvikling og steds- og områdeutvikling"),
    ("Tjenesteutvikling", "Kvalitet i tjenesteleveranse"),
    ("Tjenesteutvikling", "Kompetanseutvikling"),
    ("Tjenesteutvikling", "Innovasjon og digitalisering"),
)
QUESTIONS = ("Hva betyr de nye regionene for oss?", "Er vi store nok sammen?")


def make_data(language: str = "nb", areas: int = 6) -> ReportData:
    """A small round: two responses, one meeting, two focus areas with content."""
    titles = tuple(title for _, title in FOCUS_AREAS[:areas])
    first = AreaReport(
        title=FOCUS_AREAS[0][1], group="Samfunnsutvikling",
        support={"enig": ("Kongsberg kommune", "Tinn kommune"), "delvis_enig": ("Notodden kommune",),
                 "uenig": (), "ingen_merknad": ("Rollag kommune",)},
        themes=(ThemeReport(
            label="Bedre kollektivtilbud", consultees=("Tinn kommune", "Notodden kommune"),
            quotes=(Quote("Tinn kommune", "Bussen til Rjukan må gå oftere, også i helgene.", "nb"),
                    Quote("Notodden kommune", "Togforbindelsen til Porsgrunn bør prioriteres " * 30, "nb"),
                    Quote("Hjartdal kommune", "Kollektivtilbodet til Notodden må styrkjast.", "nn"),
                    Quote("Rollag kommune", "Ekspressbussen bør stoppe i Rollag.", "nb", kind=MEETING)),
            assessment="Delvis tatt til følge",
            assessment_text="Strategien nevner kollektivtilbudet, men ikke rutene."),
            ThemeReport(label="Vinterbrøyting", consultees=("Rollag kommune",), quotes=(), assessment=None)))
    second = AreaReport(title=FOCUS_AREAS[4][1], group="Tjenesteutvikling",
                        support={"uenig": ("Flesberg kommune",)}, themes=())
    minutes = (
        Minutes(heading="Høringssvar fra Tinn kommune",
                meta="20. juni 2019 · Kommunestyret · sak 19/4976",
                sections=((QUESTIONS[0], "Fraflytting er felles for oss.\n\nVi trenger:\n"
                                         "- bedre vei\n- raskere bredbånd"),
                          (QUESTIONS[1], "Ja, men døren bør stå åpen for flere kommuner."))),
        Minutes(heading="Referat formannskapet i Tinn",
                meta="11. mars 2019 · Formannskapet · Rjukan, rådhuset · Arbeidsmøte ca. 3 timer",
                sections=((QUESTIONS[1], "Vi er store nok nå."),), kind=MEETING,
                attendees="Til stede: Formannskapet i Tinn og daglig leder."),
        Minutes(heading="Høringssvar fra Hjartdal kommune", meta="19. juni 2019",
                sections=((QUESTIONS[0], "Vi treng betre vegar."),), languages=("nn",)),
    )
    positions = ("enig", "delvis_enig", "uenig", "ingen_merknad", None, "enig")[:areas]
    return ReportData(
        language=language, region="Kongsbergregionen", title="Strategi Kongsbergregionen 2019–2030",
        period_start=date(2019, 5, 15),
        period_end=date(2019, 7, 1), invited=8, answered=2, meetings=1, generated=date(2019, 8, 2),
        overview=(OverviewRow("Alle", date(2019, 3, 11), "Representantskapet", "Gruppearbeid ca. 3 timer",
                              kind=MEETING),
                  OverviewRow("Buskerud fylkeskommune", date(2019, 4, 2), "Fylkesadministrasjonen",
                              "Presentasjon ca. 2 timer", kind=MEETING, is_municipality=False),
                  OverviewRow("Tinn kommune", date(2019, 6, 20), "Kommunestyret, sak 19/4976", "Vedtak", kind=ADOPTED),
                  OverviewRow("Hjartdal kommune", None, "Formannskapet", "Høringssvar")),
        areas=(first, second), minutes=minutes, focus_areas=titles,
        matrix=(("Kongsberg kommune", positions), ("Tinn kommune", ("enig",) * areas),
                ("Nore og Uvdal kommune", (None,) * areas)),
        questions=QUESTIONS,
        status=RoundStatus(True, ("Høringen er åpen, og svar kan fortsatt komme.", "Ikke svart: Notodden kommune."),
                           not_answered=("Notodden kommune",), unassessed=1, themes=2),
        summary=(AreaSummary(FOCUS_AREAS[0][1], (
            "To er enige: Kongsberg kommune og Tinn kommune; én er delvis enig: Notodden kommune.",
            "Hjartdal kommune skriver: «Kollektivtilbodet til Notodden må styrkjast.»"), quoted=1, language="nn"),),
        ranking=(RankRow(FOCUS_AREAS[0][1], 1.5, 9, 2, place=1), RankRow(FOCUS_AREAS[4][1], 2.0, 8, 2, place=2)),
        ranking_note="To av tre som har svart, har rangert satsingsområdene.")


def reopen(data: ReportData):
    return docx.Document(io.BytesIO(report_docx(data)))


@pytest.fixture(scope="module")
def bokmal():
    return reopen(make_data("nb", areas=6))


@pytest.fixture(scope="module")
def catalogs():
    """An application context: the report's fixed texts come from its catalogs (app.reports.texts)."""
    from app import create_app
    from app.config import TestConfig

    with create_app(TestConfig()).app_context():
        yield


@pytest.fixture(scope="module")
def nynorsk(catalogs):
    return reopen(make_data("nn", areas=5))


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs
            if p.style.name == "Title" or p.style.name.startswith("Heading")]


def texts(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def body(document) -> list[str]:
    """The paragraphs' texts outside the table of contents."""
    return [p.text for p in document.paragraphs if not p.style.name.startswith("toc")]


def table_with(document, header: str, column: int = 0):
    return [t for t in document.tables if len(t.columns) > column and t.rows[0].cells[column].text == header]


def test_report_docx_headings_in_order_with_word_styles(bokmal):
    assert headings(bokmal) == [
        ("Title", "Strategi Kongsbergregionen 2019–2030"),
        ("Heading 1", "Innledning"),
        ("Heading 1", "Sammendrag"),
        ("Heading 2", "Hva høringsinstansene mener"),
        ("Heading 3", FOCUS_AREAS[0][1]),
        ("Heading 2", "Samlet rangering"),
        ("Heading 2", "Standpunkt per satsingsområde"),
        ("Heading 1", "Oversikt over dialogmøter og høringssvar"),
        ("Heading 2", "Kommuner"),
        ("Heading 2", "Andre høringsinstanser"),
        ("Heading 1", "Samfunnsutvikling: Kommunikasjon, infrastruktur og samferdsel"),
        ("Heading 2", "Bedre kollektivtilbud"),
        ("Heading 2", "Vinterbrøyting"),
        ("Heading 1", "Tjenesteutvikling: Kompetanseutvikling"),
        ("Heading 1", "Standpunkt per høringsinstans og satsingsområde"),
        ("Heading 1", "Vedlegg: Referater og høringssvar"),
        ("Heading 2", "Høringssvar fra Tinn kommune"),
        ("Heading 3", QUESTIONS[0]),
        ("Heading 3", QUESTIONS[1]),
        ("Heading 2", "Referat formannskapet i Tinn"),
        ("Heading 3", QUESTIONS[1]),
        ("Heading 2", "Høringssvar fra Hjartdal kommune"),
        ("Heading 3", QUESTIONS[0]),
    ]


def test_report_docx_introduction_has_norwegian_dates_and_counts(bokmal):
    intro = " ".join(p.text for p in bokmal.paragraphs[:60])
    assert "høringsperioden var 15. mai 2019 – 1. juli 2019." in intro
    assert "Denne oppsummeringen gjelder høringen «Strategi Kongsbergregionen 2019–2030»." in intro
    assert "Kongsbergregionen sendte utkastet på høring" in intro and ".docx" not in intro
    assert "Åtte høringsinstanser ble invitert til å svare, og to har svart." in intro
    assert "I tillegg ble det holdt ett dialogmøte." in intro
    assert "2. august 2019" in intro


def test_report_docx_summary_comes_before_the_overview_with_its_sentences_and_ranking(bokmal):
    paragraphs = body(bokmal)
    summary, overview = paragraphs.index("Sammendrag"), paragraphs.index("Oversikt over dialogmøter og høringssvar")
    assert paragraphs.index("Innledning") < summary < overview
    assert ("To er enige: Kongsberg kommune og Tinn kommune; én er delvis enig: Notodden kommune. "
            "Hjartdal kommune skriver: «Kollektivtilbodet til Notodden må styrkjast.»") in paragraphs[summary:overview]
    assert "To av tre som har svart, har rangert satsingsområdene." in paragraphs[summary:overview]
    ranking, = table_with(bokmal, "Plass")
    assert [[c.text for c in row.cells] for row in ranking.rows] == [
        ["Plass", "Satsingsområde", "Snittplass", "Borda-poeng", "Rangert av"],
        ["1", FOCUS_AREAS[0][1], "1,5", "9", "2"], ["2", FOCUS_AREAS[4][1], "2,0", "8", "2"]]
    chart = paragraphs.index("Standpunkt per satsingsområde")
    assert summary < chart < overview  # the chart beside the ranking, not at the end


def test_report_docx_status_box_and_provisional_mark_on_the_first_page(bokmal):
    styles = [p.style.name for p in bokmal.paragraphs]
    first_page = [p.text for p in bokmal.paragraphs[:styles.index("TOC Heading")]]
    assert any(text.startswith("FORELØPIG") for text in first_page)
    box = bokmal.tables[0]
    lines = [p.text for p in box.rows[0].cells[0].paragraphs]
    assert lines[0] == "Status 2. august 2019"
    assert "Ikke svart: Notodden kommune." in lines
    assert bokmal.sections[0].header.paragraphs[0].text == "Kongsbergregionen · Foreløpig"
    final = reopen(replace(make_data(), status=RoundStatus(False, ("Høringen er avsluttet.",))))
    assert not any("FORELØPIG" in p.text or "Foreløpig" in p.text for p in final.paragraphs)
    assert final.sections[0].header.paragraphs[0].text == "Kongsbergregionen"


def test_report_docx_no_line_for_themes_not_yet_assessed(bokmal):
    paragraphs = body(bokmal)
    assert not any("Ikke vurdert" in p for p in paragraphs)
    assert sum(p.startswith("Sekretariatets vurdering") for p in paragraphs) == 1  # only the assessed theme


def test_report_docx_overview_in_two_tables_with_labelled_dates(bokmal):
    municipal, others = table_with(bokmal, "Dato", column=1)
    rows = [[cell.text for cell in row.cells] for row in municipal.rows]
    assert rows == [["Kommune", "Dato", "Arena", "Beskrivelse"],
                    ["Alle", "Møte 11. mars 2019", "Representantskapet", "Gruppearbeid ca. 3 timer"],
                    ["Tinn kommune", "Vedtatt 20. juni 2019", "Kommunestyret, sak 19/4976", "Vedtak"],
                    ["Hjartdal kommune", "", "Formannskapet", "Høringssvar"]]
    assert [[cell.text for cell in row.cells] for row in others.rows] == [
        ["Navn", "Dato", "Arena", "Beskrivelse"],
        ["Buskerud fylkeskommune", "Møte 2. april 2019", "Fylkesadministrasjonen", "Presentasjon ca. 2 timer"]]
    assert municipal.style.name == "Light Grid Accent 1"
    assert municipal.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    paragraphs = body(bokmal)
    # that meeting notes are working notes is said once, in the appendix that holds them
    assert len([p for p in paragraphs if "arbeidsnotater" in p]) == 1
    assert "arbeidsnotater" in paragraphs[paragraphs.index("Vedlegg: Referater og høringssvar") + 1]


def test_report_docx_support_themes_quotes_and_assessment(bokmal):
    bullets = texts(bokmal, "List Bullet")
    assert "Enig (2): Kongsberg kommune, Tinn kommune" in bullets
    assert "Delvis enig (1): Notodden kommune" in bullets
    assert "Ingen merknad (1): Rollag kommune" in bullets
    assert "Uenig (1): Flesberg kommune" in bullets
    assert not any(b.startswith("Uenig (0)") for b in bullets)
    paragraphs = body(bokmal)
    assert "Tatt opp av: Tinn kommune, Notodden kommune" in paragraphs
    quotes = texts(bokmal, "Quote")
    assert quotes[0] == "«Bussen til Rjukan må gå oftere, også i helgene.» – Tinn kommune"
    assert quotes[1].endswith("…» – Notodden kommune") and len(quotes[1]) < 340
    assessment = next(p for p in bokmal.paragraphs if p.text.startswith("Sekretariatets vurdering"))
    assert assessment.text == ("Sekretariatets vurdering: Delvis tatt til følge. "
                               "Strategien nevner kollektivtilbudet, men ikke rutene.")
    assert assessment.runs[0].bold
    assert "Ingen tema er funnet i merknadene." in paragraphs


def language_of(run) -> str | None:
    lang = run._r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    return None if lang is None else lang.get(qn("w:val"))


def test_report_docx_nynorsk_words_are_tagged_nn_in_a_bokmal_report(bokmal):
    quote = next(p for p in bokmal.paragraphs if p.style.name == "Quote" and "Kollektivtilbodet" in p.text)
    assert [(r.text, language_of(r)) for r in quote.runs] == [
        ("«Kollektivtilbodet til Notodden må styrkjast.»", "nn-NO"), (" – Hjartdal kommune", None)]
    summary = next(p for p in bokmal.paragraphs if "Hjartdal kommune skriver" in p.text)
    tagged = [r.text for r in summary.runs if language_of(r) == "nn-NO"]
    assert tagged == ["Kollektivtilbodet til Notodden må styrkjast."]  # the quote, not the bokmål around it
    answer = next(p for p in bokmal.paragraphs if p.text == "Vi treng betre vegar.")
    assert {language_of(r) for r in answer.runs} == {"nn-NO"}
    bokmal_quote = next(p for p in bokmal.paragraphs if p.style.name == "Quote" and "Bussen" in p.text)
    assert {language_of(r) for r in bokmal_quote.runs} == {None}  # the document's own language


def test_report_docx_minutes_meta_paragraphs_bullets_and_attendees(bokmal):
    paragraphs = body(bokmal)
    start = paragraphs.index("Høringssvar fra Tinn kommune")
    assert paragraphs[start + 1:start + 7] == [
        "20. juni 2019 · Kommunestyret · sak 19/4976", QUESTIONS[0], "Fraflytting er felles for oss.",
        "Vi trenger:", "bedre vei", "raskere bredbånd"]
    outside = [p for p in bokmal.paragraphs if not p.style.name.startswith("toc")]
    assert outside[start + 1].runs[0].italic
    assert outside[start + 5].style.name == "List Bullet"
    meeting = paragraphs.index("Referat formannskapet i Tinn")
    assert paragraphs[meeting + 1] == "11. mars 2019 · Formannskapet · Rjukan, rådhuset · Arbeidsmøte ca. 3 timer"
    assert paragraphs[meeting + 4] == "Til stede: Formannskapet i Tinn og daglig leder."
    minutes = paragraphs.index("Vedlegg: Referater og høringssvar")
    assert "arbeidsnotater og ikke formelle uttalelser" in paragraphs[minutes + 1]


def test_report_docx_leaves_no_heading_intro_or_short_list_alone_at_the_foot_of_a_page():
    """Found on paper: the overview's heading and note at a page's foot with both tables on the next, a
    response's heading and «Mottatt …» line likewise, and a six-line ranking cut after its third line."""
    ranking = "\n".join(f"{n}. {title}" for n, (_group, title) in enumerate(FOCUS_AREAS, start=1))
    data = make_data()
    tinn = replace(data.minutes[0], sections=((QUESTIONS[0], ranking), *data.minutes[0].sections))
    document = reopen(replace(data, minutes=(tinn, *data.minutes[1:])))
    paragraphs = [p for p in document.paragraphs if not p.style.name.startswith("toc")]
    by_text = {p.text: p for p in paragraphs}
    note = next(p for p in paragraphs if p.text.startswith("Tabellene viser først"))
    assert note.paragraph_format.keep_with_next
    assert by_text["20. juni 2019 · Kommunestyret · sak 19/4976"].paragraph_format.keep_with_next
    listed = next(p for p in paragraphs if p.text.startswith("1. "))
    assert listed.paragraph_format.keep_together and "6. " in listed.text
    assert by_text["bedre vei"].paragraph_format.keep_with_next  # a short bulleted list stays together
    assert not by_text["raskere bredbånd"].paragraph_format.keep_with_next


def test_report_docx_contents_are_filled_with_every_heading_as_a_link(bokmal):
    body = bokmal.element.body
    assert texts(bokmal, "TOC Heading") == ["Innhold"]
    entries = [(p.style.name, p.text.rstrip("\t")) for p in bokmal.paragraphs if p.style.name.startswith("toc")]
    listed = [(f"toc {style[-1]}", text) for style, text in headings(bokmal) if style in ("Heading 1", "Heading 2")]
    assert entries == listed and len(entries) > 10
    # Each entry links to a bookmark on its heading, and its page number is a reference to that bookmark
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert len(anchors) == len(entries) and set(anchors) <= bookmarks
    for p in (p for p in bokmal.paragraphs if p.style.name.startswith("toc")):
        anchor = p._p.find(qn("w:hyperlink")).get(qn("w:anchor"))
        assert [i.text.strip() for i in p._p.iter(qn("w:instrText"))] == [f"PAGEREF {anchor} \\h"]
        assert [c.get(qn("w:fldCharType")) for c in p._p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
    assert bokmal.settings.element.find(qn("w:updateFields")) is not None
    footer = bokmal.sections[0].footer.paragraphs[0]
    assert [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Side ") and " av " in footer.text


def test_report_docx_properties_are_true_of_the_file(catalogs):
    moment = datetime(2019, 8, 2, 9, 30, tzinfo=UTC)
    document = docx.Document(io.BytesIO(report_docx(make_data(), now=moment)))
    props = document.core_properties
    assert (props.title, props.subject) == ("Strategi Kongsbergregionen 2019–2030",
                                            "Oppsummering av høringssvar og dialogmøter")
    assert props.author == props.last_modified_by == "Sekretariatet i Kongsbergregionen"
    assert props.created == props.modified == moment
    assert props.language == "nb-NO" and props.content_status == "Foreløpig"
    assert "python-docx" not in f"{props.author}{props.comments}{props.keywords}"
    package = document.part.package
    assert not any(rel.reltype.endswith("/thumbnail") for rel in package.rels.values())
    app = next(p for p in package.parts if p.partname == "/docProps/app.xml").blob.decode()
    assert "<Application>Høring</Application>" in app and "Microsoft" not in app and "<Pages>" not in app
    nynorsk = docx.Document(io.BytesIO(report_docx(make_data("nn"), now=moment))).core_properties
    assert nynorsk.language == "nn-NO" and nynorsk.content_status == "Førebels"


def test_report_docx_matrix_table_and_chart_with_alt_text(bokmal):
    matrix = bokmal.tables[-1]
    assert [c.text for c in matrix.rows[0].cells][:2] == ["Høringsinstans", FOCUS_AREAS[0][1]]
    assert [c.text for c in matrix.rows[1].cells] == ["Kongsberg kommune", "E", "D", "U", "–", "", "E"]
    assert [c.text for c in matrix.rows[3].cells][1:] == [""] * 6
    assert matrix.style.name == "Light Grid Accent 1"
    assert any(p.text.startswith("E = enig, D = delvis enig, U = uenig, – = ingen merknad")
               for p in bokmal.paragraphs)
    assert len(bokmal.inline_shapes) == 1
    picture = bokmal.inline_shapes[0]
    alt = picture._inline.docPr.get("descr")
    assert alt and "Kommunikasjon, infrastruktur og samferdsel: enig 2, delvis enig 0" in alt
    blob = bokmal.part.related_parts[picture._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob.startswith(b"\x89PNG")


def test_report_docx_matrix_in_landscape_when_more_than_five_areas(bokmal, nynorsk):
    orientations = [s.orientation for s in bokmal.sections]
    # portrait pages, the matrix turned, and the minutes upright again
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    first, wide = bokmal.sections[0], bokmal.sections[1]
    assert first.page_height > first.page_width and wide.page_width > wide.page_height
    assert len(nynorsk.sections) == 1
    assert nynorsk.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_report_docx_in_nynorsk_has_nynorsk_headings_and_labels(nynorsk):
    found = [text for _, text in headings(nynorsk)]
    assert "Innleiing" in found and "Oversikt over dialogmøte og høyringssvar" in found
    assert "Samandrag" in found and "Kommunar" in found
    assert "Vedlegg: Referat og høyringssvar" in found and "Vedlegg: Referater og høringssvar" not in found
    municipal = table_with(nynorsk, "Dato", column=1)[0]
    assert [c.text for c in municipal.rows[0].cells] == ["Kommune", "Dato", "Arena", "Skildring"]
    assert municipal.rows[2].cells[1].text == "Vedteke 20. juni 2019"
    paragraphs = body(nynorsk)
    assert ("Sekretariatet si vurdering: Delvis teke til følgje. "
            "Strategien nevner kollektivtilbudet, men ikke rutene.") in paragraphs
    assert "Einig (2): Kongsberg kommune, Tinn kommune" in texts(nynorsk, "List Bullet")
    assert "Teke opp av: Tinn kommune, Notodden kommune" in paragraphs
    assert any("høyringsperioden var 15. mai 2019 – 1. juli 2019." in p for p in paragraphs)
    assert any("vart det halde eitt dialogmøte" in p for p in paragraphs)
    assert any(p.startswith("FØREBELS") for p in paragraphs)
    assert texts(nynorsk, "TOC Heading") == ["Innhald"]
    # A nynorsk quote in a nynorsk report carries no tag of its own; a bokmål one is tagged nb-NO
    quotes = {r.text: language_of(r) for p in nynorsk.paragraphs if p.style.name == "Quote" for r in p.runs[:1]}
    assert quotes["«Kollektivtilbodet til Notodden må styrkjast.»"] is None
    assert quotes["«Bussen til Rjukan må gå oftere, også i helgene.»"] == "nb-NO"


def test_report_docx_empty_round_still_opens():
    data = replace(make_data(), overview=(), areas=(), minutes=(), focus_areas=(), matrix=(), meetings=0,
                   summary=(), ranking=(), ranking_note="", status=RoundStatus(False, ()))
    document = reopen(data)
    assert [text for _, text in headings(document)] == [
        "Strategi Kongsbergregionen 2019–2030", "Innledning", "Sammendrag", "Oversikt over dialogmøter og høringssvar",
        "Vedlegg: Referater"]
    assert "Ingen svar eller møter er registrert." in [p.text for p in document.paragraphs]
    assert not document.tables and not document.inline_shapes


def test_report_docx_filename_says_provisional_while_provisional_and_short_quote(catalogs):
    assert report_filename(make_data()) == "oppsummering-forelopig-strategi-kongsbergregionen-2019-2030.docx"
    final = replace(make_data(), status=RoundStatus(False, ()))
    assert report_filename(final) == "oppsummering-strategi-kongsbergregionen-2019-2030.docx"
    assert report_filename(make_data("nn")).startswith("oppsummering-forebels-")
    assert report_filename(make_data(), "xlsx").endswith(".xlsx")
    # The spreadsheet says «foreløpig» in its name too, while the report does
    assert report_filename(make_data(), "xlsx", "innspill") == "innspill-forelopig-strategi-kongsbergregionen-2019-2030.xlsx"
    assert report_filename(final, "xlsx", "innspill") == "innspill-strategi-kongsbergregionen-2019-2030.xlsx"
    assert short_quote("Kort  og\ngreit.") == "Kort og greit."
    assert short_quote("ord " * 200, limit=20) == "ord ord ord ord …"


def test_report_writers_import_no_flask_and_no_database():
    allowed = ("__future__", "io", "re", "textwrap", "collections", "dataclasses", "datetime", "decimal", "functools", "docx",
               "matplotlib", "openpyxl", "xml.sax.saxutils", "app.reports.data", "app.reports.chart",
               "app.reports.summary", "app.responses.receipt", "app.snapshot", "app.word",
               "app.text", "app.reports.texts", "app.positions", "app.withheld")  # app.withheld: pure matching
    # app.reports.texts reads the catalogs through Flask-Babel (bokmål outside an application context);
    # it touches neither the database nor the request
    for module in ("reports/data", "reports/docx_writer", "reports/xlsx_writer", "word", "reports/chart",
                   "reports/summary", "reports/letter"):
        tree = ast.parse((Path(__file__).parents[2] / "app" / f"{module}.py").read_text())
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        names = [n for n in names if n not in ("app", "app.reports")]  # `from app import word`
        assert [n for n in names if not n.startswith(allowed)] == [], module


def test_report_docx_fast_paragraphs_write_what_python_docx_writes():
    from lxml import etree

    from app.reports.docx_writer import _Document

    cases = [("", None), ("Innledning", "Heading 1"), ("  space at the edges ", None), ("a\tb\nc", "List Bullet"),
             ("Sitat", "Quote"), ("Tittel", "Title"), ("Vanlig", "Normal")]
    plain, fast = docx.Document(), _Document(docx.Document())
    for text, style in cases:
        plain.add_paragraph(text, style)
        fast.add_paragraph(text, style)
    fast.add_heading("Overskrift", 3)  # below the levels the contents list, so without a bookmark
    plain.add_heading("Overskrift", 3)
    assert etree.tostring(fast.document.element.body) == etree.tostring(plain.element.body)


def test_report_chart_of_many_areas_is_cut_into_pictures_that_fit_a_printed_page():
    from PIL import Image

    from app.positions import CODES
    from app.reports.chart import AREAS_PER_PICTURE, chart_pages, chart_png

    areas = [f"Område {n}" for n in range(2 * AREAS_PER_PICTURE + 1)]
    counts = {key: list(range(len(areas))) if key == "enig" else [1] * len(areas) for key in CODES}
    pages = chart_pages(areas, counts)
    assert [len(part) for part, _ in pages] == [9, 9, 7]  # even parts, none of one or two bars
    assert [a for part, _ in pages for a in part] == areas
    assert pages[2][1]["enig"] == list(range(18, 25)) and chart_pages([], counts) == []
    tallest = Image.open(io.BytesIO(chart_png(*chart_pages(areas[:AREAS_PER_PICTURE], counts)[0],
                                              {key: key for key in CODES}, "Antall")))
    width, height = tallest.size
    assert height / width * 16.0 < 22.0  # centimetres, at a page's 16 cm of text width


def test_a_chart_drawn_for_the_same_figures_is_reused_and_any_change_draws_it_again():
    from app.positions import CODES
    from app.reports.chart import _drawn, chart_png

    counts = {key: [1, 2] for key in CODES}
    labels = {key: key.title() for key in CODES}
    first = chart_png(["Samferdsel", "Helse"], counts, labels, "Antall", 4)
    drawn = _drawn.cache_info().misses
    assert chart_png(("Samferdsel", "Helse"), {k: list(v) for k, v in counts.items()}, dict(labels), "Antall", 4) is first
    assert _drawn.cache_info().misses == drawn
    changed = [chart_png(["Samferdsel", "Helse"], {**counts, "enig": [2, 1]}, labels, "Antall", 4),
               chart_png(["Samferdsel", "Eldre"], counts, labels, "Antall", 4),
               chart_png(["Samferdsel", "Helse"], counts, {**labels, "enig": "Samd"}, "Antall", 4),
               chart_png(["Samferdsel", "Helse"], counts, labels, "Tal", 4),
               chart_png(["Samferdsel", "Helse"], counts, labels, "Antall", 6)]
    assert _drawn.cache_info().misses == drawn + 5
    assert len({first, *changed}) == 6


def test_the_introduction_says_also_once_with_public_input_and_meetings(catalogs):
    from app.reports.texts import introduction

    paragraphs = introduction("nb", title="Strategi", region="Regionen", period_start=date(2019, 5, 15),
                              period_end=date(2019, 7, 1), invited=8, answered=2, meetings=3,
                              generated=date(2019, 8, 2), public_input=4)
    assert paragraphs[1].count("I tillegg") == 1 and "Det ble også holdt tre dialogmøter." in paragraphs[1]


def test_report_docx_keeps_the_positions_lead_with_its_list(bokmal):
    leads = [p for p in bokmal.paragraphs if p.text == "Standpunkt fra høringsinstansene:"]
    assert leads and all(p.paragraph_format.keep_with_next for p in leads)


def test_report_docx_says_which_quotes_come_from_a_meeting(bokmal):
    quotes = [p.text for p in bokmal.paragraphs if p.style.name == "Quote"]
    assert "«Ekspressbussen bør stoppe i Rollag.» – Rollag kommune, i dialogmøte" in quotes
    assert "«Bussen til Rjukan må gå oftere, også i helgene.» – Tinn kommune" in quotes


def test_report_docx_keeps_a_theme_heading_and_its_raised_by_line_with_the_quotes(bokmal):
    paragraphs = bokmal.paragraphs
    at = next(n for n, p in enumerate(paragraphs) if p.text == "Bedre kollektivtilbud")
    heading, raised = paragraphs[at], paragraphs[at + 1]
    assert raised.text.startswith("Tatt opp av")
    assert heading.paragraph_format.keep_with_next and raised.paragraph_format.keep_with_next
    area = next(p for p in paragraphs if p.text.endswith(FOCUS_AREAS[0][1]) and p.style.name == "Heading 1")
    assert area.paragraph_format.keep_with_next


def test_report_chart_tells_positions_apart_in_black_and_white_with_readable_numbers():
    from app.positions import Position
    from app.reports.chart import HATCHES, chart_figure

    labels = (("delvis_enig", "Delvis enig"), ("enig", "Enig"), ("ingen_merknad", "Ingen merknad"), ("uenig", "Uenig"))
    counts = (("delvis_enig", (2,)), ("enig", (3,)), ("ingen_merknad", (1,)), ("uenig", (2,)))
    figure = chart_figure(("Samferdsel",), counts, labels, "Antall", None)
    axes = figure.axes[0]
    hatches = [patch.get_hatch() or "" for patch in axes.patches]
    assert len(set(hatches)) == len(Position) == len(set(HATCHES.values()))
    legend = [handle.get_hatch() or "" for handle in axes.get_legend().get_patches()]
    assert legend == [HATCHES[p] for p in Position]  # the legend shows each position's hatching
    colours = {p: text.get_color() for p, text in zip(Position, axes.texts, strict=True)}
    assert colours == {Position.AGREE: "white", Position.PARTLY: "black", Position.DISAGREE: "white",
                       Position.NO_COMMENT: "black"}


def test_the_introduction_writes_small_counts_in_words_and_promises_assessments_only_when_made(catalogs):
    from app.reports.texts import introduction

    common = dict(title="Strategi", region="Regionen", period_start=date(2019, 5, 15), period_end=date(2019, 7, 1),
                  invited=8, answered=6, meetings=3, generated=date(2019, 7, 8))
    paragraphs = introduction("nb", **common, assessed=False)
    assert paragraphs[1] == "Åtte høringsinstanser ble invitert til å svare, og seks har svart. " \
                            "I tillegg ble det holdt tre dialogmøter."
    assert "vurdering" not in paragraphs[2] and "standpunkt og tema for hvert satsingsområde" in paragraphs[2]
    assert "sekretariatets vurdering for hvert satsingsområde" in introduction("nb", **common, assessed=True)[2]
    nynorsk = introduction("nn", **common, assessed=False)
    assert nynorsk[1].startswith("Åtte høyringsinstansar vart inviterte til å svare, og seks har svart.")


def test_the_introduction_says_beside_the_deadline_that_an_extension_keeps_the_round_open(catalogs):
    from app.reports.texts import introduction

    common = dict(title="Strategi", region="Regionen", period_start=date(2019, 5, 15), period_end=date(2019, 7, 1),
                  invited=8, answered=6, meetings=0)
    extended = (("Buskerud fylkeskommune", "21. juli 2019"),)
    late = introduction("nb", **common, generated=date(2019, 7, 8), extensions=extended)[0]
    assert late.endswith("høringsperioden var 15. mai 2019 – 1. juli 2019. Høringen er likevel fortsatt åpen "
                         "fordi utsatt frist løper for Buskerud fylkeskommune (til 21. juli 2019).")
    # before the deadline the round is open anyway: no word of the extension
    assert "utsatt" not in introduction("nb", **common, generated=date(2019, 6, 8), extensions=extended)[0]


def test_the_status_box_says_none_of_the_themes_is_assessed_rather_than_n_of_n(catalogs):
    from app.reports.summary import status_lines

    def line(unassessed, themes, final=False):
        return status_lines(language="nb", is_open=not final, not_answered=(), extensions=(), requested=(), late=(),
                            unassessed=unassessed, themes=themes, final=final)[-1]

    assert line(16, 16) == "Ingen av de 16 temaene er vurdert ennå."
    assert line(5, 5) == "Ingen av de fem temaene er vurdert ennå."
    assert line(1, 1) == "Temaet er ikke vurdert ennå."
    assert line(16, 16, final=True) == "Ingen av de 16 temaene er vurdert."
    assert line(3, 16) == "Sekretariatet har ennå ikke vurdert 3 av 16 tema."


def test_report_docx_question_headings_drop_the_full_stop_and_the_appendix_names_what_it_holds(bokmal):
    from app.reports.docx_writer import appendix_heading, words_for

    question = "Ranger satsingsområdene etter hvor viktige de er for dere."
    data = make_data("nb", areas=2)
    ranked = replace(data, minutes=(Minutes("Høringssvar fra Tinn kommune", "", ((question, "1. Samferdsel"),)),))
    found = [text for _, text in headings(reopen(ranked))]
    assert "Ranger satsingsområdene etter hvor viktige de er for dere" in found and question not in found
    assert found[-3:-1] == ["Vedlegg: Høringssvar", "Høringssvar fra Tinn kommune"]  # no meeting notes: no «Referater»
    meetings_only = replace(data, minutes=tuple(m for m in data.minutes if m.kind == MEETING))
    assert appendix_heading(meetings_only, words_for("nb")) == "Vedlegg: Referater"


def test_meeting_minutes_are_headed_as_a_meeting_with_the_consultee_whatever_its_name(db, demo):
    from app.reports.services import collect
    from app.timeutil import utcnow

    headings = [m.heading for m in collect(demo, utcnow().date()).minutes if m.kind == MEETING]
    assert headings == ["Referat: fellesmøte i representantskapet", "Referat: møte med Tinn kommune (formannskapet)",
                        "Referat: møte med Buskerud fylkeskommune (fylkesadministrasjonen)"]


def test_report_docx_matrix_lists_the_invited_who_have_not_answered_with_empty_cells(bokmal):
    (matrix,) = table_with(bokmal, "Høringsinstans")
    rows = [[cell.text for cell in row.cells] for row in matrix.rows[1:]]
    assert [row[0] for row in rows] == ["Kongsberg kommune", "Tinn kommune", "Nore og Uvdal kommune",
                                        "Notodden kommune"]
    assert rows[-1][1:] == [""] * len(FOCUS_AREAS)
