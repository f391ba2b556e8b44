"""Tests for the draft reader: .docx and pasted text in, blocks and proposed focus areas out."""

import io
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from app.draft_reader import (
    Block,
    DraftReadError,
    ProposedFocusArea,
    blocks_to_text,
    check_package,
    propose_focus_areas,
    read_docx,
    read_text,
)
from app.word_package import MAX_PART_BYTES
from tests.app import worst_documents

DRAFT_READER_PATH = Path(__file__).resolve().parents[2] / "app/draft_reader.py"

SOCIETY = "Samfunnsutvikling"
SERVICES = "Tjenesteutvikling"
SOCIETY_AREAS = [
    "Kommunikasjon/infrastruktur/samferdsel",
    "Kompetanseutvikling og innovasjon",
    "Fellesprosjekter innen næringsutvikling og steds- og områdeutvikling",
]
SERVICE_AREAS = [
    "Kvalitet i tjenesteleveranse", "Kompetanseutvikling", "Innovasjon og digitalisering"]
SOCIETY_LEAD = "Felles politisk tyngde for vekst og nye arbeidsplasser i hele regionen"
SERVICE_LEAD = "Kommunene går sammen om robuste og gode tjenester for innbyggerne"
SOCIETY_HOW = ["Enes tidlig om sakene vi løfter sammen", "Møte godt forberedt i planprosesser"]
SERVICE_HOW = ["Faglige nettverk på tvers av kommunene", "Lære av hverandre og av andre"]
PREMISES = ["Alle deltar som likeverdige parter", "Alle stiller opp for felles saker"]


# --- builders --------------------------------------------------------------------------

def _docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_numbering(document, fmt: str, num_id: int) -> int:
    """Add a two-level numbering definition with the given numFmt; return its numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">'
        f'<w:lvl w:ilvl="0"><w:numFmt w:val="{fmt}"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:numFmt w:val="{fmt}"/></w:lvl></w:abstractNum>')
    first_num = numbering.find(abstract.tag.replace("abstractNum", "num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: abstractNum before num
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{num_id}"/></w:num>'))
    return num_id


def _numpr_item(document, text: str, num_id: int, level: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _kongsberg_docx(bullets: str = "styles", bold_headings: bool = False) -> bytes:
    """The one-page two-group strategy shape, with list styles or with direct numPr bullets;
    its headings either in heading styles or, as often in real files, bold Normal lines."""
    document = docx.Document()
    bullet_id = _add_numbering(document, "bullet", 71) if bullets == "numpr" else None

    def heading(text: str, level: int) -> None:
        if bold_headings:
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_heading(text, level=level)

    def bullet(text: str) -> None:
        if bullet_id is None:
            document.add_paragraph(text, style="List Bullet")
        else:
            _numpr_item(document, text, bullet_id)

    heading("Strategi for Fjellregionen 2025–2035", 0)
    document.add_paragraph("Visjon: Et synlig fellesskap som skaper verdier!")
    for group, lead, areas, how in ((SOCIETY, SOCIETY_LEAD, SOCIETY_AREAS, SOCIETY_HOW),
                                    (SERVICES, SERVICE_LEAD, SERVICE_AREAS, SERVICE_HOW)):
        heading(group, 1)
        document.add_paragraph(lead)
        document.add_paragraph("")
        document.add_paragraph("Hovedsatsningsområder er:")
        for area in areas:
            bullet(area)
        document.add_paragraph("Hvordan:")
        for item in how:
            bullet(item)
    heading("Premisser for samarbeidet", 1)
    for premise in PREMISES:
        document.add_paragraph(premise, style="List Number")
    return _docx_bytes(document)


KONGSBERG_MARKDOWN = f"""# Strategi for Fjellregionen 2025–2035

Visjon: Et synlig fellesskap som skaper verdier!

## {SOCIETY}

{SOCIETY_LEAD}

Hovedsatsningsområder er:

- {SOCIETY_AREAS[0]}
- {SOCIETY_AREAS[1]}
- {SOCIETY_AREAS[2]}

Hvordan:

* {SOCIETY_HOW[0]}
* {SOCIETY_HOW[1]}

## {SERVICES}

{SERVICE_LEAD}

Hovedsatsningsområder er:
- {SERVICE_AREAS[0]}
- {SERVICE_AREAS[1]}
- {SERVICE_AREAS[2]}

Hvordan:
- {SERVICE_HOW[0]}
- {SERVICE_HOW[1]}

