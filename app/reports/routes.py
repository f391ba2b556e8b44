"""The summary report: as a web page for the council, and as Word and Excel files built in the background."""
from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from app import run_views, runs
from app.analysis import overview
from app.auth.access import roles_required
from app.i18n import current_locale
from app.models import STAFF_ROLES, Role
from app.reports import archive_jobs, jobs, translation
from app.reports.docx_writer import page_words
from app.reports.forms import CaseReferenceForm
from app.reports.services import collect
from app.reports.texts import edition_labels
from app.round import current_round
from app.timeutil import to_local, utcnow

bp = Blueprint("reports", __name__)  # nested in the round blueprint (app.blueprints)

READERS = (*STAFF_ROLES, Role.COUNCIL)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data():
    consultation = current_round()
    return consultation, collect(consultation, to_local(utcnow()).date())


@bp.get("/report")
@roles_required(*READERS)
def page():
    """The report in the browser, with a print stylesheet, and its Word and Excel files."""
    consultation, data = _data()
    return render_template("reports/report.html", consultation=consultation, data=data, words=page_words(data),
                           files=jobs.current_files(consultation, data), run=jobs.latest_run(consultation),
                           edition=_edition(consultation, data))


@bp.get("/report/files")
@roles_required(*jobs.REPORT.roles)
def files():
    """The Word and Excel files: the latest build with its progress, and the downloads while up to date."""
    consultation = current_round()
    run, latest = jobs.latest_run(consultation), jobs.latest_files(consultation)
    data = collect(consultation, to_local(utcnow()).date())
    # An edition being made in the other standard leaves the original's files as they are
    building_original = run is not None and run.is_active and not run.translated_to
    is_current = latest is not None and not building_original and latest.fingerprint == jobs.fingerprint(data)
    return render_template("reports/files.html", consultation=consultation, run=run, latest=latest,
                           is_current=is_current, state=runs.status(run, utcnow()), edition=_edition(consultation, data))


@bp.post("/report/translation")
@roles_required(*jobs.REPORT.roles)
def build_translation():
    """Queue the machine-translated Word report in the other written standard."""
    return run_views.start_view(jobs.REPORT, _("Utgaven i den andre målformen lages."), translated=True)


@bp.get("/report-translated.docx")
@roles_required(*READERS)
def translated_word():
    """The stored edition in the other written standard, while the original it was made from is up to date."""
    return _stored("docx", DOCX, translated=True)


@bp.get("/report.docx")
@roles_required(*READERS)
def word():
    """The stored report as a Word document the secretariat can edit, while it is up to date."""
    return _stored("docx", DOCX)


@bp.get("/report.xlsx")
@roles_required(*READERS)
def excel():
    """The stored spreadsheet of every comment, with a sheet per question, while it is up to date."""
    return _stored("xlsx", XLSX)


@bp.get("/overview")
@roles_required(*STAFF_ROLES, Role.COUNCIL)
def council_overview():
    """For the council: the main findings and the support per focus area first, then the themes and the matrix."""
    consultation = current_round()
    # the findings in the language of the page (the report itself is written in the round's)
    findings = collect(consultation, to_local(utcnow()).date(), language=current_locale())
    return render_template("reports/council_overview.html", consultation=consultation, overview=overview.build(consultation),
                           findings=findings, words=page_words(findings))


def _edition(consultation, data) -> dict:
    """The edition in the other written standard: its target, whether Apertium is here, its buttons, its files."""
    target = translation.other_standard(data.language)
    return {"target": target, "available": translation.available(data.language), "labels": edition_labels(target),
            "files": jobs.current_files(consultation, data, target)}


def _stored(kind: str, mimetype: str, translated: bool = False):
    consultation, data = _data()
    run = jobs.current_files(consultation, data, translation.other_standard(data.language) if translated else "")
    if run is None:
        flash(_("Filene er ikke laget for det høringen inneholder nå. Lag dem på nytt."), "info")
        return redirect(url_for(".files"))
    return send_file(BytesIO(getattr(run, kind)), mimetype=mimetype, as_attachment=True,
                     download_name=getattr(run, f"{kind}_name"))


@bp.get("/archive")
@roles_required(*archive_jobs.ARCHIVE.roles)
def archive():
    """The archive package (Noark 5 with PDF/A): the latest build with its progress, and the download while up to date."""
    consultation = current_round()
    return archive_page(consultation, CaseReferenceForm(data={"case_number": consultation.case_number,
                                                               "archive_reference": consultation.archive_reference}))


def archive_page(consultation, form: CaseReferenceForm):
    run, latest, now = archive_jobs.latest_run(consultation), archive_jobs.latest_package(consultation), utcnow()
    fingerprint = archive_jobs.current_fingerprint(consultation, now)
    is_current = latest is not None and not (run and run.is_active) and latest.fingerprint == fingerprint
    return render_template("reports/archive.html", consultation=consultation, run=run, latest=latest, form=form,
                           is_current=is_current, has_case_number=fingerprint is not None,
                           state=runs.status(run, now))


@bp.get("/archive.zip")
@roles_required(*archive_jobs.ARCHIVE.roles)
def archive_zip():
    """The stored archive package, while it holds what the round holds now."""
    consultation = current_round()
    run = archive_jobs.current_package(consultation, utcnow())
    if run is None:
        flash(_("Arkivpakken er ikke laget for det høringen inneholder nå. Lag den på nytt."), "info")
        return redirect(url_for(".archive"))
    return send_file(BytesIO(run.zip), mimetype="application/zip", as_attachment=True, download_name=run.zip_name)


run_views.add_routes(bp, jobs.REPORT)
run_views.add_routes(bp, archive_jobs.ARCHIVE)
