"""What the public sees of a published round: only submitted versions, always redacted."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from app.analysis import overview
from app.consultees.names import attributed, display_name, document_name
from app.extensions import db
from app.models import Attachment, Consultation, Response, ResponseStatus, Status
from app.publication import redaction
from app.reports.data import ReportData
from app.reports.records import PublishedEdition
from app.reports.services import collect
from app.reports.summary import summarise
from app.snapshot import Snapshot
from app.timeutil import to_local, utcnow
from app.withheld import leaks


def published_or_404(slug: str) -> Consultation:
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None or consultation.status is not Status.PUBLISHED:
        abort(404)
    return consultation


def responses(consultation: Consultation) -> list[Response]:
    """Submitted responses only; drafts never reach the public."""
    return [r for r in sorted(consultation.responses, key=lambda r: r.consultee.name)
            if r.status is ResponseStatus.SUBMITTED and r.latest_version is not None]


def response_or_404(consultation: Consultation, consultee_id: int) -> Response:
    found = next((r for r in responses(consultation) if r.consultee_id == consultee_id), None)
    if found is None:
        abort(404)
    return found


@dataclass(frozen=True)
class PublicResponse:
    """A published response's page: the round's title, the sender as the reader's language names them,
    and what was sent — redacted as one value, so the heading and the page title are covered too."""

    title: str
    sender: str
    snapshot: Snapshot


def public_response(consultation: Consultation, response: Response) -> PublicResponse:
    """The published response as its public page shows it, every text in it redacted."""
    found = PublicResponse(consultation.title, display_name(response.consultee), _unredacted(consultation, response))
    return redaction.redact(consultation, found)


def public_snapshot(consultation: Consultation, response: Response) -> Snapshot:
    """The latest submitted version with every withheld passage and attachment taken out, its sender
    named as documents name it (a public respondent marked as such)."""
    return redaction.redact(consultation, _unredacted(consultation, response))


def _unredacted(consultation: Consultation, response: Response) -> Snapshot:
    withheld_ids = redaction.withheld_attachment_ids(consultation)
    snapshot = attributed(response.latest_version.snapshot, response.consultee)
    return replace(snapshot, attachments=tuple(a for a in snapshot.attachments if a.id not in withheld_ids))


def public_attachment_or_404(consultation: Consultation, response: Response,
                             attachment_id: int) -> tuple[Attachment, str]:
    """A published attachment and the name it is published under: its file name as the published
    response shows it, withheld words marked (the file name the consultee gave may hold them)."""
    names = {a.id: a.filename for a in public_snapshot(consultation, response).attachments}
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.id not in names or attachment.response_id != response.id:
        abort(404)
    return attachment, names[attachment.id]


def published_on(consultation: Consultation) -> date:
    """The day the round was published: the date its public summary carries, whenever it is read (the
    summary is a record of that day, not of the day it is downloaded)."""
    return to_local(consultation.published_at or utcnow()).date()


def published_edition(consultation: Consultation) -> PublishedEdition | None:
    """The summary as the public was given it, for the archive package: what `/horing/<slug>/oppsummering` and its
    Word file show (`public_report` on the day of publication), and when the round was published; None until it is.
    The app factory hands this to app.reports.archive, which may not import this package."""
    if consultation.status is not Status.PUBLISHED:
        return None
    return PublishedEdition(public_report(consultation, published_on(consultation)),
                            at=consultation.published_at or utcnow())


def public_report(consultation: Consultation, today: date) -> ReportData:
    """The summary report as the public sees it: every text in it redacted, theme labels too.

    The «Sammendrag» names theme labels inside its sentences, where a withheld word would only be
    found as part of a longer run: it is written again from the redacted labels, and redacted as text.
    """
    withheld = redaction.withheld(consultation)  # indexed once for the report and its summary
    # the internal edition's list of what is withheld is no part of the public's
    data = unnamed_where_withheld(consultation, replace(collect(consultation, today), withheld=()), withheld)
    data = _without_withheld_quotes(redaction.redact(consultation, data, withheld))
    return replace(data, summary=redaction.redact(consultation, summarise(data).summary, withheld))


def _without_withheld_quotes(data: ReportData) -> ReportData:
    """Quotes and Excel rows withheld whole left out. A row keeps its theme, its kind and the assessment of
    its theme beside the mark: for a comment withheld whole, they would tell what it was about."""
    return replace(data, areas=without_withheld_quotes(data.areas),
                   comments=tuple(row for row in data.comments if _says(row.text)))


def without_withheld_quotes(areas: tuple) -> tuple:
    """A quote withheld whole says nothing but that it was withheld: it is left out of its theme (the
    minutes in the appendix still show where text was withheld), on the page as in the files."""
    return tuple(replace(area, themes=tuple(replace(theme, quotes=tuple(q for q in theme.quotes if _says(q.text)))
                                            for theme in area.themes)) for area in areas)


def _says(redacted: str) -> bool:
    """Whether a redacted text says anything besides that it was withheld."""
    return bool(redaction.WITHHELD_MARK.sub("", redacted).strip(" .,;:–-«»\n"))


def unnamed_where_withheld(consultation: Consultation, data: ReportData, withheld) -> ReportData:
    """The themes as the public may see them. A theme's «Tatt opp av» leaves out a body whose every comment in
    the theme is withheld whole, and a theme whose every comment is withheld whole is left out, with its name
    and assessment: either would tell the public what the withheld text was about. The published responses
    still show where text was withheld. (The report's areas and themes are the overview's, in its order.)"""
    if not withheld:
        return data
    view, hidden = _withheld_whole(consultation, data.language, withheld)
    areas = []
    for area, shown in zip(data.areas, view.areas, strict=True):
        themes = [replace(theme, consultees=tuple(n for n in theme.consultees if n not in hidden[row.id]))
                  for theme, (row, _names, _count) in zip(area.themes, shown.themes, strict=True)
                  if hidden[row.id] is not None]
        areas.append(replace(area, themes=tuple(themes)))
    return replace(data, areas=tuple(areas))


def _withheld_whole(consultation: Consultation, language: str, withheld) -> tuple[overview.Overview, dict]:
    """The overview (names as the round's documents write them) and, by theme id, the names of the bodies whose
    every comment in the theme is withheld whole; None for a theme whose every comment is."""
    view = overview.build(consultation, name=lambda consultee: document_name(consultee, language))
    hidden: dict[int, set[str] | None] = {}
    for area in view.areas:
        for row, _names, _count in area.themes:
            if not any(_says(withheld.text(text)) for _ids, text in view.texts.get(row.id, ())):
                hidden[row.id] = None
                continue
            said = view.said_by.get(row.id, {})
            hidden[row.id] = {name for name, texts in said.items() if not any(_says(withheld.text(t)) for t in texts)}
    return view, hidden


def _assessments_naming_the_unnamed(consultation: Consultation, withheld) -> list[str]:
    """A published assessment that names a body left out of its theme's «Tatt opp av» gives away what that body's
    withheld text was about («… slik Kongsberg kommune ber om»): each such place, for the secretariat to rewrite."""
    view, hidden = _withheld_whole(consultation, consultation.language.value, withheld)
    found = []
    for area in view.areas:
        for row, _names, _count in area.themes:
            text = (row.assessment_text or "").casefold() if row.assessment else ""
            for name in sorted(hidden[row.id] or ()):
                if name.casefold() in text:
                    found.append(_("Vurderingen av temaet «%(theme)s» nevner %(name)s, som ikke er oppgitt som "
                                   "avsender i temaet fordi teksten er unntatt offentlighet. Skriv vurderingen om.",
                                   theme=withheld.label(row.label, "…"), name=name))
    return found


def publication_problems(consultation: Consultation, today: date) -> list[str]:
    """Why the round cannot be published yet: each place where withheld text would still be public.

    Checks what the public would get, after redaction: the summary (page, Word, Excel), each
    published response (its attachments' names among its texts), the names and texts of the round's
    public page, and the words and the document properties (title, author …) of every attachment
    that is not withheld. An attachment with no text to read (a scan) of a response with withheld
    passages is a problem too: it cannot be checked.
    """
    withheld = redaction.withheld(consultation)
    if not withheld:
        return []
    problems = [_("Oppsummeringen: «%(text)s»", text=piece)
                 for piece in leaks(public_report(consultation, today), withheld)]
    problems += _assessments_naming_the_unnamed(consultation, withheld)
    invited = [i.consultee.name for i in consultation.invitations]
    problems += [_("Høringens side: «%(text)s»", text=piece)
                 for piece in leaks((consultation.title, consultation.description or "", invited), withheld)]
    withheld_ids = redaction.withheld_attachment_ids(consultation)
    with_passages = {r.response_id for r in redaction.for_round(consultation) if r.passage}
    for response in responses(consultation):
        name = response.consultee.name
        problems += [_("Svaret fra %(name)s: «%(text)s»", name=name, text=piece)
                     for piece in leaks(public_snapshot(consultation, response), withheld)]
        for attachment in response.attachments:
            if attachment.id in withheld_ids or not _in_latest(response, attachment):
                continue
            text, properties = redaction.attachment_text(attachment)
            if response.id in with_passages and not text.strip():
                # A scan or an unreadable file: whether it repeats what is withheld cannot be checked
                problems.append(_("Vedlegget «%(file)s» fra %(name)s har ingen tekst som kan kontrolleres (for "
                                  "eksempel en skannet side). Unnta vedlegget, eller fjern unntakene i svaret.",
                                  file=attachment.filename, name=name))
            problems += [_("Vedlegget «%(file)s» fra %(name)s: «%(text)s»", file=attachment.filename, name=name,
                           text=piece) for piece in leaks(f"{text}\n{properties}", withheld)]
    return list(dict.fromkeys(problems))


def _in_latest(response: Response, attachment: Attachment) -> bool:
    return any(a.id == attachment.id for a in response.latest_version.snapshot.attachments)
