"""The case-file export: every submitted version as Word, its attachments, the report, and metadata.

Høringssvar are case documents; the secretariat journals them in its case system. One zip per
round with a metadata file (CSV and JSON) a records clerk can import. An open round's respondents
are named as such (marked name, `public_respondent`) and carry no adoption facts.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

from slugify import slugify

from app.consultees.names import attributed, document_name
from app.models import Consultation, ResponseStatus
from app.reports.docx_writer import report_docx, report_filename
from app.reports.services import collect
from app.reports.xlsx_writer import report_xlsx
from app.responses.receipt import receipt_docx
from app.responses.snapshot import Snapshot

COLUMNS = ("consultee", "public_respondent", "org_number", "version", "submitted_at", "late", "submitted_via",
           "adopted_by", "decision_date", "case_number", "file", "attachments")


def archive_zip(consultation: Consultation, today: date) -> bytes:
    """All of the round's case documents in one zip."""
    buffer, rows = io.BytesIO(), []
    language = consultation.language.value
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for response in sorted(consultation.responses, key=lambda r: r.consultee.name):
            if response.status is not ResponseStatus.SUBMITTED:
                continue
            consultee = response.consultee
            name = document_name(consultee, language)
            stem = slugify(name, replacements=[["æ", "ae"], ["ø", "o"], ["å", "a"]])
            attachments = {}
            for attachment in response.attachments:
                name = f"svar/{stem}/vedlegg/{attachment.id}-{attachment.filename}"
                archive.writestr(name, attachment.content)
                attachments[attachment.id] = name
            for version in response.versions:
                snapshot = attributed(Snapshot.from_dict(version.snapshot), consultee)
                name = f"svar/{stem}/{stem}-versjon-{version.number}.docx"
                archive.writestr(name, receipt_docx(snapshot, region=consultation.region.name))
                rows.append({
                    "consultee": name, "public_respondent": consultee.is_public,
                    "org_number": consultee.org_number or "",
                    "version": version.number, "submitted_at": version.submitted_at.isoformat(),
                    "late": version.is_late, "submitted_via": version.submitted_via,
                    "adopted_by": snapshot.adopted_by or "", "decision_date": snapshot.decision_date or "",
                    "case_number": snapshot.case_number, "file": name,
                    "attachments": ";".join(attachments[a.id] for a in snapshot.attachments if a.id in attachments)})
        data = collect(consultation, today)
        archive.writestr(f"rapport/{report_filename(data)}", report_docx(data))
        archive.writestr(f"rapport/{consultation.slug}-innspill.xlsx", report_xlsx(data))
        archive.writestr("metadata.json", json.dumps({"round": consultation.title, "slug": consultation.slug,
                                                      "region": consultation.region.name, "documents": rows},
                                                     ensure_ascii=False, indent=2))
        archive.writestr("metadata.csv", _csv(rows))
    return buffer.getvalue()


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
