"""Inviting consultees to a round and following the invitations."""
from __future__ import annotations

import hmac
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from flask import abort, current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from app import audit, mail
from app.errors import ValidationError
from app.extensions import db
from app.invitations import deadlines
from app.invitations.tokens import hash_token, new_token
from app.models import Consultation, Consultee, ImportedDocument, Invitation, Status
from app.timeutil import format_local_datetime, format_long_date


def get_or_404(consultation: Consultation, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.consultation_id != consultation.id:
        abort(404)
    return invitation


def invite(consultation: Consultation, consultees: Iterable[Consultee], now: datetime) -> list[Invitation]:
    """Add consultees to the round; when it is already open they are sent their link at once."""
    if consultation.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("Det kan ikke inviteres til en avsluttet høring."))
    invited = {i.consultee_id for i in consultation.invitations}
    added = []
    for consultee in consultees:
        if consultee.region_id != consultation.region_id or consultee.is_archived:
            raise ValidationError(_("%(name)s kan ikke inviteres.", name=consultee.name))
        if consultee.id not in invited:
            invitation = Invitation(consultee=consultee, created_at=now)
            consultation.invitations.append(invitation)
            added.append(invitation)
            audit.record("invitation.add", consultation=consultation, target=consultee.name, now=now)
    db.session.flush()
    if consultation.status is Status.OPEN and consultation.has_started(now):
        for invitation in added:
            _send(invitation, now)
    return added


def uninvite(invitation: Invitation) -> None:
    """Remove an invitation that has not been sent yet."""
    if invitation.sent_at is not None:
        raise ValidationError(_("Invitasjonen er allerede sendt og kan ikke fjernes. Sperr lenken ved å sende den på nytt."))
    audit.record("invitation.remove", consultation=invitation.consultation, target=invitation.consultee.name)
    db.session.execute(delete(ImportedDocument).where(ImportedDocument.invitation_id == invitation.id))
    invitation.consultation.invitations.remove(invitation)
    db.session.flush()


def send_pending(consultation: Consultation, now: datetime) -> int:
    """Send every invitation not sent yet, except to archived consultees; returns how many went out."""
    return len(_send_pending(consultation, now))


def _send_pending(consultation: Consultation, now: datetime) -> list[Invitation]:
    pending = [i for i in consultation.invitations if i.sent_at is None and not i.consultee.is_archived]
    for invitation in pending:
        _send(invitation, now)
    return pending


def send_due(now: datetime) -> list[Invitation]:
    """Send the invitations of every open round whose opening date has come, and return them (the queue's
    worker every ten minutes, `flask invitations send-due`; app.invitations.scheduled). Safe to run again;
    flushes only."""
    rounds = db.session.scalars(select(Consultation).where(Consultation.status == Status.OPEN,
                                                           Consultation.opens_at <= now)
                                .order_by(Consultation.id))
    sent = [invitation for consultation in rounds for invitation in _send_pending(consultation, now)]
    db.session.flush()
    return sent


def forget_unsent(sent: list[Invitation], failed_addresses: set[str]) -> int:
    """Mark the invitations whose mail failed as not sent (their links stopped), so the next run
    of `send_due` tries them again; flushes only."""
    unsent = [invitation for invitation in sent if invitation.consultee.email in failed_addresses]
    for invitation in unsent:
        invitation.sent_at = invitation.token_hash = invitation.next_token_hash = None
    db.session.flush()
    return len(unsent)


def resend(invitation: Invitation, now: datetime) -> None:
    """Send a new link; the old one stops working."""
    if invitation.consultation.status is not Status.OPEN:
        raise ValidationError(_("Invitasjoner kan bare sendes mens høringen er åpen."))
    if not invitation.consultation.has_started(now):
        raise ValidationError(_("Invitasjonene sendes når høringen åpner, %(date)s.",
                                date=format_long_date(invitation.consultation.opens_at)))
    _refuse_if_archived(invitation, "resend")
    _send(invitation, now, again=True)


