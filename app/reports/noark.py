"""The case folder as Noark 5 (v5.0) `arkivstruktur.xml`, and its validation against the published schema.

arkiv → arkivdel → klassifikasjonssystem → klasse (the archive reference) → saksmappe (the round)
→ journalpost (one per case document) → dokumentbeskrivelse → dokumentobjekt (the file as made,
and its PDF/A-2b copy). pending/NOTES.md lists which elements are filled and from what. No Flask,
no database: it writes a plain CaseFolder and the files' facts.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from app.reports.records import INCOMING, NOTE, NOTE_NO_FOLLOW_UP, OUTGOING, CaseFolder, Entry
from app.text import xml_safe

NS = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_DIR = Path(__file__).with_name("noark5")
#: Dates (not moments) are the day in Norway: a letter sent at 00:30 is dated that day, not the one before
OSLO = ZoneInfo("Europe/Oslo")
ENTRY_TYPES = {INCOMING: "Inngående dokument", OUTGOING: "Utgående dokument",
               NOTE: "Organinternt dokument for oppfølging", NOTE_NO_FOLLOW_UP: "Organinternt dokument uten oppfølging"}
#: PRONOM identifiers of the formats the package holds (Noark 5 names formats by PRONOM)
FORMATS = {"docx": "fmt/412", "pdf": "fmt/276", "pdfa": "fmt/477"}
FORMAT_NAMES = {"docx": "Microsoft Word (OOXML, .docx)", "pdf": "PDF", "pdfa": "PDF/A-2b"}


@dataclass(frozen=True)
class StoredFile:
    """A file as it lies in the package."""

    path: str
    size: int
    sha256: str
    #: A key of FORMATS
    format: str


@dataclass(frozen=True)
class Files:
    """A document's file as made and its PDF/A copy."""

    original: StoredFile
    archival: StoredFile


class SchemaError(ValueError):
    """The XML does not validate against arkivstruktur.xsd."""


def arkivstruktur(case: CaseFolder, files: dict[tuple[str, int], Files], *, now: datetime, made_by: str,
                  converter: str) -> bytes:
    """The XML; `files[(entry key, document index)]` are each document's files."""
    now = now.astimezone(UTC)
    ids = _ids(case)
    root = etree.Element(_q("arkiv"), nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} arkivstruktur.xsd")
    _add(root, ("systemID", ids("arkiv")), ("tittel", case.region), ("arkivstatus", "Avsluttet"),
         ("opprettetDato", _time(now)), ("opprettetAv", made_by), ("avsluttetDato", _time(now)),
         ("avsluttetAv", made_by))
    _add(_sub(root, "arkivskaper"), ("arkivskaperID", case.region), ("arkivskaperNavn", case.region))
    part = _sub(root, "arkivdel")
    _add(part, ("systemID", ids("arkivdel")), ("tittel", f"{case.region}: {case.title}"),
         ("arkivdelstatus", "Avsluttet periode"), ("opprettetDato", _time(now)), ("opprettetAv", made_by),
         ("avsluttetDato", _time(now)), ("avsluttetAv", made_by))
    system = _sub(part, "klassifikasjonssystem")
    _add(system, ("systemID", ids("klassifikasjonssystem")), ("klassifikasjonstype", "Arkivkode"),
         ("tittel", "Arkivkode"), ("opprettetDato", _time(now)), ("opprettetAv", made_by))
    klasse = _sub(system, "klasse")
    _add(klasse, ("systemID", ids("klasse")), ("klasseID", case.archive_reference), ("tittel", case.archive_reference),
         ("opprettetDato", _time(now)), ("opprettetAv", made_by))
    _folder(_sub(klasse, "mappe"), case, files, ids, now=now, made_by=made_by, converter=converter)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _folder(folder, case: CaseFolder, files, ids, *, now: datetime, made_by: str, converter: str) -> None:
    folder.set(f"{{{XSI}}}type", "saksmappe")
    closed = case.closed_at or now
    _add(folder, ("systemID", ids("saksmappe")), ("mappeID", case.case_number), ("tittel", case.title),
         ("opprettetDato", _time(case.created_at)), ("opprettetAv", made_by), ("avsluttetDato", _time(closed)),
         ("avsluttetAv", made_by))
    for number, entry in enumerate(case.entries, start=1):
        _entry(_sub(folder, "registrering"), case, entry, number, files, ids, now=now, made_by=made_by,
               converter=converter)
    _add(folder, ("saksaar", case.case_year), ("sakssekvensnummer", case.case_sequence),
         ("saksdato", _date(case.created_at)), ("administrativEnhet", case.region),
         ("saksansvarlig", case.responsible), ("saksstatus", "Avsluttet" if case.is_closed else "Under behandling"))