## Premisser for samarbeidet

1. {PREMISES[0]}
2. {PREMISES[1]}
"""

# As pasted from the slide: no markers, lead sentences without a final period.
KONGSBERG_PLAIN = f"""Strategi for Fjellregionen 2025–2035

Visjon: Et synlig fellesskap som skaper verdier!

{SOCIETY}

{SOCIETY_LEAD}

Hovedsatsningsområder er:

• {SOCIETY_AREAS[0]}
• {SOCIETY_AREAS[1]}
• {SOCIETY_AREAS[2]}

Hvordan:

• {SOCIETY_HOW[0]}
• {SOCIETY_HOW[1]}

{SERVICES}

{SERVICE_LEAD}

Hovedsatsningsområder er:

- {SERVICE_AREAS[0]}
- {SERVICE_AREAS[1]}
- {SERVICE_AREAS[2]}

Hvordan:

– {SERVICE_HOW[0]}
– {SERVICE_HOW[1]}

Premisser for samarbeidet

1. {PREMISES[0]}
2. {PREMISES[1]}
"""

NYNORSK_EXPECTED = [
    ("Stadutvikling", "Attraktiv buregion"),
    ("Integrering og inkludering", "Attraktiv buregion"),
    ("Fagkompetanse til verksemdene", "Kompetanse"),
    ("Barnehage- og skuleutvikling", "Kompetanse"),
]


def _nynorsk_docx(norwegian_styles: bool = False) -> bytes:
    """A heading-structured nynorsk plan: themes with focus-area subheadings."""
    document = docx.Document()
    names = {"title": "Title", 1: "Heading 1", 2: "Heading 2", "bullet": "List Bullet"}
    if norwegian_styles:
        names = {"title": "Tittel", 1: "Overskrift 1", 2: "Overskrift 2", "bullet": "Punktliste"}
        for name in names.values():
            document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)

    def add(text: str, key) -> None:
        document.add_paragraph(text, style=names[key] if key else None)

    add("Regionalplan for Fjordane 2024–2032", "title")
    add("Innleiing", 1)
    add("Planen peikar ut retninga for samarbeidet i regionen dei neste åra.", None)
    add("Attraktiv buregion", 1)
    add("Stadutvikling", 2)
    add("Levande sentrum og gode møteplassar i alle kommunane.", None)
    add("Fleire bustader for unge", "bullet")
    add("Integrering og inkludering", 2)
    add("Alle som flyttar hit skal kjenne seg velkomne.", None)
    add("Kompetanse", 1)
    add("Fagkompetanse til verksemdene", 2)
    add("Verksemdene skal finne rett kompetanse i regionen.", None)
    add("Barnehage- og skuleutvikling", 2)
    add("Ein god skule i kvar bygd.", None)
    add("Vedlegg", 1)
    add("Oversikt over innspel frå kommunane.", None)
    return _docx_bytes(document)


NYNORSK_PLAIN = """Regionalplan for Fjordane 2024–2032

Innleiing

Planen peikar ut retninga for samarbeidet i regionen dei neste åra.

Attraktiv buregion

Stadutvikling

Levande sentrum og gode møteplassar i alle kommunane.

- Fleire bustader for unge

Integrering og inkludering

Alle som flyttar hit skal kjenne seg velkomne.

Kompetanse

Fagkompetanse til verksemdene

Verksemdene skal finne rett kompetanse i regionen.

Barnehage- og skuleutvikling

Ein god skule i kvar bygd.

Vedlegg

Oversikt over innspel frå kommunane.
"""


def _rewrite_zip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """Copy a zip, replacing (or with None dropping) some entries and adding new ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in replace:
                target.writestr(name, source.read(name))
        for name, content in replace.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def _assert_kongsberg_areas(areas: list[ProposedFocusArea]) -> None:
    assert [a.title for a in areas] == SOCIETY_AREAS + SERVICE_AREAS
    assert [a.group for a in areas] == [SOCIETY] * 3 + [SERVICES] * 3
    # The group's lead and its "Hvordan" list are shared by every area: they describe none of them.
    for area in areas:
        for shared in (SOCIETY_LEAD, SERVICE_LEAD, f"- {SOCIETY_HOW[0]}", f"- {SERVICE_HOW[1]}", PREMISES[0],
                       "Hovedsatsningsområder"):
            assert shared not in area.description


# --- read_docx -------------------------------------------------------------------------

