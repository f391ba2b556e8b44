"""The response form, built for each round from its questions and focus areas."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, FileField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

from app.forms import Form, choices, strip
from app.models import Consultation, QuestionKind, Response
from app.responses.snapshot import ADOPTED_BY_LABELS, MAX_ANSWER, POSITION_LABELS
from app.responses.submission import ResponseInput

TOO_LONG = _l("Teksten er for lang (høyst %(num)s tegn).", num=format(MAX_ANSWER, ",").replace(",", " "))
CASE_NUMBER = r"^\d{2,4}/\d{1,7}(-\d{1,4})?$"
#: Fields holding free text (comments per focus area, answers to questions)
TEXT_FIELD_PREFIXES = ("com-", "q-")


class ResponseFormBase(Form):
    version = HiddenField()
    submission_key = HiddenField()
    decision_date = DateField(_l("Vedtaksdato"), validators=[Optional()], description=_l("Datoen svaret ble vedtatt."))
    case_number = StringField(_l("Saksnummer"), filters=[strip], validators=[
        Optional(), Regexp(CASE_NUMBER, message=_l("Skriv saksnummeret som år/nummer, for eksempel 19/4976."))],
        description=_l("For eksempel 19/4976."))
    #: Read by the page (form_actions), not by the form: it goes with «Last opp», «Lagre utkast» or «Send inn»
    attachment = FileField(_l("Legg ved fil"), description=_l(
        "For eksempel vedtaket fra formannskapet eller kommunestyret. Word (.docx) eller PDF, høyst 15 MB."))


def response_form_class(consultation: Consultation) -> type[ResponseFormBase]:
    """A form class with one field per answer the round asks for."""
    language = consultation.language.value
    positions = choices(POSITION_LABELS[language].items())
    n = len(consultation.focus_areas)

    class ResponseForm(ResponseFormBase):
        pass

    for question in consultation.questions:
        if question.kind is QuestionKind.POSITION:
            for area in consultation.focus_areas:
                setattr(ResponseForm, f"pos-{area.id}", RadioField(area.title, choices=positions, validators=[Optional()]))
                setattr(ResponseForm, f"com-{area.id}", TextAreaField(
                    _("Kommentar til %(title)s", title=area.title), validators=[Optional(), Length(max=MAX_ANSWER, message=TOO_LONG)]))
        elif question.kind is QuestionKind.RANKING:
            ranks = choices([("", "–")] + [(str(i), str(i)) for i in range(1, n + 1)])
            for area in consultation.focus_areas:
                setattr(ResponseForm, f"rank-{question.id}-{area.id}", SelectField(area.title, choices=ranks,
                                                                                    validators=[Optional()]))
        else:
            if question.kind is QuestionKind.YES_NO:
                setattr(ResponseForm, f"yes-{question.id}", RadioField(
                    question.text, choices=choices([("ja", "Ja"), ("nei", "Nei")]), validators=[Optional()]))
            setattr(ResponseForm, f"q-{question.id}", TextAreaField(
                question.text, validators=[Optional(), Length(max=MAX_ANSWER, message=TOO_LONG)]))
    ResponseForm.adopted_by = SelectField(
        _l("Vedtatt av"), choices=choices([("", _("Velg …"))] + list(ADOPTED_BY_LABELS[language].items())),
        validators=[Optional()])
    return ResponseForm


def form_input(form: ResponseFormBase, consultation: Consultation) -> ResponseInput:
    """The form's values as a ResponseInput for the services."""
    data = ResponseInput(adopted_by=form.adopted_by.data or None, decision_date=form.decision_date.data,
                         case_number=form.case_number.data or "")
    for question in consultation.questions:
        if question.kind is QuestionKind.POSITION:
            for area in consultation.focus_areas:
                data.positions[area.id] = form[f"pos-{area.id}"].data or None
                data.comments[area.id] = form[f"com-{area.id}"].data or ""
        elif question.kind is QuestionKind.RANKING:
            for area in consultation.focus_areas:
                value = form[f"rank-{question.id}-{area.id}"].data
                data.ranks[area.id] = int(value) if value else None
        else:
            data.texts[question.id] = form[f"q-{question.id}"].data or ""
            if question.kind is QuestionKind.YES_NO:
                value = form[f"yes-{question.id}"].data
                data.yes[question.id] = None if not value else value == "ja"
    return data


def form_data(response: Response | None) -> dict:
    """The working copy as form data, for showing a saved response."""
    if response is None:
        return {}
    data = {"version": str(response.version), "adopted_by": response.adopted_by.value if response.adopted_by else "",
            "decision_date": response.decision_date, "case_number": response.case_number}
    kinds = {q.id: q.kind for q in response.consultation.questions}
    for answer in response.answers:
        kind = kinds.get(answer.question_id)
        if kind is QuestionKind.POSITION:
            data[f"pos-{answer.focus_area_id}"] = answer.position.value if answer.position else None
            data[f"com-{answer.focus_area_id}"] = answer.text
        elif kind is QuestionKind.RANKING:
            data[f"rank-{answer.question_id}-{answer.focus_area_id}"] = str(answer.rank) if answer.rank else ""
        elif kind is not None:
            data[f"q-{answer.question_id}"] = answer.text
            if kind is QuestionKind.YES_NO and answer.yes is not None:
                data[f"yes-{answer.question_id}"] = "ja" if answer.yes else "nei"
    return data
