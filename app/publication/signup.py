"""Open rounds: anyone may answer after confirming their e-mail address.

A public respondent becomes a consultee marked `is_public` (kept out of the register), named as
the person marked «åpen høring» with any organisation only as stated (app/consultees/names.py),
with an invitation whose link is sent to the address given. Following that link is the
confirmation: only someone who can read that mailbox can answer.

Signing up again with the same address is how a person who lost the link gets a new one: a new
link is mailed to that address, and the old one stops working when the new one is first opened
(the draft and any answer stay with the respondent). A stranger who types someone else's address
can do no more than that: the new link goes to the owner of the address, at most once every
`RESEND_INTERVAL`, the link the owner may be answering through goes on working, and the page says
the same whether the address was new, known or asked again too soon, so it tells nobody who answered.

The respondent's mails and link pages speak the language it signed up in (`Consultee.language`).
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app import mail
from app.consultees.names import PART_MAX, clean_part, public_name
from app.errors import ValidationError
from app.extensions import db
from app.forms import Form, mail_address, strip
from app.invitations import services as invitations
from app.models import Consultation, Consultee, ConsulteeKind, Invitation, Status


class SignupForm(Form):
    name = StringField(_l("Navn"), filters=[strip], validators=[DataRequired(_l("Skriv navnet ditt.")), Length(max=PART_MAX)],
                       render_kw={"autocomplete": "name"})
    organisation = StringField(_l("Organisasjon"), filters=[strip], validators=[Optional(), Length(max=PART_MAX)],
                               render_kw={"autocomplete": "organization"},
                               description=_l("Valgfritt. Hvis du svarer på vegne av en organisasjon, et lag eller en "
                                              "bedrift: den vises ved navnet ditt som oppgitt organisasjon."))
    email = EmailField(_l("E-post"), filters=[strip], validators=[
        DataRequired(_l("Skriv e-postadressen din.")), mail_address(_l("Skriv en gyldig e-postadresse.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
        description=_l("Vi sender lenken til skjemaet hit. Adressen vises ikke offentlig."))
    consent = BooleanField(_l("Jeg forstår at innspillet og navnet mitt blir offentlig når høringen publiseres "
                              "(e-postadressen vises ikke)."),
                           validators=[DataRequired(_l("Du må bekrefte at du har forstått dette."))])


#: A known address gets a new link at most this often: the cap on the mail a stranger can cause one mailbox
RESEND_INTERVAL = timedelta(minutes=10)


def takes_signups(consultation: Consultation, now: datetime) -> bool:
    """Whether anyone may sign up now: a round open to all, opened, and before its deadline unless it takes late answers
    (the form a sign-up leads to would refuse the answer otherwise)."""
    return (consultation.is_open_to_public and consultation.accepts_responses(now)
            and (now < consultation.deadline_at or consultation.accepts_late))


def sign_up(consultation: Consultation, *, name: str, organisation: str, email: str, now: datetime,
            language: str | None = None) -> Invitation:
    """Send a link to the form to a new address; an address already signed up gets a new link (`_again`).

    The mail is written in `language`, the one the person signed up in (the round's when not given),
    and so are the respondent's later mails and link pages.

    Nothing the person typed goes into the mail (only fixed text and the link), and the page says the
    same whether the address was new or not, so sign-up tells a stranger nothing about who answered.
    """
    if not consultation.is_open_to_public or consultation.status is not Status.OPEN:
        raise ValidationError(_("Denne høringen tar ikke imot innspill fra alle."))
    if not takes_signups(consultation, now):
        raise ValidationError(_("Fristen for innspill er ute."))
    email = email.strip().lower()
    language = language or consultation.language.value
    invitation = _existing(consultation, email)
    if invitation is not None:
        return _again(invitation, now, language)
    person, stated = clean_part(name), clean_part(organisation) or None
    # One key per round and address: two sign-ups sent at once (a double click on a slow line) meet in the
    # database's unique key, and the second finds the first's link instead of making a second respondent
    key = f"public:{consultation.id}:{hashlib.sha256(email.encode()).hexdigest()}"
    consultee = Consultee(region_id=consultation.region_id, name=public_name(person, stated),
                          name_key=key, kind=ConsulteeKind.OTHER, email=email,
                          contact_name=person, stated_organisation=stated, is_public=True, language=language,
                          created_at=now)
    invitation = Invitation(consultee=consultee, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(consultee)
            consultation.invitations.append(invitation)
            db.session.flush()
    except IntegrityError:
        found = _existing(consultation, email)
        if found is None:
            raise
        return found  # the twin sign-up sent the link a moment ago
    token = invitations.issue_link(invitation, now)
    mail.send_after_commit(db.session, invitations.public_link_mail(invitation, token), consultation_id=consultation.id)
    return invitation


def _again(invitation: Invitation, now: datetime, language: str) -> Invitation:
    """A known address signed up again: a new link is mailed, which replaces the old when it is first opened,
    unless one was sent within `RESEND_INTERVAL`, or the secretariat stopped the link (only it lets the
    person in again) or archived the respondent.

    What the person typed this time is not kept (the name stays the one given first), except the language.
    """
    last = invitation.link_resent_at or invitation.sent_at
    stopped = invitation.token_hash is None or invitation.consultee.is_archived
    if stopped or last is not None and now - last < RESEND_INTERVAL:
        return invitation
    invitation.consultee.language = language
    invitation.link_resent_at = now
    token = invitations.issue_next_link(invitation)
    mail.send_after_commit(db.session, invitations.public_link_mail(invitation, token, again="signup"),
                           consultation_id=invitation.consultation_id)
    return invitation


def _existing(consultation: Consultation, email: str) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).join(Invitation.consultee)
        .where(Invitation.consultation_id == consultation.id, Consultee.is_public.is_(True), Consultee.email == email))