def test_read_docx_kongsberg_shape_with_list_styles_proposes_six_grouped_areas():
    blocks = read_docx(_kongsberg_docx())
    assert blocks[0] == Block("heading", "Strategi for Fjellregionen 2025–2035", 0)
    assert Block("heading", SOCIETY, 1) in blocks
    assert Block("list_item", SOCIETY_AREAS[0], 0, False) in blocks
    assert Block("list_item", PREMISES[1], 0, True) in blocks
    _assert_kongsberg_areas(propose_focus_areas(blocks))


def test_read_docx_kongsberg_shape_with_bold_lines_for_headings_proposes_same_areas():
    blocks = read_docx(_kongsberg_docx(bold_headings=True))
    assert blocks[0] == Block("heading", "Strategi for Fjellregionen 2025–2035", 0)
    assert Block("paragraph", "Hovedsatsningsområder er:", 0) in blocks
    _assert_kongsberg_areas(propose_focus_areas(blocks))


def test_read_docx_kongsberg_shape_with_numpr_bullets_proposes_same_areas():
    blocks = read_docx(_kongsberg_docx(bullets="numpr"))
    assert Block("list_item", SERVICE_AREAS[2], 0, False) in blocks
    _assert_kongsberg_areas(propose_focus_areas(blocks))


@pytest.mark.parametrize("norwegian_styles", [False, True])
def test_read_docx_nynorsk_heading_draft_proposes_leaf_headings(norwegian_styles):
    blocks = read_docx(_nynorsk_docx(norwegian_styles))
    assert blocks[0] == Block("heading", "Regionalplan for Fjordane 2024–2032", 0)
    assert Block("heading", "Stadutvikling", 2) in blocks
    assert Block("list_item", "Fleire bustader for unge", 0) in blocks
    areas = propose_focus_areas(blocks)
    assert [(a.title, a.group) for a in areas] == NYNORSK_EXPECTED
    assert areas[0].description == (
        "Levande sentrum og gode møteplassar i alle kommunane.\n- Fleire bustader for unge")


def test_read_docx_detects_numbered_lists_from_styles_and_numbering():
    document = docx.Document()
    document.add_paragraph("Første punkt", style="List Number")
    document.add_paragraph("Andre nivå", style="List Number 2")
    decimal = _add_numbering(document, "decimal", 72)
    bullet = _add_numbering(document, "bullet", 73)
    _numpr_item(document, "Nummerert med numPr", decimal)
    _numpr_item(document, "Underpunkt med numPr", decimal, level=1)
    _numpr_item(document, "Kulepunkt med numPr", bullet)
    document.add_paragraph("Listeavsnitt uten nummer", style="List Paragraph")
    assert read_docx(_docx_bytes(document)) == [
        Block("list_item", "Første punkt", 0, True),
        Block("list_item", "Andre nivå", 1, True),
        Block("list_item", "Nummerert med numPr", 0, True),
        Block("list_item", "Underpunkt med numPr", 1, True),
        Block("list_item", "Kulepunkt med numPr", 0, False),
        Block("list_item", "Listeavsnitt uten nummer", 0, False),
    ]


