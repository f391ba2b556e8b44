"""The consultee register (høringsinstanser): the rules for adding, changing and archiving."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.consultees import orgnr
from app.errors import ValidationError
from app.extensions import db
from app.models import Consultation, Consultee, ConsulteeKind, Invitation, Region, ResponseStatus, Status


def list_consultees(region: Region, *, include_archived: bool = False) -> list[Consultee]:
    query = select(Consultee).where(Consultee.region_id == region.id, Consultee.is_public.is_(False))
    if not include_archived:
        query = query.where(Consultee.is_archived.is_(False))
    return list(db.session.scalars(query.order_by(Consultee.is_archived, Consultee.name)))


def get_or_404(region: Region, consultee_id: int) -> Consultee:
    consultee = db.session.get(Consultee, consultee_id)
    if consultee is None or consultee.region_id != region.id or consultee.is_public:
        abort(404)
    return consultee


def create_consultee(region: Region, *, name: str, kind: ConsulteeKind, email: str,
                     org_number: str | None) -> Consultee:
    """Add a consultee to the region's register; names and organisation numbers are unique."""
    consultee = Consultee(region=region, region_id=region.id)
    _apply(consultee, name=name, kind=kind, email=email, org_number=org_number)
    db.session.add(consultee)
    db.session.flush()
    audit.record("consultee.create", target=consultee.name, after=_recorded(consultee))
    return consultee


def update_consultee(consultee: Consultee, *, name: str, kind: ConsulteeKind, email: str,
                     org_number: str | None) -> Consultee:
    """Change a consultee's details; the change log records the fields before and after when any changed."""
    before = _recorded(consultee)
    _apply(consultee, name=name, kind=kind, email=email, org_number=org_number)
    db.session.flush()
    after = _recorded(consultee)
    if after != before:
        audit.record("consultee.update", target=consultee.name, before=before, after=after)
    return consultee


def _recorded(consultee: Consultee) -> dict:
    """What the change log records of a consultee's details."""
    return {"name": consultee.name, "kind": consultee.kind.value, "email": consultee.email,
            "org_number": consultee.org_number}


def archive_consultee(consultee: Consultee, now: datetime) -> None:
    """Hide from new invitations and close its ways in: its users cannot sign in and its links stop working.

    Past rounds keep the consultee and its responses (drafts too); restoring opens the same ways in again.
    The change log names the open rounds it affected (archive_affects).
    """
    if consultee.is_archived:
        return
    titles = [item.consultation.title for item in archive_affects(consultee)]
    consultee.archive(now)
    db.session.flush()
    audit.record("consultee.archive", target=consultee.name, after={"open_rounds": titles} if titles else None,
                 now=now)


@dataclass(frozen=True)
class Affected:
    """An open round where archiving the consultee stops a link that is still to be used."""

    invitation: Invitation
    #: "waiting" (no answer yet), "draft" (a saved draft, never sent) or "changes" (changes saved after its
    #: answer was sent, not sent themselves)
    state: str

    @property
    def consultation(self) -> Consultation:
        return self.invitation.consultation


def archive_affects(consultee: Consultee) -> list[Affected]:
    """The open rounds that invited the consultee and still wait for its answer, or hold a draft or changes it
    has not sent, by title: what the secretariat is asked to confirm before archiving (routes.archive)."""
    invitations = db.session.scalars(select(Invitation).join(Invitation.consultation)
                                     .where(Invitation.consultee_id == consultee.id, Consultation.status == Status.OPEN))
    affected = []
    for invitation in invitations:
        response = next((r for r in invitation.consultation.responses if r.consultee_id == consultee.id), None)
        if response is None:
            affected.append(Affected(invitation, "waiting"))
        elif response.status is not ResponseStatus.SUBMITTED:
            affected.append(Affected(invitation, "draft"))
        elif response.has_unsubmitted_changes:
            affected.append(Affected(invitation, "changes"))
    return sorted(affected, key=lambda item: item.consultation.title)


def restore_consultee(consultee: Consultee) -> None:
    """Bring an archived consultee back: offered for new rounds, its users and links let in again."""
    if not consultee.is_archived:
        return
    consultee.restore()
    db.session.flush()
    audit.record("consultee.restore", target=consultee.name)


def _apply(consultee: Consultee, *, name: str, kind: ConsulteeKind, email: str,
           org_number: str | None) -> None:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Navnet kan ikke være tomt."), "name")
    number = orgnr.normalise(org_number) if org_number else None
    if number and not orgnr.is_valid(number):
        raise ValidationError(_("Organisasjonsnummeret er ikke gyldig."), "org_number")
    key = Consultee.key_for(name)
    other, field = _duplicate(consultee.region_id, consultee.id, key, number)
    if other is not None:
        raise ValidationError(_duplicate_message(other, field), field)
    consultee.name, consultee.name_key, consultee.kind = name, key, kind
    consultee.email, consultee.org_number = email.strip().lower(), number


def _duplicate_message(other: Consultee, field: str) -> str:
    """What a duplicate is told; an archived one is not in the default list, so it says where it is (the form
    links there, see archived_duplicate)."""
    if field == "name":
        if other.is_archived:
            return _("%(name)s finnes allerede i registeret, men er arkivert. Hent den tilbake fra arkivet i stedet.",
                     name=other.name)
        return _("%(name)s finnes allerede i registeret.", name=other.name)
    if other.is_archived:
        return _("Organisasjonsnummeret er allerede registrert på %(name)s, som er arkivert. Hent den tilbake fra "
                 "arkivet i stedet.", name=other.name)
    return _("Organisasjonsnummeret er allerede registrert på %(name)s.", name=other.name)


def archived_duplicate(region: Region, consultee: Consultee | None, *, name: str,
                       org_number: str | None) -> Consultee | None:
    """The archived consultee a typed name or organisation number collides with (what the form links to,
    so it can be restored instead of added again); None when the collision, if any, is with one in use."""
    number = orgnr.normalise(org_number) if org_number else None
    other, _field = _duplicate(region.id, consultee.id if consultee is not None else None,
                               Consultee.key_for(name or ""), number if number and orgnr.is_valid(number) else None)
    return other if other is not None and other.is_archived else None


def _duplicate(region_id: int, own_id: int | None, key: str, number: str | None) -> tuple[Consultee | None, str]:
    """Another consultee of the region with the same name (first) or organisation number, and the field."""
    others = _others_in_region(region_id, own_id)
    for other in others:
        if key and other.name_key == key:
            return other, "name"
    for other in others:
        if number and other.org_number == number:
            return other, "org_number"
    return None, ""


def _others_in_region(region_id: int, own_id: int | None) -> list[Consultee]:
    query = select(Consultee).where(Consultee.region_id == region_id, Consultee.is_public.is_(False))
    if own_id is not None:
        query = query.where(Consultee.id != own_id)
    return list(db.session.scalars(query))
