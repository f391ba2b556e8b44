"""The round's archive package: a Noark 5 case folder with every case document, each also as PDF/A-2b.

Høringssvar are case documents; the secretariat journals them in its case system. One zip per
round holds `arkivstruktur.xml` (Noark 5 v5.0, validated against the schema before it is
written, which the zip carries too), `journal.csv` for people, every document as made under
`dokumenter/` and its PDF/A-2b copy under `pdfa/`. What the entries are is app.reports.records;
the XML is app.reports.noark; the PDF/A copies are app.reports.pdfa. Every text is made xml_safe.
"""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _

from app.errors import DomainError
from app.models import Consultation
from app.reports import noark, pdfa
from app.reports.records import CaseFolder, MissingCaseNumber, PublishedEdition, count_documents, plan
from app.text import xml_safe_all
from app.timeutil import to_local

COLUMNS = ("journalpostnummer", "registrerings_id", "journalposttype", "dato", "tittel", "avsender_mottaker",
           "tilgangskode", "skjermingshjemmel", "unntaksgrunn", "dokumentnummer", "dokumenttittel", "tilknyttet_som",
           "fil", "sha256", "bytes", "pdfa_fil", "pdfa_sha256", "pdfa_bytes")
MB = 1024 * 1024


class ArchiveRefused(DomainError):
    """The package cannot be made: no case number yet, or more than the caps allow."""


@dataclass(frozen=True)
class Limits:
    """What one package may hold (config ARCHIVE_MAX_DOCUMENTS and ARCHIVE_MAX_BYTES)."""

    documents: int
    bytes: int

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(documents=config["ARCHIVE_MAX_DOCUMENTS"], bytes=config["ARCHIVE_MAX_BYTES"])


@dataclass(frozen=True)
class Package:
    zip: bytes
    name: str
    fingerprint: str
    entries: int
    documents: int


#: Where the app factory puts app.publication's `published_edition` (round → PublishedEdition | None): the
#: archive files the summary as published, which publication makes and reports must not import (publication
#: depends on reports), so the factory, which assembles both, hands it over
PUBLISHED_EDITION = "horing.published_edition"


def published_edition(consultation: Consultation) -> PublishedEdition | None:
    """The summary as the public was given it, once the round is published; else None."""
    return current_app.extensions[PUBLISHED_EDITION](consultation)


def case_folder(consultation: Consultation, now: datetime) -> CaseFolder:
    """The round's case folder; ArchiveRefused until it has a case number and an archive reference."""
    try:
        return plan(consultation, now, published_edition(consultation))
    except MissingCaseNumber:
        raise ArchiveRefused(_("Sett saksnummer og arkivreferanse på høringen før du lager arkivpakken.")) from None


def check_limits(consultation: Consultation, limits: Limits) -> None:
    """ArchiveRefused when the round has more documents or stored bytes than a package may hold."""
    documents, stored = count_documents(consultation)
    _check_count(documents, limits)
    if stored > limits.bytes:
        _too_large(limits)


def _check_count(documents: int, limits: Limits) -> None:
    if documents > limits.documents:
        raise ArchiveRefused(_("Arkivpakken ville fått %(count)s dokumenter; grensen er %(max)s.",
                               count=format_number(documents), max=format_number(limits.documents)))


