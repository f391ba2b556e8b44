"""The public pages of a published round (offentleglova): draft, consultees, responses, summary."""
from io import BytesIO

from flask import abort, render_template, send_file

from app.auth.access import public
from app.public import bp, services
from app.reports.docx_writer import page_words, report_docx, report_filename
from app.reports.xlsx_writer import report_xlsx
from app.text import one_line
from app.timeutil import to_local, utcnow

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/<slug>")
@public
def round_page(slug: str):
    """The published round: the draft, who was asked, every response and the summary."""
    consultation = services.published_or_404(slug)
    return render_template("public/round.html", consultation=consultation,
                           responses=services.responses(consultation))


@bp.get("/<slug>/utkast.docx")
@public
def draft(slug: str):
    """The draft as it was consulted on."""
    consultation = services.published_or_404(slug)
    current = consultation.current_draft
    if current is None or current.content is None:
        abort(404)
    return send_file(BytesIO(current.content), mimetype=DOCX, as_attachment=True,
                     download_name=one_line(current.filename) or "utkast.docx")


@bp.get("/<slug>/svar/<int:consultee_id>")
@public
def response(slug: str, consultee_id: int):
    """One response as published: its latest submitted version, with withheld passages marked."""
    consultation = services.published_or_404(slug)
    found = services.response_or_404(consultation, consultee_id)
    return render_template("public/response.html", consultation=consultation, response=found,
                           snapshot=services.public_snapshot(consultation, found))


@bp.get("/<slug>/svar/<int:consultee_id>/vedlegg/<int:attachment_id>")
@public
def attachment(slug: str, consultee_id: int, attachment_id: int):
    """A published attachment (never one that is withheld)."""
    consultation = services.published_or_404(slug)
    found = services.response_or_404(consultation, consultee_id)
    item = services.public_attachment_or_404(consultation, found, attachment_id)
    return send_file(BytesIO(item.content), mimetype=item.content_type, as_attachment=True,
                     download_name=one_line(item.filename) or "vedlegg")


@bp.get("/<slug>/oppsummering")
@public
def summary(slug: str):
    """The summary report, as published."""
    consultation = services.published_or_404(slug)
    data = services.public_report(consultation, to_local(utcnow()).date())
    return render_template("public/summary.html", consultation=consultation, data=data, words=page_words(data))


@bp.get("/<slug>/oppsummering.<any(docx, xlsx):kind>")
@public
def summary_download(slug: str, kind: str):
    """The published summary as Word, or its comments as Excel."""
    consultation = services.published_or_404(slug)
    data = services.public_report(consultation, to_local(utcnow()).date())
    if kind == "docx":
        return send_file(BytesIO(report_docx(data)), mimetype=DOCX, as_attachment=True,
                         download_name=report_filename(data))
    return send_file(BytesIO(report_xlsx(data)), mimetype=XLSX, as_attachment=True,
                     download_name=report_filename(data, "xlsx", "innspill"))
