"""Recording state changes in the append-only audit trail."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import g, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import (
    REDACTION_BASES,
    Assessment,
    AuditEvent,
    Consultation,
    ConsulteeKind,
    Language,
    QuestionKind,
    Role,
    Status,
    User,
)
from app.models.base import utcnow
from app.positions import STANCES
from app.timeutil import format_short_datetime

#: What each recorded action is called in the change log (the code stays beside it)
ACTION_LABELS = {
    "consultation.create": _l("Høringen opprettet"), "consultation.update": _l("Høringen endret"),
    "consultation.draft": _l("Høringen satt tilbake til utkast"), "consultation.open": _l("Høringen åpnet"),
    "consultation.closed": _l("Høringen avsluttet"), "consultation.reported": _l("Høringen markert som oppsummert"),
    "consultation.published": _l("Høringen publisert"), "draft.add": _l("Utkast lastet opp"),
    "draft.told": _l("E-post om ny versjon av utkastet sendt"),
    "consultation.closed_early_told": _l("Varslet om at høringen ble avsluttet før fristen"),
    "invitation.add": _l("Invitert"), "invitation.remove": _l("Invitasjon fjernet"),
    "invitation.send": _l("Invitasjon sendt"), "invitation.resend": _l("Ny lenke sendt"), "invitation.revoke": _l("Lenke trukket tilbake"),
    "invitation.deadline": _l("Egen frist satt"), "invitation.deadline_moved": _l("Ny frist sendt"), "reminder.send": _l("Påminnelse sendt"),
    "extension.request": _l("Utsatt frist søkt"), "extension.grant": _l("Utsatt frist innvilget"),
    "extension.decline": _l("Utsatt frist avslått"), "response.save": _l("Svar lagret"),
    "response.submit": _l("Svar sendt inn"), "response.amend": _l("Endret svar sendt inn"),
    "attachment.add": _l("Vedlegg lagt til"), "attachment.remove": _l("Vedlegg fjernet"),
    "meeting.save": _l("Møte lagret"), "meeting.delete": _l("Møte slettet"),
    "redaction.add": _l("Unntatt offentlighet"), "redaction.remove": _l("Unntak fjernet"),
    "analysis.start": _l("Analyse startet"), "analysis.done": _l("Analyse ferdig"),
    "report.start": _l("Rapportfiler bestilt"), "report.done": _l("Rapportfiler laget"),
    "archive.start": _l("Arkivpakke bestilt"), "archive.done": _l("Arkivpakke laget"),
    "comment.confirm": _l("Innspill bekreftet"), "comment.move": _l("Innspill flyttet"),
    "comment.not_relevant": _l("Innspill satt til side"), "comment.split": _l("Innspill delt"),
    "comment.stance": _l("Type innspill endret"),
    "theme.rename": _l("Tema gitt nytt navn"), "theme.merge": _l("Tema slått sammen"),
    "theme.merge_undone": _l("Sammenslåing angret"), "theme.assess": _l("Tema vurdert"),
    "focus_area.add": _l("Satsingsområde lagt til"), "focus_area.update": _l("Satsingsområde endret"),
    "focus_area.delete": _l("Satsingsområde slettet"), "focus_area.move": _l("Satsingsområde flyttet"),
    "focus_area.proposed": _l("Satsingsområder hentet fra utkastet"),
    "question.add": _l("Spørsmål lagt til"), "question.update": _l("Spørsmål endret"),
    "question.delete": _l("Spørsmål slettet"), "question.move": _l("Spørsmål flyttet"),
    "question.add_set": _l("Spørsmålssett lagt til"),
    "user.create": _l("Bruker opprettet"), "user.update": _l("Bruker endret"),
    "user.password": _l("Nytt passord satt"), "user.deactivate": _l("Bruker deaktivert"),
    "user.activate": _l("Bruker aktivert igjen"),
    "consultee.create": _l("Høringsinstans lagt til i registeret"), "consultee.update": _l("Høringsinstans endret"),
    "consultee.archive": _l("Høringsinstans arkivert"), "consultee.restore": _l("Høringsinstans hentet tilbake fra arkivet"),
}


#: What the change log calls the fields its events record (the code itself for any other)
FIELD_LABELS = {
    "status": _l("Status"), "title": _l("Tittel"), "opens_at": _l("Åpner"), "deadline_at": _l("Frist"),
    "language": _l("Språk"), "accepts_late": _l("Svar etter fristen tas imot"),
    "is_open_to_public": _l("Åpen for alle"), "reminder_days": _l("Påminnelse (dager før fristen)"),
    "case_number": _l("Saksnummer"), "archive_reference": _l("Arkivreferanse"), "version": _l("Versjon"),
    "is_late": _l("Etter fristen"), "to": _l("Til"), "count": _l("Antall"), "until": _l("Ny frist"),
    "reason": _l("Begrunnelse"), "filename": _l("Filnavn"), "label": _l("Navn"), "assessment": _l("Vurdering"),
    "text": _l("Tekst"), "passage": _l("Tekst"), "comments": _l("Antall innspill"), "themes": _l("Antall temaer"),
    "consultee": _l("Høringsinstans"), "notes": _l("Antall notater"), "via": _l("Sendt via"),
    "into": _l("Slått sammen med"), "merged": _l("Tema"), "restored": _l("Tema"), "attachment_id": _l("Vedlegg"),
    "description": _l("Beskrivelse"), "group": _l("Gruppe"), "keywords": _l("Stikkord"), "kind": _l("Type"),
    "help_text": _l("Hjelpetekst"), "is_required": _l("Må besvares"), "position": _l("Plass i rekkefølgen"),
    "titles": _l("Satsingsområder"), "questions": _l("Spørsmål"),
    "focus_area": _l("Satsingsområde"), "theme": _l("Tema"), "is_relevant": _l("Tatt med"), "parts": _l("Deler"),
    "sources": _l("Tekster"), "kept_corrections": _l("Rettelser beholdt"), "method": _l("Metode"),
    "sha256": _l("Sjekksum (SHA-256)"), "entries": _l("Journalposter"), "documents": _l("Dokumenter"),
    "bytes": _l("Størrelse (byte)"), "basis": _l("Hjemmel"), "name": _l("Navn"), "email": _l("E-post"),
    "role": _l("Rolle"), "stance": _l("Type innspill"), "org_number": _l("Organisasjonsnummer"),
    "open_rounds": _l("Berørte åpne høringer"), "contact_name": _l("Kontaktperson"),
    "contact_email": _l("Kontaktpersonens e-post"), "contact_phone": _l("Kontaktpersonens telefon"),
}
#: Ids recorded beside a name (a comment's focus area and theme): the log shows the name
_IDS_BESIDE_NAMES = {"focus_area_id": "focus_area", "theme_id": "theme"}
#: How an answer came in (`via` of a submit)
_VIA_WORDS = {"link": _l("invitasjonslenken"), "account": _l("brukerkonto"), "secretariat": _l("sekretariatet")}
#: Values the change log names in words, by field: the status of a round or of an extension request
_STATUS_WORDS = {"pending": _l("Venter på svar"), "granted": _l("Innvilget"), "declined": _l("Avslått")}
#: Fields that hold a moment (ISO 8601, UTC), shown in Oslo time
_MOMENTS = ("opens_at", "deadline_at", "until")


def shown_changes(event: AuditEvent) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The event's before and after as (field, value) in words for the change log; where it
    recorded both, only the fields that changed (a round's details are recorded whole)."""
    before, after = event.before or {}, event.after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if not (before and after) or before.get(k) != after.get(k)]
    keys = [k for k in keys if _IDS_BESIDE_NAMES.get(k) not in {*before, *after}]
    return ([(field_label(k), shown_value(k, before[k])) for k in keys if k in before],
            [(field_label(k), shown_value(k, after[k])) for k in keys if k in after])


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


