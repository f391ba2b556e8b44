from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.forms import Form, strip
from app.models import Consultation
from app.responses.kinds import TOO_LONG
from app.snapshot import MAX_ANSWER


class MeetingFormBase(Form):
    #: The meeting's version when the page was loaded (optimistic locking)
    version = HiddenField()
    consultee_id = SelectField(_l("Hvem møtet var med"), coerce=int)
    held_on = DateField(_l("Dato"), validators=[DataRequired(_l("Velg datoen for møtet."))])
    arena = StringField(_l("Arena"), filters=[strip], validators=[DataRequired(_l("Skriv hvor møtet ble holdt.")), Length(max=200)],
                        description=_l("For eksempel Formannskapet, Kommunestyret eller Representantskapet."))
    place = StringField(_l("Sted"), filters=[strip], validators=[Optional(), Length(max=200)],
                        description=_l("For eksempel «Rjukan, rådhuset»."))
    description = StringField(_l("Beskrivelse"), filters=[strip], validators=[Optional(), Length(max=500)],
                              description=_l("For eksempel «Arbeidsmøte ca. 3 timer»."))
    attendees = TextAreaField(_l("Til stede"), validators=[Optional(), Length(max=2000)])


def meeting_form_class(consultation: Consultation, consultees) -> type[MeetingFormBase]:
    """A form with one notes field per question of the round."""

    class MeetingForm(MeetingFormBase):
        pass

    for question in consultation.questions:
        setattr(MeetingForm, f"note-{question.id}", TextAreaField(
            question.text, validators=[Optional(), Length(max=MAX_ANSWER, message=TOO_LONG)]))
    # The round's invited consultees first; the rest of the register after them (a dialogue meeting may
    # come before the invitations), each group under its own heading
    invited = {i.consultee_id for i in consultation.invitations}
    listed, others = _("Invitert til høringen"), _("Andre i registeret")
    options = [SelectChoice(0, _("Alle høringsinstansene (fellesmøte)"))]
    options += [SelectChoice(c.id, c.name, optgroup=listed) for c in consultees if c.id in invited]
    options += [SelectChoice(c.id, c.name, optgroup=others) for c in consultees if c.id not in invited]
    MeetingForm.consultee_id = SelectField(_l("Hvem møtet var med"), coerce=int, choices=options)
    return MeetingForm


def expected_version(form: MeetingFormBase) -> int | None:
    """The version the page was loaded with; None when it carried none."""
    value = form.version.data
    return int(value) if value and str(value).isdigit() else None


def notes_from(form: MeetingFormBase, consultation: Consultation) -> dict[int, str]:
    return {q.id: form[f"note-{q.id}"].data or "" for q in consultation.questions}


def form_data(meeting) -> dict:
    data = {"version": str(meeting.version), "consultee_id": meeting.consultee_id or 0, "held_on": meeting.held_on,
            "arena": meeting.arena, "place": meeting.place, "description": meeting.description, "attendees": meeting.attendees}
    data.update({f"note-{n.question_id}": n.text for n in meeting.notes})
    return data
