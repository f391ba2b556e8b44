"""Asking for more time, and the secretariat's answer."""
from __future__ import annotations

from datetime import datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from app import audit, mail
from app.consultees.names import document_name
from app.errors import ValidationError
from app.extensions import db
from app.forms import Form
from app.models import (
    Consultation,
    ExtensionRequest,
    ExtensionStatus,
    Invitation,
    ResponseStatus,
    Role,
    Status,
    User,
)
from app.timeutil import format_local_datetime, local_to_utc
from app.urls import absolute_url


class ExtensionForm(Form):
    until_date = DateField(_l("Ny frist"), validators=[DataRequired(_l("Velg datoen dere trenger fristen utsatt til."))])
    until_time = TimeField(_l("Klokkeslett"), default=time(23, 59), validators=[Optional()])
    reason = TextAreaField(_l("Begrunnelse"), validators=[DataRequired(_l("Skriv en kort begrunnelse.")), Length(max=2000)],
                           description=_l("For eksempel: Svaret skal behandles i kommunestyret 20. juni."))

    def until(self) -> datetime:
        return local_to_utc(self.until_date.data, self.until_time.data or time(23, 59))


def request_extension(invitation: Invitation, until: datetime, reason: str, now: datetime, *,
                      tell_secretariat: bool = True) -> ExtensionRequest:
    """Ask for a later deadline; one request waits for an answer at a time. The secretariat is mailed
    (`tell_secretariat=False` for the requests the demo makes up)."""
    if invitation.consultation.status is not Status.OPEN or not invitation.consultation.has_started(now):
        raise ValidationError(_("Høringen er ikke åpen."))
    if invitation.pending_extension is not None:
        raise ValidationError(_("Dere har allerede en søknad som venter på svar."))
    if until <= invitation.deadline_at:
        raise ValidationError(_("Den nye fristen må være etter fristen dere har nå."), "until_date")
    if not reason.strip():
        raise ValidationError(_("Skriv en kort begrunnelse."), "reason")
    request = ExtensionRequest(requested_until=until, reason=reason.strip(), requested_at=now)
    invitation.extension_requests.append(request)
    db.session.flush()
    audit.record("extension.request", consultation=invitation.consultation, target=invitation.consultee.name,
                 after={"until": until.isoformat(), "reason": request.reason}, now=now)
    if tell_secretariat:
        _tell_the_secretariat(invitation, until)
    return request


def _tell_the_secretariat(invitation: Invitation, until: datetime) -> None:
    """Mail the region's secretariat that a request for more time waits for its answer (a request often
    comes on the deadline day). The reason is not in the mail: it is read on the requests page."""
    consultation = invitation.consultation
    language = consultation.language.value
    staff = db.session.scalars(select(User).where(User.region_id == consultation.region_id,
                                                  User.role == Role.SECRETARIAT, User.is_active.is_(True)))
    for user in staff:
        mail.send_after_commit(db.session, mail.render(
            "extension_requested", to=user.email, language=language, consultation_id=consultation.id,
            consultation=consultation, name=document_name(invitation.consultee, language),
            until=format_local_datetime(until, language), deadline=format_local_datetime(invitation.deadline_at, language),
            url=absolute_url("round.responses.dashboard_page", slug=consultation.slug, vis="extension")))


def decide_extension(request: ExtensionRequest, *, granted: bool, answer: str, by_id: int, now: datetime) -> None:
    """Grant (the consultee's deadline moves to the date asked for) or decline, with a note; the consultee is mailed.
    A closed round grants no more time (its links take no answers); a request can still be declined, with why."""
    if granted and request.invitation.consultation.status is not Status.OPEN:
        raise ValidationError(_("Høringen er avsluttet, så fristen kan ikke utsettes. Avslå søknaden med en forklaring."))
    request.decide(granted=granted, answer=answer, by_id=by_id, now=now)
    db.session.flush()
    audit.record("extension.grant" if granted else "extension.decline", consultation=request.invitation.consultation,
                 target=request.invitation.consultee.name, before={"status": "pending"},
                 after={"status": request.status.value, "until": request.requested_until.isoformat()}, now=now)
    queue_extension_answer(request)


