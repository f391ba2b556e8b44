"""Publication: the public sees the published round, submitted responses only, and never a withheld passage."""
from __future__ import annotations

import html
import io
import re
from urllib.parse import unquote

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.consultations import services as consultations
from app.errors import ValidationError
from app.extensions import db as db_
from app.models import Assessment, CommentUnit, Consultation, Theme
from app.publication import redaction
from app.responses import attachments, submission
from app.timeutil import utcnow
from tests.conftest import docx_bytes, sqlite_template
from tests.pdfs import make_pdf

SECRET = "Ola Nordmann i Storgata 5 har klaget"


def _load_demo(app) -> None:
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0


@pytest.fixture(scope="module")
def loaded_demo_template(tmp_path_factory):
    """`flask demo load` without the analysis, once for this module; each `demo` test starts on a copy."""
    return sqlite_template(tmp_path_factory, "loaded-demo", _load_demo)


@pytest.fixture
def demo(app, db, loaded_demo_template):
    """The demo round as `flask demo load` leaves it (not analysed): the template's copy, or loaded here when DATABASE_URL names the database."""
    if loaded_demo_template is None:
        _load_demo(app)
    return db.session.scalar(select(Consultation))


def tinn(demo):
    return next(r for r in demo.responses if r.consultee.name == "Tinn kommune")


def publish(db, demo):
    consultations.close_consultation(demo, utcnow())
    consultations.mark_reported(demo, utcnow())
    consultations.publish_consultation(demo, utcnow())
    db.session.commit()


def _redact(app) -> None:
    """Tinn's response names a private person; the secretariat withholds it, and an attachment; published."""
    demo = db_.session.scalar(select(Consultation))
    invitation = next(i for i in demo.invitations if i.consultee.name == "Tinn kommune")
    attachments.add(invitation, filename="personsak.pdf", data=make_pdf(), max_bytes=10_000, now=utcnow())
    data = submission.input_from(tinn(demo))
    data.comments[demo.focus_areas[0].id] = f"Vegen er farlig. {SECRET} på trafikken."
    submission.submit(invitation, data, expected_version=submission.version_of(invitation), submission_key="secret",
                      now=utcnow(), via="link")
    assert app.test_cli_runner().invoke(args=["analysis", "run", "--round", demo.slug]).exit_code == 0
    response = tinn(demo)
    redaction.add_passage(response, SECRET, "Personopplysninger, offentleglova § 13", None, utcnow())
    redaction.withhold_attachment(response, response.attachments[0], "Taushetsplikt", None, utcnow())
    db_.session.commit()
    publish(db_, demo)


@pytest.fixture(scope="module")
def redacted_template(tmp_path_factory, loaded_demo_template):
    """The demo redacted and published (`_redact`, an analysis among its steps), once for this module."""
    if loaded_demo_template is None:
        return None
    return sqlite_template(tmp_path_factory, "redacted-demo", _redact, start=loaded_demo_template)


@pytest.fixture
def redacted(app, db, demo, redacted_template):
    """The demo as `_redact` leaves it: the template's copy, or redacted here when DATABASE_URL names the database."""
    if redacted_template is None:
        _redact(app)
    return db.session.scalar(select(Consultation))


def test_nothing_is_public_before_publication(client, db, demo):
    for step in (None, consultations.close_consultation, consultations.mark_reported):
        if step:
            step(demo, utcnow())
            db.session.commit()
        assert client.get(f"/horing/{demo.slug}").status_code == 404
        assert client.get(f"/horing/{demo.slug}/oppsummering").status_code == 404
        assert client.get(f"/horing/{demo.slug}/svar/{tinn(demo).consultee_id}").status_code == 404


def test_the_published_round_shows_submitted_responses_only(client, db, demo):
    publish(db, demo)
    page = client.get(f"/horing/{demo.slug}").get_data(as_text=True)
    assert "Tinn kommune" in page and "Notodden kommune" in page  # Notodden was invited ...
    notodden = next(r for r in demo.responses if r.consultee.name == "Notodden kommune")
    assert f"/svar/{notodden.consultee_id}" not in page  # ... but its draft is never published
    assert client.get(f"/horing/{demo.slug}/svar/{notodden.consultee_id}").status_code == 404
    assert "Saken behandles i kommunestyret etter fristen" not in page  # internal: extension reasons


