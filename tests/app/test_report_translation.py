"""The report and a response in the other written standard, translated by the installed Apertium."""
from __future__ import annotations

import io
import re
import time

import docx
import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.models import Consultation, Language, ReportRun, Role, RunStatus
from app.reports import jobs, translation
from app.reports.data import MEETING
from app.reports.docx_writer import report_docx
from app.reports.services import collect
from app.reports.texts import machine_translated
from app.responses import submission
from app.responses import translation as response_translation
from app.snapshot import MAX_ANSWER, POSITION_LABELS
from app.timeutil import utcnow
from nlp import morphology
from nlp import settings as nlp_settings
from tests.app.test_report_builds import login
from tests.conftest import PASSWORD, make_user
from tests.factories import complete_input


@pytest.fixture(autouse=True)
def fresh_translators():
    """Each test finds Apertium as its environment says (the translators are kept per process)."""
    morphology.translator.cache_clear()
    yield
    nlp_settings.reload()
    morphology.translator.cache_clear()


@pytest.fixture
def without_apertium(monkeypatch, tmp_path):
    """A server where Apertium's modes are not installed: the wrapper points at an empty directory."""
    monkeypatch.setenv(morphology.SETTING, str(tmp_path / "no-modes"))
    nlp_settings.reload()
    morphology.translator.cache_clear()


def document(data):
    return docx.Document(io.BytesIO(report_docx(data)))


def quotes(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == "Quote"]


def minutes_text(doc) -> list[str]:
    """The minutes' questions and answers as written: the appendix without its headings' and meta lines."""
    paragraphs = doc.paragraphs
    start = next(n for n, p in enumerate(paragraphs) if p.style.name == "Heading 1" and n > 0
                 and all(q.style.name != "Heading 1" for q in paragraphs[n + 1:]))
    return [p.text for p in paragraphs[start + 2:]
            if p.style.name != "Heading 2" and not (p.runs and all(r.italic for r in p.runs))]


def assert_same_writing_under_own_labels(original, edition, response_heading, partly):
    """The edition's minutes: every meeting note and answer as written, under headings and position
    labels of the edition's own standard (never the original's «Høringssvar fra» in a nynorsk one)."""
    assert len(edition.minutes) == len(original.minutes)
    labels = {language: "|".join(sorted(POSITION_LABELS[language].values(), key=len, reverse=True))
              for language in ("nb", "nn")}
    any_label = re.compile(rf"^([^:\n]+): (?:{labels['nb']}|{labels['nn']})(\. |$)", re.M)
    for before, after in zip(original.minutes, edition.minutes, strict=True):
        assert after.kind == before.kind and after.languages == before.languages
        assert [q for q, _ in after.sections] == [q for q, _ in before.sections]
        if before.kind == MEETING:
            assert after.sections == before.sections
            continue
        if not before.is_public:
            assert after.heading.startswith(response_heading), after.heading
        for (_, then), (_, now) in zip(before.sections, after.sections, strict=True):
            # Only the position words differ; the consultee's text follows them unchanged
            # (a comment that opens with a position's words, «Delvis enig. …», is printed as written)
            assert any_label.sub(r"\1: ", now) == any_label.sub(r"\1: ", then)
    assert any(f": {partly}. " in text for m in edition.minutes for _, text in m.sections)


def test_the_demo_report_in_nynorsk_keeps_quotes_and_minutes_and_translates_the_secretariat(db, demo):
    today = utcnow().date()
    original = collect(demo, today)
    edition = translation.translated(demo, today)
    assert (original.language, edition.language) == ("nb", "nn")
    # What others wrote: byte for byte the same, in the data and in the Word file
    assert [q.text for a in edition.areas for t in a.themes for q in t.quotes] == \
        [q.text for a in original.areas for t in a.themes for q in t.quotes]
    before, after = document(original), document(edition)
    assert quotes(after) == quotes(before) and len(quotes(before)) > 5
    assert_same_writing_under_own_labels(original, edition, "Høyringssvar frå", "Delvis einig")
    assert len(minutes_text(after)) == len(minutes_text(before)) > 20
    # The secretariat's own words: translated
    titles = [(a.title, b.title) for a, b in zip(original.areas, edition.areas, strict=True)]
    assert ("Fellesprosjekter innen næringsutvikling og steds- og områdeutvikling",
            "Fellesprosjekt innan næringsutvikling og stads- og områdeutvikling") in titles
    labels = [(s.label, t.label) for a, b in zip(original.areas, edition.areas, strict=True)
              for s, t in zip(a.themes, b.themes, strict=True)]
    assert sum(s != t for s, t in labels) >= 3
    # The summary keeps the original's quote
    quoted = edition.summary[0].sentences[edition.summary[0].quoted]
    assert quoted.split("«", 1)[1] == original.summary[0].sentences[original.summary[0].quoted].split("«", 1)[1]
    # The first page says it is a machine translation
    first = [p.text for p in after.paragraphs[:4]]
    assert machine_translated("nb", "nn") in first and edition.note == machine_translated("nb", "nn")


