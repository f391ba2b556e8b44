"""The case-file export: every submitted version as Word, its attachments, the report, and metadata.

Høringssvar are case documents; the secretariat journals them in its case system. One zip per
round with a metadata file (CSV and JSON) a records clerk can import. Each consultee's files are in
a folder named by its id and name, so no two consultees share a path; an open round's respondents
are named as such (marked name, `public_respondent`) and carry no adoption facts. Every text in
it, entry names too, is made xml_safe: stored names and snapshots may hold what no file should.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date

from slugify import slugify

from app.consultees.names import attributed, document_name
from app.models import Consultation, ResponseStatus
from app.reports.docx_writer import report_docx, report_filename
from app.reports.services import collect
from app.reports.xlsx_writer import report_xlsx
from app.responses.receipt import receipt_docx
from app.responses.snapshot import Snapshot
from app.text import one_line, xml_safe_all

COLUMNS = ("consultee", "public_respondent", "org_number", "version", "submitted_at", "late", "submitted_via",
           "adopted_by", "decision_date", "case_number", "file", "attachments")
#: Characters of a consultee's name kept in its folder's name (after its id)
FOLDER_NAME_MAX = 60


def archive_zip(consultation: Consultation, today: date) -> bytes:
    """All of the round's case documents in one zip; every entry has a path of its own."""
    buffer, rows = io.BytesIO(), []
    language = consultation.language.value
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        write = _writer(archive)
        for response in sorted(consultation.responses, key=lambda r: (r.consultee.name, r.consultee_id)):
            if response.status is not ResponseStatus.SUBMITTED:
                continue
            consultee = response.consultee
            name = document_name(consultee, language)
            stem = folder_name(consultee.id, one_line(name))
            attachments = {}
            for attachment in response.attachments:
                path = f"svar/{stem}/vedlegg/{attachment.id}-{one_line(attachment.filename)}"
                write(path, attachment.content)
                attachments[attachment.id] = path
            for version in response.versions:
                snapshot = attributed(Snapshot.from_dict(version.snapshot), consultee)
                path = f"svar/{stem}/{stem}-versjon-{version.number}.docx"
                write(path, receipt_docx(snapshot, region=consultation.region.name))
                rows.append({
                    "consultee": name, "public_respondent": consultee.is_public,
                    "org_number": consultee.org_number or "",
                    "version": version.number, "submitted_at": version.submitted_at.isoformat(),
                    "late": version.is_late, "submitted_via": version.submitted_via,
                    "adopted_by": snapshot.adopted_by or "", "decision_date": snapshot.decision_date or "",
                    "case_number": snapshot.case_number, "file": path,
                    "attachments": ";".join(attachments[a.id] for a in snapshot.attachments if a.id in attachments)})
        data = collect(consultation, today)
        write(f"rapport/{report_filename(data)}", report_docx(data))
        write(f"rapport/{report_filename(data, 'xlsx', 'innspill')}", report_xlsx(data))
        rows = xml_safe_all(rows)
        about = xml_safe_all({"round": consultation.title, "slug": consultation.slug, "region": consultation.region.name})
        write("metadata.json", json.dumps({**about, "documents": rows}, ensure_ascii=False, indent=2))
        write("metadata.csv", _csv(rows))
    return buffer.getvalue()


def folder_name(consultee_id: int, name: str) -> str:
    """ "12-tinn-kommune": the id keeps apart consultees whose names read alike once made plain."""
    plain = slugify(name, max_length=FOLDER_NAME_MAX, word_boundary=True,
                    replacements=[["æ", "ae"], ["ø", "o"], ["å", "a"]])
    return f"{consultee_id}-{plain}" if plain else str(consultee_id)


def _writer(archive: zipfile.ZipFile) -> Callable[[str, bytes | str], None]:
    """`write(path, data)` into the zip, refusing a path already written (zipfile would keep both,
    and unpacking would keep only the last)."""
    written: set[str] = set()

    def write(path: str, data: bytes | str) -> None:
        if path.casefold() in written:  # some file systems do not tell case apart
            raise ValueError(f"two archive entries at {path!r}")
        written.add(path.casefold())
        archive.writestr(path, data)

    return write


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(v) for k, v in row.items()})
    # A byte-order mark lets Excel open the file as UTF-8 (æøå).
    return "\ufeff" + out.getvalue()


def _safe(value):
    """Keep spreadsheet programs from reading a cell as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else value