def _refuse_if_archived(invitation: Invitation, action: str) -> None:
    """An archived consultee's links do not work until it is restored: neither a new link nor a block is made."""
    message = link_change_refusal(invitation, action)
    if message:
        raise ValidationError(message)


def link_change_refusal(invitation: Invitation, action: str) -> str | None:
    """Why a new link ("resend") or a block ("revoke") cannot be made for the invitation's consultee, or None;
    the invitations page asks for neither then (routes.change)."""
    if not invitation.consultee.is_archived:
        return None
    if action == "resend":
        return _("%(name)s er arkivert. Hent høringsinstansen tilbake fra arkivet før du sender en ny lenke.",
                 name=invitation.consultee.name)
    if action == "revoke":
        return _("%(name)s er arkivert, og lenken virker ikke før høringsinstansen er hentet tilbake fra arkivet. "
                 "Sperr den etterpå hvis den ikke skal virke da.", name=invitation.consultee.name)
    return None


def issue_link(invitation: Invitation, now: datetime) -> str:
    """A new link for the invitation, returned instead of mailed (demo and support use); every link
    before it stops working."""
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.next_token_hash = None
    invitation.sent_at = invitation.sent_at or now
    db.session.flush()
    return token


def issue_next_link(invitation: Invitation) -> str:
    """A new link for an invitation whose link works, for a person who asked for it again: the link
    before it keeps working until this one is first opened (`find_by_token`), so asking, or a stranger
    asking with the person's address, never stops the link a form is open through. A later one
    replaces one not yet opened."""
    token = new_token()
    invitation.next_token_hash = hash_token(token)
    db.session.flush()
    return token


def set_deadline_override(invitation: Invitation, deadline_at: datetime | None, now: datetime) -> bool:
    """Give one consultee its own deadline (None: back to the round's). A consultee still expected to
    answer whose deadline this moves is mailed the new one (`deadlines.tell_of_moved_deadlines`):
    returns whether it was. Refused once the round has closed: no deadline is left to move."""
    if invitation.consultation.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("Høringen er avsluttet, så fristene kan ikke lenger endres."))
    if deadline_at is not None and deadline_at <= invitation.consultation.opens_at:
        raise ValidationError(_("Fristen må være etter åpningsdatoen."), "deadline_on")
    if deadline_at is not None and deadline_at <= now:
        raise ValidationError(_("Det tidspunktet har vært. Velg en frist fram i tid."), "deadline_on")
    granted = invitation.deadline_at if invitation.deadline_at > (invitation.deadline_override_at
                                                                  or invitation.consultation.deadline_at) else None
    if granted is not None and deadline_at is not None and deadline_at < granted:
        # a granted extension is a promise: an own deadline can move it later, never earlier
        raise ValidationError(_("%(name)s har fått utsatt frist til %(deadline)s. En egen frist kan ikke være "
                                "tidligere enn den.", name=invitation.consultee.name,
                                deadline=format_local_datetime(granted)), "deadline_on")
    waiting = deadlines.waiting_deadlines(invitation.consultation)
    before = invitation.deadline_override_at
    invitation.deadline_override_at = deadline_at
    audit.record("invitation.deadline", consultation=invitation.consultation, target=invitation.consultee.name,
                 before={"deadline_at": before.isoformat() if before else None},
                 after={"deadline_at": deadline_at.isoformat() if deadline_at else None}, now=now)
    db.session.flush()
    told = deadlines.tell_of_moved_deadlines(
        invitation.consultation, {i: d for i, d in waiting.items() if i is invitation}, now)
    return bool(told)


def find_by_token(token: str) -> Invitation | None:
    """The invitation a link token belongs to, or None.

    A link sent again (`issue_next_link`) becomes the invitation's link when it is first followed, and
    the one before it stops working then (flushed; the page commits it).
    """
    if not token or len(token) > 100:
        return None
    digest = hash_token(token)
    # The page behind a link always needs the round, its region and the consultee: one query.
    invitation = db.session.scalar(
        select(Invitation).where((Invitation.token_hash == digest) | (Invitation.next_token_hash == digest))
        .options(joinedload(Invitation.consultation).joinedload(Consultation.region), joinedload(Invitation.consultee)))
    if invitation is None:
        return None
    # The lookup is by an index on the hash; the final check is constant-time all the same.
    if hmac.compare_digest(invitation.next_token_hash or "", digest):
        invitation.token_hash, invitation.next_token_hash = digest, None
        db.session.flush()
    if not hmac.compare_digest(invitation.token_hash or "", digest):
        return None
    return invitation