def test_the_note_on_a_nynorsk_edition_is_nynorsk_from_the_catalog(app):
    # Needs the catalog entries of pending/i18n.json
    assert machine_translated("nb", "nn").startswith("Maskinomsett frå bokmål")
    assert machine_translated("nn", "nb").startswith("Maskinoversatt fra nynorsk")


def test_the_nynorsk_edition_summarises_in_nynorsk_from_the_catalog(db, demo):
    # Needs the catalog entries of pending/i18n.json
    edition = translation.translated(demo, utcnow().date())
    assert edition.summary[0].sentences[0].startswith("Alle seks som har svart, er einige")
    assert [p.text for p in document(edition).paragraphs if p.style.name == "Heading 1"][:2] == \
        ["Innleiing", "Samandrag"]


def test_a_nynorsk_round_gets_its_report_from_the_catalogs_in_nynorsk(db, demo):
    # Needs the catalog entries of pending/i18n.json
    demo.language = Language.NYNORSK
    data = collect(demo, utcnow().date())
    headings = [p.text for p in document(data).paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Innleiing", "Samandrag", "Oversikt over dialogmøte og høyringssvar"]
    assert headings[-1] == "Vedlegg: Referat og høyringssvar"


def test_a_bokmal_theme_label_in_a_nynorsk_report_is_tagged_bokmal_for_spelling(db, demo):
    from docx.oxml.ns import qn

    from nlp.standard import written_standard

    demo.language = Language.NYNORSK
    data = collect(demo, utcnow().date())
    bokmal = {t.label for a in data.areas for t in a.themes if written_standard(t.label) == "nb"}
    assert bokmal
    tagged = [p for p in document(data).paragraphs if p.style.name == "Heading 2" and p.text in bokmal]
    assert tagged
    for paragraph in tagged:
        assert all(r._r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "nb-NO" for r in paragraph.runs)


def test_a_nynorsk_round_gets_a_bokmal_edition(db, demo):
    demo.language = Language.NYNORSK
    today = utcnow().date()
    original = collect(demo, today)
    edition = translation.translated(demo, today)
    assert edition.language == "nb"
    assert_same_writing_under_own_labels(original, edition, "Høringssvar fra", "Delvis enig")
    assert edition.note == machine_translated("nn", "nb")


def test_the_edition_is_built_by_the_report_job_and_served_beside_the_original(client, db, demo):
    login(client, "secretariat")
    page = client.get(f"/consultations/{demo.slug}/report").get_data(as_text=True)
    assert re.search(r'<button [^>]*lang="nn">Lag nynorsk utg(ave|åve)</button>', page)
    response = client.post(f"/consultations/{demo.slug}/report/translation")
    assert response.status_code == 302
    run = _db.session.scalar(select(ReportRun).order_by(ReportRun.id.desc()))
    assert run.status is RunStatus.DONE and run.translated_to == "nn" and run.is_translation
    assert run.docx_name.endswith("-nn.docx") and run.xlsx is None
    assert jobs.latest_files(demo) is None  # the original's files are not made by the edition's build
    download = client.get(f"/consultations/{demo.slug}/report-translated.docx")
    assert download.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(download.data)).paragraphs]
    assert machine_translated("nb", "nn") in paragraphs[:4]
    assert "/report-translated.docx" in client.get(f"/consultations/{demo.slug}/report").get_data(as_text=True)


def test_the_edition_and_the_original_keep_their_own_files(db, demo):
    original = jobs.run_job(_start(demo).id)
    edition = jobs.run_job(_start(demo, translated=True).id)
    _db.session.refresh(original)
    assert original.docx is not None and edition.docx is not None
    assert jobs.latest_files(demo) == original and jobs.latest_files(demo, "nn") == edition
    assert original.fingerprint == edition.fingerprint  # current while the original is


def _start(consultation, translated=False):
    run = jobs.start(consultation, None, utcnow(), translated=translated)
    _db.session.commit()
    return run


