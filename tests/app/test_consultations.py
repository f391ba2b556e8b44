import html
import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from app.consultations import services
from app.errors import ConsultationStateError, DraftError, ValidationError
from app.invitations import services as invitations
from app.models import AuditEvent, Consultation, Draft, Language, QuestionKind, Response, Role, Status
from app.timeutil import local_to_utc, utcnow
from tests.app import worst_documents
from tests.app.worst_case import measure_each
from tests.conftest import docx_bytes, kongsberg_shaped_draft, login, make_consultation, make_user

FORM = {"title": "Regional plan for Sogn", "description": "Høyring om planen.", "opens_on": "2031-05-15",
        "deadline_on": "2031-07-01", "deadline_time": "12:00", "language": "nn"}


def count(db, model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def upload(client, data: bytes | None = None, name="utkast.docx", **fields):
    form = {**FORM, **fields}
    if data is not None:
        form["draft_file"] = (io.BytesIO(data), name)
    return client.post("/consultations/new", data=form, content_type="multipart/form-data")


def test_new_round_from_a_docx_proposes_focus_areas_and_default_questions(client, users, db):
    login(client, users["secretariat"])
    response = upload(client, docx_bytes(kongsberg_shaped_draft))
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.slug == "regional-plan-for-sogn" and consultation.status is Status.DRAFT
    assert [(a.group, a.title) for a in consultation.focus_areas] == [
        ("Samfunnsutvikling", "Samferdsel og infrastruktur"), ("Samfunnsutvikling", "Kompetanse og innovasjon"),
        ("Tjenesteutvikling", "Kvalitet i tjenestene"), ("Tjenesteutvikling", "Digitalisering")]
    assert "Felles planlegging i god tid" not in consultation.focus_areas[0].description  # shared by the group
    assert consultation.language is Language.NYNORSK
    assert consultation.questions[0].kind is QuestionKind.POSITION
    assert consultation.questions[0].text == "Kva meiner de om satsingsområda?"
    assert consultation.deadline_at == local_to_utc(*_date_time("2031-07-01", "12:00"))
    assert consultation.current_draft.filename == "utkast.docx"
    assert "Samfunnsutvikling" in consultation.current_draft.text


def _date_time(day, at):
    from datetime import date, time

    return date.fromisoformat(day), time.fromisoformat(at)


def test_new_round_from_pasted_text(client, users, db):
    login(client, users["secretariat"])
    text = "# Samfunnsutvikling\n\nSatsingsområder:\n\n- Samferdsel\n- Reiseliv\n"
    assert client.post("/consultations/new", data={**FORM, "draft_text": text}).status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert [a.title for a in consultation.focus_areas] == ["Samferdsel", "Reiseliv"]
    assert consultation.current_draft.content is None
    assert "Kontroller satsingsområdene" in client.get("/consultations/").get_data(as_text=True)


def test_a_draft_with_no_focus_areas_to_find_says_so_when_the_round_is_made(client, users, db):
    login(client, users["secretariat"])
    page = client.post("/consultations/new", data={**FORM, "draft_text": "Et utkast i ett avsnitt uten overskrifter."},
                       follow_redirects=True).get_data(as_text=True)
    assert "ingen satsingsområder ble funnet i utkastet" in page and "Kontroller satsingsområdene" not in page


def _with_broken_body(data: bytes) -> bytes:
    """The same package with word/document.xml replaced by broken XML."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            body = b"<w:document><unclosed" if item.filename == "word/document.xml" else source.read(item)
            out.writestr(item, body)
    return target.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.4 not a word file", "ikke et gyldig Word-dokument"),
    (docx_bytes(kongsberg_shaped_draft)[:4000], "ikke et gyldig Word-dokument"),
    (_with_broken_body(docx_bytes(kongsberg_shaped_draft)), "skadet"),
    (b"", "tom"),
])
def test_bad_files_get_a_message_in_the_form_and_nothing_is_saved(client, users, db, data, message):
    login(client, users["secretariat"])
    page = upload(client, data, name="utkast.docx").get_data(as_text=True)
    assert message in page
    assert 'value="Regional plan for Sogn"' in page and "Høyring om planen." in page
    assert "Filen må velges på nytt" in page
    assert count(db, Consultation) == 0 and count(db, Draft) == 0


def test_a_50_mb_upload_is_refused_in_the_form(client, users, db):
    login(client, users["secretariat"])
    page = upload(client, b"0" * (50 * 1024 * 1024)).get_data(as_text=True)
    assert "Filen er for stor" in page and 'value="Regional plan for Sogn"' in page
    assert count(db, Consultation) == 0


def test_deadline_before_opening_and_empty_title_are_refused(client, users, db):
    login(client, users["secretariat"])
    page = client.post("/consultations/new", data={**FORM, "deadline_on": "2031-05-01"}).get_data(as_text=True)
    assert "Høringsfristen kan ikke være før åpningsdatoen." in page
    page = client.post("/consultations/new", data={**FORM, "title": "   "}).get_data(as_text=True)
    assert "Høringen må ha en tittel." in page and "Filen må velges på nytt" not in page  # no file was chosen
    # A file chosen beside a refused field is not kept by the browser: the page says to choose it again
    page = upload(client, docx_bytes(kongsberg_shaped_draft), deadline_on="2031-05-01").get_data(as_text=True)
    assert "Høringsfristen kan ikke være før åpningsdatoen." in page and "Filen må velges på nytt" in page
    assert count(db, Consultation) == 0


def test_service_refuses_deadline_not_after_opening(db, region):
    now = utcnow()
    with pytest.raises(ValidationError, match="etter åpningsdatoen"):
        services.create_consultation(region, title="X", description="", opens_at=now, deadline_at=now,
                                     language=Language.BOKMAL)


def test_slugs_are_unique_and_survive_a_title_change(db, region):
    first = make_consultation(db, region, "Høring om Ål og Øvre Årdal")
    second = make_consultation(db, region, "Høring om Ål og Øvre Årdal")
    assert (first.slug, second.slug) == ("horing-om-al-og-ovre-ardal", "horing-om-al-og-ovre-ardal-2")
    services.update_consultation(first, title="Nytt navn", description="", opens_at=first.opens_at,
                                 deadline_at=first.deadline_at, language=Language.BOKMAL)
    assert first.slug == "horing-om-al-og-ovre-ardal"


def test_a_new_draft_version_keeps_the_old_one_and_the_focus_areas(db, region, consultation):
    services.add_draft_file(consultation, filename="v1.docx", data=docx_bytes(kongsberg_shaped_draft),
                            user=None, max_bytes=10_000_000)
    titles = [a.title for a in consultation.focus_areas]
    services.add_draft_text(consultation, text="Ny tekst\n\nMed et avsnitt.", user=None)
    assert [d.version for d in consultation.drafts] == [1, 2]
    assert [a.title for a in consultation.focus_areas] == titles


def test_focus_areas_can_be_taken_again_from_the_draft(db, region, consultation):
    services.add_draft_file(consultation, filename="v1.docx", data=docx_bytes(kongsberg_shaped_draft),
                            user=None, max_bytes=10_000_000)
    consultation.focus_areas[0].title = "Endret"
    services.replace_focus_areas_from_draft(consultation)
    assert consultation.focus_areas[0].title == "Samferdsel og infrastruktur"


def test_an_empty_pasted_draft_is_refused(db, consultation):
    with pytest.raises(DraftError):
        services.add_draft_text(consultation, text="  \n ", user=None)


def ready_to_open(db, consultation, consultee):
    services.add_draft_file(consultation, filename="v1.docx", data=docx_bytes(kongsberg_shaped_draft),
                            user=None, max_bytes=10_000_000)
    invitations.invite(consultation, [consultee], now=utcnow())
    db.session.commit()


def test_a_round_cannot_open_without_focus_areas_questions_consultees_or_future_deadline(db, consultation, consultee_a):
    consultation.questions.clear()
    with pytest.raises(ConsultationStateError) as error:
        consultation.open(utcnow())
    for problem in ("ingen satsingsområder", "ingen spørsmål", "Ingen høringsinstanser"):
        assert problem in error.value.message
    ready_to_open(db, consultation, consultee_a)
    from app.consultations import structure

    structure.add_question_set(consultation, "standard")
    consultation.deadline_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(ConsultationStateError, match="fram i tid"):
        consultation.open(utcnow())
    consultation.deadline_at = utcnow() + timedelta(days=1)
    consultation.open(utcnow())
    assert consultation.status is Status.OPEN


def test_lifecycle_moves_only_forward_one_step_at_a_time(db, consultation, consultee_a):
    now = utcnow()
    for wrong in (consultation.close, consultation.mark_reported, consultation.publish):
        with pytest.raises(ConsultationStateError):
            wrong(now)
    ready_to_open(db, consultation, consultee_a)
    services.open_consultation(consultation, now)
    with pytest.raises(ConsultationStateError):
        consultation.open(now)
    with pytest.raises(ConsultationStateError):
        consultation.publish(now)
    consultation.close(now)
    consultation.mark_reported(now)
    consultation.publish(now)
    assert consultation.status is Status.PUBLISHED and consultation.published_at == now


def test_opening_in_the_browser_sends_the_invitations(client, users, db, consultation, consultee_a, outbox):
    ready_to_open(db, consultation, consultee_a)
    login(client, users["secretariat"])
    client.post(f"/consultations/{consultation.slug}/open")
    db.session.refresh(consultation)
    assert consultation.status is Status.OPEN
    assert [m.to for m in outbox] == [consultee_a.email]


def test_opening_refused_in_the_browser_says_why(client, users, db, consultation):
    login(client, users["secretariat"])
    page = client.post(f"/consultations/{consultation.slug}/open", follow_redirects=True).get_data(as_text=True)
    assert "Høringen har ingen satsingsområder." in page
    db.session.refresh(consultation)
    assert consultation.status is Status.DRAFT


def test_questions_and_focus_areas_lock_once_the_first_response_exists(client, users, db, consultation, consultee_a):
    ready_to_open(db, consultation, consultee_a)
    services.open_consultation(consultation, utcnow())
    db.session.add(Response(consultation=consultation, consultee=consultee_a))
    db.session.commit()
    login(client, users["secretariat"])
    question = consultation.questions[0]
    page = client.post(f"/consultations/{consultation.slug}/questions/{question.id}/delete",
                       follow_redirects=True).get_data(as_text=True)
    assert "låst" in page
    area = consultation.focus_areas[0]
    client.post(f"/consultations/{consultation.slug}/focus-areas/{area.id}/delete")
    db.session.expire_all()
    assert len(consultation.questions) == 4 and area in consultation.focus_areas


def structure_items(consultation, kind: str) -> list:
    return consultation.focus_areas if kind == "focus-areas" else consultation.questions


def item_name(item) -> str:
    return item.title if hasattr(item, "title") else item.text


@pytest.mark.parametrize(("kind", "asked", "done"), [
    ("focus-areas", "Slette satsingsområdet?", "er slettet."),
    ("questions", "Slette spørsmålet?", "Spørsmålet er slettet.")])
def test_deleting_a_focus_area_or_question_asks_first(client, users, db, consultation, consultee_a, kind, asked, done):
    ready_to_open(db, consultation, consultee_a)
    items = structure_items(consultation, kind)
    item, before = items[0], len(items)
    login(client, users["secretariat"])
    base = f"/consultations/{consultation.slug}/{kind}"
    url = f"{base}/{item.id}/delete"
    listing = client.get(base).get_data(as_text=True)
    assert f'href="{url}"' in listing and f'action="{url}"' not in listing
    assert f'action="{base}/{items[1].id}/up"' in listing  # moving stays a one-click button
    page = client.get(url).get_data(as_text=True)
    assert asked in page and f"«{escape(item_name(item))}»" in page and "Dette kan ikke angres." in page
    assert f'<form method="post" action="{url}"' in page and 'name="csrf_token"' in page
    assert f'href="{base}"' in page
    db.session.expire_all()
    assert len(structure_items(consultation, kind)) == before  # asking deleted nothing
    answer = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert done in answer
    db.session.expire_all()
    assert len(structure_items(consultation, kind)) == before - 1
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", ["focus-areas", "questions"])
def test_the_council_can_neither_ask_for_nor_make_a_deletion(client, users, db, consultation, consultee_a, kind):
    ready_to_open(db, consultation, consultee_a)
    item, before = structure_items(consultation, kind)[0], len(structure_items(consultation, kind))
    login(client, users["council"])
    url = f"/consultations/{consultation.slug}/{kind}/{item.id}/delete"
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    db.session.expire_all()
    assert len(structure_items(consultation, kind)) == before


@pytest.mark.parametrize("kind", ["focus-areas", "questions"])
def test_deleting_in_another_regions_round_is_not_found(client, db, other_region, consultation, consultee_a, kind):
    ready_to_open(db, consultation, consultee_a)
    item, before = structure_items(consultation, kind)[0], len(structure_items(consultation, kind))
    login(client, make_user(db, other_region, Role.SECRETARIAT, "utenfor@example.no"))
    url = f"/consultations/{consultation.slug}/{kind}/{item.id}/delete"
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    db.session.expire_all()
    assert len(structure_items(consultation, kind)) == before


def test_the_council_reads_rounds_but_sees_no_editing(client, users, db, consultation):
    login(client, users["council"])
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert consultation.title in page
    assert "Rediger spørsmål" not in page and "Neste steg" not in page


def test_the_uploaded_draft_downloads_as_it_was_received(client, users, db, consultation):
    data = docx_bytes(kongsberg_shaped_draft)
    services.add_draft_file(consultation, filename="utkast.docx", data=data, user=None, max_bytes=10_000_000)
    db.session.commit()
    login(client, users["council"])
    response = client.get(f"/consultations/{consultation.slug}/draft/1.docx")
    assert response.data == data and "attachment" in response.headers["Content-Disposition"]
    assert client.get(f"/consultations/{consultation.slug}/draft/9.docx").status_code == 404


def test_editing_details_in_the_browser(client, users, db, consultation):
    login(client, users["secretariat"])
    form = {**FORM, "title": "Nytt navn", "language": "nb", "opens_on": "2031-01-01"}
    assert client.post(f"/consultations/{consultation.slug}/edit", data=form).status_code == 302
    db.session.refresh(consultation)
    assert consultation.title == "Nytt navn"
    page = client.get(f"/consultations/{consultation.slug}/edit").get_data(as_text=True)
    assert 'value="2031-01-01"' in page and 'value="12:00"' in page


def test_the_secretariat_sets_the_case_number_and_archive_reference_on_the_edit_form(client, users, db, consultation):
    login(client, users["secretariat"])
    form = {**FORM, "case_number": " 2019/245 ", "archive_reference": "026  &13"}
    assert client.post(f"/consultations/{consultation.slug}/edit", data=form).status_code == 302
    db.session.refresh(consultation)
    assert (consultation.case_number, consultation.archive_reference) == ("2019/245", "026 &13")
    assert 'value="2019/245"' in client.get(f"/consultations/{consultation.slug}/edit").get_data(as_text=True)


@pytest.mark.parametrize("case_number, archive_reference, message", [
    ("19-245", "026", "for eksempel 2019/245"),
    ("2019/12345678", "026", "for eksempel 2019/245"),
    ("2019/" + "1" * 20, "026", "høyst 20 tegn"),
    ("2019/245", "x" * 101, "høyst 100 tegn"),
])
def test_a_case_number_or_archive_reference_out_of_shape_is_refused(client, users, db, consultation, case_number,
                                                                    archive_reference, message):
    login(client, users["secretariat"])
    form = {**FORM, "case_number": case_number, "archive_reference": archive_reference}
    page = client.post(f"/consultations/{consultation.slug}/edit", data=form)
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    db.session.refresh(consultation)
    assert (consultation.case_number, consultation.archive_reference) == ("", "")


def test_a_closed_rounds_case_number_is_set_on_the_archive_page(client, users, db, consultation):
    consultation.status = Status.CLOSED
    db.session.commit()
    url = f"/consultations/{consultation.slug}/archive/case"
    login(client, users["council"])
    assert client.post(url, data={"case_number": "2019/245", "archive_reference": "026"}).status_code == 403
    client.post("/logout")
    login(client, users["secretariat"])
    refused = client.post(url, data={"case_number": "245", "archive_reference": "026"})
    assert refused.status_code == 400 and "for eksempel 2019/245" in refused.get_data(as_text=True)
    assert client.post(url, data={"case_number": "2019/245", "archive_reference": "026 &13"}).status_code == 302
    db.session.refresh(consultation)
    assert (consultation.case_number, consultation.archive_reference) == ("2019/245", "026 &13")


def test_empty_fields_on_the_archive_page_never_remove_the_case_number_and_an_unchanged_save_logs_nothing(
        client, users, db, consultation):
    from app.models import AuditEvent

    url = f"/consultations/{consultation.slug}/archive/case"
    login(client, users["records"])
    saved = client.post(url, data={"case_number": "2019/245", "archive_reference": "026 &13"}, follow_redirects=True)
    assert "er lagret" in saved.get_data(as_text=True)  # the flash is shown here, and not again below
    logged = count(db, AuditEvent)
    for fields in ({"case_number": "", "archive_reference": ""}, {"case_number": "  ", "archive_reference": "026 &13"},
                   {"case_number": "2019/245", "archive_reference": " "}):
        refused = client.post(url, data=fields)
        assert refused.status_code == 400 and "er lagret" not in refused.get_data(as_text=True), fields
    assert client.post(url, data={"case_number": "2019/245", "archive_reference": "026 &13"}).status_code == 302
    db.session.refresh(consultation)
    assert (consultation.case_number, consultation.archive_reference) == ("2019/245", "026 &13")
    assert count(db, AuditEvent) == logged  # the same numbers saved again: no empty line in the change log


def test_the_archive_package_waits_for_a_case_number(client, users, db, consultation):
    from app.models import ArchiveRun

    login(client, users["secretariat"])
    page = client.post(f"/consultations/{consultation.slug}/archive", follow_redirects=True).get_data(as_text=True)
    assert "Sett saksnummer og arkivreferanse" in page and count(db, ArchiveRun) == 0


def test_irreversible_steps_ask_first(client, users, db, consultation, consultee_a):
    ready_to_open(db, consultation, consultee_a)
    login(client, users["secretariat"])
    show = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert f"/consultations/{consultation.slug}/confirm/open" in show
    page = client.get(f"/consultations/{consultation.slug}/confirm/open").get_data(as_text=True)
    assert "Åpne høringen?" in page and consultee_a.email in page
    db.session.refresh(consultation)
    assert consultation.status is Status.DRAFT
    page = client.get(f"/consultations/{consultation.slug}/confirm/from-draft").get_data(as_text=True)
    assert "erstattes" in page and f'action="/consultations/{consultation.slug}/focus-areas/from-draft"' in page


def test_adding_a_question_set_twice_says_nothing_was_added(client, users, db, consultation):
    login(client, users["secretariat"])
    first = client.post(f"/consultations/{consultation.slug}/questions/template/dialogmote",
                        follow_redirects=True).get_data(as_text=True)
    again = client.post(f"/consultations/{consultation.slug}/questions/template/dialogmote",
                        follow_redirects=True).get_data(as_text=True)
    assert "10 spørsmål er lagt til." in first and "allerede alle disse spørsmålene" in again


# --- worst cases through the real page (tests/app/worst_case.py, tests/app/worst_documents.py) -----

#: Pasted drafts at the form's cap (200,000 characters), each shaped against one part of the reader
PASTED = {
    "pasted: 100,000 wrapped lines": "a\n" * 100_000,
    "pasted: one line without spaces": "a" * 200_000,
    "pasted: 9,900 markdown headings": "".join(f"# Område {i}\nTekst.\n" for i in range(4_950))[:200_000],
    "pasted: 3,300 lead-in lists": "Satsingsområder:\n- Vei\n- Bane\n" * 3_300,
    "pasted: 20,000 one-letter paragraphs": "x\n\n" * 20_000,  # refused: over 10,000 paragraphs
}


def draft_uploads(app, paths: dict[str, str]):
    """Prepare: a signed-in secretariat; measure a new round made from each document and each paste."""
    from app.extensions import db
    from app.models import Region
    from tests.conftest import make_user

    region = Region(name="Testregionen", slug="testregionen")
    db.session.add(region)
    db.session.commit()
    client = app.test_client()
    login(client, make_user(db, region, Role.SECRETARIAT, "sekretariat@example.no"))

    def post(fields: dict):
        def call():
            response = client.post("/consultations/new", data={**FORM, **fields}, content_type="multipart/form-data")
            page = response.get_data(as_text=True)
            refused = next((m for m in ("for stor eller for sammensatt", "for langt", "for lang") if m in page), "")
            return {"status": response.status_code, "refused": refused}
        return call
    calls = {name: post({"draft_file": (io.BytesIO(Path(path).read_bytes()), "utkast.docx")})
             for name, path in paths.items()}
    return calls | {name: post({"draft_text": text}) for name, text in PASTED.items()}


@pytest.fixture(scope="module")
def draft_figures(tmp_path_factory):
    directory = tmp_path_factory.mktemp("worst")
    paths = {name: worst_documents.write(directory, name) for name in worst_documents.DOCUMENTS}
    return measure_each("tests.app.test_consultations:draft_uploads", paths=paths)


@pytest.mark.bounds
@pytest.mark.parametrize("name", [*worst_documents.DOCUMENTS, *PASTED])
def test_worst_case_a_draft_from_each_document_or_paste_is_bounded(draft_figures, name):
    measured = draft_figures[name]
    if name in worst_documents.DRAFT_ACCEPTED or name in PASTED and "20,000" not in name:
        assert measured.result == {"status": 302, "refused": ""}, measured
    else:
        assert measured.result["status"] == 200 and measured.result["refused"], measured
    assert measured.within_bounds(), measured


def test_a_round_not_opened_yet_says_when_it_is_planned_to_open_not_that_it_opened(client, db, users, consultation):
    from datetime import timedelta

    from app.timeutil import utcnow

    consultation.opens_at = utcnow() - timedelta(days=30)  # a date that has passed, but the round is still a draft
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "<dt>Planlagt åpning</dt>" in page and "<dt>Åpnet</dt>" not in page


def test_a_secretariat_working_in_nynorsk_starts_a_new_round_in_nynorsk(client, db, users):
    login(client, users["secretariat"])
    bokmal = client.get("/consultations/new").get_data(as_text=True)
    assert '<option selected value="nn">' not in bokmal
    client.post("/language/nn", data={"next": "/consultations/new"})
    nynorsk = client.get("/consultations/new").get_data(as_text=True)
    assert '<option selected value="nn">' in nynorsk


def test_the_main_menu_marks_the_rounds_as_where_the_user_is_on_a_rounds_pages(client, users, db, consultation):
    login(client, users["secretariat"])
    for path in ("", "/invitations", "/report"):
        page = client.get(f"/consultations/{consultation.slug}{path}").get_data(as_text=True)
        menu = page.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
        assert re.search(r'href="/consultations/"\s+aria-current="page"', menu), path


# --- a new version of the draft while the round is open ----------------------------------------------

#: Version 2 of the Kongsberg-shaped draft: one area dropped (Digitalisering), one added (Klima og miljø), and
#: the rest written with other case, spacing and numbers, which still name the round's areas
VERSION_2 = ("# Samfunnsutvikling\n\nSatsingsområder:\n\n- SAMFERDSEL  og infrastruktur\n- Kompetanse og innovasjon\n"
             "- Klima og miljø\n\n# Tjenesteutvikling\n\nSatsingsområder:\n\n- 3. Kvalitet i tjenestene\n")


@pytest.fixture
def told_round(db, region, consultation, consultee_a, consultee_b):
    """An open round taking no late answers, with four invited: Tinn can answer, Rollag's own deadline has passed,
    Flesberg is archived and Notodden has answered (and may still change its answer): (round, Notodden's link)."""
    from app.consultees import services as consultees
    from app.responses import submission
    from tests.conftest import make_consultee
    from tests.factories import complete_input, invitation_of, open_round_for

    flesberg, notodden = make_consultee(db, region, "Flesberg kommune"), make_consultee(db, region, "Notodden kommune")
    consultation.accepts_late = False
    tokens = open_round_for(db, consultation, consultee_a, consultee_b, flesberg, notodden)
    invitation_of(consultation, "Rollag kommune").deadline_override_at = utcnow() - timedelta(hours=1)
    consultees.archive_consultee(flesberg, utcnow())
    submission.submit(invitation_of(consultation, "Notodden kommune"), complete_input(consultation),
                      expected_version=None, submission_key="k", now=utcnow(), via="link")
    db.session.commit()
    return consultation, f"/svar/{tokens['Notodden kommune']}"


def post_version(client, consultation, text: str = VERSION_2, **fields):
    return client.post(f"/consultations/{consultation.slug}/draft", data={"draft_text": text, **fields},
                       follow_redirects=True)


def test_the_draft_page_of_an_open_round_says_the_consultees_will_see_the_new_version_and_offers_to_tell_them(
        client, users, db, told_round):
    consultation, _link = told_round
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/draft").get_data(as_text=True)
    assert "høringsinstansene har allerede lenken til skjemaet" in page
    assert re.search(r'<input[^>]*checked[^>]*name="tell_consultees"|<input[^>]*name="tell_consultees"[^>]*checked', page)


def test_the_draft_page_of_a_round_not_sent_yet_neither_warns_nor_offers_to_mail(client, users, db, consultation,
                                                                                 consultee_a):
    ready_to_open(db, consultation, consultee_a)  # invited, not opened: no link is out
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/draft").get_data(as_text=True)
    assert "har allerede lenken" not in page and "tell_consultees" not in page


def test_a_new_version_is_mailed_to_those_who_can_still_answer_with_its_number_date_and_the_way_to_the_form(
        client, users, db, told_round, outbox):
    from app.timeutil import format_long_date

    consultation, _link = told_round
    login(client, users["secretariat"])
    outbox.clear()
    page = post_version(client, consultation, tell_consultees="y").get_data(as_text=True)
    assert "Versjon 2 av utkastet er lagret. 2 høringsinstanser har fått e-post om den nye versjonen." in page
    # Rollag's deadline has passed in a round taking no late answers, and Flesberg is archived: neither is told
    assert sorted(m.to for m in outbox) == ["post@notodden.example.no", "post@tinn.example.no"]
    mail = next(m for m in outbox if m.to == "post@tinn.example.no")
    day = format_long_date(consultation.current_draft.uploaded_at, "nb")
    assert mail.subject == f"Ny versjon av høringsutkastet: {consultation.title}"
    assert f"versjon 2, oppdatert {day}" in mail.body
    assert f"/mine/{consultation.slug}" in mail.body and mail.language == "nb"


def test_the_new_version_mail_is_written_in_each_invitations_language(client, users, db, told_round, outbox):
    consultation, _link = told_round
    invitation_of_tinn = next(i for i in consultation.invitations if i.consultee.name == "Tinn kommune")
    invitation_of_tinn.consultee.language = "nn"  # as a public respondent's own language is kept
    db.session.commit()
    login(client, users["secretariat"])
    outbox.clear()
    post_version(client, consultation, tell_consultees="y")
    assert {m.to: m.language for m in outbox} == {"post@tinn.example.no": "nn", "post@notodden.example.no": "nb"}


def test_a_new_version_with_the_box_unticked_mails_nobody(client, users, db, told_round, outbox):
    consultation, _link = told_round
    login(client, users["secretariat"])
    outbox.clear()
    page = post_version(client, consultation).get_data(as_text=True)  # an unticked box is not posted
    assert "Versjon 2 av utkastet er lagret." in page and "har fått e-post" not in page
    assert outbox == []


def test_a_new_version_that_fails_to_save_mails_nobody(client, users, db, told_round, outbox):
    consultation, _link = told_round
    login(client, users["secretariat"])
    outbox.clear()
    post_version(client, consultation, text="", tell_consultees="y", draft_file=(io.BytesIO(b"not a docx"), "v2.docx"))
    assert outbox == [] and [d.version for d in consultation.drafts] == [1]


def test_the_council_can_neither_upload_a_new_version_nor_mail_the_consultees(client, users, db, told_round, outbox):
    consultation, _link = told_round
    login(client, users["council"])
    outbox.clear()
    assert client.get(f"/consultations/{consultation.slug}/draft").status_code == 403
    assert client.post(f"/consultations/{consultation.slug}/draft",
                       data={"draft_text": VERSION_2, "tell_consultees": "y"}).status_code == 403
    assert outbox == [] and [d.version for d in consultation.drafts] == [1]


def test_another_regions_secretariat_cannot_mail_a_rounds_consultees(client, db, other_region, told_round, outbox):
    consultation, _link = told_round
    login(client, make_user(db, other_region, Role.SECRETARIAT, "sekretariat@naboregionen.no"))
    outbox.clear()
    assert client.post(f"/consultations/{consultation.slug}/draft",
                       data={"draft_text": VERSION_2, "tell_consultees": "y"}).status_code == 404
    assert outbox == [] and [d.version for d in consultation.drafts] == [1]


def test_the_consultees_form_names_the_version_and_its_date_once_there_is_more_than_one(client, users, db, told_round):
    from app.timeutil import format_long_date

    consultation, link = told_round
    assert "Versjon 1" not in client.get(link).get_data(as_text=True)
    login(client, users["secretariat"])
    post_version(client, consultation)
    client.post("/logout")
    day = format_long_date(consultation.current_draft.uploaded_at, "nb")
    assert f"Versjon 2, oppdatert {day}" in client.get(link).get_data(as_text=True)


def test_the_public_round_page_names_the_drafts_version_and_date_once_there_is_more_than_one(client, db, consultation,
                                                                                           consultee_a):
    from app.timeutil import format_long_date
    from tests.factories import open_round_for

    consultation.is_open_to_public = True
    open_round_for(db, consultation, consultee_a)
    assert "Versjon 1" not in client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    services.add_draft_text(consultation, text=VERSION_2, user=None)
    db.session.commit()
    day = format_long_date(consultation.current_draft.uploaded_at, "nb")
    assert f"Versjon 2, oppdatert {day}" in client.get(f"/horing/{consultation.slug}").get_data(as_text=True)


def warnings_on(page: str) -> list[str]:
    """The warnings flashed on `page`, as their text."""
    return [html.unescape(text) for text in re.findall(r'<div class="ds-alert" data-color="warning"[^>]*>(.*?)</div>', page)]


def test_a_new_version_naming_other_focus_areas_is_warned_of_and_the_rounds_areas_stay(client, users, db, told_round):
    consultation, _link = told_round
    titles = [a.title for a in consultation.focus_areas]
    login(client, users["secretariat"])
    # «SAMFERDSEL  og infrastruktur» and «3. Kvalitet i tjenestene» name the round's areas: they are not listed
    assert warnings_on(post_version(client, consultation).get_data(as_text=True)) == [
        "Den nye versjonen av utkastet har satsingsområder som høringen ikke har: «Klima og miljø». "
        "Satsingsområdene i høringen er ikke endret.",
        "Høringen har satsingsområder som den nye versjonen av utkastet ikke lenger nevner: «Digitalisering». "
        "Satsingsområdene i høringen er ikke endret."]
    assert [a.title for a in consultation.focus_areas] == titles


def test_a_new_version_naming_the_same_focus_areas_warns_of_nothing(client, users, db, told_round):
    consultation, _link = told_round
    login(client, users["secretariat"])
    page = post_version(client, consultation, text=(
        "# Samfunnsutvikling\n\nSatsingsområder:\n\n- 1. samferdsel og infrastruktur\n- Kompetanse  og innovasjon\n\n"
        "# Tjenesteutvikling\n\nSatsingsområder:\n\n- Kvalitet i tjenestene\n- DIGITALISERING\n")).get_data(as_text=True)
    assert "Versjon 2 av utkastet er lagret." in page and warnings_on(page) == []


@pytest.mark.parametrize(("areas", "proposed", "expected"), [
    (["Samferdsel og infrastruktur"], ["2.  samferdsel OG  infrastruktur"], ([], [])),
    (["1.2 Reiseliv", "Kultur"], ["Reiseliv", "B) Landbruk"], (["B) Landbruk"], ["Kultur"])),
    (["Reiseliv"], [], ([], [])),  # nothing found in the new version: nothing to compare
])
def test_focus_areas_are_compared_loosely(areas, proposed, expected):
    from app.draft_reader import ProposedFocusArea

    proposals = [ProposedFocusArea(title=title, group=None, description="") for title in proposed]
    assert services.compare_focus_areas(areas, proposals) == expected


def test_a_person_who_signed_up_is_told_of_the_new_version_as_du_with_the_link_from_the_signup(client, users, db,
                                                                                              told_round, outbox):
    consultation, _link = told_round
    next(i for i in consultation.invitations if i.consultee.name == "Tinn kommune").consultee.is_public = True
    db.session.commit()
    login(client, users["secretariat"])
    outbox.clear()
    post_version(client, consultation, tell_consultees="y")
    mail = next(m for m in outbox if m.to == "post@tinn.example.no")
    assert "som du kan gi innspill til" in mail.body and "meldte deg på" in mail.body
    assert "/mine/" not in mail.body


def test_a_new_round_names_its_maker_as_contact_and_the_contact_can_be_changed(client, users, db):
    secretariat = users["secretariat"]
    login(client, secretariat)
    page = client.get("/consultations/new").get_data(as_text=True)
    assert f'value="{escape(secretariat.name)}"' in page and f'value="{secretariat.email}"' in page
    contact = {"contact_name": "Kari  Nordmann", "contact_email": "kari@region.example.no", "contact_phone": "+47 32 86 63 27"}
    assert client.post("/consultations/new", data={**FORM, **contact}).status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert contact_of(consultation) == ("Kari Nordmann", "kari@region.example.no", "+47 32 86 63 27")
    changed = {**FORM, "contact_name": "", "contact_email": "post@region.example.no", "contact_phone": ""}
    assert client.post(f"/consultations/{consultation.slug}/edit", data=changed).status_code == 302
    db.session.refresh(consultation)
    assert contact_of(consultation) == ("", "post@region.example.no", "")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "consultation.update")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.before["contact_name"] == "Kari Nordmann" and event.after["contact_name"] == ""
    log = client.get(f"/consultations/{consultation.slug}/audit").get_data(as_text=True)
    assert "Kontaktpersonens e-post" in log


def contact_of(consultation) -> tuple[str, str, str]:
    return consultation.contact_name, consultation.contact_email, consultation.contact_phone


@pytest.mark.parametrize("field, value, message", [
    ("contact_email", "kari(at)region.example.no", "Skriv en gyldig e-postadresse."),
    ("contact_email", "kåri@region.example.no", "Skriv en gyldig e-postadresse."),
    ("contact_phone", "ring sentralbordet", "Skriv telefonnummeret med sifre"),
    ("contact_phone", "1" * 41, "høyst 40 tegn"),
    ("contact_name", "K" * 201, "Navnet kan ha høyst 200 tegn."),
])
def test_a_contact_that_cannot_be_used_is_refused_with_the_rest_of_the_form_kept(client, users, db, field, value,
                                                                                message):
    login(client, users["secretariat"])
    response = client.post("/consultations/new", data={**FORM, "title": "Regional plan for kysten", field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html.unescape(page)
    assert 'value="Regional plan for kysten"' in page and db.session.scalar(select(func.count(Consultation.id))) == 0


@pytest.mark.parametrize("contact, field", [
    (services.Contact(email="kari@"), "contact_email"),
    (services.Contact(phone="32 86 63 27 eller 900 00 000"), "contact_phone"),
    (services.Contact(name="K" * 201), "contact_name"),
])
def test_the_service_refuses_a_contact_the_form_would_refuse(db, region, contact, field):
    with pytest.raises(ValidationError) as refused:
        services.create_consultation(region, title="Plan", description="", opens_at=utcnow(),
                                     deadline_at=utcnow() + timedelta(days=30), language=Language.BOKMAL,
                                     contact=contact)
    assert refused.value.field == field
