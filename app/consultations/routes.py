from datetime import time
from io import BytesIO

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.analysis.services import with_results
from app.auth.access import roles_required
from app.commits import press_button, save_form, start_run
from app.consultations import bp, services
from app.consultations.forms import ConsultationForm, DraftForm, EditConsultationForm, NewConsultationForm
from app.i18n import current_locale, quoted_list
from app.models import ARCHIVE_ROLES, STAFF_ROLES, Language, Role
from app.reports import jobs as report_jobs
from app.reports.forms import CaseReferenceForm
from app.reports.routes import archive_page
from app.round import bp as round_bp
from app.round import current_round
from app.security import takes_files
from app.text import one_line
from app.timeutil import day_off, format_long_date, local_to_utc, to_local, utcnow

READERS = (*STAFF_ROLES, Role.COUNCIL)
#: The round list, the round's page and its drafts are read by the records office too (it files them)
ROUND_READERS = (*READERS, Role.RECORDS)
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/")
@roles_required(*ROUND_READERS)
def index():
    """All rounds of the user's region; the council goes straight to a round's overview once it is analysed."""
    consultations = services.list_consultations(current_user.region)
    overview = with_results(consultations) if current_user.role is Role.COUNCIL else set()
    return render_template("consultations/index.html", consultations=consultations, to_overview=overview)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
@takes_files
def create():
    """Create a round, optionally from an uploaded or pasted draft. Its written standard starts as the
    secretariat's own when that is nynorsk (bokmål otherwise)."""
    form = NewConsultationForm()
    if request.method == "GET" and current_locale() == Language.NYNORSK.value:
        form.language.data = Language.NYNORSK.value
    if request.method == "GET":  # the one who sets the round up answers questions about it, unless changed
        form.contact_name.data, form.contact_email.data = current_user.name, current_user.email
    if form.validate_on_submit():
        done = save_form(form, lambda: _create(form), _created)
        if done:
            _warn_of_day_off(done.value)
            return redirect(url_for("round.show", slug=done.value.slug))
    return render_template("consultations/new.html", form=form)


@round_bp.get("")
@roles_required(*ROUND_READERS)
def show():
    """A round's overview: details, draft, focus areas, questions and invitations."""
    consultation = current_round()
    return render_template("consultations/show.html", consultation=consultation,
                           open_problems=consultation.open_problems(utcnow()))


