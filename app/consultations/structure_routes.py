"""Editing a round's focus areas and questions (thin views over consultations.structure)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.analysis import jobs as analysis_jobs
from app.auth.access import roles_required
from app.commits import confirm_then, press_button, save_form
from app.consultations import services, structure
from app.consultations.forms import FocusAreaForm, QuestionForm
from app.invitations import deadlines
from app.models import STAFF_ROLES, QuestionKind, Status
from app.publication.services import publication_problems
from app.reports.services import collect
from app.round import bp as round_bp
from app.round import current_round
from app.timeutil import format_long_date, to_local, utcnow


@round_bp.route("/focus-areas", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def focus_areas():
    """List the focus areas and add a new one."""
    consultation = current_round()
    form = FocusAreaForm()
    if form.validate_on_submit() and save_form(
            form, lambda: structure.add_focus_area(consultation, **_focus_area_fields(form)),
            _("Satsingsområdet er lagt til.")):
        return redirect(url_for(".focus_areas"))
    return render_template("consultations/focus_areas.html", consultation=consultation, form=form)


@round_bp.route("/focus-areas/<int:item_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit_focus_area(item_id: int):
    """Change one focus area."""
    consultation = current_round()
    area = structure.get_focus_area_or_404(consultation, item_id)
    form = FocusAreaForm(obj=area) if request.method == "GET" else FocusAreaForm()
    if form.validate_on_submit() and save_form(
            form, lambda: structure.update_focus_area(consultation, area, **_focus_area_fields(form)),
            _("Satsingsområdet er lagret.")):
        return redirect(url_for(".focus_areas"))
    return render_template("consultations/focus_area_form.html", consultation=consultation, form=form, area=area)


@round_bp.post("/focus-areas/<int:item_id>/<any(up, down):action>")
@roles_required(*STAFF_ROLES)
def change_focus_area(item_id: int, action: str):
    """Move a focus area up or down."""
    consultation = current_round()
    area = structure.get_focus_area_or_404(consultation, item_id)
    press_button(lambda: structure.move_focus_area(consultation, area, -1 if action == "up" else 1))
    return redirect(url_for(".focus_areas", _anchor=f"fa-{item_id}"))


@round_bp.route("/focus-areas/<int:item_id>/delete", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def delete_focus_area(item_id: int):
    """Delete a focus area (GET asks first)."""
    consultation = current_round()
    area = structure.get_focus_area_or_404(consultation, item_id)
    back = url_for(".focus_areas")
    return confirm_then(
        consultation, lambda: structure.delete_focus_area(consultation, area),
        title=_("Slette satsingsområdet"),
        text=_("Satsingsområdet «%(title)s» slettes fra høringen. Dette kan ikke angres.", title=area.title),
        done=_("«%(title)s» er slettet.", title=area.title), back_url=back, next_url=back)


@round_bp.post("/focus-areas/from-draft")
@roles_required(*STAFF_ROLES)
def focus_areas_from_draft():
    """Replace the focus areas with the ones proposed from the current draft."""
    consultation = current_round()
    press_button(lambda: services.replace_focus_areas_from_draft(consultation),
                 _("Satsingsområdene er hentet fra utkastet på nytt."))
    return redirect(url_for(".focus_areas"))


@round_bp.route("/questions", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def questions():
    """List the questions and add a new one."""
    consultation = current_round()
    form = QuestionForm()
    if form.validate_on_submit() and save_form(
            form, lambda: structure.add_question(consultation, **_question_fields(form)), _("Spørsmålet er lagt til.")):
        return redirect(url_for(".questions"))
    return render_template("consultations/questions.html", consultation=consultation, form=form)


@round_bp.route("/questions/<int:item_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit_question(item_id: int):
    """Change one question."""
    consultation = current_round()
    question = structure.get_question_or_404(consultation, item_id)
    form = QuestionForm(obj=question) if request.method == "GET" else QuestionForm()
    if request.method == "GET":  # the field takes the enum from `obj`, which matches none of its choices' values
        form.kind.data = question.kind.value
    if form.validate_on_submit() and save_form(
            form, lambda: structure.update_question(consultation, question, **_question_fields(form)),
            _("Spørsmålet er lagret.")):
        return redirect(url_for(".questions"))
    return render_template("consultations/question_form.html", consultation=consultation, form=form,
                           question=question)


@round_bp.post("/questions/<int:item_id>/<any(up, down):action>")
@roles_required(*STAFF_ROLES)
def change_question(item_id: int, action: str):
    """Move a question up or down."""
    consultation = current_round()
    question = structure.get_question_or_404(consultation, item_id)
    press_button(lambda: structure.move_question(consultation, question, -1 if action == "up" else 1))
    return redirect(url_for(".questions", _anchor=f"q-{item_id}"))


@round_bp.route("/questions/<int:item_id>/delete", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def delete_question(item_id: int):
    """Delete a question (GET asks first)."""
    consultation = current_round()
    question = structure.get_question_or_404(consultation, item_id)
    back = url_for(".questions")
    return confirm_then(
        consultation, lambda: structure.delete_question(consultation, question),
        title=_("Slette spørsmålet"),
        text=_("Spørsmålet «%(text)s» slettes fra høringen. Dette kan ikke angres.", text=question.text),
        done=_("Spørsmålet er slettet."), back_url=back, next_url=back)

@round_bp.post("/questions/template/<name>")
@roles_required(*STAFF_ROLES)
def add_question_template(name: str):
    """Add a ready-made question set (standard or dialogue-meeting questions)."""
    consultation = current_round()
    added = []
    press_button(lambda: added.extend(structure.add_question_set(consultation, name)))
    if added:
        flash(ngettext("%(num)s spørsmål er lagt til.", "%(num)s spørsmål er lagt til.", len(added)), "success")
    elif consultation.is_editable:
        flash(_("Høringen har allerede alle disse spørsmålene."), "info")
    return redirect(url_for(".questions"))


def _focus_area_fields(form: FocusAreaForm) -> dict:
    return {"title": form.title.data, "group": form.group.data, "description": form.description.data or "",
            "keywords": form.keywords.data or ""}


def _question_fields(form: QuestionForm) -> dict:
    return {"kind": QuestionKind(form.kind.data), "text": form.text.data,
            "help_text": form.help_text.data or "", "is_required": form.is_required.data}


CONFIRMATIONS = {
    "open": (_l("Åpne høringen"), _l("Høringen åpnes for svar, og hver invitert høringsinstans som ikke har fått lenken, får den på e-post nå."),
             ".transition", {"action": "open"}),
    "close": (_l("Avslutte høringen"), _l("Etter at høringen er avsluttet, tas det ikke imot flere svar, og invitasjonslenkene slutter å virke."),
              ".transition", {"action": "close"}),
    "report": (_l("Markere høringen som oppsummert"), _l("Høringen går videre til oppsummering."), ".transition", {"action": "report"}),
    "publish": (_l("Publisere høringen"), _l("Høringen og svarene blir offentlige."), ".transition", {"action": "publish"}),
    "from-draft": (_l("Hente satsingsområdene fra utkastet på nytt"),
                   _l("Alle satsingsområdene slik de står nå, med endringene dine, erstattes av forslagene fra utkastet."),
                   ".focus_areas_from_draft", {}),
}


#: A round's life in order, and the state each step leads to: a step is not offered once the round is there
#: (a confirmation page kept open, or the back button, after the step was taken)
LIFE = tuple(Status)  # declared in the order of a round's life
STEP_TO = {"open": Status.OPEN, "close": Status.CLOSED, "report": Status.REPORTED, "publish": Status.PUBLISHED}


def _publication_problems(consultation) -> list[str]:
    return publication_problems(consultation, to_local(utcnow()).date())


@round_bp.get("/confirm/<any(open, close, report, publish, 'from-draft'):action>")
@roles_required(*STAFF_ROLES)
def confirm(action: str):
    """Ask before a step that cannot be undone."""
    consultation = current_round()
    title, text, endpoint, values = CONFIRMATIONS[action]
    if action in STEP_TO and LIFE.index(consultation.status) >= LIFE.index(STEP_TO[action]):  # done already
        flash(_("Høringen har status «%(status)s», så dette steget kan ikke tas nå.", status=consultation.status.label),
              "info")
        return redirect(url_for("round.show", slug=consultation.slug))
    if action == "open" and not consultation.has_started(utcnow()):
        text = _("Høringen åpnes for svar %(date)s. Hver invitert høringsinstans får lenken på e-post den dagen.",
                 date=format_long_date(consultation.opens_at))
    problems = _publication_problems(consultation) if action == "publish" else []
    cut_off = deadlines.may_still_answer(consultation, utcnow()) if action == "close" else []
    amending = deadlines.may_still_amend(consultation, utcnow()) if action == "close" else []
    left_out = analysis_jobs.not_in_analysis(consultation) if action == "publish" else []
    unassessed = _unassessed(consultation) if action == "publish" else None
    # closing before the round's own deadline ends the hearing period early: said on its own, first
    early = action == "close" and utcnow() < consultation.deadline_at
    return render_template("consultations/confirm.html", consultation=consultation, title=title, text=text,
                           action_url=url_for(endpoint, **values), action=action, problems=problems, cut_off=cut_off, amending=amending,
                           left_out=left_out, unassessed=unassessed, early=early)


def _unassessed(consultation):
    """(themes without the secretariat's assessment, themes) in the summary that would be published."""
    status = collect(consultation, to_local(utcnow()).date()).status
    return (status.unassessed, status.themes)
