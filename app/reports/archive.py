"""The case-file export: every submitted version as Word, its attachments, the report, and metadata.

Høringssvar are case documents; the secretariat journals them in its case system. One zip per
round with a metadata file (CSV and JSON) a records clerk can import. Every text in it, entry
names too, is made xml_safe: stored names and snapshots may hold what no file should.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

from slugify import slugify

from app.models import Consultation, ResponseStatus
from app.reports.docx_writer import report_docx, report_filename
from app.reports.services import collect
from app.reports.xlsx_writer import report_xlsx
from app.responses.receipt import receipt_docx
from app.responses.snapshot import Snapshot
from app.text import one_line, xml_safe_all

COLUMNS = ("consultee", "org_number", "version", "submitted_at", "late", "submitted_via", "adopted_by",
           "decision_date", "case_number", "file", "attachments")


def archive_zip(consultation: Consultation, today: date) -> bytes:
    """All of the round's case documents in one zip."""
    buffer, rows = io.BytesIO(), []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for response in sorted(consultation.responses, key=lambda r: r.consultee.name):
            if response.status is not ResponseStatus.SUBMITTED:
                continue
            stem = slugify(one_line(response.consultee.name), replacements=[["æ", "ae"], ["ø", "o"], ["å", "a"]])
            attachments = {}
            for attachment in response.attachments:
                name = f"svar/{stem}/vedlegg/{attachment.id}-{one_line(attachment.filename)}"
                archive.writestr(name, attachment.content)
                attachments[attachment.id] = name
            for version in response.versions:
                snapshot = Snapshot.from_dict(version.snapshot)
                name = f"svar/{stem}/{stem}-versjon-{version.number}.docx"
                archive.writestr(name, receipt_docx(snapshot, region=consultation.region.name))
                rows.append({
                    "consultee": response.consultee.name, "org_number": response.consultee.org_number or "",
                    "version": version.number, "submitted_at": version.submitted_at.isoformat(),
                    "late": version.is_late, "submitted_via": version.submitted_via,
                    "adopted_by": snapshot.adopted_by or "", "decision_date": snapshot.decision_date or "",
                    "case_number": snapshot.case_number, "file": name,
                    "attachments": ";".join(attachments[a.id] for a in snapshot.attachments if a.id in attachments)})
        data = collect(consultation, today)
        archive.writestr(f"rapport/{report_filename(data)}", report_docx(data))
        archive.writestr(f"rapport/{consultation.slug}-innspill.xlsx", report_xlsx(data))
        rows = xml_safe_all(rows)
        about = xml_safe_all({"round": consultation.title, "slug": consultation.slug, "region": consultation.region.name})
        archive.writestr("metadata.json", json.dumps({**about, "documents": rows}, ensure_ascii=False, indent=2))
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
