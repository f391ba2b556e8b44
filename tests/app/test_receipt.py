"""Tests for the Word receipt: the file is opened again and its styles and cells read back."""

import io
import subprocess
import sys
from pathlib import Path

import docx
from docx.oxml.ns import qn

from app.responses.receipt import long_date, long_datetime, receipt_docx, receipt_filename
from app.snapshot import Snapshot, SnapshotAnswer, SnapshotAttachment

ROOT = Path(__file__).resolve().parents[2]
SAMFERDSEL = "Kommunikasjon, infrastruktur og samferdsel"
KOMPETANSE = "Kompetanseutvikling og innovasjon"
NAERING = "Næringsutvikling"
POSITION_Q = "Hva mener dere om satsingsområdene?"
RANKING_Q = "Ranger satsingsområdene"
TEXT_Q = "Er vi store nok sammen?"
YES_Q = "Bør regionrådet ha felles innkjøp?"
EXTRA_Q = "Andre innspill"


def _snapshot(language: str = "nb", **overrides) -> Snapshot:
    answers = (
        SnapshotAnswer(1, POSITION_Q, "position", 10, SAMFERDSEL, "delvis_enig",
                       text="Rv. 37 må med.\n\nJernbanen også."),
        SnapshotAnswer(2, RANKING_Q, "ranking", 10, SAMFERDSEL, rank=2),
        SnapshotAnswer(3, TEXT_Q, "text", text="Ja, sammen er vi sterke.\nMen vi må ville det.\n\n"
                                                "Små kommuner trenger regionen."),
        SnapshotAnswer(1, POSITION_Q, "position", 11, KOMPETANSE, "enig"),
        SnapshotAnswer(2, RANKING_Q, "ranking", 11, KOMPETANSE, rank=1),
        SnapshotAnswer(2, RANKING_Q, "ranking", 12, NAERING, rank=3),
        SnapshotAnswer(1, POSITION_Q, "position", 12, NAERING),
        SnapshotAnswer(4, YES_Q, "yes_no", yes=False, text="Ikke nå."),
        SnapshotAnswer(5, EXTRA_Q, "text"),
    )
    values = dict(consultation_title="Strategi Kongsbergregionen 2019–2030", consultee="Tinn kommune",
                  language=language, version=2, submitted_at="2019-03-11T13:32:00+00:00",
                  adopted_by="formannskap", decision_date="2019-03-07", case_number="19/231",
                  answers=answers,
                  attachments=(SnapshotAttachment(7, "Vedtak formannskapet.pdf", 153_600),))
    return Snapshot(**{**values, **overrides})


def _open(snapshot: Snapshot):
    return docx.Document(io.BytesIO(receipt_docx(snapshot, region="Kongsbergregionen")))


def _styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_receipt_title_and_question_headings_in_order_of_first_appearance():
    document = _open(_snapshot())
    assert _styled(document, "Title") == ["Kvittering for høringssvar"]
    assert _styled(document, "Heading 1") == [POSITION_Q, RANKING_Q, TEXT_Q, YES_Q, EXTRA_Q,
                                              "Vedlegg"]


def test_receipt_facts_table_shows_oslo_time_labels_and_case():
    facts = dict(_table_rows(_open(_snapshot()).tables[0]))
    assert facts["Høringsinstans"] == "Tinn kommune"
    assert facts["Høring"] == "Strategi Kongsbergregionen 2019–2030"
    assert facts["Versjon"] == "2"
    assert facts["Sendt inn"] == "11. mars 2019 kl. 14:32"  # 13:32 UTC is 14:32 in winter
    assert facts["Vedtatt av"] == "Formannskapet"
    assert facts["Vedtaksdato"] == "7. mars 2019"
    assert facts["Saksnummer"] == "19/231"


def test_receipt_position_table_has_a_row_per_focus_area_with_labels():
    table = _open(_snapshot()).tables[1]
    assert table.style.name == "Table Grid"
    assert _table_rows(table) == [
        ["Satsingsområde", "Standpunkt", "Kommentar"],
        [SAMFERDSEL, "Delvis enig", "Rv. 37 må med.\nJernbanen også."],
        [KOMPETANSE, "Enig", ""],
        [NAERING, "Ikke besvart", ""],
    ]
    assert len(table.cell(1, 2).paragraphs) == 2  # the comment keeps its paragraphs


def test_receipt_tables_give_the_text_the_widest_column_within_the_margins():
    document = _open(_snapshot())
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    facts, positions = document.tables[0], document.tables[1]
    for table in (facts, positions):
        widths = [column.width for column in table.columns]
        assert sum(widths) <= text_width and widths[-1] == max(widths), widths
        assert all(cell.width == column.width for column in table.columns for cell in column.cells)
    assert positions.columns[2].width > 2 * positions.columns[1].width  # the comment, not the position label


def test_receipt_ranking_is_a_numbered_list_in_rank_order():
    document = _open(_snapshot())
    assert _styled(document, "List Number") == [KOMPETANSE, SAMFERDSEL, NAERING]