def test_withheld_passages_never_reach_the_public(client, db, redacted):
    slug, response = redacted.slug, tinn(redacted)
    public_page = client.get(f"/horing/{slug}/svar/{response.consultee_id}").get_data(as_text=True)
    assert SECRET not in public_page and "[Unntatt offentlighet: offl. § 13" in public_page
    assert "personsak.pdf" not in public_page
    attachment_id = response.attachments[0].id
    assert client.get(f"/horing/{slug}/svar/{response.consultee_id}/vedlegg/{attachment_id}").status_code == 404
    summary = client.get(f"/horing/{slug}/oppsummering").get_data(as_text=True)
    assert SECRET not in summary
    word = Document(io.BytesIO(client.get(f"/horing/{slug}/oppsummering.docx").data))
    everything = "\n".join([p.text for p in word.paragraphs] +
                           [c.text for t in word.tables for row in t.rows for c in row.cells])
    assert SECRET not in everything and "Unntatt offentlighet" in everything
    sheet = load_workbook(io.BytesIO(client.get(f"/horing/{slug}/oppsummering.xlsx").data))
    cells = [str(c.value) for ws in sheet.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert not any(SECRET in c for c in cells)


def test_the_original_stays_intact_for_the_case_file(client, db, users, redacted):
    response = tinn(redacted)
    assert any(SECRET in (a.get("text") or "") for a in response.latest_version.snapshot_data["answers"])
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    staff_view = client.get(f"/consultations/{redacted.slug}/responses/{response.consultee_id}").get_data(as_text=True)
    assert SECRET in staff_view


def test_redactions_need_a_reason_and_a_real_passage_and_are_removed_only_before_publication(db, demo):
    response = tinn(demo)
    with pytest.raises(ValidationError, match="Fant ikke"):
        redaction.add_passage(response, "ord som ikke står der", "Grunn", None, utcnow())
    with pytest.raises(ValidationError, match="hvorfor"):
        redaction.add_passage(response, "fjellbygdene", "  ", None, utcnow())
    publish(db, demo)
    added = redaction.add_passage(response, "fjellbygdene", "Grunn", None, utcnow())
    with pytest.raises(ValidationError, match="publisert"):
        redaction.remove(added, utcnow())


def test_a_passage_withheld_after_publication_is_gone_from_the_public_at_once(client, db, redacted):
    slug, response = redacted.slug, tinn(redacted)
    late = "Vegen er farlig."
    assert late in client.get(f"/horing/{slug}/svar/{response.consultee_id}").get_data(as_text=True)
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    page = client.get(f"/consultations/{slug}/responses/{response.consultee_id}").get_data(as_text=True)
    assert "Et nytt unntak gjelder straks" in page and "Fjern unntaket" not in page
    done = client.post(f"/consultations/{slug}/responses/{response.consultee_id}/redactions",
                       data={"passage": late, "reason": "Nabo med helseplager", "basis": "personal"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Teksten er unntatt offentlighet." in done
    client.post("/logout")
    for url in (f"/horing/{slug}/svar/{response.consultee_id}", f"/horing/{slug}/oppsummering"):
        public = html.unescape(client.get(url).get_data(as_text=True))
        assert late not in public and "Nabo med helseplager" not in public  # nor the internal reason
    word = Document(io.BytesIO(client.get(f"/horing/{slug}/oppsummering.docx").data))
    assert late not in "\n".join([p.text for p in word.paragraphs] +
                                  [c.text for t in word.tables for row in t.rows for c in row.cells])


def test_the_public_reads_the_legal_basis_never_the_secretariats_reason(client, db, redacted):
    slug, response = redacted.slug, tinn(redacted)
    page = html.unescape(client.get(f"/horing/{slug}/svar/{response.consultee_id}").get_data(as_text=True))
    assert "[Unntatt offentlighet: offl. § 13 jf. fvl. § 13 første ledd nr. 1]" in page
    assert "Personopplysninger, offentleglova" not in page


def test_only_the_secretariat_redacts(client, db, users, demo):
    client.post("/login", data={"email": "radet@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    response = tinn(demo)
    result = client.post(f"/consultations/{demo.slug}/responses/{response.consultee_id}/redactions",
                         data={"passage": "fjellbygdene", "reason": "Grunn"})
    assert result.status_code == 403 and redaction.for_round(demo) == []


# --- Redaction by sentence and fragment, labels, and the check before publication ---------------

PRIVATE = ("Naboen min Kari Hansen har diagnosen ALS og trenger tilsyn hver natt. "
           "Hun bor alene i Storgata 5 på Rjukan. Sønnen hennes har sluttet på videregående.")
PRIVATE_SENTENCES = [s.strip() for s in PRIVATE.split(". ")]


def public_texts(client, consultation, consultee_id) -> dict[str, str]:
    """Everything the public can fetch about the round, as text: pages, Word and Excel."""
    slug = consultation.slug
    word = Document(io.BytesIO(client.get(f"/horing/{slug}/oppsummering.docx").data))
    sheet = load_workbook(io.BytesIO(client.get(f"/horing/{slug}/oppsummering.xlsx").data))
    return {
        "round": client.get(f"/horing/{slug}").get_data(as_text=True),
        "response": client.get(f"/horing/{slug}/svar/{consultee_id}").get_data(as_text=True),
        "summary": client.get(f"/horing/{slug}/oppsummering").get_data(as_text=True),
        "docx": "\n".join([p.text for p in word.paragraphs] +
                          [c.text for t in word.tables for row in t.rows for c in row.cells]),
        "xlsx": "\n".join(str(c.value) for ws in sheet.worksheets for row in ws.iter_rows() for c in row if c.value),
    }


def assert_private_text_absent(texts: dict[str, str]) -> None:
    from tests.app.test_withheld import windows

    for where, text in texts.items():
        folded = " ".join(re.findall(r"\w+", html.unescape(text).casefold()))
        for sentence in PRIVATE_SENTENCES:
            assert " ".join(re.findall(r"\w+", sentence.casefold())) not in folded, (where, sentence)
        assert not windows(PRIVATE, 4) & windows(html.unescape(text), 4), where
        for word in ("hansen", "diagnosen", "storgata"):
            assert word not in folded, (where, word)


@pytest.fixture
def private(app, db, demo):
    """Tinn's comment holds three private sentences; the analysis quotes them one by one."""
    invitation = next(i for i in demo.invitations if i.consultee.name == "Tinn kommune")
    data = submission.input_from(tinn(demo))
    data.comments[demo.focus_areas[0].id] = f"Vegen over fjellet er farlig om vinteren. {PRIVATE} Vi ber om tiltak."
    submission.submit(invitation, data, expected_version=submission.version_of(invitation), submission_key="private", now=utcnow(), via="link")
    assert app.test_cli_runner().invoke(args=["analysis", "run", "--round", demo.slug]).exit_code == 0
    db.session.commit()
    return demo


def test_every_sentence_and_fragment_of_a_withheld_passage_stays_out_of_every_public_text(client, db, private):
    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == private.id)).all()
    theme = db.session.get(Theme, next(u.theme_id for u in units if "Hansen" in u.text and u.theme_id))
    theme.label = "Diagnosen, Storgata, vinterveg"  # a label made of the passage's words
    theme.summary = [{"consultee": "Tinn kommune", "text": s} for s in PRIVATE_SENTENCES]  # quoted one by one
    redaction.add_passage(tinn(private), " ".join(PRIVATE.split()).upper(), "Personopplysninger", None, utcnow())
    db.session.commit()
    publish(db, private)
    texts = public_texts(client, private, tinn(private).consultee_id)
    assert_private_text_absent(texts)
    assert "Vinterveg" in texts["docx"] and "Vinterveg" in texts["xlsx"]  # the rest of the label stays
    assert "Vegen over fjellet er farlig om vinteren" in texts["response"]
    assert "[Unntatt offentlighet: offl. § 13 jf. fvl. § 13 første ledd nr. 1]" in texts["summary"]


def test_a_quote_withheld_whole_is_left_out_of_its_theme_not_shown_as_a_mark(client, db, private):
    from app.publication import services

    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == private.id)).all()
    theme = db.session.get(Theme, next(u.theme_id for u in units if "Hansen" in u.text and u.theme_id))
    theme.summary = [{"consultee": "Tinn kommune", "text": PRIVATE_SENTENCES[0]},
                     {"consultee": "Tinn kommune", "text": "Vegen over fjellet er farlig om vinteren."}]
    redaction.add_passage(tinn(private), " ".join(PRIVATE.split()), "Personopplysninger", None, utcnow())
    db.session.commit()
    publish(db, private)
    report = services.public_report(private, utcnow().date())
    quotes = [q.text for area in report.areas for t in area.themes for q in t.quotes]
    assert "Vegen over fjellet er farlig om vinteren." in quotes
    assert not any("Unntatt offentlighet" in q and len(q) < 60 for q in quotes), quotes
    page = client.get(f"/horing/{private.slug}/oppsummering").get_data(as_text=True)
    assert "<p>«[Unntatt offentlighet" not in page


def test_publication_is_refused_while_an_attachment_holds_withheld_text(client, db, users, demo):
    invitation = next(i for i in demo.invitations if i.consultee.name == "Tinn kommune")
    letter = docx_bytes(lambda d: (d.add_paragraph("Vedtak i kommunestyret."), d.add_paragraph(PRIVATE)))
    attachments.add(invitation, filename="vedtak.docx", data=letter, max_bytes=1_000_000, now=utcnow())
    data = submission.input_from(tinn(demo))
    data.comments[demo.focus_areas[0].id] = f"Vegen er farlig. {PRIVATE}"
    submission.submit(invitation, data, expected_version=submission.version_of(invitation), submission_key="att", now=utcnow(), via="link")
    response = tinn(demo)
    redaction.add_passage(response, PRIVATE_SENTENCES[1], "Personopplysninger", None, utcnow())
    consultations.close_consultation(demo, utcnow())
    consultations.mark_reported(demo, utcnow())
    db.session.commit()

    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    confirm = client.get(f"/consultations/{demo.slug}/confirm/publish").get_data(as_text=True)
    assert "vedtak.docx" in confirm and "Tinn kommune" in confirm and "Ja, publisere" not in confirm
    refused = client.post(f"/consultations/{demo.slug}/publish", follow_redirects=True).get_data(as_text=True)
    assert "kan ikke publiseres" in refused and "vedtak.docx" in refused
    db.session.expire_all()
    assert db.session.get(Consultation, demo.id).status.value == "reported"
    assert client.get(f"/horing/{demo.slug}").status_code == 404

    redaction.withhold_attachment(response, response.attachments[0], "Personopplysninger", None, utcnow())
    db.session.commit()
    client.post(f"/consultations/{demo.slug}/publish")
    assert client.get(f"/horing/{demo.slug}").status_code == 200


def test_a_reason_that_repeats_the_withheld_words_is_never_public(client, db, demo):
    invitation = next(i for i in demo.invitations if i.consultee.name == "Tinn kommune")
    data = submission.input_from(tinn(demo))
    data.comments[demo.focus_areas[0].id] = f"Vegen er farlig. {PRIVATE}"
    submission.submit(invitation, data, expected_version=submission.version_of(invitation), submission_key="reason", now=utcnow(), via="link")
    redaction.add_passage(tinn(demo), PRIVATE, "Opplysninger om Kari Hansen", None, utcnow())
    publish(db, demo)
    page = html.unescape(client.get(f"/horing/{demo.slug}/svar/{invitation.consultee_id}").get_data(as_text=True))
    assert "Kari Hansen" not in page and "[Unntatt offentlighet: offl. § 13" in page


def test_a_passage_is_found_whatever_its_spacing_and_case(db, demo):
    response = tinn(demo)
    text = next(a["text"] for a in response.latest_version.snapshot_data["answers"] if len(a.get("text") or "") > 40)
    redaction.add_passage(response, "  ".join(text.split()[:6]).upper(), "Grunn", None, utcnow())
    with pytest.raises(ValidationError, match="Fant ikke"):
        redaction.add_passage(response, text.split()[0] + " ordet som ikke står der", "Grunn", None, utcnow())


def _answer_with_attachment(db, demo, filename: str, data: bytes, key: str):
    """Tinn answers with `SECRET` in a comment and an attachment; the secretariat withholds `SECRET`."""
    invitation = next(i for i in demo.invitations if i.consultee.name == "Tinn kommune")
    attachments.add(invitation, filename=filename, data=data, max_bytes=1_000_000, now=utcnow())
    answers = submission.input_from(tinn(demo))
    answers.comments[demo.focus_areas[0].id] = f"Vegen er farlig. {SECRET} på trafikken."
    submission.submit(invitation, answers, expected_version=submission.version_of(invitation), submission_key=key,
                      now=utcnow(), via="link")
    response = tinn(demo)
    redaction.add_passage(response, SECRET, "Personopplysninger", None, utcnow())
    consultations.close_consultation(demo, utcnow())
    consultations.mark_reported(demo, utcnow())
    db.session.commit()
    return response


def test_an_attachments_file_name_is_published_with_the_withheld_words_marked(client, db, demo):
    letter = docx_bytes(lambda d: d.add_paragraph("Kart over vegen."))
    response = _answer_with_attachment(db, demo, f"Kart – {SECRET}.docx", letter, "name")
    consultations.publish_consultation(demo, utcnow())
    db.session.commit()

    page = client.get(f"/horing/{demo.slug}/svar/{response.consultee_id}").get_data(as_text=True)
    link = f"/horing/{demo.slug}/svar/{response.consultee_id}/vedlegg/{response.attachments[0].id}"
    assert link in page and SECRET not in html.unescape(page)
    download = client.get(link)
    assert download.status_code == 200 and download.data == letter
    disposition = unquote(download.headers["Content-Disposition"])  # filename="…" and filename*=UTF-8''…
    assert "Storgata" not in disposition and "Nordmann" not in disposition
    assert "Unntatt offentlighet" in disposition and "Kart" in disposition


def test_publication_is_refused_while_an_attachments_document_properties_hold_withheld_text(db, demo):
    def titled(document):
        document.add_paragraph("Vedtak i kommunestyret.")
        document.core_properties.title = f"Sak om {SECRET}"
    _answer_with_attachment(db, demo, "vedtak.docx", docx_bytes(titled), "properties")
    with pytest.raises(ValidationError, match="vedtak.docx"):
        consultations.publish_consultation(demo, utcnow())


def test_an_attachment_without_text_to_check_stops_publication_until_it_is_withheld(db, demo):
    response = _answer_with_attachment(db, demo, "skannet-brev.pdf", make_pdf(), "scan")
    with pytest.raises(ValidationError, match="skannet-brev.pdf.*ingen tekst som kan kontrolleres"):
        consultations.publish_consultation(demo, utcnow())
    redaction.withhold_attachment(response, response.attachments[0], "Skannet brev", None, utcnow())
    consultations.publish_consultation(demo, utcnow())
    assert demo.status.value == "published"


def test_once_published_the_summary_cannot_be_changed_by_the_review_or_a_new_analysis(client, db, redacted):
    from app.analysis import jobs, review

    theme = db.session.scalar(select(Theme).order_by(Theme.id))
    label = theme.label
    for change in (lambda: review.rename_theme(theme, "Endret etter publisering", utcnow()),
                   lambda: review.assess(theme, None, "Ny vurdering", None, utcnow()),
                   lambda: review.mark_not_relevant(theme.comments[0], None, utcnow()),
                   lambda: jobs.start(redacted, None, utcnow())):
        with pytest.raises(ValidationError, match="Høringen er publisert"):
            change()
    db.session.rollback()
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    refused = client.post(f"/consultations/{redacted.slug}/analysis/themes/{theme.id}/rename",
                          data={"label": "Endret etter publisering"}, follow_redirects=True)
    assert "Høringen er publisert" in refused.get_data(as_text=True)
    review_page = client.get(f"/consultations/{redacted.slug}/analysis/review").get_data(as_text=True)
    assert "Oppsummeringen som er offentlig, kan ikke endres." in review_page
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).label == label
    assert label in client.get(f"/horing/{redacted.slug}/oppsummering").get_data(as_text=True)


