"""The round as a case folder: one journal entry per case document, each with its documents.

`plan()` reads the round and lists what the archive package holds, without making any file yet:
each document carries a `source` (a stable description of what it is made from) and a `render`
that makes its bytes. The package's fingerprint is a hash of the plan, so whether a stored
package is up to date is known without rendering anything.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.consultees.names import attributed, document_name
from app.extensions import db
from app.models import REDACTION_BASES, Consultation, ExtensionStatus, Redaction, ResponseStatus, Status, User
from app.reports.data import ReportData
from app.reports.jobs import fingerprint as report_fingerprint
from app.reports.letter import simple_docx
from app.reports.services import collect, met_with, minutes_heading
from app.reports.texts import report_words
from app.responses.receipt import receipt_docx
from app.text import xml_safe
from app.timeutil import format_local_date, format_local_datetime, to_local

#: Journal entry types (journalposttype): incoming, outgoing, internal note to follow up, internal note
INCOMING, OUTGOING, NOTE, NOTE_NO_FOLLOW_UP = "I", "U", "N", "X"
#: Noark 5's avskrivningsmåter (M619) used here
ANSWERED_BY_MAIL, TAKEN_NOTE = "Besvart med e-post", "Tatt til etterretning"
DOCX = "docx"
#: A case number as the archive reads it: year/sequence
CASE_NUMBER = re.compile(r"(\d{4})/(\d{1,7})")


def parse_case_number(case_number: str) -> tuple[int, int] | None:
    """ "2019/245" → (2019, 245); None when it is not a case number."""
    match = CASE_NUMBER.fullmatch(case_number.strip())
    return (int(match[1]), int(match[2])) if match else None


@dataclass(frozen=True)
class Access:
    """Why and how much of an entry is withheld from the public (skjerming)."""

    code: str
    basis: str
    #: Which metadata are withheld ("Korrespondansepart" for a private person's name, else "Ingen")
    metadata: str
    #: "Delvis" on an entry (passages, or some of its documents), "Hele" on a withheld document
    document: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """One document of an entry: the main document (hoveddokument) or an attachment (vedlegg)."""

    title: str
    #: File name in the package (without its folder); its extension is its format
    filename: str
    #: What it is made from, stably (an id and a hash): the fingerprint is made of these
    source: str
    render: Callable[[], bytes] = field(compare=False, repr=False)
    is_main: bool = True
    withheld: bool = False

    @property
    def extension(self) -> str:
        return self.filename.rsplit(".", 1)[-1].lower()


@dataclass(frozen=True)
class Settled:
    """How an incoming entry was dealt with (Noark 5 avskrivning): a request for more time is answered by the
    mailed decision; a response is taken note of («tatt til etterretning») when the round closes."""

    at: datetime
    #: Noark's avskrivningsmåte: ANSWERED_BY_MAIL or TAKEN_NOTE
    how: str
    #: Who dealt with it: the user who decided a request, else the region's secretariat (not who makes the package)
    who: str
    #: The key of the entry that answered it, if one did
    by: str | None = None


@dataclass(frozen=True)
class Entry:
    """One registry entry (journalpost) of the case folder."""

    #: What it is, e.g. "draft:3", "invitation:12", "version:40", "extension:5", "decision:5", "meeting:2", "report"
    key: str
    kind: str
    title: str
    #: When it was sent, received or made (UTC)
    at: datetime
    #: (role, name): "Avsender", "Mottaker" or "Intern mottaker"
    parties: tuple[tuple[str, str], ...]
    documents: tuple[Document, ...]
    access: Access | None = None
    #: How an incoming entry was dealt with (avskrivning); None while it is still to be dealt with
    settled: Settled | None = None


@dataclass(frozen=True)
class CaseFolder:
    """The round as a case (saksmappe) with its entries in the order they were journaled."""

    title: str
    region: str
    case_number: str
    case_year: int
    case_sequence: int
    archive_reference: str
    language: str
    #: Who is responsible for the case (saksansvarlig): the region's secretariat, whoever makes the package
    responsible: str
    created_at: datetime
    closed_at: datetime | None
    is_closed: bool
    entries: tuple[Entry, ...]

    @property
    def documents(self) -> int:
        return sum(len(e.documents) for e in self.entries)

    def fingerprint(self) -> str:
        """SHA-256 of everything the package holds, by its sources (not the moment it is made)."""
        content = {k: v for k, v in self.__dict__.items() if k != "entries"}
        # The report is dated the day the package is made; like the report's own fingerprint, not the date
        content["entries"] = [[e.key, e.kind, e.title, None if e.key == "report" else e.at, e.parties, e.access, e.settled,
                               [(d.title, d.filename, d.source, d.is_main, d.withheld) for d in e.documents]]
                              for e in self.entries]
        text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class PublishedEdition:
    """The summary as the public was given it (`/horing/<slug>/oppsummering` and its Word file): the report
    redacted, dated the day of publication. app.publication makes it, which depends on this package: the
    archive is handed it (app.publication.services.published_edition, wired by the app factory)."""

    data: ReportData
    #: When the round was published
    at: datetime


class MissingCaseNumber(ValueError):
    """The round has no case number or archive reference yet."""


def plan(consultation: Consultation, now: datetime, published: PublishedEdition | None = None) -> CaseFolder:
    """The round's case folder at `now`; MissingCaseNumber until the secretariat has set one.

    `published` is the summary as the public was given it, which a published round's folder must hold
    (app.publication makes it; the caller hands it in).
    """
    parsed = parse_case_number(consultation.case_number)
    if parsed is None or not consultation.archive_reference:
        raise MissingCaseNumber(consultation.slug)
    if (consultation.status is Status.PUBLISHED) != (published is not None):
        raise ValueError(f"{consultation.slug}: the published edition is given for a published round, and only then")
    language = consultation.language.value
    with force_locale(language):
        # as the report names its author
        responsible = xml_safe(report_words(language)["secretariat"] % {"region": consultation.region.name})
        entries = [*_drafts(consultation), *_invitations(consultation), *_responses(consultation, responsible),
                   *_extensions(consultation, responsible), *_meetings(consultation),
                   *_summaries(consultation, now, published)]
    # At the same moment, a request comes before the decision on it
    entries = sorted((replace(e, at=_utc(e.at)) for e in entries),
                     key=lambda e: (e.at, e.key.startswith("decision:"), e.key))
    return CaseFolder(title=xml_safe(consultation.title), region=xml_safe(consultation.region.name),
                      case_number=consultation.case_number, case_year=parsed[0], case_sequence=parsed[1],
                      archive_reference=consultation.archive_reference, language=language, responsible=responsible,
                      # the case began no later than its first document (a round loaded with earlier dates)
                      created_at=min([_utc(consultation.created_at), *(e.at for e in entries)]),
                      closed_at=_utc(consultation.closed_at),
                      is_closed=consultation.closed_at is not None, entries=tuple(entries))


def count_documents(consultation: Consultation) -> tuple[int, int]:
    """Documents and stored bytes (drafts, attachments) a package of the round would hold; no file is made."""
    submitted = [r for r in consultation.responses if r.status is ResponseStatus.SUBMITTED]
    versions = sum(len(r.versions) for r in submitted)
    attachments = sum(len(v.snapshot.attachments) for r in submitted for v in r.versions)
    requests = [x for i in consultation.invitations for x in i.extension_requests]
    decided = sum(1 for x in requests if x.status is not ExtensionStatus.PENDING)
    sent = sum(1 for i in consultation.invitations if i.sent_at is not None)
    # the summary; once published with passages withheld, its internal and its published edition
    summaries = 2 if consultation.status is Status.PUBLISHED and any(
        r.passage for withheld in _withheld(consultation).values() for r in withheld) else 1
    documents = len(consultation.drafts) + sent + versions + attachments + len(requests) + decided \
        + len(consultation.meetings) + summaries
    stored = sum(a.size for r in submitted for a in r.attachments) + sum(len(d.text) for d in consultation.drafts)
    return documents, stored


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _recipients(consultation: Consultation) -> tuple[tuple[str, str], ...]:
    language = consultation.language.value
    return tuple(("Mottaker", document_name(i.consultee, language))
                 for i in sorted(consultation.invitations, key=lambda i: i.consultee.name) if i.sent_at)


def _drafts(consultation: Consultation) -> list[Entry]:
    entries = []
    for draft in consultation.drafts:
        title = _("Høringsutkast versjon %(version)s: %(title)s", version=draft.version, title=consultation.title)
        if draft.filename:
            document = Document(title=title, filename=f"utkast-v{draft.version}.docx",
                                source=f"draft:{draft.id}:{_sha(draft.text)}", render=lambda d=draft: d.content)
        else:
            document = Document(title=title, filename=f"utkast-v{draft.version}.docx",
                                source=f"draft:{draft.id}:{_sha(draft.text)}",
                                render=lambda d=draft, t=title: simple_docx(t, [], d.text.split("\n"),
                                                                            **_made(consultation, d.uploaded_at)))
        # Sent out when the round opened, or when a later version was put up
        sent = max(filter(None, (_utc(consultation.opened_at), _utc(draft.uploaded_at))))
        entries.append(Entry(key=f"draft:{draft.id}", kind=OUTGOING, title=xml_safe(title),
                             at=sent, parties=_recipients(consultation),
                             documents=(document,)))
    return entries


def _invitations(consultation: Consultation) -> list[Entry]:
    entries, language = [], consultation.language.value
    for invitation in consultation.invitations:
        if invitation.sent_at is None:
            continue
        name = document_name(invitation.consultee, language)
        title = _("Invitasjon til høring: %(title)s – %(name)s", title=consultation.title, name=name)
        facts = [(_("Til"), name), (_("Sendt"), format_local_datetime(invitation.sent_at, language)),
                 (_("Høringsfrist"), format_local_datetime(invitation.deadline_at, language))]
        body = [consultation.description]
        entries.append(Entry(
            key=f"invitation:{invitation.id}", kind=OUTGOING, title=xml_safe(title), at=invitation.sent_at,
            parties=(("Mottaker", name),),
            documents=(Document(title=title, filename=f"invitasjon-{invitation.id}.docx",
                                source=_sha([facts, body]),
                                render=lambda t=title, f=facts, b=body, at=invitation.sent_at: simple_docx(
                                    t, f, b, **_made(consultation, at))),)))
    return entries


def _made(consultation: Consultation, at: datetime | None) -> dict:
    """The properties of a document the archive makes of something the round recorded at `at`."""
    return {"author": consultation.region.name, "language": consultation.language.value,
            "created": _utc(at or consultation.created_at)}


def _name_withheld(consultee, redactions) -> bool:
    """Whether a person's name is itself withheld (a passage holds a word of it): only then is it hidden from
    the public title; the name the public pages show is not screened in the journal either."""
    if not consultee.is_public:
        return False
    name = {word.casefold() for word in re.findall(r"\w{3,}", consultee.contact_name or consultee.name)}
    return any(name & {word.casefold() for word in re.findall(r"\w+", r.passage or "")} for r in redactions)


def _responses(consultation: Consultation, responsible: str) -> list[Entry]:
    entries, language = [], consultation.language.value
    withheld = _withheld(consultation)
    # every response is taken note of when the round closes
    settled = Settled(at=_utc(consultation.closed_at), how=TAKEN_NOTE, who=responsible) if consultation.closed_at else None
    for response in consultation.responses:
        if response.status is not ResponseStatus.SUBMITTED:
            continue
        consultee, stored = response.consultee, {a.id: a for a in response.attachments}
        name = document_name(consultee, language)
        redactions = withheld.get(response.id, [])
        hidden = {r.attachment_id for r in redactions if r.attachment_id}
        access = _access(redactions, _name_withheld(consultee, redactions))
        for version in response.versions:
            snapshot = attributed(version.snapshot, consultee)
            title = _("Høringssvar fra %(name)s, versjon %(number)s", name=name, number=version.number)
            main = Document(title=title, filename=f"svar-{response.id}-v{version.number}.docx",
                            source=f"version:{version.id}:{_sha(version.snapshot_data)}",
                            render=lambda s=snapshot, n=version.receipt_number: receipt_docx(
                                s, region=consultation.region.name, number=n, as_record=True))
            attached = tuple(
                Document(title=xml_safe(stored[a.id].filename), filename=_attachment_name(stored[a.id]),
                         source=f"attachment:{a.id}:{stored[a.id].sha256}", render=lambda x=stored[a.id]: x.content,
                         is_main=False, withheld=a.id in hidden)
                for a in snapshot.attachments if a.id in stored)
            entries.append(Entry(key=f"version:{version.id}", kind=INCOMING, title=xml_safe(title),
                                 at=version.submitted_at, parties=(("Avsender", name),),
                                 documents=(main, *attached), access=access, settled=settled))
    return entries


def _access(redactions: list[Redaction], name_withheld: bool = False) -> Access | None:
    """The screening of an entry holding these withheld passages or attachments: partly, on their legal bases."""
    if not redactions:
        return None
    def basis(redaction: Redaction) -> tuple[str, str]:
        return REDACTION_BASES.get(redaction.basis, REDACTION_BASES["personal"])[:2]

    chosen = sorted({basis(r) for r in redactions})
    # the reasons in the order of their bases, so that one reason a basis stands beside it
    reasons = tuple(dict.fromkeys(xml_safe(r.reason) for b in chosen
                                  for r in sorted(redactions, key=lambda r: r.reason) if basis(r) == b))
    return Access(code=chosen[0][0], basis="; ".join(text for _, text in chosen),
                  metadata="Korrespondansepart" if name_withheld else "Ingen",
                  document="Delvis",  # a withheld attachment's own description says "Hele"
                  reasons=reasons)


def _withheld(consultation: Consultation) -> dict[int, list[Redaction]]:
    by_response: dict[int, list[Redaction]] = {}
    query = select(Redaction).where(Redaction.consultation_id == consultation.id).order_by(Redaction.id)
    for redaction in db.session.scalars(query):
        by_response.setdefault(redaction.response_id, []).append(redaction)
    return by_response


def _attachment_name(attachment) -> str:
    extension = "pdf" if attachment.content_type == "application/pdf" else DOCX
    return f"vedlegg-{attachment.id}.{extension}"


def _extensions(consultation: Consultation, responsible: str) -> list[Entry]:
    entries, language = [], consultation.language.value
    for invitation in consultation.invitations:
        name = document_name(invitation.consultee, language)
        for request in invitation.extension_requests:
            title = _("Søknad om utsatt høringsfrist fra %(name)s", name=name)
            facts = [(_("Fra"), name), (_("Mottatt"), format_local_datetime(request.requested_at, language)),
                     (_("Ønsket frist"), format_local_datetime(request.requested_until, language))]
            decided = request.status is not ExtensionStatus.PENDING
            entries.append(_letter(consultation, f"extension:{request.id}", INCOMING, title, request.requested_at,
                                   ("Avsender", name), facts, [request.reason],
                                   filename=f"soknad-utsatt-frist-{request.id}.docx",
                                   settled=Settled(at=_utc(request.decided_at), how=ANSWERED_BY_MAIL,
                                                   who=_decider(request) or responsible,
                                                   by=f"decision:{request.id}") if decided else None))
            if not decided:
                continue
            granted = request.status is ExtensionStatus.GRANTED
            title = _("Svar på søknad om utsatt høringsfrist til %(name)s", name=name)
            facts = [(_("Til"), name), (_("Sendt"), format_local_datetime(request.decided_at, language)),
                     (_("Vedtak"), _("Innvilget") if granted else _("Avslått")),
                     # granted, the deadline asked for is the new one
                     (_("Ny frist") if granted else _("Ønsket frist"), format_local_datetime(request.requested_until, language))]
            entries.append(_letter(consultation, f"decision:{request.id}", OUTGOING, title, request.decided_at,
                                   ("Mottaker", name), facts, [request.answer],
                                   filename=f"vedtak-utsatt-frist-{request.id}.docx"))
    return entries


def _decider(request) -> str:
    """The name of the user who decided a request for more time ("" where none is recorded, as in the demo)."""
    user = db.session.get(User, request.decided_by_id) if request.decided_by_id else None
    return xml_safe(user.name) if user is not None else ""


def _letter(consultation: Consultation, key: str, kind: str, title: str, at: datetime, party: tuple[str, str],
            facts, body, *, filename: str, settled: Settled | None = None) -> Entry:
    return Entry(key=key, kind=kind, title=xml_safe(title), at=at, parties=(party,), settled=settled,
                 documents=(Document(title=title, filename=filename, source=_sha([facts, body]),
                                     render=lambda: simple_docx(title, facts, body, **_made(consultation, at))),))


def _meetings(consultation: Consultation) -> list[Entry]:
    """Each meeting's minutes, named as the report names them: whom the meeting was with is in the title, the
    minutes and the correspondence party (the consultee, or for a meeting with all of them «Representantskapet
    (alle)»), beside the region as the internal recipient."""
    entries, language = [], consultation.language.value
    questions = {q.id: q.text for q in consultation.questions}
    for meeting in consultation.meetings:
        place = f", {meeting.place}" if meeting.place else ""
        held = format_local_date(meeting.held_on, language)
        # «Referat: møte med Kongsberg kommune (kommunestyret), Tinghuset, 25.11.2026»
        title = f"{minutes_heading(meeting, language)}{place}, {held}"
        party = xml_safe(met_with(meeting, language))
        facts = [(_("Hvem møtet var med"), party), (_("Møte"), meeting.arena), (_("Dato"), held),
                 (_("Sted"), meeting.place), (_("Til stede"), meeting.attendees)]
        body = [meeting.description]
        for note in sorted(meeting.notes, key=lambda n: n.question_id):
            if note.text.strip():
                body += [f"# {questions.get(note.question_id, '')}", note.text]
        at = datetime.combine(meeting.held_on, datetime.min.time(), tzinfo=UTC)
        entries.append(Entry(key=f"meeting:{meeting.id}", kind=NOTE_NO_FOLLOW_UP, title=xml_safe(title), at=at,
                             parties=(("Avsender", party), ("Intern mottaker", consultation.region.name)),
                             documents=(Document(title=title, filename=f"referat-{meeting.id}.docx",
                                                 source=_sha([facts, body]),
                                                 render=lambda t=title, f=facts, b=body, when=at: simple_docx(
                                                     t, f, b, **_made(consultation, when))),)))
    return entries


def _summaries(consultation: Consultation, now: datetime, published: PublishedEdition | None) -> list[Entry]:
    """The summary report, in the editions the case keeps.

    The internal edition (the report as the secretariat and the council read it, dated the day the package is
    made) quotes the responses as they were written, withheld passages too: it is screened on their bases and
    titled and named as the internal edition. Once the round is published, the edition the public was given
    (`/horing/<slug>/oppsummering` and its Word file, redacted, dated the day of publication) is a record of its
    own beside it: an outgoing entry to the public («Allmennheten»), journaled when the round was published and
    not screened, so that the case holds what the public was given and a public journal lists it open.

    Published with nothing withheld, one document suffices: there is nothing to redact, and the review and the
    analysis are closed once a round is published, so the two editions say the same and differ only in their
    date. The package then holds the published edition alone, as the round's one summary, public: it is the
    record of what the public was given, on the day it was given; a second copy of the same text, dated the day
    the package happens to be made, would only leave the records office to ask which of the two counts.
    """
    from app.reports.docx_writer import report_docx

    # The internal summary quotes the responses as they were written, withheld passages too: screened on
    # their bases (the public reads the redacted summary on the round's page)
    passages = [r for withheld in _withheld(consultation).values() for r in withheld if r.passage]
    title = _("Oppsummering av høringen: %(title)s", title=consultation.title)
    entries = []
    if published is None or passages:
        data = collect(consultation, to_local(now).date())
        internal = f"{title} ({_('Intern utgave').lower()})" if passages else title
        entries.append(Entry(key="report", kind=NOTE, title=xml_safe(internal), at=now, access=_access(passages),
                             parties=(("Intern mottaker", consultation.region.name),),
                             documents=(Document(title=internal,
                                                 filename="oppsummering-intern.docx" if passages else "oppsummering.docx",
                                                 source=report_fingerprint(data), render=lambda: report_docx(data)),)))
    if published is not None:
        # dated, in its text and its properties, when it was published, as the public page dates it
        entries.append(Entry(key="report:published", kind=OUTGOING, title=xml_safe(title), at=published.at,
                             parties=(("Mottaker", _("Allmennheten")),),
                             documents=(Document(title=title, filename="oppsummering-publisert.docx",
                                                 source=f"published:{report_fingerprint(published.data)}",
                                                 render=lambda: report_docx(published.data, now=_utc(published.at))),)))
    return entries


def _sha(value) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
