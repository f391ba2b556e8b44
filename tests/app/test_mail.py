"""Receipts, extension answers, SMTP delivery, and mail failures that must not cost a submit."""
from __future__ import annotations

import re
import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from app import mail
from app.invitations import deadlines as extensions
from app.models import AuditEvent, Language, ResponseVersion
from app.responses import submission
from app.timeutil import utcnow
from tests.conftest import login, make_consultation
from tests.factories import (
    complete_input,
    form_fields,
    invitation_of,
    open_round_for,
    page_key,
    page_version,
)


@pytest.fixture
def round_(db, consultation, consultee_a, consultee_b, outbox):
    tokens = open_round_for(db, consultation, consultee_a, consultee_b)
    outbox.clear()  # the invitations
    return consultation, f"/svar/{tokens['Tinn kommune']}"


def submit_through(client, consultation, path: str):
    page = client.get(path).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation))
    return client.post(path, data={**data, "submit": "1", "version": page_version(page),
                                   "submission_key": page_key(page)})


def test_a_receipt_goes_to_the_consultee_with_the_secret_link(client, db, round_, outbox):
    consultation, link = round_
    response = submit_through(client, consultation, link)
    assert response.status_code == 302
    [receipt] = outbox
    assert receipt.to == "post@tinn.example.no"
    assert receipt.subject == f"Kvittering for høringssvar: {consultation.title}"
    assert "Versjon: 1" in receipt.body and "Svaret kom innen fristen" in receipt.body
    number = re.search(r"Kvitteringsnummer: (HS-\d{3}-\d{4}-1)\n", receipt.body).group(1)
    # The Word copy of the receipt carries the same number, as the web receipt does
    import io

    import docx

    document = docx.Document(io.BytesIO(client.get(f"{link}/kvittering/1.docx").data))
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["Kvitteringsnummer"] == number
    assert number in client.get(f"{link}/kvittering/1").get_data(as_text=True)
    assert f"http://127.0.0.1:5000{link}/kvittering/1" in receipt.body
    assert "kl. " in receipt.body and receipt.language == "nb"


def test_an_amendment_gets_its_own_receipt_and_a_late_one_says_so(db, round_, outbox):
    consultation, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    submission.submit(invitation, complete_input(consultation), expected_version=None, submission_key="k1",
                      now=utcnow(), via="link")
    db.session.commit()
    late = consultation.deadline_at + timedelta(hours=2)
    submission.submit(invitation, complete_input(consultation, "Endret."), expected_version=submission.version_of(invitation),
                      submission_key="k2", now=late, via="link")
    db.session.commit()
    first, second = outbox
    assert "versjon 2" in second.subject and "Versjon: 2" in second.body
    assert "etter fristen" in second.body and "etter fristen" not in first.body
    # Without a link given by the page, no link is guessed.
    assert "http" not in second.body


def test_a_signed_in_submitter_with_another_address_gets_a_copy(client, db, users, round_, outbox):
    consultation, _ = round_
    login(client, users["consultee_a"])
    assert submit_through(client, consultation, f"/mine/{consultation.slug}").status_code == 302
    assert sorted(m.to for m in outbox) == ["post@tinn.example.no", "tinn@example.no"]
    assert all(f"/mine/{consultation.slug}/kvittering/1" in m.body for m in outbox)


def test_the_secretariat_answering_for_a_consultee_never_mails_a_secret_link(client, db, users, round_, outbox):
    consultation, _ = round_
    login(client, users["secretariat"])
    invitation = invitation_of(consultation, "Tinn kommune")
    path = f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}/form"
    assert submit_through(client, consultation, path).status_code == 302
    to_consultee = next(m for m in outbox if m.to == "post@tinn.example.no")
    to_staff = next(m for m in outbox if m.to == "sekretariat@example.no")
    assert "/svar/" not in to_consultee.body and "http" not in to_consultee.body
    assert f"{path}/receipt/1" in to_staff.body


def test_a_nynorsk_round_mails_in_nynorsk(db, region, consultee_a, outbox):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    open_round_for(db, consultation, consultee_a)
    outbox.clear()
    invitation = invitation_of(consultation, "Tinn kommune")
    submission.submit(invitation, complete_input(consultation), expected_version=None, submission_key="nn",
                      now=utcnow(), via="link")
    db.session.commit()
    [receipt] = outbox
    assert receipt.language == "nn" and receipt.subject == "Kvittering for høyringssvar: Regionalplan for Sogn"
    assert "har motteke høyringssvaret dykkar" in receipt.body


def test_nothing_is_mailed_when_the_submit_is_rolled_back(db, round_, outbox):
    consultation, _ = round_
    submission.submit(invitation_of(consultation, "Tinn kommune"), complete_input(consultation),
                      expected_version=None, submission_key="rb", now=utcnow(), via="link")
    db.session.rollback()
    db.session.commit()
    assert outbox == []


def test_a_granted_extension_is_mailed_with_the_new_deadline(client, db, users, round_, outbox):
    consultation, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    request = extensions.request_extension(invitation, consultation.deadline_at + timedelta(days=10),
                                           "Kommunestyret møtes senere.", now=utcnow())
    db.session.commit()
    outbox.clear()  # the secretariat was told of the request
    login(client, users["secretariat"])
    client.post(f"/consultations/{consultation.slug}/invitations/extensions/{request.id}/grant", data={"answer": "Greit."})
    [answer] = outbox
    assert answer.to == "post@tinn.example.no"
    assert answer.subject == f"Utsatt frist innvilget: {consultation.title}"
    new_deadline = mail_date(invitation.deadline_at)
    assert f"Ny frist er {new_deadline}" in answer.body and "Greit." in answer.body