def queue_extension_answer(request: ExtensionRequest) -> mail.Mail:
    """The secretariat's answer to a request for more time: the new deadline, or the reason it was declined."""
    invitation = request.invitation
    consultation = invitation.consultation
    language = invitation.language
    item = mail.render("extension_answer", to=invitation.consultee.email, language=language,
                       consultation_id=consultation.id, consultation=consultation, consultee=invitation.consultee,
                       granted=request.status is ExtensionStatus.GRANTED, answer=request.answer,
                       deadline=format_local_datetime(invitation.deadline_at, language),
                       requested=format_local_datetime(request.requested_until, language))
    mail.send_after_commit(db.session, item)
    return item


def extended(invitation: Invitation, now: datetime) -> bool:
    """Whether the consultee's own deadline, moved past the round's by a granted extension, is still ahead."""
    return invitation.deadline_at > now and invitation.deadline_at > invitation.consultation.deadline_at


def may_still_answer(consultation: Consultation, now: datetime) -> list[Invitation]:
    """Those closing the round now would cut off, by name: each still expected to answer (invited or signed up;
    `waiting_deadlines`) whose deadline has not passed, whom closing mails (`close_consultation`), and each
    whose request for more time awaits an answer."""
    waiting = {i for i, deadline in waiting_deadlines(consultation).items() if deadline > now}
    answered = {r.consultee_id for r in consultation.responses if r.status is ResponseStatus.SUBMITTED}
    asking = {i for i in consultation.invitations if i.pending_extension is not None and i.consultee_id not in answered}
    return sorted(waiting | asking, key=lambda i: (i.consultee.is_public, i.consultee.name))


def may_still_amend(consultation: Consultation, now: datetime) -> list[Invitation]:
    """Those who have sent their answer and could change it until their deadline, which has not passed:
    closing the round now ends that, and tells them (`close_consultation`; the confirmation page names them)."""
    if consultation.status is not Status.OPEN:
        return []
    answered = {r.consultee_id for r in consultation.responses if r.status is ResponseStatus.SUBMITTED}
    return sorted((i for i in consultation.invitations
                   if i.consultee_id in answered and i.deadline_at > now and i.token_hash is not None
                   and not i.consultee.is_archived and i.consultee.email),
                  key=lambda i: (i.consultee.is_public, i.consultee.name))


def waiting_deadlines(consultation: Consultation) -> dict[Invitation, datetime]:
    """The deadline of each body still expected to answer (its link sent and working, no submitted
    response, not archived): the ones told when the round's deadline moves (`tell_of_moved_deadlines`)."""
    if consultation.status is not Status.OPEN:
        return {}
    answered = {r.consultee_id for r in consultation.responses if r.status is ResponseStatus.SUBMITTED}
    return {i: i.deadline_at for i in consultation.invitations
            if i.sent_at is not None and i.token_hash is not None and not i.consultee.is_archived
            and i.consultee.email and i.consultee_id not in answered}


def tell_of_moved_deadlines(consultation: Consultation, before: dict[Invitation, datetime],
                            now: datetime) -> list[Invitation]:
    """Mail each body of `before` (`waiting_deadlines` before a change) whose own deadline the change
    moved, with the old and the new one, and record whom; a body whose own deadline or extension
    still holds is not told."""
    moved = [i for i, deadline in before.items() if i.deadline_at != deadline]
    if moved:
        audit.record("invitation.deadline_moved", consultation=consultation, target=consultation.title, now=now,
                     after={"count": len(moved), "to": sorted(i.consultee.name for i in moved)})
    for invitation in moved:
        language = invitation.language
        mail.send_after_commit(db.session, mail.render(
            "deadline_changed", to=invitation.consultee.email, language=language, consultation_id=consultation.id,
            consultation=consultation, consultee=invitation.consultee,
            before=format_local_datetime(before[invitation], language),
            after=format_local_datetime(invitation.deadline_at, language),
            url=absolute_url("responses.respond_by_account", slug=consultation.slug)))
    return sorted(moved, key=lambda i: i.consultee.name)