def shown_value(key: str, value) -> str:
    """A recorded value as the change log shows it: yes/no, a date in Oslo time, a status's name, a list joined."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, list):
        return ", ".join(shown_value(key, item) for item in value)
    if isinstance(value, str) and key in _MOMENTS:
        try:
            return format_short_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if key == "status" and value in _STATUS_WORDS:
        return str(_STATUS_WORDS[value])
    if key == "status" and value in {s.value for s in Status}:
        return str(Status(value).label)
    if key == "via" and value in _VIA_WORDS:
        return str(_VIA_WORDS[value])
    if key == "language" and value in {s.value for s in Language}:
        return str(Language(value).label)
    if key == "kind" and value in {k.value for k in QuestionKind}:
        return str(QuestionKind(value).label)
    if key == "kind" and value in {k.value for k in ConsulteeKind}:
        return str(ConsulteeKind(value).label)
    if key == "org_number" and isinstance(value, str) and len(value) == 9:
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    if key == "assessment" and value in {a.value for a in Assessment}:
        return str(Assessment(value).label)
    if key == "stance" and value in STANCES:
        return _(STANCES[value])
    if key == "role" and value in {r.value for r in Role}:
        return str(Role(value).label)
    if key == "basis" and value in REDACTION_BASES:
        return str(REDACTION_BASES[value][2])
    if key == "method" and isinstance(value, str):  # nlp's code for it («lexical+encoder+apertium»)
        return _("ordene og en språkmodell") if "encoder" in value else _("ordene (uten språkmodell)")
    return str(value)


def action_label(action: str) -> str:
    """The change log's name of an action; the code itself for one without a name."""
    return str(ACTION_LABELS.get(action, action))