def test_the_published_summary_carries_the_day_it_was_published_whenever_it_is_read(client, db, redacted):
    from datetime import timedelta

    from app.responses.receipt import long_date
    from app.timeutil import to_local

    redacted.published_at = utcnow() - timedelta(days=10)
    db.session.commit()
    published, today = (long_date(to_local(d).date().isoformat()) for d in (redacted.published_at, utcnow()))
    page = client.get(f"/horing/{redacted.slug}/oppsummering").get_data(as_text=True)
    assert f"Status {published}" in page and f"Status {today}" not in page
    document = Document(io.BytesIO(client.get(f"/horing/{redacted.slug}/oppsummering.docx").data))
    made = " ".join(p.text for p in document.paragraphs)
    assert f"Dokumentet ble laget {published}." in made and f"laget {today}" not in made


def test_before_publishing_the_page_names_what_the_analysis_has_not_read(app, client, db, demo):
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    confirm = f"/consultations/{demo.slug}/confirm/publish"
    start = f'action="/consultations/{demo.slug}/analysis/start"'
    page = client.get(confirm).get_data(as_text=True)
    # The warning offers what it asks for, on the page itself
    assert "Innspillene er ikke analysert" in page and start in page
    assert app.test_cli_runner().invoke(args=["analysis", "run", "--round", demo.slug]).exit_code == 0
    page = client.get(confirm).get_data(as_text=True)
    assert "ikke analysert" not in page and "etter siste analyse" not in page and start not in page
    invitation = next(i for i in demo.invitations if i.consultee.name == "Notodden kommune")
    from tests.factories import complete_input

    submission.submit(invitation, complete_input(demo, "Vi sender svaret vårt nå."),
                      expected_version=submission.version_of(invitation), submission_key="late-notodden",
                      now=utcnow(), via="link")
    db.session.commit()
    page = client.get(confirm).get_data(as_text=True)
    left_out = page[page.index("Dette er kommet etter siste analyse"):]
    assert "Notodden kommune" in left_out[:left_out.index("</ul>")] and start in left_out