def _entry(post, case: CaseFolder, entry: Entry, number: int, files, ids, *, now, made_by, converter) -> None:
    post.set(f"{{{XSI}}}type", "journalpost")
    at = entry.at.astimezone(UTC) if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
    _add(post, ("systemID", ids(entry.key)), ("opprettetDato", _time(at)), ("opprettetAv", made_by),
         ("arkivertDato", _time(now)), ("arkivertAv", made_by))
    if entry.access:
        _access(post, entry.access.code, entry.access.basis, entry.access.metadata, entry.access.document)
    for index, document in enumerate(entry.documents):
        stored = files[(entry.key, index)]
        description = _sub(post, "dokumentbeskrivelse")
        _add(description, ("systemID", ids(f"{entry.key}/{index}")), ("dokumenttype", _document_type(entry)),
             ("dokumentstatus", "Dokumentet er ferdigstilt"), ("tittel", document.title),
             ("opprettetDato", _time(at)), ("opprettetAv", made_by),
             ("tilknyttetRegistreringSom", "Hoveddokument" if document.is_main else "Vedlegg"),
             ("dokumentnummer", index + 1), ("tilknyttetDato", _time(now)), ("tilknyttetAv", made_by))
        if document.withheld and entry.access:
            _access(description, entry.access.code, entry.access.basis, entry.access.metadata, "Hele")
        _object(description, ids(f"{entry.key}/{index}/original"), stored.original, "Produksjonsformat", at, made_by)
        archival = _object(description, ids(f"{entry.key}/{index}/pdfa"), stored.archival, "Arkivformat", now,
                           made_by)
        _add(_sub(archival, "konvertering"), ("konvertertDato", _time(now)), ("konvertertAv", made_by),
             ("konvertertFraFormat", FORMATS[stored.original.format]), ("konvertertTilFormat", FORMATS["pdfa"]),
             ("konverteringsverktoey", converter))
    _add(post, ("registreringsID", f"{case.case_number}-{number}"), ("tittel", entry.title))
    if entry.access and entry.access.metadata == "Korrespondansepart":
        public = entry.title
        for _role, name in entry.parties:
            public = public.replace(name, "*****")
        _add(post, ("offentligTittel", public))
    for role, name in entry.parties:
        _add(_sub(post, "korrespondansepart"), ("korrespondanseparttype", role), ("korrespondansepartNavn", name))
    _add(post, ("journalaar", at.astimezone(OSLO).year), ("journalsekvensnummer", number),
         ("journalpostnummer", number), ("journalposttype", ENTRY_TYPES[entry.kind]), ("journalstatus", "Journalført"),
         # registered in the system as it happened (a response on receipt, a letter when sent)
         ("journaldato", _date(at)), ("dokumentetsDato", _date(at)))
    if entry.kind == INCOMING:
        _add(post, ("mottattDato", _time(at)))
    elif entry.kind == OUTGOING:
        _add(post, ("sendtDato", _time(at)))
    _add(post, ("antallVedlegg", len(entry.documents) - 1))
    if entry.settled:
        settled = entry.settled
        _add(_sub(post, "avskrivning"), ("avskrivningsdato", _date(settled.at)), ("avskrevetAv", settled.who),
             ("avskrivningsmaate", settled.how), *((("referanseAvskrivesAvJournalpost", ids(settled.by)),)
                                                    if settled.by else ()))


def _object(description, system_id: str, stored: StoredFile, variant: str, at: datetime, made_by: str):
    element = _sub(description, "dokumentobjekt")
    _add(element, ("systemID", system_id), ("versjonsnummer", 1), ("variantformat", variant),
         ("format", FORMATS[stored.format]), ("formatDetaljer", FORMAT_NAMES[stored.format]),
         ("opprettetDato", _time(at)), ("opprettetAv", made_by), ("referanseDokumentfil", stored.path),
         ("sjekksum", stored.sha256), ("sjekksumAlgoritme", "SHA256"), ("filstoerrelse", stored.size))
    return element


def _access(parent, code: str, basis: str, metadata: str, document: str) -> None:
    _add(_sub(parent, "skjerming"), ("tilgangsrestriksjon", code), ("skjermingshjemmel", basis),
         ("skjermingMetadata", metadata), ("skjermingDokument", document))


def _document_type(entry: Entry) -> str:
    kind = entry.key.split(":")[0]
    return {"version": "Høringssvar", "meeting": "Referat", "report": "Notat", "draft": "Høringsutkast"}.get(kind, "Brev")


def validate(xml: bytes) -> None:
    """SchemaError, with the first problems, unless `xml` is valid Noark 5 arkivstruktur (v5.0)."""
    schema = _schema()
    document = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema.validate(document):
        problems = "; ".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:5])
        raise SchemaError(problems)


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "arkivstruktur.xsd")))


def _ids(case: CaseFolder):
    """systemIDs derived from the case and the part's key: a package made again keeps its ids."""
    base = f"horing:{case.region}:{case.case_number}:"
    return lambda key: str(uuid.uuid5(uuid.NAMESPACE_URL, base + key))


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _sub(parent, name: str):
    return etree.SubElement(parent, _q(name))


def _add(parent, *pairs) -> None:
    """Child elements with text; a text XML cannot hold is made xml_safe, and one left empty reads "–"
    (the schema wants every element it names filled)."""
    for name, value in pairs:
        etree.SubElement(parent, _q(name)).text = xml_safe(str(value)).strip() or "–"


def _date(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(OSLO).date().isoformat()


def _time(moment: datetime) -> str:
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
