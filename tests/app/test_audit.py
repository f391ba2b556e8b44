"""The audit trail records every state change, with who and before/after, and cannot be changed."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.invitations import deadlines as extensions
from app.models import AuditEvent, AuditTrailError
from app.responses import submission
from app.timeutil import utcnow
from tests.conftest import docx_bytes, kongsberg_shaped_draft, login
from tests.factories import complete_input, form_fields, invitation_of, open_round_for, page_key, page_version


def actions(db) -> list[str]:
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_opening_in_the_browser_is_recorded_with_the_user_and_the_status_change(client, db, users, consultation,
                                                                                consultee_a):
    from app.consultations import services
    from app.invitations import services as invitations

    services.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft), user=None,
                            max_bytes=10_000_000)
    invitations.invite(consultation, [consultee_a], now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    client.post(f"/consultations/{consultation.slug}/open")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consultation.open"))
    assert event.user_id == users["secretariat"].id and "Sekretariat" in event.actor
    assert (event.before, event.after) == ({"status": "draft"}, {"status": "open"})
    assert {"consultation.create", "draft.add", "invitation.add", "invitation.send"} <= set(actions(db))
    page = client.get(f"/consultations/{consultation.slug}/audit").get_data(as_text=True)
    assert "Høringen åpnet" in page and "Tinn kommune" in page
    assert "consultation.open" not in page  # the name of the change, not the code it is stored under
    client.post("/logout")
    login(client, users["council"])  # a read-only member may ask for the report's files
    client.post(f"/consultations/{consultation.slug}/report/files")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.user_id == users["council"].id))
    assert event is not None and event.actor.endswith("(regionråd, lesetilgang)"), event and event.actor


def test_a_submit_through_the_link_names_the_consultee(client, db, consultation, consultee_a):
    tokens = open_round_for(db, consultation, consultee_a)
    link = f"/svar/{tokens['Tinn kommune']}"
    page = client.get(link).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation))
    client.post(link, data={**data, "submit": "1", "version": "", "submission_key": page_key(page)})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.submit"))
    assert event.actor == "Tinn kommune (via invitasjonslenken)" and event.after["version"] == 1
    page = client.get(link).get_data(as_text=True)  # the consultee changes its answer and sends it again
    data = form_fields(consultation, complete_input(consultation, "Vi har endret mening."))
    client.post(link, data={**data, "submit": "1", "version": page_version(page), "submission_key": page_key(page)})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.amend"))
    assert event.actor == "Tinn kommune (via invitasjonslenken)" and event.after["version"] == 2
    from app.audit import action_label

    assert action_label("response.amend") == "Endret svar sendt inn"  # by whoever sent it, not «the secretariat»


def test_autosaves_leave_one_line_per_ten_minutes(db, consultation, consultee_a):
    open_round_for(db, consultation, consultee_a)
    invitation = invitation_of(consultation, "Tinn kommune")
    now = utcnow()
    for seconds in (0, 3, 6, 9):
        submission.save_draft(invitation, complete_input(consultation), expected_version=submission.version_of(invitation),
                              now=now + timedelta(seconds=seconds))
    submission.save_draft(invitation, complete_input(consultation), expected_version=submission.version_of(invitation),
                          now=now + timedelta(minutes=11))
    assert actions(db).count("response.save") == 2
    # A save names no «Versjon»: the log keeps that word for the versions sent in (it showed the working copy's
    # lock counter, «Versjon: 3» before «Svar sendt inn – Versjon: 1»)
    saved = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "response.save")).all()
    assert [e.after for e in saved] == [None, None]


def test_extensions_are_recorded(db, users, consultation, consultee_a):
    open_round_for(db, consultation, consultee_a)
    invitation = invitation_of(consultation, "Tinn kommune")
    request = extensions.request_extension(invitation, consultation.deadline_at + timedelta(days=2), "Grunn",
                                           now=utcnow())
    extensions.decide_extension(request, granted=True, answer="", by_id=users["secretariat"].id, now=utcnow())
    assert {"extension.request", "extension.grant"} <= set(actions(db))


def test_recorded_events_cannot_be_changed_or_deleted(db, consultation):
    event = db.session.scalar(select(AuditEvent))
    event.actor = "Noen andre"
    with pytest.raises(AuditTrailError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditEvent)))
    with pytest.raises(AuditTrailError):
        db.session.flush()


def test_every_recorded_action_has_a_name_in_the_change_log():
    """Each action the code records (literal, a run kind's start and done, a round's new status) is named."""
    import re
    from pathlib import Path

    from app.audit import ACTION_LABELS
    from app.models import Status
    from app.runs import KINDS

    source = "\n".join(p.read_text() for p in Path(__file__).resolve().parents[2].joinpath("app").rglob("*.py"))
    recorded = set(re.findall(r'(?:record(?:_once_per)?\((?:[A-Z_]+, )?|_record\()"([a-z_]+\.[a-z_]+)"', source))
    recorded |= {f"{kind}.{step}" for kind in KINDS for step in ("start", "done")}
    recorded |= {f"consultation.{status.value}" for status in Status}
    assert len(recorded) > 30 and recorded <= set(ACTION_LABELS), recorded - set(ACTION_LABELS)


def test_the_change_log_names_each_change_to_the_focus_areas_questions_and_description(client, db, users,
                                                                                       consultation):
    from app.consultations import services

    login(client, users["secretariat"])
    url = f"/consultations/{consultation.slug}"
    for title in ("Samferdsel", "Næringsliv"):
        assert client.post(f"{url}/focus-areas", data={"title": title}).status_code == 302
    area = consultation.focus_areas[0]
    edited = client.post(f"{url}/focus-areas/{area.id}/edit", data={
        "title": area.title, "group": area.group or "", "keywords": area.keywords,
        "description": "Veg, bane og ferje mellom kommunene."})
    assert edited.status_code == 302
    client.post(f"{url}/focus-areas/{area.id}/down")
    client.post(f"{url}/questions", data={"kind": "text", "text": "Hva savner dere?", "help_text": ""})
    services.update_consultation(consultation, title=consultation.title, description="Ny innledning til runden.",
                                 opens_at=consultation.opens_at, deadline_at=consultation.deadline_at,
                                 language=consultation.language, accepts_late=consultation.accepts_late)
    db.session.commit()
    page = client.get(f"{url}/audit").get_data(as_text=True)
    row = page[page.index("Satsingsområde endret"):]
    row = row[:row.index("</tr>")]
    assert "Beskrivelse: Veg, bane og ferje mellom kommunene." in row and "Tittel" not in row
    assert "Satsingsområde flyttet" in page and "Plass i rekkefølgen: 2" in page
    assert "Spørsmål lagt til" in page and "Hva savner dere?" in page and "Type: Fritekst" in page
    assert "Beskrivelse: Ny innledning til runden." in page


def test_the_change_log_shows_what_changed_in_words_and_only_what_changed(client, db, users, consultation,
                                                                         consultee_a):
    from app.consultations import services
    from app.invitations import services as invitations
    from app.timeutil import format_short_datetime

    old, new = consultation.deadline_at, consultation.deadline_at + timedelta(days=7)
    services.update_consultation(consultation, title=consultation.title, description=consultation.description,
                                 opens_at=consultation.opens_at, deadline_at=new, language=consultation.language,
                                 accepts_late=not consultation.accepts_late)
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/audit").get_data(as_text=True)
    row = page[page.index("Høringen endret"):]
    row = row[:row.index("</tr>")]
    assert f"Frist: {format_short_datetime(old)}" in row and f"Frist: {format_short_datetime(new)}" in row
    assert "Svar etter fristen tas imot: Ja" in row and "Svar etter fristen tas imot: Nei" in row
    assert "Tittel" not in row and "deadline_at" not in row and "True" not in row  # unchanged fields and raw values
    services.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft), user=None,
                            max_bytes=10_000_000)
    invitations.invite(consultation, [consultee_a], now=utcnow())
    services.open_consultation(consultation, utcnow())
    db.session.commit()
    page = client.get(f"/consultations/{consultation.slug}/audit").get_data(as_text=True)
    assert "Status: Under arbeid" in page and "Status: Åpen" in page


def test_the_analysis_method_is_named_in_words_not_by_its_code(app):
    from app import audit

    with app.test_request_context():
        assert audit.shown_value("method", "lexical+encoder+apertium") == "ordene og en språkmodell"
        assert audit.shown_value("method", "lexical+apertium") == "ordene (uten språkmodell)"