def test_a_nynorsk_answer_is_marked_nynorsk_on_the_public_page_whatever_the_pages_language(client, db, redacted):
    hjartdal = next(r for r in redacted.responses if r.consultee.name == "Hjartdal kommune")
    client.post("/language/en")
    page = client.get(f"/horing/{redacted.slug}/svar/{hjartdal.consultee_id}").get_data(as_text=True)
    assert '<html lang="en"' in page and re.search(r'class="answer-text" lang="nn">', page)


def test_unassessed_themes_are_named_before_publishing_and_not_called_pending_once_published(client, db, redacted):
    from app.models import Status

    summary = client.get(f"/horing/{redacted.slug}/oppsummering").get_data(as_text=True)
    themes = db.session.scalar(select(func.count(Theme.id)).where(Theme.consultation_id == redacted.id))
    assert f"Ingen av de {themes} temaene er vurdert." in summary and "ennå" not in summary and themes
    # Before publishing: the page that asks says how many themes have no assessment
    redacted.status = Status.REPORTED
    db.session.commit()
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    page = client.get(f"/consultations/{redacted.slug}/confirm/publish").get_data(as_text=True)
    assert "Ikke alle tema er vurdert" in page and "har ingen vurdering fra sekretariatet" in page


def test_a_withholding_rests_on_a_legal_basis_chosen_from_the_list(db, demo):
    from app.errors import ValidationError
    from app.publication import redaction
    from app.timeutil import utcnow

    response = next(r for r in demo.responses if r.consultee.name == "Tinn kommune")
    text = response.latest_version.snapshot.answer_texts().split(".")[0].strip()[:40]
    with pytest.raises(ValidationError, match="hjemmelen"):
        redaction.add_passage(response, text, "Personopplysninger", None, utcnow(), basis="offl. § 99")
    made = redaction.add_passage(response, text, "Fødselsnummer", None, utcnow(), basis="id_number")
    assert made.basis == "id_number"