def test_receipt_second_ranking_list_restarts_its_numbering():
    extra = (SnapshotAnswer(6, "Ranger igjen", "ranking", 10, SAMFERDSEL, rank=1),)
    document = _open(_snapshot(answers=_snapshot().answers + extra))
    lists = [p for p in document.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in lists]
    assert num_ids[0] == num_ids[1] == num_ids[2] != num_ids[3]
    restart = [n for n in document.part.numbering_part.element.findall(qn("w:num"))
               if n.get(qn("w:numId")) == str(num_ids[3])][0]
    assert restart.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_receipt_text_is_split_on_blank_lines_and_keeps_line_breaks():
    texts = _texts(_open(_snapshot()))
    start = texts.index(TEXT_Q)
    assert texts[start + 1:start + 3] == ["Ja, sammen er vi sterke.\nMen vi må ville det.",
                                          "Små kommuner trenger regionen."]


def test_receipt_yes_no_and_unanswered():
    texts = _texts(_open(_snapshot()))
    assert texts[texts.index(YES_Q) + 1:texts.index(YES_Q) + 3] == ["Nei", "Ikke nå."]
    assert texts[texts.index(EXTRA_Q) + 1] == "Ikke besvart"


def test_receipt_lists_attachments_with_size_in_kb():
    document = _open(_snapshot())
    assert _styled(document, "List Bullet") == ["Vedtak formannskapet.pdf (150 kB)"]


def test_receipt_without_attachments_has_no_attachment_heading():
    assert "Vedlegg" not in _styled(_open(_snapshot(attachments=())), "Heading 1")


def test_receipt_late_marker_only_when_late():
    assert "Sendt etter fristen" in _texts(_open(_snapshot(is_late=True)))
    assert "Sendt etter fristen" not in _texts(_open(_snapshot()))


def test_receipt_nynorsk_labels(app):  # the app renders the labels from the catalogs
    document = _open(_snapshot("nn", is_late=True, adopted_by="annet"))
    assert _styled(document, "Title") == ["Kvittering for høyringssvar"]
    assert "Sendt etter fristen" in _texts(document)
    facts = dict(_table_rows(document.tables[0]))
    assert facts["Høyringsinstans"] == "Tinn kommune"
    assert facts["Vedteke av"] == "Anna"
    assert _table_rows(document.tables[1])[1:] == [
        [SAMFERDSEL, "Delvis einig", "Rv. 37 må med.\nJernbanen også."],
        [KOMPETANSE, "Einig", ""],
        [NAERING, "Ikkje svart på", ""],
    ]
    assert _texts(document)[_texts(document).index(EXTRA_Q) + 1] == "Ikkje svart på"


def test_receipt_has_region_header_and_page_numbers():
    section = _open(_snapshot()).sections[0]
    assert section.header.paragraphs[0].text == "Kongsbergregionen"
    instructions = [f.get(qn("w:instr")) for f in section.footer.paragraphs[0]._p.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_receipt_omits_absent_facts():
    facts = dict(_table_rows(_open(_snapshot(adopted_by=None, decision_date=None,
                                             case_number="")).tables[0]))
    assert set(facts) == {"Høringsinstans", "Høring", "Versjon", "Sendt inn"}


def test_long_dates_in_norwegian_and_oslo_summer_time():
    assert long_date("2019-12-01") == "1. desember 2019"
    assert long_datetime("2019-06-30T22:05:00Z") == "1. juli 2019 kl. 00:05"
    assert long_datetime("2019-03-11T13:32:00") == "11. mars 2019 kl. 14:32"  # naive is UTC


def test_receipt_filename_is_ascii_with_transliterated_letters():
    assert receipt_filename(_snapshot()) == "kvittering-tinn-kommune-v2.docx"
    odd = _snapshot(consultee="Årdal/Sør-Fron & Ærø kommune", version=1)
    assert receipt_filename(odd) == "kvittering-ardal-sor-fron-aero-kommune-v1.docx"
    assert receipt_filename(_snapshot(consultee="Tromsø Næringsråd", version=3)) == \
        "kvittering-tromso-naeringsrad-v3.docx"


def test_response_modules_do_not_import_flask_or_the_database():
    """The receipt, diff and Word import load with stub packages and never pull in Flask."""
    code = (
        "import sys, types\n"
        f"root = {str(ROOT)!r}\n"
        "for name in ('app', 'app.responses', 'app.consultations'):\n"
        "    module = types.ModuleType(name)\n"
        "    module.__path__ = [root + '/' + name.replace('.', '/')]\n"
        "    sys.modules[name] = module\n"
        "import app.responses.receipt, app.responses.diff, app.responses.word_import\n"
        "bad = {m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_sqlalchemy',"
        " 'sqlalchemy') or m.startswith(('app.models', 'app.extensions'))}\n"
        "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_labels_by_language_answer_in_at_once():
    from app.snapshot import ADOPTED_BY_LABELS, POSITION_LABELS

    # The report writers ask `language in POSITION_LABELS`; it must not walk indices for ever
    assert "nn" in POSITION_LABELS and "nb" in ADOPTED_BY_LABELS
    assert "de" not in POSITION_LABELS and 0 not in POSITION_LABELS