def revoke_link(invitation: Invitation) -> None:
    """Make the current link stop working; a new one can be sent later."""
    if invitation.token_hash is None:
        raise ValidationError(_("Lenken er allerede sperret."))
    _refuse_if_archived(invitation, "revoke")
    invitation.token_hash = invitation.next_token_hash = None
    audit.record("invitation.revoke", consultation=invitation.consultation, target=invitation.consultee.name)
    db.session.flush()


def _send(invitation: Invitation, now: datetime, again: bool = False) -> str:
    """Send the invitation with a new link (`again`: «Send ny lenke», which says the link replaces the one before)."""
    token = issue_link(invitation, now)
    invitation.sent_at = now
    audit.record("invitation.resend" if again else "invitation.send", consultation=invitation.consultation,
                 target=invitation.consultee.name, after={"to": invitation.consultee.email}, now=now)
    # Sent once the invitation (and its new link) is committed; a failure is logged, not raised.
    mail.send_after_commit(db.session, _invitation_mail(invitation, token, again),
                           consultation_id=invitation.consultation_id)
    return token


def public_link_mail(invitation: Invitation, token: str, again: Literal["signup", "secretariat"] | None = None
                     ) -> mail.Mail:
    """The link to the form for a person who signed up to an open round, in the language it signed up in:
    fixed text, the round's own title and deadline, and the link, nothing a stranger typed. `again`: it
    replaces a link sent before, which stops working once this one is opened ("signup": the address
    signed up again, `issue_next_link`) or has stopped already ("secretariat": «Send ny lenke»)."""
    consultation, language = invitation.consultation, invitation.language
    return mail.render("public_link", to=invitation.consultee.email, language=language,
                       consultation_id=consultation.id, consultation=consultation, again=again,
                       deadline=format_local_datetime(invitation.deadline_at, language),
                       url=invitation_link(token))


def invitation_link(token: str) -> str:
    """The absolute address of an invitation link."""
    if has_request_context():
        path = url_for("responses.respond_by_token", token=token)
    else:
        with current_app.test_request_context():
            path = url_for("responses.respond_by_token", token=token)
    return current_app.config["BASE_URL"].rstrip("/") + path


def invitation_preview(consultation: Consultation) -> mail.Mail:
    """The invitation as the first invited body (by name) gets it, in the round's language, with a note where
    each body's own link goes: shown to the secretariat before anything is sent. No link is made for it."""
    language = consultation.language.value
    invited = sorted((i for i in consultation.invitations if not i.consultee.is_public), key=lambda i: i.consultee.name)
    with force_locale(language):
        placeholder = _("[Her står den personlige lenken til hver høringsinstans.]")
        name = invited[0].consultee.name if invited else _("Høringsinstansen")
    deadline = invited[0].deadline_at if invited else consultation.deadline_at
    return mail.render("invitation", to=invited[0].consultee.email if invited else "", language=language,
                       consultation_id=consultation.id, consultation=consultation, consultee={"name": name},
                       url=placeholder, deadline=format_local_datetime(deadline, language), again=False)


def _invitation_mail(invitation: Invitation, token: str, again: bool = False) -> mail.Mail:
    """The invitation, written in the round's language whatever the sender's own; to a person who signed up
    to an open round, the link mail it had then, saying this one replaces it (`public_link_mail`)."""
    if invitation.consultee.is_public:
        return public_link_mail(invitation, token, again="secretariat")
    consultation, language = invitation.consultation, invitation.language
    return mail.render("invitation", to=invitation.consultee.email, language=language,
                       consultation_id=consultation.id, consultation=consultation, consultee=invitation.consultee,
                       deadline=format_local_datetime(invitation.deadline_at, language), url=invitation_link(token),
                       again=again)