def test_only_the_rounds_own_readers_may_make_the_edition(client, db, demo, other_region):
    login(client, "consultee_a")
    assert client.post(f"/consultations/{demo.slug}/report/translation").status_code == 403
    assert client.get(f"/consultations/{demo.slug}/report-translated.docx").status_code == 403
    client.post("/logout")
    make_user(db, other_region, Role.SECRETARIAT, "utenfor@example.no")
    client.post("/login", data={"email": "utenfor@example.no", "password": PASSWORD})
    assert client.post(f"/consultations/{demo.slug}/report/translation").status_code == 404
    assert client.get(f"/consultations/{demo.slug}/report-translated.docx").status_code == 404
    assert _db.session.scalar(select(ReportRun)) is None


def test_without_apertium_the_buttons_say_why_they_are_not_there(client, db, demo, without_apertium):
    login(client, "secretariat")
    for url in (f"/consultations/{demo.slug}/report", f"/consultations/{demo.slug}/report/files"):
        page = client.get(url).get_data(as_text=True)
        assert "maskinoversetteren Apertium er ikke installert" in page
        assert "/report/translation" not in page
    client.post(f"/consultations/{demo.slug}/report/translation")
    assert _db.session.scalar(select(ReportRun)) is None
    with pytest.raises(translation.TranslationUnavailable):
        translation.translated(demo, utcnow().date())
    tinn = _tinn(demo)
    page = client.get(f"/consultations/{demo.slug}/responses/{tinn.consultee_id}").get_data(as_text=True)
    assert "maskinoversetteren Apertium er ikke installert" in page and "/translation" not in page
    assert client.get(f"/consultations/{demo.slug}/responses/{tinn.consultee_id}/translation").status_code == 404


def _tinn(consultation: Consultation):
    return next(i for i in consultation.invitations if i.consultee.name == "Tinn kommune")


def test_staff_and_council_read_a_response_in_nynorsk_marked_as_machine_translated(client, db, demo):
    tinn = _tinn(demo)
    for who in ("secretariat", "council"):
        login(client, who)
        page = client.get(f"/consultations/{demo.slug}/responses/{tinn.consultee_id}").get_data(as_text=True)
        assert "Les svaret på nynorsk (maskinoversatt)" in page
        page = client.get(f"/consultations/{demo.slug}/responses/{tinn.consultee_id}/translation")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Maskinoversatt fra bokmål med Apertium." in text and 'class="answer-text machine-translated" lang="nn"' in text
        client.post("/logout")
    # the ranking in rank order, as on the response page and the receipt
    ranks = [int(n) for n in re.findall(r'<p>(\d+)\. ', text)]
    assert ranks and ranks == sorted(ranks)


def test_a_translated_response_is_not_for_a_consultee_nor_for_another_region(client, db, demo, other_region):
    tinn, other = _tinn(demo), next(i for i in demo.invitations if i.consultee.name == "Kongsberg kommune")
    login(client, "consultee_a")  # Tinn's own user: not even its own response through the staff pages
    for invitation in (tinn, other):
        assert client.get(f"/consultations/{demo.slug}/responses/{invitation.consultee_id}/translation").status_code == 403
    client.post("/logout")
    for role, email in ((Role.SECRETARIAT, "utenfor@example.no"), (Role.COUNCIL, "raad@example.no")):
        make_user(db, other_region, role, email)
        client.post("/login", data={"email": email, "password": PASSWORD})
        assert client.get(f"/consultations/{demo.slug}/responses/{tinn.consultee_id}/translation").status_code == 404
        client.post("/logout")


def test_a_response_of_longest_answers_is_translated_up_to_the_cap_and_says_what_is_left(client, db, demo):
    rollag = next(i for i in demo.invitations if i.consultee.name == "Rollag kommune")
    longest = ("Vi meiner at kommunane i regionen må samarbeide betre om samferdsel. " * 400)[:MAX_ANSWER]
    submission.submit(rollag, complete_input(demo, longest), expected_version=submission.version_of(rollag), submission_key="longest",
                      now=utcnow(), via="secretariat")
    _db.session.commit()
    login(client, "secretariat")
    translator = morphology.translator("nn")
    sent, started = translator.chars_sent, time.monotonic()
    page = client.get(f"/consultations/{demo.slug}/responses/{rollag.consultee_id}/translation")
    assert page.status_code == 200 and time.monotonic() - started < 30
    assert translator.chars_sent - sent <= response_translation.MAX_CHARS
    text = page.get_data(as_text=True)
    assert text.count('lang="nb"') >= 1 and "Ikke oversatt:" in text
    assert "er ikke oversatt fordi svaret er lengre enn 20000 tegn" in text


def test_an_edition_apertium_could_not_translate_is_not_made(db, demo):
    broken = morphology.Translator(source="nb")
    broken.command = "false"  # a translator that exits with an error, as a crashed Apertium would
    original = collect(demo, utcnow().date())
    with pytest.raises(translation.TranslationFailed):
        translation.translate_free_text(original, broken)