def test_a_declined_extension_is_mailed_with_the_reason(db, users, round_, outbox):
    consultation, _ = round_
    invitation = invitation_of(consultation, "Rollag kommune")
    request = extensions.request_extension(invitation, consultation.deadline_at + timedelta(days=3), "Trenger tid",
                                           now=utcnow())
    extensions.decide_extension(request, granted=False, answer="Rådet behandler saken 3. juni.",
                                by_id=users["secretariat"].id, now=utcnow())
    db.session.commit()
    told, answer = outbox  # the secretariat of the request, then the consultee of the answer
    assert told.to == users["secretariat"].email
    assert answer.to == "post@rollag.example.no" and answer.subject.startswith("Utsatt frist avslått")
    assert "Begrunnelse:\nRådet behandler saken 3. juni." in answer.body
    assert f"Fristen er fortsatt {mail_date(consultation.deadline_at)}" in answer.body


def mail_date(moment) -> str:
    from app.timeutil import format_local_datetime

    return format_local_datetime(moment)


# --- SMTP, against a real server on loopback ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    sink, port = Sink(), free_port()

    def authenticator(server, session, envelope, mechanism, auth_data):
        # handled=False: the server answers a refusal with 535 itself (by default it would say
        # nothing, and the client would wait out MAIL_TIMEOUT before failing).
        return AuthResult(success=auth_data.login == b"horing" and auth_data.password == b"hemmelig",
                          handled=False)

    controller = Controller(sink, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    yield sink, port
    controller.stop()


def use_smtp(app, port: int, **extra) -> None:
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False,
                      MAIL_USE_SSL=False, MAIL_TIMEOUT=5, **extra)


def test_smtp_delivers_the_receipt_to_a_real_server(app, client, db, round_, smtp_server):
    sink, port = smtp_server
    use_smtp(app, port, MAIL_USERNAME="horing", MAIL_PASSWORD="hemmelig")
    consultation, link = round_
    assert submit_through(client, consultation, link).status_code == 302
    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == ["post@tinn.example.no"]
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["Subject"] == f"Kvittering for høringssvar: {consultation.title}"
    assert message["Content-Language"] == "nb" and message["From"] == app.config["MAIL_SENDER"]
    assert "Versjon: 1" in message.get_content()


def test_a_refused_login_is_a_failed_mail_not_a_failed_submit(app, client, db, round_, smtp_server, caplog):
    _, port = smtp_server
    use_smtp(app, port, MAIL_USERNAME="horing", MAIL_PASSWORD="feil")
    consultation, link = round_
    assert submit_through(client, consultation, link).status_code == 302
    assert "SMTPAuthenticationError" in caplog.text  # refused, not timed out
    assert db.session.scalar(select(ResponseVersion)) is not None
    failed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mail.failed"))
    assert failed is not None and failed.target == "post@tinn.example.no"


def test_a_mail_server_that_is_down_does_not_break_the_submit(app, client, db, round_, caplog):
    use_smtp(app, free_port())  # nothing listens there
    consultation, link = round_
    response = submit_through(client, consultation, link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/kvittering/1")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "e-post kunne ikke sendes til post@tinn.example.no" in page.get_data(as_text=True)
    assert db.session.scalar(select(ResponseVersion)).number == 1
    failed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mail.failed"))
    assert failed.target == "post@tinn.example.no" and failed.consultation_id == consultation.id
    assert "Kvittering" in failed.after["subject"]
    assert "kunne ikke sendes" in caplog.text


def test_the_log_backend_writes_an_eml_file(app, db, tmp_path):
    app.config["MAIL_BACKEND"] = "log"
    mail.send(mail.Mail(to="a@example.no", subject="Æ ø å", body="Hei\n", language="nn"), utcnow())
    [path] = list((tmp_path / "outbox").glob("*.eml"))
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "a@example.no" and message["Content-Language"] == "nn"


def test_opening_a_round_with_the_mail_server_down_opens_it_and_records_each_failure(app, db, consultation,
                                                                                    consultee_a, consultee_b):
    use_smtp(app, free_port())
    open_round_for(db, consultation, consultee_a, consultee_b)
    db.session.refresh(consultation)
    assert consultation.status.value == "open"
    failed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mail.failed")).all()
    assert sorted(e.target for e in failed) == ["post@rollag.example.no", "post@tinn.example.no"]


def test_invitations_are_written_in_the_rounds_language_and_carry_the_link(db, region, consultee_a, outbox):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    open_round_for(db, consultation, consultee_a)
    invitation = next(m for m in outbox if m.subject.startswith("Invitasjon"))
    assert invitation.to == consultee_a.email and invitation.language == "nn"
    assert invitation.subject == "Invitasjon til høyring: Regionalplan for Sogn"
    assert "inviterer dykk til å gje høyringssvar" in invitation.body and "inviterer dere" not in invitation.body
    assert "Til Tinn kommune" in invitation.body and "http://127.0.0.1:5000/svar/" in invitation.body
