"""The consultee register (høringsinstanser): the rules for adding, changing and archiving."""
from __future__ import annotations

from datetime import datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from app.consultees import orgnr
from app.errors import ValidationError
from app.extensions import db
from app.models import Consultee, ConsulteeKind, Invitation, Region, ResponseStatus, Status


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
    return consultee


def update_consultee(consultee: Consultee, *, name: str, kind: ConsulteeKind, email: str,
                     org_number: str | None) -> Consultee:
    _apply(consultee, name=name, kind=kind, email=email, org_number=org_number)
    db.session.flush()
    return consultee


def archive_consultee(consultee: Consultee, now: datetime) -> None:
    """Hide from new invitations and close its ways in: its users cannot sign in and its links stop working.

    Past rounds keep the consultee and its responses; restoring opens the same ways in again.
    """
    consultee.archive(now)
    db.session.flush()


def open_rounds_awaiting(consultee: Consultee) -> list[str]:
    """The titles of the open rounds that invited the consultee and have no submitted answer from it: where
    archiving it stops a link that is still to be used."""
    invitations = db.session.scalars(select(Invitation).where(Invitation.consultee_id == consultee.id))
    return sorted(i.consultation.title for i in invitations if i.consultation.status is Status.OPEN
                  and not any(r.consultee_id == consultee.id and r.status is ResponseStatus.SUBMITTED
                              for r in i.consultation.responses))


def restore_consultee(consultee: Consultee) -> None:
    consultee.restore()
    db.session.flush()


def _apply(consultee: Consultee, *, name: str, kind: ConsulteeKind, email: str,
           org_number: str | None) -> None:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Navnet kan ikke være tomt."), "name")
    number = orgnr.normalise(org_number) if org_number else None
    if number and not orgnr.is_valid(number):
        raise ValidationError(_("Organisasjonsnummeret er ikke gyldig."), "org_number")
    key = Consultee.key_for(name)
    for other in _others_in_region(consultee):
        if other.name_key == key:
            raise ValidationError(_("%(name)s finnes allerede i registeret.", name=other.name), "name")
        if number and other.org_number == number:
            raise ValidationError(_("Organisasjonsnummeret er allerede registrert på %(name)s.", name=other.name), "org_number")
    consultee.name, consultee.name_key, consultee.kind = name, key, kind
    consultee.email, consultee.org_number = email.strip().lower(), number


def _others_in_region(consultee: Consultee) -> list[Consultee]:
    query = select(Consultee).where(Consultee.region_id == consultee.region_id, Consultee.is_public.is_(False))
    if consultee.id is not None:
        query = query.where(Consultee.id != consultee.id)
    return list(db.session.scalars(query))
