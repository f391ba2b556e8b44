"""The response form, built for each round from its questions and focus areas."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, FileField, HiddenField, SelectField, StringField
from wtforms.validators import Optional, Regexp

from app.forms import Form, choices, labelled, strip
from app.i18n import current_locale
from app.models import Consultation, Invitation, Response
from app.responses.kinds import kind_of
from app.responses.submission import CASE_NUMBER, CASE_NUMBER_MAX, ResponseInput, response_for
from app.snapshot import ADOPTED_BY_LABELS, ADOPTERS

#: Fields whose form is checked only when the response is sent: a draft (autosave, «Lagre utkast», the
#: language and file buttons) is saved with them as typed, so that one half-typed case number never stops
#: everything else from being saved
CHECKED_AT_SUBMIT = ("case_number",)
#: Fields holding free text (comments per focus area, answers to questions)
TEXT_FIELD_PREFIXES = ("com-", "q-")


class ResponseFormBase(Form):
    version = HiddenField()
    submission_key = HiddenField()
    decision_date = DateField(_l("Vedtaksdato"), validators=[Optional()], description=_l("Datoen svaret ble vedtatt."))
    case_number = StringField(_l("Saksnummer"), filters=[strip], validators=[
        Optional(), Regexp(f"^{CASE_NUMBER}$", message=_l("Skriv saksnummeret som år/nummer, for eksempel 19/4976."))],
        description=_l("For eksempel 19/4976."))
    #: Read by the page (form_actions), not by the form: it goes with «Last opp», «Lagre utkast» or «Send inn»
    attachment = FileField(_l("Legg ved fil"))


#: What a consultee of each kind (ConsulteeKind values) may attach, named by its own decision-making bodies
ATTACHMENT_HINTS = {
    "kommune": _l("For eksempel vedtaket fra formannskapet eller kommunestyret. Word (.docx) eller PDF, høyst 15 MB."),
    "fylkeskommune": _l("For eksempel vedtaket fra fylkesutvalget eller fylkestinget. Word (.docx) eller PDF, høyst 15 MB."),
}
OTHER_ATTACHMENT_HINT = _l("For eksempel et vedtak eller et dokument svaret viser til. Word (.docx) eller PDF, høyst 15 MB.")


def response_form_class(invitation: Invitation) -> type[ResponseFormBase]:
    """A form class with one field per answer the round asks for; its choices (positions, who adopted the
    answer) are named in the language of the page, whatever the round's. Who adopted it is offered as
    the consultee's kind has it (ADOPTERS: a county has a «fylkesting»), and as saved."""
    consultation = invitation.consultation
    language = current_locale()
    # A person's form has no adoption fields: whatever is posted for them is dropped by the service
    adopters = list(ADOPTED_BY_LABELS["nb"] if invitation.consultee.is_public else ADOPTERS[invitation.consultee.kind.value])
    saved = response_for(invitation)
    if saved is not None and saved.adopted_by is not None and saved.adopted_by.value not in adopters:
        adopters.insert(-1, saved.adopted_by.value)
    labels = ADOPTED_BY_LABELS[language]

    class ResponseForm(ResponseFormBase):
        attachment = FileField(_l("Legg ved fil"), description=OTHER_ATTACHMENT_HINT if invitation.consultee.is_public
                               else ATTACHMENT_HINTS.get(invitation.consultee.kind.value, OTHER_ATTACHMENT_HINT))

    for question in consultation.questions:
        kind_of(question).add_fields(ResponseForm, question, consultation.focus_areas, language)
    ResponseForm.adopted_by = SelectField(
        _l("Vedtatt av"), choices=choices([("", _("Velg …"))] + [(key, labels[key]) for key in adopters]),
        validators=[Optional()])
    return ResponseForm


def form_input(form: ResponseFormBase, consultation: Consultation) -> ResponseInput:
    """The form's values as a ResponseInput for the services."""
    data = ResponseInput(adopted_by=form.adopted_by.data or None, decision_date=form.decision_date.data,
                         case_number=(form.case_number.data or "")[:CASE_NUMBER_MAX])
    for question in consultation.questions:
        kind_of(question).read_form(form, question, consultation.focus_areas, data)
    return data


def form_data(response: Response | None) -> dict:
    """The working copy as form data, for showing a saved response."""
    if response is None:
        return {}
    data = {"version": str(response.version), "adopted_by": response.adopted_by.value if response.adopted_by else "",
            "decision_date": response.decision_date, "case_number": response.case_number}
    questions = {q.id: q for q in response.consultation.questions}
    for answer in response.answers:
        if answer.question_id in questions:
            kind_of(questions[answer.question_id]).fill_form(answer, data)
    return data


def hold_back_invalid(form: ResponseFormBase, response: Response | None) -> list[str] | None:
    """After a failed validation of an autosave: put the saved value back into each field that failed
    (a text over its cap, a date that is no date), so that everything else can be saved; returns the
    problems ("Kommentar: …"), or None when the page itself failed (its CSRF token).

    The field's text stays in the browser (autosave.js keeps the page unsaved), and «Lagre utkast»
    shows the whole form with the reason at the field.
    """
    csrf_field = getattr(form, "csrf_token", None)
    if csrf_field is not None and csrf_field.errors:
        return None
    saved = form_data(response)
    held = []
    for field in form:
        if field.errors and field.name not in CHECKED_AT_SUBMIT:
            held.append(labelled(field.label.text, field.errors[0]))
            field.data, field.errors = saved.get(field.name), []
    return held


def draft_problems(form: ResponseFormBase) -> list[str] | None:
    """After a failed validation: the problems that do not stop a draft from being saved ("Saksnummer: …"),
    or None where one does (any other field, or the page's CSRF token)."""
    failed = [field for field in form if field.errors]
    if any(field.name not in CHECKED_AT_SUBMIT for field in failed):
        return None
    return [labelled(field.label.text, field.errors[0]) for field in failed]