def test_the_secretariat_chooses_the_basis_on_the_response_page(client, db, demo):
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    response = tinn(demo)
    page = client.get(f"/consultations/{demo.slug}/responses/{response.consultee_id}").get_data(as_text=True)
    assert '<option value="business">' in page and "Hjemmel (vises offentlig)" in page
    client.post(f"/consultations/{demo.slug}/responses/{response.consultee_id}/redactions",
                data={"passage": "fjellbygdene", "reason": "Forretningsforhold", "basis": "business"})
    assert [r.basis for r in redaction.for_round(demo)] == ["business"]


def test_the_council_reads_which_parts_of_a_response_are_withheld(client, db, redacted):
    response = tinn(redacted)
    client.post("/login", data={"email": "radet@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    page = html.unescape(client.get(f"/consultations/{redacted.slug}/responses/{response.consultee_id}")
                         .get_data(as_text=True))
    notice = page[page.index("Deler av svaret er unntatt offentlighet."):]
    assert f"«{SECRET}»" in notice and "personsak.pdf" in notice and "Ikke gjengi dem offentlig" in notice
    assert "Unnta teksten" not in page  # the council reads; only the secretariat withholds
    # the machine translation the page offers says the same
    translated = client.get(f"/consultations/{redacted.slug}/responses/{response.consultee_id}/translation")
    assert translated.status_code == 200  # Apertium, which make installs, translates it
    notice = html.unescape(translated.get_data(as_text=True))
    assert f"«{SECRET}»" in notice and "Ikke gjengi dem offentlig" in notice


def _a_quote_withheld_whole(db, redacted):
    """A quote of the report (of more than six words) whose whole text is withheld from the public: the quote."""
    from app.reports.services import collect

    answered = {r.consultee.name: r for r in redacted.responses if r.versions}
    quote = next(q for area in collect(redacted, utcnow().date()).areas for t in area.themes for q in t.quotes
                 if len(q.text.split()) > 6 and q.consultee in answered and SECRET not in q.text)
    redaction.add_passage(answered[quote.consultee], quote.text, "Personopplysninger", None, utcnow())
    db.session.commit()
    return quote


def test_the_council_sees_a_quote_with_withheld_words_marked_on_the_overview_and_the_report_page(client, db, redacted):
    quote = _a_quote_withheld_whole(db, redacted)
    client.post("/login", data={"email": "radet@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    mark = "Unntatt offentlighet – ikke gjengi offentlig"
    for url in (f"/consultations/{redacted.slug}/overview", f"/consultations/{redacted.slug}/report"):
        page = html.unescape(client.get(url).get_data(as_text=True))
        blocks = re.findall(r"<blockquote.*?</blockquote>|<p>.*?</p>", page, re.S)
        holding = [b for b in blocks if quote.text in b]
        assert holding and all(mark in b for b in holding), url  # wherever it is quoted, summary or theme
        others = [b for b in blocks if b.startswith("<blockquote") and quote.text not in b]
        assert others and not any(mark in b for b in others), url  # the other quotes are not marked


def test_the_councils_word_file_is_the_internal_edition_marking_each_withheld_place_and_the_publics_is_not(
        client, db, redacted):
    from docx import Document

    from app.publication.services import public_report
    from app.reports.docx_writer import report_docx, report_filename
    from app.reports.services import collect

    quote = _a_quote_withheld_whole(db, redacted)
    internal = collect(redacted, utcnow().date())
    assert "-intern-" in report_filename(internal) and "-intern-" in report_filename(internal, "xlsx", "innspill")
    document = Document(io.BytesIO(report_docx(internal)))
    texts = [p.text for p in document.paragraphs]
    tag = "[Unntatt offentlighet – ikke gjengi offentlig]"
    assert any(t.startswith("INTERN UTGAVE – ") for t in texts)
    assert all(tag in t for t in texts if quote.text in t)  # the quote, its summary, its answer in the appendix
    assert sum(tag in t for t in texts) >= 2
    from openpyxl import load_workbook

    from app.reports.xlsx_writer import report_xlsx

    cells = [str(c.value) for row in load_workbook(io.BytesIO(report_xlsx(internal))).active.iter_rows() for c in row]
    assert any(quote.text in c and tag in c for c in cells) and not any(quote.text in c and tag not in c for c in cells)
    public = public_report(redacted, utcnow().date())
    assert public.withheld == () and "-intern-" not in report_filename(public)
    shared = [p.text for p in Document(io.BytesIO(report_docx(public))).paragraphs]
    assert not any("INTERN" in t or tag in t for t in shared) and not any(quote.text in t for t in shared)


def test_a_body_whose_every_comment_in_a_theme_is_withheld_is_not_named_as_raising_it_in_public(client, db, redacted):
    from app.analysis import overview
    from app.consultees.names import document_name
    from app.publication.services import public_report
    from app.reports.services import collect

    view = overview.build(redacted, name=lambda c: document_name(c, "nb"))
    theme_id, name, texts = next((tid, n, t) for tid, by in view.said_by.items() for n, t in by.items()
                                 if len(by) > 1 and SECRET not in " ".join(t))
    response = next(r for r in redacted.responses if r.consultee.name == name)
    for text in texts:
        redaction.add_passage(response, text, "Personopplysninger", None, utcnow())
    db.session.commit()
    label = db.session.get(Theme, theme_id).label
    internal = collect(redacted, utcnow().date()).areas
    at = next((i, j) for i, a in enumerate(internal) for j, t in enumerate(a.themes) if t.label == label)
    assert name in internal[at[0]].themes[at[1]].consultees  # the council still reads who raised it
    public = public_report(redacted, utcnow().date()).areas[at[0]].themes[at[1]]  # the same theme, redacted
    assert name not in public.consultees and public.consultees  # the others who raised it are still named
    from app.publication.page import round_page

    on_page = round_page(redacted, utcnow(), utcnow().date()).areas[at[0]].themes[at[1]]
    assert on_page.consultees == public.consultees


def test_a_theme_whose_every_comment_is_withheld_and_each_comment_withheld_whole_leave_nothing_public(client, db,
                                                                                                      redacted):
    """Found in a public round: the theme «Møtetider» stayed a heading over nothing, and the Excel rows of its
    withheld comments kept their theme, kind and assessment beside the mark."""
    from app.analysis import overview
    from app.consultees.names import document_name
    from app.reports.services import collect

    view = overview.build(redacted, name=lambda c: document_name(c, "nb"))
    answered = {r.consultee.name: r for r in redacted.responses if r.versions}
    theme_id, said = next((tid, by) for tid, by in view.said_by.items()
                          if set(by) <= set(answered) and SECRET not in str(by) and len(view.texts[tid]) == sum(map(len, by.values())))
    theme = db.session.get(Theme, theme_id)
    theme.label = "Møtetider"  # a word no withheld comment holds
    theme.assessment, theme.assessment_text = Assessment.ACCEPTED, "Tas inn i kapittel 4."
    for name, texts in said.items():
        for text in texts:
            redaction.add_passage(answered[name], text, "Personopplysninger", None, utcnow())
    db.session.commit()
    slug = redacted.slug
    pages = [html.unescape(client.get(url).get_data(as_text=True))
             for url in (f"/horing/{slug}", f"/horing/{slug}/oppsummering")]
    word = "\n".join(p.text for p in Document(io.BytesIO(client.get(f"/horing/{slug}/oppsummering.docx").data)).paragraphs)
    book = load_workbook(io.BytesIO(client.get(f"/horing/{slug}/oppsummering.xlsx").data))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    for public in (*pages, word, " ".join(cells)):
        assert "Møtetider" not in public and "Tas inn i kapittel 4" not in public
    assert not any(c.startswith("[Unntatt offentlighet") for c in cells), "a row withheld whole is left out"
    assert any(t.label == "Møtetider" for a in collect(redacted, utcnow().date()).areas for t in a.themes)


def test_a_quote_withheld_whole_is_left_out_of_the_page_as_of_the_files(client, db, redacted):
    quote = _a_quote_withheld_whole(db, redacted)
    page = html.unescape(client.get(f"/horing/{redacted.slug}").get_data(as_text=True))
    assert "«[Unntatt offentlighet" not in page  # no quote that says only that it was withheld
    assert quote.text not in page


def test_a_consultee_reading_its_answer_after_publication_is_led_to_the_summary(client, db, redacted):
    """Found after publication: the consultee's pages still said that the answer could be changed until the
    deadline and that a summary would be made after it."""
    client.post("/login", data={"email": "tinn@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    summary = f'href="/horing/{redacted.slug}"'
    page = client.get(f"/mine/{redacted.slug}").get_data(as_text=True)
    assert summary in page and "endre svaret til fristen" not in page
    receipt = client.get(f"/mine/{redacted.slug}/kvittering/{tinn(redacted).latest_version.number}")
    assert receipt.status_code == 200, receipt.status_code
    text = receipt.get_data(as_text=True)
    assert summary in text and "Etter fristen går sekretariatet" not in text


def test_publication_waits_while_an_assessment_names_a_body_whose_text_in_the_theme_is_withheld(db, redacted):
    """Found in a published round: «Tatt opp av» left Kongsberg out of a theme, and its assessment said «… slik
    Kongsberg kommune ber om»."""
    from app.analysis import overview
    from app.consultees.names import document_name
    from app.publication.services import publication_problems

    view = overview.build(redacted, name=lambda c: document_name(c, "nb"))
    answered = {r.consultee.name: r for r in redacted.responses if r.versions}
    theme_id, name, texts = next((tid, n, t) for tid, by in view.said_by.items() for n, t in by.items()
                                 if len(by) > 1 and n in answered and SECRET not in " ".join(t))
    for text in texts:
        redaction.add_passage(answered[name], text, "Personopplysninger", None, utcnow())
    theme = db.session.get(Theme, theme_id)
    theme.assessment, theme.assessment_text = Assessment.ACCEPTED, f"Tas inn, slik {name} ber om."
    db.session.commit()
    problems = publication_problems(redacted, utcnow().date())
    assert any(name in p and "Vurderingen av temaet" in p for p in problems), problems
    theme.assessment_text = "Tas inn i kapittel 4."
    db.session.commit()
    assert not any("Vurderingen av temaet" in p for p in publication_problems(redacted, utcnow().date()))
