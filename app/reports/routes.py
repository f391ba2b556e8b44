"""The summary report: as a web page for the council, as Word and as Excel."""
from io import BytesIO

from flask import Blueprint, render_template, send_file
from flask_login import current_user

from app.auth.access import roles_required
from app.consultations import services as consultations
from app.models import STAFF_ROLES, Role
from app.reports.services import collect
from app.timeutil import to_local, utcnow

bp = Blueprint("reports", __name__, url_prefix="/consultations")

READERS = (*STAFF_ROLES, Role.COUNCIL)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data(slug: str):
    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    return consultation, collect(consultation, to_local(utcnow()).date())


@bp.get("/<slug>/report")
@roles_required(*READERS)
def page(slug: str):
    """The report in the browser, with a print stylesheet."""
    consultation, data = _data(slug)
    return render_template("reports/report.html", consultation=consultation, data=data)


@bp.get("/<slug>/report.docx")
@roles_required(*READERS)
def word(slug: str):
    """The report as a Word document the secretariat can edit."""
    from app.reports.docx_writer import report_docx, report_filename

    _, data = _data(slug)
    return send_file(BytesIO(report_docx(data)), mimetype=DOCX, as_attachment=True,
                     download_name=report_filename(data))


@bp.get("/<slug>/report.xlsx")
@roles_required(*READERS)
def excel(slug: str):
    """Every comment in a spreadsheet, with a sheet per question."""
    from app.reports.xlsx_writer import report_xlsx

    consultation, data = _data(slug)
    return send_file(BytesIO(report_xlsx(data)), mimetype=XLSX, as_attachment=True,
                     download_name=f"{consultation.slug}-innspill.xlsx")


@bp.get("/<slug>/archive.zip")
@roles_required(*STAFF_ROLES)
def archive(slug: str):
    """Every submitted version as Word with its attachments, the report, and metadata for the case system."""
    from app.reports.archive import archive_zip

    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    data = archive_zip(consultation, to_local(utcnow()).date())
    return send_file(BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"{consultation.slug}-arkiv.zip")