def record(action: str, *, consultation: Consultation | None = None, target: str = "",
           before: dict | None = None, after: dict | None = None, now: datetime | None = None) -> AuditEvent:
    """Add one event; the actor is the signed-in user, the consultee behind a link, or the system."""
    user_id, actor = current_actor()
    item = AuditEvent(at=now or utcnow(), user_id=user_id, actor=actor[:300],
                      consultation_id=consultation.id if consultation is not None else None,
                      action=action, target=target[:300], before=before, after=after)
    db.session.add(item)
    return item


def record_once_per(window: timedelta, action: str, *, consultation: Consultation, target: str,
                    now: datetime, after: dict | None = None) -> None:
    """Like record, but at most once per window for the same action, target and actor (autosave)."""
    _, actor = current_actor()
    latest = db.session.scalar(
        select(AuditEvent.at).where(AuditEvent.consultation_id == consultation.id, AuditEvent.action == action,
                                    AuditEvent.target == target[:300], AuditEvent.actor == actor[:300])
        .order_by(AuditEvent.at.desc()).limit(1))
    if latest is None or now - latest >= window:
        record(action, consultation=consultation, target=target, after=after, now=now)


def current_actor() -> tuple[int | None, str]:
    """(user id, words) for whoever is acting in this request."""
    if not has_request_context():
        return None, "System"
    if current_user.is_authenticated:
        with force_locale("nb"):  # the trail is stored once, in bokmål, whatever the actor reads
            return current_user.id, f"{current_user.name} ({_role_words(current_user.role)})"
    link_actor = g.get("link_actor")
    if link_actor:
        return None, f"{link_actor} ({_LINK})"
    return None, "Anonym"


_LINK = "via invitasjonslenken"


def _role_words(role: Role) -> str:
    """«regionråd, lesetilgang», not «(regionråd (lesetilgang))», in the locale in force."""
    return str(role.label).lower().replace(" (", ", ").replace(")", "")


def shown_actor(actor: str) -> str:
    """A recorded actor («Kari (sekretariat)», stored in bokmål) with its role in the reader's language."""
    name, _sep, rest = actor.rpartition(" (")
    if not name or not rest.endswith(")"):
        return {"System": _("System"), "Anonym": _("Anonym")}.get(actor, actor)
    words = rest[:-1]
    if words == _LINK:
        link = _("via invitasjonslenken")
        return f"{name} ({link})"
    with force_locale("nb"):
        stored = {_role_words(role): role for role in Role}
    return f"{name} ({_role_words(stored[words])})" if words in stored else actor


def events_for(consultation: Consultation) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.consultation_id == consultation.id)
                                   .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())))


#: User events the administrators' page shows, newest first
USER_EVENTS_SHOWN = 100


def user_events(region_id: int) -> list[AuditEvent]:
    """The changes to user accounts made by people of the region (its administrators, a user's own
    password), newest first; an account made on the command line has no such actor."""
    return _region_events("user.", region_id, USER_EVENTS_SHOWN)


#: Register events the register page shows, newest first
REGISTER_EVENTS_SHOWN = 100


def register_events(region_id: int) -> list[AuditEvent]:
    """The changes to the region's register of consultees (added, changed, archived, restored) made by its
    staff, newest first; consultees made on the command line or by the demo have no such actor."""
    return _region_events("consultee.", region_id, REGISTER_EVENTS_SHOWN)


def _region_events(prefix: str, region_id: int, limit: int) -> list[AuditEvent]:
    """Events whose action starts with `prefix`, by users of the region (who can change only its own), newest first."""
    return list(db.session.scalars(
        select(AuditEvent).join(User, AuditEvent.user_id == User.id)
        .where(AuditEvent.action.startswith(prefix), User.region_id == region_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))