@round_bp.route("/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit():
    """Change a round's title, description, dates and language."""
    consultation = current_round()
    form = EditConsultationForm(data=_form_data(consultation)) if request.method == "GET" else EditConsultationForm()
    deadline = consultation.deadline_at
    if form.validate_on_submit() and save_form(
            form, lambda: services.update_consultation(consultation, **_details(form, consultation), **_case_reference(form),
                                                       now=utcnow()),
            _saved_and_told):
        if consultation.deadline_at != deadline:
            _warn_of_day_off(consultation)
        return redirect(url_for(".show"))
    return render_template("consultations/edit.html", form=form, consultation=consultation)


def _warn_of_day_off(consultation) -> None:
    """A deadline on a weekend or a public holiday is allowed, but said (the offices that answer are closed)."""
    day = day_off(consultation.deadline_at)
    if day:
        flash(_("Obs: fristen, %(date)s, er en %(day)s. Endre den hvis det ikke var meningen.",
                date=format_long_date(consultation.deadline_at), day=day), "warning")


def _saved_and_told(saved: services.Saved) -> str:
    if saved.invited:  # the opening date moved to today: the invitations went out with the save
        return ngettext("Endringene er lagret, og høringen er åpnet: %(num)d invitasjon er sendt.",
                        "Endringene er lagret, og høringen er åpnet: %(num)d invitasjoner er sendt.", saved.invited)
    if not saved.told:
        return _("Endringene er lagret.")
    return ngettext("Endringene er lagret. %(num)d høringsinstans har fått e-post om den nye fristen.",
                    "Endringene er lagret. %(num)d høringsinstanser har fått e-post om den nye fristen.",
                    len(saved.told))


@round_bp.route("/draft", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
@takes_files
def draft():
    """Upload or paste a new version of the draft."""
    consultation = current_round()
    form = DraftForm()
    if form.validate_on_submit():
        done = save_form(form, lambda: _new_version(consultation, form), _version_saved)
        if done:
            for warning in _focus_area_warnings(done.value):
                flash(warning, "warning")
            return redirect(url_for(".show", _anchor="utkast"))
    return render_template("consultations/draft.html", form=form, consultation=consultation,
                           reaches_consultees=services.reaches_consultees(consultation))


def _new_version(consultation, form: DraftForm):
    upload = form.draft_file.data
    has_file = bool(upload and upload.filename)
    max_bytes = current_app.config["MAX_DRAFT_BYTES"]
    return services.add_draft_version(
        consultation, filename=upload.filename if has_file else None,
        data=upload.read(max_bytes + 1) if has_file else None, text=form.draft_text.data or "",
        user=current_user, max_bytes=max_bytes, tell=form.tell_consultees.data, now=utcnow())


def _version_saved(saved) -> str:
    if saved.told is None:  # not asked to tell anyone
        return _("Versjon %(version)s av utkastet er lagret.", version=saved.draft.version)
    return ngettext("Versjon %(version)s av utkastet er lagret. %(num)d høringsinstans har fått e-post om den nye versjonen.",
                    "Versjon %(version)s av utkastet er lagret. %(num)d høringsinstanser har fått e-post om den nye versjonen.",
                    len(saved.told), version=saved.draft.version)


def _focus_area_warnings(saved) -> list[str]:
    """The differences between the new version's focus areas and the round's, which are left as they are."""
    warnings = []
    if saved.not_in_round:
        warnings.append(_("Den nye versjonen av utkastet har satsingsområder som høringen ikke har: %(names)s. "
                          "Satsingsområdene i høringen er ikke endret.", names=quoted_list(saved.not_in_round)))
    if saved.not_in_draft:
        warnings.append(_("Høringen har satsingsområder som den nye versjonen av utkastet ikke lenger nevner: "
                          "%(names)s. Satsingsområdene i høringen er ikke endret.", names=quoted_list(saved.not_in_draft)))
    return warnings


@round_bp.get("/draft/<int:version>.docx")
@roles_required(*ROUND_READERS)
def download_draft(version: int):
    """Download an uploaded draft file as it was received."""
    consultation = current_round()
    draft = next((d for d in consultation.drafts if d.version == version and d.content), None)
    if draft is None:
        return render_template("errors/error.html", code=404, title=_("Fant ikke filen"),
                               text=_("Denne versjonen av utkastet ble limt inn som tekst.")), 404
    return send_file(BytesIO(draft.content), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=one_line(draft.filename) or f"{consultation.slug}-v{version}.docx")


@round_bp.post("/<any(open, close, report, publish):action>")
@roles_required(*STAFF_ROLES)
def transition(action: str):
    """Move the round along draft → open → closed → reported → published."""
    consultation = current_round()
    step, message = TRANSITIONS[action]
    now = utcnow()
    if action == "open" and not consultation.has_started(now):
        message = _("Høringen er klar. Den åpner for svar %(date)s, og da sendes invitasjonene.",
                    date=format_long_date(consultation.opens_at))
    elif action == "open" and not consultation.invitations:  # a round open to all, nobody invited
        message = _("Høringen er åpnet. Ingen er invitert, så ingen invitasjoner er sendt.")
    if press_button(lambda: step(consultation, now=now), message) and action == "publish":
        _report_files_again(consultation)
    return redirect(url_for(".show"))


def _report_files_again(consultation) -> None:
    """Publishing settles the report's status box (no «not yet» is left), so Word and Excel files built before it
    no longer show the round as it is: they are made again at once, unless none were made or a build is running."""
    run = report_jobs.latest_run(consultation)
    if report_jobs.latest_files(consultation) is None or (run is not None and run.is_active):
        return
    start_run(lambda: report_jobs.REPORT.start(consultation, current_user, utcnow()), report_jobs.REPORT.enqueue,
              _("Rapportfilene lages på nytt, så de viser høringen som publisert."))


TRANSITIONS = {
    "open": (services.open_consultation, _l("Høringen er åpnet, og invitasjonene er sendt.")),
    "close": (services.close_consultation, _l("Høringen er avsluttet. Nye svar tas ikke imot.")),
    "report": (services.mark_reported, _l("Høringen er markert som oppsummert.")),
    "publish": (services.publish_consultation, _l("Høringen er publisert.")),
}


def _created(consultation) -> str:
    if consultation.focus_areas:
        return _("Høringen er opprettet. Kontroller satsingsområdene og spørsmålene.")
    return _("Høringen er opprettet, men ingen satsingsområder ble funnet i utkastet. Legg dem til under «Satsingsområder».")


def _create(form: NewConsultationForm):
    consultation = services.create_consultation(current_user.region, **_details(form))
    _store_draft(consultation, form)
    return consultation


def _store_draft(consultation, form):
    upload = form.draft_file.data
    if upload and upload.filename:
        max_bytes = current_app.config["MAX_DRAFT_BYTES"]
        return services.add_draft_file(consultation, filename=upload.filename,
                                       data=upload.read(max_bytes + 1), user=current_user,
                                       max_bytes=max_bytes)
    if (form.draft_text.data or "").strip():
        return services.add_draft_text(consultation, text=form.draft_text.data, user=current_user)
    return None


def _details(form: ConsultationForm, consultation=None) -> dict:
    """The round's details from the form; an opening date left as it was keeps its moment (the form has the day only)."""
    kept = consultation is not None and form.opens_on.data == to_local(consultation.opens_at).date()
    return {
        "title": form.title.data,
        "description": form.description.data or "",
        "opens_at": consultation.opens_at if kept else local_to_utc(form.opens_on.data),
        "deadline_at": local_to_utc(form.deadline_on.data, form.deadline_time.data or time(23, 59)),
        "language": Language(form.language.data),
        "accepts_late": form.accepts_late.data,
        "is_open_to_public": form.is_open_to_public.data,
        "reminder_days": form.reminder_days.data or 0,
        "contact": services.Contact(form.contact_name.data or "", form.contact_email.data or "",
                                    form.contact_phone.data or ""),
    }


def _form_data(consultation) -> dict:
    deadline = to_local(consultation.deadline_at)
    return {
        "title": consultation.title, "description": consultation.description,
        "opens_on": to_local(consultation.opens_at).date(), "deadline_on": deadline.date(),
        "deadline_time": deadline.time().replace(tzinfo=None), "language": consultation.language.value,
        "accepts_late": consultation.accepts_late, "is_open_to_public": consultation.is_open_to_public,
        "reminder_days": consultation.reminder_days, "case_number": consultation.case_number,
        "archive_reference": consultation.archive_reference, "contact_name": consultation.contact_name,
        "contact_email": consultation.contact_email, "contact_phone": consultation.contact_phone,
    }


def _case_reference(form: EditConsultationForm) -> dict:
    return {"case_number": form.case_number.data or "", "archive_reference": form.archive_reference.data or ""}


@round_bp.post("/archive/case")
@roles_required(*ARCHIVE_ROLES)
def case_reference():
    """Set the round's case number and archive reference, in any state of the round (it is filed after it closes)."""
    consultation = current_round()
    form = CaseReferenceForm()
    if form.validate_on_submit() and save_form(
            form, lambda: services.set_case_reference(consultation, form.case_number.data or "",
                                                      form.archive_reference.data or ""),
            _("Saksnummer og arkivreferanse er lagret.")):
        return redirect(url_for("round.reports.archive"))
    return archive_page(consultation, form), 400