def test_read_docx_reads_table_cells_in_order_and_normalises_whitespace():
    document = docx.Document()
    document.add_paragraph("Før\u00a0tabellen\tstarter")
    document.add_paragraph("   ")
    table = document.add_table(rows=2, cols=2)
    for row, texts in zip(table.rows, (("Rolle", "Ansvar"), ("Regionråd", "Påverknad")), strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.add_paragraph("Etter tabellen")
    assert [b.text for b in read_docx(_docx_bytes(document))] == [
        "Før tabellen starter", "Rolle", "Ansvar", "Regionråd", "Påverknad", "Etter tabellen"]
    assert {b.kind for b in read_docx(_docx_bytes(document))} == {"paragraph"}


def test_read_docx_says_where_in_a_table_each_paragraph_stands():
    document = docx.Document()
    document.add_paragraph("Før")
    table = document.add_table(rows=2, cols=2)
    for row, texts in zip(table.rows, (("Satsingsområde", "Rangering"), ("Samferdsel", "1")), strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    table.cell(1, 0).add_paragraph("og infrastruktur")
    table.cell(1, 1).add_table(rows=1, cols=2).cell(0, 1).text = "Inni"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Neste tabell"
    document.add_paragraph("Etter")
    assert [(b.text, b.cell) for b in read_docx(_docx_bytes(document))] == [
        ("Før", None), ("Satsingsområde", (0, 0, 0)), ("Rangering", (0, 0, 1)), ("Samferdsel", (0, 1, 0)),
        ("og infrastruktur", (0, 1, 0)), ("1", (0, 1, 1)), ("Inni", (1, 0, 1)), ("Neste tabell", (2, 0, 0)),
        ("Etter", None)]


def test_read_docx_uses_outline_level_of_a_custom_style():
    document = docx.Document()
    style = document.styles.add_style("Kapittel", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    document.add_paragraph("Reiseliv", style="Kapittel")
    document.add_paragraph("Tekst om reiseliv.")
    assert read_docx(_docx_bytes(document))[0] == Block("heading", "Reiseliv", 2)


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
    random.Random(7).randbytes(4096),
    b"",
])
def test_read_docx_refuses_files_that_are_not_docx(data):
    with pytest.raises(DraftReadError, match="Word-dokument|tom"):
        read_docx(data)


def test_read_docx_refuses_truncated_docx():
    data = _kongsberg_docx()
    with pytest.raises(DraftReadError, match="Word-dokument"):
        read_docx(data[: len(data) // 2])


def test_read_docx_refuses_zip_without_main_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notater.txt", "ikke et dokument")
    with pytest.raises(DraftReadError, match="ikke et gyldig Word-dokument"):
        read_docx(out.getvalue())


def test_read_docx_refuses_broken_document_xml():
    data = _rewrite_zip(_kongsberg_docx(), {"word/document.xml": b"<w:document><w:body"})
    with pytest.raises(DraftReadError, match="skadet"):
        read_docx(data)


def test_read_docx_refuses_macro_enabled_packages():
    data = _kongsberg_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    docm_types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml")
    assert docm_types != types
    for package in (_rewrite_zip(data, {"[Content_Types].xml": docm_types.encode()}),
                    _rewrite_zip(data, {"word/vbaProject.bin": b"\x00" * 64})):
        with pytest.raises(DraftReadError, match="makroer"):
            read_docx(package)


def test_read_docx_refuses_zip_bomb_before_opening_it():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(101):
                entry.write(chunk)
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(DraftReadError, match="for stor"):
        read_docx(out.getvalue())


def test_read_docx_refuses_zip_with_too_many_entries():
    data = _rewrite_zip(_kongsberg_docx(), {f"customXml/item{n}.xml": b"" for n in range(2001)})
    with pytest.raises(DraftReadError, match="for stor"):
        read_docx(data)


@pytest.mark.parametrize(("build", "refusal"), [
    (worst_documents.tiny_paragraphs_98mb, "for stor eller for sammensatt"),  # size and ratio of document.xml
    (worst_documents.million_empty_runs, "for stor eller for sammensatt"),  # 6 MB without a paragraph ending
    (worst_documents.one_huge_run, "for stor eller for sammensatt"),
    (worst_documents.deeply_nested, "for stor eller for sammensatt"),
    (worst_documents.empty_paragraphs, "for stor eller for sammensatt"),  # paragraphs and containers
    (worst_documents.tiny_paragraphs_stored, "for langt"),  # paragraphs with text
    (worst_documents.tabs_in_many_paragraphs, "for langt"),  # characters, counted before cleaning
])
def test_read_docx_refuses_each_kind_of_oversized_document(build, refusal):
    with pytest.raises(DraftReadError, match=refusal):
        read_docx(build())


def test_the_body_caps_apply_to_reading_not_to_an_attachment_that_is_only_stored():
    data = worst_documents.tiny_paragraphs_98mb()
    check_package(data)  # the container checks an attachment passes: under 100 MB unpacked
    with pytest.raises(DraftReadError, match="for stor eller for sammensatt"):
        read_docx(data)


def test_read_docx_refuses_a_document_xml_packed_over_a_hundred_times():
    # 2 MB of paragraphs that deflate to almost nothing: under the size caps, over the ratio
    body = worst_documents.word_file([b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 60_000])
    with pytest.raises(DraftReadError, match="for stor eller for sammensatt"):
        read_docx(body)


def test_read_docx_refuses_an_oversized_styles_part():
    styles = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' \
        + b"<w:style/>" * (MAX_PART_BYTES // 10) + b"</w:styles>"
    with pytest.raises(DraftReadError, match="for stor eller for sammensatt"):
        read_docx(_rewrite_zip(_kongsberg_docx(), {"word/styles.xml": styles}))


def test_read_docx_caps_text_and_blocks_where_asked_and_names_the_caps():
    data = worst_documents.short_paragraphs_under_the_caps(990)
    assert len(read_docx(data, max_blocks=990)) == 990
    with pytest.raises(DraftReadError, match="høyst 1 000 000 tegn og 989 avsnitt"):
        read_docx(data, max_chars=1_000_000, max_blocks=989)
    with pytest.raises(DraftReadError, match="høyst 1 000 tegn"):
        read_docx(data, max_chars=1_000)


def test_read_docx_keeps_list_levels_within_words_nine_whatever_the_file_says():
    document = docx.Document()
    _numpr_item(document, "Dypt punkt", _add_numbering(document, "bullet", 9), level=2)
    data = _docx_bytes(document)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").replace(b'w:ilvl w:val="2"', b'w:ilvl w:val="999999999"')
    [item] = read_docx(_rewrite_zip(data, {"word/document.xml": body}))
    assert item.kind == "list_item" and item.level == 8
    assert blocks_to_text([item]) == "                - Dypt punkt"


def test_read_docx_reads_the_text_of_a_paragraph_but_not_its_text_boxes_deletions_or_field_codes():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph = (f'<w:p {w}><w:r><w:t>Vi</w:t><w:tab/><w:t>støtter</w:t></w:r>'
                 '<w:del><w:r><w:delText>ikke</w:delText><w:t>slettet</w:t></w:r></w:del>'
                 '<w:r><w:instrText>PAGE</w:instrText><w:br/><w:t>saken</w:t><w:noBreakHyphen/>'
                 '<w:t>fullt</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Boks</w:t></w:r></w:p>'
                 '</w:txbxContent></w:pict></w:r></w:p>').encode()
    assert [b.text for b in read_docx(worst_documents.word_file([paragraph]))] == ["Vi støtter saken-fullt"]


def test_read_docx_refuses_document_without_text():
    with pytest.raises(DraftReadError, match="ingen tekst"):
        read_docx(_docx_bytes(docx.Document()))


# --- read_text and blocks_to_text ------------------------------------------------------

@pytest.mark.parametrize("text", [KONGSBERG_MARKDOWN, KONGSBERG_PLAIN])
def test_read_text_kongsberg_paste_gives_same_proposals_as_docx(text):
    expected = propose_focus_areas(read_docx(_kongsberg_docx()))
    assert propose_focus_areas(read_text(text)) == expected


def test_read_text_nynorsk_plain_headings_give_same_proposals_as_docx():
    blocks = read_text(NYNORSK_PLAIN)
    assert blocks[0] == Block("heading", "Regionalplan for Fjordane 2024–2032", 0)
    assert propose_focus_areas(blocks) == propose_focus_areas(read_docx(_nynorsk_docx()))


def test_read_text_detects_bullets_numbers_nesting_and_wrapped_lines():
    text = ("Oppfølging i planperioden\n\n1. Felles sak til alle\n   kommunestyra\n"
            "   a) Skilje informasjon og løyving\n2) Avklare mandatet\n"
            "•Reiseliv\n\t- Fellesgode\n")
    assert read_text(text) == [
        Block("heading", "Oppfølging i planperioden", 0),
        Block("list_item", "Felles sak til alle kommunestyra", 0, True),
        Block("list_item", "Skilje informasjon og løyving", 1, True),
        Block("list_item", "Avklare mandatet", 0, True),
        Block("list_item", "Reiseliv", 0, False),
        Block("list_item", "Fellesgode", 2, False),
    ]


def test_blocks_to_text_renders_headings_bullets_and_numbers():
    blocks = [Block("heading", "Tema", 1), Block("paragraph", "Innleiande tekst.", 0),
              Block("list_item", "Første", 0, True), Block("list_item", "Under", 1),
              Block("list_item", "Andre", 0, True), Block("paragraph", "Slutt.", 0),
              Block("list_item", "Ny liste", 0, True)]
    assert blocks_to_text(blocks) == (
        "Tema\n\nInnleiande tekst.\n\n1. Første\n  - Under\n2. Andre\n\nSlutt.\n\n1. Ny liste")


@pytest.mark.parametrize("build", [_kongsberg_docx, _nynorsk_docx])
def test_blocks_to_text_round_trips_through_read_text(build):
    blocks = read_docx(build())
    text = blocks_to_text(blocks)
    assert "\n- " in text
    assert propose_focus_areas(read_text(text)) == propose_focus_areas(blocks)


# --- propose_focus_areas ---------------------------------------------------------------

def test_propose_empty_input_gives_no_areas():
    assert propose_focus_areas([]) == []
    assert propose_focus_areas(read_text("  \n\n")) == []


def test_propose_nynorsk_heading_lead_in_with_korleis_list_and_sub_bullets():
    text = """# Sogn framover

## Næringsutvikling

Vi vil ha fleire arbeidsplassar i heile regionen.

### Satsingsområda

- Reiseliv:
  - Fellesgodefinansiering
- Grøn næringsutvikling.
- Reiseliv
- REISELIV

### Korleis

- Forprosjekt med næringsnettverket
"""
    areas = propose_focus_areas(read_text(text))
    assert [(a.title, a.group) for a in areas] == [
        ("Reiseliv", "Næringsutvikling"), ("Grøn næringsutvikling", "Næringsutvikling")]
    assert areas[0].description == "- Fellesgodefinansiering"


def test_propose_lead_in_list_takes_detail_from_later_heading_of_same_name():
    text = """Styringsdokument for Dalregionen

Satsingsområder 2025–2030

Prioriterte satsingsområder i perioden:

- Reiseliv
- Kunnskapsutvikling

Strategier

Reiseliv

Utvalgte strategier:

- Felles destinasjonsselskap
- Helårsturisme

Kunnskapsutvikling

Utvalgte strategier:

- Samarbeid med høgskolen
"""
    areas = propose_focus_areas(read_text(text))
    assert areas == [
        ProposedFocusArea("Reiseliv", None, (
            "Utvalgte strategier:\n- Felles destinasjonsselskap\n- Helårsturisme")),
        ProposedFocusArea("Kunnskapsutvikling", None,
                          "Utvalgte strategier:\n- Samarbeid med høgskolen"),
    ]


def test_propose_headings_keep_strategy_titles_but_skip_how_headings_and_action_lists():
    text = """# Handlingsplan

## Strategi for reiseliv

Fleire gjester heile året.

Prioriterte tiltak:

- Felles booking

## Korleis

- Arbeidsgrupper i kvar kommune
"""
    areas = propose_focus_areas(read_text(text))
    assert areas == [ProposedFocusArea(
        "Strategi for reiseliv", None,
        "Fleire gjester heile året.\nPrioriterte tiltak:\n- Felles booking")]


def test_propose_area_headings_with_facet_subheadings_become_one_area_each():
    text = """# Regionalplan

## Attraktiv buregion

### Stadutvikling

#### Mål

Levande sentrum i alle kommunane.

#### Strategiar

- Fleire bustader

### Reiseliv

#### Mål og tiltak

Heilårsturisme.
"""
    assert propose_focus_areas(read_text(text)) == [
        ProposedFocusArea("Stadutvikling", "Attraktiv buregion", (
            "Mål:\nLevande sentrum i alle kommunane.\nStrategiar:\n- Fleire bustader")),
        ProposedFocusArea("Reiseliv", "Attraktiv buregion", "Mål og tiltak:\nHeilårsturisme."),
    ]


def test_propose_numbered_focus_area_headings_are_not_lead_ins():
    text = """Regionalplan for Sogn

Satsingsområde 1 – Stadutvikling

- Levande sentrum

Satsingsområde 2 – Samferdsle

- Trygge vegar
"""
    areas = propose_focus_areas(read_text(text))
    assert [a.title for a in areas] == [
        "Satsingsområde 1 – Stadutvikling", "Satsingsområde 2 – Samferdsle"]


def test_a_paste_that_starts_with_its_first_numbered_focus_area_keeps_it():
    text = "Satsingsområde 1: Bolig\n\nVi trenger flere boliger.\n\nSatsingsområde 2: Helse\n\nBedre helsetjenester.\n"
    assert [a.title for a in propose_focus_areas(read_text(text))] == [
        "Satsingsområde 1: Bolig", "Satsingsområde 2: Helse"]
    titled = "Strategi for Numedal\n\n" + text  # a title over the series is still the document's title
    assert [a.title for a in propose_focus_areas(read_text(titled))] == [
        "Satsingsområde 1: Bolig", "Satsingsområde 2: Helse"]


def test_propose_skips_front_matter_and_title_and_cleans_titles():
    blocks = [Block("heading", "Digital strategi", 1), Block("heading", "Forord", 2),
              Block("paragraph", "Takk til alle.", 0),
              Block("heading", "1.2 TRYGT OPPVEKSTMILJØ:", 2),
              Block("paragraph", "Barn og unge skal ha det trygt.", 0),
              Block("heading", "Kjelder", 2), Block("paragraph", "Rapport 2018.", 0)]
    assert propose_focus_areas(blocks) == [
        ProposedFocusArea("Trygt oppvekstmiljø", None, "Barn og unge skal ha det trygt.")]


def test_propose_truncates_long_titles_and_descriptions_at_word_boundaries():
    long_title = "Samarbeid " * 40
    long_text = "Regionen skal samarbeide tett. " * 100
    areas = propose_focus_areas([Block("heading", long_title, 1),
                                 Block("paragraph", long_text, 0),
                                 Block("heading", "Reiseliv", 1),
                                 Block("paragraph", "Kort.", 0)])
    for value, original, limit in ((areas[0].title, long_title, 200),
                                   (areas[0].description, long_text, 2000)):
        assert len(value) < limit and value.endswith("…")
        assert original.startswith(value[:-1]) and original[len(value) - 1] == " "


def test_draft_reader_does_not_import_flask_or_app():
    # The package as a bare namespace: app/__init__.py (which imports Flask) is not run, and
    # any import of another app module would fail.
    root = DRAFT_READER_PATH.parents[1]
    code = ("import sys, types\n"
            "sys.modules['app'] = types.ModuleType('app')\n"
            f"sys.modules['app'].__path__ = [{str(root / 'app')!r}]\n"
            "import app.draft_reader\n"
            "roots = {m.split('.')[0] for m in sys.modules}\n"
            "bad = roots & {'flask', 'flask_sqlalchemy', 'flask_babel', 'docx'}\n"
            "assert not bad, bad\n"
            "mine = {m for m in sys.modules if m.startswith('app.')}\n"
            "assert mine == {'app.draft_reader', 'app.word_package'}, mine\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_read_text_a_first_line_over_a_list_is_a_focus_area_like_the_later_ones():
    areas = propose_focus_areas(read_text("Samferdsel\n- Veg\n- Bane\n\nHelse\n- Sjukehus"))
    assert [a.title for a in areas] == ["Samferdsel", "Helse"]


# --- drafts from the user test: numbered area lines, a Title over bold lines, tables, closing sections -------

NUMBERED_AREAS = [("Næring", "Vi vil ha flere arbeidsplasser i hele regionen."),
                  ("Samferdsel", "Trygge veger og god kollektivtransport for alle."),
                  ("Klima", "Regionen skal kutte utslippene sine innen 2030.")]


@pytest.mark.parametrize("lead", [["Regionplan for Vestregionen 2025–2030", "Satsingsområder"],
                                  ["Regionplan for Vestregionen 2025–2030"], []])
@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_read_text_numbered_area_lines_each_over_a_paragraph_are_areas_as_without_the_numbers(lead, separator):
    numbered = separator.join(lead + [line for n, (title, text) in enumerate(NUMBERED_AREAS, 1)
                                      for line in (f"{n}. {title}", text)])
    plain = separator.join(lead + [line for area in NUMBERED_AREAS for line in area])
    areas = propose_focus_areas(read_text(numbered))
    assert [(a.title, a.description) for a in areas] == NUMBERED_AREAS
    if lead:  # without a title over them, the first unnumbered line would be taken for the title
        assert areas == propose_focus_areas(read_text(plain))
    assert "1. Næring" in blocks_to_text(read_text(numbered))  # the draft keeps its numbers


def test_read_text_a_numbered_list_followed_by_a_paragraph_stays_a_list():
    blocks = read_text("Regionplan\n\n1. Næring\n2. Klima\n\nVi skal jobbe sammen.\n\n1. Veg\n2. Bane\n\nSlutt.")
    assert [b.kind for b in blocks].count("list_item") == 4


def _title_and_bold_areas_docx(title_style: bool, table: bool = False) -> bytes:
    """A Word draft whose title is in Word's Title style (or a bold line) and whose areas are bold Normal lines."""
    document = docx.Document()
    if title_style:
        document.add_paragraph("Strategi for Vestregionen 2025–2030", style="Title")
    else:
        document.add_paragraph().add_run("Strategi for Vestregionen 2025–2030").bold = True
    for title, text in BOLD_AREAS:
        document.add_paragraph().add_run(title).bold = True
        document.add_paragraph(text)
        if table and title == BOLD_AREAS[0][0]:
            _add_goal_table(document)
    return _docx_bytes(document)


BOLD_AREAS = [("Næringsutvikling", "Flere arbeidsplasser i hele regionen."),
              ("Samferdsel", "Trygge veger og god kollektivtransport."),
              ("Klima og miljø", "Lavere utslipp fra alle sektorer."),
              ("Helse og omsorg", "Gode tjenester nær der folk bor."),
              ("Kompetanse", "Rett kompetanse til arbeidslivet.")]
GOAL_TABLE = [("Mål", "Indikator", "Ansvar"), ("Flere arbeidsplasser", "Sysselsetting", "Næringsforum"),
              ("Flere gründere", "Nyetableringer", "Kommunene")]


def _add_goal_table(document) -> None:
    table = document.add_table(rows=len(GOAL_TABLE), cols=len(GOAL_TABLE[0]))
    for row, texts in zip(table.rows, GOAL_TABLE, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text


@pytest.mark.parametrize("title_style", [True, False])
def test_read_docx_a_title_in_the_title_style_over_bold_area_lines_gives_every_area(title_style):
    blocks = read_docx(_title_and_bold_areas_docx(title_style))
    assert blocks[0] == Block("heading", "Strategi for Vestregionen 2025–2030", 0)
    areas = propose_focus_areas(blocks)
    assert [(a.title, a.group, a.description) for a in areas] == [(t, None, d) for t, d in BOLD_AREAS]


@pytest.mark.parametrize("bold_lines", [True, False])
def test_a_table_in_an_areas_section_is_left_out_of_its_description(bold_lines):
    if bold_lines:
        data = _title_and_bold_areas_docx(title_style=True, table=True)
    else:
        document = docx.Document()
        document.add_heading("Strategi for Vestregionen 2025–2030", 0)
        for title, text in BOLD_AREAS:
            document.add_heading(title, 1)
            document.add_paragraph(text)
            if title == BOLD_AREAS[0][0]:
                _add_goal_table(document)
                document.add_paragraph("Tiltakene følges opp hvert år.")
        data = _docx_bytes(document)
    blocks = read_docx(data)
    assert Block("paragraph", "Indikator", 0, cell=(0, 0, 1)) in blocks  # the draft itself keeps the table
    first = propose_focus_areas(blocks)[0]
    expected = BOLD_AREAS[0][1] + ("" if bold_lines else "\nTiltakene følges opp hvert år.")
    assert (first.title, first.description) == (BOLD_AREAS[0][0], expected)


@pytest.mark.parametrize("closing", ["Oppfølging", "Oppfølging og rullering", "Vidare arbeid", "Videre arbeid",
                                     "Gjennomføring", "Gjennomføring og oppfølging av planen", "OPPFØLGING",
                                     "5. Oppfølging og rullering", "Veien videre", "Vegen vidare",
                                     "Evaluering og rullering"])
def test_a_closing_section_on_carrying_the_plan_out_is_no_area(closing):
    document = docx.Document()
    document.add_heading("Regionplan for Fjordane 2024–2032", 0)
    document.add_heading("Innleiing", 1)
    document.add_paragraph("Planen peikar ut retninga for samarbeidet.")
    for title, text in BOLD_AREAS[:2]:
        document.add_heading(title, 1)
        document.add_paragraph(text)
    document.add_heading(closing, 1)
    document.add_paragraph("Regionrådet følger opp planen hvert år og rullerer den hvert fjerde år.")
    areas = propose_focus_areas(read_docx(_docx_bytes(document)))
    assert [a.title for a in areas] == [title for title, _ in BOLD_AREAS[:2]]
    text = f"Regionplan for Fjordane\n\n{BOLD_AREAS[0][0]}\n\n{BOLD_AREAS[0][1]}\n\n{closing}\n\nÅrleg rapport."
    assert [a.title for a in propose_focus_areas(read_text(text))] == [BOLD_AREAS[0][0]]


def test_an_area_that_only_starts_like_a_closing_section_stays_an_area():
    text = "# Regionplan\n\n## Oppfølging av unge utenfor arbeid\n\nFlere i jobb.\n\n## Videre arbeid\n\nÅrlig."
    assert [a.title for a in propose_focus_areas(read_text(text))] == ["Oppfølging av unge utenfor arbeid"]