def _too_large(limits: Limits):
    raise ArchiveRefused(_("Arkivpakken ville blitt større enn %(mb)s MB.", mb=limits.bytes // MB))


def build_package(consultation: Consultation, now: datetime, limits: Limits, *, made_by: str,
                  progress: Callable[[int, str], None] = lambda percent, step: None) -> Package:
    """Render every document, convert each once to PDF/A-2b, write and validate the XML, zip it all."""
    check_limits(consultation, limits)
    progress(5, "collect")
    case = case_folder(consultation, now)
    _check_count(case.documents, limits)
    originals = _render(case, limits, progress)
    sources = list(originals)
    progress(30, "convert")
    converted = pdfa.convert([(originals[s][0], originals[s][1]) for s in sources],
                             progress=lambda done: progress(30 + round(55 * done), "convert"))
    progress(85, "noark")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        stored, total = {}, 0
        for source, pdf in zip(sources, converted, strict=True):
            path, data = originals[source]
            stem = path.rsplit(".", 1)[0].removeprefix("dokumenter/")
            stored[source] = noark.Files(_store(archive, path, data, path.rsplit(".", 1)[-1]),
                                         _store(archive, f"pdfa/{stem}.pdf", pdf, "pdfa"))
            total += len(data) + len(pdf)
            if total > limits.bytes:
                _too_large(limits)
        files = {(e.key, i): stored[d.source] for e in case.entries for i, d in enumerate(e.documents)}
        xml = noark.arkivstruktur(case, files, now=now, made_by=made_by, converter=pdfa.version())
        noark.validate(xml)
        archive.writestr("arkivstruktur.xml", xml)
        for schema in ("arkivstruktur.xsd", "metadatakatalog.xsd"):
            archive.write(noark.SCHEMA_DIR / schema, schema)
        archive.writestr("journal.csv", _csv(case, files))
    progress(95, "store")
    name = f"{consultation.slug}-arkiv.zip"
    return Package(zip=buffer.getvalue(), name=name, fingerprint=case.fingerprint(), entries=len(case.entries),
                   documents=case.documents)


def _render(case: CaseFolder, limits: Limits, progress) -> dict[str, tuple[str, bytes]]:
    """Each distinct document once (an attachment kept in two versions is one file): source → (path, bytes)."""
    rendered: dict[str, tuple[str, bytes]] = {}
    total, count, said = 0, max(case.documents, 1), 5
    for number, entry in enumerate(case.entries, start=1):
        for document in entry.documents:
            if document.source in rendered:
                continue
            data = document.render()
            total += len(data)
            if total > limits.bytes:
                _too_large(limits)
            rendered[document.source] = (f"dokumenter/{number:04d}-{document.filename}", data)
            percent = 5 + round(25 * len(rendered) / count)
            if percent > said:  # each report is a commit: once a percent, not once a document
                progress(percent, "collect")
                said = percent
    return rendered


def _store(archive: zipfile.ZipFile, path: str, data: bytes, kind: str) -> noark.StoredFile:
    archive.writestr(path, data)
    return noark.StoredFile(path=path, size=len(data), sha256=hashlib.sha256(data).hexdigest(), format=kind)


def _csv(case: CaseFolder, files: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    for number, entry in enumerate(case.entries, start=1):
        parties = ", ".join(f"{role}: {name}" for role, name in entry.parties)
        for index, document in enumerate(entry.documents):
            stored = files[(entry.key, index)]
            row = {"journalpostnummer": number, "registrerings_id": f"{case.case_number}-{number}",
                   "journalposttype": entry.kind, "dato": to_local(entry.at).date().isoformat(), "tittel": entry.title,
                   "avsender_mottaker": parties, "tilgangskode": entry.access.code if entry.access else "",
                   "skjermingshjemmel": entry.access.basis if entry.access else "",
                   "unntaksgrunn": "; ".join(entry.access.reasons) if entry.access else "",
                   "dokumentnummer": index + 1, "dokumenttittel": document.title,
                   "tilknyttet_som": "Hoveddokument" if document.is_main else "Vedlegg",
                   "fil": stored.original.path, "sha256": stored.original.sha256, "bytes": stored.original.size,
                   "pdfa_fil": stored.archival.path, "pdfa_sha256": stored.archival.sha256,
                   "pdfa_bytes": stored.archival.size}
            writer.writerow({k: _safe(v) for k, v in xml_safe_all(row).items()})
    # A byte-order mark lets Excel open the file as UTF-8 (æøå).
    return "\ufeff" + out.getvalue()


def _safe(value):
    """Keep spreadsheet programs from reading a cell as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else value
